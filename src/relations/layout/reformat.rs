//! Whitespace-only layout changes: another indentation unit, or opening
//! braces moved onto their own line or back. Every token stays as it was;
//! whitespace inside literals, comments and C preprocessor lines is never
//! touched.

use super::inside_preprocessor;
use crate::lang::{syntax, Edit, Lang, Source};
use crate::relations::gaps::is_comment;
use crate::relations::{Choices, Decline, Example, RelationDef, Rule, Site};
use tree_sitter::Node;

/// Indentation units a variant may switch to.
const UNITS: &[&str] = &["  ", "    ", "\t", "   ", "        "];

/// Columns of a tab when measuring indentation.
const TAB_WIDTH: usize = 4;

/// Parents of the `{` tokens the brace variants move.
const BRACE_OWNERS: &[&str] = &[
    "block",
    "constructor_body",
    "class_body",
    "interface_body",
    "enum_body",
    "switch_block",
    "compound_statement",
    "field_declaration_list",
];

struct Reformat {
    lang: Lang,
}

/// Whether byte `at` lies in text whose whitespace carries meaning or must
/// stay put: a string or character literal, a comment, a preprocessor line.
/// `has_hash` says whether the text has a `#` at all: without one there is
/// no preprocessor construct to look for.
fn is_protected(lang: Lang, root: Node, at: usize, has_hash: bool) -> bool {
    let Some(node) = root.descendant_for_byte_range(at, at) else {
        return true;
    };
    let strictly_inside = node.start_byte() < at;
    if !strictly_inside && !has_hash {
        return false;
    }
    // One walk up for both questions: each `parent()` walks down from the root.
    std::iter::successors(Some(node), |n| n.parent()).any(|n| {
        let literal = matches!(
            n.kind(),
            "string_literal" | "character_literal" | "char_literal" | "text_block"
        ) || is_comment(lang, n);
        literal && strictly_inside || n.kind().starts_with("preproc")
    })
}

fn width(indent: &str) -> usize {
    indent.chars().fold(0, |w, c| {
        if c == '\t' {
            (w / TAB_WIDTH + 1) * TAB_WIDTH
        } else {
            w + 1
        }
    })
}

impl Reformat {
    /// Starts of the lines in `node` whose indentation may change, with
    /// that indentation.
    fn indented_lines<'a>(&self, src: &'a Source, node: Node) -> Vec<(usize, &'a str)> {
        let text = src.text();
        let has_hash = text.contains('#');
        let first = text[..node.start_byte()].rfind('\n').map_or(0, |i| i + 1);
        let mut starts = vec![first];
        starts.extend(
            text[first..node.end_byte()]
                .match_indices('\n')
                .map(|(i, _)| first + i + 1),
        );
        starts
            .into_iter()
            .filter(|&start| start < node.end_byte())
            // A line after a backslash continues the line before.
            .filter(|&start| !text[..start].trim_end_matches(['\n', '\r']).ends_with('\\'))
            .filter_map(|start| {
                let indent = syntax::line_indent(text, start);
                let rest = &text[start + indent.len()..];
                // Blank lines have nothing to indent; `#` lines are left alone.
                let blank = rest.is_empty() || rest.starts_with(['\n', '\r', '#']);
                (!indent.is_empty()
                    && !blank
                    && !is_protected(self.lang, src.root(), start, has_hash))
                .then_some((start, indent))
            })
            .collect()
    }

    /// Re-indents with `unit` per level; the level is the indentation width
    /// over the smallest width in use, and odd extra columns are kept.
    fn reindent(lines: &[(usize, &str)], unit: &str) -> Vec<Edit> {
        let Some(step) = lines.iter().map(|(_, i)| width(i)).filter(|&w| w > 0).min() else {
            return Vec::new();
        };
        lines
            .iter()
            .filter_map(|&(start, indent)| {
                let w = width(indent);
                let new = format!("{}{}", unit.repeat(w / step), " ".repeat(w % step));
                (new != indent).then(|| Edit::new(start..start + indent.len(), new))
            })
            .collect()
    }

    fn opening_braces<'a>(&self, node: Node<'a>) -> Vec<Node<'a>> {
        // The site's own parent is never asked: a site is never a `{` token.
        syntax::descendants_with_parent(node)
            .filter(|(n, _)| n.kind() == "{")
            .filter(|(_, p)| p.is_some_and(|p| BRACE_OWNERS.contains(&p.kind())))
            .map(|(n, _)| n)
            .collect()
    }

    /// `) {` → `)` + newline + `{`, the brace indented like its header line.
    fn braces_to_own_line(&self, src: &Source, node: Node) -> Vec<Edit> {
        let text = src.text();
        self.opening_braces(node)
            .into_iter()
            .filter_map(|brace| {
                let at = brace.start_byte();
                let before = text[..at].trim_end_matches([' ', '\t']);
                // Only a brace that follows a token on the same line.
                if !before.ends_with(|c: char| !c.is_whitespace()) {
                    return None;
                }
                let indent = syntax::line_indent(text, at);
                Some(Edit::new(before.len()..at, format!("\n{indent}")))
            })
            .collect()
    }

    /// A `{` alone at the start of its line goes back to the end of the line
    /// before, unless that line ends in a comment or a preprocessor line.
    fn braces_to_header_line(&self, src: &Source, node: Node) -> Vec<Edit> {
        let text = src.text();
        self.opening_braces(node)
            .into_iter()
            .filter_map(|brace| {
                let at = brace.start_byte();
                let before = text[..at].trim_end();
                let gap = &text[before.len()..at];
                let prev = before.len().checked_sub(1)?;
                let prev_leaf = src.root().descendant_for_byte_range(prev, prev + 1)?;
                let line_start = text[..at].rfind('\n')?;
                let alone = text[line_start..at].trim().is_empty() && gap.contains('\n');
                let movable = alone
                    && !is_comment(self.lang, prev_leaf)
                    && !prev_leaf.kind().starts_with("preproc")
                    && !inside_preprocessor(src, prev_leaf)
                    && !before.ends_with('\\');
                movable.then(|| Edit::new(before.len()..at, " "))
            })
            .collect()
    }

    /// Every variant that changes something, in a fixed order.
    fn variants(&self, src: &Source, node: Node) -> Vec<Vec<Edit>> {
        let lines = self.indented_lines(src, node);
        let mut variants: Vec<Vec<Edit>> = UNITS
            .iter()
            .map(|unit| Self::reindent(&lines, unit))
            .collect();
        variants.push(self.braces_to_own_line(src, node));
        variants.push(self.braces_to_header_line(src, node));
        variants.retain(|edits| !edits.is_empty());
        variants
    }

    fn is_site(&self, node: Node) -> bool {
        node.is_named()
            && !is_comment(self.lang, node)
            && !node.kind().starts_with("preproc")
            && syntax::is_clean(node)
    }
}

