//! A campaign's figures, for the progress line, the summary and `--json`
//! (shown by [`crate::engine::report`]).
use super::Campaign;
use crate::engine::score::FindingKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub strategy: String,
    /// Mutations attempted (including those where no relation applied).
    pub execs: u64,
    /// Oracle queries of the search (seeds included, minimisation excluded).
    pub queries: u64,
    pub minimise_queries: u64,
    pub elapsed_s: f64,
    pub execs_per_s: f64,
    pub queries_per_s: f64,
    pub corpus: usize,
    /// Set feature slots, of [`crate::engine::feedback::FEATURE_SLOTS`].
    pub coverage: usize,
    /// Unique findings.
    pub findings: usize,
    /// Unique findings per kind (a finding of two kinds counts for both).
    pub by_kind: BTreeMap<FindingKind, usize>,
    /// Label flips on seeds where teacher and student agreed: the chain
    /// caused the disagreement (on a seed they already disagree on, every
    /// variant that keeps the disagreement is a label flip).
    pub caused_label_flips: usize,
    /// Seed id → search queries spent when the first flip the chain caused
    /// (a robustness flip, or a label flip on a seed where both agreed) was found.
    pub first_flip: BTreeMap<String, u64>,
}

impl Campaign<'_> {
    pub(super) fn stats(&self) -> Stats {
        let elapsed = self.started.elapsed().as_secs_f64().max(1e-9);
        let mut by_kind = BTreeMap::new();
        for finding in &self.findings {
            for kind in &finding.kinds {
                *by_kind.entry(*kind).or_insert(0) += 1;
            }
        }
        let caused_label_flips = self
            .findings
            .iter()
            .filter(|f| {
                f.kinds.contains(&FindingKind::LabelFlip)
                    && f.seed_verdict.disagreement.labels_agree
            })
            .count();
        Stats {
            caused_label_flips,
            strategy: self.setup.options.strategy.name().to_string(),
            execs: self.state.execs,
            queries: self.state.queries,
            minimise_queries: self.state.minimise_queries,
            elapsed_s: self.elapsed_before + elapsed,
            execs_per_s: self.state.execs as f64 / (self.elapsed_before + elapsed),
            queries_per_s: self.state.queries as f64 / (self.elapsed_before + elapsed),
            corpus: self.entries.len(),
            coverage: self.coverage.count(),
            findings: self.findings.len(),
            by_kind,
            first_flip: self.state.first_flip.clone(),
        }
    }
}
