//! `distill`: a student trained only on a teacher bundle's soft labels
//! over the unlabelled pairs (KL divergence at a temperature); ground truth
//! is read only to report validation F1.
use super::batches::{encode_samples, evaluation_batches};
use super::config::TrainConfig;
use super::fit::labels_of;
use super::pairs::{distinct_functions, labelled_split, sample_pairs, unlabelled_pairs};
use super::record::TrainingRecord;
use super::run::{Outcome, Prepared};
use super::teacher::optional_test_split;
use super::TrainError;
use crate::data::{Sample, Task};
use crate::model::{Bundle, SegmentIds};
use indicatif::{ProgressBar, ProgressDrawTarget};
use std::path::Path;

/// Distils a student from the teacher bundle in `teacher_dir` on the
/// unlabelled pairs of `data` and writes its bundle into `out`.
pub fn distill_student(
    teacher_dir: &Path,
    data: &Path,
    config: &TrainConfig,
    out: &Path,
) -> Result<TrainingRecord, TrainError> {
    let temperature = config.temperature().map_err(TrainError::Input)?;
    tch::set_num_threads(config.threads as i32);
    let teacher = Bundle::load(teacher_dir)?;
    if teacher.manifest().task != Task::CloneDetection {
        return Err(TrainError::Input(format!(
            "{}: the teacher is for {}, distillation here is for clone detection",
            teacher_dir.display(),
            teacher.manifest().task
        )));
    }
    let unlabelled = sample_pairs(
        unlabelled_pairs(data)?,
        config.training.max_pairs,
        config.seed,
    );
    let valid = labelled_split(data, "valid")?;
    let test = optional_test_split(data)?;
    // The student's tokenizer learns from the same functions as the teacher's.
    let train_functions = distinct_functions(&labelled_split(data, "train")?);

    eprintln!(
        "teacher soft labels for {} unlabelled pairs",
        unlabelled.len()
    );
    let soft = teacher_probabilities(&teacher, &unlabelled, config.training.batch_size)?;
    let targets: Vec<Vec<f32>> = soft.iter().map(|p| soften(p, temperature)).collect();
    let teacher_valid = labels_of(&teacher_probabilities(
        &teacher,
        &valid,
        config.training.batch_size,
    )?);

    let prepared = Prepared::new(config, &train_functions)?;
    let batch = config.training.batch_size;
    let rows = encode_samples(&prepared.encoder, &unlabelled)?;
    let report = prepared.fit(
        config,
        &rows,
        &targets,
        temperature,
        &valid,
        Some(&teacher_valid),
    )?;
    let test = match &test {
        Some(samples) => {
            let teacher_test = labels_of(&teacher_probabilities(&teacher, samples, batch)?);
            Some(prepared.evaluate(samples, Some(&teacher_test), batch)?)
        }
        None => None,
    };
    let outcome = Outcome {
        role: "student",
        teacher: Some(teacher.name().to_string()),
        training_pairs: unlabelled.len(),
        fit: report,
        test,
    };
    prepared.finish(out, config, outcome)
}

/// The teacher's probabilities for each sample, in sample order.
fn teacher_probabilities(
    teacher: &Bundle,
    samples: &[Sample],
    batch_size: usize,
) -> Result<Vec<Vec<f32>>, TrainError> {
    let rows: Vec<SegmentIds> = encode_samples(teacher.encoder(), samples)?;
    let batches = evaluation_batches(&rows, batch_size);
    let bar =
        ProgressBar::with_draw_target(Some(batches.len() as u64), ProgressDrawTarget::stderr());
    let mut probs = vec![Vec::new(); rows.len()];
    for batch in batches {
        let picked: Vec<&SegmentIds> = batch.iter().map(|&i| &rows[i]).collect();
        let outputs = teacher.predict(&picked).map_err(|problem| {
            TrainError::Input(format!("teacher {}: {problem}", teacher.dir().display()))
        })?;
        for (slot, output) in batch.iter().zip(outputs) {
            probs[*slot] = output.probs;
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(probs)
}

/// The teacher's distribution at temperature `t`: softmax(log p / t).
fn soften(probs: &[f32], t: f64) -> Vec<f32> {
    let scaled: Vec<f32> = probs
        .iter()
        .map(|p| (f64::from(p.max(1e-12)).ln() / t) as f32)
        .collect();
    crate::fidelity::softmax(&scaled)
}

#[cfg(test)]
mod tests {
    use super::soften;

    #[test]
    fn temperature_flattens_without_reordering() {
        let p = [0.9f32, 0.1];
        let warm = soften(&p, 3.0);
        assert!(warm[0] > warm[1] && warm[0] < 0.9);
        let same = soften(&p, 1.0);
        assert!((same[0] - 0.9).abs() < 1e-6);
    }
}
