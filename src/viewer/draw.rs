//! Drawing a recording's visible window: one row per visible channel, a grid in divisions,
//! negative up by default, gaps shaded, annotations marked on the time axis.
//!
//! The cost depends on pixels, not samples: each channel is reduced to a minimum and maximum per
//! pixel column, read from the coarsest envelope level whose bins fit in a column, and only the
//! visible slice is copied out of the worker's buffers.

use edx_core::dsp::envelope::{column_extremes, column_extremes_of_samples};
use js_sys::Float32Array;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use web_sys::HtmlCanvasElement;

use super::state::{ViewState, DIVISIONS_ACROSS, DIVISIONS_PER_ROW, TIME_BASES_MS_PER_DIV};
use crate::canvas::{self, BASELINE_COLOUR, GRID_COLOUR, TEXT_COLOUR, TRACE_COLOUR};
use crate::opened_study::OpenedRecording;

/// Layout, in CSS pixels.
const LABEL_WIDTH_CSS_PX: f64 = 150.0;
const RIGHT_MARGIN_CSS_PX: f64 = 10.0;
const ANNOTATION_BAND_CSS_PX: f64 = 20.0;
const TIME_AXIS_CSS_PX: f64 = 40.0;
const ROW_HEIGHT_CSS_PX: f64 = 110.0;

const GAP_COLOUR: RGBColor = RGBColor(243, 236, 222);
const ANNOTATION_COLOUR: RGBColor = RGBColor(176, 84, 0);

/// Where the plot area sits on the canvas, in device pixels, for mapping pointer positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlotGeometry {
    /// Left edge of the traces, in CSS pixels from the canvas's left edge.
    pub plot_left_css_px: f64,
    /// Width of the traces, in CSS pixels.
    pub plot_width_css_px: f64,
    /// Some trace was drawn from its finest envelope while its samples are read from the file;
    /// the view redraws when they arrive.
    pub awaiting_samples: bool,
}

/// The canvas height, in CSS pixels, for `n_rows` channel rows.
pub fn canvas_height_css_px(n_rows: usize) -> f64 {
    ANNOTATION_BAND_CSS_PX + ROW_HEIGHT_CSS_PX * n_rows.max(1) as f64 + TIME_AXIS_CSS_PX
}

