//! The oracle on tiny bundles: verdict contents, order, caching, streaming,
//! batch sizes and lengths, and teacher/student with different tokenizers.
#![cfg(feature = "torch")]
mod common;

use common::{code, cpu_options, load, samples, teacher_student, write};
use metacompress::data::{Sample, Task};
use metacompress::fidelity::{argmax, Disagreement, ModelOutput};
use metacompress::model::testing::TinyBundle;
use metacompress::model::CodeModel;
use metacompress::oracle::{Answer, Oracle, OracleError, OracleOptions, SubmitError, Verdict};
use std::collections::HashMap;
use tempfile::TempDir;

struct Setup {
    _dirs: (TempDir, TempDir),
    oracle: Oracle,
}

fn setup(teacher: &TinyBundle, student: &TinyBundle, options: OracleOptions) -> Setup {
    let dirs = (write(teacher), write(student));
    let oracle = Oracle::new(load(&dirs.0), load(&dirs.1), options).expect("oracle");
    Setup {
        _dirs: dirs,
        oracle,
    }
}

fn default_setup(task: Task, options: OracleOptions) -> Setup {
    let (teacher, student) = teacher_student(task);
    setup(&teacher, &student, options)
}

/// The bundle's output for one sample run alone (batch of one, no padding).
fn alone(model: &dyn CodeModel, sample: &Sample) -> ModelOutput {
    let ids = model.encode(sample).expect("encodes");
    model.predict(&[&ids]).expect("forward").remove(0)
}

fn assert_close(a: &ModelOutput, b: &ModelOutput, what: &str) {
    assert_eq!(a.label, b.label, "{what}: labels");
    for (x, y) in a.probs.iter().zip(&b.probs) {
        assert!(
            (x - y).abs() < 1e-5,
            "{what}: {:?} vs {:?}",
            a.probs,
            b.probs
        );
    }
}

/// Each verdict equals both models run on its sample alone.
fn assert_matches_single_runs(oracle: &Oracle, samples: &[Sample], verdicts: &[Verdict]) {
    assert_eq!(samples.len(), verdicts.len());
    for (sample, verdict) in samples.iter().zip(verdicts) {
        assert_close(
            &verdict.teacher,
            &alone(oracle.teacher(), sample),
            &sample.id,
        );
        assert_close(
            &verdict.student,
            &alone(oracle.student(), sample),
            &sample.id,
        );
    }
}

