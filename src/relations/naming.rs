//! Consistent renaming of locals, parameters and (Java) methods, driven by
//! the scope analysis: the declaration and exactly its uses change.

use super::{Choices, Decline, Example, RelationDef, Rule, Site};
use crate::lang::scope::{DeclId, DeclKind, Scopes};
use crate::lang::{self, syntax, Edit, Lang, Source};
use tree_sitter::Node;

pub(super) const RELATIONS: &[RelationDef] = &[RENAME_LOCAL, RENAME_PARAM, RENAME_METHOD];

/// Renames a local variable or a parameter and all its uses.
struct RenameVariable {
    params: bool,
}

impl RenameVariable {
    fn accepts(&self, kind: DeclKind) -> bool {
        if self.params {
            kind == DeclKind::Parameter
        } else {
            matches!(
                kind,
                DeclKind::Local | DeclKind::CatchParameter | DeclKind::LambdaParameter
            )
        }
    }
}

const RENAME_LOCAL: RelationDef = RelationDef {
    name: "rename-local",
    description: "renames a local variable and exactly its uses (scope-resolved) to a fresh name",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "int sum(int[] a) { int s = 0; for (int x : a) s += x; return s; }",
                after: "int sum(int[] a) { int v0 = 0; for (int x : a) v0 += x; return v0; }",
            },
        ),
        (
            Lang::C,
            Example {
                before: "int sum(int *a, int n) { int s = 0; while (n--) s += a[n]; return s; }",
                after: "int sum(int *a, int n) { int v0 = 0; while (n--) v0 += a[n]; return v0; }",
            },
        ),
    ],
    rule: |_| Box::new(RenameVariable { params: false }),
};

const RENAME_PARAM: RelationDef = RelationDef {
    name: "rename-param",
    description: "renames a parameter and exactly its uses (scope-resolved) to a fresh name",
    examples: &Example {
        before: "int twice(int n) { return n + n; }",
        after: "int twice(int v0) { return v0 + v0; }",
    }
    .in_every_lang(),
    rule: |_| Box::new(RenameVariable { params: true }),
};

impl Rule for RenameVariable {
    fn sites(&self, src: &Source) -> Vec<Site> {
        let scopes = src.scopes();
        let mut sites: Vec<Site> = scopes
            .ids()
            .filter(|&id| self.accepts(scopes.declaration(id).kind) && scopes.is_certain(id))
            .filter_map(|id| declaring_node(src, scopes, id))
            .filter(|n| syntax::is_clean_in(src, *n))
            .map(Site::of)
            .collect();
        sites.sort_by_key(|s| s.start);
        sites
    }

    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        let scopes = src.scopes();
        let id = declared_at(src, scopes, site)?;
        let decl = scopes.declaration(id);
        if !self.accepts(decl.kind) {
            return Err(Decline::new("not a declaration of this kind"));
        }
        if !scopes.is_certain(id) {
            return Err(Decline::new(
                "some use of the name cannot be resolved with certainty",
            ));
        }
        let new = fresh_variable_name(src, choices)?;
        Ok(rename_edits(scopes, id, &new))
    }
}

/// Renames a Java method together with its recursive calls.
struct RenameMethod;

/// Methods every class inherits from `Object`: a new name must not overload
/// or hide them.
const OBJECT_METHODS: &[&str] = &[
    "equals",
    "hashCode",
    "toString",
    "getClass",
    "notify",
    "notifyAll",
    "wait",
    "clone",
    "finalize",
];

const RENAME_METHOD: RelationDef = RelationDef {
    name: "rename-method",
    description:
        "renames a static or private method and its unqualified/this-qualified recursive calls",
    examples: &[(
        Lang::Java,
        Example {
            before: "static int fact(int n) { return n < 2 ? 1 : n * fact(n - 1); }",
            after: "static int v0(int n) { return n < 2 ? 1 : n * v0(n - 1); }",
        },
    )],
    rule: |_| Box::new(RenameMethod),
};

