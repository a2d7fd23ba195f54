//! Comments: a neutral one inserted between statements, or an existing one
//! removed. Comments are not tokens, so neither changes the program, as
//! long as no tokens fuse and no code hides in or escapes from a comment.

use super::inside_preprocessor;
use crate::lang::{syntax, Edit, Lang, Source};
use crate::relations::gaps::{self, is_clean_in, is_comment};
use crate::relations::{Choices, Decline, Example, RelationDef, Rule, Site};
use tree_sitter::Node;

/// Texts of inserted comments: plain words, nothing a compiler reads.
const TEXTS: &[&str] = &[
    "check the input first",
    "fast path",
    "keep this order",
    "see below",
    "TODO: simplify",
    "handle the common case",
];

struct InsertComment {
    lang: Lang,
}

pub(super) const COMMENT: RelationDef = RelationDef {
    name: "comment",
    description: "insert a neutral `//` or `/* */` comment before a statement of a block",
    examples: &Example {
        before: "int f(int a) {\n    return a + 1;\n}",
        after: "int f(int a) {\n    // TODO: simplify\n    return a + 1;\n}",
    }
    .in_every_lang(),
    rule: |lang| Box::new(InsertComment { lang }),
};

impl Rule for InsertComment {
    fn sites(&self, src: &Source) -> Vec<Site> {
        gaps::insertion_sites(src)
    }

    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        let before = gaps::chosen_point(self.lang, src, site, choices)?;
        let text = TEXTS[choices.pick("text", TEXTS.len())?];
        // A `//` comment needs the rest of its line to itself.
        let at = before.start_byte();
        let line_start = src.text()[..at].rfind('\n').map_or(0, |i| i + 1);
        let starts_line = src.text()[line_start..at].trim().is_empty();
        let line_style = starts_line && choices.pick("style", 2)? == 0;
        let comment = if line_style {
            format!("// {text}")
        } else if opens_stray_comment(src, at) {
            return Err(Decline::new(
                "an earlier `/*` that is not a comment would end at the inserted `*/`",
            ));
        } else {
            format!("/* {text} */")
        };
        Ok(vec![gaps::insert_before(src.text(), at, &comment)])
    }
}

/// Whether a compiler could be inside a comment at byte `at` that the tree
/// does not show, so that the `*/` of an inserted block comment would close
/// it and swallow the code between: a stray `/*` before `at`
/// ([`syntax::has_stray_comment_opener`]), or, in Java, `/` or `*` written
/// as a unicode escape (`\u002a`), which javac reads before it finds
/// comments and the tree never shows: any such escape declines.
fn opens_stray_comment(src: &Source, at: usize) -> bool {
    (src.lang() == Lang::Java && escapes_comment_chars(&src.text()[..at]))
        || syntax::has_stray_comment_opener(src, 0..at)
}

/// Whether the text writes `*` or `/` as a Java unicode escape (`\u002a`,
/// `\uu002F`, …).
fn escapes_comment_chars(text: &str) -> bool {
    text.match_indices("\\u").any(|(i, _)| {
        let hex = text[i + 2..].trim_start_matches('u');
        hex.get(..4)
            .is_some_and(|h| h.eq_ignore_ascii_case("002a") || h.eq_ignore_ascii_case("002f"))
    })
}

struct RemoveComment {
    lang: Lang,
}

impl RemoveComment {
    /// Comments whose removal could change the code: Java reads `\u000a`
    /// in a comment as a line break (code may follow it), a C `//` comment
    /// ending in `\` swallows the next line, and preprocessor lines are
    /// off limits.
    fn removable(&self, src: &Source, comment: Node) -> bool {
        if !is_comment(self.lang, comment) {
            return false;
        }
        let text = src.node_text(comment);
        let escapes = match self.lang {
            Lang::Java => text.contains("\\u"),
            Lang::C => text.contains('\\') || text.contains("??/"),
        };
        !escapes
            && is_clean_in(src, comment)
            && !inside_preprocessor(src, comment)
            && !src.text()[..comment.start_byte()]
                .trim_end_matches([' ', '\t'])
                .ends_with('\\')
    }
}

pub(super) const REMOVE_COMMENT: RelationDef = RelationDef {
    name: "remove-comment",
    description: "remove a comment (a whole-line comment with its line)",
    examples: &Example {
        before: "int f(int a) {\n    // add one\n    return a + 1; /* done */\n}",
        after: "int f(int a) {\n    return a + 1; /* done */\n}",
    }
    .in_every_lang(),
    rule: |lang| Box::new(RemoveComment { lang }),
};

impl Rule for RemoveComment {
    fn sites(&self, src: &Source) -> Vec<Site> {
        syntax::descendants(src.root())
            .filter(|n| self.removable(src, *n))
            .map(Site::of)
            .collect()
    }