/// Draws the window `state` describes.
pub fn draw(
    canvas: &HtmlCanvasElement,
    recording: &OpenedRecording,
    state: &ViewState,
) -> Result<PlotGeometry, String> {
    let visible: Vec<usize> = state
        .channels
        .iter()
        .enumerate()
        .filter(|(_, view)| view.visible)
        .map(|(channel_idx, _)| channel_idx)
        .collect();
    let sized = canvas::size(canvas, Some(canvas_height_css_px(visible.len())), 360.0)?;
    let css_width = sized.css_width;
    let px = |css_px: f64| sized.px(css_px).round() as i32;
    let root = canvas::white_area(canvas)?;

    let plot_left = px(LABEL_WIDTH_CSS_PX);
    let plot_right = px(css_width - RIGHT_MARGIN_CSS_PX);
    let plot_top = px(ANNOTATION_BAND_CSS_PX);
    let row_height = px(ROW_HEIGHT_CSS_PX);
    let plot_bottom = plot_top + row_height * visible.len().max(1) as i32;
    let n_columns = (plot_right - plot_left).max(1) as usize;
    let ms_per_div = TIME_BASES_MS_PER_DIV[state.time_base_idx];
    let window_s = state.window_s();
    let x_of = |time_s: f64| plot_left + ((time_s - state.start_s) / window_s * n_columns as f64).round() as i32;
    let font = ("sans-serif", px(12.0)).into_font().color(&TEXT_COLOUR);
    let small_font = ("sans-serif", px(11.0)).into_font().color(&TEXT_COLOUR);

    let mut provisional = false;
    for (row_idx, &channel_idx) in visible.iter().enumerate() {
        let channel = &recording.recording.channels[channel_idx];
        let row_top = plot_top + row_height * row_idx as i32;
        let row_bottom = row_top + row_height;
        let centre = (row_top + row_bottom) / 2;
        let division_px = f64::from(row_height) / DIVISIONS_PER_ROW;

        for segment_gap in uncovered_spans(recording, channel_idx, state.start_s, state.start_s + window_s) {
            let (gap_left, gap_right) = (x_of(segment_gap.0).max(plot_left), x_of(segment_gap.1).min(plot_right));
            if gap_right > gap_left {
                root.draw(&Rectangle::new([(gap_left, row_top), (gap_right, row_bottom)], GAP_COLOUR.filled()))
                    .map_err(to_message)?;
            }
        }
        for division in 0..=DIVISIONS_PER_ROW as i32 {
            let y = row_top + (f64::from(division) * division_px).round() as i32;
            let colour = if 2 * division == DIVISIONS_PER_ROW as i32 { BASELINE_COLOUR } else { GRID_COLOUR };
            root.draw(&PathElement::new([(plot_left, y), (plot_right, y)], colour)).map_err(to_message)?;
        }
        for division in 0..=DIVISIONS_ACROSS as i32 {
            let x = plot_left + (f64::from(division) * n_columns as f64 / DIVISIONS_ACROSS).round() as i32;
            root.draw(&PathElement::new([(x, row_top), (x, row_bottom)], GRID_COLOUR)).map_err(to_message)?;
        }

        let (shown, scale) = state.channels[channel_idx].calibrated();
        let sensitivity = state.channels[channel_idx].sensitivity();
        let polarity = if state.negative_up { 1.0 } else { -1.0 };
        let y_of = |value: f32| {
            let offset = polarity * f64::from(value) * scale / sensitivity * division_px;
            (f64::from(centre) + offset).round().clamp(f64::from(row_top), f64::from(row_bottom)) as i32
        };
        let style = ShapeStyle::from(&TRACE_COLOUR).stroke_width(px(1.0).max(1) as u32);
        let trace = trace_runs(recording, channel_idx, state.start_s, window_s, n_columns);
        provisional |= trace.provisional;
        for run in trace.runs {
            let points: Vec<(i32, i32)> =
                run.iter().map(|&(column, value)| (plot_left + column as i32, y_of(value))).collect();
            root.draw(&PathElement::new(points, style)).map_err(to_message)?;
        }

        root.draw(&Text::new(channel.label.clone(), (px(8.0), row_top + px(6.0)), font.clone())).map_err(to_message)?;
        root.draw(&Text::new(
            edx_core::display::sensitivity_per_div(sensitivity, &shown),
            (px(8.0), row_top + px(24.0)),
            small_font.clone(),
        ))
        .map_err(to_message)?;
        let polarity_text = if state.negative_up { "negative up" } else { "positive up" };
        root.draw(&Text::new(polarity_text, (px(8.0), row_top + px(40.0)), small_font.clone())).map_err(to_message)?;
    }

    let decimals = (-(ms_per_div / 1000.0).log10().floor()).max(0.0) as usize;
    let centred = small_font.clone().pos(Pos::new(HPos::Center, VPos::Top));
    for division in 0..=DIVISIONS_ACROSS as i32 {
        let time_s = state.start_s + f64::from(division) * window_s / DIVISIONS_ACROSS;
        let x = x_of(time_s);
        root.draw(&Text::new(format!("{time_s:.decimals$}"), (x, plot_bottom + px(4.0)), centred.clone()))
            .map_err(to_message)?;
    }
    let axis_text = format!("Time from recording start (s), {}", edx_core::display::sweep_ms_per_div(ms_per_div));
    let centre_x = (plot_left + plot_right) / 2;
    root.draw(&Text::new(axis_text, (centre_x, plot_bottom + px(20.0)), centred)).map_err(to_message)?;

    for annotation in &recording.recording.annotations {
        if annotation.onset_s < state.start_s || annotation.onset_s > state.start_s + window_s {
            continue;
        }
        let x = x_of(annotation.onset_s);
        root.draw(&PathElement::new([(x, plot_top - px(4.0)), (x, plot_bottom)], ANNOTATION_COLOUR))
            .map_err(to_message)?;
        let label = format!("▼ {}", shorten(&annotation.text, 32));
        let style = small_font.clone().color(&ANNOTATION_COLOUR);
        root.draw(&Text::new(label, (x - px(4.0), px(3.0)), style)).map_err(to_message)?;
    }
    root.present().map_err(to_message)?;
    Ok(PlotGeometry {
        plot_left_css_px: LABEL_WIDTH_CSS_PX,
        plot_width_css_px: css_width - LABEL_WIDTH_CSS_PX - RIGHT_MARGIN_CSS_PX,
        awaiting_samples: provisional,
    })
}

