//! Branch restructurings:
//! - `if-swap`: `if (c) A else B` → `if (!(c)) B else A`; B is braced when it
//!   could capture a following `else` (dangling else).
//! - `else-if-to-nested`: `else if (c) …` → `else { if (c) … }`.
//! - `nested-to-else-if`: the reverse, when the else block holds exactly that
//!   one `if` (no comments, no declarations) and dropping the braces cannot
//!   let an outer `else` bind to it.
//! - `ternary-to-if` / `if-to-ternary`: `x = c ? a : b;` ↔
//!   `if (c) { x = a; } else { x = b; }` and `return c ? a : b;` ↔ if/else
//!   returns, for a plain variable `x`, when both branches provably have the
//!   same type (same literal kind), so no promotion or boxing differs.
//! - `java.switch-to-if`: see [`switch`].

mod switch;

use super::shape::{
    block_kind, braced, clean_nodes_of, code_children, else_branch, has_comment_child, indent_unit,
    is_statement_list, negate, paren_if, precedence, reindent, unparenthesised,
};
use super::{Choices, Decline, Example, RelationDef, Rule, Site};
use crate::lang::effects::operator;
use crate::lang::{syntax, Edit, Lang, Source};
use tree_sitter::Node;

pub(super) const RELATIONS: &[RelationDef] = &[
    IF_SWAP,
    ELSE_IF_TO_NESTED,
    NESTED_TO_ELSE_IF,
    TERNARY_TO_IF,
    IF_TO_TERNARY,
];

/// Listed after the branch relations of both languages, so a family of its
/// own.
pub(super) const SWITCH: &[RelationDef] = &[switch::SWITCH_TO_IF];

/// `text` to put where `otherwise` stands, with a space where it would
/// otherwise fuse with the `else` keyword (`else{` + `x = 1;` → `elsex`).
fn after_else(src: &Source, otherwise: Node, text: &str) -> String {
    let word_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let fuses =
        src.text()[..otherwise.start_byte()].ends_with(word_char) && text.starts_with(word_char);
    if fuses {
        format!(" {text}")
    } else {
        text.to_string()
    }
}

/// Statements that end in `;` or `}` of their own and so cannot take an
/// `else` that follows them.
fn closed_statement(lang: Lang, stmt: Node) -> bool {
    stmt.kind() == block_kind(lang)
        || matches!(
            stmt.kind(),
            "expression_statement"
                | "return_statement"
                | "break_statement"
                | "continue_statement"
                | "throw_statement"
                | "goto_statement"
        )
}

struct IfSwap {
    lang: Lang,
}

const IF_SWAP: RelationDef = RelationDef {
    name: "if-swap",
    description: "negates an if condition and swaps the two branches",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "int f(int a) {\n    if (a == 0) {\n        return 1;\n    } else {\n        return 2;\n    }\n}",
                after: "int f(int a) {\n    if (a != 0) {\n        return 2;\n    } else {\n        return 1;\n    }\n}",
            },
        ),
        (
            Lang::C,
            Example {
                before: "int f(int a) {\n    if (a > 0)\n        a = 1;\n    else\n        a = 2;\n    return a;\n}",
                after: "int f(int a) {\n    if (!(a > 0))\n        a = 2;\n    else\n        a = 1;\n    return a;\n}",
            },
        ),
    ],
    rule: |lang| Box::new(IfSwap { lang }),
};

impl Rule for IfSwap {
    fn sites(&self, src: &Source) -> Vec<Site> {
        clean_nodes_of(src, &["if_statement"])
            .filter(|n| else_branch(*n).is_some() && n.child_by_field_name("consequence").is_some())
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let node = site.node(src)?;
        let (Some(condition), Some(then), Some(otherwise)) = (
            node.child_by_field_name("condition"),
            node.child_by_field_name("consequence"),
            else_branch(node),
        ) else {
            return Err(Decline::new("if without else"));
        };
        let new_then = if closed_statement(self.lang, otherwise) {
            src.node_text(otherwise).to_string()
        } else {
            braced(src, src.node_text(otherwise), node)
        };
        Ok(vec![
            Edit::new(
                condition.byte_range(),
                format!("({})", negate(src, condition)),
            ),
            Edit::new(then.byte_range(), new_then),
            Edit::new(
                otherwise.byte_range(),
                after_else(src, otherwise, src.node_text(then)),
            ),
        ])
    }
}

