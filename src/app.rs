//! The page: header with the privacy promise, the file opener, the lists of opened recordings
//! and demo studies, and the view of whichever is selected.

use std::rc::Rc;

use edx_core::display;
use edx_core::synth::demos;
use leptos::prelude::*;
use web_sys::File;

use crate::components::demo_list::DemoList;
use crate::components::opened_files::{FileState, OpenedFile, OpenedFiles};
use crate::components::profile_chooser::ProfileChooser;
use crate::components::study_view::StudyView;
use crate::file_input::{FileDropZone, FilePicker};
use crate::needle::NeedleRecording;
use crate::parsing::{OpenedRecording, ParsingWorker, WorkerEvent};
use crate::settings::Settings;
use crate::viewer::SignalViewer;

/// What the study area shows.
#[derive(Debug, Clone, PartialEq)]
enum Selection {
    /// A built-in nerve conduction demo, by identifier.
    Demo(String),
    /// A built-in needle demo, by identifier (simulated and analysed in the worker).
    NeedleDemo(String),
    /// An opened recording, by position in the opened list.
    Recording(usize),
}

/// The root component: the whole page.
#[component]
pub fn App() -> impl IntoView {
    Effect::new(|_| crate::offline::register_service_worker());
    let settings = Settings::new();
    provide_context(settings);
    let selection = RwSignal::new(Selection::Demo(demos::ALL[0].id.to_string()));
    let opened_files = RwSignal::new(Vec::<OpenedFile>::new());
    let recordings = RwSignal::new_local(Vec::<Rc<OpenedRecording>>::new());
    let needle_demos = RwSignal::new_local(Vec::<Rc<OpenedRecording>>::new());
    let demo_error = RwSignal::new(None::<String>);
    let worker = StoredValue::new_local(None::<ParsingWorker>);

    let on_worker_event = move |event: WorkerEvent| match event {
        WorkerEvent::Progress { file_name, fraction } => {
            set_file_state(opened_files, &file_name, FileState::Reading(fraction))
        }
        WorkerEvent::Recording(recording) if recording.summary.demo_id.is_some() => {
            needle_demos.update(|demos| demos.push(recording));
        }
        WorkerEvent::Recording(recording) => {
            let description = describe(&recording);
            let warnings = recording.summary.warnings.clone();
            set_file_state(opened_files, &recording.summary.file_name, FileState::Read { description, warnings });
            recordings.update(|recordings| recordings.push(recording));
            selection.set(Selection::Recording(recordings.with_untracked(Vec::len) - 1));
        }
        WorkerEvent::Failed { file_name, message } => {
            if demos::NEEDLE.iter().any(|demo| demo.id == file_name) {
                demo_error.set(Some(message.clone()));
            }
            set_file_state(opened_files, &file_name, FileState::Failed(message))
        }
        WorkerEvent::Finished => opened_files.update(|files| {
            for file in files.iter_mut().filter(|file| matches!(file.state, FileState::Reading(_))) {
                file.state = FileState::Companion;
            }
        }),
    };

    let ensure_worker = move || -> Result<(), String> {
        if worker.with_value(Option::is_some) {
            return Ok(());
        }
        let started = ParsingWorker::start(on_worker_event)?;
        worker.set_value(Some(started));
        Ok(())
    };
    // The worker starts once the page is up rather than with the first request, so that it has
    // compiled and warmed up its code (see the worker) by the time a file is dropped; a failure
    // to start is reported when a file is opened, which tries again.
    set_timeout(
        move || {
            let _ = ensure_worker();
        },
        std::time::Duration::ZERO,
    );
    let on_files = Callback::new(move |files: Vec<File>| {
        if files.is_empty() {
            return;
        }
        opened_files.update(|opened| {
            opened.extend(files.iter().map(|file| OpenedFile {
                name: file.name(),
                n_bytes: file.size() as u64,
                state: FileState::Reading(0.0),
            }));
        });
        let outcome = ensure_worker()
            .and_then(|()| worker.with_value(|worker| worker.as_ref().map_or(Ok(()), |worker| worker.open(&files))));
        if let Err(message) = outcome {
            for file in &files {
                set_file_state(opened_files, &file.name(), FileState::Failed(message.clone()));
            }
        }
    });
    let on_needle_demo = Callback::new(move |id: String| {
        selection.set(Selection::NeedleDemo(id.clone()));
        demo_error.set(None);
        if needle_demos
            .with_untracked(|demos| demos.iter().any(|demo| demo.summary.demo_id.as_deref() == Some(id.as_str())))
        {
            return;
        }
        let outcome = ensure_worker()
            .and_then(|()| worker.with_value(|worker| worker.as_ref().map_or(Ok(()), |worker| worker.open_demo(&id))));
        if let Err(message) = outcome {
            demo_error.set(Some(message));
        }
    });

    let selected_demo = Signal::derive(move || match selection.get() {
        Selection::Demo(id) | Selection::NeedleDemo(id) => Some(id),
        Selection::Recording(_) => None,
    });

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
            </header>
            <main class="layout">
                <aside class="sidebar" aria-label="Studies">
                    <section class="open-files">
                        <h2>"Open a study"</h2>
                        <FilePicker on_files/>
                        <p class="hint">"or drop files anywhere on this page. Open a WFDB record's .hea file together with its data files."</p>
                        <OpenedFiles files=opened_files/>
                    </section>
                    <ProfileChooser/>
                    <RecordingList recordings selection/>
                    <DemoList
                        selected=selected_demo
                        on_select=Callback::new(move |id: String| selection.set(Selection::Demo(id)))
                        on_select_needle=on_needle_demo
                    />
                </aside>
                <section class="study-area" aria-label="Study view">
                    {move || match selection.get() {
                        Selection::Demo(id) => {
                            let study = demos::build(&id).unwrap_or_default();
                            view! { <StudyView study/> }.into_any()
                        }
                        Selection::NeedleDemo(id) => {
                            let recording = needle_demos.with(|demos| demos.iter().find(|demo| demo.summary.demo_id.as_deref() == Some(id.as_str())).cloned());
                            match (recording, demo_error.get()) {
                                (Some(recording), _) => view! { <NeedleFile recording/> }.into_any(),
                                (None, Some(message)) => view! { <p class="error" role="alert">{format!("The demo could not be simulated: {message}")}</p> }.into_any(),
                                (None, None) => view! { <p data-testid="needle-demo-loading" aria-live="polite">"Simulating and analysing the needle recording on this device…"</p> }.into_any(),
                            }
                        }
                        Selection::Recording(recording_idx) => match recordings.with(|recordings| recordings.get(recording_idx).cloned()) {
                            Some(recording) if !recording.nerve_conductions.is_empty() => view! { <NerveConductionFile recording/> }.into_any(),
                            Some(recording) if recording.summary.needle.iter().any(|wire| wire.outcome.is_ok()) => view! { <NeedleFile recording/> }.into_any(),
                            Some(recording) => {
                                // Needle channels too long to analyse automatically say so above the viewer.
                                let note = recording.summary.needle.iter().find_map(|wire| wire.outcome.as_ref().err().cloned());
                                view! {
                                    {note.map(|note| view! { <p class="hint" data-testid="needle-unanalysed">{note}</p> })}
                                    <SignalViewer recording/>
                                }
                                .into_any()
                            }
                            None => view! { <p>"This recording is no longer open."</p> }.into_any(),
                        },
                    }}
                </section>
            </main>
        </FileDropZone>
    }
}

