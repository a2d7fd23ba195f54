//! Metamorphic relations: behaviour-preserving program transformations.
//!
//! A [`Relation`] finds the [`Site`]s of a parsed program where it applies and
//! rewrites one of them into text edits. [`apply`] turns those edits into a
//! re-parsed, validated variant plus a [`Step`] record; [`chain`] composes
//! steps and can replay them. All randomness comes from [`Choices`], seeded
//! per step, so every variant is reproducible from its seed and chain.
//!
//! Each family file declares its relations as data (`RelationDef`) beside
//! their code; the [`Catalog`] lists the families.

mod assignments;
mod branches;
mod catalog;
pub mod chain;
mod choices;
mod dead_code;
mod declarations;
mod def;
mod gaps;
mod layout;
mod loops;
mod naming;
mod operands;
mod region;
pub mod robustness;
mod shape;
mod site;
mod statements;
#[cfg(test)]
mod testing;
mod vocabulary;

pub use catalog::Catalog;
pub use chain::{ChainError, ChainRecord, Plan, Variant};
pub use choices::{Choices, NameStrategy};
pub use def::Example;
use def::RelationDef;
pub use site::Site;

use crate::lang::{Edit, Lang, ParseError, Source};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// Why a relation did not apply at a site.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Decline(pub Cow<'static, str>);

impl Decline {
    pub fn new(reason: impl Into<Cow<'static, str>>) -> Self {
        Decline(reason.into())
    }
}

/// A behaviour-preserving transformation of one language: a [`Rule`] with
/// the id, description and example its family declares for it as data.
pub trait Relation: Rule {
    /// Stable identifier, `<lang>.<name>`, e.g. `java.for-to-while`.
    fn id(&self) -> &'static str;
    fn lang(&self) -> Lang;
    fn description(&self) -> &'static str;
    fn example(&self) -> Example;
}

/// What a relation does: where it applies and how it rewrites.
pub trait Rule: Send + Sync {
    /// The places where the relation's syntactic preconditions hold, in
    /// document order. Sites inside ERROR/MISSING nodes are never returned.
    fn sites(&self, src: &Source) -> Vec<Site>;
    /// Rewrites one site. Every parameter that is not fixed by the site (a
    /// new name, a random pick) comes from `choices`, which records it.
    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline>;
}

/// One applied relation: enough to replay it on the same text.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    pub relation: String,
    pub site: Site,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    #[error("{relation} declined at {site}: {reason}")]
    Declined {
        relation: &'static str,
        site: Site,
        reason: Decline,
    },
    /// The relation turned an input without syntax errors into one with
    /// some: a bug in the relation, never an acceptable variant.
    #[error("{relation} at {site} produced an invalid variant ({before} syntax errors before, {after} after)")]
    Invalid {
        relation: &'static str,
        site: Site,
        before: usize,
        after: usize,
        text: String,
    },
    #[error("{relation} at {site}: {source}")]
    Edit {
        relation: &'static str,
        site: Site,
        source: ParseError,
    },
}

impl ApplyError {
    pub fn is_decline(&self) -> bool {
        matches!(self, ApplyError::Declined { .. })
    }
}

/// Applies `relation` at `site`, re-parses and validates the variant.
///
/// Central checks, so no relation can skip them: the site and every replaced
/// region must be free of syntax errors, the text must change, and the
/// variant must not have more ERROR/MISSING nodes than the input (a bug when
/// the input had none, a decline otherwise). On an error-free input the
/// edits alone can prove that (an identifier rename, or the edited statements
/// re-parsed as a block of their own: see `region`); the variant's own tree
/// is then parsed only when first used.
pub fn apply(
    relation: &dyn Relation,
    src: &Source,
    site: &Site,
    choices: &mut Choices,
) -> Result<(Source, Step), ApplyError> {
    apply_checked(relation, src, site, choices, Check::Cheapest)
}

/// How `apply` checks a variant's syntax.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Check {
    /// A proof from the edits where one exists (the variant's tree is then
    /// parsed only if someone asks for it).
    Cheapest,
    /// The full parse, for a caller that needs the variant's tree anyway
    /// (a chain's next step).
    FullParse,
}

fn apply_checked(
    relation: &dyn Relation,
    src: &Source,
    site: &Site,
    choices: &mut Choices,
    check: Check,
) -> Result<(Source, Step), ApplyError> {
    let declined = |reason: Decline| ApplyError::Declined {
        relation: relation.id(),
        site: site.clone(),
        reason,
    };
    let node = site
        .find(src)
        .ok_or_else(|| declined(Decline::new("site not found in this text")))?;
    if !crate::lang::syntax::is_clean_in(src, node) {
        return Err(declined(Decline::new("site contains a syntax error")));
    }
    let edits = relation.rewrite(src, site, choices).map_err(declined)?;
    if edits.iter().any(|e| touches_error(src, e)) {
        return Err(declined(Decline::new(
            "edit touches a region with a syntax error",
        )));
    }
    let variant = src.edit(&edits).map_err(|source| ApplyError::Edit {
        relation: relation.id(),
        site: site.clone(),
        source,
    })?;
    if variant.text() == src.text() {
        return Err(declined(Decline::new("rewrite left the text unchanged")));
    }
    let before = src.error_count();
    // The full parse of the variant is left for whoever uses its tree where
    // re-parsing the edited statements alone proves it clean.
    let proven =
        check == Check::Cheapest && before == 0 && region::proves_clean(src, &edits, &variant);
    let after = if proven { 0 } else { variant.error_count() };
    if after > before {
        // On a clean input the relation alone decides the variant's syntax,
        // so an error is its bug. Around existing errors, tree-sitter's
        // recovery is not local: a sound local rewrite can change how a
        // distant ERROR region is parsed, and that variant is refused.
        if before > 0 {
            return Err(declined(Decline::new(
                "the variant parses with more syntax errors than its input",
            )));
        }
        return Err(ApplyError::Invalid {
            relation: relation.id(),
            site: site.clone(),
            before,
            after,
            text: variant.into_text(),
        });
    }
    let step = Step {
        relation: relation.id().to_string(),
        site: site.clone(),
        params: choices.take_params(),
    };
    Ok((variant, step))
}

fn touches_error(src: &Source, edit: &Edit) -> bool {
    if edit.range.is_empty() || !src.root().has_error() {
        return false;
    }
    src.root()
        .descendant_for_byte_range(edit.range.start, edit.range.end)
        .is_some_and(|n| !crate::lang::syntax::is_clean(n))
}
