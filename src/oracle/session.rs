//! The streaming pipeline behind [`Session`]:
//!
//! ```text
//! submit ─► [jobs, bounded] ─► tokenizer workers ─┬─► [teacher requests] ─► teacher thread ─┐
//!                                                  └─► [student requests] ─► student thread ─┴─► joiner ─► recv
//! ```
//!
//! Only ids and `Vec<f32>` outputs cross threads; tensors live and die on
//! the model threads. Channels into the model threads are bounded, so a
//! slow model holds back the tokenizers and finally `submit`; the verdict
//! channel is unbounded so the pipeline never waits on the caller, and a
//! caller that submits from the same thread it receives on cannot deadlock.
use super::stats::ModelCounters;
use super::{OracleError, Shared, Side};
use crate::data::Sample;
use crate::fidelity::{ModelOutput, Verdict};
use crate::model::SegmentIds;
use crossbeam_channel::{bounded, unbounded, Receiver, RecvTimeoutError, Sender, TrySendError};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Identifies a submitted sample; a session numbers its jobs 0, 1, 2, … in
/// submission order.
pub type JobId = u64;

/// How long a model thread waits for more samples to fill a batch.
const BATCH_LINGER: Duration = Duration::from_millis(2);
/// A model thread sorts up to this many batches' worth of samples by length.
const WINDOW_BATCHES: usize = 4;

/// Why a sample was not accepted; the sample comes back.
#[derive(Debug)]
pub enum SubmitError {
    /// The pipeline is full: receive some verdicts, then try again.
    Full(Sample),
    /// The session was closed.
    Closed(Sample),
}

/// A verdict with the ids the student read: what decides whether two inputs
/// are the same to it (the fuzzers deduplicate findings by them).
#[derive(Debug, Clone)]
pub struct Answer {
    pub verdict: Verdict,
    pub student_ids: Arc<SegmentIds>,
}

type Outcome = (JobId, Result<Answer, OracleError>);

/// A streaming connection to the oracle's models.
///
/// `submit` blocks while the pipeline is full; `try_submit` returns the
/// sample instead. `recv` returns verdicts in completion order, tagged with
/// the [`JobId`] `submit` returned. Sessions are `Sync`: one thread may
/// submit while another receives. Dropping a session abandons the work still
/// in it.
pub struct Session {
    jobs: Option<Sender<(JobId, Sample)>>,
    verdicts: Receiver<Outcome>,
    /// The next job id; locked while a submission takes it, keeping ids dense.
    next_id: Mutex<JobId>,
    in_flight: AtomicUsize,
    cancelled: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

#[derive(Clone, Copy)]
enum Role {
    Teacher,
    Student,
}

struct Request {
    id: JobId,
    ids: Arc<SegmentIds>,
}

enum Part {
    Output {
        id: JobId,
        role: Role,
        ids: Arc<SegmentIds>,
        output: Result<ModelOutput, OracleError>,
    },
    /// The sample never reached the models.
    Failed { id: JobId, error: OracleError },
}

impl Session {
    pub(super) fn start(shared: Arc<Shared>) -> Result<Session, OracleError> {
        let options = &shared.options;
        let window = options.batch_size * WINDOW_BATCHES;
        let (jobs_tx, jobs_rx) = bounded::<(JobId, Sample)>(options.queue_capacity);
        let (teacher_tx, teacher_rx) = bounded::<Request>(window);
        let (student_tx, student_rx) = bounded::<Request>(window);
        let (parts_tx, parts_rx) = unbounded::<Part>();
        let (verdicts_tx, verdicts_rx) = unbounded::<Outcome>();
        let cancelled = Arc::new(AtomicBool::new(false));
        let mut threads = Vec::new();
        let spawn = |name: String, body: Box<dyn FnOnce() + Send>| {
            std::thread::Builder::new()
                .name(name)
                .spawn(body)
                .map_err(|err| {
                    OracleError::Options(format!("cannot start an oracle thread: {err}"))
                })
        };
        for worker in 0..options.tokenizer_threads {
            let (shared, jobs, teacher, student, parts, cancelled) = (
                Arc::clone(&shared),
                jobs_rx.clone(),
                teacher_tx.clone(),
                student_tx.clone(),
                parts_tx.clone(),
                Arc::clone(&cancelled),
            );
            threads.push(spawn(
                format!("oracle-tokenize-{worker}"),
                Box::new(move || {
                    tokenize_worker(&shared, jobs, teacher, student, parts, &cancelled)
                }),
            )?);
        }
        for (role, requests) in [(Role::Teacher, teacher_rx), (Role::Student, student_rx)] {
            let (shared, parts, cancelled) = (
                Arc::clone(&shared),
                parts_tx.clone(),
                Arc::clone(&cancelled),
            );
            threads.push(spawn(
                format!("oracle-{}", role.name()),
                Box::new(move || model_worker(&shared, role, requests, parts, &cancelled)),
            )?);
        }
        let counters_owner = Arc::clone(&shared);
        threads.push(spawn(
            "oracle-join".to_string(),
            Box::new(move || joiner(&counters_owner, parts_rx, verdicts_tx)),
        )?);
        Ok(Session {
            jobs: Some(jobs_tx),
            verdicts: verdicts_rx,
            next_id: Mutex::new(0),
            in_flight: AtomicUsize::new(0),
            cancelled,
            threads,
        })
    }

