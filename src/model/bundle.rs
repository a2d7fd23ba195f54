//! Loading a bundle directory (`model.pt`, `tokenizer.json`, `bundle.json`),
//! validating it end to end, and running its model on assembled ids.
use super::archive::{check_dtype, float_types};
use super::device::Precision;
use super::manifest::{Manifest, OutputKind};
use super::tokenize::{assemble, SegmentEncoder, SegmentIds, SpecialIds};
use super::{CodeModel, ModelError};
use crate::data::Sample;
use crate::fidelity::{softmax, ModelOutput};
use std::path::{Path, PathBuf};
use tch::{CModule, Device, IValue, Kind, TchError, Tensor};

pub const MODEL_FILE: &str = "model.pt";
pub const TOKENIZER_FILE: &str = "tokenizer.json";
pub const MANIFEST_FILE: &str = "bundle.json";

/// A loaded, validated model bundle.
pub struct Bundle {
    dir: PathBuf,
    manifest: Manifest,
    encoder: SegmentEncoder,
    module: CModule,
    device: Device,
    precision: Precision,
}

impl std::fmt::Debug for Bundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bundle")
            .field("dir", &self.dir)
            .field("name", &self.manifest.name)
            .field("device", &self.device)
            .field("precision", &self.precision)
            .finish_non_exhaustive()
    }
}

impl Bundle {
    /// Loads and validates a bundle on the CPU.
    pub fn load(dir: &Path) -> Result<Bundle, ModelError> {
        Bundle::load_on(dir, Device::Cpu)
    }

    /// Loads and validates a bundle on `device` in fp32, running probe
    /// batches through the model to check its output.
    pub fn load_on(dir: &Path, device: Device) -> Result<Bundle, ModelError> {
        if !dir.is_dir() {
            return Err(invalid(
                dir,
                "not a directory (a bundle is a directory holding model.pt, tokenizer.json and bundle.json)",
            ));
        }
        let file = |name: &str| -> Result<PathBuf, ModelError> {
            let path = dir.join(name);
            if path.is_file() {
                Ok(path)
            } else {
                Err(invalid(
                    &path,
                    format!("missing {name} (a bundle directory holds model.pt, tokenizer.json and bundle.json)"),
                ))
            }
        };
        let (manifest_path, tokenizer_path, model_path) = (
            file(MANIFEST_FILE)?,
            file(TOKENIZER_FILE)?,
            file(MODEL_FILE)?,
        );
        let manifest =
            Manifest::from_file(&manifest_path).map_err(|p| invalid(&manifest_path, p))?;
        let encoder = SegmentEncoder::from_file(&tokenizer_path, &manifest)
            .map_err(|p| invalid(&tokenizer_path, p))?;
        // Out-of-range ids abort CUDA kernels for good, so the vocabulary is
        // checked on a CPU copy before the model goes to the device.
        let cpu_module = load_module(&model_path, Device::Cpu)?;
        let stored = float_types(&model_path).map_err(|p| invalid(&model_path, p))?;
        check_dtype(manifest.dtype, &stored).map_err(|p| invalid(&manifest_path, p))?;
        check_vocabulary(&cpu_module, &manifest, &encoder)
            .map_err(|p| invalid(&tokenizer_path, p))?;
        let module = if device == Device::Cpu {
            cpu_module
        } else {
            drop(cpu_module);
            load_module(&model_path, device)?
        };
        let bundle = Bundle {
            dir: dir.to_path_buf(),
            manifest,
            encoder,
            module,
            device,
            precision: Precision::Fp32,
        };
        bundle.probe()?;
        Ok(bundle)
    }

    /// Moves the model to another device and precision, probing it again.
    pub fn to(mut self, device: Device, precision: Precision) -> Result<Bundle, ModelError> {
        if (device, precision) == (self.device, self.precision) {
            return Ok(self);
        }
        precision.check_device(device).map_err(ModelError::Device)?;
        self.module.to(device, precision.kind(), false);
        self.device = device;
        self.precision = precision;
        self.probe()?;
        Ok(self)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    pub fn encoder(&self) -> &SegmentEncoder {
        &self.encoder
    }

    pub fn device(&self) -> Device {
        self.device
    }

    pub fn name(&self) -> &str {
        &self.manifest.name
    }

    /// Runs the model on already encoded samples (all with the manifest's
    /// segment count), one output per sample.
    pub fn predict(&self, rows: &[&SegmentIds]) -> Result<Vec<ModelOutput>, ModelError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let (ids, length) = assemble(rows, self.encoder.special_ids().pad);
        self.forward(&ids, rows.len(), length)
    }

    /// Runs the model on `[rows, segments * length]` ids.
    pub fn forward(
        &self,
        ids: &[i64],
        rows: usize,
        length: usize,
    ) -> Result<Vec<ModelOutput>, ModelError> {
        self.forward_rows(ids, rows, length)
            .map_err(ModelError::Forward)
    }

