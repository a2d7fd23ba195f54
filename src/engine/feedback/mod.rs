//! Feedback: what guides the search. Coverage slots ([`features`] of the
//! two models' divergence, [`Novelty`] of their joint output) tell which
//! variants bring something new; fitness ranks corpus entries by how far
//! apart the models are.
mod features;
mod novelty;

pub use features::{features, magnitude_bucket, seed_slot, FEATURE_SLOTS, MAGNITUDE_BUCKETS};
pub use novelty::{joint_vector, Novelty, NoveltyOptions};

use super::evaluate::Case;
use super::score::fitness;
use crate::fidelity::Verdict;

/// `Send`: the libFuzzer target keeps its evaluator in a static.
pub trait Feedback: Send {
    /// Slots a variant covers. It may learn from the variant (the novelty
    /// archive keeps outputs it had not seen).
    fn slots(&mut self, case: &Case) -> Vec<usize>;
    /// Slots a seed covers. Its output is learned as the reference later
    /// outputs are novel against, without a slot for being novel itself.
    fn seed_slots(&mut self, case: &Case) -> Vec<usize>;
    /// Learns an output again that a resumed campaign reads back.
    fn remember(&mut self, output: &Verdict);
    /// How far apart the models are on a variant (a differential
    /// comparison of teacher and student): ranks corpus entries.
    fn fitness(&self, variant: &Verdict) -> f64;
}

/// The divergence's features, output novelty, and [`fitness`].
pub struct DivergenceFeedback {
    novelty: Novelty,
}

impl DivergenceFeedback {
    pub fn new(novelty: NoveltyOptions) -> Self {
        DivergenceFeedback {
            novelty: Novelty::new(novelty),
        }
    }

    fn features(case: &Case) -> Vec<usize> {
        features(
            case.seed_slot,
            case.seed,
            &case.variant.verdict,
            case.truth,
            case.relations,
        )
    }
}

impl Feedback for DivergenceFeedback {
    fn slots(&mut self, case: &Case) -> Vec<usize> {
        let mut slots = Self::features(case);
        slots.extend(self.novelty.observe(&case.variant.verdict));
        slots
    }

    fn seed_slots(&mut self, case: &Case) -> Vec<usize> {
        let slots = Self::features(case);
        self.remember(&case.variant.verdict);
        slots
    }

    fn remember(&mut self, output: &Verdict) {
        self.novelty.observe(output);
    }

    fn fitness(&self, variant: &Verdict) -> f64 {
        fitness(variant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::finding::DedupKey;
    use crate::engine::oracle::Reply;
    use crate::engine::score::tests::verdict;

    #[test]
    fn a_seed_claims_no_novelty_but_later_outputs_are_novel_against_it() {
        let reply = |teacher, student| Reply {
            verdict: verdict(teacher, student),
            key: DedupKey::from_text(&[String::new()]),
        };
        let seed = reply([0.9, 0.1], [0.8, 0.2]);
        let case = |variant| Case {
            seed_slot: seed_slot("s1"),
            seed: &seed.verdict,
            variant,
            truth: None,
            relations: &[],
        };
        let mut feedback = DivergenceFeedback::new(NoveltyOptions::default());
        let seed_slots = feedback.seed_slots(&case(&seed));
        assert_eq!(
            seed_slots,
            features(
                case(&seed).seed_slot,
                &seed.verdict,
                &seed.verdict,
                None,
                &[]
            )
        );
        // The seed's own output is archived: seen again, it is not novel.
        assert_eq!(feedback.slots(&case(&seed)), seed_slots);
        let far = reply([0.9, 0.1], [0.2, 0.8]);
        assert_eq!(feedback.slots(&case(&far)).len(), seed_slots.len() + 1);
    }
}
