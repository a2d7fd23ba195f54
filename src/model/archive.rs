//! What a TorchScript archive (`model.pt`, a zip) records about its tensors
//! without running it: the floating-point types of their storages.
//!
//! Traced models keep their weights as constants, which libtorch does not
//! list as parameters; both kinds are pickled with a storage class per
//! element type (`torch.FloatStorage`, …), so the pickles name every type.
use super::manifest::Dtype;
use std::io::Read;
use std::path::Path;

/// Storage class names of the floating-point types, with the manifest's names.
const FLOAT_STORAGES: [(&str, &str); 4] = [
    ("FloatStorage", "float32"),
    ("HalfStorage", "float16"),
    ("BFloat16Storage", "bfloat16"),
    ("DoubleStorage", "float64"),
];

/// The manifest names of the floating-point types the archive's tensors use.
pub fn float_types(model: &Path) -> Result<Vec<&'static str>, String> {
    let file = std::fs::File::open(model).map_err(|err| format!("cannot read: {err}"))?;
    let mut archive =
        zip::ZipArchive::new(file).map_err(|err| format!("not a TorchScript archive: {err}"))?;
    let mut pickles = Vec::new();
    for index in 0..archive.len() {
        let mut entry = archive
            .by_index(index)
            .map_err(|err| format!("cannot read the archive: {err}"))?;
        if entry.name().ends_with(".pkl") {
            entry
                .read_to_end(&mut pickles)
                .map_err(|err| format!("cannot read {}: {err}", entry.name()))?;
        }
    }
    Ok(FLOAT_STORAGES
        .iter()
        .filter(|(storage, _)| contains(&pickles, storage.as_bytes()))
        .map(|&(_, name)| name)
        .collect())
}

/// `Err` when the archive stores floating-point tensors, none of them of
/// the type bundle.json declares.
pub fn check_dtype(declared: Dtype, stored: &[&str]) -> Result<(), String> {
    if stored.is_empty() || stored.contains(&declared.name()) {
        return Ok(());
    }
    Err(format!(
        "\"dtype\": \"{}\" but model.pt stores its weights as {}",
        declared.name(),
        stored.join(" and ")
    ))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_type_the_archive_lacks_is_refused() {
        assert!(check_dtype(Dtype::Float32, &["float32"]).is_ok());
        assert!(check_dtype(Dtype::Float16, &["float16", "float32"]).is_ok());
        assert!(check_dtype(Dtype::Float16, &[]).is_ok());
        let err = check_dtype(Dtype::Float16, &["float32"]).expect_err("contradiction");
        assert_eq!(
            err,
            "\"dtype\": \"float16\" but model.pt stores its weights as float32"
        );
    }
}
