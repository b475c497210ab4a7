//! The overview of a large EDF/BDF file (read slice by slice, envelopes without samples) agrees
//! with the whole-file reader on every shared EDF and BDF file: the same description,
//! annotations, warnings and segments, envelopes equal to those of the decoded samples, and
//! windows decoded from the file equal to the samples the whole-file reader gives.

mod common;

use edx_core::dsp::envelope::MinMaxPyramid;
use edx_core::formats::edf::overview::{
    header_length, OverviewReader, RecordingOverview, FIXED_HEADER_BYTES, OVERVIEW_FINEST_BIN,
};
use edx_core::model::Recording;

const FILES: [&str; 18] = [
    "mne-python/test_uneven_samp.edf",
    "mne-python/test_edf_stim_channel.edf",
    "mne-python/duplicate_channel_labels.edf",
    "mne-python/test_bdf_stim_channel.bdf",
    "pyedflib/test_generator.edf",
    "pyedflib/test_generator_datarec_generator_0_5.bdf",
    "pyedflib/test_generator.bdf",
    "pyedflib/test_utf8.edf",
    "pyedflib/test_subsecond.edf",
    "wfdb-python/test_edfann.edf",
    "mne-testing-data/chtypes_edf.edf",
    "mne-testing-data/SC4001EC-Hypnogram.edf",
    "mne-testing-data/subsecond_starttime.edf",
    "mne-testing-data/test_utf8_annotations.edf",
    "edfreader-r/bdfPlusD.bdf",
    "edfreader-r/bdfPlusC.bdf",
    "edfreader-r/edfPlusC.edf",
    "edfreader-r/edfAnnonC.edf",
];

/// Reads `bytes` as the browser's worker does: the fixed header, the whole header, then the
/// records in slices of about `slice_bytes`.
fn overview_of(bytes: &[u8], slice_bytes: usize) -> RecordingOverview {
    let header_bytes = header_length(&bytes[..FIXED_HEADER_BYTES]).expect("a header length");
    let mut reader =
        OverviewReader::open(&bytes[..header_bytes.min(bytes.len())], bytes.len() as u64).expect("the header reads");
    let data = reader.data_bytes();
    let step = (slice_bytes / reader.record_bytes().max(1)).max(1) * reader.record_bytes();
    let mut offset = data.start as usize;
    while offset < data.end as usize {
        let end = (offset + step).min(data.end as usize);
        reader.feed(&bytes[offset..end]);
        offset = end;
    }
    reader.finish()
}

fn same_values(first: &[f32], second: &[f32]) -> bool {
    first.len() == second.len() && first.iter().zip(second).all(|(a, b)| a == b || (a.is_nan() && b.is_nan()))
}

fn check(name: &str, whole: &Recording, overview: &RecordingOverview) {
    let described = &overview.recording;
    assert_eq!(described.format, whole.format, "{name}: format");
    assert_eq!(described.start, whole.start, "{name}: start");
    assert_eq!(described.patient, whole.patient, "{name}: patient");
    assert_eq!(described.annotations, whole.annotations, "{name}: annotations");
    assert_eq!(described.warnings, whole.warnings, "{name}: warnings");
    assert_eq!(described.channels.len(), whole.channels.len(), "{name}: channels");
    for (channel_idx, (channel, described_channel)) in whole.channels.iter().zip(&described.channels).enumerate() {
        assert_eq!(described_channel.label, channel.label, "{name}: label");
        assert_eq!(described_channel.sampling_rate_hz, channel.sampling_rate_hz, "{name}: rate");
        assert!(described_channel.segments.is_empty(), "{name}: the overview holds no samples");
        assert_eq!(overview.segments.len(), channel.segments.len(), "{name} {}: segments", channel.label);
        for (segment_idx, (segment, overview_segment)) in channel.segments.iter().zip(&overview.segments).enumerate() {
            assert_eq!(overview_segment.start_s, segment.start_s, "{name}: segment start");
            assert_eq!(overview_segment.n_samples[channel_idx], segment.samples.len(), "{name}: segment length");
            let whole_pyramid = MinMaxPyramid::build(&segment.samples);
            let coarse: Vec<_> =
                whole_pyramid.levels.iter().filter(|level| level.samples_per_bin >= OVERVIEW_FINEST_BIN).collect();
            let envelope = &overview.envelopes[channel_idx][segment_idx];
            assert_eq!(envelope.levels.len(), coarse.len(), "{name} {}: envelope levels", channel.label);
            for (level, expected) in envelope.levels.iter().zip(coarse) {
                assert!(same_values(&level.extremes, &expected.extremes), "{name}: level {}", level.samples_per_bin);
            }
        }
    }
}

