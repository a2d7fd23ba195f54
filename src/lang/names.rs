//! Identifier rules of each language.

use super::Lang;
use std::collections::HashSet;

const JAVA_RESERVED: &[&str] = &[
    "abstract",
    "assert",
    "boolean",
    "break",
    "byte",
    "case",
    "catch",
    "char",
    "class",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extends",
    "final",
    "finally",
    "float",
    "for",
    "goto",
    "if",
    "implements",
    "import",
    "instanceof",
    "int",
    "interface",
    "long",
    "native",
    "new",
    "package",
    "private",
    "protected",
    "public",
    "return",
    "short",
    "static",
    "strictfp",
    "super",
    "switch",
    "synchronized",
    "this",
    "throw",
    "throws",
    "transient",
    "try",
    "void",
    "volatile",
    "while",
    "true",
    "false",
    "null",
    "_",
    // Contextual keywords: legal as names in places, but a rename to one of
    // them would be fragile for no gain.
    "var",
    "yield",
    "record",
    "sealed",
    "permits",
    "non-sealed",
    "when",
    "module",
    "open",
    "exports",
    "requires",
];

const C_RESERVED: &[&str] = &[
    "auto",
    "break",
    "case",
    "char",
    "const",
    "continue",
    "default",
    "do",
    "double",
    "else",
    "enum",
    "extern",
    "float",
    "for",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "register",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "struct",
    "switch",
    "typedef",
    "union",
    "unsigned",
    "void",
    "volatile",
    "while",
    "_Alignas",
    "_Alignof",
    "_Atomic",
    "_Bool",
    "_Complex",
    "_Generic",
    "_Imaginary",
    "_Noreturn",
    "_Static_assert",
    "_Thread_local",
    // Names from the standard headers that a variant must not shadow even
    // when the function text does not mention them (macros expand to them).
    "NULL",
    "bool",
    "true",
    "false",
    "errno",
    "stdin",
    "stdout",
    "stderr",
    "main",
    "asm",
    "typeof",
    "__asm__",
    "__attribute__",
    "__typeof__",
    "__inline",
    "__restrict",
];

pub fn is_reserved(lang: Lang, name: &str) -> bool {
    match lang {
        Lang::Java => JAVA_RESERVED.contains(&name),
        Lang::C => C_RESERVED.contains(&name),
    }
}

/// Whether `name` can be declared as a variable in `lang`.
pub fn is_identifier(lang: Lang, name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let starts_ok =
        first.is_ascii_alphabetic() || first == '_' || (lang == Lang::Java && first == '$');
    let rest_ok =
        chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || (lang == Lang::Java && c == '$'));
    // C reserves names that start with `__` or `_` + capital for the
    // implementation.
    let c_implementation_name = lang == Lang::C
        && (name.starts_with("__")
            || name.starts_with('_') && name[1..].starts_with(|c: char| c.is_ascii_uppercase()));
    starts_ok && rest_ok && !c_implementation_name && !is_reserved(lang, name)
}

/// Every identifier-shaped word of a text, comments and strings included: a
/// conservative set of names a new identifier must not collide with.
pub fn words(text: &str) -> HashSet<&str> {
    let bytes = text.as_bytes();
    let is_start = |b: u8| b.is_ascii_alphabetic() || b == b'_' || b == b'$';
    let is_part = |b: u8| is_start(b) || b.is_ascii_digit();
    let mut words = HashSet::new();
    let mut i = 0;
    while i < bytes.len() {
        if is_start(bytes[i]) && (i == 0 || !is_part(bytes[i - 1])) {
            let start = i;
            while i < bytes.len() && is_part(bytes[i]) {
                i += 1;
            }
            words.insert(&text[start..i]);
        } else {
            i += 1;
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_and_malformed_names_are_not_identifiers() {
        assert!(!is_identifier(Lang::Java, "int"));
        assert!(!is_identifier(Lang::Java, "9lives"));
        assert!(!is_identifier(Lang::C, "__x"));
        assert!(is_identifier(Lang::Java, "$tmp"));
        assert!(!is_identifier(Lang::C, "$tmp"));
        assert!(is_identifier(Lang::C, "count_2"));
    }

    #[test]
    fn words_skip_digits_inside_numbers() {
        let w = words("int x1 = 0x1F + y; // note");
        assert!(w.contains("x1") && w.contains("y") && w.contains("note") && w.contains("int"));
        assert!(!w.contains("x1F"));
    }
}
