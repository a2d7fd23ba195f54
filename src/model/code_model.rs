//! What the oracle needs from a model, whatever runs it: the TorchScript
//! [`Bundle`](super::Bundle) implements it, and so can another runtime, a
//! remote model or a fake in tests.
use super::{Manifest, ModelError, SegmentIds};
use crate::data::Sample;
use crate::fidelity::ModelOutput;

/// A classifier of code: it turns a sample into the ids it reads, and a
/// batch of such ids into one output per row (probabilities, and the pooled
/// hidden vector when the model exposes one).
///
/// Encoding is separate from predicting because the oracle caches outputs
/// by ids: two texts that encode alike are one query.
pub trait CodeModel: Send + Sync {
    /// Name, task, labels, segments and length limit.
    fn manifest(&self) -> &Manifest;

    fn name(&self) -> &str {
        &self.manifest().name
    }

    /// The ids of every segment of `sample`, truncated to the model's limit.
    fn encode(&self, sample: &Sample) -> Result<SegmentIds, ModelError>;

    /// One output per row, in order.
    fn predict(&self, rows: &[&SegmentIds]) -> Result<Vec<ModelOutput>, ModelError>;

    /// Whether the model computes on this machine's CPU cores, which other
    /// work (mutation threads) then competes for.
    fn runs_on_cpu(&self) -> bool;
}
