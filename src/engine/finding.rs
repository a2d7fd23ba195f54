//! Findings: variants on which the student departs from its teacher, with
//! everything needed to reproduce them, written one JSON file each.
use super::chain::SampleChain;
use super::hash::StableHasher;
use super::score::FindingKind;
use crate::data::seeds::{write_atomic, CorpusError};
use crate::fidelity::Verdict;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One finding: what it is, how large, and how to reproduce it from its seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    pub kinds: Vec<FindingKind>,
    /// [`super::score::fitness`] of the variant.
    pub magnitude: f64,
    pub seed_id: String,
    pub seed: Vec<String>,
    pub variant: Vec<String>,
    /// Replaying these steps on `seed` gives `variant`.
    pub chain: SampleChain,
    pub seed_verdict: Verdict,
    pub variant_verdict: Verdict,
    pub truth: Option<usize>,
    /// See [`DedupKey`]; also the file name.
    pub key: String,
}

/// Identifies a variant so that the same input found twice is one finding:
/// a hash of the token ids the models read when they are known (two texts
/// that tokenize alike are the same input to the models), else of the text
/// with whitespace runs collapsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DedupKey(u64);

impl DedupKey {
    /// From the token ids of each segment.
    pub fn from_token_ids(segments: &[Vec<u32>]) -> Self {
        let mut hasher = StableHasher::default().str("tokens");
        for ids in segments {
            hasher = hasher.u64(ids.len() as u64);
            for &id in ids {
                hasher = hasher.bytes(&id.to_le_bytes());
            }
        }
        DedupKey(hasher.finish())
    }

    /// From the texts of each segment, whitespace-normalised.
    pub fn from_text(segments: &[String]) -> Self {
        let mut hasher = StableHasher::default().str("text");
        for segment in segments {
            let normal = segment.split_whitespace().collect::<Vec<_>>().join(" ");
            hasher = hasher.str(&normal);
        }
        DedupKey(hasher.finish())
    }

    /// Sixteen lower-case hex digits.
    pub fn to_hex(self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The file a finding with this key is stored in.
pub fn finding_path(dir: &Path, key: &str) -> PathBuf {
    dir.join(format!("{key}.json"))
}

/// Writes the finding to `dir/<key>.json` atomically, creating `dir`; a
/// finding with the same key replaces the earlier file, so duplicates
/// collapse. Returns the path.
pub fn write_finding(dir: &Path, finding: &Finding) -> Result<PathBuf, CorpusError> {
    std::fs::create_dir_all(dir).map_err(|error| CorpusError::Write {
        path: dir.to_path_buf(),
        error,
    })?;
    let path = finding_path(dir, &finding.key);
    let json = serde_json::to_string_pretty(finding).map_err(|e| CorpusError::Invalid {
        path: path.clone(),
        reason: format!("cannot serialise the finding: {e}"),
    })? + "\n";
    write_atomic(&path, json.as_bytes())?;
    Ok(path)
}

/// Reads every `*.json` finding in `dir` (none when it does not exist), in
/// file-name order.
pub fn read_findings(dir: &Path) -> Result<Vec<Finding>, CorpusError> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let read_err = |error| CorpusError::Read {
        path: dir.to_path_buf(),
        error,
    };
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(".json") && !name.starts_with('.') {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).map_err(|error| CorpusError::Read {
                path: path.clone(),
                error,
            })?;
            serde_json::from_str(&text).map_err(|e| CorpusError::Invalid {
                path,
                reason: e.to_string(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::chain::SegmentStep;
    use crate::engine::score::tests::verdict;
    use crate::lang::Lang;
    use crate::relations::{Site, Step};

    fn finding(variant: &str) -> Finding {
        let variant = vec![variant.to_string()];
        Finding {
            kinds: vec![FindingKind::LabelFlip],
            magnitude: 1.2,
            seed_id: "s1".into(),
            seed: vec!["int f() { return 1; }".into()],
            key: DedupKey::from_text(&variant).to_hex(),
            variant,
            chain: SampleChain {
                lang: Lang::C,
                steps: vec![SegmentStep {
                    segment: 0,
                    step: Step {
                        relation: "c.example".into(),
                        site: Site {
                            start: 0,
                            end: 3,
                            kind: "primitive_type".into(),
                        },
                        params: [("name".to_string(), "v0".to_string())].into(),
                    },
                }],
            },
            seed_verdict: verdict([0.9, 0.1], [0.8, 0.2]),
            variant_verdict: verdict([0.9, 0.1], [0.4, 0.6]),
            truth: Some(0),
        }
    }

    #[test]
    fn keys_ignore_whitespace_but_not_tokens() {
        let a = DedupKey::from_text(&["int  f()\n{ }".to_string()]);
        let b = DedupKey::from_text(&[" int f() { }".to_string()]);
        let c = DedupKey::from_text(&["int g() { }".to_string()]);
        assert_eq!(a, b);
        assert_ne!(a, c);
        // Segment boundaries matter.
        let one = DedupKey::from_text(&["a b".to_string()]);
        let two = DedupKey::from_text(&["a".to_string(), "b".to_string()]);
        assert_ne!(one, two);
        let t1 = DedupKey::from_token_ids(&[vec![1, 2], vec![3]]);
        let t2 = DedupKey::from_token_ids(&[vec![1], vec![2, 3]]);
        assert_ne!(t1, t2);
        assert_eq!(t1, DedupKey::from_token_ids(&[vec![1, 2], vec![3]]));
        assert_eq!(a.to_hex().len(), 16);
    }

    #[test]
    fn findings_round_trip_and_duplicates_collapse() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("findings");
        assert!(read_findings(&out).unwrap().is_empty());
        let first = finding("int f() { return 1 ; }");
        let same_key = finding("int f()  { return 1 ; }");
        let other = finding("int f() { return 2; }");
        assert_eq!(first.key, same_key.key);
        write_finding(&out, &first).unwrap();
        write_finding(&out, &same_key).unwrap();
        let path = write_finding(&out, &other).unwrap();
        assert_eq!(path, finding_path(&out, &other.key));
        let mut read = read_findings(&out).unwrap();
        read.sort_by(|a, b| a.variant.cmp(&b.variant));
        let mut expected = vec![same_key, other];
        expected.sort_by(|a, b| a.variant.cmp(&b.variant));
        assert_eq!(read, expected);
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
    }

    #[test]
    fn a_corrupt_finding_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.json"), "{").unwrap();
        let err = read_findings(dir.path()).unwrap_err().to_string();
        assert!(err.contains("bad.json"), "{err}");
    }
}
