//! Dead code: statements that never run or whose result is never used.
//!
//! Inserted code is built only from fresh names and fixed templates, never
//! copied from the method: copied code may read variables before their
//! declaration or before they are definitely assigned.

use super::gaps;
use super::{Choices, Decline, Example, RelationDef, Rule, Site};
use crate::lang::{self, Edit, Lang, Source};

pub(super) const RELATIONS: &[RelationDef] = &[DEAD_BRANCH, UNUSED_VARIABLE];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Inserted {
    /// `if (false) { … }` (C: `if (0) { … }`) around a fresh local.
    DeadBranch,
    /// A fresh local with a literal initialiser that nothing reads.
    UnusedVariable,
}

/// Bodies of the dead branch; `$` stands for the fresh name. Each declares
/// its own local, so the branch compiles wherever a statement may stand.
const JAVA_DEAD_BODIES: &[&str] = &[
    "int $ = 0; $++;",
    "long $ = 1L; $ += 2;",
    "boolean $ = true; $ = !$;",
    "double $ = 0.5; $ *= 2;",
];
const C_DEAD_BODIES: &[&str] = &[
    "int $ = 0; $++;",
    "long $ = 1L; $ += 2;",
    "unsigned $ = 1u; $ <<= 1;",
    "double $ = 0.5; $ *= 2;",
];
const JAVA_UNUSED: &[&str] = &[
    "int $ = 0;",
    "long $ = 0L;",
    "boolean $ = false;",
    "double $ = 0.0;",
    "char $ = 'a';",
];
const C_UNUSED: &[&str] = &[
    "int $ = 0;",
    "long $ = 0L;",
    "unsigned $ = 0u;",
    "double $ = 0.0;",
    "char $ = 'a';",
];

struct StatementInsertion {
    lang: Lang,
    inserted: Inserted,
}

impl StatementInsertion {
    fn templates(&self) -> &'static [&'static str] {
        match (self.inserted, self.lang) {
            (Inserted::DeadBranch, Lang::Java) => JAVA_DEAD_BODIES,
            (Inserted::DeadBranch, Lang::C) => C_DEAD_BODIES,
            (Inserted::UnusedVariable, Lang::Java) => JAVA_UNUSED,
            (Inserted::UnusedVariable, Lang::C) => C_UNUSED,
        }
    }

    fn snippet(&self, template: &str, name: &str) -> String {
        let body = template.replace('$', name);
        match (self.inserted, self.lang) {
            (Inserted::DeadBranch, Lang::Java) => format!("if (false) {{ {body} }}"),
            (Inserted::DeadBranch, Lang::C) => format!("if (0) {{ {body} }}"),
            (Inserted::UnusedVariable, _) => body,
        }
    }
}

/// The input of both relations' examples.
const BEFORE: &str = "int f(int a) {\n    return a + 1;\n}";

const DEAD_BRANCH: RelationDef = RelationDef {
    name: "dead-branch",
    description: "insert a never-taken `if` whose body only touches a fresh local, before a statement of a block",
    examples: &[
        (
            Lang::Java,
            Example {
                before: BEFORE,
                after: "int f(int a) {\n    if (false) { int v0 = 0; v0++; }\n    return a + 1;\n}",
            },
        ),
        (
            Lang::C,
            Example {
                before: BEFORE,
                after: "int f(int a) {\n    if (0) { int v0 = 0; v0++; }\n    return a + 1;\n}",
            },
        ),
    ],
    rule: |lang| {
        Box::new(StatementInsertion {
            lang,
            inserted: Inserted::DeadBranch,
        })
    },
};

const UNUSED_VARIABLE: RelationDef = RelationDef {
    name: "unused-variable",
    description: "declare a fresh local with a literal initialiser that nothing reads, before a statement of a block",
    examples: &Example {
        before: BEFORE,
        after: "int f(int a) {\n    double v0 = 0.0;\n    return a + 1;\n}",
    }
    .in_every_lang(),
    rule: |lang| {
        Box::new(StatementInsertion {
            lang,
            inserted: Inserted::UnusedVariable,
        })
    },
};

impl Rule for StatementInsertion {
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
        let taken = lang::words(src.text());
        let name = choices.fresh_name("name", self.lang, &|n| taken.contains(n))?;
        let templates = self.templates();
        let template = templates[choices.pick("template", templates.len())?];
        let snippet = self.snippet(template, &name);
        Ok(vec![gaps::insert_before(
            src.text(),
            before.start_byte(),
            &snippet,
        )])
    }
}

#[cfg(test)]
mod tests {
    use crate::relations::testing::{all_variants, apply_at, check_example, site_texts};

    const IDS: [&str; 4] = [
        "java.dead-branch",
        "java.unused-variable",
        "c.dead-branch",
        "c.unused-variable",
    ];

    #[test]
    fn examples_match() {
        for id in IDS {
            check_example(id);
        }
    }

    const JAVA: &str = "class A {
    A(int x) {
        this();
        int y = x;
    }
    A() {}
    int f(int k) {
        switch (k) {
            case 1:
                k++;
                break;
            default:
                return 0;
        }
        for (int i = 0; i < k; i++) g(i);
        return k;
    }
}";

    #[test]
    fn java_never_before_an_explicit_constructor_call_or_a_label() {
        for id in ["java.dead-branch", "java.unused-variable"] {
            for variant in all_variants(id, JAVA) {
                assert!(!variant.contains("A(int x) {\n        if"), "{variant}");
                assert!(!variant.contains("A(int x) {\n        int v"), "{variant}");
                assert!(variant.contains("        this();\n"), "{variant}");
                // Switch labels stay together with their `:`.
                assert!(
                    !variant.contains("v0 = 0; case")
                        && !variant.contains("0;\n            case 1")
                );
            }
        }
    }

    #[test]
    fn java_sites_are_blocks_and_switch_groups_with_statements() {
        let sites = site_texts("java.dead-branch", JAVA);
        // The two-statement constructor body, the method body and the two
        // switch groups; `A() {}` has nothing to insert before.
        assert_eq!(sites.len(), 4, "{sites:?}");
        assert!(sites[0].starts_with("{\n        this();"));
        assert!(sites.iter().any(|s| s.starts_with("case 1:")));
    }

    #[test]
    fn inserted_code_uses_only_a_fresh_name() {
        let text = "int f(int v0) {\n    int v1 = v0;\n    return v1;\n}";
        for id in IDS {
            for variant in all_variants(id, text) {
                assert!(variant.contains(" v2 = "), "{id}: {variant}");
                assert_eq!(variant.matches("v0").count(), 2, "{id}: {variant}");
            }
        }
    }

    #[test]
    fn c_skips_switch_bodies_case_labels_and_preprocessor_lines() {
        let text = "int f(int k) {
    switch (k) {
    case 1:
        k++;
        break;
    }
#ifdef X
    k--;
#endif
    return k;
}";
        let sites = site_texts("c.unused-variable", text);
        assert_eq!(sites.len(), 1, "only the function body: {sites:?}");
        for variant in all_variants("c.unused-variable", text) {
            assert!(!variant.contains("{\n    int v0 = 0;\n    case"));
            assert!(!variant.contains("#ifdef X\n    int"), "{variant}");
            assert!(
                variant.contains("\n#ifdef X\n    k--;\n#endif\n"),
                "{variant}"
            );
        }
    }

    #[test]
    fn inline_statements_get_inline_insertions() {
        let made = apply_at("c.unused-variable", "void f(void) { g(); h(); }", 0, 0).unwrap();
        assert!(made.contains(" v0 = ") && !made.contains('\n'), "{made}");
    }
}
