//! BigCloneBench (CodeXGLUE clone detection): `data.jsonl` rows
//! `{"func": "...", "idx": ...}` and pair files with lines
//! `idx1<TAB>idx2<TAB>label` (Compressor's extra fourth column is ignored).
//!
//! The pair file is read first so that only the functions it references are
//! kept from `data.jsonl`.
use super::devign::kind;
use super::lines::Lines;
use super::{binary_label, index_key, Dataset, IssueSink, LoadOptions, Result, Sample, Task};
use std::collections::{HashMap, HashSet};
use std::path::Path;

struct Pair {
    line: usize,
    left: String,
    right: String,
    label: usize,
}

/// A directory with `data.jsonl` is BigCloneBench's; it needs the split's pair file.
pub(super) fn read(path: &Path, options: &LoadOptions) -> Option<Result<Dataset>> {
    let data_jsonl = path.join("data.jsonl");
    if !path.is_dir() || !data_jsonl.is_file() {
        return None;
    }
    let pairs = path.join(format!("{}.txt", options.split));
    if !pairs.is_file() {
        return Some(Err(super::layout(
            path,
            format!(
                "BigCloneBench directory (has data.jsonl) without the pair file {}.txt for split '{}'",
                options.split, options.split
            ),
        )));
    }
    Some(load(&data_jsonl, &pairs, options))
}

fn load(data_jsonl: &Path, pairs_path: &Path, options: &LoadOptions) -> Result<Dataset> {
    let mut sink = IssueSink::new(options);
    let pairs = read_pairs(pairs_path, options, &mut sink)?;
    let wanted: HashSet<&str> = pairs
        .iter()
        .flat_map(|pair| [pair.left.as_str(), pair.right.as_str()])
        .collect();
    let functions = read_functions(data_jsonl, &wanted, &mut sink)?;
    let mut samples = Vec::with_capacity(pairs.len());
    for pair in &pairs {
        let missing = [&pair.left, &pair.right]
            .into_iter()
            .find(|idx| !functions.contains_key(idx.as_str()));
        if let Some(idx) = missing {
            sink.bad_row(
                pairs_path,
                pair.line,
                format!(
                    "unknown idx '{idx}': no usable row with this idx in {}",
                    data_jsonl.display()
                ),
            )?;
            continue;
        }
        samples.push(Sample {
            id: format!("{}-{}", pair.left, pair.right),
            segments: vec![
                functions[pair.left.as_str()].clone(),
                functions[pair.right.as_str()].clone(),
            ],
            label: Some(pair.label),
        });
    }
    Ok(Dataset {
        task: Task::CloneDetection,
        samples,
        report: sink.report,
    })
}

fn read_pairs(path: &Path, options: &LoadOptions, sink: &mut IssueSink) -> Result<Vec<Pair>> {
    let mut lines = Lines::open(path)?;
    let mut pairs = Vec::new();
    while options.limit.is_none_or(|limit| pairs.len() < limit) {
        let Some(line) = lines.next_line()? else {
            break;
        };
        match line.text.and_then(|text| parse_pair(&text, line.number)) {
            Ok(pair) => pairs.push(pair),
            Err(problem) => sink.bad_row(path, line.number, problem)?,
        }
    }
    Ok(pairs)
}

fn parse_pair(text: &str, line: usize) -> std::result::Result<Pair, String> {
    let fields: Vec<&str> = text.split('\t').map(str::trim).collect();
    if fields.len() < 3 || fields[..3].iter().any(|field| field.is_empty()) {
        return Err(format!(
            "expected 'idx1<TAB>idx2<TAB>label', found {} tab-separated field(s)",
            fields.iter().filter(|field| !field.is_empty()).count()
        ));
    }
    let label = binary_label(&serde_json::Value::String(fields[2].to_string()))?;
    Ok(Pair {
        line,
        left: fields[0].to_string(),
        right: fields[1].to_string(),
        label,
    })
}

/// Reads `data.jsonl`, keeping the functions whose idx is wanted.
fn read_functions(
    path: &Path,
    wanted: &HashSet<&str>,
    sink: &mut IssueSink,
) -> Result<HashMap<String, String>> {
    let mut lines = Lines::open(path)?;
    let mut functions = HashMap::new();
    let mut seen = HashSet::new();
    while let Some(line) = lines.next_line()? {
        match line.text.and_then(|text| parse_function(&text)) {
            Ok((idx, func)) => {
                if !seen.insert(idx.clone()) {
                    sink.bad_row(path, line.number, format!("duplicate idx '{idx}'"))?;
                } else if wanted.contains(idx.as_str()) {
                    functions.insert(idx, func);
                }
            }
            Err(problem) => sink.bad_row(path, line.number, problem)?,
        }
    }
    Ok(functions)
}

fn parse_function(text: &str) -> std::result::Result<(String, String), String> {
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
    let idx = object
        .get("idx")
        .ok_or_else(|| "missing field 'idx'".to_string())
        .and_then(index_key)?;
    Ok((idx, func))
}