    fn forward_rows(
        &self,
        ids: &[i64],
        rows: usize,
        length: usize,
    ) -> Result<Vec<ModelOutput>, String> {
        let _no_grad = tch::no_grad_guard();
        let width = self.manifest.segments * length;
        if ids.len() != rows * width || length > self.manifest.max_tokens {
            return Err(format!(
                "{} ids do not form {rows} rows of {} segment(s) × {length} ids (at most {})",
                ids.len(),
                self.manifest.segments,
                self.manifest.max_tokens
            ));
        }
        let input = Tensor::f_from_slice(ids)
            .and_then(|t| t.f_view([rows as i64, width as i64]))
            .and_then(|t| t.f_to_device(self.device))
            .map_err(|err| format!("cannot build the input tensor: {err}"))?;
        let output = self
            .module
            .forward_is(&[IValue::Tensor(input)])
            .map_err(|err| {
                format!(
                    "the model failed on a batch of {rows}×{width} ids: {}",
                    torch_message(&err)
                )
            })?;
        let (scores, hidden) = self.split_output(output)?;
        let labels = self.manifest.labels.len();
        let scores = to_rows(&scores, rows, Some(labels), "scores")?;
        let hidden = hidden
            .map(|h| to_rows(&h, rows, None, "hidden"))
            .transpose()?;
        let mut outputs = Vec::with_capacity(rows);
        for (index, row) in scores.into_iter().enumerate() {
            let probs = match self.manifest.output {
                OutputKind::Logits => softmax(&row),
                OutputKind::Probabilities => {
                    self.check_probabilities(&row)?;
                    row
                }
            };
            let hidden = hidden.as_ref().map(|h| h[index].clone());
            outputs.push(ModelOutput::from_probs(probs, hidden));
        }
        Ok(outputs)
    }

    fn split_output(&self, output: IValue) -> Result<(Tensor, Option<Tensor>), String> {
        match (output, self.manifest.hidden_output) {
            (IValue::Tensor(scores), false) => Ok((scores, None)),
            (IValue::Tuple(mut items), true) if items.len() == 2 => {
                match (items.remove(0), items.remove(0)) {
                    (IValue::Tensor(scores), IValue::Tensor(hidden)) => Ok((scores, Some(hidden))),
                    _ => Err("the output tuple must hold two tensors (scores, pooled)".to_string()),
                }
            }
            (IValue::Tuple(items), false) => Err(format!(
                "the model returns a tuple of {} values but bundle.json has \"hidden_output\": false (expected one scores tensor)",
                items.len()
            )),
            (_, true) => Err(
                "bundle.json has \"hidden_output\": true but the model does not return a (scores, pooled) tuple"
                    .to_string(),
            ),
            (_, false) => Err("the model does not return a tensor".to_string()),
        }
    }

    fn check_probabilities(&self, row: &[f32]) -> Result<(), String> {
        let tolerance = self.precision.sum_tolerance();
        let sum: f32 = row.iter().sum();
        if (sum - 1.0).abs() > tolerance || row.iter().any(|&p| p < -tolerance) {
            return Err(format!(
                "bundle.json says \"output\": \"probabilities\" but a row is {row:?} (sum {sum}); use \"logits\" if the model returns unnormalised scores"
            ));
        }
        Ok(())
    }

    /// Runs small and full-length batches through the model so that a bad
    /// bundle fails at load time rather than in the middle of a campaign.
    fn probe(&self) -> Result<(), ModelError> {
        let special = self.encoder.special_ids();
        let max = self.manifest.max_tokens;
        let segment = |body: usize| {
            let mut ids = vec![special.bos];
            ids.extend(std::iter::repeat_n(special.unk, body));
            ids.push(special.eos);
            ids
        };
        let sample = |body: usize| -> SegmentIds { vec![segment(body); self.manifest.segments] };
        let short = max.min(8);
        // Two rows of different lengths: padding is exercised too.
        let probes: [Vec<SegmentIds>; 2] =
            [vec![sample(1), sample(short - 2)], vec![sample(max - 2)]];
        let model_path = self.dir.join(MODEL_FILE);
        for rows in &probes {
            let refs: Vec<&SegmentIds> = rows.iter().collect();
            let length = rows.iter().flatten().map(Vec::len).max().unwrap_or(0);
            self.predict(&refs).map_err(|problem| {
                invalid(
                    &model_path,
                    format!(
                        "probe batch of {} sample(s) × {} segment(s) × {length} ids: {problem}",
                        rows.len(),
                        self.manifest.segments
                    ),
                )
            })?;
        }
        Ok(())
    }
}

impl CodeModel for Bundle {
    fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    fn encode(&self, sample: &Sample) -> Result<SegmentIds, ModelError> {
        self.encoder.encode(sample).map_err(ModelError::Input)
    }

    fn predict(&self, rows: &[&SegmentIds]) -> Result<Vec<ModelOutput>, ModelError> {
        Bundle::predict(self, rows)
    }

