//! Redundant parentheses: added around an expression, or removed where
//! precedence and associativity prove they change nothing.
//!
//! C needs extra care because any name may be a macro: parentheses around a
//! macro argument change what `#x` makes of it, and an unhygienic macro
//! (`#define N 1 + 2`) means something else inside `2 * (N)` than in `2 * N`.
//! C sites therefore stay out of call arguments (a call may be a macro),
//! and inside an operator they only involve literals and names the text
//! declares as variables (a declared variable name is not a macro that
//! expands to an expression).

use super::inside_preprocessor;
use crate::lang::{syntax, Edit, Lang, Source};
use crate::relations::gaps::{is_clean_in, is_comment};
use crate::relations::{Choices, Decline, Example, RelationDef, Rule, Site};
use std::cell::OnceCell;
use std::collections::HashSet;
use tree_sitter::Node;

const JAVA_LITERALS: &[&str] = &[
    "decimal_integer_literal",
    "hex_integer_literal",
    "octal_integer_literal",
    "binary_integer_literal",
    "decimal_floating_point_literal",
    "hex_floating_point_literal",
    "true",
    "false",
    "null_literal",
    "character_literal",
    "string_literal",
    "class_literal",
];

/// Java expressions that bind at least as tightly as any operator: dropping
/// parentheses around them changes nothing. (Not array creation:
/// `(new int[3])[0]` is not `new int[3][0]`.)
const JAVA_PRIMARIES: &[&str] = &[
    "identifier",
    "this",
    "field_access",
    "method_invocation",
    "array_access",
    "object_creation_expression",
    "parenthesized_expression",
];

/// Java expressions that may be parenthesised (besides primaries and literals).
const JAVA_COMPOUND: &[&str] = &[
    "binary_expression",
    "unary_expression",
    "update_expression",
    "ternary_expression",
    "cast_expression",
    "instanceof_expression",
    "array_creation_expression",
];

/// C expressions that may be parenthesised as a whole full expression.
const C_FULL: &[&str] = &[
    "identifier",
    "number_literal",
    "char_literal",
    "true",
    "false",
    "null",
    "field_expression",
    "subscript_expression",
    "call_expression",
    "binary_expression",
    "unary_expression",
    "update_expression",
    "pointer_expression",
    "conditional_expression",
    "cast_expression",
    "sizeof_expression",
];

/// Names the text declares as variables or parameters (C), collected on the
/// first question: most sites never ask.
struct DeclaredVariables<'a> {
    src: &'a Source,
    names: OnceCell<HashSet<&'a str>>,
}

impl<'a> DeclaredVariables<'a> {
    fn new(src: &'a Source) -> Self {
        DeclaredVariables {
            src,
            names: OnceCell::new(),
        }
    }

    fn contains(&self, name: &str) -> bool {
        self.names
            .get_or_init(|| declared_variables(self.src))
            .contains(name)
    }
}

fn declared_variables(src: &Source) -> HashSet<&str> {
    const DECLARING: &[&str] = &[
        "declaration",
        "init_declarator",
        "pointer_declarator",
        "array_declarator",
        "parameter_declaration",
    ];
    syntax::descendants_with_parent(src.root())
        .filter(|(n, _)| n.kind() == "identifier")
        .filter(|(n, parent)| {
            parent.is_some_and(|p| {
                DECLARING.contains(&p.kind()) && p.child_by_field_name("declarator") == Some(*n)
            })
        })
        .map(|(n, _)| src.node_text(n))
        .collect()
}

/// Whether `node` is an expression its parent uses whole, at the lowest
/// precedence the position allows (a return value, an initialiser, the
/// right side of an assignment, a Java argument or index).
fn is_full_expression(lang: Lang, node: Node, parent: Node) -> bool {
    let is_field = |field: &str| parent.child_by_field_name(field) == Some(node);
    match (lang, parent.kind()) {
        (_, "return_statement") => true,
        (_, "assignment_expression") => is_field("right"),
        (Lang::Java, "variable_declarator") | (Lang::C, "init_declarator") => is_field("value"),
        (Lang::Java, "argument_list") => true,
        (Lang::Java, "array_access") => is_field("index"),
        // Only the middle operand of `?:` is a full expression: `c ? a : b = 1`
        // assigns to the whole conditional.
        (_, "ternary_expression" | "conditional_expression") => is_field("consequence"),
        _ => false,
    }
}

