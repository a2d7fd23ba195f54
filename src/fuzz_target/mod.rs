//! The logic of the cargo-fuzz `divergence` target (fuzz/fuzz_targets/divergence.rs),
//! kept in the library so that it is unit-tested with the rest of the crate
//! and the target file only wires it to libFuzzer's hooks.
//!
//! - [`input`]: the input format, the sample text of [`crate::data::seeds`]
//!   plus an optional last line recording the chain from its seed;
//! - [`mutate`]: the custom mutator (one relation per call) and crossover;
//! - [`seeds`]: the seed index that turns a chain's seed key back into the
//!   seed's text and ground truth;
//! - [`target`] (libtorch): models, verdicts, feedback features and findings
//!   per input, with fitness, features and findings from [`crate::engine`].
pub mod input;
pub mod mutate;
pub mod seeds;
#[cfg(feature = "torch")]
pub mod target;

pub use input::{FuzzInput, Provenance, PROVENANCE_MARKER};
