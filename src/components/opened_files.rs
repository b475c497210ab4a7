//! The files the user opened, each with what edxview recognised it as.

use edx_core::display;
use edx_core::formats::{detect, FileKind};
use leptos::prelude::*;

/// A file the user opened, with what its content was recognised as.
#[derive(Debug, Clone, PartialEq)]
pub struct OpenedFile {
    /// The file name as the browser reported it.
    pub name: String,
    /// Size in bytes, when the bytes could be read.
    pub n_bytes: Option<u64>,
    /// What the content is, judged by its first bytes.
    pub kind: Option<FileKind>,
    /// Why the file could not be read, when it could not.
    pub error: Option<String>,
}

impl OpenedFile {
    /// Recognises a file from its bytes, or records why they could not be read.
    pub fn new(name: String, bytes: Result<Vec<u8>, String>) -> OpenedFile {
        match bytes {
            Ok(bytes) => {
                OpenedFile { kind: Some(detect(&name, &bytes)), n_bytes: Some(bytes.len() as u64), name, error: None }
            }
            Err(error) => OpenedFile { name, n_bytes: None, kind: None, error: Some(error) },
        }
    }
}

/// One line per opened file: name, size and what it is.
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
                        let size = file.n_bytes.map(display::byte_size).unwrap_or_default();
                        let what = match (&file.kind, &file.error) {
                            (_, Some(error)) => error.clone(),
                            (Some(FileKind::Unknown), None) => "not a format edxview recognises".to_string(),
                            (Some(kind), None) => format!("recognised as {kind}"),
                            (None, None) => String::new(),
                        };
                        view! {
                            <li class="opened-file" class:error=file.error.is_some()>
                                <span class="file-name">{file.name}</span>
                                " "
                                <span class="file-size">{size}</span>
                                " "
                                <span class="file-kind">{what}</span>
                            </li>
                        }
                    })
                    .collect_view()
            }}
        </ul>
    }
}