/// An `if` that is the else branch of another `if`.
fn is_else_if(lang: Lang, node: Node) -> bool {
    let Some(parent) = node.parent() else {
        return false;
    };
    let owner = match lang {
        Lang::Java => Some(parent),
        Lang::C => parent.parent().filter(|_| parent.kind() == "else_clause"),
    };
    owner.is_some_and(|o| o.kind() == "if_statement" && else_branch(o) == Some(node))
}

struct ElseIfToNested {
    lang: Lang,
}

const ELSE_IF_TO_NESTED: RelationDef = RelationDef {
    name: "else-if-to-nested",
    description: "wraps the if of an else-if in a block: else if (c) ... -> else { if (c) ... }",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "int f(int a) {\n    if (a < 0) {\n        a = 0;\n    } else if (a > 9) {\n        a = 9;\n    }\n    return a;\n}",
                after: "int f(int a) {\n    if (a < 0) {\n        a = 0;\n    } else {\n        if (a > 9) {\n            a = 9;\n        }\n    }\n    return a;\n}",
            },
        ),
        (
            Lang::C,
            Example {
                before: "int f(int a) {\n    if (a < 0)\n        a = 0;\n    else if (a > 9)\n        a = 9;\n    return a;\n}",
                after: "int f(int a) {\n    if (a < 0)\n        a = 0;\n    else {\n        if (a > 9)\n            a = 9;\n    }\n    return a;\n}",
            },
        ),
    ],
    rule: |lang| Box::new(ElseIfToNested { lang }),
};

impl Rule for ElseIfToNested {
    fn sites(&self, src: &Source) -> Vec<Site> {
        clean_nodes_of(src, &["if_statement"])
            .filter(|n| is_else_if(self.lang, *n))
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let node = site.node(src)?;
        if !is_else_if(self.lang, node) {
            return Err(Decline::new("not an else-if"));
        }
        let unit = indent_unit(src, src.root());
        let inner = reindent(src, node, src.node_text(node), &unit);
        Ok(vec![Edit::new(
            node.byte_range(),
            braced(src, &inner, node),
        )])
    }
}

struct NestedToElseIf {
    lang: Lang,
}

impl NestedToElseIf {
    /// The lone `if` inside an else block that may lose its braces.
    fn lone_if<'a>(&self, block: Node<'a>) -> Option<Node<'a>> {
        if block.kind() != block_kind(self.lang) || has_comment_child(block) {
            return None;
        }
        let parent = block.parent()?;
        let owner = match self.lang {
            Lang::Java => parent,
            Lang::C => parent.parent().filter(|_| parent.kind() == "else_clause")?,
        };
        if owner.kind() != "if_statement" || else_branch(owner) != Some(block) {
            return None;
        }
        let [inner] = code_children(block)[..] else {
            return None;
        };
        if inner.kind() != "if_statement" {
            return None;
        }
        // Without braces an else-less inner if would take an else that
        // follows the whole chain; allow that only when none can follow.
        if else_branch(inner).is_none() && !chain_is_closed(self.lang, owner) {
            return None;
        }
        Some(inner)
    }
}

/// Whether nothing can follow the if-else chain that `if_stmt` belongs to:
/// its outermost `if` sits directly in a statement list.
fn chain_is_closed(lang: Lang, if_stmt: Node) -> bool {
    let mut current = if_stmt;
    while is_else_if(lang, current) {
        let parent = current.parent();
        let owner = match lang {
            Lang::Java => parent,
            Lang::C => parent.and_then(|p| p.parent()),
        };
        match owner {
            Some(o) => current = o,
            None => return false,
        }
    }
    current
        .parent()
        .is_some_and(|p| is_statement_list(lang, p.kind()))
}

const NESTED_TO_ELSE_IF: RelationDef = RelationDef {
    name: "nested-to-else-if",
    description: "turns an else block holding only an if into an else-if: else { if (c) ... } -> else if (c) ...",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "int f(int a) {\n    if (a < 0) {\n        a = 0;\n    } else {\n        if (a > 9) {\n            a = 9;\n        }\n    }\n    return a;\n}",
                after: "int f(int a) {\n    if (a < 0) {\n        a = 0;\n    } else if (a > 9) {\n            a = 9;\n        }\n    return a;\n}",
            },
        ),
        (
            Lang::C,
            Example {
                before: "int f(int a) {\n    if (a < 0)\n        a = 0;\n    else {\n        if (a > 9)\n            a = 9;\n    }\n    return a;\n}",
                after: "int f(int a) {\n    if (a < 0)\n        a = 0;\n    else if (a > 9)\n            a = 9;\n    return a;\n}",
            },
        ),
    ],
    rule: |lang| Box::new(NestedToElseIf { lang }),
};

