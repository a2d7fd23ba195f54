//! Cheap proofs that a variant of an error-free text has no syntax error,
//! so that `apply` need not re-parse the whole variant. Where neither proof's
//! conditions hold, the caller parses the whole variant.
//!
//! Renames: every edit replaces a whole identifier token by another word
//! that is no keyword of the grammar, between characters that end any token
//! (see [`renames_only`]). The lexer then reads an identifier again at the
//! same place from the same parser state, every other token stays as it was,
//! so the parser takes the same actions and builds the same tree shape.
//!
//! Regions: re-parse only the statements the edits touch, as a block of
//! their own. Why an error-free region means an error-free variant. The edits lie in a
//! run of block items `[a, b)` of one statement list `L` (a Java `block`, a
//! C `compound_statement`), strictly inside its braces, and the variant is
//! `prefix + R' + suffix` with `prefix` and `suffix` unchanged.
//! - Tokens of the prefix stay as they were: these grammars have no external
//!   scanner, and the one token whose lexing reads far ahead is a block
//!   comment, which tree-sitter gives up as `/` `*` when no `*/` follows; a
//!   `*/` in `R'` would turn it into a comment. So no stray `/*` may precede
//!   the region (and none may be in `R'`, whose `*/`-less opener would reach
//!   into the suffix). The prefix ends in whitespace, `{`, `;` or `}`, which
//!   no token extends, so its last token cannot fuse with `R'`.
//! - `R'` ends in `;` or `}` (or is empty), which no token extends either,
//!   so the suffix is lexed as before, from the same parser state: after a
//!   complete item of `L`.
//! - Between its braces, `L` is the same rule in every context (Java
//!   `repeat(statement)`, C `repeat(_block_item)`): the wrapper `{ R' }`
//!   parses `R'` from the same state as the variant does, so `R'` parsing
//!   into complete items without error there means it does in the variant.
//!
//! The fuzz target and the test helpers parse every accepted variant in full
//! as well, so a hole in this argument shows up as a failure.

use crate::lang::{self as names, Edit, Lang, Source};
use std::collections::HashSet;
use std::sync::OnceLock;
use tree_sitter::Node;

/// Whether re-parsing the edited region proves that `variant` (the text of
/// `src` after `edits`) has no syntax error. `false` means "not proven":
/// parse the whole variant.
pub(super) fn proves_clean(src: &Source, edits: &[Edit], variant: &Source) -> bool {
    if src.root().has_error() || edits.is_empty() {
        return false;
    }
    if renames_only(src, edits) {
        return true;
    }
    let lo = edits.iter().map(|e| e.range.start).min().unwrap_or(0);
    let hi = edits.iter().map(|e| e.range.end).max().unwrap_or(0);
    let Some((a, b)) = item_run(src, lo, hi) else {
        return false;
    };
    let text = src.text();
    // Parsing from scratch costs about four times as much per byte as the
    // incremental parse of the whole variant (measured on the fixtures).
    if 4 * (b - a) > text.len() {
        return false;
    }
    if a > 0
        && !matches!(
            text.as_bytes()[a - 1],
            b' ' | b'\t' | b'\n' | b'\r' | b'{' | b';' | b'}'
        )
    {
        return false;
    }
    let grown: isize = edits
        .iter()
        .map(|e| e.text.len() as isize - e.range.len() as isize)
        .sum();
    let Some(new_end) = b.checked_add_signed(grown) else {
        return false;
    };
    let Some(region) = variant.text().get(a..new_end) else {
        return false;
    };
    let trimmed = region.trim_end();
    if !(trimmed.is_empty() || trimmed.ends_with(';') || trimmed.ends_with('}')) {
        return false;
    }
    if crate::lang::syntax::has_stray_comment_opener(src, 0..a) {
        return false;
    }
    parses_as_items(src.lang(), region)
}

