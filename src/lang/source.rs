//! A parsed program: its text and its tree-sitter tree, kept in step.

use super::scope::Scopes;
use super::Lang;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, OnceLock};
use tree_sitter::{InputEdit, Node, Parser, Point, Tree};

/// Inputs larger than this are refused rather than parsed: code models see a
/// few hundred tokens, and a huge input is almost always a mistake.
pub const MAX_SOURCE_BYTES: usize = 1 << 20;

#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    #[error("input is not UTF-8 text (invalid byte at offset {0})")]
    NotUtf8(usize),
    #[error("input looks binary (NUL byte at offset {0})")]
    Binary(usize),
    #[error("input is {0} bytes; the limit is {MAX_SOURCE_BYTES} bytes")]
    TooLarge(usize),
    #[error("tree-sitter could not parse the input as {0}")]
    Failed(Lang),
    #[error("edit range {start}..{end} is not inside the {len}-byte text or not on a character boundary")]
    BadEdit {
        start: usize,
        end: usize,
        len: usize,
    },
}

/// A replacement of the bytes in `range` by `text`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Edit {
    pub range: Range<usize>,
    pub text: String,
}

impl Edit {
    pub fn new(range: Range<usize>, text: impl Into<String>) -> Self {
        Edit {
            range,
            text: text.into(),
        }
    }

    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit::new(at..at, text)
    }
}

/// Source text with its syntax tree. Immutable: edits make a new `Source`.
#[derive(Clone)]
pub struct Source {
    lang: Lang,
    text: String,
    /// Parsed on first use after an edit: a variant that is only checked
    /// and printed (most fuzzer variants) never pays for its re-parse.
    tree: OnceLock<Tree>,
    /// What an edited source re-parses from: the tree it was edited from
    /// and the edits, for tree-sitter's incremental parse.
    reparse: Option<Arc<Reparse>>,
    /// Computed on first use: several relations look at the same source
    /// (sites, then rewrite), and scope analysis is the costly part.
    scopes: OnceLock<Arc<Scopes>>,
}

struct Reparse {
    old: Tree,
    edits: Vec<InputEdit>,
}

thread_local! {
    // Parsers are reused per thread: creating one per parse costs more than
    // parsing a typical method.
    static PARSERS: RefCell<Vec<(Lang, Parser)>> = const { RefCell::new(Vec::new()) };
}

fn with_parser<T>(lang: Lang, f: impl FnOnce(&mut Parser) -> T) -> T {
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let idx = match parsers.iter().position(|(l, _)| *l == lang) {
            Some(idx) => idx,
            None => {
                let mut parser = Parser::new();
                parser
                    .set_language(&lang.grammar())
                    .expect("bundled grammar matches the tree-sitter ABI");
                parsers.push((lang, parser));
                parsers.len() - 1
            }
        };
        f(&mut parsers[idx].1)
    })
}

impl Source {
    /// Parses text. Syntax errors are not a failure: the tree then holds
    /// ERROR/MISSING nodes, which relations stay away from.
    pub fn parse(lang: Lang, text: impl Into<String>) -> Result<Self, ParseError> {
        let text = text.into();
        if text.len() > MAX_SOURCE_BYTES {
            return Err(ParseError::TooLarge(text.len()));
        }
        if let Some(pos) = text.bytes().position(|b| b == 0) {
            return Err(ParseError::Binary(pos));
        }
        let tree = with_parser(lang, |p| p.parse(&text, None)).ok_or(ParseError::Failed(lang))?;
        Ok(Source {
            lang,
            text,
            tree: OnceLock::from(tree),
            reparse: None,
            scopes: OnceLock::new(),
        })
    }

    /// Checks that raw bytes are UTF-8 text, then parses them.
    pub fn from_bytes(lang: Lang, bytes: Vec<u8>) -> Result<Self, ParseError> {
        let text = String::from_utf8(bytes)
            .map_err(|e| ParseError::NotUtf8(e.utf8_error().valid_up_to()))?;
        Source::parse(lang, text)
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text
    }

    pub fn tree(&self) -> &Tree {
        self.tree.get_or_init(|| {
            let reparse = self
                .reparse
                .as_ref()
                .expect("a source without a tree was made by an edit");
            let mut old = reparse.old.clone();
            for edit in &reparse.edits {
                old.edit(edit);
            }
            // tree-sitter fails only when cancelled or timed out, and no
            // parser here has a timeout; the first parse of this text's
            // ancestor succeeded with the same grammar.
            with_parser(self.lang, |p| p.parse(&self.text, Some(&old)))
                .expect("tree-sitter re-parses without a timeout")
        })
    }