impl Rule for NestedToElseIf {
    fn sites(&self, src: &Source) -> Vec<Site> {
        clean_nodes_of(src, &[block_kind(self.lang)])
            .filter(|n| self.lone_if(*n).is_some())
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let block = site.node(src)?;
        let inner = self
            .lone_if(block)
            .ok_or_else(|| Decline::new("else block is not a lone if"))?;
        Ok(vec![Edit::new(block.byte_range(), src.node_text(inner))])
    }
}

/// The type class of an expression as far as literals tell: two branches of
/// the same class convert to any target exactly as their conditional does.
fn literal_class(src: &Source, expr: Node) -> Option<String> {
    let expr = unparenthesised(expr);
    let text = src.node_text(expr);
    match expr.kind() {
        "decimal_integer_literal"
        | "hex_integer_literal"
        | "octal_integer_literal"
        | "binary_integer_literal" => Some(
            if text.ends_with(['l', 'L']) {
                "long"
            } else {
                "int"
            }
            .into(),
        ),
        "decimal_floating_point_literal" | "hex_floating_point_literal" => Some(
            if text.ends_with(['f', 'F']) {
                "float"
            } else {
                "double"
            }
            .into(),
        ),
        "character_literal" => Some("char".into()),
        "string_literal" | "text_block" | "null_literal" => Some("reference".into()),
        "true" | "false" => Some("boolean".into()),
        "number_literal" => c_number_class(text),
        "char_literal" => Some("int".into()),
        "unary_expression" if matches!(operator(expr), Some("-" | "+")) => {
            let operand = expr
                .child_by_field_name("operand")
                .or_else(|| expr.child_by_field_name("argument"))?;
            let class = literal_class(src, operand)?;
            matches!(
                class.as_str(),
                "int" | "long" | "float" | "double" | "u" | "l" | "ll"
            )
            .then_some(class)
        }
        "ternary_expression" | "conditional_expression" => {
            let a = literal_class(src, expr.child_by_field_name("consequence")?)?;
            let b = literal_class(src, expr.child_by_field_name("alternative")?)?;
            (a == b).then_some(a)
        }
        _ => None,
    }
}

/// C number literals: the suffix decides the type, except that a hex or
/// octal literal too large for `int` becomes unsigned (declined).
fn c_number_class(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let hex = lower.starts_with("0x");
    let floating =
        !hex && (lower.contains('.') || lower.contains('e')) || hex && lower.contains('p');
    if floating {
        return Some(
            if lower.ends_with('f') {
                "float"
            } else if lower.ends_with('l') {
                "long double"
            } else {
                "double"
            }
            .into(),
        );
    }
    let digits = lower.trim_end_matches(['u', 'l']);
    let suffix = &lower[digits.len()..];
    if suffix.is_empty() && (hex || digits.starts_with('0') && digits.len() > 1) {
        let value = if hex {
            u64::from_str_radix(&digits[2..], 16).ok()?
        } else {
            u64::from_str_radix(digits, 8).ok()?
        };
        return (value <= i32::MAX as u64).then(|| "int".into());
    }
    Some(if suffix.is_empty() {
        "int".to_string()
    } else {
        suffix.to_string()
    })
}

/// Java: a class-`int` conditional assigned to a `byte`, `short` or `char`
/// compiles only as separate constant assignments; the target must be known
/// to be wider.
fn int_fits_target(src: &Source, class: &str, target_type: Option<&str>) -> bool {
    src.lang() != Lang::Java
        || class != "int"
        || target_type.is_some_and(|t| {
            !matches!(
                t,
                "byte" | "short" | "char" | "Byte" | "Short" | "Character"
            )
        })
}

/// The declared return type of the method around `node` (Java), if no
/// lambda is in between.
fn return_type<'a>(src: &'a Source, node: Node) -> Option<&'a str> {
    let owner = syntax::ancestor(
        node,
        &[
            "method_declaration",
            "lambda_expression",
            "constructor_declaration",
        ],
    )?;
    (owner.kind() == "method_declaration")
        .then(|| owner.child_by_field_name("type"))
        .flatten()
        .map(|t| src.node_text(t))
}

