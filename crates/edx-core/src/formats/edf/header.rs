//! The EDF/BDF header: the fixed 256 bytes and one 256-byte block per signal, checked against
//! the rules of the EDF+ specification and EDFbrowser's compliance checker (formats.md §1.7).

use super::EdfError;
use crate::model::CivilDateTime;

/// Largest data record EDFbrowser accepts, in bytes: 10 MB for EDF, 15 MB for BDF
/// (EDFbrowser `check_edf_file.cpp`). Larger records are far beyond any real recording and would
/// only be a corrupt header.
pub(super) const MAX_RECORD_BYTES_EDF: usize = 10 * 1024 * 1024;
const MAX_RECORD_BYTES_BDF: usize = 15 * 1024 * 1024;

/// 16-bit EDF or 24-bit BDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SampleWidth {
    Edf16,
    Bdf24,
}

impl SampleWidth {
    pub(super) fn bytes(self) -> usize {
        match self {
            SampleWidth::Edf16 => 2,
            SampleWidth::Bdf24 => 3,
        }
    }

    fn digital_limits(self) -> (i32, i32) {
        match self {
            SampleWidth::Edf16 => (-32_768, 32_767),
            SampleWidth::Bdf24 => (-8_388_608, 8_388_607),
        }
    }

    fn label(self) -> &'static str {
        match self {
            SampleWidth::Edf16 => "EDF",
            SampleWidth::Bdf24 => "BDF",
        }
    }
}

/// Whether an EDF+/BDF+ file's records are contiguous.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Continuity {
    Continuous,
    Discontinuous,
}

/// One signal's header block.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SignalHeader {
    pub label: String,
    pub transducer: String,
    pub physical_dimension: String,
    pub physical_minimum: f64,
    pub physical_maximum: f64,
    pub digital_minimum: i32,
    pub digital_maximum: i32,
    pub prefiltering: String,
    pub samples_per_record: usize,
    pub is_annotation: bool,
}

impl SignalHeader {
    /// Physical units per digital step; negative when the physical range is reversed.
    pub fn gain(&self) -> f64 {
        (self.physical_maximum - self.physical_minimum)
            / (f64::from(self.digital_maximum) - f64::from(self.digital_minimum))
    }

    /// The physical value of digital zero.
    pub fn offset(&self) -> f64 {
        self.physical_minimum - self.gain() * f64::from(self.digital_minimum)
    }
}

/// The parsed and checked header.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Header {
    pub width: SampleWidth,
    /// `Some` for EDF+ and BDF+ files.
    pub plus: Option<Continuity>,
    pub patient: String,
    pub recording: String,
    pub start: Option<CivilDateTime>,
    pub header_bytes: usize,
    /// As the header states it; `None` for `-1` (the recording was never closed).
    pub declared_records: Option<usize>,
    pub record_duration_s: f64,
    pub signals: Vec<SignalHeader>,
    /// Bytes of one data record.
    pub record_bytes: usize,
}

impl Header {
    /// "EDF", "EDF+C", "BDF+D" ...
    pub fn format_name(&self) -> String {
        match self.plus {
            None => self.width.label().to_string(),
            Some(Continuity::Continuous) => format!("{}+C", self.width.label()),
            Some(Continuity::Discontinuous) => format!("{}+D", self.width.label()),
        }
    }
}

/// The number of signals and the header length they imply, from the fixed header's first 256
/// bytes (so a reader of slices knows how much header to read).
pub(super) fn signal_count_and_length(fixed: &[u8]) -> Result<(usize, usize), EdfError> {
    if fixed.len() < 256 {
        return Err(EdfError::TooShort { n_bytes: fixed.len() });
    }
    let n_signals_text = ascii_field(&fixed[252..256]);
    let n_signals: usize = match n_signals_text.parse::<i64>() {
        Ok(count) if count > 0 => count as usize,
        _ => return Err(EdfError::SignalCount { found: n_signals_text }),
    };
    let header_bytes = n_signals
        .checked_add(1)
        .and_then(|blocks| blocks.checked_mul(256))
        .ok_or(EdfError::SignalCount { found: n_signals_text })?;
    Ok((n_signals, header_bytes))
}

