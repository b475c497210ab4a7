//! Reading data records one after another: each record's annotations, its start time and its
//! samples, handed to a sink. The whole-file reader's sink keeps the samples; the overview of a
//! file too large to hold decoded keeps only their envelopes. Both read records the same way, so
//! both agree on times, segments, annotations and warnings.

use super::header::{Continuity, Header, SampleWidth};
use super::tal;
use crate::model::{Annotation, Channel, Segment, Unit};

/// The header with what it implies about the records: where each signal sits in a record and
/// how many complete records the file holds.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    pub header: Header,
    pub n_records: usize,
    /// Byte offset of each signal within a record.
    signal_offsets: Vec<usize>,
    /// Signal positions of the ordinary (non-annotation) signals, in order: channel `i` of the
    /// recording is signal `ordinary[i]`.
    ordinary: Vec<usize>,
    annotation_signals: Vec<usize>,
}

impl Layout {
    pub fn new(header: Header, n_records: usize) -> Layout {
        let signal_offsets = header
            .signals
            .iter()
            .scan(0, |offset, signal| {
                let start = *offset;
                *offset += signal.samples_per_record * header.width.bytes();
                Some(start)
            })
            .collect();
        let (annotation_signals, ordinary) =
            (0..header.signals.len()).partition(|&idx| header.signals[idx].is_annotation);
        Layout { header, n_records, signal_offsets, ordinary, annotation_signals }
    }

    /// Number of ordinary channels.
    pub fn n_channels(&self) -> usize {
        self.ordinary.len()
    }

    /// Samples per record of channel `channel_idx`.
    pub fn samples_per_record(&self, channel_idx: usize) -> usize {
        self.header.signals[self.ordinary[channel_idx]].samples_per_record
    }

    fn signal_bytes<'a>(&self, record: &'a [u8], signal_idx: usize) -> &'a [u8] {
        let start = self.signal_offsets[signal_idx];
        &record[start..start + self.header.signals[signal_idx].samples_per_record * self.header.width.bytes()]
    }

    /// The channel `channel_idx` describes, holding `segments`.
    pub fn channel(&self, channel_idx: usize, segments: Vec<Segment>) -> Channel {
        let signal = &self.header.signals[self.ordinary[channel_idx]];
        let (gain, offset) = (signal.gain(), signal.offset());
        let lowest = f64::from(signal.digital_minimum) * gain + offset;
        let highest = f64::from(signal.digital_maximum) * gain + offset;
        Channel {
            label: signal.label.clone(),
            unit: Unit::parse(&signal.physical_dimension),
            sampling_rate_hz: signal.samples_per_record as f64 / self.header.record_duration_s,
            segments,
            transducer: signal.transducer.clone(),
            prefiltering: signal.prefiltering.clone(),
            recordable_range: Some((lowest.min(highest), lowest.max(highest))),
        }
    }
}

/// One record's samples, decoded on request channel by channel.
pub(super) struct RecordSamples<'a> {
    layout: &'a Layout,
    record: &'a [u8],
}

impl<'a> RecordSamples<'a> {
    /// The samples of `record`, one whole data record of `layout`.
    pub fn of(layout: &'a Layout, record: &'a [u8]) -> RecordSamples<'a> {
        RecordSamples { layout, record }
    }

    /// Number of ordinary channels in the record.
    pub fn n_channels(&self) -> usize {
        self.layout.n_channels()
    }

    /// Appends channel `channel_idx`'s physical values in this record to `out`.
    pub fn decode_into(&self, channel_idx: usize, out: &mut Vec<f32>) {
        let signal_idx = self.layout.ordinary[channel_idx];
        let signal = &self.layout.header.signals[signal_idx];
        decode_samples(
            self.layout.signal_bytes(self.record, signal_idx),
            self.layout.header.width,
            signal.gain(),
            signal.offset(),
            out,
        );
    }
}

impl RecordSamples<'_> {
    /// Appends channel `channel_idx`'s digital values in this record to `out`.
    pub fn digital_into(&self, channel_idx: usize, out: &mut Vec<i32>) {
        let bytes = self.layout.signal_bytes(self.record, self.layout.ordinary[channel_idx]);
        match self.layout.header.width {
            SampleWidth::Edf16 => {
                out.extend(bytes.chunks_exact(2).map(|sample| i32::from(i16::from_le_bytes([sample[0], sample[1]]))))
            }
            SampleWidth::Bdf24 => out.extend(
                bytes.chunks_exact(3).map(|sample| i32::from_le_bytes([0, sample[0], sample[1], sample[2]]) >> 8),
            ),
        }
    }

    /// Channel `channel_idx`'s gain and offset: its physical value is
    /// `(digital × gain + offset) as f32`, as [`RecordSamples::decode_into`] computes it.
    pub fn scale(&self, channel_idx: usize) -> (f64, f64) {
        let signal = &self.layout.header.signals[self.layout.ordinary[channel_idx]];
        (signal.gain(), signal.offset())
    }
}

