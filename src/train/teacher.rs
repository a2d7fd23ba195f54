//! `train`: the teacher, supervised on the labelled train split.
use super::batches::encode_samples;
use super::config::TrainConfig;
use super::pairs::{distinct_functions, labelled_split, sample_pairs};
use super::record::TrainingRecord;
use super::run::{truth, Outcome, Prepared};
use super::TrainError;
use crate::data::Sample;
use std::path::Path;

/// Trains a teacher on `data` (train split; valid for early stopping; test,
/// when present, for the record) and writes its bundle into `out`.
pub fn train_teacher(
    data: &Path,
    config: &TrainConfig,
    out: &Path,
) -> Result<TrainingRecord, TrainError> {
    let train = sample_pairs(
        labelled_split(data, "train")?,
        config.training.max_pairs,
        config.seed,
    );
    let valid = labelled_split(data, "valid")?;
    let test = optional_test_split(data)?;
    let prepared = Prepared::new(config, &distinct_functions(&train))?;
    let batch = config.training.batch_size;

    let rows = encode_samples(&prepared.encoder, &train)?;
    let targets: Vec<Vec<f32>> = truth(&train)
        .into_iter()
        .map(|label| one_hot(label, 2))
        .collect();
    let report = prepared.fit(config, &rows, &targets, 1.0, &valid, None)?;
    let test = match &test {
        Some(samples) => Some(prepared.evaluate(samples, None, batch)?),
        None => None,
    };
    let outcome = Outcome {
        role: "teacher",
        teacher: None,
        training_pairs: train.len(),
        fit: report,
        test,
    };
    prepared.finish(out, config, outcome)
}

/// The test split when `test.txt` exists.
pub(super) fn optional_test_split(data: &Path) -> Result<Option<Vec<Sample>>, TrainError> {
    if data.join("test.txt").is_file() {
        labelled_split(data, "test").map(Some)
    } else {
        Ok(None)
    }
}

fn one_hot(label: usize, classes: usize) -> Vec<f32> {
    (0..classes)
        .map(|c| if c == label { 1.0 } else { 0.0 })
        .collect()
}
