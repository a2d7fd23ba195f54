//! Reading code from a file or standard input, with the checks every command
//! wants: size, UTF-8, binary content.

use anyhow::{Context, Result};
use metacompress::lang::{Lang, Source, MAX_SOURCE_BYTES};
use std::io::Read;
use std::path::Path;

/// Reads `path` (`-` for standard input) and parses it as `lang`.
pub fn read_source(path: &Path, lang: Lang) -> Result<Source> {
    let name = if path == Path::new("-") {
        "standard input".to_string()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    let limit = MAX_SOURCE_BYTES as u64 + 1;
    if path == Path::new("-") {
        std::io::stdin()
            .take(limit)
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
        file.take(limit)
            .read_to_end(&mut bytes)
            .with_context(|| format!("reading {name}"))?;
    }
    let source = Source::from_bytes(lang, bytes).with_context(|| format!("{name}"))?;
    let errors = source.error_count();
    if errors > 0 {
        let clean = metacompress::lang::syntax::clean_fraction(&source);
        anyhow::ensure!(
            clean >= 0.5,
            "{name} does not parse as {lang}: {errors} syntax errors cover {:.0}% of it (is --lang right?)",
            (1.0 - clean) * 100.0
        );
        eprintln!(
            "warning: {name} has {errors} syntax error(s); relations leave those regions alone"
        );
    }
    Ok(source)
}

/// The language named by `--lang`, or else by the file's extension.
pub fn language(explicit: Option<Lang>, path: &Path) -> Result<Lang> {
    if let Some(lang) = explicit {
        return Ok(lang);
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some("java") => Ok(Lang::Java),
        Some("c" | "h") => Ok(Lang::C),
        _ => anyhow::bail!(
            "cannot tell the language of {}: pass --lang java or --lang c",
            path.display()
        ),
    }
}
