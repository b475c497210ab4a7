//! Every broken or unsupported input gets its own specific error, never a panic: the broken
//! files of the shared data and hand-made corruptions of good files, one line per case.

mod common;

use edx_core::formats::dicom::DicomError;
use edx_core::formats::edf::EdfError;
use edx_core::formats::text::TextError;
use edx_core::formats::wav::WavError;
use edx_core::formats::wfdb::WfdbError;
use edx_core::formats::{self, FileKind, FormatError, InputFile};

/// One corruption: a name, the corrupted input, and the error it must produce.
type Case<Input, Error> = (&'static str, Input, fn(&Error) -> bool);

/// Reads `bytes` as a file called `name` and returns the error's kind.
#[track_caller]
fn error_of(name: &str, bytes: &[u8]) -> FormatError {
    match formats::read_files(&[InputFile { name, bytes }]).remove(0) {
        Ok(recording) => panic!("{name}: read without error as {}", recording.format),
        Err(error) => {
            assert_eq!(error.file_name, name, "the message names the file");
            assert!(error.to_string().starts_with(&format!("{name}: ")), "{error}");
            error.kind
        }
    }
}

/// A good EDF+C file to corrupt.
fn edf() -> Vec<u8> {
    common::bytes("edfreader-r/edfPlusC.edf")
}

/// Overwrites the fixed-header field at `offset` with `value`, space-padded to `width`.
fn with_field(mut bytes: Vec<u8>, offset: usize, width: usize, value: &str) -> Vec<u8> {
    let padded = format!("{value:<width$}");
    bytes[offset..offset + width].copy_from_slice(&padded.as_bytes()[..width]);
    bytes
}

/// Overwrites signal `signal_idx`'s field (`field_offset` per-signal block start, `width`).
fn with_signal_field(bytes: Vec<u8>, field_offset: usize, width: usize, signal_idx: usize, value: &str) -> Vec<u8> {
    let n_signals: usize = String::from_utf8_lossy(&bytes[252..256]).trim().parse().unwrap();
    with_field(bytes, 256 + n_signals * field_offset + signal_idx * width, width, value)
}

#[test]
fn edf_corruptions() {
    let cases: Vec<Case<Vec<u8>, EdfError>> = vec![
        ("truncated header", edf()[..200].to_vec(), |error| matches!(error, EdfError::TooShort { n_bytes: 200 })),
        ("absurd signal count", with_field(edf(), 252, 4, "9999"), |error| {
            matches!(error, EdfError::HeaderTruncated { n_signals: 9999, .. })
        }),
        ("negative signal count", with_field(edf(), 252, 4, "-3"), |error| {
            matches!(error, EdfError::SignalCount { .. })
        }),
        ("header size mismatch", with_field(edf(), 184, 8, "512"), |error| {
            matches!(error, EdfError::HeaderSize { declared: 512, .. })
        }),
        ("zero record duration", with_field(edf(), 244, 8, "0"), |error| {
            matches!(error, EdfError::RecordDuration { .. })
        }),
        ("text record duration", with_field(edf(), 244, 8, "one"), |error| {
            matches!(error, EdfError::RecordDuration { .. })
        }),
        ("zero records", with_field(edf(), 236, 8, "0"), |error| matches!(error, EdfError::RecordCount { .. })),
        ("digital range reversed", with_signal_field(edf(), 120, 8, 0, "32767"), |error| {
            matches!(error, EdfError::DigitalRange { signal_idx: 0, .. })
        }),
        ("digital range beyond 16 bits", with_signal_field(edf(), 128, 8, 1, "99999"), |error| {
            matches!(error, EdfError::DigitalLimits { signal_idx: 1, .. })
        }),
        (
            "equal physical limits",
            with_signal_field(with_signal_field(edf(), 104, 8, 2, "5"), 112, 8, 2, "5"),
            |error| matches!(error, EdfError::PhysicalRange { signal_idx: 2, .. }),
        ),
        ("non-numeric physical minimum", with_signal_field(edf(), 104, 8, 0, "low"), |error| {
            matches!(error, EdfError::SignalField { field: "physical minimum", .. })
        }),
        ("zero samples per record", with_signal_field(edf(), 216, 8, 0, "0"), |error| {
            matches!(error, EdfError::SignalField { field: "number of samples in each data record", .. })
        }),
        ("absurd samples per record", with_signal_field(edf(), 216, 8, 0, "99999999"), |error| {
            matches!(error, EdfError::RecordTooLarge { .. })
        }),
        ("no complete record", edf()[..3328 + 100].to_vec(), |error| {
            matches!(error, EdfError::Truncated { promised: 20, .. })
        }),
        ("bad version", with_field(edf(), 0, 8, "1"), |error| matches!(error, EdfError::Version { .. })),
    ];
    for (case, bytes, expected) in cases {
        let name = format!("{}.edf", case.replace(' ', "-"));
        match error_of(&name, &bytes) {
            FormatError::Edf(error) => assert!(expected(&error), "{case}: unexpected error {error}"),
            other => panic!("{case}: not an EDF error: {other}"),
        }
    }
}

#[test]
fn edf_plus_identification_fields_that_break_the_subfield_rules_are_read_with_a_warning() {
    let read =
        |bytes: &[u8]| formats::read(InputFile { name: "fields.edf", bytes }).unwrap_or_else(|error| panic!("{error}"));
    let mentions = |warnings: &[String], field: &str| warnings.iter().any(|warning| warning.contains(field));
    let good = read(&edf());
    assert!(
        !mentions(&good.warnings, "patient field") && !mentions(&good.warnings, "recording field"),
        "{:?}",
        good.warnings
    );
    let patient = read(&with_field(edf(), 8, 80, "John Smith"));
    assert_eq!(patient.patient, "John Smith", "shown as found");
    assert!(mentions(&patient.warnings, "the EDF+ patient field \"John Smith\""), "{:?}", patient.warnings);
    let recording = read(&with_field(edf(), 88, 80, "Recorded 10-DEC-2009 X X test_generator"));
    assert!(mentions(&recording.warnings, "recording field"), "{:?}", recording.warnings);
    assert!(mentions(&recording.warnings, "Startdate"), "{:?}", recording.warnings);
}

#[test]
fn edf_truncated_mid_record_offers_the_complete_records() {
    let bytes = edf();
    let record_bytes = (bytes.len() - 3328) / 20;
    let recording =
        formats::read(InputFile { name: "cut.edf", bytes: &bytes[..3328 + 7 * record_bytes + 10] }).unwrap();
    assert_eq!(recording.channels[0].n_samples(), 7 * 200);
    assert!(recording.warnings.iter().any(|warning| warning.contains("truncated")), "{:?}", recording.warnings);
}

#[test]
fn wfdb_corruptions() {
    let header = String::from_utf8(common::bytes("physionet-emgdb/emg_healthy.hea")).unwrap();
    let data = common::bytes("physionet-emgdb/emg_healthy.dat");
    let read = |header: &str, data: &[u8]| {
        let files = [
            InputFile { name: "emg.hea", bytes: header.as_bytes() },
            InputFile { name: "emg_healthy.dat", bytes: data },
        ];
        formats::read_files(&files).remove(0)
    };
    let cases: Vec<Case<String, WfdbError>> = vec![
        ("empty header", "# only a comment\n".into(), |error| matches!(error, WfdbError::EmptyHeader)),
        ("signal count beyond the lines", header.replacen("emg_healthy 1 4000", "emg_healthy 3 4000", 1), |error| {
            matches!(error, WfdbError::MissingLines { declared: 3, found: 1, .. })
        }),
        ("zero sampling rate", header.replacen(" 4000 ", " 0 ", 1), |error| {
            matches!(error, WfdbError::RecordLine { line_no: 1, .. })
        }),
        ("bad gain", header.replacen("10000/mV", "ten/mV", 1), |error| {
            matches!(error, WfdbError::SignalLine { line_no: 2, .. })
        }),
        ("unknown format", header.replacen(".dat 16 ", ".dat 17 ", 1), |error| {
            matches!(error, WfdbError::UnknownFormat { format: 17 })
        }),
        ("FLAC format", header.replacen(".dat 16 ", ".dat 508 ", 1), |error| {
            matches!(error, WfdbError::Flac { format: 508 })
        }),
        ("missing data file", header.replacen("emg_healthy.dat", "elsewhere.dat", 1), |error| {
            matches!(error, WfdbError::MissingFile { .. })
        }),
    ];
    for (case, header, expected) in cases {
        match read(&header, &data) {
            Err(formats::ReadError { kind: FormatError::Wfdb(error), .. }) => {
                assert!(expected(&error), "{case}: unexpected error {error}")
            }
            Err(other) => panic!("{case}: not a WFDB error: {other}"),
            Ok(_) => panic!("{case}: read without error"),
        }
    }
    let truncated = read(&header, &data[..1000]).expect("a truncated data file is read as far as it goes");
    assert!(truncated.warnings.iter().any(|warning| warning.contains("truncated")), "{:?}", truncated.warnings);
    let mut damaged = data.clone();
    damaged[100] ^= 0x55;
    let damaged = read(&header, &damaged).expect("a damaged data file is read");
    assert!(damaged.warnings.iter().any(|warning| warning.contains("checksum")), "{:?}", damaged.warnings);
}

#[test]
fn wav_corruptions() {
    let good = common::bytes("scipy-wav/test-44100Hz-le-1ch-4bytes.wav");
    let mut no_data = good[..0x48].to_vec();
    no_data[4..8].copy_from_slice(&(0x40u32).to_le_bytes());
    let mut compressed = good.clone();
    compressed[0x14..0x16].copy_from_slice(&2u16.to_le_bytes());
    let mut zero_channels = good.clone();
    zero_channels[0x16..0x18].copy_from_slice(&0u16.to_le_bytes());
    let cases: Vec<Case<Vec<u8>, WavError>> = vec![
        ("no data chunk", no_data, |error| matches!(error, WavError::MissingData)),
        ("compressed encoding", compressed, |error| matches!(error, WavError::UnsupportedEncoding { tag: 2 })),
        ("zero channels", zero_channels, |error| matches!(error, WavError::FormatField { field: "channels", .. })),
    ];
    for (case, bytes, expected) in cases {
        match error_of(&format!("{}.wav", case.replace(' ', "-")), &bytes) {
            FormatError::Wav(error) => assert!(expected(&error), "{case}: unexpected error {error}"),
            other => panic!("{case}: not a WAV error: {other}"),
        }
    }
}

#[test]
fn dicom_corruptions() {
    let good = common::bytes("pydicom/waveform_ecg.dcm");
    match error_of("cut.dcm", &good[..good.len() / 2]) {
        FormatError::Dicom(DicomError::Truncated { .. }) => {}
        other => panic!("not a truncation: {other}"),
    }
}

#[test]
fn text_corruptions() {
    let cases: Vec<Case<&[u8], TextError>> = vec![
        ("ragged rows", b"time,a,b\n0,1,2\n1,2\n2,3,4\n", |error| {
            matches!(error, TextError::ColumnCount { line_no: 3, .. })
        }),
        ("words in numbers", b"time,a\n0,1\n1,two\n2,3\n", |error| {
            matches!(error, TextError::NotANumber { line_no: 3, column: 2, .. })
        }),
    ];
    for (case, bytes, expected) in cases {
        match error_of(&format!("{}.csv", case.replace(' ', "-")), bytes) {
            FormatError::Text(error) => assert!(expected(&error), "{case}: unexpected error {error}"),
            other => panic!("{case}: not a text error: {other}"),
        }
    }
    // 1 kHz logged with one sample missing after row 600.
    let mut missing_sample = String::from("time_s,emg_uv\n");
    for sample_idx in (0..1000).filter(|&sample_idx| sample_idx != 600) {
        missing_sample.push_str(&format!("{:.6},{}\n", sample_idx as f64 / 1000.0, sample_idx % 7));
    }
    match error_of("missing-sample.csv", missing_sample.as_bytes()) {
        FormatError::Text(TextError::IrregularTime { .. }) => {}
        other => panic!("missing sample: {other}"),
    }
}

/// The start of a NicoletOne/Nervus `.e` file: the stream table at byte 172 (a count, then names
/// of 40 UTF-16LE code units with a u32 index), as FieldTrip's `read_nervus_header.m` reads it.
fn nicolet_e_start() -> Vec<u8> {
    let mut bytes = vec![0u8; 172];
    let names = ["ExtraDataTags", "SegmentStream", "DataStream"];
    bytes.extend((names.len() as u32).to_le_bytes());
    for (entry_idx, name) in names.iter().enumerate() {
        let mut entry: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
        entry.resize(80, 0);
        entry.extend((entry_idx as u32).to_le_bytes());
        bytes.extend(entry);
    }
    bytes
}

#[test]
fn known_but_unsupported_formats_say_what_they_are_and_what_to_do() {
    let nicolet = nicolet_e_start();
    let cases: [(&str, &[u8], FileKind, &str); 7] = [
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3", FileKind::Pdf, "EDF+ or DICOM"),
        ("patient.e", &nicolet, FileKind::NicoletE, "export the study as EDF+"),
        ("needle.smr", b"\x06\x00(C) CED 87\0\0\0\0", FileKind::Spike2, "export the channels from Spike2"),
        ("study.sd", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0", FileKind::OleCompound, "export the study as EDF+"),
        ("record.gdf", b"GDF 2.10 rest of header", FileKind::Gdf, "convert it to EDF+"),
        ("eeg.EEG", b"EEG-1200A V01.00 and more", FileKind::NihonKohdenEeg, "Nihon Kohden"),
        ("bundle.zip", b"PK\x03\x04rest", FileKind::Zip, "unpack"),
    ];
    for (name, bytes, kind, advice) in cases {
        match error_of(name, bytes) {
            FormatError::Unsupported { kind: found, advice: found_advice } => {
                assert_eq!(found, kind, "{name}");
                assert!(found_advice.contains(advice), "{name}: {found_advice}");
            }
            other => panic!("{name}: {other}"),
        }
    }
    assert!(matches!(error_of("random.bin", &[7u8, 1, 200, 3, 9]), FormatError::Unrecognized { .. }));
    match error_of("renamed.e", &[7u8, 1, 200, 3, 9]) {
        FormatError::Unrecognized { suggestion } => assert!(suggestion.contains("NicoletOne"), "{suggestion}"),
        other => panic!("an unrecognised .e file: {other}"),
    }
}
