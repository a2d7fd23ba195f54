//! Relation bugs found by a suite: printed with everything needed to
//! reproduce them, and written to target/tmp/relations-failures/<suite>.md.

use std::fmt::Write as _;
use std::path::Path;

#[derive(Clone, Debug)]
pub struct Failure {
    /// The relation id, or `chain` for a random chain.
    pub relation: String,
    /// Which input (fixture, program) it came from.
    pub input: String,
    /// Site, seed, recorded steps: how to make the variant again.
    pub how: String,
    /// What went wrong (compiler message, output difference, apply error).
    pub message: String,
    /// The variant (or the input, when no variant was made).
    pub text: String,
}

#[derive(Default)]
pub struct Failures {
    list: Vec<Failure>,
}

impl Failures {
    pub fn push(&mut self, failure: Failure) {
        self.list.push(failure);
    }

    pub fn extend(&mut self, other: Vec<Failure>) {
        self.list.extend(other);
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Writes the report and fails the test when there is anything in it.
    pub fn finish(self, suite: &str) {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("relations-failures");
        let path = dir.join(format!("{suite}.md"));
        if self.list.is_empty() {
            let _ = std::fs::remove_file(&path);
            return;
        }
        let report = self.report(suite);
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(&path, &report);
        let mut per_relation = std::collections::BTreeMap::<&str, usize>::new();
        for f in &self.list {
            *per_relation.entry(f.relation.as_str()).or_default() += 1;
        }
        // The report can be long: print it before the short panic message.
        println!("{report}");
        panic!(
            "{suite}: {} failure(s) by relation {per_relation:?}; details above and in {}",
            self.list.len(),
            path.display()
        );
    }

    fn report(&self, suite: &str) -> String {
        let mut out = format!("# {suite}: {} failure(s)\n\n", self.list.len());
        for f in &self.list {
            let _ = write!(
                out,
                "## {}\n- input: {}\n- how: {}\n- message:\n```\n{}\n```\n- variant:\n```\n{}\n```\n\n",
                f.relation,
                f.input,
                f.how,
                f.message.trim_end(),
                f.text.trim_end()
            );
        }
        out
    }
}
