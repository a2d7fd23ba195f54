//! The single-relation baseline (MetaCompress's tests): every relation once
//! per seed, seed after seed, round after round.
use super::{Plan, Scheduler, SchedulerState, Space};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub struct Single;

impl Scheduler for Single {
    fn plan(&mut self, state: &mut SchedulerState, space: Space, rng: &mut ChaCha8Rng) -> Plan {
        let cursor = state.cursor as usize;
        state.cursor += 1;
        Plan {
            entry: (cursor / space.relations) % space.seeds,
            steps: vec![(rng.gen_range(0..space.segments), cursor % space.relations)],
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
    fn each_round_tries_every_relation_once_on_every_seed() {
        let space = Space {
            seeds: 2,
            segments: 2,
            relations: 3,
        };
        let mut state = SchedulerState::new(vec!["a".into(), "b".into(), "c".into()]);
        let mut rng = ChaCha8Rng::seed_from_u64(0);
        let mut round: Vec<(usize, usize)> = (0..6)
            .map(|_| {
                let plan = Single.plan(&mut state, space, &mut rng);
                assert_eq!(plan.steps.len(), 1);
                (plan.entry, plan.steps[0].1)
            })
            .collect();
        round.sort_unstable();
        assert_eq!(round, [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]);
        // The next round starts over.
        assert_eq!(Single.plan(&mut state, space, &mut rng).entry, 0);
        assert_eq!(state.cursor, 7);
    }
}
