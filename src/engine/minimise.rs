//! Shrinking a finding to the shortest sub-chain that still triggers it.
//!
//! Chains up to [`EXHAUSTIVE_STEPS`] long are searched exhaustively by
//! increasing size (at most 2^n − 1 candidates; the first hit is a
//! shortest sub-chain, and among those the earliest in lexicographic order
//! of step indices). Longer chains are shrunk greedily, one step at a time,
//! until no single step can be dropped (1-minimal, as delta debugging
//! guarantees), then searched exhaustively if they became short enough.
//!
//! Candidates go to the oracle in batches — all sub-chains of one size, or
//! the next [`GREEDY_BATCH`] single-step removals — so minimising keeps the
//! oracle's pipeline full instead of waiting on one query at a time. The
//! answer is the one a one-by-one search would give; a batch may spend a
//! few queries past the first hit.
//!
//! [`Minimise`] is the campaign's stage that runs this search on a new
//! finding's chain, replaying each candidate from the seed.
use super::chain::{replay, Replayed};
use super::oracle::QueryError;
use super::stage::{Found, Stage, StageContext};
use crate::data::Sample;

/// Longest chain searched exhaustively.
pub const EXHAUSTIVE_STEPS: usize = 6;

/// Single-step removals tried per batch in the greedy phase.
pub const GREEDY_BATCH: usize = 4;

