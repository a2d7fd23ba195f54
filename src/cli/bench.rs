//! `metacompress bench TARGET`: benchmarks that print figures measured in one run.
use super::model_pair::{bounded, given_or_embedded, ModelPairArgs, MAX_BATCH_SIZE};
use clap::{Args, Subcommand};
use metacompress::bench::{fuzz, inputs, oracle, python, relations};
use metacompress::lang::Lang;
use metacompress::model::DeviceChoice;
use metacompress::relations::Catalog;
use std::path::PathBuf;

#[derive(Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    target: BenchTarget,
}

/// What to benchmark.
#[derive(Subcommand)]
enum BenchTarget {
    /// Oracle throughput against the bare TorchScript models (the bound) and
    /// the plain PyTorch loop in Python; then the same inputs with a warm cache
    Oracle(OracleArgs),
    /// Relation applications per second per core (rewrite, re-parse,
    /// validation) per relation and overall, and chains of 8, on real
    /// methods and functions
    Relations(RelationsArgs),
    /// The fuzz engine: queries/s against the oracle and the bare models,
    /// and unique flips per 1,000 queries for guided, random and single
    /// strategies at the same query budget
    Fuzz(FuzzArgs),
}

#[derive(Args)]
struct FuzzArgs {
    #[command(flatten)]
    models: ModelPairArgs,
    /// Seed corpus directory (default: the task's embedded seeds)
    #[arg(long)]
    corpus: Option<PathBuf>,
    /// Instead of the bundles and corpus: two tiny untrained bundles written
    /// on the fly and pairs of tests/fixtures/bcb-mini (checks the pipeline
    /// in seconds; its flip rates mean nothing)
    #[arg(long, conflicts_with_all = ["teacher", "student", "corpus"])]
    tiny: bool,
    /// Seeds used
    #[arg(long, default_value_t = 20)]
    seeds: usize,
    /// Oracle queries per strategy
    #[arg(long, default_value_t = 2000)]
    budget_queries: u64,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Print the figures as one JSON object
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct RelationsArgs {
    /// Java methods, one JSON object per line with the code in `text` or `func`
    /// (default: the test fixtures, real methods from Apache Commons and Guava)
    #[arg(long)]
    java: Option<PathBuf>,
    /// C functions, same format (default: the test fixtures from SQLite and Lua)
    #[arg(long)]
    c: Option<PathBuf>,
    /// Time spent on each relation and on chains, in milliseconds
    #[arg(long, default_value_t = 300)]
    millis: u64,
    /// Print the figures as one JSON object
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct OracleArgs {
    /// Teacher bundle (default: the untrained tiny bundles of scripts/make_tiny_bundles.py, built if missing)
    #[arg(long, requires = "student")]
    teacher: Option<PathBuf>,
    /// Student bundle
    #[arg(long, requires = "teacher")]
    student: Option<PathBuf>,
    /// Distinct samples per pass
    #[arg(long, default_value_t = 256, value_parser = bounded(1, 1_000_000))]
    samples: usize,
    #[arg(long, default_value_t = 16, value_parser = bounded(1, MAX_BATCH_SIZE))]
    batch_size: usize,
    /// CodeXGLUE data set whose functions make the samples (default: tests/fixtures/bcb-mini)
    #[arg(long)]
    data: Option<PathBuf>,
    #[arg(long, default_value = "test")]
    split: String,
    /// cpu, cuda, cuda:N or auto
    #[arg(long, default_value = "cpu")]
    device: DeviceChoice,
    /// libtorch intra-op threads (default: libtorch's choice)
    #[arg(long, value_parser = bounded(1, 1024))]
    threads: Option<usize>,
    /// Skip the Python baseline
    #[arg(long)]
    no_python: bool,
    /// Print the figures as one JSON object
    #[arg(long)]
    json: bool,
}

pub fn run(args: BenchArgs) -> anyhow::Result<()> {
    match args.target {
        BenchTarget::Oracle(args) => run_oracle(args),
        BenchTarget::Relations(args) => run_relations(args),
        BenchTarget::Fuzz(args) => run_fuzz(args),
    }
}

fn run_fuzz(args: FuzzArgs) -> anyhow::Result<()> {
    let (bundles, corpus) = if args.tiny {
        (None, None)
    } else {
        let task = args.models.task()?;
        let corpus = given_or_embedded(&args.corpus, task, |e| e.seeds)?;
        (Some(args.models.dirs()?), Some(corpus))
    };
    let options = fuzz::FuzzBenchOptions {
        bundles,
        corpus,
        seeds: args.seeds,
        queries: args.budget_queries,
        seed: args.seed,
        oracle: args.models.oracle_options()?,
    };
    let report = fuzz::run(&options)?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{report}");
    }
    Ok(())
}

fn run_relations(args: RelationsArgs) -> anyhow::Result<()> {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let java = args
        .java
        .unwrap_or_else(|| fixtures.join("java/methods.jsonl"));
    let c = args.c.unwrap_or_else(|| fixtures.join("c/functions.jsonl"));
    let mut inputs = relations::load_jsonl(&java, Lang::Java).map_err(anyhow::Error::msg)?;
    inputs.extend(relations::load_jsonl(&c, Lang::C).map_err(anyhow::Error::msg)?);
    let options = relations::Options {
        min_time: std::time::Duration::from_millis(args.millis),
        chain_steps: 8,
    };
    let report = relations::run(Catalog::standard(), &inputs, &options);
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{report}");
    }
    Ok(())
}

fn run_oracle(args: OracleArgs) -> anyhow::Result<()> {
    let needs_python = !args.no_python || args.teacher.is_none();
    let interpreter = if needs_python {
        Some(python::project_python().map_err(anyhow::Error::msg)?)
    } else {
        None
    };
    let (teacher, student) = match (args.teacher, args.student, &interpreter) {
        (Some(teacher), Some(student), _) => (teacher, student),
        (_, _, Some(interpreter)) => {
            python::tiny_bundles(interpreter).map_err(anyhow::Error::msg)?
        }
        _ => anyhow::bail!("give --teacher and --student, or let the tiny bundles be built"),
    };
    let options = oracle::OracleBenchOptions {
        teacher,
        student,
        data: args.data.unwrap_or_else(inputs::default_data),
        split: args.split,
        samples: args.samples,
        batch_size: args.batch_size,
        device: args.device,
        threads: args.threads,
        python: if args.no_python { None } else { interpreter },
    };
    let report = oracle::run(&options)?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{report}");
    }
    Ok(())
}
