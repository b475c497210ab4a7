//! Stacked traces of one nerve conduction study, one row per stimulation site, negative up.

use edx_core::model::{NerveConduction, Unit};
use leptos::html;
use leptos::prelude::*;

use crate::plot::{self, TraceScale};

/// Sensitivity presets, in µV per division, as acquisition machines offer them.
const SENSITIVITY_PRESETS_UV_PER_DIV: [f64; 14] =
    [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0, 10_000.0, 20_000.0];

/// Sweep presets, in ms per division.
const SWEEP_PRESETS_MS_PER_DIV: [f64; 8] = [0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0];

/// Stacked responses of one nerve, distal site first, with sensitivity and sweep controls.
#[component]
pub fn NerveTraces(
    /// The nerve conduction study to draw.
    nerve: NerveConduction,
) -> impl IntoView {
    let initial_scale = plot::fitting_scale(&nerve, &SENSITIVITY_PRESETS_UV_PER_DIV, &SWEEP_PRESETS_MS_PER_DIV);
    let (sensitivity_uv_per_div, set_sensitivity_uv_per_div) = signal(initial_scale.sensitivity_uv_per_div);
    let (sweep_ms_per_div, set_sweep_ms_per_div) = signal(initial_scale.sweep_ms_per_div);
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let (draw_error, set_draw_error) = signal(None::<String>);
    let title = nerve.title();
    let n_sites = nerve.sites.len();
    let nerve = StoredValue::new(nerve);

    Effect::new(move |_| {
        let scale = TraceScale {
            sensitivity_uv_per_div: sensitivity_uv_per_div.get(),
            sweep_ms_per_div: sweep_ms_per_div.get(),
        };
        if let Some(canvas) = canvas_ref.get() {
            let outcome = nerve.with_value(|nerve| plot::draw_nerve_traces(&canvas, nerve, scale));
            if outcome.is_ok() {
                crate::timing::mark_first_trace_drawn();
            }
            set_draw_error.set(outcome.err());
        }
    });

    let figure_label = format!("{title}: {n_sites} stimulation sites, negative up");
    view! {
        <section class="nerve" data-testid="nerve-traces">
            <h3>{title}</h3>
            <div class="trace-controls">
                <label>
                    "Sensitivity "
                    <select
                        data-testid="sensitivity"
                        on:change=move |event| {
                            if let Ok(value) = event_target_value(&event).parse() {
                                set_sensitivity_uv_per_div.set(value);
                            }
                        }
                    >
                        {SENSITIVITY_PRESETS_UV_PER_DIV
                            .iter()
                            .map(|&preset| {
                                view! {
                                    <option value=preset.to_string() selected=move || sensitivity_uv_per_div.get() == preset>
                                        {plot::per_division_label(preset, &Unit::Microvolt)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    "Sweep "
                    <select
                        data-testid="sweep"
                        on:change=move |event| {
                            if let Ok(value) = event_target_value(&event).parse() {
                                set_sweep_ms_per_div.set(value);
                            }
                        }
                    >
                        {SWEEP_PRESETS_MS_PER_DIV
                            .iter()
                            .map(|&preset| {
                                view! {
                                    <option value=preset.to_string() selected=move || sweep_ms_per_div.get() == preset>
                                        {format!("{preset} ms/div")}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
            </div>
            <figure class="trace-figure">
                <canvas node_ref=canvas_ref class="traces" role="img" aria-label=figure_label data-testid="trace-canvas"></canvas>
            </figure>
            {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
        </section>
    }
}
