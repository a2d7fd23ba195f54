//! `for` ↔ `while`.
//!
//! for → while: `for (init; cond; update) body` becomes
//! `{ init; while (cond) { body update; } }`.
//! - The block keeps the scope of `init`'s declarations; it is left out when
//!   `init` is a list of expressions and the loop sits in a statement list.
//! - An empty condition becomes `true` (Java) / `1` (C).
//! - Each `continue` that continues this loop becomes `{ update; continue; }`.
//! - The update moves into the body: when the body declares a name the
//!   update mentions (shadowing), the body stays a nested block of its own so
//!   the update still sees the outer name; with such a name and a `continue`
//!   the site is declined.
//! - Java: a label stays on the loop (`label: while`); the update is only
//!   appended when the body can complete normally (javac's reachability).
//!
//! while → for: `while (c) body` becomes `for (; c; ) body`.

use super::shape::is_statement_list;
use super::shape::{block_kind, clean_nodes_of, declaration_kind, indent_unit, reindent};
use super::{Choices, Decline, Example, RelationDef, Rule, Site};
use crate::lang::effects::{
    completes_normally, continues_targeting, declared_names, identifiers_in, statement_label,
};
use crate::lang::{syntax, Edit, Lang, Source};
use std::ops::Range;
use tree_sitter::Node;

pub(super) const RELATIONS: &[RelationDef] = &[FOR_TO_WHILE, WHILE_TO_FOR];

struct ForToWhile {
    lang: Lang,
}

/// The parts of a `for` statement, named alike for both languages.
struct ForParts<'a> {
    init: Vec<Node<'a>>,
    condition: Option<Node<'a>>,
    update: Vec<Node<'a>>,
    body: Node<'a>,
}

impl<'a> ForParts<'a> {
    fn of(lang: Lang, node: Node<'a>) -> Option<Self> {
        let init_field = match lang {
            Lang::Java => "init",
            Lang::C => "initializer",
        };
        let mut cursor = node.walk();
        let init = node
            .children_by_field_name(init_field, &mut cursor)
            .collect();
        let update = node.children_by_field_name("update", &mut cursor).collect();
        Some(ForParts {
            init,
            condition: node.child_by_field_name("condition"),
            update,
            body: node.child_by_field_name("body")?,
        })
    }
}

/// Why the loop cannot be rewritten, if it cannot.
fn check_for(src: &Source, node: Node) -> Result<(), Decline> {
    let lang = src.lang();
    let parts = ForParts::of(lang, node).ok_or_else(|| Decline::new("for without body"))?;
    if syntax::descendants(node)
        .take_while(|n| n.start_byte() < parts.body.start_byte())
        .any(|n| n.kind() == "comment")
    {
        return Err(Decline::new("comment inside the for header"));
    }
    if parts.update.is_empty() {
        return Ok(());
    }
    if lang == Lang::Java && !completes_normally(src, parts.body) {
        return Err(Decline::new(
            "body cannot complete normally: the moved update would be unreachable",
        ));
    }
    if shadows_update(src, &parts) && !continues_targeting(src, node, parts.body).is_empty() {
        return Err(Decline::new(
            "body declares a name the update uses and has a continue",
        ));
    }
    Ok(())
}

fn shadows_update(src: &Source, parts: &ForParts) -> bool {
    let declared = declared_names(src, parts.body);
    parts.update.iter().any(|u| {
        identifiers_in(src, *u)
            .iter()
            .any(|n| declared.contains(*n))
    })
}

const FOR_TO_WHILE: RelationDef = RelationDef {
    name: "for-to-while",
    description: "rewrites a for loop as a while loop, moving the update to the end of the body and before each continue",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "int sum(int[] a) {\n    int s = 0;\n    for (int i = 0; i < a.length; i++) {\n        if (a[i] < 0) continue;\n        s += a[i];\n    }\n    return s;\n}",
                after: "int sum(int[] a) {\n    int s = 0;\n    {\n        int i = 0;\n        while (i < a.length) {\n            if (a[i] < 0) { i++; continue; }\n            s += a[i];\n            i++;\n        }\n    }\n    return s;\n}",
            },
        ),
        (
            Lang::C,
            Example {
                before: "int sum(int *a, int n) {\n    int s = 0, i;\n    for (i = 0; i < n; i++)\n        s += a[i];\n    return s;\n}",
                after: "int sum(int *a, int n) {\n    int s = 0, i;\n    i = 0;\n    while (i < n) {\n        s += a[i];\n        i++;\n    }\n    return s;\n}",
            },
        ),
    ],
    rule: |lang| Box::new(ForToWhile { lang }),
};

