use super::*;
use crate::relations::{apply, Catalog, NameStrategy};

fn outputs(id: &str, lang: Lang, text: &str) -> Vec<String> {
    let relation = Catalog::standard().get(id).unwrap();
    let src = Source::parse(lang, text).unwrap();
    relation
        .sites(&src)
        .iter()
        .map(|site| {
            let mut choices = Choices::new(0, NameStrategy::Neutral);
            match apply(relation, &src, site, &mut choices) {
                Ok((variant, _)) => variant.into_text(),
                Err(e) => panic!("{e}"),
            }
        })
        .collect()
}

fn site_count(id: &str, lang: Lang, text: &str) -> usize {
    let relation = Catalog::standard().get(id).unwrap();
    relation.sites(&Source::parse(lang, text).unwrap()).len()
}

fn java(body: &str) -> String {
    format!("class T {{\n    int m(int n, int k, String s) {{\n        {body}\n    }}\n}}")
}

#[test]
fn examples_hold() {
    for relation in relations() {
        let ex = relation.example();
        let out = outputs(relation.id(), relation.lang(), ex.before);
        assert_eq!(
            out.first().map(String::as_str),
            Some(ex.after),
            "{}",
            relation.id()
        );
    }
}

#[test]
fn if_swap_braces_a_dangling_if() {
    let out = outputs(
        "c.if-swap",
        Lang::C,
        "int f(int a, int b) {\n    if (!a)\n        b = 1;\n    else if (b)\n        b = 2;\n    return b;\n}",
    );
    // Outer if: `!a` becomes `a`, the else-if moves into braces.
    assert_eq!(
        out[0],
        "int f(int a, int b) {\n    if (a)\n        {\n        if (b)\n        b = 2;\n    }\n    else b = 1;\n    return b;\n}"
    );
}

#[test]
fn if_swap_negation_forms() {
    let out = outputs(
        "java.if-swap",
        Lang::Java,
        &java("if (n < k && s != null) n = 1; else n = 2; return n;"),
    );
    assert!(
        out[0].contains("if (!(n < k && s != null)) n = 2; else n = 1;"),
        "{}",
        out[0]
    );
    let out = outputs(
        "java.if-swap",
        Lang::Java,
        &java("if (s.isEmpty()) n = 1; else n = 2; return n;"),
    );
    assert!(
        out[0].contains("if (!s.isEmpty()) n = 2; else n = 1;"),
        "{}",
        out[0]
    );
}

#[test]
fn nested_to_else_if_respects_dangling_else() {
    // The chain is the then-branch of an outer if with an else: removing the
    // braces would hand that else to the inner if.
    let risky = "void f(int a, int b) {\n    if (a) if (b) a = 1; else { if (a > b) b = 2; } else a = 3;\n}";
    assert_eq!(site_count("c.nested-to-else-if", Lang::C, risky), 0);
    // With an else of its own the inner if is closed.
    let safe = "void f(int a, int b) {\n    if (a) if (b) a = 1; else { if (a > b) b = 2; else b = 4; } else a = 3;\n}";
    assert_eq!(site_count("c.nested-to-else-if", Lang::C, safe), 1);
    // Declarations or more statements in the block: not a lone if.
    let two = java("if (n > 0) n = 1; else { int q = 2; if (q > n) n = q; } return n;");
    assert_eq!(site_count("java.nested-to-else-if", Lang::Java, &two), 0);
    let commented = java("if (n > 0) n = 1; else { // why\n if (k > n) n = k; } return n;");
    assert_eq!(
        site_count("java.nested-to-else-if", Lang::Java, &commented),
        0
    );
}

#[test]
fn ternary_needs_same_literal_kind() {
    for (code, sites) in [
        ("n = k > 0 ? 1 : 2; return n;", 1),
        ("n = k > 0 ? 1 : 'a'; return n;", 0),
        ("n = k > 0 ? 1 : k < 0 ? 2L : 3L; return n;", 0),
        ("n = k > 0 ? 1 : k < 0 ? -1 : 0; return n;", 1),
        ("s = k > 0 ? \"a\" : null; return n;", 1),
        ("n = k > 0 ? n : k; return n;", 0),
        ("n += k > 0 ? 1 : 2; return n;", 0),
        ("return k > 0 ? 1 : 2;", 1),
        (
            "switch (k) { case 1 -> n = k > 0 ? 1 : 2; default -> n = 0; } return n;",
            0,
        ),
    ] {
        assert_eq!(
            site_count("java.ternary-to-if", Lang::Java, &java(code)),
            sites,
            "{code}"
        );
    }
    // C: a large hex literal is unsigned: `c ? 0xFFFFFFFF : -1` is not `int`.
    let c = "long f(int c) { long x; x = c ? 0xFFFFFFFF : -1; return x; }";
    assert_eq!(site_count("c.ternary-to-if", Lang::C, c), 0);
    let c = "long f(int c) { long x; x = c ? 0x7F : -1; return x; }";
    assert_eq!(site_count("c.ternary-to-if", Lang::C, c), 1);
}

