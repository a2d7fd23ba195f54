//! The task table: everything metacompress knows about a task in one entry
//! (difftastic keeps its languages the same way). Adding a task is one entry
//! in [`TASKS`] plus its reader.
use super::{bigclonebench, devign, Dataset, LoadOptions, Result};
use crate::lang::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::Path;
use std::str::FromStr;

/// The classification tasks a bundle can solve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Task {
    /// BigCloneBench: two Java functions; label 1 = clones.
    CloneDetection,
    /// Devign: one C function; label 1 = vulnerable.
    VulnerabilityPrediction,
}

/// Reads a data set of the task from PATH; `None` when PATH is not laid out
/// the way this task's data set is (so another reader may try).
pub type Reader = fn(&Path, &LoadOptions) -> Option<Result<Dataset>>;

/// One task's descriptor.
pub struct TaskSpec {
    pub task: Task,
    /// As written on the command line and in manifests.
    pub name: &'static str,
    /// The CodeXGLUE data set the task's files follow.
    pub data_set: &'static str,
    /// Code segments per sample (a clone pair has two).
    pub segments: usize,
    /// The language of every segment: it selects the relations.
    pub lang: Lang,
    /// Label names, index = label. Metrics are binary with label 1 positive.
    pub labels: &'static [&'static str],
    pub reader: Reader,
    /// What a data directory of the task holds, for messages.
    pub layout: &'static str,
    /// The bundles and data shipped in this repository, when there are any.
    pub embedded: Option<Embedded>,
}

/// Paths of the embedded models and data, relative to the repository root.
pub struct Embedded {
    pub teacher: &'static str,
    pub student: &'static str,
    /// The committed test split.
    pub test_split: &'static str,
    /// The committed seed corpus of the fuzzers.
    pub seeds: &'static str,
}

/// Every task, in a stable order.
pub static TASKS: [TaskSpec; 2] = [
    TaskSpec {
        task: Task::CloneDetection,
        name: "clone-detection",
        data_set: "BigCloneBench",
        segments: 2,
        lang: Lang::Java,
        labels: &["not-clone", "clone"],
        reader: bigclonebench::read,
        layout: "data.jsonl + <split>.txt",
        embedded: Some(Embedded {
            teacher: "models/teacher",
            student: "models/student",
            test_split: "corpus/clone-detection/test",
            seeds: "corpus/clone-detection",
        }),
    },
    TaskSpec {
        task: Task::VulnerabilityPrediction,
        name: "vulnerability-prediction",
        data_set: "Devign",
        segments: 1,
        lang: Lang::C,
        labels: &["not-vulnerable", "vulnerable"],
        reader: devign::read,
        layout: "<split>.jsonl",
        embedded: None,
    },
];

impl Task {
    pub const ALL: [Task; 2] = [Task::CloneDetection, Task::VulnerabilityPrediction];

    /// This task's entry in [`TASKS`].
    pub fn spec(self) -> &'static TaskSpec {
        TASKS
            .iter()
            .find(|spec| spec.task == self)
            .expect("every task has an entry in TASKS")
    }

    /// How many code segments one sample of this task holds.
    pub fn segments(self) -> usize {
        self.spec().segments
    }

    /// The language of the task's code.
    pub fn lang(self) -> Lang {
        self.spec().lang
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }

    /// The embedded bundles and data, or an error saying there are none.
    pub fn embedded(self) -> std::result::Result<&'static Embedded, NoEmbedded> {
        self.spec().embedded.as_ref().ok_or(NoEmbedded(self))
    }
}

/// A default was needed for a task that ships no models or data.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("metacompress ships no embedded models or data for {0} yet: pass --teacher, --student and the data or seed corpus")]
pub struct NoEmbedded(pub Task);

impl fmt::Display for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Task {
    type Err = String;

    fn from_str(text: &str) -> std::result::Result<Self, Self::Err> {
        Task::ALL
            .into_iter()
            .find(|task| task.name() == text)
            .ok_or_else(|| {
                let names: Vec<&str> = TASKS.iter().map(|spec| spec.name).collect();
                format!("unknown task `{text}` ({})", names.join(" or "))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_task_has_one_entry_and_its_name_parses_back() {
        for task in Task::ALL {
            assert_eq!(TASKS.iter().filter(|s| s.task == task).count(), 1);
            assert_eq!(task.name().parse::<Task>(), Ok(task));
            assert_eq!(task.spec().labels.len(), 2);
        }
        assert!("clone"
            .parse::<Task>()
            .unwrap_err()
            .contains("clone-detection"));
    }

    #[test]
    fn manifest_names_and_serde_names_agree() {
        for task in Task::ALL {
            let json = serde_json::to_string(&task).unwrap();
            assert_eq!(json, format!("\"{}\"", task.name()));
        }
    }
}
