//! Drawing traces on a canvas with `plotters-canvas`, in the clinical convention: negative up,
//! a grid in divisions, sensitivity per division and sweep per division.

use edx_core::display;
pub use edx_core::display::traces::{fitting_scale, per_division_label, TraceScale};
use edx_core::display::traces::{DIVISIONS_PER_ROW, DIVISIONS_PER_SWEEP};
use edx_core::model::{NerveConduction, Sweep, Unit};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use web_sys::HtmlCanvasElement;

use crate::canvas::{self, BASELINE_COLOUR, GRID_COLOUR, TEXT_COLOUR, TRACE_COLOUR};

/// Height of one trace row on screen, in CSS pixels.
const ROW_HEIGHT_CSS_PX: f64 = 150.0;
/// Height of the time axis under the rows, in CSS pixels.
const TIME_AXIS_CSS_PX: f64 = 44.0;
/// Width of the amplitude labels left of each row, in CSS pixels.
const AMPLITUDE_AXIS_CSS_PX: f64 = 64.0;
/// Space right of the traces, in CSS pixels.
const RIGHT_MARGIN_CSS_PX: f64 = 12.0;

/// Where each trace row sits on the canvas, in device pixels, so the marker overlay can map times
/// and values to the same places.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TraceLayout {
    /// Device pixels per CSS pixel.
    pub pixel_ratio: f64,
    /// One per stimulation site, distal first.
    pub rows: Vec<RowLayout>,
}

/// One trace row's plotting area and scales.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowLayout {
    /// Left and right edges of the plotting area, in device pixels.
    pub left_px: f64,
    /// Right edge, in device pixels.
    pub right_px: f64,
    /// Top edge, in device pixels.
    pub top_px: f64,
    /// Bottom edge, in device pixels.
    pub bottom_px: f64,
    /// Time at the left edge, in ms after the stimulus.
    pub time_start_ms: f64,
    /// Time at the right edge, in ms after the stimulus.
    pub time_end_ms: f64,
    /// Half the row's height, in µV.
    pub half_height_uv: f64,
}

impl RowLayout {
    /// The x position of `time_ms`, in device pixels.
    pub fn x_of(&self, time_ms: f64) -> f64 {
        self.left_px
            + (time_ms - self.time_start_ms) / (self.time_end_ms - self.time_start_ms) * (self.right_px - self.left_px)
    }

    /// The time at x position `x_px`, in ms.
    pub fn time_at(&self, x_px: f64) -> f64 {
        self.time_start_ms
            + (x_px - self.left_px) / (self.right_px - self.left_px) * (self.time_end_ms - self.time_start_ms)
    }

    /// The y position of a value in µV, negative up, held within the row.
    pub fn y_of(&self, value_uv: f64) -> f64 {
        let centre = (self.top_px + self.bottom_px) / 2.0;
        (centre + value_uv / self.half_height_uv * (self.bottom_px - self.top_px) / 2.0)
            .clamp(self.top_px, self.bottom_px)
    }
}

