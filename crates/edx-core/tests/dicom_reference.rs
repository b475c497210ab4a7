//! DICOM waveforms read by edx-core: the public 12-lead ECG checked against pydicom's values in
//! `reference.json`, and hand-built Electromyogram Waveform Storage files (no public one exists)
//! covering implicit VR, a missing preamble and a non-zero channel baseline.

mod common;

use common::dicom_writer::Writer;
use common::{assert_close, number, numbers, reference_entry};
use edx_core::formats::dicom::{DicomError, ELECTROMYOGRAM_WAVEFORM_STORAGE};
use edx_core::formats::{self, FormatError, InputFile};
use edx_core::model::Unit;

#[test]
fn twelve_lead_ecg_matches_pydicom() {
    let path = "pydicom/waveform_ecg.dcm";
    let expected = reference_entry("dicom_and_wav", path);
    let bytes = common::bytes(path);
    let recording = formats::read(InputFile { name: path, bytes: &bytes }).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(recording.format, "DICOM 12-lead ECG waveform");
    let groups = expected["groups"].as_array().unwrap();
    let mut channels = recording.channels.iter();
    for group in groups {
        for reference_channel in group["channels"].as_array().unwrap() {
            let channel = channels.next().expect("a channel per reference channel");
            let code = reference_channel["channel_source_code"].as_str().unwrap();
            let meaning = code.split(") ").nth(1).unwrap();
            assert!(channel.label.ends_with(meaning), "label {:?} for {code:?}", channel.label);
            assert!(channel.label.starts_with(group["label"].as_str().unwrap()), "group label in {:?}", channel.label);
            assert_eq!(channel.unit, Unit::Microvolt);
            assert_eq!(channel.sampling_rate_hz, number(&group["sampling_frequency_hz"]));
            let samples = &channel.segments[0].samples;
            assert_eq!(samples.len() as f64, number(&group["n_samples"]));
            let first_five: Vec<f64> = samples[..5].iter().map(|&value| f64::from(value)).collect();
            assert_close(&first_five, &numbers(&reference_channel["first5_physical"]), 1e-9, &channel.label);
            let raw_sum: f64 =
                samples.iter().map(|&value| f64::from(value) / number(&reference_channel["sensitivity"])).sum();
            assert!(
                (raw_sum - number(&reference_channel["raw_sum"])).abs() < 1e-3,
                "{}: raw sum {raw_sum}",
                channel.label
            );
        }
    }
    assert!(channels.next().is_none(), "no extra channels");
}

/// How a hand-built DICOM file opens, from the full Part 10 form to a bare data set.
#[derive(Debug, Clone, Copy)]
enum Opening {
    /// 128-byte preamble, `DICM`, file meta group.
    Preamble,
    /// `DICM` at byte 0, then the file meta group.
    DicmOnly,
    /// The file meta group at byte 0.
    MetaOnly,
    /// The data set at byte 0, its transfer syntax unstated.
    BareDataSet,
}

/// An Electromyogram Waveform Storage file: one group, 2 channels of 4 samples at 20 kHz in µV,
/// the second channel with sensitivity 0.5, correction 2 and baseline −10 µV.
fn emg_dicom(explicit: bool, opening: Opening) -> Vec<u8> {
    let mut writer = Writer { bytes: Vec::new(), explicit };
    if matches!(opening, Opening::Preamble) {
        writer.bytes.extend([0u8; 128]);
    }
    if matches!(opening, Opening::Preamble | Opening::DicmOnly) {
        writer.bytes.extend(b"DICM");
    }
    if !matches!(opening, Opening::BareDataSet) {
        let syntax: &[u8] = if explicit { b"1.2.840.10008.1.2.1" } else { b"1.2.840.10008.1.2" };
        let mut meta = Writer { bytes: Vec::new(), explicit: true };
        meta.element(0x0002, 0x0010, b"UI", syntax);
        writer.bytes.extend(meta.bytes);
    }
    writer.element(0x0008, 0x0016, b"UI", ELECTROMYOGRAM_WAVEFORM_STORAGE.as_bytes());
    writer.element(0x0008, 0x0060, b"CS", b"EMG");
    writer.element(0x0010, 0x0010, b"PN", b"Test^Patient");
    let channel = |label: &[u8], sensitivity: &[u8], correction: &[u8], baseline: &[u8]| {
        Writer::nested(explicit, |item| {
            item.element(0x003A, 0x0203, b"SH", label);
            item.element(0x003A, 0x0210, b"DS", sensitivity);
            let units = Writer::nested(explicit, |unit| unit.element(0x0008, 0x0100, b"SH", b"uV"));
            item.sequence(0x003A, 0x0211, &[units]);
            item.element(0x003A, 0x0212, b"DS", correction);
            item.element(0x003A, 0x0213, b"DS", baseline);
            item.element(0x003A, 0x0220, b"DS", b"10");
            item.element(0x003A, 0x0221, b"DS", b"10000");
        })
    };
    let raw: [i16; 8] = [100, 100, -50, 40, 0, 0, 7, -1];
    let data: Vec<u8> = raw.iter().flat_map(|value| value.to_le_bytes()).collect();
    let group = Writer::nested(explicit, |item| {
        item.element(0x003A, 0x0005, b"US", &2u16.to_le_bytes());
        item.element(0x003A, 0x0010, b"UL", &4u32.to_le_bytes());
        item.element(0x003A, 0x001A, b"DS", b"20000");
        item.element(0x003A, 0x0020, b"SH", b"NEEDLE");
        item.sequence(
            0x003A,
            0x0200,
            &[channel(b"EMG R TA", b"1", b"1", b"0"), channel(b"EMG L TA", b"0.5", b"2", b"-10")],
        );
        item.element(0x5400, 0x1004, b"US", &16u16.to_le_bytes());
        item.element(0x5400, 0x1006, b"CS", b"SS");
        item.element(0x5400, 0x1010, b"OW", &data);
    });
    writer.sequence(0x5400, 0x0100, &[group]);
    writer.bytes
}

