//! Turning samples into model input ids, CodeBERT style: each segment is
//! encoded without the tokenizer's own special tokens, truncated to
//! `max_tokens - 2` ids, wrapped in `<s> … </s>`; a batch pads every segment
//! to its longest one and concatenates the segments of a sample.
use super::manifest::{Manifest, SpecialTokens};
use crate::data::Sample;
use std::path::Path;
use std::sync::Arc;
use tokenizers::Tokenizer;

/// Ids of one sample: one `<s> … </s>` sequence per segment.
pub type SegmentIds = Vec<Vec<u32>>;

/// Vocabulary ids of the special tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpecialIds {
    pub bos: u32,
    pub eos: u32,
    pub pad: u32,
    pub unk: u32,
}

/// A bundle's tokenizer with the bundle's input conventions.
#[derive(Clone)]
pub struct SegmentEncoder {
    tokenizer: Arc<Tokenizer>,
    special: SpecialIds,
    max_tokens: usize,
    segments: usize,
}

impl std::fmt::Debug for SegmentEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SegmentEncoder")
            .field("special", &self.special)
            .field("max_tokens", &self.max_tokens)
            .field("segments", &self.segments)
            .finish_non_exhaustive()
    }
}

impl SegmentEncoder {
    /// Loads `tokenizer.json`; `Err` names the problem.
    pub fn from_file(path: &Path, manifest: &Manifest) -> Result<Self, String> {
        let mut tokenizer = Tokenizer::from_file(path)
            .map_err(|err| format!("not a valid tokenizers JSON file: {err}"))?;
        // The assembly does truncation and padding itself; settings saved in
        // the file would otherwise cut or pad segments a second time.
        tokenizer
            .with_truncation(None)
            .map_err(|err| format!("cannot clear truncation: {err}"))?;
        tokenizer.with_padding(None);
        Self::new(tokenizer, manifest)
    }

    pub fn new(tokenizer: Tokenizer, manifest: &Manifest) -> Result<Self, String> {
        check_vocab_size(&tokenizer, manifest.vocab_size)?;
        let special = special_ids(&tokenizer, &manifest.special_tokens)?;
        Ok(SegmentEncoder {
            tokenizer: Arc::new(tokenizer),
            special,
            max_tokens: manifest.max_tokens,
            segments: manifest.segments,
        })
    }

    pub fn special_ids(&self) -> SpecialIds {
        self.special
    }

    pub fn max_tokens(&self) -> usize {
        self.max_tokens
    }

    pub fn vocab_size(&self) -> usize {
        self.tokenizer.get_vocab_size(true)
    }

    /// `<s>` + at most `max_tokens - 2` ids of `text` + `</s>`.
    pub fn encode_segment(&self, text: &str) -> Result<Vec<u32>, String> {
        let encoding = self
            .tokenizer
            .encode_fast(text, false)
            .map_err(|err| format!("tokenization failed: {err}"))?;
        let body = encoding.get_ids();
        let body = &body[..body.len().min(self.max_tokens - 2)];
        let mut ids = Vec::with_capacity(body.len() + 2);
        ids.push(self.special.bos);
        ids.extend_from_slice(body);
        ids.push(self.special.eos);
        Ok(ids)
    }

    /// Encodes every segment of a sample, checking the segment count.
    pub fn encode(&self, sample: &Sample) -> Result<SegmentIds, String> {
        if sample.segments.len() != self.segments {
            return Err(format!(
                "sample '{}' has {} code segment(s), the model takes {}",
                sample.id,
                sample.segments.len(),
                self.segments
            ));
        }
        sample
            .segments
            .iter()
            .map(|text| self.encode_segment(text))
            .collect()
    }
}

/// A tokenizer of another size than the manifest records belongs to another
/// model: its ids would silently mean other tokens.
fn check_vocab_size(tokenizer: &Tokenizer, declared: Option<usize>) -> Result<(), String> {
    let tokens = tokenizer.get_vocab_size(true);
    match declared {
        Some(declared) if declared != tokens => Err(format!(
            "holds {tokens} tokens but bundle.json says \"vocab_size\": {declared} (the tokenizer of another model?)"
        )),
        _ => Ok(()),
    }
}

fn special_ids(tokenizer: &Tokenizer, tokens: &SpecialTokens) -> Result<SpecialIds, String> {
    let id = |role: &str, token: &str| {
        tokenizer.token_to_id(token).ok_or_else(|| {
            format!("tokenizer has no {role} token '{token}' (set \"special_tokens\" in bundle.json if it uses other names)")
        })
    };
    Ok(SpecialIds {
        bos: id("bos", &tokens.bos)?,
        eos: id("eos", &tokens.eos)?,
        pad: id("pad", &tokens.pad)?,
        unk: id("unk", &tokens.unk)?,
    })
}

/// Model input of a batch: row-major `[rows, segments * L]` ids and L, the
/// longest segment of the batch. Every sample must have the same number of
/// segments.
pub fn assemble(rows: &[&SegmentIds], pad: u32) -> (Vec<i64>, usize) {
    let length = rows
        .iter()
        .flat_map(|row| row.iter().map(Vec::len))
        .max()
        .unwrap_or(0);
    let width: usize = rows.first().map_or(0, |row| row.len()) * length;
    let mut ids = Vec::with_capacity(rows.len() * width);
    for row in rows {
        for segment in row.iter() {
            ids.extend(segment.iter().map(|&id| i64::from(id)));
            ids.extend(std::iter::repeat_n(i64::from(pad), length - segment.len()));
        }
    }
    (ids, length)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assemble_pads_each_segment_to_the_longest_in_the_batch() {
        let a: SegmentIds = vec![vec![0, 5, 2], vec![0, 2]];
        let b: SegmentIds = vec![vec![0, 2], vec![0, 7, 8, 9, 2]];
        let (ids, length) = assemble(&[&a, &b], 1);
        assert_eq!(length, 5);
        assert_eq!(
            ids,
            vec![0, 5, 2, 1, 1, 0, 2, 1, 1, 1, /* row 2 */ 0, 2, 1, 1, 1, 0, 7, 8, 9, 2]
        );
    }
}
