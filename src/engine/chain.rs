//! Chains over whole samples: a clone pair has two segments, and each step
//! of a chain rewrites one of them. The steps are the relations' own
//! [`Step`] records, so a chain replays exactly from the seed's texts.
use crate::lang::{Lang, Source};
use crate::relations::chain::{self as relation_chain, Plan};
use crate::relations::{apply, Catalog, ChainError, Choices, NameStrategy, Relation, Step};
use serde::{Deserialize, Serialize};

/// One relation applied to one segment of a sample.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SegmentStep {
    /// Index of the segment (0 or 1 for a clone pair).
    pub segment: usize,
    #[serde(flatten)]
    pub step: Step,
}

/// How a variant was made from its seed: the steps, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleChain {
    pub lang: Lang,
    pub steps: Vec<SegmentStep>,
}

impl SampleChain {
    pub fn empty(lang: Lang) -> Self {
        SampleChain {
            lang,
            steps: Vec::new(),
        }
    }

    pub fn relation_ids(&self) -> Vec<&str> {
        self.steps
            .iter()
            .map(|s| s.step.relation.as_str())
            .collect()
    }

    pub fn len(&self) -> usize {
        self.steps.len()
    }

    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ReplayError {
    #[error("segment {segment} does not parse as {lang}: {problem}")]
    Parse {
        segment: usize,
        lang: Lang,
        problem: String,
    },
    #[error("step {index} names segment {segment}, the sample has {segments}")]
    NoSegment {
        index: usize,
        segment: usize,
        segments: usize,
    },
    #[error(transparent)]
    Chain(#[from] ChainError),
}

/// Parsed segments of a sample.
pub fn parse_segments(lang: Lang, segments: &[String]) -> Result<Vec<Source>, ReplayError> {
    segments
        .iter()
        .enumerate()
        .map(|(segment, text)| {
            Source::parse(lang, text.as_str()).map_err(|e| ReplayError::Parse {
                segment,
                lang,
                problem: e.to_string(),
            })
        })
        .collect()
}

/// A replayed chain: the variant's texts and the steps that still applied.
#[derive(Debug, Clone)]
pub struct Replayed {
    pub segments: Vec<String>,
    pub applied: Vec<SegmentStep>,
}

/// Replays `steps` on the seed's segments. A step that no longer applies
/// (its site is gone after earlier steps were dropped, or its recorded
/// choice no longer fits) drops out; an unknown relation or an invalid
/// rewrite is an error.
pub fn replay(
    catalog: &Catalog,
    lang: Lang,
    seed: &[String],
    steps: &[SegmentStep],
) -> Result<Replayed, ReplayError> {
    let mut sources = parse_segments(lang, seed)?;
    let mut applied = Vec::new();
    for (index, step) in steps.iter().enumerate() {
        let segments = sources.len();
        let source = sources
            .get_mut(step.segment)
            .ok_or(ReplayError::NoSegment {
                index,
                segment: step.segment,
                segments,
            })?;
        let relation = catalog.get(&step.step.relation).map_err(ChainError::from)?;
        let mut choices = Choices::replaying(step.step.params.clone());
        match apply(relation, source, &step.step.site, &mut choices) {
            Ok((next, _)) => {
                *source = next;
                applied.push(step.clone());
            }
            Err(err) if err.is_decline() => continue,
            Err(err) => return Err(ChainError::from(err).into()),
        }
    }
    Ok(Replayed {
        segments: sources.into_iter().map(Source::into_text).collect(),
        applied,
    })
}

/// Applies `relation` somewhere in segment `segment` of `sources`, with all
/// choices drawn from `seed`; `Ok(None)` when it applies nowhere there.
pub fn extend(
    catalog: &Catalog,
    sources: &mut [Source],
    segment: usize,
    relation: &dyn Relation,
    seed: u64,
    names: NameStrategy,
) -> Result<Option<SegmentStep>, ChainError> {
    let Some(source) = sources.get_mut(segment) else {
        return Ok(None);
    };
    if relation.lang() != source.lang() {
        return Ok(None);
    }
    match relation_chain::run(catalog, source, Plan::Fixed(&[relation]), seed, names) {
        Ok(variant) => {
            let Some(step) = variant.record.steps.into_iter().next() else {
                return Ok(None);
            };
            *source = variant.source;
            Ok(Some(SegmentStep { segment, step }))
        }
        Err(ChainError::NoSite { .. }) => Ok(None),
        Err(other) => Err(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const METHOD: &str = "class A {\n  int f(int a, int b) {\n    int s = 0;\n    for (int i = 0; i < a; i++) {\n      s += b;\n    }\n    if (s > 10) {\n      return s;\n    }\n    return a + b;\n  }\n}\n";

    #[test]
    fn extended_chains_replay_exactly_and_dropped_steps_fall_out() {
        let catalog = Catalog::standard();
        let seed = vec![METHOD.to_string(), METHOD.to_string()];
        let mut sources = parse_segments(Lang::Java, &seed).unwrap();
        let mut steps = Vec::new();
        let mut k = 0u64;
        for relation in catalog.for_lang(Lang::Java) {
            k += 1;
            if let Some(step) = extend(
                catalog,
                &mut sources,
                (k % 2) as usize,
                relation,
                k,
                NameStrategy::Neutral,
            )
            .unwrap()
            {
                steps.push(step);
            }
            if steps.len() == 4 {
                break;
            }
        }
        assert!(steps.len() >= 2, "too few relations apply: {steps:?}");
        let texts: Vec<String> = sources.iter().map(|s| s.text().to_string()).collect();
        let replayed = replay(catalog, Lang::Java, &seed, &steps).unwrap();
        assert_eq!(replayed.segments, texts);
        assert_eq!(replayed.applied, steps);
        // Every sub-chain replays without error; the applied steps are a
        // subsequence of the requested ones.
        let sub = &steps[1..];
        let partial = replay(catalog, Lang::Java, &seed, sub).unwrap();
        assert!(partial.applied.iter().all(|s| sub.contains(s)));
        // The chain serialises with the step fields inline.
        let chain = SampleChain {
            lang: Lang::Java,
            steps,
        };
        let json = serde_json::to_string(&chain).unwrap();
        assert!(json.contains("\"segment\"") && json.contains("\"relation\""));
        assert_eq!(serde_json::from_str::<SampleChain>(&json).unwrap(), chain);
    }

    #[test]
    fn a_step_on_a_missing_segment_is_an_error() {
        let catalog = Catalog::standard();
        let mut sources = parse_segments(Lang::Java, &[METHOD.to_string()]).unwrap();
        let mut step = catalog
            .for_lang(Lang::Java)
            .find_map(|r| extend(catalog, &mut sources, 0, r, 0, NameStrategy::Neutral).unwrap())
            .expect("some Java relation applies");
        step.segment = 3;
        let err = replay(catalog, Lang::Java, &[METHOD.to_string()], &[step]).unwrap_err();
        assert!(err.to_string().contains("segment 3"), "{err}");
    }
}