impl Rule for RenameMethod {
    fn sites(&self, src: &Source) -> Vec<Site> {
        let scopes = src.scopes();
        scopes
            .ids()
            .filter(|&id| scopes.declaration(id).kind == DeclKind::Method)
            .filter_map(|id| declaring_node(src, scopes, id))
            .filter(|name| method_is_renamable(src, *name).is_ok())
            .map(Site::of)
            .collect()
    }

    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        let scopes = src.scopes();
        let id = declared_at(src, scopes, site)?;
        if scopes.declaration(id).kind != DeclKind::Method {
            return Err(Decline::new("not a method name"));
        }
        let name = site.node(src)?;
        method_is_renamable(src, name)?;
        if !scopes.is_certain(id) {
            return Err(Decline::new(
                "overloaded, or called from a class that may inherit a method of that name",
            ));
        }
        every_mention_resolved(src, scopes, id)?;
        calls_select_this_method(src, scopes, id, name)?;
        let new = fresh(src, choices, OBJECT_METHODS)?;
        Ok(rename_edits(scopes, id, &new))
    }
}

/// Syntactic reasons a method cannot be renamed without changing dispatch or
/// the program's entry point.
fn method_is_renamable(src: &Source, name: Node) -> Result<(), Decline> {
    let method = name
        .parent()
        .filter(|m| m.kind() == "method_declaration")
        .ok_or_else(|| Decline::new("not a method declaration"))?;
    if src.node_text(name) == "main" {
        return Err(Decline::new("`main` is an entry point"));
    }
    if syntax::ancestor(method, &["interface_body", "annotation_type_body"]).is_some() {
        return Err(Decline::new("interface methods are implemented elsewhere"));
    }
    let modifiers = method
        .named_children(&mut method.walk())
        .find(|c| c.kind() == "modifiers");
    let words = modifiers.map_or_else(Default::default, |m| lang::words(src.node_text(m)));
    if words.contains("Override") {
        return Err(Decline::new("overrides a supertype method"));
    }
    if !words.contains("static") && !words.contains("private") {
        return Err(Decline::new(
            "an instance method that is not private may override or be overridden",
        ));
    }
    Ok(())
}

/// Every identifier spelled like the method is its declaration or a
/// resolved call, and no string mentions it (reflection).
fn every_mention_resolved(src: &Source, scopes: &Scopes, id: DeclId) -> Result<(), Decline> {
    let decl = scopes.declaration(id);
    for node in syntax::descendants(src.root()) {
        let mentions = match node.kind() {
            "identifier" => src.node_text(node) == decl.name,
            "string_literal" | "text_block" => {
                lang::words(src.node_text(node)).contains(decl.name.as_str())
            }
            _ => false,
        };
        if mentions
            && node.byte_range() != decl.name_range
            && !scopes.uses_of(id).contains(&node.byte_range())
        {
            return Err(Decline::new(format!(
                "`{}` is also mentioned at byte {} (a qualified call, method reference or string)",
                decl.name,
                node.start_byte()
            )));
        }
    }
    Ok(())
}

/// Every call spelled like the method must provably call this method and not
/// another overload that the surrounding class may declare (a bare method
/// does not show its siblings): same number of arguments, and each argument
/// of exactly the parameter's type, so no other overload can be more
/// specific.
fn calls_select_this_method(
    src: &Source,
    scopes: &Scopes,
    id: DeclId,
    name: Node,
) -> Result<(), Decline> {
    let method = name
        .parent()
        .ok_or_else(|| Decline::new("not a method declaration"))?;
    let params: Vec<Node> = method
        .child_by_field_name("parameters")
        .map(|p| {
            p.named_children(&mut p.walk())
                .filter(|c| c.kind() != "receiver_parameter")
                .collect()
        })
        .unwrap_or_default();
    let mut param_types = Vec::with_capacity(params.len());
    for param in &params {
        if param.kind() != "formal_parameter" {
            return Err(Decline::new(
                "variable arity: calls cannot be matched to this overload",
            ));
        }
        let type_id = param
            .child_by_field_name("name")
            .and_then(|n| scopes.declaration_of(n))
            .and_then(|d| scopes.declared_type(d))
            .ok_or_else(|| Decline::new("a parameter type is unknown"))?;
        param_types.push(type_id);
    }
    for call_name in scopes.uses_of(id) {
        let call = src
            .root()
            .descendant_for_byte_range(call_name.start, call_name.end)
            .and_then(|n| n.parent())
            .filter(|n| n.kind() == "method_invocation")
            .ok_or_else(|| Decline::new("a use of the method is not a call"))?;
        let args: Vec<Node> = call
            .child_by_field_name("arguments")
            .map(|a| {
                a.named_children(&mut a.walk())
                    .filter(|c| !c.is_extra())
                    .collect()
            })
            .unwrap_or_default();
        if args.len() != param_types.len() {
            return Err(Decline::new(
                "a call with another number of arguments calls another overload",
            ));
        }
        for (arg, ty) in args.iter().zip(&param_types) {
            if !has_exact_type(src, scopes, *arg, ty) {
                return Err(Decline::new(format!(
                    "argument `{}` is not provably of type {ty}: the call may select another overload",
                    src.node_text(*arg)
                )));
            }
        }
    }
    Ok(())
}

