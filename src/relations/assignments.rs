//! Assignment forms: compound ↔ expanded assignment, and the four ways of
//! writing a statement-level increment or decrement.
//!
//! Java (JLS 15.26.2): `x op= e` means `x = (T)(x op (e))`. Dropping the cast
//! is only exact when `x op (e)` already has type T: the variable must be
//! int/long/float/double (or boxed), boolean for `&|^`, or String for `+`,
//! and `e` no wider than T. byte/short/char always need the cast.
//!
//! C (C11 6.5.16.2): `E1 op= E2` is `E1 = E1 op (E2)` except that E1 is
//! evaluated once, and both convert the result back to E1's type, so for a
//! plain variable (not a macro, which could expand to anything) the two are
//! the same for every type, char and pointers included; `x++` is `x += 1`
//! (6.5.2.4). `_Atomic` variables are left alone: their compound forms are
//! single atomic operations.

use super::{Choices, Decline, Example, RelationDef, Rule, Site};
use crate::lang::scope::{DeclId, DeclKind, Scopes};
use crate::lang::{syntax, Edit, Lang, Source};
use tree_sitter::Node;

pub(super) const RELATIONS: &[RelationDef] =
    &[COMPOUND_TO_EXPANDED, EXPANDED_TO_COMPOUND, INCREMENT_FORM];

const OPERATORS: &[&str] = &["+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", ">>>"];

/// `x op= e` → `x = x op (e)`.
struct CompoundToExpanded(Lang);

/// `x = x op e` → `x op= e`.
struct ExpandedToCompound(Lang);

/// `i++;` ↔ `++i;` ↔ `i += 1;` ↔ `i = i + 1;` (and decrements).
struct IncrementForm(Lang);

const COMPOUND_TO_EXPANDED: RelationDef = RelationDef {
    name: "compound-to-expanded",
    description: "expands a statement-level compound assignment `x op= e` into `x = x op (e)` where the types make them equal",
    examples: &Example {
        before: "int f(int a, int b) { a *= b + 1; return a; }",
        after: "int f(int a, int b) { a = a * (b + 1); return a; }",
    }
    .in_every_lang(),
    rule: |lang| Box::new(CompoundToExpanded(lang)),
};

impl Rule for CompoundToExpanded {
    fn sites(&self, src: &Source) -> Vec<Site> {
        statement_assignments(src)
            .filter(|a| compound_operator(src, *a).is_some() && plain_target(*a).is_some())
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let node = site.node(src)?;
        let op = compound_operator(src, node)
            .ok_or_else(|| Decline::new("not a compound assignment"))?;
        let target =
            plain_target(node).ok_or_else(|| Decline::new("target is not a plain name"))?;
        let value = node
            .child_by_field_name("right")
            .ok_or_else(|| Decline::new("assignment without a value"))?;
        let scopes = src.scopes();
        let variable = resolved_variable(src, scopes, target)?;
        if self.0 == Lang::Java {
            java_expansion_is_exact(src, scopes, variable, op, value)?;
        }
        let name = src.node_text(target);
        let text = format!("{name} = {name} {op} {}", parenthesised(src, value));
        Ok(vec![Edit::new(node.byte_range(), text)])
    }
}

const EXPANDED_TO_COMPOUND: RelationDef = RelationDef {
    name: "expanded-to-compound",
    description: "contracts `x = x op e` (x the left operand) into `x op= e`",
    examples: &Example {
        before: "int f(int a, int b) { a = a - (b + 1); return a; }",
        after: "int f(int a, int b) { a -= (b + 1); return a; }",
    }
    .in_every_lang(),
    rule: |lang| Box::new(ExpandedToCompound(lang)),
};