/// Where the records' samples go.
pub(super) trait RecordSink {
    /// Record `record_idx`; `segment_start_s` is `Some` (the record's start) when the record
    /// begins a new segment rather than continuing the previous record.
    fn record(&mut self, record_idx: usize, segment_start_s: Option<f64>, samples: RecordSamples<'_>);
}

/// The whole file's samples, one `Vec` per channel and segment.
pub(super) struct WholeSignals {
    pub segments: Vec<Vec<Segment>>,
}

impl WholeSignals {
    pub fn new(layout: &Layout) -> WholeSignals {
        WholeSignals { segments: vec![Vec::new(); layout.n_channels()] }
    }
}

impl RecordSink for WholeSignals {
    fn record(&mut self, record_idx: usize, segment_start_s: Option<f64>, samples: RecordSamples<'_>) {
        let layout = samples.layout;
        for (channel_idx, segments) in self.segments.iter_mut().enumerate() {
            if let Some(start_s) = segment_start_s {
                // A continuous file is one segment: reserve it whole so it is never copied.
                let records_ahead = if layout.header.plus == Some(Continuity::Discontinuous) {
                    1
                } else {
                    layout.n_records - record_idx
                };
                let capacity = records_ahead * layout.samples_per_record(channel_idx);
                segments.push(Segment { start_s, samples: Vec::with_capacity(capacity) });
            }
            if let Some(segment) = segments.last_mut() {
                samples.decode_into(channel_idx, &mut segment.samples);
            }
        }
    }
}

/// The state of a read in progress: annotations so far, the record clock, the next record.
pub(super) struct Scan {
    clock: RecordClock,
    annotations: Vec<Annotation>,
    recovered_unclosed: bool,
    tal_problems: Vec<String>,
    next_record: usize,
}

impl Scan {
    pub fn new(layout: &Layout) -> Scan {
        Scan {
            clock: RecordClock::new(&layout.header),
            annotations: Vec::new(),
            recovered_unclosed: false,
            tal_problems: Vec::new(),
            next_record: 0,
        }
    }

    /// Reads the next records, held whole in `records` (a multiple of the record size; a
    /// trailing partial record is ignored), passing their samples to `sink`.
    pub fn feed(&mut self, layout: &Layout, records: &[u8], sink: &mut impl RecordSink) {
        if layout.header.record_bytes == 0 {
            return;
        }
        for record in records.chunks_exact(layout.header.record_bytes) {
            if self.next_record >= layout.n_records {
                return;
            }
            let record_idx = self.next_record;
            let onset_s = self.read_annotations(layout, record_idx, record);
            let (start_s, continues) = self.clock.next(record_idx, onset_s);
            sink.record(record_idx, (!continues).then_some(start_s), RecordSamples { layout, record });
            self.next_record += 1;
        }
    }

    /// The annotations in time order, after adding the read's warnings to `warnings`.
    pub fn finish(mut self, warnings: &mut Vec<String>) -> Vec<Annotation> {
        if self.recovered_unclosed {
            warnings.push("some annotation lists were not closed before the next began (a known Nihon Kohden export fault); they were split at each onset".into());
        }
        if let Some(first) = self.tal_problems.first() {
            warnings.push(format!(
                "{} malformed annotation lists were skipped; the first: {first}",
                self.tal_problems.len()
            ));
        }
        warnings.extend(self.clock.warnings());
        // EDF+ allows annotations in any order; the viewer lists them in time order.
        self.annotations.sort_by(|first, second| first.onset_s.total_cmp(&second.onset_s));
        self.annotations
    }

