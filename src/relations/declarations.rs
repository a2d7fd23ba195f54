//! Declaration shapes: splitting and merging multi-variable declarations,
//! and naming a literal as a constant local.

use super::naming::fresh_variable_name;
use super::{Choices, Decline, Example, RelationDef, Rule, Site};
use crate::lang::{syntax, Edit, Lang, Source};
use tree_sitter::Node;

pub(super) const RELATIONS: &[RelationDef] =
    &[SPLIT_DECLARATION, MERGE_DECLARATIONS, LITERAL_TO_CONSTANT];

/// `int a = 1, b = 2;` → `int a = 1;` + `int b = 2;`.
struct SplitDeclaration(Lang);

/// Two adjacent declarations with the same type and modifiers → one.
struct MergeDeclarations(Lang);

/// A literal → a `final`/`const` local declared just before its statement.
struct LiteralToConstant(Lang);

fn declaration_kind(lang: Lang) -> &'static str {
    match lang {
        Lang::Java => "local_variable_declaration",
        Lang::C => "declaration",
    }
}

/// Parents where a declaration is a statement of its own (not a `for`
/// initialiser, not after a C `case` label).
fn in_statement_list(lang: Lang, decl: Node) -> bool {
    let Some(parent) = decl.parent() else {
        return false;
    };
    match lang {
        Lang::Java => matches!(
            parent.kind(),
            "block" | "switch_block_statement_group" | "constructor_body"
        ),
        Lang::C => matches!(parent.kind(), "compound_statement" | "translation_unit"),
    }
}

fn declarators(decl: Node) -> Vec<Node> {
    let mut cursor = decl.walk();
    let found: Vec<Node> = decl
        .children_by_field_name("declarator", &mut cursor)
        .collect();
    found
}

/// A declaration that can be split or merged: a statement of its own, no
/// comments inside (they would be lost or misplaced), and in C no type with a
/// body (each copy of `struct { … }` would be a new, incompatible type) and
/// no function declarators.
fn plain_declaration<'a>(lang: Lang, decl: Node<'a>) -> Option<Vec<Node<'a>>> {
    if decl.kind() != declaration_kind(lang)
        || !in_statement_list(lang, decl)
        || !syntax::is_clean(decl)
    {
        return None;
    }
    if syntax::descendants(decl).any(|n| n.kind().ends_with("comment")) {
        return None;
    }
    let ty = decl.child_by_field_name("type")?;
    if lang == Lang::C
        && (ty.child_by_field_name("body").is_some()
            || syntax::descendants(decl).any(|n| n.kind() == "function_declarator"))
    {
        return None;
    }
    let list = declarators(decl);
    (!list.is_empty()).then_some(list)
}

/// Everything before the first declarator: modifiers, storage class, type.
fn prefix<'a>(src: &'a Source, decl: Node, first: Node) -> &'a str {
    src.text()[decl.start_byte()..first.start_byte()].trim_end()
}

const SPLIT_DECLARATION: RelationDef = RelationDef {
    name: "split-declaration",
    description: "splits a declaration of several variables into one declaration per variable",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "void f() {\n    final int a = 1, b[] = {a};\n}",
                after: "void f() {\n    final int a = 1;\n    final int b[] = {a};\n}",
            },
        ),
        (
            Lang::C,
            Example {
                before: "void f(void) {\n    int *p = 0, n = 1;\n}",
                after: "void f(void) {\n    int *p = 0;\n    int n = 1;\n}",
            },
        ),
    ],
    rule: |lang| Box::new(SplitDeclaration(lang)),
};

impl Rule for SplitDeclaration {
    fn sites(&self, src: &Source) -> Vec<Site> {
        syntax::descendants(src.root())
            .filter(|n| plain_declaration(self.0, *n).is_some_and(|d| d.len() > 1))
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let decl = site.node(src)?;
        let list = plain_declaration(self.0, decl)
            .filter(|d| d.len() > 1)
            .ok_or_else(|| Decline::new("not a declaration of several variables"))?;
        let head = prefix(src, decl, list[0]);
        let indent = syntax::line_indent(src.text(), decl.start_byte());
        let separator = if starts_line(src.text(), decl.start_byte()) {
            format!("\n{indent}")
        } else {
            " ".to_string()
        };
        let parts: Vec<String> = list
            .iter()
            .map(|d| format!("{head} {};", src.node_text(*d)))
            .collect();
        Ok(vec![Edit::new(decl.byte_range(), parts.join(&separator))])
    }
}