    pub fn root(&self) -> Node<'_> {
        self.tree().root_node()
    }

    pub fn node_text(&self, node: Node) -> &str {
        &self.text[node.byte_range()]
    }

    /// Declarations, uses and scopes of this text, analysed once.
    pub fn scopes(&self) -> &Scopes {
        self.scopes.get_or_init(|| Arc::new(Scopes::analyze(self)))
    }

    /// Number of ERROR and MISSING nodes in the tree.
    pub fn error_count(&self) -> usize {
        count_errors(self.root())
    }

    /// Applies non-overlapping edits. The new tree is parsed incrementally
    /// from this one when first asked for.
    pub fn edit(&self, edits: &[Edit]) -> Result<Source, ParseError> {
        let mut order: Vec<&Edit> = edits.iter().collect();
        order.sort_by_key(|e| (e.range.start, e.range.end));
        for pair in order.windows(2) {
            if pair[0].range.end > pair[1].range.start {
                return Err(ParseError::BadEdit {
                    start: pair[1].range.start,
                    end: pair[1].range.end,
                    len: self.text.len(),
                });
            }
        }
        let mut text = self.text.clone();
        let mut input_edits = Vec::with_capacity(order.len());
        // Back to front, so earlier byte offsets stay valid.
        for edit in order.iter().rev() {
            let Range { start, end } = edit.range.clone();
            if start > end
                || end > text.len()
                || !text.is_char_boundary(start)
                || !text.is_char_boundary(end)
            {
                return Err(ParseError::BadEdit {
                    start,
                    end,
                    len: self.text.len(),
                });
            }
            // One scan up to the edit; the end points only look at the
            // replaced and the inserted text.
            let start_position = point_at(&text, start);
            let old_end_position = advance(start_position, &text.as_bytes()[start..end]);
            let new_end_position = advance(start_position, edit.text.as_bytes());
            text.replace_range(start..end, &edit.text);
            input_edits.push(InputEdit {
                start_byte: start,
                old_end_byte: end,
                new_end_byte: start + edit.text.len(),
                start_position,
                old_end_position,
                new_end_position,
            });
        }
        if text.len() > MAX_SOURCE_BYTES {
            return Err(ParseError::TooLarge(text.len()));
        }
        Ok(Source {
            lang: self.lang,
            text,
            tree: OnceLock::new(),
            reparse: Some(Arc::new(Reparse {
                old: self.tree().clone(),
                edits: input_edits,
            })),
            scopes: OnceLock::new(),
        })
    }
}

fn point_at(text: &str, byte: usize) -> Point {
    advance(Point { row: 0, column: 0 }, &text.as_bytes()[..byte])
}

/// The point reached from `from` after the bytes `passed`.
fn advance(from: Point, passed: &[u8]) -> Point {
    match passed.iter().rposition(|&b| b == b'\n') {
        Some(last) => Point {
            row: from.row + passed.iter().filter(|&&b| b == b'\n').count(),
            column: passed.len() - last - 1,
        },
        None => Point {
            row: from.row,
            column: from.column + passed.len(),
        },
    }
}

fn count_errors(node: Node) -> usize {
    if !node.has_error() {
        return 0;
    }
    let own = usize::from(node.is_error() || node.is_missing());
    let mut cursor = node.walk();
    own + node.children(&mut cursor).map(count_errors).sum::<usize>()
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Source")
            .field("lang", &self.lang)
            .field("text", &self.text)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advance_from_any_point_agrees_with_a_scan_from_the_start() {
        let text = "int f() {\n  a = 1;\n\n  return a;\n}";
        let naive = |byte: usize| {
            let before = &text[..byte];
            let row = before.matches('\n').count();
            let column = byte - before.rfind('\n').map_or(0, |i| i + 1);
            Point { row, column }
        };
        for start in 0..=text.len() {
            assert_eq!(point_at(text, start), naive(start));
            for end in start..=text.len() {
                let from = point_at(text, start);
                assert_eq!(advance(from, &text.as_bytes()[start..end]), naive(end));
            }
        }
    }
}
