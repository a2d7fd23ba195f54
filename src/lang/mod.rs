//! Languages and parsed sources: tree-sitter grammars for Java and C, and the
//! parsed-program type that relations work on.

pub mod effects;
mod names;
pub mod scope;
mod source;
pub mod syntax;

pub use names::{is_identifier, is_reserved, words};

pub use source::{Edit, ParseError, Source, MAX_SOURCE_BYTES};

use std::fmt;
use std::str::FromStr;

/// A programming language the relations understand.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Java,
    C,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Java, Lang::C];

    pub fn name(self) -> &'static str {
        match self {
            Lang::Java => "java",
            Lang::C => "c",
        }
    }

    pub fn grammar(self) -> tree_sitter::Language {
        match self {
            Lang::Java => tree_sitter_java::LANGUAGE.into(),
            Lang::C => tree_sitter_c::LANGUAGE.into(),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "java" => Ok(Lang::Java),
            "c" => Ok(Lang::C),
            _ => Err(UnknownLang(s.to_string())),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("unknown language `{0}` (expected `java` or `c`)")]
pub struct UnknownLang(pub String);
