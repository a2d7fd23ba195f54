//! A hash that stays the same across runs, builds and platforms (std's
//! hashers promise none of that), for feature slots and dedup keys that are
//! written to disk or compared between engines.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// Incremental FNV-1a over bytes, finished with a SplitMix64 mix so that
/// nearby inputs land on unrelated slots.
#[derive(Clone, Copy, Debug)]
pub struct StableHasher(u64);

impl Default for StableHasher {
    fn default() -> Self {
        StableHasher(FNV_OFFSET)
    }
}

impl StableHasher {
    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        self
    }

    pub fn u64(self, value: u64) -> Self {
        self.bytes(&value.to_le_bytes())
    }

    /// A string followed by a terminator, so `("ab", "c")` and `("a", "bc")` differ.
    pub fn str(self, text: &str) -> Self {
        self.bytes(text.as_bytes()).bytes(&[0xff])
    }

    pub fn finish(self) -> u64 {
        mix(self.0)
    }
}

/// SplitMix64 finaliser.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_fixed_and_separates_strings() {
        // FNV-1a of the empty input is its offset basis, then mixed.
        assert_eq!(StableHasher::default().finish(), mix(FNV_OFFSET));
        let ab_c = StableHasher::default().str("ab").str("c").finish();
        let a_bc = StableHasher::default().str("a").str("bc").finish();
        assert_ne!(ab_c, a_bc);
        assert_eq!(ab_c, StableHasher::default().str("ab").str("c").finish());
    }
}
