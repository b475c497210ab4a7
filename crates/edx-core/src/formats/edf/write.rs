//! Writing EDF and BDF: the header fields every writer shares; continuous recordings as BDF+C
//! (24-bit samples, one-second records, a time-keeping annotation per record), so a simulated
//! or trimmed recording can be saved and opened by any EDF/BDF tool; and 16-bit EDF encoded a
//! data record at a time ([`EdfRecordEncoder`]), so a recording of hours is written in the
//! memory of one record.

use crate::model::{CivilDateTime, Recording, Unit};

/// An EDF/BDF header under construction: fixed-width, space-padded ASCII fields.
#[derive(Debug, Default)]
pub struct HeaderWriter(pub Vec<u8>);

impl HeaderWriter {
    /// Appends `text` as a field of `width` bytes; characters outside printable ASCII become `_`.
    pub fn field(&mut self, text: &str, width: usize) {
        let mut bytes: Vec<u8> =
            text.bytes().map(|byte| if (32..=126).contains(&byte) { byte } else { b'_' }).take(width).collect();
        bytes.resize(width, b' ');
        self.0.extend(bytes);
    }
}

/// A number in at most 8 characters, as EDF header fields need.
pub fn format_number(value: f64) -> String {
    for decimals in (0..=6).rev() {
        let text = format!("{value:.decimals$}");
        let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
        if text.len() <= 8 {
            return text;
        }
    }
    format!("{value:.0}")
}

/// Why a recording cannot be written as BDF+C.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BdfWriteError {
    /// Nothing to write.
    #[error("the recording has no channels")]
    NoChannels,
    /// BDF+C needs one contiguous run per channel.
    #[error("channel \"{label}\" has gaps ({n_segments} segments); BDF+C holds continuous signals only")]
    Gaps {
        /// The channel.
        label: String,
        /// Its segments.
        n_segments: usize,
    },
    /// One-second records need a whole number of samples per second.
    #[error("channel \"{label}\" is sampled at {rate_hz} Hz; BDF+C with one-second records needs a whole number of samples per second")]
    FractionalRate {
        /// The channel.
        label: String,
        /// Its rate.
        rate_hz: f64,
    },
}

