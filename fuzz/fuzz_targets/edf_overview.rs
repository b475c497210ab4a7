//! Any bytes given to the EDF/BDF overview reader, fed in slices of one to seven records (by
//! the input's length, so the shared recordings seed it as they are), then a window decoded:
//! never a panic or a hang, and where the whole-file reader reads the file, the overview agrees
//! with it (segments, annotations, warnings, envelopes, samples).
#![no_main]
use edx_core::dsp::envelope::MinMaxPyramid;
use edx_core::formats::edf::overview::{header_length, OverviewReader, FIXED_HEADER_BYTES, OVERVIEW_FINEST_BIN};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let whole = edx_core::formats::edf::read(bytes);
    let fixed = &bytes[..bytes.len().min(FIXED_HEADER_BYTES)];
    let Ok(header_bytes) = header_length(fixed) else {
        assert!(whole.is_err(), "the whole-file reader read a file whose header length is unreadable");
        return;
    };
    let reader = OverviewReader::open(&bytes[..bytes.len().min(header_bytes)], bytes.len() as u64);
    let mut reader = match (reader, &whole) {
        (Ok(reader), Ok(_)) => reader,
        (Err(overview_error), Err(whole_error)) => {
            assert_eq!(&overview_error, whole_error, "both readers refuse the file for the same reason");
            return;
        }
        (reader, whole) => panic!("the readers disagree: overview {:?}, whole {:?}", reader.err(), whole.as_ref().err()),
    };
    let data = reader.data_bytes();
    let step = (bytes.len() % 7 + 1) * reader.record_bytes().max(1);
    let mut offset = data.start as usize;
    while offset < data.end as usize {
        let end = (offset + step).min(data.end as usize);
        reader.feed(&bytes[offset..end]);
        offset = end;
    }
    let overview = reader.finish();
    let whole = whole.expect("checked above");
    assert_eq!(overview.recording.annotations, whole.annotations);
    assert_eq!(overview.recording.warnings, whole.warnings);
    let same = |first: &[f32], second: &[f32]| {
        first.len() == second.len() && first.iter().zip(second).all(|(a, b)| a == b || (a.is_nan() && b.is_nan()))
    };
    for (channel_idx, channel) in whole.channels.iter().enumerate() {
        assert_eq!(channel.segments.len(), overview.segments.len());
        for (segment_idx, (segment, described)) in channel.segments.iter().zip(&overview.segments).enumerate() {
            assert!(segment.start_s == described.start_s || (segment.start_s.is_nan() && described.start_s.is_nan()));
            assert_eq!(segment.samples.len(), described.n_samples[channel_idx]);
            let whole_levels = MinMaxPyramid::build(&segment.samples).levels;
            let coarse = whole_levels.iter().filter(|level| level.samples_per_bin >= OVERVIEW_FINEST_BIN);
            let levels = &overview.envelopes[channel_idx][segment_idx].levels;
            assert_eq!(levels.len(), coarse.clone().count(), "envelope levels");
            for (level, expected) in levels.iter().zip(coarse) {
                assert!(same(&level.extremes, &expected.extremes), "envelope of {} samples per bin", level.samples_per_bin);
            }
        }
    }
    let Some(first) = overview.segments.first() else { return };
    if let Some(records) = overview.records_for(first.start_s, first.start_s + 1.0, 4) {
        let range = overview.byte_range(&records);
        let pieces = overview.decode_window(records, &bytes[range.start as usize..range.end as usize]);
        for piece in pieces {
            let expected = &whole.channels[piece.channel_idx].segments[piece.segment_idx].samples;
            let expected = &expected[piece.first_sample..piece.first_sample + piece.samples.len()];
            assert!(piece.samples.iter().zip(expected).all(|(a, b)| a == b || (a.is_nan() && b.is_nan())));
        }
    }
});
