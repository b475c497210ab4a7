//! The page's side of the worker: posts typed requests (queued until the worker says it is
//! ready), turns its replies into events, and pairs each study's buffers with its recordings.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use js_sys::{Array, Float32Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{ErrorEvent, File, MessageEvent, Worker};

use crate::opened_study::{OpenedStudy, RecordingBuffers, SegmentData};
use crate::protocol::{FileReport, NeedleProgress, RecordingLayout, Reply, Request, RequestId, StudyReply};
use crate::window_source::WindowSource;

/// The worker's loader script, emitted by Trunk next to the page (`data-loader-shim`).
const WORKER_SCRIPT: &str = "./worker_loader.js";

/// What the worker reported.
#[derive(Debug)]
pub enum WorkerEvent {
    /// Part of a file has been read.
    Progress {
        /// The file being read, as the user named it.
        file_name: String,
        /// Fraction read, 0 to 1.
        fraction: f64,
    },
    /// The study a request asked for.
    Study {
        /// The request it answers.
        request_id: RequestId,
        /// The study with its buffers (empty when no file could be read), boxed as it is large.
        opened: Box<OpenedStudy>,
        /// What became of each file of the request.
        files: Vec<FileReport>,
    },
    /// A needle recording of a study being opened has been analysed.
    NeedleProgress(NeedleProgress),
    /// A request that could not be answered with a study.
    Error {
        /// The request it answers.
        request_id: RequestId,
        /// What went wrong, naming the demo or the files.
        message: String,
    },
    /// The worker stopped (it ran out of memory, or its code failed): no request in flight will
    /// be answered, and the next one needs a new worker.
    Stopped {
        /// What the browser reported.
        message: String,
    },
}

/// Posts requests to the worker, queueing them until it has said it is ready. Cheap to clone.
#[derive(Debug, Clone)]
pub struct RequestPoster {
    worker: Worker,
    /// Requests posted before the worker said it was ready, and whether it has.
    queue: Rc<RefCell<(bool, Vec<JsValue>)>>,
}

impl RequestPoster {
    /// Posts `request`, with `files` for a request to read them.
    pub fn post(&self, request: &Request, files: Option<&[File]>) -> Result<(), String> {
        let text = serde_json::to_string(request).map_err(|error| format!("could not write the request: {error}"))?;
        let message = Object::new();
        // Setting properties on a fresh plain object cannot fail.
        let _ = Reflect::set(&message, &"request".into(), &text.into());
        if let Some(files) = files {
            let _ = Reflect::set(&message, &"files".into(), &files.iter().collect::<Array>());
        }
        let mut queue = self.queue.borrow_mut();
        if !queue.0 {
            queue.1.push(message.into());
            return Ok(());
        }
        self.worker
            .post_message(&message)
            .map_err(|error| format!("could not hand the request to the file reader: {error:?}"))
    }

    /// Posts the requests queued while the worker started.
    fn release_queue(&self) {
        let pending = {
            let mut queue = self.queue.borrow_mut();
            queue.0 = true;
            std::mem::take(&mut queue.1)
        };
        for message in pending {
            if let Err(error) = self.worker.post_message(&message) {
                web_sys::console::error_2(&"edxview: could not hand a request to the file reader".into(), &error);
            }
        }
    }
}

/// The window sources of the large recordings open, by stream id, to route the worker's
/// windows.
type WindowSources = Rc<RefCell<HashMap<u32, Weak<WindowSource>>>>;

/// The running worker; dropping it stops the worker.
pub struct StudyWorker {
    poster: RequestPoster,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(ErrorEvent)>,
}

