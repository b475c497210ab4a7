//! An F-wave train or H-reflex series as the physician reviews it: the raster of sweeps with
//! each late response's onset and the minimum F latency, and the table of its measures, the
//! minimum F latency flagged against the profile. Each sweep's late response can be corrected:
//! clicked into place, moved with the arrow keys, or marked as none.

use edx_core::display;
use edx_core::interpret::{ReviewedNerve, StudyReview};
use edx_core::model::{NerveConduction, NerveConductionKind};
use edx_core::ncs::{LateAnalysis, LateCorrection, LateSweep};
use leptos::html;
use leptos::prelude::*;

use super::late_raster::{draw_late_raster, sweep_and_time_at};
use super::late_table::LateTable;
use crate::components::preset_select::ScaleSelects;

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
    let (title, kind, end_ms, n_sweeps, (first_sample_ms, period_ms)) = nerves.with_value(|nerves| {
        let nerve = &nerves[nerve_idx];
        let sweeps = nerve.sites.first().map_or(&[][..], |site| site.sweeps.as_slice());
        let end_ms = sweeps.first().map_or(50.0, |sweep| sweep.end_ms());
        // Onsets stand on the first sweep's samples: its first sample's time and their spacing.
        let sample_grid = sweeps.first().map_or((0.0, 0.05), |sweep| (sweep.first_sample_ms, sweep.sample_period_ms()));
        (nerve.title(), nerve.kind, end_ms, sweeps.len(), sample_grid)
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
    let editing = LateResponseEditing {
        nerve_idx,
        n_sweeps,
        first_sample_ms,
        period_ms,
        late_name,
        reviewed,
        corrections,
        selected,
        canvas: canvas_ref,
        sweep_ms_per_div: sweep,
    };
    let label = format!("{title}: one row per stimulus, negative up; each late response's onset is marked, and the minimum F latency is drawn through every row. Up and down arrows choose a sweep; left and right move its onset by one sample, with Shift by ten; Delete marks the sweep as holding none, A returns it to automatic. A click on a row sets its onset there.");
    view! {
        <section class="nerve late-responses" data-testid="late-response-study">
            <h3>{title.clone()}</h3>
            <div class="trace-controls">
                <ScaleSelects
                    sensitivities_uv_per_div=&SENSITIVITIES_UV_PER_DIV
                    sweeps_ms_per_div=&SWEEPS_MS_PER_DIV
                    sensitivity
                    sweep
                    test_ids=("late-sensitivity", "late-sweep")
                />
            </div>
            <figure class="trace-figure">
                <canvas node_ref=canvas_ref class="traces" role="img" tabindex="0" aria-label=label data-testid="late-raster" data-late-onsets=move || positions.get() on:keydown=move |event| editing.key_down(event) on:click=move |event| editing.click(event)></canvas>
            </figure>
            <p class="hint" data-testid="late-selection" aria-live="polite">{move || editing.selection_text()}</p>
            <button type="button" class="secondary-button" data-testid="late-reset" on:click=move |_| editing.reset()>"Reset to automatic late responses"</button>
            {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            <LateTable reviewed/>
        </section>
    }
}

/// The physician's corrections of one study's late responses: the up and down arrows choose a
/// sweep, left and right move its onset by a sample (ten with Shift), Delete marks it as holding
/// none and A returns it to automatic; a click on a row selects that sweep and sets its onset
/// there. Onsets snap to the sweep's samples.
#[derive(Clone, Copy)]
struct LateResponseEditing {
    nerve_idx: usize,
    n_sweeps: usize,
    /// Time of the sweeps' first sample after the stimulus, ms.
    first_sample_ms: f64,
    /// Time between samples of the sweeps, ms.
    period_ms: f64,
    /// "F wave" or "H reflex", as the selection is described.
    late_name: &'static str,
    /// The nerve as reviewed with the corrections.
    reviewed: Memo<Option<ReviewedNerve>>,
    corrections: LateCorrections,
    /// The sweep the keyboard corrects.
    selected: RwSignal<Option<usize>>,
    /// The raster, whose width turns a click into a time.
    canvas: NodeRef<html::Canvas>,
    /// The raster's sweep speed, ms per division.
    sweep_ms_per_div: RwSignal<f64>,
}

impl LateResponseEditing {
    /// The late sweeps as reviewed now, with the corrections.
    fn sweeps(self) -> Vec<LateSweep> {
        self.reviewed.with(|reviewed| match reviewed.as_ref().and_then(|reviewed| reviewed.analysis.late.as_ref()) {
            Some(LateAnalysis::FWaves(f_waves)) => f_waves.sweeps.clone(),
            Some(LateAnalysis::HReflex(h_reflex)) => h_reflex.sweeps.clone(),
            None => Vec::new(),
        })
    }

    /// Records `correction` for sweep `sweep_idx` (`None`: automatic again).
    fn correct(self, sweep_idx: usize, correction: Option<LateCorrection>) {
        let (nerve_idx, n_sweeps) = (self.nerve_idx, self.n_sweeps);
        self.corrections.update(|all| {
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
    }

    /// `time_ms` on the nearest sample.
    fn snap(self, time_ms: f64) -> f64 {
        self.first_sample_ms + ((time_ms - self.first_sample_ms) / self.period_ms).round() * self.period_ms
    }

    /// The keys that choose and correct sweeps; other keys are left to the page.
    fn key_down(self, event: web_sys::KeyboardEvent) {
        let sweeps = self.sweeps();
        let current = self.selected.get_untracked();
        let step = if event.shift_key() { 10.0 * self.period_ms } else { self.period_ms };
        match event.key().as_str() {
            "ArrowDown" => {
                self.selected.set(Some(current.map_or(0, |idx| (idx + 1).min(self.n_sweeps.saturating_sub(1)))))
            }
            "ArrowUp" => self.selected.set(Some(current.map_or(0, |idx| idx.saturating_sub(1)))),
            "ArrowLeft" | "ArrowRight" => {
                let Some(sweep_idx) = current else { return };
                let Some(late_sweep) = sweeps.get(sweep_idx) else { return };
                let from_ms = late_sweep.response.map_or(late_sweep.search_start_ms, |response| response.onset_ms);
                let direction = if event.key() == "ArrowLeft" { -1.0 } else { 1.0 };
                self.correct(sweep_idx, Some(LateCorrection::Onset(self.snap(from_ms + direction * step))));
            }
            "Delete" | "Backspace" => {
                let Some(sweep_idx) = current else { return };
                self.correct(sweep_idx, Some(LateCorrection::Absent));
            }
            "a" | "A" => {
                let Some(sweep_idx) = current else { return };
                self.correct(sweep_idx, None);
            }
            _ => return,
        }
        event.prevent_default();
    }

    /// A click on a row selects its sweep and sets its late response's onset where it landed.
    fn click(self, event: web_sys::MouseEvent) {
        let Some(canvas) = self.canvas.get_untracked() else { return };
        let css_width = f64::from(canvas.client_width());
        let at = sweep_and_time_at(
            css_width,
            self.n_sweeps,
            self.sweep_ms_per_div.get_untracked(),
            f64::from(event.offset_x()),
            f64::from(event.offset_y()),
        );
        if let Some((sweep_idx, time_ms)) = at {
            self.selected.set(Some(sweep_idx));
            self.correct(sweep_idx, Some(LateCorrection::Onset(self.snap(time_ms))));
        }
    }

    /// Every sweep of this study back to its automatic late response.
    fn reset(self) {
        self.corrections.update(|all| {
            if let Some(own) = all.get_mut(self.nerve_idx) {
                own.clear()
            }
        })
    }

    /// The selected sweep's late response and where it came from, as the hint reads it (tracked).
    fn selection_text(self) -> String {
        let Some(sweep_idx) = self.selected.get() else {
            return "No sweep selected: press the down arrow to choose one, or click a row where its late response starts.".to_string();
        };
        let sweeps = self.sweeps();
        let Some(late_sweep) = sweeps.get(sweep_idx) else { return String::new() };
        let provenance = if late_sweep.set_by_hand { "set by hand" } else { "automatic" };
        let late_name = self.late_name;
        match late_sweep.response {
            Some(response) => format!(
                "Sweep {}: {late_name} at {} ms ({provenance})",
                sweep_idx + 1,
                display::latency_ms(response.onset_ms)
            ),
            None => format!("Sweep {}: no {late_name} ({provenance})", sweep_idx + 1),
        }
    }
}
