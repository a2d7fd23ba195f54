//! Layout relations: braces, parentheses, whitespace and comments. None of
//! them changes what the program computes; each keeps every token that
//! carries meaning.

mod braces;
mod comment;
mod parens;
mod reformat;

use super::RelationDef;
use crate::lang::{syntax, Source};
use tree_sitter::Node;

pub(super) const RELATIONS: &[RelationDef] = &[
    braces::ADD_BRACES,
    braces::REMOVE_BRACES,
    parens::REDUNDANT_PARENS,
    parens::REMOVE_PARENS,
    reformat::REFORMAT,
    comment::COMMENT,
    comment::REMOVE_COMMENT,
];

/// Whether `node` is or contains a preprocessor construct: text there is
/// not C (and `#` lines must stay lines of their own), so C layout relations
/// keep away from it.
fn has_preprocessor(node: Node) -> bool {
    syntax::descendants(node).any(|n| n.kind().starts_with("preproc"))
}

/// Whether `node` lies inside a preprocessor construct. Every such construct
/// starts with a `#`, so a text without one needs no walk up the tree (each
/// `parent()` walks down from the root).
fn inside_preprocessor(src: &Source, node: Node) -> bool {
    src.text().contains('#')
        && std::iter::successors(node.parent(), |n| n.parent())
            .any(|n| n.kind().starts_with("preproc"))
}
