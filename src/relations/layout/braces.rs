//! Braces around the body of `if`/`else`/`for`/`while`/`do`: added around a
//! single statement, or removed from a block that holds exactly one.

use super::has_preprocessor;
use crate::lang::{syntax, Edit, Lang, Source};
use crate::relations::gaps::{is_clean_in, is_comment};
use crate::relations::{Choices, Decline, Example, RelationDef, Rule, Site};
use tree_sitter::Node;

fn block_kind(lang: Lang) -> &'static str {
    match lang {
        Lang::Java => "block",
        Lang::C => "compound_statement",
    }
}

/// The statements a control statement runs as its bodies. The C grammar
/// wraps an `else` branch in an `else_clause`.
fn bodies(stmt: Node<'_>) -> Vec<Node<'_>> {
    let fields: &[&str] = match stmt.kind() {
        "if_statement" => &["consequence", "alternative"],
        "while_statement" | "for_statement" | "enhanced_for_statement" | "do_statement" => {
            &["body"]
        }
        _ => &[],
    };
    fields
        .iter()
        .filter_map(|f| stmt.child_by_field_name(f))
        .filter_map(|body| {
            if body.kind() == "else_clause" {
                let mut cursor = body.walk();
                let statement = body
                    .named_children(&mut cursor)
                    .find(|n| n.kind() != "comment");
                statement
            } else {
                Some(body)
            }
        })
        .collect()
}

/// The control statement (or C `else_clause`) owning `body`, if `body` is
/// one of its bodies.
fn owner_of(body: Node<'_>) -> Option<Node<'_>> {
    let parent = body.parent()?;
    let stmt = if parent.kind() == "else_clause" {
        parent.parent()?
    } else {
        parent
    };
    bodies(stmt).contains(&body).then_some(stmt)
}

/// Bodies in document order (an `if` yields its else-branch before the
/// descendants of its then-branch are visited, hence the sort).
fn all_bodies(src: &Source) -> impl Iterator<Item = Node<'_>> {
    let mut found: Vec<Node> = syntax::descendants(src.root())
        .flat_map(bodies)
        .filter(|b| is_clean_in(src, *b))
        .collect();
    found.sort_by_key(|b| (b.start_byte(), std::cmp::Reverse(b.end_byte())));
    found.into_iter()
}

/// Statements that must not become or stop being a block's only statement:
/// declarations (a body may not be one, and the block scopes it), labels
/// and C case labels (decline: easy to get wrong, little gain).
fn is_declaration_or_label(lang: Lang, node: Node) -> bool {
    match lang {
        Lang::Java => matches!(
            node.kind(),
            "local_variable_declaration"
                | "class_declaration"
                | "record_declaration"
                | "interface_declaration"
                | "enum_declaration"
                | "labeled_statement"
                | "explicit_constructor_invocation"
        ),
        Lang::C => {
            matches!(
                node.kind(),
                "declaration"
                    | "type_definition"
                    | "function_definition"
                    | "labeled_statement"
                    | "case_statement"
            ) || node.kind().starts_with("preproc")
        }
    }
}

/// Whether a C statement contains a call or a bare name as a statement of
/// its own: it may be a macro that expands to several statements or to a
/// braced block (`if (c) { M(x); } else` is not `if (c) M(x); else` when
/// `M(x)` is `{ … }`).
fn has_statement_macro(node: Node) -> bool {
    syntax::descendants(node).any(|n| {
        n.kind() == "expression_statement"
            && n.named_child(0)
                .is_some_and(|e| matches!(e.kind(), "call_expression" | "identifier"))
    })
}

struct AddBraces {
    lang: Lang,
}

impl AddBraces {
    fn applies(&self, src: &Source, body: Node) -> bool {
        let Some(before) = body.prev_sibling() else {
            return false;
        };
        body.kind() != block_kind(self.lang)
            && !is_declaration_or_label(self.lang, body)
            && (self.lang == Lang::Java
                || !has_preprocessor(body)
                    && !src.text()[before.end_byte()..body.start_byte()].contains('#'))
    }
}

pub(super) const ADD_BRACES: RelationDef = RelationDef {
    name: "add-braces",
    description: "wrap the single-statement body of an if/else/for/while/do in braces",
    examples: &Example {
        before: "void f(int a) {\n    if (a > 0)\n        g(a);\n}",
        after: "void f(int a) {\n    if (a > 0) {\n        g(a);\n    }\n}",
    }
    .in_every_lang(),
    rule: |lang| Box::new(AddBraces { lang }),
};

impl Rule for AddBraces {
    fn sites(&self, src: &Source) -> Vec<Site> {
        all_bodies(src)
            .filter(|b| self.applies(src, *b))
            .map(Site::of)
            .collect()
    }

    /// Braces around a complete statement keep its parse: an `else` inside
    /// it stays inside, one after it stays outside.
    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        _choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        let body = site.node(src)?;
        if owner_of(body).is_none() || !self.applies(src, body) {
            return Err(Decline::new("not the body of a control statement"));
        }
        let text = src.text();
        let before = body.prev_sibling().filter(|b| !is_comment(self.lang, *b));
        match before {
            // The body on its own line: `{` goes at the end of the header line
            // and `}` on a line of its own, aligned with the header.
            Some(before) if text[before.end_byte()..body.start_byte()].contains('\n') => {
                let indent = syntax::line_indent(text, before.start_byte());
                Ok(vec![
                    Edit::insert(before.end_byte(), " {"),
                    Edit::insert(body.end_byte(), format!("\n{indent}}}")),
                ])
            }
            _ => Ok(vec![
                Edit::insert(body.start_byte(), "{ "),
                Edit::insert(body.end_byte(), " }"),
            ]),
        }
    }
}

