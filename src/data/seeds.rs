//! Seed corpora: the fuzzers' input format and the directory that holds seeds.
//!
//! One fuzzing input is plain text: the sample's code segments, separated by
//! a line holding exactly [`SEGMENT_DELIMITER`] (clone pairs have two
//! segments, Devign samples one). Both fuzz engines read and write this format,
//! so a finding of one can seed the other.
//!
//! A seed corpus directory looks like this:
//!
//! ```text
//! corpus.json   {"format": "metacompress-corpus/1", "task": "clone-detection"}
//! labels.tsv    optional: <file name> TAB <label>, ground truth per seed
//! seeds/        one input per file, in the format above (a libFuzzer corpus dir)
//! ```
use super::{Sample, Task};
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::{Path, PathBuf};

/// The line between two segments of one input. A Java and C line comment,
/// so a segment that accidentally keeps it still parses.
pub const SEGMENT_DELIMITER: &str = "// ==== metacompress: next segment ====";

/// The only corpus manifest version this build reads.
pub const CORPUS_FORMAT: &str = "metacompress-corpus/1";

/// Inputs larger than this are not code a model reads (CodeBERT sees 512 tokens).
pub const MAX_INPUT_BYTES: usize = 1 << 20;

const MANIFEST: &str = "corpus.json";
const LABELS: &str = "labels.tsv";
const SEEDS: &str = "seeds";

/// Joins a sample's segments into one fuzzing input.
pub fn to_text(segments: &[String]) -> String {
    let mut text = String::new();
    for (i, segment) in segments.iter().enumerate() {
        if i > 0 {
            if !text.ends_with('\n') {
                text.push('\n');
            }
            text.push_str(SEGMENT_DELIMITER);
            text.push('\n');
        }
        text.push_str(segment);
    }
    text
}

/// Splits a fuzzing input into the segments a sample of `task` needs.
pub fn from_text(text: &str, task: Task) -> Result<Vec<String>, String> {
    let mut segments = vec![String::new()];
    for line in text.split_inclusive('\n') {
        if line.trim_end_matches(['\n', '\r']) == SEGMENT_DELIMITER {
            segments.push(String::new());
        } else if let Some(last) = segments.last_mut() {
            last.push_str(line);
        }
    }
    // The newline before a delimiter belongs to the delimiter line.
    let count = segments.len();
    for segment in &mut segments[..count - 1] {
        if segment.ends_with('\n') {
            segment.pop();
            if segment.ends_with('\r') {
                segment.pop();
            }
        }
    }
    if segments.len() != task.segments() {
        return Err(format!(
            "{} segment(s) found, {} needs {} (segments are separated by a line `{}`)",
            segments.len(),
            task,
            task.segments(),
            SEGMENT_DELIMITER
        ));
    }
    if let Some(i) = segments.iter().position(|s| s.trim().is_empty()) {
        return Err(format!("segment {} is empty", i + 1));
    }
    Ok(segments)
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CorpusManifest {
    format: String,
    task: Task,
}

/// The seeds of a corpus directory, in file-name order.
#[derive(Debug, Clone)]
pub struct SeedCorpus {
    pub task: Task,
    /// `id` is the seed's file name; `label` comes from `labels.tsv`.
    pub seeds: Vec<Sample>,
    /// Files that could not be read as inputs, with the reason.
    pub skipped: Vec<(PathBuf, String)>,
}

#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    #[error("cannot read {path}: {error}")]
    Read {
        path: PathBuf,
        /// Shown in the message itself, so not chained as a source.
        error: std::io::Error,
    },
    #[error("cannot write {path}: {error}")]
    Write {
        path: PathBuf,
        /// Shown in the message itself, so not chained as a source.
        error: std::io::Error,
    },
    #[error("{path}: {reason}")]
    Invalid { path: PathBuf, reason: String },
}

