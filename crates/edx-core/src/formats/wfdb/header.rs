//! WFDB header files (`RECORD.hea`): the record line, one line per signal or per segment, and
//! `#` info lines (formats.md §2.1, after wfdb-python's `header.py` grammar).

use super::WfdbError;
use crate::model::CivilDateTime;

/// Frames per second when the record line gives none (WFDB's `DEFFREQ`).
const DEFAULT_FRAME_RATE_HZ: f64 = 250.0;
/// ADC units per physical unit when a signal line gives none (WFDB's `DEFGAIN`); a gain of 0
/// means the signal is uncalibrated.
const DEFAULT_GAIN: f64 = 200.0;

/// A parsed header: a single-segment record or a multi-segment master header.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Header {
    pub record_name: String,
    pub n_signals: usize,
    pub frame_rate_hz: f64,
    pub n_frames: Option<usize>,
    pub base_time: Option<(u8, u8, u8, u32)>,
    pub base_date: Option<(u8, u8, i32)>,
    pub body: HeaderBody,
    pub info_lines: Vec<String>,
}

impl Header {
    /// The start date and time, when both are given.
    pub fn start(&self) -> Option<CivilDateTime> {
        let (hour, minute, second, microsecond) = self.base_time?;
        let (day, month, year) = self.base_date?;
        Some(CivilDateTime { year, month, day, hour, minute, second, microsecond })
    }
}

/// What follows the record line.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum HeaderBody {
    Signals(Vec<SignalSpec>),
    Segments(Vec<SegmentSpec>),
}

/// One signal line.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SignalSpec {
    pub file_name: String,
    pub format: u16,
    pub samples_per_frame: usize,
    pub skew_frames: usize,
    pub byte_offset: usize,
    /// ADC units per physical unit; `None` when the line gives 0 (uncalibrated).
    pub gain: Option<f64>,
    pub baseline: i64,
    pub units: String,
    pub adc_resolution_bits: u32,
    pub adc_zero: i64,
    pub initial_value: i64,
    pub checksum: Option<i64>,
    pub description: String,
}

/// One segment line of a multi-segment master header.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct SegmentSpec {
    /// The segment's record name; `~` is a null segment (a gap).
    pub name: String,
    pub n_frames: usize,
}

/// Parses a header's text (CRLF or LF line ends, optional final newline).
pub(super) fn parse(text: &str) -> Result<Header, WfdbError> {
    let mut info_lines = Vec::new();
    let mut content_lines = Vec::new();
    for (line_idx, raw_line) in text.lines().enumerate() {
        let line = raw_line.trim_end_matches('\r');
        let trimmed = line.trim();
        if let Some(info) = trimmed.strip_prefix('#') {
            info_lines.push(info.trim().to_string());
        } else if !trimmed.is_empty() {
            content_lines.push((line_idx + 1, trimmed));
        }
    }
    let mut lines = content_lines.into_iter();
    let (record_line_no, record_line) = lines.next().ok_or(WfdbError::EmptyHeader)?;
    let record_error = |problem: String| WfdbError::RecordLine { line_no: record_line_no, problem };

    let mut fields = record_line.split_whitespace();
    let name_field = fields.next().unwrap_or_default();
    let (record_name, n_segments) = match name_field.split_once('/') {
        Some((name, count)) => {
            let count: usize =
                count.parse().map_err(|_| record_error(format!("segment count {count:?} is not an integer")))?;
            (name, Some(count))
        }
        None => (name_field, None),
    };
    if record_name.is_empty()
        || !record_name.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '_' | '-'))
    {
        return Err(record_error(format!("record name {record_name:?} may hold only letters, digits, '_' and '-'")));
    }
    let n_signals_text = fields.next().ok_or_else(|| record_error("the number of signals is missing".into()))?;
    let n_signals: usize = n_signals_text
        .parse()
        .map_err(|_| record_error(format!("number of signals {n_signals_text:?} is not an integer")))?;
    let frame_rate_hz = match fields.next() {
        Some(rate) => {
            let value = rate.split(['/', '(']).next().unwrap_or_default();
            match value.parse::<f64>() {
                Ok(rate) if rate.is_finite() && rate > 0.0 => rate,
                _ => return Err(record_error(format!("sampling frequency {rate:?} is not a positive number"))),
            }
        }
        None => DEFAULT_FRAME_RATE_HZ,
    };
    let n_frames = match fields.next() {
        Some(count) => Some(
            count
                .parse::<usize>()
                .map_err(|_| record_error(format!("number of samples {count:?} is not an integer")))?,
        ),
        None => None,
    }
    .filter(|&count| count > 0);
    let base_time = fields
        .next()
        .map(|time| parse_time(time).ok_or_else(|| record_error(format!("base time {time:?} is not hh:mm:ss"))))
        .transpose()?;
    let base_date = fields
        .next()
        .map(|date| parse_date(date).ok_or_else(|| record_error(format!("base date {date:?} is not dd/mm/yyyy"))))
        .transpose()?;

    let body = match n_segments {
        Some(n_segments) => {
            let segments = lines
                .by_ref()
                .take(n_segments)
                .map(|(line_no, line)| parse_segment(line_no, line))
                .collect::<Result<Vec<_>, _>>()?;
            if segments.len() < n_segments {
                return Err(WfdbError::MissingLines { what: "segment", declared: n_segments, found: segments.len() });
            }
            HeaderBody::Segments(segments)
        }
        None => {
            let signals = lines
                .by_ref()
                .take(n_signals)
                .map(|(line_no, line)| parse_signal(line_no, line))
                .collect::<Result<Vec<_>, _>>()?;
            if signals.len() < n_signals {
                return Err(WfdbError::MissingLines { what: "signal", declared: n_signals, found: signals.len() });
            }
            HeaderBody::Signals(signals)
        }
    };
    Ok(Header {
        record_name: record_name.to_string(),
        n_signals,
        frame_rate_hz,
        n_frames,
        base_time,
        base_date,
        body,
        info_lines,
    })
}

