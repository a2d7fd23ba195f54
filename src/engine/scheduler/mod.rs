//! Schedulers: which corpus entry to mutate next, and with which relations
//! on which segments. Each strategy is one [`Scheduler`]; what schedulers
//! keep between generations lives in [`SchedulerState`], which the
//! campaign saves, so a resumed campaign continues where it stopped.
//!
//! Adding a scheduler: a module with its `impl Scheduler`, and a variant of
//! [`Strategy`] that names it.
mod guided;
mod random;
mod single;
mod statistics;

pub use guided::Guided;
pub use random::Random;
pub use single::Single;
pub use statistics::{Arm, EntryScore, Statistics};

use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

/// Most relations one mutation adds.
pub const MAX_STEPS: usize = 4;

/// What a plan chooses from.
#[derive(Debug, Clone, Copy)]
pub struct Space {
    /// Seeds; they are the first corpus entries, in the same order.
    pub seeds: usize,
    /// Segments of a sample (two for a clone pair).
    pub segments: usize,
    /// Relations of the campaign's language.
    pub relations: usize,
}

/// One planned mutation.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The corpus entry to mutate.
    pub entry: usize,
    /// (segment, relation index) of each step to add.
    pub steps: Vec<(usize, usize)>,
}

/// What schedulers keep between generations (saved in the state file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SchedulerState {
    /// Every mutation's outcome, whatever the strategy; the guided scheduler
    /// picks by them.
    #[serde(rename = "scheduler")]
    pub statistics: Statistics,
    /// Position of the `single` strategy in its (round, seed, relation) order.
    pub cursor: u64,
}

impl SchedulerState {
    pub fn new(relations: Vec<String>) -> Self {
        SchedulerState {
            statistics: Statistics::new(relations),
            cursor: 0,
        }
    }
}

/// A search strategy's choice of mutations.
pub trait Scheduler {
    /// The next mutation. The draws from `rng` are part of the campaign's
    /// reproducibility: a scheduler must make them in a fixed order.
    fn plan(&mut self, state: &mut SchedulerState, space: Space, rng: &mut ChaCha8Rng) -> Plan;

    /// Whether variants that bring new coverage join the corpus (the
    /// baselines mutate their seeds only).
    fn grows_corpus(&self) -> bool;
}

/// The schedulers by name, for the command line and the benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Power schedule over a growing corpus, relations and chain lengths
    /// adapted by success (see [`Guided`]).
    Guided,
    /// Random chains of 1..=MAX_STEPS random relations on random seeds; no
    /// feedback, no corpus growth.
    Random,
    /// Every relation once per seed, round after round (MetaCompress's tests).
    Single,
}

impl Strategy {
    pub const ALL: [Strategy; 3] = [Strategy::Guided, Strategy::Random, Strategy::Single];

    pub fn name(self) -> &'static str {
        match self {
            Strategy::Guided => "guided",
            Strategy::Random => "random",
            Strategy::Single => "single",
        }
    }

    pub fn scheduler(self) -> Box<dyn Scheduler> {
        match self {
            Strategy::Guided => Box::new(Guided),
            Strategy::Random => Box::new(Random),
            Strategy::Single => Box::new(Single),
        }
    }
}

impl std::str::FromStr for Strategy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Strategy::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| format!("unknown strategy `{s}` (guided, random or single)"))
    }
}
