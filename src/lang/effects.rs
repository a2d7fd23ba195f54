//! Side effects, possible failures and control transfer of expressions and
//! statements, decided from syntax alone and always conservatively: when the
//! syntax cannot prove an expression harmless, it is reported as harmful.
//!
//! Policy for evaluation-order changes (operand swaps, statement swaps):
//! - Both parts must be pure ([`is_pure`]): no assignment, `++`/`--`, call,
//!   object or array creation, lambda, switch expression, pattern binding.
//!   In C every call counts as impure (it may be a macro hiding anything).
//!   Identifiers are treated as plain variable reads: a C object-like macro
//!   with side effects, a `volatile` variable, or a Java static field whose
//!   first read runs a class initialiser are not visible in the syntax and
//!   are accepted risks.
//! - Java: reordering two pure parts is allowed when at most one of them can
//!   throw, or when both can only throw `NullPointerException` (the
//!   exception is then the same whichever runs first; only the helpful-NPE
//!   message may name a different variable). See [`may_reorder`].
//! - C: the order of evaluation of the operands of a binary operator is
//!   unspecified and a trap is undefined behaviour, so pure parts may always
//!   be reordered.

use super::{Lang, Source};
use std::collections::BTreeSet;
use tree_sitter::Node;

/// What evaluating a pure Java expression can throw, from harmless to worst.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Failure {
    Never,
    /// Only `NullPointerException` (unboxing a null, reading a field of null).
    NullPointer,
    /// Anything: array bounds, division by zero, class casts, …
    Any,
}

/// Whether evaluating `expr` has no side effect. Conservative: unknown node
/// kinds are impure.
pub fn is_pure(src: &Source, expr: Node) -> bool {
    let lang = src.lang();
    match expr.kind() {
        "comment" => true,
        kind if is_literal(lang, kind) => true,
        "identifier" | "this" | "field_identifier" | "type_descriptor" | "class_literal" => true,
        "parenthesized_expression"
        | "unary_expression"
        | "ternary_expression"
        | "conditional_expression"
        | "field_access"
        | "array_access"
        | "field_expression"
        | "subscript_expression"
        | "pointer_expression"
        | "sizeof_expression"
        | "alignof_expression"
        | "comma_expression" => children_pure(src, expr),
        "cast_expression" => expr
            .child_by_field_name("value")
            .is_some_and(|v| is_pure(src, v)),
        // A pattern (`x instanceof Foo f`) declares a variable.
        "instanceof_expression" => {
            expr.child_by_field_name("name").is_none()
                && expr.child_by_field_name("pattern").is_none()
                && expr
                    .child_by_field_name("left")
                    .is_some_and(|l| is_pure(src, l))
        }
        "binary_expression" => {
            // Java `+` on an object calls its `toString()`.
            if lang == Lang::Java && operator(expr) == Some("+") && !is_primitive_plus(src, expr) {
                return false;
            }
            children_pure(src, expr)
        }
        _ => false,
    }
}

fn children_pure(src: &Source, node: Node) -> bool {
    let mut cursor = node.walk();
    let pure = node
        .named_children(&mut cursor)
        .all(|child| is_pure(src, child));
    pure
}

/// Java `+` that cannot call `toString()` on an object: every operand of the
/// `+` chain is numeric or a literal.
fn is_primitive_plus(src: &Source, plus: Node) -> bool {
    ["left", "right"].iter().all(|field| {
        plus.child_by_field_name(field).is_some_and(|side| {
            is_numeric(src, side)
                || is_literal(Lang::Java, side.kind())
                || (operator(side) == Some("+")
                    && side.kind() == "binary_expression"
                    && is_primitive_plus(src, side))
        })
    })
}

/// The operator token of a binary, unary, update or assignment expression.
pub fn operator(node: Node) -> Option<&'static str> {
    if let Some(op) = node.child_by_field_name("operator") {
        return Some(op.kind());
    }
    // Java `update_expression` has no fields.
    let mut cursor = node.walk();
    let op = node
        .children(&mut cursor)
        .find(|c| !c.is_named())
        .map(|c| c.kind());
    op
}

