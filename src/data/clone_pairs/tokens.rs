//! The lexical view of a method that labels are computed from: its
//! identifier-normalised token sequence (identifiers → `ID`, literals → their
//! kind, keywords and operators kept, comments dropped) and its shape (which
//! statements it holds).
use std::collections::HashMap;
use tree_sitter::Node;

/// A token of the normalised sequence, interned by a [`Symbols`] table.
pub type Symbol = u16;

/// Interns normalised token texts; one table serves a whole build so that
/// equal tokens have equal symbols across methods.
#[derive(Default)]
pub struct Symbols {
    ids: HashMap<String, Symbol>,
}

impl Symbols {
    fn intern(&mut self, text: &str) -> Symbol {
        if let Some(&id) = self.ids.get(text) {
            return id;
        }
        // Java has about 130 distinct keywords, operators and literal kinds
        // (and the sources here about 5,000 distinct trigrams of them), so
        // tables stay below u16::MAX; saturating keeps a pathological input
        // from wrapping into another symbol.
        let id = Symbol::try_from(self.ids.len()).unwrap_or(Symbol::MAX);
        self.ids.insert(text.to_string(), id);
        id
    }
}

/// Interns token trigrams; one table serves a whole build.
#[derive(Default)]
pub struct Trigrams {
    ids: HashMap<[Symbol; 3], Symbol>,
}

impl Trigrams {
    /// The trigram sequence of a token sequence (empty for fewer than 3
    /// tokens).
    pub fn of(&mut self, tokens: &[Symbol]) -> Vec<Symbol> {
        tokens
            .windows(3)
            .map(|w| {
                let next = Symbol::try_from(self.ids.len()).unwrap_or(Symbol::MAX);
                *self.ids.entry([w[0], w[1], w[2]]).or_insert(next)
            })
            .collect()
    }
}

/// The normalised token of a leaf (or of an atomic literal), `None` for
/// comments, which do not count.
fn normalised(node: Node) -> Option<&'static str> {
    Some(match node.kind() {
        "line_comment" | "block_comment" => return None,
        "identifier" | "type_identifier" => "ID",
        "decimal_integer_literal"
        | "hex_integer_literal"
        | "octal_integer_literal"
        | "binary_integer_literal" => "INT",
        "decimal_floating_point_literal" | "hex_floating_point_literal" => "FLOAT",
        "string_literal" | "text_block" => "STR",
        "character_literal" => "CHAR",
        "true" | "false" => "BOOL",
        // Keywords, operators and punctuation: the grammar names these
        // leaves after their text (`if`, `+=`, `int`, `null_literal`, …).
        other => other,
    })
}

/// Kinds whose node is one token even though tree-sitter gives it children.
fn is_atomic(kind: &str) -> bool {
    matches!(kind, "string_literal" | "text_block" | "character_literal")
}

/// The normalised token sequence of `node`.
pub fn normalised_tokens(node: Node, symbols: &mut Symbols) -> Vec<Symbol> {
    let mut out = Vec::new();
    let mut cursor = node.walk();
    let mut descend = true;
    loop {
        let current = cursor.node();
        if descend {
            let atomic = is_atomic(current.kind());
            if atomic || current.child_count() == 0 {
                if let Some(token) = normalised(current) {
                    out.push(symbols.intern(token));
                }
            } else if cursor.goto_first_child() {
                continue;
            }
        }
        if cursor.node() == node {
            break;
        }
        if cursor.goto_next_sibling() {
            descend = true;
            continue;
        }
        if !cursor.goto_parent() || cursor.node() == node {
            break;
        }
        descend = false;
    }
    out
}

/// Statement kinds that make up a method's shape, each a bit of
/// [`Shape::kinds`]. Loops share a bit: a `for` and a `while` doing the same
/// thing are the same shape.
const SHAPE_KINDS: [(&str, u16); 14] = [
    ("if_statement", 1 << 0),
    ("for_statement", 1 << 1),
    ("enhanced_for_statement", 1 << 1),
    ("while_statement", 1 << 1),
    ("do_statement", 1 << 1),
    ("switch_expression", 1 << 2),
    ("try_statement", 1 << 3),
    ("try_with_resources_statement", 1 << 3),
    ("return_statement", 1 << 4),
    ("throw_statement", 1 << 5),
    ("local_variable_declaration", 1 << 6),
    ("expression_statement", 1 << 7),
    ("synchronized_statement", 1 << 8),
    ("assert_statement", 1 << 9),
];

/// Other statement kinds: counted, but not part of the shape bits.
const OTHER_STATEMENTS: [&str; 5] = [
    "break_statement",
    "continue_statement",
    "yield_statement",
    "labeled_statement",
    "local_class_declaration",
];

/// Which kinds of statements a method body holds, and how many statements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Shape {
    pub kinds: u16,
    pub statements: usize,
}

/// The shape of a method body (nested statements included).
pub fn shape(body: Node) -> Shape {
    let mut shape = Shape::default();
    for node in crate::lang::syntax::descendants(body) {
        let kind = node.kind();
        if let Some((_, bit)) = SHAPE_KINDS.iter().find(|(k, _)| *k == kind) {
            shape.kinds |= bit;
            shape.statements += 1;
        } else if OTHER_STATEMENTS.contains(&kind) {
            shape.statements += 1;
        }
    }
    shape
}
