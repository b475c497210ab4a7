//! The teaching simulator's controls: a condition and its settings, each change simulated and
//! analysed in the worker (edx-core's `synth::simulator`) and shown as any study is, with its
//! traces, needle table, needle recordings and sound, and impression.

use edx_core::display::capitalised;
use edx_core::model::Side;
use edx_core::synth::simulator::{
    weeks_text, Condition, NoiseLevel, Severity, Simulation, TEMPERATURES_OFFERED_C, WEEKS_OFFERED,
};
use leptos::prelude::*;

use crate::components::preset_select::PresetSelect;
use crate::studies::{Selection, Studies};

/// The simulator's controls. A change of any of them shows the study it describes, simulated
/// on this device; a simulation on screen (opened from a link, say) sets them.
#[component]
pub fn Simulator(
    /// The studies, to show the simulation in.
    studies: Studies,
) -> impl IntoView {
    let start = Simulation::default();
    let condition = RwSignal::new(start.condition);
    let side = RwSignal::new(start.side);
    let severity = RwSignal::new(start.severity);
    let weeks = RwSignal::new(start.weeks_since_onset);
    let temperature = RwSignal::new(start.skin_temperature_c);
    let noise = RwSignal::new(start.noise);
    let chosen = Memo::new(move |_| Simulation {
        condition: condition.get(),
        side: side.get(),
        severity: severity.get(),
        weeks_since_onset: weeks.get(),
        skin_temperature_c: temperature.get(),
        noise: noise.get(),
    });
    let on_screen = Memo::new(move |_| match studies.selection.get() {
        Selection::Demo(id) => Simulation::parse(&id),
        Selection::Study(_) | Selection::TypedReport => None,
    });
    // A simulation put on screen elsewhere (a link, the study list) sets the controls.
    Effect::new(move |_| {
        if let Some(shown) = on_screen.get() {
            condition.set(shown.condition);
            side.set(shown.side);
            severity.set(shown.severity);
            weeks.set(shown.weeks_since_onset);
            temperature.set(shown.skin_temperature_c);
            noise.set(shown.noise);
        }
    });
    // Every change of a control shows its study; the first run only takes the settings in.
    Effect::new(move |previous: Option<Simulation>| {
        let simulation = chosen.get();
        if previous.is_some_and(|previous| previous != simulation) && on_screen.get_untracked() != Some(simulation) {
            studies.show_demo(simulation.id());
        }
        simulation
    });
    let show = move |_| studies.show_demo(chosen.get_untracked().id());
    let is_lesion = move || condition.get().is_lesion();
    view! {
        <section class="simulator" aria-labelledby="simulator-heading" data-testid="simulator">
            <h2 id="simulator-heading">"Simulator"</h2>
            <p class="hint">"For teaching: pick a condition and its settings. The study is simulated and analysed on this device, and redrawn at every change."</p>
            <div class="simulator-controls">
                <PresetSelect
                    label="Condition"
                    test_id="sim-condition"
                    presets=Condition::all().map(|condition| (condition, condition.name.to_string())).collect()
                    chosen=condition
                />
                <PresetSelect
                    label="Side"
                    test_id="sim-side"
                    presets=vec![(Side::Left, "Left".to_string()), (Side::Right, "Right".to_string())]
                    chosen=side
                />
                <div class="simulator-lesion" class:hidden=move || !is_lesion()>
                    <PresetSelect
                        label="Severity"
                        test_id="sim-severity"
                        presets=Severity::ALL.into_iter().map(|severity| (severity, capitalised(severity.id()))).collect()
                        chosen=severity
                    />
                    <PresetSelect
                        label="Since onset"
                        test_id="sim-weeks"
                        presets=WEEKS_OFFERED.into_iter().map(|weeks| (weeks, weeks_text(weeks))).collect()
                        chosen=weeks
                    />
                </div>
                <PresetSelect
                    label="Skin temperature"
                    test_id="sim-temperature"
                    presets=TEMPERATURES_OFFERED_C.into_iter().map(|celsius| (celsius, format!("{celsius} °C"))).collect()
                    chosen=temperature
                />
                <PresetSelect
                    label="Noise"
                    test_id="sim-noise"
                    presets=NoiseLevel::ALL.into_iter().map(|level| (level, capitalised(level.id()))).collect()
                    chosen=noise
                />
            </div>
            <button
                type="button"
                class="secondary-button"
                data-testid="sim-show"
                aria-pressed=move || (on_screen.get() == Some(chosen.get())).to_string()
                on:click=show
            >
                "Show the simulated study"
            </button>
        </section>
    }
}
