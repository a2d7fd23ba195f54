//! The upstream source tarballs the fixtures come from, extracted once into
//! cargo's test temp dir and reused by later runs.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The folder holding the source tarballs: `$METACOMPRESS_SOURCES`, else the
/// first `shared/data/sources` beside the clone or one of its ancestors (CI
/// puts `shared/` next to the clone).
pub fn sources_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("METACOMPRESS_SOURCES") {
        return PathBuf::from(dir);
    }
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/data/sources"))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| {
            panic!(
                "no shared/data/sources folder beside {} or its ancestors; \
                 set METACOMPRESS_SOURCES to the folder with the source tarballs",
                manifest.display()
            )
        })
}

/// Extracts the tarball whose name starts with `archive` (once; later calls
/// reuse it) and returns its top-level folder.
pub fn extracted(archive: &str) -> PathBuf {
    static LOCK: Mutex<()> = Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let dir = sources_dir();
    let tarball = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(archive) && n.contains(".tar"))
        })
        .unwrap_or_else(|| panic!("no tarball named {archive}*.tar.* in {}", dir.display()));
    let dest = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("relations-sources")
        .join(archive);
    let done = dest.join(".extracted");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dest);
        std::fs::create_dir_all(&dest).expect("create the extraction folder");
        let status = Command::new("tar")
            .arg("xf")
            .arg(&tarball)
            .arg("-C")
            .arg(&dest)
            .status()
            .unwrap_or_else(|e| panic!("cannot run tar to extract {}: {e}", tarball.display()));
        assert!(status.success(), "tar failed on {}", tarball.display());
        std::fs::write(&done, "").expect("mark the extraction complete");
    }
    std::fs::read_dir(&dest)
        .expect("list the extracted tarball")
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .find(|path| path.is_dir())
        .unwrap_or_else(|| panic!("{} has no top-level folder", tarball.display()))
}
