//! Default paths (the embedded bundles, the seed corpus) that work from any
//! directory, and the oracle those bundles make.

use anyhow::Context;
use metacompress::model::{Bundle, DeviceChoice, Precision};
use metacompress::oracle::{Oracle, OracleOptions};
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

/// Loads the teacher and student bundles on `device` and joins them in an
/// oracle, as `predict` and `fuzz` both do.
pub fn open_oracle(
    teacher: &Path,
    student: &Path,
    device: DeviceChoice,
    batch_size: usize,
    precision: Precision,
) -> anyhow::Result<Oracle> {
    let resolved = device.resolve().map_err(anyhow::Error::msg)?;
    let teacher = Bundle::load_on(teacher, resolved).context("loading the teacher")?;
    let student = Bundle::load_on(student, resolved).context("loading the student")?;
    let options = OracleOptions {
        device,
        batch_size,
        precision,
        ..OracleOptions::default()
    };
    Ok(Oracle::new(teacher, student, options)?)
}
