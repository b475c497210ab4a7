//! The viewer's channel list: each channel shown or hidden, its rate and unit, its sensitivity,
//! and for a channel without a physical unit (WAV) the calibration the user enters.

use edx_core::display;
use edx_core::model::Channel;
use leptos::prelude::*;

use super::state::ViewState;

/// A row per channel of `channels`, each editing its settings in `state`.
#[component]
pub fn ChannelList(
    /// The recording's channels.
    channels: Vec<Channel>,
    /// The view, whose channel settings the rows edit.
    state: RwSignal<ViewState>,
) -> impl IntoView {
    view! {
        <ul class="channel-list" data-testid="channel-list">
            {channels
                .into_iter()
                .enumerate()
                .map(|(channel_idx, channel)| view! { <ChannelRow channel channel_idx state/> })
                .collect_view()}
        </ul>
    }
}

/// One channel: shown or hidden, its rate and unit, its sensitivity, and its calibration when
/// the file gives none.
#[component]
fn ChannelRow(
    /// The channel's description.
    channel: Channel,
    /// Its position in the recording.
    channel_idx: usize,
    /// The view, whose settings for this channel the row edits.
    state: RwSignal<ViewState>,
) -> impl IntoView {
    let options = move || {
        let (shown, presets) =
            state.with(|view| (view.channels[channel_idx].calibrated().0, view.channels[channel_idx].presets()));
        presets
            .into_iter()
            .enumerate()
            .map(|(preset_idx, preset)| {
                view! {
                    <option value=preset_idx.to_string() selected=move || state.with(|view| view.channels[channel_idx].sensitivity_idx == preset_idx)>
                        {display::sensitivity_per_div(preset, &shown)}
                    </option>
                }
            })
            .collect_view()
    };
    let is_uncalibrated = !channel.unit.is_electrical();
    let calibrate = move |event: leptos::ev::Event| {
        let entered =
            event_target_value(&event).trim().parse::<f64>().ok().filter(|value| *value > 0.0 && value.is_finite());
        state.update(|view| view.channels[channel_idx].calibrate(entered));
    };
    let label = channel.label.clone();
    let rate = display::trimmed(channel.sampling_rate_hz);
    let unit = channel.unit.symbol().to_string();
    let details = move || match state.with(|view| view.channels[channel_idx].calibration_uv_per_count) {
        Some(uv_per_count) if is_uncalibrated => {
            format!("{rate} Hz, µV (calibrated by you: {uv_per_count} µV per count)")
        }
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
                prop:value=move || state.with(|view| view.channels[channel_idx].sensitivity_idx.to_string())
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
}