    /// Queues a sample, waiting while the pipeline is full.
    pub fn submit(&self, sample: Sample) -> Result<JobId, OracleError> {
        let jobs = self.jobs.as_ref().ok_or(OracleError::Closed)?;
        let id = {
            let mut next = lock(&self.next_id);
            *next += 1;
            *next - 1
        };
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        jobs.send((id, sample)).map_err(|_| {
            self.in_flight.fetch_sub(1, Ordering::SeqCst);
            OracleError::Closed
        })?;
        Ok(id)
    }

    /// Queues a sample if there is room now.
    pub fn try_submit(&self, sample: Sample) -> Result<JobId, SubmitError> {
        let Some(jobs) = self.jobs.as_ref() else {
            return Err(SubmitError::Closed(sample));
        };
        // Counted before sending, so that `recv` never sees an answer to a
        // job it does not know about.
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let mut next = lock(&self.next_id);
        let id = *next;
        match jobs.try_send((id, sample)) {
            Ok(()) => {
                *next += 1;
                Ok(id)
            }
            Err(err) => {
                self.in_flight.fetch_sub(1, Ordering::SeqCst);
                Err(match err {
                    TrySendError::Full((_, sample)) => SubmitError::Full(sample),
                    TrySendError::Disconnected((_, sample)) => SubmitError::Closed(sample),
                })
            }
        }
    }

    /// The next verdict, waiting for it; `None` when nothing is in flight.
    pub fn recv(&self) -> Option<Outcome> {
        if self.in_flight() == 0 {
            return None;
        }
        let outcome = self.verdicts.recv().ok()?;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        Some(outcome)
    }

    /// The next verdict if one is ready.
    pub fn try_recv(&self) -> Option<Outcome> {
        let outcome = self.verdicts.try_recv().ok()?;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        Some(outcome)
    }

    /// The next verdict, waiting at most `timeout`.
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Outcome> {
        if self.in_flight() == 0 {
            return None;
        }
        let outcome = self.verdicts.recv_timeout(timeout).ok()?;
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        Some(outcome)
    }

    /// Samples submitted whose verdict has not been received yet.
    pub fn in_flight(&self) -> usize {
        self.in_flight.load(Ordering::SeqCst)
    }

    /// Accepts no more samples; verdicts already in flight still arrive.
    pub fn close(&mut self) {
        self.jobs = None;
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        self.cancelled.store(true, Ordering::SeqCst);
        self.jobs = None;
        for thread in self.threads.drain(..) {
            // A worker that panicked has already reported through its channels.
            let _ = thread.join();
        }
    }
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Teacher => "teacher",
            Role::Student => "student",
        }
    }

    fn side(self, shared: &Shared) -> &Side {
        match self {
            Role::Teacher => &shared.teacher,
            Role::Student => &shared.student,
        }
    }

    fn counters(self, shared: &Shared) -> &ModelCounters {
        match self {
            Role::Teacher => &shared.counters.teacher,
            Role::Student => &shared.counters.student,
        }
    }
}

/// Locks a mutex, also after a panic elsewhere: the cache stays usable.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn tokenize_worker(
    shared: &Shared,
    jobs: Receiver<(JobId, Sample)>,
    teacher: Sender<Request>,
    student: Sender<Request>,
    parts: Sender<Part>,
    cancelled: &AtomicBool,
) {
    let encode = |role: Role, sample: &Sample| {
        let model = &role.side(shared).model;
        model
            .encode(sample)
            .map(Arc::new)
            .map_err(|error| OracleError::Tokenize {
                sample: sample.id.clone(),
                model: format!("{} '{}'", role.name(), model.name()),
                error,
            })
    };
    for (id, sample) in jobs.iter() {
        if cancelled.load(Ordering::Relaxed) {
            return;
        }
        let start = Instant::now();
        let encoded = encode(Role::Teacher, &sample)
            .and_then(|t| encode(Role::Student, &sample).map(|s| (t, s)));
        shared.counters.tokenized(start.elapsed());
        let delivered = match encoded {
            Ok((t, s)) => {
                teacher.send(Request { id, ids: t }).is_ok()
                    && student.send(Request { id, ids: s }).is_ok()
            }
            Err(error) => parts.send(Part::Failed { id, error }).is_ok(),
        };
        if !delivered {
            return;
        }
    }
}

