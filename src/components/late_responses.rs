//! An F-wave train or H-reflex series as the physician reviews it: the raster of sweeps with
//! each late response's onset and the minimum F latency, and the table of its measures, the
//! minimum F latency flagged against the profile.

use edx_core::display;
use edx_core::interpret::{Measure, Place, StudyReview};
use edx_core::model::{NerveConduction, NerveConductionKind};
use edx_core::ncs::LateAnalysis;
use leptos::html;
use leptos::prelude::*;

use crate::late_raster::draw_late_raster;

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
) -> impl IntoView {
    let (title, kind, end_ms) = nerves.with_value(|nerves| {
        let nerve = &nerves[nerve_idx];
        let end_ms = nerve.sites.first().and_then(|site| site.sweeps.first()).map_or(50.0, |sweep| sweep.end_ms());
        (nerve.title(), nerve.kind, end_ms)
    });
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
        let (uv_per_div, ms_per_div) = (sensitivity.get(), sweep.get());
        reviewed.with(|reviewed| {
            let Some(late) = reviewed.as_ref().and_then(|reviewed| reviewed.analysis.late.as_ref()) else { return };
            match nerves
                .with_value(|nerves| draw_late_raster(&canvas, &nerves[nerve_idx], late, uv_per_div, ms_per_div))
            {
                Ok(drawn) => {
                    crate::timing::mark_first_trace_drawn();
                    positions.set(drawn);
                    draw_error.set(None);
                }
                Err(message) => draw_error.set(Some(message)),
            }
        });
    });
    let table = move || {
        reviewed.with(|reviewed| {
            let reviewed = reviewed.as_ref()?;
            let late = reviewed.analysis.late.as_ref()?;
            let latency = |value: Option<f64>| value.map_or("–".to_string(), |value| format!("{} ms", display::latency_ms(value)));
            Some(match late {
                LateAnalysis::FWaves(f_waves) => {
                    let flag = reviewed.flags.get(Place::Site(0), Measure::FWaveMinimumLatency).cloned();
                    let minimum_text = if f_waves.minimum_latency_ms.is_none() { "absent".to_string() } else { latency(f_waves.minimum_latency_ms) };
                    let (mark, words, limit) = match &flag {
                        Some(flag) if flag.is_abnormal => ("▲ ", " (abnormal)", format!("{} · {}", flag.describe(false), flag.limit.source)),
                        Some(flag) => ("", " (normal)", format!("{} · {}", flag.describe(false), flag.limit.source)),
                        None => ("", "", "No limit of the chosen profile applies.".to_string()),
                    };
                    let n_with = f_waves.sweeps.iter().filter(|sweep| sweep.response.is_some()).count();
                    view! {
                        <table class="measurements" data-testid="late-table">
                            <caption>"F waves"</caption>
                            <tbody>
                                <tr><th scope="row">"M wave onset"</th><td>{latency(f_waves.m_onset_ms)}</td></tr>
                                <tr>
                                    <th scope="row">"Minimum F latency"</th>
                                    <td class="flagged" class:abnormal=flag.as_ref().is_some_and(|flag| flag.is_abnormal) tabindex="0" data-limit=limit.clone() title=limit data-testid="f-minimum">
                                        {format!("{mark}{minimum_text}")}<span class="visually-hidden">{words}</span>
                                    </td>
                                </tr>
                                <tr><th scope="row">"Mean F latency"</th><td>{latency(f_waves.mean_latency_ms)}</td></tr>
                                <tr><th scope="row">"Maximum F latency"</th><td>{latency(f_waves.maximum_latency_ms)}</td></tr>
                                <tr><th scope="row">"Chronodispersion"</th><td>{latency(f_waves.chronodispersion_ms)}</td></tr>
                                <tr><th scope="row">"Persistence"</th><td data-testid="f-persistence">{format!("{n_with} of {} ({:.0} %)", f_waves.sweeps.len(), f_waves.persistence_pct)}</td></tr>
                                <tr><th scope="row">"Mean F / M amplitude"</th><td>{f_waves.mean_f_to_m_pct.map_or("–".to_string(), |ratio| format!("{ratio:.1} %"))}</td></tr>
                            </tbody>
                        </table>
                    }
                    .into_any()
                }
                LateAnalysis::HReflex(h_reflex) => view! {
                    <table class="measurements" data-testid="late-table">
                        <caption>"H reflex (largest of the series)"</caption>
                        <tbody>
                            <tr><th scope="row">"H latency"</th><td data-testid="h-latency">{latency(h_reflex.latency_ms)}</td></tr>
                            <tr><th scope="row">"H amplitude"</th><td>{h_reflex.amplitude_uv.map_or("–".to_string(), |amplitude| format!("{} mV", display::fixed(amplitude / 1000.0, 2)))}</td></tr>
                            <tr><th scope="row">"M max"</th><td>{h_reflex.m_max_uv.map_or("–".to_string(), |amplitude| format!("{} mV", display::fixed(amplitude / 1000.0, 1)))}</td></tr>
                            <tr><th scope="row">"H / M"</th><td>{h_reflex.h_to_m_pct.map_or("–".to_string(), |ratio| format!("{ratio:.0} %"))}</td></tr>
                        </tbody>
                    </table>
                    <p class="hint">"Not labelled: the commonly quoted upper limit (about 34 ms) is unverified; a side-to-side difference over 1.5 ms is abnormal (PubMed 8291959)."</p>
                }
                .into_any(),
            })
        })
    };
    let label = format!("{title}: one row per stimulus, negative up; each late response's onset is marked, and the minimum F latency is drawn through every row.");
    view! {
        <section class="nerve late-responses" data-testid="late-response-study">
            <h3>{title.clone()}</h3>
            <div class="trace-controls">
                <label>
                    "Sensitivity "
                    <select data-testid="late-sensitivity" on:change=move |event| { if let Ok(value) = event_target_value(&event).parse() { sensitivity.set(value); } }>
                        {SENSITIVITIES_UV_PER_DIV.iter().map(|&preset| view! { <option value=preset.to_string() selected=move || sensitivity.get() == preset>{if preset >= 1000.0 { format!("{} mV/div", preset / 1000.0) } else { format!("{preset} µV/div") }}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Sweep "
                    <select data-testid="late-sweep" on:change=move |event| { if let Ok(value) = event_target_value(&event).parse() { sweep.set(value); } }>
                        {SWEEPS_MS_PER_DIV.iter().map(|&preset| view! { <option value=preset.to_string() selected=move || sweep.get() == preset>{format!("{preset} ms/div")}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <figure class="trace-figure">
                <canvas node_ref=canvas_ref class="traces" role="img" aria-label=label data-testid="late-raster" data-late-onsets=move || positions.get()></canvas>
            </figure>
            {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            {table}
        </section>
    }
}
