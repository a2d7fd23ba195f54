//! What the divergence target does with one input: run teacher and student
//! on it (and on its seed, once per seed), evaluate the variant with the
//! engine's evaluation step (the one `metacompress fuzz` uses), and write
//! findings as JSON files.
use super::input::FuzzInput;
use super::seeds::{seed_corpora_in_args, SeedIndex};
use crate::data::{Sample, Task};
use crate::engine::chain::SampleChain;
use crate::engine::evaluate::{Case, Evaluation, Evaluator};
use crate::engine::feedback::{seed_slot, NoveltyOptions};
use crate::engine::finding::{write_finding, Finding};
use crate::engine::oracle::{QueryError, Reply};
use crate::model::{Bundle, DeviceChoice, Precision, MANIFEST_FILE};
use crate::oracle::{Oracle, OracleOptions, Session, Verdict};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Teacher bundle directory (default: `models/teacher` of the repository).
pub const TEACHER_VAR: &str = "METACOMPRESS_TEACHER";
/// Student bundle directory (default: `models/student`).
pub const STUDENT_VAR: &str = "METACOMPRESS_STUDENT";
/// Where findings go (default: `target/fuzz-findings/divergence`).
pub const FINDINGS_VAR: &str = "METACOMPRESS_FINDINGS";
/// Seed corpus directories, separated like PATH (default: the seed corpora
/// among libFuzzer's corpus arguments). The target sets it for fork-mode
/// children, which libFuzzer starts without the corpus arguments.
pub const SEEDS_VAR: &str = "METACOMPRESS_SEEDS";

/// Where the target finds its models, seeds and findings directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub teacher: PathBuf,
    pub student: PathBuf,
    pub findings: PathBuf,
    pub seed_corpora: Vec<PathBuf>,
}

impl Settings {
    /// Defaults under `repo_root`, overridden by the environment (`var`
    /// reads a variable); seed corpora from `args` (libFuzzer's command line)
    /// unless [`SEEDS_VAR`] is set.
    pub fn resolve(
        repo_root: &Path,
        var: impl Fn(&str) -> Option<String>,
        args: Vec<String>,
    ) -> Settings {
        let path = |name: &str, default: PathBuf| {
            var(name)
                .filter(|v| !v.is_empty())
                .map_or(default, PathBuf::from)
        };
        let seed_corpora = match var(SEEDS_VAR) {
            Some(list) => std::env::split_paths(&list)
                .filter(|p| !p.as_os_str().is_empty())
                .collect(),
            None => seed_corpora_in_args(args),
        };
        Settings {
            teacher: path(TEACHER_VAR, repo_root.join("models/teacher")),
            student: path(STUDENT_VAR, repo_root.join("models/student")),
            findings: path(
                FINDINGS_VAR,
                repo_root.join("target/fuzz-findings/divergence"),
            ),
            seed_corpora,
        }
    }
}

/// What one input gave.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub evaluation: Evaluation,
    /// The file of a finding written for the first time by this input.
    pub finding: Option<PathBuf>,
}

/// Models, seeds and in-process state of one fuzzing process.
pub struct DivergenceTarget {
    session: Session,
    task: Task,
    index: SeedIndex,
    /// Seed verdicts by content key: each seed runs once per process.
    seed_verdicts: HashMap<String, Verdict>,
    evaluator: Evaluator,
    findings_dir: PathBuf,
    written: HashSet<String>,
    /// Seed keys already reported as missing from the index.
    missing_seeds: HashSet<String>,
}

impl DivergenceTarget {
    /// Loads both bundles and the seed corpora. Returns the target and lines
    /// saying what it uses, for the fuzzer's log.
    pub fn open(settings: &Settings) -> Result<(DivergenceTarget, Vec<String>), String> {
        let teacher = load_bundle("teacher", &settings.teacher)?;
        let student = load_bundle("student", &settings.student)?;
        let options = OracleOptions {
            device: DeviceChoice::Auto,
            // One input at a time: a batch of one never waits to fill up.
            batch_size: 1,
            precision: Precision::Fp32,
            cache_capacity: 10_000,
            tokenizer_threads: 1,
            queue_capacity: 4,
        };
        let oracle = Oracle::new(teacher, student, options).map_err(|e| e.to_string())?;
        let task = oracle.task();
        let mut notes = vec![
            format!(
                "teacher {} ({})",
                settings.teacher.display(),
                oracle.teacher().name()
            ),
            format!(
                "student {} ({})",
                settings.student.display(),
                oracle.student().name()
            ),
            format!("task {task}, findings in {}", settings.findings.display()),
        ];
        let mut index = SeedIndex::default();
        for dir in &settings.seed_corpora {
            let (count, skipped) = index.load(dir, task).map_err(|e| e.to_string())?;
            notes.push(format!("{count} seeds from {}", dir.display()));
            notes.extend(skipped.into_iter().map(|s| format!("skipped seed {s}")));
        }
        if settings.seed_corpora.is_empty() {
            notes.push(format!(
                "no seed corpus (a directory with corpus.json, or its seeds/) among the \
                 arguments or in {SEEDS_VAR}: only seeds run by this process are known"
            ));
        }
        let session = oracle.session().map_err(|e| e.to_string())?;
        let target = DivergenceTarget {
            session,
            task,
            index,
            seed_verdicts: HashMap::new(),
            evaluator: Evaluator::standard(NoveltyOptions::default()),
            findings_dir: settings.findings.clone(),
            written: HashSet::new(),
            missing_seeds: HashSet::new(),
        };
        Ok((target, notes))
    }

