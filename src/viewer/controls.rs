//! The viewer's controls above the traces: the time base, the polarity, and the position in
//! the recording.

use edx_core::display;
use leptos::prelude::*;

use super::state::{ViewState, TIME_BASES_MS_PER_DIV};

/// Time base, negative up, and position, each editing `state`.
#[component]
pub fn ViewerControls(
    /// The view the controls set.
    state: RwSignal<ViewState>,
) -> impl IntoView {
    let (first_s, last_s) = state.with_untracked(|view| view.extent);
    view! {
        <div class="viewer-controls">
            <label>
                "Time base "
                <select
                    data-testid="time-base"
                    prop:value=move || state.with(|view| view.time_base_idx.to_string())
                    on:change=move |event| {
                        if let Ok(time_base_idx) = event_target_value(&event).parse::<usize>() {
                            state.update(|view| {
                                view.time_base_idx = time_base_idx;
                                view.clamp();
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
                                    {display::sweep_ms_per_div(ms_per_div)}
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
                                view.clamp();
                            });
                        }
                    }
                />
            </label>
            <output data-testid="window-start">{move || format!("{} s", display::fixed(state.with(|view| view.start_s), 3))}</output>
        </div>
    }
}
