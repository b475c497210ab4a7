//! The study area: every nerve conduction study of the open study, one panel each.

use edx_core::model::Study;
use leptos::prelude::*;

use super::nerve_study::NerveStudyPanel;

/// Shows the open study's title and a trace panel per nerve.
#[component]
pub fn StudyView(
    /// The study on screen.
    #[prop(into)]
    study: Signal<Study>,
) -> impl IntoView {
    view! {
        <article class="study" data-testid="study-view">
            <h2 data-testid="study-title">{move || study.with(|study| study.title.clone())}</h2>
            {move || {
                study
                    .get()
                    .nerve_conductions
                    .into_iter()
                    .map(|nerve| view! { <NerveStudyPanel nerve/> })
                    .collect_view()
            }}
        </article>
    }
}