/// `x = c ? a : b;` or `return c ? a : b;`.
enum TernaryStatement<'a> {
    Assign { target: Node<'a>, ternary: Node<'a> },
    Return { ternary: Node<'a> },
}

fn ternary_kind(lang: Lang) -> &'static str {
    match lang {
        Lang::Java => "ternary_expression",
        Lang::C => "conditional_expression",
    }
}

fn ternary_statement<'a>(src: &'a Source, stmt: Node<'a>) -> Option<TernaryStatement<'a>> {
    let lang = src.lang();
    // A Java arrow rule's body must stay an expression statement.
    if stmt.parent()?.kind() == "switch_rule" {
        return None;
    }
    let [expr] = code_children(stmt)[..] else {
        return None;
    };
    let found = match stmt.kind() {
        "expression_statement" => {
            if expr.kind() != "assignment_expression" || operator(expr) != Some("=") {
                return None;
            }
            let target = expr.child_by_field_name("left")?;
            let ternary = unparenthesised(expr.child_by_field_name("right")?);
            if target.kind() != "identifier" {
                return None;
            }
            TernaryStatement::Assign { target, ternary }
        }
        "return_statement" => TernaryStatement::Return {
            ternary: unparenthesised(expr),
        },
        _ => return None,
    };
    let ternary = match &found {
        TernaryStatement::Assign { ternary, .. } | TernaryStatement::Return { ternary } => *ternary,
    };
    if ternary.kind() != ternary_kind(lang) {
        return None;
    }
    let a = literal_class(src, ternary.child_by_field_name("consequence")?)?;
    let b = literal_class(src, ternary.child_by_field_name("alternative")?)?;
    (a == b).then_some(())?;
    Some(found)
}

struct TernaryToIf;

const TERNARY_TO_IF: RelationDef = RelationDef {
    name: "ternary-to-if",
    description: "turns x = c ? a : b; or return c ? a : b; into an if/else when both branches have the same literal type",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "String f(int a) {\n    return a > 0 ? \"pos\" : \"neg\";\n}",
                after: "String f(int a) {\n    if (a > 0) {\n        return \"pos\";\n    } else {\n        return \"neg\";\n    }\n}",
            },
        ),
        (
            Lang::C,
            Example {
                before: "int f(int a) {\n    int s;\n    s = a > 0 ? 1 : -1;\n    return s;\n}",
                after: "int f(int a) {\n    int s;\n    if (a > 0) {\n        s = 1;\n    } else {\n        s = -1;\n    }\n    return s;\n}",
            },
        ),
    ],
    rule: |_| Box::new(TernaryToIf),
};

impl Rule for TernaryToIf {
    fn sites(&self, src: &Source) -> Vec<Site> {
        clean_nodes_of(src, &["expression_statement", "return_statement"])
            .filter(|n| ternary_statement(src, *n).is_some())
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let stmt = site.node(src)?;
        let found = ternary_statement(src, stmt)
            .ok_or_else(|| Decline::new("not an assignment or return of a conditional"))?;
        let (prefix, ternary) = match found {
            TernaryStatement::Assign { target, ternary } => {
                (format!("{} = ", src.node_text(target)), ternary)
            }
            TernaryStatement::Return { ternary } => ("return ".to_string(), ternary),
        };
        let part = |name| {
            ternary
                .child_by_field_name(name)
                .map(|n| src.node_text(unparenthesised(n)))
                .ok_or_else(|| Decline::new("incomplete conditional"))
        };
        let condition = part("condition")?;
        let (a, b) = (part("consequence")?, part("alternative")?);
        let indent = syntax::line_indent(src.text(), stmt.start_byte());
        let unit = indent_unit(src, src.root());
        Ok(vec![Edit::new(
            stmt.byte_range(),
            format!(
                "if ({condition}) {{\n{indent}{unit}{prefix}{a};\n{indent}}} else {{\n{indent}{unit}{prefix}{b};\n{indent}}}"
            ),
        )])
    }
}

struct IfToTernary {
    lang: Lang,
}

/// The single statement of a branch (itself, or the only one in a block).
fn single_statement(lang: Lang, branch: Node) -> Option<Node> {
    if branch.kind() == block_kind(lang) {
        if has_comment_child(branch) {
            return None;
        }
        let [only] = code_children(branch)[..] else {
            return None;
        };
        Some(only)
    } else {
        Some(branch)
    }
}

