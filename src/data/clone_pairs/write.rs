//! Writes a data set in the CodeXGLUE BigCloneBench layout, atomically: into
//! `<out>.tmp` first, then renamed to `<out>`.
use super::extract::Method;
use super::pairs::Pair;
use super::{ClonePairsError, Result};
use std::collections::BTreeSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// One file of pairs: its name and pairs, and whether labels are written.
pub struct PairFile<'a> {
    pub name: &'a str,
    pub pairs: &'a [Pair],
    pub labelled: bool,
}

/// The files of a data set directory besides the pair files.
pub struct Extras<'a> {
    pub readme: &'a str,
    pub notice: &'a str,
    /// `stats.json`, when there is one.
    pub stats: Option<&'a str>,
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> ClonePairsError + '_ {
    move |source| ClonePairsError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes `data.jsonl` (the methods the pair files use, by idx), the pair
/// files and the extras into `out`, replacing an earlier data set there.
pub fn write_dataset(
    out: &Path,
    methods: &[Method],
    files: &[PairFile],
    extras: &Extras,
) -> Result<()> {
    let staging = sibling(out, "tmp");
    if staging.exists() {
        std::fs::remove_dir_all(&staging).map_err(io(&staging))?;
    }
    std::fs::create_dir_all(&staging).map_err(io(&staging))?;
    let used: BTreeSet<usize> = files
        .iter()
        .flat_map(|file| file.pairs.iter().flat_map(|p| [p.a, p.b]))
        .collect();
    write_with(&staging.join("data.jsonl"), |w| {
        for &m in &used {
            let row = serde_json::json!({"func": methods[m].text, "idx": m.to_string()});
            writeln!(w, "{row}")?;
        }
        Ok(())
    })?;
    for file in files {
        write_with(&staging.join(file.name), |w| {
            for pair in file.pairs {
                if file.labelled {
                    writeln!(w, "{}\t{}\t{}", pair.a, pair.b, pair.kind.label())?;
                } else {
                    writeln!(w, "{}\t{}", pair.a, pair.b)?;
                }
            }
            Ok(())
        })?;
    }
    write_with(&staging.join("README.md"), |w| {
        w.write_all(extras.readme.as_bytes())
    })?;
    write_with(&staging.join("NOTICE"), |w| {
        w.write_all(extras.notice.as_bytes())
    })?;
    if let Some(stats) = extras.stats {
        write_with(&staging.join("stats.json"), |w| {
            w.write_all(stats.as_bytes())
        })?;
    }
    replace(out, &staging)
}

fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let mut name = out.file_name().unwrap_or_default().to_os_string();
    name.push(".");
    name.push(suffix);
    out.with_file_name(name)
}

fn write_with(
    path: &Path,
    body: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<()> {
    let file = File::create(path).map_err(io(path))?;
    let mut writer = BufWriter::new(file);
    body(&mut writer).map_err(io(path))?;
    writer.flush().map_err(io(path))
}

/// Moves `staging` to `out`. An existing `out` is replaced only when it is
/// empty or a data set this command wrote (it has `data.jsonl` and
/// `README.md`): anything else is left alone with an error.
fn replace(out: &Path, staging: &Path) -> Result<()> {
    if out.exists() {
        let empty = std::fs::read_dir(out).map_err(io(out))?.next().is_none();
        let ours = out.join("data.jsonl").is_file() && out.join("README.md").is_file();
        if !(empty || ours) {
            return Err(ClonePairsError::RefuseOverwrite(out.to_path_buf()));
        }
        let old = sibling(out, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old).map_err(io(&old))?;
        }
        std::fs::rename(out, &old).map_err(io(out))?;
        std::fs::rename(staging, out).map_err(io(out))?;
        std::fs::remove_dir_all(&old).map_err(io(&old))
    } else {
        if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        std::fs::rename(staging, out).map_err(io(out))
    }
}