impl Rule for ForToWhile {
    fn sites(&self, src: &Source) -> Vec<Site> {
        clean_nodes_of(src, &["for_statement"])
            .filter(|n| check_for(src, *n).is_ok())
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let node = site.node(src)?;
        check_for(src, node)?;
        let lang = self.lang;
        let parts = ForParts::of(lang, node).ok_or_else(|| Decline::new("for without body"))?;
        let text = src.text();
        let indent = syntax::line_indent(text, node.start_byte()).to_string();
        let unit = indent_unit(src, src.root());

        // Java keeps a label on the loop itself, so it moves with it.
        let labeled = statement_label(src, node).and(node.parent());
        let init_is_declaration = parts
            .init
            .first()
            .is_some_and(|i| i.kind() == declaration_kind(lang));
        let init_statements: Vec<String> =
            parts.init.iter().map(|i| statement_text(src, *i)).collect();
        let in_list = node
            .parent()
            .is_some_and(|p| is_statement_list(lang, p.kind()));
        let needs_block = !init_statements.is_empty() && (init_is_declaration || !in_list);
        let (replaced, loop_indent) = match (labeled, needs_block) {
            (Some(label), true) => (label.byte_range(), format!("{indent}{unit}")),
            (_, true) => (node.byte_range(), format!("{indent}{unit}")),
            (_, false) => (node.byte_range(), indent.clone()),
        };
        let label_prefix = match statement_label(src, node) {
            Some(name) if needs_block => format!("{name}: "),
            _ => String::new(),
        };

        let condition = match parts.condition {
            Some(c) => src.node_text(c).to_string(),
            None if lang == Lang::Java => "true".to_string(),
            None => "1".to_string(),
        };
        let update: Vec<String> = parts
            .update
            .iter()
            .map(|u| statement_text(src, *u))
            .collect();
        let body = new_body(src, node, &parts, &update, &indent, &unit)?;
        let body = if needs_block {
            reindent(src, parts.body, &body, &unit)
        } else {
            body
        };
        let header = format!("{label_prefix}while ({condition}) {body}");
        let replacement = if needs_block {
            let inits: String = init_statements
                .iter()
                .map(|s| format!("{loop_indent}{s}\n"))
                .collect();
            format!("{{\n{inits}{loop_indent}{header}\n{indent}}}")
        } else {
            let inits: String = init_statements
                .iter()
                .map(|s| format!("{s}\n{indent}"))
                .collect();
            format!("{inits}{header}")
        };
        Ok(vec![Edit::new(replaced, replacement)])
    }
}

/// An init or update part as a statement of its own.
fn statement_text(src: &Source, part: Node) -> String {
    let text = src.node_text(part);
    if part.kind() == declaration_kind(src.lang()) {
        text.to_string()
    } else {
        format!("{text};")
    }
}

/// The while body: the old body with `{ update; continue; }` for each
/// continue of this loop and the update appended.
fn new_body(
    src: &Source,
    node: Node,
    parts: &ForParts,
    update: &[String],
    indent: &str,
    unit: &str,
) -> Result<String, Decline> {
    let body = parts.body;
    let mut inner: Vec<(Range<usize>, String)> = Vec::new();
    if !update.is_empty() {
        for jump in continues_targeting(src, node, body) {
            let replacement = format!("{{ {} {} }}", update.join(" "), src.node_text(jump));
            inner.push((jump.byte_range(), replacement));
        }
    }
    let mut text = splice(src, body.byte_range(), &inner);
    if update.is_empty() {
        return Ok(text);
    }
    let update_lines: String = update
        .iter()
        .map(|u| format!("\n{indent}{unit}{u}"))
        .collect();
    let is_block = body.kind() == block_kind(src.lang());
    if is_block && !shadows_update(src, parts) {
        // Splice the update before the closing brace.
        let close = text
            .rfind('}')
            .ok_or_else(|| Decline::new("block without closing brace"))?;
        let kept = text[..close].trim_end();
        text = format!("{kept}{update_lines}\n{indent}}}");
    } else {
        let text_indented = reindent(src, body, &text, unit);
        text = format!("{{\n{indent}{unit}{text_indented}{update_lines}\n{indent}}}");
    }
    Ok(text)
}

/// The text of `range` with the given non-overlapping edits inside it.
fn splice(src: &Source, range: Range<usize>, edits: &[(Range<usize>, String)]) -> String {
    let mut out = String::new();
    let mut at = range.start;
    for (r, replacement) in edits {
        out.push_str(&src.text()[at..r.start]);
        out.push_str(replacement);
        at = r.end;
    }
    out.push_str(&src.text()[at..range.end]);
    out
}

struct WhileToFor;

const WHILE_TO_FOR: RelationDef = RelationDef {
    name: "while-to-for",
    description: "rewrites while (c) as for (; c; )",
    examples: &Example {
        before: "void f(int n) { while (n > 0) n--; }",
        after: "void f(int n) { for (; n > 0; ) n--; }",
    }
    .in_every_lang(),
    rule: |_| Box::new(WhileToFor),
};

impl Rule for WhileToFor {
    fn sites(&self, src: &Source) -> Vec<Site> {
        clean_nodes_of(src, &["while_statement"])
            .filter(|n| n.child_by_field_name("condition").is_some())
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let node = site.node(src)?;
        let condition = node
            .child_by_field_name("condition")
            .ok_or_else(|| Decline::new("while without condition"))?;
        let inner = src.node_text(condition);
        let inner = inner
            .strip_prefix('(')
            .and_then(|s| s.strip_suffix(')'))
            .ok_or_else(|| Decline::new("condition is not parenthesised"))?;
        Ok(vec![Edit::new(
            node.start_byte()..condition.end_byte(),
            format!("for (;{}; )", leading_space(inner)),
        )])
    }
}

