//! Trains a tiny teacher and distils a tiny student for a few steps on a
//! tiny split (built from tests/fixtures/bcb-mini), and checks that the
//! losses fall, that the bundles load through the oracle, that traced
//! bundles answer like the eager model, and that bad inputs fail cleanly.
#![cfg(feature = "torch")]
use metacompress::data::{self, LoadOptions};
use metacompress::model::SegmentEncoder;
use metacompress::model::{Bundle, SegmentIds};
use metacompress::oracle::{Oracle, OracleOptions};
use metacompress::train::export::{clone_manifest, write_bundle};
use metacompress::train::fit::predict;
use metacompress::train::vocab::train_tokenizer;
use metacompress::train::{
    distill_student, train_teacher, CloneClassifier, TrainConfig, TrainingRecord,
};
use std::path::Path;
use std::process::Command;
use tempfile::TempDir;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/bcb-mini");

/// bcb-mini's 40 labelled pairs serve as every split (the point is the
/// mechanics, not generalisation); unlabelled.txt drops their labels.
fn tiny_split() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let fixture = Path::new(FIXTURE);
    std::fs::copy(fixture.join("data.jsonl"), dir.path().join("data.jsonl")).expect("copy");
    let pairs = std::fs::read_to_string(fixture.join("test.txt")).expect("pairs");
    for split in ["train", "valid", "test"] {
        std::fs::write(dir.path().join(format!("{split}.txt")), &pairs).expect("write");
    }
    let unlabelled: String = pairs
        .lines()
        .map(|line| line.split('\t').take(2).collect::<Vec<_>>().join("\t") + "\n")
        .collect();
    std::fs::write(dir.path().join("unlabelled.txt"), unlabelled).expect("write");
    dir
}

/// `head`: the clone head; `extra`: more `[training]` lines.
fn tiny_config(name: &str, head: &str, extra: &str) -> TrainConfig {
    TrainConfig::from_toml(&format!(
        r#"
        name = "{name}"
        seed = 3
        [tokenizer]
        vocab_size = 400
        [model]
        hidden = 16
        layers = 1
        heads = 2
        intermediate = 32
        max_tokens = 48
        dropout = 0.0
        head = "{head}"
        [training]
        learning_rate = 3e-3
        batch_size = 8
        epochs = 6
        patience = 6
        warmup = 0.1
        {extra}
        "#
    ))
    .expect("valid tiny config")
}

fn assert_loss_falls(record: &TrainingRecord) {
    let losses: Vec<f64> = record.fit.epochs.iter().map(|e| e.mean_loss).collect();
    assert_eq!(
        losses.len(),
        6,
        "patience 6 lets all epochs run: {losses:?}"
    );
    assert!(
        losses[5] < losses[0],
        "{} loss should fall over training: {losses:?}",
        record.role
    );
    assert!(
        record.trace_difference <= 1e-4,
        "{}",
        record.trace_difference
    );
}

#[test]
fn teacher_and_student_train_export_and_run_in_the_oracle() {
    let data = tiny_split();
    let out = TempDir::new().expect("temp dir");
    let (teacher_dir, student_dir) = (out.path().join("teacher"), out.path().join("student"));

    let teacher = train_teacher(
        data.path(),
        &tiny_config("tiny-teacher", "siamese", ""),
        &teacher_dir,
    )
    .expect("teacher trains");
    assert_loss_falls(&teacher);
    assert_eq!(teacher.training_pairs, 40);
    assert!(teacher.test.is_some());

    let student = distill_student(
        &teacher_dir,
        data.path(),
        &tiny_config(
            "tiny-student",
            "siamese",
            "temperature = 2.0\nselect = \"agreement\"",
        ),
        &student_dir,
    )
    .expect("student distils");
    assert_loss_falls(&student);
    assert_eq!(student.teacher.as_deref(), Some("tiny-teacher"));
    assert!(student.test.and_then(|t| t.agreement).is_some());

    let samples = data::load(data.path(), &LoadOptions::default())
        .expect("test split")
        .samples;
    let oracle = Oracle::new(
        Bundle::load(&teacher_dir).expect("teacher bundle loads"),
        Bundle::load(&student_dir).expect("student bundle loads"),
        OracleOptions {
            device: metacompress::model::DeviceChoice::Cpu,
            ..OracleOptions::default()
        },
    )
    .expect("oracle");
    let verdicts = oracle.run(&samples).expect("verdicts");
    assert_eq!(verdicts.len(), samples.len());
}

