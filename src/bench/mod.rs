//! Benchmarks that print ratios measured in one run (`metacompress bench …`).
//!
//! Speed is measured here, never asserted in tests: each benchmark runs the
//! compared variants on the same inputs in one process and reports their
//! figures side by side.
#[cfg(feature = "torch")]
pub mod fuzz;
pub mod inputs;
#[cfg(feature = "torch")]
pub mod oracle;
pub mod python;
pub mod relations;
