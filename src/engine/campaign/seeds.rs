//! The seeds' verdicts: the first corpus entries, and what every variant of
//! a seed is compared with.
use super::{Campaign, CampaignError};
use crate::engine::chain::parse_segments;
use crate::engine::evaluate::Case;
use crate::engine::feedback::seed_slot;
use crate::engine::oracle::Dispatcher;
use crate::engine::store::Entry;

impl Campaign<'_> {
    /// Queries the seeds that have no corpus entry yet (all of them on a
    /// fresh start) and stores them as the first entries.
    pub(super) fn evaluate_seeds(
        &mut self,
        dispatcher: &mut Dispatcher,
    ) -> Result<(), CampaignError> {
        let start = self.entries.len();
        let corpus = self.setup.seeds;
        let seeds = &corpus.seeds;
        if start >= seeds.len() {
            return Ok(());
        }
        let mut tickets = Vec::new();
        for seed in &seeds[start..] {
            parse_segments(self.setup.lang, &seed.segments).map_err(|error| {
                CampaignError::SeedParse {
                    id: seed.id.clone(),
                    error,
                }
            })?;
            tickets.push(dispatcher.submit(seed.clone())?);
        }
        for (offset, ticket) in tickets.into_iter().enumerate() {
            let seed = &seeds[start + offset];
            let reply = dispatcher
                .wait(ticket)?
                .map_err(|error| CampaignError::SeedQuery {
                    id: seed.id.clone(),
                    error,
                })?;
            let feedback = &mut self.parts.evaluator.feedback;
            // A seed is its own reference: its variant is itself, by no relation.
            let features = feedback.seed_slots(&Case {
                seed_slot: seed_slot(&seed.id),
                seed: &reply.verdict,
                variant: &reply,
                truth: seed.label,
                relations: &[],
            });
            let new = self.coverage.cover(&features);
            let entry = Entry {
                seed: start + offset,
                seed_id: seed.id.clone(),
                steps: Vec::new(),
                segments: seed.segments.clone(),
                fitness: feedback.fitness(&reply.verdict),
                verdict: reply.verdict,
                features,
            };
            self.keep_entry(entry, new)?;
        }
        self.state.queries = dispatcher.submitted;
        self.save()
    }
}
