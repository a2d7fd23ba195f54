//! Training the embedded models: tokenizers, a RoBERTa-style clone
//! classifier written with tch, supervised training of the teacher,
//! distillation of a student from the teacher's soft labels, export to
//! bundles, and the model card.
//!
//! Flow: [`pairs`] (data) → [`vocab`] (tokenizer) → [`batches`] → [`fit`]
//! (the loop, on an [`encoder::CloneClassifier`]) → [`export`] (bundle);
//! [`teacher`] and [`distill`] put these together, [`card`] measures the
//! results.
pub mod batches;
pub mod card;
pub mod config;
pub mod distill;
pub mod encoder;
pub mod export;
pub mod fit;
pub mod pairs;
pub mod record;
mod run;
pub mod teacher;
pub mod vocab;

pub use config::TrainConfig;
pub use distill::distill_student;
pub use encoder::CloneClassifier;
pub use record::TrainingRecord;
pub use teacher::train_teacher;

use crate::data::DataError;
use crate::model::ModelError;

/// Why training, distillation or the card could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum TrainError {
    #[error(transparent)]
    Data(#[from] DataError),
    /// A missing or malformed input; the message names it.
    #[error("{0}")]
    Input(String),
    #[error(transparent)]
    Model(#[from] ModelError),
    #[error("libtorch: {0}")]
    Torch(#[from] tch::TchError),
    #[error("training diverged (non-finite loss) in epoch {epoch} at step {step}; lower training.learning_rate")]
    Diverged { epoch: usize, step: usize },
}
