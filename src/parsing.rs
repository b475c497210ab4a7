//! The page's side of the parsing worker: posts the user's files, turns replies into events.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use js_sys::{Array, Float32Array, Reflect};
use leptos::prelude::{ArcTrigger, Notify, Track};
use wasm_bindgen::prelude::*;
use web_sys::{File, MessageEvent, Worker};

use edx_core::model::NerveConduction;

use crate::protocol::{RecordingSummary, Reply, WindowReply};

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
    /// For a file too large to hold decoded, where windows of its samples come from.
    pub windows: Option<Rc<WindowSource>>,
}

/// One segment's samples and envelope levels, kept in JavaScript memory so the page never
/// copies a whole signal; views read the slices they draw.
#[derive(Debug, Clone)]
pub struct SegmentData {
    /// The samples; `None` for a file too large to hold decoded, whose samples are read a window
    /// at a time through [`OpenedRecording::windows`].
    pub samples: Option<Float32Array>,
    /// (samples per bin, interleaved minima and maxima), fine to coarse.
    pub envelope: Vec<(usize, Float32Array)>,
}

/// Windows of samples of a large file, read by the worker on request. The page keeps the last
/// window it received; a view asks for the time it shows and redraws when a window arrives.
#[derive(Debug)]
pub struct WindowSource {
    stream_id: u32,
    worker: Worker,
    state: RefCell<WindowState>,
    arrived: ArcTrigger,
}

#[derive(Debug, Default)]
struct WindowState {
    /// The newest window received: its time span and its pieces.
    loaded: Option<LoadedWindow>,
    /// The span of the request in flight and its number, if any.
    requested: Option<((f64, f64), u32)>,
    /// Number of the last request posted (from 1).
    last_seq: u32,
    /// Number of the newest answer received; older answers that arrive late are dropped.
    newest_answer: u32,
    /// Why the worker could not read the file's samples, once it said so.
    failure: Option<String>,
}

#[derive(Debug)]
struct LoadedWindow {
    start_s: f64,
    end_s: f64,
    pieces: Vec<WindowPiece>,
}

/// One channel's samples within one segment of a window read from the file, with their
/// envelope levels finer than the overview's.
#[derive(Debug)]
pub struct WindowPiece {
    /// The channel, by position.
    pub channel_idx: usize,
    /// The segment.
    pub segment_idx: usize,
    /// Index in the segment of the first sample; the envelope's bins count from it.
    pub first_sample: u32,
    /// The samples.
    pub samples: Float32Array,
    /// (samples per bin, interleaved minima and maxima), fine to coarse.
    pub envelope: Vec<(usize, Float32Array)>,
}

impl WindowSource {
    /// `read` of the piece of the window received that holds samples `first_idx..last_idx` of
    /// one channel's segment, if it does.
    pub fn with_piece<T>(
        &self,
        channel_idx: usize,
        segment_idx: usize,
        first_idx: u32,
        last_idx: u32,
        read: impl FnOnce(&WindowPiece) -> T,
    ) -> Option<T> {
        let state = self.state.borrow();
        let piece = state.loaded.as_ref()?.pieces.iter().find(|piece| {
            piece.channel_idx == channel_idx
                && piece.segment_idx == segment_idx
                && piece.first_sample <= first_idx
                && last_idx <= piece.first_sample + piece.samples.length()
        })?;
        Some(read(piece))
    }

    /// Asks the worker for the samples shown from `visible.0` to `visible.1` (seconds from the
    /// recording start) with `margin_s` to spare on each side, unless the window received or
    /// the request in flight already holds the time shown, or the file could not be read.
    pub fn request(&self, visible: (f64, f64), margin_s: f64) {
        let holds_visible =
            |span: Option<(f64, f64)>| span.is_some_and(|(first, last)| first <= visible.0 && visible.1 <= last);
        let mut state = self.state.borrow_mut();
        let loaded = state.loaded.as_ref().map(|loaded| (loaded.start_s, loaded.end_s));
        if state.failure.is_some() || holds_visible(loaded) || holds_visible(state.requested.map(|(span, _)| span)) {
            return;
        }
        let seq = state.last_seq + 1;
        let (start_s, end_s) = (visible.0 - margin_s, visible.1 + margin_s);
        let request = js_sys::Object::new();
        let window = js_sys::Object::new();
        for (key, value) in
            [("stream_id", f64::from(self.stream_id)), ("seq", f64::from(seq)), ("start_s", start_s), ("end_s", end_s)]
        {
            let _ = Reflect::set(&window, &key.into(), &value.into());
        }
        let _ = Reflect::set(&request, &"window".into(), &window);
        match self.worker.post_message(&request) {
            Ok(()) => {
                state.last_seq = seq;
                state.requested = Some(((start_s, end_s), seq));
            }
            Err(error) => web_sys::console::error_2(&"edxview: could not ask the reader for samples".into(), &error),
        }
    }

