//! Drawing an F-wave train or H-reflex series as a raster: each sweep a row, top to bottom in
//! stimulus order, negative up, the M wave clipped at the row's edges as on the machine, each
//! late response's onset ticked and the minimum F latency drawn through every row.

use edx_core::model::{NerveConduction, Unit};
use edx_core::ncs::LateAnalysis;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use web_sys::HtmlCanvasElement;

use crate::canvas::{self, GRID_COLOUR, TEXT_COLOUR, TRACE_COLOUR};

/// Height of one sweep's row, CSS pixels; the row spans two divisions.
const ROW_HEIGHT_CSS_PX: f64 = 30.0;
const DIVISIONS_PER_ROW: f64 = 2.0;
const DIVISIONS_PER_SWEEP: f64 = 10.0;
const TIME_AXIS_CSS_PX: f64 = 44.0;
const LABEL_CSS_PX: f64 = 64.0;
const RIGHT_MARGIN_CSS_PX: f64 = 12.0;
const TOP_CSS_PX: f64 = 8.0;

const MARK_COLOUR: RGBColor = RGBColor(192, 57, 43);

const SELECTED_COLOUR: RGBColor = RGBColor(255, 244, 204);

/// The sweep (from 0) and the time after the stimulus (ms) under a point of the raster, in CSS
/// pixels from the canvas's top left, for a canvas `css_width` wide showing `n_rows` sweeps at
/// `ms_per_div`; `None` outside the rows.
pub fn sweep_and_time_at(css_width: f64, n_rows: usize, ms_per_div: f64, x: f64, y: f64) -> Option<(usize, f64)> {
    let (left, right) = (LABEL_CSS_PX, css_width - RIGHT_MARGIN_CSS_PX);
    let row = ((y - TOP_CSS_PX) / ROW_HEIGHT_CSS_PX).floor();
    if !(0.0..n_rows as f64).contains(&row) || x < left || x > right {
        return None;
    }
    Some((row as usize, (x - left) / (right - left) * ms_per_div * DIVISIONS_PER_SWEEP))
}

