//! The parsing worker: reads the files the page posts, parses them with edx-core, and posts back
//! each recording's summary with its samples and envelopes as transferred buffers, so the page
//! stays responsive however large the files are.

use edx_core::formats::{self, InputFile};
use edxview::protocol::{self, Reply};
use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

/// Files are read in slices of this many bytes, with a progress report after each.
const READ_SLICE_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        if let Some(demo_id) = Reflect::get(&data, &"demo".into()).ok().and_then(|value| value.as_string()) {
            answer_demo(&demo_id);
            return;
        }
        let files: Vec<File> = Array::from(&data).iter().filter_map(|value| value.dyn_into::<File>().ok()).collect();
        wasm_bindgen_futures::spawn_local(answer(files));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&Reply::Ready, Vec::new());
}

/// Reads, parses and answers one batch of files (read together, so a WFDB header finds its
/// data files).
async fn answer(files: Vec<File>) {
    let mut names = Vec::with_capacity(files.len());
    let mut contents = Vec::with_capacity(files.len());
    for file in &files {
        match read_file(file).await {
            Ok(bytes) => {
                names.push(file.name());
                contents.push(bytes);
            }
            Err(message) => post(&Reply::Failed { file_name: file.name(), message }, Vec::new()),
        }
    }
    let inputs: Vec<InputFile> = names.iter().zip(&contents).map(|(name, bytes)| InputFile { name, bytes }).collect();
    let results = formats::read_studies(&inputs);
    drop(contents);
    for result in results {
        match result {
            Ok(study) => post_study(study, None),
            Err(error) => {
                post(&Reply::Failed { file_name: error.file_name.clone(), message: error.kind.to_string() }, Vec::new())
            }
        }
    }
    post(&Reply::Finished, Vec::new());
}

/// Simulates a built-in needle demo and answers it like a file.
fn answer_demo(demo_id: &str) {
    match edx_core::synth::demos::build_needle(demo_id) {
        Some(study) => post_study(study, Some(demo_id.to_string())),
        None => {
            post(&Reply::Failed { file_name: demo_id.to_string(), message: "there is no such demo".into() }, Vec::new())
        }
    }
    post(&Reply::Finished, Vec::new());
}

/// Analyses a study's needle channels and posts it with its buffers.
fn post_study(study: edx_core::model::Study, demo_id: Option<String>) {
    let needle = protocol::analyse_needle_channels(&study, js_sys::Date::now);
    if let Some((summary, buffers)) = protocol::summarise_study(study, needle, demo_id) {
        post(&Reply::Recording(summary), buffers);
    }
}

/// The whole file, read slice by slice with a progress report after each slice.
async fn read_file(file: &File) -> Result<Vec<u8>, String> {
    let size = file.size();
    let mut bytes = Vec::with_capacity(size as usize);
    let mut offset = 0.0;
    while offset < size {
        let end = (offset + READ_SLICE_BYTES).min(size);
        let slice =
            file.slice_with_f64_and_f64(offset, end).map_err(|_| "the browser could not slice the file".to_string())?;
        let buffer = JsFuture::from(slice.array_buffer())
            .await
            .map_err(|_| "the browser could not read the file".to_string())?;
        let array = Uint8Array::new(&buffer);
        let start = bytes.len();
        bytes.resize(start + array.length() as usize, 0);
        array.copy_to(&mut bytes[start..]);
        offset = end;
        if size > READ_SLICE_BYTES {
            post(&Reply::Progress { file_name: file.name(), fraction: offset / size }, Vec::new());
        }
    }
    Ok(bytes)
}

/// Posts `reply` with `buffers` as transferred `Float32Array`s (moved, not copied, to the page).
fn post(reply: &Reply, buffers: Vec<Vec<f32>>) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let message = Object::new();
    let arrays = Array::new();
    let transfer = Array::new();
    for buffer in buffers {
        let array = Float32Array::from(buffer.as_slice());
        transfer.push(&array.buffer());
        arrays.push(&array);
    }
    let text = serde_json::to_string(reply)
        .unwrap_or_else(|error| format!("{{\"kind\":\"Failed\",\"file_name\":\"\",\"message\":\"{error}\"}}"));
    // Setting properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&message, &"reply".into(), &text.into());
    let _ = Reflect::set(&message, &"buffers".into(), &arrays);
    if let Err(error) = scope.post_message_with_transfer(&message, &transfer) {
        web_sys::console::error_2(&"edxview worker: could not post a reply".into(), &error);
    }
}