/// Reads a seed corpus directory. Unreadable seed files are skipped and
/// listed; a missing or malformed `corpus.json` or `labels.tsv` is an error.
pub fn load_corpus(dir: &Path) -> Result<SeedCorpus, CorpusError> {
    let task = read_manifest(dir)?;
    let labels = read_labels(&dir.join(LABELS), task)?;
    let seeds_dir = dir.join(SEEDS);
    let mut names = Vec::new();
    let entries = fs::read_dir(&seeds_dir).map_err(|error| CorpusError::Read {
        path: seeds_dir.clone(),
        error,
    })?;
    for entry in entries {
        let entry = entry.map_err(|error| CorpusError::Read {
            path: seeds_dir.clone(),
            error,
        })?;
        if entry.path().is_file() {
            names.push(entry.file_name());
        }
    }
    names.sort();
    let mut corpus = SeedCorpus {
        task,
        seeds: Vec::new(),
        skipped: Vec::new(),
    };
    for name in names {
        let path = seeds_dir.join(&name);
        let Some(name) = name.to_str().map(str::to_string) else {
            corpus.skipped.push((path, "file name is not UTF-8".into()));
            continue;
        };
        match read_seed(&path, task) {
            Ok(segments) => corpus.seeds.push(Sample {
                label: labels.iter().find(|(n, _)| *n == name).map(|(_, l)| *l),
                id: name,
                segments,
            }),
            Err(reason) => corpus.skipped.push((path, reason)),
        }
    }
    Ok(corpus)
}

fn read_seed(path: &Path, task: Task) -> Result<Vec<String>, String> {
    let bytes = fs::read(path).map_err(|e| e.to_string())?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "{} bytes, more than the {MAX_INPUT_BYTES}-byte limit",
            bytes.len()
        ));
    }
    let text = String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    from_text(&text, task)
}

fn read_manifest(dir: &Path) -> Result<Task, CorpusError> {
    let path = dir.join(MANIFEST);
    let text = fs::read_to_string(&path).map_err(|error| CorpusError::Read {
        path: path.clone(),
        error,
    })?;
    let manifest: CorpusManifest =
        serde_json::from_str(&text).map_err(|e| CorpusError::Invalid {
            path: path.clone(),
            reason: e.to_string(),
        })?;
    if manifest.format != CORPUS_FORMAT {
        return Err(CorpusError::Invalid {
            path,
            reason: format!(
                "format {:?}, this build reads {CORPUS_FORMAT:?}",
                manifest.format
            ),
        });
    }
    Ok(manifest.task)
}

/// Reads `labels.tsv`; each label must be one of `task`'s classes.
fn read_labels(path: &Path, task: Task) -> Result<Vec<(String, usize)>, CorpusError> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    let text = fs::read_to_string(path).map_err(|error| CorpusError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    let mut labels = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let invalid = |reason: String| CorpusError::Invalid {
            path: path.to_path_buf(),
            reason: format!("line {}: {reason}", i + 1),
        };
        let (name, label) = line
            .split_once('\t')
            .ok_or_else(|| invalid("expected <file name> TAB <label>".into()))?;
        let label = label
            .trim()
            .parse::<usize>()
            .map_err(|_| invalid(format!("label {label:?} is not a class number")))?;
        let classes = task.spec().labels;
        if label >= classes.len() {
            return Err(invalid(format!(
                "label {label} is not a class of {task} (0 to {}: {})",
                classes.len() - 1,
                classes.join(", ")
            )));
        }
        labels.push((name.to_string(), label));
    }
    Ok(labels)
}

/// Writes seeds (each sample's `id` becomes its file name) as a corpus
/// directory. Each file is written to a temporary name and renamed, so an
/// interrupted write never leaves a half-written seed.
pub fn write_corpus(dir: &Path, task: Task, seeds: &[Sample]) -> Result<(), CorpusError> {
    let seeds_dir = dir.join(SEEDS);
    fs::create_dir_all(&seeds_dir).map_err(|error| CorpusError::Write {
        path: seeds_dir.clone(),
        error,
    })?;
    let manifest = CorpusManifest {
        format: CORPUS_FORMAT.to_string(),
        task,
    };
    let manifest = serde_json::to_string_pretty(&manifest).expect("a manifest serialises") + "\n";
    write_atomic(&dir.join(MANIFEST), manifest.as_bytes())?;
    let mut labels = String::new();
    for seed in seeds {
        if !is_plain_file_name(&seed.id) {
            return Err(CorpusError::Invalid {
                path: seeds_dir.clone(),
                reason: format!("seed id {:?} cannot be a file name", seed.id),
            });
        }
        if seed.segments.len() != task.segments() {
            return Err(CorpusError::Invalid {
                path: seeds_dir.join(&seed.id),
                reason: format!(
                    "{} segment(s), {task} needs {}",
                    seed.segments.len(),
                    task.segments()
                ),
            });
        }
        write_atomic(
            &seeds_dir.join(&seed.id),
            to_text(&seed.segments).as_bytes(),
        )?;
        if let Some(label) = seed.label {
            labels.push_str(&format!("{}\t{label}\n", seed.id));
        }
    }
    write_atomic(&dir.join(LABELS), labels.as_bytes())
}

fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Writes `bytes` to `path` through a temporary file in the same directory.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CorpusError> {
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = path.with_file_name(format!(".{file_name}.tmp"));
    let write_err = |error| CorpusError::Write {
        path: path.to_path_buf(),
        error,
    };
    fs::write(&tmp, bytes).map_err(write_err)?;
    fs::rename(&tmp, path).map_err(write_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair() -> Vec<String> {
        vec![
            "int f(int a) {\n  return a;\n}".to_string(),
            "int g(int b) {\n  return b;\n}\n".to_string(),
        ]
    }

    #[test]
    fn text_round_trips_segments() {
        let segments = pair();
        let text = to_text(&segments);
        assert_eq!(text.matches(SEGMENT_DELIMITER).count(), 1);
        assert_eq!(from_text(&text, Task::CloneDetection).unwrap(), segments);
        let one = vec!["void f() {}\n".to_string()];
        assert_eq!(
            from_text(&to_text(&one), Task::VulnerabilityPrediction).unwrap(),
            one
        );
    }

    #[test]
    fn text_with_the_wrong_segment_count_is_rejected() {
        let text = to_text(&pair());
        assert!(from_text(&text, Task::VulnerabilityPrediction).is_err());
        assert!(from_text("int f() {}", Task::CloneDetection).is_err());
        let empty_second = format!("int f() {{}}\n{SEGMENT_DELIMITER}\n  \n");
        assert!(from_text(&empty_second, Task::CloneDetection).is_err());
    }

    #[test]
    fn corpus_round_trips_with_labels_and_skips_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let seeds = vec![
            Sample {
                id: "a.txt".into(),
                segments: pair(),
                label: Some(1),
            },
            Sample {
                id: "b.txt".into(),
                segments: pair(),
                label: None,
            },
        ];
        write_corpus(dir.path(), Task::CloneDetection, &seeds).unwrap();
        fs::write(dir.path().join("seeds/c.txt"), [0xff, 0xfe]).unwrap();
        fs::write(dir.path().join("seeds/d.txt"), "only one segment").unwrap();
        let corpus = load_corpus(dir.path()).unwrap();
        assert_eq!(corpus.task, Task::CloneDetection);
        assert_eq!(corpus.seeds, seeds);
        let skipped: Vec<_> = corpus
            .skipped
            .iter()
            .map(|(p, _)| p.file_name().unwrap().to_str().unwrap())
            .collect();
        assert_eq!(skipped, ["c.txt", "d.txt"]);
    }

    #[test]
    fn corpus_errors_name_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let err = load_corpus(dir.path()).unwrap_err().to_string();
        assert!(err.contains("corpus.json"), "{err}");
        let err = labels_error("a.txt\tyes\n");
        assert!(
            err.contains("labels.tsv") && err.contains("line 1"),
            "{err}"
        );
        let bad_id = Sample {
            id: "../x".into(),
            segments: pair(),
            label: None,
        };
        assert!(write_corpus(dir.path(), Task::CloneDetection, &[bad_id]).is_err());
    }

    /// The error of loading a corpus without seeds whose labels.tsv is `labels`.
    fn labels_error(labels: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        write_corpus(dir.path(), Task::CloneDetection, &[]).unwrap();
        fs::write(dir.path().join("labels.tsv"), labels).unwrap();
        load_corpus(dir.path()).unwrap_err().to_string()
    }

    #[test]
    fn a_label_the_task_lacks_is_refused() {
        let err = labels_error("a.txt\t1\nb.txt\t5\n");
        assert!(
            err.contains("labels.tsv") && err.contains("line 2: label 5 is not a class"),
            "{err}"
        );
    }
}
