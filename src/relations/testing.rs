//! Test helpers shared by the relation families: apply a relation the way
//! the engine does and look at the text.

use super::{apply, ApplyError, Catalog, Choices, NameStrategy, Relation, Site};
use crate::lang::{Lang, Source};

pub fn relation(id: &str) -> &'static dyn Relation {
    Catalog::standard()
        .get(id)
        .unwrap_or_else(|e| panic!("{e}"))
}

pub fn parse(lang: Lang, text: &str) -> Source {
    let src = Source::parse(lang, text).expect("test input parses");
    assert_eq!(
        src.error_count(),
        0,
        "test input has syntax errors:\n{text}"
    );
    src
}

pub fn sites_of(relation: &dyn Relation, lang: Lang, text: &str) -> Vec<Site> {
    relation.sites(&parse(lang, text))
}

pub fn site_count(id: &str, lang: Lang, text: &str) -> usize {
    sites_of(relation(id), lang, text).len()
}

/// The texts of the sites, in order.
pub fn site_texts(id: &str, text: &str) -> Vec<String> {
    let rel = relation(id);
    sites_of(rel, rel.lang(), text)
        .iter()
        .map(|s| text[s.start..s.end].to_string())
        .collect()
}

/// The variant made at the relation's `index`-th site.
fn apply_site(
    relation: &dyn Relation,
    text: &str,
    index: usize,
    mut choices: Choices,
) -> Result<String, ApplyError> {
    let src = parse(relation.lang(), text);
    let sites = relation.sites(&src);
    let site = sites
        .get(index)
        .unwrap_or_else(|| panic!("{} has no site {index} in:\n{text}", relation.id()));
    apply(relation, &src, site, &mut choices).map(|(variant, _)| {
        // `apply` may have proven the variant clean from its edited region
        // alone: the full parse must agree.
        assert_eq!(
            variant.error_count(),
            0,
            "{}:\n{}",
            relation.id(),
            variant.text()
        );
        variant.into_text()
    })
}

/// The variant made at site `index` with `seed` and neutral names.
pub fn apply_at(id: &str, text: &str, index: usize, seed: u64) -> Result<String, ApplyError> {
    apply_site(
        relation(id),
        text,
        index,
        Choices::new(seed, NameStrategy::Neutral),
    )
}

/// The variant made at site `index` with seed 0 and `names`.
pub fn apply_nth(
    relation: &dyn Relation,
    text: &str,
    index: usize,
    names: NameStrategy,
) -> Result<String, ApplyError> {
    apply_site(relation, text, index, Choices::new(0, names))
}

pub fn apply_first_with(
    relation: &dyn Relation,
    text: &str,
    names: NameStrategy,
) -> Result<String, ApplyError> {
    apply_nth(relation, text, 0, names)
}

pub fn apply_first(relation: &dyn Relation, text: &str) -> Result<String, ApplyError> {
    apply_first_with(relation, text, NameStrategy::Neutral)
}

/// The variant at every site (seed 0, neutral names); every one must apply.
pub fn outputs(id: &str, lang: Lang, text: &str) -> Vec<String> {
    let rel = relation(id);
    assert_eq!(rel.lang(), lang, "{id} is not a {lang} relation");
    (0..sites_of(rel, lang, text).len())
        .map(|index| apply_at(id, text, index, 0).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

/// Every variant over all sites and a few seeds; each must apply.
pub fn all_variants(id: &str, text: &str) -> Vec<String> {
    let rel = relation(id);
    let count = sites_of(rel, rel.lang(), text).len();
    let mut out = Vec::new();
    for index in 0..count {
        for seed in 0..4 {
            match apply_at(id, text, index, seed) {
                Ok(variant) => out.push(variant),
                Err(e) => panic!("{id} at site {index} seed {seed}: {e}\n{text}"),
            }
        }
    }
    out
}

/// The documented example is what the relation does at its first site.
pub fn check_example(id: &str) {
    let relation = relation(id);
    let example = relation.example();
    let out = apply_first(relation, example.before)
        .unwrap_or_else(|e| panic!("{id}: example does not apply: {e}"));
    assert_eq!(out, example.after, "{id}: example");
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

/// The tokens of a text (tree leaves), comments left out.
pub fn tokens(lang: Lang, text: &str) -> Vec<String> {
    let src = parse(lang, text);
    crate::lang::syntax::descendants(src.root())
        .filter(|n| n.child_count() == 0 && !super::gaps::is_comment(lang, *n))
        .map(|n| src.node_text(n).to_string())
        .collect()
}