    pub fn task(&self) -> Task {
        self.task
    }

    /// Evaluates one input. `Ok(None)`: it is not an input (libFuzzer should
    /// not keep it); `Err`: the models could not answer. A finding that cannot
    /// be written is reported on stderr, never an error.
    pub fn evaluate(&mut self, data: &[u8]) -> Result<Option<Outcome>, QueryError> {
        let Ok(input) = FuzzInput::parse(data, self.task) else {
            return Ok(None);
        };
        let key = input.seed_key();
        let seed = match input.provenance {
            None => Some(self.index.get_or_add(&input.segments).clone()),
            Some(_) => self.index.get(&key).cloned(),
        };
        if seed.is_none() && self.missing_seeds.insert(key.clone()) {
            eprintln!(
                "divergence: seed {key} of a variant is unknown; pass its seed corpus \
                 directory (or set {SEEDS_VAR}) to compare variants with their seed"
            );
        }
        let truth = seed.as_ref().and_then(|s| s.label);
        let mut samples = vec![sample(&key, input.segments.clone(), truth)];
        let seed_missing_verdict =
            input.provenance.is_some() && seed.is_some() && !self.seed_verdicts.contains_key(&key);
        if let (true, Some(seed)) = (seed_missing_verdict, &seed) {
            samples.push(sample(&key, seed.segments.clone(), truth));
        }
        let mut replies = self.replies(samples)?.into_iter();
        let variant = replies.next().ok_or(QueryError::Stopped)?;
        if let Some(seed_reply) = replies.next() {
            self.seed_verdicts.insert(key.clone(), seed_reply.verdict);
        }
        if input.provenance.is_none() {
            self.seed_verdicts
                .insert(key.clone(), variant.verdict.clone());
        }
        // Without its seed, a variant is compared with itself: only label
        // flips can be seen.
        let seed_verdict = match seed {
            Some(_) => self
                .seed_verdicts
                .get(&key)
                .unwrap_or(&variant.verdict)
                .clone(),
            None => variant.verdict.clone(),
        };
        let seed_id = seed.as_ref().map_or(key.as_str(), |s| s.id.as_str());
        let relations: Vec<&str> = input
            .steps()
            .iter()
            .map(|s| s.step.relation.as_str())
            .collect();
        let evaluation = self.evaluator.evaluate(&Case {
            seed_slot: seed_slot(seed_id),
            seed: &seed_verdict,
            variant: &variant,
            truth,
            relations: &relations,
        });
        let mut finding = None;
        if !evaluation.kinds.is_empty() {
            let found = Finding {
                kinds: evaluation.kinds.clone(),
                magnitude: evaluation.fitness,
                seed_id: seed_id.to_string(),
                seed: seed.map(|s| s.segments).unwrap_or_default(),
                chain: SampleChain {
                    lang: self.task.lang(),
                    steps: input.steps().to_vec(),
                },
                key: evaluation.key.to_hex(),
                variant: input.segments,
                seed_verdict,
                variant_verdict: variant.verdict,
                truth,
            };
            finding = self.write(&found);
        }
        Ok(Some(Outcome {
            evaluation,
            finding,
        }))
    }

    /// Writes a finding the first time its key is seen in this process.
    fn write(&mut self, finding: &Finding) -> Option<PathBuf> {
        if !self.written.insert(finding.key.clone()) {
            return None;
        }
        match write_finding(&self.findings_dir, finding) {
            Ok(path) => Some(path),
            Err(err) => {
                eprintln!("divergence: cannot write finding {}: {err}", finding.key);
                None
            }
        }
    }

    /// The oracle's replies to `samples`, in their order, keyed as the
    /// engine keys them (by the student's token ids).
    fn replies(&self, samples: Vec<Sample>) -> Result<Vec<Reply>, QueryError> {
        let ids = samples
            .into_iter()
            .map(|s| self.session.submit(s))
            .collect::<Result<Vec<_>, _>>()?;
        // Receive every answer, even after an error, so none is left in
        // the pipeline for the next input.
        let mut answers: Vec<Option<_>> = ids.iter().map(|_| None).collect();
        while answers.iter().any(Option::is_none) {
            let (id, outcome) = self.session.recv().ok_or(QueryError::Stopped)?;
            if let Some(k) = ids.iter().position(|&asked| asked == id) {
                answers[k] = Some(outcome);
            }
        }
        answers
            .into_iter()
            .flatten()
            .map(|outcome| Ok(Reply::from(outcome?)))
            .collect()
    }
}

fn sample(key: &str, segments: Vec<String>, label: Option<usize>) -> Sample {
    Sample {
        id: key.to_string(),
        segments,
        label,
    }
}