/// Reads and checks the header, appending tolerated problems to `warnings`.
pub(super) fn parse(bytes: &[u8], warnings: &mut Vec<String>) -> Result<Header, EdfError> {
    if bytes.len() < 256 {
        return Err(EdfError::TooShort { n_bytes: bytes.len() });
    }
    let width = match &bytes[0..8] {
        b"0       " => SampleWidth::Edf16,
        b"\xffBIOSEMI" => SampleWidth::Bdf24,
        other => return Err(EdfError::Version { found: String::from_utf8_lossy(other).into_owned() }),
    };
    let (n_signals, expected_header_bytes) = signal_count_and_length(bytes)?;
    if expected_header_bytes > bytes.len() {
        return Err(EdfError::HeaderTruncated { n_signals, needed: expected_header_bytes, n_bytes: bytes.len() });
    }
    let header_bytes_text = ascii_field(&bytes[184..192]);
    let header_bytes: usize = header_bytes_text.parse().map_err(|_| EdfError::HeaderField {
        field: "number of bytes in header",
        found: header_bytes_text.clone(),
        expected: "an integer",
    })?;
    if header_bytes != expected_header_bytes {
        return Err(EdfError::HeaderSize { declared: header_bytes, n_signals, expected: expected_header_bytes });
    }
    if bytes[..header_bytes].iter().any(|&byte| !(32..=126).contains(&byte)) && width == SampleWidth::Edf16 {
        warnings.push(
            "the header holds characters outside printable ASCII, which EDF forbids; they are shown as found".into(),
        );
    }

    let reserved = ascii_field(&bytes[192..236]);
    let plus = plus_variant(width, &reserved, warnings);
    let patient = text_field(&bytes[8..88]);
    let recording = text_field(&bytes[88..168]);
    let start = parse_start(
        &ascii_field(&bytes[168..176]),
        &ascii_field(&bytes[176..184]),
        plus.is_some().then_some(recording.as_str()),
        warnings,
    );

    let records_text = ascii_field(&bytes[236..244]);
    let declared_records = match records_text.parse::<i64>() {
        Ok(-1) => {
            warnings.push("the header gives the number of data records as -1 (the recording was not closed); counting the records present".into());
            None
        }
        Ok(count) if count > 0 => Some(count as usize),
        _ => return Err(EdfError::RecordCount { found: records_text }),
    };
    let duration_text = ascii_field(&bytes[244..252]);
    let record_duration_s = match duration_text.parse::<f64>() {
        Ok(duration) if duration.is_finite() && duration >= 0.0 => duration,
        _ => return Err(EdfError::RecordDuration { found: duration_text }),
    };

    let signals = parse_signals(bytes, n_signals, width)?;
    let bytes_per_sample = width.bytes();
    let record_bytes = signals.iter().try_fold(0usize, |total, signal| {
        signal.samples_per_record.checked_mul(bytes_per_sample).and_then(|bytes| total.checked_add(bytes))
    });
    let limit = if width == SampleWidth::Edf16 { MAX_RECORD_BYTES_EDF } else { MAX_RECORD_BYTES_BDF };
    let record_bytes = match record_bytes {
        Some(record_bytes) if record_bytes <= limit => record_bytes,
        _ => return Err(EdfError::RecordTooLarge { limit }),
    };
    let has_ordinary_signals = signals.iter().any(|signal| !signal.is_annotation);
    if record_duration_s == 0.0 && has_ordinary_signals {
        return Err(EdfError::RecordDuration { found: duration_text });
    }
    if plus.is_some() && !signals.iter().any(|signal| signal.is_annotation) {
        warnings.push(format!(
            "the file is marked {} but has no annotations signal; reading it as plain {}",
            reserved.split_whitespace().next().unwrap_or_default(),
            width.label()
        ));
    }
    let plus = plus.filter(|_| signals.iter().any(|signal| signal.is_annotation));
    if plus.is_some() {
        warnings.extend(check_patient_subfields(&patient));
        warnings.extend(check_recording_subfields(&recording));
    }
    Ok(Header {
        width,
        plus,
        patient,
        recording,
        start,
        header_bytes,
        declared_records,
        record_duration_s,
        signals,
        record_bytes,
    })
}

