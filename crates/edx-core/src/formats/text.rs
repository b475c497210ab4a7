//! Delimited text (CSV, TSV, semicolon- or whitespace-separated columns) with a time column.
//!
//! The delimiter and the decimal mark are detected; an optional header line names the columns
//! and may carry units (`EMG (uV)`, `amplitude [mV]`, `time_ms`); the sampling rate comes from
//! the time column, whose steps must be regular to within the precision the numbers are printed
//! with. Empty cells are gaps. This also reads what `edx export --csv` writes.

use crate::model::{Channel, Recording, Segment, Unit};

/// Why a text file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TextError {
    /// Not UTF-8 text.
    #[error("the file is not UTF-8 text")]
    NotText,
    /// Fewer than two rows of numbers.
    #[error("the file holds {n_rows} rows of numbers; at least two are needed to find the sampling rate")]
    TooFewRows {
        /// Rows found.
        n_rows: usize,
    },
    /// A row with a different number of columns.
    #[error("line {line_no} has {found} columns but the first data line has {expected}")]
    ColumnCount {
        /// Line number, from 1.
        line_no: usize,
        /// Columns in the first data line.
        expected: usize,
        /// Columns in this line.
        found: usize,
    },
    /// A cell that is not a number.
    #[error("line {line_no}, column {column}: {value:?} is not a number")]
    NotANumber {
        /// Line number, from 1.
        line_no: usize,
        /// Column, from 1.
        column: usize,
        /// The cell's text as written.
        value: String,
    },
    /// No column gives time, so the sampling rate is unknown.
    #[error("no column gives the time of each row (name one 'time', 'time (s)' or 'time_ms', or make the first column increase in equal steps); the sampling rate cannot be known without it")]
    NoTimeColumn,
    /// The time column's steps are not equal.
    #[error("line {line_no}: time {found} s breaks the regular step of {step} s (expected {expected} s); only evenly sampled signals can be read")]
    IrregularTime {
        /// Line number, from 1.
        line_no: usize,
        /// The time on this line, in seconds.
        found: f64,
        /// The time a regular step predicts, in seconds.
        expected: f64,
        /// The regular step the other rows follow, in seconds.
        step: f64,
    },
}

/// Reads delimited text.
pub fn read(bytes: &[u8]) -> Result<Recording, TextError> {
    let text = std::str::from_utf8(bytes).map_err(|_| TextError::NotText)?.trim_start_matches('\u{feff}');
    let mut notes = Vec::new();
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(line_idx, line)| (line_idx + 1, line.trim_end_matches('\r')))
        .filter(|(_, line)| {
            let trimmed = line.trim();
            if let Some(comment) = trimmed.strip_prefix('#') {
                notes.push(comment.trim().to_string());
                return false;
            }
            !trimmed.is_empty()
        })
        .collect();
    let dialect = Dialect::detect(&lines);
    let (header, data_lines) = match lines.first() {
        Some((_, first))
            if !dialect.split(first).iter().all(|cell| cell.is_empty() || dialect.number(cell).is_some()) =>
        {
            (Some(dialect.split(first).into_iter().map(str::to_string).collect::<Vec<_>>()), &lines[1..])
        }
        _ => (None, &lines[..]),
    };
    if data_lines.len() < 2 {
        return Err(TextError::TooFewRows { n_rows: data_lines.len() });
    }
    let n_columns = dialect.split(data_lines[0].1).len();
    if let Some(names) = header.as_ref().filter(|names| names.len() != n_columns) {
        return Err(TextError::ColumnCount { line_no: lines[0].0, expected: n_columns, found: names.len() });
    }
    let mut columns: Vec<Vec<f64>> = vec![Vec::with_capacity(data_lines.len()); n_columns];
    let mut printed_decimals = 0usize;
    for &(line_no, line) in data_lines {
        let cells = dialect.split(line);
        if cells.len() != n_columns {
            return Err(TextError::ColumnCount { line_no, expected: n_columns, found: cells.len() });
        }
        for (column_idx, cell) in cells.iter().enumerate() {
            let value = if cell.is_empty() {
                f64::NAN
            } else {
                dialect.number(cell).ok_or_else(|| TextError::NotANumber {
                    line_no,
                    column: column_idx + 1,
                    value: cell.to_string(),
                })?
            };
            if column_idx == 0 {
                printed_decimals = printed_decimals.max(
                    cell.rsplit(dialect.decimal_mark)
                        .next()
                        .filter(|_| cell.contains(dialect.decimal_mark))
                        .map_or(0, str::len),
                );
            }
            columns[column_idx].push(value);
        }
    }
    let names: Vec<String> =
        header.unwrap_or_else(|| (0..n_columns).map(|column_idx| format!("column {}", column_idx + 1)).collect());
    let time_column = names
        .iter()
        .position(|name| time_unit_scale(name).is_some())
        .or_else(|| (n_columns > 1 && is_increasing(&columns[0])).then_some(0))
        .ok_or(TextError::NoTimeColumn)?;
    let seconds_per_unit = time_unit_scale(&names[time_column]).unwrap_or(1.0);
    let times: Vec<f64> = columns[time_column].iter().map(|time| time * seconds_per_unit).collect();
    let print_resolution_s = 10f64.powi(-(printed_decimals as i32)) * seconds_per_unit;
    let step_s = regular_step(&times, data_lines, print_resolution_s)?;
    let channels = names
        .iter()
        .zip(columns)
        .enumerate()
        .filter(|(column_idx, _)| *column_idx != time_column)
        .map(|(_, (name, values))| {
            let (label, unit) = split_unit(name);
            Channel {
                label,
                unit,
                sampling_rate_hz: 1.0 / step_s,
                segments: vec![Segment {
                    start_s: times[0],
                    samples: values.into_iter().map(|value| value as f32).collect(),
                }],
                transducer: String::new(),
                prefiltering: String::new(),
                recordable_range: None,
            }
        })
        .collect();
    Ok(Recording {
        file_name: String::new(),
        format: format!("delimited text ({})", dialect.describe()),
        start: None,
        patient: String::new(),
        recording_info: String::new(),
        channels,
        annotations: Vec::new(),
        notes,
        warnings: Vec::new(),
        holds_nerve_conductions: false,
        part: None,
    })
}

