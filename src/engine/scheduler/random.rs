//! The random baseline: chains of 1..=MAX_STEPS random relations on random
//! segments of a random seed.
use super::{Plan, Scheduler, SchedulerState, Space, MAX_STEPS};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub struct Random;

impl Scheduler for Random {
    fn plan(&mut self, _: &mut SchedulerState, space: Space, rng: &mut ChaCha8Rng) -> Plan {
        let length = rng.gen_range(1..=MAX_STEPS);
        let steps = (0..length)
            .map(|_| {
                (
                    rng.gen_range(0..space.segments),
                    rng.gen_range(0..space.relations),
                )
            })
            .collect();
        Plan {
            entry: rng.gen_range(0..space.seeds),
            steps,
        }
    }

    fn grows_corpus(&self) -> bool {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn plans_stay_in_the_space_and_mutate_seeds_only() {
        let space = Space {
            seeds: 3,
            segments: 2,
            relations: 5,
        };
        let mut state = SchedulerState::new((0..5).map(|i| format!("r{i}")).collect());
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..200 {
            let plan = Random.plan(&mut state, space, &mut rng);
            assert!(plan.entry < space.seeds);
            assert!((1..=MAX_STEPS).contains(&plan.steps.len()));
            assert!(
                plan.steps
                    .iter()
                    .all(|&(segment, relation)| segment < space.segments
                        && relation < space.relations)
            );
        }
        assert!(!Random.grows_corpus());
    }
}
