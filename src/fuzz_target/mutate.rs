//! The divergence target's mutations: one relation step per call, drawn
//! deterministically from libFuzzer's seed, so chains grow over libFuzzer's
//! generations; and a crossover that swaps segments between two variants of
//! the same clone pair. Every result is a valid input whose provenance line
//! replays from its seed; when nothing applies the result is `None`, never
//! byte-mutated text.
use super::input::{content_key, FuzzInput, Provenance};
use crate::data::Task;
use crate::engine::chain::{extend, parse_segments, SegmentStep};
use crate::relations::{Catalog, NameStrategy, Relation};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Longest chain the mutator grows; longer chains stop mutating, so the
/// provenance line (about 150 bytes a step) stays small.
pub const MAX_CHAIN_STEPS: usize = 32;

/// Applies one relation of the task's language at one site of one segment.
/// Segments and relations are tried in an order drawn from `seed` until one
/// applies; `None` when none does, or when the result would exceed
/// `max_size` bytes or the chain [`MAX_CHAIN_STEPS`] steps.
pub fn mutate(
    catalog: &Catalog,
    task: Task,
    input: &FuzzInput,
    seed: u64,
    max_size: usize,
) -> Option<FuzzInput> {
    if input.steps().len() >= MAX_CHAIN_STEPS {
        return None;
    }
    let lang = task.lang();
    let sources = parse_segments(lang, &input.segments).ok()?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut segments: Vec<usize> = (0..sources.len()).collect();
    segments.shuffle(&mut rng);
    let mut relations: Vec<&dyn Relation> = catalog.for_lang(lang).collect();
    relations.shuffle(&mut rng);
    // Natural identifiers sometimes, neutral ones (v0, v1, …) otherwise.
    let names = if rng.gen_bool(0.5) {
        NameStrategy::Natural
    } else {
        NameStrategy::Neutral
    };
    let step_seed = rng.gen::<u64>();
    for &segment in &segments {
        for &relation in &relations {
            let mut next = sources.clone();
            // An error is a relation bug on this text (the relations fuzz
            // target hunts those); another relation may still apply.
            let Ok(Some(step)) = extend(
                catalog,
                &mut next,
                segment,
                relation,
                step_seed,
                names.clone(),
            ) else {
                continue;
            };
            let candidate = grown(
                input,
                next.into_iter().map(|s| s.into_text()).collect(),
                step,
            );
            if fits(&candidate, task, max_size) {
                return Some(candidate);
            }
        }
    }
    None
}

/// Combines two variants of the same clone pair: `first` with one segment
/// (chosen by `seed`) taken from `second`, each segment keeping its own
/// steps. Steps on different segments are independent, so the merged chain
/// replays from the seed. `None` for one-segment tasks, variants of
/// different seeds, or a result equal to `first`.
pub fn crossover(
    task: Task,
    first: &FuzzInput,
    second: &FuzzInput,
    seed: u64,
    max_size: usize,
) -> Option<FuzzInput> {
    if first.segments.len() < 2 || first.seed_key() != second.seed_key() {
        return None;
    }
    let taken = (seed % first.segments.len() as u64) as usize;
    let mut segments = first.segments.clone();
    segments[taken] = second.segments.get(taken)?.clone();
    let on = |input: &FuzzInput, keep: &dyn Fn(usize) -> bool| -> Vec<SegmentStep> {
        input
            .steps()
            .iter()
            .filter(|s| keep(s.segment))
            .cloned()
            .collect()
    };
    let mut steps = on(first, &|segment| segment != taken);
    steps.extend(on(second, &|segment| segment == taken));
    let child = FuzzInput {
        provenance: Some(Provenance {
            seed: first.seed_key(),
            steps,
        }),
        segments,
    };
    let same = child.segments == first.segments && child.steps() == first.steps();
    (!same && fits(&child, task, max_size)).then_some(child)
}

/// `input` with new segments and one more step.
fn grown(input: &FuzzInput, segments: Vec<String>, step: SegmentStep) -> FuzzInput {
    let mut provenance = input.provenance.clone().unwrap_or_else(|| Provenance {
        seed: content_key(&input.segments),
        steps: Vec::new(),
    });
    provenance.steps.push(step);
    FuzzInput {
        segments,
        provenance: Some(provenance),
    }
}