#[test]
fn verdicts_hold_consistent_probabilities_and_disagreement() {
    let s = default_setup(Task::CloneDetection, cpu_options());
    let verdicts = s
        .oracle
        .run(&samples(Task::CloneDetection, 12))
        .expect("run");
    for v in &verdicts {
        for output in [&v.teacher, &v.student] {
            assert_eq!(output.probs.len(), 2);
            assert!((output.probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
            assert_eq!(output.label, argmax(&output.probs));
            assert!(output.hidden.is_none());
        }
        assert_eq!(
            v.disagreement,
            Disagreement::between(&v.teacher, &v.student)
        );
    }
    // Different weights: the two models do not produce identical outputs.
    assert!(verdicts
        .iter()
        .any(|v| v.disagreement.total_variation > 1e-4));
}

#[test]
fn order_is_preserved_although_batches_are_sorted_by_length() {
    let s = default_setup(
        Task::CloneDetection,
        OracleOptions {
            batch_size: 4,
            ..cpu_options()
        },
    );
    let mut data = samples(Task::CloneDetection, 30);
    data.reverse(); // longest and shortest interleave differently from the length order
    let verdicts = s.oracle.run(&data).expect("run");
    assert_matches_single_runs(&s.oracle, &data, &verdicts);
}

#[test]
fn repeated_inputs_never_run_twice() {
    let s = default_setup(Task::CloneDetection, cpu_options());
    let mut data = samples(Task::CloneDetection, 10);
    // Two exact duplicates inside the first run.
    data.push(Sample {
        id: "again0".into(),
        ..data[0].clone()
    });
    data.push(Sample {
        id: "again3".into(),
        ..data[3].clone()
    });
    let distinct = 10;
    let first = s.oracle.run(&data).expect("first run");
    let after_first = s.oracle.stats();
    assert_eq!(after_first.teacher.forwarded, distinct);
    assert_eq!(after_first.student.forwarded, distinct);
    assert_eq!(after_first.teacher.cache_hits, 2);
    assert_eq!(after_first.teacher.cache_entries, distinct);
    assert_eq!(first[10], first[0]);

    let second = s.oracle.run(&data).expect("second run");
    let after_second = s.oracle.stats();
    assert_eq!(
        after_second.teacher.forwarded, distinct,
        "no second forward"
    );
    assert_eq!(
        after_second.student.forwarded, distinct,
        "no second forward"
    );
    assert_eq!(after_second.teacher.cache_hits, 2 + data.len() as u64);
    assert_eq!(after_second.student.cache_hits, 2 + data.len() as u64);
    assert_eq!(after_second.samples, 2 * data.len() as u64);
    assert_eq!(first, second);

    s.oracle.clear_cache();
    s.oracle.run(&data[..1]).expect("after clearing");
    assert_eq!(s.oracle.stats().teacher.forwarded, distinct + 1);
}

#[test]
fn a_disabled_cache_runs_every_input() {
    let s = default_setup(
        Task::CloneDetection,
        OracleOptions {
            cache_capacity: 0,
            ..cpu_options()
        },
    );
    let data = samples(Task::CloneDetection, 5);
    s.oracle.run(&data).expect("first");
    s.oracle.run(&data).expect("second");
    let stats = s.oracle.stats();
    assert_eq!(stats.teacher.forwarded, 10);
    assert_eq!(stats.teacher.cache_hits, 0);
}

#[test]
fn streaming_accepts_more_jobs_than_the_queue_holds() {
    let options = OracleOptions {
        batch_size: 3,
        queue_capacity: 2,
        cache_capacity: 0,
        ..cpu_options()
    };
    let s = default_setup(Task::CloneDetection, options);
    let data = samples(Task::CloneDetection, 40);
    let expected = s.oracle.run(&data).expect("batch run");

    // One thread: blocking submits never deadlock, verdicts wait in the session.
    let session = s.oracle.session().expect("session");
    let ids: Vec<u64> = data
        .iter()
        .map(|sample| session.submit(sample.clone()).expect("submit"))
        .collect();
    assert_eq!(ids, (0..40).collect::<Vec<u64>>());
    let mut got = HashMap::new();
    while let Some((id, answer)) = session.recv() {
        assert!(
            got.insert(id, answer.expect("verdict")).is_none(),
            "job {id} answered twice"
        );
    }
    assert_eq!(got.len(), 40);
    assert_eq!(session.in_flight(), 0);
    for (id, answer) in &got {
        // Batches are composed differently, so allow float rounding.
        let want = &expected[*id as usize];
        assert_close(&answer.verdict.teacher, &want.teacher, "teacher");
        assert_close(&answer.verdict.student, &want.student, "student");
        // The ids the student read come back with the answer.
        let student_ids = s.oracle.student().encode(&data[*id as usize]);
        assert_eq!(answer.student_ids.as_ref(), &student_ids.expect("encodes"));
    }

    // try_submit hands the sample back when the queue is full.
    let session = s.oracle.session().expect("session");
    let mut refused = 0;
    let mut answered = 0;
    for sample in &data {
        let mut pending = sample.clone();
        loop {
            match session.try_submit(pending) {
                Ok(_) => break,
                Err(SubmitError::Full(back)) => {
                    refused += 1;
                    pending = back;
                    if session.recv().is_some() {
                        answered += 1;
                    }
                }
                Err(SubmitError::Closed(_)) => panic!("session closed"),
            }
        }
    }
    while session.recv().is_some() {
        answered += 1;
    }
    // Whether the queue fills depends on timing; every sample is answered
    // once either way, and each refusal handed its sample back.
    assert_eq!(answered, 40);
    assert!(refused <= answered);
}

#[test]
fn one_thread_submits_while_another_receives() {
    let s = default_setup(
        Task::VulnerabilityPrediction,
        OracleOptions {
            queue_capacity: 1,
            ..cpu_options()
        },
    );
    let data = samples(Task::VulnerabilityPrediction, 25);
    let mut session = s.oracle.session().expect("session");
    let received = std::thread::scope(|scope| {
        let session = &session;
        let submitter = scope.spawn(|| {
            for sample in &data {
                session.submit(sample.clone()).expect("submit");
            }
        });
        let mut received = 0;
        while received < data.len() {
            if let Some((_, verdict)) = session.recv_timeout(std::time::Duration::from_millis(50)) {
                verdict.expect("verdict");
                received += 1;
            }
        }
        submitter.join().expect("submitter");
        received
    });
    assert_eq!(received, 25);
    session.close();
    assert!(matches!(
        session.submit(data[0].clone()),
        Err(OracleError::Closed)
    ));
}

#[test]
fn batch_sizes_one_and_seven_with_lengths_up_to_max_tokens() {
    let (teacher, student) = teacher_student(Task::CloneDetection);
    let mut data = samples(Task::CloneDetection, 9);
    // Far longer than max_tokens (32): truncated to exactly 32 ids per segment.
    data.push(Sample {
        id: "long".into(),
        segments: vec![code(60), code(40)],
        label: None,
    });
    data.push(Sample {
        id: "near-max".into(),
        segments: vec![code(5), code(60)],
        label: Some(1),
    });
    for batch_size in [1, 7] {
        let s = setup(
            &teacher,
            &student,
            OracleOptions {
                batch_size,
                ..cpu_options()
            },
        );
        let long = s.oracle.teacher().encode(&data[9]).expect("encodes");
        assert!(
            long.iter().all(|segment| segment.len() == 32),
            "truncated to max_tokens"
        );
        let ids = load(&s._dirs.0).encoder().special_ids();
        assert_eq!((long[0][0], long[0][31]), (ids.bos, ids.eos));
        let verdicts = s.oracle.run(&data).expect("run");
        assert_matches_single_runs(&s.oracle, &data, &verdicts);
        let stats = s.oracle.stats();
        assert_eq!(stats.teacher.forwarded, data.len() as u64);
        if batch_size == 1 {
            assert_eq!(stats.teacher.batches, data.len() as u64);
        } else {
            assert!(
                stats.teacher.batches >= 2,
                "11 samples need two batches of 7"
            );
        }
    }
}

#[test]
fn teacher_and_student_may_use_different_tokenizers() {
    let teacher = TinyBundle::new("teacher", Task::CloneDetection);
    let student = TinyBundle {
        vocab_size: 270,
        lowercase: true,
        seed: 3,
        ..TinyBundle::new("student", Task::CloneDetection)
    };
    let s = setup(&teacher, &student, cpu_options());
    let sample = Sample {
        id: "mixed-case".into(),
        segments: vec!["String NAME = getName();".into(), "return Total;".into()],
        label: None,
    };
    let t_ids = s.oracle.teacher().encode(&sample).expect("teacher ids");
    let s_ids = s.oracle.student().encode(&sample).expect("student ids");
    assert_ne!(
        t_ids, s_ids,
        "the tokenizers must differ for this test to mean anything"
    );
    let data = vec![sample.clone(), samples(Task::CloneDetection, 1).remove(0)];
    let verdicts = s.oracle.run(&data).expect("run");
    assert_matches_single_runs(&s.oracle, &data, &verdicts);
}

#[test]
fn hidden_outputs_and_probability_bundles_pass_through() {
    let teacher = TinyBundle {
        hidden_output: true,
        ..TinyBundle::new("teacher", Task::VulnerabilityPrediction)
    };
    let student = TinyBundle {
        output: metacompress::model::OutputKind::Probabilities,
        seed: 5,
        ..TinyBundle::new("student", Task::VulnerabilityPrediction)
    };
    let s = setup(&teacher, &student, cpu_options());
    let data = samples(Task::VulnerabilityPrediction, 6);
    let verdicts = s.oracle.run(&data).expect("run");
    for v in &verdicts {
        let hidden = v
            .teacher
            .hidden
            .as_ref()
            .expect("teacher exports pooled vectors");
        assert_eq!(hidden.len(), teacher.embedding_dim as usize);
        assert!(v.student.hidden.is_none());
        assert!((v.student.probs.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
    assert_matches_single_runs(&s.oracle, &data, &verdicts);
}

#[test]
fn a_sample_with_the_wrong_shape_fails_alone() {
    let s = default_setup(Task::CloneDetection, cpu_options());
    let mut data = samples(Task::CloneDetection, 3);
    data[1].segments.pop();
    let session = s.oracle.session().expect("session");
    for sample in &data {
        session.submit(sample.clone()).expect("submit");
    }
    let mut outcomes: Vec<(u64, Result<Answer, OracleError>)> =
        std::iter::from_fn(|| session.recv()).collect();
    outcomes.sort_by_key(|(id, _)| *id);
    assert!(outcomes[0].1.is_ok() && outcomes[2].1.is_ok());
    let err = outcomes[1]
        .1
        .as_ref()
        .expect_err("one segment for a two-segment task")
        .to_string();
    assert!(
        err.contains("sample 's1'") && err.contains("has 1 code segment(s), the model takes 2"),
        "{err}"
    );
    assert_eq!(s.oracle.stats().failures, 1);

    let err = s
        .oracle
        .run(&data)
        .expect_err("run stops at the bad sample")
        .to_string();
    assert!(err.contains("s1"), "{err}");
}

/// A model of another kind than a TorchScript bundle: the oracle runs it
/// through the same trait. It reads bytes and says "1" for texts of odd length.
struct ParityModel {
    manifest: metacompress::model::Manifest,
    batches: std::sync::atomic::AtomicUsize,
}

impl CodeModel for ParityModel {
    fn manifest(&self) -> &metacompress::model::Manifest {
        &self.manifest
    }

    fn encode(&self, sample: &Sample) -> Result<Vec<Vec<u32>>, metacompress::model::ModelError> {
        Ok(sample
            .segments
            .iter()
            .map(|s| s.bytes().map(u32::from).collect())
            .collect())
    }

    fn predict(
        &self,
        rows: &[&Vec<Vec<u32>>],
    ) -> Result<Vec<ModelOutput>, metacompress::model::ModelError> {
        self.batches
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(rows
            .iter()
            .map(|row| {
                let odd = row.iter().map(Vec::len).sum::<usize>() % 2 == 1;
                let p = if odd { 0.8 } else { 0.3 };
                ModelOutput::from_probs(vec![1.0 - p, p], None)
            })
            .collect())
    }

    fn runs_on_cpu(&self) -> bool {
        true
    }
}

#[test]
fn the_oracle_runs_any_code_model() {
    let manifest = TinyBundle::new("parity", Task::VulnerabilityPrediction).manifest();
    let parity = |name: &str| {
        std::sync::Arc::new(ParityModel {
            manifest: metacompress::model::Manifest {
                name: name.to_string(),
                ..manifest.clone()
            },
            batches: Default::default(),
        })
    };
    let (teacher, student) = (parity("parity-teacher"), parity("parity-student"));
    let oracle = Oracle::with_models(teacher.clone(), student.clone(), cpu_options())
        .expect("any two models of one task join");
    let data: Vec<Sample> = ["ab", "abc", "abc"]
        .iter()
        .enumerate()
        .map(|(i, text)| Sample {
            id: format!("p{i}"),
            segments: vec![text.to_string()],
            label: None,
        })
        .collect();
    let verdicts = oracle.run(&data).expect("run");
    let labels: Vec<usize> = verdicts.iter().map(|v| v.teacher.label).collect();
    assert_eq!(labels, [0, 1, 1]);
    assert!(verdicts.iter().all(|v| v.disagreement.labels_agree));
    // The repeated text is answered from the cache: two distinct inputs forwarded.
    assert_eq!(oracle.stats().teacher.forwarded, 2);
    assert!(teacher.batches.load(std::sync::atomic::Ordering::Relaxed) >= 1);
    assert_eq!(oracle.teacher().name(), "parity-teacher");
}