/// Writes `recording` as BDF+C: every channel continuous, sampled at a whole number of hertz;
/// the last record is padded with each channel's last value. Text fields are cut to the
/// format's widths (a label keeps 16 characters).
///
/// A channel's physical range is its recordable range when it has one (the converter's limits:
/// a value held there reads back at the digital extremes, so the needle analysis finds it
/// clipped), otherwise its largest magnitude either side of zero.
pub fn write_bdf_continuous(recording: &Recording) -> Result<Vec<u8>, BdfWriteError> {
    if recording.channels.is_empty() {
        return Err(BdfWriteError::NoChannels);
    }
    for channel in &recording.channels {
        if channel.segments.len() != 1 {
            return Err(BdfWriteError::Gaps { label: channel.label.clone(), n_segments: channel.segments.len() });
        }
        if (channel.sampling_rate_hz - channel.sampling_rate_hz.round()).abs() > 1e-9 || channel.sampling_rate_hz < 1.0
        {
            return Err(BdfWriteError::FractionalRate {
                label: channel.label.clone(),
                rate_hz: channel.sampling_rate_hz,
            });
        }
    }
    const DIGITAL_LIMIT: i32 = 8_388_607;
    let n_records = recording
        .channels
        .iter()
        .map(|channel| channel.segments[0].samples.len().div_ceil(channel.sampling_rate_hz.round() as usize))
        .max()
        .unwrap_or(0)
        .max(1);
    let annotation_samples = 20usize;
    let n_signals = recording.channels.len() + 1;
    let limits: Vec<(f64, f64)> = recording
        .channels
        .iter()
        .map(|channel| {
            if let Some((low, high)) =
                channel.recordable_range.filter(|(low, high)| low.is_finite() && high.is_finite() && low < high)
            {
                return (low, high);
            }
            let largest = channel.segments[0]
                .samples
                .iter()
                .filter(|value| value.is_finite())
                .fold(0.0f64, |largest, &value| largest.max(f64::from(value).abs()));
            let limit = if largest > 0.0 { largest * 1.0001 } else { 1.0 };
            (-limit, limit)
        })
        .collect();

    let mut header = HeaderWriter::default();
    header.0.extend(b"\xffBIOSEMI");
    header.field(if recording.patient.trim().is_empty() { "X X X X" } else { &recording.patient }, 80);
    header.field(
        &format!(
            "Startdate X X X {}",
            if recording.recording_info.trim().is_empty() { "edxview" } else { &recording.recording_info }
        ),
        80,
    );
    let (date, time) = recording.start.map_or(("01.01.00".to_string(), "00.00.00".to_string()), |start| {
        (
            format!("{:02}.{:02}.{:02}", start.day, start.month, start.year % 100),
            format!("{:02}.{:02}.{:02}", start.hour, start.minute, start.second),
        )
    });
    header.field(&date, 8);
    header.field(&time, 8);
    header.field(&(256 * (n_signals + 1)).to_string(), 8);
    header.field("BDF+C", 44);
    header.field(&n_records.to_string(), 8);
    header.field("1", 8);
    header.field(&n_signals.to_string(), 4);
    let unit_text = |unit: &Unit| match unit {
        Unit::Microvolt => "uV".to_string(),
        Unit::Arbitrary => String::new(),
        other => other.symbol().to_string(),
    };
    let channels = &recording.channels;
    let per_signal = |values: Vec<String>, annotation: &str, width: usize, header: &mut HeaderWriter| {
        for value in values {
            header.field(&value, width);
        }
        header.field(annotation, width);
    };
    per_signal(channels.iter().map(|channel| channel.label.clone()).collect(), "BDF Annotations", 16, &mut header);
    per_signal(channels.iter().map(|channel| channel.transducer.clone()).collect(), "", 80, &mut header);
    per_signal(channels.iter().map(|channel| unit_text(&channel.unit)).collect(), "", 8, &mut header);
    per_signal(limits.iter().map(|(low, _)| format_number(*low)).collect(), "-1", 8, &mut header);
    per_signal(limits.iter().map(|(_, high)| format_number(*high)).collect(), "1", 8, &mut header);
    per_signal(channels.iter().map(|_| "-8388608".to_string()).collect(), "-8388608", 8, &mut header);
    per_signal(channels.iter().map(|_| "8388607".to_string()).collect(), "8388607", 8, &mut header);
    per_signal(channels.iter().map(|channel| channel.prefiltering.clone()).collect(), "", 80, &mut header);
    per_signal(
        channels.iter().map(|channel| (channel.sampling_rate_hz.round() as usize).to_string()).collect(),
        &annotation_samples.to_string(),
        8,
        &mut header,
    );
    per_signal(channels.iter().map(|_| String::new()).collect(), "", 32, &mut header);

    let mut bytes = header.0;
    // The physical limits written are rounded to 8 characters: scale with what a reader sees.
    let written: Vec<(f64, f64)> = limits
        .iter()
        .map(|(low, high)| (format_number(*low).parse().unwrap_or(*low), format_number(*high).parse().unwrap_or(*high)))
        .collect();
    for record_idx in 0..n_records {
        for (channel, &(low, high)) in channels.iter().zip(&written) {
            let rate = channel.sampling_rate_hz.round() as usize;
            let samples = &channel.segments[0].samples;
            let gain = (high - low) / (2.0 * f64::from(DIGITAL_LIMIT) + 1.0);
            let last = samples.last().copied().unwrap_or(0.0);
            for sample_idx in record_idx * rate..(record_idx + 1) * rate {
                let value = f64::from(*samples.get(sample_idx).unwrap_or(&last));
                let value = if value.is_finite() { value } else { 0.0 };
                let digital = ((value - low) / gain + f64::from(-DIGITAL_LIMIT - 1))
                    .round()
                    .clamp(f64::from(-DIGITAL_LIMIT - 1), f64::from(DIGITAL_LIMIT))
                    as i32;
                bytes.extend(&digital.to_le_bytes()[..3]);
            }
        }
        let mut tal = format!("+{record_idx}\u{14}\u{14}\u{0}").into_bytes();
        tal.resize(annotation_samples * 3, 0);
        bytes.extend(tal);
    }
    Ok(bytes)
}

