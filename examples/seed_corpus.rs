//! Writes a seed corpus directory (corpus.json, labels.tsv, seeds/) for the
//! divergence fuzzers from a CodeXGLUE data set, e.g. a small one for trying
//! the cargo-fuzz target out:
//!
//! `cargo run --release --example seed_corpus -- tests/fixtures/bcb-mini /tmp/bcb-seeds 12`
use metacompress::data::seeds::write_corpus;
use metacompress::data::{load, LoadOptions};
use std::path::PathBuf;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(data), Some(out)) = (args.first(), args.get(1)) else {
        anyhow::bail!(
            "usage: seed_corpus DATA OUT_DIR [LIMIT]  (DATA: a CodeXGLUE data set, test split)"
        );
    };
    let limit = match args.get(2) {
        Some(n) => Some(
            n.parse::<usize>()
                .map_err(|_| anyhow::anyhow!("LIMIT {n:?} is not a number"))?,
        ),
        None => None,
    };
    let options = LoadOptions {
        limit,
        ..LoadOptions::default()
    };
    let dataset = load(&PathBuf::from(data), &options)?;
    write_corpus(&PathBuf::from(out), dataset.task, &dataset.samples)?;
    println!("{} {} seeds in {out}", dataset.samples.len(), dataset.task);
    Ok(())
}