/// Whether `kind` is a literal of `lang`.
pub fn is_literal(lang: Lang, kind: &str) -> bool {
    match lang {
        Lang::Java => matches!(
            kind,
            "decimal_integer_literal"
                | "hex_integer_literal"
                | "octal_integer_literal"
                | "binary_integer_literal"
                | "decimal_floating_point_literal"
                | "hex_floating_point_literal"
                | "character_literal"
                | "string_literal"
                | "text_block"
                | "true"
                | "false"
                | "null_literal"
        ),
        Lang::C => matches!(
            kind,
            "number_literal"
                | "char_literal"
                | "string_literal"
                | "concatenated_string"
                | "true"
                | "false"
                | "null"
        ),
    }
}

/// Whether `expr` provably has a primitive numeric type, so that `+` on it
/// is an addition and never a string concatenation (the Java question; in C
/// every `+` is arithmetic).
pub fn is_numeric(src: &Source, expr: Node) -> bool {
    let sides_numeric = |fields: [&str; 2]| {
        fields.iter().all(|f| {
            expr.child_by_field_name(f)
                .is_some_and(|side| is_numeric(src, side))
        })
    };
    match expr.kind() {
        "decimal_integer_literal"
        | "hex_integer_literal"
        | "octal_integer_literal"
        | "binary_integer_literal"
        | "decimal_floating_point_literal"
        | "hex_floating_point_literal"
        | "character_literal"
        | "number_literal"
        | "char_literal" => true,
        "parenthesized_expression" => expr.named_child(0).is_some_and(|e| is_numeric(src, e)),
        "identifier" => primitive_type(src, expr).is_some_and(|t| t != "boolean"),
        "unary_expression" => matches!(operator(expr), Some("-" | "+" | "~")),
        "binary_expression" => match operator(expr) {
            Some("-" | "*" | "/" | "%" | "<<" | ">>" | ">>>") => true,
            Some("+") => sides_numeric(["left", "right"]),
            _ => false,
        },
        "ternary_expression" | "conditional_expression" => {
            sides_numeric(["consequence", "alternative"])
        }
        "cast_expression" => expr
            .child_by_field_name("type")
            .is_some_and(|t| is_numeric_type(t.kind())),
        // `arr.length`
        "field_access" => expr
            .child_by_field_name("field")
            .is_some_and(|f| src.node_text(f) == "length"),
        _ => false,
    }
}

/// Java primitive type names.
const PRIMITIVES: &[&str] = &[
    "byte", "short", "int", "long", "char", "float", "double", "boolean",
];

/// The primitive type of the variable `ident` names, if that is what it is.
fn primitive_type<'a>(src: &'a Source, ident: Node) -> Option<&'a str> {
    src.scopes()
        .variable_type(ident)
        .filter(|t| PRIMITIVES.contains(t))
}

fn is_numeric_type(kind: &str) -> bool {
    // Java `integral_type` is byte/short/int/long/char, `floating_point_type`
    // float/double.
    matches!(kind, "integral_type" | "floating_point_type")
}

/// What evaluating a pure expression can throw. In C traps are undefined
/// behaviour, reported as `Never` (see the module policy).
pub fn failure(src: &Source, expr: Node) -> Failure {
    if src.lang() == Lang::C {
        return Failure::Never;
    }
    let own = match expr.kind() {
        // Unboxing a null `Integer` read by name throws; a primitive local
        // cannot.
        "identifier" if !is_member_name(expr) => {
            if primitive_type(src, expr).is_some() {
                Failure::Never
            } else {
                Failure::NullPointer
            }
        }
        "field_access" => match expr.child_by_field_name("object").map(|o| o.kind()) {
            Some("this" | "super") => Failure::Never,
            _ => Failure::NullPointer,
        },
        "array_access" => Failure::Any,
        "binary_expression" if matches!(operator(expr), Some("/" | "%")) => {
            let divisor = expr.child_by_field_name("right");
            if divisor.is_some_and(|d| is_nonzero_integer_literal(src, d)) {
                Failure::Never
            } else {
                Failure::Any
            }
        }
        "cast_expression" => {
            let primitive = expr
                .child_by_field_name("type")
                .is_some_and(|t| is_numeric_type(t.kind()) || t.kind() == "boolean_type");
            if primitive {
                Failure::Never
            } else {
                Failure::Any
            }
        }
        _ => Failure::Never,
    };
    let mut cursor = expr.walk();
    let worst_child = expr
        .named_children(&mut cursor)
        .map(|c| failure(src, c))
        .max()
        .unwrap_or(Failure::Never);
    own.max(worst_child)
}