/// One ordinary signal of an EDF file encoded a record at a time.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamedSignal {
    /// Label, e.g. `Tone 7 Hz`; cut to 16 characters.
    pub label: String,
    /// Sensor, e.g. `Concentric needle`; empty when there is nothing to say.
    pub transducer: String,
    /// The unit of the values given to [`EdfRecordEncoder::encode_record`].
    pub unit: Unit,
    /// The values of the lowest and highest digital codes (−32768 and 32767), in `unit`, as
    /// (minimum, maximum): the converter's range. Values beyond it are held at its limits.
    pub physical_range: (f64, f64),
    /// Acquisition filters as EDF writes them, e.g. `HP:2Hz LP:10kHz`.
    pub prefiltering: String,
    /// Samples of this signal in one data record.
    pub samples_per_record: usize,
}

/// The header of a 16-bit EDF file encoded a record at a time: what every record holds and
/// how many records follow.
#[derive(Debug, Clone, PartialEq)]
pub struct StreamedEdf {
    /// Patient identification, written as given (`X X X X` when blank).
    pub patient: String,
    /// Recording identification, written as given.
    pub recording_info: String,
    /// Start of the recording (`01.01.00 00.00.00` when `None`).
    pub start: Option<CivilDateTime>,
    /// Length of one data record, s (typically 1).
    pub record_duration_s: f64,
    /// Number of data records the header promises.
    pub n_records: usize,
    /// The signals, in file order.
    pub signals: Vec<StreamedSignal>,
}

/// Why an EDF file cannot be encoded as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EdfWriteError {
    /// Nothing to write.
    #[error("the file has no signals")]
    NoSignals,
    /// The header's signal count has four characters.
    #[error("{n_signals} signals; an EDF header holds at most 9999")]
    TooManySignals {
        /// Signals asked for.
        n_signals: usize,
    },
    /// The record duration is not a positive number of seconds.
    #[error("the data record duration is {record_duration_s} s; expected a positive number of seconds")]
    RecordDuration {
        /// The duration asked for.
        record_duration_s: f64,
    },
    /// The header's record count has eight characters.
    #[error("{n_records} data records; an EDF header holds at most 99999999")]
    TooManyRecords {
        /// Records asked for.
        n_records: usize,
    },
    /// A signal's physical range is empty or not finite.
    #[error("signal \"{label}\": physical range {low} to {high}; the minimum must be below the maximum")]
    PhysicalRange {
        /// The signal.
        label: String,
        /// Its minimum.
        low: f64,
        /// Its maximum.
        high: f64,
    },
    /// A record must hold at least one sample of each signal, and fit EDF readers' limit.
    #[error("{record_bytes} bytes per data record; EDF readers accept 2 bytes to {max_bytes} (at least one sample of each signal)")]
    RecordSize {
        /// Bytes one record would take.
        record_bytes: usize,
        /// The largest record EDFbrowser accepts.
        max_bytes: usize,
    },
    /// A record was given a different number of signals than the header lists.
    #[error("record {record_idx}: {found} signals given; the header lists {expected}")]
    RecordSignals {
        /// The record, from 0.
        record_idx: usize,
        /// Signals given.
        found: usize,
        /// Signals in the header.
        expected: usize,
    },
    /// A signal was given a different number of samples than a record holds.
    #[error("record {record_idx}, signal \"{label}\": {found} samples given; a record holds {expected}")]
    RecordLength {
        /// The record, from 0.
        record_idx: usize,
        /// The signal.
        label: String,
        /// Samples given.
        found: usize,
        /// Samples per record.
        expected: usize,
    },
    /// More records were given than the header promises.
    #[error("record {record_idx} is beyond the {n_records} records the header promises")]
    ExtraRecord {
        /// The record, from 0.
        record_idx: usize,
        /// Records the header promises.
        n_records: usize,
    },
    /// Fewer records were given than the header promises: the file would read as truncated.
    #[error("{n_written} data records written; the header promises {n_records}")]
    MissingRecords {
        /// Records given.
        n_written: usize,
        /// Records the header promises.
        n_records: usize,
    },
}