const MERGE_DECLARATIONS: RelationDef = RelationDef {
    name: "merge-declarations",
    description: "merges two adjacent declarations with identical type and modifiers into one",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "void f() {\n    int a = 1;\n    int b = a;\n}",
                after: "void f() {\n    int a = 1, b = a;\n}",
            },
        ),
        (
            Lang::C,
            Example {
                before: "void f(void) {\n    int *p = 0;\n    int n = 1;\n}",
                after: "void f(void) {\n    int *p = 0, n = 1;\n}",
            },
        ),
    ],
    rule: |lang| Box::new(MergeDeclarations(lang)),
};

impl Rule for MergeDeclarations {
    fn sites(&self, src: &Source) -> Vec<Site> {
        syntax::descendants(src.root())
            .filter(|n| mergeable_pair(self.0, src, *n).is_some())
            .map(Site::of)
            .collect()
    }

    fn rewrite(&self, src: &Source, site: &Site, _: &mut Choices) -> Result<Vec<Edit>, Decline> {
        let first = site.node(src)?;
        let (a, b) = mergeable_pair(self.0, src, first)
            .ok_or_else(|| Decline::new("no mergeable declaration follows"))?;
        let (Some(a_last), Some(b_first), Some(b_last), Some(second)) =
            (a.last(), b.first(), b.last(), first.next_named_sibling())
        else {
            return Err(Decline::new("declaration without declarators"));
        };
        // Java: `int a = 1, b = a;` initialises a before b exactly as the two
        // statements did. C: each full declarator ends with a sequence point
        // and the scope of `a` starts after its declarator, so the same holds.
        let declarators = &src.text()[b_first.start_byte()..b_last.end_byte()];
        Ok(vec![Edit::new(
            a_last.end_byte()..second.end_byte(),
            format!(", {declarators};"),
        )])
    }
}

/// The declarators of `first` and of the declaration right after it, when
/// the two can become one.
fn mergeable_pair<'a>(
    lang: Lang,
    src: &Source,
    first: Node<'a>,
) -> Option<(Vec<Node<'a>>, Vec<Node<'a>>)> {
    let a = plain_declaration(lang, first)?;
    // Adjacent: the very next sibling, so no comment or directive between.
    let second = first.next_sibling()?;
    let b = plain_declaration(lang, second)?;
    let same_prefix = normalised(prefix(src, first, a[0])) == normalised(prefix(src, second, b[0]));
    // `var` declares one variable per statement.
    let var = lang == Lang::Java
        && first
            .child_by_field_name("type")
            .is_some_and(|t| src.node_text(t) == "var");
    (same_prefix && !var).then_some((a, b))
}

fn normalised(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn starts_line(text: &str, at: usize) -> bool {
    text[..at]
        .rsplit('\n')
        .next()
        .is_some_and(|line| line.trim().is_empty())
}

const LITERAL_TO_CONSTANT: RelationDef = RelationDef {
    name: "literal-to-constant",
    description: "names a literal as a final/const local declared just before its statement",
    examples: &[
        (
            Lang::Java,
            Example {
                before: "int f(int x) {\n    return x * 31;\n}",
                after: "int f(int x) {\n    final int v0 = 31;\n    return x * v0;\n}",
            },
        ),
        (
            Lang::C,
            Example {
                before: "int f(int x) {\n    return x * 31;\n}",
                after: "int f(int x) {\n    const int v0 = 31;\n    return x * v0;\n}",
            },
        ),
    ],
    rule: |lang| Box::new(LiteralToConstant(lang)),
};

impl Rule for LiteralToConstant {
    fn sites(&self, src: &Source) -> Vec<Site> {
        syntax::descendants(src.root())
            .filter(|n| constant_plan(src, *n).is_ok())
            .map(Site::of)
            .collect()
    }

    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        let literal = site.node(src)?;
        let (ty, statement) = constant_plan(src, literal)?;
        let name = fresh_variable_name(src, choices)?;
        let at = statement.start_byte();
        let separator = if starts_line(src.text(), at) {
            format!("\n{}", syntax::line_indent(src.text(), at))
        } else {
            " ".to_string()
        };
        let qualifier = match self.0 {
            Lang::Java => "final",
            Lang::C => "const",
        };
        let declaration = format!(
            "{qualifier} {ty} {name} = {};{separator}",
            src.node_text(literal)
        );
        Ok(vec![
            Edit::insert(at, declaration),
            Edit::new(literal.byte_range(), name),
        ])
    }
}

