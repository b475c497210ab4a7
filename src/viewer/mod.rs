//! The multichannel signal viewer: every recording that parses is shown here, with a channel
//! list (show, hide, sensitivity), a time base, scrolling and zooming by wheel, drag and
//! keyboard, annotations on the time axis, gaps drawn as gaps, and the file's details.

mod draw;
mod state;

pub use state::time_extent;

use std::rc::Rc;

use edx_core::display;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::parsing::OpenedRecording;
use draw::PlotGeometry;
use state::{calibrated, sensitivity_label, sensitivity_presets, time_base_label, ViewState, TIME_BASES_MS_PER_DIV};

/// One recording in the signal viewer.
#[component]
pub fn SignalViewer(
    /// The recording, with its samples in the worker's transferred buffers.
    recording: Rc<OpenedRecording>,
) -> impl IntoView {
    let initial = ViewState::initial(&recording.summary, &typical_peaks(&recording));
    let summary = recording.summary.clone();
    let recording = StoredValue::new_local(recording);
    let state = RwSignal::new(initial);
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let geometry = StoredValue::new(None::<PlotGeometry>);
    let (draw_error, set_draw_error) = signal(None::<String>);

    let file_name = summary.file_name.clone();
    let (awaiting_samples, set_awaiting_samples) = signal(false);
    Effect::new(move |_| {
        let view = state.get();
        recording.with_value(|recording| recording.windows.as_ref().map(|windows| windows.track()));
        let Some(canvas) = canvas_ref.get() else { return };
        match recording.with_value(|recording| draw::draw(&canvas, recording, &view)) {
            Ok(drawn) => {
                geometry.set_value(Some(drawn));
                crate::timing::mark_first_trace_drawn();
                crate::timing::mark_recording_drawn(&file_name);
                if !drawn.awaiting_samples {
                    crate::timing::mark_recording_drawn_exactly(&file_name);
                }
                set_awaiting_samples.set(drawn.awaiting_samples);
                let failure =
                    recording.with_value(|recording| recording.windows.as_ref().and_then(|windows| windows.failure()));
                set_draw_error.set(failure.map(|failure| format!("Drawn from the envelopes only: {failure}")));
            }
            Err(message) => set_draw_error.set(Some(message)),
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| state.update(|_| {}));
    on_cleanup(move || resize.remove());

    let summary_for_wheel = summary.clone();
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else { return };
        let summary = summary_for_wheel.clone();
        // Attached by hand as a non-passive listener, so the page does not scroll as well.
        let on_wheel = Closure::<dyn FnMut(web_sys::WheelEvent)>::new(move |event: web_sys::WheelEvent| {
            event.prevent_default();
            let anchor = geometry.get_value().map_or(0.5, |plot| {
                ((f64::from(event.offset_x()) - plot.plot_left_css_px) / plot.plot_width_css_px).clamp(0.0, 1.0)
            });
            state.update(|view| {
                if event.ctrl_key() || event.meta_key() {
                    view.zoom(if event.delta_y() > 0.0 { 1 } else { -1 }, anchor, &summary);
                } else {
                    let delta =
                        if event.delta_x().abs() > event.delta_y().abs() { event.delta_x() } else { event.delta_y() };
                    let window_s = view.window_s();
                    view.pan(delta.signum() * window_s / 10.0, &summary);
                }
            });
        });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let _ = canvas.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            on_wheel.as_ref().unchecked_ref(),
            &options,
        );
        on_wheel.forget();
    });

    let drag_origin = StoredValue::new(None::<(f64, f64)>);
    let summary_for_drag = summary.clone();
    let on_pointer_down = move |event: web_sys::PointerEvent| {
        if let Some(canvas) = canvas_ref.get() {
            let _ = canvas.set_pointer_capture(event.pointer_id());
        }
        drag_origin.set_value(Some((f64::from(event.client_x()), state.get_untracked().start_s)));
    };
    let on_pointer_move = move |event: web_sys::PointerEvent| {
        let Some((origin_x, origin_start_s)) = drag_origin.get_value() else { return };
        let Some(plot) = geometry.get_value() else { return };
        let seconds_per_px = state.get_untracked().window_s() / plot.plot_width_css_px;
        let target_start_s = origin_start_s - (f64::from(event.client_x()) - origin_x) * seconds_per_px;
        state.update(|view| {
            view.start_s = target_start_s;
            view.clamp(&summary_for_drag);
        });
    };
    let on_pointer_up = move |_event: web_sys::PointerEvent| drag_origin.set_value(None);

    let summary_for_keys = summary.clone();
    let on_key_down = move |event: web_sys::KeyboardEvent| {
        let summary = &summary_for_keys;
        let handled = state.try_update(|view| {
            let division_s = view.window_s() / state::DIVISIONS_ACROSS;
            let step_s = if event.shift_key() { view.window_s() } else { division_s };
            match event.key().as_str() {
                "ArrowRight" => view.pan(step_s, summary),
                "ArrowLeft" => view.pan(-step_s, summary),
                "PageDown" => view.pan(view.window_s(), summary),
                "PageUp" => view.pan(-view.window_s(), summary),
                "Home" => view.pan(f64::NEG_INFINITY, summary),
                "End" => view.pan(f64::INFINITY, summary),
                "+" | "=" => view.zoom(-1, 0.5, summary),
                "-" | "_" => view.zoom(1, 0.5, summary),
                "ArrowUp" | "ArrowDown" => {
                    let more_gain = event.key() == "ArrowUp";
                    for (channel, settings) in summary.channels.iter().zip(view.channels.iter_mut()) {
                        let n_presets = sensitivity_presets(&calibrated(channel, settings).0).len();
                        settings.sensitivity_idx = if more_gain {
                            settings.sensitivity_idx.saturating_sub(1)
                        } else {
                            (settings.sensitivity_idx + 1).min(n_presets - 1)
                        };
                    }
                }
                _ => return false,
            }
            true
        });
        if handled == Some(true) {
            event.prevent_default();
        }
    };

    let (first_s, last_s) = time_extent(&summary);
    let duration_s = last_s - first_s;
    let summary_for_position = summary.clone();
    let summary_for_time_base = summary.clone();
    let figure_label = format!(
        "{}: {} channels over {} s. Arrow keys scroll, plus and minus change the time base, up and down change the sensitivity.",
        summary.file_name,
        summary.channels.len(),
        display::fixed(duration_s, 1)
    );
    let channel_rows = summary
        .channels
        .iter()
        .enumerate()
        .map(|(channel_idx, channel)| {
            let channel_for_options = channel.clone();
            let options = move || {
                let shown = state.with(|view| calibrated(&channel_for_options, &view.channels[channel_idx]).0);
                sensitivity_presets(&shown)
                    .into_iter()
                    .enumerate()
                    .map(|(preset_idx, preset)| {
                        view! {
                            <option value=preset_idx.to_string() selected=move || state.with(|view| view.channels[channel_idx].sensitivity_idx == preset_idx)>
                                {sensitivity_label(preset, &shown)}
                            </option>
                        }
                    })
                    .collect_view()
            };
            let is_uncalibrated = channel.volt_exponent.is_none();
            let channel_for_calibration = channel.clone();
            let calibrate = move |event: leptos::ev::Event| {
                let entered = event_target_value(&event).trim().parse::<f64>().ok().filter(|value| *value > 0.0 && value.is_finite());
                state.update(|view| {
                    // Keep the same height on screen: the sensitivity nearest the old one, in µV.
                    let settings = &mut view.channels[channel_idx];
                    let (old_shown, old_scale) = calibrated(&channel_for_calibration, settings);
                    let old_presets = sensitivity_presets(&old_shown);
                    let old_counts = old_presets[settings.sensitivity_idx.min(old_presets.len() - 1)] / old_scale;
                    settings.calibration_uv_per_count = entered;
                    let (new_shown, new_scale) = calibrated(&channel_for_calibration, settings);
                    let new_presets = sensitivity_presets(&new_shown);
                    let wanted = old_counts * new_scale;
                    settings.sensitivity_idx = new_presets.iter().position(|&preset| preset >= wanted).unwrap_or(new_presets.len() - 1);
                });
            };
            let label = channel.label.clone();
            let rate = display::fixed(channel.sampling_rate_hz, 3).trim_end_matches('0').trim_end_matches('.').to_string();
            let unit = channel.unit.clone();
            let details = move || match state.with(|view| view.channels[channel_idx].calibration_uv_per_count) {
                Some(uv_per_count) if is_uncalibrated => format!("{rate} Hz, µV (calibrated by you: {uv_per_count} µV per count)"),
                _ => format!("{rate} Hz, {unit}"),
            };
            view! {
                <li class="channel-row">
                    <label class="channel-visible">
                        <input
                            type="checkbox"
                            prop:checked=move || state.with(|view| view.channels[channel_idx].visible)
                            on:change=move |event| {
                                let visible = event_target_checked(&event);
                                state.update(|view| view.channels[channel_idx].visible = visible);
                            }
                        />
                        <span class="channel-label">{label.clone()}</span>
                    </label>
                    <span class="channel-details">{details}</span>
                    <select
                        aria-label=format!("Sensitivity of {label}")
                        on:change=move |event| {
                            if let Ok(preset_idx) = event_target_value(&event).parse::<usize>() {
                                state.update(|view| view.channels[channel_idx].sensitivity_idx = preset_idx);
                            }
                        }
                    >
                        {options}
                    </select>
                    {is_uncalibrated.then(|| view! {
                        <label class="calibration">
                            "Calibration: "
                            <input type="number" min="0" step="any" inputmode="decimal" data-testid="calibration" aria-label=format!("Microvolts per count of {label}") on:change=calibrate/>
                            " µV per count (the file gives none, so values stay in counts until you enter it)"
                        </label>
                    })}
                </li>
            }
        })
        .collect_view();

    view! {
        <section class="signal-viewer" data-testid="signal-viewer">
            <h3 data-testid="recording-title">{format!("{} ({})", summary.file_name, summary.format)}</h3>
            <div class="viewer-controls">
                <label>
                    "Time base "
                    <select
                        data-testid="time-base"
                        on:change=move |event| {
                            if let Ok(time_base_idx) = event_target_value(&event).parse::<usize>() {
                                state.update(|view| {
                                    view.time_base_idx = time_base_idx;
                                    view.clamp(&summary_for_time_base);
                                });
                            }
                        }
                    >
                        {TIME_BASES_MS_PER_DIV
                            .iter()
                            .enumerate()
                            .map(|(time_base_idx, &ms_per_div)| {
                                view! {
                                    <option value=time_base_idx.to_string() selected=move || state.with(|view| view.time_base_idx == time_base_idx)>
                                        {time_base_label(ms_per_div)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    <input
                        type="checkbox"
                        data-testid="negative-up"
                        prop:checked=move || state.with(|view| view.negative_up)
                        on:change=move |event| {
                            let negative_up = event_target_checked(&event);
                            state.update(|view| view.negative_up = negative_up);
                        }
                    />
                    " Negative up"
                </label>
                <label class="position">
                    "Position "
                    <input
                        type="range"
                        data-testid="position"
                        min=first_s.to_string()
                        max=last_s.to_string()
                        step="any"
                        prop:value=move || state.with(|view| view.start_s.to_string())
                        on:input=move |event| {
                            if let Ok(start_s) = event_target_value(&event).parse::<f64>() {
                                state.update(|view| {
                                    view.start_s = start_s;
                                    view.clamp(&summary_for_position);
                                });
                            }
                        }
                    />
                </label>
                <output data-testid="window-start">{move || format!("{} s", display::fixed(state.with(|view| view.start_s), 3))}</output>
            </div>
            <div class="viewer-body">
                <figure
                    class="viewer-figure"
                    data-testid="viewer-figure"
                    data-awaiting-samples=move || awaiting_samples.get().to_string()
                    aria-busy=move || awaiting_samples.get().to_string()
                    tabindex="0"
                    aria-label=figure_label
                    on:keydown=on_key_down
                >
                    <canvas
                        node_ref=canvas_ref
                        class="signals"
                        data-testid="trace-canvas"
                        role="img"
                        aria-label=format!("Signals of {}, negative up by default", summary.file_name)
                        on:pointerdown=on_pointer_down
                        on:pointermove=on_pointer_move
                        on:pointerup=on_pointer_up
                    ></canvas>
                    {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
                </figure>
                <aside class="viewer-side">
                    <h4>"Channels"</h4>
                    <ul class="channel-list" data-testid="channel-list">{channel_rows}</ul>
                    <RecordingDetails summary=summary.clone()/>
                </aside>
            </div>
        </section>
    }
}

/// The file's header details: format, start, patient and recording fields, filters, notes,
/// warnings and annotations.
#[component]
fn RecordingDetails(
    /// The recording's summary.
    summary: crate::protocol::RecordingSummary,
) -> impl IntoView {
    let (first_s, last_s) = time_extent(&summary);
    let field =
        |name: &'static str, value: String| (!value.is_empty()).then(|| view! { <dt>{name}</dt><dd>{value}</dd> });
    view! {
        <details class="recording-details" open>
            <summary>"File details"</summary>
            <dl data-testid="recording-details">
                {field("Format", summary.format.clone())}
                {field("Start", summary.start.clone().unwrap_or_default())}
                {field("Duration", format!("{} s", display::fixed(last_s - first_s, 3)))}
                {field("Patient", summary.patient.clone())}
                {field("Recording", summary.recording_info.clone())}
            </dl>
            <h4>"Signals"</h4>
            <ul class="signal-details">
                {summary
                    .channels
                    .iter()
                    .map(|channel| {
                        let mut parts = vec![format!("{} Hz", display::fixed(channel.sampling_rate_hz, 3)), channel.unit.clone()];
                        if !channel.prefiltering.is_empty() {
                            parts.push(format!("filters {}", channel.prefiltering));
                        }
                        if !channel.transducer.is_empty() {
                            parts.push(channel.transducer.clone());
                        }
                        if channel.segments.len() > 1 {
                            parts.push(format!("{} segments", channel.segments.len()));
                        }
                        view! { <li><strong>{channel.label.clone()}</strong>": "{parts.join(", ")}</li> }
                    })
                    .collect_view()}
            </ul>
            {(!summary.notes.is_empty()).then(|| view! {
                <h4>"Notes"</h4>
                <ul>{summary.notes.iter().map(|note| view! { <li>{note.clone()}</li> }).collect_view()}</ul>
            })}
            {(!summary.warnings.is_empty()).then(|| view! {
                <h4>"Warnings"</h4>
                <ul class="warnings" data-testid="recording-warnings">{summary.warnings.iter().map(|warning| view! { <li>{warning.clone()}</li> }).collect_view()}</ul>
            })}
            {(!summary.annotations.is_empty()).then(|| view! {
                <h4>{format!("Annotations ({})", summary.annotations.len())}</h4>
                <ul class="annotations">
                    {summary.annotations.iter().take(200).map(|annotation| view! {
                        <li>{format!("{} s: {}", display::fixed(annotation.onset_s, 3), annotation.text)}</li>
                    }).collect_view()}
                </ul>
            })}
        </details>
    }
}

/// A typical peak deflection of each channel (the 99th percentile of the finest envelope level
/// with at most 4096 bins), for the initial sensitivity.
fn typical_peaks(recording: &OpenedRecording) -> Vec<f64> {
    recording
        .channels
        .iter()
        .map(|segments| {
            let longest = segments.iter().max_by_key(|segment| {
                segment.samples.as_ref().map_or_else(
                    || segment.envelope.first().map_or(0, |level| level.1.length()),
                    |samples| samples.length(),
                )
            });
            let Some(segment) = longest else { return 1.0 };
            let values = match (segment.envelope.iter().find(|(_, level)| level.length() <= 8192), &segment.samples) {
                (Some((_, level)), _) => level.to_vec(),
                (None, Some(samples)) => samples.to_vec(),
                (None, None) => segment.envelope.last().map(|(_, level)| level.to_vec()).unwrap_or_default(),
            };
            let mut peaks: Vec<f64> =
                values.iter().filter(|value| value.is_finite()).map(|value| f64::from(value.abs())).collect();
            if peaks.is_empty() {
                return 1.0;
            }
            peaks.sort_by(f64::total_cmp);
            peaks[(peaks.len() * 99 / 100).min(peaks.len() - 1)].max(f64::MIN_POSITIVE)
        })
        .collect()
}