fn parse_segment(line_no: usize, line: &str) -> Result<SegmentSpec, WfdbError> {
    let mut fields = line.split_whitespace();
    let name = fields.next().unwrap_or_default().to_string();
    let count = fields.next().unwrap_or_default();
    let n_frames = count.parse().map_err(|_| WfdbError::SignalLine {
        line_no,
        problem: format!("segment length {count:?} is not an integer"),
    })?;
    Ok(SegmentSpec { name, n_frames })
}

/// `file fmt[xspf][:skew][+offset] [gain[(baseline)][/units] [adc_res [adc_zero [init [checksum [block_size [description]]]]]]]`
fn parse_signal(line_no: usize, line: &str) -> Result<SignalSpec, WfdbError> {
    let error = |problem: String| WfdbError::SignalLine { line_no, problem };
    let mut rest = line;
    let mut next_field = || -> Option<&str> {
        let trimmed = rest.trim_start();
        if trimmed.is_empty() {
            return None;
        }
        let end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
        let (field, remainder) = trimmed.split_at(end);
        rest = remainder;
        Some(field)
    };
    let file_name = next_field().ok_or_else(|| error("the file name is missing".into()))?.to_string();
    let format_field = next_field().ok_or_else(|| error("the storage format is missing".into()))?;
    let (format, samples_per_frame, skew_frames, byte_offset) = parse_format_field(format_field).ok_or_else(|| {
        error(format!("storage format {format_field:?} is not of the form fmt[xspf][:skew][+offset]"))
    })?;

    let mut gain = Some(DEFAULT_GAIN);
    let mut baseline = None;
    let mut units = "mV".to_string();
    if let Some(gain_field) = next_field() {
        let (value_part, units_part) =
            gain_field.split_once('/').map_or((gain_field, None), |(value, units)| (value, Some(units)));
        let (gain_text, baseline_text) = match value_part.split_once('(') {
            Some((gain, baseline)) => (gain, Some(baseline.trim_end_matches(')'))),
            None => (value_part, None),
        };
        let value: f64 = gain_text.parse().map_err(|_| error(format!("ADC gain {gain_text:?} is not a number")))?;
        if !value.is_finite() || value < 0.0 {
            return Err(error(format!("ADC gain {value} must be a positive number")));
        }
        gain = (value > 0.0).then_some(value);
        baseline = baseline_text
            .map(|text| text.parse::<i64>().map_err(|_| error(format!("baseline {text:?} is not an integer"))))
            .transpose()?;
        if let Some(found_units) = units_part {
            units = found_units.to_string();
        }
    }
    let mut integer = |name: &str| -> Result<Option<i64>, WfdbError> {
        next_field()
            .map(|text| text.parse::<i64>().map_err(|_| error(format!("{name} {text:?} is not an integer"))))
            .transpose()
    };
    let adc_resolution_bits =
        integer("ADC resolution")?.map_or_else(|| default_resolution_bits(format), |bits| bits.clamp(0, 64) as u32);
    let adc_zero = integer("ADC zero")?.unwrap_or(0);
    let initial_value = integer("initial value")?.unwrap_or(adc_zero);
    let checksum = integer("checksum")?;
    let _block_size = integer("block size")?;
    let description = rest.trim().to_string();
    Ok(SignalSpec {
        file_name,
        format,
        samples_per_frame,
        skew_frames,
        byte_offset,
        gain,
        baseline: baseline.unwrap_or(adc_zero),
        units,
        adc_resolution_bits,
        adc_zero,
        initial_value,
        checksum,
        description,
    })
}

