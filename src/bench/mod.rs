//! Benchmarks behind `metacompress bench`: each reports rates measured in
//! one run, never a pass/fail verdict.

pub mod relations;
