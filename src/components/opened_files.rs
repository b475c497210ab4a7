//! The files the user opened, each with its state: being read, read, or why it failed.

use edx_core::display;
use leptos::prelude::*;

/// What became of one file.
#[derive(Debug, Clone, PartialEq)]
pub enum FileState {
    /// Being read; the fraction read so far.
    Reading(f64),
    /// Read as a recording: a description in words and the reader's warnings.
    Read {
        /// Format, channels and duration.
        description: String,
        /// Problems the reader tolerated.
        warnings: Vec<String>,
    },
    /// Read together with another file of its record (a WFDB data file with its header).
    Companion,
    /// A printed report, opened in the report form to be typed in; why.
    PrintedReport(String),
    /// Could not be read; the reason.
    Failed(String),
}

/// One file the user opened, as the list beside the study shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenedFile {
    /// The file name as the browser reported it.
    pub name: String,
    /// Size in bytes.
    pub n_bytes: u64,
    /// What became of it.
    pub state: FileState,
}

/// One line per opened file: name, size and state, with errors and warnings next to the name.
#[component]
pub fn OpenedFiles(
    /// The files opened so far, in the order they were opened.
    #[prop(into)]
    files: Signal<Vec<OpenedFile>>,
) -> impl IntoView {
    view! {
        <ul class="opened-files" data-testid="opened-files" aria-live="polite">
            {move || {
                files
                    .get()
                    .into_iter()
                    .map(|file| {
                        let is_error = matches!(file.state, FileState::Failed(_));
                        let state_view = match file.state {
                            FileState::Reading(fraction) => view! {
                                <progress max="1" value=fraction.to_string() aria-label=format!("Reading {}", file.name)></progress>
                                <span class="file-state">{format!("reading {}%", (fraction * 100.0).round())}</span>
                            }
                            .into_any(),
                            FileState::Read { description, warnings } => view! {
                                <span class="file-state">{description}</span>
                                <ul class="file-warnings">
                                    {warnings.into_iter().map(|warning| view! { <li>"Warning: "{warning}</li> }).collect_view()}
                                </ul>
                            }
                            .into_any(),
                            FileState::Companion => view! { <span class="file-state">"read with its record"</span> }.into_any(),
                            FileState::PrintedReport(message) => view! { <span class="file-state">{message}</span> }.into_any(),
                            FileState::Failed(message) => view! { <span class="file-state" role="alert">{message}</span> }.into_any(),
                        };
                        view! {
                            <li class="opened-file" class:error=is_error data-testid="opened-file">
                                <span class="file-name">{file.name}</span>
                                " "
                                <span class="file-size">{display::byte_size(file.n_bytes)}</span>
                                " "
                                {state_view}
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