/// One channel's trace in the window: connected runs of (column, value) points, and whether
/// it had to be drawn from the finest envelope while its samples are read from the file.
struct Trace {
    runs: Vec<Vec<(f64, f32)>>,
    provisional: bool,
}

/// Connected runs of (column, value) points for one channel: two points (minimum, maximum) per
/// column when a column holds many samples, one point per sample when zoomed in further. For a
/// file read as an overview, samples come from the window the worker read; until it arrives
/// the finest envelope stands in, and the window is asked for (with a window's width to spare
/// on each side, so panning rarely waits).
fn trace_runs(
    recording: &OpenedRecording,
    channel_idx: usize,
    window_start_s: f64,
    window_s: f64,
    n_columns: usize,
) -> Trace {
    let channel = &recording.recording.channels[channel_idx];
    let rate = channel.sampling_rate_hz;
    let samples_per_column = rate * window_s / n_columns as f64;
    let window_end_s = window_start_s + window_s;
    let mut trace = Trace { runs: Vec::new(), provisional: false };
    for (segment_idx, (segment, data)) in
        channel.segments.iter().zip(&recording.buffers.channels[channel_idx]).enumerate()
    {
        let segment_end_s = segment.start_s + data.n_samples as f64 / rate;
        if segment_end_s <= window_start_s || segment.start_s >= window_end_s {
            continue;
        }
        // Position of the window's left edge in this segment's samples.
        let first_sample = (window_start_s - segment.start_s) * rate;
        let first_idx = first_sample.floor().max(0.0) as u32;
        let last_idx = ((first_sample + samples_per_column * n_columns as f64).ceil() + 1.0)
            .min(data.n_samples as f64)
            .max(0.0) as u32;
        if first_idx >= last_idx {
            continue;
        }
        let finest_fitting = |levels: &'_ [(usize, Float32Array)]| {
            levels.iter().rev().find(|(samples_per_bin, _)| *samples_per_bin as f64 <= samples_per_column).cloned()
        };
        // Columns from the level `extremes` of bins of `samples_per_bin` samples counted from
        // sample `origin` of the segment (0 for the segment's own envelope, a window's first
        // sample for a window's).
        let from_level = |samples_per_bin: usize, extremes: &Float32Array, origin: u32| {
            let bin = samples_per_bin as f64;
            let first_bin = (f64::from(first_idx - origin) / bin).floor() as u32;
            let last_bin = (f64::from(last_idx - origin) / bin).ceil() as u32;
            let bins = extremes.subarray(2 * first_bin, (2 * last_bin).min(extremes.length())).to_vec();
            let first = (first_sample - f64::from(origin)) / bin - f64::from(first_bin);
            column_extremes(&bins, first, samples_per_column / bin, n_columns)
        };
        let from_samples = |samples: &[f32]| {
            if samples_per_column < 2.0 {
                Drawn::Samples(samples.to_vec())
            } else {
                Drawn::Columns(column_extremes_of_samples(
                    samples,
                    first_sample - f64::from(first_idx),
                    samples_per_column,
                    n_columns,
                ))
            }
        };
        let drawn = match (finest_fitting(&data.envelope), &data.samples, &recording.buffers.windows) {
            (Some((samples_per_bin, extremes)), _, _) => Drawn::Columns(from_level(samples_per_bin, &extremes, 0)),
            (None, Some(samples), _) => from_samples(&samples.subarray(first_idx, last_idx).to_vec()),
            (None, None, Some((windows, max_window_s))) => {
                let from_window = windows.with_piece(channel_idx, segment_idx, first_idx, last_idx, |piece| {
                    match finest_fitting(&piece.envelope) {
                        Some((samples_per_bin, extremes)) => {
                            Drawn::Columns(from_level(samples_per_bin, &extremes, piece.first_sample))
                        }
                        None => from_samples(
                            &piece
                                .samples
                                .subarray(first_idx - piece.first_sample, last_idx - piece.first_sample)
                                .to_vec(),
                        ),
                    }
                });
                from_window.unwrap_or_else(|| {
                    // A window longer than the worker reads at once, or a time that could not be
                    // read, is drawn from the envelope for good; otherwise the samples are asked
                    // for, with up to a screen to spare on each side.
                    let max_window_s = *max_window_s;
                    if window_s <= max_window_s {
                        let margin_s = ((max_window_s - window_s) / 2.0).clamp(0.0, window_s);
                        trace.provisional |= windows.request((window_start_s, window_end_s), margin_s);
                    }
                    let finest = data.envelope.first();
                    Drawn::Columns(finest.map(|(bin, extremes)| from_level(*bin, extremes, 0)).unwrap_or_default())
                })
            }
            (None, None, None) => Drawn::Columns(Vec::new()),
        };
        let columns = match drawn {
            Drawn::Samples(samples) => {
                let points = samples.iter().enumerate().map(|(offset, &value)| {
                    (((first_idx as f64 + offset as f64) - first_sample) / samples_per_column, value)
                });
                push_runs(&mut trace.runs, points);
                continue;
            }
            Drawn::Columns(columns) => columns,
        };
        let points = columns
            .into_iter()
            .enumerate()
            .flat_map(|(column, (minimum, maximum))| [(column as f64, minimum), (column as f64, maximum)]);
        push_runs(&mut trace.runs, points);
    }
    trace
}

