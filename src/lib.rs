//! metacompress: tests a distilled code model (the student) against the model
//! it was distilled from (the teacher).
//!
//! Data flows one way through the modules:
//! source code → [`lang`] → [`relations`] (variants) → `oracle` (verdicts)
//! → `fidelity` → engine → findings.

pub mod bench;
pub mod data;
pub mod engine;
pub mod fidelity;
pub mod fuzz_target;
pub mod lang;
pub mod model;
#[cfg(feature = "torch")]
pub mod oracle;
pub mod relations;
#[cfg(feature = "torch")]
pub mod train;