/// EDF+/BDF+ from the reserved field; a BDF that says `EDF+` is read as BDF+ with a warning
/// (`edfreader-r/bdfPlusD.bdf` does this).
fn plus_variant(width: SampleWidth, reserved: &str, warnings: &mut Vec<String>) -> Option<Continuity> {
    // Only ASCII markers count; `get` also refuses a slice inside a multi-byte character.
    let marker = reserved.get(..5).filter(|marker| marker.is_ascii())?;
    let continuity = match &marker[3..] {
        "+C" => Continuity::Continuous,
        "+D" => Continuity::Discontinuous,
        _ => return None,
    };
    match (&marker[..3], width) {
        ("EDF", SampleWidth::Edf16) | ("BDF", SampleWidth::Bdf24) => Some(continuity),
        ("EDF", SampleWidth::Bdf24) => {
            warnings.push(format!("this BDF file's reserved field says {marker}; reading it as BDF{}", &marker[3..]));
            Some(continuity)
        }
        ("BDF", SampleWidth::Edf16) => {
            warnings.push(format!("this EDF file's reserved field says {marker}; reading it as EDF{}", &marker[3..]));
            Some(continuity)
        }
        _ => None,
    }
}

/// The signal blocks: every field is stored for all signals before the next field begins.
fn parse_signals(bytes: &[u8], n_signals: usize, width: SampleWidth) -> Result<Vec<SignalHeader>, EdfError> {
    let column = |offset_per_signal: usize, field_width: usize, signal_idx: usize| {
        let start = 256 + n_signals * offset_per_signal + signal_idx * field_width;
        &bytes[start..start + field_width]
    };
    let (lowest_code, highest_code) = width.digital_limits();
    let mut signals = Vec::with_capacity(n_signals);
    for signal_idx in 0..n_signals {
        let label = text_field(column(0, 16, signal_idx));
        let number = |offset: usize, field: &'static str| -> Result<f64, EdfError> {
            let text = ascii_field(column(offset, 8, signal_idx));
            text.parse::<f64>().ok().filter(|value| value.is_finite()).ok_or_else(|| EdfError::SignalField {
                signal_idx,
                label: label.clone(),
                field,
                found: text,
                expected: "a number",
            })
        };
        let integer = |offset: usize, field: &'static str| -> Result<i64, EdfError> {
            let text = ascii_field(column(offset, 8, signal_idx));
            text.parse::<i64>().map_err(|_| EdfError::SignalField {
                signal_idx,
                label: label.clone(),
                field,
                found: text,
                expected: "an integer",
            })
        };
        let physical_minimum = number(104, "physical minimum")?;
        let physical_maximum = number(112, "physical maximum")?;
        let digital_minimum = integer(120, "digital minimum")?;
        let digital_maximum = integer(128, "digital maximum")?;
        let samples_per_record = integer(216, "number of samples in each data record")?;
        if digital_maximum <= digital_minimum {
            return Err(EdfError::DigitalRange {
                signal_idx,
                label,
                minimum: digital_minimum,
                maximum: digital_maximum,
            });
        }
        if digital_minimum < i64::from(lowest_code) || digital_maximum > i64::from(highest_code) {
            return Err(EdfError::DigitalLimits {
                signal_idx,
                label,
                minimum: digital_minimum,
                maximum: digital_maximum,
                format: width.label(),
            });
        }
        if physical_minimum == physical_maximum {
            return Err(EdfError::PhysicalRange { signal_idx, label, value: physical_minimum });
        }
        if samples_per_record <= 0 {
            return Err(EdfError::SignalField {
                signal_idx,
                label,
                field: "number of samples in each data record",
                found: samples_per_record.to_string(),
                expected: "a positive integer",
            });
        }
        let is_annotation = matches!(label.as_str(), "EDF Annotations" | "BDF Annotations");
        signals.push(SignalHeader {
            transducer: text_field(column(16, 80, signal_idx)),
            physical_dimension: text_field(column(96, 8, signal_idx)),
            physical_minimum,
            physical_maximum,
            digital_minimum: digital_minimum as i32,
            digital_maximum: digital_maximum as i32,
            prefiltering: text_field(column(136, 80, signal_idx)),
            samples_per_record: samples_per_record as usize,
            is_annotation,
            label,
        });
    }
    Ok(signals)
}

