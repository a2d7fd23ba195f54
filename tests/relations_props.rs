//! Properties every relation of `Catalog::standard()` must have, checked on
//! the real fixtures and the test programs: valid variants or declines,
//! determinism, exact replay, exact examples, well-formed ids, and no edits
//! to code that does not parse.
//!
//! Run: `cargo test --release --no-default-features --test relations_props`.

mod common_relations;

use common_relations::failures::{Failure, Failures};
use common_relations::fixtures;
use common_relations::variants::{apply_failure, CHAIN_STEPS};
use metacompress::lang::{syntax, Lang, Source};
use metacompress::relations::{self, chain, Catalog, ChainRecord, Choices, NameStrategy, Plan};
use std::collections::HashSet;

const CHAIN_SEEDS: &[u64] = &[21, 22, 23];

/// Every input of the suites: (description, parsed text).
fn inputs() -> Vec<(String, Source)> {
    let mut out = Vec::new();
    for lang in Lang::ALL {
        for f in fixtures::load(lang) {
            out.push((
                f.describe(),
                Source::parse(lang, f.text).expect("fixtures parse"),
            ));
        }
        for (stem, text) in fixtures::programs(lang) {
            out.push((
                format!("tests/programs/{stem}"),
                Source::parse(lang, text).expect("programs parse"),
            ));
        }
    }
    for f in fixtures::load_with_errors() {
        out.push((
            f.describe(),
            Source::parse(Lang::C, f.text).expect("fixtures parse"),
        ));
    }
    out
}

#[test]
fn ids_are_unique_and_prefixed_by_their_language() {
    let catalog = Catalog::standard();
    let mut seen = HashSet::new();
    for relation in catalog.all() {
        let id = relation.id();
        assert!(
            seen.insert(id),
            "relation id {id} appears twice in the catalog"
        );
        let name = id
            .strip_prefix(&format!("{}.", relation.lang().name()))
            .unwrap_or_else(|| {
                panic!(
                    "relation id {id} does not start with `{}.`",
                    relation.lang().name()
                )
            });
        let kebab = !name.is_empty()
            && !name.starts_with('-')
            && !name.ends_with('-')
            && !name.contains("--")
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        assert!(
            kebab,
            "relation id {id}: the name after the language is not kebab-case"
        );
    }
    println!(
        "{} relations: {:?}",
        seen.len(),
        catalog.all().map(|r| r.id()).collect::<Vec<_>>()
    );
}

#[test]
fn every_example_is_what_the_relation_produces() {
    let mut failures = Failures::default();
    for relation in Catalog::standard().all() {
        let example = relation.example();
        let mut fail = |message: String, text: String| {
            failures.push(Failure {
                relation: relation.id().to_string(),
                input: format!("example().before:\n{}", example.before),
                how: "first site, Choices::new(0, NameStrategy::Neutral)".to_string(),
                message,
                text,
            })
        };
        let src = match Source::parse(relation.lang(), example.before) {
            Ok(src) => src,
            Err(e) => {
                fail(format!("before does not parse: {e}"), String::new());
                continue;
            }
        };
        let Some(site) = relation.sites(&src).into_iter().next() else {
            fail("no site in example().before".to_string(), String::new());
            continue;
        };
        match relations::apply(
            relation,
            &src,
            &site,
            &mut Choices::new(0, NameStrategy::Neutral),
        ) {
            Ok((variant, _)) if variant.text() == example.after => {}
            Ok((variant, _)) => fail(
                format!("expected example().after:\n{}", example.after),
                variant.into_text(),
            ),
            Err(e) => fail(e.to_string(), String::new()),
        }
    }
    failures.finish("props-examples");
}

