//! One nerve conduction study as the physician reviews it: stacked traces per stimulation site
//! with sensitivity and sweep controls, draggable markers on an overlay, and the measurement
//! tables that follow every marker move at once.

use edx_core::display;
use edx_core::interpret::{Bound, Evidence, Flag, Measure, Place, ReviewedNerve, StudyReview};
use edx_core::model::{NerveConduction, NerveConductionKind, Unit};
use edx_core::ncs::{self, MarkerConfig, ResponseMarkers};
use leptos::html;
use leptos::prelude::*;

use crate::markers_overlay::{self, MarkerId, MarkerKind};
use crate::plot::{self, TraceLayout, TraceScale};

/// Sensitivity presets, in µV per division, as acquisition machines offer them.
pub(crate) const SENSITIVITY_PRESETS_UV_PER_DIV: [f64; 14] =
    [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0, 10_000.0, 20_000.0];

/// Sweep presets, in ms per division.
pub(crate) const SWEEP_PRESETS_MS_PER_DIV: [f64; 8] = [0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0];

/// Markers move by one sample per arrow key press, ten with Shift.
const SAMPLES_PER_LARGE_STEP: f64 = 10.0;

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
) -> impl IntoView {
    let acquisition = nerves.with_value(|nerves| acquisition_details(&nerves[nerve_idx]));
    let (title, kind, n_sites, initial_scale, has_waveforms) = nerves.with_value(|nerves| {
        let nerve = &nerves[nerve_idx];
        (
            nerve.title(),
            nerve.kind,
            nerve.sites.len(),
            plot::fitting_scale(nerve, &SENSITIVITY_PRESETS_UV_PER_DIV, &SWEEP_PRESETS_MS_PER_DIV),
            nerve.sites.iter().any(|site| !site.sweeps.is_empty()),
        )
    });
    let (sensitivity_uv_per_div, set_sensitivity_uv_per_div) = signal(initial_scale.sensitivity_uv_per_div);
    let (sweep_ms_per_div, set_sweep_ms_per_div) = signal(initial_scale.sweep_ms_per_div);
    let reviewed = Memo::new(move |_| review.with(|review| review.nerves.get(nerve_idx).cloned()));
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
        match nerves.with_value(|nerves| plot::draw_nerve_traces(&canvas, &nerves[nerve_idx], scale)) {
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
                nerves.with_value(|nerves| {
                    markers_overlay::draw(
                        &overlay,
                        &traces,
                        layout,
                        &nerves[nerve_idx],
                        &markers[nerve_idx],
                        selected.get(),
                    )
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
        let snapped_ms = nerves.with_value(|nerves| snap_to_sample(&nerves[nerve_idx], id.site_idx, time_ms));
        markers.update(|markers| {
            if let Some(site_markers) = markers[nerve_idx].get_mut(id.site_idx).and_then(Option::as_mut) {
                id.kind.set(site_markers, snapped_ms);
            }
        });
    };
    let on_pointer_down = move |event: web_sys::PointerEvent| {
        let (x, y) = pointer_px(&event);
        let ratio = layout.with_untracked(|layout| layout.pixel_ratio);
        let hit = layout.with_untracked(|layout| {
            markers.with_untracked(|markers| {
                nerves.with_value(|nerves| {
                    markers_overlay::hit_test(layout, &nerves[nerve_idx], &markers[nerve_idx], x, y, 12.0 * ratio)
                })
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
            markers[nerve_idx]
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
                let period_ms = nerves
                    .with_value(|nerves| 1000.0 / nerves[nerve_idx].sites[id.site_idx].sweeps[0].sampling_rate_hz);
                let steps = if event.shift_key() { SAMPLES_PER_LARGE_STEP } else { 1.0 };
                let direction = if event.key() == "ArrowRight" { 1.0 } else { -1.0 };
                let current = markers.with_untracked(|markers| {
                    markers[nerve_idx][id.site_idx].map(|site_markers| id.kind.time_ms(&site_markers))
                });
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
        let site_name = nerves.with_value(|nerves| nerves[nerve_idx].sites[id.site_idx].name.clone());
        let time =
            markers.with(|markers| markers[nerve_idx][id.site_idx].map(|site_markers| id.kind.time_ms(&site_markers)));
        format!("{site_name} {}: {} ms", id.kind.name(), time.map(display::latency_ms).unwrap_or_default())
    };
    let figure_label = format!(
        "{title}: {n_sites} stimulation sites, negative up, with markers O (onset), N (negative peak), E (end of negative phase) and P (positive peak). Up and down arrows choose a marker; left and right move it by one sample, with Shift by ten."
    );

    view! {
        <section class="nerve" data-testid="nerve-study">
            <h3>{title.clone()}</h3>
            {(!acquisition.is_empty()).then(|| view! { <p class="hint" data-testid="acquisition-details">{acquisition.clone()}</p> })}
            {(!has_waveforms).then(|| view! { <p class="hint" data-testid="reported-only">"Values typed in from a report: there are no waveforms to show or markers to move."</p> })}
            <div class="trace-controls" class:hidden=!has_waveforms>
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
                <button
                    type="button"
                    data-testid="reset-markers"
                    on:click=move |_| {
                        let automatic_markers = automatic.with_value(|automatic| automatic[nerve_idx].clone());
                        markers.update(|markers| markers[nerve_idx] = automatic_markers);
                    }
                >
                    "Reset to automatic markers"
                </button>
            </div>
            <figure class="trace-figure" class:hidden=!has_waveforms>
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
            <MeasurementTables nerve_idx nerves reviewed markers automatic kind/>
        </section>
    }
}

/// The response and segment tables of one nerve, each value marked against its limit.
#[component]
fn MeasurementTables(
    nerve_idx: usize,
    nerves: StoredValue<Vec<NerveConduction>>,
    reviewed: Memo<Option<ReviewedNerve>>,
    markers: StudyMarkers,
    automatic: StoredValue<Vec<Vec<Option<ResponseMarkers>>>>,
    kind: NerveConductionKind,
) -> impl IntoView {
    let in_millivolts = kind == NerveConductionKind::Motor;
    let is_sensory = matches!(
        kind,
        NerveConductionKind::SensoryAntidromic | NerveConductionKind::SensoryOrthodromic | NerveConductionKind::Mixed
    );
    let amplitude_unit = if in_millivolts { "mV" } else { "µV" };
    let area_unit = if in_millivolts { "mV·ms" } else { "µV·ms" };
    let site_names: Vec<String> =
        nerves.with_value(|nerves| nerves[nerve_idx].sites.iter().map(|site| site.name.clone()).collect());
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
                    let Some(reviewed) = reviewed.get() else { return Vec::new() };
                    let flag = |place: Place, measure: Measure| reviewed.flags.get(place, measure).cloned();
                    reviewed
                        .analysis
                        .sites
                        .iter()
                        .enumerate()
                        .map(|(site_idx, site)| {
                            let name = site_names.with_value(|names| names[site_idx].clone());
                            let manual = site.markers.is_some_and(|site_markers| site_markers.is_adjusted());
                            let at_distal = |measure: Measure| if site_idx == 0 { flag(Place::Site(0), measure) } else { None };
                            let cells = match site.measures {
                                Some(measures) => view! {
                                    <FlaggedCell text=display::latency_ms(measures.onset_latency_ms) flag=at_distal(Measure::DistalOnsetLatency) test_id=format!("onset-{site_idx}")/>
                                    <FlaggedCell text=display::latency_ms(measures.peak_latency_ms) flag=at_distal(Measure::DistalPeakLatency) test_id=format!("peak-{site_idx}")/>
                                    <FlaggedCell text=display::amplitude(measures.amplitude_uv, in_millivolts).0 flag=at_distal(Measure::DistalAmplitude) test_id=format!("amplitude-{site_idx}")/>
                                    <FlaggedCell text=display::amplitude(measures.peak_to_peak_uv, in_millivolts).0 flag=at_distal(Measure::DistalPeakToPeakAmplitude) test_id=format!("peak-to-peak-{site_idx}")/>
                                    <td>{display::latency_ms(measures.negative_duration_ms)}</td>
                                    <td>{display::area(measures.negative_area_uv_ms, in_millivolts).0}</td>
                                }
                                .into_any(),
                                None => view! {
                                    <FlaggedCell text="No response".to_string() flag=at_distal(Measure::DistalAmplitude) test_id=format!("amplitude-{site_idx}")/>
                                    <td colspan="5"></td>
                                }
                                .into_any(),
                            };
                            let velocity = site.sensory_velocity_m_per_s;
                            view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    {cells}
                                    {is_sensory.then(|| view! {
                                        <FlaggedCell
                                            text=velocity.map(display::velocity_m_per_s).unwrap_or_else(|| "–".into())
                                            flag=if site_idx == 0 { flag(Place::Site(0), Measure::ConductionVelocity) } else { None }
                                            test_id=format!("sensory-velocity-{site_idx}")
                                        />
                                    })}
                                    <td>
                                        {if manual { "adjusted " } else { "automatic " }}
                                        <button
                                            type="button"
                                            class="link-button"
                                            aria-label="Reset the markers of this site to automatic"
                                            on:click=move |_| {
                                                let auto = automatic.with_value(|automatic| automatic[nerve_idx][site_idx]);
                                                markers.update(|markers| markers[nerve_idx][site_idx] = auto);
                                            }
                                        >
                                            "reset"
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect::<Vec<_>>()
                }}
            </tbody>
        </table>
        <Show when=move || reviewed.with(|reviewed| reviewed.as_ref().is_some_and(|reviewed| !reviewed.analysis.segments.is_empty()))>
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
                        let Some(reviewed) = reviewed.get() else { return Vec::new() };
                        reviewed
                            .analysis
                            .segments
                            .iter()
                            .enumerate()
                            .map(|(segment_idx, segment)| {
                                let name = site_names.with_value(|names| format!("{} – {}", names[segment.distal_site_idx], names[segment.proximal_site_idx]));
                                let dash = || "–".to_string();
                                let velocity_flag = reviewed.flags.get(Place::Segment(segment_idx), Measure::ConductionVelocity).cloned();
                                view! {
                                    <tr>
                                        <th scope="row">{name}</th>
                                        <td>{segment.distance_mm.map(|distance| display::fixed(distance, 0)).unwrap_or_else(dash)}</td>
                                        <FlaggedCell
                                            text=segment.conduction_velocity_m_per_s.map(display::velocity_m_per_s).unwrap_or_else(dash)
                                            flag=velocity_flag
                                            test_id=format!("velocity-{segment_idx}")
                                        />
                                        <td>{segment.amplitude_change_pct.map(display::change_pct).unwrap_or_else(dash)}</td>
                                        <td>{segment.area_change_pct.map(display::change_pct).unwrap_or_else(dash)}</td>
                                        <td>{segment.duration_change_pct.map(display::change_pct).unwrap_or_else(dash)}</td>
                                    </tr>
                                }
                            })
                            .collect::<Vec<_>>()
                    }}
                </tbody>
            </table>
        </Show>
        {move || {
            reviewed.with(|reviewed| {
                reviewed.as_ref().filter(|reviewed| !reviewed.flags.notes.is_empty()).map(|reviewed| {
                    view! {
                        <ul class="flag-notes" data-testid="flag-notes">
                            {reviewed.flags.notes.iter().map(|note| view! { <li>{note.clone()}</li> }).collect_view()}
                        </ul>
                    }
                })
            })
        }}
    }
}

/// A measured value, marked by symbol and words (not colour alone) when outside its limit, with
/// the limit and its source on hover and keyboard focus.
#[component]
fn FlaggedCell(
    /// The value as printed.
    text: String,
    /// The comparison with a limit, if a limit applies.
    flag: Option<Flag>,
    /// The cell's test hook.
    test_id: String,
) -> impl IntoView {
    let Some(flag) = flag else {
        return view! { <td data-testid=test_id>{text}</td> }.into_any();
    };
    let evidence = if flag.limit.evidence == Evidence::Secondary { " (secondary source)" } else { "" };
    let limit_text = format!(
        "Normal {} — {}{evidence}",
        flag.limit.bound.describe(&display::fixed(flag.limit.bound.value(), 1)),
        flag.limit.source
    );
    let (symbol, status) = match (flag.is_abnormal, flag.limit.bound) {
        (false, _) => ("", "within normal limits"),
        (true, Bound::AtLeast(_)) => ("▼ ", "below the lower limit"),
        (true, Bound::AtMost(_)) => ("▲ ", "above the upper limit"),
    };
    let description = format!("{text}: {status}. {limit_text}");
    view! {
        <td
            class="flagged"
            class:abnormal=flag.is_abnormal
            tabindex="0"
            title=limit_text.clone()
            aria-label=description
            data-limit=limit_text
            data-testid=test_id
        >
            <span class="flag-symbol" aria-hidden="true">{symbol}</span>
            {text}
            {flag.is_abnormal.then(|| view! { <span class="visually-hidden">" (abnormal)"</span> })}
        </td>
    }
    .into_any()
}

/// The automatic markers of every site's first sweep.
pub fn automatic_markers(nerve: &NerveConduction) -> Vec<Option<ResponseMarkers>> {
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
