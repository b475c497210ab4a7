//! The patient's view of every nerve conduction value: what it measures, the value, the normal
//! range and what the difference means, grouped by study; said in words, not by colour alone.

use edx_core::interpret::patient::numbers::{explain_values, ExplainedValue};
use edx_core::interpret::StudyReview;
use edx_core::model::NerveConduction;
use leptos::prelude::*;

use super::glossary::{GlossaryText, WordList};
use crate::settings::use_settings;

/// Every value of the study explained, in the patient view only.
#[component]
pub fn PatientNumbers(
    /// The nerve conductions reviewed at the current markers and profile.
    review: Memo<StudyReview>,
    /// The study's nerve conduction studies.
    nerves: StoredValue<Vec<NerveConduction>>,
) -> impl IntoView {
    let settings = use_settings();
    let grouped = Memo::new(move |_| {
        let values = review.with(|review| nerves.with_value(|nerves| explain_values(nerves, review)));
        let mut groups: Vec<(String, Vec<ExplainedValue>)> = Vec::new();
        for value in values {
            match groups.last_mut() {
                Some((study, group)) if *study == value.study => group.push(value),
                _ => groups.push((value.study.clone(), vec![value])),
            }
        }
        groups
    });
    view! {
        <Show when=move || settings.patient_view.get() && grouped.with(|groups| !groups.is_empty())>
            <section class="patient-numbers" data-testid="patient-numbers" aria-labelledby="patient-numbers-heading">
                <h3 id="patient-numbers-heading">"Your numbers, explained"</h3>
                {move || grouped.get().into_iter().map(|(study, values)| view! {
                    <h4><GlossaryText text=study/></h4>
                    <ul>
                        {values.into_iter().map(|value| {
                            let (class, word) = match value.is_abnormal {
                                Some(true) => ("outside", "Outside the normal range: "),
                                Some(false) => ("normal", "Normal: "),
                                None => ("unjudged", "Not judged: "),
                            };
                            view! { <li class=class data-testid="patient-value"><strong>{word}</strong>{value.sentence}</li> }
                        }).collect_view()}
                    </ul>
                }).collect_view()}
                {move || {
                    let texts: Vec<String> = grouped.with(|groups| {
                        groups.iter().flat_map(|(study, values)| std::iter::once(study.clone()).chain(values.iter().map(|value| value.sentence.clone()))).collect()
                    });
                    view! { <WordList texts/> }
                }}
            </section>
        </Show>
    }
}
