//! Sending replies to the page.

use edxview::protocol::Reply;
use js_sys::{Array, Float32Array, Object, Reflect};
use wasm_bindgen::JsCast;
use web_sys::DedicatedWorkerGlobalScope;

/// Posts `reply` as JSON with `buffers` as transferred `Float32Array`s (moved, not copied, to
/// the page).
pub fn reply(reply: &Reply, buffers: Vec<Vec<f32>>) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let message = Object::new();
    let arrays = Array::new();
    let transfer = Array::new();
    for buffer in buffers {
        let array = Float32Array::from(buffer.as_slice());
        transfer.push(&array.buffer());
        arrays.push(&array);
    }
    let text = match serde_json::to_string(reply) {
        Ok(text) => text,
        Err(error) => {
            // A study the page waits for is answered all the same, with what went wrong.
            if let Reply::Study(study) = reply {
                let message = format!("the file reader could not send the study ({error})");
                return self::reply(&Reply::Error { request_id: study.request_id, message }, Vec::new());
            }
            web_sys::console::error_1(&format!("edxview worker: could not write a reply: {error}").into());
            return;
        }
    };
    // Setting properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&message, &"reply".into(), &text.into());
    let _ = Reflect::set(&message, &"buffers".into(), &arrays);
    if let Err(error) = scope.post_message_with_transfer(&message, &transfer) {
        web_sys::console::error_2(&"edxview worker: could not post a reply".into(), &error);
    }
}

/// Reports how much of `file_name` has been read.
pub fn progress(file_name: String, fraction: f64) {
    reply(&Reply::Progress { file_name, fraction }, Vec::new());
}
