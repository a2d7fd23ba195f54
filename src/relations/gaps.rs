//! Statement positions where a relation may insert a new statement, shared by
//! the dead-code and comment relations.

use super::{Choices, Decline, Site};
use crate::lang::{syntax, Edit, Lang, Source};
use tree_sitter::Node;

/// Whether `node` is a comment.
pub(super) fn is_comment(lang: Lang, node: Node) -> bool {
    match lang {
        Lang::Java => matches!(node.kind(), "line_comment" | "block_comment"),
        Lang::C => node.kind() == "comment",
    }
}

/// Whether `node` holds a list of statements that a new statement may join.
/// C switch bodies are left out: a statement there before the first `case`
/// label is never executed, and their children are labels, not statements.
fn is_statement_list(lang: Lang, node: Node) -> bool {
    match lang {
        Lang::Java => matches!(
            node.kind(),
            "block" | "constructor_body" | "switch_block_statement_group"
        ),
        Lang::C => {
            node.kind() == "compound_statement"
                && node.parent().is_none_or(|p| p.kind() != "switch_statement")
        }
    }
}

/// The statements of a list before which a new statement may go.
///
/// Java: a statement that javac accepted is reachable, so the statement
/// before it can complete normally and a new statement in between is
/// reachable too; inserting only *before* existing statements never puts code
/// after a `return`. An explicit `this(…)`/`super(…)` call must stay first,
/// and switch labels are not statements.
/// C: direct statements only; never before a `case` label (the new statement
/// would sit in the previous case) and never among preprocessor lines.
pub(super) fn insertion_points<'a>(lang: Lang, list: Node<'a>) -> Vec<Node<'a>> {
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .filter(|child| !is_comment(lang, *child))
        .filter(|child| match lang {
            Lang::Java => !matches!(
                child.kind(),
                "switch_label" | "explicit_constructor_invocation"
            ),
            Lang::C => child.kind() != "case_statement" && !child.kind().starts_with("preproc"),
        })
        .collect()
}

/// Every clean statement list of the tree that has an insertion point, in
/// document order.
pub(super) fn statement_lists(src: &Source) -> Vec<Node<'_>> {
    let lang = src.lang();
    syntax::descendants(src.root())
        .filter(|n| is_statement_list(lang, *n) && is_clean_in(src, *n))
        .filter(|n| !insertion_points(lang, *n).is_empty())
        .collect()
}

/// Inserts `snippet` before the statement starting at byte `at`: on a line of
/// its own with the statement's indentation when the statement starts its
/// line, otherwise on the same line.
pub(super) fn insert_before(text: &str, at: usize, snippet: &str) -> Edit {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if text[line_start..at].trim().is_empty() {
        let indent = syntax::line_indent(text, at);
        Edit::insert(at, format!("{snippet}\n{indent}"))
    } else {
        Edit::insert(at, format!("{snippet} "))
    }
}

pub(super) use crate::lang::syntax::is_clean_in;

/// Sites of the relations that insert a statement: the statement lists.
pub(super) fn insertion_sites(src: &Source) -> Vec<Site> {
    statement_lists(src).into_iter().map(Site::of).collect()
}

/// The statement of the site's list before which to insert, drawn from
/// `choices` (recorded as `position`).
pub(super) fn chosen_point<'a>(
    lang: Lang,
    src: &'a Source,
    site: &Site,
    choices: &mut Choices,
) -> Result<Node<'a>, Decline> {
    let points = insertion_points(lang, site.node(src)?);
    Ok(points[choices.pick("position", points.len())?])
}
