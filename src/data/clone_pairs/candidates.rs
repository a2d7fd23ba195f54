//! Candidate near-clone pairs without comparing all pairs: MinHash signatures
//! of token 4-grams, split into bands; methods that agree on a whole band
//! are candidates. With 20 bands of 3 rows, two methods whose 4-gram sets
//! have Jaccard similarity 0.5 meet with probability 1 − (1 − 0.5³)²⁰ ≈ 0.93;
//! at 0.2 with 0.15. The caller then verifies candidates with the LCS.
use super::tokens::Symbol;
use std::collections::{BTreeSet, HashMap};

const SHINGLE: usize = 4;
const BANDS: usize = 20;
const ROWS: usize = 3;
/// A band bucket larger than this (boilerplate shared by many methods)
/// yields only pairs of neighbours in length order, not all its pairs.
const MAX_FULL_BUCKET: usize = 64;
const NEIGHBOURS: usize = 24;

/// A 64-bit mixer (splitmix64's finaliser): fixed, so candidates do not
/// depend on the platform or the Rust version.
fn mix(mut x: u64) -> u64 {
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

fn signature(tokens: &[Symbol]) -> [u64; BANDS * ROWS] {
    let mut minimum = [u64::MAX; BANDS * ROWS];
    let shingles = tokens.windows(SHINGLE.min(tokens.len()).max(1));
    for shingle in shingles {
        let base = shingle
            .iter()
            .fold(0x9e37_79b9_7f4a_7c15u64, |h, &t| mix(h ^ u64::from(t)));
        for (k, slot) in minimum.iter_mut().enumerate() {
            let value = mix(base ^ (k as u64).wrapping_mul(0x2545_f491_4f6c_dd1d));
            *slot = (*slot).min(value);
        }
    }
    minimum
}

/// Candidate pairs `(i, j)`, `i < j`, among `members` (indices into
/// `sequences`), in ascending order.
pub fn candidate_pairs(members: &[usize], sequences: &[&[Symbol]]) -> BTreeSet<(usize, usize)> {
    let signatures: Vec<_> = members.iter().map(|&m| signature(sequences[m])).collect();
    let mut pairs = BTreeSet::new();
    for band in 0..BANDS {
        let mut buckets: HashMap<[u64; ROWS], Vec<usize>> = HashMap::new();
        for (position, signature) in signatures.iter().enumerate() {
            let mut key = [0u64; ROWS];
            key.copy_from_slice(&signature[band * ROWS..(band + 1) * ROWS]);
            buckets.entry(key).or_default().push(members[position]);
        }
        for bucket in buckets.values_mut().filter(|b| b.len() > 1) {
            if bucket.len() <= MAX_FULL_BUCKET {
                for (x, &a) in bucket.iter().enumerate() {
                    for &b in &bucket[x + 1..] {
                        pairs.insert((a.min(b), a.max(b)));
                    }
                }
            } else {
                bucket.sort_by_key(|&m| (sequences[m].len(), m));
                for (x, &a) in bucket.iter().enumerate() {
                    for &b in bucket.iter().skip(x + 1).take(NEIGHBOURS) {
                        pairs.insert((a.min(b), a.max(b)));
                    }
                }
            }
        }
    }
    pairs
}