#[test]
fn the_overview_agrees_with_the_whole_file_reader_on_every_shared_edf_and_bdf() {
    for name in FILES {
        let bytes = common::bytes(name);
        let whole = edx_core::formats::edf::read(&bytes).unwrap_or_else(|error| panic!("{name}: {error}"));
        for slice_bytes in [1, 10_000, usize::MAX / 2] {
            check(name, &whole, &overview_of(&bytes, slice_bytes));
        }
    }
}

#[test]
fn windows_decoded_from_the_file_equal_the_whole_file_samples() {
    for name in FILES {
        let bytes = common::bytes(name);
        let whole = edx_core::formats::edf::read(&bytes).unwrap();
        let overview = overview_of(&bytes, 65_536);
        let Some(first) = overview.segments.first() else { continue };
        let last = overview.segments.last().unwrap();
        let end_s = last.start_s + 1e9;
        let Some(records) = overview.records_for(first.start_s, end_s, usize::MAX) else { continue };
        let byte_range = overview.byte_range(&records);
        let pieces =
            overview.decode_window(records.clone(), &bytes[byte_range.start as usize..byte_range.end as usize]);
        assert!(!pieces.is_empty(), "{name}: a window");
        for piece in pieces {
            let segment = &whole.channels[piece.channel_idx].segments[piece.segment_idx];
            let expected = &segment.samples[piece.first_sample..piece.first_sample + piece.samples.len()];
            assert!(
                same_values(&piece.samples, expected),
                "{name}: channel {} segment {}",
                piece.channel_idx,
                piece.segment_idx
            );
        }
    }
}

#[test]
fn a_window_reads_only_the_records_it_needs() {
    let bytes = common::bytes("pyedflib/test_generator.edf");
    let overview = overview_of(&bytes, 1 << 20);
    let start = overview.segments[0].start_s;
    let records = overview.records_for(start + 10.2, start + 12.5, usize::MAX).expect("records");
    assert_eq!(records, 10..13, "records of one second from 10 to 13 s");
    assert_eq!(overview.records_for(start + 10.2, start + 12.5, 2), Some(10..12), "capped");
    assert_eq!(overview.records_for(start + 10.2, start + 15.5, 2), Some(12..14), "capped to the middle");
    assert_eq!(overview.records_for(-100.0, -50.0, 10), None, "before the recording");
    assert_eq!(overview.time_of(&records), (start + 10.0, start + 13.0));
    let byte_range = overview.byte_range(&records);
    let pieces = overview.decode_window(records, &bytes[byte_range.start as usize..byte_range.end as usize]);
    let whole = edx_core::formats::edf::read(&bytes).unwrap();
    for piece in pieces {
        let rate = whole.channels[piece.channel_idx].sampling_rate_hz;
        assert_eq!(piece.first_sample, (10.0 * rate) as usize);
        assert_eq!(piece.samples.len(), (3.0 * rate) as usize);
    }
}

#[test]
fn a_window_at_a_segments_rounded_end_still_reads_its_last_record() {
    // 1038 records of 0.1 s: the segment ends at 103.80000000000001 s, and 103.8 / 0.1 rounds
    // down to 1038, one past the last record.
    let duration_s = 0.1;
    let n_records = 1038;
    let mut bytes = Vec::new();
    let field = |text: &str, width: usize| format!("{text:<width$}");
    let header = [
        field("0", 8),
        field("X X X X", 80),
        field("Startdate X X X X", 80),
        field("01.01.20", 8),
        field("00.00.00", 8),
        field("512", 8),
        field("", 44),
        field(&n_records.to_string(), 8),
        field("0.1", 8),
        field("1", 4),
        field("EMG", 16),
        field("", 80),
        field("uV", 8),
        field("-100", 8),
        field("100", 8),
        field("-32768", 8),
        field("32767", 8),
        field("", 80),
        field("2", 8),
        field("", 32),
    ]
    .concat();
    bytes.extend(header.as_bytes());
    bytes.extend(std::iter::repeat_n(0u8, n_records * 2 * 2));
    let overview = overview_of(&bytes, 1 << 16);
    let end_s = n_records as f64 * duration_s;
    let records = overview.records_for(103.8, 104.0, usize::MAX).expect("the last record");
    assert_eq!(records, n_records - 1..n_records, "segment end {end_s} s");
}
