//! EDF/EDF+/BDF/BDF+ files read by edx-core, checked against the values pyEDFlib (EDFlib, C)
//! recorded for the same files in `reference.json`.

mod common;

use common::{assert_close, number, numbers, reference_entry};
use edx_core::formats::{self, InputFile};
use edx_core::model::{CivilDateTime, Recording, Unit};

fn read(relative_path: &str) -> Recording {
    let bytes = common::bytes(relative_path);
    formats::read(InputFile { name: relative_path, bytes: &bytes }).unwrap_or_else(|error| panic!("{error}"))
}

/// Every ordinary signal's label, unit, rate, sample count, first five values (within one
/// least-significant bit) and sum; the start time; and the annotations.
#[track_caller]
fn check_against_pyedflib(relative_path: &str) {
    check_against_pyedflib_with_bogus_annotations(relative_path, 0);
}

/// As [`check_against_pyedflib`], for a file where pyEDFlib reports `n_bogus` annotations whose
/// text is an onset (unclosed Nihon Kohden TALs), which edxview recovers as TALs instead.
#[track_caller]
fn check_against_pyedflib_with_bogus_annotations(relative_path: &str, n_bogus: usize) {
    let entry = reference_entry("edf_pyedflib", relative_path);
    let expected = &entry["pyedflib"];
    let recording = read(relative_path);
    let signals = expected["signals"].as_array().expect("signals");
    assert_eq!(recording.channels.len(), signals.len(), "{relative_path}: ordinary signals");
    for (channel, signal) in recording.channels.iter().zip(signals) {
        let what = format!("{relative_path} '{}'", channel.label);
        assert_eq!(channel.label, signal["label"].as_str().unwrap(), "{what}: label");
        assert_eq!(channel.unit, Unit::parse(signal["physical_dimension"].as_str().unwrap()), "{what}: unit");
        assert!((channel.sampling_rate_hz - number(&signal["sample_frequency_hz"])).abs() < 1e-9, "{what}: rate");
        assert_eq!(channel.n_samples() as f64, number(&signal["n_samples"]), "{what}: samples");
        let least_significant_bit = (number(&signal["physical_max"]) - number(&signal["physical_min"])).abs()
            / (number(&signal["digital_max"]) - number(&signal["digital_min"]));
        // reference.json lists values for the first signals of the larger files only.
        if !signal["first5_physical"].is_null() {
            let first_five: Vec<f64> = channel.segments[0].samples[..5].iter().map(|&value| f64::from(value)).collect();
            assert_close(&first_five, &numbers(&signal["first5_physical"]), least_significant_bit, &what);
        }
        if signal["physical_sum"].is_null() {
            continue;
        }
        let sum: f64 =
            channel.segments.iter().flat_map(|segment| &segment.samples).map(|&value| f64::from(value)).sum();
        let expected_sum = number(&signal["physical_sum"]);
        let largest = number(&signal["physical_max"]).abs().max(number(&signal["physical_min"]).abs());
        let sum_tolerance = channel.n_samples() as f64 * largest * 1e-7 + 1e-3;
        assert!((sum - expected_sum).abs() <= sum_tolerance, "{what}: sum {sum}, expected {expected_sum}");
    }
    check_start(&recording, expected["startdatetime"].as_str().unwrap(), relative_path);
    check_annotations(&recording, expected, relative_path, n_bogus);
}

/// pyEDFlib prints the start with the first record's sub-second offset; edxview keeps the
/// header's whole-second start and puts the offset in the first segment's start time.
fn check_start(recording: &Recording, expected: &str, relative_path: &str) {
    let start = recording.start.unwrap_or_else(|| panic!("{relative_path}: no start time"));
    let whole_seconds = expected.split('.').next().unwrap();
    assert_eq!(start.to_string(), whole_seconds, "{relative_path}: start");
}

