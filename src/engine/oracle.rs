//! What the engine needs from an oracle: submit samples, receive verdicts
//! (with the key that deduplicates their input) tagged with the ticket
//! `submit` returned. The real oracle's streaming session implements it
//! (with the `torch` feature); tests use [`FakeOracle`].
use super::finding::DedupKey;
use crate::data::Sample;
use crate::fidelity::{ModelOutput, Verdict};
use std::collections::{HashMap, VecDeque};

/// Identifies one submitted sample.
pub type Ticket = u64;

/// An oracle's answer to one sample.
#[derive(Debug, Clone)]
pub struct Reply {
    pub verdict: Verdict,
    /// Equal for inputs the models cannot tell apart (the student's token
    /// ids when the oracle tokenizes; the whitespace-normalised text otherwise).
    pub key: DedupKey,
}

/// Why a query got no answer.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("the oracle stopped before answering")]
    Stopped,
    /// The oracle's own error: the models could not take or answer the sample.
    #[error(transparent)]
    Oracle(Box<dyn std::error::Error + Send + Sync>),
}

pub trait OracleLike {
    /// Queues a sample; may wait while the oracle is full.
    fn submit(&mut self, sample: Sample) -> Result<Ticket, QueryError>;
    /// The next answer, waiting for it; `None` when nothing is in flight.
    fn recv(&mut self) -> Option<(Ticket, Result<Reply, QueryError>)>;
}

/// Keeps answers that arrive before they are waited for, so a caller can
/// wait for one ticket while others are in flight.
pub struct Dispatcher<'a> {
    oracle: &'a mut dyn OracleLike,
    stash: HashMap<Ticket, Result<Reply, QueryError>>,
    /// Samples submitted so far: the query count.
    pub submitted: u64,
}

impl<'a> Dispatcher<'a> {
    pub fn new(oracle: &'a mut dyn OracleLike) -> Self {
        Dispatcher {
            oracle,
            stash: HashMap::new(),
            submitted: 0,
        }
    }

    pub fn submit(&mut self, sample: Sample) -> Result<Ticket, QueryError> {
        let ticket = self.oracle.submit(sample)?;
        self.submitted += 1;
        Ok(ticket)
    }

    /// The answer for `ticket`; an error when the oracle stopped.
    pub fn wait(&mut self, ticket: Ticket) -> Result<Result<Reply, QueryError>, QueryError> {
        loop {
            if let Some(answer) = self.stash.remove(&ticket) {
                return Ok(answer);
            }
            let (got, answer) = self.oracle.recv().ok_or(QueryError::Stopped)?;
            self.stash.insert(got, answer);
        }
    }
}

/// A deterministic stand-in for the models, for tests and for checking the
/// engine without libtorch. The teacher answers the sample's ground truth
/// (label 0 when unknown) with probability 0.9 whatever the code looks like,
/// as a perfectly robust model would. The student starts from the same
/// answer but is distracted by surface features that behaviour-preserving
/// relations change: neutral identifiers (`v0`, `v1`, …), `while` loops and
/// comments. Its logit for the right answer is
/// `2 − 0.6·names − 0.4·whiles − 0.2·comments`, so a few such rewrites flip it.
#[derive(Default)]
pub struct FakeOracle {
    answers: VecDeque<(Ticket, Result<Reply, QueryError>)>,
    next: Ticket,
}

impl FakeOracle {
    pub fn new() -> Self {
        FakeOracle::default()
    }

    /// The fake verdict for a sample.
    pub fn verdict(sample: &Sample) -> Verdict {
        let truth = sample.label.unwrap_or(0).min(1);
        let two = |p_truth: f32| {
            let mut probs = vec![1.0 - p_truth; 2];
            probs[truth] = p_truth;
            ModelOutput::from_probs(probs, None)
        };
        let text = sample.segments.join("\n");
        let words: Vec<&str> = text
            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
            .collect();
        let names = words
            .iter()
            .filter(|w| {
                w.len() > 1 && w.starts_with('v') && w[1..].bytes().all(|b| b.is_ascii_digit())
            })
            .count();
        let whiles = words.iter().filter(|w| **w == "while").count();
        let comments = text.matches("//").count() + text.matches("/*").count();
        let logit = 2.0 - 0.6 * names as f32 - 0.4 * whiles as f32 - 0.2 * comments as f32;
        let student = 1.0 / (1.0 + (-logit).exp());
        Verdict::new(two(0.9), two(student))
    }
}

