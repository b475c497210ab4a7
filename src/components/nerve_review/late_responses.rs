//! An F-wave train or H-reflex series as the physician reviews it: the raster of sweeps with
//! each late response's onset and the minimum F latency, and the table of its measures, the
//! minimum F latency flagged against the profile. Each sweep's late response can be corrected:
//! clicked into place, moved with the arrow keys, or marked as none.

use edx_core::display;
use edx_core::interpret::StudyReview;
use edx_core::model::{NerveConduction, NerveConductionKind};
use edx_core::ncs::{LateAnalysis, LateCorrection, LateSweep};
use leptos::html;
use leptos::prelude::*;

use super::late_raster::{draw_late_raster, sweep_and_time_at};
use super::late_table::LateTable;
use crate::components::preset_select::PresetSelect;

/// Every late-response study's corrections, `[nerve_idx][sweep_idx]`, shared with the review.
pub type LateCorrections = RwSignal<Vec<Vec<Option<LateCorrection>>>>;

/// Sensitivity presets for late responses, µV per division.
const SENSITIVITIES_UV_PER_DIV: [f64; 7] = [50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0];
/// Sweep presets, ms per division.
const SWEEPS_MS_PER_DIV: [f64; 4] = [5.0, 7.0, 10.0, 15.0];

/// One late-response study.
#[component]
pub fn LateResponsePanel(
    /// Position of the nerve in the study.
    nerve_idx: usize,
    /// Every nerve of the study.
    nerves: StoredValue<Vec<NerveConduction>>,
    /// The study reviewed.
    review: Memo<StudyReview>,
    /// The physician's corrections of every study's late responses; this panel edits its own.
    corrections: LateCorrections,
) -> impl IntoView {
    let (title, kind, end_ms, n_sweeps, period_ms) = nerves.with_value(|nerves| {
        let nerve = &nerves[nerve_idx];
        let sweeps = nerve.sites.first().map_or(&[][..], |site| site.sweeps.as_slice());
        let end_ms = sweeps.first().map_or(50.0, |sweep| sweep.end_ms());
        let period_ms = sweeps.first().map_or(0.05, |sweep| 1000.0 / sweep.sampling_rate_hz);
        (nerve.title(), nerve.kind, end_ms, sweeps.len(), period_ms)
    });
    let late_name = if kind == NerveConductionKind::HReflex { "H reflex" } else { "F wave" };
    let selected = RwSignal::new(None::<usize>);
    let initial_sweep = SWEEPS_MS_PER_DIV.iter().copied().find(|ms| ms * 10.0 >= end_ms).unwrap_or(15.0);
    let initial_sensitivity = if kind == NerveConductionKind::HReflex { 1_000.0 } else { 200.0 };
    let sensitivity = RwSignal::new(initial_sensitivity);
    let sweep = RwSignal::new(initial_sweep);
    let reviewed = Memo::new(move |_| review.with(|review| review.nerves.get(nerve_idx).cloned()));
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let positions = RwSignal::new(String::new());
    let draw_error = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else { return };
        let (uv_per_div, ms_per_div, chosen) = (sensitivity.get(), sweep.get(), selected.get());
        reviewed.with(|reviewed| {
            let Some(late) = reviewed.as_ref().and_then(|reviewed| reviewed.analysis.late.as_ref()) else { return };
            match nerves.with_value(|nerves| {
                draw_late_raster(&canvas, &nerves[nerve_idx], late, uv_per_div, ms_per_div, chosen)
            }) {
                Ok(drawn) => {
                    crate::timing::mark_first_trace_drawn();
                    positions.set(drawn);
                    draw_error.set(None);
                }
                Err(message) => draw_error.set(Some(message)),
            }
        });
    });
    // The late sweeps as reviewed now (with the corrections).
    let late_sweeps = move || -> Vec<LateSweep> {
        reviewed.with(|reviewed| match reviewed.as_ref().and_then(|reviewed| reviewed.analysis.late.as_ref()) {
            Some(LateAnalysis::FWaves(f_waves)) => f_waves.sweeps.clone(),
            Some(LateAnalysis::HReflex(h_reflex)) => h_reflex.sweeps.clone(),
            None => Vec::new(),
        })
    };
    let correct = move |sweep_idx: usize, correction: Option<LateCorrection>| {
        corrections.update(|all| {
            if all.len() <= nerve_idx {
                all.resize(nerve_idx + 1, Vec::new());
            }
            let own = &mut all[nerve_idx];
            if own.len() < n_sweeps {
                own.resize(n_sweeps, None);
            }
            if let Some(slot) = own.get_mut(sweep_idx) {
                *slot = correction;
            }
        });
    };
    let snap = move |time_ms: f64| (time_ms / period_ms).round() * period_ms;
    let on_key_down = move |event: web_sys::KeyboardEvent| {
        let sweeps = late_sweeps();
        let current = selected.get_untracked();
        let step = if event.shift_key() { 10.0 * period_ms } else { period_ms };
        match event.key().as_str() {
            "ArrowDown" => selected.set(Some(current.map_or(0, |idx| (idx + 1).min(n_sweeps.saturating_sub(1))))),
            "ArrowUp" => selected.set(Some(current.map_or(0, |idx| idx.saturating_sub(1)))),
            "ArrowLeft" | "ArrowRight" => {
                let Some(sweep_idx) = current else { return };
                let Some(late_sweep) = sweeps.get(sweep_idx) else { return };
                let from_ms = late_sweep.response.map_or(late_sweep.search_start_ms, |response| response.onset_ms);
                let direction = if event.key() == "ArrowLeft" { -1.0 } else { 1.0 };
                correct(sweep_idx, Some(LateCorrection::Onset(snap(from_ms + direction * step))));
            }
            "Delete" | "Backspace" => {
                let Some(sweep_idx) = current else { return };
                correct(sweep_idx, Some(LateCorrection::Absent));
            }
            "a" | "A" => {
                let Some(sweep_idx) = current else { return };
                correct(sweep_idx, None);
            }
            _ => return,
        }
        event.prevent_default();
    };
    let on_click = move |event: web_sys::MouseEvent| {
        let Some(canvas) = canvas_ref.get_untracked() else { return };
        let css_width = f64::from(canvas.client_width());
        let at = sweep_and_time_at(
            css_width,
            n_sweeps,
            sweep.get_untracked(),
            f64::from(event.offset_x()),
            f64::from(event.offset_y()),
        );
        if let Some((sweep_idx, time_ms)) = at {
            selected.set(Some(sweep_idx));
            correct(sweep_idx, Some(LateCorrection::Onset(snap(time_ms))));
        }
    };
    let reset = move |_| {
        corrections.update(|all| {
            if let Some(own) = all.get_mut(nerve_idx) {
                own.clear()
            }
        })
    };
    let selection_text = move || {
        let Some(sweep_idx) = selected.get() else {
            return "No sweep selected: press the down arrow to choose one, or click a row where its late response starts.".to_string();
        };
        let sweeps = late_sweeps();
        let Some(late_sweep) = sweeps.get(sweep_idx) else { return String::new() };
        let provenance = if late_sweep.set_by_hand { "set by hand" } else { "automatic" };
        match late_sweep.response {
            Some(response) => format!(
                "Sweep {}: {late_name} at {} ms ({provenance})",
                sweep_idx + 1,
                display::latency_ms(response.onset_ms)
            ),
            None => format!("Sweep {}: no {late_name} ({provenance})", sweep_idx + 1),
        }
    };
    let label = format!("{title}: one row per stimulus, negative up; each late response's onset is marked, and the minimum F latency is drawn through every row. Up and down arrows choose a sweep; left and right move its onset by one sample, with Shift by ten; Delete marks the sweep as holding none, A returns it to automatic. A click on a row sets its onset there.");
    view! {
        <section class="nerve late-responses" data-testid="late-response-study">
            <h3>{title.clone()}</h3>
            <div class="trace-controls">
                <PresetSelect
                    label="Sensitivity"
                    test_id="late-sensitivity"
                    presets=SENSITIVITIES_UV_PER_DIV.iter().map(|&uv| (uv, display::sensitivity_uv_per_div(uv))).collect()
                    chosen=sensitivity
                />
                <PresetSelect
                    label="Sweep"
                    test_id="late-sweep"
                    presets=SWEEPS_MS_PER_DIV.iter().map(|&ms| (ms, display::sweep_ms_per_div(ms))).collect()
                    chosen=sweep
                />
            </div>
            <figure class="trace-figure">
                <canvas node_ref=canvas_ref class="traces" role="img" tabindex="0" aria-label=label data-testid="late-raster" data-late-onsets=move || positions.get() on:keydown=on_key_down on:click=on_click></canvas>
            </figure>
            <p class="hint" data-testid="late-selection" aria-live="polite">{selection_text}</p>
            <button type="button" class="secondary-button" data-testid="late-reset" on:click=reset>"Reset to automatic late responses"</button>
            {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            <LateTable reviewed/>
        </section>
    }
}
