//! The needle overlay: a transparent canvas over the traces carrying the playing cursor, the
//! detected potentials by class, the rest/voluntary segments, clipped stretches and the looped
//! selection, so the cursor moves sixty times a second without redrawing the traces.

use edx_core::needle::{ActivityKind, NeedleAnalysis};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

use super::trace::TraceGeometry;
use super::{spontaneous_mark, unit_colour};

/// A detected potential to mark: its time, a short label (a unit's number, or a letter for the
/// class of a spontaneous potential) and a colour; the label makes colour never the only sign.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Recording time of the potential, s.
    pub time_s: f64,
    /// "3" for unit 3, "F" fibrillation, "P" positive sharp wave, "Fa" fasciculation, "E"
    /// end-plate spike, "?" unclassified.
    pub label: String,
    /// CSS colour.
    pub colour: &'static str,
}

/// A labelled stretch of the recording (a segment, or a clipped run).
#[derive(Debug, Clone, PartialEq)]
pub struct Stretch {
    /// Start, recording time, s.
    pub start_s: f64,
    /// End, s.
    pub end_s: f64,
    /// What the stretch is ("rest", "clipped (not measured)"), written on its band.
    pub label: &'static str,
    /// CSS colour of its band.
    pub colour: &'static str,
    /// Whether the traces under it are shaded (clipped runs) or only the band is.
    pub shade_traces: bool,
}

/// Every motor unit discharge and spontaneous potential of `analysis`, in recording time (the
/// analysed segment starts at `segment_start_s`), in time order.
pub fn marks_of(analysis: &NeedleAnalysis, segment_start_s: f64) -> Vec<Mark> {
    let units = analysis.units.iter().enumerate().flat_map(|(unit_idx, unit)| {
        unit.discharge_times_s.iter().map(move |&time_s| Mark {
            time_s: segment_start_s + time_s,
            label: (unit_idx + 1).to_string(),
            colour: unit_colour(unit_idx),
        })
    });
    let spontaneous = analysis.spontaneous.potentials.iter().map(|potential| {
        let (letter, colour) = spontaneous_mark(potential.class);
        Mark { time_s: segment_start_s + potential.time_s, label: letter.to_string(), colour }
    });
    let mut marks: Vec<Mark> = units.chain(spontaneous).collect();
    marks.sort_by(|first, second| first.time_s.total_cmp(&second.time_s));
    marks
}

/// The segments of `analysis` (rest, voluntary, insertion, clipped) in recording time, each
/// with its band's colour; clipped stretches shade the traces too.
pub fn stretches_of(analysis: &NeedleAnalysis, segment_start_s: f64) -> Vec<Stretch> {
    analysis
        .segments
        .iter()
        .map(|segment| {
            let (colour, shade_traces) = match segment.kind {
                ActivityKind::Rest => ("#9ccc65", false),
                ActivityKind::Voluntary => ("#64b5f6", false),
                ActivityKind::Insertion => ("#ffb74d", false),
                ActivityKind::Clipped => ("#e57373", true),
            };
            Stretch {
                start_s: segment_start_s + segment.start_s,
                end_s: segment_start_s + segment.end_s,
                label: segment.kind.label(),
                colour,
                shade_traces,
            }
        })
        .collect()
}

/// What the overlay shows.
pub struct OverlayContent<'a> {
    /// The potentials marked above the traces.
    pub marks: &'a [Mark],
    /// Segments and clipped runs.
    pub stretches: &'a [Stretch],
    /// The playing or chosen position, s.
    pub cursor_s: Option<f64>,
    /// The looped selection, s.
    pub loop_range: Option<(f64, f64)>,
}

