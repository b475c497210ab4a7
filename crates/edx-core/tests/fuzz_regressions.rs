//! Every input that once crashed a reader under `cargo xtask fuzz` is kept in
//! `tests/fixtures/fuzz/<target>/` and replayed here: each must now give an error or a
//! recording, never a panic.

use std::path::PathBuf;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let directory = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz").join(target);
    let Ok(entries) = std::fs::read_dir(&directory) else { return Vec::new() };
    entries
        .filter_map(Result::ok)
        .map(|entry| {
            (entry.file_name().to_string_lossy().into_owned(), std::fs::read(entry.path()).expect("readable fixture"))
        })
        .collect()
}

#[test]
fn edf_crashes_stay_fixed() {
    for (name, bytes) in inputs("edf") {
        let outcome = std::panic::catch_unwind(|| edx_core::formats::edf::read(&bytes).map(|_| ()));
        assert!(outcome.is_ok(), "edf/{name} panics again");
    }
}

#[test]
fn wfdb_crashes_stay_fixed() {
    for (name, bytes) in inputs("wfdb") {
        // The fuzz target's layout: the header up to the first NUL, then one data file.
        let split = bytes.iter().position(|&byte| byte == 0).unwrap_or(bytes.len());
        let (header, data) = (&bytes[..split], bytes.get(split + 1..).unwrap_or_default());
        let outcome = std::panic::catch_unwind(|| {
            let companion = |_: &str| Some(data);
            edx_core::formats::wfdb::read(header, &companion).map(|_| ())
        });
        assert!(outcome.is_ok(), "wfdb/{name} panics again");
    }
}

#[test]
fn any_file_crashes_stay_fixed() {
    for (target, name) in [("wav", "x.wav"), ("dicom", "x.dcm"), ("text", "x.csv"), ("any_file", "x.bin")] {
        for (fixture, bytes) in inputs(target) {
            let outcome = std::panic::catch_unwind(|| {
                let _ = edx_core::formats::read_files(&[edx_core::formats::InputFile { name, bytes: &bytes }]);
            });
            assert!(outcome.is_ok(), "{target}/{fixture} panics again");
        }
    }
}
