//! Robustness of the relation catalog: on any text, in either language,
//! finding sites and applying relations (singly, in chains, and replaying
//! chains) must never panic and never produce an invalid variant.
//!
//! Each input is used twice: its bytes as a program (Java and C, a chain
//! seeded by the bytes), and, through `arbitrary`, as a structured case
//! (language, text, relation indices, site choices, seeds).
//!
//! Run on stable: `cargo fuzz run -s none relations fuzz/corpus-seeds/relations`.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use metacompress::lang::{Lang, Source};
use metacompress::relations::{
    self, chain, ApplyError, Catalog, ChainError, Choices, NameStrategy, Plan, Relation,
};

#[derive(Arbitrary, Debug)]
struct Case {
    java: bool,
    text: String,
    steps: Vec<StepChoice>,
    chain_seed: u64,
    chain_steps: u8,
}

#[derive(Arbitrary, Debug)]
struct StepChoice {
    relation: u16,
    site: u16,
    seed: u64,
    natural: bool,
}

fuzz_target!(|data: &[u8]| {
    let catalog = Catalog::standard();
    let seed = fnv1a(data);
    for lang in Lang::ALL {
        if let Ok(src) = Source::from_bytes(lang, data.to_vec()) {
            every_relation_once(catalog, &src, seed);
            chain_and_replay(catalog, &src, seed, 8);
        }
    }
    if let Ok(case) = Case::arbitrary(&mut Unstructured::new(data)) {
        structured(catalog, &case);
    }
});

/// Each relation of the language at one site picked by the seed.
fn every_relation_once(catalog: &Catalog, src: &Source, seed: u64) {
    for relation in catalog.for_lang(src.lang()) {
        let sites = relation.sites(src);
        if sites.is_empty() {
            continue;
        }
        let site = &sites[(seed % sites.len() as u64) as usize];
        let result = relations::apply(
            relation,
            src,
            site,
            &mut Choices::new(seed, NameStrategy::Neutral),
        );
        check(relation, src, result.map(|_| ()));
    }
}

fn chain_and_replay(catalog: &Catalog, src: &Source, seed: u64, steps: usize) {
    match chain::run(
        catalog,
        src,
        Plan::Random { steps },
        seed,
        NameStrategy::Natural,
    ) {
        Ok(variant) => match chain::replay(catalog, src, &variant.record) {
            Ok(again) => assert_eq!(
                again.source.text(),
                variant.source.text(),
                "replaying {:?} gave a different text",
                variant.record
            ),
            Err(e) => panic!("replaying {:?} failed: {e}", variant.record),
        },
        Err(ChainError::Apply(e)) if !e.is_decline() => {
            panic!("chain seed {seed}: {e}\n{}", detail(&e))
        }
        Err(_) => {}
    }
}

/// The structured case: relations picked by index, applied one after another.
fn structured(catalog: &Catalog, case: &Case) {
    let lang = if case.java { Lang::Java } else { Lang::C };
    let Ok(mut current) = Source::parse(lang, case.text.as_str()) else {
        return;
    };
    let relations: Vec<&dyn Relation> = catalog.for_lang(lang).collect();
    if relations.is_empty() {
        return;
    }
    for step in case.steps.iter().take(16) {
        let relation = relations[step.relation as usize % relations.len()];
        let sites = relation.sites(&current);
        if sites.is_empty() {
            continue;
        }
        let site = &sites[step.site as usize % sites.len()];
        let names = if step.natural {
            NameStrategy::Natural
        } else {
            NameStrategy::Neutral
        };
        match relations::apply(
            relation,
            &current,
            site,
            &mut Choices::new(step.seed, names),
        ) {
            Ok((next, _)) => current = next,
            result => check(relation, &current, result.map(|_| ())),
        }
    }
    chain_and_replay(
        catalog,
        &current,
        case.chain_seed,
        usize::from(case.chain_steps % 9),
    );
}

/// A decline is fine; anything else is a bug in the relation.
fn check(relation: &dyn Relation, src: &Source, result: Result<(), ApplyError>) {
    if let Err(e) = result {
        if !e.is_decline() {
            panic!(
                "{}: {e}\n--- input\n{}\n{}",
                relation.id(),
                src.text(),
                detail(&e)
            );
        }
    }
}

fn detail(e: &ApplyError) -> String {
    match e {
        ApplyError::Invalid { text, .. } => format!("--- variant\n{text}"),
        _ => String::new(),
    }
}

/// A stable hash of the input, so each input always takes the same choices.
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}