/// Whether the static type of `expr` is provably `ty`: a variable declared
/// with that type, an `int` literal, or `+ - * / %` over such operands (binary
/// numeric promotion keeps `int` and `long` when an `int` literal meets them).
fn has_exact_type(src: &Source, scopes: &Scopes, expr: Node, ty: &str) -> bool {
    match expr.kind() {
        "identifier" => scopes
            .lookup(src.node_text(expr), expr.start_byte())
            .and_then(|d| scopes.declared_type(d))
            .is_some_and(|declared| declared == ty),
        "parenthesized_expression" => expr
            .named_child(0)
            .is_some_and(|inner| has_exact_type(src, scopes, inner, ty)),
        "decimal_integer_literal" => ty == "int" && !src.node_text(expr).ends_with(['l', 'L']),
        "binary_expression" if matches!(ty, "int" | "long") => {
            let arithmetic = expr
                .child_by_field_name("operator")
                .is_some_and(|op| matches!(op.kind(), "+" | "-" | "*" | "/" | "%"));
            let operand_ok = |field| {
                expr.child_by_field_name(field).is_some_and(|operand| {
                    has_exact_type(src, scopes, operand, ty)
                        || (ty == "long"
                            && has_exact_type(src, scopes, operand, "int")
                            && operand.kind() == "decimal_integer_literal")
                })
            };
            arithmetic && operand_ok("left") && operand_ok("right")
        }
        _ => false,
    }
}

/// The identifier node that declares `id`.
fn declaring_node<'a>(src: &'a Source, scopes: &Scopes, id: DeclId) -> Option<Node<'a>> {
    let range = &scopes.declaration(id).name_range;
    src.root()
        .descendant_for_byte_range(range.start, range.end)
        .filter(|n| n.kind() == "identifier" && n.byte_range() == *range)
}

/// The declaration whose declaring identifier is the site.
fn declared_at(src: &Source, scopes: &Scopes, site: &Site) -> Result<DeclId, Decline> {
    let node = site.node(src)?;
    scopes
        .declaration_of(node)
        .filter(|&id| scopes.declaration(id).name_range == node.byte_range())
        .ok_or_else(|| Decline::new("the site does not declare a name"))
}

/// A new name that appears nowhere in the text (so it can neither capture nor
/// be captured by anything written there) and is not in `also_taken`. In C,
/// all-capital names are refused too: headers outside the text define macros
/// in that style.
fn fresh(src: &Source, choices: &mut Choices, also_taken: &[&str]) -> Result<String, Decline> {
    let lang = src.lang();
    let words = lang::words(src.text());
    let macro_style = |n: &str| {
        lang == Lang::C
            && n.chars().any(|c| c.is_ascii_uppercase())
            && !n.chars().any(|c| c.is_ascii_lowercase())
    };
    choices.fresh_name("name", lang, &|n| {
        words.contains(n) || also_taken.contains(&n) || macro_style(n)
    })
}

/// A new variable name for `src` (see [`fresh`]).
pub(super) fn fresh_variable_name(src: &Source, choices: &mut Choices) -> Result<String, Decline> {
    fresh(src, choices, &[])
}