/// The constant's type and the statement to declare it before, or why the
/// literal must stay.
fn constant_plan<'a>(src: &Source, literal: Node<'a>) -> Result<(&'static str, Node<'a>), Decline> {
    let lang = src.lang();
    let ty = match lang {
        Lang::Java => java_literal_type(src, literal),
        Lang::C => c_literal_type(src, literal),
    }
    .ok_or_else(|| Decline::new("not a literal with an exactly expressible type"))?;
    if !syntax::is_clean_in(src, literal) {
        return Err(Decline::new("syntax error"));
    }
    let forbidden: &[&str] = match lang {
        // Constant-required or statement-less contexts.
        Lang::Java => &[
            "switch_label",
            "annotation",
            "marker_annotation",
            "element_value_pair",
            "explicit_constructor_invocation",
            "class_body",
            "enum_body",
            "interface_body",
        ],
        // Constant expressions, jumps past the new declaration (labels,
        // cases), macro-only contexts.
        Lang::C => &[
            "case_statement",
            "labeled_statement",
            "enumerator",
            "field_declaration",
            "bitfield_clause",
            "array_declarator",
            "abstract_array_declarator",
            "subscript_designator",
            "subscript_range_designator",
            "attribute_specifier",
            "attribute",
            "gnu_asm_expression",
            "type_descriptor",
            "preproc_if",
            "preproc_elif",
            "preproc_def",
            "preproc_function_def",
            "preproc_call",
            "generic_expression",
        ],
    };
    let mut statement = None;
    for node in std::iter::successors(literal.parent(), |n| n.parent()) {
        if forbidden.contains(&node.kind()) {
            return Err(Decline::new(format!("literal inside {}", node.kind())));
        }
        if lang == Lang::C {
            c_context_allows(src, node)?;
        }
        if node.parent().is_some_and(|p| statement_list(lang, p)) && is_statement(lang, node) {
            statement = Some(node);
            break;
        }
    }
    let statement = statement.ok_or_else(|| Decline::new("no enclosing statement in a body"))?;
    if lang == Lang::C && syntax::descendants(statement).any(|n| n.kind() == "labeled_statement") {
        return Err(Decline::new(
            "a goto could enter the statement past the new declaration",
        ));
    }
    Ok((ty, statement))
}

fn statement_list(lang: Lang, node: Node) -> bool {
    match lang {
        Lang::Java => matches!(
            node.kind(),
            "block" | "switch_block_statement_group" | "constructor_body"
        ),
        Lang::C => node.kind() == "compound_statement",
    }
}

fn is_statement(lang: Lang, node: Node) -> bool {
    match lang {
        Lang::Java => !matches!(
            node.kind(),
            "switch_label" | "line_comment" | "block_comment" | "{" | "}"
        ),
        Lang::C => {
            !matches!(node.kind(), "comment" | "{" | "}") && !node.kind().starts_with("preproc")
        }
    }
}