/// pyEDFlib gives onsets relative to the first data record and reports the unclosed Nihon
/// Kohden TAL onsets as annotations; edxview gives onsets relative to the header start and
/// recovers those TALs, so the comparison shifts onsets, drops the `n_bogus` onset texts from the
/// count and skips them among the first annotations reference.json lists.
#[track_caller]
fn check_annotations(recording: &Recording, expected: &serde_json::Value, relative_path: &str, n_bogus: usize) {
    let first_record_offset_s = recording.channels.first().map_or(0.0, |channel| channel.segments[0].start_s);
    let is_onset_text = |text: &str| {
        text.strip_prefix(['+', '-']).is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|character| character.is_ascii_digit() || character == '.')
        })
    };
    let listed = expected["first_annotations"].as_array().unwrap();
    let expected_annotations: Vec<&serde_json::Value> =
        listed.iter().filter(|annotation| !is_onset_text(annotation["text"].as_str().unwrap())).collect();
    assert!(
        listed.len() - expected_annotations.len() <= n_bogus,
        "{relative_path}: pyEDFlib lists more onset texts than the {n_bogus} expected"
    );
    assert_eq!(
        recording.annotations.len() as f64,
        number(&expected["n_annotations"]) - n_bogus as f64,
        "{relative_path}: annotation count"
    );
    for (found, wanted) in recording.annotations.iter().zip(&expected_annotations) {
        let what = format!("{relative_path} annotation {:?}", found.text);
        assert_eq!(found.text, wanted["text"].as_str().unwrap(), "{what}: text");
        assert!(
            (found.onset_s - first_record_offset_s - number(&wanted["onset_s"])).abs() < 1e-6,
            "{what}: onset {}",
            found.onset_s
        );
        let expected_duration = number(&wanted["duration_s"]);
        let expected_duration = (expected_duration >= 0.0).then_some(expected_duration);
        assert_eq!(found.duration_s, expected_duration, "{what}: duration");
    }
}

#[test]
fn edfreader_bdf_plus_c() {
    check_against_pyedflib("edfreader-r/bdfPlusC.bdf");
}

#[test]
fn edfreader_edf_annotations_in_two_signals_with_subsecond_start() {
    check_against_pyedflib("edfreader-r/edfAnnonC.edf");
    let recording = read("edfreader-r/edfAnnonC.edf");
    assert!(
        (recording.channels[0].segments[0].start_s - 0.7).abs() < 1e-9,
        "the first record starts 0.7 s after the header time"
    );
    assert!(
        (recording.annotations[0].onset_s - 0.749).abs() < 1e-9,
        "onsets are relative to the header start, as edfReader reports"
    );
}

#[test]
fn edfreader_edf_plus_c() {
    check_against_pyedflib("edfreader-r/edfPlusC.edf");
}

#[test]
fn mne_duplicate_channel_labels() {
    check_against_pyedflib("mne-python/duplicate_channel_labels.edf");
}

#[test]
fn mne_bdf_stim_channel() {
    check_against_pyedflib("mne-python/test_bdf_stim_channel.bdf");
}

#[test]
fn mne_edf_nonstandard_reserved_field_and_fractional_record_duration() {
    check_against_pyedflib("mne-python/test_edf_stim_channel.edf");
}

#[test]
fn mne_uneven_sampling_rate() {
    check_against_pyedflib("mne-python/test_uneven_samp.edf");
}

#[test]
fn mne_hypnogram_annotation_only() {
    check_against_pyedflib("mne-testing-data/SC4001EC-Hypnogram.edf");
}

#[test]
fn mne_nihon_kohden_unclosed_tals_are_recovered() {
    // pyEDFlib counts 8 annotations: the 5 real ones, and the onset-like texts `+0.000000`,
    // `+1.000000` and `+2.000000` of records 0, 2 and 3 (bytes `+0\x14+0.000000\x14\x00`),
    // which edxview reads as onsets; reference.json lists the first five of the eight.
    check_against_pyedflib_with_bogus_annotations("mne-testing-data/chtypes_edf.edf", 3);
    let recording = read("mne-testing-data/chtypes_edf.edf");
    assert!(
        recording.annotations.iter().all(|annotation| !annotation.text.starts_with('+')),
        "{:?}",
        recording.annotations
    );
    assert!(recording.warnings.iter().any(|warning| warning.contains("Nihon Kohden")), "{:?}", recording.warnings);
}

#[test]
fn mne_subsecond_start() {
    check_against_pyedflib("mne-testing-data/subsecond_starttime.edf");
}

#[test]
fn mne_utf8_annotations() {
    check_against_pyedflib("mne-testing-data/test_utf8_annotations.edf");
}

#[test]
fn pyedflib_generator_bdf() {
    check_against_pyedflib("pyedflib/test_generator.bdf");
}

