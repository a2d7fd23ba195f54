//! Stages: work on a new finding before it is stored, such as shrinking its
//! chain ([`super::minimise::Minimise`]). A stage may query the oracle; the
//! campaign counts those queries apart from the search's.
use super::chain::SegmentStep;
use super::objective::Objective;
use super::oracle::{Dispatcher, QueryError, Reply};
use super::score::FindingKind;
use crate::data::Sample;
use crate::fidelity::Verdict;
use crate::lang::Lang;
use crate::relations::Catalog;

/// A variant on which finding kinds were seen.
pub struct Found {
    /// Its chain from the seed.
    pub steps: Vec<SegmentStep>,
    pub variant: Vec<String>,
    pub reply: Reply,
    pub kinds: Vec<FindingKind>,
}

/// What a stage works with besides the finding.
pub struct StageContext<'s, 'o> {
    pub catalog: &'s Catalog,
    pub lang: Lang,
    pub seed: &'s Sample,
    pub seed_verdict: &'s Verdict,
    pub objective: &'s dyn Objective,
    pub dispatcher: &'s mut Dispatcher<'o>,
}

pub trait Stage {
    /// The finding as the next stage (or the store) should see it.
    fn run(&mut self, found: Found, context: &mut StageContext) -> Result<Found, QueryError>;
}
