//! The objective: which variants are findings, and of which kinds.
use super::score::{finding_kinds, FindingKind};
use crate::fidelity::Verdict;

/// `Send`: the libFuzzer target keeps its evaluator in a static.
pub trait Objective: Send {
    /// The kinds of finding the variant is, given its seed's verdict; empty
    /// when it is none.
    fn kinds(&self, seed: &Verdict, variant: &Verdict, truth: Option<usize>) -> Vec<FindingKind>;
}

/// Label flips, robustness flips and adversarial variants (see [`finding_kinds`]).
pub struct FindingKinds;

impl Objective for FindingKinds {
    fn kinds(&self, seed: &Verdict, variant: &Verdict, truth: Option<usize>) -> Vec<FindingKind> {
        finding_kinds(seed, variant, truth)
    }
}
