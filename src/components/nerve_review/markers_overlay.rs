//! The marker overlay: a transparent canvas over the traces where the onset, peak and end
//! markers are drawn, hit-tested and dragged, so a drag never redraws the traces.

use edx_core::model::{NerveConduction, Unit};
use edx_core::ncs::{MarkerKind, MarkerSource, ResponseMarkers};
use web_sys::HtmlCanvasElement;

use super::plot::TraceLayout;

/// The colour a marker is drawn in; its letter tells it apart as well.
fn colour(kind: MarkerKind) -> &'static str {
    match kind {
        MarkerKind::Onset => "#0b7a3e",
        MarkerKind::NegativePeak => "#b3261e",
        MarkerKind::NegativeEnd => "#6a3fb5",
        MarkerKind::PositivePeak => "#a15c00",
    }
}

/// A marker on one site's trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MarkerId {
    /// The stimulation site, distal first.
    pub site_idx: usize,
    /// Onset, negative peak, end of the negative phase or positive peak.
    pub kind: MarkerKind,
}

/// Sizes the overlay like the trace canvas and draws every marker; the selected one larger.
/// Returns each drawn marker's position in CSS pixels as `site:letter:x:y` entries separated by
/// `;`, which the page exposes for the browser tests.
pub fn draw(
    overlay: &HtmlCanvasElement,
    trace_canvas: &HtmlCanvasElement,
    layout: &TraceLayout,
    nerve: &NerveConduction,
    markers: &[Option<ResponseMarkers>],
    selected: Option<MarkerId>,
) -> String {
    let mut positions = Vec::new();
    let Some(context) = crate::canvas::overlay_over(overlay, trace_canvas) else { return String::new() };
    let ratio = layout.pixel_ratio;
    context.set_font(&format!("bold {}px sans-serif", (11.0 * ratio).round()));
    context.set_text_align("center");
    for (site_idx, (row, site_markers)) in layout.rows.iter().zip(markers).enumerate() {
        let Some(site_markers) = site_markers else { continue };
        let sweep = &nerve.sites[site_idx].sweeps[0];
        for kind in MarkerKind::ALL {
            let time_ms = kind.time_ms(site_markers);
            let x = row.x_of(time_ms);
            if x < row.left_px || x > row.right_px {
                continue;
            }
            let y = row.y_of(value_uv_at(sweep, time_ms));
            positions.push(format!("{site_idx}:{}:{:.1}:{:.1}", kind.letter(), x / ratio, y / ratio));
            let is_selected = selected == Some(MarkerId { site_idx, kind });
            let is_manual = kind.get(site_markers).source == MarkerSource::Manual;
            let half_length = if is_selected { 16.0 } else { 11.0 } * ratio;
            context.set_stroke_style_str(colour(kind));
            context.set_fill_style_str(colour(kind));
            context.set_line_width(if is_selected { 3.0 } else { 2.0 } * ratio);
            context.begin_path();
            context.move_to(x, y - half_length);
            context.line_to(x, y + half_length);
            context.stroke();
            // The letter above (or, for the positive peak, beneath) the tick; an asterisk marks a
            // hand-set marker.
            let label = if is_manual { format!("{}*", kind.letter()) } else { kind.letter().to_string() };
            let above_y = y - half_length - 3.0 * ratio;
            let (label_x, label_y) = if kind == MarkerKind::PositivePeak {
                (x, y + half_length + 11.0 * ratio)
            } else if above_y - 10.0 * ratio < row.top_px {
                // No room above a tall peak at the top of the row: the letter goes beside the tick.
                (x + 9.0 * ratio, y + 4.0 * ratio)
            } else {
                (x, above_y)
            };
            let _ = context.fill_text(&label, label_x, label_y);
            if is_selected {
                context.set_line_width(ratio);
                context.stroke_rect(
                    x - 6.0 * ratio,
                    y - half_length - 15.0 * ratio,
                    12.0 * ratio,
                    2.0 * half_length + 30.0 * ratio,
                );
            }
        }
    }
    positions.join(";")
}

/// The marker nearest to (`x_px`, `y_px`) in device pixels within `radius_px`, if any.
pub fn hit_test(
    layout: &TraceLayout,
    nerve: &NerveConduction,
    markers: &[Option<ResponseMarkers>],
    x_px: f64,
    y_px: f64,
    radius_px: f64,
) -> Option<MarkerId> {
    let mut best: Option<(f64, MarkerId)> = None;
    for (site_idx, (row, site_markers)) in layout.rows.iter().zip(markers).enumerate() {
        let Some(site_markers) = site_markers else { continue };
        if y_px < row.top_px - radius_px || y_px > row.bottom_px + radius_px {
            continue;
        }
        let sweep = &nerve.sites[site_idx].sweeps[0];
        for kind in MarkerKind::ALL {
            let time_ms = kind.time_ms(site_markers);
            let (x, y) = (row.x_of(time_ms), row.y_of(value_uv_at(sweep, time_ms)));
            let distance = ((x - x_px).powi(2) + ((y - y_px) / 3.0).powi(2)).sqrt();
            if distance <= radius_px && best.is_none_or(|(closest, _)| distance < closest) {
                best = Some((distance, MarkerId { site_idx, kind }));
            }
        }
    }
    best.map(|(_, id)| id)
}

/// The sweep's value at `time_ms` (nearest sample), in µV.
fn value_uv_at(sweep: &edx_core::model::Sweep, time_ms: f64) -> f64 {
    let value = sweep.samples.get(sweep.nearest_sample(time_ms)).copied().unwrap_or(0.0);
    f64::from(value) * sweep.unit.factor_to(&Unit::Microvolt).unwrap_or(1.0)
}
