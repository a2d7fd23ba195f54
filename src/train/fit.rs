//! The training loop shared by `train` and `distill`: AdamW with linear
//! warm-up and decay, a KL loss against per-pair target distributions,
//! validation after each epoch, early stopping that keeps the best weights.
//!
//! Supervised training is the special case of one-hot targets at
//! temperature 1, where the KL loss is the cross-entropy.
use super::batches::{evaluation_batches, input_tensor, target_tensor, training_batches};
use super::config::{Schedule, Selection};
use super::encoder::CloneClassifier;
use super::TrainError;
use crate::fidelity::{argmax, classification_metrics};
use crate::model::SegmentIds;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::time::Instant;
use tch::{nn, nn::OptimizerConfig, Kind, Tensor};

/// Gradients are clipped to this norm: the usual guard for transformers.
const MAX_GRAD_NORM: f64 = 1.0;

/// What training optimises: encoded pairs and a target distribution each.
pub struct TrainingSet<'a> {
    pub rows: &'a [SegmentIds],
    /// Already softened by `temperature` when they come from a teacher.
    pub targets: &'a [Vec<f32>],
    pub temperature: f64,
    pub pad: u32,
}

/// Scores of one validation pass.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Validation {
    pub accuracy: f64,
    pub f1: f64,
    /// Label agreement with the teacher, when validating a student.
    pub agreement: Option<f64>,
}

impl Validation {
    /// Scores `predicted` labels against ground truth and, if given, the teacher's labels.
    pub fn of(predicted: &[usize], truth: &[usize], teacher: Option<&[usize]>) -> Validation {
        let metrics = classification_metrics(predicted, truth, 2);
        let agreement = teacher.map(|teacher| {
            let same = predicted
                .iter()
                .zip(teacher)
                .filter(|(a, b)| a == b)
                .count();
            same as f64 / predicted.len().max(1) as f64
        });
        Validation {
            accuracy: metrics.accuracy,
            f1: metrics.f1,
            agreement,
        }
    }

