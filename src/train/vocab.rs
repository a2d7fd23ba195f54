//! Byte-level BPE tokenizers trained on the training split's functions.
use super::config::TokenizerConfig;
use super::TrainError;
use crate::model::SpecialTokens;
use tokenizers::models::bpe::{BpeTrainerBuilder, BPE};
use tokenizers::normalizers::{Lowercase, NormalizerWrapper};
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::{AddedToken, Tokenizer, TokenizerBuilder, TokenizerImpl};

/// Trains a tokenizer whose first ids are `<s>`, `<pad>`, `</s>`, `<unk>`
/// (RoBERTa's order).
pub fn train_tokenizer(
    config: &TokenizerConfig,
    texts: &[String],
) -> Result<Tokenizer, TrainError> {
    let special = SpecialTokens::default();
    let mut trainer = BpeTrainerBuilder::new()
        .show_progress(false)
        .vocab_size(config.vocab_size)
        .min_frequency(2)
        .initial_alphabet(ByteLevel::alphabet().into_iter().collect())
        .special_tokens(
            [&special.bos, &special.pad, &special.eos, &special.unk]
                .into_iter()
                .map(|t| AddedToken::from(t.clone(), true))
                .collect(),
        )
        .build();
    let normalizer = config.lowercase.then(|| NormalizerWrapper::from(Lowercase));
    let failed =
        |err: tokenizers::Error| TrainError::Input(format!("tokenizer training failed: {err}"));
    let mut tokenizer: TokenizerImpl<BPE, NormalizerWrapper, ByteLevel, ByteLevel, ByteLevel> =
        TokenizerBuilder::new()
            .with_model(BPE::default())
            .with_normalizer(normalizer)
            .with_pre_tokenizer(Some(ByteLevel::default()))
            .with_post_processor(Some(ByteLevel::default()))
            .with_decoder(Some(ByteLevel::default()))
            .build()
            .map_err(failed)?;
    tokenizer
        .train(&mut trainer, texts.iter())
        .map_err(failed)?;
    Ok(tokenizer.into())
}