/// The digital range of 16-bit EDF.
const EDF_DIGITAL_MIN: i32 = -32_768;
const EDF_DIGITAL_MAX: i32 = 32_767;

/// Encodes a 16-bit EDF file a data record at a time: [`header`](Self::header) first, then each
/// record as it is produced. The caller writes the bytes where it likes (edx-core does no I/O),
/// so a file of any length needs the memory of one record.
///
/// ```
/// use edx_core::formats::edf::write::{EdfRecordEncoder, StreamedEdf, StreamedSignal};
/// use edx_core::model::Unit;
/// let signal = StreamedSignal {
///     label: "Test".into(),
///     transducer: String::new(),
///     unit: Unit::Microvolt,
///     physical_range: (-100.0, 100.0),
///     prefiltering: String::new(),
///     samples_per_record: 4,
/// };
/// let spec = StreamedEdf {
///     patient: String::new(),
///     recording_info: String::new(),
///     start: None,
///     record_duration_s: 1.0,
///     n_records: 2,
///     signals: vec![signal],
/// };
/// let mut encoder = EdfRecordEncoder::new(spec).unwrap();
/// let mut file = encoder.header();
/// encoder.encode_record(&[&[0.0, 10.0, 20.0, 30.0]], &mut file).unwrap();
/// encoder.encode_record(&[&[40.0, 50.0, 60.0, 70.0]], &mut file).unwrap();
/// encoder.finish().unwrap();
/// let recording = edx_core::formats::edf::read(&file).unwrap();
/// assert_eq!(recording.channels[0].segments[0].samples.len(), 8);
/// ```
#[derive(Debug, Clone)]
pub struct EdfRecordEncoder {
    spec: StreamedEdf,
    /// Per signal: the physical minimum as the header writes it, and physical units per
    /// digital step.
    scales: Vec<(f64, f64)>,
    n_written: usize,
}

impl EdfRecordEncoder {
    /// Checks `spec` and prepares its scales; an error names what EDF cannot hold.
    pub fn new(spec: StreamedEdf) -> Result<EdfRecordEncoder, EdfWriteError> {
        if spec.signals.is_empty() {
            return Err(EdfWriteError::NoSignals);
        }
        if spec.signals.len() > 9_999 {
            return Err(EdfWriteError::TooManySignals { n_signals: spec.signals.len() });
        }
        if !(spec.record_duration_s.is_finite() && spec.record_duration_s > 0.0) {
            return Err(EdfWriteError::RecordDuration { record_duration_s: spec.record_duration_s });
        }
        if spec.n_records > 99_999_999 {
            return Err(EdfWriteError::TooManyRecords { n_records: spec.n_records });
        }
        let samples_per_record: usize = spec.signals.iter().map(|signal| signal.samples_per_record).sum();
        let record_bytes = samples_per_record.saturating_mul(2);
        let max_bytes = super::header::MAX_RECORD_BYTES_EDF;
        if spec.signals.iter().any(|signal| signal.samples_per_record == 0) || record_bytes > max_bytes {
            return Err(EdfWriteError::RecordSize { record_bytes, max_bytes });
        }
        let mut scales = Vec::with_capacity(spec.signals.len());
        for signal in &spec.signals {
            // The header holds 8 characters: scale with the range a reader will see.
            let (low, high) = signal.physical_range;
            let written = |value: f64| format_number(value).parse().unwrap_or(value);
            let (low, high) = (written(low), written(high));
            if !(low.is_finite() && high.is_finite() && low < high) {
                return Err(EdfWriteError::PhysicalRange {
                    label: signal.label.clone(),
                    low: signal.physical_range.0,
                    high: signal.physical_range.1,
                });
            }
            scales.push((low, (high - low) / f64::from(EDF_DIGITAL_MAX - EDF_DIGITAL_MIN)));
        }
        Ok(EdfRecordEncoder { spec, scales, n_written: 0 })
    }