/// ` c` for `c`, keeping an existing leading space only once.
fn leading_space(inner: &str) -> String {
    if inner.starts_with(char::is_whitespace) {
        inner.to_string()
    } else {
        format!(" {inner}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relations::testing::outputs;
    use crate::relations::Catalog;

    fn java(body: &str) -> String {
        format!("class T {{\n    int m(int n, int[] a) {{\n        {body}\n    }}\n}}")
    }

    #[test]
    fn empty_condition_becomes_true_or_one() {
        let out = outputs("java.for-to-while", Lang::Java, &java("for (;;) { n--; }"));
        assert!(out[0].contains("while (true) { n--; }"), "{}", out[0]);
        let out = outputs("c.for-to-while", Lang::C, "void f(int n) { for (;;) n--; }");
        assert_eq!(out[0], "void f(int n) { while (1) n--; }");
    }

    #[test]
    fn label_stays_on_the_java_loop() {
        let out = outputs(
            "java.for-to-while",
            Lang::Java,
            &java("outer: for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) { if (a[j] > 0) continue outer; } }"),
        );
        assert!(
            out[0].contains("int i = 0;\n            outer: while (i < n)"),
            "{}",
            out[0]
        );
        assert!(out[0].contains("{ i++; continue outer; }"), "{}", out[0]);
    }

    #[test]
    fn continue_of_an_inner_loop_is_left_alone() {
        let out = outputs(
            "c.for-to-while",
            Lang::C,
            "void f(int n) { int i; for (i = 0; i < n; i++) { while (n) { continue; } switch (n) { case 1: continue; } } }",
        );
        assert_eq!(out.len(), 1);
        assert!(out[0].contains("while (n) { continue; }"), "{}", out[0]);
        assert!(out[0].contains("case 1: { i++; continue; }"), "{}", out[0]);
    }

    #[test]
    fn shadowing_body_keeps_its_own_block() {
        // `step` in the update is the field; the body's `step` must not
        // capture it.
        let text = "class T {\n    int step = 1;\n    void m(int n) {\n        for (int i = 0; i < n; i += step) {\n            int step = 5;\n            n -= step;\n        }\n    }\n}";
        let out = outputs("java.for-to-while", Lang::Java, text);
        let body_start = out[0].find("while").unwrap();
        let after_block = out[0][body_start..].find("}\n").unwrap() + body_start;
        let update_at = out[0].find("i += step;").unwrap();
        assert!(update_at > after_block, "{}", out[0]);
        // With a continue as well, the site is declined.
        let text = text.replace("n -= step;", "if (n > 0) continue;");
        let relation = Catalog::standard().get("java.for-to-while").unwrap();
        assert!(relation
            .sites(&Source::parse(Lang::Java, text).unwrap())
            .is_empty());
    }

    #[test]
    fn java_unreachable_update_is_declined() {
        let relation = Catalog::standard().get("java.for-to-while").unwrap();
        for body in [
            "for (int i = 0; i < n; i++) { return i; }",
            "for (int i = 0; i < n; i++) { if (n > 1) return 1; else throw new Error(); }",
            "for (int i = 0; i < n; i++) { while (true) { } }",
        ] {
            let src = Source::parse(Lang::Java, java(body)).unwrap();
            assert!(relation.sites(&src).is_empty(), "{body}");
        }
        // A loop that can finish is fine as the last statement.
        let src = Source::parse(
            Lang::Java,
            java("for (int i = 0; i < n; i++) { for (int j = 0; j < i; j++) n--; }"),
        )
        .unwrap();
        assert_eq!(relation.sites(&src).len(), 2);
    }

    #[test]
    fn expression_init_under_an_if_gets_a_block() {
        let out = outputs(
            "c.for-to-while",
            Lang::C,
            "void f(int n, int i) {\n    if (n)\n        for (i = 0, n = 2; i < n; i++, n--) ;\n}",
        );
        assert!(
            out[0].contains("{\n            i = 0, n = 2;\n            while (i < n)"),
            "{}",
            out[0]
        );
        assert!(out[0].contains("i++, n--;"), "{}", out[0]);
    }

    #[test]
    fn c_label_stays_before_the_new_block() {
        // `goto again` must still run the init first.
        let out = outputs(
            "c.for-to-while",
            Lang::C,
            "void f(int n, int i) {\n    again: for (i = 0; i < n; i++) n--;\n    if (n) goto again;\n}",
        );
        assert!(
            out[0].contains("again: {\n        i = 0;\n        while (i < n)"),
            "{}",
            out[0]
        );
    }

    #[test]
    fn while_to_for_keeps_labels_and_bodies() {
        let out = outputs(
            "java.while-to-for",
            Lang::Java,
            &java("l: while (n > 0) { n--; if (n == 3) continue l; }"),
        );
        assert!(out[0].contains("l: for (; n > 0; ) { n--;"), "{}", out[0]);
    }
}
