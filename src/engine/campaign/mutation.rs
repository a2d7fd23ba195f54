//! Mutation workers: they apply a generation's jobs in parallel, and each
//! mutant goes to the oracle as soon as it arrives.
use super::plan::Job;
use super::{Campaign, CampaignError, Setup};
use crate::data::Sample;
use crate::engine::chain::{extend, parse_segments, SegmentStep};
use crate::engine::hash::mix;
use crate::engine::oracle::{Dispatcher, Ticket};
use crate::engine::parsed::ParsedEntries;
use crate::engine::store::Entry;
use crate::lang::Source;
use crate::relations::NameStrategy;
use std::sync::Arc;

/// A mutation's result.
pub(super) struct Mutant {
    pub job: Job,
    /// The steps that applied.
    pub added: Vec<SegmentStep>,
    pub segments: Vec<String>,
}

/// What a mutation worker sends back.
struct Mutated {
    /// `None` when no step applied.
    mutant: Option<Mutant>,
    /// The entry's sources, when this job had to parse them.
    parsed: Option<(usize, Arc<Vec<Source>>)>,
}

impl Campaign<'_> {
    /// Mutation workers apply the jobs; each mutant is submitted as soon as
    /// it arrives. Returns the submitted mutants in job order.
    pub(super) fn mutate_and_submit(
        &mut self,
        jobs: Vec<Job>,
        dispatcher: &mut Dispatcher,
    ) -> Result<Vec<(Mutant, Ticket)>, CampaignError> {
        if jobs.is_empty() {
            return Ok(Vec::new());
        }
        let count = jobs.len();
        self.state.execs += count as u64;
        let workers = self.setup.options.workers.clamp(1, count);
        let (job_tx, job_rx) = crossbeam_channel::unbounded::<(usize, Job)>();
        let (mutant_tx, mutant_rx) = crossbeam_channel::bounded::<(usize, Mutated)>(64);
        for job in jobs.into_iter().enumerate() {
            let _ = job_tx.send(job);
        }
        drop(job_tx);
        let mut arrived: Vec<Option<(Mutant, Ticket)>> = (0..count).map(|_| None).collect();
        let mut parsed_now = Vec::new();
        let (setup, entries, parsed) = (&self.setup, &self.entries, &self.parsed);
        std::thread::scope(|scope| -> Result<(), CampaignError> {
            for _ in 0..workers {
                let (job_rx, mutant_tx) = (job_rx.clone(), mutant_tx.clone());
                scope.spawn(move || {
                    for (index, job) in job_rx.iter() {
                        let mutated = mutate(setup, entries, parsed, job);
                        if mutant_tx.send((index, mutated)).is_err() {
                            return;
                        }
                    }
                });
            }
            drop(mutant_tx);
            for (index, mutated) in mutant_rx.iter() {
                parsed_now.extend(mutated.parsed);
                let Some(mutant) = mutated.mutant else {
                    continue;
                };
                let seed = &setup.seeds.seeds[entries[mutant.job.plan.entry].seed];
                let sample = Sample {
                    id: format!("{}~{index}", seed.id),
                    segments: mutant.segments.clone(),
                    label: seed.label,
                };
                let ticket = dispatcher.submit(sample)?;
                arrived[index] = Some((mutant, ticket));
            }
            Ok(())
        })?;
        for (entry, sources) in parsed_now {
            self.parsed.keep(entry, sources);
        }
        Ok(arrived.into_iter().flatten().collect())
    }
}

/// Applies a job's planned steps to its entry, parsed or taken from `parsed`.
fn mutate(setup: &Setup, entries: &[Entry], parsed: &ParsedEntries, job: Job) -> Mutated {
    let entry = job.plan.entry;
    let (sources, parsed) = match parsed.get(entry) {
        Some(sources) => (Some(sources.as_ref().clone()), None),
        None => {
            let sources = entries
                .get(entry)
                .and_then(|e| parse_segments(setup.lang, &e.segments).ok())
                .map(Arc::new);
            let kept = sources.as_ref().map(|s| (entry, Arc::clone(s)));
            (sources.map(|s| s.as_ref().clone()), kept)
        }
    };
    Mutated {
        mutant: sources.and_then(|sources| apply_plan(setup, sources, job)),
        parsed,
    }
}

/// Applies a job's planned steps; `None` when none applied.
fn apply_plan(setup: &Setup, mut sources: Vec<Source>, job: Job) -> Option<Mutant> {
    let catalog = setup.catalog;
    let mut added = Vec::new();
    for (k, &(segment, relation)) in job.plan.steps.iter().enumerate() {
        let relation = catalog.get(setup.relations.get(relation)?).ok()?;
        let seed = mix(job.seed ^ (k as u64 + 1));
        // A relation that applies nowhere, or fails, adds no step.
        if let Ok(Some(step)) = extend(
            catalog,
            &mut sources,
            segment,
            relation,
            seed,
            NameStrategy::Neutral,
        ) {
            added.push(step);
        }
    }
    if added.is_empty() {
        return None;
    }
    Some(Mutant {
        job,
        added,
        segments: sources.into_iter().map(|s| s.into_text()).collect(),
    })
}
