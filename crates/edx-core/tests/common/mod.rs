//! Shared test fixtures: the real recordings in `../shared/data/` and the reference values that
//! established readers recorded for them in `reference.json`.

#![allow(dead_code)]

pub mod dicom_writer;

use std::path::PathBuf;
use std::sync::OnceLock;

/// The shared data folder: `EDXVIEW_SHARED_DATA`, or `shared/data` in the nearest folder above
/// the repository that has one (`../shared/data` for a checkout beside it).
pub fn shared_data_dir() -> PathBuf {
    if let Some(path) = std::env::var_os("EDXVIEW_SHARED_DATA") {
        return PathBuf::from(path);
    }
    let crate_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    crate_dir
        .ancestors()
        .skip(3)
        .map(|ancestor| ancestor.join("shared").join("data"))
        .find(|candidate| candidate.join("SOURCES.md").is_file())
        .unwrap_or_else(|| crate_dir.join("../../../shared/data"))
}

/// The bytes of a shared data file, by its path relative to the data folder.
pub fn bytes(relative_path: &str) -> Vec<u8> {
    let path = shared_data_dir().join(relative_path);
    std::fs::read(&path).unwrap_or_else(|error| panic!("cannot read test data {}: {error}", path.display()))
}

/// The whole of `reference.json`.
pub fn reference() -> &'static serde_json::Value {
    static REFERENCE: OnceLock<serde_json::Value> = OnceLock::new();
    REFERENCE.get_or_init(|| {
        let text = String::from_utf8(bytes("reference.json")).expect("reference.json is UTF-8");
        serde_json::from_str(&text).expect("reference.json is JSON")
    })
}

/// `reference[section][key]`, failing with the missing path.
pub fn reference_entry(section: &str, key: &str) -> &'static serde_json::Value {
    reference()
        .get(section)
        .and_then(|entries| entries.get(key))
        .unwrap_or_else(|| panic!("reference.json has no {section}/{key}"))
}

/// A JSON number as f64.
pub fn number(value: &serde_json::Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("expected a number, found {value}"))
}

/// A JSON array of numbers.
pub fn numbers(value: &serde_json::Value) -> Vec<f64> {
    value.as_array().unwrap_or_else(|| panic!("expected an array, found {value}")).iter().map(number).collect()
}

/// Asserts that `found` matches `expected` element by element within `tolerance`.
#[track_caller]
pub fn assert_close(found: &[f64], expected: &[f64], tolerance: f64, what: &str) {
    assert_eq!(found.len(), expected.len(), "{what}: {} values, expected {}", found.len(), expected.len());
    for (idx, (found_value, expected_value)) in found.iter().zip(expected).enumerate() {
        assert!(
            (found_value - expected_value).abs() <= tolerance,
            "{what}[{idx}]: found {found_value}, expected {expected_value} (tolerance {tolerance})"
        );
    }
}