/// A file holding nerve conduction studies: their review, and the raw signals on request.
#[component]
fn NerveConductionFile(recording: Rc<OpenedRecording>) -> impl IntoView {
    let (show_raw, set_show_raw) = signal(false);
    let is_study_file = recording.summary.channels.is_empty();
    let study = edx_core::model::Study {
        title: if is_study_file {
            recording.summary.file_name.clone()
        } else {
            format!("{} ({})", recording.summary.file_name, recording.summary.format)
        },
        recordings: Vec::new(),
        nerve_conductions: recording.nerve_conductions.clone(),
        reference_profile: recording.summary.reference_profile.clone(),
        patient: edx_core::model::Patient {
            age_years: recording.summary.patient_age_years,
            height_cm: recording.summary.patient_height_cm,
        },
    };
    let recording = StoredValue::new_local(recording);
    view! {
        <StudyView study/>
        <Show when=move || !is_study_file>
            <button type="button" class="secondary-button" data-testid="show-raw" on:click=move |_| set_show_raw.update(|shown| *shown = !*shown)>
                {move || if show_raw.get() { "Hide the raw signals" } else { "Show the raw signals" }}
            </button>
        </Show>
        {move || show_raw.get().then(|| view! { <SignalViewer recording=recording.get_value()/> })}
    }
}

