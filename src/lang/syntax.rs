//! Small tree and text helpers shared by the relations.

use std::ops::Range;
use tree_sitter::Node;

/// All nodes under `node` (itself included), in document order.
pub fn descendants(node: Node<'_>) -> impl Iterator<Item = Node<'_>> {
    let mut cursor = node.walk();
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let current = cursor.node();
        if !cursor.goto_first_child() {
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() || cursor.node() == node {
                    done = true;
                    break;
                }
            }
        }
        if cursor.node() == node && current != node {
            done = true;
        }
        Some(current)
    })
}

/// All nodes under `node` (itself included), in document order, each with
/// its parent inside this walk (`None` for `node` itself). Cheaper than
/// `Node::parent`, which tree-sitter answers by walking down from the root.
pub fn descendants_with_parent(
    node: Node<'_>,
) -> impl Iterator<Item = (Node<'_>, Option<Node<'_>>)> {
    let mut cursor = node.walk();
    let mut ancestors: Vec<Node> = Vec::new();
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let current = cursor.node();
        let parent = ancestors.last().copied();
        if cursor.goto_first_child() {
            ancestors.push(current);
        } else {
            loop {
                if ancestors.is_empty() {
                    done = true;
                    break;
                }
                if cursor.goto_next_sibling() {
                    break;
                }
                cursor.goto_parent();
                ancestors.pop();
            }
        }
        Some((current, parent))
    })
}

/// The nearest proper ancestor whose kind is one of `kinds`.
pub fn ancestor<'a>(node: Node<'a>, kinds: &[&str]) -> Option<Node<'a>> {
    std::iter::successors(node.parent(), |n| n.parent()).find(|n| kinds.contains(&n.kind()))
}

/// Whether the node is inside an ERROR node (tree-sitter can recover valid
/// looking subtrees there; their meaning is unknown).
pub fn inside_error(node: Node) -> bool {
    std::iter::successors(node.parent(), |n| n.parent()).any(|n| n.is_error())
}

/// Whether a relation may touch this node at all.
pub fn is_clean(node: Node) -> bool {
    !node.has_error() && !inside_error(node)
}

/// `is_clean`, answered at once for the common error-free tree (finding
/// ancestors costs a walk from the root per level).
pub fn is_clean_in(src: &crate::lang::Source, node: Node) -> bool {
    !src.root().has_error() || is_clean(node)
}

/// The fraction of the text's bytes outside ERROR nodes (MISSING nodes are
/// zero-width and do not count).
pub fn clean_fraction(src: &crate::lang::Source) -> f64 {
    let len = src.text().len();
    if len == 0 {
        return 1.0;
    }
    let mut in_error = 0;
    let mut stack = vec![src.root()];
    while let Some(node) = stack.pop() {
        if node.is_error() {
            in_error += node.byte_range().len();
        } else if node.has_error() {
            let mut cursor = node.walk();
            stack.extend(node.children(&mut cursor));
        }
    }
    1.0 - in_error as f64 / len as f64
}

/// Whether a `/*` in `range` of the text is no comment opener in the tree:
/// tree-sitter lexes an unterminated `/*` as the operators `/` and `*` (in
/// `a /*p` it reads a division), so a later `*/` turns it into a comment
/// over the code between. Openers inside comments and literals are text.
pub fn has_stray_comment_opener(src: &crate::lang::Source, range: Range<usize>) -> bool {
    let start = range.start;
    src.text()[range]
        .match_indices("/*")
        .any(|(offset, _)| !in_comment_or_literal(src, start + offset))
}

/// Whether the byte at `at` belongs to a comment or a string/char literal.
fn in_comment_or_literal(src: &crate::lang::Source, at: usize) -> bool {
    let Some(leaf) = src.root().descendant_for_byte_range(at, at + 1) else {
        return false;
    };
    std::iter::successors(Some(leaf), |n| n.parent()).any(|n| {
        matches!(
            n.kind(),
            "comment"
                | "line_comment"
                | "block_comment"
                | "string_literal"
                | "char_literal"
                | "character_literal"
                | "raw_string_literal"
        )
    })
}

/// The whitespace that starts the line holding byte `at`.
pub fn line_indent(text: &str, at: usize) -> &str {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let rest = &text[line_start..];
    &rest[..rest.len() - rest.trim_start_matches([' ', '\t']).len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{Lang, Source};

    #[test]
    fn descendants_visit_every_node_once_in_order() {
        let src = Source::parse(Lang::C, "int f(int a) { return a + 1; }").unwrap();
        let kinds: Vec<&str> = descendants(src.root()).map(|n| n.kind()).collect();
        fn count(node: Node) -> usize {
            1 + (0..node.child_count())
                .map(|i| count(node.child(i as _).unwrap()))
                .sum::<usize>()
        }
        let expected = count(src.root());
        assert_eq!(kinds.len(), expected);
        assert_eq!(kinds[0], "translation_unit");
        let body = src
            .root()
            .named_child(0)
            .unwrap()
            .child_by_field_name("body")
            .unwrap();
        assert!(descendants(body)
            .all(|n| n.start_byte() >= body.start_byte() && n.end_byte() <= body.end_byte()));
    }

    #[test]
    fn descendants_with_parent_pair_each_node_with_its_parent() {
        let src = Source::parse(
            Lang::Java,
            "int f(int a) { if (a > 0) { a--; } return a + 1; }",
        )
        .unwrap();
        let walked: Vec<_> = descendants_with_parent(src.root()).collect();
        let plain: Vec<_> = descendants(src.root()).collect();
        assert_eq!(walked.iter().map(|(n, _)| *n).collect::<Vec<_>>(), plain);
        assert_eq!(walked[0].1, None);
        for (node, parent) in &walked[1..] {
            assert_eq!(*parent, node.parent(), "{}", node.kind());
        }
        let body = plain.iter().find(|n| n.kind() == "block").unwrap();
        let inner: Vec<_> = descendants_with_parent(*body).collect();
        assert_eq!(inner[0], (*body, None));
        assert_eq!(inner.len(), descendants(*body).count());
    }

    #[test]
    fn line_indent_reads_leading_whitespace() {
        let text = "a\n    b = 1;\n";
        assert_eq!(line_indent(text, text.find('b').unwrap()), "    ");
        assert_eq!(line_indent(text, 0), "");
    }
}
