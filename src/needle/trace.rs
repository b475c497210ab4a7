//! Drawing the needle screen with `plotters-canvas`: one sweep of ten divisions, or successive
//! sweeps stacked (raster), negative up, with the sensitivity, sweep speed and filters printed
//! beside the trace as the machine prints them. Cursor and markers live on the overlay.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use web_sys::HtmlCanvasElement;

use edx_core::display::{sensitivity_uv_per_div, sweep_ms_per_div};

use super::settings::{DIVISIONS_ACROSS, DIVISIONS_DOWN};
use crate::canvas::{self, BASELINE_COLOUR, GRID_COLOUR, TEXT_COLOUR, TRACE_COLOUR};

/// Layout, CSS pixels.
const LABEL_WIDTH_CSS_PX: f64 = 118.0;
const RIGHT_MARGIN_CSS_PX: f64 = 10.0;
const TOP_BAND_CSS_PX: f64 = 26.0;
const AXIS_CSS_PX: f64 = 44.0;
/// Height of the trace area, CSS pixels.
pub const PLOT_HEIGHT_CSS_PX: f64 = 360.0;

/// One drawn row: a sweep starting at `start_s`, its display-filtered samples in µV.
#[derive(Debug, Clone, PartialEq)]
pub struct TraceRow {
    /// Recording time of the row's left edge, s.
    pub start_s: f64,
    /// Samples from `start_s` on, µV.
    pub values_uv: Vec<f32>,
}

/// Where a drawn row sits, device pixels.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RowGeometry {
    /// Top edge.
    pub top: f64,
    /// Bottom edge.
    pub bottom: f64,
    /// Recording time at the left edge, s.
    pub start_s: f64,
}

/// Where the traces were drawn, to map times onto the overlay and pointer positions back.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TraceGeometry {
    /// Device pixels per CSS pixel.
    pub pixel_ratio: f64,
    /// Left edge of the traces, device pixels.
    pub plot_left: f64,
    /// Width of the traces, device pixels.
    pub plot_width: f64,
    /// Top of the band above the traces where segments and markers are labelled.
    pub band_top: f64,
    /// Rows, top to bottom.
    pub rows: Vec<RowGeometry>,
    /// Time one row spans, s.
    pub window_s: f64,
}

impl TraceGeometry {
    /// The x of `time_s` in `row`, device pixels, if the row shows it.
    pub fn x_of(&self, row: &RowGeometry, time_s: f64) -> Option<f64> {
        let fraction = (time_s - row.start_s) / self.window_s;
        (0.0..=1.0).contains(&fraction).then_some(self.plot_left + fraction * self.plot_width)
    }

    /// The row showing `time_s`, if any.
    pub fn row_of(&self, time_s: f64) -> Option<&RowGeometry> {
        self.rows.iter().find(|row| time_s >= row.start_s && time_s <= row.start_s + self.window_s)
    }

    /// The recording time under the pointer at (`x`, `y`), device pixels.
    pub fn time_at(&self, x: f64, y: f64) -> Option<f64> {
        let row = self
            .rows
            .iter()
            .find(|row| y >= row.top && y < row.bottom)
            .or_else(|| self.rows.first().filter(|_| self.rows.len() == 1))?;
        let fraction = ((x - self.plot_left) / self.plot_width).clamp(0.0, 1.0);
        Some(row.start_s + fraction * self.window_s)
    }
}

/// One screen to draw: its rows of display-filtered samples and the settings printed beside them.
pub struct Screen<'a> {
    /// The rows, top to bottom (one unless in raster mode).
    pub rows: &'a [TraceRow],
    /// Samples per second.
    pub sampling_rate_hz: f64,
    /// Sweep speed, ms per division.
    pub ms_per_div: f64,
    /// Sensitivity, µV per division.
    pub uv_per_div: f64,
    /// Channel label.
    pub label: &'a str,
    /// The display filters in words.
    pub filters: &'a str,
}

