//! The clone-pair data a training run reads from a CodeXGLUE BigCloneBench
//! directory: the labelled splits through [`crate::data`], and the
//! unlabelled pairs for distillation (`unlabelled.txt`, lines
//! `idx1<TAB>idx2`, further columns ignored).
use super::TrainError;
use crate::data::{self, BadRowPolicy, LoadOptions, Sample, Task};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::{HashMap, HashSet};
use std::path::Path;

pub const UNLABELLED_FILE: &str = "unlabelled.txt";

/// A labelled split (`train`, `valid`, `test`); any bad row is an error,
/// since training on silently shortened data would mislead.
pub fn labelled_split(dir: &Path, split: &str) -> Result<Vec<Sample>, TrainError> {
    if !dir.is_dir() {
        return Err(TrainError::Input(format!(
            "{}: not a data directory (expected data.jsonl, train.txt, valid.txt, test.txt)",
            dir.display()
        )));
    }
    let dataset = data::load(
        dir,
        &LoadOptions {
            split: split.to_string(),
            bad_rows: BadRowPolicy::Fatal,
            ..LoadOptions::default()
        },
    )?;
    if dataset.task != Task::CloneDetection {
        return Err(TrainError::Input(format!(
            "{}: holds {} data, training needs clone-detection pairs",
            dir.display(),
            dataset.task
        )));
    }
    if dataset.samples.is_empty() {
        return Err(TrainError::Input(format!(
            "{}: split '{split}' has no pairs",
            dir.display()
        )));
    }
    Ok(dataset.samples)
}

/// The unlabelled pairs of `dir/unlabelled.txt` with their functions from
/// `dir/data.jsonl`; samples carry no label.
pub fn unlabelled_pairs(dir: &Path) -> Result<Vec<Sample>, TrainError> {
    let path = dir.join(UNLABELLED_FILE);
    let text = std::fs::read_to_string(&path).map_err(|err| {
        TrainError::Input(format!(
            "{}: cannot read the unlabelled pairs: {err}",
            path.display()
        ))
    })?;
    let mut pairs = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
        if fields.len() < 2 || fields[0].is_empty() || fields[1].is_empty() {
            return Err(TrainError::Input(format!(
                "{}:{}: expected 'idx1<TAB>idx2'",
                path.display(),
                number + 1
            )));
        }
        pairs.push((fields[0].to_string(), fields[1].to_string(), number + 1));
    }
    let wanted: HashSet<&str> = pairs
        .iter()
        .flat_map(|(a, b, _)| [a.as_str(), b.as_str()])
        .collect();
    let functions = functions(&dir.join("data.jsonl"), &wanted)?;
    pairs
        .iter()
        .map(|(a, b, line)| {
            let func = |idx: &str| {
                functions.get(idx).cloned().ok_or_else(|| {
                    TrainError::Input(format!(
                        "{}:{line}: unknown idx '{idx}' (not in data.jsonl)",
                        path.display()
                    ))
                })
            };
            Ok(Sample {
                id: format!("{a}-{b}"),
                segments: vec![func(a)?, func(b)?],
                label: None,
            })
        })
        .collect()
}

/// The wanted functions of `data.jsonl` by idx.
fn functions(path: &Path, wanted: &HashSet<&str>) -> Result<HashMap<String, String>, TrainError> {
    let text = std::fs::read_to_string(path)
        .map_err(|err| TrainError::Input(format!("{}: cannot read: {err}", path.display())))?;
    let mut found = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |problem: &str| {
            TrainError::Input(format!("{}:{}: {problem}", path.display(), number + 1))
        };
        let row: serde_json::Value =
            serde_json::from_str(line).map_err(|err| bad(&format!("invalid JSON: {err}")))?;
        let idx = match row.get("idx") {
            Some(serde_json::Value::String(s)) => s.trim().to_string(),
            Some(serde_json::Value::Number(n)) => n.to_string(),
            _ => return Err(bad("missing or non-scalar 'idx'")),
        };
        if wanted.contains(idx.as_str()) {
            let func = row
                .get("func")
                .and_then(serde_json::Value::as_str)
                .ok_or_else(|| bad("missing or non-string 'func'"))?;
            found.insert(idx, func.to_string());
        }
    }
    Ok(found)
}

/// Each distinct function of `samples` once, in first-seen order: the
/// text a tokenizer is trained on.
pub fn distinct_functions(samples: &[Sample]) -> Vec<String> {
    let mut seen = HashSet::new();
    samples
        .iter()
        .flat_map(|s| s.segments.iter())
        .filter(|f| seen.insert(f.as_str()))
        .cloned()
        .collect()
}

/// At most `max` of `samples`, chosen by a shuffle seeded with `seed`
/// (all of them, in their order, when `max` is `None` or large enough).
pub fn sample_pairs(mut samples: Vec<Sample>, max: Option<usize>, seed: u64) -> Vec<Sample> {
    match max {
        Some(max) if max < samples.len() => {
            samples.shuffle(&mut ChaCha8Rng::seed_from_u64(seed));
            samples.truncate(max);
            samples
        }
        _ => samples,
    }
}
