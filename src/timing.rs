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
    static RECORDINGS_MARKED: std::cell::RefCell<std::collections::HashSet<String>> = Default::default();
}

/// Marks `edxview:drawn:FILE` the first time the signal viewer draws the recording of `file_name`,
/// so the browser benchmarks can time a file from choosing it to its first drawn frame.
pub fn mark_recording_drawn(file_name: &str) {
    // Called on every draw: only the first draw of a file allocates.
    if RECORDINGS_MARKED.with_borrow(|marked| marked.contains(file_name)) {
        return;
    }
    RECORDINGS_MARKED.with_borrow_mut(|marked| marked.insert(file_name.to_string()));
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        // A failed mark only loses a timing figure; the page itself is unaffected.
        let _ = performance.mark(&format!("edxview:drawn:{file_name}"));
    }
}
