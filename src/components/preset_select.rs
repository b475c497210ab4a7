//! A select of preset values, as an acquisition machine's knobs offer them (sensitivity, sweep,
//! filters, display mode): one component for every such control.

use edx_core::display;
use leptos::prelude::*;

/// A labelled select of `presets` (each a value and its label) writing the chosen value to
/// `chosen`. Options are numbered, so any value type works.
#[component]
pub fn PresetSelect<T>(
    /// The control's name, shown before it.
    label: &'static str,
    /// The test hook of the select.
    test_id: &'static str,
    /// The values offered, with their labels as the machine prints them.
    presets: Vec<(T, String)>,
    /// The value chosen.
    chosen: RwSignal<T>,
) -> impl IntoView
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let presets = StoredValue::new(presets);
    let on_change = move |event: leptos::ev::Event| {
        let picked = event_target_value(&event).parse::<usize>().ok();
        if let Some(value) =
            picked.and_then(|preset_idx| presets.with_value(|presets| presets.get(preset_idx).cloned()))
        {
            chosen.set(value.0);
        }
    };
    let chosen_idx = move || {
        chosen
            .with(|chosen| presets.with_value(|presets| presets.iter().position(|(value, _)| value == chosen)))
            .map_or_else(String::new, |preset_idx| preset_idx.to_string())
    };
    let options = presets.with_value(|presets| {
        presets
            .iter()
            .enumerate()
            .map(|(preset_idx, (value, text))| {
                let value = value.clone();
                view! {
                    <option value=preset_idx.to_string() selected=move || chosen.with(|chosen| *chosen == value)>
                        {text.clone()}
                    </option>
                }
            })
            .collect_view()
    });
    view! {
        <label>
            {label}
            " "
            // The property follows changes made elsewhere (keys, a reset): a browser ignores an
            // option's `selected` attribute once the user has picked one.
            <select data-testid=test_id on:change=on_change prop:value=chosen_idx>
                {options}
            </select>
        </label>
    }
}

/// The sensitivity and sweep selects of a trace display, in µV and ms per division.
#[component]
pub fn ScaleSelects(
    /// Sensitivities offered, µV per division.
    sensitivities_uv_per_div: &'static [f64],
    /// Sweep speeds offered, ms per division.
    sweeps_ms_per_div: &'static [f64],
    /// The sensitivity chosen.
    sensitivity: RwSignal<f64>,
    /// The sweep speed chosen.
    sweep: RwSignal<f64>,
    /// The test hooks of the two selects.
    test_ids: (&'static str, &'static str),
) -> impl IntoView {
    let (sensitivity_id, sweep_id) = test_ids;
    view! {
        <PresetSelect
            label="Sensitivity"
            test_id=sensitivity_id
            presets=sensitivities_uv_per_div.iter().map(|&uv| (uv, display::sensitivity_uv_per_div(uv))).collect()
            chosen=sensitivity
        />
        <PresetSelect
            label="Sweep"
            test_id=sweep_id
            presets=sweeps_ms_per_div.iter().map(|&ms| (ms, display::sweep_ms_per_div(ms))).collect()
            chosen=sweep
        />
    }
}