impl OracleLike for FakeOracle {
    fn submit(&mut self, sample: Sample) -> Result<Ticket, QueryError> {
        let ticket = self.next;
        self.next += 1;
        let reply = Reply {
            verdict: FakeOracle::verdict(&sample),
            key: DedupKey::from_text(&sample.segments),
        };
        self.answers.push_back((ticket, Ok(reply)));
        Ok(ticket)
    }

    fn recv(&mut self) -> Option<(Ticket, Result<Reply, QueryError>)> {
        self.answers.pop_front()
    }
}

#[cfg(feature = "torch")]
impl From<crate::oracle::OracleError> for QueryError {
    fn from(error: crate::oracle::OracleError) -> Self {
        QueryError::Oracle(Box::new(error))
    }
}

/// Keys by the student's token ids, which the session already has: what the
/// student reads decides whether two variants are the same input.
#[cfg(feature = "torch")]
impl From<crate::oracle::Answer> for Reply {
    fn from(answer: crate::oracle::Answer) -> Self {
        Reply {
            key: DedupKey::from_token_ids(&answer.student_ids),
            verdict: answer.verdict,
        }
    }
}

/// The real oracle's streaming session.
#[cfg(feature = "torch")]
pub struct SessionOracle {
    session: crate::oracle::Session,
}

#[cfg(feature = "torch")]
impl SessionOracle {
    pub fn new(oracle: &crate::oracle::Oracle) -> Result<Self, crate::oracle::OracleError> {
        Ok(SessionOracle {
            session: oracle.session()?,
        })
    }
}

#[cfg(feature = "torch")]
impl OracleLike for SessionOracle {
    fn submit(&mut self, sample: Sample) -> Result<Ticket, QueryError> {
        Ok(self.session.submit(sample)?)
    }

    fn recv(&mut self) -> Option<(Ticket, Result<Reply, QueryError>)> {
        self.session
            .recv()
            .map(|(id, answer)| (id, answer.map(Reply::from).map_err(QueryError::from)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(text: &str, label: Option<usize>) -> Sample {
        Sample {
            id: "s".into(),
            segments: vec![text.into()],
            label,
        }
    }

    #[test]
    fn the_fake_student_drifts_with_surface_features_only() {
        let plain = FakeOracle::verdict(&sample("int f(int a) { return a; }", Some(1)));
        assert_eq!((plain.teacher.label, plain.student.label), (1, 1));
        // Four neutral names: logit 2 − 2.4 < 0, the student flips; the teacher does not.
        let renamed = FakeOracle::verdict(&sample(
            "int f(int v0, int v1) { int v2 = v0; return v3; }",
            Some(1),
        ));
        assert_eq!((renamed.teacher.label, renamed.student.label), (1, 0));
        assert!(renamed.student.probs[1] < plain.student.probs[1]);
    }

    #[test]
    fn the_dispatcher_waits_for_one_ticket_and_keeps_the_others() {
        let mut fake = FakeOracle::new();
        let mut dispatcher = Dispatcher::new(&mut fake);
        let a = dispatcher.submit(sample("int a;", None)).unwrap();
        let b = dispatcher.submit(sample("int v0;", None)).unwrap();
        let vb = dispatcher.wait(b).unwrap().unwrap().verdict;
        let va = dispatcher.wait(a).unwrap().unwrap().verdict;
        assert!(va.student.probs[0] > vb.student.probs[0]);
        assert_eq!(dispatcher.submitted, 2);
        assert!(dispatcher.wait(7).is_err());
    }
}
