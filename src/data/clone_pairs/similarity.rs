//! Similarity of two symbol sequences (a method's normalised token
//! trigrams): 2·LCS / (|a| + |b|), the share of items that line up in order
//! (1 for equal sequences, 0 for sequences with no item in common). The LCS is computed bit-parallel
//! (Allison–Dix / Hyyrö): one pass over `b` with |a|/64 word operations per
//! token, a few microseconds for two 400-token methods.
use super::tokens::Symbol;

/// `a` prepared for comparisons: for each symbol, the bit set of the
/// positions where it occurs. Build once, compare with many `b`.
pub struct Matcher {
    len: usize,
    words: usize,
    /// Row of each symbol in `masks`, `NONE` for symbols not in `a`. Dense,
    /// since symbols are small numbers (the Java token kinds).
    rows: Vec<u32>,
    masks: Vec<u64>,
}

const NONE: u32 = u32::MAX;

impl Matcher {
    pub fn new(a: &[Symbol]) -> Self {
        let words = a.len().div_ceil(64).max(1);
        let max = a.iter().copied().max().map_or(0, usize::from);
        let mut rows = vec![NONE; max + 1];
        let mut masks = Vec::new();
        for (i, &symbol) in a.iter().enumerate() {
            let row = &mut rows[usize::from(symbol)];
            if *row == NONE {
                *row = (masks.len() / words) as u32;
                masks.resize(masks.len() + words, 0);
            }
            masks[*row as usize * words + i / 64] |= 1 << (i % 64);
        }
        Matcher {
            len: a.len(),
            words,
            rows,
            masks,
        }
    }

    fn mask(&self, symbol: Symbol) -> Option<&[u64]> {
        match self.rows.get(usize::from(symbol)) {
            Some(&row) if row != NONE => {
                let start = row as usize * self.words;
                Some(&self.masks[start..start + self.words])
            }
            _ => None,
        }
    }

    /// Length of the longest common subsequence of `a` and `b`.
    pub fn lcs(&self, b: &[Symbol]) -> usize {
        if self.len == 0 {
            return 0;
        }
        // V starts all ones; each token of b adds (V & M) to V with carry
        // and keeps the bits of V outside M. Zeros of V count matches.
        let mut v = vec![u64::MAX; self.words];
        for symbol in b {
            let Some(mask) = self.mask(*symbol) else {
                continue;
            };
            let mut carry = 0u64;
            for (word, &m) in v.iter_mut().zip(mask) {
                let u = *word & m;
                let (sum, c1) = word.overflowing_add(u);
                let (sum, c2) = sum.overflowing_add(carry);
                carry = u64::from(c1 || c2);
                *word = sum | (*word & !m);
            }
        }
        let full_words = self.len / 64;
        let mut zeros: usize = v[..full_words]
            .iter()
            .map(|w| w.count_zeros() as usize)
            .sum();
        let rest = self.len % 64;
        if rest > 0 {
            let low = v[full_words] | !((1u64 << rest) - 1);
            zeros += low.count_zeros() as usize;
        }
        zeros
    }

    /// 2·LCS / (|a| + |b|).
    pub fn similarity(&self, b: &[Symbol]) -> f64 {
        let total = self.len + b.len();
        if total == 0 {
            return 1.0;
        }
        2.0 * self.lcs(b) as f64 / total as f64
    }
}

/// The best similarity two sequences of these lengths could reach; pairs
/// whose bound is below a threshold need no LCS.
pub fn upper_bound(a: usize, b: usize) -> f64 {
    if a + b == 0 {
        return 1.0;
    }
    2.0 * a.min(b) as f64 / (a + b) as f64
}

/// The smallest length ratio (shorter / longer) at which two sequences can
/// still reach `similarity`.
pub fn min_length_ratio(similarity: f64) -> f64 {
    similarity / (2.0 - similarity)
}

/// Similarity of two sequences (convenience for one-off comparisons).
pub fn similarity(a: &[Symbol], b: &[Symbol]) -> f64 {
    Matcher::new(a).similarity(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook dynamic programme, to check the bit-parallel one.
    fn lcs_table(a: &[Symbol], b: &[Symbol]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for &x in a {
            let mut diagonal = 0;
            for (j, &y) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = if x == y { diagonal + 1 } else { up.max(row[j]) };
                diagonal = up;
            }
        }
        row[b.len()]
    }

    proptest::proptest! {
        #[test]
        fn bit_parallel_lcs_matches_the_table(
            a in proptest::collection::vec(0u16..6, 0..200),
            b in proptest::collection::vec(0u16..6, 0..200),
        ) {
            proptest::prop_assert_eq!(Matcher::new(&a).lcs(&b), lcs_table(&a, &b));
        }
    }

    #[test]
    fn equal_sequences_are_fully_similar_and_disjoint_ones_not() {
        let a: Vec<Symbol> = (0..150).map(|i| i % 7).collect();
        assert_eq!(similarity(&a, &a), 1.0);
        let b: Vec<Symbol> = (0..150).map(|i| 100 + i % 5).collect();
        assert_eq!(similarity(&a, &b), 0.0);
        assert!(upper_bound(10, 30) < 0.51);
    }
}
