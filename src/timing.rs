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
