//! Campaign behaviour with the deterministic fake oracle.
use super::campaign::{run, Options, Stats, Strategy};
use super::chain::replay;
use super::finding::{read_findings, Finding};
use super::oracle::FakeOracle;
use super::score::finding_kinds;
use super::store;
use crate::data::seeds::SeedCorpus;
use crate::data::{self, LoadOptions, Sample};
use crate::relations::Catalog;
use std::path::Path;

fn seeds(count: usize) -> SeedCorpus {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bcb-mini");
    let options = LoadOptions {
        limit: Some(count),
        ..LoadOptions::default()
    };
    let dataset = data::load(&dir, &options).expect("the bcb-mini fixture loads");
    SeedCorpus {
        task: dataset.task,
        seeds: dataset.samples,
        skipped: Vec::new(),
    }
}

/// Minimisation costs many queries per finding; only the tests about
/// findings' chains turn it on.
fn options(out: &Path, queries: u64) -> Options {
    Options {
        max_queries: Some(queries),
        minimise: false,
        generation_size: 16,
        workers: 2,
        seed: 7,
        ..Options::new(out.to_path_buf())
    }
}

fn campaign(seeds: &SeedCorpus, options: &Options) -> Stats {
    run(
        Catalog::standard(),
        seeds,
        &mut FakeOracle::new(),
        options,
        &mut |_| {},
    )
    .expect("the campaign runs")
}

fn sorted_findings(out: &Path) -> Vec<Finding> {
    read_findings(&store::findings_dir(out)).unwrap()
}

/// Stats without the wall-clock figures.
fn counts(stats: &Stats) -> Stats {
    Stats {
        elapsed_s: 0.0,
        execs_per_s: 0.0,
        queries_per_s: 0.0,
        ..stats.clone()
    }
}

#[test]
fn the_same_seed_gives_the_same_campaign() {
    let seeds = seeds(3);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let minimising = |out: &Path| Options {
        minimise: true,
        ..options(out, 60)
    };
    let sa = campaign(&seeds, &minimising(a.path()));
    let sb = campaign(&seeds, &minimising(b.path()));
    assert_eq!(counts(&sa), counts(&sb));
    assert!(sa.findings > 0, "the fake student should flip: {sa:?}");
    assert_eq!(sorted_findings(a.path()), sorted_findings(b.path()));
    let c = tempfile::tempdir().unwrap();
    let other = Options {
        seed: 8,
        ..options(c.path(), 100)
    };
    assert_ne!(sorted_findings(c.path()), {
        campaign(&seeds, &other);
        sorted_findings(a.path())
    });
}

#[test]
fn every_finding_replays_from_its_seed_and_is_minimal_and_unique() {
    let seeds = seeds(3);
    let out = tempfile::tempdir().unwrap();
    let minimising = Options {
        minimise: true,
        ..options(out.path(), 100)
    };
    let stats = campaign(&seeds, &minimising);
    let findings = sorted_findings(out.path());
    assert_eq!(findings.len(), stats.findings);
    assert!(stats.queries <= 100 && stats.minimise_queries > 0);
    let catalog = Catalog::standard();
    let lang = seeds.task.lang();
    let mut keys: Vec<&str> = findings.iter().map(|f| f.key.as_str()).collect();
    keys.dedup();
    assert_eq!(keys.len(), findings.len());
    for finding in &findings {
        let seed = seeds
            .seeds
            .iter()
            .find(|s| s.id == finding.seed_id)
            .unwrap();
        let replayed = replay(catalog, lang, &seed.segments, &finding.chain.steps).unwrap();
        assert_eq!(replayed.segments, finding.variant);
        assert_eq!(replayed.applied, finding.chain.steps);
        let sample = |segments: Vec<String>| Sample {
            id: seed.id.clone(),
            segments,
            label: seed.label,
        };
        let verdict = FakeOracle::verdict(&sample(finding.variant.clone()));
        assert_eq!(verdict, finding.variant_verdict);
        let seed_verdict = FakeOracle::verdict(&sample(seed.segments.clone()));
        assert_eq!(
            finding_kinds(&seed_verdict, &verdict, seed.label),
            finding.kinds
        );
        // No proper sub-chain triggers the same kinds (checked exhaustively
        // for chains the minimiser searched exhaustively).
        let n = finding.chain.steps.len();
        if n <= super::minimise::EXHAUSTIVE_STEPS {
            for mask in 1..(1u32 << n) - 1 {
                let sub: Vec<_> = (0..n)
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| finding.chain.steps[i].clone())
                    .collect();
                let r = replay(catalog, lang, &seed.segments, &sub).unwrap();
                if r.applied.is_empty() {
                    continue;
                }
                let kinds = finding_kinds(
                    &seed_verdict,
                    &FakeOracle::verdict(&sample(r.segments)),
                    seed.label,
                );
                assert!(
                    !finding.kinds.iter().all(|k| kinds.contains(k)),
                    "{} of {n} steps still trigger {:?}",
                    mask.count_ones(),
                    finding.kinds
                );
            }
        }
    }
}

