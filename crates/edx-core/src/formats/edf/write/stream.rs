//! 16-bit EDF encoded a data record at a time: the header first, then each record as it is
//! produced, so a file of any length is written in the memory of one record (the benchmarks'
//! hour of 8 channels at 20 kHz is 1.15 GB).

use super::{format_number, HeaderWriter};
use crate::model::{CivilDateTime, Unit};

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
        /// The signal's label.
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
        /// The signal's label.
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
        let max_bytes = crate::formats::edf::header::MAX_RECORD_BYTES_EDF;
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
}