/// Draws the overlay, sized like the traces. Returns the cursor's x in CSS pixels, if shown.
pub fn draw(
    overlay: &HtmlCanvasElement,
    traces: &HtmlCanvasElement,
    geometry: &TraceGeometry,
    content: &OverlayContent,
) -> Option<f64> {
    let context = crate::canvas::overlay_over(overlay, traces)?;
    let ratio = geometry.pixel_ratio;
    let right = geometry.plot_left + geometry.plot_width;
    for row in &geometry.rows {
        let row_end_s = row.start_s + geometry.window_s;
        let x_clamped = |time_s: f64| {
            geometry.plot_left + ((time_s - row.start_s) / geometry.window_s).clamp(0.0, 1.0) * geometry.plot_width
        };
        for stretch in
            content.stretches.iter().filter(|stretch| stretch.end_s > row.start_s && stretch.start_s < row_end_s)
        {
            let (left, stretch_right) = (x_clamped(stretch.start_s), x_clamped(stretch.end_s));
            context.set_fill_style_str(stretch.colour);
            if stretch.shade_traces {
                context.set_global_alpha(0.35);
                context.fill_rect(left, row.top, stretch_right - left, row.bottom - row.top);
                context.set_global_alpha(1.0);
                label(&context, stretch.label, left + 3.0 * ratio, row.top + 13.0 * ratio, "#6b1d1d", ratio);
            } else if geometry.rows.len() == 1 {
                context.fill_rect(left, geometry.band_top, stretch_right - left, 5.0 * ratio);
                if stretch_right - left > 60.0 * ratio {
                    label(
                        &context,
                        stretch.label,
                        left + 3.0 * ratio,
                        geometry.band_top + 16.0 * ratio,
                        "#3a4250",
                        ratio,
                    );
                }
            }
        }
        if let Some((loop_start, loop_end)) =
            content.loop_range.filter(|(start, end)| *end > row.start_s && *start < row_end_s)
        {
            context.set_fill_style_str("#f2b705");
            context.set_global_alpha(0.18);
            let (left, loop_right) = (x_clamped(loop_start), x_clamped(loop_end));
            context.fill_rect(left, row.top, loop_right - left, row.bottom - row.top);
            context.set_global_alpha(1.0);
        }
        for mark in content.marks.iter().filter(|mark| mark.time_s >= row.start_s && mark.time_s <= row_end_s) {
            let Some(x) = geometry.x_of(row, mark.time_s) else { continue };
            let tip = row.top + 2.0 * ratio;
            context.set_fill_style_str(mark.colour);
            context.begin_path();
            context.move_to(x - 4.0 * ratio, tip);
            context.line_to(x + 4.0 * ratio, tip);
            context.line_to(x, tip + 6.0 * ratio);
            context.close_path();
            context.fill();
            label(&context, &mark.label, x + 5.0 * ratio, tip + 9.0 * ratio, mark.colour, ratio);
        }
    }
    let cursor_s = content.cursor_s?;
    let row = geometry.row_of(cursor_s)?;
    let x = geometry.x_of(row, cursor_s)?.min(right);
    context.set_stroke_style_str("#c0392b");
    context.set_line_width(2.0 * ratio);
    context.begin_path();
    context.move_to(x, row.top);
    context.line_to(x, row.bottom);
    context.stroke();
    Some(x / ratio)
}

/// How far from a potential's marker a click still picks it, CSS pixels: about a fingertip on
/// the marker's triangle and label.
const MARK_HIT_CSS_PX: f64 = 8.0;

/// Height of the strip at the top of each row where markers are drawn, CSS pixels.
const MARK_STRIP_CSS_PX: f64 = 16.0;

/// The marked potential under the pointer at (`x`, `y`), device pixels: the nearest marker whose
/// triangle or label is within reach, in the strip at the top of its row.
pub fn mark_at<'a>(geometry: &TraceGeometry, marks: &'a [Mark], x: f64, y: f64) -> Option<&'a Mark> {
    let ratio = geometry.pixel_ratio;
    let row = geometry.rows.iter().find(|row| y >= row.top && y <= row.top + MARK_STRIP_CSS_PX * ratio)?;
    marks
        .iter()
        .filter_map(|mark| {
            let mark_x = geometry.x_of(row, mark.time_s)?;
            // The label sits to the right of the triangle, so the reach extends further that way.
            let offset = x - mark_x;
            let within = offset >= -MARK_HIT_CSS_PX * ratio && offset <= 2.0 * MARK_HIT_CSS_PX * ratio;
            within.then_some((offset.abs(), mark))
        })
        .min_by(|(first, _), (second, _)| first.total_cmp(second))
        .map(|(_, mark)| mark)
}

/// The markers on screen as `x,y,label` in CSS pixels joined by `;`, for the browser tests to
/// click one.
pub fn mark_positions(geometry: &TraceGeometry, marks: &[Mark]) -> String {
    let ratio = geometry.pixel_ratio;
    geometry
        .rows
        .iter()
        .flat_map(|row| {
            marks.iter().filter_map(move |mark| {
                let x = geometry.x_of(row, mark.time_s)?;
                Some(format!("{:.1},{:.1},{}", x / ratio, row.top / ratio + 5.0, mark.label))
            })
        })
        .collect::<Vec<_>>()
        .join(";")
}

fn label(context: &CanvasRenderingContext2d, text: &str, x: f64, y: f64, colour: &str, ratio: f64) {
    context.set_font(&format!("600 {}px sans-serif", (11.0 * ratio).round()));
    context.set_fill_style_str(colour);
    let _ = context.fill_text(text, x, y);
}
