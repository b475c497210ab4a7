//! Files too large to hold decoded (an hour of 8 channels at 20 kHz is 2.3 GB of `f32`): read
//! slice by slice into an overview — the recording's description, annotations, segments and
//! min/max envelopes, without the samples — and then decoded a window at a time, as a viewer
//! zooms in. The records are read exactly as [`super::read`] reads them, so both agree on every
//! time, segment, annotation and warning.

use std::ops::Range;

use super::header;
use super::scan::{Layout, RecordSamples, RecordSink, Scan};
use super::{count_records, EdfError};
use crate::dsp::envelope::{EnvelopeLevel, MinMaxPyramid};
use crate::model::Recording;

/// Bytes of the fixed header, enough for [`header_length`].
pub const FIXED_HEADER_BYTES: usize = 256;

/// Samples per bin of an overview's finest envelope level: coarse enough that an hour of
/// 8 × 20 kHz keeps 18 MB of envelopes, fine enough that a window decoded from the file is
/// needed only below about 0.2 ms per pixel column at 20 kHz.
pub const OVERVIEW_FINEST_BIN: usize = 256;

/// The length of the whole header (fixed part and signal blocks), from the file's first
/// [`FIXED_HEADER_BYTES`].
pub fn header_length(fixed: &[u8]) -> Result<usize, EdfError> {
    header::signal_count_and_length(fixed).map(|(_, header_bytes)| header_bytes)
}

/// An overview being read: feed it the data records in order, slice by slice.
pub struct OverviewReader {
    layout: Layout,
    scan: Scan,
    envelopes: Envelopes,
    warnings: Vec<String>,
}

impl OverviewReader {
    /// Checks the header (`header_bytes`: at least [`header_length`] bytes from the file's
    /// start, or the whole file when shorter) of a file of `file_len` bytes.
    pub fn open(header_bytes: &[u8], file_len: u64) -> Result<OverviewReader, EdfError> {
        let mut warnings = Vec::new();
        let header = header::parse(header_bytes, &mut warnings)?;
        let n_records = count_records(file_len, &header, &mut warnings)?;
        let layout = Layout::new(header, n_records);
        let scan = Scan::new(&layout);
        let envelopes = Envelopes { segments: Vec::new(), builders: Vec::new(), scratch: Vec::new() };
        Ok(OverviewReader { layout, scan, envelopes, warnings })
    }

    /// The bytes of the file that hold the complete data records, to read in slices.
    pub fn data_bytes(&self) -> Range<u64> {
        record_byte_range(&self.layout, 0..self.layout.n_records)
    }

    /// Bytes of one data record: slices should hold whole records.
    pub fn record_bytes(&self) -> usize {
        self.layout.header.record_bytes
    }

    /// Reads the next whole records.
    pub fn feed(&mut self, records: &[u8]) {
        self.scan.feed(&self.layout, records, &mut self.envelopes);
    }

    /// The overview, once every record has been fed.
    pub fn finish(mut self) -> RecordingOverview {
        let annotations = self.scan.finish(&mut self.warnings);
        let mut segments = self.envelopes.segments;
        let mut envelopes: Vec<Vec<MinMaxPyramid>> = vec![Vec::new(); self.layout.n_channels()];
        for (segment, builders) in segments.iter_mut().zip(self.envelopes.builders) {
            for (channel_envelopes, builder) in envelopes.iter_mut().zip(builders) {
                let (n_samples, pyramid) = builder.finish();
                segment.n_samples.push(n_samples);
                channel_envelopes.push(pyramid);
            }
        }
        let channels =
            (0..self.layout.n_channels()).map(|channel_idx| self.layout.channel(channel_idx, Vec::new())).collect();
        let header = &self.layout.header;
        let recording = Recording {
            file_name: String::new(),
            format: header.format_name(),
            start: header.start,
            patient: header.patient.clone(),
            recording_info: header.recording.clone(),
            channels,
            annotations,
            notes: Vec::new(),
            warnings: self.warnings,
            holds_nerve_conductions: false,
            part: None,
        };
        RecordingOverview { recording, segments, envelopes, layout: self.layout }
    }
}

/// Per segment, one envelope per channel.
struct Envelopes {
    segments: Vec<OverviewSegment>,
    builders: Vec<Vec<DigitalEnvelope>>,
    /// Digital values of the channel being read, reused record after record.
    scratch: Vec<i32>,
}

