//! The native fuzzing engine (`metacompress fuzz`), and the definitions it
//! shares with the libFuzzer target: fitness and finding kinds ([`score`]),
//! coverage features ([`feedback`]), findings on disk ([`finding`]) and
//! sample-level chains ([`chain`]).
//!
//! The engine's roles, one module each: [`scheduler`] (what to mutate),
//! [`campaign`] (mutation workers, oracle pipeline, scorer), [`oracle`]
//! (what the engine needs from the models, and a fake for tests),
//! [`minimise`] (shortest sub-chain of a finding), [`store`] (the campaign
//! directory) and [`report`] (progress line and summary).
pub mod campaign;
pub mod chain;
pub mod feedback;
pub mod finding;
pub mod hash;
pub mod minimise;
pub mod oracle;
mod parsed;
pub mod report;
pub mod scheduler;
pub mod score;
pub mod store;
#[cfg(test)]
mod tests;

pub use chain::{SampleChain, SegmentStep};
pub use feedback::{features, seed_slot, Novelty, NoveltyOptions, FEATURE_SLOTS};
pub use finding::{write_finding, DedupKey, Finding};
pub use score::{finding_kinds, fitness, FindingKind};