/// Whether `node` is an operand where parentheses may be added (not
/// necessarily removed): a binary operand or any operand of `?:`.
fn is_operand(parent: Node) -> bool {
    matches!(
        parent.kind(),
        "binary_expression" | "ternary_expression" | "conditional_expression"
    )
}

/// Parents of the expressions parentheses may be added around (the
/// contexts of [`is_full_expression`] and [`is_operand`]).
const CONTEXTS: &[&str] = &[
    "binary_expression",
    "ternary_expression",
    "conditional_expression",
    "return_statement",
    "assignment_expression",
    "variable_declarator",
    "init_declarator",
    "argument_list",
    "array_access",
];

/// C positions where text is not plain C: macro arguments and preprocessor
/// lines.
fn in_c_macro_context(src: &Source, node: Node) -> bool {
    inside_preprocessor(src, node) || syntax::ancestor(node, &["argument_list"]).is_some()
}

/// `(a.length) + 1` is a binary expression to javac but a cast of `+1` to
/// type `a.length` to tree-sitter (and `(x) * p` a cast of `*p` in C): a name
/// put in parentheses as the left operand of an operator that is also a
/// unary prefix would be misread by every later relation.
fn reads_as_cast(lang: Lang, node: Node, parent: Node) -> bool {
    let prefix_operator = |op: &str| match lang {
        Lang::Java => matches!(op, "+" | "-"),
        Lang::C => matches!(op, "+" | "-" | "*" | "&"),
    };
    let name_like = matches!(
        node.kind(),
        "identifier" | "field_access" | "scoped_identifier"
    );
    parent.kind() == "binary_expression"
        && parent.child_by_field_name("left") == Some(node)
        && parent
            .child_by_field_name("operator")
            .is_some_and(|op| prefix_operator(op.kind()))
        && name_like
}

struct AddParens {
    lang: Lang,
}

impl AddParens {
    /// Whether `node`, a child of `parent`, may be parenthesised (`parent`
    /// is passed in: finding a node's parent walks down from the root).
    fn wrappable(
        &self,
        node: Node,
        parent: Node,
        variables: &DeclaredVariables,
        src: &Source,
    ) -> bool {
        let kind = node.kind();
        if reads_as_cast(self.lang, node, parent) {
            return false;
        }
        match self.lang {
            Lang::Java => {
                let expression = JAVA_LITERALS.contains(&kind)
                    || JAVA_COMPOUND.contains(&kind)
                    || (JAVA_PRIMARIES.contains(&kind) && kind != "parenthesized_expression");
                expression && (is_full_expression(self.lang, node, parent) || is_operand(parent))
            }
            Lang::C => {
                let simple = matches!(kind, "number_literal" | "char_literal")
                    || kind == "identifier" && variables.contains(src.node_text(node));
                let context = (simple && is_operand(parent))
                    || (C_FULL.contains(&kind) && is_full_expression(self.lang, node, parent));
                context && !in_c_macro_context(src, node)
            }
        }
    }
}

pub(super) const REDUNDANT_PARENS: RelationDef = RelationDef {
    name: "redundant-parens",
    description: "parenthesise an operand or a whole right-hand side, return value or argument",
    examples: &Example {
        before: "int f(int a) {\n    return a * 2 + 1;\n}",
        after: "int f(int a) {\n    return (a * 2 + 1);\n}",
    }
    .in_every_lang(),
    rule: |lang| Box::new(AddParens { lang }),
};

impl Rule for AddParens {
    fn sites(&self, src: &Source) -> Vec<Site> {
        let variables = DeclaredVariables::new(src);
        let variables = &variables;
        let mut sites: Vec<Site> = syntax::descendants(src.root())
            .filter(|parent| CONTEXTS.contains(&parent.kind()))
            .flat_map(|parent| {
                let mut cursor = parent.walk();
                let children: Vec<Node> = parent.named_children(&mut cursor).collect();
                children
                    .into_iter()
                    .filter(move |child| self.wrappable(*child, parent, variables, src))
            })
            .filter(|n| is_clean_in(src, *n))
            .map(Site::of)
            .collect();
        // Parents come before their children, but a child's own subtree
        // comes before its next sibling: restore document order.
        sites.sort_by_key(|s| (s.start, std::cmp::Reverse(s.end)));
        sites
    }

    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        _choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        let node = site.node(src)?;
        let variables = DeclaredVariables::new(src);
        let parent = node
            .parent()
            .ok_or_else(|| Decline::new("site has no parent"))?;
        if !self.wrappable(node, parent, &variables, src) {
            return Err(Decline::new(
                "not an expression in a context that allows parentheses",
            ));
        }
        Ok(vec![
            Edit::insert(node.start_byte(), "("),
            Edit::insert(node.end_byte(), ")"),
        ])
    }
}

