//! Every input that once crashed a reader under `cargo xtask fuzz` is kept in
//! `tests/fixtures/fuzz/<target>/` and replayed here: each must now give an error or a
//! recording, never a panic. Every fuzz target has its folder, even before it finds a crash, so
//! a folder that goes missing fails instead of replaying nothing.

use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz")
}

/// The kept inputs of fuzz target `target`, by file name; panics if its folder is missing.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let directory = fixtures().join(target);
    let entries = std::fs::read_dir(&directory).unwrap_or_else(|error| {
        panic!(
            "{}: {error}; every fuzz target keeps its crashes there (a .keep file while none was found)",
            directory.display()
        )
    });
    entries
        .filter_map(Result::ok)
        .filter(|entry| !entry.file_name().to_string_lossy().starts_with('.'))
        .map(|entry| {
            (entry.file_name().to_string_lossy().into_owned(), std::fs::read(entry.path()).expect("readable fixture"))
        })
        .collect()
}

/// The fuzz targets, by the names of `fuzz/fuzz_targets/*.rs`.
fn fuzz_targets() -> Vec<String> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/fuzz_targets");
    let mut targets: Vec<String> = std::fs::read_dir(&directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
        .filter_map(Result::ok)
        .filter_map(|entry| entry.file_name().to_string_lossy().strip_suffix(".rs").map(str::to_string))
        .collect();
    targets.sort();
    targets
}

/// The targets this file replays.
const REPLAYED: [&str; 7] = ["any_file", "dicom", "edf", "edf_overview", "text", "wav", "wfdb"];

#[test]
fn every_fuzz_target_has_its_regression_folder_and_is_replayed() {
    let targets = fuzz_targets();
    assert!(!targets.is_empty(), "no fuzz targets found");
    for target in &targets {
        assert!(fixtures().join(target).is_dir(), "tests/fixtures/fuzz/{target} is missing");
        assert!(REPLAYED.contains(&target.as_str()), "fuzz target {target} has no replay in this file");
    }
    assert_eq!(targets.len(), REPLAYED.len(), "a replayed target no longer exists: {targets:?}");
}

#[test]
fn edf_crashes_stay_fixed() {
    for (name, bytes) in inputs("edf") {
        let outcome = std::panic::catch_unwind(|| edx_core::formats::edf::read(&bytes).map(|_| ()));
        assert!(outcome.is_ok(), "edf/{name} panics again");
    }
}

#[test]
fn edf_overview_crashes_stay_fixed() {
    use edx_core::formats::edf::overview::{header_length, OverviewReader, FIXED_HEADER_BYTES};
    for (name, bytes) in inputs("edf_overview") {
        let outcome = std::panic::catch_unwind(|| {
            let Ok(header_bytes) = header_length(&bytes[..bytes.len().min(FIXED_HEADER_BYTES)]) else { return };
            let Ok(mut reader) = OverviewReader::open(&bytes[..bytes.len().min(header_bytes)], bytes.len() as u64)
            else {
                return;
            };
            let data = reader.data_bytes();
            reader.feed(&bytes[data.start as usize..data.end as usize]);
            let overview = reader.finish();
            if let Some(records) =
                overview.segments.first().and_then(|first| overview.records_for(first.start_s, first.start_s + 1.0, 4))
            {
                let range = overview.byte_range(&records);
                overview.decode_window(records, &bytes[range.start as usize..range.end as usize]);
            }
        });
        assert!(outcome.is_ok(), "edf_overview/{name} panics again");
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
