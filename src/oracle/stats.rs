//! Counters the pipeline threads update and users read as a snapshot.
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// What one model did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct ModelStats {
    /// Samples that went through the model (rows of forward batches).
    pub forwarded: u64,
    /// Forward calls (batches).
    pub batches: u64,
    /// Samples answered from the cache, or by an identical sample in the
    /// same batch window, without a forward.
    pub cache_hits: u64,
    /// Wall time spent in forward calls.
    pub forward_time: Duration,
    /// Outputs held in the cache now.
    pub cache_entries: u64,
}

/// A snapshot of an oracle's counters since it was created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct OracleStats {
    /// Samples tokenized (each once, for both models).
    pub samples: u64,
    /// Samples whose verdict is an error.
    pub failures: u64,
    /// Tokenization time summed over worker threads.
    pub tokenize_time: Duration,
    pub teacher: ModelStats,
    pub student: ModelStats,
}

#[derive(Default)]
pub(crate) struct ModelCounters {
    forwarded: AtomicU64,
    batches: AtomicU64,
    cache_hits: AtomicU64,
    forward_nanos: AtomicU64,
}

impl ModelCounters {
    pub fn forward(&self, rows: usize, time: Duration) {
        self.forwarded.fetch_add(rows as u64, Ordering::Relaxed);
        self.batches.fetch_add(1, Ordering::Relaxed);
        self.forward_nanos.fetch_add(nanos(time), Ordering::Relaxed);
    }

    pub fn cache_hits(&self, hits: usize) {
        self.cache_hits.fetch_add(hits as u64, Ordering::Relaxed);
    }

    fn snapshot(&self) -> ModelStats {
        ModelStats {
            forwarded: self.forwarded.load(Ordering::Relaxed),
            batches: self.batches.load(Ordering::Relaxed),
            cache_hits: self.cache_hits.load(Ordering::Relaxed),
            forward_time: Duration::from_nanos(self.forward_nanos.load(Ordering::Relaxed)),
            cache_entries: 0,
        }
    }
}

#[derive(Default)]
pub(crate) struct Counters {
    samples: AtomicU64,
    failures: AtomicU64,
    tokenize_nanos: AtomicU64,
    pub teacher: ModelCounters,
    pub student: ModelCounters,
}

impl Counters {
    pub fn tokenized(&self, time: Duration) {
        self.samples.fetch_add(1, Ordering::Relaxed);
        self.tokenize_nanos
            .fetch_add(nanos(time), Ordering::Relaxed);
    }

    pub fn failed(&self) {
        self.failures.fetch_add(1, Ordering::Relaxed);
    }

    pub fn snapshot(&self) -> OracleStats {
        OracleStats {
            samples: self.samples.load(Ordering::Relaxed),
            failures: self.failures.load(Ordering::Relaxed),
            tokenize_time: Duration::from_nanos(self.tokenize_nanos.load(Ordering::Relaxed)),
            teacher: self.teacher.snapshot(),
            student: self.student.snapshot(),
        }
    }
}

fn nanos(time: Duration) -> u64 {
    u64::try_from(time.as_nanos()).unwrap_or(u64::MAX)
}
