//! The whole study's report, downloaded as one HTML file made on this device: the same
//! document `edx report --html` writes (edx-core's `interpret::report`), at the markers, table
//! and profile on screen, with the physician's comment. Opened in the browser it prints on A4
//! or Letter ("Save as PDF" is the browser's own).

use std::rc::Rc;

use edx_core::interpret::localise::localise;
use edx_core::interpret::report::{html, ReportParts};
use edx_core::interpret::StudyReview;
use edx_core::model::NeedleExamination;
use leptos::prelude::*;

use crate::opened_study::OpenedStudy;
use crate::settings::use_settings;

/// The comment field and the "Download the report" button.
#[component]
pub fn ReportDownload(
    /// The study on screen.
    opened: Rc<OpenedStudy>,
    /// Its nerve conductions reviewed at the markers on screen.
    review: Memo<StudyReview>,
    /// The needle examination table as shown.
    table: Memo<NeedleExamination>,
) -> impl IntoView {
    let profile = use_settings().profile();
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let file_name = format!("{}-report.html", crate::download::file_stem(&opened.study.title));
    let opened = StoredValue::new_local(opened);
    let download = move |_| {
        let document = opened.with_value(|opened| {
            review.with(|review| {
                table.with(|table| {
                    profile.with(|profile| {
                        let localisation = localise(table, &opened.study.nerve_conductions, review);
                        let comment = comment.get_untracked();
                        html(&ReportParts {
                            study: &opened.study,
                            review,
                            profile,
                            table,
                            localisation: &localisation,
                            comment: Some(comment.as_str()),
                        })
                    })
                })
            })
        });
        error.set(crate::download::save_text(&file_name, "text/html", &document).err());
    };
    view! {
        <details class="report-download no-print">
            <summary>"The report"</summary>
            <label class="report-comment">
                "Comment for the report "
                <textarea rows="3" cols="60" data-testid="report-comment" prop:value=comment on:input=move |event| comment.set(event_target_value(&event))></textarea>
            </label>
            <button type="button" class="secondary-button" data-testid="download-report" on:click=download>
                "Download the report (HTML, to print or save as PDF)"
            </button>
            {move || error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
        </details>
    }
}
