//! Operand swaps: `a < b` → `b > a` (relational, `==`/`!=` included) and
//! `a * b` → `b * a` (commutative operators).
//!
//! Both operands must be pure and, in Java, reorderable without changing
//! which exception is thrown (`lang::effects::may_reorder`). `&&`/`||` are
//! never swapped (short-circuit), and Java `+` only when both operands are
//! provably numeric (never a string concatenation).

use super::shape::{clean_nodes_of, paren_if, precedence};
use super::{Choices, Decline, Example, RelationDef, Rule, Site};
use crate::lang::effects::{is_numeric, may_reorder, operator};
use crate::lang::{Edit, Lang, Source};
use tree_sitter::Node;

pub(super) const RELATIONS: &[RelationDef] = &[RELATIONAL_SWAP, COMMUTATIVE_SWAP];

#[derive(Clone, Copy, PartialEq, Eq)]
enum SwapKind {
    /// `<` ↔ `>`, `<=` ↔ `>=`, `==`, `!=`.
    Relational,
    /// `*`, `&`, `|`, `^`, numeric `+`.
    Commutative,
}

struct OperandSwap {
    lang: Lang,
    kind: SwapKind,
}

impl OperandSwap {
    /// The operator after the swap, if this relation handles `op`.
    fn mirrored(&self, op: &str) -> Option<&'static str> {
        match (self.kind, op) {
            (SwapKind::Relational, "<") => Some(">"),
            (SwapKind::Relational, ">") => Some("<"),
            (SwapKind::Relational, "<=") => Some(">="),
            (SwapKind::Relational, ">=") => Some("<="),
            (SwapKind::Relational, "==") => Some("=="),
            (SwapKind::Relational, "!=") => Some("!="),
            (SwapKind::Commutative, "*") => Some("*"),
            (SwapKind::Commutative, "&") => Some("&"),
            (SwapKind::Commutative, "|") => Some("|"),
            (SwapKind::Commutative, "^") => Some("^"),
            (SwapKind::Commutative, "+") => Some("+"),
            _ => None,
        }
    }

    fn applies(&self, src: &Source, node: Node) -> bool {
        let Some(op) = operator(node) else {
            return false;
        };
        if self.mirrored(op).is_none() {
            return false;
        }
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return false;
        };
        if op == "+"
            && self.lang == Lang::Java
            && !(is_numeric(src, left) && is_numeric(src, right))
        {
            return false;
        }
        may_reorder(src, left, right)
    }
}

const RELATIONAL_SWAP: RelationDef = RelationDef {
    name: "relational-swap",
    description: "swaps the operands of a comparison of two side-effect-free operands, mirroring the operator (a < b -> b > a)",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "boolean f(int i, int n) { return i < n - 1; }",
                after: "boolean f(int i, int n) { return n - 1 > i; }",
            },
        ),
        (
            Lang::C,
            Example {
                before: "int f(int i, int n) { return i <= n; }",
                after: "int f(int i, int n) { return n >= i; }",
            },
        ),
    ],
    rule: |lang| {
        Box::new(OperandSwap {
            lang,
            kind: SwapKind::Relational,
        })
    },
};

const COMMUTATIVE_SWAP: RelationDef = RelationDef {
    name: "commutative-swap",
    description: "swaps the operands of *, &, |, ^ or numeric + when both are side-effect free (a * b -> b * a)",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "int f(int a, int b) { return 2 * (a - b); }",
                after: "int f(int a, int b) { return (a - b) * 2; }",
            },
        ),
        (
            Lang::C,
            Example {
                before: "int f(int a, int b) { return a + b * 2; }",
                after: "int f(int a, int b) { return b * 2 + a; }",
            },
        ),
    ],
    rule: |lang| {
        Box::new(OperandSwap {
            lang,
            kind: SwapKind::Commutative,
        })
    },
};