    /// Why the file's samples could not be read, if the worker said so.
    pub fn failure(&self) -> Option<String> {
        self.state.borrow().failure.clone()
    }

    /// Makes the calling effect run again when a window arrives.
    pub fn track(&self) {
        self.arrived.track();
    }

    fn receive(&self, reply: WindowReply, buffers: Vec<Float32Array>) {
        {
            let mut state = self.state.borrow_mut();
            if reply.seq < state.newest_answer {
                return;
            }
            state.newest_answer = reply.seq;
            if state.requested.is_some_and(|(_, seq)| seq == reply.seq) {
                state.requested = None;
            }
            if let Some(error) = reply.error {
                state.failure = Some(error);
            } else {
                let mut buffers = buffers.into_iter();
                let mut pieces = Vec::with_capacity(reply.pieces.len());
                for piece in reply.pieces {
                    let (Some(samples), Ok(first_sample)) = (buffers.next(), u32::try_from(piece.first_sample)) else {
                        break;
                    };
                    let envelope =
                        piece.envelope_bins.iter().zip(buffers.by_ref()).map(|(&bins, level)| (bins, level)).collect();
                    pieces.push(WindowPiece {
                        channel_idx: piece.channel_idx,
                        segment_idx: piece.segment_idx,
                        first_sample,
                        samples,
                        envelope,
                    });
                }
                state.loaded = Some(LoadedWindow { start_s: reply.start_s, end_s: reply.end_s, pieces });
            }
        }
        self.arrived.notify();
    }
}

/// The window sources of the recordings open, by stream id, to route the worker's windows.
type WindowSources = Rc<RefCell<HashMap<u32, Weak<WindowSource>>>>;

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
        let sources = WindowSources::default();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            match decode(&event.data(), &worker_for_replies, &sources) {
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

/// Turns a worker message into an event (`None` for the worker's ready signal and for windows,
/// which go straight to their recording's source); a malformed one becomes a failure to show.
fn decode(message: &JsValue, worker: &Worker, sources: &WindowSources) -> Option<WorkerEvent> {
    let text = Reflect::get(message, &"reply".into()).ok().and_then(|value| value.as_string()).unwrap_or_default();
    let buffers: Vec<Float32Array> = Reflect::get(message, &"buffers".into())
        .ok()
        .map(|value| Array::from(&value).iter().map(|buffer| buffer.unchecked_into()).collect())
        .unwrap_or_default();
    Some(match serde_json::from_str::<Reply>(&text) {
        Ok(Reply::Ready) => return None,
        Ok(Reply::Window(reply)) => {
            let source = sources.borrow().get(&reply.stream_id).and_then(Weak::upgrade);
            if let Some(source) = source {
                source.receive(reply, buffers);
            }
            return None;
        }
        Ok(Reply::Progress { file_name, fraction }) => WorkerEvent::Progress { file_name, fraction },
        Ok(Reply::Recording(summary)) => match attach_buffers(summary, buffers, worker, sources) {
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
    worker: &Worker,
    sources: &WindowSources,
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
            let samples = if summary.stream_id.is_some() { None } else { Some(next()?) };
            let envelope = segment
                .envelope_bins
                .iter()
                .map(|&bins| next().map(|level| (bins, level)))
                .collect::<Result<_, _>>()?;
            segments.push(SegmentData { samples, envelope });
        }
        channels.push(segments);
    }
    let windows = summary.stream_id.map(|stream_id| {
        let source = Rc::new(WindowSource {
            stream_id,
            worker: worker.clone(),
            state: RefCell::default(),
            arrived: ArcTrigger::new(),
        });
        sources.borrow_mut().insert(stream_id, Rc::downgrade(&source));
        source
    });
    Ok(OpenedRecording { summary, channels, nerve_conductions, windows })
}
