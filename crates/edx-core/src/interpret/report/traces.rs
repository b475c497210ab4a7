//! Small images of a nerve's traces for the printed report: each stimulation site's sweep in a
//! row of its own, stacked distal first as EMG machines print them, negative up, at the scale
//! the review opens with ([`fitting_scale`]), with the onset and negative peak marked, as SVG
//! sized in millimetres so it prints sharp at any resolution.

use std::fmt::Write as _;

use super::escape;
use crate::display::sweep_ms_per_div;
use crate::display::traces::{
    fitting_scale, per_division_label, DIVISIONS_PER_ROW, DIVISIONS_PER_SWEEP, SENSITIVITY_PRESETS_UV_PER_DIV,
    SWEEP_PRESETS_MS_PER_DIV,
};
use crate::model::{NerveConduction, NerveConductionKind, Unit};
use crate::ncs::SiteAnalysis;

/// Width of one division, mm.
const DIVISION_MM: f64 = 9.0;
/// Height of one division, mm.
const DIVISION_HEIGHT_MM: f64 = 3.0;
/// Width of the site names left of the traces, mm.
const LABEL_MM: f64 = 24.0;
/// Height of the scale line under the rows, mm.
const SCALE_LINE_MM: f64 = 5.0;
/// Points a trace is drawn with across its width at most, in (min, max) pairs: 0.2 mm each.
const COLUMNS: usize = 450;

/// The nerve's traces as an SVG element, or `None` when no site has a sweep (values typed in
/// from a report) or the study is of late responses (their series is tabled, not drawn).
/// `sites` are the review's analyses, whose markers are drawn.
pub fn nerve_traces_svg(nerve: &NerveConduction, sites: &[SiteAnalysis]) -> Option<String> {
    if matches!(nerve.kind, NerveConductionKind::FWave | NerveConductionKind::HReflex) {
        return None;
    }
    let rows: Vec<_> = nerve
        .sites
        .iter()
        .zip(sites)
        .filter_map(|(site, analysis)| site.sweeps.first().map(|sweep| (site, sweep, analysis)))
        .collect();
    if rows.is_empty() {
        return None;
    }
    let scale = fitting_scale(nerve, &SENSITIVITY_PRESETS_UV_PER_DIV, &SWEEP_PRESETS_MS_PER_DIV);
    let row_height_mm = DIVISIONS_PER_ROW * DIVISION_HEIGHT_MM;
    let traces_width_mm = DIVISIONS_PER_SWEEP * DIVISION_MM;
    let width_mm = LABEL_MM + traces_width_mm;
    let height_mm = rows.len() as f64 * row_height_mm + SCALE_LINE_MM;
    let sweep_end_ms = DIVISIONS_PER_SWEEP * scale.sweep_ms_per_div;
    let sensitivity = per_division_label(scale.sensitivity_uv_per_div, &rows[0].1.unit);
    let sweep = sweep_ms_per_div(scale.sweep_ms_per_div);
    let site_names: Vec<&str> = rows.iter().map(|(site, _, _)| site.name.as_str()).collect();
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"traces\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width_mm} {height_mm:.1}\" width=\"{width_mm}mm\" height=\"{height_mm:.1}mm\" role=\"img\" aria-label=\"{}\">",
        escape(&format!(
            "Traces of {}: {}, negative up, {sensitivity}, {sweep}",
            nerve.title(),
            site_names.join(", ")
        ))
    );
    for (row_idx, (site, sweep, analysis)) in rows.iter().enumerate() {
        let top = row_idx as f64 * row_height_mm;
        let baseline = top + row_height_mm / 2.0;
        let x_of = |time_ms: f64| LABEL_MM + time_ms / sweep_end_ms * traces_width_mm;
        let to_uv = sweep.unit.factor_to(&Unit::Microvolt).unwrap_or(1.0);
        // Negative up: a negative value is drawn above the baseline.
        let y_of = |value_uv: f64| {
            (baseline + value_uv / scale.sensitivity_uv_per_div * DIVISION_HEIGHT_MM).clamp(top, top + row_height_mm)
        };
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.2}\" class=\"site\">{}</text><line x1=\"{LABEL_MM}\" y1=\"{baseline:.2}\" x2=\"{width_mm}\" y2=\"{baseline:.2}\" class=\"baseline\"/>",
            baseline + 1.0,
            escape(&site.name)
        );
        let _ = write!(svg, "<polyline class=\"trace\" points=\"");
        let visible: Vec<(f64, f64)> = sweep
            .samples
            .iter()
            .enumerate()
            .map(|(sample_idx, &value)| (sweep.time_ms(sample_idx), f64::from(value) * to_uv))
            .filter(|(time_ms, value)| (0.0..=sweep_end_ms).contains(time_ms) && value.is_finite())
            .collect();
        for (time_ms, value_uv) in decimated(&visible, sweep_end_ms) {
            let _ = write!(svg, "{:.2},{:.2} ", x_of(time_ms), y_of(value_uv));
        }
        let _ = write!(svg, "\"/>");
        if let Some(markers) = analysis.markers {
            for (marker, class) in [(markers.onset, "onset"), (markers.negative_peak, "peak")] {
                let x = x_of(marker.time_ms);
                let _ = write!(
                    svg,
                    "<line x1=\"{x:.2}\" y1=\"{:.2}\" x2=\"{x:.2}\" y2=\"{:.2}\" class=\"marker {class}\"/>",
                    top + 0.5,
                    top + row_height_mm - 0.5
                );
            }
        }
    }
    let _ = write!(
        svg,
        "<text x=\"{LABEL_MM}\" y=\"{:.1}\" class=\"scale\">{} · {} · negative up · onset: solid line, negative peak: dashed line</text></svg>",
        height_mm - 1.0,
        escape(&sensitivity),
        escape(&sweep)
    );
    Some(svg)
}