/// Draws `screen` on `canvas` and says where.
pub fn draw(canvas: &HtmlCanvasElement, screen: &Screen) -> Result<TraceGeometry, String> {
    let sized = canvas::size(canvas, Some(TOP_BAND_CSS_PX + PLOT_HEIGHT_CSS_PX + AXIS_CSS_PX), 360.0)?;
    let (pixel_ratio, css_width) = (sized.pixel_ratio, sized.css_width);
    let px = |css_px: f64| sized.px(css_px);
    let root = canvas::white_area(canvas)?;

    let plot_left = px(LABEL_WIDTH_CSS_PX);
    let plot_width = px(css_width - LABEL_WIDTH_CSS_PX - RIGHT_MARGIN_CSS_PX);
    let plot_top = px(TOP_BAND_CSS_PX);
    let plot_height = px(PLOT_HEIGHT_CSS_PX);
    let plot_bottom = plot_top + plot_height;
    let window_s = screen.ms_per_div * DIVISIONS_ACROSS / 1000.0;
    let n_rows = screen.rows.len().max(1);
    let row_height = plot_height / n_rows as f64;
    // One row fills the screen with eight divisions; stacked rows are one division each.
    let division_px = if n_rows == 1 { plot_height / DIVISIONS_DOWN } else { row_height };
    let font = ("sans-serif", px(12.0)).into_font().color(&TEXT_COLOUR);
    let small = ("sans-serif", px(11.0)).into_font().color(&TEXT_COLOUR);
    let line = |points: Vec<(f64, f64)>, colour: RGBColor| {
        PathElement::new(
            points.into_iter().map(|(x, y)| (x.round() as i32, y.round() as i32)).collect::<Vec<_>>(),
            colour,
        )
    };

    // Grid: ten divisions across; eight down for one sweep, a baseline per sweep in raster.
    for division in 0..=DIVISIONS_ACROSS as usize {
        let x = plot_left + division as f64 * plot_width / DIVISIONS_ACROSS;
        root.draw(&line(vec![(x, plot_top), (x, plot_bottom)], GRID_COLOUR)).map_err(to_message)?;
    }
    if n_rows == 1 {
        for division in 0..=DIVISIONS_DOWN as usize {
            let y = plot_top + division as f64 * division_px;
            let colour = if 2 * division == DIVISIONS_DOWN as usize { BASELINE_COLOUR } else { GRID_COLOUR };
            root.draw(&line(vec![(plot_left, y), (plot_left + plot_width, y)], colour)).map_err(to_message)?;
        }
    }

    let mut rows = Vec::with_capacity(n_rows);
    let style = ShapeStyle::from(&TRACE_COLOUR).stroke_width(px(1.0).round().max(1.0) as u32);
    for (row_idx, row) in screen.rows.iter().enumerate() {
        let top = plot_top + row_idx as f64 * row_height;
        let bottom = top + row_height;
        let centre = (top + bottom) / 2.0;
        if n_rows > 1 {
            root.draw(&line(vec![(plot_left, centre), (plot_left + plot_width, centre)], GRID_COLOUR))
                .map_err(to_message)?;
            let time_label = format!("{:.3} s", row.start_s);
            root.draw(&Text::new(
                time_label,
                ((plot_left - px(6.0)) as i32, centre as i32),
                small.clone().pos(Pos::new(HPos::Right, VPos::Center)),
            ))
            .map_err(to_message)?;
        }
        // Negative up: a negative voltage is drawn above the baseline.
        let limit = if n_rows == 1 { (top, bottom) } else { (top - row_height, bottom + row_height) };
        let y_of =
            |value_uv: f32| (centre - f64::from(value_uv) / screen.uv_per_div * division_px).clamp(limit.0, limit.1);
        let samples_per_px = screen.sampling_rate_hz * window_s / plot_width;
        let n_samples = row.values_uv.len().min((window_s * screen.sampling_rate_hz).ceil() as usize + 1);
        let values = &row.values_uv[..n_samples];
        let points: Vec<(f64, f64)> = if samples_per_px <= 2.0 {
            values
                .iter()
                .enumerate()
                .map(|(idx, &value)| (plot_left + idx as f64 / samples_per_px, y_of(value)))
                .collect()
        } else {
            let n_columns = plot_width.ceil() as usize;
            (0..n_columns)
                .filter_map(|column| {
                    let first = (column as f64 * samples_per_px) as usize;
                    let last = (((column + 1) as f64 * samples_per_px) as usize).min(values.len());
                    let part = values.get(first..last).filter(|part| !part.is_empty())?;
                    let (lowest, highest) =
                        part.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lowest, highest), &value| {
                            (lowest.min(value), highest.max(value))
                        });
                    Some([(plot_left + column as f64, y_of(lowest)), (plot_left + column as f64, y_of(highest))])
                })
                .flatten()
                .collect()
        };
        if points.len() > 1 {
            let points: Vec<(i32, i32)> =
                points.into_iter().map(|(x, y)| (x.round() as i32, y.round() as i32)).collect();
            root.draw(&PathElement::new(points, style)).map_err(to_message)?;
        }
        rows.push(RowGeometry { top, bottom, start_s: row.start_s });
    }

    // The machine's legend: channel, sensitivity, sweep, polarity, filters.
    let legend_x = px(6.0) as i32;
    let first_row_top = plot_top as i32;
    let legend = [
        (screen.label.to_string(), font.clone()),
        (sensitivity_uv_per_div(screen.uv_per_div), small.clone()),
        (sweep_ms_per_div(screen.ms_per_div), small.clone()),
        ("negative up".to_string(), small.clone()),
    ];
    if n_rows == 1 {
        for (line_idx, (text, style)) in legend.into_iter().enumerate() {
            root.draw(&Text::new(text, (legend_x, first_row_top + px(4.0 + 16.0 * line_idx as f64) as i32), style))
                .map_err(to_message)?;
        }
    }
    // Time axis: ms from the sweep's start, and where the (first) sweep starts.
    let centred = small.clone().pos(Pos::new(HPos::Center, VPos::Top));
    for division in 0..=DIVISIONS_ACROSS as usize {
        let x = plot_left + division as f64 * plot_width / DIVISIONS_ACROSS;
        let label = display_ms(division as f64 * screen.ms_per_div);
        root.draw(&Text::new(label, (x.round() as i32, (plot_bottom + px(4.0)) as i32), centred.clone()))
            .map_err(to_message)?;
    }
    let start_s = screen.rows.first().map_or(0.0, |row| row.start_s);
    let axis = if n_rows == 1 {
        format!(
            "ms from the sweep start at {start_s:.3} s · {} · {} · {}",
            sweep_ms_per_div(screen.ms_per_div),
            sensitivity_uv_per_div(screen.uv_per_div),
            screen.filters
        )
    } else {
        format!(
            "ms from each sweep's start (left) · {} · {} · negative up · {}",
            sweep_ms_per_div(screen.ms_per_div),
            sensitivity_uv_per_div(screen.uv_per_div),
            screen.filters
        )
    };
    root.draw(&Text::new(axis, ((plot_left + plot_width / 2.0) as i32, (plot_bottom + px(22.0)) as i32), centred))
        .map_err(to_message)?;
    root.present().map_err(to_message)?;
    Ok(TraceGeometry { pixel_ratio, plot_left, plot_width, band_top: px(2.0), rows, window_s })
}

fn display_ms(ms: f64) -> String {
    if ms >= 1000.0 && ms % 1000.0 == 0.0 {
        format!("{}", ms)
    } else {
        format!("{}", (ms * 10.0).round() / 10.0)
    }
}

fn to_message<E: std::fmt::Display>(error: E) -> String {
    format!("could not draw the needle recording: {error}")
}