/// C contexts the literal may not leave: static initialisers (they need
/// constant expressions) and arguments of macros (stringification, token
/// pasting, `case` generation).
fn c_context_allows(src: &Source, node: Node) -> Result<(), Decline> {
    if node.kind() == "declaration" {
        let static_storage = node.named_children(&mut node.walk()).any(|c| {
            c.kind() == "storage_class_specifier"
                && src.node_text(c) != "register"
                && src.node_text(c) != "auto"
        });
        if static_storage {
            return Err(Decline::new(
                "static or extern initialisers need constant expressions",
            ));
        }
    }
    if node.kind() == "call_expression" {
        let callee = node
            .child_by_field_name("function")
            .map(|f| src.node_text(f))
            .unwrap_or("");
        let macro_like = !callee.chars().any(|c| c.is_ascii_lowercase())
            || callee.starts_with("__builtin")
            || matches!(
                callee,
                "assert" | "offsetof" | "va_arg" | "likely" | "unlikely"
            )
            || src.text().contains(&format!("define {callee}"));
        if macro_like {
            return Err(Decline::new("argument of what may be a macro"));
        }
    }
    Ok(())
}

fn java_literal_type(src: &Source, literal: Node) -> Option<&'static str> {
    let text = src.node_text(literal).replace('_', "");
    let long = text.ends_with(['l', 'L']);
    match literal.kind() {
        "decimal_integer_literal"
        | "hex_integer_literal"
        | "octal_integer_literal"
        | "binary_integer_literal" => {
            // Only valid as the operand of unary minus.
            if matches!(
                text.trim_end_matches(['l', 'L']),
                "2147483648" | "9223372036854775808"
            ) {
                return None;
            }
            Some(if long { "long" } else { "int" })
        }
        "decimal_floating_point_literal" | "hex_floating_point_literal" => {
            Some(if text.ends_with(['f', 'F']) {
                "float"
            } else {
                "double"
            })
        }
        "character_literal" => Some("char"),
        "string_literal" => Some("String"),
        "true" | "false" => Some("boolean"),
        _ => None,
    }
}

/// The C type of a literal where it is certain on every common target
/// (int ≥ 32 bits); zero is refused because it may be a null pointer
/// constant, which a `const` variable is not.
fn c_literal_type(src: &Source, literal: Node) -> Option<&'static str> {
    let text = src.node_text(literal);
    match literal.kind() {
        "char_literal" => (text.starts_with('\'') && text != "'\\0'").then_some("int"),
        "number_literal" => c_number_type(&text.to_ascii_lowercase()),
        _ => None,
    }
}

