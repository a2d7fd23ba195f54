//! The shipped models reproduce their card: models/teacher and
//! models/student through the oracle on the committed test split give the
//! test metrics and agreement recorded in models/card.json.
#![cfg(feature = "torch")]
use metacompress::fidelity::TaskMetrics;
use metacompress::model::Bundle;
use metacompress::train::card::{test_report, test_samples, ModelCard};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const TOLERANCE: f64 = 1e-3;

fn assert_metrics(name: &str, measured: TaskMetrics, card: TaskMetrics) {
    let pairs = [
        ("accuracy", measured.accuracy, card.accuracy),
        ("precision", measured.precision, card.precision),
        ("recall", measured.recall, card.recall),
        ("f1", measured.f1, card.f1),
    ];
    for (metric, got, recorded) in pairs {
        assert!(
            (got - recorded).abs() <= TOLERANCE,
            "{name} {metric}: measured {got}, card says {recorded}"
        );
    }
}

#[test]
fn shipped_models_reproduce_the_card() {
    let root = Path::new(ROOT);
    let text = std::fs::read_to_string(root.join("models/card.json")).expect("models/card.json");
    let card: ModelCard = serde_json::from_str(&text).expect("card.json parses");
    let samples = test_samples(&root.join("corpus/clone-detection/test")).expect("test split");
    assert_eq!(samples.len(), card.data.test_pairs);

    let teacher = Bundle::load(&root.join("models/teacher")).expect("teacher bundle");
    let student = Bundle::load(&root.join("models/student")).expect("student bundle");
    let report = test_report(teacher, student, &samples).expect("oracle run");

    assert_metrics(
        "teacher",
        report.teacher.expect("labels"),
        card.teacher.test,
    );
    assert_metrics(
        "student",
        report.student.expect("labels"),
        card.student.test,
    );
    assert!(
        (report.agreement - card.agreement).abs() <= TOLERANCE,
        "agreement: measured {}, card says {}",
        report.agreement,
        card.agreement
    );
}