/// A bundle written from a (randomly initialised) classifier gives the
/// eager model's probabilities for real pairs at several batch sizes, with
/// either head.
#[test]
fn exported_bundle_matches_the_eager_model() {
    for head in ["codexglue", "siamese"] {
        exported_bundle_matches_the_eager_model_with(head);
    }
}

fn exported_bundle_matches_the_eager_model_with(head: &str) {
    let data = tiny_split();
    let config = tiny_config("tiny", head, "");
    let samples = data::load(data.path(), &LoadOptions::default())
        .expect("test split")
        .samples;
    let texts: Vec<String> = samples.iter().flat_map(|s| s.segments.clone()).collect();
    let tokenizer = train_tokenizer(&config.tokenizer, &texts).expect("tokenizer");
    let manifest = clone_manifest("tiny", config.model.max_tokens);
    let encoder = SegmentEncoder::new(tokenizer.clone(), &manifest).expect("encoder");
    let special = encoder.special_ids();
    tch::manual_seed(5);
    let mut vs = tch::nn::VarStore::new(tch::Device::Cpu);
    let model = CloneClassifier::new(
        &vs.root(),
        &config.model,
        encoder.vocab_size() as i64,
        i64::from(special.pad),
    );
    let out = TempDir::new().expect("temp dir");
    let difference =
        write_bundle(&mut vs, &model, &tokenizer, special, &manifest, out.path()).expect("export");
    assert!(difference <= 1e-4, "{difference}");

    let bundle = Bundle::load(out.path()).expect("bundle loads");
    assert_eq!(
        bundle.manifest().vocab_size,
        Some(encoder.vocab_size()),
        "the exporter records the tokenizer's size"
    );
    let rows: Vec<SegmentIds> = samples
        .iter()
        .map(|s| bundle.encoder().encode(s).expect("encodes"))
        .collect();
    let eager = predict(&model, &rows, special.pad, 64);
    for batch in [1usize, 3, 8, 40] {
        for (start, chunk) in rows.chunks(batch).enumerate() {
            let refs: Vec<&SegmentIds> = chunk.iter().collect();
            let outputs = bundle.predict(&refs).expect("forward");
            for (offset, output) in outputs.iter().enumerate() {
                let expected = &eager[start * batch + offset];
                for (a, b) in output.probs.iter().zip(expected) {
                    assert!(
                        (a - b).abs() <= 1e-4,
                        "{head} head, batch {batch}: {:?} vs {expected:?}",
                        output.probs
                    );
                }
            }
        }
    }
}

fn metacompress(args: &[&str]) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_metacompress"))
        .args(args)
        .output()
        .expect("runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn bad_inputs_fail_with_a_message_naming_them() {
    let data = tiny_split();
    let scratch = TempDir::new().expect("temp dir");
    let config = scratch.path().join("config.toml");
    std::fs::write(&config, "name = \"x\"\nseed = 1\n").expect("write");
    let out = scratch.path().join("out");
    let config_arg = config.to_string_lossy().into_owned();
    let out_arg = out.to_string_lossy().into_owned();
    let data_arg = data.path().to_string_lossy().into_owned();
    let cases: [(Vec<&str>, &str); 3] = [
        (
            train_command("/nonexistent", &config_arg, &out_arg),
            "missing field `tokenizer`",
        ),
        (
            train_command(&data_arg, "/nonexistent.toml", &out_arg),
            "/nonexistent.toml: cannot read",
        ),
        (
            vec![
                "distill",
                "--teacher",
                "/nonexistent",
                "--data",
                &data_arg,
                "--config",
                &config_arg,
                "--out",
                &out_arg,
            ],
            "config.toml",
        ),
    ];
    for (args, expected) in cases {
        let (ok, stderr) = metacompress(&args);
        assert!(!ok, "{args:?} should fail");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A good config with a missing data directory.
    std::fs::write(&config, toml_of(&tiny_config("x", "codexglue", ""))).expect("write");
    let (ok, stderr) = metacompress(&train_command("/nonexistent", &config_arg, &out_arg));
    assert!(!ok);
    assert!(
        stderr.contains("/nonexistent: not a data directory"),
        "{stderr}"
    );
}

/// `metacompress train` for clone detection with these paths.
fn train_command<'a>(data: &'a str, config: &'a str, out: &'a str) -> Vec<&'a str> {
    vec![
        "train",
        "--task",
        "clone-detection",
        "--data",
        data,
        "--config",
        config,
        "--out",
        out,
    ]
}

fn toml_of(config: &TrainConfig) -> String {
    toml::to_string(config).expect("serialises")
}