/// The separator and decimal mark of a file.
#[derive(Debug, Clone, Copy)]
struct Dialect {
    /// `None` for runs of white space.
    separator: Option<char>,
    decimal_mark: char,
}

impl Dialect {
    /// Chooses the separator that most often splits the first lines into the same number (above
    /// one) of cells; a comma is a decimal mark when another separator is in use and commas sit
    /// inside numbers.
    fn detect(lines: &[(usize, &str)]) -> Dialect {
        let sample: Vec<&str> = lines.iter().take(20).map(|(_, line)| *line).collect();
        let mut best: Option<(usize, Option<char>)> = None;
        for separator in [Some('\t'), Some(';'), Some(','), None] {
            let dialect = Dialect { separator, decimal_mark: '.' };
            let counts: Vec<usize> = sample.iter().map(|line| dialect.split(line).len()).collect();
            let Some(typical) = counts
                .iter()
                .copied()
                .filter(|&count| count > 1)
                .max_by_key(|count| counts.iter().filter(|other| *other == count).count())
            else {
                continue;
            };
            let agreeing = counts.iter().filter(|&&count| count == typical).count();
            if best.is_none_or(|(best_agreeing, _)| agreeing > best_agreeing) {
                best = Some((agreeing, separator));
            }
        }
        let separator = best.and_then(|(_, separator)| separator);
        let comma_decimal =
            separator.is_some_and(|separator| separator != ',') && sample.iter().skip(1).any(|line| line.contains(','));
        Dialect { separator, decimal_mark: if comma_decimal { ',' } else { '.' } }
    }

    fn split<'a>(&self, line: &'a str) -> Vec<&'a str> {
        match self.separator {
            Some(separator) => line.split(separator).map(|cell| cell.trim().trim_matches('"')).collect(),
            None => line.split_whitespace().collect(),
        }
    }

    fn number(&self, cell: &str) -> Option<f64> {
        let value =
            if self.decimal_mark == ',' { cell.replace(',', ".").parse().ok()? } else { cell.parse::<f64>().ok()? };
        value.is_finite().then_some(value)
    }

    fn describe(&self) -> String {
        let separator = match self.separator {
            Some('\t') => "tab-separated",
            Some(';') => "semicolon-separated",
            Some(',') => "comma-separated",
            _ => "space-separated",
        };
        if self.decimal_mark == ',' {
            format!("{separator}, decimal comma")
        } else {
            separator.to_string()
        }
    }
}

/// Seconds per unit of a column named like a time column (`time`, `Time (ms)`, `t_s`, `seconds`).
fn time_unit_scale(name: &str) -> Option<f64> {
    let lower = name.trim().to_ascii_lowercase();
    let (base, unit) = split_name_and_unit(&lower);
    let is_time_name =
        matches!(base.as_str(), "time" | "t" | "times" | "timestamp" | "sec" | "seconds" | "elapsed time");
    if !is_time_name {
        return None;
    }
    Some(match unit.as_deref() {
        Some("ms") | Some("msec") => 1e-3,
        Some("us") | Some("µs") => 1e-6,
        Some("min") => 60.0,
        _ => 1.0,
    })
}

/// `EMG (uV)` → ("EMG", µV); `amplitude_mv` → ("amplitude", mV); other names keep no unit.
fn split_unit(name: &str) -> (String, Unit) {
    let (base, unit) = split_name_and_unit(name.trim());
    match unit.map(|unit| Unit::parse(&unit)) {
        Some(unit) if unit.is_electrical() => (base, unit),
        Some(Unit::Other(other)) => (base, Unit::Other(other)),
        _ => (name.trim().to_string(), Unit::Arbitrary),
    }
}

