//! CodeXGLUE readers on hand-made fixture files holding one bad row of each
//! kind (see the comments in tests/fixtures/data/README.md).
use metacompress::data::{self, BadRowPolicy, DataError, LoadOptions, Task};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/data")
        .join(name)
}

fn options(split: &str) -> LoadOptions {
    LoadOptions {
        split: split.to_string(),
        ..LoadOptions::default()
    }
}

/// The (file name, line, problem) of every reported issue.
fn issues(dataset: &data::Dataset) -> Vec<(String, usize, String)> {
    dataset
        .report
        .issues
        .iter()
        .map(|i| {
            let file = i.path.file_name().map(|f| f.to_string_lossy().into_owned());
            (file.unwrap_or_default(), i.line, i.problem.clone())
        })
        .collect()
}

fn assert_issue(found: &[(String, usize, String)], file: &str, line: usize, fragment: &str) {
    assert!(
        found
            .iter()
            .any(|(f, l, p)| f == file && *l == line && p.contains(fragment)),
        "expected {file}:{line} mentioning {fragment:?}, got {found:#?}"
    );
}

#[test]
fn bigclonebench_keeps_good_pairs_and_names_every_bad_row() {
    let dataset = data::load(&fixture("bcb"), &options("test")).expect("loads");
    assert_eq!(dataset.task, Task::CloneDetection);
    let ids: Vec<&str> = dataset.samples.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["10-11", "12-13", "13-10"]);
    let first = &dataset.samples[0];
    assert_eq!(first.segments.len(), 2);
    assert!(first.segments[0].starts_with("int add"));
    // idx "11" was a string in data.jsonl, 10 a number: both resolve.
    assert!(first.segments[1].starts_with("int plus"));
    assert_eq!(
        dataset.samples.iter().map(|s| s.label).collect::<Vec<_>>(),
        [Some(1), Some(0), Some(0)]
    );

    let found = issues(&dataset);
    assert_issue(&found, "data.jsonl", 5, "invalid JSON");
    assert_issue(&found, "data.jsonl", 6, "missing field 'func'");
    assert_issue(&found, "data.jsonl", 7, "'func' must be a string");
    assert_issue(&found, "data.jsonl", 8, "duplicate idx '10'");
    assert_issue(&found, "data.jsonl", 9, "not valid UTF-8");
    assert_issue(
        &found,
        "data.jsonl",
        10,
        "'idx' must be a string or an integer",
    );
    assert_issue(&found, "test.txt", 3, "unknown idx '99'");
    assert_issue(&found, "test.txt", 4, "label \"2\" is not 0 or 1");
    assert_issue(&found, "test.txt", 5, "expected 'idx1<TAB>idx2<TAB>label'");
    assert_issue(&found, "test.txt", 6, "not valid UTF-8");
    assert_eq!(dataset.report.skipped_rows, 10);
    assert_eq!(found.len(), 10);
}

#[test]
fn bigclonebench_reads_the_requested_split_and_honours_the_limit() {
    let train = data::load(&fixture("bcb"), &options("train")).expect("loads");
    assert_eq!(train.samples.len(), 3);
    let limited = data::load(
        &fixture("bcb"),
        &LoadOptions {
            limit: Some(2),
            ..options("train")
        },
    )
    .expect("loads");
    assert_eq!(limited.samples.len(), 2);
    let missing = data::load(&fixture("bcb"), &options("valid")).expect_err("no valid.txt");
    assert!(missing.to_string().contains("valid.txt"), "{missing}");
}

