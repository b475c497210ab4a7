//! The needle EMG view: the machine's sweep display (sweep, raster and scrolling modes) with
//! display filters, the sound with a moving cursor, detected potentials marked by class, the
//! motor unit gallery with draggable duration markers, the firing raster, and the findings.
//!
//! The analysis was done in the worker; this view only draws, plays and, when a duration marker
//! moves, asks edx-core to measure one template again.

mod audio;
mod findings;
mod gallery;
mod overlay;
mod raster;
mod settings;
mod trace;

use std::rc::Rc;
use std::time::Duration;

use edx_core::needle::{ActivityKind, NeedleAnalysis, SpontaneousClass};
use leptos::html;
use leptos::prelude::*;

use crate::parsing::OpenedRecording;
use crate::protocol::NeedleChannelWire;
use audio::Player;
use overlay::{Mark, OverlayContent, Stretch};
use settings::{
    DisplayFilters, DisplayMode, HIGH_CUTS_HZ, LOW_CUTS_HZ, NOTCHES_HZ, RASTER_ROWS, SENSITIVITY_UV_PER_DIV,
    SWEEP_MS_PER_DIV,
};
use trace::{Screen, TraceGeometry, TraceRow};

/// Colours of motor units, in order; each unit's mark also carries its number.
pub const UNIT_COLOURS: [&str; 8] =
    ["#1f5fbf", "#b3541e", "#2e7d32", "#8e24aa", "#00838f", "#c62828", "#6d4c41", "#5d6b00"];

/// The colour of unit `unit_idx`.
pub fn unit_colour(unit_idx: usize) -> &'static str {
    UNIT_COLOURS[unit_idx % UNIT_COLOURS.len()]
}

/// A spontaneous potential's mark letter and colour.
pub fn spontaneous_mark(class: SpontaneousClass) -> (&'static str, &'static str) {
    match class {
        SpontaneousClass::Fibrillation => ("F", "#c62828"),
        SpontaneousClass::PositiveSharpWave => ("P", "#ad1457"),
        SpontaneousClass::Fasciculation => ("Fa", "#6a1b9a"),
        SpontaneousClass::EndPlateSpike => ("E", "#455a64"),
        SpontaneousClass::Unclassified => ("?", "#757575"),
    }
}

/// How long a potential chosen in a list is played, s, starting this much before it.
const SNIPPET_S: f64 = 0.6;
const SNIPPET_LEAD_S: f64 = 0.1;
/// Longest stretch handed to the speakers at once, s.
const LONGEST_PLAY_S: f64 = 120.0;
/// A pointer moved this far while pressed drags a selection instead of placing the cursor, CSS px.
const DRAG_THRESHOLD_CSS_PX: f64 = 5.0;
/// How often the cursor follows the sound.
const CURSOR_TICK: Duration = Duration::from_millis(33);

/// Every needle channel of a recording: a tab per channel when there are several.
#[component]
pub fn NeedleRecording(recording: Rc<OpenedRecording>) -> impl IntoView {
    let wires = recording.summary.needle.clone();
    let labels: Vec<String> =
        wires.iter().map(|wire| recording.summary.channels[wire.channel_idx].label.clone()).collect();
    let chosen = RwSignal::new(0usize);
    let recording = StoredValue::new_local(recording);
    let tabs = (wires.len() > 1).then(|| {
        view! {
            <div class="needle-tabs" role="group" aria-label="Needle channels">
                {labels
                    .iter()
                    .enumerate()
                    .map(|(wire_idx, label)| view! {
                        <button type="button" aria-pressed=move || (chosen.get() == wire_idx).to_string() on:click=move |_| chosen.set(wire_idx)>
                            {label.clone()}
                        </button>
                    })
                    .collect_view()}
            </div>
        }
    });
    let wires = StoredValue::new(wires);
    view! {
        {tabs}
        {move || {
            let wire = wires.with_value(|wires| wires[chosen.get()].clone());
            match wire.outcome.clone() {
                Ok(analysis) => view! { <NeedleView recording=recording.get_value() wire analysis/> }.into_any(),
                Err(message) => view! { <p class="needle-unanalysed" data-testid="needle-unanalysed">{message}</p> }.into_any(),
            }
        }}
    }
}

