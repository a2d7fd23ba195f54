//! Re-creates `src/relations/vocabulary/{java,c}.txt`: the local-variable and
//! parameter names of real code, most frequent first, found with the scope
//! analysis (so field, method and type names are not counted).
//!
//! Run (ignored by default; it needs the extracted source trees):
//!   MINE_JAVA_DIRS=/tmp/src/commons-lang-rel-commons-lang-3.12.0/src/main:… \
//!   MINE_C_DIRS=/tmp/src/sqlite3-3.40.1/src:/tmp/src/lua-5.4.4/src \
//!   cargo test --no-default-features --test mine_vocabulary -- --ignored

use metacompress::lang::scope::{DeclKind, Scopes};
use metacompress::lang::{is_identifier, Lang, Source};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How many names each list keeps.
const KEEP: usize = 1500;
/// Names seen fewer times than this are too idiosyncratic to be natural.
const MIN_COUNT: usize = 3;

const JAVA_HEADER: &str = "\
# Local-variable and parameter names mined with tree-sitter from Apache
# Commons Lang 3.12.0, Apache Commons Math 3.6.1 and Guava 31.1 (all
# Apache-2.0; see the projects' NOTICE files), most frequent first.
# Regenerate: tests/mine_vocabulary.rs.
";

const C_HEADER: &str = "\
# Local-variable and parameter names mined with tree-sitter from SQLite
# 3.40.1 (public domain) and Lua 5.4.4 (MIT, Copyright 1994-2022 Lua.org,
# PUC-Rio), most frequent first. All-capital names (macro style) left out.
# Regenerate: tests/mine_vocabulary.rs.
";

fn files(dirs: &str, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = dirs.split(':').map(PathBuf::from).collect();
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("readable directory") {
                stack.push(entry.expect("directory entry").path());
            }
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn mine(lang: Lang, paths: &[PathBuf]) -> Vec<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for path in paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue; // not UTF-8: skip
        };
        let Ok(src) = Source::parse(lang, text) else {
            continue;
        };
        let scopes = Scopes::analyze(&src);
        for decl in scopes.declarations() {
            let local = matches!(
                decl.kind,
                DeclKind::Local
                    | DeclKind::Parameter
                    | DeclKind::LambdaParameter
                    | DeclKind::CatchParameter
            );
            let macro_like = !decl.name.chars().any(|c| c.is_ascii_lowercase());
            if local && !macro_like && is_identifier(lang, &decl.name) && !decl.name.contains('$') {
                *counts.entry(decl.name.clone()).or_default() += 1;
            }
        }
    }
    let mut ranked: Vec<(String, usize)> = counts
        .into_iter()
        .filter(|(_, n)| *n >= MIN_COUNT)
        .collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(KEEP).map(|(n, _)| n).collect()
}

fn write(path: &Path, header: &str, names: &[String]) {
    let mut text = header.to_string();
    for name in names {
        text.push_str(name);
        text.push('\n');
    }
    std::fs::write(path, text).expect("vocabulary file is writable");
}

#[test]
#[ignore = "needs extracted source trees; see the module comment"]
fn mine_vocabularies() {
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/relations/vocabulary");
    for (lang, var, ext, header) in [
        (Lang::Java, "MINE_JAVA_DIRS", "java", JAVA_HEADER),
        (Lang::C, "MINE_C_DIRS", "c", C_HEADER),
    ] {
        let dirs = std::env::var(var).unwrap_or_else(|_| panic!("set {var}"));
        let names = mine(lang, &files(&dirs, ext));
        assert!(names.len() >= 200, "{lang}: only {} names", names.len());
        write(&out.join(format!("{ext}.txt")), header, &names);
        eprintln!("{lang}: {} names", names.len());
    }
}
