//! A fuzzing campaign: the generation loop that ties scheduler, mutation
//! workers, oracle, scorer, corpus and findings together.
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
use super::chain::{extend, parse_segments, replay, task_lang, Replayed, SegmentStep};
use super::feedback::{features, seed_slot, Novelty, NoveltyOptions, FEATURE_SLOTS};
use super::finding::{read_findings, write_finding, Finding};
use super::hash::mix;
use super::minimise::shortest_subchain;
use super::oracle::{Dispatcher, OracleLike, Reply, Ticket};
use super::parsed::ParsedEntries;
use super::scheduler::{Scheduler, MAX_STEPS};
use super::score::{finding_kinds, fitness, FindingKind};
use super::store::{self, Entry, State, STATE_FORMAT};
use crate::data::seeds::SeedCorpus;
use crate::data::Sample;
use crate::lang::{Lang, Source};
use crate::relations::{Catalog, NameStrategy};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How mutations are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    /// Power schedule over a growing corpus, relations and chain lengths
    /// adapted by success (see [`super::scheduler`]).
    Guided,
    /// Random chains of 1..=MAX_STEPS random relations on random seeds; no
    /// feedback, no corpus growth.
    Random,
    /// Every relation once per seed, round after round (MetaCompress's tests).
    Single,
}

impl Strategy {
    pub const ALL: [Strategy; 3] = [Strategy::Guided, Strategy::Random, Strategy::Single];

    pub fn name(self) -> &'static str {
        match self {
            Strategy::Guided => "guided",
            Strategy::Random => "random",
            Strategy::Single => "single",
        }
    }
}

impl std::str::FromStr for Strategy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Strategy::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| format!("unknown strategy `{s}` (guided, random or single)"))
    }
}

/// Settings of a campaign.
#[derive(Debug, Clone)]
pub struct Options {
    pub out: PathBuf,
    pub resume: bool,
    pub strategy: Strategy,
    pub seed: u64,
    /// Wall-clock budget of this run.
    pub budget: Option<Duration>,
    /// Oracle queries (all runs of the campaign together, minimisation excluded).
    pub max_queries: Option<u64>,
    /// Mutants per generation.
    pub generation_size: usize,
    pub workers: usize,
    /// Shrink each finding to its shortest sub-chain (costs oracle queries,
    /// counted apart).
    pub minimise: bool,
    pub novelty: NoveltyOptions,
}

impl Options {
    pub fn new(out: PathBuf) -> Self {
        Options {
            out,
            resume: false,
            strategy: Strategy::Guided,
            seed: 0,
            budget: None,
            max_queries: None,
            generation_size: 64,
            workers: mutation_workers(false),
            minimise: true,
            novelty: NoveltyOptions::default(),
        }
    }
}

/// Mutation threads that keep the models fed without starving them: one per
/// core when the models run on a GPU; half the cores (at least one) when they
/// share the CPU, where more workers only slow the forward passes down (on 2
/// cores: 297 queries/s with one worker, 245/s with two).
pub fn mutation_workers(models_on_cpu: bool) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if models_on_cpu {
        (cores / 2).max(1)
    } else {
        cores
    }
}

