//! Uniquely named copies of a method or function, so many variants can sit
//! beside the original in one compilation unit.

use metacompress::lang::{syntax, Lang, Source};
use std::ops::Range;
use tree_sitter::Node;

/// Replaces every whole-word occurrence of `word` (identifier boundaries).
pub fn replace_word(text: &str, word: &str, with: &str) -> String {
    let is_part = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut prev: Option<char> = None;
    while let Some(pos) = rest.find(word) {
        let before = rest[..pos].chars().next_back().or(prev);
        let after = rest[pos + word.len()..].chars().next();
        out.push_str(&rest[..pos]);
        if before.is_some_and(is_part) || after.is_some_and(is_part) {
            out.push_str(word);
        } else {
            out.push_str(with);
        }
        prev = word.chars().next_back();
        rest = &rest[pos + word.len()..];
    }
    out.push_str(rest);
    out
}

/// The outermost method (Java) or function definition (C) of a text.
fn declaration<'a>(src: &'a Source) -> Option<Node<'a>> {
    let kind = match src.lang() {
        Lang::Java => "method_declaration",
        Lang::C => "function_definition",
    };
    syntax::descendants(src.root()).find(|n| n.kind() == kind)
}

/// The declared name of a method or function definition.
fn name_node(decl: Node) -> Option<Node> {
    if decl.kind() == "method_declaration" {
        return decl.child_by_field_name("name");
    }
    let mut node = decl.child_by_field_name("declarator")?;
    while node.kind() != "identifier" {
        node = match node.child_by_field_name("declarator") {
            Some(inner) => inner,
            // `(f)(args)` style declarators wrap the name without a field.
            None => node.named_child(0)?,
        };
    }
    Some(node)
}

/// The name a text declares (its first method or function).
pub fn declared_name(lang: Lang, text: &str) -> Option<String> {
    let src = Source::parse(lang, text).ok()?;
    let decl = declaration(&src)?;
    Some(src.node_text(name_node(decl)?).to_string())
}

/// `variant` with its method/function renamed to `unique` and, in Java,
/// without `@Override` (the copy overrides nothing). When a relation renamed
/// the method itself (its new name is fresh), every use of that name is
/// renamed too, so recursive calls still reach the copy.
pub fn renamed_copy(
    lang: Lang,
    variant: &str,
    original: &str,
    unique: &str,
) -> Result<String, String> {
    let src = Source::parse(lang, variant).map_err(|e| e.to_string())?;
    let decl = declaration(&src).ok_or("the variant has no method or function declaration")?;
    let name = name_node(decl).ok_or("the declaration has no name")?;
    let declared = src.node_text(name).to_string();
    let mut edits: Vec<(Range<usize>, &str)> = vec![(name.byte_range(), unique)];
    if let Some(modifiers) = (0..decl.named_child_count())
        .filter_map(|i| decl.named_child(i as _))
        .find(|n| n.kind() == "modifiers")
    {
        let mut cursor = modifiers.walk();
        for annotation in modifiers.named_children(&mut cursor) {
            let is_override = annotation.kind() == "marker_annotation"
                && annotation
                    .child_by_field_name("name")
                    .is_some_and(|n| src.node_text(n) == "Override");
            if is_override {
                edits.push((annotation.byte_range(), ""));
            }
        }
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut text = variant.to_string();
    for (range, with) in edits {
        text.replace_range(range, with);
    }
    if declared != original {
        text = replace_word(&text, &declared, unique);
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert_eq!(
            replace_word("i int if i+i_ (i)", "i", "k"),
            "k int if k+i_ (k)"
        );
    }
}