    /// Reads the TALs of every annotation signal of one record; returns the onset of its
    /// time-keeping TAL (the first TAL of the first annotation signal).
    fn read_annotations(&mut self, layout: &Layout, record_idx: usize, record: &[u8]) -> Option<f64> {
        // Plain EDF and BDF have no annotation signals.
        layout.header.plus?;
        let mut timekeeping_onset = None;
        for (position, &signal_idx) in layout.annotation_signals.iter().enumerate() {
            let parsed = tal::parse(layout.signal_bytes(record, signal_idx));
            self.recovered_unclosed |= parsed.recovered_unclosed_tal;
            self.tal_problems
                .extend(parsed.problems.into_iter().map(|problem| format!("record {record_idx}: {problem}")));
            for (tal_idx, tal) in parsed.tals.into_iter().enumerate() {
                if position == 0 && tal_idx == 0 {
                    timekeeping_onset = Some(tal.onset_s);
                }
                self.annotations.extend(tal.texts.into_iter().filter(|text| !text.is_empty()).map(|text| Annotation {
                    onset_s: tal.onset_s,
                    duration_s: tal.duration_s,
                    text,
                }));
            }
        }
        timekeeping_onset
    }
}

/// The start of each data record in seconds from the header's start time, record by record:
/// EDF+D records start at their time-keeping annotation; other files' records follow each
/// other from the first record's onset.
struct RecordClock {
    discontinuous: bool,
    duration_s: f64,
    first_onset_s: f64,
    previous_start_s: Option<f64>,
    n_missing: usize,
    n_overlapping: usize,
    n_disagreeing: usize,
}

impl RecordClock {
    fn new(header: &Header) -> RecordClock {
        RecordClock {
            discontinuous: header.plus == Some(Continuity::Discontinuous),
            duration_s: header.record_duration_s,
            first_onset_s: 0.0,
            previous_start_s: None,
            n_missing: 0,
            n_overlapping: 0,
            n_disagreeing: 0,
        }
    }

    /// Record `record_idx`'s start, and whether it continues the previous record without a
    /// gap. EDF+D keeps every data record as a segment of its own: each record is a unit of the
    /// file (a stimulus sweep in nerve conduction files), even when it happens to touch the next.
    fn next(&mut self, record_idx: usize, onset_s: Option<f64>) -> (f64, bool) {
        let tolerance_s = time_tolerance_s(self.duration_s);
        let previous_end_s = self.previous_start_s.map(|start_s| start_s + self.duration_s);
        let start_s = if self.discontinuous {
            let start_s = onset_s.unwrap_or_else(|| {
                self.n_missing += 1;
                previous_end_s.unwrap_or(0.0)
            });
            if previous_end_s.is_some_and(|end_s| start_s < end_s - tolerance_s) {
                self.n_overlapping += 1;
            }
            start_s
        } else {
            if record_idx == 0 {
                self.first_onset_s = onset_s.unwrap_or(0.0);
            }
            let start_s = self.first_onset_s + record_idx as f64 * self.duration_s;
            if onset_s.is_some_and(|onset_s| (onset_s - start_s).abs() > tolerance_s) {
                self.n_disagreeing += 1;
            }
            start_s
        };
        self.previous_start_s = Some(start_s);
        let continues =
            !self.discontinuous && previous_end_s.is_some_and(|end_s| (end_s - start_s).abs() <= tolerance_s);
        (start_s, continues)
    }

    fn warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.n_missing > 0 {
            warnings.push(format!(
                "{} data records have no time-keeping annotation; each was placed right after the previous record",
                self.n_missing
            ));
        }
        if self.n_overlapping > 0 {
            warnings.push(format!(
                "{} data records start before the previous record ends, which EDF+D forbids",
                self.n_overlapping
            ));
        }
        if self.n_disagreeing > 0 {
            warnings.push(format!(
                "the file is marked continuous (EDF+C) but {} records' time-keeping annotations say otherwise; the records are shown back to back",
                self.n_disagreeing
            ));
        }
        warnings
    }
}

/// How far two times may differ and still be the same instant: TAL onsets are decimal text,
/// so allow a microsecond, or a millionth of a record for very long records.
fn time_tolerance_s(duration_s: f64) -> f64 {
    (duration_s * 1e-6).max(1e-6)
}

/// Decodes little-endian two's-complement samples and scales them to physical values.
fn decode_samples(bytes: &[u8], width: SampleWidth, gain: f64, offset: f64, samples: &mut Vec<f32>) {
    match width {
        SampleWidth::Edf16 => samples.extend(
            bytes
                .chunks_exact(2)
                .map(|sample| (f64::from(i16::from_le_bytes([sample[0], sample[1]])) * gain + offset) as f32),
        ),
        SampleWidth::Bdf24 => samples.extend(bytes.chunks_exact(3).map(|sample| {
            let value = i32::from_le_bytes([0, sample[0], sample[1], sample[2]]) >> 8;
            (f64::from(value) * gain + offset) as f32
        })),
    }
}