/// Each relation at each site: a valid variant or a decline, the same
/// variant from the same choices, and the same variant again from the
/// recorded step.
#[test]
fn single_steps_are_valid_deterministic_and_replayable() {
    let catalog = Catalog::standard();
    let mut failures = Failures::default();
    let (mut inputs_seen, mut sites, mut applied) = (0, 0, 0);
    for (input, src) in inputs() {
        inputs_seen += 1;
        for relation in catalog.for_lang(src.lang()) {
            let found = relation.sites(&src);
            if found != relation.sites(&src) {
                failures.push(failure(
                    relation.id(),
                    &input,
                    "sites() twice",
                    "sites() is not deterministic",
                    src.text(),
                ));
            }
            if found.windows(2).any(|w| w[0].start > w[1].start) {
                failures.push(failure(
                    relation.id(),
                    &input,
                    "sites()",
                    "sites are not in document order",
                    src.text(),
                ));
            }
            for (index, site) in found.iter().enumerate() {
                sites += 1;
                let how = format!("site {site}, Choices::new({index}, Natural)");
                let located = site.find(&src);
                if located.is_none_or(|n| !syntax::is_clean(n)) {
                    failures.push(failure(
                        relation.id(),
                        &input,
                        &how,
                        "the site is not a clean node of the input",
                        src.text(),
                    ));
                    continue;
                }
                let choices = || Choices::new(index as u64, NameStrategy::Natural);
                let first = relations::apply(relation, &src, site, &mut choices());
                let (variant, step) = match first {
                    Ok(done) => done,
                    Err(e) if e.is_decline() => continue,
                    Err(e) => {
                        failures.push(apply_failure(relation.id(), &input, &how, &e, &src));
                        continue;
                    }
                };
                applied += 1;
                match relations::apply(relation, &src, site, &mut choices()) {
                    Ok((again, _)) if again.text() == variant.text() => {}
                    _ => failures.push(failure(
                        relation.id(),
                        &input,
                        &how,
                        "the same choices gave a different result",
                        variant.text(),
                    )),
                }
                match relations::apply(
                    relation,
                    &src,
                    &step.site,
                    &mut Choices::replaying(step.params.clone()),
                ) {
                    Ok((replayed, _)) if replayed.text() == variant.text() => {}
                    Ok((replayed, _)) => failures.push(failure(
                        relation.id(),
                        &input,
                        &format!("{how}, replaying {:?}", step.params),
                        &format!("replay gave a different variant:\n{}", replayed.text()),
                        variant.text(),
                    )),
                    Err(e) => failures.push(failure(
                        relation.id(),
                        &input,
                        &format!("{how}, replaying {:?}", step.params),
                        &format!("replay failed: {e}"),
                        variant.text(),
                    )),
                }
            }
        }
    }
    println!("single steps: {inputs_seen} inputs, {sites} sites, {applied} variants checked");
    failures.finish("props-steps");
}

/// Random chains: the same seed gives the same chain, the recorded chain
/// (also after a JSON round trip) replays to the same text.
#[test]
fn chains_are_deterministic_and_replay_exactly() {
    let catalog = Catalog::standard();
    let mut failures = Failures::default();
    let mut chains = 0;
    for (input, src) in inputs() {
        for &seed in CHAIN_SEEDS {
            let plan = Plan::Random { steps: CHAIN_STEPS };
            let how = format!(
                "chain::run(Plan::Random {{ steps: {CHAIN_STEPS} }}, seed {seed}, Natural)"
            );
            let run = || chain::run(catalog, &src, plan, seed, NameStrategy::Natural);
            let variant = match run() {
                Ok(v) => v,
                Err(e) => {
                    failures.push(failure("chain", &input, &how, &e.to_string(), src.text()));
                    continue;
                }
            };
            chains += 1;
            let text = variant.source.text();
            match run() {
                Ok(again) if again.source.text() == text && again.record == variant.record => {}
                _ => failures.push(failure(
                    "chain",
                    &input,
                    &how,
                    "the same seed gave a different chain",
                    text,
                )),
            }
            let json = serde_json::to_string(&variant.record).expect("records serialise");
            let record: ChainRecord = serde_json::from_str(&json).expect("records deserialise");
            match chain::replay(catalog, &src, &record) {
                Ok(replayed) if replayed.source.text() == text => {}
                Ok(replayed) => failures.push(failure(
                    "chain",
                    &input,
                    &format!("{how}, record {json}"),
                    &format!("replay gave a different text:\n{}", replayed.source.text()),
                    text,
                )),
                Err(e) => failures.push(failure(
                    "chain",
                    &input,
                    &format!("{how}, record {json}"),
                    &format!("replay failed: {e}"),
                    text,
                )),
            }
        }
    }
    println!("chains: {chains} chains run twice and replayed");
    failures.finish("props-chains");
}

