//! Training configuration, read from a TOML file (see `models/configs/`).
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Everything that decides a training run, so that one file reproduces it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainConfig {
    /// Bundle name written to `bundle.json`.
    pub name: String,
    /// Seeds the weights (`tch::manual_seed`) and every shuffle.
    pub seed: u64,
    /// Intra-op threads of libtorch.
    #[serde(default = "default_threads")]
    pub threads: usize,
    pub tokenizer: TokenizerConfig,
    pub model: ModelConfig,
    pub training: Schedule,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokenizerConfig {
    /// Byte-level BPE vocabulary size, special tokens included.
    pub vocab_size: usize,
    /// Lower-case text before tokenizing (as Compressor's student does).
    #[serde(default)]
    pub lowercase: bool,
}

/// Shape of the encoder; see [`crate::train::CloneClassifier`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelConfig {
    pub hidden: i64,
    pub layers: usize,
    pub heads: i64,
    /// Width of the feed-forward layer.
    pub intermediate: i64,
    /// Ids per segment, `<s>` and `</s>` included.
    pub max_tokens: usize,
    pub dropout: f64,
    /// How the two functions' encodings are compared.
    #[serde(default)]
    pub head: Head,
}

/// The clone head of [`crate::train::CloneClassifier`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Head {
    /// CodeXGLUE's: the `<s>` vectors of both functions side by side.
    #[default]
    Codexglue,
    /// Sentence-BERT's: mean-pooled vectors u, v and [u, v, |u−v|, u⊙v], so
    /// the head sees their difference directly instead of learning it.
    Siamese,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    pub learning_rate: f64,
    pub batch_size: usize,
    pub epochs: usize,
    /// Epochs without a better validation score before stopping.
    pub patience: usize,
    /// Fraction of all steps with a linearly rising learning rate.
    #[serde(default = "default_warmup")]
    pub warmup: f64,
    #[serde(default = "default_weight_decay")]
    pub weight_decay: f64,
    /// Train on at most this many pairs (a seeded sample; all when absent).
    /// For `distill`, it also bounds how many pairs the teacher labels.
    #[serde(default)]
    pub max_pairs: Option<usize>,
    /// Use at most this many training pairs per epoch (all when absent).
    #[serde(default)]
    pub pairs_per_epoch: Option<usize>,
    /// Stop after the epoch that would let the next one end past this many
    /// minutes of training (the best weights so far are kept).
    #[serde(default)]
    pub max_minutes: Option<f64>,
    /// Softening temperature of distillation (`distill` only).
    #[serde(default)]
    pub temperature: Option<f64>,
    /// What picks the best epoch.
    #[serde(default)]
    pub select: Selection,
}

/// The validation score that early stopping follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Selection {
    /// F1 against the ground truth of the valid split.
    #[default]
    F1,
    /// Label agreement with the teacher on the valid split (no ground truth).
    Agreement,
}

fn default_threads() -> usize {
    2
}

fn default_warmup() -> f64 {
    0.05
}

fn default_weight_decay() -> f64 {
    0.01
}

impl TrainConfig {
    /// Reads and checks a TOML file; `Err` names the file and the problem.
    pub fn from_file(path: &Path) -> Result<TrainConfig, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|err| format!("{}: cannot read the config: {err}", path.display()))?;
        TrainConfig::from_toml(&text).map_err(|problem| format!("{}: {problem}", path.display()))
    }

    pub fn from_toml(text: &str) -> Result<TrainConfig, String> {
        let config: TrainConfig =
            toml::from_str(text).map_err(|err| format!("invalid config: {err}"))?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), String> {
        let m = &self.model;
        let t = &self.training;
        let rules = [
            (self.threads >= 1, "threads must be at least 1"),
            (
                self.tokenizer.vocab_size >= 300,
                "tokenizer.vocab_size must be at least 300 (256 bytes + special tokens + merges)",
            ),
            (
                m.hidden >= 1 && m.heads >= 1 && m.hidden % m.heads == 0,
                "model.hidden must be a positive multiple of model.heads",
            ),
            (m.layers >= 1, "model.layers must be at least 1"),
            (m.intermediate >= 1, "model.intermediate must be at least 1"),
            (
                m.max_tokens >= 3,
                "model.max_tokens must be at least 3 (<s>, one token, </s>)",
            ),
            (
                (0.0..1.0).contains(&m.dropout),
                "model.dropout must be in [0, 1)",
            ),
            (
                t.learning_rate > 0.0,
                "training.learning_rate must be positive",
            ),
            (t.batch_size >= 1, "training.batch_size must be at least 1"),
            (t.epochs >= 1, "training.epochs must be at least 1"),
            (
                (0.0..1.0).contains(&t.warmup),
                "training.warmup must be in [0, 1)",
            ),
            (
                t.weight_decay >= 0.0,
                "training.weight_decay must not be negative",
            ),
            (
                t.max_pairs != Some(0),
                "training.max_pairs must be at least 1",
            ),
            (
                t.pairs_per_epoch != Some(0),
                "training.pairs_per_epoch must be at least 1",
            ),
            (
                t.max_minutes.is_none_or(|m| m > 0.0),
                "training.max_minutes must be positive",
            ),
            (
                t.temperature.is_none_or(|temp| temp > 0.0),
                "training.temperature must be positive",
            ),
        ];
        match rules.iter().find(|(ok, _)| !ok) {
            Some((_, problem)) => Err(problem.to_string()),
            None => Ok(()),
        }
    }

    /// The distillation temperature, required by `distill`.
    pub fn temperature(&self) -> Result<f64, String> {
        self.training
            .temperature
            .ok_or_else(|| "distillation needs training.temperature (e.g. 3.0)".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"
        name = "tiny"
        seed = 7
        [tokenizer]
        vocab_size = 400
        [model]
        hidden = 16
        layers = 1
        heads = 2
        intermediate = 32
        max_tokens = 32
        dropout = 0.1
        [training]
        learning_rate = 1e-3
        batch_size = 4
        epochs = 2
        patience = 1
    "#;

    #[test]
    fn defaults_fill_optional_fields() {
        let config = TrainConfig::from_toml(GOOD).expect("valid config");
        assert_eq!(config.threads, 2);
        assert_eq!(config.training.select, Selection::F1);
        assert!(config.temperature().is_err());
    }

    #[test]
    fn each_problem_has_its_message() {
        let cases = [
            (
                GOOD.replace("heads = 2", "heads = 3"),
                "multiple of model.heads",
            ),
            (GOOD.replace("seed = 7", "sed = 7"), "unknown field `sed`"),
            (GOOD.replace("epochs = 2", "epochs = 0"), "epochs"),
            (
                GOOD.replace("vocab_size = 400", "vocab_size = 10"),
                "vocab_size",
            ),
            (
                GOOD.replace("batch_size = 4", "batch_size = \"4\""),
                "invalid config",
            ),
        ];
        for (text, expected) in cases {
            let err = TrainConfig::from_toml(&text).expect_err(expected);
            assert!(
                err.contains(expected),
                "{err:?} should mention {expected:?}"
            );
        }
    }
}
