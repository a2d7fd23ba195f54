//! Default paths (the embedded bundles, the seed corpus) that work from any
//! directory.

use std::path::{Path, PathBuf};

/// `relative` as given when it exists from the current directory, else
/// inside the source tree this binary was built from; so `metacompress fuzz`
/// finds `models/teacher` both in a checkout and from elsewhere.
pub fn crate_path(relative: &Path) -> PathBuf {
    if relative.is_absolute() || relative.exists() {
        return relative.to_path_buf();
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    if built.exists() {
        built
    } else {
        relative.to_path_buf()
    }
}