/// `points` (time, value) with at most the smallest and largest value of each of [`COLUMNS`]
/// columns across `sweep_end_ms`, in time order, so a peak is never lost.
fn decimated(points: &[(f64, f64)], sweep_end_ms: f64) -> Vec<(f64, f64)> {
    if points.len() <= 2 * COLUMNS {
        return points.to_vec();
    }
    let column_of = |time_ms: f64| ((time_ms / sweep_end_ms * COLUMNS as f64) as usize).min(COLUMNS - 1);
    let mut kept = Vec::with_capacity(2 * COLUMNS);
    let mut start = 0;
    while start < points.len() {
        let column = column_of(points[start].0);
        let end =
            points[start..].iter().position(|point| column_of(point.0) != column).map_or(points.len(), |n| start + n);
        let slice = &points[start..end];
        let lowest = slice.iter().min_by(|a, b| a.1.total_cmp(&b.1)).copied();
        let highest = slice.iter().max_by(|a, b| a.1.total_cmp(&b.1)).copied();
        if let (Some(lowest), Some(highest)) = (lowest, highest) {
            if lowest.0 <= highest.0 {
                kept.extend([lowest, highest]);
            } else {
                kept.extend([highest, lowest]);
            }
        }
        start = end;
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncs::{analyse_nerve, Adjustments};

    fn traces_of(demo: &str) -> String {
        let study = crate::synth::demos::build(demo).unwrap();
        let nerve = &study.nerve_conductions[0];
        nerve_traces_svg(nerve, &analyse_nerve(nerve, Adjustments::AS_SAVED).sites).expect("recorded sweeps")
    }

    /// The points of the `row_idx`th trace, as (x, y) in mm.
    fn points(svg: &str, row_idx: usize) -> Vec<(f64, f64)> {
        let polyline = svg.split("<polyline class=\"trace\" points=\"").nth(row_idx + 1).unwrap();
        polyline[..polyline.find('"').unwrap()]
            .split_whitespace()
            .map(|pair| {
                let (x, y) = pair.split_once(',').unwrap();
                (x.parse().unwrap(), y.parse().unwrap())
            })
            .collect()
    }

    #[test]
    fn each_site_is_a_row_drawn_negative_up_with_its_markers_and_scale() {
        let svg = traces_of("median-motor-normal");
        assert_eq!(svg.matches("<polyline").count(), 2, "wrist and elbow");
        assert_eq!(svg.matches("class=\"marker onset\"").count(), 2);
        assert!(svg.contains("mV/div") && svg.contains("ms/div") && svg.contains("negative up"), "{svg}");
        assert!(svg.contains("aria-label=\"Traces of Right median motor, recording APB: Wrist, Elbow"), "{svg}");
        let row_height = DIVISIONS_PER_ROW * DIVISION_HEIGHT_MM;
        let wrist = points(&svg, 0);
        assert!(wrist.len() <= 2 * COLUMNS, "decimated to the print's resolution");
        let highest = wrist.iter().map(|point| point.1).fold(f64::INFINITY, f64::min);
        let lowest = wrist.iter().map(|point| point.1).fold(f64::NEG_INFINITY, f64::max);
        let baseline = row_height / 2.0;
        assert!(baseline - highest > 2.0 * (lowest - baseline).max(0.0), "the negative (upward) phase is the larger");
        assert!(highest >= 0.0 && lowest <= row_height, "inside its row");
    }

    #[test]
    fn a_study_typed_from_a_report_has_no_traces_to_draw() {
        let mut study = crate::synth::demos::build("median-motor-normal").unwrap();
        let nerve = &mut study.nerve_conductions[0];
        for site in &mut nerve.sites {
            site.sweeps.clear();
        }
        assert!(nerve_traces_svg(nerve, &analyse_nerve(nerve, Adjustments::AS_SAVED).sites).is_none());
    }
}
