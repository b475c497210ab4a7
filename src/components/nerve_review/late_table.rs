//! The measures of an F-wave train or H-reflex series, as reports tabulate them; the minimum F
//! latency flagged against the chosen profile as the conduction tables flag their values.

use edx_core::display;
use edx_core::interpret::{criteria, Measure, Place, ReviewedNerve};
use edx_core::model::NerveConductionKind;
use edx_core::ncs::LateAnalysis;
use leptos::prelude::*;

use super::tables::FlaggedCell;

/// The table of one late-response study, following the physician's corrections.
#[component]
pub fn LateTable(
    /// The study as reviewed with the corrections.
    reviewed: Memo<Option<ReviewedNerve>>,
) -> impl IntoView {
    move || {
        reviewed.with(|reviewed| {
            let reviewed = reviewed.as_ref()?;
            let late = reviewed.analysis.late.as_ref()?;
            let latency = |value: Option<f64>| value.map_or("–".to_string(), |value| format!("{} ms", display::latency_ms(value)));
            // The H reflex and the M wave are muscle responses, printed as an H-reflex study prints them.
            let amplitude = |value_uv: f64| {
                let (number, unit) = display::amplitude(value_uv, NerveConductionKind::HReflex.amplitudes_in_millivolts());
                format!("{number} {unit}")
            };
            Some(match late {
                LateAnalysis::FWaves(f_waves) => {
                    let flag = reviewed.flags.get(Place::Site(0), Measure::FWaveMinimumLatency).cloned();
                    let minimum_text = if f_waves.minimum_latency_ms.is_none() { "absent".to_string() } else { latency(f_waves.minimum_latency_ms) };
                    let n_with = f_waves.sweeps.iter().filter(|sweep| sweep.response.is_some()).count();
                    view! {
                        <table class="measurements" data-testid="late-table">
                            <caption>"F waves"</caption>
                            <tbody>
                                <tr><th scope="row">"M wave onset"</th><td>{latency(f_waves.m_onset_ms)}</td></tr>
                                <tr>
                                    <th scope="row">"Minimum F latency"</th>
                                    <FlaggedCell text=minimum_text flag test_id="f-minimum".to_string()/>
                                </tr>
                                <tr><th scope="row">"Mean F latency"</th><td>{latency(f_waves.mean_latency_ms)}</td></tr>
                                <tr><th scope="row">"Maximum F latency"</th><td>{latency(f_waves.maximum_latency_ms)}</td></tr>
                                <tr><th scope="row">"Chronodispersion"</th><td>{latency(f_waves.chronodispersion_ms)}</td></tr>
                                <tr><th scope="row">"Persistence"</th><td data-testid="f-persistence">{format!("{n_with} of {} ({})", f_waves.sweeps.len(), display::percent(f_waves.persistence_pct))}</td></tr>
                                <tr><th scope="row">"Mean F / M amplitude"</th><td>{f_waves.mean_f_to_m_pct.map_or("–".to_string(), display::small_percent)}</td></tr>
                            </tbody>
                        </table>
                    }
                    .into_any()
                }
                LateAnalysis::HReflex(h_reflex) => view! {
                    <table class="measurements" data-testid="late-table">
                        <caption>"H reflex (largest of the series)"</caption>
                        <tbody>
                            <tr><th scope="row">"H latency"</th><td data-testid="h-latency">{latency(h_reflex.latency_ms)}</td></tr>
                            <tr><th scope="row">"H amplitude"</th><td>{h_reflex.amplitude_uv.map_or("–".to_string(), amplitude)}</td></tr>
                            <tr><th scope="row">"M max"</th><td>{h_reflex.m_max_uv.map_or("–".to_string(), amplitude)}</td></tr>
                            <tr><th scope="row">"H / M"</th><td>{h_reflex.h_to_m_pct.map_or("–".to_string(), display::percent)}</td></tr>
                        </tbody>
                    </table>
                    <p class="hint">{criteria::h_reflex_not_labelled_note()}</p>
                }
                .into_any(),
            })
        })
    }
}