/// The shortest non-empty sub-sequence of `steps` for which `triggers`
/// answers `Some`, with that answer; `None` when even the whole chain no
/// longer triggers. `triggers` answers a batch of sub-chains, one `Option`
/// per candidate in order (it may replay fewer steps of a candidate and
/// return which ones applied).
pub fn shortest_subchain<S: Clone, T, E>(
    steps: &[S],
    mut triggers: impl FnMut(&[Vec<S>]) -> Result<Vec<Option<T>>, E>,
) -> Result<Option<(Vec<S>, T)>, E> {
    // The first candidate that triggers: its position in the batch, itself
    // and the answer.
    type Hit<S, T> = Option<(usize, (Vec<S>, T))>;
    let mut first_hit = |candidates: Vec<Vec<S>>| -> Result<Hit<S, T>, E> {
        let answers = triggers(&candidates)?;
        Ok(candidates
            .into_iter()
            .zip(answers)
            .enumerate()
            .find_map(|(k, (sub, answer))| answer.map(|a| (k, (sub, a)))))
    };
    let Some((_, mut best)) = first_hit(vec![steps.to_vec()])? else {
        return Ok(None);
    };
    if best.0.len() > EXHAUSTIVE_STEPS {
        let mut i = 0;
        while i < best.0.len() && best.0.len() > 1 {
            let end = (i + GREEDY_BATCH).min(best.0.len());
            let removals: Vec<Vec<S>> = (i..end)
                .map(|at| {
                    let mut without = best.0.clone();
                    without.remove(at);
                    without
                })
                .collect();
            let positions = removals.len();
            match first_hit(removals)? {
                // The step at i + k went; the next one moved into its place.
                Some((k, found)) => {
                    i += k;
                    best = found;
                }
                None => i += positions,
            }
        }
    }
    if best.0.len() <= EXHAUSTIVE_STEPS {
        let current = best.0.clone();
        for size in 1..current.len() {
            let candidates = combinations(current.len(), size)
                .into_iter()
                .map(|indices| indices.iter().map(|&i| current[i].clone()).collect())
                .collect();
            if let Some((_, found)) = first_hit(candidates)? {
                return Ok(Some(found));
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

/// Shrinks a finding's chain to its shortest sub-chain that still shows
/// every kind the finding had.
pub struct Minimise;

impl Stage for Minimise {
    fn run(&mut self, found: Found, context: &mut StageContext) -> Result<Found, QueryError> {
        if found.steps.len() <= 1 {
            return Ok(found);
        }
        let StageContext {
            catalog,
            lang,
            seed,
            seed_verdict,
            objective,
            dispatcher,
        } = context;
        let shrunk = shortest_subchain(&found.steps, |batch| {
            // Every candidate goes in before any answer is awaited.
            let mut submitted = Vec::new();
            for sub in batch {
                let replayed = replay(catalog, *lang, &seed.segments, sub).ok();
                let Some(Replayed { segments, applied }) =
                    replayed.filter(|r| !r.applied.is_empty())
                else {
                    submitted.push(None);
                    continue;
                };
                let sample = Sample {
                    id: seed.id.clone(),
                    segments: segments.clone(),
                    label: seed.label,
                };
                let ticket = dispatcher.submit(sample)?;
                submitted.push(Some((ticket, applied, segments)));
            }
            let mut answers = Vec::new();
            for candidate in submitted {
                let Some((ticket, applied, segments)) = candidate else {
                    answers.push(None);
                    continue;
                };
                let answer = dispatcher.wait(ticket)?;
                answers.push(answer.ok().and_then(|reply| {
                    let now = objective.kinds(seed_verdict, &reply.verdict, seed.label);
                    found
                        .kinds
                        .iter()
                        .all(|k| now.contains(k))
                        .then_some(Found {
                            steps: applied,
                            variant: segments,
                            reply,
                            kinds: now,
                        })
                }));
            }
            Ok::<_, QueryError>(answers)
        })?;
        Ok(shrunk.map_or(found, |(_, shorter)| shorter))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    /// The result, the batches asked and the candidates in them.
    fn run(steps: &[u32], rule: impl Fn(&[u32]) -> bool) -> (Option<Vec<u32>>, usize, usize) {
        let (mut batches, mut candidates) = (0, 0);
        let result = shortest_subchain(steps, |batch| {
            batches += 1;
            candidates += batch.len();
            Ok::<_, Infallible>(batch.iter().map(|sub| rule(sub).then_some(())).collect())
        })
        .unwrap();
        (result.map(|(s, ())| s), batches, candidates)
    }

    /// The one-query-at-a-time search the batched one must agree with.
    fn sequential(steps: &[u32], rule: impl Fn(&[u32]) -> bool) -> Option<Vec<u32>> {
        if !rule(steps) {
            return None;
        }
        let mut best = steps.to_vec();
        if best.len() > EXHAUSTIVE_STEPS {
            let mut i = 0;
            while i < best.len() && best.len() > 1 {
                let mut without = best.clone();
                without.remove(i);
                if rule(&without) {
                    best = without;
                } else {
                    i += 1;
                }
            }
        }
        if best.len() <= EXHAUSTIVE_STEPS {
            for size in 1..best.len() {
                for indices in combinations(best.len(), size) {
                    let sub: Vec<u32> = indices.iter().map(|&i| best[i]).collect();
                    if rule(&sub) {
                        return Some(sub);
                    }
                }
            }
        }
        Some(best)
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
        let (result, batches, candidates) = run(&steps, rule);
        assert_eq!(result, Some(vec![3, 9, 11]));
        // Whole chain; ten greedy windows of up to 4 removals, each hit
        // restarting at the removed position (steps 0, 1, 2, 4, 5, 6, 7, 8
        // and 10 go; the last two windows are cut by the chain's end: 3 and
        // 1 candidates); then the subsets of size 1 and 2 of three steps.
        assert_eq!(batches, 1 + 10 + 2);
        assert_eq!(candidates, 1 + (8 * 4 + 3 + 1) + 3 + 3);
    }

    #[test]
    fn batches_find_what_one_by_one_search_finds() {
        let steps: Vec<u32> = (0..11).collect();
        let rules: [&dyn Fn(&[u32]) -> bool; 4] = [
            &|s| s.contains(&3) && s.contains(&9),
            &|s| s.len() >= 5,
            &|s| s.iter().sum::<u32>() >= 40,
            &|s| s.contains(&0) || s.contains(&10),
        ];
        for rule in rules {
            assert_eq!(run(&steps, rule).0, sequential(&steps, rule));
            assert_eq!(run(&steps[..5], rule).0, sequential(&steps[..5], rule));
        }
    }

    #[test]
    fn a_chain_that_no_longer_triggers_gives_none() {
        assert_eq!(run(&[1, 2], |_| false), (None, 1, 1));
    }
}
