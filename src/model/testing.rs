//! Tiny bundles built from Rust, for tests that need real models before any
//! trained export exists: a byte-level BPE trained on a few strings and a
//! traced TorchScript model (embedding → mean over non-pad ids → linear).
//!
//! The model follows the bundle contract: it takes `[B, segments * L]` ids
//! for any B and L, splits the segments itself and masks padding.
use super::manifest::{Assembly, Dtype, Manifest, OutputKind, SpecialTokens, FORMAT};
use crate::data::Task;
use std::path::Path;
use tch::nn::{self, Module};
use tch::{CModule, Device, Kind, Tensor};

/// A deliberate defect, to test that loading rejects it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    None,
    /// Every score is NaN.
    NanOutput,
    /// The trace bakes in batch size 2 and this per-segment length.
    FixedShape(i64),
}

/// Recipe of a tiny bundle.
#[derive(Debug, Clone)]
pub struct TinyBundle {
    pub name: String,
    pub task: Task,
    pub max_tokens: usize,
    /// Number of labels the model scores.
    pub labels: usize,
    pub output: OutputKind,
    pub hidden_output: bool,
    /// Seeds the weights: two bundles with different seeds disagree somewhere.
    pub seed: i64,
    pub vocab_size: usize,
    /// Lower-case text before tokenizing (as Compressor's student does).
    pub lowercase: bool,
    pub embedding_dim: i64,
    pub corpus: Vec<String>,
    pub fault: Fault,
}

impl TinyBundle {
    pub fn new(name: &str, task: Task) -> Self {
        TinyBundle {
            name: name.to_string(),
            task,
            max_tokens: 32,
            labels: 2,
            output: OutputKind::Logits,
            hidden_output: false,
            seed: 1,
            vocab_size: 300,
            lowercase: false,
            embedding_dim: 16,
            corpus: default_corpus(),
            fault: Fault::None,
        }
    }

    /// The manifest the bundle is written with, less the vocabulary size
    /// known once the tokenizer is trained.
    pub fn manifest(&self) -> Manifest {
        Manifest {
            format: FORMAT.to_string(),
            name: self.name.clone(),
            task: self.task,
            segments: self.task.segments(),
            max_tokens: self.max_tokens,
            assembly: Assembly::Codebert,
            special_tokens: SpecialTokens::default(),
            vocab_size: None,
            labels: (0..self.labels).map(|i| format!("label{i}")).collect(),
            output: self.output,
            hidden_output: self.hidden_output,
            dtype: Dtype::Float32,
        }
    }

    /// Writes `bundle.json`, `tokenizer.json` and `model.pt` into `dir`.
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir)?;
        let (vocab, pad) = self.write_tokenizer(&dir.join(super::TOKENIZER_FILE))?;
        let manifest = Manifest {
            vocab_size: Some(vocab as usize),
            ..self.manifest()
        };
        std::fs::write(
            dir.join(super::MANIFEST_FILE),
            serde_json::to_string_pretty(&manifest)?,
        )?;
        let model_path = dir.join(super::MODEL_FILE);
        self.trace_model(vocab, pad)?.save(&model_path)?;
        if self.hidden_output {
            let hidden = self.task.segments() * self.embedding_dim as usize;
            split_hidden_output(&model_path, self.labels, hidden)?;
        }
        Ok(())
    }

    /// Trains the tokenizer; returns its vocabulary size and pad id.
    fn write_tokenizer(&self, path: &Path) -> anyhow::Result<(i64, i64)> {
        let special = SpecialTokens::default();
        let options = super::BpeOptions {
            vocab_size: self.vocab_size,
            lowercase: self.lowercase,
            min_frequency: 0,
        };
        let tokenizer = super::train_byte_level_bpe(options, &self.corpus)
            .map_err(|err| anyhow::anyhow!("{err}"))?;
        tokenizer
            .save(path, false)
            .map_err(|err| anyhow::anyhow!("{err}"))?;
        let vocab = tokenizer.get_vocab_size(true) as i64;
        let pad = tokenizer
            .token_to_id(&special.pad)
            .ok_or_else(|| anyhow::anyhow!("trained tokenizer lacks <pad>"))?;
        Ok((vocab, i64::from(pad)))
    }

    fn trace_model(&self, vocab: i64, pad: i64) -> anyhow::Result<CModule> {
        // The seed is process-wide: hold it until the weights exist, so that
        // bundles built by parallel tests get the weights their seed promises.
        static SEEDING: std::sync::Mutex<()> = std::sync::Mutex::new(());
        let _seeding = SEEDING
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        tch::manual_seed(self.seed);
        let mut vs = nn::VarStore::new(Device::Cpu);
        let root = vs.root();
        let dim = self.embedding_dim;
        let segments = self.task.segments() as i64;
        let embedding = nn::embedding(&root / "embedding", vocab, dim, Default::default());
        let classifier = nn::linear(
            &root / "classifier",
            segments * dim,
            self.labels as i64,
            Default::default(),
        );
        vs.freeze();
        let (output, hidden_output, fault) = (self.output, self.hidden_output, self.fault);
        let mut forward = |inputs: &[Tensor]| -> Vec<Tensor> {
            let ids = &inputs[0];
            let per_segment = match fault {
                // view() with constants: only one shape fits.
                Fault::FixedShape(length) => ids.view([2 * segments, length]),
                _ => ids.unflatten(1, [segments, -1]).flatten(0, 1),
            };
            let embedded = embedding.forward(&per_segment);
            // type_as, not to_kind: to_kind would bake the CPU device into the trace.
            let mask = per_segment.ne(pad).unsqueeze(-1).type_as(&embedded);
            let summed = (embedded * &mask).sum_dim_intlist(1, false, Kind::Float);
            let pooled = summed / mask.sum_dim_intlist(1, false, Kind::Float).clamp_min(1.0);
            let features = pooled.unflatten(0, [-1, segments]).flatten(1, 2);
            let mut scores = classifier.forward(&features) * 4.0;
            if fault == Fault::NanOutput {
                scores *= f64::NAN;
            }
            if output == OutputKind::Probabilities {
                scores = scores.softmax(-1, Kind::Float);
            }
            if hidden_output {
                // Split again into a tuple by `split_hidden_output`.
                vec![Tensor::cat(&[scores, features], 1)]
            } else {
                vec![scores]
            }
        };
        let example = Tensor::ones([2, segments * 8], (Kind::Int64, Device::Cpu));
        let module = CModule::create_by_tracing("TinyModel", "forward", &[example], &mut forward)?;
        Ok(module)
    }
}

