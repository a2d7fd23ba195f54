//! `metacompress predict`: both models on a data split, their task metrics
//! and the student's fidelity to the teacher.
use super::model_pair::{given_or_embedded, ModelPairArgs};
use anyhow::{bail, Context, Result};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use metacompress::data::{self, BadRowPolicy, Dataset, LoadOptions, Sample};
use metacompress::fidelity::{fidelity, FidelityOptions, FidelityReport, TaskMetrics, Verdict};
use serde::Serialize;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

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
    /// Also write one JSON line per sample here: id, both models'
    /// probabilities and labels, and the ground truth (null when unknown).
    #[arg(long, value_name = "FILE.jsonl")]
    per_sample: Option<PathBuf>,
}

/// A table row: its label and how to read it from a model's metrics.
type MetricRow = (&'static str, fn(&TaskMetrics) -> f64);

/// How many skipped rows are named one by one before a summary line.
const WARNED_ROWS: usize = 10;

pub fn run(args: PredictArgs) -> Result<()> {
    let task = args.models.task()?;
    let data_path = given_or_embedded(&args.data, task, |e| e.test_split)?;
    // Created first, so that a bad path fails before anything runs.
    let per_sample = args
        .per_sample
        .as_deref()
        .map(PerSampleFile::create)
        .transpose()?;
    // Opening the oracle checks the model options (--batch-size …), which
    // should not wait for a large data set to load.
    let oracle = args.models.open_oracle()?;

    let dataset = load_dataset(&args, &data_path)?;
    if oracle.task() != dataset.task {
        bail!(
            "the bundles are for {} but {} holds {} data",
            oracle.task(),
            data_path.display(),
            dataset.task
        );
    }

    let mut progress = Progress::new(dataset.samples.len());
    let verdicts = oracle.run_with_progress(&dataset.samples, |done| progress.update(done))?;
    progress.finish();

    if let Some(file) = per_sample {
        file.write(&dataset.samples, &verdicts)?;
    }
    let truth: Vec<Option<usize>> = dataset.samples.iter().map(|s| s.label).collect();
    let report = fidelity(&verdicts, &truth, FidelityOptions::default());
    if args.json {
        println!("{}", json_report(&report, dataset.report.skipped_rows));
    } else {
        print!("{}", table(&report, dataset.report.skipped_rows));
    }
    Ok(())
}

/// The data set, its skipped rows reported; `Err` when nothing is left.
fn load_dataset(args: &PredictArgs, path: &Path) -> Result<Dataset> {
    let dataset = data::load(
        path,
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
        bail!("{}: no usable samples", path.display());
    }
    Ok(dataset)
}

/// Progress of a run: a bar on a terminal; elsewhere (a log, CI) a line
/// every [`LOG_EVERY`] and one at the end.
enum Progress {
    Bar(ProgressBar),
    Lines(ProgressLines),
}

const LOG_EVERY: Duration = Duration::from_secs(10);

impl Progress {
    fn new(total: usize) -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress::Lines(ProgressLines::new(total, LOG_EVERY));
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} samples  {per_sec}  eta {eta}")
        {
            bar.set_style(style);
        }
        Progress::Bar(bar)
    }

    fn update(&mut self, done: usize) {
        match self {
            Progress::Bar(bar) => bar.set_position(done as u64),
            Progress::Lines(lines) => {
                if let Some(line) = lines.line(done) {
                    eprintln!("{line}");
                }
            }
        }
    }

    fn finish(self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

/// The lines of [`Progress::Lines`].
struct ProgressLines {
    total: usize,
    every: Duration,
    last: Instant,
}

impl ProgressLines {
    fn new(total: usize, every: Duration) -> Self {
        ProgressLines {
            total,
            every,
            last: Instant::now(),
        }
    }

    /// The line to print after `done` samples, if one is due.
    fn line(&mut self, done: usize) -> Option<String> {
        if done < self.total && self.last.elapsed() < self.every {
            return None;
        }
        self.last = Instant::now();
        let percent = 100 * done / self.total.max(1);
        Some(format!(
            "predict: {done}/{} samples ({percent}%)",
            self.total
        ))
    }
}

/// `--per-sample`: one JSON object per line and sample.
struct PerSampleFile {
    path: PathBuf,
    out: BufWriter<File>,
}

impl PerSampleFile {
    fn create(path: &Path) -> Result<Self> {
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(PerSampleFile {
            path: path.to_path_buf(),
            out: BufWriter::new(file),
        })
    }

    fn write(mut self, samples: &[Sample], verdicts: &[Verdict]) -> Result<()> {
        let mut write = || -> std::io::Result<()> {
            for (sample, verdict) in samples.iter().zip(verdicts) {
                serde_json::to_writer(&mut self.out, &PerSampleLine::new(sample, verdict))?;
                writeln!(self.out)?;
            }
            self.out.flush()
        };
        write().with_context(|| format!("writing {}", self.path.display()))
    }
}

/// A line of `--per-sample`; f32 fields keep their f32 digits in JSON.
#[derive(Serialize)]
struct PerSampleLine<'a> {
    id: &'a str,
    teacher_probs: &'a [f32],
    student_probs: &'a [f32],
    teacher_label: usize,
    student_label: usize,
    truth: Option<usize>,
}

impl<'a> PerSampleLine<'a> {
    fn new(sample: &'a Sample, verdict: &'a Verdict) -> Self {
        PerSampleLine {
            id: &sample.id,
            teacher_probs: &verdict.teacher.probs,
            student_probs: &verdict.student.probs,
            teacher_label: verdict.teacher.label,
            student_label: verdict.student.label,
            truth: sample.label,
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_lines_come_when_due_and_at_the_end() {
        let mut quiet = ProgressLines::new(4, Duration::from_secs(3600));
        assert_eq!(quiet.line(1), None);
        assert_eq!(
            quiet.line(4).as_deref(),
            Some("predict: 4/4 samples (100%)")
        );
        let mut every_time = ProgressLines::new(4, Duration::ZERO);
        assert_eq!(
            every_time.line(1).as_deref(),
            Some("predict: 1/4 samples (25%)")
        );
    }
}
