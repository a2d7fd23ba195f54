//! Devign (CodeXGLUE defect detection): one JSON object per line,
//! `{"func": "...", "target": 0|1, "project": ..., "commit_id": ..., "idx": ...}`.
use super::lines::Lines;
use super::{binary_label, index_key, Dataset, IssueSink, LoadOptions, Result, Sample, Task};
use std::path::Path;

/// A directory with `<split>.jsonl`, or any file: Devign is the only data
/// set that can be a single file.
pub(super) fn read(path: &Path, options: &LoadOptions) -> Option<Result<Dataset>> {
    if path.is_dir() {
        let split = path.join(format!("{}.jsonl", options.split));
        return split.is_file().then(|| load(&split, options));
    }
    if path.extension().and_then(|e| e.to_str()) == Some("jsonl") {
        return Some(load(path, options));
    }
    Some(Err(super::layout(
        path,
        "expected a Devign .jsonl file or a data directory".to_string(),
    )))
}

fn load(path: &Path, options: &LoadOptions) -> Result<Dataset> {
    let mut lines = Lines::open(path)?;
    let mut sink = IssueSink::new(options);
    let mut samples = Vec::new();
    while options.limit.is_none_or(|limit| samples.len() < limit) {
        let Some(line) = lines.next_line()? else {
            break;
        };
        match line.text.and_then(|text| parse_row(&text, line.number)) {
            Ok(sample) => samples.push(sample),
            Err(problem) => sink.bad_row(path, line.number, problem)?,
        }
    }
    Ok(Dataset {
        task: Task::VulnerabilityPrediction,
        samples,
        report: sink.report,
    })
}

fn parse_row(text: &str, line: usize) -> std::result::Result<Sample, String> {
    let row: serde_json::Value =
        serde_json::from_str(text).map_err(|err| format!("invalid JSON: {err}"))?;
    let object = row
        .as_object()
        .ok_or_else(|| "expected a JSON object".to_string())?;
    let func = match object.get("func") {
        Some(serde_json::Value::String(func)) => func.clone(),
        Some(other) => return Err(format!("'func' must be a string, found {}", kind(other))),
        None => return Err("missing field 'func'".to_string()),
    };
    let label = match object.get("target") {
        Some(target) => binary_label(target).map_err(|err| format!("'target': {err}"))?,
        None => return Err("missing field 'target'".to_string()),
    };
    // Devign rows carry an idx; a file without one still gets stable ids.
    let id = match object.get("idx") {
        Some(idx) => index_key(idx)?,
        None => format!("line{line}"),
    };
    Ok(Sample {
        id,
        segments: vec![func],
        label: Some(label),
    })
}

/// A JSON value's kind, for messages.
pub(super) fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
