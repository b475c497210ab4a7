//! The report form: a paper or PDF report's tables typed in, kept in this browser as they are
//! typed, and explained like a recorded study once edx-core has read them
//! (`formats::typed_report`). The form only holds the text; what it means is the core's.

mod needle_table;
mod nerve_table;
mod row_parts;
mod storage;

use edx_core::formats::study_file;
use edx_core::formats::typed_report::{self, TypedReport};
use edx_core::model::Study;
use leptos::prelude::*;
use web_sys::File;

use crate::settings::use_settings;
use crate::studies::Studies;
use needle_table::NeedleTable;
use nerve_table::NerveTable;

/// The form, with its study details, both tables and its actions.
#[component]
pub fn TypedReportForm(studies: Studies) -> impl IntoView {
    let settings = use_settings();
    let report = RwSignal::new(storage::load());
    let storage_error = RwSignal::new(None::<String>);
    Effect::new(move |_| report.with(|report| storage_error.set(storage::keep(report).err())));
    // Once the user asked for an explanation, what cannot be read and what to confirm follow
    // every change, so each goes away as it is corrected.
    let attempted = RwSignal::new(false);
    let checked = Memo::new(move |_| attempted.get().then(|| report.with(typed_report::read)));
    let problems = Memo::new(move |_| match checked.get() {
        Some(Err(problems)) => problems,
        _ => Vec::new(),
    });
    let questions = Memo::new(move |_| match checked.get() {
        Some(Ok(read)) => read.questions,
        _ => Vec::new(),
    });
    let action_error = RwSignal::new(None::<String>);
    let forget_asked = RwSignal::new(false);
    // The study as a study file, once every entry reads and every question is confirmed.
    let study_file_text = move || -> Option<(String, String)> {
        attempted.set(true);
        let read = report.with_untracked(typed_report::read).ok().filter(|read| read.is_confirmed())?;
        Some((file_name(&read.study), as_study_file(&read.study, &settings.profile_id.get_untracked())))
    };
    let explain = move |_| {
        let Some((name, text)) = study_file_text() else { return };
        let parts = js_sys::Array::of1(&text.into());
        match File::new_with_str_sequence(&parts, &name) {
            Ok(file) => {
                studies.printed_report.set(None);
                action_error.set(None);
                studies.open_new_study(vec![file]);
            }
            Err(_) => action_error.set(Some("the browser could not prepare the study; try again".into())),
        }
    };
    let save = move |_| {
        if let Some((name, text)) = study_file_text() {
            action_error.set(crate::download::save_text(&name, "application/json", &text).err());
        }
    };
    let forget = move |_| {
        storage::forget();
        report.set(TypedReport::default());
        attempted.set(false);
        forget_asked.set(false);
    };
    let confirm = move |key: String, confirmed: bool| {
        report.update(|report| {
            report.confirmed.retain(|kept| *kept != key);
            if confirmed {
                report.confirmed.push(key);
            }
        })
    };
    view! {
        <section class="typed-report" aria-labelledby="typed-report-title" data-testid="typed-report">
            <h2 id="typed-report-title">"Type in a paper report"</h2>
            {move || studies.printed_report.get().map(|name| view! {
                <p class="notice" role="status" data-testid="typed-report-pdf-note">
                    {format!("You opened {name}, a PDF report. A PDF's tables cannot be read reliably, so edxview asks you to type them in here: it takes a few minutes, and nothing you type leaves this device.")}
                </p>
            })}
            <p>
                "Type the tables of the report you were given, and edxview explains them as it explains a recorded study. What you type stays in this browser, on this device only, until you press “Forget this study”. “Save as a study file” keeps a copy you can open again."
            </p>
            <StudyDetails report/>
            <NerveTable report problems questions/>
            <NeedleTable report problems questions/>
            <div class="study-actions">
                <button type="button" class="primary-button" data-testid="typed-explain" on:click=explain>"Explain this report"</button>
                <button type="button" class="secondary-button" data-testid="typed-save" on:click=save>"Save as a study file"</button>
                <button type="button" class="secondary-button" data-testid="typed-forget" aria-expanded=move || forget_asked.get().to_string() on:click=move |_| forget_asked.set(true)>
                    "Forget this study"
                </button>
            </div>
            {move || forget_asked.get().then(|| view! {
                <p class="notice" role="alert">
                    "This clears the form and removes the report from this browser. "
                    <button type="button" class="secondary-button" data-testid="typed-forget-confirm" on:click=forget>"Forget it"</button>
                    " "
                    <button type="button" class="link-button" on:click=move |_| forget_asked.set(false)>"Keep it"</button>
                </p>
            })}
            {move || (!problems.with(Vec::is_empty)).then(|| view! {
                <div class="error" role="alert" data-testid="typed-problems">
                    <p>"Some entries cannot be read yet; nothing was lost:"</p>
                    <ul>{problems.get().into_iter().map(|problem| view! { <li>{problem.to_string()}</li> }).collect_view()}</ul>
                </div>
            })}
            {move || (!questions.with(Vec::is_empty)).then(|| view! {
                <div class="notice" role="status" data-testid="typed-questions">
                    <p>"Please check these values against the report. Correct them, or tick “The report says this”:"</p>
                    <ul>
                        {questions.get().into_iter().map(|question| {
                            let key = question.key.clone();
                            view! {
                                <li data-testid="typed-question">
                                    {question.text}
                                    " "
                                    <label class="typed-confirm">
                                        <input
                                            type="checkbox"
                                            data-testid="typed-confirm"
                                            prop:checked=question.confirmed
                                            on:change=move |event| confirm(key.clone(), event_target_checked(&event))
                                        />
                                        " The report says this"
                                    </label>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </div>
            })}
            {move || storage_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            {move || action_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
        </section>
    }
}

/// The study's name and the patient details limits depend on.
#[component]
fn StudyDetails(report: RwSignal<TypedReport>) -> impl IntoView {
    type Field = fn(&mut TypedReport) -> &mut String;
    let field = move |field: Field, label: &'static str, test_id: &'static str, size: &'static str| {
        view! {
            <label>
                {label}
                " "
                <input
                    type="text"
                    size=size
                    data-testid=test_id
                    prop:value=move || report.with(|report| field(&mut report.clone()).clone())
                    on:input=move |event| {
                        let typed = event_target_value(&event);
                        report.update(|report| *field(report) = typed);
                    }
                />
            </label>
        }
    };
    view! {
        <fieldset class="typed-details">
            <legend>"The study"</legend>
            {field(|report| &mut report.title, "Name it (e.g. the clinic and date)", "typed-title", "28")}
            {field(|report| &mut report.age_years, "Age (years)", "typed-age", "4")}
            {field(|report| &mut report.height_cm, "Height (cm)", "typed-height", "4")}
            {field(|report| &mut report.skin_temperature_c, "Skin temperature (°C)", "typed-temperature", "4")}
        </fieldset>
    }
}

/// The study file's name, from the study's title.
fn file_name(study: &Study) -> String {
    format!("{}.edxview.json", crate::download::file_stem(&study.title))
}

/// `study` written as a study file with `profile_id`: no markers, its sites carry the values.
fn as_study_file(study: &Study, profile_id: &str) -> String {
    let markers: Vec<Vec<_>> = study.nerve_conductions.iter().map(|nerve| vec![None; nerve.sites.len()]).collect();
    study_file::write(study, &markers, profile_id)
}
