//! Shared helpers of the oracle tests: tiny bundles in temporary directories
//! and samples of varied lengths.
#![allow(dead_code)] // each test binary uses a different subset

use metacompress::data::{Sample, Task};
use metacompress::model::testing::TinyBundle;
use metacompress::model::{Bundle, DeviceChoice};
use metacompress::oracle::OracleOptions;
use tempfile::TempDir;

/// Writes the bundle into a fresh temporary directory.
pub fn write(spec: &TinyBundle) -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    spec.write(dir.path()).expect("tiny bundle");
    dir
}

pub fn load(dir: &TempDir) -> Bundle {
    Bundle::load(dir.path()).expect("tiny bundle loads")
}

/// A teacher and a student that differ in weights and width.
pub fn teacher_student(task: Task) -> (TinyBundle, TinyBundle) {
    let teacher = TinyBundle::new("tiny-teacher", task);
    let student = TinyBundle {
        name: "tiny-student".to_string(),
        seed: 7,
        embedding_dim: 8,
        ..TinyBundle::new("tiny-student", task)
    };
    (teacher, student)
}

pub fn cpu_options() -> OracleOptions {
    OracleOptions {
        device: DeviceChoice::Cpu,
        ..OracleOptions::default()
    }
}

/// A code-like text whose length grows with `n`; distinct `n` give distinct
/// first tokens, so truncation never makes two texts equal.
pub fn code(n: usize) -> String {
    let mut text = format!("int f{n}(int a) {{ int total = 0; ");
    for i in 0..n {
        text.push_str(&format!("total += a * {i}; "));
    }
    text.push_str("return total; }");
    text
}

/// `count` samples of the task, lengths varying so that batches need padding.
pub fn samples(task: Task, count: usize) -> Vec<Sample> {
    (0..count)
        .map(|i| Sample {
            id: format!("s{i}"),
            segments: (0..task.segments()).map(|s| code(i * 3 + s * 5)).collect(),
            label: Some(i % 2),
        })
        .collect()
}