/// An identifier that names a member (the `f` of `x.f`), not a variable.
fn is_member_name(ident: Node) -> bool {
    ident.parent().is_some_and(|p| {
        p.kind() == "field_access" && p.child_by_field_name("field") == Some(ident)
    })
}

fn is_nonzero_integer_literal(src: &Source, node: Node) -> bool {
    let integer = matches!(
        node.kind(),
        "decimal_integer_literal"
            | "hex_integer_literal"
            | "octal_integer_literal"
            | "binary_integer_literal"
    );
    integer
        && src
            .node_text(node)
            .trim_start_matches("0x")
            .trim_start_matches("0X")
            .trim_start_matches("0b")
            .trim_start_matches("0B")
            .chars()
            .any(|c| c.is_ascii_hexdigit() && c != '0')
}

/// Whether the evaluation order of `a` and `b` may be swapped without a
/// visible difference (module policy).
pub fn may_reorder(src: &Source, a: Node, b: Node) -> bool {
    if !is_pure(src, a) || !is_pure(src, b) {
        return false;
    }
    let (fa, fb) = (failure(src, a), failure(src, b));
    fa == Failure::Never
        || fb == Failure::Never
        || (fa == Failure::NullPointer && fb == Failure::NullPointer)
}

/// The variables a statement reads and writes, as far as the syntax shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accesses {
    /// Names read: variables, and in Java also field names (`x.f` reads `x`
    /// and `f`, because a bare `f` elsewhere may be the same field).
    pub reads: BTreeSet<String>,
    /// Names written by assignment or `++`/`--`: the variable for a plain
    /// name, the field name for `x.f` (Java) or the base for `s.f` (C).
    pub writes: BTreeSet<String>,
    /// Something written through an array element or a pointer (`a[i] = …`,
    /// `*p = …`, `p->f = …`): it may alias any such memory.
    pub writes_memory: bool,
    /// Something read through an array element or a pointer.
    pub reads_memory: bool,
}

/// Reads and writes of an expression statement built only from assignments,
/// `++`/`--` and pure expressions; `None` for anything else (calls, object
/// creation, declarations, control transfer, nested statements).
pub fn accesses(src: &Source, stmt: Node) -> Option<Accesses> {
    if stmt.kind() != "expression_statement" {
        return None;
    }
    let mut acc = Accesses::default();
    let mut cursor = stmt.walk();
    for expr in stmt.named_children(&mut cursor) {
        collect(src, expr, &mut acc)?;
    }
    Some(acc)
}

fn collect(src: &Source, expr: Node, acc: &mut Accesses) -> Option<()> {
    match expr.kind() {
        "assignment_expression" => {
            let left = expr.child_by_field_name("left")?;
            let right = expr.child_by_field_name("right")?;
            record_target(src, left, acc)?;
            if operator(expr) != Some("=") {
                collect(src, left, acc)?;
            }
            collect(src, right, acc)
        }
        "update_expression" => {
            let target = expr
                .child_by_field_name("argument")
                .or_else(|| expr.named_child(0))?;
            record_target(src, target, acc)?;
            collect(src, target, acc)
        }
        "comma_expression" | "parenthesized_expression" => {
            let mut cursor = expr.walk();
            let children: Vec<Node> = expr.named_children(&mut cursor).collect();
            children.into_iter().try_for_each(|c| collect(src, c, acc))
        }
        _ if is_pure(src, expr) => {
            record_reads(src, expr, acc);
            Some(())
        }
        _ => None,
    }
}

fn record_target(src: &Source, target: Node, acc: &mut Accesses) -> Option<()> {
    match target.kind() {
        "identifier" => {
            acc.writes.insert(src.node_text(target).to_string());
        }
        // Java `x.f = …`: the field `f` of some object.
        "field_access" => {
            let field = target.child_by_field_name("field")?;
            acc.writes.insert(src.node_text(field).to_string());
            record_reads(src, target.child_by_field_name("object")?, acc);
        }
        // C `s.f = …` writes the variable `s`; `p->f = …` writes memory.
        "field_expression" => {
            let base = target.child_by_field_name("argument")?;
            if operator(target) == Some(".") && base.kind() == "identifier" {
                acc.writes.insert(src.node_text(base).to_string());
            } else {
                acc.writes_memory = true;
                record_reads(src, base, acc);
            }
        }
        "array_access" | "subscript_expression" | "pointer_expression" => {
            if target.kind() == "pointer_expression" && operator(target) != Some("*") {
                return None;
            }
            acc.writes_memory = true;
            let mut cursor = target.walk();
            let parts: Vec<Node> = target.named_children(&mut cursor).collect();
            for part in parts {
                if !is_pure(src, part) {
                    return None;
                }
                record_reads(src, part, acc);
            }
        }
        "parenthesized_expression" => record_target(src, target.named_child(0)?, acc)?,
        _ => return None,
    }
    Some(())
}

