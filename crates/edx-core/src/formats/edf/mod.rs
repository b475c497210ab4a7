//! EDF, EDF+, BDF and BDF+: the European Data Format and its 24-bit BioSemi variant.
//!
//! The reader keeps every data record's own start time (EDF+D: one segment per record), so gaps
//! stay gaps; it reads
//! annotations from any number of annotation signals placed anywhere in the signal list, with
//! onsets relative to the header's start time as the EDF+ specification defines them (so a
//! file whose first record starts at +0.7 s has its first samples at 0.7 s); and it offers the
//! complete records of a truncated file with a warning.

mod header;
mod tal;
pub mod write;

use header::{Continuity, Header, SampleWidth};

use crate::model::{Annotation, Channel, Recording, Segment, Unit};

/// Why an EDF, EDF+, BDF or BDF+ file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EdfError {
    /// Fewer bytes than the fixed header.
    #[error("the file is {n_bytes} bytes, too short for the 256-byte EDF header")]
    TooShort {
        /// Length of the file.
        n_bytes: usize,
    },
    /// The first eight bytes are neither EDF's nor BDF's.
    #[error("the version field is {found:?}; EDF files start with \"0\" and BDF files with 0xFF \"BIOSEMI\"")]
    Version {
        /// What the field holds.
        found: String,
    },
    /// A field of the fixed header is malformed.
    #[error("header field '{field}' is {found:?}; expected {expected}")]
    HeaderField {
        /// The field's name in the specification.
        field: &'static str,
        /// What the field holds.
        found: String,
        /// What it should hold.
        expected: &'static str,
    },
    /// The number of signals is not a positive integer.
    #[error("the number of signals (header bytes 252–255) is {found:?}; expected a positive integer")]
    SignalCount {
        /// What the field holds.
        found: String,
    },
    /// The file ends inside the signal headers.
    #[error("the header describes {n_signals} signals and so needs {needed} bytes, but the file has only {n_bytes}")]
    HeaderTruncated {
        /// Number of signals declared.
        n_signals: usize,
        /// Header length those signals need.
        needed: usize,
        /// Length of the file.
        n_bytes: usize,
    },
    /// The header-size field disagrees with the number of signals.
    #[error("the header says it is {declared} bytes long, but {n_signals} signals make it {expected} bytes (256 × (signals + 1))")]
    HeaderSize {
        /// Header length the file declares.
        declared: usize,
        /// Number of signals declared.
        n_signals: usize,
        /// Header length those signals need.
        expected: usize,
    },
    /// The number of data records is not a positive integer (or -1).
    #[error("the number of data records is {found:?}; expected a positive integer (or -1 while recording)")]
    RecordCount {
        /// What the field holds.
        found: String,
    },
    /// The record duration is negative, not a number, or zero while ordinary signals exist.
    #[error("the data record duration is {found:?} s; expected a positive number of seconds (0 only in annotation-only files)")]
    RecordDuration {
        /// What the field holds.
        found: String,
    },
    /// A signal header field is malformed.
    #[error("signal {signal_idx} ('{label}'): '{field}' is {found:?}; expected {expected}")]
    SignalField {
        /// Position of the signal, from 0.
        signal_idx: usize,
        /// The signal's label.
        label: String,
        /// The field's name in the specification.
        field: &'static str,
        /// What the field holds.
        found: String,
        /// What it should hold.
        expected: &'static str,
    },
    /// The digital minimum is not below the digital maximum.
    #[error("signal {signal_idx} ('{label}'): digital minimum {minimum} is not below digital maximum {maximum}")]
    DigitalRange {
        /// Position of the signal, from 0.
        signal_idx: usize,
        /// The signal's label.
        label: String,
        /// Digital minimum.
        minimum: i64,
        /// Digital maximum.
        maximum: i64,
    },
    /// The digital limits exceed what the sample width can store.
    #[error("signal {signal_idx} ('{label}'): digital range {minimum}…{maximum} does not fit the samples of a {format} file")]
    DigitalLimits {
        /// Position of the signal, from 0.
        signal_idx: usize,
        /// The signal's label.
        label: String,
        /// Digital minimum.
        minimum: i64,
        /// Digital maximum.
        maximum: i64,
        /// EDF or BDF.
        format: &'static str,
    },
    /// Physical minimum equals physical maximum, so no value can be computed.
    #[error("signal {signal_idx} ('{label}'): physical minimum and maximum are both {value}, so the values cannot be scaled")]
    PhysicalRange {
        /// Position of the signal, from 0.
        signal_idx: usize,
        /// The signal's label.
        label: String,
        /// The shared value.
        value: f64,
    },
    /// One data record would be larger than any real recording needs.
    #[error("one data record would be larger than {limit} bytes; the samples-per-record fields are corrupt")]
    RecordTooLarge {
        /// The largest record accepted, in bytes.
        limit: usize,
    },
    /// Not even one complete data record follows the header.
    #[error("the header promises {promised} data records of {record_bytes} bytes but only {available} bytes follow it; the file is truncated")]
    Truncated {
        /// Records the header declares.
        promised: usize,
        /// Bytes of one record.
        record_bytes: usize,
        /// Bytes after the header.
        available: usize,
    },
}

