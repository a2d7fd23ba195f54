//! External compilers and runtimes the suites need. A missing tool is a
//! failure with a clear message, never a silent skip: CI installs them.

use std::process::Command;

/// Panics with an actionable message unless `tool --version` (or `-version`)
/// runs.
pub fn require(tool: &str) {
    let works = ["--version", "-version"].iter().any(|flag| {
        Command::new(tool)
            .arg(flag)
            .output()
            .is_ok_and(|out| out.status.success())
    });
    assert!(
        works,
        "`{tool}` is required by this test suite but could not be run; install it \
         (Debian: `apt-get install openjdk-17-jdk-headless gcc`) and make sure it is on PATH"
    );
}

/// How many jobs to run at once (the CI machines have 2 cores).
pub fn parallelism() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}