/// Tracing from Rust cannot return a tuple, so a hidden-output model is
/// traced returning `cat([scores, pooled], 1)` and its TorchScript source is
/// edited: the traced method becomes `concat`, and a new `forward` splits its
/// result into `(scores, pooled)`. Source-position debug records no longer
/// match the code and are left out.
fn split_hidden_output(model: &Path, labels: usize, hidden: usize) -> anyhow::Result<()> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::fs::File::open(model)?)?;
    let mut entries = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index)?;
        let name = entry.name().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        entries.push((name, data));
    }
    let mut writer = zip::ZipWriter::new(std::fs::File::create(model)?);
    let options =
        zip::write::FileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut edited = false;
    for (name, data) in entries {
        if name.ends_with(".debug_pkl") {
            continue;
        }
        let data = if name.ends_with("code/__torch__.py") {
            let code = String::from_utf8(data)?;
            anyhow::ensure!(
                code.contains("  def forward("),
                "traced code has no forward"
            );
            edited = true;
            let split = format!(
                "  def forward(self: __torch__.TinyModel,\n    argument_1: Tensor) -> Tuple[Tensor, Tensor]:\n    both = (self).concat(argument_1, )\n    scores = torch.narrow(both, 1, 0, {labels})\n    pooled = torch.narrow(both, 1, {labels}, {hidden})\n    return (scores, pooled)\n"
            );
            let renamed = code.replace("  def forward(", "  def concat(");
            format!("{}\n{split}", renamed.trim_end()).into_bytes()
        } else {
            data
        };
        writer.start_file(name, options)?;
        writer.write_all(&data)?;
    }
    writer.finish()?;
    anyhow::ensure!(edited, "no TorchScript source in {}", model.display());
    Ok(())
}

/// A few lines of Java and C, enough for a byte-level BPE to learn merges.
pub fn default_corpus() -> Vec<String> {
    [
        "public static int sum(int[] values) { int total = 0; for (int v : values) { total += v; } return total; }",
        "public String join(List<String> parts) { StringBuilder sb = new StringBuilder(); for (String p : parts) sb.append(p); return sb.toString(); }",
        "private boolean isEmpty(String s) { return s == null || s.length() == 0; }",
        "int copy(char *dst, const char *src, size_t n) { size_t i; for (i = 0; i < n && src[i]; i++) dst[i] = src[i]; return (int) i; }",
        "static void free_list(struct node *head) { while (head != NULL) { struct node *next = head->next; free(head); head = next; } }",
        "if (buffer == NULL) { return -1; } memcpy(buffer, data, length);",
    ]
    .into_iter()
    .map(str::to_string)
    .collect()
}