/// One segment's part of a trace: its samples (zoomed in to under two per column) or a
/// minimum and maximum per column.
enum Drawn {
    Samples(Vec<f32>),
    Columns(Vec<(f32, f32)>),
}

/// Splits points into runs at NaN values (invalid samples and empty columns).
fn push_runs(runs: &mut Vec<Vec<(f64, f32)>>, points: impl Iterator<Item = (f64, f32)>) {
    let mut current = Vec::new();
    for (column, value) in points {
        if value.is_nan() {
            if current.len() > 1 {
                runs.push(std::mem::take(&mut current));
            }
            current.clear();
        } else {
            current.push((column, value));
        }
    }
    if current.len() > 1 {
        runs.push(current);
    }
}

/// Stretches of the window no segment of channel `channel_idx` covers (gaps), in seconds.
fn uncovered_spans(recording: &OpenedRecording, channel_idx: usize, start_s: f64, end_s: f64) -> Vec<(f64, f64)> {
    let channel = &recording.recording.channels[channel_idx];
    let mut covered: Vec<(f64, f64)> = channel
        .segments
        .iter()
        .enumerate()
        .map(|(segment_idx, segment)| {
            let length_s = recording.n_samples(channel_idx, segment_idx) as f64 / channel.sampling_rate_hz;
            (segment.start_s, segment.start_s + length_s)
        })
        .collect();
    covered.sort_by(|first, second| first.0.total_cmp(&second.0));
    let mut gaps = Vec::new();
    let mut cursor = start_s;
    for (segment_start, segment_end) in covered {
        if segment_start > cursor {
            gaps.push((cursor, segment_start.min(end_s)));
        }
        cursor = cursor.max(segment_end);
        if cursor >= end_s {
            break;
        }
    }
    if cursor < end_s {
        gaps.push((cursor, end_s));
    }
    gaps.retain(|(gap_start, gap_end)| gap_end > gap_start);
    gaps
}

fn shorten(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max_chars - 1).collect::<String>())
    }
}

fn to_message<E: std::fmt::Display>(error: E) -> String {
    format!("could not draw the recording: {error}")
}