struct RemoveBraces {
    lang: Lang,
}

impl RemoveBraces {
    /// The block's only statement, when the braces can go.
    fn only_statement<'a>(&self, block: Node<'a>) -> Option<Node<'a>> {
        if block.kind() != block_kind(self.lang) || block.named_child_count() != 1 {
            return None;
        }
        let inner = block.named_child(0)?;
        if is_comment(self.lang, inner) || is_declaration_or_label(self.lang, inner) {
            return None;
        }
        if self.lang == Lang::C && (has_preprocessor(inner) || has_statement_macro(inner)) {
            return None;
        }
        // Dangling else: in `if (a) { if (b) x; } else y;` the braces keep
        // the `else` on the outer `if`. Decline any `if` inside the then
        // branch of an `if` that has an else.
        let owner = owner_of(block)?;
        let then_of_if_else = owner.kind() == "if_statement"
            && owner.child_by_field_name("consequence") == Some(block)
            && owner.child_by_field_name("alternative").is_some();
        if then_of_if_else && syntax::descendants(inner).any(|n| n.kind() == "if_statement") {
            return None;
        }
        Some(inner)
    }
}

pub(super) const REMOVE_BRACES: RelationDef = RelationDef {
    name: "remove-braces",
    description:
        "remove the braces of an if/else/for/while/do body holding one non-declaration statement",
    examples: &Example {
        before: "void f(int a) {\n    while (a > 0) {\n        a--;\n    }\n}",
        after: "void f(int a) {\n    while (a > 0)\n        a--;\n}",
    }
    .in_every_lang(),
    rule: |lang| Box::new(RemoveBraces { lang }),
};

impl Rule for RemoveBraces {
    fn sites(&self, src: &Source) -> Vec<Site> {
        all_bodies(src)
            .filter(|b| self.only_statement(*b).is_some())
            .map(Site::of)
            .collect()
    }

    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        _choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        let block = site.node(src)?;
        let inner = self
            .only_statement(block)
            .ok_or_else(|| Decline::new("not a one-statement body block"))?;
        let text = src.text();
        let open = block.start_byte();
        let close = block.end_byte() - 1;
        // When the statement sat on its own line, the `{` goes together with
        // the spaces before it, so the header line ends cleanly.
        let open_edit = if text[open..inner.start_byte()].contains('\n') {
            let from = text[..open].trim_end_matches([' ', '\t']).len();
            Edit::new(
                from..inner.start_byte(),
                text[open + 1..inner.start_byte()].to_string(),
            )
        } else {
            // `else{x();}` must not become `elsex();`.
            let gap = if text[..open].ends_with(char::is_whitespace) {
                ""
            } else {
                " "
            };
            Edit::new(open..inner.start_byte(), gap)
        };
        let close_edit = Edit::new(inner.end_byte()..close + 1, "");
        Ok(vec![open_edit, close_edit])
    }
}

