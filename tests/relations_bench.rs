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
    print!("{bench}");
    println!(
        "{}",
        serde_json::to_string(&bench).expect("the report serialises")
    );
    assert_eq!(bench.relations.len(), Catalog::standard().all().count());
    assert_eq!(bench.inputs, inputs.len());
}
