//! The page: header with the privacy promise, the file opener, the demo list and the study view.

use edx_core::model::Study;
use edx_core::synth::demos;
use leptos::prelude::*;

use crate::components::demo_list::DemoList;
use crate::components::opened_files::{OpenedFile, OpenedFiles};
use crate::components::study_view::StudyView;
use crate::file_input::{FileDropZone, FilePicker};

/// The root component: the whole page.
#[component]
pub fn App() -> impl IntoView {
    Effect::new(|_| crate::offline::register_service_worker());
    let first_demo = demos::ALL[0].id;
    let (selected_demo, set_selected_demo) = signal(Some(first_demo.to_string()));
    let study = Memo::new(move |_| selected_demo.get().and_then(|id| demos::build(&id)));
    let (opened_files, set_opened_files) = signal(Vec::<OpenedFile>::new());

    let on_files = Callback::new(move |files: Vec<OpenedFile>| {
        set_opened_files.update(|opened| opened.extend(files));
    });

    view! {
        <FileDropZone on_files>
            <header class="site-header">
                <h1>"edxview"</h1>
                <p class="privacy-statement" data-testid="privacy-statement">
                    "Your files are read and analysed on this device only: nothing is uploaded, stored or shared."
                </p>
            </header>
            <main class="layout">
                <aside class="sidebar" aria-label="Studies">
                    <section class="open-files">
                        <h2>"Open a study"</h2>
                        <FilePicker on_files/>
                        <p class="hint">"or drop files anywhere on this page."</p>
                        <OpenedFiles files=opened_files/>
                    </section>
                    <DemoList
                        selected=selected_demo
                        on_select=Callback::new(move |id: String| set_selected_demo.set(Some(id)))
                    />
                </aside>
                <section class="study-area" aria-label="Study view">
                    <StudyView study=Signal::derive(move || study.get().unwrap_or_else(Study::default))/>
                </section>
            </main>
        </FileDropZone>
    }
}
