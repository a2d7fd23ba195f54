//! Training byte-level BPE tokenizers laid out as bundles expect: the special
//! tokens `<s>`, `<pad>`, `</s>`, `<unk>` take the first ids (RoBERTa's order).
use super::SpecialTokens;
use tokenizers::models::bpe::{BpeTrainerBuilder, BPE};
use tokenizers::normalizers::{Lowercase, NormalizerWrapper};
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::{AddedToken, Tokenizer, TokenizerBuilder, TokenizerImpl};

/// What to train.
#[derive(Debug, Clone, Copy)]
pub struct BpeOptions {
    /// Vocabulary size, special tokens included.
    pub vocab_size: usize,
    /// Lower-case text before tokenizing (as Compressor's student does).
    pub lowercase: bool,
    /// Pairs seen fewer times are not merged (0 for tiny test corpora).
    pub min_frequency: u64,
}

/// Trains a byte-level BPE tokenizer on `texts`.
pub fn train_byte_level_bpe(
    options: BpeOptions,
    texts: &[String],
) -> Result<Tokenizer, tokenizers::Error> {
    let special = SpecialTokens::default();
    let mut trainer = BpeTrainerBuilder::new()
        .show_progress(false)
        .vocab_size(options.vocab_size)
        .min_frequency(options.min_frequency)
        .initial_alphabet(ByteLevel::alphabet().into_iter().collect())
        .special_tokens(
            [&special.bos, &special.pad, &special.eos, &special.unk]
                .into_iter()
                .map(|t| AddedToken::from(t.clone(), true))
                .collect(),
        )
        .build();
    let normalizer = options
        .lowercase
        .then(|| NormalizerWrapper::from(Lowercase));
    let mut tokenizer: TokenizerImpl<BPE, NormalizerWrapper, ByteLevel, ByteLevel, ByteLevel> =
        TokenizerBuilder::new()
            .with_model(BPE::default())
            .with_normalizer(normalizer)
            .with_pre_tokenizer(Some(ByteLevel::default()))
            .with_post_processor(Some(ByteLevel::default()))
            .with_decoder(Some(ByteLevel::default()))
            .build()?;
    tokenizer.train(&mut trainer, texts.iter())?;
    Ok(tokenizer.into())
}
