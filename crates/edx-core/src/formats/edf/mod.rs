//! EDF, EDF+, BDF and BDF+: the European Data Format and its 24-bit BioSemi variant.
//!
//! The reader keeps every data record's own start time (EDF+D: one segment per record), so gaps
//! stay gaps; it reads
//! annotations from any number of annotation signals placed anywhere in the signal list, with
//! onsets relative to the header's start time as the EDF+ specification defines them (so a
//! file whose first record starts at +0.7 s has its first samples at 0.7 s); and it offers the
//! complete records of a truncated file with a warning.

mod header;
pub mod overview;
mod scan;
mod tal;
pub mod write;

use header::Header;
use scan::{Layout, Scan, WholeSignals};

use crate::model::Recording;

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
        available: u64,
    },
}

/// Reads an EDF, EDF+, BDF or BDF+ file.
pub fn read(bytes: &[u8]) -> Result<Recording, EdfError> {
    let mut warnings = Vec::new();
    let header = header::parse(bytes, &mut warnings)?;
    let n_records = count_records(bytes.len() as u64, &header, &mut warnings)?;
    let data = &bytes[header.header_bytes..header.header_bytes + n_records * header.record_bytes];
    let layout = Layout::new(header, n_records);
    let mut scan = Scan::new(&layout);
    let mut signals = WholeSignals::new(&layout);
    scan.feed(&layout, data, &mut signals);
    let annotations = scan.finish(&mut warnings);
    let channels = signals
        .segments
        .into_iter()
        .enumerate()
        .map(|(channel_idx, segments)| layout.channel(channel_idx, segments))
        .collect();
    let header = layout.header;
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
        holds_nerve_conductions: false,
        part: None,
    })
}

/// The number of complete records in a file of `n_bytes`, warning when it differs from the
/// header's count.
fn count_records(n_bytes: u64, header: &Header, warnings: &mut Vec<String>) -> Result<usize, EdfError> {
    let available = n_bytes.saturating_sub(header.header_bytes as u64);
    let complete = available.checked_div(header.record_bytes as u64).unwrap_or(0);
    let complete = usize::try_from(complete).unwrap_or(usize::MAX);
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
    let extra = available - promised as u64 * header.record_bytes as u64;
    if extra > 0 {
        warnings.push(format!("{extra} bytes follow the last data record and were ignored"));
    }
    Ok(promised)
}
