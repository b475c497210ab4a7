//! The needle findings: the pattern and the numbers it rests on, the motor unit summary against
//! the reference, spontaneous activity with its grade and rule, recruitment and the interference
//! pattern; and for a patient, the same in plain words.

use edx_core::display;
use edx_core::needle::comparison::{summary_caption, summary_rows, Verdict};
use edx_core::needle::polarity::LOOKS_INVERTED_NOTE;
use edx_core::needle::{
    ActivitySegment, InterferenceEpoch, MuapMeasures, MuapReference, NeedleAnalysis, Recruitment, SpontaneousActivity,
};
use leptos::prelude::*;

use crate::settings::Settings;

/// How many spontaneous potentials are listed one by one.
const LISTED_POTENTIALS: usize = 40;

/// The findings of one needle channel, following the units' duration markers as the user moves
/// them: the summary and the pattern are recomputed by edx-core from the units' new measures.
#[component]
pub fn NeedleFindings(
    /// The analysis as the worker made it.
    analysis: StoredValue<NeedleAnalysis>,
    /// Each unit's measures at its current duration markers.
    unit_measures: Signal<Vec<Option<MuapMeasures>>>,
    /// The reference values applied, if any.
    reference: Option<MuapReference>,
    /// Samples per second: below twice the bandwidth references need, means are not flagged.
    sampling_rate_hz: f64,
    /// Recording time of the analysed segment's start, s.
    segment_start_s: f64,
    /// Moves the screen to a time and plays it.
    jump_to: Callback<f64>,
) -> impl IntoView {
    let settings = use_context::<Settings>();
    let patient_view = move || settings.is_some_and(|settings| settings.patient_view.get());
    let reference = StoredValue::new(reference);
    let live = Memo::new(move |_| {
        unit_measures.with(|measures| {
            analysis.with_value(|analysis| {
                reference.with_value(|reference| analysis.remeasured(measures, reference.as_ref()))
            })
        })
    });
    let plain = move || live.with(|analysis| analysis.pattern.plain_language.clone());
    view! {
        <Show when=patient_view fallback=move || view! { <PhysicianFindings analysis live reference sampling_rate_hz segment_start_s jump_to/> }>
            <div class="patient-view findings" data-testid="needle-patient-view">
                <h3>"What the needle test of this muscle shows"</h3>
                <p>{plain}</p>
                <dl class="glossary">
                    <dt>"Needle EMG"</dt>
                    <dd>"A thin needle in the muscle picks up its electrical signals, at rest and while you tighten the muscle gently. The signals can also be heard as crackles and thumps."</dd>
                    <dt>"Motor unit"</dt>
                    <dd>"One nerve fibre and the muscle fibres it controls. When you tighten a muscle, its motor units fire; each shows as a spike on the screen."</dd>
                    <dt>"Fibrillation potentials and positive sharp waves"</dt>
                    <dd>"Tiny signals from single muscle fibres that fire on their own while the muscle rests. They mean some fibres recently lost their nerve supply: the damage is ongoing."</dd>
                    <dt>"Large, long motor units"</dt>
                    <dd>"When nerve fibres are lost, the surviving ones take over the orphaned muscle fibres, so their motor units grow. This takes months, so it shows that the problem has been there for a while."</dd>
                    <dt>"Small, short motor units"</dt>
                    <dd>"When the muscle fibres themselves are damaged, each motor unit has fewer working fibres and its signal is smaller and briefer. This points to a muscle problem (myopathy)."</dd>
                </dl>
                <p class="hint">"These explanations are general. Your doctor will combine the results with your symptoms and examination."</p>
            </div>
        </Show>
    }
}

/// The findings as a physician reads them. Only the pattern, its basis and the motor unit
/// summary follow the duration markers; the rest does not depend on them and is built once, so
/// an open list stays open and focus stays where it was while a marker is dragged.
#[component]
fn PhysicianFindings(
    /// The analysis as the worker made it: segments, spontaneous activity, recruitment and
    /// interference are read from it once.
    analysis: StoredValue<NeedleAnalysis>,
    /// The analysis at the units' current duration markers.
    live: Memo<NeedleAnalysis>,
    /// The reference values applied, if any.
    reference: StoredValue<Option<MuapReference>>,
    /// Samples per second: below twice the bandwidth references need, means are not flagged.
    sampling_rate_hz: f64,
    /// Recording time of the analysed segment's start, s.
    segment_start_s: f64,
    /// Moves the screen to a time and plays it.
    jump_to: Callback<f64>,
) -> impl IntoView {
    let (looks_inverted, segments, spontaneous, recruitment, interference, median_frequency_hz) =
        analysis.with_value(|analysis| {
            (
                analysis.looks_inverted,
                analysis.segments.clone(),
                analysis.spontaneous.clone(),
                analysis.recruitment,
                analysis.interference.clone(),
                analysis.median_frequency_hz,
            )
        });
    view! {
        <div class="findings needle-findings" data-testid="needle-findings">
            <h3>"Findings"</h3>
            <PatternAndBasis live/>
            <SummaryTable live reference sampling_rate_hz/>
            {looks_inverted.then(|| view! { <p class="finding" data-testid="needle-inverted">{LOOKS_INVERTED_NOTE}</p> })}
            <p>{segments_text(&segments, segment_start_s)}</p>
            <SpontaneousFindings spontaneous segment_start_s jump_to/>
            <RecruitmentAndInterference recruitment interference median_frequency_hz/>
        </div>
    }
}

