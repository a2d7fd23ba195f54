use super::Relation;
use crate::lang::Lang;
use std::sync::OnceLock;

/// The relations metacompress knows, in a stable order.
pub struct Catalog {
    relations: Vec<Box<dyn Relation>>,
}

#[derive(Debug, thiserror::Error)]
#[error("unknown relation `{id}`; `metacompress relations` lists them{hint}")]
pub struct UnknownRelation {
    pub id: String,
    hint: String,
}

impl Catalog {
    /// Every relation of every family.
    pub fn standard() -> &'static Catalog {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            let mut relations: Vec<Box<dyn Relation>> = Vec::new();
            relations.extend(super::naming::relations());
            relations.extend(super::assignments::relations());
            relations.extend(super::declarations::relations());
            relations.extend(super::operands::relations());
            relations.extend(super::loops::relations());
            relations.extend(super::branches::relations());
            relations.extend(super::statements::relations());
            relations.extend(super::dead_code::relations());
            relations.extend(super::layout::relations());
            Catalog::new(relations)
        })
    }

    pub fn new(relations: Vec<Box<dyn Relation>>) -> Self {
        Catalog { relations }
    }

    pub fn all(&self) -> impl Iterator<Item = &dyn Relation> {
        self.relations.iter().map(|r| r.as_ref())
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
