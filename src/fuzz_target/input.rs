//! One input of the divergence target: the sample text of
//! [`crate::data::seeds`] (segments separated by the delimiter line),
//! optionally followed by a provenance line
//!
//! ```text
//! // metacompress-chain {"seed":"<seed key>","steps":[…]}
//! ```
//!
//! that names the seed the input was made from and the chain of relation
//! steps that makes it. The line is a comment in Java and C, travels with the
//! input through libFuzzer's corpus, fork-mode children and restarts, and is
//! removed before the models see the sample. An input without it is a seed.
use crate::data::seeds::{from_text, to_text, MAX_INPUT_BYTES};
use crate::data::Task;
use crate::engine::chain::SegmentStep;
use crate::engine::hash::StableHasher;
use serde::{Deserialize, Serialize};

/// Start of the provenance line; the rest of the line is JSON.
pub const PROVENANCE_MARKER: &str = "// metacompress-chain ";

/// How an input was made: replaying `steps` on the seed with key `seed`
/// gives its segments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// [`content_key`] of the seed's segments.
    pub seed: String,
    pub steps: Vec<SegmentStep>,
}

/// A parsed input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzInput {
    pub segments: Vec<String>,
    /// `None` for a seed.
    pub provenance: Option<Provenance>,
}

/// Identifies a seed by its exact text (whitespace included, since recorded
/// sites are byte offsets into it): sixteen hex digits.
pub fn content_key(segments: &[String]) -> String {
    let mut hasher = StableHasher::default().str("seed");
    for segment in segments {
        hasher = hasher.str(segment);
    }
    format!("{:016x}", hasher.finish())
}

impl FuzzInput {
    /// A seed: segments without provenance.
    pub fn seed(segments: Vec<String>) -> Self {
        FuzzInput {
            segments,
            provenance: None,
        }
    }

    /// Reads an input; the error says why it is not one (not UTF-8, too
    /// large, a malformed provenance line, the wrong number of segments).
    pub fn parse(bytes: &[u8], task: Task) -> Result<FuzzInput, String> {
        if bytes.len() > MAX_INPUT_BYTES {
            return Err(format!(
                "{} bytes, more than the {MAX_INPUT_BYTES}-byte limit",
                bytes.len()
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
        let (body, provenance) = split_provenance(text)?;
        let segments = from_text(body, task)?;
        Ok(FuzzInput {
            segments,
            provenance,
        })
    }

    /// The input's text; [`FuzzInput::parse`] reads it back as it was,
    /// unless a segment other than the last ends with a newline (the
    /// segment format folds it into the delimiter line).
    pub fn render(&self) -> String {
        let mut text = to_text(&self.segments);
        if let Some(provenance) = &self.provenance {
            // The newline before the provenance line belongs to that line.
            text.push('\n');
            text.push_str(PROVENANCE_MARKER);
            text.push_str(&serde_json::to_string(provenance).expect("a chain serialises"));
            text.push('\n');
        }
        text
    }

    /// The key of the input's seed: its own content key when it is a seed.
    pub fn seed_key(&self) -> String {
        match &self.provenance {
            Some(provenance) => provenance.seed.clone(),
            None => content_key(&self.segments),
        }
    }

    /// The chain's steps from the seed (none for a seed).
    pub fn steps(&self) -> &[SegmentStep] {
        self.provenance.as_ref().map_or(&[], |p| p.steps.as_slice())
    }
}

/// Splits off the last line when it is a provenance line.
fn split_provenance(text: &str) -> Result<(&str, Option<Provenance>), String> {
    let content = text.strip_suffix('\n').unwrap_or(text);
    let (body, last) = match content.rfind('\n') {
        Some(end) => (&content[..end], &content[end + 1..]),
        None => ("", content),
    };
    let Some(json) = last.strip_prefix(PROVENANCE_MARKER) else {
        return Ok((text, None));
    };
    let provenance = serde_json::from_str(json)
        .map_err(|e| format!("malformed provenance line ({PROVENANCE_MARKER}…): {e}"))?;
    Ok((body, Some(provenance)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::seeds::SEGMENT_DELIMITER;
    use crate::relations::{Site, Step};

    fn step(segment: usize) -> SegmentStep {
        SegmentStep {
            segment,
            step: Step {
                relation: "java.example".into(),
                site: Site {
                    start: 4,
                    end: 9,
                    kind: "identifier".into(),
                },
                params: [("name".to_string(), "v0".to_string())].into(),
            },
        }
    }

    #[test]
    fn inputs_with_and_without_provenance_round_trip() {
        let pair = vec![
            "int f(int a) {\n  return a;\n}".to_string(),
            "int g(int b) {\n  return b;\n}\n".to_string(),
        ];
        let seed = FuzzInput::seed(pair.clone());
        let text = seed.render();
        assert!(!text.contains(PROVENANCE_MARKER));
        assert_eq!(
            FuzzInput::parse(text.as_bytes(), Task::CloneDetection).unwrap(),
            seed
        );
        for last in ["int g() {}", "int g() {}\n", "int g() {}\n\n"] {
            let variant = FuzzInput {
                segments: vec![pair[0].clone(), last.to_string()],
                provenance: Some(Provenance {
                    seed: content_key(&pair),
                    steps: vec![step(1), step(0)],
                }),
            };
            let text = variant.render();
            assert_eq!(
                text.lines().last().unwrap().find(PROVENANCE_MARKER),
                Some(0)
            );
            let back = FuzzInput::parse(text.as_bytes(), Task::CloneDetection).unwrap();
            assert_eq!(back, variant);
            assert_eq!(back.seed_key(), seed.seed_key());
        }
    }

    #[test]
    fn bad_inputs_say_why() {
        let task = Task::VulnerabilityPrediction;
        let err = |bytes: &[u8]| FuzzInput::parse(bytes, task).unwrap_err();
        assert!(err(&[0xff, 0x00]).contains("UTF-8"));
        assert!(err(format!("{PROVENANCE_MARKER}{{}}\n").as_bytes()).contains("provenance"));
        let bad_json = format!("int f() {{}}\n{PROVENANCE_MARKER}{{\"seed\":1}}\n");
        assert!(err(bad_json.as_bytes()).contains("provenance"));
        let only_provenance = format!(
            "{PROVENANCE_MARKER}{}\n",
            serde_json::to_string(&Provenance {
                seed: "0".into(),
                steps: vec![]
            })
            .unwrap()
        );
        assert!(err(only_provenance.as_bytes()).contains("empty"));
        let two = format!("int f() {{}}\n{SEGMENT_DELIMITER}\nint g() {{}}\n");
        assert!(err(two.as_bytes()).contains("segment"));
        // A provenance-like comment that is not the last line is code.
        let inner = format!("{PROVENANCE_MARKER}x\nint f() {{}}\n");
        assert!(FuzzInput::parse(inner.as_bytes(), task)
            .unwrap()
            .provenance
            .is_none());
    }

    #[test]
    fn content_keys_see_whitespace_and_segment_boundaries() {
        let key = |s: &[&str]| content_key(&s.iter().map(|x| x.to_string()).collect::<Vec<_>>());
        assert_ne!(key(&["int f() {}"]), key(&["int f()  {}"]));
        assert_ne!(key(&["a", "b"]), key(&["ab"]));
        assert_eq!(key(&["a", "b"]), key(&["a", "b"]));
        assert_eq!(key(&["a"]).len(), 16);
    }
}
