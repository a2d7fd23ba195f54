//! Byte-level BPE tokenizers trained on the training split's functions.
use super::config::TokenizerConfig;
use super::TrainError;
use crate::model::{train_byte_level_bpe, BpeOptions};
use tokenizers::Tokenizer;

/// Trains a tokenizer whose first ids are `<s>`, `<pad>`, `</s>`, `<unk>`
/// (RoBERTa's order).
pub fn train_tokenizer(
    config: &TokenizerConfig,
    texts: &[String],
) -> Result<Tokenizer, TrainError> {
    let options = BpeOptions {
        vocab_size: config.vocab_size,
        lowercase: config.lowercase,
        min_frequency: 2,
    };
    train_byte_level_bpe(options, texts)
        .map_err(|err| TrainError::Input(format!("tokenizer training failed: {err}")))
}
