//! `metacompress bench fuzz`: in one run, on the same bundles and seeds,
//! 1. how close the engine's query rate comes to the oracle's, and to the
//!    bare forward passes of both models on the very samples it queried
//!    (the median of [`THROUGHPUT_ROUNDS`] interleaved rounds: a shared
//!    machine's noise moves single runs of a few seconds by ±20%);
//! 2. unique label flips and robustness flips per 1,000 oracle queries, and
//!    median queries to a seed's first flip, for the guided search against
//!    the random and single-relation baselines at the same query budget.
//!
//! Minimisation is off in every run, so all strategies spend their queries
//! on search alone.
use super::inputs;
use super::oracle::BundlePair;
use crate::data::seeds::{load_corpus, SeedCorpus};
use crate::data::{self, LoadOptions, Sample};
use crate::engine::campaign::{self, Options, Stats, Strategy};
use crate::engine::oracle::{OracleLike, QueryError, Reply, SessionOracle, Ticket};
use crate::engine::FindingKind;
use crate::model::testing::TinyBundle;
use crate::oracle::OracleOptions;
use crate::relations::Catalog;
use serde::Serialize;
use std::fmt;
use std::path::PathBuf;
use std::time::Instant;

/// What to measure.
#[derive(Debug, Clone)]
pub struct FuzzBenchOptions {
    /// Bundles; `None` writes two tiny untrained bundles that differ in
    /// their weights (a stand-in until the embedded pair exists).
    pub bundles: Option<(PathBuf, PathBuf)>,
    /// Seed corpus directory; `None` takes pairs of the bcb-mini fixture.
    pub corpus: Option<PathBuf>,
    /// Seeds used from the corpus.
    pub seeds: usize,
    /// Oracle queries per strategy.
    pub queries: u64,
    pub seed: u64,
    /// Device, precision and batch size of the oracle.
    pub oracle: OracleOptions,
}

/// One strategy's figures.
#[derive(Debug, Clone, Serialize)]
pub struct StrategyFigures {
    pub strategy: String,
    pub queries: u64,
    pub execs: u64,
    pub seconds: f64,
    pub queries_per_second: f64,
    pub corpus: usize,
    pub coverage: usize,
    pub label_flips: usize,
    pub robustness_flips: usize,
    pub adversarial: usize,
    pub label_flips_per_1000: f64,
    /// Label flips on seeds where both models agreed (caused by the chain).
    pub caused_label_flips: usize,
    pub caused_label_flips_per_1000: f64,
    pub robustness_flips_per_1000: f64,
    pub seeds_with_flip: usize,
    pub median_queries_to_first_flip: Option<f64>,
}

impl StrategyFigures {
    fn new(stats: &Stats) -> Self {
        StrategyFigures {
            strategy: stats.strategy.clone(),
            queries: stats.queries,
            execs: stats.execs,
            seconds: stats.elapsed_s,
            queries_per_second: stats.queries_per_s,
            corpus: stats.corpus,
            coverage: stats.coverage,
            label_flips: stats.count(FindingKind::LabelFlip),
            robustness_flips: stats.count(FindingKind::RobustnessFlip),
            adversarial: stats.count(FindingKind::Adversarial),
            label_flips_per_1000: stats.per_thousand(FindingKind::LabelFlip),
            caused_label_flips: stats.caused_label_flips,
            caused_label_flips_per_1000: 1000.0 * stats.caused_label_flips as f64
                / stats.queries.max(1) as f64,
            robustness_flips_per_1000: stats.per_thousand(FindingKind::RobustnessFlip),
            seeds_with_flip: stats.first_flip.len(),
            median_queries_to_first_flip: stats.median_first_flip(),
        }
    }
}

/// Rounds of (guided campaign, oracle alone, bare forward) behind the
/// throughput figures.
pub const THROUGHPUT_ROUNDS: usize = 3;

/// One round: the guided run's query rate, then the oracle alone and the
/// bare models on the samples it sent.
#[derive(Debug, Clone, Serialize)]
pub struct ThroughputRound {
    pub engine_queries_per_second: f64,
    /// `Oracle::run` on the same samples, cold cache.
    pub oracle_queries_per_second: f64,
    /// Bare TorchScript forwards of both models on the same samples.
    pub bare_forward_queries_per_second: f64,
}

/// Medians over the rounds (each ratio is the median of the rounds' ratios).
#[derive(Debug, Clone, Serialize)]
pub struct Throughput {
    /// Queries the guided run sent (seeds included).
    pub samples: usize,
    pub distinct_samples: usize,
    pub engine_queries_per_second: f64,
    pub oracle_queries_per_second: f64,
    pub bare_forward_queries_per_second: f64,
    pub engine_over_oracle: f64,
    pub engine_over_bare_forward: f64,
    pub rounds: Vec<ThroughputRound>,
}