struct RemoveParens {
    lang: Lang,
}

/// Parents in which a primary may stand without parentheses with the same
/// parse (operators, member access, indexing, assignment, initialisers).
/// Conditions of `if`/`while`/`switch`, casts, calls and `sizeof` are left
/// out: their parentheses are syntax, or dropping them reparses the text.
const PRIMARY_PARENTS: &[&str] = &[
    "binary_expression",
    "unary_expression",
    "update_expression",
    "pointer_expression",
    "field_access",
    "field_expression",
    "method_invocation",
    "array_access",
    "subscript_expression",
    "assignment_expression",
    "return_statement",
    "argument_list",
    "variable_declarator",
    "init_declarator",
    "ternary_expression",
    "conditional_expression",
    "parenthesized_expression",
    "instanceof_expression",
    "expression_statement",
];

impl RemoveParens {
    /// The expression inside removable parentheses.
    fn inner<'a>(
        &self,
        parens: Node<'a>,
        variables: &DeclaredVariables,
        src: &Source,
    ) -> Option<Node<'a>> {
        if parens.kind() != "parenthesized_expression" || parens.named_child_count() != 1 {
            return None;
        }
        let inner = parens.named_child(0)?;
        let parent = parens.parent()?;
        if is_comment(self.lang, inner) || !PRIMARY_PARENTS.contains(&parent.kind()) {
            return None;
        }
        let kind = inner.kind();
        let safe = match self.lang {
            Lang::Java => {
                JAVA_PRIMARIES.contains(&kind)
                    || JAVA_LITERALS.contains(&kind)
                    || is_full_expression(self.lang, parens, parent)
                    || parent.kind() == "parenthesized_expression"
            }
            Lang::C => {
                if in_c_macro_context(src, parens) || parent.kind() == "argument_list" {
                    return None;
                }
                let primary = matches!(
                    kind,
                    "number_literal" | "char_literal" | "parenthesized_expression"
                ) || kind == "identifier" && variables.contains(src.node_text(inner));
                // `x = (a, b)` is not `x = a, b`.
                let full = (is_full_expression(self.lang, parens, parent)
                    || matches!(
                        parent.kind(),
                        "parenthesized_expression" | "expression_statement"
                    ))
                    && kind != "comma_expression";
                primary || full
            }
        };
        safe.then_some(inner)
    }
}

/// Whether two adjacent characters would fuse into one token without a
/// space between them (`return(x)` → `returnx`, `a-(-b)` → `a--b`).
fn would_fuse(left: Option<char>, right: Option<char>) -> bool {
    let (Some(l), Some(r)) = (left, right) else {
        return false;
    };
    let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '$' | '"' | '\'');
    let operator = |c: char| "+-*/%&|^!~<>=?:.#".contains(c);
    word(l) && word(r) || operator(l) && operator(r)
}

pub(super) const REMOVE_PARENS: RelationDef = RelationDef {
    name: "remove-parens",
    description:
        "remove parentheses around a primary, or around a whole right-hand side or return value",
    examples: &Example {
        before: "int f(int a) {\n    return (a + 1);\n}",
        after: "int f(int a) {\n    return a + 1;\n}",
    }
    .in_every_lang(),
    rule: |lang| Box::new(RemoveParens { lang }),
};

impl Rule for RemoveParens {
    fn sites(&self, src: &Source) -> Vec<Site> {
        let variables = DeclaredVariables::new(src);
        syntax::descendants(src.root())
            .filter(|n| self.inner(*n, &variables, src).is_some())
            .filter(|n| is_clean_in(src, *n))
            .map(Site::of)
            .collect()
    }

    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        _choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        let parens = site.node(src)?;
        let variables = DeclaredVariables::new(src);
        let inner = self
            .inner(parens, &variables, src)
            .ok_or_else(|| Decline::new("parentheses may matter here"))?;
        let text = src.text();
        let (open, close) = (parens.start_byte(), parens.end_byte());
        let inner_text = src.node_text(inner);
        let space = |fuse: bool| if fuse { " " } else { "" };
        let left = space(would_fuse(
            text[..open].chars().next_back(),
            inner_text.chars().next(),
        ));
        let right = space(would_fuse(
            inner_text.chars().next_back(),
            text[close..].chars().next(),
        ));
        Ok(vec![
            Edit::new(open..inner.start_byte(), left),
            Edit::new(inner.end_byte()..close, right),
        ])
    }
}