/// `fmt[xspf][:skew][+offset]` as (format, samples per frame, skew, byte offset).
fn parse_format_field(field: &str) -> Option<(u16, usize, usize, usize)> {
    let digits_end = field.find(|character: char| !character.is_ascii_digit()).unwrap_or(field.len());
    let format: u16 = field[..digits_end].parse().ok()?;
    let mut rest = &field[digits_end..];
    let mut take_number = |marker: char| -> Option<Option<usize>> {
        let Some(after) = rest.strip_prefix(marker) else { return Some(None) };
        let end = after.find(|character: char| !character.is_ascii_digit()).unwrap_or(after.len());
        let value = after[..end].parse().ok()?;
        rest = &after[end..];
        Some(Some(value))
    };
    let samples_per_frame = take_number('x')?.unwrap_or(1).max(1);
    let skew_frames = take_number(':')?.unwrap_or(0);
    let byte_offset = take_number('+')?.unwrap_or(0);
    rest.is_empty().then_some((format, samples_per_frame, skew_frames, byte_offset))
}

/// The ADC resolution WFDB assumes for each format when the header gives none.
fn default_resolution_bits(format: u16) -> u32 {
    match format {
        8 | 212 => 12,
        80 => 8,
        310 | 311 => 10,
        24 => 24,
        32 => 32,
        _ => 16,
    }
}

/// `hh:mm:ss[.ffffff]`, `mm:ss` or `ss`.
fn parse_time(text: &str) -> Option<(u8, u8, u8, u32)> {
    let (whole, fraction) = text.split_once('.').map_or((text, None), |(whole, fraction)| (whole, Some(fraction)));
    let parts: Vec<u8> = whole.split(':').map(|part| part.parse().ok()).collect::<Option<_>>()?;
    let (hour, minute, second) = match parts[..] {
        [hour, minute, second] => (hour, minute, second),
        [minute, second] => (0, minute, second),
        [second] => (0, 0, second),
        _ => return None,
    };
    let microsecond = match fraction {
        Some(digits) if !digits.is_empty() && digits.len() <= 6 && digits.bytes().all(|byte| byte.is_ascii_digit()) => {
            format!("{digits:0<6}").parse().ok()?
        }
        Some(_) => return None,
        None => 0,
    };
    (hour < 24 && minute < 60 && second < 61).then_some((hour, minute, second, microsecond))
}

/// `dd/mm/yyyy` as (day, month, year).
fn parse_date(text: &str) -> Option<(u8, u8, i32)> {
    let mut parts = text.split('/');
    let day: u8 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let year: i32 = parts.next()?.parse().ok()?;
    ((1..=31).contains(&day) && (1..=12).contains(&month) && parts.next().is_none()).then_some((day, month, year))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_physionet_emg_header_with_crlf() {
        let header =
            parse("emg_healthy 1 4000 50860\r\nemg_healthy.dat 16 10000/mV 16 0 -333 -29438 0 EMG\r\n# <age>: 44\r\n")
                .unwrap();
        assert_eq!(header.frame_rate_hz, 4000.0);
        assert_eq!(header.n_frames, Some(50860));
        assert_eq!(header.info_lines, vec!["<age>: 44"]);
        let HeaderBody::Signals(signals) = header.body else { panic!("signals expected") };
        assert_eq!(signals[0].gain, Some(10000.0));
        assert_eq!(signals[0].checksum, Some(-29438));
        assert_eq!(signals[0].description, "EMG");
    }

    #[test]
    fn format_field_carries_frames_skew_and_offset() {
        assert_eq!(parse_format_field("212x4"), Some((212, 4, 0, 0)));
        assert_eq!(parse_format_field("16:3+24"), Some((16, 1, 3, 24)));
        assert_eq!(parse_format_field("16q"), None);
    }

    #[test]
    fn baseline_defaults_to_adc_zero_and_gain_carries_units() {
        let signal = parse_signal(2, "100.dat 212 200 11 1024 995 -22131 0 MLII").unwrap();
        assert_eq!((signal.gain, signal.baseline, signal.units.as_str()), (Some(200.0), 1024, "mV"));
        let signal = parse_signal(2, "x.dat 516x2 16(800)/mmHg 12 2048 0 49347 0 ABP").unwrap();
        assert_eq!(
            (signal.gain, signal.baseline, signal.units.as_str(), signal.samples_per_frame),
            (Some(16.0), 800, "mmHg", 2)
        );
    }

    #[test]
    fn times_and_dates() {
        assert_eq!(parse_time("19:46:25.757"), Some((19, 46, 25, 757_000)));
        assert_eq!(parse_time("8:26:04"), Some((8, 26, 4, 0)));
        assert_eq!(parse_date("26/10/1994"), Some((26, 10, 1994)));
        assert_eq!(parse_time("25:00:00"), None);
    }
}
