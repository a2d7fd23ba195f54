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
    use crate::cli::Command;
    use metacompress::data::Task;
    use metacompress::model::testing::TinyBundle;

    fn predict_models(args: &[&str]) -> super::super::model_pair::ModelPairArgs {
        let argv = ["metacompress", "predict"].iter().chain(args).copied();
        match Cli::try_parse_from(argv).expect("parses").command {
            Command::Predict(predict) => predict.models,
            _ => unreachable!("parsed as predict"),
        }
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
}
