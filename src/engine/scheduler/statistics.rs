//! What the search learned from its mutations: success counters of corpus
//! entries, relations and chain lengths. A mutation succeeds when its
//! variant brings new coverage or a new finding.
use super::MAX_STEPS;
use serde::{Deserialize, Serialize};

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

/// What the search knows of one corpus entry.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct EntryScore {
    pub fitness: f64,
    /// Feature slots that were new when the entry was added.
    pub new_features: usize,
    pub arm: Arm,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statistics {
    /// The relation ids, in the order plans index them.
    pub relations: Vec<String>,
    pub relation_arms: Vec<Arm>,
    pub length_arms: Vec<Arm>,
    pub entries: Vec<EntryScore>,
    /// The relation the guided scheduler's Metropolis–Hastings walk stands on.
    pub(super) current: usize,
}

impl Statistics {
    pub fn new(relations: Vec<String>) -> Self {
        Statistics {
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