/// A needle EMG recording: the needle view of its needle channels, and all its signals on
/// request.
#[component]
fn NeedleFile(recording: Rc<OpenedRecording>) -> impl IntoView {
    let (show_raw, set_show_raw) = signal(false);
    let title = format!("{} ({})", recording.summary.file_name, recording.summary.format);
    let notes = recording.summary.notes.clone();
    let recording = StoredValue::new_local(recording);
    view! {
        <article class="study needle-study">
            <h2>{title}</h2>
            {notes.into_iter().map(|note| view! { <p class="hint">{note}</p> }).collect_view()}
            <NeedleRecording recording=recording.get_value()/>
            <button type="button" class="secondary-button" data-testid="show-raw" on:click=move |_| set_show_raw.update(|shown| *shown = !*shown)>
                {move || if show_raw.get() { "Hide the signal viewer" } else { "Show every channel in the signal viewer" }}
            </button>
            {move || show_raw.get().then(|| view! { <SignalViewer recording=recording.get_value()/> })}
        </article>
    }
}

/// The recordings opened so far, to switch between them.
#[component]
fn RecordingList(
    recordings: RwSignal<Vec<Rc<OpenedRecording>>, LocalStorage>,
    selection: RwSignal<Selection>,
) -> impl IntoView {
    view! {
        <Show when=move || recordings.with(|recordings| !recordings.is_empty())>
            <nav class="recording-list demo-list" aria-labelledby="recording-list-heading">
                <h2 id="recording-list-heading">"Opened recordings"</h2>
                <ul>
                    {move || {
                        recordings
                            .get()
                            .iter()
                            .enumerate()
                            .map(|(recording_idx, recording)| {
                                let title = recording.summary.file_name.clone();
                                let description = describe(recording);
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="demo"
                                            aria-pressed=move || (selection.get() == Selection::Recording(recording_idx)).to_string()
                                            on:click=move |_| selection.set(Selection::Recording(recording_idx))
                                        >
                                            <span class="demo-title">{title}</span>
                                            <span class="demo-description">{description}</span>
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </nav>
        </Show>
    }
}

/// "EDF+D, 11 channels, 20.0 s", or "BDF+D, 4 nerve conduction studies".
fn describe(recording: &OpenedRecording) -> String {
    let n_nerves = recording.nerve_conductions.len();
    if n_nerves > 0 {
        return format!(
            "{}, {n_nerves} nerve conduction stud{}",
            recording.summary.format,
            if n_nerves == 1 { "y" } else { "ies" }
        );
    }
    let (first_s, last_s) = crate::viewer::time_extent(&recording.summary);
    let n_channels = recording.summary.channels.len();
    format!(
        "{}, {n_channels} channel{}, {} s",
        recording.summary.format,
        if n_channels == 1 { "" } else { "s" },
        display::fixed(last_s - first_s, 1)
    )
}

/// Sets the state of the most recent file called `file_name`.
fn set_file_state(files: RwSignal<Vec<OpenedFile>>, file_name: &str, state: FileState) {
    files.update(|files| {
        let base_name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
        if let Some(file) = files.iter_mut().rev().find(|file| file.name == base_name) {
            file.state = state;
        }
    });
}
