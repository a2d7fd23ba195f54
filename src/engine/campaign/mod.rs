//! A fuzzing campaign: the generation loop that composes the search's parts
//! (scheduler, feedback and objective, stages) with mutation workers, the
//! oracle, the corpus and the findings.
//!
//! ```text
//! plan generation g ─► [jobs] ─► mutation workers ─► [mutants, bounded] ─► submit to the oracle
//!                                                       (meanwhile the oracle still works on g − 1)
//! wait for the verdicts of g − 1 ─► score in job order ─► corpus, findings, scheduler, state
//! ```
//!
//! Generation g is planned from the state after g − 2 was scored, so the
//! model always has a generation to chew on while the next one is mutated.
//! Everything is processed in job order, and each generation's randomness
//! derives from (`--seed`, g): with a deterministic oracle the same seed
//! gives the same campaign, whatever the thread timing. The real oracle
//! batches samples in arrival order; padding inside a batch can move its
//! probabilities in the last float digits, so a real campaign repeats up to
//! such rounding.
//!
//! One job per module: [`open`] (fresh or resumed), [`seeds`] (the seeds'
//! verdicts), [`plan`] (a generation's jobs), [`mutation`] (workers),
//! [`scoring`] (verdicts into coverage, corpus and schedule), [`findings`]
//! (stages and storage of new findings), [`stats`] (figures).
mod error;
mod findings;
mod mutation;
mod open;
mod options;
mod plan;
mod scoring;
mod seeds;
mod stats;

pub use super::scheduler::Strategy;
pub use error::CampaignError;
pub use options::{mutation_workers, Options};
pub use stats::Stats;

use super::coverage::CoverageMap;
use super::evaluate::Evaluator;
use super::finding::Finding;
use super::minimise::Minimise;
use super::oracle::{Dispatcher, OracleLike};
use super::parsed::ParsedEntries;
use super::scheduler::Scheduler;
use super::stage::Stage;
use super::store::{self, Entry, State};
use crate::data::seeds::SeedCorpus;
use crate::lang::Lang;
use crate::relations::Catalog;
use std::collections::HashSet;
use std::time::Instant;

/// A campaign ends after this many generations in a row where no relation
/// applied (the seeds offer nothing more to rewrite).
const BARREN_GENERATIONS: usize = 100;

/// Runs (or resumes) a campaign on `seeds` with the relations of `catalog`
/// until a budget is spent; calls `progress` after every generation.
pub fn run(
    catalog: &Catalog,
    seeds: &SeedCorpus,
    oracle: &mut dyn OracleLike,
    options: &Options,
    progress: &mut dyn FnMut(&Stats),
) -> Result<Stats, CampaignError> {
    if seeds.seeds.is_empty() {
        return Err(CampaignError::NoSeeds);
    }
    let setup = Setup::new(catalog, seeds, options);
    let mut campaign = Campaign::open(setup, Parts::new(options))?;
    let mut dispatcher = Dispatcher::new(oracle);
    dispatcher.submitted = campaign.state.queries + campaign.state.minimise_queries;
    campaign.evaluate_seeds(&mut dispatcher)?;
    let mut in_flight = None;
    let mut barren = 0;
    loop {
        let jobs = if campaign.budget_left(&dispatcher) {
            campaign.plan(&dispatcher)
        } else {
            Vec::new()
        };
        let planned = !jobs.is_empty();
        let submitted = campaign.mutate_and_submit(jobs, &mut dispatcher)?;
        if let Some(previous) = in_flight.take() {
            campaign.score(previous, &mut dispatcher)?;
            progress(&campaign.stats());
        }
        barren = if submitted.is_empty() { barren + 1 } else { 0 };
        if !planned || barren >= BARREN_GENERATIONS {
            break;
        }
        in_flight = Some(submitted);
    }
    campaign.save()?;
    Ok(campaign.stats())
}

/// What the caller gave, and the campaign's relations (in the order plans
/// index them); the mutation workers share it.
struct Setup<'a> {
    catalog: &'a Catalog,
    seeds: &'a SeedCorpus,
    options: &'a Options,
    lang: Lang,
    relations: Vec<&'a str>,
}

impl<'a> Setup<'a> {
    fn new(catalog: &'a Catalog, seeds: &'a SeedCorpus, options: &'a Options) -> Self {
        let lang = seeds.task.lang();
        Setup {
            catalog,
            seeds,
            options,
            lang,
            relations: catalog.for_lang(lang).map(|r| r.id()).collect(),
        }
    }
}

/// The search's roles.
struct Parts {
    scheduler: Box<dyn Scheduler>,
    evaluator: Evaluator,
    /// What every new finding goes through, in order, before it is stored.
    stages: Vec<Box<dyn Stage>>,
}

impl Parts {
    /// The parts `options` select.
    fn new(options: &Options) -> Self {
        let mut stages: Vec<Box<dyn Stage>> = Vec::new();
        if options.minimise {
            stages.push(Box::new(Minimise));
        }
        Parts {
            scheduler: options.strategy.scheduler(),
            evaluator: Evaluator::standard(options.novelty),
            stages,
        }
    }
}

struct Campaign<'a> {
    setup: Setup<'a>,
    parts: Parts,
    entries: Vec<Entry>,
    parsed: ParsedEntries,
    coverage: CoverageMap,
    findings: Vec<Finding>,
    /// Keys of the findings, and of variants found before their stages ran.
    seen: HashSet<String>,
    state: State,
    started: Instant,
    /// Seconds spent by earlier runs of the campaign.
    elapsed_before: f64,
}

impl Campaign<'_> {
    /// Writes a new corpus entry and adds it to the schedule.
    fn keep_entry(&mut self, entry: Entry, new_features: usize) -> Result<(), CampaignError> {
        store::write_entry(&self.setup.options.out, self.entries.len(), &entry)?;
        self.state
            .scheduler
            .statistics
            .add_entry(entry.fitness, new_features);
        self.entries.push(entry);
        Ok(())
    }

    fn budget_left(&self, dispatcher: &Dispatcher) -> bool {
        let options = self.setup.options;
        let time_left = options.budget.is_none_or(|b| self.started.elapsed() < b);
        let queries_left = options
            .max_queries
            .is_none_or(|max| self.search_queries(dispatcher) < max);
        time_left && queries_left && !self.setup.relations.is_empty()
    }

    fn search_queries(&self, dispatcher: &Dispatcher) -> u64 {
        dispatcher.submitted - self.state.minimise_queries
    }

    fn save(&mut self) -> Result<(), CampaignError> {
        self.state.elapsed_s = self.elapsed_before + self.started.elapsed().as_secs_f64();
        self.state.coverage = self.coverage.slots();
        store::write_state(&self.setup.options.out, &self.state)?;
        Ok(())
    }
}
