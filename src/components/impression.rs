//! The study's impression at the top of the study: where the whole study points, with its
//! basis, the alternatives and what speaks against each, and what the study cannot tell. It
//! follows every change: a grade typed in the needle examination table, a marker moved, the
//! reference profile chosen. In the patient view, the same impression in plain words.

use edx_core::interpret::localise::{localise, Localisation};
use edx_core::interpret::patient::tested::{tested, Tested};
use edx_core::interpret::patient::{explain, PatientExplanation};
use edx_core::interpret::StudyReview;
use edx_core::model::{NeedleExamination, NerveConduction};
use leptos::prelude::*;

use super::body_figure::BodyFigure;
use super::glossary::{GlossaryText, WordList};
use crate::settings::use_settings;

/// The impression of the study reviewed as `review`, with needle examination `table`.
#[component]
pub fn StudyImpression(
    /// The nerve conductions reviewed at the current markers and profile.
    review: Memo<StudyReview>,
    /// The needle examination table as shown.
    table: Memo<NeedleExamination>,
    /// The study's nerve conduction studies.
    nerves: StoredValue<Vec<NerveConduction>>,
) -> impl IntoView {
    let settings = use_settings();
    let localised = Memo::new(move |_| {
        table.with(|table| review.with(|review| nerves.with_value(|nerves| localise(table, nerves, review))))
    });
    view! {
        <section class="impression" data-testid="impression" aria-labelledby="impression-heading">
            <h3 id="impression-heading">{move || if settings.patient_view.get() { "Your test in plain words" } else { "Impression" }}</h3>
            {move || if settings.patient_view.get() {
                let tested = table.with(|table| review.with(|review| nerves.with_value(|nerves| tested(nerves, review, table))));
                localised.with(|localised| view! {
                    <PlainWords explained=explain(localised)/>
                    <WhatWasTested tested named=localised.named()/>
                }.into_any())
            } else {
                localised.with(|localised| view! { <ImpressionBody localised=localised.clone()/> }.into_any())
            }}
        </section>
    }
}

/// What was tested: the body figure, and each nerve and muscle by name with its result in words.
#[component]
fn WhatWasTested(tested: Vec<Tested>, named: Option<edx_core::interpret::localise::Lesion>) -> impl IntoView {
    let (muscles, nerves): (Vec<&Tested>, Vec<&Tested>) = tested.iter().partition(|item| item.muscle_id.is_some());
    let list = |items: Vec<&Tested>, heading: &'static str| {
        (!items.is_empty()).then(|| {
            view! {
                <div class="tested-list">
                    <h5>{heading}</h5>
                    <ul>
                        {items
                            .into_iter()
                            .map(|item| {
                                let result = match item.is_abnormal {
                                    Some(true) => "showed changes",
                                    Some(false) => "normal",
                                    None => "not judged",
                                };
                                let place = item.plain_place.map(|place| format!(" ({place})")).unwrap_or_default();
                                view! { <li data-testid="tested-item">{format!("{}{place}: {result}", item.name)}</li> }
                            })
                            .collect_view()}
                    </ul>
                </div>
            }
        })
    };
    let nerve_list = list(nerves, "Nerves");
    let muscle_list = list(muscles, "Muscles (needle test)");
    view! {
        <div class="what-was-tested" data-testid="what-was-tested">
            <h4>"What was tested"</h4>
            <BodyFigure tested=tested.clone() named/>
            <div class="tested-lists">{nerve_list}{muscle_list}</div>
        </div>
    }
}

/// The impression explained to the patient: where, how severe, since when, what the study
/// cannot tell, questions for the doctor, and the note that this does not diagnose.
#[component]
fn PlainWords(explained: PatientExplanation) -> impl IntoView {
    let PatientExplanation { summary, place, severity, since_when, notes, questions, disclaimer } = explained;
    let texts: Vec<String> = [Some(summary.clone()), place.clone(), severity.clone(), since_when.clone()]
        .into_iter()
        .flatten()
        .chain(notes.clone())
        .collect();
    let paragraph = |text: Option<String>, testid: &'static str| {
        text.map(|text| view! { <p class="plain-part" data-testid=testid><GlossaryText text/></p> })
    };
    view! {
        <div class="plain-words" data-testid="plain-impression">
            <p class="impression-statement" data-testid="plain-summary"><GlossaryText text=summary/></p>
            {paragraph(place, "plain-place")}
            {paragraph(severity, "plain-severity")}
            {paragraph(since_when, "plain-since-when")}
            <ul class="plain-notes">{notes.into_iter().map(|note| view! { <li><GlossaryText text=note/></li> }).collect_view()}</ul>
            <WordList texts/>
            <h4>"Questions you may want to ask your doctor"</h4>
            <ul class="plain-questions" data-testid="plain-questions">
                {questions.into_iter().map(|question| view! { <li>{question}</li> }).collect_view()}
            </ul>
            <p class="disclaimer" data-testid="plain-disclaimer">{disclaimer}</p>
            <button type="button" class="secondary-button" data-testid="print-explanation" on:click=move |_| {
                // The browser's own print dialog, which also saves as PDF; nothing leaves the device.
                let _ = window().print();
            }>
                "Print this explanation"
            </button>
        </div>
    }
}

#[component]
fn ImpressionBody(localised: Localisation) -> impl IntoView {
    let Localisation { impression, lesion, severity, basis, alternatives, limitations, rule, .. } = localised;
    view! {
        <p class="impression-statement" class:abnormal=lesion.is_some() data-testid="impression-statement">{impression}</p>
        <ul class="impression-basis">{basis.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
        {severity.map(|severity| view! {
            <div class="impression-severity" data-testid="impression-severity">
                <h4>{format!("Severity: {}", severity.grade.map_or("not graded", |grade| grade.label()))}</h4>
                <ul>{severity.basis.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
                <p class="sources">{severity.rule}</p>
            </div>
        })}
        {(!limitations.is_empty()).then(|| view! {
            <div class="impression-limitations" data-testid="impression-limitations">
                <h4>"What this study cannot tell"</h4>
                <ul>{limitations.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            </div>
        })}
        <details class="impression-alternatives">
            <summary>"Alternatives considered"</summary>
            <ul>
                {alternatives
                    .into_iter()
                    .map(|alternative| {
                        let times = if alternative.times_less_likely >= 1000.0 {
                            "over 1000".to_string()
                        } else {
                            edx_core::display::fixed(alternative.times_less_likely, 1)
                        };
                        let against = if alternative.against.is_empty() {
                            String::new()
                        } else {
                            format!(": {}", alternative.against.join("; "))
                        };
                        view! { <li>{format!("{} ({times} times less likely){against}.", alternative.lesion)}</li> }
                    })
                    .collect_view()}
            </ul>
            <p class="sources">{rule}</p>
        </details>
    }
}
