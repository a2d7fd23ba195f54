//! Divergence fuzzing with libFuzzer: inputs on which the student departs
//! from its teacher.
//!
//! An input is a sample's text (one C function, or two Java functions split
//! by the segment delimiter line) with an optional last line recording its
//! chain from its seed (`metacompress::fuzz_target::input`). The custom
//! mutator applies one metamorphic relation per call, so chains grow over
//! libFuzzer's generations; inputs are never byte-mutated. Feedback is the
//! engine's shared feature map written into libFuzzer's extra counters;
//! findings are JSON files, never crashes.
//!
//! Run on stable (see README, "Divergence fuzzing with cargo fuzz"):
//! `cargo fuzz run -s none --features divergence divergence target/fuzz-corpus/divergence corpus/clone-detection/seeds -- -rss_limit_mb=0 -max_len=8192`
#![no_main]

use libfuzzer_sys::{fuzz_crossover, fuzz_mutator, fuzz_target, Corpus};
use metacompress::data::Task;
use metacompress::engine::feedback::FEATURE_SLOTS;
use metacompress::fuzz_target::mutate::{crossover, mutate};
use metacompress::fuzz_target::target::{DivergenceTarget, Settings, SEEDS_VAR};
use metacompress::fuzz_target::FuzzInput;
use metacompress::relations::Catalog;
use std::path::Path;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Mutex, OnceLock};

/// libFuzzer reads this section as extra coverage, cleared before each run.
#[used]
#[link_section = "__libfuzzer_extra_counters"]
static COUNTERS: [AtomicU8; FEATURE_SLOTS] = [const { AtomicU8::new(0) }; FEATURE_SLOTS];

static TARGET: OnceLock<Mutex<DivergenceTarget>> = OnceLock::new();
/// Known after init; the mutator needs it before the first run.
static TASK: OnceLock<Task> = OnceLock::new();

fn init() {
    // The fuzz crate lives in <repo>/fuzz.
    let fuzz_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let repo_root = fuzz_dir.parent().unwrap_or(fuzz_dir);
    let settings = Settings::resolve(
        repo_root,
        |name| std::env::var(name).ok(),
        std::env::args().collect(),
    );
    // Fork-mode children are started without the corpus arguments; the
    // environment carries the seed corpora to them.
    if std::env::var_os(SEEDS_VAR).is_none() && !settings.seed_corpora.is_empty() {
        if let Ok(list) = std::env::join_paths(&settings.seed_corpora) {
            std::env::set_var(SEEDS_VAR, list);
        }
    }
    match DivergenceTarget::open(&settings) {
        Ok((target, notes)) => {
            for note in notes {
                eprintln!("divergence: {note}");
            }
            let _ = TASK.set(target.task());
            let _ = TARGET.set(Mutex::new(target));
        }
        Err(err) => {
            eprintln!("divergence: {err}");
            std::process::exit(2);
        }
    }
}

fn task() -> Option<Task> {
    TASK.get().copied()
}

fuzz_target!(init: init(), |data: &[u8]| -> Corpus {
    let Some(target) = TARGET.get() else {
        return Corpus::Reject;
    };
    let mut target = target.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match target.evaluate(data) {
        Ok(Some(outcome)) => {
            let evaluation = &outcome.evaluation;
            for &slot in &evaluation.slots {
                COUNTERS[slot].fetch_add(1, Ordering::Relaxed);
            }
            if let Some(path) = &outcome.finding {
                eprintln!("divergence: {} finding {}", kinds(&evaluation.kinds), path.display());
            }
            Corpus::Keep
        }
        Ok(None) => Corpus::Reject,
        Err(err) => {
            eprintln!("divergence: the models could not answer: {err}");
            Corpus::Reject
        }
    }
});

fn kinds(kinds: &[metacompress::engine::score::FindingKind]) -> String {
    kinds.iter().map(|k| k.name()).collect::<Vec<_>>().join("+")
}

/// Copies `input`'s text into `out`; its length, or 0 when it does not fit.
fn emit(input: &FuzzInput, out: &mut [u8]) -> usize {
    let text = input.render();
    match out.get_mut(..text.len()) {
        Some(dst) => {
            dst.copy_from_slice(text.as_bytes());
            text.len()
        }
        None => 0,
    }
}

fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    let Some(task) = task() else {
        return size;
    };
    let Ok(input) = FuzzInput::parse(&data[..size], task) else {
        // Not an input: left as it is (the target rejects it), never byte-mutated.
        return size;
    };
    match mutate(Catalog::standard(), task, &input, u64::from(seed), max_size) {
        Some(variant) => match emit(&variant, &mut data[..max_size]) {
            0 => size,
            written => written,
        },
        None => size,
    }
});

fuzz_crossover!(|data1: &[u8], data2: &[u8], out: &mut [u8], seed: u32| {
    let Some(task) = task() else {
        return 0;
    };
    let (Ok(first), Ok(second)) = (FuzzInput::parse(data1, task), FuzzInput::parse(data2, task))
    else {
        return 0;
    };
    let max_size = out.len();
    crossover(task, &first, &second, u64::from(seed), max_size).map_or(0, |child| emit(&child, out))
});
