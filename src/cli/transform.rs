//! `metacompress transform`: apply relations to a program.

use super::input;
use anyhow::{Context, Result};
use metacompress::lang::Lang;
use metacompress::relations::chain::{self, Plan};
use metacompress::relations::{Catalog, ChainRecord, NameStrategy, Relation};
use std::path::PathBuf;

/// Make a variant of a program by applying relations (see `relations`).
///
/// Without --relation or --chain, applies --steps random relations, each at
/// a random site. Everything is decided by --seed: the same seed, input and
/// options give the same variant. The variant goes to standard output; with
/// --explain the record of the chain (relation, site, parameters of every
/// step) goes to standard error as JSON, and --replay takes such a record.
///
/// Examples:
///   metacompress transform Foo.java --steps 5 --seed 7
///   metacompress transform --lang c --relation c.for-to-while - < f.c
///   metacompress transform Foo.java --chain java.rename-local,java.if-swap --explain
#[derive(clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// The program: a file, or `-` for standard input.
    file: PathBuf,
    /// Language of the input (java or c); by default from the file extension.
    #[arg(long)]
    lang: Option<Lang>,
    /// Apply this relation (--steps times).
    #[arg(long, conflicts_with_all = ["chain", "replay"])]
    relation: Option<String>,
    /// Apply these relations in order (comma-separated ids).
    #[arg(long, value_delimiter = ',', conflicts_with = "replay")]
    chain: Option<Vec<String>>,
    /// Replay a chain record written by --explain (a JSON file).
    #[arg(long)]
    replay: Option<PathBuf>,
    /// Number of steps for random chains and for --relation.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000))]
    steps: u32,
    /// Seed for every random decision.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// How new identifiers are named: neutral (v0, v1, …) or natural (real
    /// identifiers mined from code).
    #[arg(long, value_enum, default_value = "neutral")]
    names: Names,
    /// Use these names, in order, for new identifiers (overrides --names).
    #[arg(long = "name", value_name = "NAME")]
    given_names: Vec<String>,
    /// Print the chain record as JSON on standard error.
    #[arg(long)]
    explain: bool,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Names {
    Neutral,
    Natural,
}

pub fn run(args: Args) -> Result<()> {
    let lang = input::language(args.lang, &args.file)?;
    let source = input::read_source(&args.file, lang)?;
    let catalog = Catalog::standard();
    let variant = if let Some(path) = &args.replay {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let record: ChainRecord = serde_json::from_str(&text)
            .with_context(|| format!("{} is not a chain record", path.display()))?;
        chain::replay(catalog, &source, &record)?
    } else {
        let ids: Vec<String> = match (&args.relation, &args.chain) {
            (Some(id), _) => vec![id.clone(); args.steps as usize],
            (None, Some(ids)) => ids.clone(),
            (None, None) => Vec::new(),
        };
        let relations = ids
            .iter()
            .map(|id| lookup(catalog, id, lang))
            .collect::<Result<Vec<_>>>()?;
        let plan = if relations.is_empty() {
            Plan::Random {
                steps: args.steps as usize,
            }
        } else {
            Plan::Fixed(&relations)
        };
        let names = if args.given_names.is_empty() {
            match args.names {
                Names::Neutral => NameStrategy::Neutral,
                Names::Natural => NameStrategy::Natural,
            }
        } else {
            NameStrategy::Given(args.given_names.clone())
        };
        chain::run(catalog, &source, plan, args.seed, names)?
    };
    if args.explain {
        eprintln!("{}", serde_json::to_string_pretty(&variant.record)?);
    }
    if variant.record.steps.is_empty() {
        eprintln!("warning: no relation applies to this input; the output is the input unchanged");
    }
    print!("{}", variant.source.text());
    Ok(())
}

fn lookup<'c>(catalog: &'c Catalog, id: &str, lang: Lang) -> Result<&'c dyn Relation> {
    let relation = catalog.get(id)?;
    anyhow::ensure!(
        relation.lang() == lang,
        "relation {id} is for {}, the input is {lang}",
        relation.lang()
    );
    Ok(relation)
}
