//! One nerve conduction study as the physician reviews it: how it was recorded, the scale
//! controls, the traces with their markers, and the measurement tables that follow every
//! marker move at once.

use edx_core::display;
use edx_core::display::traces::{TraceScale, SENSITIVITY_PRESETS_UV_PER_DIV, SWEEP_PRESETS_MS_PER_DIV};
use edx_core::interpret::StudyReview;
use edx_core::model::NerveConduction;
use edx_core::ncs::ResponseMarkers;
use leptos::prelude::*;

use super::tables::{FlagNotes, ResponseTable, SegmentTable};
use super::traces::NerveTraces;
use crate::components::preset_select::ScaleSelects;

/// Every nerve's markers, `[nerve_idx][site_idx]`, shared by the panels and the findings.
pub type StudyMarkers = RwSignal<Vec<Vec<Option<ResponseMarkers>>>>;

/// Stacked responses of one nerve, distal site first, with draggable markers and live measures.
#[component]
pub fn NerveStudyPanel(
    /// Position of the nerve in the study.
    nerve_idx: usize,
    /// Every nerve of the study.
    nerves: StoredValue<Vec<NerveConduction>>,
    /// Every nerve's markers as the user left them; this panel edits its own.
    markers: StudyMarkers,
    /// Every nerve's automatic markers, for "reset".
    automatic: StoredValue<Vec<Vec<Option<ResponseMarkers>>>>,
    /// The study reviewed at the current markers.
    review: Memo<StudyReview>,
    /// Every nerve's scale, kept with the study: this panel opens at its own and keeps it.
    scales: RwSignal<Vec<TraceScale>>,
) -> impl IntoView {
    let (title, acquisition, has_waveforms) = nerves.with_value(|nerves| {
        let nerve = &nerves[nerve_idx];
        (nerve.title(), acquisition_details(nerve), nerve.sites.iter().any(|site| !site.sweeps.is_empty()))
    });
    let initial_scale = scales.with_untracked(|scales| scales[nerve_idx]);
    let sensitivity = RwSignal::new(initial_scale.sensitivity_uv_per_div);
    let sweep = RwSignal::new(initial_scale.sweep_ms_per_div);
    Effect::new(move |_| {
        let scale = TraceScale { sensitivity_uv_per_div: sensitivity.get(), sweep_ms_per_div: sweep.get() };
        if scales.with_untracked(|scales| scales.get(nerve_idx) != Some(&scale)) {
            scales.update(|scales| scales[nerve_idx] = scale);
        }
    });
    let reviewed = Memo::new(move |_| review.with(|review| review.nerves.get(nerve_idx).cloned()));
    let reset = move |_| {
        let automatic_markers = automatic.with_value(|automatic| automatic[nerve_idx].clone());
        markers.update(|markers| markers[nerve_idx] = automatic_markers);
    };
    view! {
        <section class="nerve" data-testid="nerve-study">
            <h3>{title}</h3>
            {(!acquisition.is_empty()).then(|| view! { <p class="hint" data-testid="acquisition-details">{acquisition}</p> })}
            {(!has_waveforms).then(|| view! { <p class="hint" data-testid="reported-only">"Values typed in from a report: there are no waveforms to show or markers to move."</p> })}
            <div class="trace-controls" class:hidden=!has_waveforms>
                <ScaleSelects
                    sensitivities_uv_per_div=&SENSITIVITY_PRESETS_UV_PER_DIV
                    sweeps_ms_per_div=&SWEEP_PRESETS_MS_PER_DIV
                    sensitivity
                    sweep
                    test_ids=("sensitivity", "sweep")
                />
                <button type="button" data-testid="reset-markers" on:click=reset>"Reset to automatic markers"</button>
            </div>
            <div class:hidden=!has_waveforms>
                <NerveTraces nerve_idx nerves markers sensitivity sweep/>
            </div>
            <ResponseTable nerve_idx nerves reviewed markers automatic/>
            <SegmentTable nerve_idx nerves reviewed/>
            <FlagNotes reviewed/>
        </section>
    }
}

/// How the study was recorded, as the file states it: skin temperature, acquisition filters,
/// each site's stimulus intensity and any other details, joined by " · "; empty when the file
/// gives none.
fn acquisition_details(nerve: &NerveConduction) -> String {
    let mut parts = Vec::new();
    if let Some(temperature_c) = nerve.skin_temperature_c {
        parts.push(format!("Skin {} °C", display::fixed(temperature_c, 1)));
    }
    if let Some(filters) = &nerve.acquisition_filters {
        parts.push(format!("Filters {filters}"));
    }
    for site in &nerve.sites {
        if let Some(stimulus_ma) = site.stimulus_ma {
            parts.push(format!("{} {} mA", site.name, display::fixed(stimulus_ma, 1)));
        }
        parts.extend(site.other_details.iter().map(|(key, value)| format!("{}: {key}: {value}", site.name)));
    }
    parts.join(" · ")
}