/// Splits `name (unit)`, `name [unit]` or `name_unit` (for known units) into name and unit.
fn split_name_and_unit(name: &str) -> (String, Option<String>) {
    for (open, close) in [('(', ')'), ('[', ']')] {
        if let (Some(start), true) = (name.rfind(open), name.ends_with(close)) {
            return (name[..start].trim().to_string(), Some(name[start + 1..name.len() - 1].trim().to_string()));
        }
    }
    const SUFFIXES: [&str; 9] = ["uv", "µv", "mv", "v", "ms", "s", "us", "min", "sec"];
    if let Some((base, suffix)) = name.rsplit_once('_') {
        if SUFFIXES.contains(&suffix.to_ascii_lowercase().as_str()) {
            return (base.to_string(), Some(suffix.to_string()));
        }
    }
    (name.to_string(), None)
}

fn is_increasing(values: &[f64]) -> bool {
    values.windows(2).all(|pair| pair[1] > pair[0])
}

/// The constant step of `times` (a least-squares fit, so rounding of any one time does not
/// bias it), or the first row that breaks it. A time may differ from the fitted grid by half the
/// resolution it is printed with (its rounding), a margin for the fit, and a thousandth of a step.
fn regular_step(times: &[f64], lines: &[(usize, &str)], print_resolution_s: f64) -> Result<f64, TextError> {
    let n_times = times.len() as f64;
    let mean_index = (n_times - 1.0) / 2.0;
    let mean_time = times.iter().sum::<f64>() / n_times;
    let (covariance, variance) =
        times.iter().enumerate().fold((0.0, 0.0), |(covariance, variance), (row_idx, time)| {
            let index_offset = row_idx as f64 - mean_index;
            (covariance + index_offset * (time - mean_time), variance + index_offset * index_offset)
        });
    let step = covariance / variance;
    let intercept = mean_time - step * mean_index;
    if !(step.is_finite() && step > 0.0 && is_increasing(times)) {
        let row_idx = times
            .windows(2)
            .position(|pair| pair[1].partial_cmp(&pair[0]) != Some(std::cmp::Ordering::Greater))
            .map_or(1, |idx| idx + 1);
        return Err(TextError::IrregularTime {
            line_no: lines[row_idx].0,
            found: times[row_idx],
            expected: times[row_idx - 1] + step.abs(),
            step,
        });
    }
    let tolerance = 0.75 * print_resolution_s + 1e-3 * step;
    let is_regular =
        times.iter().enumerate().all(|(row_idx, time)| (time - (intercept + row_idx as f64 * step)).abs() <= tolerance);
    if is_regular {
        return Ok(step);
    }
    // Name the first row whose step from the previous one differs from the usual step.
    let mut steps: Vec<f64> = times.windows(2).map(|pair| pair[1] - pair[0]).collect();
    steps.sort_by(f64::total_cmp);
    let usual_step = steps[steps.len() / 2];
    let row_idx = times
        .windows(2)
        .position(|pair| ((pair[1] - pair[0]) - usual_step).abs() > print_resolution_s + 1e-3 * usual_step)
        .map_or(times.len() - 1, |idx| idx + 1);
    Err(TextError::IrregularTime {
        line_no: lines[row_idx].0,
        found: times[row_idx],
        expected: times[row_idx - 1] + usual_step,
        step: usual_step,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_csv_with_units_in_the_header() {
        let recording = read(b"time (ms),EMG (uV),force\n0,1.5,3\n0.25,2.5,4\n0.5,,5\n").unwrap();
        assert_eq!(recording.channels.len(), 2);
        assert_eq!(recording.channels[0].label, "EMG");
        assert_eq!(recording.channels[0].unit, Unit::Microvolt);
        assert!((recording.channels[0].sampling_rate_hz - 4000.0).abs() < 1e-6);
        assert!(recording.channels[0].segments[0].samples[2].is_nan(), "an empty cell is a gap");
        assert_eq!(recording.channels[1].unit, Unit::Arbitrary);
    }

    #[test]
    fn reads_semicolons_with_decimal_commas_and_no_header() {
        let recording = read(b"0,000;0,10\n0,001;0,20\n0,002;0,30\n").unwrap();
        assert!((recording.channels[0].sampling_rate_hz - 1000.0).abs() < 1e-6);
        assert!((recording.channels[0].segments[0].samples[2] - 0.3).abs() < 1e-6);
    }

    #[test]
    fn tolerates_rounded_printing_of_a_fast_rate() {
        let mut text = String::from("time_s\tEMG_mv\n");
        for sample_idx in 0..300 {
            text.push_str(&format!("{:.6}\t{}\n", sample_idx as f64 / 30_000.0, sample_idx));
        }
        let recording = read(text.as_bytes()).unwrap();
        assert!((recording.channels[0].sampling_rate_hz - 30_000.0).abs() < 1.0);
        assert_eq!(recording.channels[0].unit, Unit::Millivolt);
    }

    #[test]
    fn irregular_steps_are_refused_with_the_line() {
        let error = read(b"time,x\n0,1\n1,2\n2,3\n3.5,4\n4,5\n").unwrap_err();
        assert!(matches!(error, TextError::IrregularTime { line_no: 5, .. }), "{error}");
    }

    #[test]
    fn without_time_the_rate_is_unknown() {
        let error = read(b"a,b\n3,1\n1,2\n2,3\n").unwrap_err();
        assert_eq!(error, TextError::NoTimeColumn);
    }
}
