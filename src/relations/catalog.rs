use super::{
    assignments, branches, dead_code, declarations, layout, loops, naming, operands, statements,
};
use super::{Choices, Decline, Example, Relation, RelationDef, Rule, Site};
use crate::lang::{Edit, Lang, Source};
use std::sync::OnceLock;

/// The families, in catalog order. Adding a family is its file and one line
/// here.
const FAMILIES: &[&[RelationDef]] = &[
    naming::RELATIONS,
    assignments::RELATIONS,
    declarations::RELATIONS,
    operands::RELATIONS,
    loops::RELATIONS,
    branches::RELATIONS,
    branches::SWITCH,
    statements::RELATIONS,
    dead_code::RELATIONS,
    layout::RELATIONS,
];

/// The relations metacompress knows, in a stable order.
pub struct Catalog {
    relations: Vec<Listed>,
}

#[derive(Debug, thiserror::Error)]
#[error("unknown relation `{id}`; `metacompress relations` lists them{hint}")]
pub struct UnknownRelation {
    pub id: String,
    hint: String,
}

impl Catalog {
    /// Every relation of every family: family by family, and within a
    /// family language by language (the seeded search depends on this order).
    pub fn standard() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            let relations = FAMILIES
                .iter()
                .flat_map(|family| {
                    Lang::ALL.into_iter().flat_map(move |lang| {
                        family.iter().filter_map(move |def| Listed::new(def, lang))
                    })
                })
                .collect();
            Catalog { relations }
        })
    }

    pub fn all(&self) -> impl Iterator<Item = &dyn Relation> {
        self.relations.iter().map(|r| r as &dyn Relation)
    }

    pub fn for_lang(&self, lang: Lang) -> impl Iterator<Item = &dyn Relation> {
        self.all().filter(move |r| r.lang() == lang)
    }

    pub fn get(&self, id: &str) -> Result<&dyn Relation, UnknownRelation> {
        self.all().find(|r| r.id() == id).ok_or_else(|| {
            // `rename-local` is a common way to mean `java.rename-local`.
            let similar: Vec<&str> = self
                .all()
                .map(|r| r.id())
                .filter(|known| known.ends_with(&format!(".{id}")))
                .collect();
            let hint = if similar.is_empty() {
                String::new()
            } else {
                format!(" (did you mean {}?)", similar.join(" or "))
            };
            UnknownRelation {
                id: id.to_string(),
                hint,
            }
        })
    }
}

/// A definition made into the relation of one language.
struct Listed {
    id: &'static str,
    lang: Lang,
    description: &'static str,
    example: Example,
    rule: Box<dyn Rule>,
}

impl Listed {
    /// `None` where the definition has no example in `lang`: the relation
    /// does not exist there.
    fn new(def: &RelationDef, lang: Lang) -> Option<Listed> {
        let example = def.example(lang)?;
        // Built once, with the standard catalog, and kept for the whole run
        // like it: leaking gives the `&'static str` that `Relation::id`
        // promises.
        let id = Box::leak(format!("{lang}.{}", def.name).into_boxed_str());
        Some(Listed {
            id,
            lang,
            description: def.description,
            example,
            rule: (def.rule)(lang),
        })
    }
}

impl Relation for Listed {
    fn id(&self) -> &'static str {
        self.id
    }

    fn lang(&self) -> Lang {
        self.lang
    }

    fn description(&self) -> &'static str {
        self.description
    }

    fn example(&self) -> Example {
        self.example
    }
}

/// What the definition made for this language.
impl Rule for Listed {
    fn sites(&self, src: &Source) -> Vec<Site> {
        self.rule.sites(src)
    }

    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        self.rule.rewrite(src, site, choices)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A second example for a language would be silently ignored.
    #[test]
    fn no_definition_has_two_examples_in_one_language() {
        for def in FAMILIES.iter().copied().flatten() {
            for lang in Lang::ALL {
                let count = def.examples.iter().filter(|(l, _)| *l == lang).count();
                assert!(count <= 1, "{}: {count} {lang} examples", def.name);
            }
        }
    }
}
