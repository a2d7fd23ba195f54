//! Shrinking a finding to the shortest sub-chain that still triggers it.
//!
//! Chains up to [`EXHAUSTIVE_STEPS`] long are searched exhaustively by
//! increasing size (at most 2^n − 1 oracle queries; the first hit is a
//! shortest sub-chain, and among those the earliest in lexicographic order
//! of step indices). Longer chains are shrunk greedily, one step at a time,
//! until no single step can be dropped (1-minimal, as delta debugging
//! guarantees), then searched exhaustively if they became short enough.

/// Longest chain searched exhaustively.
pub const EXHAUSTIVE_STEPS: usize = 6;

/// The shortest non-empty sub-sequence of `steps` for which `triggers`
/// answers `Some`, with that answer; `None` when even the whole chain no
/// longer triggers. `triggers` decides on the sub-chain as given (it may
/// replay fewer steps and return which ones applied).
pub fn shortest_subchain<S: Clone, T, E>(
    steps: &[S],
    mut triggers: impl FnMut(&[S]) -> Result<Option<T>, E>,
) -> Result<Option<(Vec<S>, T)>, E> {
    let Some(whole) = triggers(steps)? else {
        return Ok(None);
    };
    let mut best = (steps.to_vec(), whole);
    if best.0.len() > EXHAUSTIVE_STEPS {
        let mut i = 0;
        while i < best.0.len() && best.0.len() > 1 {
            let mut without = best.0.clone();
            without.remove(i);
            match triggers(&without)? {
                Some(answer) => best = (without, answer),
                None => i += 1,
            }
        }
    }
    if best.0.len() <= EXHAUSTIVE_STEPS {
        let current = best.0.clone();
        for size in 1..current.len() {
            for indices in combinations(current.len(), size) {
                let sub: Vec<S> = indices.iter().map(|&i| current[i].clone()).collect();
                if let Some(answer) = triggers(&sub)? {
                    return Ok(Some((sub, answer)));
                }
            }
        }
    }
    Ok(Some(best))
}

/// All `size`-element index subsets of 0..n in lexicographic order.
fn combinations(n: usize, size: usize) -> Vec<Vec<usize>> {
    let mut all = Vec::new();
    let mut current: Vec<usize> = (0..size).collect();
    if size == 0 || size > n {
        return all;
    }
    loop {
        all.push(current.clone());
        // Advance the rightmost index that can still move.
        let Some(i) = (0..size).rev().find(|&i| current[i] < n - size + i) else {
            return all;
        };
        current[i] += 1;
        for j in i + 1..size {
            current[j] = current[j - 1] + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    fn run(steps: &[u32], rule: impl Fn(&[u32]) -> bool) -> (Option<Vec<u32>>, usize) {
        let mut calls = 0;
        let result = shortest_subchain(steps, |sub| {
            calls += 1;
            Ok::<_, Infallible>(rule(sub).then_some(()))
        })
        .unwrap();
        (result.map(|(s, ())| s), calls)
    }

    #[test]
    fn combinations_are_lexicographic_and_complete() {
        assert_eq!(
            combinations(4, 2),
            [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]
        );
        assert_eq!(combinations(3, 3), [[0, 1, 2]]);
        assert!(combinations(2, 3).is_empty());
    }

    #[test]
    fn finds_the_shortest_not_just_a_minimal_sub_chain() {
        // {1, 2} and {6} both trigger; greedy removal from the front would
        // stop at [6] too, but from the back at [1, 2]: exhaustive finds [6].
        let rule = |s: &[u32]| (s.contains(&1) && s.contains(&2)) || s.contains(&6);
        assert_eq!(run(&[1, 2, 3, 4, 5, 6], rule).0, Some(vec![6]));
        let both = |s: &[u32]| s.contains(&2) && s.contains(&5);
        assert_eq!(run(&[1, 2, 3, 4, 5, 6], both).0, Some(vec![2, 5]));
        // Order is kept.
        let ordered = |s: &[u32]| {
            let at = |x| s.iter().position(|&y| y == x);
            matches!((at(5), at(2)), (Some(a), Some(b)) if a < b)
        };
        assert_eq!(run(&[5, 1, 2], ordered).0, Some(vec![5, 2]));
    }

    #[test]
    fn long_chains_shrink_greedily_then_exhaustively() {
        let steps: Vec<u32> = (0..12).collect();
        let rule = |s: &[u32]| s.contains(&3) && s.contains(&9) && s.contains(&11);
        let (result, calls) = run(&steps, rule);
        assert_eq!(result, Some(vec![3, 9, 11]));
        // Whole chain, 12 greedy tries, then subsets of size 1 and 2 of 3.
        assert_eq!(calls, 1 + 12 + 3 + 3);
    }

    #[test]
    fn a_chain_that_no_longer_triggers_gives_none() {
        assert_eq!(run(&[1, 2], |_| false), (None, 1));
    }
}
