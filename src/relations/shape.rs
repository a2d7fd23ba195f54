//! Text shaping shared by the control-flow and operand relations:
//! precedence-aware parenthesisation, condition negation, indentation and
//! statement kinds that differ between Java and C.

use crate::lang::effects::operator;
use crate::lang::{syntax, Lang, Source};
use tree_sitter::Node;

/// Binding strength of an expression node: higher binds tighter. Binary
/// operators follow the common Java/C table; anything that is not a binary
/// operator either binds tighter than all of them (primaries, unary, casts)
/// or looser (assignment, conditional, lambda, comma).
pub fn precedence(node: Node) -> u8 {
    match node.kind() {
        "binary_expression" => operator(node).map_or(0, binary_precedence),
        "instanceof_expression" => binary_precedence("<"),
        "ternary_expression"
        | "conditional_expression"
        | "assignment_expression"
        | "lambda_expression"
        | "comma_expression" => 0,
        _ => 20,
    }
}

pub fn binary_precedence(op: &str) -> u8 {
    match op {
        "*" | "/" | "%" => 10,
        "+" | "-" => 9,
        "<<" | ">>" | ">>>" => 8,
        "<" | "<=" | ">" | ">=" => 7,
        "==" | "!=" => 6,
        "&" => 5,
        "^" => 4,
        "|" => 3,
        "&&" => 2,
        "||" => 1,
        _ => 0,
    }
}

/// `text` in parentheses when `needed`.
pub fn paren_if(text: &str, needed: bool) -> String {
    if needed {
        format!("({text})")
    } else {
        text.to_string()
    }
}

/// The inside of a parenthesised condition (`(c)` → `c`).
pub fn unparenthesised<'a>(node: Node<'a>) -> Node<'a> {
    let mut current = node;
    while current.kind() == "parenthesized_expression" && current.named_child_count() == 1 {
        match current.named_child(0) {
            Some(inner) if inner.kind() != "comment" => current = inner,
            _ => break,
        }
    }
    current
}

/// The negation of condition `cond`: `!x` → `x`, `a == b` ↔ `a != b`,
/// otherwise `!c` for primaries and `!(c)` for the rest. Never `<` → `>=`
/// (NaN makes that wrong for floating point).
pub fn negate(src: &Source, cond: Node) -> String {
    let cond = unparenthesised(cond);
    match cond.kind() {
        "unary_expression" if operator(cond) == Some("!") => {
            let operand = cond
                .child_by_field_name("operand")
                .or_else(|| cond.child_by_field_name("argument"));
            if let Some(operand) = operand {
                return src.node_text(unparenthesised(operand)).to_string();
            }
        }
        "binary_expression" if matches!(operator(cond), Some("==" | "!=")) => {
            if let Some(op) = cond.child_by_field_name("operator") {
                let flipped = if op.kind() == "==" { "!=" } else { "==" };
                let text = src.node_text(cond);
                let start = op.start_byte() - cond.start_byte();
                let end = op.end_byte() - cond.start_byte();
                return format!("{}{flipped}{}", &text[..start], &text[end..]);
            }
        }
        _ => {}
    }
    let text = src.node_text(cond);
    let primary = matches!(
        cond.kind(),
        "identifier" | "method_invocation" | "call_expression" | "field_access" | "true" | "false"
    );
    if primary {
        format!("!{text}")
    } else {
        format!("!({text})")
    }
}

/// One level of indentation as the text around `node` uses it: the extra
/// indentation of the first line inside a block, or four spaces.
pub fn indent_unit(src: &Source, node: Node) -> String {
    let outer = syntax::line_indent(src.text(), node.start_byte());
    syntax::descendants(node)
        .filter(|n| n.start_byte() > node.start_byte())
        .map(|n| syntax::line_indent(src.text(), n.start_byte()))
        .find(|inner| inner.len() > outer.len() && inner.starts_with(outer))
        .map_or_else(
            || "    ".to_string(),
            |inner| inner[outer.len()..].to_string(),
        )
}

/// `stmt` as a braced block on its own lines, indented like `at`.
pub fn braced(src: &Source, stmt_text: &str, at: Node) -> String {
    let indent = syntax::line_indent(src.text(), at.start_byte());
    let unit = indent_unit(src, src.root());
    format!("{{\n{indent}{unit}{stmt_text}\n{indent}}}")
}

/// Statement-list containers: blocks and switch groups.
pub fn is_statement_list(lang: Lang, kind: &str) -> bool {
    match lang {
        Lang::Java => matches!(kind, "block" | "switch_block_statement_group"),
        Lang::C => matches!(kind, "compound_statement" | "case_statement"),
    }
}

/// The block kind of `lang`.
pub fn block_kind(lang: Lang) -> &'static str {
    match lang {
        Lang::Java => "block",
        Lang::C => "compound_statement",
    }
}

/// The local-declaration statement kind of `lang`.
pub fn declaration_kind(lang: Lang) -> &'static str {
    match lang {
        Lang::Java => "local_variable_declaration",
        Lang::C => "declaration",
    }
}

/// The statement in an if's else branch (C wraps it in an `else_clause`).
pub fn else_branch<'a>(if_stmt: Node<'a>) -> Option<Node<'a>> {
    let alternative = if_stmt.child_by_field_name("alternative")?;
    if alternative.kind() == "else_clause" {
        let mut cursor = alternative.walk();
        let stmt = alternative
            .named_children(&mut cursor)
            .find(|c| c.kind() != "comment");
        stmt
    } else {
        Some(alternative)
    }
}

/// The named children of a node that are not comments.
pub fn code_children(node: Node) -> Vec<Node> {
    let mut cursor = node.walk();
    let children = node
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "comment")
        .collect();
    children
}

/// Whether `node` has a comment among its direct children.
pub fn has_comment_child(node: Node) -> bool {
    let mut cursor = node.walk();
    let found = node
        .named_children(&mut cursor)
        .any(|c| c.kind() == "comment");
    found
}

/// Every clean node of `kind` in document order.
pub fn clean_nodes_of<'a>(src: &'a Source, kinds: &'a [&'a str]) -> impl Iterator<Item = Node<'a>> {
    syntax::descendants(src.root())
        .filter(move |n| kinds.contains(&n.kind()))
        .filter(|n| syntax::is_clean_in(src, *n))
}

/// `text` (the new text of `original`) with one more level of indentation
/// on every line after the first, unless a literal spans lines (re-indenting
/// would change its value).
pub fn reindent(src: &Source, original: Node, text: &str, unit: &str) -> String {
    let multiline_literal = syntax::descendants(original).any(|n| {
        matches!(
            n.kind(),
            "string_literal" | "text_block" | "char_literal" | "character_literal"
        ) && src.node_text(n).contains('\n')
    });
    if multiline_literal {
        return text.to_string();
    }
    text.replace('\n', &format!("\n{unit}"))
}