fn model_worker(
    shared: &Shared,
    role: Role,
    requests: Receiver<Request>,
    parts: Sender<Part>,
    cancelled: &AtomicBool,
) {
    let side = role.side(shared);
    let counters = role.counters(shared);
    let batch_size = shared.options.batch_size;
    let send = |id: JobId, ids: &Arc<SegmentIds>, output: Result<ModelOutput, OracleError>| {
        // The joiner only goes away when the session is dropped.
        let ids = Arc::clone(ids);
        let _ = parts.send(Part::Output {
            id,
            role,
            ids,
            output,
        });
    };
    while let Ok(first) = requests.recv() {
        let window = gather(first, &requests, batch_size);
        if cancelled.load(Ordering::Relaxed) {
            return;
        }
        let misses = answer_from_cache(side, counters, window, &send);
        for chunk in misses.chunks(batch_size) {
            let rows: Vec<&SegmentIds> = chunk.iter().map(|(ids, _)| ids.as_ref()).collect();
            let start = Instant::now();
            let result = side.model.predict(&rows);
            counters.forward(rows.len(), start.elapsed());
            match result {
                Ok(outputs) => {
                    let mut cache = lock(&side.cache);
                    for ((ids, jobs), output) in chunk.iter().zip(outputs) {
                        for &id in jobs {
                            send(id, ids, Ok(output.clone()));
                        }
                        cache.insert(Arc::clone(ids), output);
                    }
                }
                Err(error) => {
                    let error = OracleError::Forward {
                        model: format!("{} '{}'", role.name(), side.model.name()),
                        error,
                    };
                    for (ids, jobs) in chunk {
                        for &id in jobs {
                            send(id, ids, Err(error.clone()));
                        }
                    }
                }
            }
        }
    }
}

/// Collects up to a window of requests: whatever is queued, waiting briefly
/// for a full batch.
fn gather(first: Request, requests: &Receiver<Request>, batch_size: usize) -> Vec<Request> {
    let deadline = Instant::now() + BATCH_LINGER;
    let mut window = vec![first];
    while window.len() < batch_size * WINDOW_BATCHES {
        match requests.try_recv() {
            Ok(request) => window.push(request),
            Err(_) if window.len() >= batch_size => break,
            Err(_) => match requests.recv_deadline(deadline) {
                Ok(request) => window.push(request),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            },
        }
    }
    window
}

/// Answers cached inputs; returns the distinct others, shortest first (so
/// batches hold similar lengths), each with the jobs waiting for it.
fn answer_from_cache(
    side: &Side,
    counters: &ModelCounters,
    window: Vec<Request>,
    send: &impl Fn(JobId, &Arc<SegmentIds>, Result<ModelOutput, OracleError>),
) -> Vec<(Arc<SegmentIds>, Vec<JobId>)> {
    let mut misses: Vec<(Arc<SegmentIds>, Vec<JobId>)> = Vec::new();
    let mut position: HashMap<Arc<SegmentIds>, usize> = HashMap::new();
    let mut hits = 0;
    {
        let mut cache = lock(&side.cache);
        for request in window {
            if let Some(output) = cache.get(request.ids.as_ref()) {
                hits += 1;
                send(request.id, &request.ids, Ok(output));
            } else if let Some(&at) = position.get(&request.ids) {
                hits += 1;
                misses[at].1.push(request.id);
            } else {
                position.insert(Arc::clone(&request.ids), misses.len());
                misses.push((request.ids, vec![request.id]));
            }
        }
    }
    counters.cache_hits(hits);
    misses.sort_by_key(|(ids, _)| ids.iter().map(Vec::len).max().unwrap_or(0));
    misses
}

fn joiner(shared: &Shared, parts: Receiver<Part>, verdicts: Sender<Outcome>) {
    type Half = Result<ModelOutput, OracleError>;
    // Teacher's output; student's output and ids.
    type Halves = (Option<Half>, Option<(Half, Arc<SegmentIds>)>);
    let mut pending: HashMap<JobId, Halves> = HashMap::new();
    let emit = |id: JobId, outcome: Result<Answer, OracleError>| {
        if outcome.is_err() {
            shared.counters.failed();
        }
        // The receiver only goes away with the session.
        let _ = verdicts.send((id, outcome));
    };
    for part in parts.iter() {
        match part {
            Part::Failed { id, error } => emit(id, Err(error)),
            Part::Output {
                id,
                role,
                ids,
                output,
            } => {
                let halves = pending.entry(id).or_default();
                match role {
                    Role::Teacher => halves.0 = Some(output),
                    Role::Student => halves.1 = Some((output, ids)),
                }
                if let (Some(_), Some(_)) = halves {
                    if let Some((Some(teacher), Some((student, student_ids)))) = pending.remove(&id)
                    {
                        let verdict = teacher.and_then(|t| student.map(|s| Verdict::new(t, s)));
                        emit(
                            id,
                            verdict.map(|verdict| Answer {
                                verdict,
                                student_ids,
                            }),
                        );
                    }
                }
            }
        }
    }
}