#[cfg(test)]
mod tests {
    use crate::relations::testing::{all_variants, apply_at, check_example, site_texts};

    #[test]
    fn examples_match() {
        for id in [
            "java.add-braces",
            "c.add-braces",
            "java.remove-braces",
            "c.remove-braces",
        ] {
            check_example(id);
        }
    }

    #[test]
    fn braces_around_an_inner_if_keep_its_else() {
        let text = "void f() { if (a) if (b) x(); else y(); }";
        let sites = site_texts("c.add-braces", text);
        assert_eq!(sites, ["if (b) x(); else y();", "x();", "y();"]);
        assert_eq!(
            apply_at("c.add-braces", text, 0, 0).unwrap(),
            "void f() { if (a) { if (b) x(); else y(); } }"
        );
    }

    #[test]
    fn no_braces_removed_where_an_else_would_change_owner() {
        for inner in [
            "if (b) x();",
            "while (c) if (b) x();",
            "if (b) x(); else if (c) y();",
        ] {
            let text = format!("void f() {{ if (a) {{ {inner} }} else z(); }}");
            let sites = site_texts("java.remove-braces", &format!("class A {{ {text} }}"));
            assert!(sites.is_empty(), "{text}: {sites:?}");
            assert!(site_texts("c.remove-braces", &text).is_empty());
        }
        // Without an else the braces may go.
        let text = "void f() { if (a) { if (b) x = 1; } }";
        assert_eq!(
            apply_at("c.remove-braces", text, 0, 0).unwrap(),
            "void f() { if (a) if (b) x = 1; }"
        );
    }

    #[test]
    fn declarations_labels_and_several_statements_keep_their_braces() {
        let text =
            "void f() { if (a) { int x = 1; } while (b) { L: x(); } for (;;) { x(); y(); } }";
        assert!(site_texts("c.remove-braces", text).is_empty());
        let java = format!(
            "class A {{ {} }}",
            text.replace("L: x();", "L: for (;;) x();")
        );
        assert!(site_texts("java.remove-braces", &java).is_empty());
    }

    #[test]
    fn removed_braces_never_fuse_tokens() {
        let text = "void f() { if (a) x(); else{y++;} do{z--;}while(b); }";
        let all = all_variants("c.remove-braces", text);
        assert_eq!(
            all[0],
            "void f() { if (a) x(); else y++; do{z--;}while(b); }"
        );
        assert!(all.contains(&"void f() { if (a) x(); else{y++;} do z--;while(b); }".to_string()));
    }

    #[test]
    fn c_keeps_braces_around_possible_statement_macros() {
        // `SET(x)` may expand to `{ … }` or to two statements.
        let text = "void f() { if (a) { SET(x); } else y = 1; while (b) { if (c) SET(x); } }";
        assert!(site_texts("c.remove-braces", text).is_empty());
        let java = format!("class A {{ {text} }}");
        assert_eq!(site_texts("java.remove-braces", &java).len(), 2);
    }

    #[test]
    fn c_bodies_next_to_preprocessor_lines_are_left_alone() {
        let text = "void f() {\n#ifdef X\n    if (a)\n        x();\n#else\n    while (a) y();\n#endif\n    z();\n}";
        for variant in all_variants("c.add-braces", text) {
            for line in variant.lines().filter(|l| l.contains('#')) {
                assert!(line.starts_with('#'), "{variant}");
            }
            assert!(variant.contains("\n#else\n") && variant.contains("\n#endif\n"));
        }
    }

    #[test]
    fn braces_added_on_every_kind_of_body_parse_cleanly() {
        let java = "class A { void f(int[] xs) {
    if (a) x(); else if (b) y(); else z();
    for (int i = 0; i < 3; i++)
        x();
    for (int v : xs) y();
    while (a) L: for (;;) break L;
    do x(); while (a);
} }";
        assert_eq!(site_texts("java.add-braces", java).len(), 8);
        for variant in all_variants("java.add-braces", java) {
            assert_eq!(variant.matches('{').count(), 3, "{variant}");
        }
    }
}