/// The start date `dd.mm.yy` and time `hh.mm.ss`; EDF+ takes the four-digit year from the
/// recording field's `Startdate dd-MMM-yyyy`, which also covers years after 2084.
fn parse_start(
    date: &str,
    time: &str,
    recording_field: Option<&str>,
    warnings: &mut Vec<String>,
) -> Option<CivilDateTime> {
    let triple = |text: &str| -> Option<(u8, u8, u8)> {
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() != 3
            || parts.iter().any(|part| part.len() != 2 || !part.bytes().all(|byte| byte.is_ascii_digit()))
        {
            return None;
        }
        Some((parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?))
    };
    let Some((day, month, two_digit_year)) =
        triple(date).filter(|(day, month, _)| (1..=31).contains(day) && (1..=12).contains(month))
    else {
        warnings.push(format!("the start date {date:?} is not a valid dd.mm.yy date; the start time is unknown"));
        return None;
    };
    let Some((hour, minute, second)) =
        triple(time).filter(|(hour, minute, second)| *hour <= 23 && *minute <= 59 && *second <= 59)
    else {
        warnings.push(format!("the start time {time:?} is not a valid hh.mm.ss time; the start time is unknown"));
        return None;
    };
    // EDF spec: years 85–99 are 1985–1999, 00–84 are 2000–2084.
    let mut year =
        if two_digit_year >= 85 { 1900 + i32::from(two_digit_year) } else { 2000 + i32::from(two_digit_year) };
    if let Some((plus_day, plus_month, plus_year)) = recording_field.and_then(edf_plus_start_date) {
        if plus_day == day && plus_month == month && plus_year.rem_euclid(100) == i32::from(two_digit_year) {
            year = plus_year;
        } else {
            warnings.push(format!(
                "the recording field's Startdate ({plus_day:02}-{plus_month:02}-{plus_year}) disagrees with the header's start date {date}; using the header"
            ));
        }
    }
    Some(CivilDateTime { year, month, day, hour, minute, second, microsecond: 0 })
}

/// `Startdate dd-MMM-yyyy` at the start of an EDF+ recording field, as (day, month, year).
fn edf_plus_start_date(recording_field: &str) -> Option<(u8, u8, i32)> {
    const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    let mut words = recording_field.split_whitespace();
    if words.next()? != "Startdate" {
        return None;
    }
    let mut parts = words.next()?.split('-');
    let day: u8 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?.to_ascii_uppercase();
    let month = MONTHS.iter().position(|name| *name == month_name)? as u8 + 1;
    let year: i32 = parts.next()?.parse().ok()?;
    Some((day, month, year))
}

/// The EDF+ patient field: `code sex birthdate name [more]`, subfields separated by single
/// spaces, `X` when unknown, sex `M`, `F` or `X`, birth date `dd-MMM-yyyy` (EDF+ spec 2.1.3.1;
/// EDFlib rejects a file that breaks it). edxview reads such a file and warns, since the signals
/// are unaffected and the field is shown as found.
fn check_patient_subfields(patient: &str) -> Option<String> {
    let subfields: Vec<&str> = patient.split(' ').collect();
    let problem = if subfields.len() < 4 || subfields[..4].iter().any(|subfield| subfield.is_empty()) {
        "it needs four subfields separated by single spaces: code, sex, birth date and name (X when unknown)"
            .to_string()
    } else if !matches!(subfields[1], "M" | "F" | "X") {
        format!("its sex subfield {:?} is not M, F or X", subfields[1])
    } else if subfields[2] != "X" && !is_plus_date(subfields[2]) {
        format!("its birth date {:?} is neither dd-MMM-yyyy (such as 02-AUG-1951) nor X", subfields[2])
    } else {
        return None;
    };
    Some(format!("the EDF+ patient field {patient:?} does not follow EDF+: {problem}; it is shown as found"))
}

