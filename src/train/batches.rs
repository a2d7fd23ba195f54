//! Encoded pairs and the order in which they are batched.
//!
//! Training batches group pairs of similar length (within a shuffled
//! window), so little time goes into padding; the batch order is shuffled
//! again, all from the run's seed.
use super::TrainError;
use crate::data::Sample;
use crate::model::{assemble, SegmentEncoder, SegmentIds};
use rand::seq::SliceRandom;
use rand::Rng;
use std::collections::HashMap;
use tch::Tensor;

/// Batches per length-sorted window: large enough to find similar lengths,
/// small enough to keep batches varied.
const BUCKET_WINDOW: usize = 50;

/// Encodes every sample, each distinct function once.
pub fn encode_samples(
    encoder: &SegmentEncoder,
    samples: &[Sample],
) -> Result<Vec<SegmentIds>, TrainError> {
    let mut cache: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut encoded = Vec::with_capacity(samples.len());
    for sample in samples {
        let mut ids = Vec::with_capacity(sample.segments.len());
        for text in &sample.segments {
            if !cache.contains_key(text.as_str()) {
                let segment = encoder.encode_segment(text).map_err(|problem| {
                    TrainError::Input(format!("pair '{}': {problem}", sample.id))
                })?;
                cache.insert(text, segment);
            }
            ids.push(cache[text.as_str()].clone());
        }
        encoded.push(ids);
    }
    Ok(encoded)
}

/// The longest segment of a pair: what its batch is padded to.
fn width(ids: &SegmentIds) -> usize {
    ids.iter().map(Vec::len).max().unwrap_or(0)
}

/// Training batches (indices into `rows`) over `take` randomly chosen rows.
pub fn training_batches(
    rows: &[SegmentIds],
    take: usize,
    batch_size: usize,
    rng: &mut impl Rng,
) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.shuffle(rng);
    order.truncate(take);
    let mut batches = Vec::new();
    for window in order.chunks_mut(batch_size * BUCKET_WINDOW) {
        window.sort_by_key(|&i| width(&rows[i]));
        batches.extend(window.chunks(batch_size).map(<[usize]>::to_vec));
    }
    batches.shuffle(rng);
    batches
}

/// Evaluation batches: all rows, sorted by length.
pub fn evaluation_batches(rows: &[SegmentIds], batch_size: usize) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    order.sort_by_key(|&i| width(&rows[i]));
    order.chunks(batch_size).map(<[usize]>::to_vec).collect()
}

/// The model input `[B, 2L]` of the rows at `indices`.
pub fn input_tensor(rows: &[SegmentIds], indices: &[usize], pad: u32) -> Tensor {
    let picked: Vec<&SegmentIds> = indices.iter().map(|&i| &rows[i]).collect();
    let (ids, length) = assemble(&picked, pad);
    let segments = picked.first().map_or(0, |row| row.len());
    Tensor::from_slice(&ids).view([indices.len() as i64, (segments * length) as i64])
}

/// Targets `[B, C]` of the rows at `indices`.
pub fn target_tensor(targets: &[Vec<f32>], indices: &[usize]) -> Tensor {
    let columns = targets.first().map_or(0, Vec::len) as i64;
    let flat: Vec<f32> = indices
        .iter()
        .flat_map(|&i| targets[i].iter().copied())
        .collect();
    Tensor::from_slice(&flat).view([indices.len() as i64, columns])
}
