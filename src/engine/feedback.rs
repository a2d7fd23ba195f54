//! Feedback: what counts as new coverage for a variant, as indices into one
//! fixed-size map. The libFuzzer target writes these slots into its extra
//! counters; the native engine keeps the same map as a bit set.
//!
//! The map is split into regions so that kinds of feedback never collide:
//!
//! | region        | slots                | feature                                              |
//! |---------------|----------------------|------------------------------------------------------|
//! | magnitude     | [0, 2048)            | (seed, log2 bucket of the Jensen–Shannon divergence) |
//! | label cells   | [2048, 2176)         | (teacher, student, truth or none, seed's student)    |
//! | relation pairs| [2176, 3072)         | consecutive relations of the chain                    |
//! | novelty       | [3072, 4096)         | a novel joint output vector (see [`Novelty`])        |
use super::hash::StableHasher;
use crate::fidelity::Verdict;
use std::ops::Range;

/// Size of the feedback map; a multiple of 8 as libFuzzer's extra counters need.
pub const FEATURE_SLOTS: usize = 4096;

const MAGNITUDE: Range<usize> = 0..2048;
const CELLS: Range<usize> = 2048..2176;
const PAIRS: Range<usize> = 2176..3072;
const NOVELTY: Range<usize> = 3072..FEATURE_SLOTS;

/// Number of log-spaced magnitude buckets: bucket k ≥ 1 holds JS in
/// [2^-(MAGNITUDE_BUCKETS-k), 2^-(MAGNITUDE_BUCKETS-k-1)); bucket 0 holds
/// everything below 2^-(MAGNITUDE_BUCKETS-1) (no measurable disagreement).
pub const MAGNITUDE_BUCKETS: u32 = 20;

/// Marks the start of a chain in relation pairs, so single relations count too.
const CHAIN_START: &str = "<start>";

/// The slot key of a seed, from its id (stable across runs).
pub fn seed_slot(seed_id: &str) -> u64 {
    StableHasher::default().str(seed_id).finish()
}

/// Feature slots the variant covers, without duplicates, in region order.
pub fn features(
    seed_slot: u64,
    seed: &Verdict,
    variant: &Verdict,
    truth: Option<usize>,
    relation_ids: &[&str],
) -> Vec<usize> {
    let mut slots = Vec::with_capacity(2 + relation_ids.len());
    let bucket = magnitude_bucket(variant.disagreement.jensen_shannon);
    let magnitude = StableHasher::default()
        .u64(seed_slot)
        .u64(u64::from(bucket))
        .finish();
    slots.push(in_region(MAGNITUDE, magnitude));
    let cell = StableHasher::default()
        .u64(variant.teacher.label as u64)
        .u64(variant.student.label as u64)
        .u64(truth.map_or(u64::MAX, |t| t as u64))
        // The seed's student label makes a robustness flip a cell of its own.
        .u64(seed.student.label as u64)
        .finish();
    slots.push(in_region(CELLS, cell));
    let mut previous = CHAIN_START;
    for id in relation_ids {
        let pair = StableHasher::default().str(previous).str(id).finish();
        let slot = in_region(PAIRS, pair);
        if !slots.contains(&slot) {
            slots.push(slot);
        }
        previous = id;
    }
    slots
}

/// The log2 bucket of a Jensen–Shannon divergence in bits (see [`MAGNITUDE_BUCKETS`]).
pub fn magnitude_bucket(js: f32) -> u32 {
    if js.is_nan() || js <= 0.0 {
        return 0;
    }
    // js in [2^-(j+1), 2^-j) has -log2(js) in (j, j+1]: j = ceil − 1.
    let below = ((-f64::from(js).log2()).ceil() - 1.0).max(0.0) as u32;
    MAGNITUDE_BUCKETS.saturating_sub(1 + below)
}

fn in_region(region: Range<usize>, hash: u64) -> usize {
    region.start + (hash % region.len() as u64) as usize
}

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
    fn regions_tile_the_map() {
        assert_eq!(FEATURE_SLOTS % 8, 0);
        assert_eq!(MAGNITUDE.end, CELLS.start);
        assert_eq!(CELLS.end, PAIRS.start);
        assert_eq!(PAIRS.end, NOVELTY.start);
        assert_eq!(NOVELTY.end, FEATURE_SLOTS);
    }

    #[test]
    fn magnitude_buckets_are_log_spaced() {
        assert_eq!(magnitude_bucket(0.0), 0);
        assert_eq!(magnitude_bucket(f32::NAN), 0);
        // [0.5, 1] is the top bucket, [0.25, 0.5) the next one down.
        assert_eq!(magnitude_bucket(1.0), MAGNITUDE_BUCKETS - 1);
        assert_eq!(magnitude_bucket(0.5), MAGNITUDE_BUCKETS - 1);
        assert_eq!(magnitude_bucket(0.3), MAGNITUDE_BUCKETS - 2);
        assert_eq!(magnitude_bucket(0.25), MAGNITUDE_BUCKETS - 2);
        assert_eq!(magnitude_bucket(0.2), MAGNITUDE_BUCKETS - 3);
        assert_eq!(magnitude_bucket(1e-12), 0);
    }

    #[test]
    fn features_separate_seeds_magnitudes_cells_and_pairs() {
        let seed = verdict([0.9, 0.1], [0.8, 0.2]);
        let near = verdict([0.9, 0.1], [0.85, 0.15]);
        let far = verdict([0.9, 0.1], [0.3, 0.7]);
        let a = seed_slot("a.txt");
        let b = seed_slot("b.txt");
        let f = |slot, v: &Verdict, truth, rel: &[&str]| features(slot, &seed, v, truth, rel);
        let base = f(a, &near, None, &[]);
        assert_eq!(base.len(), 2);
        assert!(MAGNITUDE.contains(&base[0]) && CELLS.contains(&base[1]));
        // Same variant, other seed: another magnitude slot (with 2048 slots a
        // collision of these two fixed ids would show here).
        assert_ne!(f(b, &near, None, &[])[0], base[0]);
        // Larger disagreement and a flipped student: other magnitude and cell.
        let flipped = f(a, &far, None, &[]);
        assert_ne!(flipped[0], base[0]);
        assert_ne!(flipped[1], base[1]);
        // Truth and the seed's student label are part of the cell.
        assert_ne!(f(a, &near, Some(0), &[])[1], base[1]);
        let flipped_seed = verdict([0.9, 0.1], [0.2, 0.8]);
        assert_ne!(features(a, &flipped_seed, &near, None, &[])[1], base[1]);
        // Relation pairs: order matters, every step adds a pair, and all of
        // them lie in the pair region.
        let ab = f(a, &near, None, &["java.x", "java.y"]);
        let ba = f(a, &near, None, &["java.y", "java.x"]);
        assert_eq!(ab.len(), 4);
        assert!(ab[2..].iter().all(|s| PAIRS.contains(s)));
        assert_ne!(ab[2..], ba[2..]);
        // Deterministic.
        assert_eq!(ab, f(a, &near, None, &["java.x", "java.y"]));
    }

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
