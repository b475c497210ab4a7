//! The firing raster: one row per motor unit (and per class of spontaneous potential) with a
//! tick at each discharge over the whole recording; a click on a row moves the screen to the
//! nearest discharge and plays it.

use edx_core::needle::{NeedleAnalysis, SpontaneousClass};
use leptos::html;
use leptos::prelude::*;
use web_sys::HtmlCanvasElement;

use super::{spontaneous_mark, unit_colour};

const ROW_CSS_PX: f64 = 18.0;
const LABEL_CSS_PX: f64 = 64.0;
const AXIS_CSS_PX: f64 = 30.0;

/// One raster row: its label, colour and event times (recording time, s).
#[derive(Debug, Clone, PartialEq)]
struct RasterRow {
    label: String,
    colour: &'static str,
    times_s: Vec<f64>,
}

/// The firing raster of one needle channel.
#[component]
pub fn FiringRaster(
    /// The channel's analysis: its units' discharges and its spontaneous potentials.
    analysis: StoredValue<NeedleAnalysis>,
    /// Recording time of the analysed segment's start and end, s.
    segment_start_s: f64,
    /// End of the segment, s.
    segment_end_s: f64,
    /// Moves the screen to a time and plays it.
    jump_to: Callback<f64>,
) -> impl IntoView {
    let rows: Vec<RasterRow> = analysis.with_value(|analysis| {
        let mut rows: Vec<RasterRow> = analysis
            .units
            .iter()
            .enumerate()
            .map(|(unit_idx, unit)| RasterRow {
                label: format!("Unit {}", unit_idx + 1),
                colour: unit_colour(unit_idx),
                times_s: unit.discharge_times_s.iter().map(|time_s| segment_start_s + time_s).collect(),
            })
            .collect();
        for class in [
            SpontaneousClass::Fibrillation,
            SpontaneousClass::PositiveSharpWave,
            SpontaneousClass::Fasciculation,
            SpontaneousClass::EndPlateSpike,
        ] {
            let times_s: Vec<f64> = analysis
                .spontaneous
                .potentials
                .iter()
                .filter(|potential| potential.class == class)
                .map(|potential| segment_start_s + potential.time_s)
                .collect();
            if !times_s.is_empty() {
                let (letter, colour) = spontaneous_mark(class);
                rows.push(RasterRow { label: letter.to_string(), colour, times_s });
            }
        }
        rows
    });
    if rows.is_empty() {
        return view! { <p>"Nothing fired: no motor units or spontaneous potentials were found."</p> }.into_any();
    }
    let rows = StoredValue::new(rows);
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let resized = crate::canvas::window_resized();
    Effect::new(move |_| {
        resized.track();
        if let Some(canvas) = canvas_ref.get() {
            rows.with_value(|rows| draw(&canvas, rows, segment_start_s, segment_end_s));
        }
    });
    let on_click = move |event: web_sys::MouseEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let width = f64::from(canvas.client_width()).max(1.0);
        let row_idx = (f64::from(event.offset_y()) / ROW_CSS_PX) as usize;
        let fraction = (f64::from(event.offset_x()) - LABEL_CSS_PX) / (width - LABEL_CSS_PX - 8.0);
        if !(0.0..=1.0).contains(&fraction) {
            return;
        }
        let time_s = segment_start_s + fraction * (segment_end_s - segment_start_s);
        let nearest = rows.with_value(|rows| {
            rows.get(row_idx).and_then(|row| {
                row.times_s
                    .iter()
                    .copied()
                    .min_by(|first, second| (first - time_s).abs().total_cmp(&(second - time_s).abs()))
            })
        });
        if let Some(nearest) = nearest {
            jump_to.run(nearest);
        }
    };
    let label = "Firing raster: one row per motor unit and per class of spontaneous potential, a tick at each discharge, time across. Click a row to show and play its nearest discharge; the unit cards and the list of spontaneous potentials offer the same by keyboard.";
    view! {
        <section class="firing-raster" aria-labelledby="firing-raster-heading">
            <h4 id="firing-raster-heading">"Firing raster"</h4>
            <canvas node_ref=canvas_ref class="raster-canvas" role="img" aria-label=label data-testid="firing-raster" on:click=on_click></canvas>
        </section>
    }
    .into_any()
}

fn draw(canvas: &HtmlCanvasElement, rows: &[RasterRow], start_s: f64, end_s: f64) {
    let Ok(sized) = crate::canvas::size(canvas, Some(ROW_CSS_PX * rows.len() as f64 + AXIS_CSS_PX), 300.0) else {
        return;
    };
    let Some(context) = crate::canvas::context_2d(canvas, true) else { return };
    let (ratio, css_width) = (sized.pixel_ratio, sized.css_width);
    let left = LABEL_CSS_PX * ratio;
    let width = (css_width - LABEL_CSS_PX - 8.0) * ratio;
    let duration = (end_s - start_s).max(f64::MIN_POSITIVE);
    context.set_font(&format!("{}px sans-serif", (11.0 * ratio).round()));
    for (row_idx, row) in rows.iter().enumerate() {
        let top = row_idx as f64 * ROW_CSS_PX * ratio;
        context.set_fill_style_str(row.colour);
        let _ = context.fill_text(&row.label, 4.0 * ratio, top + 13.0 * ratio);
        context.set_stroke_style_str(row.colour);
        context.set_line_width(1.5 * ratio);
        context.begin_path();
        for &time_s in &row.times_s {
            let x = left + (time_s - start_s) / duration * width;
            context.move_to(x, top + 3.0 * ratio);
            context.line_to(x, top + (ROW_CSS_PX - 3.0) * ratio);
        }
        context.stroke();
    }
    let axis_y = rows.len() as f64 * ROW_CSS_PX * ratio;
    context.set_stroke_style_str("#9aa3b0");
    context.set_line_width(ratio);
    context.begin_path();
    context.move_to(left, axis_y + 2.0 * ratio);
    context.line_to(left + width, axis_y + 2.0 * ratio);
    context.stroke();
    context.set_fill_style_str("#28303c");
    let step_s = [0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0]
        .into_iter()
        .find(|step| duration / step <= 12.0)
        .unwrap_or(600.0);
    let mut tick = (start_s / step_s).ceil() * step_s;
    while tick <= end_s + 1e-9 {
        let x = left + (tick - start_s) / duration * width;
        let _ = context.fill_text(&format!("{tick}"), x - 6.0 * ratio, axis_y + 16.0 * ratio);
        tick += step_s;
    }
    let _ = context.fill_text("s", left + width - 8.0 * ratio, axis_y + 27.0 * ratio);
}
