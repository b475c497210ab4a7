//! The study area: the findings of the open study and a panel per nerve conduction study, all
//! following the markers as the user moves them and the reference profile as it is chosen.

use edx_core::formats::study_file;
use edx_core::interpret::export::measurements_csv;
use edx_core::interpret::{review_study, Finding, StudyReview};
use edx_core::model::{NerveConductionKind, Study};
use edx_core::ncs::{initial_markers, StudyAdjustments};
use leptos::prelude::*;

use super::late_responses::{LateCorrections, LateResponsePanel};
use super::left_right::{left_right_pairs, LeftRightTraces};
use super::nerve_study::{automatic_markers, NerveStudyPanel};
use crate::settings::use_settings;

/// Shows the open study's title, its findings, and a panel per nerve.
#[component]
pub fn StudyView(
    /// The study on screen.
    study: Study,
) -> impl IntoView {
    let settings = use_settings();
    let profile = settings.profile();
    let title = study.title.clone();
    let study_title = StoredValue::new(study.title.clone());
    let patient = study.patient;
    // A study file brings its markers (and its profile); otherwise they are placed automatically.
    let automatic: Vec<_> = study.nerve_conductions.iter().map(automatic_markers).collect();
    let markers = RwSignal::new(study.nerve_conductions.iter().map(initial_markers).collect::<Vec<_>>());
    let automatic = StoredValue::new(automatic);
    if let Some(saved_profile) = study.reference_profile.clone() {
        if settings.profiles.with_untracked(|profiles| profiles.iter().any(|profile| profile.id == saved_profile)) {
            settings.profile_id.set(saved_profile);
        }
    }
    let n_nerves = study.nerve_conductions.len();
    let side_pairs = left_right_pairs(&study.nerve_conductions);
    // A study file brings its late-response corrections too.
    let late_corrections: LateCorrections = RwSignal::new(
        study
            .nerve_conductions
            .iter()
            .map(|nerve| nerve.sites.first().map_or_else(Vec::new, |site| site.saved_late_corrections.clone()))
            .collect(),
    );
    let nerves = StoredValue::new(study.nerve_conductions);
    let review = Memo::new(move |_| {
        markers.with(|markers| {
            late_corrections.with(|corrections| {
                nerves.with_value(|nerves| {
                    let adjustments = StudyAdjustments::at_markers(markers).with_late_corrections(corrections);
                    profile.with(|profile| review_study(nerves, adjustments, profile, &patient))
                })
            })
        })
    });
    let export_error = RwSignal::new(None::<String>);
    let file_stem: String = title
        .chars()
        .map(|character| if character.is_ascii_alphanumeric() { character.to_ascii_lowercase() } else { '-' })
        .collect();
    let csv_name = format!("{}-measurements.csv", file_stem.trim_matches('-'));
    let download_csv = move |_| {
        let csv = review.with(|review| nerves.with_value(|nerves| measurements_csv(nerves, review)));
        export_error.set(crate::download::save_text(&csv_name, "text/csv", &csv).err());
    };
    let study_name = format!("{}.edxview.json", file_stem.trim_matches('-'));
    let save_study = move |_| {
        let text = markers.with(|markers| {
            nerves.with_value(|nerves| {
                let mut nerve_conductions = nerves.clone();
                late_corrections.with(|corrections| {
                    for (nerve, corrections) in nerve_conductions.iter_mut().zip(corrections) {
                        if let Some(site) = nerve.sites.first_mut() {
                            site.saved_late_corrections = corrections.clone();
                        }
                    }
                });
                let study = Study {
                    title: study_title.get_value(),
                    recordings: Vec::new(),
                    nerve_conductions,
                    reference_profile: None,
                    patient,
                };
                study_file::write(&study, markers, &settings.profile_id.get_untracked())
            })
        });
        export_error.set(crate::download::save_text(&study_name, "application/json", &text).err());
    };
    let reset_every_marker = move |_| {
        markers.set(automatic.get_value());
        late_corrections.set(vec![Vec::new(); n_nerves]);
    };
    let print = move |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    };
    view! {
        <article class="study" data-testid="study-view">
            <h2 data-testid="study-title">{title}</h2>
            <div class="study-actions no-print">
                <button type="button" class="secondary-button" data-testid="save-study" on:click=save_study>"Save the study with its markers"</button>
                <button type="button" class="secondary-button" data-testid="download-csv" on:click=download_csv>"Download the measurements (CSV)"</button>
                <button type="button" class="secondary-button" data-testid="reset-study-markers" on:click=reset_every_marker>"Reset every marker to automatic"</button>
                <button type="button" class="secondary-button" data-testid="print" on:click=print>"Print"</button>
            </div>
            {move || export_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            <FindingsSummary review/>
            <ComparisonTable review/>
            <div class:hidden=move || settings.patient_view.get()>
                {side_pairs.into_iter().map(|(right_idx, left_idx)| view! { <LeftRightTraces nerves right_idx left_idx/> }).collect_view()}
                {(0..n_nerves)
                    .map(|nerve_idx| {
                        let is_late = nerves.with_value(|nerves| matches!(nerves[nerve_idx].kind, NerveConductionKind::FWave | NerveConductionKind::HReflex));
                        if is_late {
                            view! { <LateResponsePanel nerve_idx nerves review corrections=late_corrections/> }.into_any()
                        } else {
                            view! { <NerveStudyPanel nerve_idx nerves markers automatic review/> }.into_any()
                        }
                    })
                    .collect_view()}
            </div>
        </article>
    }
}