fn record_reads(src: &Source, expr: Node, acc: &mut Accesses) {
    for node in super::syntax::descendants(expr) {
        match node.kind() {
            "identifier" | "field_identifier" => {
                acc.reads.insert(src.node_text(node).to_string());
            }
            "array_access" | "subscript_expression" => acc.reads_memory = true,
            "pointer_expression" if operator(node) == Some("*") => acc.reads_memory = true,
            "field_expression" if operator(node) == Some("->") => acc.reads_memory = true,
            _ => {}
        }
    }
}

/// What executing an expression statement can throw (Java): like
/// [`failure`], except that storing into a plain name never throws (only
/// reading it may unbox a null).
pub fn statement_failure(src: &Source, stmt: Node) -> Failure {
    let mut cursor = stmt.walk();
    let exprs: Vec<Node> = stmt.named_children(&mut cursor).collect();
    exprs
        .into_iter()
        .map(|e| expression_statement_failure(src, e))
        .max()
        .unwrap_or(Failure::Never)
}

fn expression_statement_failure(src: &Source, expr: Node) -> Failure {
    match expr.kind() {
        "assignment_expression" if operator(expr) == Some("=") => {
            let target = expr.child_by_field_name("left");
            let target_failure = match target {
                Some(t) if t.kind() == "identifier" => Failure::Never,
                Some(t) => failure(src, t),
                None => Failure::Any,
            };
            let value = expr
                .child_by_field_name("right")
                .map_or(Failure::Any, |r| expression_statement_failure(src, r));
            target_failure.max(value)
        }
        _ => failure(src, expr),
    }
}

/// Statement kinds that leave the normal flow.
const TRANSFERS: &[&str] = &[
    "return_statement",
    "break_statement",
    "continue_statement",
    "throw_statement",
    "goto_statement",
    "yield_statement",
    "labeled_statement",
];

/// Whether `node` contains a control transfer (return, break, continue,
/// throw, goto, yield) or a label.
pub fn has_control_transfer(node: Node) -> bool {
    super::syntax::descendants(node).any(|n| TRANSFERS.contains(&n.kind()))
}

/// Loop statement kinds of both languages.
pub const LOOPS: &[&str] = &[
    "for_statement",
    "while_statement",
    "do_statement",
    "enhanced_for_statement",
];

/// Nodes that start a new function body: jumps never cross them.
const FUNCTION_BOUNDARIES: &[&str] = &[
    "lambda_expression",
    "class_body",
    "enum_body",
    "interface_body",
    "function_definition",
];

/// The label of a `break`/`continue`, if any.
fn jump_label<'a>(src: &'a Source, jump: Node) -> Option<&'a str> {
    let mut cursor = jump.walk();
    let label = jump
        .named_children(&mut cursor)
        .find(|c| c.kind() == "identifier")
        .map(|l| src.node_text(l));
    label
}

/// The label on `stmt` (Java `label: stmt`), if any.
pub fn statement_label<'a>(src: &'a Source, stmt: Node) -> Option<&'a str> {
    let parent = stmt.parent()?;
    if src.lang() != Lang::Java || parent.kind() != "labeled_statement" {
        return None;
    }
    let mut cursor = parent.walk();
    let label = parent
        .named_children(&mut cursor)
        .find(|c| c.kind() == "identifier")
        .map(|l| src.node_text(l));
    label
}

/// The `continue` statements inside `body` that continue `target` (the loop
/// `body` belongs to): unlabelled ones not inside a nested loop (a `switch`
/// does not capture `continue`), and in Java those naming `target`'s label.
pub fn continues_targeting<'a>(src: &Source, target: Node<'a>, body: Node<'a>) -> Vec<Node<'a>> {
    jumps_targeting(src, "continue_statement", LOOPS, target, body)
}

