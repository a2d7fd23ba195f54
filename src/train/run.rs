//! The steps `train` and `distill` share: a tokenizer and a fresh model
//! from a config, and the export of the best weights with their record.
use super::batches::encode_samples;
use super::config::TrainConfig;
use super::encoder::{parameter_count, CloneClassifier};
use super::export::{clone_manifest, write_bundle};
use super::fit::{fit, labels_of, predict, FitReport, TrainingSet, Validation};
use super::record::TrainingRecord;
use super::vocab::train_tokenizer;
use super::TrainError;
use crate::data::Sample;
use crate::model::{Manifest, SegmentEncoder, SegmentIds};
use std::path::Path;
use std::time::Instant;
use tch::{nn, Device};
use tokenizers::Tokenizer;

/// A model ready to train, with the tokenizer and manifest it will ship with.
pub(super) struct Prepared {
    pub vs: nn::VarStore,
    pub model: CloneClassifier,
    pub tokenizer: Tokenizer,
    pub encoder: SegmentEncoder,
    pub manifest: Manifest,
    pub started: Instant,
}

impl Prepared {
    /// Seeds the run, trains the tokenizer on `texts` and creates the model.
    pub fn new(config: &TrainConfig, texts: &[String]) -> Result<Prepared, TrainError> {
        let started = Instant::now();
        tch::set_num_threads(config.threads as i32);
        tch::manual_seed(config.seed as i64);
        let tokenizer = train_tokenizer(&config.tokenizer, texts)?;
        let manifest = clone_manifest(&config.name, config.model.max_tokens);
        let encoder =
            SegmentEncoder::new(tokenizer.clone(), &manifest).map_err(TrainError::Input)?;
        let vs = nn::VarStore::new(Device::Cpu);
        let model = CloneClassifier::new(
            &vs.root(),
            &config.model,
            encoder.vocab_size() as i64,
            i64::from(encoder.special_ids().pad),
        );
        Ok(Prepared {
            vs,
            model,
            tokenizer,
            encoder,
            manifest,
            started,
        })
    }

    pub fn pad(&self) -> u32 {
        self.encoder.special_ids().pad
    }

    /// Labels the model predicts for `rows`.
    pub fn labels(&self, rows: &[SegmentIds], batch_size: usize) -> Vec<usize> {
        labels_of(&predict(&self.model, rows, self.pad(), batch_size))
    }

    /// Trains on `rows` → `targets` (softened at `temperature`), validating
    /// each epoch on `valid`: F1 against its labels and, when distilling,
    /// agreement with the teacher's labels `teacher_valid`.
    pub fn fit(
        &self,
        config: &TrainConfig,
        rows: &[SegmentIds],
        targets: &[Vec<f32>],
        temperature: f64,
        valid: &[Sample],
        teacher_valid: Option<&[usize]>,
    ) -> Result<FitReport, TrainError> {
        let set = TrainingSet {
            rows,
            targets,
            temperature,
            pad: self.pad(),
        };
        let valid_rows = encode_samples(&self.encoder, valid)?;
        let valid_truth = truth(valid);
        let batch = config.training.batch_size;
        let mut validate = |_: &_| {
            Validation::of(
                &self.labels(&valid_rows, batch),
                &valid_truth,
                teacher_valid,
            )
        };
        fit(
            &self.vs,
            &self.model,
            &set,
            &config.training,
            config.seed,
            &mut validate,
        )
    }

    /// The trained model's scores on a labelled split (agreement with
    /// `teacher_labels` when given).
    pub fn evaluate(
        &self,
        samples: &[Sample],
        teacher_labels: Option<&[usize]>,
        batch_size: usize,
    ) -> Result<Validation, TrainError> {
        let rows = encode_samples(&self.encoder, samples)?;
        Ok(Validation::of(
            &self.labels(&rows, batch_size),
            &truth(samples),
            teacher_labels,
        ))
    }

    /// Writes the bundle and its `training.json` into `out`.
    pub fn finish(
        mut self,
        out: &Path,
        config: &TrainConfig,
        outcome: Outcome,
    ) -> Result<TrainingRecord, TrainError> {
        let parameters = parameter_count(&self.vs);
        let special = self.encoder.special_ids();
        let trace_difference = write_bundle(
            &mut self.vs,
            &self.model,
            &self.tokenizer,
            special,
            &self.manifest,
            out,
        )?;
        let record = TrainingRecord {
            role: outcome.role.to_string(),
            config: config.clone(),
            teacher: outcome.teacher,
            parameters,
            vocab_size: self.encoder.vocab_size(),
            training_pairs: outcome.training_pairs,
            fit: outcome.fit,
            test: outcome.test,
            trace_difference,
            total_seconds: self.started.elapsed().as_secs_f64(),
        };
        record.write(out)?;
        Ok(record)
    }
}

/// Ground-truth labels (the labelled splits always carry one).
pub(super) fn truth(samples: &[Sample]) -> Vec<usize> {
    samples.iter().map(|s| s.label.unwrap_or(0)).collect()
}

/// What a run learned, for its record.
pub(super) struct Outcome {
    pub role: &'static str,
    pub teacher: Option<String>,
    pub training_pairs: usize,
    pub fit: FitReport,
    pub test: Option<Validation>,
}
