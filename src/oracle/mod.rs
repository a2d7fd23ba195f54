//! The oracle: teacher and student side by side on the same samples.
//!
//! A [`Session`] is a pipeline of threads: tokenizer workers encode each
//! sample for both models; one thread per model gathers encoded samples into
//! length-bucketed batches, answers repeats from its cache and runs the
//! rest; a joiner pairs the two outputs into a [`Verdict`]. Submitting blocks
//! when the pipeline is full (back-pressure), so a fuzzer can keep
//! submitting mutants while earlier ones are still on the model.
//!
//! [`Oracle::run`] is the batch form: a whole slice in, verdicts out in the
//! same order.
mod cache;
mod session;
mod stats;

pub use crate::fidelity::{Disagreement, ModelOutput, Verdict};
pub use session::{Answer, JobId, Session, SubmitError};
pub use stats::{ModelStats, OracleStats};

use crate::data::{Sample, Task};
use crate::model::{Bundle, CodeModel, DeviceChoice, ModelError, Precision, SegmentIds};
use cache::LruCache;
use stats::Counters;
use std::sync::{Arc, Mutex};

/// How an [`Oracle`] runs its models.
#[derive(Debug, Clone)]
pub struct OracleOptions {
    pub device: DeviceChoice,
    /// Most samples per forward call.
    pub batch_size: usize,
    /// Weight precision; fp16 and bf16 need a CUDA device.
    pub precision: Precision,
    /// Outputs kept per model (entries; 0 disables the cache). An entry
    /// costs about 4 bytes per token id plus the output.
    pub cache_capacity: usize,
    /// Tokenizer worker threads.
    pub tokenizer_threads: usize,
    /// Samples a session accepts before `submit` blocks.
    pub queue_capacity: usize,
}

impl Default for OracleOptions {
    fn default() -> Self {
        OracleOptions {
            device: DeviceChoice::Auto,
            batch_size: 16,
            precision: Precision::Fp32,
            cache_capacity: 100_000,
            tokenizer_threads: 2,
            queue_capacity: 64,
        }
    }
}

/// Why the oracle could not give a verdict.
#[derive(Debug, Clone, thiserror::Error)]
pub enum OracleError {
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("invalid oracle option: {0}")]
    Options(String),
    #[error("cannot tokenize sample '{sample}' for {model}: {error}")]
    Tokenize {
        sample: String,
        model: String,
        #[source]
        error: ModelError,
    },
    #[error("{model} failed: {error}")]
    Forward {
        model: String,
        #[source]
        error: ModelError,
    },
    #[error("the oracle pipeline stopped before answering")]
    Closed,
}

/// One model with its cache and counters, shared by the pipeline threads.
pub(crate) struct Side {
    pub model: Arc<dyn CodeModel>,
    pub cache: Mutex<LruCache<Arc<SegmentIds>, ModelOutput>>,
}

pub(crate) struct Shared {
    pub teacher: Side,
    pub student: Side,
    pub options: OracleOptions,
    pub counters: Counters,
}

/// Teacher and student bundles ready to answer.
pub struct Oracle {
    shared: Arc<Shared>,
}

impl Oracle {
    /// Moves the bundles to the requested device and precision and joins
    /// them (see [`Oracle::with_models`]).
    pub fn new(
        teacher: Bundle,
        student: Bundle,
        options: OracleOptions,
    ) -> Result<Oracle, OracleError> {
        let device = options.device.resolve().map_err(ModelError::Device)?;
        options
            .precision
            .check_device(device)
            .map_err(ModelError::Device)?;
        let teacher = teacher.to(device, options.precision)?;
        let student = student.to(device, options.precision)?;
        Oracle::with_models(Arc::new(teacher), Arc::new(student), options)
    }

