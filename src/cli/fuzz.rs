//! `metacompress fuzz`: the native engine on the teacher/student pair.
use super::model_pair::{bounded, given_or_embedded, ModelPairArgs};
use anyhow::{bail, Context, Result};
use clap::Args;
use metacompress::data::seeds::load_corpus;
use metacompress::engine::campaign::{self, mutation_workers, Options, Strategy};
use metacompress::engine::oracle::SessionOracle;
use metacompress::relations::Catalog;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Args)]
#[command(after_long_help = "\
OUTPUT (--out DIR):
  corpus/NNNNNNNN.json  corpus entries: seeds, then variants that brought new coverage,
                        each with its chain from the seed
  findings/KEY.json     findings (label-flip, robustness-flip, adversarial): seed and
                        variant texts, the minimised chain with sites and parameters,
                        both models' outputs on seed and variant, ground truth
  state.json            scheduler statistics, coverage and counters
Every file is written atomically: after a crash or kill, --resume continues.")]
pub struct FuzzArgs {
    #[command(flatten)]
    models: ModelPairArgs,
    /// Seed corpus directory: corpus.json, labels.tsv, seeds/ (default: the
    /// task's embedded seeds)
    #[arg(long, value_name = "DIR")]
    corpus: Option<PathBuf>,
    /// Campaign directory
    #[arg(long, value_name = "DIR", default_value = "fuzz-out")]
    out: PathBuf,
    /// Continue the campaign in --out
    #[arg(long)]
    resume: bool,
    /// Wall-clock budget: 90s, 10m, 1h (a bare number is seconds)
    #[arg(long, value_parser = parse_duration)]
    budget: Option<Duration>,
    /// Stop after N oracle queries (all runs of the campaign together)
    #[arg(long, value_name = "N")]
    max_queries: Option<u64>,
    /// guided (feedback), random (random chains, no feedback) or single
    /// (every relation once per seed)
    #[arg(long, default_value = "guided")]
    strategy: Strategy,
    /// Seed of every random choice: the same seed repeats a campaign
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Mutants per generation
    #[arg(long, default_value_t = 64, value_name = "N", value_parser = bounded(1, 100_000))]
    generation: usize,
    /// Mutation worker threads (default: one per core with a GPU, half the
    /// cores when the models run on the CPU)
    #[arg(long, value_name = "N")]
    workers: Option<usize>,
    /// Keep findings with their whole chain (no minimisation queries)
    #[arg(long)]
    no_minimise: bool,
    /// Print the final statistics as one JSON object
    #[arg(long)]
    json: bool,
}

/// `90s`, `10m`, `1h`, `250ms` or plain seconds.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a duration like 90s, 10m or 1h"))?;
    let seconds = match unit {
        "" | "s" => value,
        "ms" => value / 1000.0,
        "m" | "min" => value * 60.0,
        "h" => value * 3600.0,
        _ => return Err(format!("unknown unit `{unit}` in `{text}` (ms, s, m or h)")),
    };
    // The digits-and-dots number cannot be negative, but can overflow to inf.
    Duration::try_from_secs_f64(seconds)
        .map_err(|_| format!("`{text}` is longer than a budget can be"))
}

pub fn run(args: FuzzArgs) -> Result<()> {
    if args.budget.is_none() && args.max_queries.is_none() {
        bail!("give a budget: --budget 60s and/or --max-queries N");
    }
    let corpus_dir = given_or_embedded(&args.corpus, args.models.task()?, |e| e.seeds)?;
    let seeds = load_corpus(&corpus_dir)
        .with_context(|| format!("loading the seed corpus {}", corpus_dir.display()))?;
    for (path, reason) in &seeds.skipped {
        eprintln!("warning: skipped seed {}: {reason}", path.display());
    }
    let oracle = args.models.open_oracle()?;
    if oracle.task() != seeds.task {
        bail!(
            "the bundles are for {} but the corpus {} holds {} seeds",
            oracle.task(),
            corpus_dir.display(),
            seeds.task
        );
    }
    let defaults = Options::new(args.out.clone());
    let options = Options {
        resume: args.resume,
        strategy: args.strategy,
        seed: args.seed,
        budget: args.budget,
        max_queries: args.max_queries,
        generation_size: args.generation,
        workers: args
            .workers
            .unwrap_or_else(|| mutation_workers(oracle.teacher().runs_on_cpu())),
        minimise: !args.no_minimise,
        ..defaults
    };
    let mut session = SessionOracle::new(&oracle)?;
    let terminal = std::io::stderr().is_terminal();
    let mut last = Instant::now();
    let mut progress = |stats: &campaign::Stats| {
        // Once a second on a terminal (redrawn in place), every 10 s in a log.
        let every = if terminal { 1 } else { 10 };
        if last.elapsed() >= Duration::from_secs(every) {
            last = Instant::now();
            if terminal {
                eprint!("\r{}", stats.progress_line());
            } else {
                eprintln!("{}", stats.progress_line());
            }
        }
    };
    let stats = campaign::run(
        Catalog::standard(),
        &seeds,
        &mut session,
        &options,
        &mut progress,
    )?;
    if terminal {
        eprintln!();
    }
    if args.json {
        println!("{}", serde_json::to_string(&stats)?);
    } else {
        println!(
            "fuzz: {} seeds from {}, campaign in {}",
            seeds.seeds.len(),
            corpus_dir.display(),
            args.out.display()
        );
        print!("{}", stats.summary());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units() {
        assert_eq!(parse_duration("60s"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("10m"), Ok(Duration::from_secs(600)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
        assert_eq!(parse_duration("5"), Ok(Duration::from_secs(5)));
        assert!(parse_duration("ten").is_err());
        assert!(parse_duration("5y").is_err());
    }

    #[test]
    fn durations_too_long_or_not_numbers_are_errors() {
        for text in [
            "99999999999999999999",
            "1e400",
            "inf",
            "NaN",
            "-5s",
            ".",
            "1..5s",
        ] {
            assert!(parse_duration(text).is_err(), "{text}");
        }
        let err = parse_duration("99999999999999999999h").unwrap_err();
        assert!(err.contains("longer than a budget"), "{err}");
    }
}
