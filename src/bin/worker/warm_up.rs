//! Warming up the needle analysis before a file arrives.
//!
//! The browser first runs WebAssembly through a quick baseline compiler and optimises a
//! function only once it has run for a while, for its later calls: a file's analysis, a few
//! long calls, ran mostly unoptimised (a minute at 20 kHz took 1.2–1.6 s in Chromium as the
//! worker's first analysis and 0.7–1.1 s as its second; 0.66–1.0 s as its first once warmed
//! up). The page starts the worker as soon as it is up. Each piece is a task of its own and the
//! warm-up stops at the page's first request, so a file dropped meanwhile waits for one piece's
//! analysis at most.

use wasm_bindgen::prelude::*;
use web_sys::DedicatedWorkerGlobalScope;

/// Pieces of simulated needle EMG analysed and discarded.
const PIECES: u32 = 4;
/// Seconds of effort in each piece.
const PIECE_S: f64 = 2.0;

/// Starts the warm-up; `asked` says whether the page has asked for anything yet.
pub fn schedule(asked: fn() -> bool) {
    schedule_piece(PIECES, asked);
}

/// Queues the next piece as a task of its own, `remaining` pieces to go, until the page asks.
fn schedule_piece(remaining: u32, asked: fn() -> bool) {
    if remaining == 0 {
        return;
    }
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let next = Closure::once_into_js(move || {
        if !asked() {
            analyse_piece();
            schedule_piece(remaining - 1, asked);
        }
    });
    if scope.set_timeout_with_callback(next.unchecked_ref()).is_err() {
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