    /// Joins two models of any kind, checking that they solve the same task
    /// with the same labels. Where they run is theirs to say: `options.device`
    /// and `options.precision` apply to bundles placed by [`Oracle::new`].
    pub fn with_models(
        teacher: Arc<dyn CodeModel>,
        student: Arc<dyn CodeModel>,
        options: OracleOptions,
    ) -> Result<Oracle, OracleError> {
        if options.batch_size == 0 || options.tokenizer_threads == 0 || options.queue_capacity == 0
        {
            return Err(OracleError::Options(
                "batch size, tokenizer threads and queue capacity must be at least 1".to_string(),
            ));
        }
        let (t, s) = (teacher.manifest(), student.manifest());
        if t.task != s.task {
            return Err(ModelError::Mismatch(format!(
                "teacher '{}' is for {} but student '{}' is for {}",
                t.name, t.task, s.name, s.task
            ))
            .into());
        }
        if t.labels.len() != s.labels.len() {
            return Err(ModelError::Mismatch(format!(
                "teacher '{}' has {} labels but student '{}' has {}",
                t.name,
                t.labels.len(),
                s.name,
                s.labels.len()
            ))
            .into());
        }
        let side = |model: Arc<dyn CodeModel>| Side {
            model,
            cache: Mutex::new(LruCache::new(options.cache_capacity)),
        };
        let shared = Shared {
            teacher: side(teacher),
            student: side(student),
            options,
            counters: Counters::default(),
        };
        Ok(Oracle {
            shared: Arc::new(shared),
        })
    }

    pub fn teacher(&self) -> &dyn CodeModel {
        self.shared.teacher.model.as_ref()
    }

    pub fn student(&self) -> &dyn CodeModel {
        self.shared.student.model.as_ref()
    }

    pub fn task(&self) -> Task {
        self.teacher().manifest().task
    }

    pub fn options(&self) -> &OracleOptions {
        &self.shared.options
    }

    /// Counters since the oracle was created (all sessions together).
    pub fn stats(&self) -> OracleStats {
        let mut stats = self.shared.counters.snapshot();
        stats.teacher.cache_entries =
            session::lock(&self.shared.teacher.cache).entry_count() as u64;
        stats.student.cache_entries =
            session::lock(&self.shared.student.cache).entry_count() as u64;
        stats
    }

    /// Forgets every cached output.
    pub fn clear_cache(&self) {
        for side in [&self.shared.teacher, &self.shared.student] {
            session::lock(&side.cache).clear();
        }
    }

    /// Starts a streaming session; see [`Session`].
    pub fn session(&self) -> Result<Session, OracleError> {
        Session::start(Arc::clone(&self.shared))
    }

    /// Verdicts for `samples`, in their order; fails on the first sample
    /// that cannot be answered.
    pub fn run(&self, samples: &[Sample]) -> Result<Vec<Verdict>, OracleError> {
        self.run_with_progress(samples, |_| {})
    }

    /// [`Oracle::run`], calling `progress(done)` as verdicts arrive.
    pub fn run_with_progress(
        &self,
        samples: &[Sample],
        mut progress: impl FnMut(usize),
    ) -> Result<Vec<Verdict>, OracleError> {
        let mut session = self.session()?;
        let mut verdicts: Vec<Option<Verdict>> = vec![None; samples.len()];
        let mut done = 0;
        let mut store = |(id, outcome): (JobId, Result<Answer, OracleError>)| {
            // A fresh session numbers its jobs 0, 1, … in submission order.
            let slot = usize::try_from(id)
                .ok()
                .and_then(|index| verdicts.get_mut(index))
                .ok_or(OracleError::Closed)?;
            *slot = Some(outcome?.verdict);
            done += 1;
            progress(done);
            Ok::<(), OracleError>(())
        };
        for sample in samples {
            let mut pending = sample.clone();
            loop {
                match session.try_submit(pending) {
                    Ok(_) => break,
                    // Collect answers while the pipeline is full, so progress moves.
                    Err(SubmitError::Full(back)) => {
                        pending = back;
                        store(session.recv().ok_or(OracleError::Closed)?)?;
                    }
                    Err(SubmitError::Closed(_)) => return Err(OracleError::Closed),
                }
            }
        }
        session.close();
        while let Some(outcome) = session.recv() {
            store(outcome)?;
        }
        verdicts
            .into_iter()
            .map(|v| v.ok_or(OracleError::Closed))
            .collect()
    }
}