/// The `break` statements inside `body` that leave `target` (a loop or a
/// `switch`): unlabelled ones not inside a nested loop or switch, and in Java
/// those naming `target`'s label.
pub fn breaks_targeting<'a>(src: &Source, target: Node<'a>, body: Node<'a>) -> Vec<Node<'a>> {
    const CAPTURES: &[&str] = &[
        "for_statement",
        "while_statement",
        "do_statement",
        "enhanced_for_statement",
        "switch_expression",
        "switch_statement",
    ];
    jumps_targeting(src, "break_statement", CAPTURES, target, body)
}

fn jumps_targeting<'a>(
    src: &Source,
    jump_kind: &str,
    captures: &[&str],
    target: Node<'a>,
    body: Node<'a>,
) -> Vec<Node<'a>> {
    let label = statement_label(src, target);
    let mut found = Vec::new();
    let mut stack = vec![(body, false)];
    while let Some((node, nested)) = stack.pop() {
        if node.kind() == jump_kind {
            let matches = match jump_label(src, node) {
                Some(name) => Some(name) == label,
                None => !nested,
            };
            if matches {
                found.push(node);
            }
            continue;
        }
        if FUNCTION_BOUNDARIES.contains(&node.kind()) {
            continue;
        }
        let nested = nested || captures.contains(&node.kind());
        let mut cursor = node.walk();
        let children: Vec<Node> = node.named_children(&mut cursor).collect();
        stack.extend(children.into_iter().rev().map(|c| (c, nested)));
    }
    found.sort_by_key(|n| n.start_byte());
    found
}

/// Names declared anywhere inside `node` (locals, parameters of lambdas,
/// catch and for-each variables, pattern variables, C declarators).
pub fn declared_names(src: &Source, node: Node) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for n in super::syntax::descendants(node) {
        let name = match n.kind() {
            "variable_declarator" | "catch_formal_parameter" | "formal_parameter" => {
                n.child_by_field_name("name")
            }
            "enhanced_for_statement" => n.child_by_field_name("name"),
            "instanceof_expression" => n.child_by_field_name("name"),
            "type_pattern" | "record_pattern_component" => n
                .named_child(n.named_child_count().saturating_sub(1) as u32)
                .filter(|c| c.kind() == "identifier"),
            "lambda_expression" => {
                let params = n.child_by_field_name("parameters");
                for p in params.into_iter().flat_map(super::syntax::descendants) {
                    if p.kind() == "identifier" {
                        names.insert(src.node_text(p).to_string());
                    }
                }
                None
            }
            "declaration" | "parameter_declaration" => {
                for d in c_declared_identifiers(n) {
                    names.insert(src.node_text(d).to_string());
                }
                None
            }
            _ => None,
        };
        if let Some(name) = name {
            names.insert(src.node_text(name).to_string());
        }
    }
    names
}

/// The identifiers a C declaration declares (through pointer, array,
/// function declarators and initialisers).
fn c_declared_identifiers(decl: Node) -> Vec<Node> {
    let mut out = Vec::new();
    let mut cursor = decl.walk();
    for declarator in decl.children_by_field_name("declarator", &mut cursor) {
        let mut current = Some(declarator);
        while let Some(d) = current {
            if d.kind() == "identifier" {
                out.push(d);
                break;
            }
            current = d.child_by_field_name("declarator");
        }
    }
    out
}

/// Every identifier text used inside `node`.
pub fn identifiers_in<'a>(src: &'a Source, node: Node) -> BTreeSet<&'a str> {
    super::syntax::descendants(node)
        .filter(|n| matches!(n.kind(), "identifier" | "field_identifier"))
        .map(|n| src.node_text(n))
        .collect()
}

