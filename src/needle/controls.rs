//! The needle screen's controls, as the EMG machine lays them out: the display (mode, sweep,
//! sensitivity, filters) and the sound (play, volume, loop, paging, position).

use edx_core::display::{fixed, frequency_hz, sensitivity_uv_per_div, sweep_ms_per_div};
use leptos::prelude::*;

use super::display::NeedleDisplay;
use super::settings::{DisplayMode, HIGH_CUTS_HZ, LOW_CUTS_HZ, NOTCHES_HZ, SENSITIVITY_UV_PER_DIV, SWEEP_MS_PER_DIV};
use super::signal::NeedleSignal;
use super::transport::SoundTransport;
use crate::components::preset_select::PresetSelect;

/// Mode, sweep speed, sensitivity and the display filters.
#[component]
pub fn DisplayControls(
    /// The screen they set.
    display: NeedleDisplay,
) -> impl IntoView {
    let filter_presets =
        |presets: &[Option<f64>]| presets.iter().map(|&hz| (hz, hz.map_or("off".to_string(), frequency_hz))).collect();
    view! {
        <div class="trace-controls needle-controls">
            <PresetSelect
                label="Display"
                test_id="needle-mode"
                presets=DisplayMode::ALL.into_iter().map(|mode| (mode, mode.label().to_string())).collect()
                chosen=display.mode
            />
            <PresetSelect
                label="Sweep"
                test_id="needle-sweep"
                presets=SWEEP_MS_PER_DIV.iter().map(|&ms| (ms, sweep_ms_per_div(ms))).collect()
                chosen=display.sweep_ms_per_div
            />
            <PresetSelect
                label="Sensitivity"
                test_id="needle-sensitivity"
                presets=SENSITIVITY_UV_PER_DIV.iter().map(|&uv| (uv, sensitivity_uv_per_div(uv))).collect()
                chosen=display.sensitivity_uv_per_div
            />
            <PresetSelect label="Low cut" test_id="needle-low-cut" presets=filter_presets(&LOW_CUTS_HZ) chosen=display.low_cut_hz/>
            <PresetSelect label="High cut" test_id="needle-high-cut" presets=filter_presets(&HIGH_CUTS_HZ) chosen=display.high_cut_hz/>
            <PresetSelect label="Notch" test_id="needle-notch" presets=filter_presets(&NOTCHES_HZ) chosen=display.notch_hz/>
        </div>
    }
}

/// Play and stop, volume, looping, paging and the position in the recording.
#[component]
pub fn SoundControls(
    /// The sound the controls play and stop.
    transport: SoundTransport,
    /// The screen the paging and position move.
    display: NeedleDisplay,
    /// The signal, for its length.
    signal: NeedleSignal,
) -> impl IntoView {
    let duration_s = signal.end_s - signal.start_s;
    let loop_label = move || match transport.selection.get() {
        Some((start, end)) => format!(" Loop the selection ({}–{} s)", fixed(start, 3), fixed(end, 3)),
        None => " Loop what is on screen (drag across the trace to loop a selection)".to_string(),
    };
    view! {
        <div class="trace-controls sound-controls">
            <button type="button" class="play-button" data-testid="play-sound" aria-pressed=move || transport.playing.get().to_string() on:click=move |_| transport.toggle()>
                {move || if transport.playing.get() { "■ Stop sound" } else { "▶ Play sound (starts when you press)" }}
            </button>
            <label>
                "Volume "
                <input type="range" min="0" max="1" step="0.05" data-testid="volume" prop:value=move || transport.volume.get().to_string()
                    on:input=move |event| { if let Ok(level) = event_target_value(&event).parse() { transport.volume.set(level); } }/>
            </label>
            <label>
                <input type="checkbox" data-testid="loop-screen" prop:checked=move || transport.loop_screen.get() on:change=move |event| transport.loop_screen.set(event_target_checked(&event))/>
                {loop_label}
            </label>
            {move || transport.selection.get().map(|_| view! { <button type="button" data-testid="clear-selection" on:click=move |_| transport.selection.set(None)>"Clear the selection"</button> })}
            <button type="button" on:click=move |_| display.page(-1.0) aria-label="Previous screen">"◀"</button>
            <button type="button" on:click=move |_| display.page(1.0) aria-label="Next screen">"▶"</button>
            <label class="position">
                "Position "
                <input type="range" min=signal.start_s.to_string() max=signal.end_s.to_string() step="0.01" aria-label="Position in the recording, s"
                    prop:value=move || display.screen_start_s.get().to_string()
                    on:input=move |event| {
                        if let Ok(start) = event_target_value(&event).parse::<f64>() {
                            display.screen_start_s.set(display.clamp_start(start, display.span_s()));
                        }
                    }/>
                <output>{move || format!("{} s of {} s", fixed(display.screen_start_s.get() - signal.start_s, 2), fixed(duration_s, 1))}</output>
            </label>
        </div>
    }
}
