//! `bundle.json`: what a bundle's model expects and returns.
use crate::data::Task;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The only manifest version this build reads.
pub const FORMAT: &str = "metacompress-bundle/1";

/// The parsed `bundle.json` of a bundle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Must be [`FORMAT`].
    pub format: String,
    pub name: String,
    pub task: Task,
    /// Code segments per sample: 2 for clone detection, 1 for vulnerability prediction.
    pub segments: usize,
    /// Ids per segment, including the two special tokens.
    pub max_tokens: usize,
    pub assembly: Assembly,
    #[serde(default)]
    pub special_tokens: SpecialTokens,
    /// Tokens of the tokenizer the model was trained with; loading refuses a
    /// `tokenizer.json` of another size. Older bundles lack it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vocab_size: Option<usize>,
    /// Label names; the model returns one score per label, in this order.
    pub labels: Vec<String>,
    pub output: OutputKind,
    /// The model returns `(scores [B, C], pooled [B, H])` instead of `scores`.
    #[serde(default)]
    pub hidden_output: bool,
    #[serde(default)]
    pub dtype: Dtype,
}

/// How token ids are laid out in the model input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Assembly {
    /// Each segment is `<s> tokens </s>`, truncated to `max_tokens`, padded to
    /// the batch's longest segment; segments are concatenated.
    Codebert,
}

/// Token strings of the special tokens; each must exist in the tokenizer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpecialTokens {
    pub bos: String,
    pub eos: String,
    pub pad: String,
    pub unk: String,
}

impl Default for SpecialTokens {
    fn default() -> Self {
        SpecialTokens {
            bos: "<s>".to_string(),
            eos: "</s>".to_string(),
            pad: "<pad>".to_string(),
            unk: "<unk>".to_string(),
        }
    }
}

/// What the model's scores are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutputKind {
    /// Unnormalised scores; the oracle applies softmax.
    Logits,
    /// Rows already summing to 1.
    Probabilities,
}

/// Floating-point type of the model's weights as exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dtype {
    #[default]
    Float32,
    Float16,
    Bfloat16,
}

impl Dtype {
    /// The name `bundle.json` uses.
    pub fn name(self) -> &'static str {
        match self {
            Dtype::Float32 => "float32",
            Dtype::Float16 => "float16",
            Dtype::Bfloat16 => "bfloat16",
        }
    }
}

impl Manifest {
    /// Reads and checks `bundle.json`; `Err` holds a message naming the problem.
    pub fn from_file(path: &Path) -> Result<Manifest, String> {
        let text = std::fs::read_to_string(path).map_err(|err| format!("cannot read: {err}"))?;
        Manifest::from_json(&text)
    }

    pub fn from_json(text: &str) -> Result<Manifest, String> {
        // Check the version first: a future format may not parse as this one.
        let raw: serde_json::Value =
            serde_json::from_str(text).map_err(|err| format!("malformed JSON: {err}"))?;
        match raw.get("format").and_then(|f| f.as_str()) {
            Some(FORMAT) => {}
            Some(other) => {
                return Err(format!(
                    "unsupported format '{other}' (this build reads '{FORMAT}')"
                ))
            }
            None => return Err(format!("missing \"format\": \"{FORMAT}\"")),
        }
        let manifest: Manifest =
            serde_json::from_value(raw).map_err(|err| format!("invalid manifest: {err}"))?;
        manifest.check()?;
        Ok(manifest)
    }

    fn check(&self) -> Result<(), String> {
        if self.segments != self.task.segments() {
            return Err(format!(
                "\"segments\": {} does not match task {} (which needs {})",
                self.segments,
                self.task,
                self.task.segments()
            ));
        }
        if self.labels.len() < 2 {
            return Err(format!(
                "\"labels\" needs at least 2 entries, found {}",
                self.labels.len()
            ));
        }
        if self.max_tokens < 3 {
            return Err(format!(
                "\"max_tokens\": {} leaves no room for code between <s> and </s> (minimum 3)",
                self.max_tokens
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{ "format": "metacompress-bundle/1", "name": "tiny",
        "task": "clone-detection", "segments": 2, "max_tokens": 400, "assembly": "codebert",
        "labels": ["not-clone", "clone"], "output": "logits" }"#;

    #[test]
    fn defaults_fill_optional_fields() {
        let m = Manifest::from_json(GOOD).expect("valid manifest");
        assert_eq!(m.special_tokens, SpecialTokens::default());
        assert!(!m.hidden_output);
        assert_eq!(m.dtype, Dtype::Float32);
        assert_eq!(m.vocab_size, None);
        assert_eq!(m.task, Task::CloneDetection);
    }

    #[test]
    fn vocab_size_round_trips_and_dtype_names_are_the_json_ones() {
        let m = Manifest {
            vocab_size: Some(1000),
            ..Manifest::from_json(GOOD).expect("valid manifest")
        };
        let json = serde_json::to_string(&m).expect("serialises");
        assert!(json.contains("\"vocab_size\":1000"), "{json}");
        assert_eq!(Manifest::from_json(&json), Ok(m));
        for dtype in [Dtype::Float32, Dtype::Float16, Dtype::Bfloat16] {
            assert_eq!(serde_json::json!(dtype), dtype.name());
        }
    }

    #[test]
    fn each_problem_has_its_message() {
        let cases = [
            (GOOD.replace("400,", "400"), "malformed JSON"),
            (GOOD.replace("bundle/1", "bundle/2"), "unsupported format"),
            (GOOD.replace("\"name\"", "\"nmae\""), "unknown field `nmae`"),
            (
                GOOD.replace("\"segments\": 2", "\"segments\": 1"),
                "does not match task",
            ),
            (GOOD.replace(", \"clone\"]", "]"), "at least 2"),
            (
                GOOD.replace("\"logits\"", "\"scores\""),
                "unknown variant `scores`",
            ),
            (
                GOOD.replace("\"max_tokens\": 400", "\"max_tokens\": 2"),
                "minimum 3",
            ),
            (
                GOOD.replace("\"format\": \"metacompress-bundle/1\",", ""),
                "missing \"format\"",
            ),
        ];
        for (text, expected) in cases {
            let err = Manifest::from_json(&text).expect_err(expected);
            assert!(
                err.contains(expected),
                "{err:?} should mention {expected:?}"
            );
        }
    }
}
