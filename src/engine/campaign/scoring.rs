//! Scoring a generation: each variant's evaluation goes into the coverage
//! map, the findings, the schedule's statistics and, when the scheduler
//! grows the corpus, a new corpus entry.
use super::mutation::Mutant;
use super::{Campaign, CampaignError};
use crate::engine::evaluate::Case;
use crate::engine::feedback::seed_slot;
use crate::engine::oracle::{Dispatcher, Reply, Ticket};
use crate::engine::stage::Found;
use crate::engine::store::Entry;

impl Campaign<'_> {
    /// Scores one generation in job order.
    pub(super) fn score(
        &mut self,
        generation: Vec<(Mutant, Ticket)>,
        dispatcher: &mut Dispatcher,
    ) -> Result<(), CampaignError> {
        for (mutant, ticket) in generation {
            // A variant the models cannot read (e.g. too long) is skipped.
            let Ok(reply) = dispatcher.wait(ticket)? else {
                continue;
            };
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
        let plan = &mutant.job.plan;
        let parent = &self.entries[plan.entry];
        let seed_index = parent.seed;
        let seeds = self.setup.seeds;
        let seed = &seeds.seeds[seed_index];
        let seed_verdict = self.entries[seed_index].verdict.clone();
        let mut steps = parent.steps.clone();
        steps.extend(mutant.added.iter().cloned());
        let relations: Vec<&str> = steps.iter().map(|s| s.step.relation.as_str()).collect();
        let evaluation = self.parts.evaluator.evaluate(&Case {
            seed_slot: seed_slot(&seed.id),
            seed: &seed_verdict,
            variant: &reply,
            truth: seed.label,
            relations: &relations,
        });
        let new = self.coverage.cover(&evaluation.slots);
        let new_finding = !evaluation.kinds.is_empty()
            && self.keep_finding(
                seed_index,
                Found {
                    steps: steps.clone(),
                    variant: mutant.segments.clone(),
                    reply: reply.clone(),
                    kinds: evaluation.kinds,
                },
                dispatcher,
            )?;
        let tried: Vec<usize> = plan.steps.iter().map(|(_, r)| *r).collect();
        self.state.scheduler.statistics.record(
            plan.entry,
            &tried,
            plan.steps.len(),
            new > 0 || new_finding,
        );
        if self.parts.scheduler.grows_corpus() && new > 0 {
            let entry = Entry {
                seed: seed_index,
                seed_id: seed.id.clone(),
                steps,
                segments: mutant.segments,
                verdict: reply.verdict,
                fitness: evaluation.fitness,
                features: evaluation.slots,
            };
            self.keep_entry(entry, new)?;
        }
        Ok(())
    }
}
