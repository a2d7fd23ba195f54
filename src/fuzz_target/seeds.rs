//! The seeds the divergence target knows, by [`content_key`]: a variant's
//! provenance names its seed by key, and the index gives back the seed's
//! text (to report and to run the models on) and its ground truth.
//!
//! Seeds come from seed corpus directories (`corpus.json`, `labels.tsv`,
//! `seeds/`), and from seed inputs (no provenance line) as the target runs
//! them.
use super::input::content_key;
use crate::data::seeds::{load_corpus, CorpusError};
use crate::data::Task;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A seed as the target reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedEntry {
    /// The file name in its corpus, or the content key for a seed that
    /// came from elsewhere.
    pub id: String,
    pub segments: Vec<String>,
    pub label: Option<usize>,
}

/// Seeds by content key.
#[derive(Debug, Default)]
pub struct SeedIndex {
    by_key: HashMap<String, SeedEntry>,
}

impl SeedIndex {
    /// Adds every seed of a corpus directory; the corpus must be for `task`.
    /// Returns how many seeds it held and the files it skipped, with why.
    pub fn load(&mut self, dir: &Path, task: Task) -> Result<(usize, Vec<String>), CorpusError> {
        let corpus = load_corpus(dir)?;
        if corpus.task != task {
            return Err(CorpusError::Invalid {
                path: dir.join("corpus.json"),
                reason: format!("a {} corpus, but the models are for {task}", corpus.task),
            });
        }
        let skipped = corpus
            .skipped
            .iter()
            .map(|(path, why)| format!("{}: {why}", path.display()))
            .collect();
        let count = corpus.seeds.len();
        for sample in corpus.seeds {
            self.by_key.insert(
                content_key(&sample.segments),
                SeedEntry {
                    id: sample.id,
                    segments: sample.segments,
                    label: sample.label,
                },
            );
        }
        Ok((count, skipped))
    }

    /// The seed with this key, added as its own id (no label) when the
    /// index does not know it yet.
    pub fn get_or_add(&mut self, segments: &[String]) -> &SeedEntry {
        let key = content_key(segments);
        self.by_key.entry(key.clone()).or_insert_with(|| SeedEntry {
            id: key,
            segments: segments.to_vec(),
            label: None,
        })
    }

    pub fn get(&self, key: &str) -> Option<&SeedEntry> {
        self.by_key.get(key)
    }

    pub fn len(&self) -> usize {
        self.by_key.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_key.is_empty()
    }
}

/// The seed corpus directories among libFuzzer's arguments: a directory
/// with a `corpus.json`, or the `seeds/` folder of one. Flags (`-…`) and
/// other paths are not seed corpora.
pub fn seed_corpora_in_args(args: impl IntoIterator<Item = String>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    for arg in args.into_iter().skip(1) {
        if arg.starts_with('-') {
            continue;
        }
        let path = PathBuf::from(arg);
        let corpus = if path.join("corpus.json").is_file() {
            Some(path)
        } else if path.file_name().is_some_and(|n| n == "seeds") {
            path.parent()
                .filter(|parent| parent.join("corpus.json").is_file())
                .map(Path::to_path_buf)
        } else {
            None
        };
        if let Some(dir) = corpus {
            if !dirs.contains(&dir) {
                dirs.push(dir);
            }
        }
    }
    dirs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::seeds::write_corpus;
    use crate::data::Sample;

    fn sample(id: &str, body: &str, label: Option<usize>) -> Sample {
        Sample {
            id: id.into(),
            segments: vec![format!("int f() {{ {body} }}")],
            label,
        }
    }

    #[test]
    fn corpora_are_found_in_arguments_and_indexed_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("vp");
        let seeds = [
            sample("a.c", "return 1;", Some(1)),
            sample("b.c", "return 2;", None),
        ];
        write_corpus(&corpus, Task::VulnerabilityPrediction, &seeds).unwrap();
        let writable = dir.path().join("grown");
        std::fs::create_dir_all(&writable).unwrap();
        let args = [
            "fuzzer".to_string(),
            writable.display().to_string(),
            corpus.join("seeds").display().to_string(),
            corpus.display().to_string(),
            "-max_len=8192".to_string(),
        ];
        assert_eq!(seed_corpora_in_args(args), std::slice::from_ref(&corpus));

        let mut index = SeedIndex::default();
        let (count, skipped) = index.load(&corpus, Task::VulnerabilityPrediction).unwrap();
        assert_eq!((count, skipped.len()), (2, 0));
        let a = index.get(&content_key(&seeds[0].segments)).unwrap();
        assert_eq!((a.id.as_str(), a.label), ("a.c", Some(1)));
        // A seed met while fuzzing is added under its key; a known one is kept.
        let new = vec!["int g() {}".to_string()];
        assert_eq!(index.get_or_add(&new).id, content_key(&new));
        assert_eq!(index.get_or_add(&seeds[1].segments).id, "b.c");
        assert_eq!(index.len(), 3);

        let err = index.load(&corpus, Task::CloneDetection).unwrap_err();
        assert!(err.to_string().contains("corpus.json"), "{err}");
    }
}
