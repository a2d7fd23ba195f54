//! The source of every free parameter of a rewrite, and its record.

use super::Decline;
use crate::lang::{self, Lang};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;

/// How new identifiers are made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum NameStrategy {
    /// `v0`, `v1`, …: the first one that is free.
    #[default]
    Neutral,
    /// Drawn at random from identifiers mined from real code.
    Natural,
    /// Taken in order from a caller's list (an attack chooses names); a
    /// taken or invalid name makes the rewrite decline.
    Given(Vec<String>),
}

/// Draws (or, when replaying, re-reads) the parameters of one step and
/// records them under a key, so the step can be replayed exactly.
#[derive(Clone, Debug)]
pub struct Choices {
    rng: ChaCha8Rng,
    names: NameStrategy,
    next_given: usize,
    replay: Option<BTreeMap<String, String>>,
    recorded: BTreeMap<String, String>,
}

impl Choices {
    pub fn new(seed: u64, names: NameStrategy) -> Self {
        Choices {
            rng: ChaCha8Rng::seed_from_u64(seed),
            names,
            next_given: 0,
            replay: None,
            recorded: BTreeMap::new(),
        }
    }

    /// Choices that answer with the parameters a [`super::Step`] recorded.
    pub fn replaying(params: BTreeMap<String, String>) -> Self {
        Choices {
            replay: Some(params),
            ..Choices::new(0, NameStrategy::Neutral)
        }
    }

    /// Restarts the random stream (per chain step) without losing the
    /// position in a given-name list.
    pub(crate) fn reseed(&mut self, seed: u64) {
        self.rng = ChaCha8Rng::seed_from_u64(seed);
    }

    /// A uniformly random index below `n` (`n` > 0).
    pub fn pick(&mut self, key: &str, n: usize) -> Result<usize, Decline> {
        if n == 0 {
            return Err(Decline::new("nothing to choose from"));
        }
        let index = match self.recorded_value(key)? {
            Some(value) => value
                .parse::<usize>()
                .ok()
                .filter(|&i| i < n)
                .ok_or_else(|| {
                    Decline::new(format!("recorded choice {key}={value} is out of range"))
                })?,
            None => self.rng.gen_range(0..n),
        };
        self.recorded.insert(key.to_string(), index.to_string());
        Ok(index)
    }

    /// A new identifier that is not reserved in `lang` and for which `taken`
    /// is false.
    pub fn fresh_name(
        &mut self,
        key: &str,
        lang: Lang,
        taken: &dyn Fn(&str) -> bool,
    ) -> Result<String, Decline> {
        let usable = |name: &str| lang::is_identifier(lang, name) && !taken(name);
        let name = match self.recorded_value(key)? {
            Some(name) => Some(name),
            None => match &self.names {
                NameStrategy::Neutral => (0..).map(|i| format!("v{i}")).find(|n| usable(n)),
                NameStrategy::Natural => {
                    let vocabulary = super::vocabulary::natural_names(lang);
                    let start = self.rng.gen_range(0..vocabulary.len());
                    (0..vocabulary.len())
                        .map(|k| vocabulary[(start + k) % vocabulary.len()])
                        .find(|n| usable(n))
                        .map(str::to_string)
                }
                NameStrategy::Given(list) => {
                    let name = list.get(self.next_given).cloned();
                    self.next_given += 1;
                    name
                }
            },
        };
        let name = name.ok_or_else(|| Decline::new("no usable name left"))?;
        if !usable(&name) {
            return Err(Decline::new(format!(
                "name `{name}` is reserved or already visible"
            )));
        }
        self.recorded.insert(key.to_string(), name.clone());
        Ok(name)
    }

    fn recorded_value(&self, key: &str) -> Result<Option<String>, Decline> {
        match &self.replay {
            None => Ok(None),
            Some(params) => params
                .get(key)
                .cloned()
                .map(Some)
                .ok_or_else(|| Decline::new(format!("replayed step has no parameter `{key}`"))),
        }
    }

    /// Hands over what was recorded since the last call.
    pub(crate) fn take_params(&mut self) -> BTreeMap<String, String> {
        std::mem::take(&mut self.recorded)
    }
}