/// One needle channel: the screen, its controls, the sound, and the findings.
#[component]
fn NeedleView(recording: Rc<OpenedRecording>, wire: NeedleChannelWire, analysis: NeedleAnalysis) -> impl IntoView {
    let channel = recording.summary.channels[wire.channel_idx].clone();
    // Needle channels are analysed only in files decoded whole, so their samples are here.
    let samples = recording.channels[wire.channel_idx][wire.segment_idx]
        .samples
        .clone()
        .unwrap_or_else(|| js_sys::Float32Array::new_with_length(0));
    let rate = channel.sampling_rate_hz;
    let to_microvolts = 10f32.powi(channel.volt_exponent.unwrap_or(-6) + 6);
    let segment_start_s = wire.segment_start_s;
    let segment_end_s = segment_start_s + f64::from(samples.length()) / rate;
    let samples = StoredValue::new_local(samples);
    let unit_measures = RwSignal::new(analysis.units.iter().map(|unit| unit.measures).collect::<Vec<_>>());
    let analysis = StoredValue::new(analysis);

    let mode = RwSignal::new(DisplayMode::Sweep);
    let sweep_idx = RwSignal::new(2usize);
    // Fitted to the first second, as the examiner sets the gain for what is on screen first.
    let initial_sensitivity = samples.with_value(|samples| {
        let head = samples.subarray(0, samples.length().min(rate as u32)).to_vec();
        settings::fitting_sensitivity_idx(&head.iter().map(|value| value * to_microvolts).collect::<Vec<_>>())
    });
    let sensitivity_idx = RwSignal::new(initial_sensitivity);
    let filters = RwSignal::new(DisplayFilters::default());
    let screen_start_s = RwSignal::new(segment_start_s);
    let cursor_s = RwSignal::new(None::<f64>);
    let playing = RwSignal::new(false);
    let volume = RwSignal::new(0.6f64);
    let loop_screen = RwSignal::new(false);
    // A stretch dragged across the trace: what "loop" plays, instead of the whole screen.
    let selection = RwSignal::new(None::<(f64, f64)>);
    let drag_anchor = StoredValue::new(None::<(f64, f64)>);
    let geometry = RwSignal::new(TraceGeometry::default());
    let sound_error = RwSignal::new(None::<String>);
    let draw_error = RwSignal::new(None::<String>);
    let player = StoredValue::new_local(None::<Rc<Player>>);
    let ticker = StoredValue::new_local(None::<IntervalHandle>);
    let trace_ref = NodeRef::<html::Canvas>::new();
    let overlay_ref = NodeRef::<html::Canvas>::new();

    let window_s = move || SWEEP_MS_PER_DIV[sweep_idx.get()] * settings::DIVISIONS_ACROSS / 1000.0;
    let n_rows = move || if mode.get() == DisplayMode::Raster { RASTER_ROWS } else { 1 };
    let span_s = move || window_s() * n_rows() as f64;
    let clamp_start = move |start_s: f64, span: f64| start_s.min(segment_end_s - span).max(segment_start_s);

    // The traces: redrawn when the screen or its settings change.
    let resize_tick = RwSignal::new(0u32);
    let resize = window_event_listener(leptos::ev::resize, move |_| resize_tick.update(|tick| *tick += 1));
    on_cleanup(move || resize.remove());
    let label = channel.label.clone();
    Effect::new(move |_| {
        resize_tick.track();
        let Some(canvas) = trace_ref.get() else { return };
        let (window, rows, start) = (window_s(), n_rows(), screen_start_s.get());
        let current_filters = filters.get();
        let trace_rows: Vec<TraceRow> = (0..rows)
            .map(|row_idx| {
                let row_start_s = start + row_idx as f64 * window;
                let first = ((row_start_s - segment_start_s) * rate).round().max(0.0) as usize;
                let last = first + (window * rate).ceil() as usize + 1;
                let values_uv = samples.with_value(|samples| {
                    settings::filtered_stretch(samples, rate, to_microvolts, first, last, &current_filters)
                });
                TraceRow { start_s: row_start_s, values_uv }
            })
            .collect();
        let filters_text = current_filters.describe(rate);
        let screen = Screen {
            rows: &trace_rows,
            sampling_rate_hz: rate,
            ms_per_div: SWEEP_MS_PER_DIV[sweep_idx.get()],
            uv_per_div: SENSITIVITY_UV_PER_DIV[sensitivity_idx.get()],
            label: &label,
            filters: &filters_text,
        };
        match trace::draw(&canvas, &screen) {
            Ok(drawn) => {
                crate::timing::mark_first_trace_drawn();
                geometry.set(drawn);
                draw_error.set(None);
            }
            Err(message) => draw_error.set(Some(message)),
        }
    });

    // Marks and stretches, in recording time.
    let marks: Vec<Mark> = analysis.with_value(|analysis| {
        let units = analysis.units.iter().enumerate().flat_map(|(unit_idx, unit)| {
            unit.discharge_times_s.iter().map(move |&time_s| Mark {
                time_s: segment_start_s + time_s,
                label: (unit_idx + 1).to_string(),
                colour: unit_colour(unit_idx),
            })
        });
        let spontaneous = analysis.spontaneous.potentials.iter().map(|potential| {
            let (letter, colour) = spontaneous_mark(potential.class);
            Mark { time_s: segment_start_s + potential.time_s, label: letter.to_string(), colour }
        });
        let mut marks: Vec<Mark> = units.chain(spontaneous).collect();
        marks.sort_by(|first, second| first.time_s.total_cmp(&second.time_s));
        marks
    });
    let stretches: Vec<Stretch> = analysis.with_value(|analysis| {
        analysis
            .segments
            .iter()
            .map(|segment| {
                let (colour, shade_traces) = match segment.kind {
                    ActivityKind::Rest => ("#9ccc65", false),
                    ActivityKind::Voluntary => ("#64b5f6", false),
                    ActivityKind::Insertion => ("#ffb74d", false),
                    ActivityKind::Clipped => ("#e57373", true),
                };
                Stretch {
                    start_s: segment_start_s + segment.start_s,
                    end_s: segment_start_s + segment.end_s,
                    label: segment.kind.label(),
                    colour,
                    shade_traces,
                }
            })
            .collect()
    });
    let marks = StoredValue::new(marks);
    let stretches = StoredValue::new(stretches);
    let cursor_px = RwSignal::new(None::<f64>);
    // The markers' positions for the tests change with the screen, not with the moving cursor.
    Effect::new(move |_| {
        let Some(overlay) = overlay_ref.get() else { return };
        let positions = geometry.with(|geometry| marks.with_value(|marks| overlay::mark_positions(geometry, marks)));
        let _ = overlay.set_attribute("data-mark-positions", &positions);
    });
    Effect::new(move |_| {
        let (Some(overlay), Some(traces)) = (overlay_ref.get(), trace_ref.get()) else { return };
        let loop_range = selection
            .get()
            .or_else(|| (loop_screen.get()).then(|| (screen_start_s.get(), screen_start_s.get() + span_s())));
        let x = geometry.with(|geometry| {
            marks.with_value(|marks| {
                stretches.with_value(|stretches| {
                    overlay::draw(
                        &overlay,
                        &traces,
                        geometry,
                        &OverlayContent { marks, stretches, cursor_s: cursor_s.get(), loop_range },
                    )
                })
            })
        });
        cursor_px.set(x);
    });

    // Sound.
    let stop = move || {
        if let Some(player) = player.get_value() {
            player.stop();
        }
        if let Some(handle) = ticker.get_value() {
            handle.clear();
        }
        ticker.set_value(None);
        playing.set(false);
    };
    on_cleanup(move || {
        if let Some(handle) = ticker.get_value() {
            handle.clear();
        }
    });
    let follow = move |position_s: f64| {
        cursor_s.set(Some(position_s));
        let (start, span, window) = (screen_start_s.get_untracked(), span_s(), window_s());
        match mode.get_untracked() {
            DisplayMode::Scroll => screen_start_s.set(clamp_start(position_s - 0.8 * window, window)),
            DisplayMode::Sweep | DisplayMode::Raster if position_s >= start + span || position_s < start => {
                let sweeps_in = ((position_s - segment_start_s) / window).floor();
                screen_start_s.set(clamp_start(segment_start_s + sweeps_in * window, span));
            }
            _ => {}
        }
    };
    // Plays `from_s..until_s` (looping `loop_range`), moving the cursor with the sound.
    let play_range = move |from_s: f64, until_s: f64, loop_range: Option<(f64, f64)>| {
        stop();
        let created = match player.get_value() {
            Some(existing) => Ok(existing),
            None => {
                // Filtered as heard, so a baseline offset does not count as loudness.
                let whole_uv = samples.with_value(|samples| {
                    let length = samples.length() as usize;
                    settings::filtered_stretch(samples, rate, to_microvolts, 0, length, &filters.get_untracked())
                });
                Player::new(audio::loudness_reference_uv(&whole_uv)).map(Rc::new)
            }
        };
        let current = match created {
            Ok(current) => current,
            Err(message) => {
                sound_error.set(Some(message));
                return;
            }
        };
        player.set_value(Some(current.clone()));
        current.set_volume(volume.get_untracked());
        let buffer_start_s = loop_range.map_or(from_s, |(start, _)| start.min(from_s));
        let buffer_end_s = loop_range.map_or(until_s, |(_, end)| end.max(until_s)).min(segment_end_s);
        let first = ((buffer_start_s - segment_start_s) * rate).round().max(0.0) as usize;
        let last = ((buffer_end_s - segment_start_s) * rate).round() as usize;
        let values = samples.with_value(|samples| {
            settings::filtered_stretch(samples, rate, to_microvolts, first, last, &filters.get_untracked())
        });
        let on_ended = move || {
            if let Some(handle) = ticker.get_value() {
                handle.clear();
            }
            ticker.set_value(None);
            playing.set(false);
        };
        match current.play(&values, rate, segment_start_s + first as f64 / rate, from_s, loop_range, on_ended) {
            Ok(()) => {
                sound_error.set(None);
                playing.set(true);
                let tick_player = current.clone();
                let handle = set_interval_with_handle(
                    move || {
                        if let Some(position_s) = tick_player.position_s() {
                            follow(position_s);
                        }
                    },
                    CURSOR_TICK,
                );
                ticker.set_value(handle.ok());
            }
            Err(message) => sound_error.set(Some(message)),
        }
    };
    let toggle_sound = move || {
        if playing.get_untracked() {
            stop();
            return;
        }
        let start = screen_start_s.get_untracked();
        let span = span_s();
        let from_s =
            cursor_s.get_untracked().filter(|cursor| *cursor >= start && *cursor < start + span).unwrap_or(start);
        if let Some((selection_start, selection_end)) =
            selection.get_untracked().filter(|_| loop_screen.get_untracked())
        {
            let from_s = cursor_s
                .get_untracked()
                .filter(|cursor| *cursor >= selection_start && *cursor < selection_end)
                .unwrap_or(selection_start);
            play_range(from_s, selection_end, Some((selection_start, selection_end)));
        } else if loop_screen.get_untracked() {
            play_range(from_s, start + span, Some((start, (start + span).min(segment_end_s))));
        } else {
            play_range(from_s, (from_s + LONGEST_PLAY_S).min(segment_end_s), None);
        }
    };
    // Moves the screen to a potential and plays it.
    let jump_to = Callback::new(move |time_s: f64| {
        let window = window_s();
        let start = match mode.get_untracked() {
            DisplayMode::Scroll => time_s - 0.5 * window,
            _ => time_s - 0.2 * window,
        };
        screen_start_s.set(clamp_start(start, span_s()));
        cursor_s.set(Some(time_s));
        play_range(
            (time_s - SNIPPET_LEAD_S).max(segment_start_s),
            (time_s - SNIPPET_LEAD_S + SNIPPET_S).min(segment_end_s),
            None,
        );
    });
    Effect::new(move |_| {
        let level = volume.get();
        if let Some(player) = player.get_value() {
            player.set_volume(level);
        }
    });

    let page = move |direction: f64| {
        let step = if mode.get_untracked() == DisplayMode::Scroll { window_s() / 2.0 } else { span_s() };
        screen_start_s.update(|start| *start = clamp_start(*start + direction * step, span_s()));
    };
    let on_key_down = move |event: web_sys::KeyboardEvent| {
        match event.key().as_str() {
            "ArrowRight" => page(1.0),
            "ArrowLeft" => page(-1.0),
            " " => toggle_sound(),
            "Home" => screen_start_s.set(segment_start_s),
            "End" => screen_start_s.set(clamp_start(segment_end_s, span_s())),
            "+" | "=" => sensitivity_idx.update(|idx| *idx = idx.saturating_sub(1)),
            "-" => sensitivity_idx.update(|idx| *idx = (*idx + 1).min(SENSITIVITY_UV_PER_DIV.len() - 1)),
            _ => return,
        }
        event.prevent_default();
    };
    let time_under = move |event: &web_sys::PointerEvent| {
        let ratio = geometry.with_untracked(|geometry| geometry.pixel_ratio);
        geometry.with_untracked(|geometry| {
            geometry.time_at(f64::from(event.offset_x()) * ratio, f64::from(event.offset_y()) * ratio)
        })
    };
    // A click on a marker plays that potential, elsewhere places the cursor; a drag selects the
    // stretch that "loop" plays.
    let on_pointer_down = move |event: web_sys::PointerEvent| {
        if let Some(time_s) = time_under(&event) {
            drag_anchor.set_value(Some((time_s, f64::from(event.offset_x()))));
            if let Some(overlay) = overlay_ref.get_untracked() {
                let _ = overlay.set_pointer_capture(event.pointer_id());
            }
        }
    };
    let on_pointer_move = move |event: web_sys::PointerEvent| {
        let Some((anchor_s, anchor_x)) = drag_anchor.get_value() else { return };
        if (f64::from(event.offset_x()) - anchor_x).abs() < DRAG_THRESHOLD_CSS_PX {
            return;
        }
        if let Some(time_s) = time_under(&event) {
            selection.set(Some((anchor_s.min(time_s), anchor_s.max(time_s))));
            loop_screen.set(true);
        }
    };
    let on_pointer_up = move |event: web_sys::PointerEvent| {
        let Some((anchor_s, anchor_x)) = drag_anchor.get_value() else { return };
        drag_anchor.set_value(None);
        if (f64::from(event.offset_x()) - anchor_x).abs() >= DRAG_THRESHOLD_CSS_PX {
            return;
        }
        let ratio = geometry.with_untracked(|geometry| geometry.pixel_ratio);
        let (x, y) = (f64::from(event.offset_x()) * ratio, f64::from(event.offset_y()) * ratio);
        let clicked_mark = geometry.with_untracked(|geometry| {
            marks.with_value(|marks| overlay::mark_at(geometry, marks, x, y).map(|mark| mark.time_s))
        });
        if let Some(time_s) = clicked_mark {
            jump_to.run(time_s);
            return;
        }
        cursor_s.set(Some(anchor_s));
        if playing.get_untracked() {
            play_range(anchor_s, (anchor_s + LONGEST_PLAY_S).min(segment_end_s), None);
        }
    };

    let duration_s = segment_end_s - segment_start_s;
    let figure_label = format!(
        "Needle EMG of {}: {} s at {} kHz, negative up. Detected potentials are marked above the trace with their unit's number, or F (fibrillation potential), P (positive sharp wave), Fa (fasciculation), E (end-plate spike). Left and right arrows page through the recording, space plays or pauses the sound, plus and minus change the sensitivity; a click on a marker plays that potential, a click elsewhere places the cursor, a drag selects a stretch to loop.",
        channel.label,
        edx_core::display::fixed(duration_s, 1),
        edx_core::display::fixed(rate / 1000.0, 1)
    );
    let analysis_note = format!("Analysed on this device in {} ms.", wire.analysis_ms.round());
    let select_changed = move |signal: RwSignal<usize>| {
        move |event: leptos::ev::Event| {
            if let Ok(value) = event_target_value(&event).parse::<usize>() {
                signal.set(value);
            }
        }
    };
    let option_value = |value: Option<f64>| value.map_or("off".to_string(), |hz| hz.to_string());
    let parse_option = |text: String| if text == "off" { None } else { text.parse::<f64>().ok() };

    view! {
        <section class="needle-view" data-testid="needle-view">
            <h3>{format!("Needle EMG: {}", channel.label)}</h3>
            <div class="trace-controls needle-controls">
                <label>
                    "Display "
                    <select data-testid="needle-mode" on:change=move |event| {
                        let chosen = event_target_value(&event);
                        if let Some(chosen) = DisplayMode::ALL.into_iter().find(|candidate| candidate.label() == chosen) {
                            mode.set(chosen);
                            screen_start_s.update(|start| *start = clamp_start(*start, span_s()));
                        }
                    }>
                        {DisplayMode::ALL.into_iter().map(|candidate| view! { <option value=candidate.label() selected=move || mode.get() == candidate>{candidate.label()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Sweep "
                    <select data-testid="needle-sweep" on:change=select_changed(sweep_idx)>
                        {SWEEP_MS_PER_DIV.iter().enumerate().map(|(idx, ms)| view! { <option value=idx.to_string() selected=move || sweep_idx.get() == idx>{format!("{ms} ms/div")}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Sensitivity "
                    <select data-testid="needle-sensitivity" on:change=select_changed(sensitivity_idx)>
                        {SENSITIVITY_UV_PER_DIV.iter().enumerate().map(|(idx, uv)| view! { <option value=idx.to_string() selected=move || sensitivity_idx.get() == idx>{settings::sensitivity_label(*uv)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Low cut "
                    <select data-testid="needle-low-cut" on:change=move |event| { let value = parse_option(event_target_value(&event)); filters.update(|filters| filters.low_cut_hz = value); }>
                        {LOW_CUTS_HZ.iter().map(|&hz| view! { <option value=option_value(hz) selected=move || filters.get().low_cut_hz == hz>{hz.map_or("off".to_string(), settings::frequency_label)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "High cut "
                    <select data-testid="needle-high-cut" on:change=move |event| { let value = parse_option(event_target_value(&event)); filters.update(|filters| filters.high_cut_hz = value); }>
                        {HIGH_CUTS_HZ.iter().map(|&hz| view! { <option value=option_value(hz) selected=move || filters.get().high_cut_hz == hz>{hz.map_or("off".to_string(), settings::frequency_label)}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "Notch "
                    <select data-testid="needle-notch" on:change=move |event| { let value = parse_option(event_target_value(&event)); filters.update(|filters| filters.notch_hz = value); }>
                        {NOTCHES_HZ.iter().map(|&hz| view! { <option value=option_value(hz) selected=move || filters.get().notch_hz == hz>{hz.map_or("off".to_string(), settings::frequency_label)}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <div class="trace-controls sound-controls">
                <button type="button" class="play-button" data-testid="play-sound" aria-pressed=move || playing.get().to_string() on:click=move |_| toggle_sound()>
                    {move || if playing.get() { "■ Stop sound" } else { "▶ Play sound (starts when you press)" }}
                </button>
                <label>
                    "Volume "
                    <input type="range" min="0" max="1" step="0.05" data-testid="volume" prop:value=move || volume.get().to_string()
                        on:input=move |event| { if let Ok(level) = event_target_value(&event).parse() { volume.set(level); } }/>
                </label>
                <label>
                    <input type="checkbox" data-testid="loop-screen" prop:checked=move || loop_screen.get() on:change=move |event| loop_screen.set(event_target_checked(&event))/>
                    {move || match selection.get() {
                        Some((start, end)) => format!(" Loop the selection ({}–{} s)", edx_core::display::fixed(start, 3), edx_core::display::fixed(end, 3)),
                        None => " Loop what is on screen (drag across the trace to loop a selection)".to_string(),
                    }}
                </label>
                {move || selection.get().map(|_| view! { <button type="button" data-testid="clear-selection" on:click=move |_| selection.set(None)>"Clear the selection"</button> })}
                <button type="button" on:click=move |_| page(-1.0) aria-label="Previous screen">"◀"</button>
                <button type="button" on:click=move |_| page(1.0) aria-label="Next screen">"▶"</button>
                <label class="position">
                    "Position "
                    <input type="range" min=segment_start_s.to_string() max=segment_end_s.to_string() step="0.01" aria-label="Position in the recording, s"
                        prop:value=move || screen_start_s.get().to_string()
                        on:input=move |event| { if let Ok(start) = event_target_value(&event).parse::<f64>() { screen_start_s.set(clamp_start(start, span_s())); } }/>
                    <output>{move || format!("{} s of {} s", edx_core::display::fixed(screen_start_s.get() - segment_start_s, 2), edx_core::display::fixed(duration_s, 1))}</output>
                </label>
            </div>
            {move || sound_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            <figure class="trace-figure">
                <div class="trace-stack">
                    <canvas node_ref=trace_ref class="traces" aria-hidden="true" data-testid="needle-trace"
                        data-screen-start-s=move || format!("{:.4}", screen_start_s.get())></canvas>
                    <canvas
                        node_ref=overlay_ref
                        class="marker-overlay"
                        tabindex="0"
                        role="img"
                        aria-label=figure_label
                        data-testid="needle-overlay"
                        data-cursor-s=move || cursor_s.get().map(|cursor| format!("{cursor:.4}")).unwrap_or_default()
                        data-cursor-px=move || cursor_px.get().map(|x| format!("{x:.1}")).unwrap_or_default()
                        on:keydown=on_key_down
                        on:pointerdown=on_pointer_down
                        on:pointermove=on_pointer_move
                        on:pointerup=on_pointer_up
                        data-selection=move || selection.get().map(|(start, end)| format!("{start:.4}-{end:.4}")).unwrap_or_default()
                    ></canvas>
                </div>
                <figcaption class="marker-selection" aria-live="polite">
                    {move || match cursor_s.get() {
                        Some(cursor) => format!("Cursor at {} s. {}", edx_core::display::fixed(cursor, 3), if playing.get() { "Playing." } else { "" }),
                        None => "Click the trace to place the cursor; sound plays from it.".to_string(),
                    }}
                </figcaption>
            </figure>
            {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            <p class="hint" data-testid="needle-analysis-time" data-ms=wire.analysis_ms.round().to_string()>{analysis_note}</p>
            <findings::NeedleFindings analysis unit_measures reference=wire.reference.clone() sampling_rate_hz=rate segment_start_s jump_to/>
            <gallery::MotorUnitGallery analysis samples rate to_microvolts segment_start_s jump_to unit_measures/>
            <raster::FiringRaster analysis segment_start_s segment_end_s jump_to/>
        </section>
    }
}