/// `(target or None for return, value)` of `x = v;` / `return v;`.
fn assigned_value<'a>(
    src: &'a Source,
    stmt: Node<'a>,
) -> Option<(Option<&'a str>, Node<'a>, Option<Node<'a>>)> {
    let [expr] = code_children(stmt)[..] else {
        return None;
    };
    match stmt.kind() {
        "expression_statement"
            if expr.kind() == "assignment_expression" && operator(expr) == Some("=") =>
        {
            let left = expr.child_by_field_name("left")?;
            (left.kind() == "identifier")
                .then(|| {
                    Some((
                        Some(src.node_text(left)),
                        expr.child_by_field_name("right")?,
                        Some(left),
                    ))
                })
                .flatten()
        }
        "return_statement" => Some((None, expr, None)),
        _ => None,
    }
}

struct IfToTernaryParts<'a> {
    target: Option<&'a str>,
    condition: Node<'a>,
    a: Node<'a>,
    b: Node<'a>,
}

impl IfToTernary {
    fn parts<'a>(&self, src: &'a Source, node: Node<'a>) -> Option<IfToTernaryParts<'a>> {
        let then = single_statement(self.lang, node.child_by_field_name("consequence")?)?;
        let otherwise = single_statement(self.lang, else_branch(node)?)?;
        let (target, a, target_node) = assigned_value(src, then)?;
        let (other_target, b, _) = assigned_value(src, otherwise)?;
        if target != other_target || then.kind() != otherwise.kind() {
            return None;
        }
        let class = literal_class(src, a)?;
        if literal_class(src, b)? != class {
            return None;
        }
        // C: a literal `0` may be a null pointer constant for a pointer
        // target; inside a conditional it is a plain `int` and no longer is.
        let zero = |v: Node| src.node_text(unparenthesised(v)) == "0";
        if self.lang == Lang::C && (zero(a) || zero(b)) {
            return None;
        }
        let target_type = match target_node {
            Some(t) => src.scopes().variable_type(t),
            None => return_type(src, node),
        };
        if !int_fits_target(src, &class, target_type) {
            return None;
        }
        Some(IfToTernaryParts {
            target,
            condition: node.child_by_field_name("condition")?,
            a,
            b,
        })
    }
}

const IF_TO_TERNARY: RelationDef = RelationDef {
    name: "if-to-ternary",
    description: "turns if (c) x = a; else x = b; (or two returns) into x = c ? a : b; when both values have the same literal type",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "String f(int a) {\n    if (a > 0) {\n        return \"pos\";\n    } else {\n        return \"neg\";\n    }\n}",
                after: "String f(int a) {\n    return a > 0 ? \"pos\" : \"neg\";\n}",
            },
        ),
        (
            Lang::C,
            Example {
                before: "int f(int a) {\n    int s;\n    if (a > 0)\n        s = 1;\n    else\n        s = -1;\n    return s;\n}",
                after: "int f(int a) {\n    int s;\n    s = a > 0 ? 1 : -1;\n    return s;\n}",
            },
        ),
    ],
    rule: |lang| Box::new(IfToTernary { lang }),
};

impl Rule for IfToTernary {
    fn sites(&self, src: &Source) -> Vec<Site> {
        clean_nodes_of(src, &["if_statement"])
            .filter(|n| self.parts(src, *n).is_some())
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let node = site.node(src)?;
        let parts = self
            .parts(src, node)
            .ok_or_else(|| Decline::new("branches are not two matching assignments or returns"))?;
        let condition = unparenthesised(parts.condition);
        // The conditional binds looser than every binary operator; anything
        // looser than that (assignment, another conditional, comma, lambda)
        // needs parentheses.
        let c = paren_if(src.node_text(condition), precedence(condition) == 0);
        let a = paren_if(
            src.node_text(parts.a),
            precedence(parts.a) == 0 && parts.a.kind() != ternary_kind(self.lang),
        );
        let b = paren_if(
            src.node_text(parts.b),
            precedence(parts.b) == 0 && parts.b.kind() != ternary_kind(self.lang),
        );
        let value = format!("{c} ? {a} : {b}");
        let text = match parts.target {
            Some(target) => format!("{target} = {value};"),
            None => format!("return {value};"),
        };
        Ok(vec![Edit::new(node.byte_range(), text)])
    }
}

#[cfg(test)]
mod tests;
