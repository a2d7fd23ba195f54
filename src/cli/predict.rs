//! `metacompress predict`: both models on a data split, their task metrics
//! and the student's fidelity to the teacher.
use super::model_pair::{data_path, ModelPairArgs};
use anyhow::{bail, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use metacompress::data::{self, BadRowPolicy, LoadOptions};
use metacompress::fidelity::{fidelity, FidelityOptions, FidelityReport, TaskMetrics};
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Args)]
#[command(after_long_help = "\
DATA FORMATS (CodeXGLUE):
  BigCloneBench  a directory with data.jsonl ({\"func\": ..., \"idx\": ...} per line) and
                 pair files train.txt / valid.txt / test.txt (idx1<TAB>idx2<TAB>label;
                 a fourth column, as Compressor writes, is ignored)
  Devign         a .jsonl file ({\"func\": ..., \"target\": 0|1, ...} per line), or a
                 directory with train.jsonl / valid.jsonl / test.jsonl

Bad rows (invalid JSON, missing fields, unknown idx, bad labels, non-UTF-8 lines) are
skipped with a warning naming file and line; --strict stops at the first one.")]
pub struct PredictArgs {
    #[command(flatten)]
    pub models: ModelPairArgs,
    /// Data set: a BigCloneBench directory, a Devign .jsonl file or a Devign
    /// split directory (see DATA FORMATS below). Default: the committed test
    /// split of the task's embedded models.
    #[arg(long, value_name = "PATH")]
    data: Option<PathBuf>,
    /// Split to read from a data directory: train, valid or test.
    #[arg(long, default_value = "test")]
    split: String,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    /// Use only the first N samples of the split.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Stop at the first bad data row instead of skipping it.
    #[arg(long)]
    strict: bool,
}

/// A table row: its label and how to read it from a model's metrics.
type MetricRow = (&'static str, fn(&TaskMetrics) -> f64);

/// How many skipped rows are named one by one before a summary line.
const WARNED_ROWS: usize = 10;

pub fn run(args: PredictArgs) -> Result<()> {
    let task = args.models.task()?;
    let data_path = data_path(&args.data, task, |e| e.test_split)?;

    let dataset = data::load(
        &data_path,
        &LoadOptions {
            split: args.split.clone(),
            limit: args.limit,
            bad_rows: if args.strict {
                BadRowPolicy::Fatal
            } else {
                BadRowPolicy::Skip
            },
            max_reported_issues: WARNED_ROWS,
        },
    )?;
    for issue in &dataset.report.issues {
        eprintln!("warning: skipped {issue}");
    }
    let unnamed = dataset.report.skipped_rows - dataset.report.issues.len();
    if unnamed > 0 {
        eprintln!("warning: skipped {unnamed} more bad row(s)");
    }
    if dataset.samples.is_empty() {
        bail!("{}: no usable samples", data_path.display());
    }

    let oracle = args.models.open_oracle()?;
    if oracle.task() != dataset.task {
        bail!(
            "the bundles are for {} but {} holds {} data",
            oracle.task(),
            data_path.display(),
            dataset.task
        );
    }

    let progress = progress_bar(dataset.samples.len(), args.json);
    let verdicts =
        oracle.run_with_progress(&dataset.samples, |done| progress.set_position(done as u64))?;
    progress.finish_and_clear();

    let truth: Vec<Option<usize>> = dataset.samples.iter().map(|s| s.label).collect();
    let report = fidelity(&verdicts, &truth, FidelityOptions::default());
    if args.json {
        println!("{}", json_report(&report, dataset.report.skipped_rows));
    } else {
        print!("{}", table(&report, dataset.report.skipped_rows));
    }
    Ok(())
}

fn progress_bar(total: usize, json: bool) -> ProgressBar {
    if json || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} samples  {per_sec}  eta {eta}")
    {
        bar.set_style(style);
    }
    bar
}

fn json_report(report: &FidelityReport, skipped_rows: usize) -> serde_json::Value {
    let metrics = |m: Option<TaskMetrics>| {
        m.map(|m| {
            serde_json::json!({
                "accuracy": m.accuracy, "precision": m.precision,
                "recall": m.recall, "f1": m.f1, "ece": m.ece,
            })
        })
    };
    serde_json::json!({
        "teacher": metrics(report.teacher),
        "student": metrics(report.student),
        "agreement": report.agreement,
        "fidelity": {
            "mean_jensen_shannon_bits": report.mean_jensen_shannon,
            "js_similarity": report.js_similarity,
            "mean_total_variation": report.mean_total_variation,
            "high_confidence": report.high_confidence,
            "ece_gap": report.ece_gap,
        },
        "labelled": report.labelled,
        "samples": report.samples,
        "skipped_rows": skipped_rows,
    })
}

fn table(report: &FidelityReport, skipped_rows: usize) -> String {
    let mut out = String::new();
    let mut line = |label: &str, teacher: String, student: String| {
        out.push_str(&format!("{label:<34} {teacher:>10} {student:>10}\n"));
    };
    line("", "teacher".into(), "student".into());
    match (report.teacher, report.student) {
        (Some(t), Some(s)) => {
            let rows: [MetricRow; 5] = [
                ("accuracy", |m| m.accuracy),
                ("precision", |m| m.precision),
                ("recall", |m| m.recall),
                ("F1", |m| m.f1),
                ("ECE (10 bins)", |m| m.ece),
            ];
            for (label, value) in rows {
                line(
                    label,
                    format!("{:.4}", value(&t)),
                    format!("{:.4}", value(&s)),
                );
            }
        }
        _ => line("(no ground-truth labels)", "-".into(), "-".into()),
    }
    let mut measure = |label: &str, value: String| line(label, String::new(), value);
    measure("agreement", format!("{:.4}", report.agreement));
    measure(
        "mean Jensen-Shannon (bits)",
        format!("{:.4}", report.mean_jensen_shannon),
    );
    measure(
        "JS similarity (1 - mean JS)",
        format!("{:.4}", report.js_similarity),
    );
    measure(
        "mean total variation",
        format!("{:.4}", report.mean_total_variation),
    );
    let hc = report.high_confidence;
    measure(
        &format!("high-confidence kept (tau {:.2})", hc.threshold),
        match hc.rate {
            Some(rate) => format!("{rate:.4}"),
            None => "-".to_string(),
        },
    );
    measure(
        "  teacher-confident samples",
        format!("{}/{}", hc.preserved, hc.teacher_confident),
    );
    if let Some(gap) = report.ece_gap {
        measure("ECE gap |student - teacher|", format!("{gap:.4}"));
    }
    out.push_str(&format!(
        "samples {} (labelled {}), skipped rows {}\n",
        report.samples, report.labelled, skipped_rows
    ));
    out
}
