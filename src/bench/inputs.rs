//! Benchmark inputs: many distinct samples built from the real functions of
//! a CodeXGLUE data set (by default the committed bcb-mini fixture of
//! commons-lang3 methods), so that a cold cache really is cold.
use crate::data::{self, LoadOptions, Sample, Task};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};

/// `tests/fixtures/bcb-mini` of the source tree this binary was built from.
pub fn default_data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bcb-mini")
}

/// The distinct code segments of a data set's `split`, in order of first appearance.
pub fn functions(path: &Path, split: &str) -> Result<Vec<String>, String> {
    let options = LoadOptions {
        split: split.to_string(),
        ..LoadOptions::default()
    };
    let dataset = data::load(path, &options).map_err(|err| err.to_string())?;
    let mut seen = std::collections::HashSet::new();
    let functions: Vec<String> = dataset
        .samples
        .into_iter()
        .flat_map(|sample| sample.segments)
        .filter(|text| seen.insert(text.clone()))
        .collect();
    if functions.is_empty() {
        return Err(format!(
            "{}: no functions in split '{split}'",
            path.display()
        ));
    }
    Ok(functions)
}

/// `count` distinct samples for `task`: as many different functions as the
/// task has segments (pairs for clone detection, single functions for
/// vulnerability prediction); order shuffled by `seed`.
pub fn samples(
    functions: &[String],
    task: Task,
    count: usize,
    seed: u64,
) -> Result<Vec<Sample>, String> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut picks = combinations(functions.len(), task.segments());
    if count > picks.len() {
        return Err(format!(
            "{count} distinct {task} samples asked for, but {} functions make only {}",
            functions.len(),
            picks.len()
        ));
    }
    picks.shuffle(&mut rng);
    Ok(picks
        .into_iter()
        .take(count)
        .map(|pick| Sample {
            id: pick
                .iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join("-"),
            segments: pick.iter().map(|&i| functions[i].clone()).collect(),
            label: None,
        })
        .collect())
}

/// Every `k`-subset of `0..n` as increasing indices, in lexicographic order.
fn combinations(n: usize, k: usize) -> Vec<Vec<usize>> {
    let mut out = Vec::new();
    let mut picked = Vec::with_capacity(k);
    extend_combinations(n, k, 0, &mut picked, &mut out);
    out
}

fn extend_combinations(
    n: usize,
    k: usize,
    from: usize,
    picked: &mut Vec<usize>,
    out: &mut Vec<Vec<usize>>,
) {
    if picked.len() == k {
        out.push(picked.clone());
        return;
    }
    for next in from..n {
        picked.push(next);
        extend_combinations(n, k, next + 1, picked, out);
        picked.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_distinct_and_made_of_two_different_functions() {
        let functions: Vec<String> = (0..6)
            .map(|i| format!("int f{i}() {{ return {i}; }}"))
            .collect();
        let samples = samples(&functions, Task::CloneDetection, 15, 7).expect("15 pairs of 6");
        let mut ids: Vec<&str> = samples.iter().map(|s| s.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 15);
        assert!(samples
            .iter()
            .all(|s| s.segments.len() == 2 && s.segments[0] != s.segments[1]));
        assert!(super::samples(&functions, Task::CloneDetection, 16, 7).is_err());
    }

    #[test]
    fn combinations_are_lexicographic_k_subsets() {
        assert_eq!(combinations(3, 1), [[0], [1], [2]]);
        assert_eq!(combinations(4, 2).len(), 6);
        assert_eq!(combinations(3, 2), [[0, 1], [0, 2], [1, 2]]);
    }

    #[test]
    fn the_fixture_has_the_functions_it_promises() {
        let functions = functions(&default_data(), "test").expect("bcb-mini loads");
        assert_eq!(functions.len(), 80);
    }
}
