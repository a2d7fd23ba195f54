//! Relations declared as data: each family lists its relations as
//! [`RelationDef`]s beside their code, and the catalog makes one relation of
//! each definition per language it has an example for.

use super::Rule;
use crate::lang::Lang;

/// A before/after pair shown by `metacompress relations`. Tests check that
/// applying the relation to `before` (first site, seed 0, neutral names)
/// gives exactly `after`.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Example {
    pub before: &'static str,
    pub after: &'static str,
}

impl Example {
    /// This example for each language, for a relation that reads the same
    /// in all of them.
    pub const fn in_every_lang(self) -> [(Lang, Example); Lang::ALL.len()] {
        let mut out = [(Lang::Java, self); Lang::ALL.len()];
        let mut i = 0;
        while i < out.len() {
            out[i].0 = Lang::ALL[i];
            i += 1;
        }
        out
    }
}

/// One relation as its family declares it.
pub struct RelationDef {
    /// The id without its language: `for-to-while` is listed as
    /// `java.for-to-while` and `c.for-to-while`.
    pub name: &'static str,
    pub description: &'static str,
    /// One example per language; the relation exists in exactly these.
    pub examples: &'static [(Lang, Example)],
    /// The relation's code for one of those languages.
    pub rule: fn(Lang) -> Box<dyn Rule>,
}

impl RelationDef {
    pub fn example(&self, lang: Lang) -> Option<Example> {
        self.examples
            .iter()
            .find(|(l, _)| *l == lang)
            .map(|(_, example)| *example)
    }
}
