//! Writing a trained classifier as a bundle: the model traced to
//! TorchScript (`model.pt`), its tokenizer and `bundle.json`, and a check
//! that the trace answers like the eager model at several batch shapes.
use super::encoder::CloneClassifier;
use super::TrainError;
use crate::data::Task;
use crate::model::{
    Assembly, Dtype, Manifest, OutputKind, SpecialIds, SpecialTokens, FORMAT, MANIFEST_FILE,
    MODEL_FILE, TOKENIZER_FILE,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::Path;
use tch::{nn, CModule, Kind, Tensor};
use tokenizers::Tokenizer;

/// Largest difference allowed between traced and eager logits.
pub const TRACE_TOLERANCE: f64 = 1e-4;

/// The manifest of a clone-detection bundle written by this module.
pub fn clone_manifest(name: &str, max_tokens: usize) -> Manifest {
    Manifest {
        format: FORMAT.to_string(),
        name: name.to_string(),
        task: Task::CloneDetection,
        segments: Task::CloneDetection.segments(),
        max_tokens,
        assembly: Assembly::Codebert,
        special_tokens: SpecialTokens::default(),
        vocab_size: None,
        labels: vec!["not-clone".to_string(), "clone".to_string()],
        output: OutputKind::Logits,
        hidden_output: false,
        dtype: Dtype::Float32,
    }
}

/// Freezes `vs`, traces `model` and writes the bundle into `dir`; returns
/// the largest traced-vs-eager difference seen by [`trace_difference`].
pub fn write_bundle(
    vs: &mut nn::VarStore,
    model: &CloneClassifier,
    tokenizer: &Tokenizer,
    special: SpecialIds,
    manifest: &Manifest,
    dir: &Path,
) -> Result<f64, TrainError> {
    std::fs::create_dir_all(dir).map_err(|err| io(dir, err))?;
    // Tracing refuses weights that require grad.
    vs.freeze();
    let mut forward = |inputs: &[Tensor]| vec![model.forward_t(&inputs[0], false)];
    let example = Tensor::full([2, 16], i64::from(special.bos), (Kind::Int64, vs.device()));
    let module =
        CModule::create_by_tracing("CloneClassifier", "forward", &[example], &mut forward)?;
    let model_path = dir.join(MODEL_FILE);
    module.save(&model_path)?;
    let tokenizer_path = dir.join(TOKENIZER_FILE);
    tokenizer.save(&tokenizer_path, true).map_err(|err| {
        TrainError::Input(format!("{}: cannot write: {err}", tokenizer_path.display()))
    })?;
    let manifest_path = dir.join(MANIFEST_FILE);
    // Recorded so that loading refuses a tokenizer swapped in later.
    let manifest = &Manifest {
        vocab_size: Some(tokenizer.get_vocab_size(true)),
        ..manifest.clone()
    };
    let json = serde_json::to_string_pretty(manifest)
        .map_err(|err| TrainError::Input(format!("cannot serialise the manifest: {err}")))?;
    std::fs::write(&manifest_path, json + "\n").map_err(|err| io(&manifest_path, err))?;

    let saved = CModule::load_on_device(&model_path, vs.device())?;
    let vocab = tokenizer.get_vocab_size(true);
    let difference = trace_difference(&saved, model, special, vocab, manifest.max_tokens);
    if difference > TRACE_TOLERANCE {
        return Err(TrainError::Input(format!(
            "{}: the traced model differs from the trained one by {difference:e} (> {TRACE_TOLERANCE:e}); some shape was baked into the trace",
            model_path.display()
        )));
    }
    Ok(difference)
}

/// Largest absolute logit difference between `module` and `model` over
/// random pairs at batch sizes 1, 3, 8 and segment lengths 5, 37 and
/// `max_tokens` (each row padded from a random length).
pub fn trace_difference(
    module: &CModule,
    model: &CloneClassifier,
    special: SpecialIds,
    vocab: usize,
    max_tokens: usize,
) -> f64 {
    let _no_grad = tch::no_grad_guard();
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let mut worst = 0.0f64;
    for batch in [1usize, 3, 8] {
        for length in [5usize, 37, max_tokens] {
            let length = length.clamp(3, max_tokens);
            let ids = random_pairs(&mut rng, special, vocab, batch, length);
            let input = Tensor::from_slice(&ids).view([batch as i64, 2 * length as i64]);
            let eager = model.forward_t(&input, false);
            let traced = match module.forward_ts(&[&input]) {
                Ok(traced) if traced.size() == eager.size() => traced,
                _ => return f64::INFINITY,
            };
            let difference = (traced - eager).abs().max().double_value(&[]);
            worst = worst.max(if difference.is_nan() {
                f64::INFINITY
            } else {
                difference
            });
        }
    }
    worst
}

/// `batch` rows of two `<s> … </s>` segments of random lengths, padded to `length`.
fn random_pairs(
    rng: &mut impl Rng,
    special: SpecialIds,
    vocab: usize,
    batch: usize,
    length: usize,
) -> Vec<i64> {
    let mut ids = Vec::with_capacity(batch * 2 * length);
    for row in 0..batch * 2 {
        // The first segment fills the length, so the batch really is that long.
        let used = if row == 0 {
            length
        } else {
            rng.gen_range(3..=length)
        };
        ids.push(i64::from(special.bos));
        ids.extend((0..used - 2).map(|_| rng.gen_range(4..vocab.max(5)) as i64));
        ids.push(i64::from(special.eos));
        ids.extend(std::iter::repeat_n(i64::from(special.pad), length - used));
    }
    ids
}

fn io(path: &Path, err: std::io::Error) -> TrainError {
    TrainError::Input(format!("{}: {err}", path.display()))
}
