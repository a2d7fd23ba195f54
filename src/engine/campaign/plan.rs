//! A generation's jobs: the scheduler's plans, each with the seed of its
//! mutation's random choices.
use super::Campaign;
use crate::engine::hash::mix;
use crate::engine::oracle::Dispatcher;
use crate::engine::scheduler::{Plan, Space};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// One planned mutation.
#[derive(Debug, Clone)]
pub(super) struct Job {
    pub plan: Plan,
    pub seed: u64,
}

impl Campaign<'_> {
    /// The jobs of the next generation.
    pub(super) fn plan(&mut self, dispatcher: &Dispatcher) -> Vec<Job> {
        let options = self.setup.options;
        let generation = self.state.generation;
        self.state.generation += 1;
        let mut rng = ChaCha8Rng::seed_from_u64(mix(options.seed ^ mix(generation)));
        let mut size = options.generation_size.max(1);
        if let Some(max) = options.max_queries {
            size = size.min(max.saturating_sub(self.search_queries(dispatcher)) as usize);
        }
        let space = Space {
            seeds: self.setup.seeds.seeds.len(),
            segments: self.setup.seeds.task.segments(),
            relations: self.setup.relations.len(),
        };
        (0..size)
            .map(|_| Job {
                plan: self
                    .parts
                    .scheduler
                    .plan(&mut self.state.scheduler, space, &mut rng),
                seed: rng.gen(),
            })
            .collect()
    }
}
