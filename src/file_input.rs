//! Opening files with the browser's File API only: a picker and a page-wide drop zone.
//!
//! The bytes are read into memory with `Blob.arrayBuffer()`; nothing is sent anywhere.

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, FileList};

use crate::components::opened_files::OpenedFile;

/// A labelled `<input type=file multiple>`.
#[component]
pub fn FilePicker(
    /// Called with the files once their bytes are read.
    on_files: Callback<Vec<OpenedFile>>,
) -> impl IntoView {
    let on_change = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(files) = input.files() {
            read_files(files, on_files);
        }
        input.set_value("");
    };
    view! {
        <label class="file-picker">
            <span>"Choose files…"</span>
            <input type="file" multiple data-testid="file-input" on:change=on_change/>
        </label>
    }
}

/// Wraps the page so that files dropped anywhere on it are opened.
#[component]
pub fn FileDropZone(
    /// Called with the files once their bytes are read.
    on_files: Callback<Vec<OpenedFile>>,
    children: Children,
) -> impl IntoView {
    let (dragging, set_dragging) = signal(false);
    let on_drag_over = move |event: web_sys::DragEvent| {
        event.prevent_default();
        set_dragging.set(true);
    };
    let on_drag_leave = move |_event: web_sys::DragEvent| set_dragging.set(false);
    let on_drop = move |event: web_sys::DragEvent| {
        event.prevent_default();
        set_dragging.set(false);
        if let Some(files) = event.data_transfer().and_then(|transfer| transfer.files()) {
            read_files(files, on_files);
        }
    };
    view! {
        <div
            class="drop-zone"
            class:dragging=dragging
            on:dragover=on_drag_over
            on:dragleave=on_drag_leave
            on:drop=on_drop
        >
            {children()}
        </div>
    }
}

/// Reads every file of `files` into memory, then hands them to `on_files` together.
fn read_files(files: FileList, on_files: Callback<Vec<OpenedFile>>) {
    let files: Vec<File> = (0..files.length()).filter_map(|file_idx| files.get(file_idx)).collect();
    spawn_local(async move {
        let mut opened = Vec::with_capacity(files.len());
        for file in files {
            let name = file.name();
            let bytes = match JsFuture::from(file.array_buffer()).await {
                Ok(buffer) => Ok(js_sys::Uint8Array::new(&buffer).to_vec()),
                Err(error) => Err(format!("the browser could not read the file: {}", describe_js_error(&error))),
            };
            opened.push(OpenedFile::new(name, bytes));
        }
        on_files.run(opened);
    });
}

/// A JavaScript error as a sentence.
fn describe_js_error(error: &wasm_bindgen::JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|error| String::from(error.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".to_string())
}