impl Rule for ExpandedToCompound {
    fn sites(&self, src: &Source) -> Vec<Site> {
        syntax::descendants(src.root())
            .filter(|n| n.kind() == "assignment_expression" && syntax::is_clean_in(src, *n))
            .filter(|n| self_operation(src, *n).is_some())
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let node = site.node(src)?;
        let (target, op, operand) =
            self_operation(src, node).ok_or_else(|| Decline::new("not `x = x op e`"))?;
        let scopes = src.scopes();
        // Java: `x = x op e` compiles only when `x op e` has x's type, so the
        // implicit cast of `op=` changes nothing. C: see the module comment;
        // the name must be a variable, not a macro.
        if self.0 == Lang::C {
            resolved_variable(src, scopes, target)?;
        }
        let name = src.node_text(target);
        Ok(vec![Edit::new(
            node.byte_range(),
            format!("{name} {op}= {}", src.node_text(operand)),
        )])
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Form {
    Postfix,
    Prefix,
    Compound,
    Expanded,
}

const FORMS: [Form; 4] = [Form::Postfix, Form::Prefix, Form::Compound, Form::Expanded];

/// A statement-level step of a variable by one.
struct Step<'a> {
    node: Node<'a>,
    variable: Node<'a>,
    form: Form,
    up: bool,
}

const INCREMENT_FORM: RelationDef = RelationDef {
    name: "increment-form",
    description: "rewrites a statement-level increment/decrement into another of `i++`, `++i`, `i += 1`, `i = i + 1`",
    examples: &Example {
        before: "void f(int n) { for (int i = 0; i < n; i++) { n--; } }",
        after: "void f(int n) { for (int i = 0; i < n; i = i + 1) { n--; } }",
    }
    .in_every_lang(),
    rule: |lang| Box::new(IncrementForm(lang)),
};

impl Rule for IncrementForm {
    fn sites(&self, src: &Source) -> Vec<Site> {
        discarded_expressions(src)
            .filter_map(|e| step_of(src, e))
            .map(|s| Site::of(s.node))
            .collect()
    }

    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        let node = site.node(src)?;
        if !node.parent().is_some_and(|p| is_discarded(node, p)) {
            return Err(Decline::new("the value of the expression is used"));
        }
        let step = step_of(src, node).ok_or_else(|| Decline::new("not a step by one"))?;
        let scopes = src.scopes();
        let variable = resolved_variable(src, scopes, step.variable)?;
        let widening_free = match self.0 {
            Lang::Java => {
                let ty = scopes
                    .declared_type(variable)
                    .ok_or_else(|| Decline::new("the variable's type is not known"))?;
                match java_rank(ty) {
                    Some(_) if narrow(ty) => false,
                    Some(_) => true,
                    None => return Err(Decline::new("not a numeric variable")),
                }
            }
            Lang::C => true,
        };
        let targets: Vec<Form> = FORMS
            .iter()
            .copied()
            .filter(|&f| f != step.form && (f != Form::Expanded || widening_free))
            .collect();
        let form = targets[choices.pick("form", targets.len())?];
        let name = src.node_text(step.variable);
        let (op, sign) = if step.up { ("++", '+') } else { ("--", '-') };
        let text = match form {
            Form::Postfix => format!("{name}{op}"),
            Form::Prefix => format!("{op}{name}"),
            Form::Compound => format!("{name} {sign}= 1"),
            Form::Expanded => format!("{name} = {name} {sign} 1"),
        };
        Ok(vec![Edit::new(node.byte_range(), text)])
    }
}

/// Expressions whose value is thrown away: expression statements and
/// single `for` updates.
fn discarded_expressions(src: &Source) -> impl Iterator<Item = Node<'_>> {
    syntax::descendants_with_parent(src.root())
        .filter(|&(n, parent)| parent.is_some_and(|p| is_discarded(n, p)))
        .map(|(n, _)| n)
        .filter(|n| syntax::is_clean_in(src, *n))
}

fn is_discarded(node: Node, parent: Node) -> bool {
    match parent.kind() {
        "expression_statement" => parent.named_child(0).map(|c| c.id()) == Some(node.id()),
        "for_statement" => {
            let mut cursor = parent.walk();
            let updates: Vec<Node> = parent
                .children_by_field_name("update", &mut cursor)
                .collect();
            updates.iter().any(|u| u.id() == node.id())
        }
        _ => false,
    }
}

fn statement_assignments(src: &Source) -> impl Iterator<Item = Node<'_>> {
    discarded_expressions(src).filter(|n| n.kind() == "assignment_expression")
}

