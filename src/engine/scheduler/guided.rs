//! The guided scheduler picks, from the search's [`Statistics`]:
//! - entries by a power schedule: weight grows with fitness, with the new
//!   coverage an entry brought and with its successes, and decays with the
//!   times it was picked;
//! - relations by DFLARE's Metropolis–Hastings walk over relations ranked by
//!   success rate: a proposal of rank k′ replaces the current relation of
//!   rank k with probability min(1, (1 − p)^(k′ − k)), p = 1 / #relations;
//! - chain length (steps added per mutation) in proportion to each length's
//!   Laplace-smoothed success rate.
use super::{Plan, Scheduler, SchedulerState, Space, Statistics};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub struct Guided;

impl Scheduler for Guided {
    fn plan(&mut self, state: &mut SchedulerState, space: Space, rng: &mut ChaCha8Rng) -> Plan {
        let statistics = &mut state.statistics;
        let entry = pick_entry(statistics, rng);
        let length = pick_length(statistics, rng);
        let steps = (0..length)
            .map(|_| {
                let relation = pick_relation(statistics, rng);
                (rng.gen_range(0..space.segments), relation)
            })
            .collect();
        Plan { entry, steps }
    }

    fn grows_corpus(&self) -> bool {
        true
    }
}

/// Power schedule: (1 + 4·fitness/max fitness + log2(1 + new features)
/// + 2·wins) / √(1 + picks), for every entry.
fn entry_weights(statistics: &Statistics) -> Vec<f64> {
    // The maximum once, not per entry: picks run on corpora of thousands.
    let max = statistics
        .entries
        .iter()
        .map(|e| e.fitness)
        .fold(f64::MIN_POSITIVE, f64::max);
    statistics
        .entries
        .iter()
        .map(|e| {
            let gain = 1.0
                + 4.0 * e.fitness / max
                + (1.0 + e.new_features as f64).log2()
                + 2.0 * e.arm.wins as f64;
            gain / (1.0 + e.arm.tries as f64).sqrt()
        })
        .collect()
}

/// An entry index drawn in proportion to [`entry_weights`].
fn pick_entry(statistics: &Statistics, rng: &mut ChaCha8Rng) -> usize {
    weighted(&entry_weights(statistics), rng)
}

/// Number of relations to add, 1..=MAX_STEPS.
fn pick_length(statistics: &Statistics, rng: &mut ChaCha8Rng) -> usize {
    let weights: Vec<f64> = statistics.length_arms.iter().map(|a| a.rate()).collect();
    weighted(&weights, rng) + 1
}

/// One Metropolis–Hastings step; returns the relation index stood on.
fn pick_relation(statistics: &mut Statistics, rng: &mut ChaCha8Rng) -> usize {
    let n = statistics.relations.len();
    if n == 0 {
        return 0;
    }
    let proposal = rng.gen_range(0..n);
    let ranks = ranks(statistics);
    let p = 1.0 / n as f64;
    let exponent = ranks[proposal] as f64 - ranks[statistics.current] as f64;
    if rng.gen::<f64>() < (1.0 - p).powf(exponent).min(1.0) {
        statistics.current = proposal;
    }
    statistics.current
}

/// Rank of each relation by success rate, 0 the best (ties by index).
fn ranks(statistics: &Statistics) -> Vec<usize> {
    let arms = &statistics.relation_arms;
    let mut order: Vec<usize> = (0..statistics.relations.len()).collect();
    order.sort_by(|&a, &b| arms[b].rate().total_cmp(&arms[a].rate()).then(a.cmp(&b)));
    let mut ranks = vec![0; order.len()];
    for (rank, index) in order.into_iter().enumerate() {
        ranks[index] = rank;
    }
    ranks
}

/// An index drawn in proportion to non-negative weights (0 when all are 0).
fn weighted(weights: &[f64], rng: &mut ChaCha8Rng) -> usize {
    let total: f64 = weights.iter().sum();
    if total.is_nan() || total <= 0.0 {
        return 0;
    }
    let mut target = rng.gen::<f64>() * total;
    for (i, w) in weights.iter().enumerate() {
        if target < *w {
            return i;
        }
        target -= w;
    }
    weights.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::scheduler::MAX_STEPS;
    use rand::SeedableRng;

    fn statistics(n: usize) -> Statistics {
        Statistics::new((0..n).map(|i| format!("r{i}")).collect())
    }

    #[test]
    fn relation_choice_follows_success() {
        let mut s = statistics(10);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        // Relation 3 always succeeds, the others never do.
        for _ in 0..50 {
            s.record(0, &[3], 1, true);
            for r in (0..10).filter(|&r| r != 3) {
                s.record(0, &[r], 1, false);
            }
        }
        let mut counts = [0usize; 10];
        for _ in 0..5000 {
            counts[pick_relation(&mut s, &mut rng)] += 1;
        }
        // Uniform would give 500 each; the walk favours the best relation
        // and still visits every other one.
        let best = counts[3];
        assert!(counts.iter().all(|&c| c > 0), "{counts:?}");
        assert!(
            counts.iter().enumerate().all(|(i, &c)| i == 3 || c < best),
            "{counts:?}"
        );
        assert!(best > 700, "{counts:?}");
    }

    #[test]
    fn lengths_and_entries_follow_their_record() {
        let mut s = statistics(2);
        s.add_entry(0.1, 1);
        s.add_entry(1.5, 8);
        let weights = entry_weights(&s);
        assert!(weights[1] > weights[0]);
        // Picking an entry over and over without success lowers its weight.
        for _ in 0..20 {
            s.record(1, &[], 0, false);
        }
        assert!(entry_weights(&s)[1] < weights[1]);
        for _ in 0..40 {
            s.record(0, &[], 3, true);
            s.record(0, &[], 1, false);
        }
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let mut counts = [0usize; MAX_STEPS + 1];
        for _ in 0..2000 {
            counts[pick_length(&s, &mut rng)] += 1;
        }
        assert_eq!(counts[0], 0);
        assert!(counts[3] > counts[1] && counts[3] > counts[2], "{counts:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_picks() {
        let picks = |seed| {
            let mut s = statistics(5);
            s.add_entry(0.5, 1);
            s.add_entry(0.2, 3);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            (0..50)
                .map(|_| (pick_entry(&s, &mut rng), pick_relation(&mut s, &mut rng)))
                .collect::<Vec<_>>()
        };
        assert_eq!(picks(9), picks(9));
        assert_ne!(picks(9), picks(10));
    }
}
