//! Which split a file goes to: decided by a seeded hash of its split unit
//! (package + file name), so all methods of a file share a split, a file's
//! split does not change when other files are added, and the same seed gives
//! the same assignment.
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Split {
    Train,
    Valid,
    Test,
}

impl Split {
    pub const ALL: [Split; 3] = [Split::Train, Split::Valid, Split::Test];

    pub fn name(self) -> &'static str {
        match self {
            Split::Train => "train",
            Split::Valid => "valid",
            Split::Test => "test",
        }
    }
}

/// Share of split units (in per mille) that go to valid and to test; the
/// rest is train.
pub const VALID_PER_MILLE: u64 = 100;
pub const TEST_PER_MILLE: u64 = 100;

/// FNV-1a over the seed and the unit, then a final mix: stable across
/// platforms and Rust versions, unlike `std`'s hasher.
fn unit_hash(unit: &str, seed: u64) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    for byte in seed.to_le_bytes().iter().chain(unit.as_bytes()) {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(0xff51_afd7_ed55_8ccd);
    hash ^ (hash >> 33)
}

pub fn split_of(unit: &str, seed: u64) -> Split {
    match unit_hash(unit, seed) % 1000 {
        h if h < TEST_PER_MILLE => Split::Test,
        h if h < TEST_PER_MILLE + VALID_PER_MILLE => Split::Valid,
        _ => Split::Train,
    }
}
