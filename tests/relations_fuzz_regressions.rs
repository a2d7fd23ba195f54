//! Every input that once crashed the `relations` fuzz target
//! (fuzz/crashes/relations) passes its raw-bytes checks now.

use metacompress::relations::robustness::check_bytes;
use metacompress::relations::Catalog;
use std::path::Path;

#[test]
fn past_fuzz_crashes_pass() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/crashes/relations");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            path.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("crash-"))
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no crash inputs in {}", dir.display());
    let failures: Vec<String> = inputs
        .iter()
        .filter_map(|path| {
            let data = std::fs::read(path).expect("crash input is readable");
            check_bytes(Catalog::standard(), &data)
                .err()
                .map(|e| format!("{}:\n{e}", path.display()))
        })
        .collect();
    println!("{} past crash inputs replayed", inputs.len());
    assert!(
        failures.is_empty(),
        "{} of {} still fail:\n{}",
        failures.len(),
        inputs.len(),
        failures.join("\n\n")
    );
}