/// Whether a Java statement can provably complete normally in the sense of
/// the JLS reachability rules (javac rejects a statement placed after one
/// that cannot). Conservative: `false` when unsure.
pub fn completes_normally(src: &Source, stmt: Node) -> bool {
    let field = |name| stmt.child_by_field_name(name);
    match stmt.kind() {
        "expression_statement"
        | "local_variable_declaration"
        | "declaration"
        | "assert_statement"
        | "enhanced_for_statement"
        | ";" => true,
        "block" | "compound_statement" => {
            let mut cursor = stmt.walk();
            let all = stmt
                .named_children(&mut cursor)
                .filter(|c| c.kind() != "comment")
                .all(|c| completes_normally(src, c));
            all
        }
        "if_statement" => match field("alternative") {
            None => true,
            Some(alternative) => {
                let then = field("consequence").is_some_and(|t| completes_normally(src, t));
                let otherwise = if alternative.kind() == "else_clause" {
                    alternative
                        .named_child(0)
                        .is_some_and(|e| completes_normally(src, e))
                } else {
                    completes_normally(src, alternative)
                };
                then || otherwise
            }
        },
        "labeled_statement" => {
            let Some(inner) = stmt.named_children(&mut stmt.walk()).last() else {
                return false;
            };
            let label = statement_label(src, inner);
            completes_normally(src, inner)
                || super::syntax::descendants(inner).any(|n| {
                    n.kind() == "break_statement" && label.is_some() && jump_label(src, n) == label
                })
        }
        "while_statement" | "for_statement" | "do_statement" => {
            let Some(body) = field("body") else {
                return false;
            };
            if !breaks_targeting(src, stmt, body).is_empty() {
                return true;
            }
            let condition_varies = field("condition").is_some_and(|c| surely_not_constant(src, c));
            match stmt.kind() {
                "do_statement" => condition_varies && completes_normally(src, body),
                _ => condition_varies,
            }
        }
        "switch_expression" => switch_completes_normally(src, stmt),
        "synchronized_statement" => field("body").is_some_and(|b| completes_normally(src, b)),
        "try_statement" | "try_with_resources_statement" => {
            let mut cursor = stmt.walk();
            let children: Vec<Node> = stmt.named_children(&mut cursor).collect();
            let body_ok = field("body").is_some_and(|b| completes_normally(src, b))
                || children.iter().any(|c| {
                    c.kind() == "catch_clause"
                        && c.child_by_field_name("body")
                            .is_some_and(|b| completes_normally(src, b))
                });
            let finally_ok = children
                .iter()
                .filter(|c| c.kind() == "finally_clause")
                .all(|f| f.named_child(0).is_some_and(|b| completes_normally(src, b)));
            body_ok && finally_ok
        }
        _ => false,
    }
}

/// A switch statement completes normally when a `break` leaves it, when it
/// has no `default` (and no pattern label, which may demand exhaustiveness),
/// or when its last group or some arrow rule completes normally.
fn switch_completes_normally(src: &Source, switch: Node) -> bool {
    let Some(block) = switch.child_by_field_name("body") else {
        return false;
    };
    if breaks_targeting(src, switch, block)
        .iter()
        .any(|b| jump_label(src, *b).is_none())
    {
        return true;
    }
    let members: Vec<Node> = {
        let mut cursor = block.walk();
        let members = block
            .named_children(&mut cursor)
            .filter(|c| c.kind() != "comment")
            .collect();
        members
    };
    let labels: Vec<Node> = members
        .iter()
        .flat_map(|m| {
            let mut cursor = m.walk();
            let labels: Vec<Node> = m
                .named_children(&mut cursor)
                .filter(|c| c.kind() == "switch_label")
                .collect();
            labels
        })
        .collect();
    let has_pattern = labels.iter().any(|l| {
        super::syntax::descendants(*l).any(|n| {
            matches!(
                n.kind(),
                "pattern" | "type_pattern" | "record_pattern" | "guard"
            )
        })
    });
    if has_pattern {
        return false;
    }
    let has_default = labels
        .iter()
        .any(|l| l.child(0).is_some_and(|t| t.kind() == "default"));
    if !has_default {
        return true;
    }
    members.iter().enumerate().any(|(i, m)| match m.kind() {
        "switch_rule" => last_statement(*m)
            .is_some_and(|s| s.kind() == "expression_statement" || completes_normally(src, s)),
        _ => {
            i + 1 == members.len() && last_statement(*m).is_none_or(|s| completes_normally(src, s))
        }
    })
}

/// The last statement of a switch group or rule (labels and comments aside).
fn last_statement(member: Node) -> Option<Node> {
    let mut cursor = member.walk();
    let last = member
        .named_children(&mut cursor)
        .filter(|c| !matches!(c.kind(), "comment" | "switch_label"))
        .last();
    last
}

/// Whether a Java condition is provably not a constant expression (so a loop
/// on it is not `while (true)` for the reachability rules): it contains a
/// call, an array access, an assignment or another non-constant form, or a
/// variable that is a parameter or is assigned somewhere in the text.
pub fn surely_not_constant(src: &Source, cond: Node) -> bool {
    super::syntax::descendants(cond).any(|n| match n.kind() {
        "method_invocation"
        | "array_access"
        | "assignment_expression"
        | "update_expression"
        | "object_creation_expression"
        | "instanceof_expression"
        | "this" => true,
        "identifier" if !is_member_name(n) => is_variable(src, scope_of(cond), src.node_text(n)),
        _ => false,
    })
}

