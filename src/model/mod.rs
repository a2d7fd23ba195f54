//! Model bundles: a directory with a TorchScript model (`model.pt`), its
//! tokenizer (`tokenizer.json`) and a manifest (`bundle.json`) saying how to
//! feed the model and read its output.
//!
//! The manifest and the tokenization need no libtorch; loading and running
//! the model need the `torch` feature.
#[cfg(feature = "torch")]
mod archive;
mod bpe;
#[cfg(feature = "torch")]
mod bundle;
mod code_model;
#[cfg(feature = "torch")]
mod device;
mod manifest;
#[cfg(feature = "torch")]
#[doc(hidden)]
pub mod testing;
mod tokenize;

pub use bpe::{train_byte_level_bpe, BpeOptions};
#[cfg(feature = "torch")]
pub use bundle::{Bundle, MANIFEST_FILE, MODEL_FILE, TOKENIZER_FILE};
pub use code_model::CodeModel;
#[cfg(feature = "torch")]
pub use device::{DeviceChoice, Precision};
pub use manifest::{Assembly, Dtype, Manifest, OutputKind, SpecialTokens, FORMAT};
pub use tokenize::{assemble, SegmentEncoder, SegmentIds, SpecialIds};

use std::path::PathBuf;

/// Why a bundle cannot be used.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ModelError {
    /// A file of the bundle is missing or wrong; the message says what.
    #[error("{path}: {problem}")]
    Invalid { path: PathBuf, problem: String },
    /// The requested device or precision is not usable.
    #[error("{0}")]
    Device(String),
    /// Teacher and student cannot be compared.
    #[error("teacher and student do not fit together: {0}")]
    Mismatch(String),
    /// A sample the model cannot read (wrong segment count, untokenizable).
    #[error("{0}")]
    Input(String),
    /// The model failed on a batch, or its output is malformed.
    #[error("{0}")]
    Forward(String),
}