/// The pattern the units are consistent with, marked when abnormal, and the numbers it rests on
/// with their sources; the text follows the duration markers inside elements that stay, so the
/// basis stays open or closed as the user left it.
#[component]
fn PatternAndBasis(
    /// The analysis at the units' current duration markers.
    live: Memo<NeedleAnalysis>,
) -> impl IntoView {
    let abnormal = Memo::new(move |_| live.with(|analysis| analysis.pattern.pattern.is_abnormal()));
    view! {
        <p class="finding" class:abnormal=move || abnormal.get() data-testid="needle-pattern">
            <span class="finding-mark">{move || if abnormal.get() { "▲ " } else { "" }}</span>
            {move || live.with(|analysis| analysis.pattern.statement.clone())}
        </p>
        <details open>
            <summary>"What this rests on"</summary>
            <ul>
                {move || live.with(|analysis| analysis.pattern.basis.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view())}
            </ul>
            <p class="sources">{move || live.with(|analysis| analysis.pattern.sources.join("; "))}</p>
        </details>
    }
}

/// The motor unit summary beside the reference, each mean marked by symbol and words when
/// outside its limits; it follows the duration markers.
#[component]
fn SummaryTable(
    /// The analysis at the units' current duration markers.
    live: Memo<NeedleAnalysis>,
    /// The reference values applied, if any.
    reference: StoredValue<Option<MuapReference>>,
    /// Samples per second: below twice the bandwidth references need, means are not flagged.
    sampling_rate_hz: f64,
) -> impl IntoView {
    let summary = Memo::new(move |_| live.with(|analysis| analysis.summary));
    move || {
        let summary = summary.get()?;
        reference.with_value(|reference| {
            let rows = summary_rows(&summary, reference.as_ref(), sampling_rate_hz).into_iter().map(|row| {
                let symbol = row.verdict.and_then(Verdict::symbol);
                let mark = symbol.map(|symbol| format!("{symbol} ")).unwrap_or_default();
                let range = row.reference_text();
                view! {
                    <tr>
                        <th scope="row">{row.measure}</th>
                        <td class="flagged" class:abnormal=symbol.is_some()>
                            {format!("{mark}{}", row.mean_text())}
                            <span class="visually-hidden">{row.verdict.map(|verdict| format!(" {}", verdict.label())).unwrap_or_default()}</span>
                        </td>
                        <td>{range}</td>
                    </tr>
                }
            }).collect_view();
            Some(view! {
                <table class="measurements" data-testid="needle-summary">
                    <caption>{summary_caption(&summary, reference.as_ref(), sampling_rate_hz)}</caption>
                    <thead><tr><th>"Measure"</th><th>"Mean"</th><th>"Reference"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            })
        })
    }
}

/// `Segments: rest 0.00–2.01 s (no motor unit potential recurs at a voluntary rate); clipped
/// (not measured) 2.01–2.03 s (the amplifier saturated); …`, in recording time.
fn segments_text(segments: &[ActivitySegment], segment_start_s: f64) -> String {
    let segments: Vec<String> = segments
        .iter()
        .map(|segment| {
            format!(
                "{} {}–{} s ({})",
                segment.kind.label(),
                display::fixed(segment_start_s + segment.start_s, 2),
                display::fixed(segment_start_s + segment.end_s, 2),
                segment.basis.label()
            )
        })
        .collect();
    format!("Segments: {}.", segments.join("; "))
}

