//! Identifier vocabularies for natural renaming.

use crate::lang::Lang;
use std::sync::OnceLock;

/// Names for [`super::NameStrategy::Natural`]: one per line in the files
/// under `vocabulary/`.
pub fn natural_names(lang: Lang) -> &'static [&'static str] {
    static JAVA: OnceLock<Vec<&'static str>> = OnceLock::new();
    static C: OnceLock<Vec<&'static str>> = OnceLock::new();
    let (cell, text) = match lang {
        Lang::Java => (&JAVA, include_str!("vocabulary/java.txt")),
        Lang::C => (&C, include_str!("vocabulary/c.txt")),
    };
    cell.get_or_init(|| {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect()
    })
}
