//! One study on screen: its title, the review of its nerve conduction studies, its needle EMG
//! channels, and its recordings as recorded (shown at once when there is nothing else to show
//! of them, otherwise on request).

use std::rc::Rc;

use edx_core::view_link::{EmbedPanel, EmbedPanels};
use leptos::prelude::*;

use super::impression::StudyImpression;
use super::nerve_review::{study_review, NerveConductionReview};
use super::patient_numbers::PatientNumbers;
use super::report_download::ReportDownload;
use super::study_save::SaveStudy;
use crate::needle::{shown_table, NeedleExamTable, NeedleSection};
use crate::opened_study::OpenedStudy;
use crate::studies::StudySlot;
use crate::viewer::SignalViewer;

/// The study in `slot`: all of it, or in a view embedded in another page only the panels it
/// names (and none of the page's saving, report or raw signals).
#[component]
pub fn StudyPage(
    /// The study and the physician's work on it.
    study: StudySlot,
    /// The panels of an embedded view; `None` for the whole study.
    panels: Option<EmbedPanels>,
) -> impl IntoView {
    let shows = |panel: EmbedPanel| panels.as_ref().is_none_or(|panels| panels.shows(panel));
    let whole = panels.is_none();
    let StudySlot { opened, review, needle_review, notes, .. } = study;
    let title = opened.study.title.clone();
    let nerves_only = edx_core::model::Study {
        title: opened.study.title.clone(),
        recordings: Vec::new(),
        nerve_conductions: opened.study.nerve_conductions.clone(),
        reference_profile: opened.study.reference_profile.clone(),
        patient: opened.study.patient,
        needle_examination: Default::default(),
        reason_for_study: None,
        comment: None,
        needle_unit_markers: Vec::new(),
    };
    let reviewed = study_review(&nerves_only, review);
    let nerves = StoredValue::new(nerves_only.nerve_conductions.clone());
    let has_nerves = !opened.study.nerve_conductions.is_empty();
    let nerve_review = (has_nerves && shows(EmbedPanel::Traces))
        .then(|| view! { <NerveConductionReview study=nerves_only review_state=review review=reviewed/> });
    let save = whole.then(|| view! { <SaveStudy opened=opened.clone() review needle_review notes/> });
    let has_needle = !opened.needle.is_empty();
    let table = shown_table(&opened, needle_review);
    let has_table = has_needle || !opened.study.needle_examination.rows.is_empty();
    let exam_table = (has_table && shows(EmbedPanel::Table))
        .then(|| view! { <NeedleExamTable opened=opened.clone() review=needle_review shown=table/> });
    let impression = ((has_table || has_nerves) && shows(EmbedPanel::Impression))
        .then(|| view! { <StudyImpression review=reviewed table nerves/> });
    let report = ((has_table || has_nerves) && whole)
        .then(|| view! { <ReportDownload opened=opened.clone() review=reviewed table notes needle_review/> });
    let numbers = (has_nerves && shows(EmbedPanel::Traces)).then(|| view! { <PatientNumbers review=reviewed nerves/> });
    let needle = (has_needle && shows(EmbedPanel::Needle))
        .then(|| view! { <NeedleSection opened=opened.clone() review=needle_review shown_table=table/> });
    let recordings = (0..if whole { opened.study.recordings.len() } else { 0 })
        .map(|recording_idx| view! { <RecordingAsRecorded opened=opened.clone() recording_idx/> })
        .collect_view();
    view! {
        <article class="study" data-testid="study-page">
            <h2 data-testid="study-title">{title}</h2>
            {save}
            {report}
            {impression}
            {numbers}
            {nerve_review}
            {exam_table}
            {needle}
            {recordings}
        </article>
    }
}

/// A recording's signals in the viewer: at once for a recording the study shows nothing else
/// of (an EEG, a file whose needle channels were not analysed), otherwise behind a button.
#[component]
fn RecordingAsRecorded(
    /// The study the recording belongs to.
    opened: Rc<OpenedStudy>,
    /// The recording, by position in the study.
    recording_idx: usize,
) -> impl IntoView {
    let Some(recording) = opened.recording(recording_idx) else { return ().into_any() };
    let shown_elsewhere = recording.recording.holds_nerve_conductions
        || opened.needle.iter().any(|channel| channel.recording_idx == recording_idx && channel.analysis().is_some());
    if !shown_elsewhere {
        // Needle channels too long to analyse automatically say so above the viewer.
        let note = opened
            .needle
            .iter()
            .filter(|channel| channel.recording_idx == recording_idx)
            .find_map(|channel| channel.outcome.as_ref().err().map(ToString::to_string));
        return view! {
            {note.map(|note| view! { <p class="hint" data-testid="needle-unanalysed">{note}</p> })}
            <SignalViewer recording/>
        }
        .into_any();
    }
    let (shown, set_shown) = signal(false);
    let label = if recording.recording.holds_nerve_conductions {
        format!("the raw signals of {}", recording.recording.title())
    } else {
        format!("every channel of {} in the signal viewer", recording.recording.title())
    };
    let recording = StoredValue::new_local(recording);
    view! {
        <button type="button" class="secondary-button" data-testid="show-raw" aria-expanded=move || shown.get().to_string() on:click=move |_| set_shown.update(|shown| *shown = !*shown)>
            {move || format!("{} {label}", if shown.get() { "Hide" } else { "Show" })}
        </button>
        {move || shown.get().then(|| view! { <SignalViewer recording=recording.get_value()/> })}
    }
    .into_any()
}
