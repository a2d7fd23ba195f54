//! The model card (`card.json`): what each shipped model is, how it was
//! trained, how it does on the test split, how well the student agrees
//! with the teacher and how fast each runs on the CPU. Test figures come
//! from the oracle, the same path `predict` and the fuzzer use.
use super::fit::Validation;
use super::record::TrainingRecord;
use super::TrainError;
use crate::data::{self, BadRowPolicy, LoadOptions, Sample, Task};
use crate::fidelity::{fidelity, FidelityOptions, FidelityReport, TaskMetrics};
use crate::model::{Bundle, DeviceChoice, SegmentIds, MANIFEST_FILE, MODEL_FILE, TOKENIZER_FILE};
use crate::oracle::{Oracle, OracleOptions};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::Instant;

pub const CARD_FORMAT: &str = "metacompress-card/1";
/// Batch size of the throughput measurement and of the test run.
pub const CARD_BATCH: usize = 16;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelCard {
    pub format: String,
    pub task: Task,
    pub data: DataSummary,
    pub teacher: ModelEntry,
    pub student: ModelEntry,
    /// Teacher–student label agreement on the test split.
    pub agreement: f64,
    pub mean_jensen_shannon_bits: f64,
    pub mean_total_variation: f64,
    /// libtorch intra-op threads during the latency measurement.
    pub latency_threads: usize,
    /// The command that produced this card.
    pub command: String,
    /// The command that rebuilds data, models and card from the sources.
    pub rebuild: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataSummary {
    pub test_split: String,
    pub test_pairs: usize,
    pub test_clones: usize,
    pub labels: Vec<String>,
    pub label_meaning: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ModelEntry {
    pub name: String,
    pub parameters: usize,
    /// model.pt + tokenizer.json + bundle.json.
    pub bundle_bytes: u64,
    pub vocab_size: usize,
    pub max_tokens: usize,
    pub hidden: i64,
    pub layers: usize,
    pub heads: i64,
    pub intermediate: i64,
    pub test: TaskMetrics,
    pub latency: Latency,
    pub training: TrainingSummary,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Latency {
    /// Mean milliseconds for one pair run alone (tokenizing excluded).
    pub ms_per_pair_batch_1: f64,
    /// Mean milliseconds for a batch of 16 pairs.
    pub ms_per_batch_16: f64,
    pub pairs_timed: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TrainingSummary {
    pub pairs: usize,
    pub epochs_run: usize,
    pub best_epoch: usize,
    pub valid: Validation,
    pub temperature: Option<f64>,
    pub seconds: f64,
}

/// What the card is built from.
pub struct CardRequest<'a> {
    pub teacher: &'a Path,
    pub student: &'a Path,
    /// A BigCloneBench directory whose `test.txt` is the test split.
    pub test_data: &'a Path,
    /// Pairs timed one by one (and in batches of 16).
    pub latency_pairs: usize,
    /// libtorch intra-op threads for the whole card.
    pub threads: usize,
    pub label_meaning: String,
    pub command: String,
    pub rebuild: String,
}

/// Builds the card: latencies first (each model alone), then both models
/// through the oracle on the test split.
pub fn build_card(request: &CardRequest) -> Result<ModelCard, TrainError> {
    tch::set_num_threads(request.threads.max(1) as i32);
    let samples = test_samples(request.test_data)?;
    let teacher = Bundle::load(request.teacher)?;
    let student = Bundle::load(request.student)?;
    let timing = &samples[..samples.len().min(request.latency_pairs.max(1))];
    let latencies = (latency(&teacher, timing)?, latency(&student, timing)?);
    let report = test_report(teacher, student, &samples)?;
    let (Some(teacher_test), Some(student_test)) = (report.teacher, report.student) else {
        return Err(TrainError::Input(format!(
            "{}: the test split has no labels",
            request.test_data.display()
        )));
    };
    Ok(ModelCard {
        format: CARD_FORMAT.to_string(),
        task: Task::CloneDetection,
        data: DataSummary {
            test_split: request.test_data.display().to_string(),
            test_pairs: samples.len(),
            test_clones: samples.iter().filter(|s| s.label == Some(1)).count(),
            labels: vec!["not-clone".to_string(), "clone".to_string()],
            label_meaning: request.label_meaning.clone(),
        },
        teacher: entry(request.teacher, teacher_test, latencies.0)?,
        student: entry(request.student, student_test, latencies.1)?,
        agreement: report.agreement,
        mean_jensen_shannon_bits: report.mean_jensen_shannon,
        mean_total_variation: report.mean_total_variation,
        latency_threads: request.threads.max(1),
        command: request.command.clone(),
        rebuild: request.rebuild.clone(),
    })
}

/// The labelled test split of a BigCloneBench directory (every row must be good).
pub fn test_samples(dir: &Path) -> Result<Vec<Sample>, TrainError> {
    let dataset = data::load(
        dir,
        &LoadOptions {
            split: "test".to_string(),
            bad_rows: BadRowPolicy::Fatal,
            ..LoadOptions::default()
        },
    )?;
    if dataset.samples.is_empty() {
        return Err(TrainError::Input(format!(
            "{}: empty test split",
            dir.display()
        )));
    }
    Ok(dataset.samples)
}

/// Teacher and student through the oracle on `samples` (CPU, batches of 16):
/// the figures the card records and the embedded-models test reproduces.
pub fn test_report(
    teacher: Bundle,
    student: Bundle,
    samples: &[Sample],
) -> Result<FidelityReport, TrainError> {
    let oracle = Oracle::new(
        teacher,
        student,
        OracleOptions {
            device: DeviceChoice::Cpu,
            batch_size: CARD_BATCH,
            ..OracleOptions::default()
        },
    )
    .map_err(|err| TrainError::Input(err.to_string()))?;
    let verdicts = oracle
        .run(samples)
        .map_err(|err| TrainError::Input(err.to_string()))?;
    let truth: Vec<Option<usize>> = samples.iter().map(|s| s.label).collect();
    Ok(fidelity(&verdicts, &truth, FidelityOptions::default()))
}

/// Mean time of the model alone (ids already encoded) on `samples`.
fn latency(bundle: &Bundle, samples: &[Sample]) -> Result<Latency, TrainError> {
    let rows: Vec<SegmentIds> = samples
        .iter()
        .map(|s| bundle.encoder().encode(s))
        .collect::<Result<_, _>>()
        .map_err(TrainError::Input)?;
    let run = |batch: &[SegmentIds]| -> Result<(), TrainError> {
        let refs: Vec<&SegmentIds> = batch.iter().collect();
        bundle.predict(&refs).map(drop).map_err(TrainError::Model)
    };
    // Warm-up: the first calls of a TorchScript module profile and optimise it.
    for row in rows.iter().take(3) {
        run(std::slice::from_ref(row))?;
    }
    let started = Instant::now();
    for row in &rows {
        run(std::slice::from_ref(row))?;
    }
    let single = started.elapsed().as_secs_f64() * 1000.0 / rows.len() as f64;
    let batches: Vec<&[SegmentIds]> = rows
        .chunks(CARD_BATCH)
        .filter(|b| b.len() == CARD_BATCH)
        .collect();
    let started = Instant::now();
    for batch in &batches {
        run(batch)?;
    }
    let batched = started.elapsed().as_secs_f64() * 1000.0 / batches.len().max(1) as f64;
    Ok(Latency {
        ms_per_pair_batch_1: single,
        ms_per_batch_16: batched,
        pairs_timed: rows.len(),
    })
}

fn entry(dir: &Path, test: TaskMetrics, latency: Latency) -> Result<ModelEntry, TrainError> {
    let record = TrainingRecord::read(dir)?;
    let mut bundle_bytes = 0;
    for file in [MODEL_FILE, TOKENIZER_FILE, MANIFEST_FILE] {
        let path = dir.join(file);
        bundle_bytes += std::fs::metadata(&path)
            .map_err(|err| TrainError::Input(format!("{}: {err}", path.display())))?
            .len();
    }
    let model = &record.config.model;
    Ok(ModelEntry {
        name: record.config.name.clone(),
        parameters: record.parameters,
        bundle_bytes,
        vocab_size: record.vocab_size,
        max_tokens: model.max_tokens,
        hidden: model.hidden,
        layers: model.layers,
        heads: model.heads,
        intermediate: model.intermediate,
        test,
        latency,
        training: TrainingSummary {
            pairs: record.training_pairs,
            epochs_run: record.fit.epochs.len(),
            best_epoch: record.fit.best_epoch,
            valid: record.fit.best,
            temperature: record.config.training.temperature,
            seconds: record.total_seconds,
        },
    })
}