impl StudyWorker {
    /// Starts the worker; `on_event` is called on the page's thread for each reply.
    pub fn start(on_event: impl Fn(WorkerEvent) + Clone + 'static) -> Result<StudyWorker, String> {
        let worker =
            Worker::new(WORKER_SCRIPT).map_err(|error| format!("the file reader could not start: {error:?}"))?;
        let poster = RequestPoster { worker: worker.clone(), queue: Rc::default() };
        let poster_for_replies = poster.clone();
        let sources = WindowSources::default();
        let on_stop = on_event.clone();
        let on_error = Closure::<dyn FnMut(ErrorEvent)>::new(move |event: ErrorEvent| {
            on_stop(WorkerEvent::Stopped { message: event.message() });
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let (reply, buffers) = decode(&event.data());
            match reply {
                Ok(Reply::Ready) => poster_for_replies.release_queue(),
                Ok(Reply::Window(window)) => {
                    let source = sources.borrow().get(&window.stream_id).and_then(Weak::upgrade);
                    match source {
                        Some(source) => source.receive(window, buffers),
                        // Its recording is no longer shown anywhere.
                        None => {
                            sources.borrow_mut().remove(&window.stream_id);
                        }
                    }
                }
                Ok(Reply::Progress { file_name, fraction }) => on_event(WorkerEvent::Progress { file_name, fraction }),
                Ok(Reply::Study(reply)) => {
                    let request_id = reply.request_id;
                    on_event(match attach_buffers(*reply, buffers, &poster_for_replies, &sources) {
                        Ok((opened, files)) => WorkerEvent::Study { request_id, opened: Box::new(opened), files },
                        Err(message) => WorkerEvent::Error { request_id, message },
                    });
                }
                Ok(Reply::Error { request_id, message }) => on_event(WorkerEvent::Error { request_id, message }),
                Ok(Reply::NeedleProgress(progress)) => on_event(WorkerEvent::NeedleProgress(progress)),
                // Only the worker's own helpers answer needle tasks, and only to it.
                Ok(Reply::NeedleAnalysed { .. }) => {}
                Err(Unreadable { request_id: Some(request_id), message }) => {
                    on_event(WorkerEvent::Error { request_id, message })
                }
                Err(Unreadable { request_id: None, message }) => web_sys::console::error_1(&message.into()),
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(StudyWorker { poster, _on_message: on_message, _on_error: on_error })
    }

    /// Asks for `files` to be read together as one study.
    pub fn open_files(&self, request_id: RequestId, files: &[File]) -> Result<(), String> {
        self.poster.post(&Request::Files { request_id }, Some(files))
    }

    /// Asks for the built-in demo `demo_id`, simulated and analysed in the worker.
    pub fn open_demo(&self, request_id: RequestId, demo_id: &str) -> Result<(), String> {
        self.poster.post(&Request::Demo { request_id, demo_id: demo_id.to_string() }, None)
    }
}

impl Drop for StudyWorker {
    fn drop(&mut self) {
        self.poster.worker.terminate();
    }
}

/// A reply the page could not read: what was wrong, and the request it answers where that can
/// still be read, so the page stops waiting for it.
struct Unreadable {
    request_id: Option<RequestId>,
    message: String,
}

/// A worker message's reply and buffers, or why it could not be read.
fn decode(message: &JsValue) -> (Result<Reply, Unreadable>, Vec<Float32Array>) {
    let text = Reflect::get(message, &"reply".into()).ok().and_then(|value| value.as_string()).unwrap_or_default();
    let buffers: Vec<Float32Array> = Reflect::get(message, &"buffers".into())
        .ok()
        .map(|value| Array::from(&value).iter().map(|buffer| buffer.unchecked_into()).collect())
        .unwrap_or_default();
    let reply = serde_json::from_str::<Reply>(&text).map_err(|error| {
        let request_id = serde_json::from_str::<serde_json::Value>(&text)
            .ok()
            .and_then(|value| value.get("request_id")?.as_u64())
            .and_then(|id| RequestId::try_from(id).ok());
        let message = format!("the file reader sent an answer the page could not read ({error}); reload the page");
        Unreadable { request_id, message }
    });
    (reply, buffers)
}

/// Pairs the buffers with the study's recordings, in the order the worker posted them.
fn attach_buffers(
    reply: StudyReply,
    buffers: Vec<Float32Array>,
    poster: &RequestPoster,
    sources: &WindowSources,
) -> Result<(OpenedStudy, Vec<FileReport>), String> {
    let StudyReply { study, layouts, needle, files, .. } = reply;
    let mut buffers = buffers.into_iter();
    let recordings = layouts
        .into_iter()
        .map(|layout| recording_buffers(layout, &mut buffers, poster, sources))
        .collect::<Result<Vec<_>, _>>()?;
    if recordings.len() != study.recordings.len() {
        return Err(format!(
            "the file reader sent buffers for {} recordings of {}; open the files again",
            recordings.len(),
            study.recordings.len()
        ));
    }
    Ok((OpenedStudy { study, needle, buffers: recordings, demo_id: None }, files))
}

/// One recording's buffers, taken from `buffers` as its layout says.
fn recording_buffers(
    layout: RecordingLayout,
    buffers: &mut impl Iterator<Item = Float32Array>,
    poster: &RequestPoster,
    sources: &WindowSources,
) -> Result<RecordingBuffers, String> {
    let mut next = || buffers.next().ok_or_else(|| "the file reader sent fewer buffers than segments".to_string());
    let mut channels = Vec::with_capacity(layout.channels.len());
    for segments in layout.channels {
        let mut channel = Vec::with_capacity(segments.len());
        for segment in segments {
            let samples = if layout.stream.is_some() { None } else { Some(next()?) };
            let envelope = segment
                .envelope_bins
                .iter()
                .map(|&bins| next().map(|level| (bins, level)))
                .collect::<Result<_, _>>()?;
            channel.push(SegmentData { n_samples: segment.n_samples, samples, envelope });
        }
        channels.push(channel);
    }
    let windows = layout.stream.map(|stream| {
        let source = Rc::new(WindowSource::new(stream.stream_id, poster.clone()));
        sources.borrow_mut().insert(stream.stream_id, Rc::downgrade(&source));
        (source, stream.max_window_s)
    });
    Ok(RecordingBuffers { channels, windows })
}
