//! Which corpus entry to mutate, with which relations, and how many:
//! - entries by a power schedule: weight grows with fitness, with the new
//!   coverage an entry brought and with its successes, and decays with the
//!   times it was picked;
//! - relations by DFLARE's Metropolis–Hastings walk over relations ranked by
//!   success rate: a proposal of rank k′ replaces the current relation of
//!   rank k with probability min(1, (1 − p)^(k′ − k)), p = 1 / #relations;
//! - chain length (steps added per mutation) in proportion to each length's
//!   Laplace-smoothed success rate.
//!
//! A mutation succeeds when its variant brings new coverage or a new finding.
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Most relations one mutation adds.
pub const MAX_STEPS: usize = 4;

/// Counters of one arm (entry, relation or length).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arm {
    pub tries: u64,
    pub wins: u64,
}

impl Arm {
    /// Laplace-smoothed success rate.
    pub fn rate(self) -> f64 {
        (self.wins as f64 + 1.0) / (self.tries as f64 + 2.0)
    }

    fn record(&mut self, win: bool) {
        self.tries += 1;
        self.wins += u64::from(win);
    }
}

/// What the scheduler knows of one corpus entry.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EntryScore {
    pub fitness: f64,
    /// Feature slots that were new when the entry was added.
    pub new_features: usize,
    pub arm: Arm,
}

/// The scheduler's state; it serialises into the campaign's state file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scheduler {
    pub relations: Vec<String>,
    pub relation_arms: Vec<Arm>,
    pub length_arms: Vec<Arm>,
    pub entries: Vec<EntryScore>,
    /// The relation the Metropolis–Hastings walk stands on.
    current: usize,
}

impl Scheduler {
    pub fn new(relations: Vec<String>) -> Self {
        Scheduler {
            relation_arms: vec![Arm::default(); relations.len()],
            relations,
            length_arms: vec![Arm::default(); MAX_STEPS],
            entries: Vec::new(),
            current: 0,
        }
    }

    pub fn add_entry(&mut self, fitness: f64, new_features: usize) {
        self.entries.push(EntryScore {
            fitness,
            new_features,
            arm: Arm::default(),
        });
    }

    /// Power schedule: (1 + 4·fitness/max fitness + log2(1 + new features)
    /// + 2·wins) / √(1 + picks), for every entry.
    pub fn entry_weights(&self) -> Vec<f64> {
        // The maximum once, not per entry: picks run on corpora of thousands.
        let max = self
            .entries
            .iter()
            .map(|e| e.fitness)
            .fold(f64::MIN_POSITIVE, f64::max);
        self.entries
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

    /// An entry index drawn in proportion to [`Scheduler::entry_weights`].
    pub fn pick_entry(&self, rng: &mut ChaCha8Rng) -> usize {
        weighted(&self.entry_weights(), rng)
    }

    /// Number of relations to add, 1..=MAX_STEPS.
    pub fn pick_length(&self, rng: &mut ChaCha8Rng) -> usize {
        let weights: Vec<f64> = self.length_arms.iter().map(|a| a.rate()).collect();
        weighted(&weights, rng) + 1
    }

    /// One Metropolis–Hastings step; returns the relation index stood on.
    pub fn pick_relation(&mut self, rng: &mut ChaCha8Rng) -> usize {
        let n = self.relations.len();
        if n == 0 {
            return 0;
        }
        let proposal = rng.gen_range(0..n);
        let ranks = self.ranks();
        let p = 1.0 / n as f64;
        let exponent = ranks[proposal] as f64 - ranks[self.current] as f64;
        if rng.gen::<f64>() < (1.0 - p).powf(exponent).min(1.0) {
            self.current = proposal;
        }
        self.current
    }

    /// Rank of each relation by success rate, 0 the best (ties by index).
    fn ranks(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.relations.len()).collect();
        order.sort_by(|&a, &b| {
            self.relation_arms[b]
                .rate()
                .total_cmp(&self.relation_arms[a].rate())
                .then(a.cmp(&b))
        });
        let mut ranks = vec![0; order.len()];
        for (rank, index) in order.into_iter().enumerate() {
            ranks[index] = rank;
        }
        ranks
    }

    /// Records a mutation of `entry` that tried `relations` and added
    /// `length` steps.
    pub fn record(&mut self, entry: usize, relations: &[usize], length: usize, win: bool) {
        if let Some(e) = self.entries.get_mut(entry) {
            e.arm.record(win);
        }
        for &r in relations {
            if let Some(arm) = self.relation_arms.get_mut(r) {
                arm.record(win);
            }
        }
        if let Some(arm) = length
            .checked_sub(1)
            .and_then(|i| self.length_arms.get_mut(i))
        {
            arm.record(win);
        }
    }

    pub fn relation_index(&self, id: &str) -> Option<usize> {
        self.relations.iter().position(|r| r == id)
    }
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
    use rand::SeedableRng;

    fn scheduler(n: usize) -> Scheduler {
        Scheduler::new((0..n).map(|i| format!("r{i}")).collect())
    }

    #[test]
    fn relation_choice_follows_success() {
        let mut s = scheduler(10);
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
            counts[s.pick_relation(&mut rng)] += 1;
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
        let mut s = scheduler(2);
        s.add_entry(0.1, 1);
        s.add_entry(1.5, 8);
        let weights = s.entry_weights();
        assert!(weights[1] > weights[0]);
        // Picking an entry over and over without success lowers its weight.
        for _ in 0..20 {
            s.record(1, &[], 0, false);
        }
        assert!(s.entry_weights()[1] < weights[1]);
        for _ in 0..40 {
            s.record(0, &[], 3, true);
            s.record(0, &[], 1, false);
        }
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let mut counts = [0usize; MAX_STEPS + 1];
        for _ in 0..2000 {
            counts[s.pick_length(&mut rng)] += 1;
        }
        assert_eq!(counts[0], 0);
        assert!(counts[3] > counts[1] && counts[3] > counts[2], "{counts:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_picks() {
        let picks = |seed| {
            let mut s = scheduler(5);
            s.add_entry(0.5, 1);
            s.add_entry(0.2, 3);
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            (0..50)
                .map(|_| (s.pick_entry(&mut rng), s.pick_relation(&mut rng)))
                .collect::<Vec<_>>()
        };
        assert_eq!(picks(9), picks(9));
        assert_ne!(picks(9), picks(10));
    }
}