/// The operator of a compound assignment, without its `=`.
fn compound_operator<'a>(src: &'a Source, assignment: Node) -> Option<&'a str> {
    let op = src.node_text(assignment.child_by_field_name("operator")?);
    let bare = op.strip_suffix('=')?;
    OPERATORS.contains(&bare).then_some(bare)
}

/// The assigned name when it is a plain identifier.
fn plain_target(assignment: Node) -> Option<Node> {
    assignment
        .child_by_field_name("left")
        .filter(|l| l.kind() == "identifier")
}

/// `x = x op e`: the name, the operator and `e`.
fn self_operation<'a>(
    src: &'a Source,
    assignment: Node<'a>,
) -> Option<(Node<'a>, &'a str, Node<'a>)> {
    if src.node_text(assignment.child_by_field_name("operator")?) != "=" {
        return None;
    }
    let target = plain_target(assignment)?;
    let value = assignment.child_by_field_name("right")?;
    if value.kind() != "binary_expression" {
        return None;
    }
    let left = value.child_by_field_name("left")?;
    let op = src.node_text(value.child_by_field_name("operator")?);
    let operand = value.child_by_field_name("right")?;
    let same = left.kind() == "identifier" && src.node_text(left) == src.node_text(target);
    (same && OPERATORS.contains(&op)).then_some((target, op, operand))
}

fn step_of<'a>(src: &'a Source, node: Node<'a>) -> Option<Step<'a>> {
    match node.kind() {
        "update_expression" => {
            // Java's update_expression has no fields: find the operator token.
            let mut cursor = node.walk();
            let children: Vec<Node> = node.children(&mut cursor).collect();
            let [first, second] = children[..] else {
                return None;
            };
            let (op, variable, form) = if first.is_named() {
                (second, first, Form::Postfix)
            } else {
                (first, second, Form::Prefix)
            };
            let up = match src.node_text(op) {
                "++" => true,
                "--" => false,
                _ => return None,
            };
            (variable.kind() == "identifier").then_some(Step {
                node,
                variable,
                form,
                up,
            })
        }
        "assignment_expression" => {
            let one = |n: Node| src.node_text(n) == "1";
            if let Some(op) = compound_operator(src, node) {
                let variable = plain_target(node)?;
                let value = node.child_by_field_name("right")?;
                let up = matches!(op, "+" | "-").then_some(op == "+")?;
                return one(value).then_some(Step {
                    node,
                    variable,
                    form: Form::Compound,
                    up,
                });
            }
            let (variable, op, operand) = self_operation(src, node)?;
            let up = matches!(op, "+" | "-").then_some(op == "+")?;
            one(operand).then_some(Step {
                node,
                variable,
                form: Form::Expanded,
                up,
            })
        }
        _ => None,
    }
}

/// The declaration a plain name refers to, when it is a variable of the text
/// (not an inherited field or a C macro) resolved with certainty.
fn resolved_variable(src: &Source, scopes: &Scopes, name: Node) -> Result<DeclId, Decline> {
    let id = scopes
        .declaration_of(name)
        .ok_or_else(|| Decline::new("the name is not declared in the text"))?;
    let decl = scopes.declaration(id);
    let certain = scopes.is_certain(id) || decl.kind == DeclKind::Field;
    if !decl.kind.is_variable() || !certain {
        return Err(Decline::new("the name does not resolve with certainty"));
    }
    if src.lang() == Lang::C && src.text().contains("_Atomic") {
        return Err(Decline::new("atomic variables in the text"));
    }
    Ok(id)
}

/// Numeric promotion rank of a Java type: int 1, long 2, float 3, double 4.
fn java_rank(ty: &str) -> Option<u8> {
    match ty {
        "byte" | "short" | "char" | "int" | "Byte" | "Short" | "Character" | "Integer" => Some(1),
        "long" | "Long" => Some(2),
        "float" | "Float" => Some(3),
        "double" | "Double" => Some(4),
        _ => None,
    }
}

/// Types whose `x = x + 1` needs a cast back.
fn narrow(ty: &str) -> bool {
    matches!(
        ty,
        "byte" | "short" | "char" | "Byte" | "Short" | "Character"
    )
}