#[test]
fn devign_file_skips_each_kind_of_bad_row() {
    let dataset = data::load(&fixture("devign_bad.jsonl"), &options("test")).expect("loads");
    assert_eq!(dataset.task, Task::VulnerabilityPrediction);
    let ids: Vec<&str> = dataset.samples.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["0", "1", "10"]);
    assert_eq!(
        dataset.samples.iter().map(|s| s.label).collect::<Vec<_>>(),
        [Some(1), Some(0), Some(0)]
    );
    assert!(dataset.samples.iter().all(|s| s.segments.len() == 1));
    let found = issues(&dataset);
    let file = "devign_bad.jsonl";
    assert_issue(&found, file, 2, "invalid JSON");
    assert_issue(&found, file, 3, "missing field 'target'");
    assert_issue(&found, file, 4, "label 2 is not 0 or 1");
    assert_issue(&found, file, 5, "label \"yes\" is not 0 or 1");
    assert_issue(&found, file, 6, "missing field 'func'");
    assert_issue(&found, file, 7, "not valid UTF-8");
    assert_issue(&found, file, 8, "expected a JSON object");
    assert_eq!(dataset.report.skipped_rows, 7);
}

#[test]
fn strict_mode_stops_at_the_first_bad_row_with_its_location() {
    let strict = |split: &str| LoadOptions {
        bad_rows: BadRowPolicy::Fatal,
        ..options(split)
    };
    let err = data::load(&fixture("devign_bad.jsonl"), &strict("test")).expect_err("bad rows");
    match &err {
        DataError::BadRow(issue) => {
            assert_eq!(issue.line, 2);
            assert!(issue.problem.contains("invalid JSON"));
        }
        other => panic!("expected a bad-row error, got {other}"),
    }
    assert!(err.to_string().contains("devign_bad.jsonl:2:"), "{err}");
    // The pair file is read before data.jsonl; its line 3 (unknown idx) is
    // only checked once data.jsonl is read, so line 4 (bad label) stops first.
    let err = data::load(&fixture("bcb"), &strict("test")).expect_err("bad rows");
    assert!(err.to_string().contains("test.txt:4:"), "{err}");
    // Clean files load the same under --strict.
    assert_eq!(
        data::load(&fixture("devign_split"), &strict("train"))
            .map(|d| d.samples.len())
            .ok(),
        Some(2)
    );
}

#[test]
fn reported_issues_are_capped_but_all_are_counted() {
    let dataset = data::load(
        &fixture("devign_bad.jsonl"),
        &LoadOptions {
            max_reported_issues: 3,
            ..options("test")
        },
    )
    .expect("loads");
    assert_eq!(dataset.report.issues.len(), 3);
    assert_eq!(dataset.report.skipped_rows, 7);
}

#[test]
fn devign_split_directory_selects_the_split() {
    for (split, count) in [("train", 2), ("valid", 1), ("test", 1)] {
        let dataset = data::load(&fixture("devign_split"), &options(split)).expect("loads");
        assert_eq!(dataset.samples.len(), count, "{split}");
        assert_eq!(dataset.task, Task::VulnerabilityPrediction);
        assert_eq!(dataset.report.skipped_rows, 0);
    }
}

#[test]
fn unrecognised_paths_are_explained() {
    let err = data::load(&fixture("nowhere"), &options("test")).expect_err("missing");
    assert!(err.to_string().contains("no such file"), "{err}");
    let err = data::load(&fixture("bcb/test.txt"), &options("test")).expect_err("not jsonl");
    assert!(
        err.to_string().contains("expected a Devign .jsonl file"),
        "{err}"
    );
    let err = data::load(&fixture(""), &options("test")).expect_err("no data here");
    assert!(err.to_string().contains("not a data directory"), "{err}");
}

#[test]
fn large_files_stream_and_the_limit_stops_early() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("big.jsonl");
    let row = r#"{"func": "int f(void) { return 0; }", "target": 0, "idx": 1}"#;
    let mut text = String::new();
    for _ in 0..5000 {
        text.push_str(row);
        text.push('\n');
    }
    // A bad row after the limit is never read.
    text.push_str("not json\n");
    std::fs::write(&path, text).expect("write");
    let options = LoadOptions {
        limit: Some(100),
        bad_rows: BadRowPolicy::Fatal,
        ..options("test")
    };
    let dataset = data::load(&path, &options).expect("limit stops before the bad row");
    assert_eq!(dataset.samples.len(), 100);
}
