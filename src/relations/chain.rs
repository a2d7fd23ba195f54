//! Chains: relations applied one after another, each on the re-parsed result
//! of the one before, with a record that replays the chain exactly.

use super::catalog::UnknownRelation;
use super::{apply_checked, ApplyError, Catalog, Check, Choices, NameStrategy, Relation, Step};
use crate::lang::{Lang, Source};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// How a variant was made from its seed text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChainRecord {
    pub lang: Lang,
    pub seed: u64,
    pub steps: Vec<Step>,
}

/// A transformed program and how it was made.
#[derive(Clone, Debug)]
pub struct Variant {
    pub source: Source,
    pub record: ChainRecord,
}

/// Which relations a chain applies.
#[derive(Clone, Copy)]
pub enum Plan<'a> {
    /// These relations, in this order, each at a randomly chosen site.
    Fixed(&'a [&'a dyn Relation]),
    /// `steps` steps, each a random relation of the language at a random site;
    /// the chain ends early when no relation applies anywhere.
    Random { steps: usize },
}

#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    #[error(transparent)]
    Unknown(#[from] UnknownRelation),
    #[error("relation {relation} is for {relation_lang}, the input is {input_lang}")]
    WrongLang {
        relation: String,
        relation_lang: Lang,
        input_lang: Lang,
    },
    #[error("relation {relation} does not apply to this input ({sites} candidate sites{reason})")]
    NoSite {
        relation: String,
        sites: usize,
        reason: String,
    },
    #[error(transparent)]
    Apply(#[from] ApplyError),
}

/// Applies `plan` to `src`. The same seed, plan and text give the same variant.
pub fn run(
    catalog: &Catalog,
    src: &Source,
    plan: Plan,
    seed: u64,
    names: NameStrategy,
) -> Result<Variant, ChainError> {
    let mut current = src.clone();
    let mut steps = Vec::new();
    let mut choices = Choices::new(seed, names);
    let count = match plan {
        Plan::Fixed(relations) => relations.len(),
        Plan::Random { steps } => steps,
    };
    for index in 0..count {
        // Every step but the last hands its tree to the next one.
        let check = if index + 1 < count {
            Check::FullParse
        } else {
            Check::Cheapest
        };
        let step_seed = step_seed(seed, index);
        let mut rng = ChaCha8Rng::seed_from_u64(step_seed);
        choices.reseed(step_seed);
        let applied = match plan {
            Plan::Fixed(relations) => {
                let relation = relations[index];
                check_lang(relation, current.lang())?;
                Some(apply_somewhere(
                    relation,
                    &current,
                    &mut rng,
                    &mut choices,
                    check,
                )?)
            }
            Plan::Random { .. } => {
                let mut candidates: Vec<&dyn Relation> = catalog.for_lang(current.lang()).collect();
                candidates.shuffle(&mut rng);
                let mut found = None;
                for relation in candidates {
                    match apply_somewhere(relation, &current, &mut rng, &mut choices, check) {
                        Ok(done) => {
                            found = Some(done);
                            break;
                        }
                        Err(ChainError::NoSite { .. }) => continue,
                        Err(other) => return Err(other),
                    }
                }
                found
            }
        };
        match applied {
            Some((next, step)) => {
                current = next;
                steps.push(step);
            }
            None => break,
        }
    }
    Ok(Variant {
        source: current,
        record: ChainRecord {
            lang: src.lang(),
            seed,
            steps,
        },
    })
}

/// Re-applies a recorded chain to the text it was made from.
pub fn replay(
    catalog: &Catalog,
    src: &Source,
    record: &ChainRecord,
) -> Result<Variant, ChainError> {
    let mut current = src.clone();
    for (index, step) in record.steps.iter().enumerate() {
        let relation = catalog.get(&step.relation)?;
        check_lang(relation, current.lang())?;
        let mut choices = Choices::replaying(step.params.clone());
        let check = if index + 1 < record.steps.len() {
            Check::FullParse
        } else {
            Check::Cheapest
        };
        let (next, _) = apply_checked(relation, &current, &step.site, &mut choices, check)?;
        current = next;
    }
    Ok(Variant {
        source: current,
        record: record.clone(),
    })
}

/// Tries the relation's sites in random order until one rewrites.
fn apply_somewhere(
    relation: &dyn Relation,
    src: &Source,
    rng: &mut ChaCha8Rng,
    choices: &mut Choices,
    check: Check,
) -> Result<(Source, Step), ChainError> {
    let mut sites = relation.sites(src);
    let total = sites.len();
    sites.shuffle(rng);
    let mut last_reason = String::new();
    for site in &sites {
        match apply_checked(relation, src, site, choices, check) {
            Ok(done) => return Ok(done),
            Err(ApplyError::Declined { reason, .. }) => {
                choices.take_params();
                last_reason = format!("; last decline: {reason}");
            }
            Err(other) => return Err(other.into()),
        }
    }
    Err(ChainError::NoSite {
        relation: relation.id().to_string(),
        sites: total,
        reason: last_reason,
    })
}

fn check_lang(relation: &dyn Relation, lang: Lang) -> Result<(), ChainError> {
    if relation.lang() == lang {
        Ok(())
    } else {
        Err(ChainError::WrongLang {
            relation: relation.id().to_string(),
            relation_lang: relation.lang(),
            input_lang: lang,
        })
    }
}

/// Independent seeds per step, so dropping or replaying a step leaves the
/// choices of the others as they were (SplitMix64 finaliser).
fn step_seed(seed: u64, index: usize) -> u64 {
    let mut z = seed ^ (index as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}
