//! The clone classifier: a RoBERTa-style encoder (token and learned position
//! embeddings, post-norm layers of multi-head self-attention and a GELU
//! feed-forward) with a clone head: CodeXGLUE's or a siamese one.
//!
//! Every shape is derived inside the graph (`unflatten`, `flatten`, `-1`,
//! broadcasting masks), never read in Rust, so that a trace of
//! [`CloneClassifier::forward_t`] accepts any batch size and length.
use super::config::{Head, ModelConfig};
use tch::nn::{self, Module};
use tch::{Kind, Tensor};

/// RoBERTa's initialisation: small normal weights, zero biases.
const INIT_STDEV: f64 = 0.02;
const LAYER_NORM_EPS: f64 = 1e-5;

fn linear(path: nn::Path, inputs: i64, outputs: i64) -> nn::Linear {
    nn::linear(
        path,
        inputs,
        outputs,
        nn::LinearConfig {
            ws_init: nn::Init::Randn {
                mean: 0.0,
                stdev: INIT_STDEV,
            },
            bs_init: Some(nn::Init::Const(0.0)),
            bias: true,
        },
    )
}

fn layer_norm(path: nn::Path, hidden: i64) -> nn::LayerNorm {
    nn::layer_norm(
        path,
        vec![hidden],
        nn::LayerNormConfig {
            eps: LAYER_NORM_EPS,
            ..Default::default()
        },
    )
}

fn embedding(path: nn::Path, count: i64, hidden: i64) -> nn::Embedding {
    nn::embedding(
        path,
        count,
        hidden,
        nn::EmbeddingConfig {
            ws_init: nn::Init::Randn {
                mean: 0.0,
                stdev: INIT_STDEV,
            },
            ..Default::default()
        },
    )
}

/// One encoder layer (post-norm, as RoBERTa).
#[derive(Debug)]
struct Layer {
    query: nn::Linear,
    key: nn::Linear,
    value: nn::Linear,
    attention_out: nn::Linear,
    attention_norm: nn::LayerNorm,
    feed_in: nn::Linear,
    feed_out: nn::Linear,
    feed_norm: nn::LayerNorm,
    heads: i64,
    dropout: f64,
}

impl Layer {
    fn new(path: nn::Path, config: &ModelConfig) -> Layer {
        let h = config.hidden;
        Layer {
            query: linear(&path / "query", h, h),
            key: linear(&path / "key", h, h),
            value: linear(&path / "value", h, h),
            attention_out: linear(&path / "attention_out", h, h),
            attention_norm: layer_norm(&path / "attention_norm", h),
            feed_in: linear(&path / "feed_in", h, config.intermediate),
            feed_out: linear(&path / "feed_out", config.intermediate, h),
            feed_norm: layer_norm(&path / "feed_norm", h),
            heads: config.heads,
            dropout: config.dropout,
        }
    }

    /// `x`: `[N, L, H]`; `attend`: `[N, 1, 1, L]`, true where a key is a real token.
    fn forward_t(&self, x: &Tensor, attend: &Tensor, train: bool) -> Tensor {
        // [N, L, H] → [N, heads, L, H / heads]
        let split = |t: Tensor| t.unflatten(-1, [self.heads, -1]).transpose(1, 2);
        let q = split(self.query.forward(x));
        let k = split(self.key.forward(x));
        let v = split(self.value.forward(x));
        let p = if train { self.dropout } else { 0.0 };
        let context =
            Tensor::scaled_dot_product_attention(&q, &k, &v, Some(attend), p, false, None, false)
                .transpose(1, 2)
                .flatten(2, 3);
        let attended = self
            .attention_out
            .forward(&context)
            .dropout(self.dropout, train);
        let x = self.attention_norm.forward(&(attended + x));
        let fed = self
            .feed_out
            .forward(&self.feed_in.forward(&x).gelu("none"))
            .dropout(self.dropout, train);
        self.feed_norm.forward(&(fed + x))
    }
}

/// Encoder + clone head: `[B, 2L]` ids (two `<s> … </s>` segments padded to
/// L) → `[B, 2]` logits (not-clone, clone).
#[derive(Debug)]
pub struct CloneClassifier {
    tokens: nn::Embedding,
    positions: nn::Embedding,
    embedding_norm: nn::LayerNorm,
    layers: Vec<Layer>,
    dense: nn::Linear,
    out_proj: nn::Linear,
    head: Head,
    pad: i64,
    dropout: f64,
}

/// Segments per sample in clone detection.
const SEGMENTS: i64 = 2;
pub const LABELS: i64 = 2;

impl CloneClassifier {
    /// Creates the variables under `path`; `vocab` ids, `pad` the padding id.
    pub fn new(path: &nn::Path, config: &ModelConfig, vocab: i64, pad: i64) -> CloneClassifier {
        let h = config.hidden;
        let head_inputs = match config.head {
            Head::Codexglue => SEGMENTS * h,
            Head::Siamese => 4 * h,
        };
        CloneClassifier {
            tokens: embedding(path / "tokens", vocab, h),
            positions: embedding(path / "positions", config.max_tokens as i64, h),
            embedding_norm: layer_norm(path / "embedding_norm", h),
            layers: (0..config.layers)
                .map(|i| Layer::new(path / "layers" / i, config))
                .collect(),
            dense: linear(path / "head" / "dense", head_inputs, h),
            out_proj: linear(path / "head" / "out_proj", h, LABELS),
            head: config.head,
            pad,
            dropout: config.dropout,
        }
    }

    /// Logits `[B, 2]` for ids `[B, 2L]`; `train` turns dropout on.
    pub fn forward_t(&self, ids: &Tensor, train: bool) -> Tensor {
        // Both functions go through the encoder in one batch: [B, 2L] → [2B, L].
        let segments = ids.unflatten(1, [SEGMENTS, -1]).flatten(0, 1);
        let real = segments.ne(self.pad);
        // Positions count real tokens, so padding never shifts them.
        let positions = (real.cumsum(1, Kind::Int64) - 1).clamp_min(0);
        let embedded = self.tokens.forward(&segments) + self.positions.forward(&positions);
        let mut x = self
            .embedding_norm
            .forward(&embedded)
            .dropout(self.dropout, train);
        let attend = real.unsqueeze(1).unsqueeze(1);
        for layer in &self.layers {
            x = layer.forward_t(&x, &attend, train);
        }
        let features = match self.head {
            // The <s> vectors of both functions side by side: [2B, H] → [B, 2H].
            Head::Codexglue => x.select(1, 0).unflatten(0, [-1, SEGMENTS]).flatten(1, 2),
            Head::Siamese => {
                let real = real.unsqueeze(-1).to_kind(x.kind());
                let mean = (&x * &real).sum_dim_intlist(1, false, None)
                    / real.sum_dim_intlist(1, false, None).clamp_min(1.0);
                // [2B, H] → [B, 2, H]: u and v.
                let pairs = mean.unflatten(0, [-1, SEGMENTS]);
                let (u, v) = (pairs.select(1, 0), pairs.select(1, 1));
                Tensor::cat(&[&u, &v, &(&u - &v).abs(), &(&u * &v)], 1)
            }
        };
        let hidden = self
            .dense
            .forward(&features.dropout(self.dropout, train))
            .tanh()
            .dropout(self.dropout, train);
        self.out_proj.forward(&hidden)
    }
}

/// Number of scalar weights in a var store.
pub fn parameter_count(vs: &nn::VarStore) -> usize {
    vs.variables().values().map(Tensor::numel).sum()
}
