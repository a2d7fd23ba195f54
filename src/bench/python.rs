//! The project's Python helpers (export, baselines, tiny bundles) run in the
//! virtual environment that `scripts/setup_venv.sh` creates and prints.
use std::path::{Path, PathBuf};
use std::process::Command;

/// Overrides the interpreter (a python with torch, transformers, tokenizers).
pub const PYTHON_ENV: &str = "METACOMPRESS_PYTHON";

/// The `scripts/` folder of the source tree this binary was built from.
pub fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts")
}

/// The interpreter: `$METACOMPRESS_PYTHON`, else `bin/python` of the venv
/// that `scripts/setup_venv.sh` prints (creating it on first use).
pub fn project_python() -> Result<PathBuf, String> {
    if let Some(python) = std::env::var_os(PYTHON_ENV) {
        let python = PathBuf::from(python);
        return if python.is_file() {
            Ok(python)
        } else {
            Err(format!("{PYTHON_ENV}={} is not a file", python.display()))
        };
    }
    let setup = scripts_dir().join("setup_venv.sh");
    let output = Command::new("bash").arg(&setup).output().map_err(|err| {
        format!(
            "cannot run {} to find the Python environment: {err} (or set {PYTHON_ENV})",
            setup.display()
        )
    })?;
    if !output.status.success() {
        return Err(format!(
            "{} failed ({}): {}",
            setup.display(),
            output.status,
            tail(&output.stderr)
        ));
    }
    let venv = String::from_utf8_lossy(&output.stdout).trim().to_string();
    let python = Path::new(&venv).join("bin").join("python");
    if python.is_file() {
        Ok(python)
    } else {
        Err(format!(
            "{} printed '{venv}', which has no bin/python",
            setup.display()
        ))
    }
}

/// Runs `scripts/<script> args…` and returns its stdout; the error carries
/// the end of its stderr.
pub fn run_script(
    python: &Path,
    script: &str,
    args: &[&std::ffi::OsStr],
) -> Result<String, String> {
    let path = scripts_dir().join(script);
    let output = Command::new(python)
        .arg(&path)
        .args(args)
        .output()
        .map_err(|err| {
            format!(
                "cannot start {} {}: {err}",
                python.display(),
                path.display()
            )
        })?;
    if !output.status.success() {
        return Err(format!(
            "{} failed ({}):\n{}",
            path.display(),
            output.status,
            tail(&output.stderr)
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("{} printed non-UTF-8 output", path.display()))
}

/// The untrained teacher/student bundles of `scripts/make_tiny_bundles.py`
/// (built on first use, then cached): `(teacher, student)`.
pub fn tiny_bundles(python: &Path) -> Result<(PathBuf, PathBuf), String> {
    let stdout = run_script(python, "make_tiny_bundles.py", &[])?;
    let dir = stdout
        .lines()
        .last()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .ok_or("make_tiny_bundles.py printed no directory")?;
    let dir = PathBuf::from(dir);
    Ok((dir.join("teacher"), dir.join("student")))
}

/// The last lines of a process's stderr, enough to see why it failed.
fn tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(15)..].join("\n")
}