    /// The header: 256 bytes and 256 per signal. Plain EDF (not EDF+): no annotation signal.
    pub fn header(&self) -> Vec<u8> {
        let spec = &self.spec;
        let mut header = HeaderWriter::default();
        header.field("0", 8);
        header.field(if spec.patient.trim().is_empty() { "X X X X" } else { &spec.patient }, 80);
        header.field(&spec.recording_info, 80);
        let (date, time) = spec.start.map_or(("01.01.00".to_string(), "00.00.00".to_string()), |start| {
            (
                format!("{:02}.{:02}.{:02}", start.day, start.month, start.year.rem_euclid(100)),
                format!("{:02}.{:02}.{:02}", start.hour, start.minute, start.second),
            )
        });
        header.field(&date, 8);
        header.field(&time, 8);
        header.field(&(256 * (spec.signals.len() + 1)).to_string(), 8);
        header.field("", 44);
        header.field(&spec.n_records.to_string(), 8);
        header.field(&format_number(spec.record_duration_s), 8);
        header.field(&spec.signals.len().to_string(), 4);
        let signals = &spec.signals;
        let unit_text = |unit: &Unit| match unit {
            Unit::Microvolt => "uV".to_string(),
            Unit::Arbitrary => String::new(),
            other => other.symbol().to_string(),
        };
        let mut per_signal = |text: &dyn Fn(&StreamedSignal) -> String, width: usize| {
            for signal in signals {
                header.field(&text(signal), width);
            }
        };
        per_signal(&|signal| signal.label.clone(), 16);
        per_signal(&|signal| signal.transducer.clone(), 80);
        per_signal(&|signal| unit_text(&signal.unit), 8);
        per_signal(&|signal| format_number(signal.physical_range.0), 8);
        per_signal(&|signal| format_number(signal.physical_range.1), 8);
        per_signal(&|_| EDF_DIGITAL_MIN.to_string(), 8);
        per_signal(&|_| EDF_DIGITAL_MAX.to_string(), 8);
        per_signal(&|signal| signal.prefiltering.clone(), 80);
        per_signal(&|signal| signal.samples_per_record.to_string(), 8);
        per_signal(&|_| String::new(), 32);
        header.0
    }

    /// Bytes of one data record.
    pub fn record_bytes(&self) -> usize {
        self.spec.signals.iter().map(|signal| signal.samples_per_record * 2).sum()
    }

    /// Bytes of the whole file: the header and every record it promises.
    pub fn file_bytes(&self) -> u64 {
        256 * (self.spec.signals.len() as u64 + 1) + self.spec.n_records as u64 * self.record_bytes() as u64
    }

    /// Appends the next data record to `out`: `signals[i]` holds signal `i`'s samples in this
    /// record, in its unit. Values beyond a signal's physical range are held at its limits; a
    /// value that is not a number is written as 0 (EDF has no code for it).
    pub fn encode_record(&mut self, signals: &[&[f32]], out: &mut Vec<u8>) -> Result<(), EdfWriteError> {
        let record_idx = self.n_written;
        if record_idx >= self.spec.n_records {
            return Err(EdfWriteError::ExtraRecord { record_idx, n_records: self.spec.n_records });
        }
        if signals.len() != self.spec.signals.len() {
            return Err(EdfWriteError::RecordSignals {
                record_idx,
                found: signals.len(),
                expected: self.spec.signals.len(),
            });
        }
        for (samples, signal) in signals.iter().zip(&self.spec.signals) {
            if samples.len() != signal.samples_per_record {
                return Err(EdfWriteError::RecordLength {
                    record_idx,
                    label: signal.label.clone(),
                    found: samples.len(),
                    expected: signal.samples_per_record,
                });
            }
        }
        out.reserve(self.record_bytes());
        for (samples, &(low, step)) in signals.iter().zip(&self.scales) {
            let start = out.len();
            out.resize(start + samples.len() * 2, 0);
            for (bytes, &value) in out[start..].chunks_exact_mut(2).zip(samples.iter()) {
                let value = if value.is_finite() { f64::from(value) } else { 0.0 };
                let digital = ((value - low) / step + f64::from(EDF_DIGITAL_MIN))
                    .round()
                    .clamp(f64::from(EDF_DIGITAL_MIN), f64::from(EDF_DIGITAL_MAX)) as i16;
                bytes.copy_from_slice(&digital.to_le_bytes());
            }
        }
        self.n_written += 1;
        Ok(())
    }

