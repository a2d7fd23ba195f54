//! Real methods and functions extracted from upstream sources
//! (tests/fixtures/{java,c}/*.jsonl; see tests/fixtures/README.md).

use metacompress::lang::Lang;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// One method (Java) or function (C), with where it lives upstream so the
/// compile suite can check it in its original context.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fixture {
    /// Prefix of the tarball's file name in shared/data/sources.
    pub archive: String,
    /// Path of the file inside the tarball's top-level folder.
    pub file: String,
    /// The method or function name.
    pub name: String,
    /// The method or function text, exactly as in `file`.
    pub text: String,
}

impl Fixture {
    pub fn describe(&self) -> String {
        format!("{} in {}/{}", self.name, self.archive, self.file)
    }
}

pub fn path(lang: Lang) -> PathBuf {
    let file = match lang {
        Lang::Java => "java/methods.jsonl",
        Lang::C => "c/functions.jsonl",
    };
    fixture_file(file)
}

/// Real C functions whose macros leave ERROR nodes in tree-sitter's tree.
pub fn with_errors_path() -> PathBuf {
    fixture_file("c/with_errors.jsonl")
}

fn fixture_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn load(lang: Lang) -> Vec<Fixture> {
    read(&path(lang))
}

pub fn load_with_errors() -> Vec<Fixture> {
    read(&with_errors_path())
}

fn read(path: &Path) -> Vec<Fixture> {
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1))
        })
        .collect()
}

pub fn save(path: &Path, fixtures: &[Fixture]) {
    std::fs::create_dir_all(path.parent().expect("fixture path has a folder"))
        .expect("create the fixture folder");
    let lines: Vec<String> = fixtures
        .iter()
        .map(|f| serde_json::to_string(f).expect("fixtures serialise"))
        .collect();
    std::fs::write(&path, lines.join("\n") + "\n")
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
}

/// The self-checking programs of the execution suite: (file stem, text).
pub fn programs(lang: Lang) -> Vec<(String, String)> {
    let (dir, ext) = match lang {
        Lang::Java => ("java", "java"),
        Lang::C => ("c", "c"),
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/programs")
        .join(dir);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("program file names are UTF-8")
                .to_string();
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (stem, text)
        })
        .collect()
}
