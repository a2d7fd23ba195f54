//! Test helpers for relation families: apply a relation at its sites and
//! check the results.

use super::{apply, ApplyError, Catalog, Choices, NameStrategy, Relation};
use crate::lang::{Lang, Source};

pub(crate) fn relation(id: &str) -> &'static dyn Relation {
    Catalog::standard()
        .get(id)
        .unwrap_or_else(|e| panic!("{e}"))
}

pub(crate) fn parse(lang: Lang, text: &str) -> Source {
    let src = Source::parse(lang, text).expect("test input parses");
    assert_eq!(
        src.error_count(),
        0,
        "test input has syntax errors:\n{text}"
    );
    src
}

/// The texts of the sites, in order.
pub(crate) fn site_texts(id: &str, text: &str) -> Vec<String> {
    let rel = relation(id);
    let src = parse(rel.lang(), text);
    rel.sites(&src)
        .iter()
        .map(|s| text[s.start..s.end].to_string())
        .collect()
}

/// The variant made at site `index` with `seed`.
pub(crate) fn apply_at(
    id: &str,
    text: &str,
    index: usize,
    seed: u64,
) -> Result<String, ApplyError> {
    let rel = relation(id);
    let src = parse(rel.lang(), text);
    let sites = rel.sites(&src);
    let site = sites
        .get(index)
        .unwrap_or_else(|| panic!("{id}: no site {index} in {sites:?}"));
    let mut choices = Choices::new(seed, NameStrategy::Neutral);
    apply(rel, &src, site, &mut choices).map(|(variant, _)| variant.into_text())
}

/// Every variant over all sites and a few seeds; each must parse cleanly
/// (a relation never declines at one of its own sites in these families).
pub(crate) fn all_variants(id: &str, text: &str) -> Vec<String> {
    let rel = relation(id);
    let src = parse(rel.lang(), text);
    let count = rel.sites(&src).len();
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

/// The relation's example is exactly what it makes at its first site.
pub(crate) fn check_example(id: &str) {
    let example = relation(id).example();
    let made = apply_at(id, example.before, 0, 0).unwrap_or_else(|e| panic!("{id}: {e}"));
    assert_eq!(made, example.after, "{id}: example differs");
}

/// The tokens of a text (tree leaves), comments left out.
pub(crate) fn tokens(lang: Lang, text: &str) -> Vec<String> {
    let src = parse(lang, text);
    crate::lang::syntax::descendants(src.root())
        .filter(|n| n.child_count() == 0 && !super::gaps::is_comment(lang, *n))
        .map(|n| src.node_text(n).to_string())
        .collect()
}