    fn runs_on_cpu(&self) -> bool {
        self.device == Device::Cpu
    }
}

/// Loads `model.pt` on `device` in eval mode with fp32 weights: exported
/// half-precision weights run in fp32 unless the oracle asks otherwise.
fn load_module(path: &Path, device: Device) -> Result<CModule, ModelError> {
    let mut module = CModule::load_on_device(path, device).map_err(|err| {
        invalid(
            path,
            format!("cannot load the TorchScript model: {}", torch_message(&err)),
        )
    })?;
    module.f_set_eval().map_err(|err| {
        invalid(
            path,
            format!("cannot switch to eval mode: {}", torch_message(&err)),
        )
    })?;
    module.to(device, Kind::Float, false);
    Ok(module)
}

/// Checks that the tokenizer fits the model's embedding table: the model
/// must read the tokenizer's largest id and, unless bundle.json declares
/// "vocab_size" (a table larger on purpose), refuse the next one. Each id
/// is tried where a model that reads `<unk>` must read it; a model that
/// fails on `<unk>` too is left to the probes, which say why.
fn check_vocabulary(
    module: &CModule,
    manifest: &Manifest,
    encoder: &SegmentEncoder,
) -> Result<(), String> {
    let special = encoder.special_ids();
    let reads = |id: u32| read_one_id(module, manifest.segments, special, i64::from(id));
    if reads(special.unk).is_err() {
        return Ok(());
    }
    let tokens = encoder.vocab_size();
    let largest = tokens.saturating_sub(1) as u32;
    if let Err(err) = reads(largest) {
        return Err(format!(
            "holds {tokens} tokens but the model fails on id {largest}: its embedding table is smaller (the tokenizer of another model?): {err}"
        ));
    }
    if manifest.vocab_size.is_none() && reads(largest + 1).is_ok() {
        return Err(format!(
            "holds {tokens} tokens but the model also reads id {tokens}: its embedding table is larger (the tokenizer of another model?); if it is larger on purpose, add \"vocab_size\": {tokens} to bundle.json"
        ));
    }
    Ok(())
}

/// Runs one CPU sample whose segments are `<s> id </s>`.
fn read_one_id(
    module: &CModule,
    segments: usize,
    special: SpecialIds,
    id: i64,
) -> Result<(), String> {
    let _no_grad = tch::no_grad_guard();
    let segment = [i64::from(special.bos), id, i64::from(special.eos)];
    let ids = segment.repeat(segments);
    let input = Tensor::from_slice(&ids).view([1, ids.len() as i64]);
    module
        .forward_is(&[IValue::Tensor(input)])
        .map(drop)
        .map_err(|err| torch_message(&err))
}

/// What a user can act on in a libtorch error: its first line, or for a
/// failure inside TorchScript code the exception line that ends the
/// traceback; C++ stack frames and source excerpts are left out.
fn torch_message(err: &TchError) -> String {
    let text = err.to_string();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let exception = lines.iter().rev().find(|line| {
        line.split_once(": ")
            .is_some_and(|(kind, _)| kind.ends_with("Error") && !kind.contains(' '))
    });
    exception
        .or(lines.first())
        .map(|line| line.to_string())
        .unwrap_or_default()
}

/// Copies a `[rows, C]` tensor into rows of f32, checking its shape (and
/// C when `columns` is given) and that every value is finite.
fn to_rows(
    tensor: &Tensor,
    rows: usize,
    columns: Option<usize>,
    what: &str,
) -> Result<Vec<Vec<f32>>, String> {
    let size = tensor.size();
    let expected_columns = columns.map_or("H".to_string(), |c| c.to_string());
    let shape_ok =
        size.len() == 2 && size[0] == rows as i64 && columns.is_none_or(|c| size[1] == c as i64);
    if !shape_ok {
        let hint = if columns.is_some() {
            " (one score per label in bundle.json)"
        } else {
            ""
        };
        return Err(format!(
            "{what} output has shape {size:?}, expected [{rows}, {expected_columns}]{hint}"
        ));
    }
    let values: Vec<f32> = tensor
        .f_to_kind(Kind::Float)
        .and_then(|t| t.f_to_device(Device::Cpu))
        .and_then(|t| t.f_contiguous())
        .and_then(|t| t.f_flatten(0, -1))
        .and_then(Vec::<f32>::try_from)
        .map_err(|err| format!("cannot read the {what} output: {err}"))?;
    if let Some(bad) = values.iter().find(|v| !v.is_finite()) {
        return Err(format!(
            "{what} output contains {bad} (NaN or infinite values)"
        ));
    }
    let width = size[1].max(0) as usize;
    if width == 0 {
        return Ok(vec![Vec::new(); rows]);
    }
    Ok(values.chunks(width).map(<[f32]>::to_vec).collect())
}

fn invalid(path: &Path, problem: impl Into<String>) -> ModelError {
    ModelError::Invalid {
        path: path.to_path_buf(),
        problem: problem.into(),
    }
}
