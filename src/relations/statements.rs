//! `swap-statements`: two adjacent independent statements change places.
//!
//! Both must be expression statements made only of assignments, `++`/`--`
//! and pure expressions (no call, object creation, declaration, control
//! transfer, label), with nothing but whitespace between them, and:
//! - no name written by one is read or written by the other (Java field
//!   names count as names, so `o.f = 1` conflicts with a bare `f`);
//! - a write through an array element or pointer conflicts with any access
//!   through an array element or pointer in the other (they may alias);
//! - C: a write through a pointer may also hit any variable whose address is
//!   taken, or a global: the other statement may then only touch locals and
//!   parameters of the function whose address is never taken;
//! - Java: neither statement may throw (both change state, so an exception
//!   in either would leave a different state behind).

use super::shape::{clean_nodes_of, is_statement_list};
use super::{Choices, Decline, Example, RelationDef, Rule, Site};
use crate::lang::effects::{accesses, statement_failure, Accesses, Failure};
use crate::lang::{syntax, Edit, Lang, Source};
use tree_sitter::Node;

pub(super) const RELATIONS: &[RelationDef] = &[SWAP_STATEMENTS];

struct SwapStatements;

/// The statement after `first` when the two may be swapped.
fn swappable_pair<'a>(src: &'a Source, first: Node<'a>) -> Result<Node<'a>, Decline> {
    let lang = src.lang();
    let parent = first.parent().ok_or_else(|| Decline::new("no parent"))?;
    if !is_statement_list(lang, parent.kind()) {
        return Err(Decline::new("not in a statement list"));
    }
    let second = first
        .next_named_sibling()
        .filter(|s| s.kind() == "expression_statement")
        .ok_or_else(|| Decline::new("next statement is not an expression statement"))?;
    let a = accesses(src, first).ok_or_else(|| Decline::new("first statement is not simple"))?;
    let b = accesses(src, second).ok_or_else(|| Decline::new("second statement is not simple"))?;
    if conflict(&a, &b) || conflict(&b, &a) {
        return Err(Decline::new("the statements share a variable"));
    }
    if lang == Lang::C && (escapes(src, first, &a, &b) || escapes(src, first, &b, &a)) {
        return Err(Decline::new(
            "a pointer write may alias the other statement's variables",
        ));
    }
    if lang == Lang::Java
        && (statement_failure(src, first) != Failure::Never
            || statement_failure(src, second) != Failure::Never)
    {
        return Err(Decline::new("a statement may throw"));
    }
    Ok(second)
}

/// Whether `a`'s writes interfere with `b`'s accesses.
fn conflict(a: &Accesses, b: &Accesses) -> bool {
    a.writes
        .iter()
        .any(|w| b.reads.contains(w) || b.writes.contains(w))
        || (a.writes_memory && (b.reads_memory || b.writes_memory))
}

/// C: `a` writes through a pointer and `b` touches a name such a write
/// could reach, or `a` writes such a name and `b` reads through a pointer.
fn escapes(src: &Source, at: Node, a: &Accesses, b: &Accesses) -> bool {
    if !a.writes_memory && !b.reads_memory {
        return false;
    }
    let Some(function) = syntax::ancestor(at, &["function_definition"]) else {
        return true;
    };
    let reachable = |name: &String| !private_scalar(src, function, name);
    (a.writes_memory && b.reads.iter().chain(b.writes.iter()).any(reachable))
        || (b.reads_memory && a.writes.iter().any(reachable))
}

/// Whether `name` is a scalar local or parameter of `function` (arithmetic
/// or pointer type, not an array, struct or union) whose address is never
/// taken: no pointer can reach it.
fn private_scalar(src: &Source, function: Node, name: &str) -> bool {
    let named = |n: Node| n.kind() == "identifier" && src.node_text(n) == name;
    let address_taken = syntax::descendants(function).any(|n| {
        n.kind() == "pointer_expression"
            && crate::lang::effects::operator(n) == Some("&")
            && syntax::descendants(n).any(named)
    });
    if address_taken {
        return false;
    }
    let mut declarations = syntax::descendants(function)
        .filter(|n| matches!(n.kind(), "declaration" | "parameter_declaration"))
        .filter_map(|decl| {
            let mut cursor = decl.walk();
            let declarators: Vec<Node> = decl
                .children_by_field_name("declarator", &mut cursor)
                .collect();
            declarators
                .into_iter()
                .find_map(|d| scalar_declarator(d, &named))
                .map(|scalar| {
                    let ty = decl.child_by_field_name("type");
                    scalar
                        && ty.is_some_and(|t| {
                            matches!(t.kind(), "primitive_type" | "sized_type_specifier")
                        })
                })
        });
    let first = declarations.next();
    // One declaration of the name in the function, and a scalar one.
    first == Some(true) && declarations.next().is_none()
}

