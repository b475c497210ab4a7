//! WFDB records read by edx-core, checked against the values wfdb-python recorded for the same
//! files in `reference.json`.

mod common;

use common::{assert_close, number, numbers, reference_entry};
use edx_core::formats::wfdb::WfdbError;
use edx_core::formats::{self, FormatError, InputFile};
use edx_core::model::{Recording, Unit};

/// Reads a record from its header and every other file in the same folder.
fn read_record(record_path: &str) -> Result<Recording, formats::ReadError> {
    let header_path = format!("{record_path}.hea");
    let folder = std::path::Path::new(&header_path).parent().unwrap().to_path_buf();
    let mut names = vec![header_path.clone()];
    for entry in std::fs::read_dir(common::shared_data_dir().join(&folder)).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_dir() {
            continue;
        }
        let path = folder.join(entry.file_name());
        let path = path.to_string_lossy().into_owned();
        if path != header_path {
            names.push(path);
        }
    }
    let contents: Vec<Vec<u8>> = names.iter().map(|name| common::bytes(name)).collect();
    let files: Vec<InputFile> = names.iter().zip(&contents).map(|(name, bytes)| InputFile { name, bytes }).collect();
    let mut results = formats::read_files(&files);
    let position = results.iter().position(|result| match result {
        Ok(recording) => recording.file_name == header_path,
        Err(error) => error.file_name == header_path,
    });
    results.swap_remove(position.unwrap_or_else(|| panic!("{header_path} was not read")))
}

#[track_caller]
fn check_single_segment(record_path: &str) {
    let expected = reference_entry("wfdb", record_path);
    let recording = read_record(record_path).unwrap_or_else(|error| panic!("{error}"));
    assert!(recording.warnings.is_empty(), "{record_path}: {:?}", recording.warnings);
    let names = expected["sig_name"].as_array().unwrap();
    assert_eq!(recording.channels.len(), names.len(), "{record_path}: signals");
    for (signal_idx, channel) in recording.channels.iter().enumerate() {
        let what = format!("{record_path} '{}'", channel.label);
        assert_eq!(channel.label, names[signal_idx].as_str().unwrap(), "{what}: label");
        assert_eq!(channel.unit, Unit::parse(expected["units"][signal_idx].as_str().unwrap()), "{what}: unit");
        let frames_per_second = number(&expected["fs"]);
        let samples_per_frame = number(&expected["samps_per_frame"][signal_idx]);
        assert!((channel.sampling_rate_hz - frames_per_second * samples_per_frame).abs() < 1e-9, "{what}: rate");
        let signal = &expected["signals"][names[signal_idx].as_str().unwrap()];
        let samples = &channel.segments[0].samples;
        assert_eq!(samples.len() as f64, number(&expected["sig_len"]) * samples_per_frame, "{what}: samples");
        let gain = number(&expected["adc_gain"][signal_idx]);
        let first_five: Vec<f64> = samples[..5].iter().map(|&value| f64::from(value)).collect();
        let expected_first_five = numbers(&signal["first5_physical"]);
        // One least-significant bit, or f32's own precision for 32-bit samples of large value.
        let largest = expected_first_five.iter().fold(0.0f64, |largest, value| largest.max(value.abs()));
        assert_close(&first_five, &expected_first_five, (1.0 / gain).max(largest * 1.2e-7), &what);
        let last = f64::from(*samples.last().unwrap());
        assert!(
            (last - number(&signal["last_physical"])).abs() <= (1.0 / gain).max(last.abs() * 1.2e-7),
            "{what}: last {last}"
        );
        assert_eq!(
            samples.iter().filter(|value| value.is_nan()).count() as f64,
            number(&signal["n_invalid"]),
            "{what}: invalid samples"
        );
    }
    let comments: Vec<&str> =
        expected["comments"].as_array().unwrap().iter().map(|comment| comment.as_str().unwrap()).collect();
    assert_eq!(recording.notes, comments, "{record_path}: info lines");
}

#[test]
fn physionet_needle_emg_healthy() {
    check_single_segment("physionet-emgdb/emg_healthy");
}

#[test]
fn physionet_needle_emg_myopathy_with_lower_case_units() {
    check_single_segment("physionet-emgdb/emg_myopathy");
}

#[test]
fn every_binary_format() {
    check_single_segment("wfdb-python/binformats");
}

#[test]
fn format_212_interleaved_with_baseline_from_adc_zero() {
    check_single_segment("wfdb-python/100");
}

#[test]
fn format_80_with_fractional_base_time() {
    check_single_segment("wfdb-python/3000003_0003");
}

#[test]
fn format_310_and_311_with_partial_groups() {
    for record in ["310derive", "310derive_2", "310derive_3", "311derive", "311derive_2", "311derive_4"] {
        check_single_segment(&format!("wfdb-python/{record}"));
    }
}

#[test]
fn four_signals_in_one_file() {
    check_single_segment("wfdb-python/test01_00s");
}

