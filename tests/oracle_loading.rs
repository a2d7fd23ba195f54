//! Bundle validation: every defect is refused at load time with a message
//! naming the file and the problem.
#![cfg(feature = "torch")]
mod common;

use common::{cpu_options, load, teacher_student, write};
use metacompress::data::Task;
use metacompress::model::testing::{Fault, TinyBundle};
use metacompress::model::{Bundle, DeviceChoice, OutputKind, Precision};
use metacompress::oracle::{Oracle, OracleOptions};
use std::path::Path;

fn tiny() -> TinyBundle {
    TinyBundle::new("tiny", Task::CloneDetection)
}

/// Loads `dir` expecting failure; checks the message names `file` and says `fragment`.
fn refused(dir: &Path, file: &str, fragment: &str) -> String {
    let err = Bundle::load(dir).expect_err(fragment).to_string();
    assert!(err.contains(file), "{err:?} should name {file}");
    assert!(err.contains(fragment), "{err:?} should say {fragment:?}");
    err
}

/// Rewrites bundle.json through `edit` on its JSON value.
fn edit_manifest(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = dir.join("bundle.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
    edit(&mut value);
    std::fs::write(&path, value.to_string()).expect("write");
}

#[test]
fn a_tiny_bundle_loads_with_its_manifest() {
    let dir = write(&tiny());
    let bundle = load(&dir);
    assert_eq!(bundle.manifest().task, Task::CloneDetection);
    assert_eq!(bundle.manifest().segments, 2);
    assert_eq!(bundle.manifest().labels.len(), 2);
    let ids = bundle.encoder().special_ids();
    assert_ne!(ids.bos, ids.eos);
    assert_ne!(ids.pad, ids.unk);
}

#[test]
fn missing_files_are_named() {
    for file in ["model.pt", "tokenizer.json", "bundle.json"] {
        let dir = write(&tiny());
        std::fs::remove_file(dir.path().join(file)).expect("remove");
        refused(dir.path(), file, &format!("missing {file}"));
    }
    let dir = write(&tiny());
    refused(&dir.path().join("nope"), "nope", "not a directory");
}

/// A way to damage a bundle directory.
type Breakage = Box<dyn Fn(&Path)>;

#[test]
fn manifest_defects_are_explained() {
    let cases: Vec<(Breakage, &str)> = vec![
        (
            Box::new(|d| std::fs::write(d.join("bundle.json"), "{ not json").expect("write")),
            "malformed JSON",
        ),
        (
            Box::new(|d| edit_manifest(d, |m| m["colour"] = "blue".into())),
            "unknown field `colour`",
        ),
        (
            Box::new(|d| edit_manifest(d, |m| m["format"] = "metacompress-bundle/9".into())),
            "unsupported format 'metacompress-bundle/9'",
        ),
        (
            Box::new(|d| edit_manifest(d, |m| m["segments"] = 1.into())),
            "does not match task clone-detection",
        ),
        (
            Box::new(|d| edit_manifest(d, |m| m["labels"] = serde_json::json!(["only"]))),
            "at least 2 entries",
        ),
        (
            Box::new(|d| edit_manifest(d, |m| m["task"] = "translation".into())),
            "unknown variant `translation`",
        ),
    ];
    for (break_it, fragment) in cases {
        let dir = write(&tiny());
        break_it(dir.path());
        refused(dir.path(), "bundle.json", fragment);
    }
}

#[test]
fn tokenizer_defects_are_explained() {
    let dir = write(&tiny());
    edit_manifest(
        dir.path(),
        |m| {
            m["special_tokens"] =
                serde_json::json!({"bos": "<cls>", "eos": "</s>", "pad": "<pad>", "unk": "<unk>"})
        },
    );
    refused(
        dir.path(),
        "tokenizer.json",
        "tokenizer has no bos token '<cls>'",
    );

    let dir = write(&tiny());
    std::fs::write(dir.path().join("tokenizer.json"), "{}").expect("write");
    refused(
        dir.path(),
        "tokenizer.json",
        "not a valid tokenizers JSON file",
    );
}

#[test]
fn model_defects_are_explained() {
    let dir = write(&tiny());
    std::fs::write(dir.path().join("model.pt"), b"not a zip archive").expect("write");
    refused(dir.path(), "model.pt", "cannot load the TorchScript model");

    // The manifest promises three labels, the model scores two.
    let dir = write(&tiny());
    edit_manifest(dir.path(), |m| {
        m["labels"] = serde_json::json!(["a", "b", "c"])
    });
    refused(
        dir.path(),
        "model.pt",
        "scores output has shape [2, 2], expected [2, 3]",
    );

    let dir = write(&TinyBundle {
        fault: Fault::NanOutput,
        ..tiny()
    });
    refused(dir.path(), "model.pt", "NaN or infinite values");

    // Logits declared as probabilities do not sum to 1.
    let dir = write(&tiny());
    edit_manifest(dir.path(), |m| m["output"] = "probabilities".into());
    refused(dir.path(), "model.pt", "\"output\": \"probabilities\"");

    // A trace with baked-in sizes passes the small probe, not the full-length one.
    let dir = write(&TinyBundle {
        fault: Fault::FixedShape(8),
        ..tiny()
    });
    let err = refused(dir.path(), "model.pt", "the model failed");
    assert!(
        err.contains("probe batch of 1 sample(s) × 2 segment(s) × 32 ids"),
        "{err}"
    );
}

#[test]
fn hidden_output_flag_must_match_the_model() {
    let dir = write(&tiny());
    edit_manifest(dir.path(), |m| m["hidden_output"] = true.into());
    refused(
        dir.path(),
        "model.pt",
        "\"hidden_output\": true but the model does not return",
    );

    let dir = write(&TinyBundle {
        hidden_output: true,
        ..tiny()
    });
    edit_manifest(dir.path(), |m| m["hidden_output"] = false.into());
    refused(dir.path(), "model.pt", "returns a tuple of 2 values");

    let dir = write(&TinyBundle {
        hidden_output: true,
        output: OutputKind::Probabilities,
        ..tiny()
    });
    load(&dir);
}

#[test]
fn teacher_and_student_must_fit_together() {
    let (teacher, _) = teacher_student(Task::CloneDetection);
    let other_task = TinyBundle::new("devign-student", Task::VulnerabilityPrediction);
    let (t, s) = (write(&teacher), write(&other_task));
    let err = Oracle::new(load(&t), load(&s), cpu_options())
        .err()
        .expect("tasks differ")
        .to_string();
    assert!(
        err.contains(
            "is for clone-detection but student 'devign-student' is for vulnerability-prediction"
        ),
        "{err}"
    );

    let three = write(&TinyBundle {
        labels: 3,
        ..TinyBundle::new("three", Task::CloneDetection)
    });
    let err = Oracle::new(load(&t), load(&three), cpu_options())
        .err()
        .expect("label counts differ")
        .to_string();
    assert!(
        err.contains("has 2 labels but student 'three' has 3"),
        "{err}"
    );
}

#[test]
fn options_are_checked() {
    let (teacher, student) = teacher_student(Task::CloneDetection);
    let (t, s) = (write(&teacher), write(&student));
    let half_on_cpu = OracleOptions {
        precision: Precision::Fp16,
        ..cpu_options()
    };
    let err = Oracle::new(load(&t), load(&s), half_on_cpu)
        .err()
        .expect("fp16 on cpu")
        .to_string();
    assert!(err.contains("needs a CUDA device"), "{err}");

    let zero_batch = OracleOptions {
        batch_size: 0,
        ..cpu_options()
    };
    let err = Oracle::new(load(&t), load(&s), zero_batch)
        .err()
        .expect("batch 0")
        .to_string();
    assert!(err.contains("at least 1"), "{err}");

    if !tch::Cuda::is_available() {
        let on_gpu = OracleOptions {
            device: DeviceChoice::Cuda(0),
            ..cpu_options()
        };
        let err = Oracle::new(load(&t), load(&s), on_gpu)
            .err()
            .expect("no cuda")
            .to_string();
        assert!(err.contains("CUDA is not available"), "{err}");
    }
}

/// Replaces the tokenizer of the bundle in `dir` with the one in `other`.
fn swap_tokenizer(dir: &Path, other: &Path) {
    std::fs::copy(other.join("tokenizer.json"), dir.join("tokenizer.json")).expect("copy");
}

/// Drops "vocab_size" from bundle.json, as in bundles written before it existed.
fn forget_vocab_size(dir: &Path) {
    edit_manifest(dir, |m| {
        m.as_object_mut().expect("an object").remove("vocab_size");
    });
}

#[test]
fn a_tokenizer_of_another_model_is_refused_in_both_directions() {
    let small = TinyBundle {
        vocab_size: 280,
        ..tiny()
    };
    let large = tiny();
    for (model, tokenizer, table) in [(&small, &large, "smaller"), (&large, &small, "larger")] {
        let dir = write(model);
        let other = write(tokenizer);
        swap_tokenizer(dir.path(), other.path());
        refused(
            dir.path(),
            "tokenizer.json",
            "but bundle.json says \"vocab_size\"",
        );
        forget_vocab_size(dir.path());
        let err = refused(
            dir.path(),
            "tokenizer.json",
            &format!("its embedding table is {table}"),
        );
        assert!(
            !err.contains('\n'),
            "one line, no libtorch traceback: {err}"
        );
    }
    // A table larger than the tokenizer on purpose, declared in bundle.json.
    let dir = write(&large);
    let other = write(&small);
    swap_tokenizer(dir.path(), other.path());
    let tokens = load(&other).encoder().vocab_size();
    edit_manifest(dir.path(), |m| m["vocab_size"] = tokens.into());
    load(&dir);
    // Bundles without the field still load with their own tokenizer.
    forget_vocab_size(other.path());
    load(&other);
}

#[test]
fn the_shipped_models_refuse_each_others_tokenizer() {
    let models = Path::new(env!("CARGO_MANIFEST_DIR")).join("models");
    for (model, tokenizer) in [("teacher", "student"), ("student", "teacher")] {
        let dir = tempfile::tempdir().expect("temp dir");
        for file in ["model.pt", "bundle.json"] {
            std::fs::copy(models.join(model).join(file), dir.path().join(file)).expect("copy");
        }
        swap_tokenizer(dir.path(), &models.join(tokenizer));
        refused(dir.path(), "tokenizer.json", "\"vocab_size\"");
        forget_vocab_size(dir.path());
        refused(dir.path(), "tokenizer.json", "its embedding table is");
    }
}

#[test]
fn a_dtype_the_weights_contradict_is_refused() {
    let dir = write(&tiny());
    edit_manifest(dir.path(), |m| m["dtype"] = "float16".into());
    refused(
        dir.path(),
        "bundle.json",
        "\"dtype\": \"float16\" but model.pt stores its weights as float32",
    );
}

#[test]
fn a_corrupt_model_is_reported_in_one_line() {
    let dir = write(&tiny());
    let model = dir.path().join("model.pt");
    let bytes = std::fs::read(&model).expect("read");
    std::fs::write(&model, &bytes[..bytes.len() / 2]).expect("truncate");
    let err = refused(dir.path(), "model.pt", "cannot load the TorchScript model");
    assert!(!err.contains('\n'), "one line, no C++ frames: {err}");
}