impl Rule for OperandSwap {
    fn sites(&self, src: &Source) -> Vec<Site> {
        clean_nodes_of(src, &["binary_expression"])
            .filter(|n| self.applies(src, *n))
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let node = site.node(src)?;
        if !self.applies(src, node) {
            return Err(Decline::new("operands cannot be swapped here"));
        }
        let (Some(left), Some(right), Some(op)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
            node.child_by_field_name("operator"),
        ) else {
            return Err(Decline::new("incomplete binary expression"));
        };
        let mirrored = self
            .mirrored(op.kind())
            .ok_or_else(|| Decline::new("operator not handled"))?;
        let own = precedence(node);
        // The old right operand moves left: same precedence is fine there
        // (left associativity); the old left moves right, where it is not.
        let new_left = paren_if(src.node_text(right), precedence(right) < own);
        let mut new_right = paren_if(src.node_text(left), precedence(left) <= own);
        // `+x+y` → `y+ +x`, not `y++x`; `&x&y` (C) → `y& &x`, not `y&&x`.
        let tight = op.end_byte() == right.start_byte();
        if tight && new_right.starts_with(|c: char| "+-&|<>=*/".contains(c)) {
            new_right.insert(0, ' ');
        }
        let mut edits = vec![
            Edit::new(left.byte_range(), new_left),
            Edit::new(right.byte_range(), new_right),
        ];
        if mirrored != op.kind() {
            edits.push(Edit::new(op.byte_range(), mirrored));
        }
        Ok(edits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relations::testing::outputs;
    use crate::relations::Catalog;

    #[test]
    fn relational_mirrors_and_parenthesises() {
        let out = outputs(
            "java.relational-swap",
            Lang::Java,
            "class T { boolean f(boolean a, int b, int c) { return a == b < c; } }",
        );
        // `==` site first (outer), then `<`.
        assert_eq!(
            out,
            vec![
                "class T { boolean f(boolean a, int b, int c) { return b < c == a; } }",
                "class T { boolean f(boolean a, int b, int c) { return a == c > b; } }",
            ]
        );
        let out = outputs(
            "c.relational-swap",
            Lang::C,
            "int f(int a, int b, int c) { return a == b == c; }",
        );
        assert_eq!(
            out[0],
            "int f(int a, int b, int c) { return c == (a == b); }"
        );
    }

    #[test]
    fn declines_side_effects_and_throwing_pairs() {
        for code in [
            "boolean f(int[] a, int i) { return a[i] < g(); }",
            "boolean f(int[] a, int i) { return a[i++] < 3 * i; }",
            // both may throw different exceptions
            "boolean f(int[] a, int[] b, int i) { return a[i] < b[i]; }",
            "boolean f(int[] a, Integer n, int i) { return a[i] < n; }",
            "boolean f(Integer a, Integer b) { return a < b && b < 7 / a; }",
        ] {
            let text = format!("class T {{ {code} }}");
            let src = Source::parse(Lang::Java, &text).unwrap();
            let relation = Catalog::standard().get("java.relational-swap").unwrap();
            let sites: Vec<String> = relation
                .sites(&src)
                .iter()
                .map(|s| src.text()[s.start..s.end].to_string())
                .collect();
            assert!(
                sites.iter().all(|s| s == "a < b"),
                "{code}: unexpected sites {sites:?}"
            );
        }
    }

    #[test]
    fn java_plus_needs_numeric_operands_and_never_short_circuit() {
        let relation = Catalog::standard().get("java.commutative-swap").unwrap();
        let src = Source::parse(
            Lang::Java,
            "class T { Object f(String s, int a, boolean p, boolean q) { g(s + a, a + 1, p && q, p || q, (a - 1) + 2); return null; } }",
        )
        .unwrap();
        let sites: Vec<&str> = relation
            .sites(&src)
            .iter()
            .map(|s| &src.text()[s.start..s.end])
            .collect();
        assert_eq!(sites, vec!["a + 1", "(a - 1) + 2"]);
        let c = Catalog::standard().get("c.commutative-swap").unwrap();
        let src = Source::parse(
            Lang::C,
            "int f(char *p, int a) { return *(p + a) + f(p, a); }",
        )
        .unwrap();
        let sites: Vec<&str> = c
            .sites(&src)
            .iter()
            .map(|s| &src.text()[s.start..s.end])
            .collect();
        assert_eq!(sites, vec!["p + a"]);
    }

    #[test]
    fn unary_operands_do_not_fuse_with_the_operator() {
        let out = outputs(
            "c.commutative-swap",
            Lang::C,
            "int f(int x, int y) { return (+x+y) + (&x&y); }",
        );
        assert!(out.iter().any(|o| o.contains("(y+ +x)")), "{out:?}");
        assert!(out.iter().any(|o| o.contains("(y& &x)")), "{out:?}");
    }

    #[test]
    fn swapped_java_computes_the_same() {
        // Checked by hand with javac/java as well: same output before/after.
        let out = outputs(
            "java.commutative-swap",
            Lang::Java,
            "class T { int f(int a, int b) { return a * b - (a ^ b); } }",
        );
        assert_eq!(
            out,
            vec![
                "class T { int f(int a, int b) { return b * a - (a ^ b); } }",
                "class T { int f(int a, int b) { return a * b - (b ^ a); } }",
            ]
        );
    }
}