/// The method (or, failing that, the whole text) around `node`: where a
/// local's assignments can be.
fn scope_of<'a>(node: Node<'a>) -> Node<'a> {
    super::syntax::ancestor(
        node,
        &[
            "method_declaration",
            "constructor_declaration",
            "function_definition",
        ],
    )
    .unwrap_or_else(|| {
        std::iter::successors(Some(node), |n| n.parent())
            .last()
            .unwrap_or(node)
    })
}

/// A name that is a parameter or is assigned after its declaration somewhere
/// in `scope`: never a constant variable.
fn is_variable(src: &Source, scope: Node, name: &str) -> bool {
    super::syntax::descendants(scope).any(|n| {
        let named = |node: Option<Node>| {
            node.is_some_and(|x| x.kind() == "identifier" && src.node_text(x) == name)
        };
        match n.kind() {
            "formal_parameter" | "catch_formal_parameter" | "enhanced_for_statement" => {
                named(n.child_by_field_name("name"))
            }
            "assignment_expression" => named(n.child_by_field_name("left")),
            "update_expression" => named(n.named_child(0)),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::syntax::descendants;

    fn java(body: &str) -> Source {
        Source::parse(Lang::Java, format!("class T {{ void m() {{ {body} }} }}")).unwrap()
    }

    fn first<'a>(src: &'a Source, kind: &str) -> Node<'a> {
        descendants(src.root())
            .find(|n| n.kind() == kind)
            .unwrap_or_else(|| panic!("no {kind} in {}", src.text()))
    }

    fn rhs<'a>(src: &'a Source) -> Node<'a> {
        first(src, "assignment_expression")
            .child_by_field_name("right")
            .unwrap()
    }

    #[test]
    fn purity_of_java_expressions() {
        for (code, pure) in [
            ("x = a + 1 * b[i];", false), // `a + …` may concatenate an object
            ("x = (a - 1) + 2 * b[i];", true),
            ("x = a < b && c.f;", true),
            ("x = f(a);", false),
            ("x = new int[n];", false),
            ("x = i++;", false),
            ("x = (y = 2);", false),
            ("x = o instanceof String s;", false),
            ("x = o instanceof String;", true),
            ("x = \"a\" + 1;", true),
        ] {
            let src = java(code);
            assert_eq!(is_pure(&src, rhs(&src)), pure, "{code}");
        }
    }

    #[test]
    fn c_calls_are_impure_and_reads_are_pure() {
        let src =
            Source::parse(Lang::C, "void f() { x = p->a + s.b * q[1] + *r; y = g(); }").unwrap();
        let mut rights = descendants(src.root())
            .filter(|n| n.kind() == "assignment_expression")
            .map(|a| a.child_by_field_name("right").unwrap());
        assert!(is_pure(&src, rights.next().unwrap()));
        assert!(!is_pure(&src, rights.next().unwrap()));
    }

    #[test]
    fn java_failures() {
        for (code, expected) in [
            ("x = 1 + 2;", Failure::Never),
            ("x = a;", Failure::NullPointer),
            ("x = this.a;", Failure::Never),
            ("x = o.a;", Failure::NullPointer),
            ("x = a[0];", Failure::Any),
            ("x = 7 / a;", Failure::Any),
            ("x = 7 / 2;", Failure::Never),
            ("x = 7 / 0;", Failure::Any),
            ("x = (String) o;", Failure::Any),
            ("x = (int) 2.5;", Failure::Never),
        ] {
            let src = java(code);
            assert_eq!(failure(&src, rhs(&src)), expected, "{code}");
        }
    }

    #[test]
    fn reorder_policy() {
        let src = java("x = a[i] < b; y = a[i] < 3; z = o.f < p.g;");
        let pairs: Vec<(Node, Node)> = descendants(src.root())
            .filter(|n| n.kind() == "binary_expression")
            .map(|b| {
                (
                    b.child_by_field_name("left").unwrap(),
                    b.child_by_field_name("right").unwrap(),
                )
            })
            .collect();
        assert!(!may_reorder(&src, pairs[0].0, pairs[0].1));
        assert!(may_reorder(&src, pairs[1].0, pairs[1].1));
        assert!(may_reorder(&src, pairs[2].0, pairs[2].1));
    }

    #[test]
    fn numeric_operands() {
        let src = java("x = (a - b) + (int) c + d.length + 'x' + s;");
        let plus = rhs(&src);
        // `… + s` may be a string concatenation
        assert!(!is_numeric(&src, plus));
        let inner = plus.child_by_field_name("left").unwrap();
        assert!(is_numeric(&src, inner));
    }

    #[test]
    fn accesses_of_statements() {
        let src = java("a[i] = b; this.f += g; k++; m(x);");
        let stmts: Vec<Node> = descendants(src.root())
            .filter(|n| n.kind() == "expression_statement")
            .collect();
        let first = accesses(&src, stmts[0]).unwrap();
        assert!(first.writes_memory && first.writes.is_empty());
        assert_eq!(
            first.reads,
            ["a", "b", "i"].iter().map(|s| s.to_string()).collect()
        );
        let second = accesses(&src, stmts[1]).unwrap();
        assert!(second.writes.contains("f") && second.reads.contains("g"));
        let third = accesses(&src, stmts[2]).unwrap();
        assert!(third.writes.contains("k") && third.reads.contains("k"));
        assert!(accesses(&src, stmts[3]).is_none());
    }

    #[test]
    fn continue_targets() {
        let src = java(
            "outer: for (;;) { while (a) { continue; } switch (k) { case 1: continue; } \
             for (;;) { continue outer; } continue; }",
        );
        let outer = first(&src, "for_statement");
        let body = outer.child_by_field_name("body").unwrap();
        let found = continues_targeting(&src, outer, body);
        let texts: Vec<&str> = found.iter().map(|n| src.node_text(*n)).collect();
        assert_eq!(texts, vec!["continue;", "continue outer;", "continue;"]);
        // The first `continue;` (inside the while) is not one of them.
        let inner_while = first(&src, "while_statement");
        assert!(found
            .iter()
            .all(|n| n.start_byte() > inner_while.end_byte()));
    }

    #[test]
    fn breaks_inside_nested_switch_do_not_leave_the_loop() {
        let src = java("while (a) { switch (k) { case 1: break; } break; }");
        let loop_ = first(&src, "while_statement");
        let body = loop_.child_by_field_name("body").unwrap();
        assert_eq!(breaks_targeting(&src, loop_, body).len(), 1);
    }

    #[test]
    fn switches_complete_normally_unless_every_path_jumps() {
        for (code, expected) in [
            ("switch (k) { case 1: return; default: return; }", false),
            ("switch (k) { case 1: return; }", true),
            ("switch (k) { case 1: break; default: return; }", true),
            (
                "switch (k) { case 1: for (;;) { break; } default: return; }",
                false,
            ),
            (
                "switch (k) { case 1 -> { return; } default -> throw new Error(); }",
                false,
            ),
            (
                "switch (k) { case 1 -> k++; default -> throw new Error(); }",
                true,
            ),
        ] {
            let src = java(code);
            let switch = first(&src, "switch_expression");
            assert_eq!(completes_normally(&src, switch), expected, "{code}");
        }
    }

    #[test]
    fn loops_complete_normally_when_their_condition_varies() {
        for (code, expected) in [
            ("while (true) { }", false),
            ("while (true) { break; }", true),
            ("int i = 0; while (i < 3) { i++; }", true),
            ("final int N = 3; while (N > 2) { }", false),
            ("for (;;) { }", false),
        ] {
            let src = java(code);
            let stmt = descendants(src.root())
                .find(|n| matches!(n.kind(), "while_statement" | "for_statement"))
                .unwrap();
            assert_eq!(completes_normally(&src, stmt), expected, "{code}");
        }
    }

    #[test]
    fn declared_names_in_both_languages() {
        let src = java("int a = 1, b; for (String s : l) { } try { } catch (Exception e) { }");
        let names = declared_names(&src, src.root());
        for n in ["a", "b", "s", "e"] {
            assert!(names.contains(n), "{n} in {names:?}");
        }
        let c = Source::parse(Lang::C, "void f(int p) { int *q = 0, r[3]; }").unwrap();
        let names = declared_names(&c, c.root());
        for n in ["p", "q", "r"] {
            assert!(names.contains(n), "{n} in {names:?}");
        }
    }
}