impl RecordSink for Envelopes {
    fn record(&mut self, record_idx: usize, segment_start_s: Option<f64>, samples: RecordSamples<'_>) {
        if let Some(start_s) = segment_start_s {
            self.segments.push(OverviewSegment { start_s, records: record_idx..record_idx, n_samples: Vec::new() });
            let builders =
                (0..samples.n_channels()).map(|channel_idx| DigitalEnvelope::new(samples.scale(channel_idx)));
            self.builders.push(builders.collect());
        }
        let (Some(segment), Some(builders)) = (self.segments.last_mut(), self.builders.last_mut()) else { return };
        segment.records.end = record_idx + 1;
        for (channel_idx, builder) in builders.iter_mut().enumerate() {
            self.scratch.clear();
            samples.digital_into(channel_idx, &mut self.scratch);
            builder.push(&self.scratch);
        }
    }
}

/// The finest overview level of one channel's segment, built from the file's digital values:
/// a physical value rises (or, for a negative gain, falls) with its digital value, so the
/// extremes of a bin's physical values are the physical values of its digital extremes. That
/// spares scaling every sample of a file that is only being overviewed; the levels equal those
/// [`MinMaxPyramid::build`] makes of the decoded samples.
#[derive(Debug)]
struct DigitalEnvelope {
    gain: f64,
    offset: f64,
    /// Interleaved physical minimum and maximum per completed bin.
    extremes: Vec<f32>,
    /// Digital minimum, maximum and sample count of the bin being filled.
    partial: (i32, i32, usize),
    n_samples: usize,
}

impl DigitalEnvelope {
    fn new((gain, offset): (f64, f64)) -> DigitalEnvelope {
        DigitalEnvelope { gain, offset, extremes: Vec::new(), partial: (i32::MAX, i32::MIN, 0), n_samples: 0 }
    }

    fn push(&mut self, mut digital: &[i32]) {
        self.n_samples += digital.len();
        if self.partial.2 > 0 {
            let taken = (OVERVIEW_FINEST_BIN - self.partial.2).min(digital.len());
            self.extend_partial(&digital[..taken]);
            digital = &digital[taken..];
            if self.partial.2 == OVERVIEW_FINEST_BIN {
                self.close_bin();
            }
        }
        let mut bins = digital.chunks_exact(OVERVIEW_FINEST_BIN);
        for bin in bins.by_ref() {
            self.extend_partial(bin);
            self.close_bin();
        }
        self.extend_partial(bins.remainder());
    }

    fn extend_partial(&mut self, digital: &[i32]) {
        let (minimum, maximum, count) = &mut self.partial;
        *minimum = digital.iter().copied().fold(*minimum, i32::min);
        *maximum = digital.iter().copied().fold(*maximum, i32::max);
        *count += digital.len();
    }

    fn close_bin(&mut self) {
        let physical = |digital: i32| (f64::from(digital) * self.gain + self.offset) as f32;
        let (low, high) = (physical(self.partial.0), physical(self.partial.1));
        self.extremes.extend([low.min(high), low.max(high)]);
        self.partial = (i32::MAX, i32::MIN, 0);
    }

    fn finish(mut self) -> (usize, MinMaxPyramid) {
        if self.partial.2 > 0 {
            self.close_bin();
        }
        let finest = EnvelopeLevel { samples_per_bin: OVERVIEW_FINEST_BIN, extremes: self.extremes };
        (self.n_samples, MinMaxPyramid::from_finest(finest, self.n_samples))
    }
}

/// A run of records that follow each other without a gap: one segment of every channel.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewSegment {
    /// Seconds from the recording start.
    pub start_s: f64,
    /// The data records it spans.
    pub records: Range<usize>,
    /// Samples of each channel in it.
    pub n_samples: Vec<usize>,
}

/// A large file's description without its samples: the recording (every channel's `segments`
/// empty, as the samples stay in the file), its segments, and each channel's envelopes per
/// segment, from [`OVERVIEW_FINEST_BIN`] samples per bin up.
#[derive(Debug, Clone)]
pub struct RecordingOverview {
    /// Everything but the samples.
    pub recording: Recording,
    /// The segments every channel shares, in file order.
    pub segments: Vec<OverviewSegment>,
    /// `envelopes[channel_idx][segment_idx]`.
    pub envelopes: Vec<Vec<MinMaxPyramid>>,
    layout: Layout,
}

/// Samples of one channel in one segment, decoded for a window.
#[derive(Debug, Clone, PartialEq)]
pub struct WindowPiece {
    /// The channel, by position in the recording.
    pub channel_idx: usize,
    /// The segment (a run of contiguous records) the piece belongs to.
    pub segment_idx: usize,
    /// Index in the segment of the first sample.
    pub first_sample: usize,
    /// The samples in the channel's physical unit, NaN where the file marks them invalid.
    pub samples: Vec<f32>,
}