/// Everything `bench fuzz` measured.
#[derive(Debug, Clone, Serialize)]
pub struct FuzzBenchReport {
    pub teacher: String,
    pub student: String,
    pub task: String,
    pub device: String,
    pub seeds: usize,
    pub budget_queries: u64,
    pub strategies: Vec<StrategyFigures>,
    pub throughput: Throughput,
    /// Guided / random, unique flips per 1,000 queries (`None` when random found none).
    pub guided_over_random_label_flips: Option<f64>,
    pub guided_over_random_caused_label_flips: Option<f64>,
    pub guided_over_random_robustness_flips: Option<f64>,
}

/// Passes queries through and keeps a copy of every sample.
struct Recording {
    inner: SessionOracle,
    samples: Vec<Sample>,
}

impl OracleLike for Recording {
    fn submit(&mut self, sample: Sample) -> Result<Ticket, QueryError> {
        self.samples.push(sample.clone());
        self.inner.submit(sample)
    }

    fn recv(&mut self) -> Option<(Ticket, Result<Reply, QueryError>)> {
        self.inner.recv()
    }
}

pub fn run(options: &FuzzBenchOptions) -> anyhow::Result<FuzzBenchReport> {
    let scratch =
        std::env::temp_dir().join(format!("metacompress-bench-fuzz-{}", std::process::id()));
    let result = run_in(options, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn run_in(
    options: &FuzzBenchOptions,
    scratch: &std::path::Path,
) -> anyhow::Result<FuzzBenchReport> {
    let seeds = seed_corpus(options)?;
    let (teacher_dir, student_dir) = match &options.bundles {
        Some(pair) => pair.clone(),
        None => {
            let (t, s) = (scratch.join("teacher"), scratch.join("student"));
            TinyBundle::new("tiny-teacher", seeds.task).write(&t)?;
            TinyBundle {
                seed: 2,
                ..TinyBundle::new("tiny-student", seeds.task)
            }
            .write(&s)?;
            (t, s)
        }
    };
    let pair = BundlePair::open(&teacher_dir, &student_dir, options.oracle.clone())?;
    let oracle = &pair.oracle;
    anyhow::ensure!(
        oracle.task() == seeds.task,
        "the bundles are for {} but the seeds are {}",
        oracle.task(),
        seeds.task
    );
    // Warm the models up so the first strategy does not pay for it.
    oracle.run(&seeds.seeds[..seeds.seeds.len().min(4)])?;

    // One campaign from a cold cache; returns its figures and the samples it sent.
    let campaign = |strategy: Strategy, dir: String| -> anyhow::Result<(Stats, Vec<Sample>)> {
        oracle.clear_cache();
        let campaign_options = Options {
            strategy,
            ..strategy_options(options, oracle.teacher().runs_on_cpu(), scratch.join(dir))
        };
        let mut recording = Recording {
            inner: SessionOracle::new(oracle)?,
            samples: Vec::new(),
        };
        let stats = campaign::run(
            Catalog::standard(),
            &seeds,
            &mut recording,
            &campaign_options,
            &mut |_| {},
        )?;
        Ok((stats, recording.samples))
    };
    let mut strategies = Vec::new();
    let mut rounds = Vec::new();
    let mut recorded = Vec::new();
    for round in 0..THROUGHPUT_ROUNDS {
        let (stats, samples) = campaign(Strategy::Guided, format!("guided-{round}"))?;
        if round == 0 {
            strategies.push(StrategyFigures::new(&stats));
        }
        oracle.clear_cache();
        let start = Instant::now();
        oracle.run(&samples)?;
        let oracle_rate = samples.len() as f64 / start.elapsed().as_secs_f64().max(1e-9);
        let bare = super::oracle::bare_forward_seconds(&pair, &samples, options.oracle.batch_size)?;
        rounds.push(ThroughputRound {
            engine_queries_per_second: stats.queries_per_s,
            oracle_queries_per_second: oracle_rate,
            bare_forward_queries_per_second: samples.len() as f64 / bare.max(1e-9),
        });
        recorded = samples;
    }
    for strategy in [Strategy::Random, Strategy::Single] {
        let (stats, _) = campaign(strategy, strategy.name().to_string())?;
        strategies.push(StrategyFigures::new(&stats));
    }

    let guided = &strategies[0];
    let distinct: std::collections::HashSet<&Vec<String>> =
        recorded.iter().map(|s| &s.segments).collect();
    let median_of = |value: &dyn Fn(&ThroughputRound) -> f64| {
        let mut values: Vec<f64> = rounds.iter().map(value).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let throughput = Throughput {
        samples: recorded.len(),
        distinct_samples: distinct.len(),
        engine_queries_per_second: median_of(&|r| r.engine_queries_per_second),
        oracle_queries_per_second: median_of(&|r| r.oracle_queries_per_second),
        bare_forward_queries_per_second: median_of(&|r| r.bare_forward_queries_per_second),
        engine_over_oracle: median_of(&|r| {
            r.engine_queries_per_second / r.oracle_queries_per_second
        }),
        engine_over_bare_forward: median_of(&|r| {
            r.engine_queries_per_second / r.bare_forward_queries_per_second
        }),
        rounds: rounds.clone(),
    };
    let ratio = |a: f64, b: f64| (b > 0.0).then(|| a / b);
    let random = &strategies[1];
    Ok(FuzzBenchReport {
        teacher: oracle.teacher().name().to_string(),
        student: oracle.student().name().to_string(),
        task: seeds.task.to_string(),
        device: format!("{:?}", pair.teacher.device()),
        seeds: seeds.seeds.len(),
        budget_queries: options.queries,
        guided_over_random_label_flips: ratio(
            guided.label_flips_per_1000,
            random.label_flips_per_1000,
        ),
        guided_over_random_caused_label_flips: ratio(
            guided.caused_label_flips_per_1000,
            random.caused_label_flips_per_1000,
        ),
        guided_over_random_robustness_flips: ratio(
            guided.robustness_flips_per_1000,
            random.robustness_flips_per_1000,
        ),
        strategies,
        throughput,
    })
}

/// A strategy's campaign settings: the same query budget and seed for all,
/// no minimisation (so every query is search).
fn strategy_options(options: &FuzzBenchOptions, models_on_cpu: bool, out: PathBuf) -> Options {
    Options {
        seed: options.seed,
        max_queries: Some(options.queries),
        minimise: false,
        workers: campaign::mutation_workers(models_on_cpu),
        ..Options::new(out)
    }
}

fn seed_corpus(options: &FuzzBenchOptions) -> anyhow::Result<SeedCorpus> {
    let mut corpus = match &options.corpus {
        Some(dir) => load_corpus(dir)?,
        None => {
            let dataset = data::load(
                &inputs::default_data(),
                &LoadOptions {
                    limit: Some(options.seeds),
                    ..LoadOptions::default()
                },
            )?;
            SeedCorpus {
                task: dataset.task,
                seeds: dataset.samples,
                skipped: Vec::new(),
            }
        }
    };
    corpus.seeds.truncate(options.seeds);
    anyhow::ensure!(!corpus.seeds.is_empty(), "no seeds to fuzz");
    Ok(corpus)
}

impl fmt::Display for FuzzBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "bench fuzz: teacher '{}' vs student '{}' ({}), {} seeds, {} queries per strategy, {}",
            self.teacher, self.student, self.task, self.seeds, self.budget_queries, self.device
        )?;
        writeln!(
            f,
            "  {:<9} {:>7} {:>7} {:>8} {:>7} {:>6} {:>6} {:>6} {:>6} {:>9} {:>9} {:>9} {:>6} {:>9}",
            "strategy",
            "queries",
            "q/s",
            "execs",
            "corpus",
            "label",
            "caused",
            "robust",
            "adv",
            "label/1k",
            "caused/1k",
            "robust/1k",
            "seeds",
            "median-1st"
        )?;
        for s in &self.strategies {
            writeln!(
                f,
                "  {:<9} {:>7} {:>7.1} {:>8} {:>7} {:>6} {:>6} {:>6} {:>6} {:>9.2} {:>9.2} {:>9.2} {:>6} {:>9}",
                s.strategy,
                s.queries,
                s.queries_per_second,
                s.execs,
                s.corpus,
                s.label_flips,
                s.caused_label_flips,
                s.robustness_flips,
                s.adversarial,
                s.label_flips_per_1000,
                s.caused_label_flips_per_1000,
                s.robustness_flips_per_1000,
                s.seeds_with_flip,
                s.median_queries_to_first_flip
                    .map_or("-".to_string(), |m| format!("{m:.0}")),
            )?;
        }
        let show =
            |r: Option<f64>| r.map_or("n/a (random found none)".to_string(), |r| format!("{r:.2}"));
        writeln!(
            f,
            "  guided / random, unique flips per 1,000 queries: label {}, caused label {}, robustness {}  (goal >= 3)",
            show(self.guided_over_random_label_flips),
            show(self.guided_over_random_caused_label_flips),
            show(self.guided_over_random_robustness_flips)
        )?;
        let t = &self.throughput;
        writeln!(
            f,
            "  throughput on the guided run's {} queries ({} distinct), medians: engine {:.1}/s, oracle alone {:.1}/s, bare forward {:.1}/s",
            t.samples, t.distinct_samples, t.engine_queries_per_second, t.oracle_queries_per_second, t.bare_forward_queries_per_second
        )?;
        writeln!(
            f,
            "  engine / oracle = {:.3}, engine / bare forward = {:.3}  (medians of {} rounds; goal >= 0.9)",
            t.engine_over_oracle,
            t.engine_over_bare_forward,
            t.rounds.len()
        )
    }
}