/// The findings: for the physician, each statement with the measurements and rules it rests on;
/// for the patient, the same in plain language.
#[component]
fn FindingsSummary(review: Memo<StudyReview>) -> impl IntoView {
    let settings = use_settings();
    let findings = move || {
        review.with(|review| {
            let abnormal_nerve_findings =
                review.nerves.iter().flat_map(|nerve| &nerve.findings).filter(|finding| finding.is_abnormal);
            let mut all: Vec<Finding> = review.findings.iter().chain(abnormal_nerve_findings).cloned().collect();
            // A normal study (with at most normal study-wide findings such as Bland grade 0)
            // shows every nerve's finding, so each nerve is seen to be within normal limits.
            if !all.iter().any(|finding| finding.is_abnormal) {
                all = review
                    .findings
                    .iter()
                    .chain(review.nerves.iter().flat_map(|nerve| &nerve.findings))
                    .cloned()
                    .collect();
            }
            all
        })
    };
    view! {
        <section class="findings" data-testid="findings" aria-live="polite">
            <h3>{move || if settings.patient_view.get() { "What the study shows" } else { "Findings" }}</h3>
            <Show
                when=move || settings.patient_view.get()
                fallback=move || view! {
                    <ul class="finding-list">
                        {move || findings().into_iter().map(|finding| view! { <PhysicianFinding finding/> }).collect_view()}
                    </ul>
                }
            >
                <PatientExplanation findings=Signal::derive(findings)/>
            </Show>
        </section>
    }
}

#[component]
fn PhysicianFinding(finding: Finding) -> impl IntoView {
    view! {
        <li class="finding" class:abnormal=finding.is_abnormal data-testid="finding">
            <span class="finding-mark" aria-hidden="true">{if finding.is_abnormal { "● " } else { "○ " }}</span>
            <span class="finding-statement">{finding.statement.clone()}</span>
            <details>
                <summary>"Basis and sources"</summary>
                <ul>{finding.basis.iter().map(|basis| view! { <li>{basis.clone()}</li> }).collect_view()}</ul>
                <p class="sources">{finding.sources.join("; ")}</p>
            </details>
        </li>
    }
}

