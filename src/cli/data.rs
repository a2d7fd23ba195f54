//! `metacompress data`: build data sets.

use anyhow::{Context, Result};
use metacompress::data::clone_pairs::{self, Limits, Options, Sizes};
use metacompress::data::seeds::write_corpus;
use metacompress::data::{load, LoadOptions};
use std::path::{Path, PathBuf};

/// Build data sets from source code (`data clone-pairs`) and fuzzing seed
/// corpora from data sets (`data seeds`)
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: DataCommand,
}

#[derive(clap::Subcommand)]
enum DataCommand {
    ClonePairs(ClonePairsArgs),
    Seeds(SeedsArgs),
}

/// Write a seed corpus for the fuzzers from a CodeXGLUE data set.
///
/// The corpus directory holds corpus.json (format and task), labels.tsv (the
/// ground truth of each seed) and seeds/ (one sample per file, segments
/// separated by a delimiter line: the input format of `metacompress fuzz` and
/// of `cargo fuzz run divergence`). Seeds are the split's first LIMIT samples.
///
/// Example:
///   metacompress data seeds --data corpus/clone-detection/test --limit 200 --out corpus/clone-detection
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
struct SeedsArgs {
    /// A BigCloneBench directory, a Devign .jsonl file or a Devign split directory.
    #[arg(long, value_name = "PATH")]
    data: PathBuf,
    /// Split to take the seeds from (pair file or jsonl name).
    #[arg(long, default_value = "test")]
    split: String,
    /// At most this many seeds.
    #[arg(long)]
    limit: Option<usize>,
    /// Corpus directory to write (created; seeds of the same name are replaced).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// Build a clone-detection data set (CodeXGLUE BigCloneBench layout) from
/// Java source trees.
///
/// Extracts methods and constructors with tree-sitter, removes duplicates,
/// splits by source file (seeded), labels pairs and writes data.jsonl,
/// train.txt, valid.txt, test.txt (idx1<TAB>idx2<TAB>label), unlabelled.txt
/// (idx1<TAB>idx2, train files, for distillation), stats.json, README.md and
/// NOTICE. The output appears atomically (built in OUT.tmp, then renamed).
///
/// Example:
///   metacompress data clone-pairs --sources ~/src/commons-lang ~/src/guava --out data/clone-pairs
#[derive(clap::Args)]
#[command(verbatim_doc_comment, after_help = clone_pairs::label_definition())]
struct ClonePairsArgs {
    /// Java source trees (project roots; their NOTICE files are copied).
    #[arg(long, num_args = 1.., required = true)]
    sources: Vec<PathBuf>,
    /// Output directory (replaced if it holds an earlier data set).
    #[arg(long)]
    out: PathBuf,
    /// Seed for the split and every sampling decision.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Pairs in train.txt.
    #[arg(long, default_value_t = 20_000)]
    train_pairs: usize,
    /// Pairs in valid.txt.
    #[arg(long, default_value_t = 2_000)]
    valid_pairs: usize,
    /// Pairs in test.txt.
    #[arg(long, default_value_t = 2_000)]
    test_pairs: usize,
    /// Pairs in unlabelled.txt (from the train files, none in train.txt).
    #[arg(long, default_value_t = 20_000)]
    unlabelled_pairs: usize,
    /// Methods with fewer statements (nested ones counted) are left out.
    #[arg(long, default_value_t = Limits::default().min_statements)]
    min_statements: usize,
    /// Methods with fewer normalised tokens are left out.
    #[arg(long, default_value_t = Limits::default().min_tokens)]
    min_tokens: usize,
    /// Methods with more normalised tokens are left out.
    #[arg(long, default_value_t = Limits::default().max_tokens)]
    max_tokens: usize,
    /// Also write the test split alone here (data.jsonl with only the
    /// methods test.txt uses, test.txt, README.md, NOTICE), small enough to
    /// commit.
    #[arg(long, value_name = "DIR")]
    committed_test: Option<PathBuf>,
    /// No progress bars.
    #[arg(long)]
    quiet: bool,
}

pub fn run(args: Args) -> Result<()> {
    match args.command {
        DataCommand::ClonePairs(args) => clone_pairs(args),
        DataCommand::Seeds(args) => seeds(args),
    }
}

fn seeds(args: SeedsArgs) -> Result<()> {
    let options = LoadOptions {
        split: args.split,
        limit: args.limit,
        ..LoadOptions::default()
    };
    let dataset =
        load(&args.data, &options).with_context(|| format!("loading {}", args.data.display()))?;
    for issue in &dataset.report.issues {
        eprintln!("warning: skipped {issue}");
    }
    write_corpus(&args.out, dataset.task, &dataset.samples)
        .with_context(|| format!("writing the corpus {}", args.out.display()))?;
    eprintln!(
        "{} {} seeds -> {}",
        dataset.samples.len(),
        dataset.task,
        args.out.display()
    );
    Ok(())
}

fn clone_pairs(args: ClonePairsArgs) -> Result<()> {
    let options = Options {
        sources: args.sources,
        out: args.out,
        seed: args.seed,
        sizes: Sizes {
            train: args.train_pairs,
            valid: args.valid_pairs,
            test: args.test_pairs,
            unlabelled: args.unlabelled_pairs,
        },
        limits: Limits {
            min_statements: args.min_statements,
            min_tokens: args.min_tokens,
            max_tokens: args.max_tokens,
        },
        committed_test: args.committed_test,
        progress: !args.quiet,
    };
    let stats = clone_pairs::build(&options)?;
    let pairs: Vec<String> = stats
        .splits
        .iter()
        .map(|(name, s)| {
            format!(
                "{name} {} ({:.0}% clones)",
                s.pairs,
                100.0 * s.positive_share
            )
        })
        .collect();
    let seconds: Vec<String> = stats
        .seconds
        .iter()
        .map(|(step, s)| format!("{step} {s:.1} s"))
        .collect();
    eprintln!(
        "clone-pairs: {} java files ({} not UTF-8), {} methods kept of {} found; pairs: {}, unlabelled {}; {} -> {}",
        stats.extraction.java_files,
        stats.extraction.non_utf8_files,
        stats.methods,
        stats.extraction.methods_found,
        pairs.join(", "),
        stats.unlabelled.pairs,
        seconds.join(", "),
        options.out.display()
    );
    if let Some(dir) = &options.committed_test {
        eprintln!(
            "test split alone: {} ({} bytes)",
            dir.display(),
            directory_bytes(dir)?
        );
    }
    Ok(())
}

fn directory_bytes(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let entry = entry.with_context(|| format!("cannot list {}", dir.display()))?;
        total += entry.metadata().map(|m| m.len()).unwrap_or(0);
    }
    Ok(total)
}