/// Draws the sweeps of the nerve's first site at `uv_per_div` and `ms_per_div`, the `selected`
/// sweep's row shaded. Returns the positions of the drawn onset marks as "sweep:ms;…" for tests.
pub fn draw_late_raster(
    canvas: &HtmlCanvasElement,
    nerve: &NerveConduction,
    late: &LateAnalysis,
    uv_per_div: f64,
    ms_per_div: f64,
    selected: Option<usize>,
) -> Result<String, String> {
    let sweeps = nerve.sites.first().map_or(&[][..], |site| site.sweeps.as_slice());
    let n_rows = sweeps.len().max(1);
    let sized = canvas::size(canvas, Some(ROW_HEIGHT_CSS_PX * n_rows as f64 + TIME_AXIS_CSS_PX + TOP_CSS_PX), 320.0)?;
    let css_width = sized.css_width;
    let px = |css_px: f64| sized.px(css_px);
    let root = canvas::white_area(canvas)?;

    let left = px(LABEL_CSS_PX);
    let right = px(css_width - RIGHT_MARGIN_CSS_PX);
    let top = px(TOP_CSS_PX);
    let row_height = px(ROW_HEIGHT_CSS_PX);
    let bottom = top + row_height * n_rows as f64;
    let window_ms = ms_per_div * DIVISIONS_PER_SWEEP;
    let x_of = |time_ms: f64| left + time_ms / window_ms * (right - left);
    let point = |x: f64, y: f64| (x.round() as i32, y.round() as i32);
    if let Some(selected) = selected.filter(|&selected| selected < n_rows) {
        let row_top = top + selected as f64 * row_height;
        root.draw(&Rectangle::new(
            [point(left, row_top), point(right, row_top + row_height)],
            SELECTED_COLOUR.filled(),
        ))
        .map_err(to_message)?;
    }
    let font = ("sans-serif", px(11.0)).into_font().color(&TEXT_COLOUR);
    for division in 0..=DIVISIONS_PER_SWEEP as usize {
        let x = x_of(division as f64 * ms_per_div);
        root.draw(&PathElement::new(vec![point(x, top), point(x, bottom)], GRID_COLOUR)).map_err(to_message)?;
    }
    let (responses, late_name): (Vec<Option<f64>>, &str) = match late {
        LateAnalysis::FWaves(f_waves) => {
            (f_waves.sweeps.iter().map(|sweep| sweep.response.map(|response| response.onset_ms)).collect(), "F")
        }
        LateAnalysis::HReflex(h_reflex) => {
            (h_reflex.sweeps.iter().map(|sweep| sweep.response.map(|response| response.onset_ms)).collect(), "H")
        }
    };
    let mut positions = Vec::new();
    let style = ShapeStyle::from(&TRACE_COLOUR).stroke_width(px(1.0).round().max(1.0) as u32);
    for (sweep_idx, sweep) in sweeps.iter().enumerate() {
        let row_top = top + sweep_idx as f64 * row_height;
        let centre = row_top + row_height / 2.0;
        let to_uv = sweep.unit.factor_to(&Unit::Microvolt).unwrap_or(1.0);
        let division_px = row_height / DIVISIONS_PER_ROW;
        // Negative up, clipped at the row's edges (the M wave is far larger than the late response).
        let y_of = |value_uv: f64| (centre + value_uv / uv_per_div * division_px).clamp(row_top, row_top + row_height);
        let baseline = {
            let mut before: Vec<f32> = sweep
                .samples
                .iter()
                .enumerate()
                .filter(|(idx, _)| sweep.time_ms(*idx) < 0.0)
                .map(|(_, &value)| value)
                .collect();
            before.sort_by(f32::total_cmp);
            before.get(before.len() / 2).copied().map_or(0.0, f64::from)
        };
        let points: Vec<(i32, i32)> = sweep
            .samples
            .iter()
            .enumerate()
            .map(|(idx, &value)| (sweep.time_ms(idx), (f64::from(value) - baseline) * to_uv))
            .filter(|(time_ms, value)| (0.0..=window_ms).contains(time_ms) && value.is_finite())
            .map(|(time_ms, value_uv)| point(x_of(time_ms), y_of(value_uv)))
            .collect();
        if points.len() > 1 {
            root.draw(&PathElement::new(points, style)).map_err(to_message)?;
        }
        root.draw(&Text::new(
            format!("{}", sweep_idx + 1),
            point(left - px(8.0), centre),
            font.clone().pos(Pos::new(HPos::Right, VPos::Center)),
        ))
        .map_err(to_message)?;
        if let Some(onset_ms) = responses.get(sweep_idx).copied().flatten() {
            let x = x_of(onset_ms);
            root.draw(&PathElement::new(
                vec![point(x, row_top + px(2.0)), point(x, row_top + row_height - px(2.0))],
                ShapeStyle::from(&MARK_COLOUR).stroke_width(px(2.0).round() as u32),
            ))
            .map_err(to_message)?;
            root.draw(&Text::new(late_name, point(x + px(3.0), row_top + px(2.0)), font.clone().color(&MARK_COLOUR)))
                .map_err(to_message)?;
            positions.push(format!("{}:{onset_ms:.2}", sweep_idx + 1));
        }
    }
    if let LateAnalysis::FWaves(f_waves) = late {
        if let Some(minimum) = f_waves.minimum_latency_ms {
            let x = x_of(minimum);
            for segment in 0..(n_rows * 4) {
                let y0 = top + segment as f64 * row_height / 4.0;
                if segment % 2 == 0 {
                    root.draw(&PathElement::new(
                        vec![point(x, y0), point(x, y0 + row_height / 4.0)],
                        ShapeStyle::from(&MARK_COLOUR).stroke_width(px(1.0).round() as u32),
                    ))
                    .map_err(to_message)?;
                }
            }
            root.draw(&Text::new(
                format!("minimum {minimum:.2} ms"),
                point(x + px(4.0), bottom + px(2.0)),
                font.clone().color(&MARK_COLOUR),
            ))
            .map_err(to_message)?;
        }
    }
    let centred = font.clone().pos(Pos::new(HPos::Center, VPos::Top));
    for division in (0..=DIVISIONS_PER_SWEEP as usize).step_by(2) {
        let time_ms = division as f64 * ms_per_div;
        root.draw(&Text::new(format!("{time_ms}"), point(x_of(time_ms), bottom + px(16.0)), centred.clone()))
            .map_err(to_message)?;
    }
    let description = format!(
        "Time after stimulus (ms), {} · {} · negative up · one row per stimulus",
        edx_core::display::sweep_ms_per_div(ms_per_div),
        edx_core::display::sensitivity_uv_per_div(uv_per_div)
    );
    root.draw(&Text::new(description, point((left + right) / 2.0, bottom + px(30.0)), centred)).map_err(to_message)?;
    root.present().map_err(to_message)?;
    Ok(positions.join(";"))
}

fn to_message<E: std::fmt::Display>(error: E) -> String {
    format!("could not draw the late responses: {error}")
}