/// Whether every edit replaces a whole identifier token by a word the lexer
/// also reads as an identifier, with neighbours that no identifier extends.
fn renames_only(src: &Source, edits: &[Edit]) -> bool {
    let lang = src.lang();
    let text = src.text().as_bytes();
    edits.iter().all(|edit| {
        let (start, end) = (edit.range.start, edit.range.end);
        let token = src.root().descendant_for_byte_range(start, end);
        token.is_some_and(|t| {
            t.child_count() == 0
                && t.grammar_name() == "identifier"
                && t.start_byte() == start
                && t.end_byte() == end
        }) && names::is_identifier(lang, &edit.text)
            && !grammar_words(lang).contains(edit.text.as_str())
            && start > 0
            && ends_tokens(text[start - 1])
            // `1.e`: a number could have read on into the name.
            && !(text[start - 1] == b'.' && start > 1 && text[start - 2].is_ascii_digit())
            // C `L"…"`, `u8'…'`: a prefix glued to a literal is the literal.
            && text.get(end).is_none_or(|&c| ends_tokens(c))
    })
}

/// Characters that end a word and start no literal: whitespace and the
/// operator and bracket characters.
fn ends_tokens(c: u8) -> bool {
    c.is_ascii_whitespace() || b"(){}[];,=+-*/%<>!&|^~?:.".contains(&c)
}

/// Every word-shaped node kind of the grammar (keywords such as C `nullptr`
/// that the language's reserved words do not list, and some harmless
/// internal names): a new name among them is not proven an identifier.
fn grammar_words(lang: Lang) -> &'static HashSet<&'static str> {
    static JAVA: OnceLock<HashSet<&'static str>> = OnceLock::new();
    static C: OnceLock<HashSet<&'static str>> = OnceLock::new();
    let cell = match lang {
        Lang::Java => &JAVA,
        Lang::C => &C,
    };
    cell.get_or_init(|| {
        let grammar = lang.grammar();
        (0..grammar.node_kind_count())
            .filter_map(|id| u16::try_from(id).ok())
            .filter_map(|id| grammar.node_kind_for_id(id))
            .filter(|kind| {
                kind.bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b'_' || c == b'$')
            })
            .collect()
    })
}

/// The region `[a, b)` to re-parse: within the innermost statement list
/// whose braces enclose `lo..hi`, the span from `lo` to `hi` widened to the
/// whole children it cuts.
fn item_run(src: &Source, lo: usize, hi: usize) -> Option<(usize, usize)> {
    let lang = src.lang();
    let mut cursor = src.root().walk();
    let mut run = None;
    loop {
        let node = cursor.node();
        if is_item_list(lang, node) && node.start_byte() < lo && hi < node.end_byte() {
            run = Some(widen(node, lo, hi));
        }
        if cursor.goto_first_child_for_byte(lo).is_none() {
            break;
        }
        let child = cursor.node();
        if child.start_byte() > lo || child.end_byte() < hi {
            break;
        }
    }
    run
}

fn widen(list: Node, lo: usize, hi: usize) -> (usize, usize) {
    let (mut a, mut b) = (lo, hi);
    let mut cursor = list.walk();
    for child in list.children(&mut cursor) {
        if child.start_byte() < lo && lo < child.end_byte() {
            a = child.start_byte();
        }
        if child.start_byte() < hi && hi < child.end_byte() {
            b = child.end_byte();
        }
    }
    (a, b)
}

/// Statement lists whose contents are one grammar rule in every context.
fn is_item_list(lang: Lang, node: Node) -> bool {
    match lang {
        Lang::Java => node.kind() == "block",
        Lang::C => node.kind() == "compound_statement",
    }
}