/// `Some(true)` when the declarator declares `name` as a scalar or pointer,
/// `Some(false)` when it declares `name` otherwise (array, function),
/// `None` when it declares another name.
fn scalar_declarator(declarator: Node, named: &dyn Fn(Node) -> bool) -> Option<bool> {
    let mut current = declarator;
    let mut scalar = true;
    loop {
        if named(current) {
            return Some(scalar);
        }
        if current.kind() == "identifier" {
            return None;
        }
        scalar &= matches!(current.kind(), "init_declarator" | "pointer_declarator");
        current = current.child_by_field_name("declarator")?;
    }
}

const SWAP_STATEMENTS: RelationDef = RelationDef {
    name: "swap-statements",
    description: "swaps two adjacent independent assignments (no shared variables, no calls, nothing that can throw)",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "int f(int a) {\n    int x = 0, y = 0;\n    x = a + 1;\n    y = a * 2;\n    return x - y;\n}",
                after: "int f(int a) {\n    int x = 0, y = 0;\n    y = a * 2;\n    x = a + 1;\n    return x - y;\n}",
            },
        ),
        (
            Lang::C,
            Example {
                before: "int f(int a) {\n    int x, y;\n    x = a + 1;\n    y = a * 2;\n    return x - y;\n}",
                after: "int f(int a) {\n    int x, y;\n    y = a * 2;\n    x = a + 1;\n    return x - y;\n}",
            },
        ),
    ],
    rule: |_| Box::new(SwapStatements),
};

impl Rule for SwapStatements {
    fn sites(&self, src: &Source) -> Vec<Site> {
        clean_nodes_of(src, &["expression_statement"])
            .filter(|n| swappable_pair(src, *n).is_ok())
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let first = site.node(src)?;
        let second = swappable_pair(src, first)?;
        if !syntax::is_clean_in(src, second) {
            return Err(Decline::new("next statement has a syntax error"));
        }
        Ok(vec![
            Edit::new(first.byte_range(), src.node_text(second)),
            Edit::new(second.byte_range(), src.node_text(first)),
        ])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relations::Catalog;

    fn sites(id: &str, lang: Lang, text: &str) -> Vec<String> {
        let relation = Catalog::standard().get(id).unwrap();
        let src = Source::parse(lang, text).unwrap();
        relation
            .sites(&src)
            .iter()
            .map(|s| src.text()[s.start..s.end].to_string())
            .collect()
    }

    #[test]
    fn java_declines() {
        let java = |body: &str| {
            format!(
                "class T {{ int g; void m(int a, int b, int[] r, Integer w, T o) {{ {body} }} }}"
            )
        };
        for body in [
            "a = 1; b = a;",       // read after write
            "a = b; b = 2;",       // write after read
            "a++; a += 2;",        // both write a
            "r[0] = 1; r[1] = 2;", // array writes may alias and may throw
            "a = 1; b = w;",       // unboxing may throw
            "a = 1; m(a, b, r, w, o);",
            "o.g = 1; b = g;",   // the field g, by two names
            "int c = 1; a = 2;", // declaration
            "a = 1; /* note */ b = 2;",
        ] {
            assert_eq!(
                sites("java.swap-statements", Lang::Java, &java(body)),
                Vec::<String>::new(),
                "{body}"
            );
        }
        assert_eq!(
            sites(
                "java.swap-statements",
                Lang::Java,
                &java("a = 1; b = 2; a = b;")
            ),
            vec!["a = 1;"]
        );
    }

    #[test]
    fn c_pointer_writes_and_escaping_locals() {
        for body in [
            "*p = 1; x = 2;",      // p may point at x (its address is taken)
            "p[0] = 1; y = q[0];", // p and q may alias
            "*p = 1; g = 2;",      // g is a global
        ] {
            let text =
                format!("int g; void f(int *p, int *q) {{ int x, y; struct S s; q = &x; {body} }}");
            assert_eq!(
                sites("c.swap-statements", Lang::C, &text),
                Vec::<String>::new(),
                "{body}"
            );
        }
        let text = "void f(int *p) { int y; *p = 1; y = 2; }";
        assert_eq!(sites("c.swap-statements", Lang::C, text), vec!["*p = 1;"]);
        let text = "void f(int *p) { unsigned long y; y = 2; *p = 1; }";
        assert_eq!(sites("c.swap-statements", Lang::C, text), vec!["y = 2;"]);
    }
}