/// Real C functions whose macros tree-sitter cannot parse: no accepted
/// step (single, or in a chain) may edit inside or across an ERROR subtree.
#[test]
fn code_that_does_not_parse_is_never_touched() {
    let catalog = Catalog::standard();
    let mut failures = Failures::default();
    let inputs = fixtures::load_with_errors();
    let mut steps = 0;
    for f in &inputs {
        let src = Source::parse(Lang::C, f.text.as_str()).expect("fixtures parse");
        assert!(
            !error_regions(&src).is_empty(),
            "{} has no ERROR node any more",
            f.describe()
        );
        for relation in catalog.for_lang(Lang::C) {
            for (index, site) in relation.sites(&src).iter().enumerate() {
                let choices = || Choices::new(index as u64, NameStrategy::Neutral);
                if relations::apply(relation, &src, site, &mut choices()).is_ok() {
                    steps += 1;
                    let how = format!("site {site}, Choices::new({index}, Neutral)");
                    if let Some(message) = touched_error(relation, &src, site, &mut choices()) {
                        failures.push(failure(
                            relation.id(),
                            &f.describe(),
                            &how,
                            &message,
                            src.text(),
                        ));
                    }
                }
            }
        }
        for &seed in CHAIN_SEEDS {
            let Ok(variant) = chain::run(
                catalog,
                &src,
                Plan::Random { steps: CHAIN_STEPS },
                seed,
                NameStrategy::Neutral,
            ) else {
                continue;
            };
            let how = serde_json::to_string(&variant.record).expect("records serialise");
            let mut current = src.clone();
            for (k, step) in variant.record.steps.iter().enumerate() {
                steps += 1;
                let relation = catalog
                    .get(&step.relation)
                    .expect("recorded relations exist");
                let replaying = || Choices::replaying(step.params.clone());
                if let Some(message) =
                    touched_error(relation, &current, &step.site, &mut replaying())
                {
                    let how = format!("step {k} of chain {how}");
                    failures.push(failure(
                        relation.id(),
                        &f.describe(),
                        &how,
                        &message,
                        current.text(),
                    ));
                    break;
                }
                match relations::apply(relation, &current, &step.site, &mut replaying()) {
                    Ok((next, _)) => current = next,
                    Err(_) => break,
                }
            }
        }
    }
    println!(
        "errors: {} functions with ERROR nodes, {steps} accepted steps checked",
        inputs.len()
    );
    failures.finish("props-errors");
}

/// Whether the relation's edits at this site overlap an ERROR subtree or
/// insert strictly inside one.
fn touched_error(
    relation: &dyn relations::Relation,
    src: &Source,
    site: &relations::Site,
    choices: &mut Choices,
) -> Option<String> {
    let edits = relation.rewrite(src, site, choices).ok()?;
    for (start, end, text) in error_regions(src) {
        for edit in &edits {
            let overlaps = edit.range.start < end && edit.range.end > start;
            let inserts_inside =
                edit.range.is_empty() && start < edit.range.start && edit.range.start < end;
            if overlaps || inserts_inside {
                return Some(format!(
                    "edit {:?} → {:?} touches the ERROR subtree at {start}..{end}:\n{text}",
                    edit.range, edit.text
                ));
            }
        }
    }
    None
}

/// Every outermost ERROR node: its range and text.
fn error_regions(src: &Source) -> Vec<(usize, usize, String)> {
    syntax::descendants(src.root())
        .filter(|n| n.is_error() && !syntax::inside_error(*n))
        .map(|n| (n.start_byte(), n.end_byte(), src.node_text(n).to_string()))
        .collect()
}

fn failure(relation: &str, input: &str, how: &str, message: &str, text: &str) -> Failure {
    Failure {
        relation: relation.to_string(),
        input: input.to_string(),
        how: how.to_string(),
        message: message.to_string(),
        text: text.to_string(),
    }
}
