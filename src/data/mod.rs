//! CodeXGLUE data: the sample type shared by every layer above, and readers
//! for BigCloneBench (clone detection) and Devign (vulnerability prediction).
//!
//! Readers stream their files line by line and never panic on user data: a
//! bad row is reported with its file and line and, depending on
//! [`BadRowPolicy`], skipped or turned into an error.
mod bigclonebench;
pub mod clone_pairs;
mod devign;
mod lines;
pub mod seeds;
mod task;

pub use task::{Embedded, NoEmbedded, Reader, Task, TaskSpec, TASKS};

use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// One model input: one code segment (Devign) or two (BigCloneBench), and
/// the ground-truth label when the data set has one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sample {
    /// Stable identifier: Devign's `idx`, or `idx1-idx2` for a clone pair.
    pub id: String,
    pub segments: Vec<String>,
    pub label: Option<usize>,
}

/// What to do with a row that cannot be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BadRowPolicy {
    /// Skip it and record it in the [`LoadReport`].
    #[default]
    Skip,
    /// Stop loading with an error naming the row (`--strict`).
    Fatal,
}

/// How to load a data set.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Split name (`train`, `valid`, `test`) used when PATH is a directory.
    pub split: String,
    /// Stop after this many samples.
    pub limit: Option<usize>,
    pub bad_rows: BadRowPolicy,
    /// How many bad rows to keep in [`LoadReport::issues`]; the rest are only counted.
    pub max_reported_issues: usize,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            split: "test".to_string(),
            limit: None,
            bad_rows: BadRowPolicy::Skip,
            max_reported_issues: 20,
        }
    }
}

/// A row that could not be turned into a sample.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowIssue {
    pub path: PathBuf,
    /// 1-based line number.
    pub line: usize,
    pub problem: String,
}

impl fmt::Display for RowIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.problem)
    }
}

/// What happened to the rows that were not loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    /// Number of bad rows skipped.
    pub skipped_rows: usize,
    /// The first bad rows, up to [`LoadOptions::max_reported_issues`].
    pub issues: Vec<RowIssue>,
}

/// A loaded data set.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub task: Task,
    pub samples: Vec<Sample>,
    pub report: LoadReport,
}

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("cannot read {path}: {error}")]
    Io {
        path: PathBuf,
        /// Shown in the message itself, so not chained as a source.
        error: std::io::Error,
    },
    #[error("bad row (use the default skip policy instead of --strict to skip it): {0}")]
    BadRow(RowIssue),
    #[error("{path}: {reason}")]
    Layout { path: PathBuf, reason: String },
}

pub type Result<T> = std::result::Result<T, DataError>;

/// Loads a CodeXGLUE data set of any task in [`TASKS`], recognising its
/// layout from PATH (each task's reader says whether PATH is laid out its way):
/// - a directory with `data.jsonl` and `<split>.txt` pair files: BigCloneBench;
/// - a directory with `<split>.jsonl`: Devign, that split;
/// - a `.jsonl` file whose rows have `target`: Devign (the only task whose
///   data can be one file).
pub fn load(path: &Path, options: &LoadOptions) -> Result<Dataset> {
    if !path.exists() {
        return Err(DataError::Io {
            path: path.to_path_buf(),
            error: std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or directory"),
        });
    }
    if let Some(read) = TASKS.iter().find_map(|spec| (spec.reader)(path, options)) {
        return read;
    }
    let expected: Vec<String> = TASKS
        .iter()
        .map(|spec| {
            format!(
                "{} ({})",
                spec.layout.replace("<split>", &options.split),
                spec.data_set
            )
        })
        .collect();
    Err(layout(
        path,
        format!("not a data directory: expected {}", expected.join(" or ")),
    ))
}

pub(crate) fn layout(path: &Path, reason: String) -> DataError {
    DataError::Layout {
        path: path.to_path_buf(),
        reason,
    }
}

/// Collects bad rows according to the policy; shared by the readers.
struct IssueSink<'a> {
    options: &'a LoadOptions,
    report: LoadReport,
}

impl<'a> IssueSink<'a> {
    fn new(options: &'a LoadOptions) -> Self {
        IssueSink {
            options,
            report: LoadReport::default(),
        }
    }

    /// Records a bad row, or fails under [`BadRowPolicy::Fatal`].
    fn bad_row(&mut self, path: &Path, line: usize, problem: impl Into<String>) -> Result<()> {
        let issue = RowIssue {
            path: path.to_path_buf(),
            line,
            problem: problem.into(),
        };
        if self.options.bad_rows == BadRowPolicy::Fatal {
            return Err(DataError::BadRow(issue));
        }
        self.report.skipped_rows += 1;
        if self.report.issues.len() < self.options.max_reported_issues {
            self.report.issues.push(issue);
        }
        Ok(())
    }
}

/// Reads a binary label given as 0/1 (number, string "0"/"1" or boolean).
fn binary_label(value: &serde_json::Value) -> std::result::Result<usize, String> {
    match value {
        serde_json::Value::Bool(b) => Ok(usize::from(*b)),
        serde_json::Value::Number(n) => match n.as_u64() {
            Some(v @ (0 | 1)) => Ok(v as usize),
            _ => Err(format!("label {n} is not 0 or 1")),
        },
        serde_json::Value::String(s) => match s.trim() {
            "0" => Ok(0),
            "1" => Ok(1),
            _ => Err(format!("label {s:?} is not 0 or 1")),
        },
        other => Err(format!("label {other} is not 0 or 1")),
    }
}

/// Reads an `idx` given as a string or an integer.
fn index_key(value: &serde_json::Value) -> std::result::Result<String, String> {
    match value {
        serde_json::Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        serde_json::Value::Number(n) if n.is_u64() || n.is_i64() => Ok(n.to_string()),
        other => Err(format!(
            "'idx' must be a string or an integer, found {other}"
        )),
    }
}