/// Reads an EDF, EDF+, BDF or BDF+ file.
pub fn read(bytes: &[u8]) -> Result<Recording, EdfError> {
    let mut warnings = Vec::new();
    let header = header::parse(bytes, &mut warnings)?;
    let n_records = count_records(bytes.len(), &header, &mut warnings)?;
    let data = &bytes[header.header_bytes..header.header_bytes + n_records * header.record_bytes];

    let signal_offsets: Vec<usize> = header
        .signals
        .iter()
        .scan(0, |offset, signal| {
            let start = *offset;
            *offset += signal.samples_per_record * header.width.bytes();
            Some(start)
        })
        .collect();
    let record = |record_idx: usize, signal_idx: usize| {
        let start = record_idx * header.record_bytes + signal_offsets[signal_idx];
        &data[start..start + header.signals[signal_idx].samples_per_record * header.width.bytes()]
    };

    let (mut annotations, timekeeping_onsets) = read_annotations(&header, n_records, &record, &mut warnings);
    // EDF+ allows annotations in any order; the viewer lists them in time order.
    annotations.sort_by(|first, second| first.onset_s.total_cmp(&second.onset_s));
    let record_starts_s = record_start_times(&header, n_records, &timekeeping_onsets, &mut warnings);
    // EDF+D keeps every data record as a segment of its own: each record is a unit of the file
    // (a stimulus sweep in nerve conduction files), even when it happens to touch the next.
    let runs = if header.plus == Some(Continuity::Discontinuous) {
        (0..n_records).map(|record_idx| record_idx..record_idx + 1).collect()
    } else {
        contiguous_runs(&record_starts_s, header.record_duration_s)
    };

    let channels = header
        .signals
        .iter()
        .enumerate()
        .filter(|(_, signal)| !signal.is_annotation)
        .map(|(signal_idx, signal)| {
            let (gain, offset) = (signal.gain(), signal.offset());
            let segments = runs
                .iter()
                .map(|run| {
                    let mut samples = Vec::with_capacity(run.len() * signal.samples_per_record);
                    for record_idx in run.clone() {
                        decode_samples(record(record_idx, signal_idx), header.width, gain, offset, &mut samples);
                    }
                    Segment { start_s: record_starts_s[run.start], samples }
                })
                .collect();
            let lowest = f64::from(signal.digital_minimum) * gain + offset;
            let highest = f64::from(signal.digital_maximum) * gain + offset;
            Channel {
                label: signal.label.clone(),
                unit: Unit::parse(&signal.physical_dimension),
                sampling_rate_hz: signal.samples_per_record as f64 / header.record_duration_s,
                segments,
                transducer: signal.transducer.clone(),
                prefiltering: signal.prefiltering.clone(),
                recordable_range: Some((lowest.min(highest), lowest.max(highest))),
            }
        })
        .collect();

    Ok(Recording {
        file_name: String::new(),
        format: header.format_name(),
        start: header.start,
        patient: header.patient,
        recording_info: header.recording,
        channels,
        annotations,
        notes: Vec::new(),
        warnings,
    })
}