#[test]
fn if_to_ternary_checks_narrow_targets() {
    let byte_target =
        "class T { byte m(boolean c) { byte b; if (c) b = 1; else b = 2; return b; } }";
    assert_eq!(site_count("java.if-to-ternary", Lang::Java, byte_target), 0);
    let int_target = "class T { int m(boolean c) { int b; if (c) b = 1; else b = 2; return b; } }";
    assert_eq!(
        outputs("java.if-to-ternary", Lang::Java, int_target),
        vec!["class T { int m(boolean c) { int b; b = c ? 1 : 2; return b; } }"]
    );
    let short_return = "class T { short m(boolean c) { if (c) return 1; else return 2; } }";
    assert_eq!(
        site_count("java.if-to-ternary", Lang::Java, short_return),
        0
    );
    let field_target = "class T { int b; void m(boolean c) { if (c) b = 1; else b = 2; } }";
    assert_eq!(
        site_count("java.if-to-ternary", Lang::Java, field_target),
        0
    );
    let chars = "class T { char m(boolean c) { char b; if (c) b = 'x'; else b = 'y'; return b; } }";
    assert_eq!(site_count("java.if-to-ternary", Lang::Java, chars), 1);
    let different =
        "class T { int m(boolean c) { int b, d; if (c) b = 1; else d = 2; return b; } }";
    assert_eq!(site_count("java.if-to-ternary", Lang::Java, different), 0);
}

#[test]
fn if_to_ternary_parenthesises_loose_parts() {
    let out = outputs(
        "c.if-to-ternary",
        Lang::C,
        "int f(int a, int b) { int x; if (a = b) x = 1; else x = 2; return x; }",
    );
    assert_eq!(
        out,
        vec!["int f(int a, int b) { int x; x = (a = b) ? 1 : 2; return x; }"]
    );
}

#[test]
fn switch_to_if_variants() {
    let strings = java(
        "switch (s) {\n            case \"a\": return 1;\n            case \"b\": n = 2; break;\n        }\n        return n;",
    );
    let out = outputs("java.switch-to-if", Lang::Java, &strings);
    assert!(out[0].contains("if (s.equals(\"a\")) {"), "{}", out[0]);
    assert!(
        out[0].contains("} else if (s.equals(\"b\")) {"),
        "{}",
        out[0]
    );
    assert!(!out[0].contains("break"), "{}", out[0]);
    let arrows = java("switch (k) {\n            case 1, 2 -> n = 3;\n            default -> { n = 4; }\n        }\n        return n;");
    let out = outputs("java.switch-to-if", Lang::Java, &arrows);
    assert!(out[0].contains("if (k == 1 || k == 2) {"), "{}", out[0]);
    assert!(out[0].contains("} else { n = 4; }"), "{}", out[0]);
}

#[test]
fn switch_to_if_declines() {
    for code in [
        // fall-through
        "switch (k) { case 1: n = 1; case 2: n = 2; break; } return n;",
        // break before the end of a group
        "switch (k) { case 1: if (n > 0) break; n = 1; break; } return n;",
        // selector evaluated once
        "switch (k + 1) { case 1: n = 1; break; } return n;",
        // enum-like or constant labels
        "switch (k) { case ONE: n = 1; break; } return n;",
        // shared scope between groups
        "switch (k) { case 1: int t = 1; n = t; break; case 2: t = 2; n = t; break; } return n;",
        // switch expression
        "n = switch (k) { case 1 -> 2; default -> 3; }; return n;",
    ] {
        assert_eq!(
            site_count("java.switch-to-if", Lang::Java, &java(code)),
            0,
            "{code}"
        );
    }
}
