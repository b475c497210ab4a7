//! In-browser timings, as Performance API marks the end-to-end suite reads.

use std::cell::Cell;

thread_local! {
    static FIRST_TRACE_MARKED: Cell<bool> = const { Cell::new(false) };
}

/// Marks `edxview:first-trace-drawn` the first time a trace reaches the screen, so the browser
/// tests can report the time from navigation start to the first drawn trace.
pub fn mark_first_trace_drawn() {
    if FIRST_TRACE_MARKED.replace(true) {
        return;
    }
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        // A failed mark only loses a timing figure; the page itself is unaffected.
        let _ = performance.mark("edxview:first-trace-drawn");
    }
}

thread_local! {
    /// Per file, the marks made so far (bit 0: drawn, bit 1: drawn exactly).
    static RECORDINGS_MARKED: std::cell::RefCell<std::collections::HashMap<String, u8>> = Default::default();
}

/// Marks `edxview:drawn:FILE` the first time the signal viewer draws the recording of `file_name`,
/// so the browser benchmarks can time a file from choosing it to its first drawn frame.
pub fn mark_recording_drawn(file_name: &str) {
    mark_once("drawn", 1, file_name);
}

/// Marks `edxview:drawn-exactly:FILE` the first time the viewer draws the recording of
/// `file_name` from its samples or envelopes without waiting for a window read from the file.
pub fn mark_recording_drawn_exactly(file_name: &str) {
    mark_once("drawn-exactly", 2, file_name);
}

/// Marks `edxview:WHAT:FILE` once per file; `bit` records that it was made.
fn mark_once(what: &str, bit: u8, file_name: &str) {
    // Called on every draw: only a file's first draws allocate.
    if RECORDINGS_MARKED.with_borrow(|marked| marked.get(file_name).is_some_and(|bits| bits & bit != 0)) {
        return;
    }
    RECORDINGS_MARKED.with_borrow_mut(|marked| *marked.entry(file_name.to_string()).or_default() |= bit);
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        // A failed mark only loses a timing figure; the page itself is unaffected.
        let _ = performance.mark(&format!("edxview:{what}:{file_name}"));
    }
}