#[test]
fn flac_formats_are_refused_by_name() {
    let error = read_record("wfdb-python/mixedsignals").expect_err("FLAC is not read");
    assert!(matches!(error.kind, FormatError::Wfdb(WfdbError::Flac { format: 516 })), "{error}");
    assert!(error.to_string().starts_with("wfdb-python/mixedsignals.hea: format 516 is FLAC-compressed"), "{error}");
}

#[track_caller]
fn check_multi_segment(record_path: &str) {
    let expected = reference_entry("wfdb", record_path);
    let recording = read_record(record_path).unwrap_or_else(|error| panic!("{error}"));
    assert!(recording.warnings.is_empty(), "{record_path}: {:?}", recording.warnings);
    let names = expected["sig_name"].as_array().unwrap();
    assert_eq!(recording.channels.len(), names.len());
    for (channel, name) in recording.channels.iter().zip(names) {
        let what = format!("{record_path} '{}'", channel.label);
        assert_eq!(channel.label, name.as_str().unwrap(), "{what}: label");
        let signal = &expected["signals"][name.as_str().unwrap()];
        let samples: Vec<f64> =
            channel.segments.iter().flat_map(|segment| &segment.samples).map(|&value| f64::from(value)).collect();
        if let Some(n_samples) = signal.get("n_samples") {
            assert_eq!(samples.len() as f64, number(n_samples), "{what}: samples");
        }
        let expected_first_five = numbers(&signal["first5_physical"]);
        // reference.json rounds to 6 decimals; f32 keeps 24 significant bits.
        let largest = expected_first_five.iter().fold(1.0f64, |largest, value| largest.max(value.abs()));
        assert_close(&samples[..5], &expected_first_five, 1e-6 + largest * 1.2e-7, &what);
        assert_eq!(
            samples.iter().filter(|value| value.is_nan()).count() as f64,
            number(&signal["n_nan"]),
            "{what}: invalid samples"
        );
        let nan_sum: f64 = samples.iter().filter(|value| !value.is_nan()).sum();
        let expected_sum = number(&signal["physical_nansum"]);
        assert!(
            (nan_sum - expected_sum).abs() < 1e-3 * expected_sum.abs().max(1.0),
            "{what}: sum {nan_sum} vs {expected_sum}"
        );
    }
}

#[test]
fn multi_segment_fixed_layout_with_multi_rate_frames() {
    check_multi_segment("wfdb-python/multi-segment/041s/041s");
}

#[test]
fn multi_segment_fixed_layout_sharing_one_data_file() {
    check_multi_segment("wfdb-python/multi-segment/fixed1/v102s");
}

#[test]
fn a_missing_data_file_is_named() {
    let header = common::bytes("physionet-emgdb/emg_healthy.hea");
    let results = formats::read_files(&[InputFile { name: "emg_healthy.hea", bytes: &header }]);
    let error = results[0].as_ref().expect_err("no data file");
    assert!(
        matches!(&error.kind, FormatError::Wfdb(WfdbError::MissingFile { name }) if name == "emg_healthy.dat"),
        "{error}"
    );
}

#[test]
fn a_data_file_alone_suggests_its_header() {
    let data = common::bytes("physionet-emgdb/emg_healthy.dat");
    let results = formats::read_files(&[InputFile { name: "emg_healthy.dat", bytes: &data }]);
    let error = results[0].as_ref().expect_err("no header");
    assert!(error.to_string().contains("open it together with its .hea header"), "{error}");
}

/// A format-16 segment record called `name`, one signal per `(label, samples)` at 1000 frames per
/// second and 1 adu per mV, as its header and its data file.
fn segment_record(name: &str, signals: &[(&str, &[i16])]) -> [(String, Vec<u8>); 2] {
    let n_frames = signals.first().map_or(0, |(_, samples)| samples.len());
    let mut header = format!("{name} {} 1000 {n_frames}\n", signals.len());
    for (label, samples) in signals {
        let checksum = samples.iter().fold(0u16, |sum, &value| sum.wrapping_add(value as u16));
        header.push_str(&format!("{name}.dat 16 1/mV 16 0 {} {checksum} 0 {label}\n", samples[0]));
    }
    let data: Vec<u8> = (0..n_frames)
        .flat_map(|frame_idx| signals.iter().flat_map(move |(_, samples)| samples[frame_idx].to_le_bytes()))
        .collect();
    [(format!("{name}.hea"), header.into_bytes()), (format!("{name}.dat"), data)]
}

/// Reads the record whose master header comes first among `files`.
fn read_synthetic(files: &[(String, Vec<u8>)]) -> Result<Recording, formats::ReadError> {
    let inputs: Vec<InputFile> = files.iter().map(|(name, bytes)| InputFile { name, bytes }).collect();
    formats::read_files(&inputs).remove(0)
}

/// Each segment of a channel as (start in ms, samples).
fn segments_of(recording: &Recording, label: &str) -> Vec<(f64, Vec<f32>)> {
    let channel = recording.channels.iter().find(|channel| channel.label == label).unwrap_or_else(|| {
        panic!("no channel '{label}' among {:?}", recording.channels.iter().map(|c| &c.label).collect::<Vec<_>>())
    });
    channel.segments.iter().map(|segment| ((segment.start_s * 1000.0).round(), segment.samples.clone())).collect()
}