/// Small enough, and reads back exactly as it is (a rewrite that leaves a
/// newline at the end of a non-last segment would not).
fn fits(input: &FuzzInput, task: Task, max_size: usize) -> bool {
    let text = input.render();
    text.len() <= max_size && FuzzInput::parse(text.as_bytes(), task).as_ref() == Ok(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::chain::replay;
    use crate::lang::Lang;

    const JAVA: &str = "int sum(int[] xs) {\n  int s = 0;\n  for (int i = 0; i < xs.length; i++) {\n    s += xs[i];\n  }\n  return s;\n}";
    const C: &str = "int max(int a, int b) {\n  if (a > b) {\n    return a;\n  }\n  return b;\n}\n";

    fn pair() -> FuzzInput {
        FuzzInput::seed(vec![JAVA.to_string(), JAVA.replace("sum", "total")])
    }

    /// Grows a chain of `n` steps from `input` with libFuzzer-like seeds.
    fn grow(task: Task, mut input: FuzzInput, n: u64) -> FuzzInput {
        for seed in 0..n {
            input = mutate(Catalog::standard(), task, &input, seed, 1 << 16)
                .expect("some relation applies");
        }
        input
    }

    #[test]
    fn chains_grow_one_step_per_call_and_replay_from_the_seed() {
        let catalog = Catalog::standard();
        for (task, seed) in [
            (Task::CloneDetection, pair()),
            (
                Task::VulnerabilityPrediction,
                FuzzInput::seed(vec![C.to_string()]),
            ),
        ] {
            let variant = grow(task, seed.clone(), 5);
            assert_eq!(variant.steps().len(), 5);
            assert_eq!(variant.seed_key(), seed.seed_key());
            let lang = task.lang();
            let replayed = replay(catalog, lang, &seed.segments, variant.steps()).unwrap();
            assert_eq!(replayed.segments, variant.segments);
            assert_eq!(replayed.applied, variant.steps());
            // Its text reads back as the same input.
            let text = variant.render();
            assert_eq!(FuzzInput::parse(text.as_bytes(), task).unwrap(), variant);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_mutation_and_seeds_vary_it() {
        let catalog = Catalog::standard();
        let task = Task::CloneDetection;
        let a = mutate(catalog, task, &pair(), 7, 1 << 16).unwrap();
        assert_eq!(mutate(catalog, task, &pair(), 7, 1 << 16).unwrap(), a);
        let distinct: std::collections::HashSet<String> = (0..20)
            .filter_map(|s| mutate(catalog, task, &pair(), s, 1 << 16))
            .map(|v| v.render())
            .collect();
        assert!(distinct.len() > 5, "{} distinct variants", distinct.len());
    }

    #[test]
    fn no_mutation_when_nothing_applies_or_fits() {
        let catalog = Catalog::standard();
        let task = Task::VulnerabilityPrediction;
        // Not C code a relation can rewrite.
        let noise = FuzzInput::seed(vec!["@@@ ###".to_string()]);
        assert_eq!(mutate(catalog, task, &noise, 1, 1 << 16), None);
        let seed = FuzzInput::seed(vec![C.to_string()]);
        assert_eq!(mutate(catalog, task, &seed, 1, 10), None);
        let long = grow(task, seed, MAX_CHAIN_STEPS as u64);
        assert_eq!(mutate(catalog, task, &long, 1, 1 << 20), None);
    }

    #[test]
    fn crossover_merges_per_segment_chains_of_one_seed() {
        let catalog = Catalog::standard();
        let task = Task::CloneDetection;
        let seed = pair();
        let a = grow(task, seed.clone(), 3);
        let b = grow(task, mutate(catalog, task, &seed, 99, 1 << 16).unwrap(), 2);
        let mut merged_any = false;
        for s in 0..2 {
            let Some(child) = crossover(task, &a, &b, s, 1 << 16) else {
                continue;
            };
            merged_any = true;
            let replayed = replay(catalog, Lang::Java, &seed.segments, child.steps()).unwrap();
            assert_eq!(replayed.segments, child.segments);
        }
        assert!(merged_any);
        // Variants of different seeds, and one-segment tasks, do not cross.
        let other = FuzzInput::seed(vec![JAVA.to_string(), JAVA.to_string()]);
        assert_eq!(crossover(task, &a, &other, 0, 1 << 16), None);
        let c = FuzzInput::seed(vec![C.to_string()]);
        let c2 = grow(Task::VulnerabilityPrediction, c.clone(), 1);
        assert_eq!(
            crossover(Task::VulnerabilityPrediction, &c, &c2, 0, 1 << 16),
            None
        );
    }
}