/// The study in plain language: each finding's patient sentence, severity where graded, what NCS
/// can and cannot say about timing, and the words used.
#[component]
fn PatientExplanation(findings: Signal<Vec<Finding>>) -> impl IntoView {
    view! {
        <div class="patient-view" data-testid="patient-view">
            <ul class="patient-findings">
                {move || {
                    findings
                        .get()
                        .into_iter()
                        .map(|finding| {
                            let severity = finding.severity.map(|severity| format!(" Severity: {}.", severity.label()));
                            view! {
                                <li class:abnormal=finding.is_abnormal>
                                    <strong>{if finding.is_abnormal { "Outside normal limits: " } else { "Normal: " }}</strong>
                                    {finding.plain_language.clone()}
                                    {severity}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p>
                "Nerve conduction studies show where and how a nerve is affected, but not on their own whether the damage is recent or long-standing. "
                "The needle examination of muscles (EMG) helps with that: signs at rest suggest ongoing damage; large, long motor units suggest the body has been repairing it for a while."
            </p>
            <h4>"Words used"</h4>
            <dl class="glossary">
                <dt>"Latency"</dt>
                <dd>"How long the signal took to arrive. A longer time can mean the signal was slowed somewhere, often where a nerve is squeezed."</dd>
                <dt>"Amplitude"</dt>
                <dd>"How big the response was. It roughly reflects how many nerve or muscle fibres answered; a small response can mean fewer working fibres."</dd>
                <dt>"Conduction velocity"</dt>
                <dd>"How fast the signal travelled between two points. Slowing usually points to damage of the nerve's insulating layer (myelin)."</dd>
                <dt>"Conduction block"</dt>
                <dd>"The signal got through below a spot, but much less of it got through above it, like a partial roadblock on the nerve."</dd>
                <dt>"Temperature"</dt>
                <dd>"Cold hands or feet slow nerve signals, so they are warmed first. If they were cool, some slowing may not be real."</dd>
            </dl>
            <p class="hint">"These explanations are general. Your doctor will combine the results with your symptoms and examination."</p>
        </div>
    }
}

/// Side-to-side and median-against-ulnar comparisons, each against its published limit where
/// one exists; a symbol and words mark a difference beyond it.
#[component]
fn ComparisonTable(review: Memo<StudyReview>) -> impl IntoView {
    let settings = use_settings();
    let rows = move || {
        review.with(|review| {
            review
                .comparisons
                .iter()
                .map(|comparison| {
                    let value = |value: f64| match comparison.unit {
                        "µV" if value >= 1000.0 => format!("{} mV", edx_core::display::fixed(value / 1000.0, 1)),
                        "µV" => format!("{} µV", edx_core::display::fixed(value, 1)),
                        unit => format!("{} {unit}", edx_core::display::fixed(value, 2)),
                    };
                    let difference = match comparison.difference_unit {
                        "ms" => format!("{} ms", edx_core::display::fixed(comparison.difference, 2)),
                        "%" => format!("{} %", edx_core::display::fixed(comparison.difference, 0)),
                        _ => format!("ratio {}", edx_core::display::fixed(comparison.difference, 2)),
                    };
                    let abnormal = comparison.is_abnormal == Some(true);
                    let verdict = match comparison.is_abnormal {
                        Some(true) => "▲ beyond the limit",
                        Some(false) => "within the limit",
                        None => "no verified limit: not labelled",
                    };
                    let limit = comparison.limit.as_ref().map_or(String::new(), |(limit, source)| format!("{limit} · {source}"));
                    view! {
                        <tr>
                            <th scope="row">{comparison.title.clone()}</th>
                            <td>{comparison.measure}</td>
                            <td>{format!("{} {}", comparison.first.0, value(comparison.first.1))}</td>
                            <td>{format!("{} {}", comparison.second.0, value(comparison.second.1))}</td>
                            <td class="flagged" class:abnormal=abnormal tabindex="0" data-limit=limit.clone() title=limit>{difference}</td>
                            <td>{verdict}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <Show when=move || !settings.patient_view.get() && review.with(|review| !review.comparisons.is_empty())>
            <table class="measurements comparisons" data-testid="comparisons">
                <caption>"Comparisons"</caption>
                <thead><tr><th>"Nerves"</th><th>"Measure"</th><th>"First"</th><th>"Second"</th><th>"Difference"</th><th>"Against the limit"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </Show>
    }
}
