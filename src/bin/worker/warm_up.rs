//! Warming up the needle analysis before a file arrives.
//!
//! The browser first runs WebAssembly through a quick baseline compiler and optimises a
//! function only once it has run for a while, for its later calls: a file's analysis, a few
//! long calls, ran mostly unoptimised (a minute at 20 kHz took 1.2–1.6 s in Chromium as the
//! worker's first analysis and 0.7–1.1 s as its second; 0.66–1.0 s as its first once warmed
//! up). The page starts the worker as soon as it is up (and asks it for the first demo). Each
//! piece is a task of its own, run only while the worker has no request in hand, so a request
//! waits for one piece's analysis at most, and the page's first request for none.

use wasm_bindgen::prelude::*;
use web_sys::DedicatedWorkerGlobalScope;

/// Pieces of simulated needle EMG analysed and discarded.
const PIECES: u32 = 4;
/// Seconds of effort in each piece.
const PIECE_S: f64 = 2.0;
/// The first piece waits this long, ms, so the requests the page queued while the worker
/// started arrive first.
const FIRST_PIECE_AFTER_MS: i32 = 50;
/// While a request is in hand, the next piece is tried again after this long, ms.
const RETRY_AFTER_MS: i32 = 100;

/// Starts the warm-up; `busy` says whether the worker has a request in hand.
pub fn schedule(busy: fn() -> bool) {
    schedule_piece(PIECES, busy, FIRST_PIECE_AFTER_MS);
}

/// Queues the next piece as a task of its own after `delay_ms`, `remaining` pieces to go; a
/// piece due while the worker is busy waits.
fn schedule_piece(remaining: u32, busy: fn() -> bool, delay_ms: i32) {
    if remaining == 0 {
        return;
    }
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let next = Closure::once_into_js(move || {
        if busy() {
            schedule_piece(remaining, busy, RETRY_AFTER_MS);
        } else {
            analyse_piece();
            schedule_piece(remaining - 1, busy, 0);
        }
    });
    if scope.set_timeout_with_callback_and_timeout_and_arguments_0(next.unchecked_ref(), delay_ms).is_err() {
        web_sys::console::warn_1(&"edxview worker: could not schedule the warm-up".into());
    }
}

/// Analyses `PIECE_S` of effort of a simulated myopathic muscle (the densest demo, so every
/// step of the needle analysis runs).
fn analyse_piece() {
    let muscle = edx_core::synth::needle::NeedleSpec::myopathic();
    let effort_from_s = muscle.units.iter().map(|unit| unit.start_s).fold(f64::INFINITY, f64::min);
    let simulated = muscle.with_effort_later(-effort_from_s).with_duration(PIECE_S).simulate();
    let analysis = edx_core::needle::analyse_needle(&simulated.samples_uv, simulated.sampling_rate_hz, None, None);
    std::hint::black_box(analysis);
}
