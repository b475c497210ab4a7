//! The whole study's report and exports, made on this device: the report (edx-core's
//! `interpret::report`, the same document `edx report --html` writes) printed from the page or
//! downloaded as one HTML file, and every measurement as CSV (the file `edx export
//! --measurements` writes), at the markers, table and profile on screen, with the physician's
//! reason for the study and comment; and the nerve conduction sweeps as EDF+D (as `edx export --edf` writes them).

use std::rc::Rc;

use edx_core::formats::ncs_edf::{self, DataFormat};
use edx_core::interpret::export::measurements_csv;
use edx_core::interpret::localise::localise;
use edx_core::interpret::report::{html, html_linking_style, ReportParts};
use edx_core::interpret::StudyReview;
use edx_core::model::NeedleExamination;
use leptos::prelude::*;

use crate::needle::NeedleReviewState;
use crate::opened_study::OpenedStudy;
use crate::report_notes::ReportNotes;
use crate::settings::use_settings;

/// Where the app serves the report's stylesheet, beside the page.
const REPORT_STYLESHEET: &str = "report.css";

/// The reason and comment fields and the report's and exports' buttons.
#[component]
pub fn ReportDownload(
    /// The study on screen.
    opened: Rc<OpenedStudy>,
    /// Its nerve conductions reviewed at the markers on screen.
    review: Memo<StudyReview>,
    /// The needle examination table as shown.
    table: Memo<NeedleExamination>,
    /// What the physician typed for the report: the reason for the study and a comment.
    notes: ReportNotes,
    /// The needle units' duration markers as moved by hand.
    needle_review: NeedleReviewState,
) -> impl IntoView {
    let profile = use_settings().profile();
    let error = RwSignal::new(None::<String>);
    let stem = crate::download::file_stem(&opened.study.title);
    let (report_name, csv_name) = (format!("{stem}-report.html"), format!("{stem}-measurements.csv"));
    let edf_name = format!("{stem}-nerve-conductions.edf");
    let has_sweeps =
        opened.study.nerve_conductions.iter().flat_map(|nerve| &nerve.sites).any(|site| !site.sweeps.is_empty());
    let opened = StoredValue::new_local(opened);
    // The report with its stylesheet inline (a file), or linked (printed from the page).
    let report = move |linked: bool| {
        opened.with_value(|opened| {
            review.with(|review| {
                table.with(|table| {
                    profile.with(|profile| {
                        let localisation = localise(table, &opened.study.nerve_conductions, review);
                        let (reason, comment) = (notes.reason_for_study.get_untracked(), notes.comment.get_untracked());
                        let parts = ReportParts {
                            study: &opened.study,
                            review,
                            profile,
                            table,
                            localisation: &localisation,
                            reason_for_study: Some(reason.as_str()),
                            comment: Some(comment.as_str()),
                        };
                        if linked {
                            html_linking_style(&parts, REPORT_STYLESHEET)
                        } else {
                            html(&parts)
                        }
                    })
                })
            })
        })
    };
    let print = move |_| error.set(crate::print_frame::print_document(&report(true)).err());
    let download = move |_| error.set(crate::download::save_text(&report_name, "text/html", &report(false)).err());
    let download_csv = move |_| {
        let csv = opened.with_value(|opened| {
            let needle = needle_review.channels_at_markers(&opened.needle);
            review.with(|review| table.with(|table| measurements_csv(&opened.study, review, &needle, table)))
        });
        error.set(crate::download::save_text(&csv_name, "text/csv", &csv).err());
    };
    // The sweeps as 16-bit EDF+D in edxview's convention, whatever format they were read from;
    // the patient field anonymous, as `edx export --edf` writes it.
    let download_edf = move |_| {
        let bytes = opened.with_value(|opened| {
            ncs_edf::write_as(
                DataFormat::Edf,
                &opened.study.nerve_conductions,
                &opened.study.patient,
                "X X X X",
                "edxview_export",
            )
        });
        error.set(match bytes {
            Some(bytes) => crate::download::save_bytes(&edf_name, "application/octet-stream", &bytes).err(),
            None => {
                Some("These sweeps were recorded at different sampling rates, which one EDF+D file cannot hold.".into())
            }
        });
    };
    let edf_button = has_sweeps.then(|| {
        view! {
            <button type="button" class="secondary-button" data-testid="download-edf" on:click=download_edf>
                "Download the nerve conduction sweeps (EDF+D)"
            </button>
        }
    });
    view! {
        <details class="report-download no-print">
            <summary>"The report and exports"</summary>
            <p class="hint">"What you type here is printed in the report and kept when the study is saved."</p>
            <label class="report-comment">
                "Reason for the study "
                <input type="text" size="60" data-testid="report-reason" prop:value=move || notes.reason_for_study.get() on:input=move |event| notes.reason_for_study.set(event_target_value(&event))/>
            </label>
            <label class="report-comment">
                "Comment for the report "
                <textarea rows="3" cols="60" data-testid="report-comment" prop:value=move || notes.comment.get() on:input=move |event| notes.comment.set(event_target_value(&event))></textarea>
            </label>
            <div class="study-actions">
                <button type="button" class="secondary-button" data-testid="print-report" on:click=print>
                    "Print the report"
                </button>
                <button type="button" class="secondary-button" data-testid="download-report" on:click=download>
                    "Download the report (HTML, to print or save as PDF)"
                </button>
                <button type="button" class="secondary-button" data-testid="download-csv" on:click=download_csv>
                    "Download every measurement (CSV)"
                </button>
                {edf_button}
            </div>
            {move || error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
        </details>
    }
}
