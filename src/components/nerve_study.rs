//! One nerve conduction study as the physician reviews it: stacked traces per stimulation site
//! with sensitivity and sweep controls, draggable markers on an overlay, and the measurement
//! tables that follow every marker move at once.

use edx_core::display;
use edx_core::model::{NerveConduction, NerveConductionKind, Unit};
use edx_core::ncs::{self, MarkerConfig, ResponseMarkers};
use leptos::html;
use leptos::prelude::*;

use crate::markers_overlay::{self, MarkerId, MarkerKind};
use crate::plot::{self, TraceLayout, TraceScale};

/// Sensitivity presets, in µV per division, as acquisition machines offer them.
const SENSITIVITY_PRESETS_UV_PER_DIV: [f64; 14] =
    [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0, 10_000.0, 20_000.0];

/// Sweep presets, in ms per division.
const SWEEP_PRESETS_MS_PER_DIV: [f64; 8] = [0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0];

/// Markers move by one sample per arrow key press, ten with Shift.
const SAMPLES_PER_LARGE_STEP: f64 = 10.0;

/// Stacked responses of one nerve, distal site first, with draggable markers and live measures.
#[component]
pub fn NerveStudyPanel(
    /// The nerve conduction study to review.
    nerve: NerveConduction,
) -> impl IntoView {
    let initial_scale = plot::fitting_scale(&nerve, &SENSITIVITY_PRESETS_UV_PER_DIV, &SWEEP_PRESETS_MS_PER_DIV);
    let (sensitivity_uv_per_div, set_sensitivity_uv_per_div) = signal(initial_scale.sensitivity_uv_per_div);
    let (sweep_ms_per_div, set_sweep_ms_per_div) = signal(initial_scale.sweep_ms_per_div);
    let automatic = automatic_markers(&nerve);
    let title = nerve.title();
    let kind = nerve.kind;
    let n_sites = nerve.sites.len();
    let nerve = StoredValue::new(nerve);
    let markers = RwSignal::new(automatic.clone());
    let automatic = StoredValue::new(automatic);
    let analysis =
        Memo::new(move |_| markers.with(|markers| nerve.with_value(|nerve| ncs::analyse_nerve_with(nerve, markers))));
    let selected = RwSignal::new(None::<MarkerId>);
    let layout = RwSignal::new(TraceLayout::default());
    let dragging = StoredValue::new(false);
    let trace_ref = NodeRef::<html::Canvas>::new();
    let overlay_ref = NodeRef::<html::Canvas>::new();
    let (draw_error, set_draw_error) = signal(None::<String>);

    // The traces: redrawn only when the scale changes (or the window is resized).
    let resize_tick = RwSignal::new(0u32);
    let resize = window_event_listener(leptos::ev::resize, move |_| resize_tick.update(|tick| *tick += 1));
    on_cleanup(move || resize.remove());
    Effect::new(move |_| {
        resize_tick.track();
        let scale = TraceScale {
            sensitivity_uv_per_div: sensitivity_uv_per_div.get(),
            sweep_ms_per_div: sweep_ms_per_div.get(),
        };
        let Some(canvas) = trace_ref.get() else { return };
        match nerve.with_value(|nerve| plot::draw_nerve_traces(&canvas, nerve, scale)) {
            Ok(drawn) => {
                crate::timing::mark_first_trace_drawn();
                layout.set(drawn);
                set_draw_error.set(None);
            }
            Err(message) => set_draw_error.set(Some(message)),
        }
    });
    // The markers: redrawn on every move, without touching the traces.
    Effect::new(move |_| {
        let (Some(overlay), Some(traces)) = (overlay_ref.get(), trace_ref.get()) else { return };
        let positions = layout.with(|layout| {
            markers.with(|markers| {
                nerve.with_value(|nerve| {
                    markers_overlay::draw(&overlay, &traces, layout, nerve, markers, selected.get())
                })
            })
        });
        let _ = overlay.set_attribute("data-marker-positions", &positions);
    });

    let pointer_px = move |event: &web_sys::PointerEvent| {
        let ratio = layout.with_untracked(|layout| layout.pixel_ratio);
        (f64::from(event.offset_x()) * ratio, f64::from(event.offset_y()) * ratio)
    };
    let move_selected_to = move |time_ms: f64| {
        let Some(id) = selected.get_untracked() else { return };
        let snapped_ms = nerve.with_value(|nerve| snap_to_sample(nerve, id.site_idx, time_ms));
        markers.update(|markers| {
            if let Some(site_markers) = markers.get_mut(id.site_idx).and_then(Option::as_mut) {
                id.kind.set(site_markers, snapped_ms);
            }
        });
    };
    let on_pointer_down = move |event: web_sys::PointerEvent| {
        let (x, y) = pointer_px(&event);
        let ratio = layout.with_untracked(|layout| layout.pixel_ratio);
        let hit = layout.with_untracked(|layout| {
            markers.with_untracked(|markers| {
                nerve.with_value(|nerve| markers_overlay::hit_test(layout, nerve, markers, x, y, 12.0 * ratio))
            })
        });
        if let Some(id) = hit {
            selected.set(Some(id));
            dragging.set_value(true);
            if let Some(overlay) = overlay_ref.get_untracked() {
                let _ = overlay.set_pointer_capture(event.pointer_id());
            }
            event.prevent_default();
        }
    };
    let on_pointer_move = move |event: web_sys::PointerEvent| {
        if !dragging.get_value() {
            return;
        }
        let Some(id) = selected.get_untracked() else { return };
        let (x, _) = pointer_px(&event);
        if let Some(time_ms) = layout.with_untracked(|layout| layout.rows.get(id.site_idx).map(|row| row.time_at(x))) {
            move_selected_to(time_ms);
        }
    };
    let on_pointer_up = move |_event: web_sys::PointerEvent| dragging.set_value(false);
    let on_key_down = move |event: web_sys::KeyboardEvent| {
        let all: Vec<MarkerId> = markers.with_untracked(|markers| {
            markers
                .iter()
                .enumerate()
                .filter(|(_, site_markers)| site_markers.is_some())
                .flat_map(|(site_idx, _)| MarkerKind::ALL.map(|kind| MarkerId { site_idx, kind }))
                .collect()
        });
        let position = selected.get_untracked().and_then(|id| all.iter().position(|candidate| *candidate == id));
        match event.key().as_str() {
            "ArrowDown" | "ArrowUp" if !all.is_empty() => {
                let next = match (position, event.key() == "ArrowDown") {
                    (None, _) => 0,
                    (Some(position), true) => (position + 1) % all.len(),
                    (Some(position), false) => (position + all.len() - 1) % all.len(),
                };
                selected.set(Some(all[next]));
            }
            "ArrowLeft" | "ArrowRight" => {
                let Some(id) = selected.get_untracked() else { return };
                let period_ms = nerve.with_value(|nerve| 1000.0 / nerve.sites[id.site_idx].sweeps[0].sampling_rate_hz);
                let steps = if event.shift_key() { SAMPLES_PER_LARGE_STEP } else { 1.0 };
                let direction = if event.key() == "ArrowRight" { 1.0 } else { -1.0 };
                let current = markers
                    .with_untracked(|markers| markers[id.site_idx].map(|site_markers| id.kind.time_ms(&site_markers)));
                if let Some(current) = current {
                    move_selected_to(current + direction * steps * period_ms);
                }
            }
            _ => return,
        }
        event.prevent_default();
    };

    let selection_text = move || {
        let Some(id) = selected.get() else {
            return "No marker selected: press the down arrow to choose one.".to_string();
        };
        let site_name = nerve.with_value(|nerve| nerve.sites[id.site_idx].name.clone());
        let time = markers.with(|markers| markers[id.site_idx].map(|site_markers| id.kind.time_ms(&site_markers)));
        format!("{site_name} {}: {} ms", id.kind.name(), time.map(display::latency_ms).unwrap_or_default())
    };
    let figure_label = format!(
        "{title}: {n_sites} stimulation sites, negative up, with markers O (onset), N (negative peak), E (end of negative phase) and P (positive peak). Up and down arrows choose a marker; left and right move it by one sample, with Shift by ten."
    );

    view! {
        <section class="nerve" data-testid="nerve-study">
            <h3>{title.clone()}</h3>
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
                            .map(|&preset| view! {
                                <option value=preset.to_string() selected=move || sensitivity_uv_per_div.get() == preset>
                                    {plot::per_division_label(preset, &Unit::Microvolt)}
                                </option>
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
                            .map(|&preset| view! {
                                <option value=preset.to_string() selected=move || sweep_ms_per_div.get() == preset>
                                    {format!("{preset} ms/div")}
                                </option>
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="button" data-testid="reset-markers" on:click=move |_| markers.set(automatic.get_value())>
                    "Reset to automatic markers"
                </button>
            </div>
            <figure class="trace-figure">
                <div class="trace-stack">
                    <canvas node_ref=trace_ref class="traces" aria-hidden="true" data-testid="trace-canvas"></canvas>
                    <canvas
                        node_ref=overlay_ref
                        class="marker-overlay"
                        tabindex="0"
                        role="img"
                        aria-label=figure_label
                        data-testid="marker-overlay"
                        on:pointerdown=on_pointer_down
                        on:pointermove=on_pointer_move
                        on:pointerup=on_pointer_up
                        on:keydown=on_key_down
                    ></canvas>
                </div>
                <figcaption class="marker-selection" aria-live="polite" data-testid="marker-selection">{selection_text}</figcaption>
            </figure>
            {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            <MeasurementTables nerve analysis markers automatic kind/>
        </section>
    }
}

/// The response and segment tables of one nerve.
#[component]
fn MeasurementTables(
    nerve: StoredValue<NerveConduction>,
    analysis: Memo<ncs::NerveAnalysis>,
    markers: RwSignal<Vec<Option<ResponseMarkers>>>,
    automatic: StoredValue<Vec<Option<ResponseMarkers>>>,
    kind: NerveConductionKind,
) -> impl IntoView {
    let in_millivolts = kind == NerveConductionKind::Motor;
    let is_sensory = matches!(
        kind,
        NerveConductionKind::SensoryAntidromic | NerveConductionKind::SensoryOrthodromic | NerveConductionKind::Mixed
    );
    let amplitude_unit = if in_millivolts { "mV" } else { "µV" };
    let area_unit = if in_millivolts { "mV·ms" } else { "µV·ms" };
    let site_names: Vec<String> = nerve.with_value(|nerve| nerve.sites.iter().map(|site| site.name.clone()).collect());
    let site_names = StoredValue::new(site_names);
    view! {
        <table class="measurements" data-testid="response-table">
            <caption>"Responses"</caption>
            <thead>
                <tr>
                    <th scope="col">"Site"</th>
                    <th scope="col">"Onset latency (ms)"</th>
                    <th scope="col">"Peak latency (ms)"</th>
                    <th scope="col">{format!("Amplitude b–p ({amplitude_unit})")}</th>
                    <th scope="col">{format!("Amplitude p–p ({amplitude_unit})")}</th>
                    <th scope="col">"Duration (ms)"</th>
                    <th scope="col">{format!("Area ({area_unit})")}</th>
                    {is_sensory.then(|| view! { <th scope="col">"Velocity (m/s)"</th> })}
                    <th scope="col">"Markers"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    analysis
                        .get()
                        .sites
                        .into_iter()
                        .enumerate()
                        .map(|(site_idx, site)| {
                            let name = site_names.with_value(|names| names[site_idx].clone());
                            let manual = site.markers.is_some_and(|site_markers| site_markers.is_adjusted());
                            let cells = match site.measures {
                                Some(measures) => view! {
                                    <td data-testid=format!("onset-{site_idx}")>{display::latency_ms(measures.onset_latency_ms)}</td>
                                    <td>{display::latency_ms(measures.peak_latency_ms)}</td>
                                    <td data-testid=format!("amplitude-{site_idx}")>{display::amplitude(measures.amplitude_uv, in_millivolts).0}</td>
                                    <td>{display::amplitude(measures.peak_to_peak_uv, in_millivolts).0}</td>
                                    <td>{display::latency_ms(measures.negative_duration_ms)}</td>
                                    <td>{display::area(measures.negative_area_uv_ms, in_millivolts).0}</td>
                                }
                                .into_any(),
                                None => view! { <td colspan="6">"No response"</td> }.into_any(),
                            };
                            view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    {cells}
                                    {is_sensory.then(|| view! { <td>{site.sensory_velocity_m_per_s.map(display::velocity_m_per_s).unwrap_or_else(|| "–".into())}</td> })}
                                    <td>
                                        {if manual { "adjusted " } else { "automatic " }}
                                        <button
                                            type="button"
                                            class="link-button"
                                            aria-label="Reset the markers of this site to automatic"
                                            on:click=move |_| {
                                                let auto = automatic.with_value(|automatic| automatic[site_idx]);
                                                markers.update(|markers| markers[site_idx] = auto);
                                            }
                                        >
                                            "reset"
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()
                }}
            </tbody>
        </table>
        <Show when=move || analysis.with(|analysis| !analysis.segments.is_empty())>
            <table class="measurements" data-testid="segment-table">
                <caption>"Segments"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Segment"</th>
                        <th scope="col">"Distance (mm)"</th>
                        <th scope="col">"Velocity (m/s)"</th>
                        <th scope="col">"Amplitude change"</th>
                        <th scope="col">"Area change"</th>
                        <th scope="col">"Duration change"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        analysis
                            .get()
                            .segments
                            .into_iter()
                            .enumerate()
                            .map(|(segment_idx, segment)| {
                                let name = site_names.with_value(|names| format!("{} – {}", names[segment.distal_site_idx], names[segment.proximal_site_idx]));
                                let dash = || "–".to_string();
                                view! {
                                    <tr>
                                        <th scope="row">{name}</th>
                                        <td>{segment.distance_mm.map(|distance| display::fixed(distance, 0)).unwrap_or_else(dash)}</td>
                                        <td data-testid=format!("velocity-{segment_idx}")>{segment.conduction_velocity_m_per_s.map(display::velocity_m_per_s).unwrap_or_else(dash)}</td>
                                        <td>{segment.amplitude_change_pct.map(display::change_pct).unwrap_or_else(dash)}</td>
                                        <td>{segment.area_change_pct.map(display::change_pct).unwrap_or_else(dash)}</td>
                                        <td>{segment.duration_change_pct.map(display::change_pct).unwrap_or_else(dash)}</td>
                                    </tr>
                                }
                            })
                            .collect_view()
                    }}
                </tbody>
            </table>
        </Show>
    }
}

/// The automatic markers of every site's first sweep.
fn automatic_markers(nerve: &NerveConduction) -> Vec<Option<ResponseMarkers>> {
    let config = MarkerConfig::for_kind(nerve.kind);
    nerve.sites.iter().map(|site| site.sweeps.first().and_then(|sweep| ncs::place_markers(sweep, &config))).collect()
}

/// `time_ms` moved to the nearest sample of the site's sweep, within the sweep.
fn snap_to_sample(nerve: &NerveConduction, site_idx: usize, time_ms: f64) -> f64 {
    let sweep = &nerve.sites[site_idx].sweeps[0];
    let sample_idx = ((time_ms - sweep.first_sample_ms) * sweep.sampling_rate_hz / 1000.0)
        .round()
        .clamp(0.0, (sweep.samples.len() - 1) as f64);
    sweep.time_ms(sample_idx as usize)
}
