//! `train`: the teacher, supervised on the labelled train split.
use super::batches::encode_samples;
use super::config::TrainConfig;
use super::fit::{fit, TrainingSet, Validation};
use super::pairs::{distinct_functions, labelled_split, sample_pairs};
use super::record::TrainingRecord;
use super::run::{Outcome, Prepared};
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
    let valid_rows = encode_samples(&prepared.encoder, &valid)?;
    let valid_truth = truth(&valid);
    let set = TrainingSet {
        rows: &rows,
        targets: &targets,
        temperature: 1.0,
        pad: prepared.pad(),
    };
    let mut validate =
        |_: &_| Validation::of(&prepared.labels(&valid_rows, batch), &valid_truth, None);
    let report = fit(
        &prepared.vs,
        &prepared.model,
        &set,
        &config.training,
        config.seed,
        &mut validate,
    )?;

    let test = match &test {
        Some(samples) => {
            let rows = encode_samples(&prepared.encoder, samples)?;
            Some(Validation::of(
                &prepared.labels(&rows, batch),
                &truth(samples),
                None,
            ))
        }
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

/// Ground-truth labels (the labelled splits always carry one).
pub(super) fn truth(samples: &[Sample]) -> Vec<usize> {
    samples.iter().map(|s| s.label.unwrap_or(0)).collect()
}

fn one_hot(label: usize, classes: usize) -> Vec<f32> {
    (0..classes)
        .map(|c| if c == label { 1.0 } else { 0.0 })
        .collect()
}