fn java_expansion_is_exact(
    src: &Source,
    scopes: &Scopes,
    variable: DeclId,
    op: &str,
    value: Node,
) -> Result<(), Decline> {
    let ty = scopes
        .declared_type(variable)
        .ok_or_else(|| Decline::new("the variable's type is not known"))?;
    match ty {
        "String" | "java.lang.String" if op == "+" => return Ok(()),
        "boolean" | "Boolean" if matches!(op, "&" | "|" | "^") => return Ok(()),
        _ => {}
    }
    let rank =
        java_rank(ty).ok_or_else(|| Decline::new("not a numeric, boolean or String variable"))?;
    if narrow(ty) {
        return Err(Decline::new(
            "byte/short/char need the implicit narrowing cast",
        ));
    }
    if rank == 4 || matches!(op, "<<" | ">>" | ">>>") {
        return Ok(()); // nothing is wider than double; shifts keep the left type
    }
    match expression_rank(src, scopes, value) {
        Some(r) if r <= rank => Ok(()),
        Some(_) => Err(Decline::new("the value is wider than the variable")),
        None => Err(Decline::new("the value's type is not known")),
    }
}

/// The promoted numeric rank of a Java expression, where syntax and declared
/// types establish it.
fn expression_rank(src: &Source, scopes: &Scopes, e: Node) -> Option<u8> {
    let text = src.node_text(e);
    match e.kind() {
        "decimal_integer_literal"
        | "hex_integer_literal"
        | "octal_integer_literal"
        | "binary_integer_literal" => Some(if text.ends_with(['l', 'L']) { 2 } else { 1 }),
        "decimal_floating_point_literal" | "hex_floating_point_literal" => {
            Some(if text.ends_with(['f', 'F']) { 3 } else { 4 })
        }
        "character_literal" => Some(1),
        "identifier" => java_rank(scopes.declared_type(scopes.declaration_of(e)?)?),
        "parenthesized_expression" => expression_rank(src, scopes, e.named_child(0)?),
        "unary_expression" => {
            let operand = e.child_by_field_name("operand")?;
            let op = src.node_text(e.child_by_field_name("operator")?);
            matches!(op, "+" | "-" | "~").then_some(())?;
            expression_rank(src, scopes, operand)
        }
        "binary_expression" => {
            let op = src.node_text(e.child_by_field_name("operator")?);
            let left = expression_rank(src, scopes, e.child_by_field_name("left")?)?;
            match op {
                "<<" | ">>" | ">>>" => Some(left),
                "+" | "-" | "*" | "/" | "%" | "&" | "|" | "^" => {
                    let right = expression_rank(src, scopes, e.child_by_field_name("right")?)?;
                    Some(left.max(right))
                }
                _ => None,
            }
        }
        "cast_expression" => {
            let ty = e.child_by_field_name("type")?;
            java_rank(src.node_text(ty))
                .filter(|_| ty.kind() == "integral_type" || ty.kind() == "floating_point_type")
        }
        _ => None,
    }
}