    fn score(&self, select: Selection) -> f64 {
        match select {
            Selection::F1 => self.f1,
            Selection::Agreement => self.agreement.unwrap_or(self.accuracy),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EpochRecord {
    pub epoch: usize,
    pub mean_loss: f64,
    pub validation: Validation,
    pub seconds: f64,
}

/// How a fit went; the model holds the weights of `best_epoch`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FitReport {
    pub epochs: Vec<EpochRecord>,
    pub best_epoch: usize,
    pub best: Validation,
    pub seconds: f64,
}

/// KL(target ‖ softmax(logits / T)) · T², averaged over the batch.
pub fn distillation_loss(logits: &Tensor, target: &Tensor, temperature: f64) -> Tensor {
    let log_student = (logits / temperature).log_softmax(-1, Kind::Float);
    // 0 · log 0 counts as 0 (one-hot targets), hence the clamp.
    let kl = target * (target.clamp_min(1e-12).log() - log_student);
    kl.sum_dim_intlist(-1, false, Kind::Float).mean(Kind::Float) * (temperature * temperature)
}

/// Probabilities of `model` (eval mode) for every row, in row order.
pub fn predict(
    model: &CloneClassifier,
    rows: &[SegmentIds],
    pad: u32,
    batch_size: usize,
) -> Vec<Vec<f32>> {
    let _no_grad = tch::no_grad_guard();
    let mut probs = vec![Vec::new(); rows.len()];
    for batch in evaluation_batches(rows, batch_size) {
        let output = model
            .forward_t(&input_tensor(rows, &batch, pad), false)
            .softmax(-1, Kind::Float);
        let flat: Vec<f32> = Vec::try_from(output.flatten(0, -1)).unwrap_or_default();
        let columns = flat.len() / batch.len().max(1);
        for (slot, chunk) in batch.iter().zip(flat.chunks(columns.max(1))) {
            probs[*slot] = chunk.to_vec();
        }
    }
    probs
}

/// Predicted labels of probability rows.
pub fn labels_of(probs: &[Vec<f32>]) -> Vec<usize> {
    probs.iter().map(|p| argmax(p)).collect()
}

/// Trains `model` (whose variables live in `vs`) on `set`, calling
/// `validate` after each epoch; returns with the best epoch's weights loaded.
pub fn fit(
    vs: &nn::VarStore,
    model: &CloneClassifier,
    set: &TrainingSet,
    schedule: &Schedule,
    seed: u64,
    validate: &mut dyn FnMut(&CloneClassifier) -> Validation,
) -> Result<FitReport, TrainError> {
    let started = Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let per_epoch = schedule
        .pairs_per_epoch
        .unwrap_or(set.rows.len())
        .min(set.rows.len());
    let steps_per_epoch = per_epoch.div_ceil(schedule.batch_size);
    let total_steps = (steps_per_epoch * schedule.epochs).max(1);
    let warmup_steps = ((total_steps as f64 * schedule.warmup).ceil() as usize).max(1);
    let mut optimizer = nn::AdamW {
        wd: schedule.weight_decay,
        ..Default::default()
    }
    .build(vs, schedule.learning_rate)?;

    let mut epochs = Vec::new();
    let mut best: Option<(f64, usize, Validation, HashMap<String, Tensor>)> = None;
    let mut step = 0;
    for epoch in 1..=schedule.epochs {
        let epoch_started = Instant::now();
        let batches = training_batches(set.rows, per_epoch, schedule.batch_size, &mut rng);
        let bar = progress_bar(batches.len(), epoch, schedule.epochs);
        let (mut loss_sum, mut loss_count) = (0.0, 0usize);
        for batch in &batches {
            let lr = learning_rate(schedule.learning_rate, step, warmup_steps, total_steps);
            optimizer.set_lr(lr);
            let logits = model.forward_t(&input_tensor(set.rows, batch, set.pad), true);
            let loss =
                distillation_loss(&logits, &target_tensor(set.targets, batch), set.temperature);
            let value = loss.double_value(&[]);
            if !value.is_finite() {
                return Err(TrainError::Diverged { epoch, step });
            }
            optimizer.zero_grad();
            loss.backward();
            optimizer.clip_grad_norm(MAX_GRAD_NORM);
            optimizer.step();
            step += 1;
            loss_sum += value * batch.len() as f64;
            loss_count += batch.len();
            bar.set_message(format!("{:.4}", loss_sum / loss_count as f64));
            bar.inc(1);
        }
        bar.finish_and_clear();
        let validation = validate(model);
        let record = EpochRecord {
            epoch,
            mean_loss: loss_sum / loss_count.max(1) as f64,
            validation,
            seconds: epoch_started.elapsed().as_secs_f64(),
        };
        eprintln!("{}", epoch_line(&record));
        epochs.push(record);
        let score = validation.score(schedule.select);
        let epoch_seconds = record_seconds(&epochs);
        if best.as_ref().is_none_or(|(top, ..)| score > *top) {
            best = Some((score, epoch, validation, snapshot(vs)));
        } else if best
            .as_ref()
            .is_some_and(|(_, at, ..)| epoch - at >= schedule.patience)
        {
            eprintln!(
                "early stop: no better valid {:?} for {} epoch(s)",
                schedule.select, schedule.patience
            );
            break;
        }
        let budget = schedule.max_minutes.map(|minutes| minutes * 60.0);
        if budget.is_some_and(|b| started.elapsed().as_secs_f64() + epoch_seconds > b) {
            eprintln!("time budget: another epoch would pass training.max_minutes");
            break;
        }
    }
    let (_, best_epoch, best_validation, weights) =
        best.ok_or(TrainError::Input("training ran no epoch".to_string()))?;
    restore(vs, &weights)?;
    Ok(FitReport {
        epochs,
        best_epoch,
        best: best_validation,
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Duration of the last epoch.
fn record_seconds(epochs: &[EpochRecord]) -> f64 {
    epochs.last().map_or(0.0, |e| e.seconds)
}

fn learning_rate(peak: f64, step: usize, warmup: usize, total: usize) -> f64 {
    if step < warmup {
        peak * (step + 1) as f64 / warmup as f64
    } else {
        peak * (total.saturating_sub(step)) as f64 / (total - warmup).max(1) as f64
    }
}

fn epoch_line(record: &EpochRecord) -> String {
    let v = record.validation;
    let agreement = v
        .agreement
        .map_or(String::new(), |a| format!(" agreement {a:.4}"));
    format!(
        "epoch {:>2}: loss {:.4}  valid accuracy {:.4} F1 {:.4}{agreement}  ({:.0} s)",
        record.epoch, record.mean_loss, v.accuracy, v.f1, record.seconds
    )
}

fn progress_bar(batches: usize, epoch: usize, epochs: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(batches as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "epoch {prefix} {bar:30} {pos}/{len} batches  loss {msg}  {per_sec}  eta {eta}",
    ) {
        bar.set_style(style);
    }
    bar.set_prefix(format!("{epoch}/{epochs}"));
    bar
}

fn snapshot(vs: &nn::VarStore) -> HashMap<String, Tensor> {
    vs.variables()
        .into_iter()
        .map(|(name, t)| (name, t.detach().copy()))
        .collect()
}

fn restore(vs: &nn::VarStore, weights: &HashMap<String, Tensor>) -> Result<(), TrainError> {
    let _no_grad = tch::no_grad_guard();
    for (name, mut variable) in vs.variables() {
        let saved = weights
            .get(&name)
            .ok_or_else(|| TrainError::Input(format!("best weights lack variable {name}")))?;
        variable.f_copy_(saved)?;
    }
    Ok(())
}
