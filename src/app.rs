//! The page: header with the privacy promise, the file opener, the lists of opened studies and
//! demo studies, and the study on screen.

use edx_core::synth::demos;
use edx_core::view_link::EmbedPanels;
use leptos::prelude::*;
use web_sys::File;

use crate::components::demo_list::DemoList;
use crate::components::needle_progress::NeedleProgressNote;
use crate::components::opened_files::OpenedFiles;
use crate::components::profile_chooser::ProfileChooser;
use crate::components::simulator::Simulator;
use crate::components::study_list::StudyList;
use crate::components::study_page::StudyPage;
use crate::components::typed_report::TypedReportForm;
use crate::components::waiting_files::WaitingFiles;
use crate::embed::{EmbedThisView, EmbeddedPage};
use crate::file_input::{FileDropZone, FilePicker};
use crate::settings::Settings;
use crate::studies::{Selection, Studies};
use crate::view_link::CopyLink;

/// The root component: the whole page.
#[component]
pub fn App() -> impl IntoView {
    Effect::new(|_| crate::offline::register_service_worker());
    let settings = Settings::new();
    provide_context(settings);
    // A link names a demo and a view; otherwise the page opens on the first demo.
    let link = crate::view_link::opened_with();
    settings.patient_view.set(link.patient_view);
    let first_demo = link.demo.clone().unwrap_or_else(|| demos::ALL[0].id.to_string());
    let studies = Studies::new(&first_demo, settings);
    crate::view_link::keep_in_address_bar(studies, settings, link.embed.clone());
    let embed = link.embed.clone();
    studies.restore_on_open(link);
    // The worker starts once the page is up rather than with the first request, so that it has
    // compiled and warmed up its code (see the worker) by the time a file is dropped; the page
    // opens on its demo, which the worker simulates.
    set_timeout(move || studies.show_demo(first_demo), std::time::Duration::ZERO);
    let on_files = Callback::new(move |files: Vec<File>| studies.offer_files(files));
    let selected_demo = Signal::derive(move || match studies.selection.get() {
        Selection::Demo(id) => Some(id),
        Selection::Study(_) | Selection::TypedReport => None,
    });
    if let Some(panels) = embed {
        return view! { <EmbeddedPage studies panels/> }.into_any();
    }

    view! {
        <FileDropZone on_files>
            <header class="site-header">
                <h1>"edxview"</h1>
                <p class="privacy-statement" data-testid="privacy-statement">
                    "Your files are read and analysed on this device only: nothing is uploaded, stored or shared."
                </p>
                <div class="view-switch" role="group" aria-label="Who is reading">
                    <button
                        type="button"
                        data-testid="physician-view"
                        aria-pressed=move || (!settings.patient_view.get()).to_string()
                        on:click=move |_| settings.patient_view.set(false)
                    >
                        "Physician view"
                    </button>
                    <button
                        type="button"
                        data-testid="patient-view-button"
                        aria-pressed=move || settings.patient_view.get().to_string()
                        on:click=move |_| settings.patient_view.set(true)
                    >
                        "Patient view"
                    </button>
                </div>
                <div class="share no-print">
                    <CopyLink studies/>
                    <EmbedThisView studies/>
                </div>
            </header>
            <main class="layout" class:patient-reading=move || settings.patient_view.get()>
                <aside class="sidebar" aria-label="Studies">
                    <section class="open-files">
                        <h2>"Open a study"</h2>
                        <FilePicker on_files/>
                        <p class="hint">"or drop files anywhere on this page. Files opened together make one study: a nerve conduction file with the needle recordings of several muscles, or a WFDB record's .hea file with its data files."</p>
                        <OpenedFiles files=studies.files/>
                    </section>
                    <section class="typed-report-entry">
                        <h2>"Have a paper or PDF report?"</h2>
                        <button
                            type="button"
                            class="secondary-button"
                            data-testid="open-typed-report"
                            aria-pressed=move || (studies.selection.get() == Selection::TypedReport).to_string()
                            on:click=move |_| studies.select(Selection::TypedReport)
                        >
                            "Type in a report"
                        </button>
                        <p class="hint">"Type its tables and edxview explains them. It stays on this device."</p>
                    </section>
                    <ProfileChooser/>
                    <StudyList studies/>
                    <Simulator studies/>
                    <DemoList
                        selected=selected_demo
                        on_select=Callback::new(move |id: String| studies.show_demo(id))
                    />
                </aside>
                <StudyArea studies panels=None/>
            </main>
        </FileDropZone>
    }
    .into_any()
}

/// The study on screen, or what stands in for it while a demo is simulated; `panels` are those
/// an embedded view shows (`None` on the whole page).
#[component]
pub fn StudyArea(
    /// The studies, with the one on screen.
    studies: Studies,
    /// The panels of an embedded view.
    panels: Option<EmbedPanels>,
) -> impl IntoView {
    // Only a change of the study on screen redraws it, not a study opening elsewhere.
    let shown = Memo::new(move |_| studies.shown());
    let panels = StoredValue::new(panels);
    view! {
        <section class="study-area" aria-label="Study view">
            {move || studies.link_note.get().map(|note| view! { <p class="hint" role="status" data-testid="link-note">{note}</p> })}
            <NeedleProgressNote progress=studies.needle_progress/>
            <WaitingFiles studies/>
            {move || match (shown.get().and_then(|(id, _)| studies.slot(id)), studies.selection.get()) {
                (_, Selection::TypedReport) => view! { <TypedReportForm studies/> }.into_any(),
                (Some(study), _) => view! { <StudyPage study panels=panels.get_value()/> }.into_any(),
                (None, Selection::Demo(id)) => match studies.demo_errors.with(|errors| errors.get(&id).cloned()) {
                    Some(message) => view! { <p class="error" role="alert">{format!("The demo could not be simulated: {message}")}</p> }.into_any(),
                    None => view! { <p data-testid="demo-loading" aria-live="polite">"Simulating and analysing the demo study on this device…"</p> }.into_any(),
                },
                (None, Selection::Study(_)) => view! { <p>"This study is no longer open."</p> }.into_any(),
            }}
        </section>
    }
}
