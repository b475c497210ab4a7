//! Saving the whole study as an edxview study file: the nerve conductions with their markers
//! and late-response corrections as the physician left them, the needle examination table as
//! shown (typed cells, and analysed ones with their basis and recording named), and the
//! reason for the study and comment for the report.

use std::rc::Rc;

use edx_core::formats::study_file;
use edx_core::needle::examination::table_of;
use edx_core::needle::moved_unit_markers;
use leptos::prelude::*;

use super::nerve_review::NerveReviewState;
use crate::needle::NeedleReviewState;
use crate::opened_study::OpenedStudy;
use crate::report_notes::ReportNotes;
use crate::settings::use_settings;

/// The "Save the study" button, and why saving failed if it did.
#[component]
pub fn SaveStudy(
    /// The study on screen.
    opened: Rc<OpenedStudy>,
    /// Its nerve conduction markers and corrections.
    review: NerveReviewState,
    /// Its needle examination rows as edited.
    needle_review: NeedleReviewState,
    /// What the physician typed for the report.
    notes: ReportNotes,
) -> impl IntoView {
    let settings = use_settings();
    let error = RwSignal::new(None::<String>);
    let file_name = format!("{}.edxview.json", crate::download::file_stem(&opened.study.title));
    let opened = StoredValue::new_local(opened);
    let save = move |_| {
        let text = opened.with_value(|opened| {
            let mut study = opened.study.clone();
            review.late_corrections.with(|corrections| {
                for (nerve, corrections) in study.nerve_conductions.iter_mut().zip(corrections) {
                    if let Some(site) = nerve.sites.first_mut() {
                        site.saved_late_corrections = corrections.clone();
                    }
                }
            });
            let channels = needle_review.channels_at_markers(&opened.needle);
            study.needle_examination = needle_review.typed_rows.with(|typed| table_of(typed, &opened.study, &channels));
            study.needle_unit_markers =
                moved_unit_markers(&opened.study, &opened.needle, &needle_review.moved_markers());
            study.reason_for_study = notes.saved_reason_for_study();
            study.comment = notes.saved_comment();
            review.markers.with(|markers| study_file::write(&study, markers, &settings.profile_id.get_untracked()))
        });
        let saved = crate::download::save_text(&file_name, "application/json", &text);
        if saved.is_ok() {
            // The file holds the edits now: the copy kept on the device is no longer needed.
            needle_review.forget_kept();
            notes.forget_kept();
        }
        error.set(saved.err());
    };
    view! {
        <div class="study-actions no-print">
            <button type="button" class="secondary-button" data-testid="save-study" on:click=save>"Save the study"</button>
        </div>
        {move || error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
    }
}
