//! Test helpers for the naming, assignment and declaration families: apply a
//! relation the way the engine does and look at the text.

use super::{apply, ApplyError, Choices, NameStrategy, Relation, Site};
use crate::lang::{Lang, Source};

pub fn parse(lang: Lang, text: &str) -> Source {
    let src = Source::parse(lang, text).expect("test input parses");
    assert_eq!(src.error_count(), 0, "test input has syntax errors: {text}");
    src
}

pub fn sites_of(relation: &dyn Relation, lang: Lang, text: &str) -> Vec<Site> {
    relation.sites(&parse(lang, text))
}

/// Applies the relation at its `index`-th site (seed 0).
pub fn apply_nth(
    relation: &dyn Relation,
    lang: Lang,
    text: &str,
    index: usize,
    names: NameStrategy,
) -> Result<String, ApplyError> {
    let src = parse(lang, text);
    let sites = relation.sites(&src);
    let site = sites
        .get(index)
        .unwrap_or_else(|| panic!("{} has no site {index} in: {text}", relation.id()));
    let mut choices = Choices::new(0, names);
    apply(relation, &src, site, &mut choices).map(|(variant, _)| variant.into_text())
}

pub fn apply_first_with(
    relation: &dyn Relation,
    lang: Lang,
    text: &str,
    names: NameStrategy,
) -> Result<String, ApplyError> {
    apply_nth(relation, lang, text, 0, names)
}

pub fn apply_first(relation: &dyn Relation, lang: Lang, text: &str) -> Result<String, ApplyError> {
    apply_first_with(relation, lang, text, NameStrategy::Neutral)
}

/// The documented example is what the relation does at its first site.
pub fn assert_example(relation: &dyn Relation) {
    let example = relation.example();
    let out = apply_first(relation, relation.lang(), example.before)
        .unwrap_or_else(|e| panic!("{}: example does not apply: {e}", relation.id()));
    assert_eq!(out, example.after, "{}: example", relation.id());
}

/// No site of the relation in `text` rewrites.
pub fn assert_no_rewrite(relation: &dyn Relation, lang: Lang, text: &str) {
    let src = parse(lang, text);
    for site in relation.sites(&src) {
        let mut choices = Choices::new(0, NameStrategy::Neutral);
        if let Ok((variant, _)) = apply(relation, &src, &site, &mut choices) {
            panic!(
                "{} rewrote `{text}` at {site} into `{}`",
                relation.id(),
                variant.text()
            );
        }
    }
}