/// The value as the right operand of a binary operator: parenthesised unless
/// it is a primary expression already.
fn parenthesised(src: &Source, value: Node) -> String {
    let text = src.node_text(value);
    let primary = matches!(
        value.kind(),
        "identifier"
            | "parenthesized_expression"
            | "decimal_integer_literal"
            | "hex_integer_literal"
            | "octal_integer_literal"
            | "binary_integer_literal"
            | "decimal_floating_point_literal"
            | "character_literal"
            | "string_literal"
            | "number_literal"
            | "char_literal"
            | "method_invocation"
            | "call_expression"
            | "field_access"
            | "array_access"
            | "subscript_expression"
    );
    if primary {
        text.to_string()
    } else {
        format!("({text})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relations::testing::{
        apply_first, apply_nth, assert_no_rewrite, relation, sites_of,
    };
    use crate::relations::NameStrategy;

    #[test]
    fn java_compound_expansion_declines_narrowing_and_widening() {
        let r = relation("java.compound-to-expanded");
        for text in [
            "void f(byte b) { b += 1; }",
            "void f(char c) { c -= 2; }",
            "void f(short s, int k) { s *= k; }",
            "void f(int i, long l) { i += l; }",
            "void f(int i) { i += 1.5; }",
            "void f(long l) { l += 2.0f; }",
            "void f(int i) { i += g(); }",
            "void f(var x) { x += 1; }",
            "void f(Object o) { o += \"\"; }",
            "void f(String s) { s -= 1; }",
            "void f(int i, int j) { j = i += 1; }",
            "void f(int[] a) { a[0] += 1; }",
        ] {
            assert_no_rewrite(r, Lang::Java, text);
        }
    }

    #[test]
    fn java_compound_expansion_keeps_grouping_and_strings() {
        let r = relation("java.compound-to-expanded");
        let cases = [
            (
                "void f(String s) { s += 1 + 2; }",
                "void f(String s) { s = s + (1 + 2); }",
            ),
            (
                "void f(double d, long l) { d /= l - 1; }",
                "void f(double d, long l) { d = d / (l - 1); }",
            ),
            (
                "void f(long l, int i) { l <<= i; }",
                "void f(long l, int i) { l = l << i; }",
            ),
            (
                "void f(int i, int j) { i -= j; }",
                "void f(int i, int j) { i = i - j; }",
            ),
            (
                "void f(boolean b, boolean c) { b &= c; }",
                "void f(boolean b, boolean c) { b = b & c; }",
            ),
            (
                "void f(int i) { i %= (char) 3; }",
                "void f(int i) { i = i % ((char) 3); }",
            ),
        ];
        for (before, after) in cases {
            assert_eq!(apply_first(r, before).unwrap(), after);
        }
    }

    #[test]
    fn c_compound_expansion_needs_a_declared_variable() {
        let r = relation("c.compound-to-expanded");
        assert_no_rewrite(r, Lang::C, "void f(void) { errno += 1; }");
        assert_no_rewrite(r, Lang::C, "#define N k\nvoid f(int k) { k += N; }");
        assert_no_rewrite(r, Lang::C, "void f(_Atomic int k) { k += 1; }");
        assert_eq!(
            apply_first(r, "void f(char *p, char c) { p += c << 1; c -= 1; }").unwrap(),
            "void f(char *p, char c) { p = p + (c << 1); c -= 1; }"
        );
    }

    #[test]
    fn contraction_needs_the_variable_on_the_left() {
        let r = relation("java.expanded-to-compound");
        assert!(sites_of(
            r,
            Lang::Java,
            "void f(int x, int e) { x = e - x; x = x + e + 1; x = (x) + 1; }"
        )
        .is_empty());
        assert_eq!(
            apply_first(r, "void f(String s) { s = s + 1 + 2; s = s + (1 + 2); }").unwrap(),
            "void f(String s) { s = s + 1 + 2; s += (1 + 2); }"
        );
        let c = relation("c.expanded-to-compound");
        assert_no_rewrite(c, Lang::C, "void f(void) { X = X * 2; }");
        assert_eq!(
            apply_first(c, "void f(unsigned char c) { c = c >> 1; }").unwrap(),
            "void f(unsigned char c) { c >>= 1; }"
        );
    }

    #[test]
    fn increment_forms_respect_types_and_context() {
        let r = relation("java.increment-form");
        // Values in use: no sites.
        assert!(sites_of(
            r,
            Lang::Java,
            "int f(int i) { return i++ + a[i--] + (i += 1); }"
        )
        .is_empty());
        assert_no_rewrite(r, Lang::Java, "void f(String s) { s += 1; }");
        // byte: every form but the expanded one.
        let text = "void f(byte b) { b++; }";
        for seed_site in 0..20u64 {
            let src = crate::relations::testing::parse(Lang::Java, text);
            let site = &r.sites(&src)[0];
            let mut choices = crate::relations::Choices::new(seed_site, NameStrategy::Neutral);
            let out = r.rewrite(&src, site, &mut choices).unwrap();
            assert_ne!(out[0].text, "b = b + 1");
        }
        let out = apply_nth(r, "void f(long i) { i = i - 1; }", 0, NameStrategy::Neutral).unwrap();
        assert!(
            ["i--", "--i", "i -= 1"]
                .iter()
                .any(|f| out == format!("void f(long i) {{ {f}; }}")),
            "{out}"
        );
        let c = relation("c.increment-form");
        assert_no_rewrite(c, Lang::C, "void f(void) { COUNTER++; }");
    }
}
