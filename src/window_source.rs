//! Windows of samples of a large file, read by the worker on request. The page keeps the last
//! window it received; a view asks for the time it shows and redraws when a window arrives.

use std::cell::RefCell;

use js_sys::Float32Array;
use leptos::prelude::{ArcTrigger, Notify, Track};

use crate::protocol::{Request, WindowReply, WindowRequest};
use crate::worker_client::RequestPoster;

/// Where a large recording's samples come from: the worker, a window at a time.
#[derive(Debug)]
pub struct WindowSource {
    stream_id: u32,
    poster: RequestPoster,
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
    /// Why the worker could not read the samples of the last window it failed, and that
    /// window's span: the same time is not asked for again, another is.
    failure: Option<(String, (f64, f64))>,
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
    /// The segment of the channel the piece belongs to.
    pub segment_idx: usize,
    /// Index in the segment of the first sample; the envelope's bins count from it.
    pub first_sample: u32,
    /// The piece's samples, in the channel's unit.
    pub samples: Float32Array,
    /// (samples per bin, interleaved minima and maxima), fine to coarse.
    pub envelope: Vec<(usize, Float32Array)>,
}

impl WindowSource {
    /// The source of stream `stream_id`, asking through `poster`.
    pub fn new(stream_id: u32, poster: RequestPoster) -> WindowSource {
        WindowSource { stream_id, poster, state: RefCell::default(), arrived: ArcTrigger::new() }
    }

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
    /// the request in flight already holds the time shown, or that time could not be read.
    /// Returns whether the samples are on their way.
    pub fn request(&self, visible: (f64, f64), margin_s: f64) -> bool {
        let holds_visible =
            |span: Option<(f64, f64)>| span.is_some_and(|(first, last)| first <= visible.0 && visible.1 <= last);
        let mut state = self.state.borrow_mut();
        let loaded = state.loaded.as_ref().map(|loaded| (loaded.start_s, loaded.end_s));
        if holds_visible(state.failure.as_ref().map(|(_, span)| *span)) || holds_visible(loaded) {
            return false;
        }
        if holds_visible(state.requested.map(|(span, _)| span)) {
            return true;
        }
        let seq = state.last_seq + 1;
        let (start_s, end_s) = (visible.0 - margin_s, visible.1 + margin_s);
        let request = Request::Window(WindowRequest { stream_id: self.stream_id, seq, start_s, end_s });
        match self.poster.post(&request, None) {
            Ok(()) => {
                state.last_seq = seq;
                state.requested = Some(((start_s, end_s), seq));
                true
            }
            Err(message) => {
                web_sys::console::error_1(&format!("edxview: could not ask for samples: {message}").into());
                false
            }
        }
    }

    /// Why the last window of samples could not be read, if the worker said so and no window
    /// has arrived since.
    pub fn failure(&self) -> Option<String> {
        self.state.borrow().failure.as_ref().map(|(message, _)| message.clone())
    }

    /// Makes the calling effect run again when a window arrives.
    pub fn track(&self) {
        self.arrived.track();
    }

    /// Keeps the window `reply` answers, with its `buffers`, unless a newer one has arrived.
    pub fn receive(&self, reply: WindowReply, buffers: Vec<Float32Array>) {
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
                state.failure = Some((error, (reply.start_s, reply.end_s)));
            } else {
                state.failure = None;
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
