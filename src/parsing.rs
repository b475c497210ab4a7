//! The page's side of the parsing worker: posts the user's files, turns replies into events.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Float32Array, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::{File, MessageEvent, Worker};

use edx_core::model::NerveConduction;

use crate::protocol::{RecordingSummary, Reply};

/// The worker's loader script, emitted by Trunk next to the page (`data-loader-shim`).
const WORKER_SCRIPT: &str = "./worker_loader.js";

/// A recording as the page holds it: the summary, and per channel and segment the samples and
/// envelope levels the worker transferred.
#[derive(Debug)]
pub struct OpenedRecording {
    /// Everything but the samples.
    pub summary: RecordingSummary,
    /// `channels[channel_idx][segment_idx]`.
    pub channels: Vec<Vec<SegmentData>>,
    /// The nerve conduction studies the file holds, if it follows edxview's EDF+D convention.
    pub nerve_conductions: Vec<NerveConduction>,
}

/// One segment's samples and envelope levels, kept in JavaScript memory so the page never
/// copies a whole signal; views read the slices they draw.
#[derive(Debug, Clone)]
pub struct SegmentData {
    /// The samples.
    pub samples: Float32Array,
    /// (samples per bin, interleaved minima and maxima), fine to coarse.
    pub envelope: Vec<(usize, Float32Array)>,
}

/// What the worker reported.
#[derive(Debug, Clone)]
pub enum WorkerEvent {
    /// Part of a file has been read.
    Progress {
        /// The file.
        file_name: String,
        /// Fraction read, 0 to 1.
        fraction: f64,
    },
    /// A recording is ready.
    Recording(Rc<OpenedRecording>),
    /// A file could not be read.
    Failed {
        /// The file.
        file_name: String,
        /// What is wrong.
        message: String,
    },
    /// Every file of the last request has been answered.
    Finished,
}

/// The running worker; dropping it stops the worker.
pub struct ParsingWorker {
    worker: Worker,
    /// Requests posted before the worker said it was ready, and whether it has.
    queue: Rc<RefCell<(bool, Vec<JsValue>)>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}

impl ParsingWorker {
    /// Starts the worker; `on_event` is called on the page's thread for each reply.
    pub fn start(on_event: impl Fn(WorkerEvent) + 'static) -> Result<ParsingWorker, String> {
        let worker =
            Worker::new(WORKER_SCRIPT).map_err(|error| format!("the file reader could not start: {error:?}"))?;
        let queue = Rc::new(RefCell::new((false, Vec::<JsValue>::new())));
        let worker_for_replies = worker.clone();
        let queue_for_replies = queue.clone();
        let on_message =
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| match decode(&event.data()) {
                Some(event) => on_event(event),
                None => {
                    let pending = {
                        let mut queue = queue_for_replies.borrow_mut();
                        queue.0 = true;
                        std::mem::take(&mut queue.1)
                    };
                    for request in pending {
                        if let Err(error) = worker_for_replies.post_message(&request) {
                            web_sys::console::error_2(&"edxview: could not hand files to the reader".into(), &error);
                        }
                    }
                }
            });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(ParsingWorker { worker, queue, _on_message: on_message })
    }

    /// Posts `files` to be read together (a WFDB header with its data files), or queues them
    /// until the worker is ready.
    pub fn open(&self, files: &[File]) -> Result<(), String> {
        let request: Array = files.iter().collect();
        self.post(request.into())
    }

    /// Asks the worker to simulate and analyse the needle demo `demo_id`; it answers like a file.
    pub fn open_demo(&self, demo_id: &str) -> Result<(), String> {
        let request = js_sys::Object::new();
        Reflect::set(&request, &"demo".into(), &demo_id.into())
            .map_err(|_| "could not ask for the demo".to_string())?;
        self.post(request.into())
    }

    fn post(&self, request: JsValue) -> Result<(), String> {
        let mut queue = self.queue.borrow_mut();
        if !queue.0 {
            queue.1.push(request);
            return Ok(());
        }
        self.worker
            .post_message(&request)
            .map_err(|error| format!("could not hand the request to the reader: {error:?}"))
    }
}

impl Drop for ParsingWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

/// Turns a worker message into an event (`None` for the worker's ready signal); a malformed one
/// becomes a failure to show.
fn decode(message: &JsValue) -> Option<WorkerEvent> {
    let text = Reflect::get(message, &"reply".into()).ok().and_then(|value| value.as_string()).unwrap_or_default();
    let buffers: Vec<Float32Array> = Reflect::get(message, &"buffers".into())
        .ok()
        .map(|value| Array::from(&value).iter().map(|buffer| buffer.unchecked_into()).collect())
        .unwrap_or_default();
    Some(match serde_json::from_str::<Reply>(&text) {
        Ok(Reply::Ready) => return None,
        Ok(Reply::Progress { file_name, fraction }) => WorkerEvent::Progress { file_name, fraction },
        Ok(Reply::Recording(summary)) => match attach_buffers(summary, buffers) {
            Ok(recording) => WorkerEvent::Recording(Rc::new(recording)),
            Err((file_name, message)) => WorkerEvent::Failed { file_name, message },
        },
        Ok(Reply::Failed { file_name, message }) => WorkerEvent::Failed { file_name, message },
        Ok(Reply::Finished) => WorkerEvent::Finished,
        Err(error) => WorkerEvent::Failed {
            file_name: String::new(),
            message: format!("the file reader sent an unreadable reply: {error}"),
        },
    })
}

/// Pairs the buffers with the summary's segments, in the order the worker posted them.
fn attach_buffers(
    mut summary: RecordingSummary,
    buffers: Vec<Float32Array>,
) -> Result<OpenedRecording, (String, String)> {
    let nerve_conductions =
        std::mem::take(&mut summary.nerve_conductions).into_iter().map(|nerve| nerve.into_model()).collect();
    let mut buffers = buffers.into_iter();
    let mut next = || {
        buffers
            .next()
            .ok_or_else(|| (summary.file_name.clone(), "the file reader sent fewer buffers than segments".to_string()))
    };
    let mut channels = Vec::with_capacity(summary.channels.len());
    for channel in &summary.channels {
        let mut segments = Vec::with_capacity(channel.segments.len());
        for segment in &channel.segments {
            let samples = next()?;
            let envelope = segment
                .envelope_bins
                .iter()
                .map(|&bins| next().map(|level| (bins, level)))
                .collect::<Result<_, _>>()?;
            segments.push(SegmentData { samples, envelope });
        }
        channels.push(segments);
    }
    Ok(OpenedRecording { summary, channels, nerve_conductions })
}