/// The EDF+ recording field: `Startdate dd-MMM-yyyy admincode technician equipment [more]`,
/// subfields separated by single spaces, `X` when unknown (EDF+ spec 2.1.3.2; EDFlib rejects a
/// file that breaks it). As for the patient field, edxview warns instead.
fn check_recording_subfields(recording: &str) -> Option<String> {
    let subfields: Vec<&str> = recording.split(' ').collect();
    let problem = if subfields[0] != "Startdate" {
        "it does not begin with \"Startdate\"".to_string()
    } else if subfields.len() < 5 || subfields[..5].iter().any(|subfield| subfield.is_empty()) {
        "it needs five subfields separated by single spaces: Startdate, the date, admin code, technician and equipment (X when unknown)".to_string()
    } else if subfields[1] != "X" && !is_plus_date(subfields[1]) {
        format!("its start date {:?} is neither dd-MMM-yyyy (such as 02-AUG-2024) nor X", subfields[1])
    } else {
        return None;
    };
    Some(format!("the EDF+ recording field {recording:?} does not follow EDF+: {problem}; it is shown as found"))
}

/// `dd-MMM-yyyy` with a day from 1 to 31 and an upper-case English month, as EDF+ writes dates.
fn is_plus_date(text: &str) -> bool {
    const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    let parts: Vec<&str> = text.split('-').collect();
    let [day, month, year] = parts[..] else { return false };
    let all_digits = |part: &str| part.bytes().all(|byte| byte.is_ascii_digit());
    day.len() == 2
        && all_digits(day)
        && day.parse::<u8>().is_ok_and(|day| (1..=31).contains(&day))
        && MONTHS.contains(&month)
        && year.len() == 4
        && all_digits(year)
}

/// A fixed-width ASCII field without its padding.
fn ascii_field(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim().to_string()
}

/// A free-text field (labels, patient, recording) without its padding.
fn text_field(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).trim_end_matches([' ', '\0']).trim_start().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edf_plus_startdate_gives_the_full_year() {
        assert_eq!(edf_plus_start_date("Startdate 10-DEC-2009 X X test_generator"), Some((10, 12, 2009)));
        assert_eq!(edf_plus_start_date("Startdate X X X X"), None);
    }

    #[test]
    fn edf_plus_identification_subfields() {
        for good in ["X X X X", "0 X 25-JUN-1985 No_Name", "MCH-0234567 F 02-MAY-1951 Haagse_Harry extra"] {
            assert_eq!(check_patient_subfields(good), None, "{good}");
        }
        for bad in ["John Smith", "X  X X", "X male X X", "X M 1951-05-02 X", "X M 02-May-1951 X"] {
            assert!(check_patient_subfields(bad).is_some(), "{bad}");
        }
        for good in ["Startdate X X X X", "Startdate 19-NOV-2015 X X NKC-EEG-1200A_V01.00"] {
            assert_eq!(check_recording_subfields(good), None, "{good}");
        }
        for bad in ["Recorded 19-NOV-2015 X X X", "Startdate 19-NOV-2015", "Startdate 32-NOV-2015 X X X", ""] {
            assert!(check_recording_subfields(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn two_digit_years_follow_the_edf_rule() {
        let mut warnings = Vec::new();
        assert_eq!(parse_start("01.02.85", "00.00.00", None, &mut warnings).map(|start| start.year), Some(1985));
        assert_eq!(parse_start("01.02.84", "00.00.00", None, &mut warnings).map(|start| start.year), Some(2084));
        assert!(warnings.is_empty());
        assert_eq!(parse_start("31.13.99", "00.00.00", None, &mut warnings), None);
        assert_eq!(warnings.len(), 1);
    }
}