/// Figures of a campaign, for the progress line, the summary and `--json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub strategy: String,
    /// Mutations attempted (including those where no relation applied).
    pub execs: u64,
    /// Oracle queries of the search (seeds included, minimisation excluded).
    pub queries: u64,
    pub minimise_queries: u64,
    pub elapsed_s: f64,
    pub execs_per_s: f64,
    pub queries_per_s: f64,
    pub corpus: usize,
    /// Set feature slots, of [`FEATURE_SLOTS`].
    pub coverage: usize,
    /// Unique findings.
    pub findings: usize,
    /// Unique findings per kind (a finding of two kinds counts for both).
    pub by_kind: BTreeMap<FindingKind, usize>,
    /// Label flips on seeds where teacher and student agreed: the chain
    /// caused the disagreement (on a seed they already disagree on, every
    /// variant that keeps the disagreement is a label flip).
    pub caused_label_flips: usize,
    /// Seed id → search queries spent when the first flip the chain caused
    /// (a robustness flip, or a label flip on a seed where both agreed) was found.
    pub first_flip: BTreeMap<String, u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum CampaignError {
    #[error(transparent)]
    Store(#[from] crate::data::seeds::CorpusError),
    #[error("the seed corpus is empty")]
    NoSeeds,
    #[error("{0}")]
    Oracle(String),
    #[error("seed {id}: {problem}")]
    Seed { id: String, problem: String },
    #[error("{0}")]
    Resume(String),
}

/// A campaign ends after this many generations in a row where no relation
/// applied (the seeds offer nothing more to rewrite).
const BARREN_GENERATIONS: usize = 100;

/// One planned mutation.
#[derive(Debug, Clone)]
struct Job {
    entry: usize,
    /// (segment, relation index) per step to add.
    plan: Vec<(usize, usize)>,
    seed: u64,
}

/// A variant on which finding kinds were seen, before minimisation.
struct Found {
    steps: Vec<SegmentStep>,
    variant: Vec<String>,
    reply: Reply,
    kinds: Vec<FindingKind>,
}

/// A mutation's result.
struct Mutant {
    job: Job,
    added: Vec<SegmentStep>,
    segments: Vec<String>,
}

/// Runs (or resumes) a campaign on `seeds` until a budget is spent; calls
/// `progress` after every generation.
pub fn run(
    seeds: &SeedCorpus,
    oracle: &mut dyn OracleLike,
    options: &Options,
    progress: &mut dyn FnMut(&Stats),
) -> Result<Stats, CampaignError> {
    if seeds.seeds.is_empty() {
        return Err(CampaignError::NoSeeds);
    }
    let mut campaign = Campaign::open(seeds, options)?;
    let mut dispatcher = Dispatcher::new(oracle);
    dispatcher.submitted = campaign.state.queries + campaign.state.minimise_queries;
    campaign.evaluate_seeds(&mut dispatcher)?;
    let mut in_flight: Option<Vec<(Mutant, Ticket)>> = None;
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

struct Campaign<'a> {
    seeds: &'a SeedCorpus,
    options: &'a Options,
    catalog: &'static Catalog,
    lang: Lang,
    relations: Vec<&'static str>,
    entries: Vec<Entry>,
    state: State,
    coverage: Vec<bool>,
    novelty: Novelty,
    parsed: ParsedEntries,
    findings: Vec<Finding>,
    seen: HashSet<String>,
    started: Instant,
    elapsed_before: f64,
}

impl<'a> Campaign<'a> {
    fn open(seeds: &'a SeedCorpus, options: &'a Options) -> Result<Self, CampaignError> {
        let catalog = Catalog::standard();
        let lang = task_lang(seeds.task);
        let relations: Vec<&'static str> = catalog.for_lang(lang).map(|r| r.id()).collect();
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
            scheduler: Scheduler::new(relations.iter().map(|r| r.to_string()).collect()),
            coverage: Vec::new(),
            first_flip: BTreeMap::new(),
            cursor: 0,
        };
        let (entries, state, findings) = if options.resume && out.exists() {
            let entries = store::read_entries(out)?;
            let state = store::read_state(out)?.unwrap_or(fresh_state);
            let findings = read_findings(&store::findings_dir(out))?;
            (entries, state, findings)
        } else {
            store::create(out)?;
            (Vec::new(), fresh_state, Vec::new())
        };
        if state.scheduler.relations.len() != relations.len() {
            return Err(CampaignError::Resume(format!(
                "{}: the saved campaign knows {} relations, this build {}",
                out.display(),
                state.scheduler.relations.len(),
                relations.len()
            )));
        }
        for entry in &entries {
            let same = seeds
                .seeds
                .get(entry.seed)
                .is_some_and(|s| s.id == entry.seed_id);
            if !same {
                return Err(CampaignError::Resume(format!(
                    "{}: corpus entry of seed {:?} does not match the seed corpus given; resume with the same --corpus",
                    out.display(),
                    entry.seed_id
                )));
            }
        }
        let mut campaign = Campaign {
            seeds,
            options,
            catalog,
            lang,
            relations,
            coverage: vec![false; FEATURE_SLOTS],
            novelty: Novelty::new(options.novelty),
            parsed: ParsedEntries::default(),
            seen: findings.iter().map(|f| f.key.clone()).collect(),
            elapsed_before: state.elapsed_s,
            entries: Vec::new(),
            findings,
            state,
            started: Instant::now(),
        };
        for &slot in &campaign.state.coverage {
            if let Some(c) = campaign.coverage.get_mut(slot) {
                *c = true;
            }
        }
        // Entries written after the last state save join the scheduler now.
        let known = campaign.state.scheduler.entries.len();
        for (index, entry) in entries.into_iter().enumerate() {
            campaign.novelty.observe(&entry.verdict);
            let new = campaign.cover(&entry.features);
            if index >= known {
                campaign.state.scheduler.add_entry(entry.fitness, new);
            }
            campaign.entries.push(entry);
        }
        Ok(campaign)
    }

    /// Marks slots as covered; returns how many were new.
    fn cover(&mut self, slots: &[usize]) -> usize {
        let mut new = 0;
        for &slot in slots {
            if let Some(c) = self.coverage.get_mut(slot) {
                new += usize::from(!*c);
                *c = true;
            }
        }
        new
    }

    /// Queries the seeds that have no corpus entry yet (all of them on a
    /// fresh start) and stores them as the first entries.
    fn evaluate_seeds(&mut self, dispatcher: &mut Dispatcher) -> Result<(), CampaignError> {
        let start = self.entries.len();
        if start >= self.seeds.seeds.len() {
            return Ok(());
        }
        let mut tickets = Vec::new();
        for seed in &self.seeds.seeds[start..] {
            parse_segments(self.lang, &seed.segments).map_err(|e| CampaignError::Seed {
                id: seed.id.clone(),
                problem: e.to_string(),
            })?;
            tickets.push(
                dispatcher
                    .submit(seed.clone())
                    .map_err(CampaignError::Oracle)?,
            );
        }
        for (offset, ticket) in tickets.into_iter().enumerate() {
            let seed = &self.seeds.seeds[start + offset];
            let verdict = dispatcher
                .wait(ticket)
                .map_err(CampaignError::Oracle)?
                .map_err(|problem| CampaignError::Seed {
                    id: seed.id.clone(),
                    problem,
                })?
                .verdict;
            let features = features(seed_slot(&seed.id), &verdict, &verdict, seed.label, &[]);
            self.add_entry(Entry {
                seed: start + offset,
                seed_id: seed.id.clone(),
                steps: Vec::new(),
                segments: seed.segments.clone(),
                fitness: fitness(&verdict),
                verdict,
                features,
            })?;
        }
        self.state.queries = dispatcher.submitted;
        self.save()
    }

    fn add_entry(&mut self, entry: Entry) -> Result<(), CampaignError> {
        self.novelty.observe(&entry.verdict);
        let new = self.cover(&entry.features);
        store::write_entry(&self.options.out, self.entries.len(), &entry)?;
        self.state.scheduler.add_entry(entry.fitness, new);
        self.entries.push(entry);
        Ok(())
    }

    fn budget_left(&self, dispatcher: &Dispatcher) -> bool {
        let time_left = self
            .options
            .budget
            .is_none_or(|b| self.started.elapsed() < b);
        let queries_left = self
            .options
            .max_queries
            .is_none_or(|max| self.search_queries(dispatcher) < max);
        time_left && queries_left && !self.relations.is_empty()
    }

    fn search_queries(&self, dispatcher: &Dispatcher) -> u64 {
        dispatcher.submitted - self.state.minimise_queries
    }

    /// The jobs of the next generation.
    fn plan(&mut self, dispatcher: &Dispatcher) -> Vec<Job> {
        let generation = self.state.generation;
        self.state.generation += 1;
        let mut rng = ChaCha8Rng::seed_from_u64(mix(self.options.seed ^ mix(generation)));
        let mut size = self.options.generation_size.max(1);
        if let Some(max) = self.options.max_queries {
            size = size.min(max.saturating_sub(self.search_queries(dispatcher)) as usize);
        }
        let seeds = self.seeds.seeds.len();
        let segments = self.seeds.task.segments();
        let relations = self.relations.len();
        (0..size)
            .map(|_| {
                let (entry, plan) = match self.options.strategy {
                    Strategy::Guided => {
                        let entry = self.state.scheduler.pick_entry(&mut rng);
                        let length = self.state.scheduler.pick_length(&mut rng);
                        let plan = (0..length)
                            .map(|_| {
                                let r = self.state.scheduler.pick_relation(&mut rng);
                                (rng.gen_range(0..segments), r)
                            })
                            .collect();
                        (entry, plan)
                    }
                    Strategy::Random => {
                        let length = rng.gen_range(1..=MAX_STEPS);
                        let plan = (0..length)
                            .map(|_| (rng.gen_range(0..segments), rng.gen_range(0..relations)))
                            .collect();
                        (rng.gen_range(0..seeds), plan)
                    }
                    Strategy::Single => {
                        let cursor = self.state.cursor as usize;
                        self.state.cursor += 1;
                        let relation = cursor % relations;
                        let seed = (cursor / relations) % seeds;
                        (seed, vec![(rng.gen_range(0..segments), relation)])
                    }
                };
                Job {
                    entry,
                    plan,
                    seed: rng.gen(),
                }
            })
            .collect()
    }

    /// Mutation workers apply the jobs; each mutant is submitted as soon as
    /// it arrives. Returns the submitted mutants in job order.
    fn mutate_and_submit(
        &mut self,
        jobs: Vec<Job>,
        dispatcher: &mut Dispatcher,
    ) -> Result<Vec<(Mutant, Ticket)>, CampaignError> {
        if jobs.is_empty() {
            return Ok(Vec::new());
        }
        let count = jobs.len();
        self.state.execs += count as u64;
        let workers = self.options.workers.clamp(1, count);
        let (job_tx, job_rx) = crossbeam_channel::unbounded::<(usize, Job)>();
        let (mutant_tx, mutant_rx) = crossbeam_channel::bounded::<(usize, Mutated)>(64);
        for job in jobs.into_iter().enumerate() {
            let _ = job_tx.send(job);
        }
        drop(job_tx);
        let mut arrived: Vec<Option<(Mutant, Ticket)>> = (0..count).map(|_| None).collect();
        let mut parsed_now = Vec::new();
        let (entries, parsed, catalog, relations, lang) = (
            &self.entries,
            &self.parsed,
            self.catalog,
            &self.relations,
            self.lang,
        );
        let submitted = std::thread::scope(|scope| -> Result<(), CampaignError> {
            for _ in 0..workers {
                let (job_rx, mutant_tx) = (job_rx.clone(), mutant_tx.clone());
                scope.spawn(move || {
                    for (index, job) in job_rx.iter() {
                        let mutated = mutate(catalog, lang, relations, entries, parsed, job);
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
                let entry = &entries[mutant.job.entry];
                let seed = &self.seeds.seeds[entry.seed];
                let sample = Sample {
                    id: format!("{}~{index}", seed.id),
                    segments: mutant.segments.clone(),
                    label: seed.label,
                };
                let ticket = dispatcher.submit(sample).map_err(CampaignError::Oracle)?;
                arrived[index] = Some((mutant, ticket));
            }
            Ok(())
        });
        submitted?;
        for (entry, sources) in parsed_now {
            self.parsed.keep(entry, sources);
        }
        Ok(arrived.into_iter().flatten().collect())
    }

    /// Scores one generation in job order.
    fn score(
        &mut self,
        generation: Vec<(Mutant, Ticket)>,
        dispatcher: &mut Dispatcher,
    ) -> Result<(), CampaignError> {
        for (mutant, ticket) in generation {
            let answer = dispatcher.wait(ticket).map_err(CampaignError::Oracle)?;
            // A variant the models cannot read (e.g. too long) is skipped.
            let Ok(reply) = answer else { continue };
            self.score_one(mutant, reply, dispatcher)?;
        }
        self.state.queries = self.search_queries(dispatcher);
        self.save()
    }

    fn score_one(
        &mut self,
        mutant: Mutant,
        reply: Reply,
        dispatcher: &mut Dispatcher,
    ) -> Result<(), CampaignError> {
        let Reply { verdict, key } = reply;
        let parent = &self.entries[mutant.job.entry];
        let seed_index = parent.seed;
        let seed = &self.seeds.seeds[seed_index];
        let seed_verdict = self.entries[seed_index].verdict.clone();
        let mut steps = parent.steps.clone();
        steps.extend(mutant.added.iter().cloned());
        let ids: Vec<&str> = steps.iter().map(|s| s.step.relation.as_str()).collect();
        let mut slots = features(
            seed_slot(&seed.id),
            &seed_verdict,
            &verdict,
            seed.label,
            &ids,
        );
        slots.extend(self.novelty.observe(&verdict));
        let new = self.cover(&slots);
        let kinds = finding_kinds(&seed_verdict, &verdict, seed.label);
        let mut new_finding = false;
        if !kinds.is_empty() {
            let hex = key.to_hex();
            if self.seen.insert(hex.clone()) {
                let search_queries = self.search_queries(dispatcher);
                // A flip the chain caused: not a seed the models already disagree on.
                let caused = kinds.contains(&FindingKind::RobustnessFlip)
                    || (kinds.contains(&FindingKind::LabelFlip)
                        && seed_verdict.disagreement.labels_agree);
                let found = Found {
                    steps: steps.clone(),
                    variant: mutant.segments.clone(),
                    reply: Reply {
                        verdict: verdict.clone(),
                        key,
                    },
                    kinds,
                };
                let finding = self.make_finding(seed_index, found, dispatcher)?;
                if self.seen.insert(finding.key.clone()) || finding.key == hex {
                    write_finding(&store::findings_dir(&self.options.out), &finding)?;
                    self.findings.push(finding);
                    new_finding = true;
                    if caused {
                        self.state
                            .first_flip
                            .entry(seed.id.clone())
                            .or_insert(search_queries);
                    }
                }
            }
        }
        let tried: Vec<usize> = mutant.job.plan.iter().map(|(_, r)| *r).collect();
        self.state.scheduler.record(
            mutant.job.entry,
            &tried,
            mutant.job.plan.len(),
            new > 0 || new_finding,
        );
        if self.options.strategy == Strategy::Guided && new > 0 {
            let fit = fitness(&verdict);
            let entry = Entry {
                seed: seed_index,
                seed_id: seed.id.clone(),
                steps,
                segments: mutant.segments,
                verdict,
                fitness: fit,
                features: slots,
            };
            store::write_entry(&self.options.out, self.entries.len(), &entry)?;
            self.state.scheduler.add_entry(fit, new);
            self.entries.push(entry);
        }
        Ok(())
    }

    /// The finding, minimised when asked to.
    fn make_finding(
        &mut self,
        seed_index: usize,
        found: Found,
        dispatcher: &mut Dispatcher,
    ) -> Result<Finding, CampaignError> {
        let seed = &self.seeds.seeds[seed_index];
        let seed_verdict = self.entries[seed_index].verdict.clone();
        let mut best = found;
        if self.options.minimise && best.steps.len() > 1 {
            let before = dispatcher.submitted;
            let (catalog, lang) = (self.catalog, self.lang);
            let kinds = best.kinds.clone();
            let shrunk = shortest_subchain(&best.steps, |batch| {
                // Every candidate goes in before any answer is awaited.
                let mut submitted = Vec::new();
                for sub in batch {
                    let replayed = replay(catalog, lang, &seed.segments, sub).ok();
                    let Some(Replayed { segments, applied }) =
                        replayed.filter(|r| !r.applied.is_empty())
                    else {
                        submitted.push(None);
                        continue;
                    };
                    let sample = Sample {
                        id: seed.id.clone(),
                        segments: segments.clone(),
                        label: seed.label,
                    };
                    let ticket = dispatcher.submit(sample).map_err(CampaignError::Oracle)?;
                    submitted.push(Some((ticket, applied, segments)));
                }
                let mut answers = Vec::new();
                for candidate in submitted {
                    let Some((ticket, applied, segments)) = candidate else {
                        answers.push(None);
                        continue;
                    };
                    let answer = dispatcher.wait(ticket).map_err(CampaignError::Oracle)?;
                    answers.push(answer.ok().and_then(|reply| {
                        let now = finding_kinds(&seed_verdict, &reply.verdict, seed.label);
                        kinds.iter().all(|k| now.contains(k)).then_some(Found {
                            steps: applied,
                            variant: segments,
                            reply,
                            kinds: now,
                        })
                    }));
                }
                Ok::<_, CampaignError>(answers)
            })?;
            self.state.minimise_queries += dispatcher.submitted - before;
            if let Some((_, found)) = shrunk {
                best = found;
            }
        }
        let Found {
            steps,
            variant,
            reply: Reply { verdict, key },
            kinds,
        } = best;
        Ok(Finding {
            magnitude: fitness(&verdict),
            key: key.to_hex(),
            kinds,
            seed_id: seed.id.clone(),
            seed: seed.segments.clone(),
            variant,
            chain: super::chain::SampleChain {
                lang: self.lang,
                steps,
            },
            seed_verdict,
            variant_verdict: verdict,
            truth: seed.label,
        })
    }

    fn save(&mut self) -> Result<(), CampaignError> {
        self.state.elapsed_s = self.elapsed_before + self.started.elapsed().as_secs_f64();
        self.state.coverage = (0..FEATURE_SLOTS).filter(|&s| self.coverage[s]).collect();
        store::write_state(&self.options.out, &self.state)?;
        Ok(())
    }

    fn stats(&self) -> Stats {
        let elapsed = self.started.elapsed().as_secs_f64().max(1e-9);
        let mut by_kind = BTreeMap::new();
        for finding in &self.findings {
            for kind in &finding.kinds {
                *by_kind.entry(*kind).or_insert(0) += 1;
            }
        }
        let caused_label_flips = self
            .findings
            .iter()
            .filter(|f| {
                f.kinds.contains(&FindingKind::LabelFlip)
                    && f.seed_verdict.disagreement.labels_agree
            })
            .count();
        Stats {
            caused_label_flips,
            strategy: self.options.strategy.name().to_string(),
            execs: self.state.execs,
            queries: self.state.queries,
            minimise_queries: self.state.minimise_queries,
            elapsed_s: self.elapsed_before + elapsed,
            execs_per_s: self.state.execs as f64 / (self.elapsed_before + elapsed),
            queries_per_s: self.state.queries as f64 / (self.elapsed_before + elapsed),
            corpus: self.entries.len(),
            coverage: self.coverage.iter().filter(|c| **c).count(),
            findings: self.findings.len(),
            by_kind,
            first_flip: self.state.first_flip.clone(),
        }
    }
}

/// What a mutation worker sends back.
struct Mutated {
    /// `None` when no step applied.
    mutant: Option<Mutant>,
    /// The entry's sources, when this job had to parse them.
    parsed: Option<(usize, Arc<Vec<Source>>)>,
}

/// Applies a job's planned steps to its entry, parsed or taken from `parsed`.
fn mutate(
    catalog: &Catalog,
    lang: Lang,
    relations: &[&str],
    entries: &[Entry],
    parsed: &ParsedEntries,
    job: Job,
) -> Mutated {
    let (sources, parsed) = match parsed.get(job.entry) {
        Some(sources) => (Some(sources.as_ref().clone()), None),
        None => {
            let sources = entries
                .get(job.entry)
                .and_then(|entry| parse_segments(lang, &entry.segments).ok())
                .map(Arc::new);
            let kept = sources.as_ref().map(|s| (job.entry, Arc::clone(s)));
            (sources.map(|s| s.as_ref().clone()), kept)
        }
    };
    Mutated {
        mutant: sources.and_then(|sources| apply_plan(catalog, relations, sources, job)),
        parsed,
    }
}

/// Applies a job's planned steps; `None` when none applied.
fn apply_plan(
    catalog: &Catalog,
    relations: &[&str],
    mut sources: Vec<Source>,
    job: Job,
) -> Option<Mutant> {
    let mut added = Vec::new();
    for (k, &(segment, relation)) in job.plan.iter().enumerate() {
        let relation = catalog.get(relations.get(relation)?).ok()?;
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