pub(super) const REFORMAT: RelationDef = RelationDef {
    name: "reformat",
    description: "change whitespace only: another indentation unit, or opening braces on their own line or back",
    examples: &Example {
        before: "int f(int a) {\n    if (a > 0) {\n        a--;\n    }\n    return a;\n}",
        after: "int f(int a) {\n        if (a > 0) {\n                a--;\n        }\n        return a;\n}",
    }
    .in_every_lang(),
    rule: |lang| Box::new(Reformat { lang }),
};

impl Rule for Reformat {
    /// Each top-level declaration is a site (a seed is usually one method).
    fn sites(&self, src: &Source) -> Vec<Site> {
        let root = src.root();
        let mut cursor = root.walk();
        root.children(&mut cursor)
            .filter(|n| self.is_site(*n))
            .map(Site::of)
            .collect()
    }

    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        let node = site.node(src)?;
        if !self.is_site(node) {
            return Err(Decline::new("not a clean top-level declaration"));
        }
        let mut variants = self.variants(src, node);
        let index = choices.pick("variant", variants.len())?;
        Ok(variants.swap_remove(index))
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::relations::testing::{all_variants, check_example, tokens};

    #[test]
    fn examples_match() {
        check_example("java.reformat");
        check_example("c.reformat");
    }

    const JAVA: &str = "class A {
    String f(int a) {
        String s = \"\"\"
            keep   this
              layout
            \"\"\";
        /* a comment
               with its own layout */
        if (a > 0)
        {
            return s;
        }
        return g(a,
                 a);
    }
}";

    #[test]
    fn java_variants_keep_tokens_literals_and_comments() {
        let variants = all_variants("java.reformat", JAVA);
        assert!(variants.len() > 1);
        for variant in variants {
            assert_eq!(tokens(Lang::Java, &variant), tokens(Lang::Java, JAVA));
            assert!(
                variant.contains(
                    "\"\"\"\n            keep   this\n              layout\n            \"\"\";"
                ),
                "{variant}"
            );
            assert!(
                variant.contains("/* a comment\n               with its own layout */"),
                "{variant}"
            );
        }
    }

    const C: &str = "int f(int a) {
#define TWICE(x) \\
        ((x) + \\
         (x))
    if (a > 0) {
        return TWICE(a);
    }
    return 0;
}";

    #[test]
    fn c_variants_never_touch_preprocessor_lines() {
        let variants = all_variants("c.reformat", C);
        assert!(variants.len() > 1);
        for variant in variants {
            assert_eq!(tokens(Lang::C, &variant), tokens(Lang::C, C));
            assert!(
                variant.contains("\n#define TWICE(x) \\\n        ((x) + \\\n         (x))\n"),
                "{variant}"
            );
        }
    }

    #[test]
    fn brace_variants_move_braces_both_ways() {
        let variants = all_variants("java.reformat", JAVA);
        assert!(variants.iter().any(|v| v.contains("if (a > 0) {\n")));
        assert!(variants.iter().any(|v| v.contains("class A\n{\n")));
    }
}