impl RecordingOverview {
    /// The records holding the time from `start_s` to `end_s` (seconds from the recording
    /// start), at most `max_records` of them from the middle of that time; `None` when no
    /// segment lies there.
    pub fn records_for(&self, start_s: f64, end_s: f64, max_records: usize) -> Option<Range<usize>> {
        let duration_s = self.layout.header.record_duration_s;
        if duration_s <= 0.0 || self.layout.n_channels() == 0 {
            return None;
        }
        let mut wanted: Option<Range<usize>> = None;
        for segment in &self.segments {
            let n_records = segment.records.len();
            let segment_end_s = segment.start_s + n_records as f64 * duration_s;
            if segment_end_s <= start_s || segment.start_s >= end_s {
                continue;
            }
            // Rounding can put `first` at the segment's end (0.1 s records: 103.8 / 0.1 = 1038);
            // a segment holds at least one record.
            let first = (((start_s.max(segment.start_s) - segment.start_s) / duration_s).floor() as usize)
                .min(n_records.saturating_sub(1));
            let last = (((end_s.min(segment_end_s) - segment.start_s) / duration_s).ceil() as usize)
                .max(first + 1)
                .min(n_records);
            let range = segment.records.start + first..segment.records.start + last;
            wanted = Some(match wanted {
                Some(found) => found.start.min(range.start)..found.end.max(range.end),
                None => range,
            });
        }
        // Too many records: the middle ones, as a viewer asks for the time on screen with a
        // margin either side.
        wanted.map(|range| {
            let max_records = max_records.max(1);
            let excess = range.len().saturating_sub(max_records);
            let start = range.start + excess / 2;
            start..start + range.len().min(max_records)
        })
    }

    /// Bytes of one data record.
    pub fn record_bytes(&self) -> usize {
        self.layout.header.record_bytes
    }

    /// Seconds of one data record.
    pub fn record_duration_s(&self) -> f64 {
        self.layout.header.record_duration_s
    }

    /// The time `records` cover: the first record's start and the last one's end, s from the
    /// recording start.
    pub fn time_of(&self, records: &Range<usize>) -> (f64, f64) {
        let duration_s = self.layout.header.record_duration_s;
        let start_of = |record_idx: usize| {
            self.segment_of(record_idx).map_or(f64::NAN, |segment_idx| {
                let segment = &self.segments[segment_idx];
                segment.start_s + (record_idx - segment.records.start) as f64 * duration_s
            })
        };
        (start_of(records.start), start_of(records.end.saturating_sub(1).max(records.start)) + duration_s)
    }

    /// The segment holding record `record_idx` (segments are in file order).
    fn segment_of(&self, record_idx: usize) -> Option<usize> {
        let segment_idx = self.segments.partition_point(|segment| segment.records.end <= record_idx);
        self.segments.get(segment_idx).filter(|segment| segment.records.contains(&record_idx)).map(|_| segment_idx)
    }

    /// Where `records` lie in the file, to read them.
    pub fn byte_range(&self, records: &Range<usize>) -> Range<u64> {
        record_byte_range(&self.layout, records.clone())
    }

    /// Decodes `bytes`, the file's bytes at [`RecordingOverview::byte_range`] of `records`,
    /// into one piece per channel and segment.
    pub fn decode_window(&self, records: Range<usize>, bytes: &[u8]) -> Vec<WindowPiece> {
        let record_bytes = self.layout.header.record_bytes;
        let mut pieces: Vec<WindowPiece> = Vec::new();
        if record_bytes == 0 {
            return pieces;
        }
        let n_channels = self.layout.n_channels();
        for (record_idx, record) in records.zip(bytes.chunks_exact(record_bytes)) {
            let Some(segment_idx) = self.segments.iter().position(|segment| segment.records.contains(&record_idx))
            else {
                continue;
            };
            let starts_piece = pieces.last().is_none_or(|piece| piece.segment_idx != segment_idx);
            let record_in_segment = record_idx - self.segments[segment_idx].records.start;
            let samples = RecordSamples::of(&self.layout, record);
            if starts_piece {
                pieces.extend((0..n_channels).map(|channel_idx| WindowPiece {
                    channel_idx,
                    segment_idx,
                    first_sample: record_in_segment * self.layout.samples_per_record(channel_idx),
                    samples: Vec::new(),
                }));
            }
            let first_piece = pieces.len() - n_channels;
            for (channel_idx, piece) in pieces[first_piece..].iter_mut().enumerate() {
                samples.decode_into(channel_idx, &mut piece.samples);
            }
        }
        pieces
    }
}

fn record_byte_range(layout: &Layout, records: Range<usize>) -> Range<u64> {
    let start = layout.header.header_bytes as u64;
    let record_bytes = layout.header.record_bytes as u64;
    start + records.start as u64 * record_bytes..start + records.end as u64 * record_bytes
}
