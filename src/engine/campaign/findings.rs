//! New findings: one per dedup key, through the stages, then stored.
use super::{Campaign, CampaignError};
use crate::engine::chain::SampleChain;
use crate::engine::finding::{write_finding, Finding};
use crate::engine::oracle::{Dispatcher, Reply};
use crate::engine::score::FindingKind;
use crate::engine::stage::{Found, StageContext};
use crate::engine::store;

impl Campaign<'_> {
    /// Stores a finding of seed `seed_index` unless its key was seen;
    /// whether it was new.
    pub(super) fn keep_finding(
        &mut self,
        seed_index: usize,
        found: Found,
        dispatcher: &mut Dispatcher,
    ) -> Result<bool, CampaignError> {
        let key = found.reply.key.to_hex();
        if !self.seen.insert(key.clone()) {
            return Ok(false);
        }
        let search_queries = self.search_queries(dispatcher);
        // A flip the chain caused: not a seed the models already disagree on.
        let caused = found.kinds.contains(&FindingKind::RobustnessFlip)
            || (found.kinds.contains(&FindingKind::LabelFlip)
                && self.entries[seed_index].verdict.disagreement.labels_agree);
        let finding = self.through_stages(seed_index, found, dispatcher)?;
        // A stage may turn it into a variant already found.
        if !self.seen.insert(finding.key.clone()) && finding.key != key {
            return Ok(false);
        }
        write_finding(&store::findings_dir(&self.setup.options.out), &finding)?;
        if caused {
            self.state
                .first_flip
                .entry(finding.seed_id.clone())
                .or_insert(search_queries);
        }
        self.findings.push(finding);
        Ok(true)
    }

    /// The finding after every stage; their queries count as minimisation's.
    fn through_stages(
        &mut self,
        seed_index: usize,
        mut found: Found,
        dispatcher: &mut Dispatcher,
    ) -> Result<Finding, CampaignError> {
        let seed = &self.setup.seeds.seeds[seed_index];
        let seed_verdict = self.entries[seed_index].verdict.clone();
        let before = dispatcher.submitted;
        let mut context = StageContext {
            catalog: self.setup.catalog,
            lang: self.setup.lang,
            seed,
            seed_verdict: &seed_verdict,
            objective: self.parts.evaluator.objective.as_ref(),
            dispatcher,
        };
        for stage in &mut self.parts.stages {
            found = stage.run(found, &mut context)?;
        }
        self.state.minimise_queries += dispatcher.submitted - before;
        let Found {
            steps,
            variant,
            reply: Reply { verdict, key },
            kinds,
        } = found;
        Ok(Finding {
            magnitude: self.parts.evaluator.feedback.fitness(&verdict),
            key: key.to_hex(),
            kinds,
            seed_id: seed.id.clone(),
            seed: seed.segments.clone(),
            variant,
            chain: SampleChain {
                lang: self.setup.lang,
                steps,
            },
            seed_verdict,
            variant_verdict: verdict,
            truth: seed.label,
        })
    }
}
