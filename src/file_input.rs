//! Choosing files with the browser's File API only: a picker and a page-wide drop zone. The
//! files are handed to the parsing worker as `File` objects; nothing is sent anywhere.

use leptos::prelude::*;
use web_sys::{File, FileList};

/// A labelled `<input type=file multiple>`.
#[component]
pub fn FilePicker(
    /// Called with the chosen files.
    on_files: Callback<Vec<File>>,
) -> impl IntoView {
    let on_change = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        if let Some(files) = input.files() {
            on_files.run(to_vec(&files));
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
    /// Called with the dropped files.
    on_files: Callback<Vec<File>>,
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
            on_files.run(to_vec(&files));
        }
    };
    view! {
        <div class="drop-zone" class:dragging=dragging on:dragover=on_drag_over on:dragleave=on_drag_leave on:drop=on_drop>
            {children()}
        </div>
    }
}

fn to_vec(files: &FileList) -> Vec<File> {
    (0..files.length()).filter_map(|file_idx| files.get(file_idx)).collect()
}
