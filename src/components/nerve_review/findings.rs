//! The findings of a study's nerve conductions: for the physician, each statement with the
//! measurements and rules it rests on; for the patient, the same in plain language.

use edx_core::interpret::{Finding, StudyReview};
use leptos::prelude::*;

use crate::settings::use_settings;

/// The findings: for the physician, each statement with the measurements and rules it rests on;
/// for the patient, the same in plain language.
#[component]
pub fn FindingsSummary(
    /// The study reviewed at the current markers and corrections.
    review: Memo<StudyReview>,
) -> impl IntoView {
    let settings = use_settings();
    let findings = move || review.with(StudyReview::findings_to_show);
    view! {
        <section class="findings" data-testid="findings">
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
fn PhysicianFinding(
    /// The statement, with the measurements and rules it rests on.
    finding: Finding,
) -> impl IntoView {
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
fn PatientExplanation(
    /// The findings the study's summary lists.
    findings: Signal<Vec<Finding>>,
) -> impl IntoView {
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