    /// Checks that every record the header promises was encoded.
    pub fn finish(self) -> Result<(), EdfWriteError> {
        if self.n_written == self.spec.n_records {
            Ok(())
        } else {
            Err(EdfWriteError::MissingRecords { n_written: self.n_written, n_records: self.spec.n_records })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, Segment};

    #[test]
    fn a_written_recording_reads_back_within_a_quantisation_step() {
        let samples: Vec<f32> = (0..2_500).map(|idx| (idx as f32 * 0.05).sin() * 300.0).collect();
        let recording = Recording {
            file_name: "x.bdf".into(),
            channels: vec![Channel {
                label: "EMG Tib ant".into(),
                unit: Unit::Microvolt,
                sampling_rate_hz: 1_000.0,
                segments: vec![Segment { start_s: 0.0, samples: samples.clone() }],
                transducer: "Concentric needle".into(),
                prefiltering: String::new(),
                recordable_range: None,
            }],
            ..Recording::default()
        };
        let bytes = write_bdf_continuous(&recording).unwrap();
        let read = crate::formats::edf::read(&bytes).unwrap();
        assert_eq!(read.format, "BDF+C");
        let channel = &read.channels[0];
        assert_eq!(channel.label, "EMG Tib ant");
        assert_eq!(channel.unit, Unit::Microvolt);
        assert_eq!(channel.segments[0].samples.len(), 3_000, "three one-second records");
        for (written, read) in samples.iter().zip(&channel.segments[0].samples) {
            assert!((written - read).abs() < 1e-3, "{written} vs {read}");
        }
    }

    /// Two signals at different rates, `n_records` one-second records: a ramp of known values.
    fn streamed(n_records: usize) -> StreamedEdf {
        let signal = |label: &str, samples_per_record: usize| StreamedSignal {
            label: label.into(),
            transducer: "Test".into(),
            unit: Unit::Microvolt,
            physical_range: (-500.0, 500.0),
            prefiltering: "HP:2Hz".into(),
            samples_per_record,
        };
        StreamedEdf {
            patient: String::new(),
            recording_info: "Startdate X X X streamed".into(),
            start: None,
            record_duration_s: 1.0,
            n_records,
            signals: vec![signal("Fast", 200), signal("Slow", 50)],
        }
    }

    #[test]
    fn a_streamed_file_reads_back_within_a_quantisation_step() {
        let n_records = 3;
        let mut encoder = EdfRecordEncoder::new(streamed(n_records)).unwrap();
        let mut bytes = encoder.header();
        let value_at = |signal_idx: usize, sample_idx: usize| {
            // Beyond the ±500 µV range near the end of the fast signal: held at the limit.
            (sample_idx as f32 * if signal_idx == 0 { 1.3 } else { 7.1 }).sin() * 480.0
                + if signal_idx == 0 && sample_idx >= 590 { 900.0 } else { 0.0 }
        };
        let mut written: [Vec<f32>; 2] = [Vec::new(), Vec::new()];
        for _ in 0..n_records {
            let record: Vec<Vec<f32>> = [200, 50]
                .iter()
                .enumerate()
                .map(|(signal_idx, &n)| {
                    (0..n).map(|idx| value_at(signal_idx, written[signal_idx].len() + idx)).collect()
                })
                .collect();
            for (all, part) in written.iter_mut().zip(&record) {
                all.extend(part);
            }
            let slices: Vec<&[f32]> = record.iter().map(Vec::as_slice).collect();
            encoder.encode_record(&slices, &mut bytes).unwrap();
        }
        assert_eq!(bytes.len() as u64, encoder.file_bytes(), "the promised length");
        encoder.finish().unwrap();

        let read = crate::formats::edf::read(&bytes).unwrap();
        assert_eq!(read.format, "EDF");
        assert!(read.warnings.is_empty(), "{:?}", read.warnings);
        let step_uv = 1_000.0 / 65_535.0;
        for (channel, (label, rate)) in read.channels.iter().zip([("Fast", 200.0), ("Slow", 50.0)]) {
            assert_eq!((channel.label.as_str(), channel.sampling_rate_hz), (label, rate));
            assert_eq!(channel.unit, Unit::Microvolt);
            let (low, high) = channel.recordable_range.expect("EDF states its range");
            assert!((low + 500.0).abs() < 1e-9 && (high - 500.0).abs() < 1e-9, "{label}: range {low} to {high}");
        }
        for (signal_idx, channel) in read.channels.iter().enumerate() {
            let samples = &channel.segments[0].samples;
            assert_eq!(samples.len(), written[signal_idx].len(), "signal {signal_idx}: every sample");
            for (sample_idx, (&expected, &found)) in written[signal_idx].iter().zip(samples).enumerate() {
                let expected = expected.clamp(-500.0, 500.0);
                assert!(
                    f64::from((expected - found).abs()) <= step_uv / 2.0 + 1e-4,
                    "signal {signal_idx}, sample {sample_idx}: wrote {expected}, read {found}"
                );
            }
        }
    }

    #[test]
    fn a_streamed_file_refuses_records_that_do_not_fit_its_header() {
        let mut encoder = EdfRecordEncoder::new(streamed(1)).unwrap();
        let mut bytes = Vec::new();
        let (fast, slow) = (vec![0.0f32; 200], vec![0.0f32; 49]);
        assert!(matches!(
            encoder.encode_record(&[&fast, &slow], &mut bytes),
            Err(EdfWriteError::RecordLength { record_idx: 0, found: 49, expected: 50, .. })
        ));
        assert!(matches!(
            encoder.encode_record(&[&fast], &mut bytes),
            Err(EdfWriteError::RecordSignals { found: 1, expected: 2, .. })
        ));
        assert!(bytes.is_empty(), "nothing written for a refused record");
        assert!(matches!(encoder.clone().finish(), Err(EdfWriteError::MissingRecords { n_written: 0, n_records: 1 })));
        let slow = vec![0.0f32; 50];
        encoder.encode_record(&[&fast, &slow], &mut bytes).unwrap();
        assert!(matches!(
            encoder.encode_record(&[&fast, &slow], &mut bytes),
            Err(EdfWriteError::ExtraRecord { record_idx: 1, n_records: 1 })
        ));
        encoder.finish().unwrap();
        let mut empty_range = streamed(1);
        empty_range.signals[1].physical_range = (5.0, 5.0);
        assert!(matches!(EdfRecordEncoder::new(empty_range), Err(EdfWriteError::PhysicalRange { .. })));
    }

    #[test]
    fn a_recordable_range_is_written_as_the_physical_range() {
        let samples: Vec<f32> =
            (0..1_000).map(|idx| if idx % 100 < 10 { 400.0 } else { (idx as f32).sin() * 50.0 }).collect();
        let recording = Recording {
            channels: vec![Channel {
                label: "EMG".into(),
                unit: Unit::Microvolt,
                sampling_rate_hz: 1_000.0,
                segments: vec![Segment { start_s: 0.0, samples }],
                transducer: String::new(),
                prefiltering: String::new(),
                recordable_range: Some((-400.0, 400.0)),
            }],
            ..Recording::default()
        };
        let read = crate::formats::edf::read(&write_bdf_continuous(&recording).unwrap()).unwrap();
        let channel = &read.channels[0];
        let (low, high) = channel.recordable_range.expect("BDF states its range");
        assert!((low + 400.0).abs() < 1e-9 && (high - 400.0).abs() < 1e-9, "range {low} to {high}");
        assert!(
            (channel.segments[0].samples[0] - 400.0).abs() < 1e-4,
            "a value at the limit reads back at the highest code"
        );
    }
}
