//! The same nerve on both sides, drawn one above the other on one time axis and one sensitivity,
//! as physicians compare a symptomatic side with the other: the distal response of each.

use edx_core::model::{NerveConduction, StimulationSite};
use leptos::html;
use leptos::prelude::*;

use super::plot;
use edx_core::display::traces::{SENSITIVITY_PRESETS_UV_PER_DIV, SWEEP_PRESETS_MS_PER_DIV};

/// Pairs of studies of one nerve, type and recording site on the right and on the left, both
/// with waveforms: `(right_idx, left_idx)` into `nerves`.
pub fn left_right_pairs(nerves: &[NerveConduction]) -> Vec<(usize, usize)> {
    let has_waveform = |nerve: &NerveConduction| nerve.sites.first().is_some_and(|site| !site.sweeps.is_empty());
    let mut pairs = Vec::new();
    for (right_idx, right) in nerves.iter().enumerate() {
        if right.side != edx_core::model::Side::Right || !has_waveform(right) {
            continue;
        }
        let left_idx = nerves.iter().position(|left| {
            left.side == edx_core::model::Side::Left
                && left.nerve == right.nerve
                && left.kind == right.kind
                && left.recording_site.eq_ignore_ascii_case(&right.recording_site)
                && has_waveform(left)
        });
        if let Some(left_idx) = left_idx {
            pairs.push((right_idx, left_idx));
        }
    }
    pairs
}

/// The distal responses of a nerve's right and left studies, right above left.
#[component]
pub fn LeftRightTraces(
    /// Every nerve of the study.
    nerves: StoredValue<Vec<NerveConduction>>,
    /// The right side's study.
    right_idx: usize,
    /// The left side's study.
    left_idx: usize,
) -> impl IntoView {
    // Both distal sites as the rows of one study, so they share the time axis and the scale.
    let both = nerves.with_value(|nerves| {
        let (right, left) = (&nerves[right_idx], &nerves[left_idx]);
        let row = |side: &str, site: &StimulationSite| StimulationSite {
            name: format!("{side}, {}", site.name),
            distance_mm: site.distance_mm,
            sweeps: site.sweeps.iter().take(1).cloned().collect(),
            saved_markers: None,
            reported: None,
            stimulus_ma: None,
            other_details: Vec::new(),
            saved_late_corrections: Vec::new(),
        };
        NerveConduction { sites: vec![row("Right", &right.sites[0]), row("Left", &left.sites[0])], ..right.clone() }
    });
    let title = format!("{} {}, recording {}: right and left", both.nerve, both.kind, both.recording_site);
    let scale = plot::fitting_scale(&both, &SENSITIVITY_PRESETS_UV_PER_DIV, &SWEEP_PRESETS_MS_PER_DIV);
    let label = format!(
        "{title}: the distal response of the right side above that of the left, negative up, at {} and {} ms per division.",
        edx_core::display::sensitivity_uv_per_div(scale.sensitivity_uv_per_div),
        scale.sweep_ms_per_div
    );
    let both = StoredValue::new(both);
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let draw_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else { return };
        let drawn = both.with_value(|both| plot::draw_nerve_traces(&canvas, both, scale));
        draw_error.set(drawn.err());
    });
    view! {
        <section class="nerve left-right" data-testid="left-right">
            <h3>{title}</h3>
            <figure class="trace-figure">
                <canvas node_ref=canvas_ref class="traces" role="img" aria-label=label data-testid="left-right-canvas"></canvas>
            </figure>
            {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
        </section>
    }
}
