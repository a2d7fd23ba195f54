//! Bundles exported by scripts/export_bundle.py, loaded through the oracle,
//! give the ids and probabilities the original PyTorch models give in
//! Python (tests/export_roundtrip.py builds the models, exports them and
//! writes the expected values).
//!
//! Needs the project's Python environment (scripts/setup_venv.sh, or
//! METACOMPRESS_PYTHON); without it the test fails and says so.
#![cfg(feature = "torch")]

use metacompress::bench::python::project_python;
use metacompress::data::Sample;
use metacompress::model::Bundle;
use metacompress::oracle::{Oracle, OracleOptions};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Largest accepted |p_rust - p_python|.
const TOLERANCE: f32 = 1e-4;

#[derive(Deserialize)]
struct Expected {
    bundles: Vec<ExpectedBundle>,
}

#[derive(Deserialize)]
struct ExpectedBundle {
    name: String,
    dir: PathBuf,
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    labels: Vec<String>,
    segments: Vec<String>,
    ids: Vec<Vec<u32>>,
    probabilities: Vec<f32>,
}

impl Case {
    fn sample(&self) -> Sample {
        Sample {
            id: self.labels.join("+"),
            segments: self.segments.clone(),
            label: None,
        }
    }
}

/// Runs the Python side once for all tests of this file.
fn expected() -> &'static Expected {
    static EXPECTED: OnceLock<Expected> = OnceLock::new();
    EXPECTED.get_or_init(|| {
        let python = project_python().unwrap_or_else(|problem| {
            panic!("the export round-trip needs the project's Python environment: {problem}")
        });
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("export-roundtrip");
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/export_roundtrip.py");
        let output = Command::new(&python)
            .arg(&script)
            .arg(&out)
            .output()
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", python.display()));
        assert!(
            output.status.success(),
            "{} failed ({}):\n{}",
            script.display(),
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
        let text =
            std::fs::read_to_string(out.join("expected.json")).expect("expected.json written");
        serde_json::from_str(&text).expect("expected.json parses")
    })
}

fn bundle(name: &str) -> &'static ExpectedBundle {
    expected()
        .bundles
        .iter()
        .find(|b| b.name == name)
        .unwrap_or_else(|| panic!("the Python side exported no bundle '{name}'"))
}

fn assert_close(what: &str, rust: &[f32], python: &[f32]) {
    assert_eq!(rust.len(), python.len(), "{what}: label count");
    let worst = rust
        .iter()
        .zip(python)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(
        worst <= TOLERANCE,
        "{what}: rust {rust:?} vs python {python:?} (|Δ| = {worst})"
    );
}

const ALL: [&str; 4] = [
    "roberta-vuln",
    "bert-vuln",
    "codexglue-clone",
    "student-clone",
];

#[test]
fn exported_tokenizers_give_the_original_pipelines_ids() {
    for name in ALL {
        let expected = bundle(name);
        let loaded = Bundle::load(&expected.dir).expect("bundle loads");
        for case in &expected.cases {
            for (text, ids) in case.segments.iter().zip(&case.ids) {
                let ours = loaded.encoder().encode_segment(text).expect("encodes");
                assert_eq!(&ours, ids, "{name}: ids of {text:?}");
            }
        }
    }
}

#[test]
fn bundles_give_the_original_probabilities_at_batch_sizes_1_3_and_all() {
    for name in ALL {
        let expected = bundle(name);
        let loaded = Bundle::load(&expected.dir).expect("bundle loads");
        let encoded: Vec<_> = expected
            .cases
            .iter()
            .map(|case| loaded.encoder().encode(&case.sample()).expect("encodes"))
            .collect();
        for batch_size in [1, 3, encoded.len()] {
            for (start, chunk) in encoded.chunks(batch_size).enumerate() {
                let rows: Vec<_> = chunk.iter().collect();
                let outputs = loaded.predict(&rows).expect("model runs");
                for (offset, output) in outputs.iter().enumerate() {
                    let case = &expected.cases[start * batch_size + offset];
                    let what = format!("{name}, batch of {}, {:?}", rows.len(), case.labels);
                    assert_close(&what, &output.probs, &case.probabilities);
                }
            }
        }
    }
}

#[test]
fn the_oracle_gives_teacher_and_student_their_original_probabilities() {
    for (teacher, student) in [
        ("codexglue-clone", "student-clone"),
        ("roberta-vuln", "bert-vuln"),
    ] {
        let (t, s) = (bundle(teacher), bundle(student));
        let samples: Vec<Sample> = t.cases.iter().map(Case::sample).collect();
        for batch_size in [1, 4] {
            let options = OracleOptions {
                batch_size,
                ..OracleOptions::default()
            };
            let oracle = Oracle::new(
                Bundle::load(&t.dir).expect("teacher loads"),
                Bundle::load(&s.dir).expect("student loads"),
                options,
            )
            .expect("oracle starts");
            let verdicts = oracle.run(&samples).expect("oracle answers");
            for ((verdict, t_case), s_case) in verdicts.iter().zip(&t.cases).zip(&s.cases) {
                assert_eq!(
                    t_case.labels, s_case.labels,
                    "both bundles saw the same inputs"
                );
                let what = format!("batch size {batch_size}, {:?}", t_case.labels);
                assert_close(
                    &format!("{teacher}, {what}"),
                    &verdict.teacher.probs,
                    &t_case.probabilities,
                );
                assert_close(
                    &format!("{student}, {what}"),
                    &verdict.student.probs,
                    &s_case.probabilities,
                );
            }
        }
    }
}