/// The number of complete records present, warning when it differs from the header's count.
fn count_records(n_bytes: usize, header: &Header, warnings: &mut Vec<String>) -> Result<usize, EdfError> {
    let available = n_bytes - header.header_bytes;
    let complete = available.checked_div(header.record_bytes).unwrap_or(0);
    let Some(promised) = header.declared_records else {
        return Ok(complete);
    };
    if complete == 0 {
        return Err(EdfError::Truncated { promised, record_bytes: header.record_bytes, available });
    }
    if complete < promised {
        warnings.push(format!(
            "the header promises {promised} data records but the file holds {complete} complete ones; it looks truncated, so only those are shown"
        ));
        return Ok(complete);
    }
    let extra = available - promised * header.record_bytes;
    if extra > 0 {
        warnings.push(format!("{extra} bytes follow the last data record and were ignored"));
    }
    Ok(promised)
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

/// Reads the TALs of every annotation signal in every record. Returns the annotations and, per
/// record, the onset of its time-keeping TAL (the first TAL of the first annotation signal).
fn read_annotations<'a>(
    header: &Header,
    n_records: usize,
    record: &impl Fn(usize, usize) -> &'a [u8],
    warnings: &mut Vec<String>,
) -> (Vec<Annotation>, Vec<Option<f64>>) {
    let annotation_signals: Vec<usize> = header
        .signals
        .iter()
        .enumerate()
        .filter(|(_, signal)| signal.is_annotation)
        .map(|(signal_idx, _)| signal_idx)
        .collect();
    let mut annotations = Vec::new();
    let mut timekeeping_onsets = vec![None; n_records];
    if header.plus.is_none() {
        return (annotations, timekeeping_onsets);
    }
    let mut recovered_unclosed = false;
    let mut problems = Vec::new();
    for (record_idx, timekeeping_onset) in timekeeping_onsets.iter_mut().enumerate() {
        for (position, &signal_idx) in annotation_signals.iter().enumerate() {
            let parsed = tal::parse(record(record_idx, signal_idx));
            recovered_unclosed |= parsed.recovered_unclosed_tal;
            problems.extend(parsed.problems.into_iter().map(|problem| format!("record {record_idx}: {problem}")));
            for (tal_idx, tal) in parsed.tals.into_iter().enumerate() {
                let is_timekeeping = position == 0 && tal_idx == 0;
                if is_timekeeping {
                    *timekeeping_onset = Some(tal.onset_s);
                }
                annotations.extend(tal.texts.into_iter().filter(|text| !text.is_empty()).map(|text| Annotation {
                    onset_s: tal.onset_s,
                    duration_s: tal.duration_s,
                    text,
                }));
            }
        }
    }
    if recovered_unclosed {
        warnings.push("some annotation lists were not closed before the next began (a known Nihon Kohden export fault); they were split at each onset".into());
    }
    if let Some(first) = problems.first() {
        warnings.push(format!("{} malformed annotation lists were skipped; the first: {first}", problems.len()));
    }
    (annotations, timekeeping_onsets)
}

/// The start of each data record in seconds from the header's start time.
fn record_start_times(
    header: &Header,
    n_records: usize,
    timekeeping_onsets: &[Option<f64>],
    warnings: &mut Vec<String>,
) -> Vec<f64> {
    let duration_s = header.record_duration_s;
    let first_onset_s = timekeeping_onsets.first().copied().flatten().unwrap_or(0.0);
    match header.plus {
        Some(Continuity::Discontinuous) => {
            let mut starts = Vec::with_capacity(n_records);
            let mut n_missing = 0;
            let mut n_overlapping = 0;
            for onset in timekeeping_onsets {
                let previous_end = starts.last().map(|start| start + duration_s);
                let start = match onset {
                    Some(onset_s) => *onset_s,
                    None => {
                        n_missing += 1;
                        previous_end.unwrap_or(0.0)
                    }
                };
                if previous_end.is_some_and(|end| start < end - time_tolerance_s(duration_s)) {
                    n_overlapping += 1;
                }
                starts.push(start);
            }
            if n_missing > 0 {
                warnings.push(format!("{n_missing} data records have no time-keeping annotation; each was placed right after the previous record"));
            }
            if n_overlapping > 0 {
                warnings.push(format!(
                    "{n_overlapping} data records start before the previous record ends, which EDF+D forbids"
                ));
            }
            starts
        }
        _ => {
            let starts: Vec<f64> =
                (0..n_records).map(|record_idx| first_onset_s + record_idx as f64 * duration_s).collect();
            let n_disagreeing = timekeeping_onsets
                .iter()
                .zip(&starts)
                .filter(|(onset, start)| {
                    onset.is_some_and(|onset_s| (onset_s - **start).abs() > time_tolerance_s(duration_s))
                })
                .count();
            if n_disagreeing > 0 {
                warnings.push(format!(
                    "the file is marked continuous (EDF+C) but {n_disagreeing} records' time-keeping annotations say otherwise; the records are shown back to back"
                ));
            }
            starts
        }
    }
}

/// Ranges of records that follow each other without a gap.
fn contiguous_runs(record_starts_s: &[f64], duration_s: f64) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (record_idx, start_s) in record_starts_s.iter().enumerate() {
        match runs.last_mut() {
            Some(run)
                if (record_starts_s[run.end - 1] + duration_s - start_s).abs() <= time_tolerance_s(duration_s) =>
            {
                run.end += 1
            }
            _ => runs.push(record_idx..record_idx + 1),
        }
    }
    runs
}

/// How far two times may differ and still be the same instant: TAL onsets are decimal text,
/// so allow a microsecond, or a millionth of a record for very long records.
fn time_tolerance_s(duration_s: f64) -> f64 {
    (duration_s * 1e-6).max(1e-6)
}
