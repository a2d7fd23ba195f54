//! Every variant the catalog makes of one input: each relation at each of its
//! sites, and random chains.

use super::failures::Failure;
use metacompress::lang::Source;
use metacompress::relations::{
    self, chain, ApplyError, Catalog, ChainError, Choices, NameStrategy, Plan,
};

/// The longest chain the suites try.
pub const CHAIN_STEPS: usize = 8;

/// A variant and how it was made.
#[derive(Clone, Debug)]
pub struct Labelled {
    /// The relation id, or `chain`.
    pub relation: String,
    /// Site, seed and names (single step) or the chain record (JSON).
    pub how: String,
    pub text: String,
}

#[derive(Default)]
pub struct Generated {
    pub sites: usize,
    pub declined: usize,
    pub variants: Vec<Labelled>,
    pub failures: Vec<Failure>,
}

/// Single steps alternate neutral and natural names so both kinds of fresh
/// identifiers meet the compilers.
fn names_for(index: usize) -> NameStrategy {
    if index % 2 == 0 {
        NameStrategy::Neutral
    } else {
        NameStrategy::Natural
    }
}

/// Applies every relation of the input's language at every site, then runs a
/// random chain of up to [`CHAIN_STEPS`] steps per seed in `chain_seeds`.
pub fn generate(catalog: &Catalog, src: &Source, input: &str, chain_seeds: &[u64]) -> Generated {
    let mut out = Generated::default();
    for relation in catalog.for_lang(src.lang()) {
        for (index, site) in relation.sites(src).into_iter().enumerate() {
            out.sites += 1;
            let names = names_for(index);
            let how = format!("site {site}, Choices::new({index}, {names:?})");
            let mut choices = Choices::new(index as u64, names);
            match relations::apply(relation, src, &site, &mut choices) {
                Ok((variant, step)) => out.variants.push(Labelled {
                    relation: relation.id().to_string(),
                    how: format!("{how}, params {:?}", step.params),
                    text: variant.into_text(),
                }),
                Err(e) if e.is_decline() => out.declined += 1,
                Err(e) => out
                    .failures
                    .push(apply_failure(relation.id(), input, &how, &e, src)),
            }
        }
    }
    for &seed in chain_seeds {
        let plan = Plan::Random { steps: CHAIN_STEPS };
        match chain::run(catalog, src, plan, seed, NameStrategy::Natural) {
            Ok(variant) if variant.record.steps.is_empty() => {}
            Ok(variant) => out.variants.push(Labelled {
                relation: "chain".to_string(),
                how: format!(
                    "chain::run(Plan::Random {{ steps: {CHAIN_STEPS} }}, seed {seed}, Natural) = {}",
                    serde_json::to_string(&variant.record).expect("records serialise")
                ),
                text: variant.source.into_text(),
            }),
            Err(e) => {
                let how = format!("chain::run(Plan::Random {{ steps: {CHAIN_STEPS} }}, seed {seed}, Natural)");
                let relation = match &e {
                    ChainError::Apply(inner) => relation_of(inner),
                    _ => "chain".to_string(),
                };
                let text = match &e {
                    ChainError::Apply(ApplyError::Invalid { text, .. }) => text.clone(),
                    _ => src.text().to_string(),
                };
                out.failures.push(Failure {
                    relation,
                    input: input.to_string(),
                    how,
                    message: e.to_string(),
                    text,
                });
            }
        }
    }
    out
}

fn relation_of(e: &ApplyError) -> String {
    match e {
        ApplyError::Declined { relation, .. }
        | ApplyError::Invalid { relation, .. }
        | ApplyError::Edit { relation, .. } => relation.to_string(),
    }
}

/// An apply error that is not a decline: the relation broke the syntax or
/// made impossible edits.
pub fn apply_failure(
    relation: &str,
    input: &str,
    how: &str,
    e: &ApplyError,
    src: &Source,
) -> Failure {
    let text = match e {
        ApplyError::Invalid { text, .. } => text.clone(),
        _ => src.text().to_string(),
    };
    Failure {
        relation: relation.to_string(),
        input: input.to_string(),
        how: how.to_string(),
        message: e.to_string(),
        text,
    }
}
