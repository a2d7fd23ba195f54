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
    let bytes = if path == Path::new("-") {
        read_limited(std::io::stdin(), &name)?
    } else {
        let file = std::fs::File::open(path).with_context(|| format!("cannot open {name}"))?;
        read_limited(file, &name)?
    };
    let source = Source::from_bytes(lang, bytes).with_context(|| name.clone())?;
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

/// Reads at most one byte past the source size limit: enough to know that
/// an input exceeds it without reading all of it.
fn read_limited(reader: impl Read, name: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(MAX_SOURCE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("reading {name}"))?;
    anyhow::ensure!(
        bytes.len() <= MAX_SOURCE_BYTES,
        "{name} has more than {MAX_SOURCE_BYTES} bytes, the limit for one program"
    );
    Ok(bytes)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_over_the_limit_is_not_reported_as_one_byte_over() {
        let five_megabytes = std::io::repeat(b'a').take(5 << 20);
        let err = read_limited(five_megabytes, "big.java")
            .expect_err("over the limit")
            .to_string();
        assert_eq!(
            err,
            format!("big.java has more than {MAX_SOURCE_BYTES} bytes, the limit for one program")
        );
        let at_the_limit = std::io::repeat(b'a').take(MAX_SOURCE_BYTES as u64);
        assert_eq!(
            read_limited(at_the_limit, "ok").unwrap().len(),
            MAX_SOURCE_BYTES
        );
    }
}
