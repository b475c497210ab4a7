//! The worker: reads the files the page posts and simulates the demos it asks for, analyses
//! them with edx-core, and answers each request with one study whose samples travel as
//! transferred buffers, so the page stays responsive however large the files are.
//!
//! `files` reads a `File` in slices, `large_files` keeps files too large to decode whole and
//! reads windows of them, `study` turns what was read into the one reply (needle analyses,
//! envelopes, buffers), `pool` spreads the needle analyses over helper workers (this same
//! program, started by name), and `post` sends replies.

mod files;
mod large_files;
mod needle;
mod pool;
mod post;
mod study;
mod warm_up;

use std::cell::Cell;
use std::future::Future;

use edxview::protocol::{Reply, Request, RequestId};
use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

thread_local! {
    /// Requests in hand: the warm-up waits while there are any.
    static IN_HAND: Cell<u32> = const { Cell::new(0) };
}

/// Runs `request` as a task of its own, counted as in hand until it is answered.
fn handle(request: impl Future<Output = ()> + 'static) {
    IN_HAND.with(|in_hand| in_hand.set(in_hand.get() + 1));
    wasm_bindgen_futures::spawn_local(async move {
        request.await;
        IN_HAND.with(|in_hand| in_hand.set(in_hand.get() - 1));
    });
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let text = Reflect::get(&data, &"request".into()).ok().and_then(|value| value.as_string()).unwrap_or_default();
        match serde_json::from_str::<Request>(&text) {
            Ok(Request::Files { request_id }) => {
                let files = Reflect::get(&data, &"files".into()).map(|files| Array::from(&files)).unwrap_or_default();
                let files: Vec<File> = files.iter().filter_map(|value| value.dyn_into::<File>().ok()).collect();
                handle(study::answer_files(request_id, files));
            }
            Ok(Request::Demo { request_id, demo_id }) => handle(study::answer_demo(request_id, demo_id)),
            Ok(Request::Window(window)) => handle(large_files::answer_window(window)),
            Ok(Request::AnalyseNeedle(task)) => {
                let samples = Reflect::get(&data, &"buffers".into())
                    .ok()
                    .map(|buffers| Array::from(&buffers).get(0))
                    .and_then(|buffer| buffer.dyn_into::<js_sys::Float32Array>().ok())
                    .map(|array| array.to_vec())
                    .unwrap_or_default();
                pool::answer_task(task, samples);
            }
            Err(error) => refuse(&text, &error),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post::reply(&Reply::Ready, Vec::new());
    // A helper is started when a study needs it: there is nothing to warm up for.
    if !pool::is_helper() {
        warm_up::schedule(|| IN_HAND.with(Cell::get) > 0);
    }
}

/// Answers a request the worker cannot read (a page and worker of different builds): with an
/// error for its request number where one can be found, so the page stops waiting.
fn refuse(text: &str, error: &serde_json::Error) {
    let request_id: Option<RequestId> = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|value| value.get("request_id")?.as_u64())
        .and_then(|id| RequestId::try_from(id).ok());
    let message = format!("the file reader could not understand the page's request ({error}); reload the page");
    match request_id {
        Some(request_id) => post::reply(&Reply::Error { request_id, message }, Vec::new()),
        None => web_sys::console::error_1(&message.into()),
    }
}
