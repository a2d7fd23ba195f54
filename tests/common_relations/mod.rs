//! Helpers shared by the relations test suites (compile, exec, props).
//! Each suite uses a subset, hence the `dead_code` allowance.
#![allow(dead_code)]

pub mod copies;
pub mod failures;
pub mod fixtures;
pub mod incontext;
pub mod sources;
pub mod tools;
pub mod variants;
