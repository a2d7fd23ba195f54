//! The declared type of a Java local variable or parameter, found by walking
//! outwards from a use to the nearest enclosing declaration that precedes it.
//! A name with no such declaration (a field, an inherited member) has no
//! known type. A stop-gap for the control-flow relations until the scope
//! analysis (`scope.rs`) is available to them.

use super::{Lang, Source};
use tree_sitter::Node;

/// Java primitive type names.
pub const PRIMITIVES: &[&str] = &[
    "byte", "short", "int", "long", "char", "float", "double", "boolean",
];

/// The type node of the local declaration or parameter that `ident` (a Java
/// identifier being read or written) refers to, if it is visible in the
/// syntax.
pub fn declared_type<'a>(src: &'a Source, ident: Node<'a>) -> Option<Node<'a>> {
    if src.lang() != Lang::Java || ident.kind() != "identifier" {
        return None;
    }
    let name = src.node_text(ident);
    let mut child = ident;
    while let Some(parent) = child.parent() {
        let found = match parent.kind() {
            "block" | "switch_block_statement_group" => {
                let mut cursor = parent.walk();
                let siblings: Vec<Node> = parent
                    .named_children(&mut cursor)
                    .take_while(|s| s.start_byte() < child.start_byte())
                    .collect();
                siblings
                    .into_iter()
                    .rev()
                    .find_map(|s| local_declaration_type(src, s, name))
            }
            "for_statement" => {
                let mut cursor = parent.walk();
                let inits: Vec<Node> = parent.children_by_field_name("init", &mut cursor).collect();
                inits
                    .into_iter()
                    .find_map(|s| local_declaration_type(src, s, name))
            }
            "enhanced_for_statement" => parent
                .child_by_field_name("name")
                .filter(|n| {
                    src.node_text(*n) == name && parent.child_by_field_name("body") == Some(child)
                })
                .and_then(|_| parent.child_by_field_name("type")),
            "catch_clause" => {
                let mut cursor = parent.walk();
                let catches_name = parent
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() == "catch_formal_parameter")
                    .any(|p| {
                        p.child_by_field_name("name")
                            .is_some_and(|n| src.node_text(n) == name)
                    });
                // A multi-catch parameter has a union type: no single type.
                if catches_name {
                    return None;
                }
                None
            }
            "method_declaration" | "constructor_declaration" => {
                let params = parent.child_by_field_name("parameters")?;
                let mut cursor = params.walk();
                let found = params
                    .named_children(&mut cursor)
                    .filter(|p| p.kind() == "formal_parameter")
                    .find(|p| {
                        p.child_by_field_name("name")
                            .is_some_and(|n| src.node_text(n) == name)
                    })
                    .filter(|p| p.child_by_field_name("dimensions").is_none())
                    .and_then(|p| p.child_by_field_name("type"));
                // Whatever the answer, the search ends at the method.
                return found;
            }
            // A lambda parameter or a member of a local class: unknown.
            "lambda_expression" | "class_body" => return None,
            _ => None,
        };
        if found.is_some() {
            return found;
        }
        child = parent;
    }
    None
}

/// The type of `stmt` if it is a local declaration declaring `name` without
/// extra array dimensions on the declarator (`int a[]`).
fn local_declaration_type<'a>(src: &Source, stmt: Node<'a>, name: &str) -> Option<Node<'a>> {
    if stmt.kind() != "local_variable_declaration" {
        return None;
    }
    let mut cursor = stmt.walk();
    let declares = stmt
        .children_by_field_name("declarator", &mut cursor)
        .any(|d| {
            d.child_by_field_name("name")
                .is_some_and(|n| src.node_text(n) == name)
                && d.child_by_field_name("dimensions").is_none()
        });
    declares.then(|| stmt.child_by_field_name("type")).flatten()
}

/// The primitive type name of a local or parameter, if that is what it is.
pub fn primitive_type<'a>(src: &'a Source, ident: Node<'a>) -> Option<&'a str> {
    let ty = declared_type(src, ident)?;
    let text = src.node_text(ty);
    PRIMITIVES.contains(&text).then_some(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::syntax::descendants;

    fn types_of_uses(text: &str, name: &str) -> Vec<Option<String>> {
        let src = Source::parse(Lang::Java, text).unwrap();
        descendants(src.root())
            .filter(|n| n.kind() == "identifier" && src.node_text(*n) == name)
            .filter(|n| n.parent().is_some_and(|p| p.kind() == "binary_expression"))
            .map(|n| declared_type(&src, n).map(|t| src.node_text(t).to_string()))
            .collect()
    }

    #[test]
    fn nearest_preceding_declaration_wins() {
        let text = "class T { long x; void m(int x) { z = x + 1; { String x2; double x = 1; z = x + 2; } z = x + 3; } void k() { z = x + 4; } }";
        assert_eq!(
            types_of_uses(text, "x"),
            vec![
                Some("int".to_string()),
                Some("double".to_string()),
                Some("int".to_string()),
                None
            ]
        );
    }

    #[test]
    fn declaration_after_the_use_does_not_count() {
        let text = "class T { void m() { z = y + 1; int y = 2; for (int i = 0; i < 3; i++) { z = i + 1; } } }";
        assert_eq!(types_of_uses(text, "y"), vec![None]);
        assert_eq!(
            types_of_uses(text, "i"),
            vec![Some("int".to_string()), Some("int".to_string())]
        );
    }
}
