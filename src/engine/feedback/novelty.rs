//! Output-space novelty: outputs far from every output seen before are new
//! coverage.
use super::features::{in_region, NOVELTY};
use crate::engine::hash::StableHasher;
use crate::fidelity::Verdict;

/// Settings of [`Novelty`].
#[derive(Debug, Clone, Copy)]
pub struct NoveltyOptions {
    /// Euclidean distance to the nearest archived vector above which an
    /// output is novel.
    pub threshold: f32,
    /// Most vectors kept; the oldest is replaced when full.
    pub capacity: usize,
}

impl Default for NoveltyOptions {
    fn default() -> Self {
        NoveltyOptions {
            threshold: 0.05,
            capacity: 4096,
        }
    }
}

/// Output-space novelty (TensorFuzz, DFLARE): an archive of joint output
/// vectors `[teacher probs ++ student probs ++ student hidden / ‖hidden‖]`.
/// An output far from every archived one is new coverage. The hidden vector
/// is scaled to unit length so that its distances are on the scale of the
/// probabilities' (both at most 2 apart).
#[derive(Debug, Clone)]
pub struct Novelty {
    options: NoveltyOptions,
    archive: Vec<Vec<f32>>,
    /// Vectors ever added; the next one replaces `archive[added % capacity]`.
    added: u64,
}

impl Novelty {
    pub fn new(options: NoveltyOptions) -> Self {
        Novelty {
            options,
            archive: Vec::new(),
            added: 0,
        }
    }

    /// Vectors in the archive.
    pub fn len(&self) -> usize {
        self.archive.len()
    }

    pub fn is_empty(&self) -> bool {
        self.archive.is_empty()
    }

    /// A feature slot when the verdict's joint output is novel (and archives
    /// it), `None` otherwise. The slot combines the log2 bucket of the
    /// distance with the archive's insertion count, so every novel output is
    /// new coverage — as in TensorFuzz — until the region wraps around.
    pub fn observe(&mut self, verdict: &Verdict) -> Option<usize> {
        let vector = joint_vector(verdict);
        let distance = self.nearest_distance(&vector);
        if distance <= self.options.threshold {
            return None;
        }
        let bucket = if distance.is_finite() {
            (f64::from(distance).log2().floor() as i64 + 64) as u64
        } else {
            0
        };
        let slot = in_region(
            NOVELTY,
            StableHasher::default().u64(bucket).u64(self.added).finish(),
        );
        let capacity = self.options.capacity.max(1);
        if self.archive.len() < capacity {
            self.archive.push(vector);
        } else {
            self.archive[(self.added % capacity as u64) as usize] = vector;
        }
        self.added += 1;
        Some(slot)
    }

    /// Distance to the nearest archived vector; infinite when the archive is
    /// empty or no archived vector has the same length.
    pub fn nearest_distance(&self, vector: &[f32]) -> f32 {
        self.archive
            .iter()
            .filter(|v| v.len() == vector.len())
            .map(|v| {
                v.iter()
                    .zip(vector)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f32>()
                    .sqrt()
            })
            .fold(f32::INFINITY, f32::min)
    }
}

/// `[teacher probs ++ student probs ++ unit-length student hidden]`.
pub fn joint_vector(verdict: &Verdict) -> Vec<f32> {
    let mut vector = verdict.teacher.probs.clone();
    vector.extend_from_slice(&verdict.student.probs);
    if let Some(hidden) = &verdict.student.hidden {
        let norm = hidden.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            vector.extend(hidden.iter().map(|x| x / norm));
        }
    }
    vector
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::score::tests::verdict;
    use crate::fidelity::ModelOutput;

    #[test]
    fn novelty_archives_only_outputs_far_from_the_archive() {
        let mut novelty = Novelty::new(NoveltyOptions {
            threshold: 0.1,
            capacity: 2,
        });
        let first = novelty.observe(&verdict([0.9, 0.1], [0.8, 0.2]));
        assert!(first.is_some_and(|s| NOVELTY.contains(&s)));
        // 0.02 away in each of two coordinates: ≈ 0.028 < 0.1.
        assert_eq!(novelty.observe(&verdict([0.9, 0.1], [0.78, 0.22])), None);
        assert_eq!(novelty.len(), 1);
        let second = novelty.observe(&verdict([0.9, 0.1], [0.2, 0.8]));
        assert!(second.is_some());
        assert_ne!(first, second);
        // Capacity 2: a third novel vector replaces the oldest one, so the
        // first output is novel again afterwards.
        assert!(novelty.observe(&verdict([0.1, 0.9], [0.1, 0.9])).is_some());
        assert_eq!(novelty.len(), 2);
        assert!(novelty.observe(&verdict([0.9, 0.1], [0.8, 0.2])).is_some());
    }

    #[test]
    fn hidden_vectors_join_at_unit_length() {
        let with_hidden = Verdict::new(
            ModelOutput::from_probs(vec![1.0, 0.0], None),
            ModelOutput::from_probs(vec![1.0, 0.0], Some(vec![3.0, 4.0])),
        );
        let v = joint_vector(&with_hidden);
        assert_eq!(v, [1.0, 0.0, 1.0, 0.0, 0.6, 0.8]);
        // Different lengths are never compared: the first hidden one is novel.
        let mut novelty = Novelty::new(NoveltyOptions::default());
        novelty.observe(&verdict([1.0, 0.0], [1.0, 0.0]));
        assert!(novelty.observe(&with_hidden).is_some());
    }
}