/// A variable-layout record: the layout header names three signals; the first segment holds all
/// of them, a null segment of 2 frames follows, and the last segment holds two of them in another
/// order plus a signal the layout does not name.
#[test]
fn multi_segment_variable_layout_matches_signals_by_name_and_keeps_null_segments_as_gaps() {
    let mut files = vec![("var.hea".to_string(), b"var/4 3 1000 10\nlayout 0\nfirst 3\n~ 2\nlast 5\n".to_vec())];
    files.push((
        "layout.hea".to_string(),
        b"layout 3 1000 0\n~ 0 1/mV 16 0 0 0 0 EMG R TA\n~ 0 1/mV 16 0 0 0 0 EMG R GM\n~ 0 1/mV 16 0 0 0 0 ECG\n"
            .to_vec(),
    ));
    files.extend(segment_record(
        "first",
        &[("EMG R TA", &[1, 2, 3]), ("EMG R GM", &[10, 20, 30]), ("ECG", &[100, 200, 300])],
    ));
    files.extend(segment_record(
        "last",
        &[("ECG", &[500, 501, 502, 503, 504]), ("EMG R TA", &[-1, -2, -3, -4, -5]), ("EMG L TA", &[7; 5])],
    ));
    let recording = read_synthetic(&files).unwrap_or_else(|error| panic!("{error}"));
    assert!(recording.format.contains("variable layout"), "{}", recording.format);
    let labels: Vec<&str> = recording.channels.iter().map(|channel| channel.label.as_str()).collect();
    assert_eq!(labels, ["EMG R TA", "EMG R GM", "ECG"], "channels follow the layout header");
    assert_eq!(
        segments_of(&recording, "EMG R TA"),
        [(0.0, vec![1.0, 2.0, 3.0]), (5.0, vec![-1.0, -2.0, -3.0, -4.0, -5.0])]
    );
    assert_eq!(segments_of(&recording, "EMG R GM"), [(0.0, vec![10.0, 20.0, 30.0])], "absent from the last segment");
    assert_eq!(
        segments_of(&recording, "ECG"),
        [(0.0, vec![100.0, 200.0, 300.0]), (5.0, vec![500.0, 501.0, 502.0, 503.0, 504.0])]
    );
    assert_eq!(recording.warnings.len(), 1, "{:?}", recording.warnings);
    assert!(recording.warnings[0].contains("'EMG L TA' was skipped"), "{:?}", recording.warnings);
}

/// A fixed-layout record with a null segment between two segments: the gap stays a gap.
#[test]
fn multi_segment_fixed_layout_null_segment_is_a_gap() {
    let mut files = vec![("fix.hea".to_string(), b"fix/3 1 1000 7\nfa 2\n~ 3\nfb 2\n".to_vec())];
    files.extend(segment_record("fa", &[("EMG", &[4, 5])]));
    files.extend(segment_record("fb", &[("EMG", &[6, 7])]));
    let recording = read_synthetic(&files).unwrap_or_else(|error| panic!("{error}"));
    assert!(recording.warnings.is_empty(), "{:?}", recording.warnings);
    assert_eq!(segments_of(&recording, "EMG"), [(0.0, vec![4.0, 5.0]), (5.0, vec![6.0, 7.0])]);
}

/// Segments adding up to more frames than the master header gives are read up to its count.
#[test]
fn multi_segment_reading_stops_at_the_master_frame_count() {
    let mut files = vec![("rep.hea".to_string(), b"rep/4 1 1000 5\nr 2\nr 2\nr 2\nr 2\n".to_vec())];
    files.extend(segment_record("r", &[("EMG", &[8, 9])]));
    let recording = read_synthetic(&files).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(segments_of(&recording, "EMG"), [(0.0, vec![8.0, 9.0, 8.0, 9.0, 8.0])]);
    assert_eq!(recording.warnings.len(), 1, "{:?}", recording.warnings);
    assert!(recording.warnings[0].contains("master header's 5"), "{:?}", recording.warnings);
}

/// A master header without a frame count that repeats one segment far beyond what its data file
/// holds is refused before it decodes without bound.
#[test]
fn multi_segment_repeating_a_segment_beyond_the_input_is_refused() {
    let mut master = String::from("rep/200 1 1000\n");
    master.push_str(&"big 10000\n".repeat(200));
    let samples: Vec<i16> = (0..10_000).map(|sample_idx| (sample_idx % 300) as i16).collect();
    let mut files = vec![("rep.hea".to_string(), master.into_bytes())];
    files.extend(segment_record("big", &[("EMG", &samples)]));
    let error = read_synthetic(&files).expect_err("200 copies of one data file are not read");
    assert!(
        matches!(error.kind, FormatError::Wfdb(WfdbError::SegmentsExceedInput { input_bytes, .. }) if input_bytes > 20_000),
        "{error}"
    );
    assert!(error.to_string().starts_with("rep.hea: the master header's segments"), "{error}");
}
