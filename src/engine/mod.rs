//! The native fuzzing engine, and the definitions it shares with the
//! libFuzzer target: fitness and finding kinds ([`score`]), coverage
//! features ([`feedback`]), findings on disk ([`finding`]) and sample-level
//! chains ([`chain`]).
pub mod chain;
pub mod feedback;
pub mod finding;
pub mod hash;
pub mod score;

pub use chain::{SampleChain, SegmentStep};
pub use feedback::{features, seed_slot, Novelty, NoveltyOptions, FEATURE_SLOTS};
pub use finding::{write_finding, DedupKey, Finding};
pub use score::{finding_kinds, fitness, FindingKind};
