//! The campaign directory: corpus entries, findings and the state file,
//! each written atomically so that `kill -9` loses nothing already written.
//!
//! ```text
//! OUT/corpus/00000042.json   one corpus entry (seeds first, then variants)
//! OUT/findings/<key>.json    one finding (see super::finding)
//! OUT/state.json             scheduler, coverage and counters, rewritten each generation
//! ```
//! Entries and findings are written before the state that counts them, so
//! on resume the directories are the truth and the state catches up.
use super::chain::SegmentStep;
use super::scheduler::SchedulerState;
use crate::data::seeds::{write_atomic, CorpusError};
use crate::fidelity::Verdict;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The only state format this build reads.
pub const STATE_FORMAT: &str = "metacompress-fuzz-state/1";

/// One corpus entry: a seed or a variant that brought new coverage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// Index of its seed in the seed corpus.
    pub seed: usize,
    pub seed_id: String,
    /// The chain from the seed (empty for the seed itself).
    pub steps: Vec<SegmentStep>,
    pub segments: Vec<String>,
    pub verdict: Verdict,
    pub fitness: f64,
    pub features: Vec<usize>,
}

/// Everything of a campaign that is not in the corpus and findings directories.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct State {
    pub format: String,
    pub strategy: String,
    pub seed: u64,
    /// Generations planned so far; the next one's RNG derives from it.
    pub generation: u64,
    pub execs: u64,
    pub queries: u64,
    pub minimise_queries: u64,
    pub elapsed_s: f64,
    /// Inline, as the fields `scheduler` and `cursor` that state files
    /// already have.
    #[serde(flatten)]
    pub scheduler: SchedulerState,
    /// Set feature slots.
    pub coverage: Vec<usize>,
    /// Seed id → queries spent when its first flip was found.
    pub first_flip: BTreeMap<String, u64>,
}

pub fn corpus_dir(out: &Path) -> PathBuf {
    out.join("corpus")
}

pub fn findings_dir(out: &Path) -> PathBuf {
    out.join("findings")
}

fn state_path(out: &Path) -> PathBuf {
    out.join("state.json")
}

fn entry_path(out: &Path, index: usize) -> PathBuf {
    corpus_dir(out).join(format!("{index:08}.json"))
}

fn create_dir(dir: &Path) -> Result<(), CorpusError> {
    std::fs::create_dir_all(dir).map_err(|error| CorpusError::Write {
        path: dir.to_path_buf(),
        error,
    })
}

fn to_json<T: Serialize>(path: &Path, value: &T) -> Result<Vec<u8>, CorpusError> {
    serde_json::to_vec_pretty(value).map_err(|e| CorpusError::Invalid {
        path: path.to_path_buf(),
        reason: format!("cannot serialise: {e}"),
    })
}

fn from_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, CorpusError> {
    let text = std::fs::read_to_string(path).map_err(|error| CorpusError::Read {
        path: path.to_path_buf(),
        error,
    })?;
    serde_json::from_str(&text).map_err(|e| CorpusError::Invalid {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Prepares OUT for a fresh campaign: refuses one that already holds a
/// campaign, so nothing is overwritten by accident.
pub fn create(out: &Path) -> Result<(), CorpusError> {
    let existing = corpus_dir(out).is_dir() || state_path(out).exists();
    if existing {
        return Err(CorpusError::Invalid {
            path: out.to_path_buf(),
            reason:
                "already holds a campaign: pass --resume to continue it, or choose another --out"
                    .into(),
        });
    }
    create_dir(&corpus_dir(out))?;
    create_dir(&findings_dir(out))
}

pub fn write_entry(out: &Path, index: usize, entry: &Entry) -> Result<(), CorpusError> {
    let path = entry_path(out, index);
    write_atomic(&path, &to_json(&path, entry)?)
}

/// The entries 0, 1, 2, … that exist (a gap ends the list: an entry is
/// only written after all earlier ones).
pub fn read_entries(out: &Path) -> Result<Vec<Entry>, CorpusError> {
    let mut entries = Vec::new();
    loop {
        let path = entry_path(out, entries.len());
        if !path.exists() {
            return Ok(entries);
        }
        entries.push(from_json(&path)?);
    }
}

pub fn write_state(out: &Path, state: &State) -> Result<(), CorpusError> {
    let path = state_path(out);
    write_atomic(&path, &to_json(&path, state)?)
}

/// The saved state, `None` when the campaign was killed before saving one.
pub fn read_state(out: &Path) -> Result<Option<State>, CorpusError> {
    let path = state_path(out);
    if !path.exists() {
        return Ok(None);
    }
    let state: State = from_json(&path)?;
    if state.format != STATE_FORMAT {
        return Err(CorpusError::Invalid {
            path,
            reason: format!(
                "format {:?}, this build reads {STATE_FORMAT:?}",
                state.format
            ),
        });
    }
    Ok(Some(state))
}