/// Draws every site of `nerve` as a row of `canvas`, distal first, sharing one time axis.
pub fn draw_nerve_traces(
    canvas: &HtmlCanvasElement,
    nerve: &NerveConduction,
    scale: TraceScale,
) -> Result<TraceLayout, String> {
    let n_rows = nerve.sites.len().max(1);
    let sized = canvas::size(canvas, Some(ROW_HEIGHT_CSS_PX * n_rows as f64 + TIME_AXIS_CSS_PX), 320.0)?;
    let pixel_ratio = sized.pixel_ratio;
    let px = |css_px: f64| sized.px(css_px).round() as u32;
    let root = canvas::white_area(canvas)?;
    let (rows_area, axis_area) = root.split_vertically(px(ROW_HEIGHT_CSS_PX) * n_rows as u32);

    let first_sample_ms =
        nerve.sites.iter().flat_map(|site| &site.sweeps).map(|sweep| sweep.first_sample_ms).fold(0.0, f64::min);
    let time_start_ms = if first_sample_ms < 0.0 { -scale.sweep_ms_per_div } else { 0.0 };
    let time_range = time_start_ms..time_start_ms + DIVISIONS_PER_SWEEP * scale.sweep_ms_per_div;
    let time_divisions: Vec<f64> = (0..=DIVISIONS_PER_SWEEP as usize)
        .map(|division| time_start_ms + division as f64 * scale.sweep_ms_per_div)
        .collect();
    let label_font = ("sans-serif", px(12.0)).into_font().color(&TEXT_COLOUR);

    let mut layout = TraceLayout { pixel_ratio, rows: Vec::with_capacity(n_rows) };
    for (row_area, site) in rows_area.split_evenly((n_rows, 1)).iter().zip(&nerve.sites) {
        let Some(sweep) = site.sweeps.first() else { continue };
        let to_uv = sweep.unit.factor_to(&Unit::Microvolt).unwrap_or(1.0);
        let half_height_uv = DIVISIONS_PER_ROW / 2.0 * scale.sensitivity_uv_per_div;
        let amplitude_divisions: Vec<f64> = (0..=DIVISIONS_PER_ROW as usize)
            .map(|division| -half_height_uv + division as f64 * scale.sensitivity_uv_per_div)
            .collect();
        let mut chart = ChartBuilder::on(row_area)
            .margin_top(px(6.0))
            .margin_right(px(RIGHT_MARGIN_CSS_PX))
            .y_label_area_size(px(AMPLITUDE_AXIS_CSS_PX))
            .build_cartesian_2d(time_range.clone(), -half_height_uv..half_height_uv)
            .map_err(to_message)?;
        for &time_ms in &time_divisions {
            chart
                .draw_series(LineSeries::new([(time_ms, -half_height_uv), (time_ms, half_height_uv)], GRID_COLOUR))
                .map_err(to_message)?;
        }
        for (division_idx, &displayed_uv) in amplitude_divisions.iter().enumerate() {
            let colour = if displayed_uv == 0.0 { BASELINE_COLOUR } else { GRID_COLOUR };
            chart
                .draw_series(LineSeries::new(
                    [(time_range.start, displayed_uv), (time_range.end, displayed_uv)],
                    colour,
                ))
                .map_err(to_message)?;
            // Rows touch, so the edge labels of neighbouring rows would overprint each other.
            if division_idx == 0 || division_idx + 1 == amplitude_divisions.len() {
                continue;
            }
            // The plot holds the negated value so that negative deflections go up; the label undoes it.
            let label = amplitude_label(-displayed_uv, scale.sensitivity_uv_per_div, &sweep.unit);
            let (label_x, label_y) = chart.backend_coord(&(time_range.start, displayed_uv));
            let style = label_font.clone().pos(Pos::new(HPos::Right, VPos::Center));
            root.draw(&Text::new(label, (label_x - px(6.0) as i32, label_y), style)).map_err(to_message)?;
        }
        chart
            .draw_series(LineSeries::new(
                visible_points(sweep, &time_range, to_uv, half_height_uv),
                ShapeStyle::from(&TRACE_COLOUR).stroke_width(px(1.5).max(1)),
            ))
            .map_err(to_message)?;
        let site_label = match site.distance_mm {
            Some(distance_mm) => format!("{}  ({distance_mm:.0} mm)", site.name),
            None => site.name.clone(),
        };
        let (plot_x, plot_y) = chart.plotting_area().get_pixel_range();
        layout.rows.push(RowLayout {
            left_px: f64::from(plot_x.start),
            right_px: f64::from(plot_x.end),
            top_px: f64::from(plot_y.start),
            bottom_px: f64::from(plot_y.end),
            time_start_ms: time_range.start,
            time_end_ms: time_range.end,
            half_height_uv,
        });
        let text_top = plot_y.start + px(4.0) as i32;
        root.draw(&Text::new(site_label, (plot_x.start + px(6.0) as i32, text_top), label_font.clone()))
            .map_err(to_message)?;
        let scale_label = per_division_label(scale.sensitivity_uv_per_div, &sweep.unit);
        let style = label_font.clone().pos(Pos::new(HPos::Right, VPos::Top));
        root.draw(&Text::new(scale_label, (plot_x.end - px(6.0) as i32, text_top), style)).map_err(to_message)?;
    }

    let axis = ChartBuilder::on(&axis_area)
        .margin_right(px(RIGHT_MARGIN_CSS_PX))
        .y_label_area_size(px(AMPLITUDE_AXIS_CSS_PX))
        .build_cartesian_2d(time_range.clone(), 0.0..1.0)
        .map_err(to_message)?;
    let centred = label_font.clone().pos(Pos::new(HPos::Center, VPos::Top));
    for &time_ms in &time_divisions {
        let (label_x, label_y) = axis.backend_coord(&(time_ms, 1.0));
        root.draw(&Text::new(display::trimmed(time_ms), (label_x, label_y + px(4.0) as i32), centred.clone()))
            .map_err(to_message)?;
    }
    let (centre_x, top_y) = axis.backend_coord(&((time_range.start + time_range.end) / 2.0, 1.0));
    let description = format!("Time after stimulus (ms), {}", display::sweep_ms_per_div(scale.sweep_ms_per_div));
    root.draw(&Text::new(description, (centre_x, top_y + px(22.0) as i32), centred)).map_err(to_message)?;
    root.present().map_err(to_message)?;
    Ok(layout)
}

/// An amplitude tick label in the unit of the sensitivity: `-5 mV`, `20 µV`.
fn amplitude_label(value_uv: f64, sensitivity_uv_per_div: f64, unit: &Unit) -> String {
    if !unit.is_electrical() {
        return display::trimmed(value_uv);
    }
    if sensitivity_uv_per_div >= 1000.0 {
        format!("{} mV", display::trimmed(value_uv / 1000.0))
    } else {
        format!("{} µV", display::trimmed(value_uv))
    }
}

/// A drawing error as a sentence for the console.
fn to_message<E: std::fmt::Display>(error: E) -> String {
    format!("could not draw the traces: {error}")
}

/// The sweep's samples inside the time window as plot points: negated (negative up), in µV,
/// and held within the row so a large response does not spill into its neighbours.
fn visible_points(
    sweep: &Sweep,
    time_range: &std::ops::Range<f64>,
    to_uv: f64,
    half_height_uv: f64,
) -> Vec<(f64, f64)> {
    sweep
        .samples
        .iter()
        .enumerate()
        .map(|(sample_idx, value)| (sweep.time_ms(sample_idx), -f64::from(*value) * to_uv))
        .filter(|(time_ms, value)| time_range.contains(time_ms) && value.is_finite())
        .map(|(time_ms, displayed_uv)| (time_ms, displayed_uv.clamp(-half_height_uv, half_height_uv)))
        .collect()
}
