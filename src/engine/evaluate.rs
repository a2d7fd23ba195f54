//! The one evaluation step of both fuzzers (`metacompress fuzz` and the
//! libFuzzer target): a variant next to its seed, judged by the feedback
//! (coverage slots, fitness) and the objective (finding kinds), with the
//! key that deduplicates findings.
use super::feedback::{DivergenceFeedback, Feedback, NoveltyOptions};
use super::finding::DedupKey;
use super::objective::{FindingKinds, Objective};
use super::oracle::Reply;
use super::score::FindingKind;
use crate::fidelity::Verdict;

/// A variant next to its seed, once the oracle answered on both.
#[derive(Debug)]
pub struct Case<'a> {
    /// [`super::feedback::seed_slot`] of the seed's id.
    pub seed_slot: u64,
    pub seed: &'a Verdict,
    pub variant: &'a Reply,
    pub truth: Option<usize>,
    /// The relation ids of the variant's chain from its seed, in order.
    pub relations: &'a [&'a str],
}

/// What a variant is worth to the search.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Feature slots it covers, below [`super::feedback::FEATURE_SLOTS`].
    pub slots: Vec<usize>,
    /// Empty when it is no finding.
    pub kinds: Vec<FindingKind>,
    pub fitness: f64,
    /// Equal for variants the student cannot tell apart: one finding.
    pub key: DedupKey,
}

/// The feedback and objective a fuzzer judges variants by.
pub struct Evaluator {
    pub feedback: Box<dyn Feedback>,
    pub objective: Box<dyn Objective>,
}

impl Evaluator {
    /// The feedback and objective both fuzzers use.
    pub fn standard(novelty: NoveltyOptions) -> Self {
        Evaluator {
            feedback: Box::new(DivergenceFeedback::new(novelty)),
            objective: Box::new(FindingKinds),
        }
    }

    pub fn evaluate(&mut self, case: &Case) -> Evaluation {
        Evaluation {
            slots: self.feedback.slots(case),
            kinds: self
                .objective
                .kinds(case.seed, &case.variant.verdict, case.truth),
            fitness: self.feedback.fitness(&case.variant.verdict),
            key: case.variant.key,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::feedback::{features, seed_slot};
    use crate::engine::score::tests::verdict;
    use crate::engine::score::{finding_kinds, fitness};

    #[test]
    fn the_standard_evaluation_is_the_shared_definitions() {
        let seed = verdict([0.9, 0.1], [0.8, 0.2]);
        let variant = Reply {
            verdict: verdict([0.9, 0.1], [0.3, 0.7]),
            key: DedupKey::from_token_ids(&[vec![4, 2]]),
        };
        let case = Case {
            seed_slot: seed_slot("s1"),
            seed: &seed,
            variant: &variant,
            truth: Some(0),
            relations: &["java.a", "java.b"],
        };
        let mut evaluator = Evaluator::standard(NoveltyOptions::default());
        let first = evaluator.evaluate(&case);
        let slots = features(
            case.seed_slot,
            &seed,
            &variant.verdict,
            Some(0),
            case.relations,
        );
        // A first output is novel: one slot more than the features.
        assert_eq!(first.slots[..slots.len()], slots[..]);
        assert_eq!(first.slots.len(), slots.len() + 1);
        assert_eq!(first.kinds, finding_kinds(&seed, &variant.verdict, Some(0)));
        assert_eq!(first.fitness, fitness(&variant.verdict));
        assert_eq!(first.key, variant.key);
        // The same output again is no longer novel.
        assert_eq!(evaluator.evaluate(&case).slots, slots);
    }
}
