//! edxview: an electrodiagnostic study viewer that runs entirely in the browser.
//!
//! Two programs share this library: the page (`main.rs`, the Leptos app mounted by [`app::App`])
//! and the parsing worker (`bin/worker.rs`), which reads files off the page's thread. Everything
//! a measurement rests on is computed by `edx-core`; this crate is UI and browser glue.

pub mod app;
mod components;
mod download;
mod file_input;
mod late_raster;
mod markers_overlay;
mod needle;
mod offline;
mod parsing;
mod plot;
pub mod protocol;
mod settings;
mod timing;
mod viewer;
