//! `edx export --csv`: physical values with a time column, for other tools and for checking.
//!
//! Columns: `time_s`, then one column per channel named `label (unit)`. Rows follow every
//! sample time of any exported channel; a channel without a sample at that time (a gap, or a
//! slower rate) has an empty cell. Values are printed in full f32 precision.

use std::io::{BufWriter, Write};
use std::path::PathBuf;

use edx_core::model::{Channel, Recording};

use crate::load::read_recordings;

/// Which part of the recording to export.
#[derive(Debug, Clone)]
pub struct Window {
    /// Channel labels to export; all when empty.
    pub channels: Vec<String>,
    /// Start, in seconds from the recording start.
    pub start_s: f64,
    /// Length in seconds; to the end when `None`.
    pub duration_s: Option<f64>,
}

/// Reads the recording in `paths` and writes it as CSV on standard output.
pub fn run(paths: &[PathBuf], window: &Window) -> Result<(), String> {
    let mut results = read_recordings(paths)?;
    if results.len() != 1 {
        return Err(format!("export takes the files of one recording; these form {}", results.len()));
    }
    let recording = results.remove(0).map_err(|error| error.to_string())?;
    let stdout = std::io::stdout();
    let mut output = BufWriter::with_capacity(1 << 20, stdout.lock());
    write_csv(&recording, window, &mut output).and_then(|()| output.flush().map_err(|error| error.to_string()))
}

/// Writes the selected channels of `recording` inside `window` as CSV.
pub fn write_csv(recording: &Recording, window: &Window, output: &mut impl Write) -> Result<(), String> {
    let channels: Vec<&Channel> = if window.channels.is_empty() {
        recording.channels.iter().collect()
    } else {
        window
            .channels
            .iter()
            .map(|label| {
                recording.channels.iter().find(|channel| &channel.label == label).ok_or_else(|| {
                    let known: Vec<&str> = recording.channels.iter().map(|channel| channel.label.as_str()).collect();
                    format!("{}: no channel '{label}'; the channels are: {}", recording.file_name, known.join(", "))
                })
            })
            .collect::<Result<_, _>>()?
    };
    if channels.is_empty() {
        return Err(format!("{}: the recording has no signal channels to export", recording.file_name));
    }
    let end_s = window.duration_s.map_or(f64::INFINITY, |duration| window.start_s + duration);
    let fastest_rate_hz = channels.iter().map(|channel| channel.sampling_rate_hz).fold(0.0, f64::max);
    // Enough decimals to tell neighbouring samples of the fastest channel apart.
    let decimals = (fastest_rate_hz.log10().ceil().max(0.0) as usize + 2).max(3);
    let same_time_s = 0.25 / fastest_rate_hz;

    let io = |error: std::io::Error| error.to_string();
    write!(output, "time_s").map_err(io)?;
    for channel in &channels {
        write!(output, ",{}", csv_cell(&format!("{} ({})", channel.label, channel.unit))).map_err(io)?;
    }
    writeln!(output).map_err(io)?;

    let mut cursors: Vec<Cursor> = channels
        .iter()
        .enumerate()
        .map(|(channel_idx, channel)| Cursor { channel_idx, ..Cursor::new(channel, window.start_s) })
        .collect();
    let mut row = String::new();
    let next_row_time_s = |cursors: &[Cursor]| {
        cursors
            .iter()
            .filter_map(|cursor| cursor.time_s(channels[cursor.channel_idx]))
            .reduce(f64::min)
            .filter(|&time_s| time_s < end_s)
    };
    while let Some(row_time_s) = next_row_time_s(&cursors) {
        row.clear();
        row.push_str(&format!("{row_time_s:.decimals$}"));
        for cursor in &mut cursors {
            let channel = channels[cursor.channel_idx];
            row.push(',');
            if cursor.time_s(channel).is_some_and(|time_s| (time_s - row_time_s).abs() <= same_time_s) {
                let value = cursor.value(channel);
                if value.is_finite() {
                    row.push_str(&value.to_string());
                }
                cursor.advance(channel);
            }
        }
        row.push('\n');
        output.write_all(row.as_bytes()).map_err(io)?;
    }
    Ok(())
}

/// A position in one channel: segment and sample.
struct Cursor {
    channel_idx: usize,
    segment_idx: usize,
    sample_idx: usize,
}

impl Cursor {
    fn new(channel: &Channel, start_s: f64) -> Cursor {
        let mut cursor = Cursor { channel_idx: 0, segment_idx: 0, sample_idx: 0 };
        while let Some(segment) = channel.segments.get(cursor.segment_idx) {
            let first_inside = ((start_s - segment.start_s) * channel.sampling_rate_hz).ceil().max(0.0) as usize;
            if first_inside < segment.samples.len() {
                cursor.sample_idx = first_inside;
                break;
            }
            cursor.segment_idx += 1;
        }
        cursor
    }

    fn time_s(&self, channel: &Channel) -> Option<f64> {
        let segment = channel.segments.get(self.segment_idx)?;
        Some(segment.start_s + self.sample_idx as f64 / channel.sampling_rate_hz)
    }

    fn value(&self, channel: &Channel) -> f32 {
        channel.segments[self.segment_idx].samples[self.sample_idx]
    }

    fn advance(&mut self, channel: &Channel) {
        self.sample_idx += 1;
        if self.sample_idx >= channel.segments[self.segment_idx].samples.len() {
            self.segment_idx += 1;
            self.sample_idx = 0;
        }
    }
}

/// A CSV cell, quoted when it holds a comma or a quote.
fn csv_cell(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