/// Spontaneous activity at rest: the grade with its rule, the trains (each can be shown and
/// played), repetitive discharges and the potentials one by one.
#[component]
fn SpontaneousFindings(
    /// What was found at rest.
    spontaneous: SpontaneousActivity,
    /// Recording time of the analysed segment's start, s.
    segment_start_s: f64,
    /// Moves the screen to a time and plays it.
    jump_to: Callback<f64>,
) -> impl IntoView {
    let grade = spontaneous.grade.as_ref().map(|grade| {
        view! {
            <p data-testid="spontaneous-grade">
                {format!(
                    "Fibrillation potentials and positive sharp waves at rest: grade {} ({} per second over {} s of rest, {} trains).",
                    grade.label(),
                    display::fixed(grade.potentials_per_s, 2),
                    display::fixed(spontaneous.rest_s, 1),
                    grade.n_trains
                )}
            </p>
            <p class="hint">{format!("Rule: {}", grade.rule)}</p>
        }
    });
    let trains = spontaneous.trains.iter().map(|train| {
        let start = segment_start_s + train.start_s;
        let regular = if train.is_regular() { "regular" } else { "irregular" };
        view! {
            <tr>
                <th scope="row">{train.class.label()}</th>
                <td>{train.n_potentials}</td>
                <td>{format!("{} Hz", display::fixed(train.firing_rate_hz, 1))}</td>
                <td>{format!("{regular} (CV {})", display::fixed(train.interval_cv, 2))}</td>
                <td>{format!("{}–{} s", display::fixed(start, 2), display::fixed(segment_start_s + train.end_s, 2))}</td>
                <td><button type="button" class="link-button" on:click=move |_| jump_to.run(start)>"Show and play"</button></td>
            </tr>
        }
    }).collect_view();
    let repetitive = spontaneous.repetitive.iter().map(|discharge| {
        let name = discharge.kind.label();
        view! { <li>{format!("{name} at {} Hz, {}–{} s", display::fixed(discharge.rate_hz, 1), display::fixed(segment_start_s + discharge.start_s, 2), display::fixed(segment_start_s + discharge.end_s, 2))}</li> }
    }).collect_view();
    let potentials = spontaneous.potentials.iter().take(LISTED_POTENTIALS).map(|potential| {
        let time = segment_start_s + potential.time_s;
        view! {
            <li>
                <button type="button" class="link-button" on:click=move |_| jump_to.run(time)>
                    {format!("{} s: {}, {} µV, {} ms", display::fixed(time, 3), potential.class.label(), display::fixed(potential.amplitude_uv, 0), display::fixed(potential.duration_ms, 1))}
                </button>
            </li>
        }
    }).collect_view();
    let n_potentials = spontaneous.potentials.len();
    view! {
        <h4>"Spontaneous activity at rest"</h4>
        {grade}
        {(spontaneous.rest_s <= 0.0).then(|| view! { <p>"No stretch of rest was recorded, so spontaneous activity could not be examined."</p> })}
        {(!spontaneous.trains.is_empty()).then(|| view! {
            <table class="measurements" data-testid="spontaneous-trains">
                <caption>"Trains of spontaneous potentials"</caption>
                <thead><tr><th>"Class"</th><th>"Potentials"</th><th>"Rate"</th><th>"Regularity"</th><th>"Time"</th><th></th></tr></thead>
                <tbody>{trains}</tbody>
            </table>
        })}
        <ul>{repetitive}</ul>
        {(n_potentials > 0).then(|| view! {
            <details>
                <summary>{format!("{n_potentials} spontaneous potentials{}", if n_potentials > LISTED_POTENTIALS { format!(" (first {LISTED_POTENTIALS} listed)") } else { String::new() })}</summary>
                <ul class="potential-list">{potentials}</ul>
            </details>
        })}
    }
}

/// Recruitment, the interference pattern's turns and amplitude, and the spectrum's median
/// frequency (a description only).
#[component]
fn RecruitmentAndInterference(
    /// How the units were recruited.
    recruitment: Recruitment,
    /// Turns/amplitude per one-second epoch of voluntary activity.
    interference: Vec<InterferenceEpoch>,
    /// Median frequency of the voluntary activity, Hz.
    median_frequency_hz: Option<f64>,
) -> impl IntoView {
    let interference_text = InterferenceEpoch::mean_of(&interference).map(|mean| {
        format!(
            "Interference pattern over {} one-second epochs: {} turns/s, {} µV mean amplitude per turn.",
            interference.len(),
            display::fixed(mean.turns_per_s, 0),
            display::fixed(mean.mean_amplitude_per_turn_uv, 0)
        )
    });
    let spectrum_text = median_frequency_hz.map(|frequency| {
        format!(
            "Median frequency of the voluntary activity: {} Hz (a description only; it is not used to diagnose).",
            display::fixed(frequency, 0)
        )
    });
    view! {
        <h4>"Recruitment and interference"</h4>
        <p>{recruitment.sentence()}</p>
        {interference_text.map(|text| view! { <p>{text}</p> })}
        {spectrum_text.map(|text| view! { <p class="hint">{text}</p> })}
    }
}