fn c_number_type(text: &str) -> Option<&'static str> {
    if text.contains('\'') {
        return None;
    }
    let hex = text.starts_with("0x");
    let float = text.contains('.') || (!hex && text.contains('e')) || (hex && text.contains('p'));
    if float {
        return match text.chars().last()? {
            'f' => Some("float"),
            'l' => Some("long double"),
            c if c.is_ascii_hexdigit() => Some("double"),
            _ => None,
        };
    }
    let digits = text.trim_end_matches(['u', 'l']);
    let suffix = &text[digits.len()..];
    let value = if hex {
        u64::from_str_radix(&digits[2..], 16).ok()?
    } else if let Some(bin) = digits.strip_prefix("0b") {
        u64::from_str_radix(bin, 2).ok()?
    } else if digits.len() > 1 && digits.starts_with('0') {
        u64::from_str_radix(&digits[1..], 8).ok()?
    } else {
        digits.parse::<u64>().ok()?
    };
    if value == 0 {
        return None;
    }
    let int_max = i32::MAX as u64;
    let uint_max = u32::MAX as u64;
    match suffix {
        "" if value <= int_max => Some("int"),
        "u" if value <= uint_max => Some("unsigned int"),
        "l" if value <= int_max => Some("long"),
        "ul" | "lu" if value <= uint_max => Some("unsigned long"),
        "ll" if value <= i64::MAX as u64 => Some("long long"),
        "ull" | "llu" => Some("unsigned long long"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::relations::testing::{apply_first, assert_no_rewrite, relation, sites_of};

    #[test]
    fn split_keeps_modifiers_dims_and_pointers() {
        let j = relation("java.split-declaration");
        assert_eq!(
            apply_first(j, "void f() { @Deprecated final int a[], b; }").unwrap(),
            "void f() { @Deprecated final int a[]; @Deprecated final int b; }"
        );
        assert!(sites_of(
            j,
            Lang::Java,
            "void f() { for (int i = 0, n = 3; i < n; i++) {} }"
        )
        .is_empty());
        assert!(sites_of(j, Lang::Java, "void f() { int a, /* why */ b; }").is_empty());
        let c = relation("c.split-declaration");
        assert_eq!(
            apply_first(c, "void f(void) { static const char *s = \"x\", t[2]; }").unwrap(),
            "void f(void) { static const char *s = \"x\"; static const char t[2]; }"
        );
        assert!(sites_of(c, Lang::C, "void f(void) { struct { int x; } a, b; }").is_empty());
        assert!(sites_of(
            c,
            Lang::C,
            "void f(void) { for (int i = 0, j = 1; i < j; i++) ; }"
        )
        .is_empty());
    }

    #[test]
    fn merge_needs_identical_prefixes() {
        let j = relation("java.merge-declarations");
        for text in [
            "void f() { int a = 1; long b = 2; }",
            "void f() { final int a = 1; int b = 2; }",
            "void f() { var a = 1; var b = 2; }",
            "void f() { int a = 1; /* c */ int b = 2; }",
            "void f() { int[] a = null; int b = 2; }",
        ] {
            assert!(sites_of(j, Lang::Java, text).is_empty(), "{text}");
        }
        assert_eq!(
            apply_first(j, "void f() { int[] a = {1}; int[] b = a, c; }").unwrap(),
            "void f() { int[] a = {1}, b = a, c; }"
        );
        let c = relation("c.merge-declarations");
        assert!(sites_of(c, Lang::C, "void f(void) { int a; unsigned b; }").is_empty());
        assert!(sites_of(
            c,
            Lang::C,
            "void f(void) { struct { int x; } a; struct { int x; } b; }"
        )
        .is_empty());
        assert!(sites_of(c, Lang::C, "void f(void) { int a;\n#define Q 1\n int b; }").is_empty());
    }

    #[test]
    fn java_constants_stay_constant_expressions() {
        let r = relation("java.literal-to-constant");
        for text in [
            "void f(int x) { switch (x) { case 1: break; } }",
            "@Size(3) void f() { }",
            "class A { int k = 3; }",
            "class A { A() { this(5); } A(int x) { } }",
            "void f() { long m = -9223372036854775808L; }",
            "void f() { Object o = null; }",
        ] {
            assert_no_rewrite(r, Lang::Java, text);
        }
        assert_eq!(
            apply_first(r, "void f() { char c = 65; }").unwrap(),
            "void f() { final int v0 = 65; char c = v0; }"
        );
        assert_eq!(
            apply_first(r, "void f() {\n  if (ok)\n    g(\"s\", 2L);\n}").unwrap(),
            "void f() {\n  final String v0 = \"s\";\n  if (ok)\n    g(v0, 2L);\n}"
        );
    }

    #[test]
    fn c_constants_avoid_constant_contexts() {
        let r = relation("c.literal-to-constant");
        for text in [
            "void f(int x) { switch (x) { case 1: g(2); break; } }",
            "void f(void) { int a[4]; }",
            "void f(void) { static int k = 3; }",
            "int k = 3;",
            "void f(void) { char *p = 0; }",
            "void f(void) { L: g(3); goto L; }",
            "void f(void) { do { L: g(); } while (h(3)); goto L; }",
            "void f(void) { assert(3); }",
            "#define M(x) #x\nvoid f(void) { M(3); }",
            "void f(void) { const char *s = \"str\"; }",
            "void f(void) { long k = 2147483648; }",
            "void f(void) { wchar_t c = L'a'; }",
        ] {
            assert_no_rewrite(r, Lang::C, text);
        }
        assert_eq!(
            apply_first(r, "void f(void) { double d = 1.5f + 'a'; }").unwrap(),
            "void f(void) { const float v0 = 1.5f; double d = v0 + 'a'; }"
        );
        assert_eq!(c_number_type("0xffffffffu"), Some("unsigned int"));
        assert_eq!(c_number_type("0x80000000"), None);
        assert_eq!(c_number_type("017"), Some("int"));
        assert_eq!(c_number_type("10ul"), Some("unsigned long"));
        assert_eq!(c_number_type("1e3"), Some("double"));
        assert_eq!(c_number_type("0x1e3"), Some("int"));
    }
}
