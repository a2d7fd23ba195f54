//! Opening a campaign: a fresh directory, or a saved campaign to resume,
//! checked against the catalog and the seed corpus it is resumed with.
use super::{Campaign, CampaignError, Parts, Setup};
use crate::engine::coverage::CoverageMap;
use crate::engine::finding::read_findings;
use crate::engine::parsed::ParsedEntries;
use crate::engine::scheduler::SchedulerState;
use crate::engine::store::{self, Entry, State, STATE_FORMAT};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

impl<'a> Campaign<'a> {
    pub(super) fn open(setup: Setup<'a>, mut parts: Parts) -> Result<Self, CampaignError> {
        let options = setup.options;
        let out = &options.out;
        let fresh_state = State {
            format: STATE_FORMAT.to_string(),
            strategy: options.strategy.name().to_string(),
            seed: options.seed,
            generation: 0,
            execs: 0,
            queries: 0,
            minimise_queries: 0,
            elapsed_s: 0.0,
            scheduler: SchedulerState::new(setup.relations.iter().map(|r| r.to_string()).collect()),
            coverage: Vec::new(),
            first_flip: BTreeMap::new(),
        };
        let (entries, mut state, findings) = if options.resume && out.exists() {
            let entries = store::read_entries(out)?;
            let state = store::read_state(out)?.unwrap_or(fresh_state);
            let findings = read_findings(&store::findings_dir(out))?;
            (entries, state, findings)
        } else {
            store::create(out)?;
            (Vec::new(), fresh_state, Vec::new())
        };
        check_relations(out, &state.scheduler.statistics.relations, &setup.relations)?;
        check_seeds(out, &setup, &entries)?;
        let mut coverage = CoverageMap::default();
        coverage.cover(&state.coverage);
        // Entries written after the last state save join the schedule now.
        let known = state.scheduler.statistics.entries.len();
        for (index, entry) in entries.iter().enumerate() {
            parts.evaluator.feedback.remember(&entry.verdict);
            let new = coverage.cover(&entry.features);
            if index >= known {
                state.scheduler.statistics.add_entry(entry.fitness, new);
            }
        }
        Ok(Campaign {
            seen: findings.iter().map(|f| f.key.clone()).collect(),
            elapsed_before: state.elapsed_s,
            setup,
            parts,
            entries,
            parsed: ParsedEntries::default(),
            coverage,
            findings,
            state,
            started: Instant::now(),
        })
    }
}

/// Plans and statistics index relations by position: a saved campaign
/// resumes only with the same relation ids in the same order.
fn check_relations(out: &Path, saved: &[String], build: &[&str]) -> Result<(), CampaignError> {
    if saved.iter().map(String::as_str).eq(build.iter().copied()) {
        return Ok(());
    }
    Err(CampaignError::Relations {
        out: out.to_path_buf(),
        saved_only: saved
            .iter()
            .filter(|id| !build.contains(&id.as_str()))
            .cloned()
            .collect(),
        build_only: build
            .iter()
            .filter(|id| !saved.iter().any(|s| s == *id))
            .map(|id| id.to_string())
            .collect(),
    })
}

/// Every corpus entry must come from the seed of the same index.
fn check_seeds(out: &Path, setup: &Setup, entries: &[Entry]) -> Result<(), CampaignError> {
    let stranger = entries.iter().find(|entry| {
        setup
            .seeds
            .seeds
            .get(entry.seed)
            .is_none_or(|s| s.id != entry.seed_id)
    });
    match stranger {
        Some(entry) => Err(CampaignError::SeedMismatch {
            out: out.to_path_buf(),
            seed_id: entry.seed_id.clone(),
        }),
        None => Ok(()),
    }
}
