//! `metacompress relations`: the catalog.

use anyhow::Result;
use metacompress::lang::Lang;
use metacompress::relations::{Catalog, Example, Relation};

/// List the metamorphic relations: behaviour-preserving transformations
/// that make variants of a program.
///
/// Each relation has an id (`<lang>.<name>`, used by `transform --relation`
/// and `--chain`), a description of what it rewrites and when it declines,
/// and a before/after example.
#[derive(clap::Args)]
pub struct Args {
    /// Only the relations of this language (java or c).
    #[arg(long)]
    lang: Option<Lang>,
    /// Print a JSON list of objects with id, lang, description, example.
    #[arg(long)]
    json: bool,
    /// Print ids and descriptions only, without examples.
    #[arg(long, conflicts_with = "json")]
    brief: bool,
}

#[derive(serde::Serialize)]
struct Entry {
    id: &'static str,
    lang: Lang,
    description: &'static str,
    example: Example,
}

pub fn run(args: Args) -> Result<()> {
    let relations: Vec<&dyn Relation> = Catalog::standard()
        .all()
        .filter(|r| args.lang.is_none_or(|lang| r.lang() == lang))
        .collect();
    if args.json {
        let entries: Vec<Entry> = relations
            .iter()
            .map(|r| Entry {
                id: r.id(),
                lang: r.lang(),
                description: r.description(),
                example: r.example(),
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&entries)?);
        return Ok(());
    }
    let width = relations.iter().map(|r| r.id().len()).max().unwrap_or(0);
    for relation in &relations {
        println!("{:width$}  {}", relation.id(), relation.description());
        if !args.brief {
            let example = relation.example();
            print_block("before", example.before, width);
            print_block("after", example.after, width);
            println!();
        }
    }
    let count = |lang| relations.iter().filter(|r| r.lang() == lang).count();
    println!(
        "{} relations ({} java, {} c)",
        relations.len(),
        count(Lang::Java),
        count(Lang::C)
    );
    Ok(())
}

fn print_block(label: &str, text: &str, width: usize) {
    for (i, line) in text.lines().enumerate() {
        let label = if i == 0 { label } else { "" };
        println!("{:>width$}  | {line}", label);
    }
}