#[test]
fn resume_after_a_kill_loses_nothing() {
    let seeds = seeds(3);
    let out = tempfile::tempdir().unwrap();
    let first = campaign(&seeds, &options(out.path(), 80));
    let findings = sorted_findings(out.path());
    let entries = store::read_entries(out.path()).unwrap();
    assert_eq!(entries.len(), first.corpus);
    // A kill before the last state save: the state file is gone or stale;
    // the corpus and findings directories still hold everything.
    std::fs::remove_file(out.path().join("state.json")).unwrap();
    let resumed = Options {
        resume: true,
        ..options(out.path(), 160)
    };
    let second = campaign(&seeds, &resumed);
    let after = sorted_findings(out.path());
    assert!(findings.iter().all(|f| after.contains(f)));
    let entries_after = store::read_entries(out.path()).unwrap();
    assert_eq!(entries_after[..entries.len()], entries[..]);
    assert!(second.corpus >= first.corpus);
    assert!(second.findings >= first.findings);
    // A fresh campaign refuses to overwrite the directory.
    let again = run(
        Catalog::standard(),
        &seeds,
        &mut FakeOracle::new(),
        &options(out.path(), 10),
        &mut |_| {},
    );
    assert!(again.unwrap_err().to_string().contains("--resume"));
    // Resuming with the state continues the query count.
    let more = Options {
        resume: true,
        ..options(out.path(), 200)
    };
    let third = campaign(&seeds, &more);
    assert!(third.queries > second.queries && third.queries <= 200);
}

#[test]
fn guided_search_learns_which_relations_pay() {
    let seeds = seeds(4);
    let out = tempfile::tempdir().unwrap();
    campaign(&seeds, &options(out.path(), 300));
    let state = store::read_state(out.path()).unwrap().unwrap();
    let s = &state.scheduler.statistics;
    // The fake student reacts to neutral names (v0, v1, …): renaming pays
    // more often than the average relation does.
    let rate = |id: &str| s.relation_arms[s.relation_index(id).unwrap()].rate();
    let mean = s.relation_arms.iter().map(|a| a.rate()).sum::<f64>() / s.relation_arms.len() as f64;
    assert!(rate("java.rename-local") > mean, "{:?}", s.relation_arms);
    // And the corpus grew beyond the seeds.
    assert!(store::read_entries(out.path()).unwrap().len() > seeds.seeds.len());
}

#[test]
fn baselines_run_on_the_same_budget() {
    let seeds = seeds(2);
    for strategy in [Strategy::Random, Strategy::Single] {
        let out = tempfile::tempdir().unwrap();
        let stats = campaign(
            &seeds,
            &Options {
                strategy,
                ..options(out.path(), 120)
            },
        );
        assert_eq!(
            stats.corpus,
            seeds.seeds.len(),
            "{strategy:?} grows no corpus"
        );
        assert!(stats.queries <= 120 && stats.queries > 100, "{stats:?}");
        assert_eq!(stats.minimise_queries, 0);
    }
}

#[test]
fn resuming_with_other_relations_is_refused_with_the_ids_that_differ() {
    let seeds = seeds(2);
    let out = tempfile::tempdir().unwrap();
    campaign(&seeds, &options(out.path(), 30));
    let saved = store::read_state(out.path()).unwrap().unwrap();
    let resume = |relations: Vec<String>| {
        let mut state = saved.clone();
        state.scheduler.statistics.relations = relations;
        store::write_state(out.path(), &state).unwrap();
        let resumed = Options {
            resume: true,
            ..options(out.path(), 60)
        };
        run(
            Catalog::standard(),
            &seeds,
            &mut FakeOracle::new(),
            &resumed,
            &mut |_| {},
        )
        .unwrap_err()
        .to_string()
    };
    let ids = &saved.scheduler.statistics.relations;
    // Same number of relations, one renamed: the count alone would pass.
    let mut renamed = ids.clone();
    renamed[1] = "java.retired".to_string();
    let err = resume(renamed);
    assert!(err.contains("only in the campaign: java.retired"), "{err}");
    assert!(
        err.contains(&format!("only in this build: {}", ids[1])),
        "{err}"
    );
    let mut swapped = ids.clone();
    swapped.swap(0, 1);
    let err = resume(swapped);
    assert!(err.contains("another order"), "{err}");
}
