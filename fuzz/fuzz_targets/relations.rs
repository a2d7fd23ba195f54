//! Robustness of the relation catalog: on any text, in either language,
//! finding sites and applying relations (singly, in chains, and replaying
//! chains) must never panic and never produce an invalid variant.
//!
//! Each input is used twice: its bytes as a program (Java and C, a chain
//! seeded by the bytes), and, through `arbitrary`, as a structured case
//! (language, text, relation indices, site choices, seeds). The checks live
//! in `metacompress::relations::robustness`, where a regression test replays
//! past crashes (fuzz/crashes/relations).
//!
//! Run on stable: `cargo fuzz run -s none relations fuzz/corpus-seeds/relations`.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use metacompress::lang::Lang;
use metacompress::relations::robustness::{check_bytes, check_steps, StepChoice};
use metacompress::relations::Catalog;

#[derive(Arbitrary, Debug)]
struct Case {
    java: bool,
    text: String,
    steps: Vec<Step>,
    chain_seed: u64,
    chain_steps: u8,
}

#[derive(Arbitrary, Debug)]
struct Step {
    relation: u16,
    site: u16,
    seed: u64,
    natural: bool,
}

fuzz_target!(|data: &[u8]| {
    let catalog = Catalog::standard();
    if let Err(failure) = check_bytes(catalog, data) {
        panic!("{failure}");
    }
    if let Ok(case) = Case::arbitrary(&mut Unstructured::new(data)) {
        let lang = if case.java { Lang::Java } else { Lang::C };
        let steps: Vec<StepChoice> = case
            .steps
            .iter()
            .take(16)
            .map(|s| StepChoice { relation: s.relation, site: s.site, seed: s.seed, natural: s.natural })
            .collect();
        let chain_steps = usize::from(case.chain_steps % 9);
        if let Err(failure) = check_steps(catalog, lang, &case.text, &steps, case.chain_seed, chain_steps) {
            panic!("{failure}");
        }
    }
});
