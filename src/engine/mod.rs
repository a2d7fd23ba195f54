//! The native fuzzing engine (`metacompress fuzz`), and the definitions it
//! shares with the libFuzzer target: fitness and finding kinds ([`score`]),
//! one evaluation step ([`evaluate`]), findings on disk ([`finding`]) and
//! sample-level chains ([`chain`]).
//!
//! The search's roles, one module each, composed by [`campaign`]:
//! [`scheduler`] (what to mutate), [`feedback`] (coverage and fitness),
//! [`objective`] (what is a finding), [`stage`] (work on a new finding, such
//! as [`minimise`]). Around them: [`oracle`] (what the engine needs from the
//! models, and a fake for tests), [`coverage`] (the campaign's coverage
//! map), [`store`] (the campaign directory) and [`report`] (progress line
//! and summary).
pub mod campaign;
pub mod chain;
pub mod coverage;
pub mod evaluate;
pub mod feedback;
pub mod finding;
pub mod hash;
pub mod minimise;
pub mod objective;
pub mod oracle;
mod parsed;
pub mod report;
pub mod scheduler;
pub mod score;
pub mod stage;
pub mod store;
#[cfg(test)]
mod tests;

pub use chain::{SampleChain, SegmentStep};
pub use feedback::{features, seed_slot, Novelty, NoveltyOptions, FEATURE_SLOTS};
pub use finding::{write_finding, DedupKey, Finding};
pub use score::{finding_kinds, fitness, FindingKind};