fn rename_edits(scopes: &Scopes, id: DeclId, new: &str) -> Vec<Edit> {
    std::iter::once(&scopes.declaration(id).name_range)
        .chain(scopes.uses_of(id))
        .map(|r| Edit::new(r.clone(), new))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relations::testing::{
        apply_first, apply_first_with, assert_no_rewrite, relation, sites_of,
    };
    use crate::relations::NameStrategy;

    #[test]
    fn java_local_rename_respects_fields_members_and_labels() {
        let text = "class A { int n; int f(Node n2) { int n = 1; n: while (true) { this.n = n; n2.n(n); break n; } return n; } }";
        let out = apply_first(relation("java.rename-local"), text).unwrap();
        assert_eq!(
            out,
            "class A { int n; int f(Node n2) { int v0 = 1; n: while (true) { this.n = v0; n2.n(v0); break n; } return v0; } }"
        );
    }

    #[test]
    fn java_locals_used_in_anonymous_classes_are_not_sites() {
        let r = relation("java.rename-local");
        let text =
            "void f() { final int k = 1; new Thread() { public void run() { use(k); } }.start(); }";
        assert!(sites_of(r, Lang::Java, text).is_empty());
        // A lambda body is no class: fine.
        let text = "void f() { final int k = 1; Runnable r = () -> use(k); }";
        assert_eq!(sites_of(r, Lang::Java, text).len(), 2, "k and r");
    }

    #[test]
    fn fresh_names_avoid_every_word() {
        let r = relation("java.rename-param");
        let text = "int f(int n) { int v0 = n; return v0 + v1(); } // v2";
        let out = apply_first(r, text).unwrap();
        assert_eq!(
            out,
            "int f(int v3) { int v0 = v3; return v0 + v1(); } // v2"
        );
    }

    #[test]
    fn given_names_that_collide_or_are_macros_decline() {
        let r = relation("c.rename-local");
        let text = "int f(void) { int a = 1; return a + b; }";
        let given =
            |names: &[&str]| NameStrategy::Given(names.iter().map(|s| s.to_string()).collect());
        assert!(apply_first_with(r, text, given(&["b"])).is_err());
        assert!(apply_first_with(r, text, given(&["MAXLEN"])).is_err());
        assert_eq!(
            apply_first_with(r, text, given(&["total"])).unwrap(),
            "int f(void) { int total = 1; return total + b; }"
        );
    }

    #[test]
    fn c_shadowed_locals_rename_separately() {
        let r = relation("c.rename-local");
        let text = "int f(int n) { int c = n; { int c = 2; n += c; } return c; }";
        let out = apply_first(r, text).unwrap();
        assert_eq!(
            out,
            "int f(int n) { int v0 = n; { int c = 2; n += c; } return v0; }"
        );
    }

    #[test]
    fn c_names_in_macros_are_not_sites() {
        let r = relation("c.rename-local");
        let text = "#define INC() (count++)\nint f(void) { int count = 0; INC(); return count; }";
        assert!(sites_of(r, Lang::C, text).is_empty());
    }

    #[test]
    fn method_rename_declines_when_unsafe() {
        let r = relation("java.rename-method");
        for text in [
            "int f(int n) { return n == 0 ? 0 : f(n - 1); }",
            "@Override public String describe() { return \"\"; }",
            "public static void main(String[] args) { }",
            "class A { static int f(int n) { return n; } static int f() { return f(1); } }",
            "static int f(int n) { return n == 0 ? 0 : A.f(n - 1); }",
            "static int f(int n) { java.util.function.IntUnaryOperator g = A::f; return g.applyAsInt(n); }",
            "private static void f() throws Exception { A.class.getMethod(\"f\"); }",
            "interface I { private static int f() { return 1; } }",
            // Calls that may select another overload of the enclosing class
            // (found by javac on commons-lang3's ArrayUtils and StringUtils).
            "static void reverse(boolean[] a) { if (a == null) return; reverse(a, 0, a.length); }",
            "static boolean none(CharSequence cs, String s) { return none(cs, s.toCharArray()); }",
            "static int f(long n) { return n == 0 ? 0 : f(1); }",
            "static int f(Node n) { return n == null ? 0 : f(n.next); }",
            "static int f(int... n) { return n.length == 0 ? 0 : f(); }",
        ] {
            assert_no_rewrite(r, Lang::Java, text);
        }
    }

    #[test]
    fn method_rename_renames_recursive_calls() {
        let r = relation("java.rename-method");
        let text =
            "class A { private long sum(long n) { return n <= 0 ? 0 : n + this.sum(n - 1); } }";
        let out = apply_first(r, text).unwrap();
        assert_eq!(
            out,
            "class A { private long v0(long n) { return n <= 0 ? 0 : n + this.v0(n - 1); } }"
        );
    }
}
