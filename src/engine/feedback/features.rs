//! Feature slots: what counts as new coverage for a variant, as indices into one
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
//! | novelty       | [3072, 4096)         | a novel joint output vector (see [`super::Novelty`]) |
use crate::engine::hash::StableHasher;
use crate::fidelity::Verdict;
use std::ops::Range;

/// Size of the feedback map; a multiple of 8 as libFuzzer's extra counters need.
pub const FEATURE_SLOTS: usize = 4096;

const MAGNITUDE: Range<usize> = 0..2048;
const CELLS: Range<usize> = 2048..2176;
const PAIRS: Range<usize> = 2176..3072;
pub(super) const NOVELTY: Range<usize> = 3072..FEATURE_SLOTS;

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

pub(super) fn in_region(region: Range<usize>, hash: u64) -> usize {
    region.start + (hash % region.len() as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::score::tests::verdict;

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
}