    fn rewrite(
        &self,
        src: &Source,
        site: &Site,
        _choices: &mut Choices,
    ) -> Result<Vec<Edit>, Decline> {
        let comment = site.node(src)?;
        if !self.removable(src, comment) {
            return Err(Decline::new("comment may hide code"));
        }
        let text = src.text();
        let (start, end) = (comment.start_byte(), comment.end_byte());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let alone_before = text[line_start..start].trim().is_empty();
        let alone_after = text[end..line_end].trim().is_empty();
        let edit = if alone_before && alone_after {
            // The whole line goes, with its line break.
            let through = (line_end + 1).min(text.len());
            Edit::new(line_start..through, "")
        } else if alone_after {
            // A trailing comment goes with the spaces before it; the line
            // break stays.
            let from = text[..start].trim_end_matches([' ', '\t']).len();
            Edit::new(from..end, "")
        } else {
            // Code on both sides: a space keeps `a/**/b` two tokens.
            let spaced = text[..start].ends_with(char::is_whitespace)
                || text[end..].starts_with(char::is_whitespace);
            Edit::new(start..end, if spaced { "" } else { " " })
        };
        Ok(vec![edit])
    }
}

#[cfg(test)]
mod tests {
    use crate::lang::Lang;
    use crate::relations::testing::{
        all_variants, apply_at, check_example, site_count, site_texts, tokens,
    };

    #[test]
    fn examples_match() {
        for id in [
            "java.comment",
            "c.comment",
            "java.remove-comment",
            "c.remove-comment",
        ] {
            check_example(id);
        }
    }

    #[test]
    fn inserted_comments_keep_tokens() {
        let text = "int f(int a) {\n    a++; a--;\n    return a;\n}";
        for variant in all_variants("c.comment", text) {
            assert_eq!(tokens(Lang::C, &variant), tokens(Lang::C, text));
            // A `//` comment only where the rest of the line is its own.
            for line in variant.lines() {
                if let Some(at) = line.find("//") {
                    assert!(line[..at].trim().is_empty(), "{variant}");
                }
            }
        }
    }

    /// Whether every `*/` of the variant comes before `marker`.
    fn closes_before(variant: &str, marker: &str) -> bool {
        variant
            .rfind("*/")
            .is_none_or(|end| end < variant.find(marker).unwrap())
    }

    /// fuzz/crashes/relations/crash-9dc30a5b…: tree-sitter reads the
    /// unterminated `/*p` as `/ *p`, so the input is clean, but an inserted
    /// `/* … */` after it closed it into one comment over the code between.
    #[test]
    fn block_comments_never_close_an_earlier_stray_opener() {
        let stray = "int f(int a, int *p) {\n    a = a /*p;\n    a++;\n    return a;\n}";
        let mut declined = 0;
        for index in 0..site_count("c.comment", Lang::C, stray) {
            for seed in 0..16 {
                match apply_at("c.comment", stray, index, seed) {
                    // A block comment only before the stray opener.
                    Ok(variant) => assert!(
                        variant
                            .find("*/")
                            .is_none_or(|end| end < variant.find("/*p").unwrap()),
                        "{variant}"
                    ),
                    Err(e) => {
                        assert!(e.is_decline(), "{e}");
                        declined += 1;
                    }
                }
            }
        }
        assert!(declined > 0, "some seeds choose a block comment");
        // Openers inside comments and literals are not stray.
        let quoted = "int f(int a) {\n    // a /* b\n    g(\"/*\", '/');\n    /* c */ a++;\n    return a;\n}";
        for variant in all_variants("c.comment", quoted) {
            assert_eq!(tokens(Lang::C, &variant), tokens(Lang::C, quoted));
        }
        let escaped = "class A { int f(int a) {\n    char c = '\\u002f';\n    return a;\n} }";
        let outcomes: Vec<_> = (0..16)
            .map(|seed| apply_at("java.comment", escaped, 0, seed))
            .collect();
        assert!(outcomes
            .iter()
            .any(|o| o.as_ref().is_err_and(|e| e.is_decline())));
        assert!(outcomes.iter().all(|o| match o {
            Ok(variant) => closes_before(variant, "\\u002f"),
            Err(e) => e.is_decline(),
        }));
    }

    #[test]
    fn comments_that_may_hide_code_stay() {
        let java = "class A { int f(int a) {\n    // \\u000a a++;\n    return a;\n} }";
        assert!(site_texts("java.remove-comment", java).is_empty());
        let c = "int f(int a) {\n    // continued \\\n    a++;\n    return a;\n}";
        assert!(site_texts("c.remove-comment", c).is_empty());
        let define = "#define ONE /* one */ 1\nint f(void) { return ONE; }";
        assert!(site_texts("c.remove-comment", define).is_empty());
    }

    #[test]
    fn removed_comments_leave_tokens_apart() {
        let text = "int f(int a, int b) {\n    return a/**/-b; // done\n}";
        assert_eq!(
            apply_at("c.remove-comment", text, 0, 0).unwrap(),
            "int f(int a, int b) {\n    return a -b; // done\n}"
        );
        assert_eq!(
            apply_at("c.remove-comment", text, 1, 0).unwrap(),
            "int f(int a, int b) {\n    return a/**/-b;\n}"
        );
    }
}
