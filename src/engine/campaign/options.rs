//! Settings of a campaign.
use crate::engine::feedback::NoveltyOptions;
use crate::engine::scheduler::Strategy;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    pub resume: bool,
    pub strategy: Strategy,
    pub seed: u64,
    /// Wall-clock budget of this run.
    pub budget: Option<Duration>,
    /// Oracle queries (all runs of the campaign together, minimisation excluded).
    pub max_queries: Option<u64>,
    /// Mutants per generation.
    pub generation_size: usize,
    pub workers: usize,
    /// Shrink each finding to its shortest sub-chain (costs oracle queries,
    /// counted apart).
    pub minimise: bool,
    pub novelty: NoveltyOptions,
}

impl Options {
    pub fn new(out: PathBuf) -> Self {
        Options {
            out,
            resume: false,
            strategy: Strategy::Guided,
            seed: 0,
            budget: None,
            max_queries: None,
            generation_size: 64,
            workers: mutation_workers(false),
            minimise: true,
            novelty: NoveltyOptions::default(),
        }
    }
}

/// Mutation threads that keep the models fed without starving them: one per
/// core when the models run on a GPU; half the cores (at least one) when they
/// share the CPU, where more workers only slow the forward passes down (on 2
/// cores: 297 queries/s with one worker, 245/s with two).
pub fn mutation_workers(models_on_cpu: bool) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if models_on_cpu {
        (cores / 2).max(1)
    } else {
        cores
    }
}