#[test]
fn electromyogram_class_with_baseline_added_after_scaling() {
    for (explicit, opening) in [(true, Opening::Preamble), (false, Opening::Preamble), (false, Opening::BareDataSet)] {
        let bytes = emg_dicom(explicit, opening);
        let recording =
            formats::dicom::read(&bytes).unwrap_or_else(|error| panic!("explicit {explicit}, {opening:?}: {error}"));
        assert_eq!(recording.format, "DICOM Electromyogram waveform");
        assert_eq!(recording.patient, "Test^Patient");
        let [right, left] = &recording.channels[..] else { panic!("two channels") };
        assert_eq!((right.label.as_str(), left.label.as_str()), ("EMG R TA", "EMG L TA"));
        assert_eq!(right.sampling_rate_hz, 20_000.0);
        assert_eq!(right.prefiltering, "HP:10Hz LP:10000Hz");
        assert_eq!(right.segments[0].samples, vec![100.0, -50.0, 0.0, 7.0]);
        // raw × 0.5 × 2 + (−10): pydicom before 2.4 would have given (raw − 10) × 1.
        assert_eq!(left.segments[0].samples, vec![90.0, 30.0, -10.0, -11.0]);
    }
}

/// Part 10 files without the preamble, and bare data sets in either VR, are recognised by their
/// content through the public entry point, whatever their name.
#[test]
fn files_without_the_preamble_are_recognised_and_read() {
    for explicit in [true, false] {
        for opening in [Opening::DicmOnly, Opening::MetaOnly, Opening::BareDataSet] {
            let case = format!("explicit {explicit}, {opening:?}");
            let bytes = emg_dicom(explicit, opening);
            let results = formats::read_files(&[InputFile { name: "export.bin", bytes: &bytes }]);
            let recording = results[0].as_ref().unwrap_or_else(|error| panic!("{case}: {error}"));
            assert_eq!(recording.format, "DICOM Electromyogram waveform", "{case}");
            let syntax = if explicit { "explicit VR" } else { "implicit VR" };
            assert!(recording.notes[0].ends_with(&format!("{syntax} little endian")), "{case}: {:?}", recording.notes);
            let [right, left] = &recording.channels[..] else { panic!("{case}: two channels") };
            assert_eq!(right.segments[0].samples, vec![100.0, -50.0, 0.0, 7.0], "{case}");
            assert_eq!(left.segments[0].samples, vec![90.0, 30.0, -10.0, -11.0], "{case}");
        }
    }
}

#[test]
fn truncated_waveform_data_is_an_error_naming_the_element() {
    let bytes = emg_dicom(true, Opening::Preamble);
    let error = formats::dicom::read(&bytes[..bytes.len() - 30]).expect_err("truncated");
    assert!(matches!(error, DicomError::Truncated { .. }), "{error}");
}

#[test]
fn an_image_is_not_a_waveform() {
    let mut writer = Writer { bytes: vec![0u8; 128], explicit: true };
    writer.bytes.extend(b"DICM");
    writer.element(0x0002, 0x0010, b"UI", b"1.2.840.10008.1.2.1");
    writer.element(0x0008, 0x0016, b"UI", b"1.2.840.10008.5.1.4.1.1.2");
    writer.element(0x0008, 0x0060, b"CS", b"CT");
    let error = formats::read(InputFile { name: "scan.dcm", bytes: &writer.bytes }).expect_err("no waveform");
    assert!(matches!(error.kind, FormatError::Dicom(DicomError::NoWaveform { .. })), "{error}");
    assert!(error.to_string().contains("modality CT"), "{error}");
}
