//! The steps `train` and `distill` share: a tokenizer and a fresh model
//! from a config, and the export of the best weights with their record.
use super::config::TrainConfig;
use super::encoder::{parameter_count, CloneClassifier};
use super::export::{clone_manifest, write_bundle};
use super::fit::{labels_of, predict, FitReport, Validation};
use super::record::TrainingRecord;
use super::vocab::train_tokenizer;
use super::TrainError;
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

/// What a run learned, for its record.
pub(super) struct Outcome {
    pub role: &'static str,
    pub teacher: Option<String>,
    pub training_pairs: usize,
    pub fit: FitReport,
    pub test: Option<Validation>,
}