/// Whether `region` parses, as a block of its own, into complete items with
/// no ERROR/MISSING node and no stray `/*`.
fn parses_as_items(lang: Lang, region: &str) -> bool {
    // A block is a whole program in both grammars (Java `program` holds
    // statements, C `translation_unit` top-level statements).
    let Ok(parsed) = Source::parse(lang, format!("{{\n{region}\n}}")) else {
        return false;
    };
    let root = parsed.root();
    // One list spanning the whole text: `R'` did not close it early.
    !root.has_error()
        && root.named_child_count() == 1
        && root.named_child(0).is_some_and(|body| {
            is_item_list(lang, body)
                && body.start_byte() == 0
                && body.end_byte() == parsed.text().len()
        })
        && !crate::lang::syntax::has_stray_comment_opener(&parsed, 2..2 + region.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(lang: Lang, text: &str, edits: &[Edit]) -> (bool, usize) {
        let src = Source::parse(lang, text).unwrap();
        assert_eq!(src.error_count(), 0, "{text}");
        let variant = src.edit(edits).unwrap();
        (proves_clean(&src, edits, &variant), variant.error_count())
    }

    const C: &str = "int f(int a) {\n    int b = 0;\n    if (a) {\n        b = a * 2;\n        b++;\n    }\n    return b;\n}\n";

    fn at(text: &str, needle: &str) -> usize {
        text.find(needle).unwrap()
    }

    #[test]
    fn a_clean_local_edit_is_proven_without_the_full_parse() {
        let s = at(C, "a * 2");
        let (proven, errors) = check(Lang::C, C, &[Edit::new(s..s + 5, "2 * a")]);
        assert!(proven);
        assert_eq!(errors, 0);
        let java = "class A { int f(int a) {\n  int b = 0;\n  while (a > 0) {\n    b += a;\n    a--;\n  }\n  return b;\n} }";
        let s = at(java, "b += a;");
        let (proven, errors) = check(Lang::Java, java, &[Edit::insert(s, "int v0 = 1;\n    ")]);
        assert!(proven);
        assert_eq!(errors, 0);
    }

    #[test]
    fn renames_to_identifiers_are_proven_and_to_keywords_are_not() {
        let s = at(C, "b = a * 2");
        let (proven, errors) = check(Lang::C, C, &[Edit::new(s..s + 1, "v0")]);
        assert!(proven);
        assert_eq!(errors, 0);
        // `nullptr` is a keyword to tree-sitter-c, not a reserved C89 word.
        for word in ["nullptr", "int", "v0 v1", "2x"] {
            let src = Source::parse(Lang::C, C).unwrap();
            let s = at(C, "b++");
            assert!(!renames_only(&src, &[Edit::new(s..s + 1, word)]), "{word}");
        }
        // A name glued to a string literal: `L"…"` is a wide string.
        let text = "int f(char *x) {\n    g(x\"s\");\n    return 0;\n}\n";
        let src = Source::parse(Lang::C, text).unwrap();
        let s = at(text, "x\"");
        assert!(!renames_only(&src, &[Edit::new(s..s + 1, "L")]));
    }

    #[test]
    fn a_broken_region_is_never_proven() {
        for (needle, replacement) in [
            ("b++;", "b++"),
            ("b++;", "b++; }"),
            ("b = a * 2;", "b = (a * 2;"),
        ] {
            let s = at(C, needle);
            let (proven, errors) =
                check(Lang::C, C, &[Edit::new(s..s + needle.len(), replacement)]);
            assert!(!proven, "{replacement}");
            assert!(errors > 0, "{replacement}");
        }
    }

    #[test]
    fn a_closer_for_an_earlier_stray_opener_is_left_to_the_full_parse() {
        let text = "int f(int a, int *p) {\n    a = a /*p;\n    if (a) {\n        a++;\n        a--;\n    }\n    return a;\n}\n";
        let s = at(text, "a--;");
        let (proven, errors) = check(Lang::C, text, &[Edit::insert(s, "/* x */ ")]);
        assert!(!proven);
        assert!(errors > 0);
        // An opener in the region itself would reach into the suffix.
        let text = "int f(int a, int *p) {\n    if (a) {\n        a++;\n    }\n    return a; /* done */\n}\n";
        let s = at(text, "a++;");
        let (proven, _) = check(Lang::C, text, &[Edit::new(s..s + 4, "a = a /*p;")]);
        assert!(!proven);
    }
}