fn load_bundle(role: &str, dir: &Path) -> Result<Bundle, String> {
    if !dir.join(MANIFEST_FILE).is_file() {
        return Err(format!(
            "no {role} bundle in {} (no {MANIFEST_FILE}). models/ holds the embedded bundles \
             once they are trained; until then point {TEACHER_VAR} and {STUDENT_VAR} at bundle \
             directories (model.pt, tokenizer.json, bundle.json), e.g. the teacher/ and student/ \
             that scripts/make_tiny_bundles.py prints",
            dir.display()
        ));
    }
    Bundle::load(dir).map_err(|e| format!("{role} bundle: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::seeds::write_corpus;
    use crate::engine::feedback::FEATURE_SLOTS;
    use crate::engine::finding::read_findings;
    use crate::engine::score::finding_kinds;
    use crate::fuzz_target::mutate::mutate;
    use crate::model::testing::TinyBundle;
    use crate::relations::Catalog;

    const JAVA: &str = "int sum(int[] xs) {\n  int s = 0;\n  for (int i = 0; i < xs.length; i++) {\n    s += xs[i];\n  }\n  return s;\n}";

    #[test]
    fn settings_come_from_defaults_environment_and_arguments() {
        let root = Path::new("/repo");
        let none = Settings::resolve(root, |_| None, vec!["fuzzer".into()]);
        assert_eq!(none.teacher, root.join("models/teacher"));
        assert_eq!(none.student, root.join("models/student"));
        assert_eq!(none.findings, root.join("target/fuzz-findings/divergence"));
        assert!(none.seed_corpora.is_empty());
        let vars = |name: &str| match name {
            TEACHER_VAR => Some("/t".to_string()),
            FINDINGS_VAR => Some("/f".to_string()),
            SEEDS_VAR => Some("/a:/b".to_string()),
            _ => None,
        };
        let set = Settings::resolve(root, vars, vec!["fuzzer".into()]);
        assert_eq!(set.teacher, Path::new("/t"));
        assert_eq!(set.student, root.join("models/student"));
        assert_eq!(set.findings, Path::new("/f"));
        assert_eq!(set.seed_corpora, [Path::new("/a"), Path::new("/b")]);
    }

    #[test]
    fn an_empty_models_dir_says_how_to_point_at_bundles() {
        let dir = tempfile::tempdir().unwrap();
        let settings = Settings::resolve(dir.path(), |_| None, vec![]);
        let err = DivergenceTarget::open(&settings).err().unwrap();
        assert!(
            err.contains("models/teacher") && err.contains(TEACHER_VAR),
            "{err}"
        );
    }

    #[test]
    fn inputs_give_slots_and_findings_that_replay_from_their_seed() {
        let dir = tempfile::tempdir().unwrap();
        let task = Task::CloneDetection;
        TinyBundle::new("teacher", task)
            .write(&dir.path().join("teacher"))
            .unwrap();
        TinyBundle {
            seed: 2,
            ..TinyBundle::new("student", task)
        }
        .write(&dir.path().join("student"))
        .unwrap();
        let seed = Sample {
            id: "pair-1".into(),
            segments: vec![JAVA.to_string(), JAVA.replace("sum", "total")],
            label: Some(1),
        };
        let corpus = dir.path().join("corpus");
        write_corpus(&corpus, task, std::slice::from_ref(&seed)).unwrap();
        let findings = dir.path().join("findings");
        let settings = Settings {
            teacher: dir.path().join("teacher"),
            student: dir.path().join("student"),
            findings: findings.clone(),
            seed_corpora: vec![corpus],
        };
        let (mut target, notes) = DivergenceTarget::open(&settings).unwrap();
        assert!(
            notes.iter().any(|n| n.starts_with("1 seeds from")),
            "{notes:?}"
        );
        assert_eq!(
            target
                .evaluate(b"not a clone pair")
                .unwrap()
                .map(|o| o.evaluation.slots),
            None
        );

        let mut input = FuzzInput::seed(seed.segments.clone());
        let mut kinds_seen = 0;
        for step in 0..12 {
            let evaluation = target
                .evaluate(input.render().as_bytes())
                .unwrap()
                .expect("a valid input")
                .evaluation;
            assert!(!evaluation.slots.is_empty());
            assert!(evaluation.slots.iter().all(|&s| s < FEATURE_SLOTS));
            assert!(evaluation.fitness >= 0.0);
            kinds_seen += evaluation.kinds.len();
            input = mutate(Catalog::standard(), task, &input, step, 1 << 16).unwrap();
        }
        // Every finding names the seed and replays from it.
        let written = read_findings(&findings).unwrap();
        assert!(written.len() <= kinds_seen);
        for finding in written {
            assert_eq!(finding.seed_id, "pair-1");
            assert_eq!(finding.truth, Some(1));
            let replayed = crate::engine::chain::replay(
                Catalog::standard(),
                finding.chain.lang,
                &finding.seed,
                &finding.chain.steps,
            )
            .unwrap();
            assert_eq!(replayed.segments, finding.variant);
            assert_eq!(
                finding.kinds,
                finding_kinds(&finding.seed_verdict, &finding.variant_verdict, Some(1))
            );
        }
    }
}
