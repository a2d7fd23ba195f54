//! `metacompress predict` end to end on tiny bundles and the fixture data.
#![cfg(feature = "torch")]
mod common;

use common::{teacher_student, write};
use metacompress::data::Task;
use std::path::Path;
use std::process::Command;

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/data")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn predict(teacher: &Path, student: &Path, data: &str, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_metacompress"))
        .arg("predict")
        .arg("--teacher")
        .arg(teacher)
        .arg("--student")
        .arg(student)
        .args(["--data", data])
        .args(extra)
        .output()
        .expect("runs")
}

#[test]
fn json_output_has_metrics_of_both_models_and_the_skipped_rows() {
    let (teacher, student) = teacher_student(Task::CloneDetection);
    let (t, s) = (write(&teacher), write(&student));
    let out = predict(t.path(), s.path(), &fixture("bcb"), &["--json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(report["samples"], 3);
    assert_eq!(report["skipped_rows"], 10);
    for model in ["teacher", "student"] {
        for field in ["accuracy", "precision", "recall", "f1", "ece"] {
            let value = report[model][field].as_f64().expect(field);
            assert!((0.0..=1.0).contains(&value), "{model}.{field} = {value}");
        }
    }
    let agreement = report["agreement"].as_f64().expect("agreement");
    // Three samples: agreement is a multiple of 1/3.
    assert!(((agreement * 3.0).round() - agreement * 3.0).abs() < 1e-9);
    assert!(report["fidelity"]["js_similarity"].is_number());
    // Bad rows are reported on stderr with file and line.
    assert!(stderr.contains("test.txt:3: unknown idx '99'"), "{stderr}");
    assert_eq!(stderr.matches("warning: skipped ").count(), 10, "{stderr}");
}

#[test]
fn table_output_aligns_both_models() {
    let (teacher, student) = teacher_student(Task::VulnerabilityPrediction);
    let (t, s) = (write(&teacher), write(&student));
    let out = predict(
        t.path(),
        s.path(),
        &fixture("devign_split"),
        &["--split", "train"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    for row in [
        "accuracy",
        "precision",
        "recall",
        "F1",
        "ECE",
        "agreement",
        "Jensen-Shannon",
    ] {
        assert!(table.contains(row), "{row} missing from\n{table}");
    }
    assert!(
        table.contains("samples 2 (labelled 2), skipped rows 0"),
        "{table}"
    );
}

#[test]
fn user_errors_are_reported_without_a_panic() {
    let (teacher, student) = teacher_student(Task::CloneDetection);
    let (t, s) = (write(&teacher), write(&student));
    let cases: [(&[&str], &str); 3] = [
        (&[], "the bundles are for clone-detection but"),
        (&["--strict"], "devign_bad.jsonl:2:"),
        (&["--device", "tpu"], "unknown device 'tpu'"),
    ];
    for (extra, expected) in cases {
        let out = predict(t.path(), s.path(), &fixture("devign_bad.jsonl"), extra);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success());
        assert!(stderr.contains(expected), "{expected:?} not in {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}
