//! The command line, parsed and run in this process.
use super::{run_with_args, Cli};
use clap::Parser;
use std::path::Path;
use std::process::ExitCode;

fn fixture(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative)
        .display()
        .to_string()
}

#[test]
fn version_succeeds_and_bad_arguments_exit_2() {
    assert_eq!(
        run_with_args(["metacompress", "--version"]),
        ExitCode::SUCCESS
    );
    assert_eq!(
        run_with_args(["metacompress", "relations", "--lang", "cobol"]),
        ExitCode::from(2)
    );
    assert_eq!(
        run_with_args(["metacompress", "no-such-command"]),
        ExitCode::from(2)
    );
}

#[test]
fn a_command_runs_in_process_and_writes_its_output() {
    let out = tempfile::tempdir().unwrap();
    let corpus = out.path().join("seeds");
    let code = run_with_args([
        "metacompress",
        "data",
        "seeds",
        "--data",
        &fixture("bcb-mini"),
        "--limit",
        "3",
        "--out",
        &corpus.display().to_string(),
    ]);
    assert_eq!(code, ExitCode::SUCCESS);
    let seeds = std::fs::read_dir(corpus.join("seeds")).unwrap().count();
    assert_eq!(seeds, 3);
    // A failing command exits 1 (a missing data set).
    let missing = out.path().join("nowhere").display().to_string();
    let code = run_with_args([
        "metacompress",
        "data",
        "seeds",
        "--data",
        &missing,
        "--out",
        &corpus.display().to_string(),
    ]);
    assert_eq!(code, ExitCode::FAILURE);
}

#[cfg(feature = "torch")]
mod model_pair {
    use super::*;
    use crate::cli::predict::PredictArgs;
    use crate::cli::Command;
    use metacompress::data::Task;
    use metacompress::model::testing::TinyBundle;

    fn predict_args(args: &[&str]) -> PredictArgs {
        let argv = ["metacompress", "predict"].iter().chain(args).copied();
        match Cli::try_parse_from(argv).expect("parses").command {
            Command::Predict(predict) => predict,
            _ => unreachable!("parsed as predict"),
        }
    }

    fn predict_models(args: &[&str]) -> super::super::model_pair::ModelPairArgs {
        predict_args(args).models
    }

    #[test]
    fn the_task_comes_from_the_flag_then_the_teacher_then_the_default() {
        assert_eq!(predict_models(&[]).task().unwrap(), Task::CloneDetection);
        let (teacher, student) = predict_models(&[]).dirs().unwrap();
        assert!(teacher.ends_with("models/teacher"), "{}", teacher.display());
        assert!(student.ends_with("models/student"), "{}", student.display());

        let dir = tempfile::tempdir().unwrap();
        TinyBundle::new("c-teacher", Task::VulnerabilityPrediction)
            .write(dir.path())
            .unwrap();
        let path = dir.path().display().to_string();
        let from_teacher = predict_models(&["--teacher", &path]);
        assert_eq!(from_teacher.task().unwrap(), Task::VulnerabilityPrediction);
        let flag = predict_models(&["--teacher", &path, "--task", "clone-detection"]);
        assert_eq!(flag.task().unwrap(), Task::CloneDetection);
    }

    #[test]
    fn a_task_without_embedded_models_asks_for_bundles() {
        let models = predict_models(&["--task", "vulnerability-prediction"]);
        let err = models.dirs().unwrap_err().to_string();
        assert!(err.contains("--teacher"), "{err}");
        let err = models.open_oracle().err().expect("refused").to_string();
        assert!(err.contains("no embedded models"), "{err}");
    }

    #[test]
    fn a_zero_batch_size_is_refused_naming_the_flag() {
        let models = predict_models(&["--batch-size", "0"]);
        let err = models.open_oracle().err().expect("refused").to_string();
        assert!(err.contains("--batch-size"), "{err}");
    }

    #[test]
    fn absurd_counts_are_refused_instead_of_sizing_queues_and_pools() {
        let huge = "18446744073709551615";
        let models = predict_models(&["--batch-size", huge]);
        let err = models.oracle_options().unwrap_err().to_string();
        assert!(err.contains("--batch-size"), "{err}");
        for args in [
            ["fuzz", "--budget", "1s", "--generation", huge],
            ["bench", "oracle", "--threads", "0", "--no-python"],
            ["bench", "oracle", "--samples", huge, "--no-python"],
            ["bench", "oracle", "--batch-size", huge, "--no-python"],
        ] {
            let argv = ["metacompress"].into_iter().chain(args);
            assert_eq!(run_with_args(argv), ExitCode::from(2), "{args:?}");
        }
    }

    /// Runs `predict` with `args`, its result rather than an exit code.
    fn predict(args: &[&str]) -> anyhow::Result<()> {
        crate::cli::predict::run(predict_args(args))
    }

    #[test]
    fn predict_refuses_a_zero_batch_size_before_reading_data() {
        let err = predict(&["--batch-size", "0", "--data", "/nowhere/at/all"])
            .expect_err("refused")
            .to_string();
        assert!(err.contains("--batch-size"), "{err}");
    }

    #[test]
    fn predict_writes_one_line_per_sample() {
        let dir = tempfile::tempdir().unwrap();
        let bundle = |name: &str, seed: i64| {
            let path = dir.path().join(name);
            TinyBundle {
                seed,
                ..TinyBundle::new(name, Task::CloneDetection)
            }
            .write(&path)
            .unwrap();
            path.display().to_string()
        };
        let (teacher, student) = (bundle("teacher", 1), bundle("student", 7));
        let lines = dir.path().join("samples.jsonl");
        predict(&[
            "--teacher",
            &teacher,
            "--student",
            &student,
            "--device",
            "cpu",
            "--data",
            &fixture("bcb-mini"),
            "--limit",
            "5",
            "--per-sample",
            &lines.display().to_string(),
        ])
        .expect("predict runs");
        let text = std::fs::read_to_string(&lines).unwrap();
        let rows: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).expect("a JSON line"))
            .collect();
        assert_eq!(rows.len(), 5, "{text}");
        for row in &rows {
            assert!(row["id"].is_string(), "{row}");
            assert!(row["truth"].is_u64(), "{row}");
            for model in ["teacher", "student"] {
                let probs = row[format!("{model}_probs")].as_array().expect("probs");
                let sum: f64 = probs.iter().filter_map(|p| p.as_f64()).sum();
                assert!(probs.len() == 2 && (sum - 1.0).abs() < 1e-4, "{row}");
                assert!(row[format!("{model}_label")].as_u64() < Some(2), "{row}");
            }
        }
    }
}