#[cfg(test)]
mod tests {
    use crate::relations::testing::{all_variants, apply_at, check_example, site_texts};

    #[test]
    fn examples_match() {
        for id in [
            "java.redundant-parens",
            "c.redundant-parens",
            "java.remove-parens",
            "c.remove-parens",
        ] {
            check_example(id);
        }
    }

    fn java(body: &str) -> String {
        format!("class A {{ int f(int a, int b, boolean c) {{ {body} }} }}")
    }

    #[test]
    fn names_before_a_prefix_operator_stay_bare() {
        // Found by the javac suite: tree-sitter read `(array1.length) + n`
        // as a cast, and a later rename missed `array1`.
        for (id, text) in [
            (
                "java.redundant-parens",
                "class T { int f(int[] a) { return a.length + 1; } }",
            ),
            (
                "java.redundant-parens",
                "class T { int f(int a) { return a - 1; } }",
            ),
            (
                "c.redundant-parens",
                "int f(int a, int *p) { return a * *p; }",
            ),
        ] {
            assert!(
                !site_texts(id, text)
                    .iter()
                    .any(|t| t == "a.length" || t == "a"),
                "{id}: {:?}",
                site_texts(id, text)
            );
        }
    }

    #[test]
    fn java_operands_and_whole_expressions_get_parentheses() {
        let text = java("int x = a * b + 1; x = g(a, b); return x;");
        let sites = site_texts("java.redundant-parens", &text);
        assert_eq!(
            sites,
            [
                "a * b + 1",
                "a * b",
                "a",
                "b",
                "1",
                "g(a, b)",
                "a",
                "b",
                "x"
            ]
        );
        for variant in all_variants("java.redundant-parens", &text) {
            assert!(!variant.contains("(x) ="), "{variant}");
        }
    }

    #[test]
    fn java_parentheses_stay_where_they_matter() {
        let keep = [
            "return c ? a : (b = 1);",
            "return (a + b) * 2;",
            "return (new int[3])[0];",
            "if (c) return a; return b;",
            "return (int) (a + 0.5);",
            "return (c = a > b) ? a : b;",
        ];
        for body in keep {
            assert!(
                site_texts("java.remove-parens", &java(body)).is_empty(),
                "{body}"
            );
        }
    }

    #[test]
    fn java_redundant_parentheses_go_without_fusing_tokens() {
        assert_eq!(
            apply_at("java.remove-parens", &java("return(a);"), 0, 0).unwrap(),
            java("return a;")
        );
        assert_eq!(
            apply_at("java.remove-parens", &java("return a-(b);"), 0, 0).unwrap(),
            java("return a-b;")
        );
        assert_eq!(
            apply_at(
                "java.remove-parens",
                &java("return (a * b) + g((a + b));"),
                0,
                0
            )
            .unwrap(),
            java("return (a * b) + g(a + b);")
        );
        assert_eq!(
            apply_at(
                "java.remove-parens",
                &java("if ((c)) return a; return b;"),
                0,
                0
            )
            .unwrap(),
            java("if (c) return a; return b;")
        );
    }

    #[test]
    fn c_keeps_out_of_macro_arguments_and_unknown_names() {
        let text = "int f(int a) { int n = g(a + 1, (a)); return N * a + 2; }";
        let sites = site_texts("c.redundant-parens", text);
        // Not `a + 1` or `a` inside the call (it may be a macro), not `N`
        // (it may be an unhygienic macro).
        assert_eq!(sites, ["g(a + 1, (a))", "N * a + 2", "a", "2"]);
        assert!(site_texts("c.remove-parens", text).is_empty());
    }

    #[test]
    fn c_comma_expressions_keep_their_parentheses() {
        let text = "int f(int a, int b) { a = (a, b); int c = (a, b); return (a, b); }";
        assert!(site_texts("c.remove-parens", text).is_empty());
    }

    #[test]
    fn c_syntax_parentheses_stay() {
        let text = "int f(int a) { if (a) a++; while (a) a--; switch (a) { default: break; } return sizeof (a) + (*g)(a) + (long) (a); }";
        assert!(site_texts("c.remove-parens", text).is_empty());
    }
}
