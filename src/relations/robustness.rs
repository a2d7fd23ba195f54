//! Robustness checks of the catalog on arbitrary text, shared by the
//! `relations` fuzz target and the regression test that replays its past
//! crashes: finding sites and applying relations (singly, in chains, and
//! replaying chains) must never produce an invalid variant, and a replayed
//! chain must give the same text.

use super::{apply, chain, ApplyError, Catalog, ChainError, Choices, NameStrategy, Plan, Relation};
use crate::lang::{Lang, Source};

/// One step of a structured case: a relation and a site picked by index.
#[derive(Clone, Copy, Debug)]
pub struct StepChoice {
    pub relation: u16,
    pub site: u16,
    pub seed: u64,
    pub natural: bool,
}

/// The bytes as a program in each language: every relation once at a site
/// picked by the bytes' hash, then a random chain of 8 and its replay.
pub fn check_bytes(catalog: &Catalog, data: &[u8]) -> Result<(), String> {
    let seed = fnv1a(data);
    for lang in Lang::ALL {
        if let Ok(src) = Source::from_bytes(lang, data.to_vec()) {
            every_relation_once(catalog, &src, seed)?;
            chain_and_replay(catalog, &src, seed, 8)?;
        }
    }
    Ok(())
}

/// Relations picked by index applied one after another, then a chain.
pub fn check_steps(
    catalog: &Catalog,
    lang: Lang,
    text: &str,
    steps: &[StepChoice],
    chain_seed: u64,
    chain_steps: usize,
) -> Result<(), String> {
    let Ok(mut current) = Source::parse(lang, text) else {
        return Ok(());
    };
    let relations: Vec<&dyn Relation> = catalog.for_lang(lang).collect();
    if relations.is_empty() {
        return Ok(());
    }
    for step in steps {
        let relation = relations[usize::from(step.relation) % relations.len()];
        let sites = relation.sites(&current);
        if sites.is_empty() {
            continue;
        }
        let site = &sites[usize::from(step.site) % sites.len()];
        let names = if step.natural {
            NameStrategy::Natural
        } else {
            NameStrategy::Neutral
        };
        match apply(
            relation,
            &current,
            site,
            &mut Choices::new(step.seed, names),
        ) {
            Ok((next, _)) => {
                full_parse_agrees(relation, &current, &next)?;
                current = next;
            }
            Err(e) => check(relation, &current, e)?,
        }
    }
    chain_and_replay(catalog, &current, chain_seed, chain_steps)
}

fn every_relation_once(catalog: &Catalog, src: &Source, seed: u64) -> Result<(), String> {
    for relation in catalog.for_lang(src.lang()) {
        let sites = relation.sites(src);
        if sites.is_empty() {
            continue;
        }
        let site = &sites[(seed % sites.len() as u64) as usize];
        match apply(
            relation,
            src,
            site,
            &mut Choices::new(seed, NameStrategy::Neutral),
        ) {
            Ok((variant, _)) => full_parse_agrees(relation, src, &variant)?,
            Err(e) => check(relation, src, e)?,
        }
    }
    Ok(())
}

fn chain_and_replay(
    catalog: &Catalog,
    src: &Source,
    seed: u64,
    steps: usize,
) -> Result<(), String> {
    match chain::run(
        catalog,
        src,
        Plan::Random { steps },
        seed,
        NameStrategy::Natural,
    ) {
        Ok(variant) => {
            if variant.source.error_count() > src.error_count() {
                return Err(format!(
                    "chain seed {seed}: {:?} ends with more syntax errors than its input\n--- input\n{}\n--- variant\n{}",
                    variant.record,
                    src.text(),
                    variant.source.text()
                ));
            }
            let again = chain::replay(catalog, src, &variant.record)
                .map_err(|e| format!("replaying {:?} failed: {e}", variant.record))?;
            if again.source.text() != variant.source.text() {
                return Err(format!(
                    "replaying {:?} gave a different text",
                    variant.record
                ));
            }
            Ok(())
        }
        Err(ChainError::Apply(e)) if !e.is_decline() => Err(format!(
            "chain seed {seed}: {e}\n--- input\n{}\n{}",
            src.text(),
            detail(&e)
        )),
        Err(_) => Ok(()),
    }
}

/// `apply` may accept a variant by re-parsing only its edited statements;
/// the full parse of the variant must not find more errors.
fn full_parse_agrees(
    relation: &dyn Relation,
    src: &Source,
    variant: &Source,
) -> Result<(), String> {
    let (before, after) = (src.error_count(), variant.error_count());
    if after > before {
        return Err(format!(
            "{}: accepted a variant with {after} syntax errors (input: {before})\n--- input\n{}\n--- variant\n{}",
            relation.id(),
            src.text(),
            variant.text()
        ));
    }
    Ok(())
}

/// A decline is fine; anything else is a bug in the relation.
fn check(relation: &dyn Relation, src: &Source, error: ApplyError) -> Result<(), String> {
    if error.is_decline() {
        return Ok(());
    }
    Err(format!(
        "{}: {error}\n--- input\n{}\n{}",
        relation.id(),
        src.text(),
        detail(&error)
    ))
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
