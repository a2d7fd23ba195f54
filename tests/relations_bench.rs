//! Runs the relations benchmark (`metacompress::bench::relations`) on the
//! fixtures and prints its table: single applications per second on one
//! core, per relation and overall, and chains of 8. Figures are printed, never
//! asserted (they depend on the machine).
//!
//! `cargo test --release --no-default-features --test relations_bench -- --nocapture`
//! (`METACOMPRESS_BENCH_MS` sets the time per relation, default 100).

mod common_relations;

use common_relations::fixtures;
use metacompress::bench::relations::{run, Options};
use metacompress::lang::{Lang, Source};
use metacompress::relations::Catalog;
use std::time::Duration;

#[test]
fn relations_benchmark_on_the_fixtures() {
    let millis = std::env::var("METACOMPRESS_BENCH_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let inputs: Vec<Source> = Lang::ALL
        .into_iter()
        .flat_map(|lang| {
            fixtures::load(lang)
                .into_iter()
                .map(move |f| Source::parse(lang, f.text).expect("fixtures parse"))
        })
        .collect();
    let options = Options {
        min_time: Duration::from_millis(millis),
        chain_steps: 8,
    };
    let bench = run(Catalog::standard(), &inputs, &options);
    println!(
        "{} inputs (up to {} lines), one thread",
        bench.inputs, bench.max_lines
    );
    println!(
        "{:<32} {:>7} {:>8} {:>12}",
        "relation", "sites", "declined", "applies/s"
    );
    for r in &bench.relations {
        println!(
            "{:<32} {:>7} {:>8} {:>12.0}",
            r.id, r.sites, r.declined, r.rate.per_second
        );
    }
    println!(
        "overall: {:.0} applications/s/core ({} in {:.2}s)",
        bench.overall.per_second, bench.overall.applications, bench.overall.seconds
    );
    println!(
        "chains of {}: {:.0} chains/s/core ({} chains, {} steps applied, {:.2}s)",
        bench.chains.steps,
        bench.chains.chains_per_second,
        bench.chains.chains,
        bench.chains.applied_steps,
        bench.chains.seconds
    );
    println!(
        "{}",
        serde_json::to_string(&bench).expect("the report serialises")
    );
    assert_eq!(bench.relations.len(), Catalog::standard().all().count());
    assert_eq!(bench.inputs, inputs.len());
}