#[test]
fn pyedflib_generator_edf() {
    check_against_pyedflib("pyedflib/test_generator.edf");
}

#[test]
fn pyedflib_half_second_records_bdf() {
    check_against_pyedflib("pyedflib/test_generator_datarec_generator_0_5.bdf");
}

#[test]
fn pyedflib_subsecond() {
    check_against_pyedflib("pyedflib/test_subsecond.edf");
}

#[test]
fn pyedflib_utf8() {
    check_against_pyedflib("pyedflib/test_utf8.edf");
}

#[test]
fn wfdb_annotation_only_edf() {
    check_against_pyedflib("wfdb-python/test_edfann.edf");
}

/// pyEDFlib cannot read EDF+D; this BDF even says `EDF+D`. Its records are byte-identical to
/// the records of `bdfPlusC.bdf` with the same onsets, as `reference.json` records.
#[test]
fn edfreader_bdf_plus_d_keeps_its_gaps() {
    let entry = reference_entry("edf_discontinuous", "edfreader-r/bdfPlusD.bdf");
    let recording = read("edfreader-r/bdfPlusD.bdf");
    assert_eq!(recording.format, "BDF+D");
    assert!(recording.warnings.iter().any(|warning| warning.contains("EDF+D")), "{:?}", recording.warnings);
    let onsets = numbers(&entry["record_onsets_s"]);
    let duration_s = number(&entry["record_duration"]);
    let channel = &recording.channels[0];
    assert!(channel.segments.iter().all(|segment| segment.samples.len() as f64 == 200.0 * duration_s));
    // One segment per data record, each at its own onset: gaps stay gaps.
    let segment_starts: Vec<f64> = channel.segments.iter().map(|segment| segment.start_s).collect();
    assert_eq!(segment_starts, onsets, "every record keeps its own start time");
    assert_eq!(channel.n_samples(), onsets.len() * 200);
    let labels = entry["labels"].as_array().unwrap();
    assert_eq!(recording.channels.len(), labels.len() - 1, "the annotation signal is not a channel");
    for (label, by_record) in entry["first5_physical_by_record"].as_object().unwrap() {
        let channel = recording.channels.iter().find(|channel| &channel.label == label).unwrap();
        for (key, expected) in by_record.as_object().unwrap() {
            let onset_s: f64 = key.split("_onset").nth(1).unwrap().trim_end_matches("s_first5").parse().unwrap();
            let samples_per_record = 200;
            let record_start = channel
                .segments
                .iter()
                .find_map(|segment| {
                    let offset_s = onset_s - segment.start_s;
                    let records_in = (offset_s / duration_s).round();
                    (offset_s >= -1e-9 && (records_in as usize) * samples_per_record < segment.samples.len())
                        .then(|| &segment.samples[records_in as usize * samples_per_record..])
                })
                .unwrap_or_else(|| panic!("no record at {onset_s} s"));
            let found: Vec<f64> = record_start[..5].iter().map(|&value| f64::from(value)).collect();
            assert_close(&found, &numbers(expected), 1e-4, &format!("{label} {key}"));
        }
    }
}

/// The full-resolution ASCII export of `edfPlusC.edf` made by edfReader: every sample.
#[test]
fn edfreader_edf_plus_c_matches_its_full_text_export() {
    let recording = read("edfreader-r/edfPlusC.edf");
    let text = String::from_utf8(common::bytes("edfreader-r/edfPlusC_data.txt")).unwrap();
    let mut n_rows = 0;
    for (row_idx, line) in text.lines().skip(1).enumerate() {
        let values: Vec<f64> = line.split(',').map(|value| value.parse().unwrap()).collect();
        assert!((values[0] - row_idx as f64 / 200.0).abs() < 1e-6, "row {row_idx}: time {}", values[0]);
        for (channel, expected) in recording.channels.iter().zip(&values[1..]) {
            let found = f64::from(channel.segments[0].samples[row_idx]);
            assert!((found - expected).abs() < 1e-4, "row {row_idx} '{}': {found} vs {expected}", channel.label);
        }
        n_rows += 1;
    }
    assert_eq!(n_rows, recording.channels[0].n_samples());
    assert_eq!(
        recording.start,
        Some(CivilDateTime { year: 2009, month: 12, day: 10, hour: 12, minute: 44, second: 2, microsecond: 0 })
    );
}
