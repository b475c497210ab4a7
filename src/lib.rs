//! edxview: an electrodiagnostic study viewer that runs entirely in the browser.
//!
//! Two programs share this library: the page (`main.rs`, the Leptos app mounted by [`app::App`])
//! and the worker (`bin/worker/`), which reads files and simulates demos off the page's thread;
//! they speak the typed messages of [`protocol`]. Everything a measurement rests on is computed
//! by `edx-core`; this crate is UI and browser glue.

pub mod app;
mod canvas;
mod components;
mod device_storage;
mod download;
mod embed;
mod file_input;
mod needle;
mod offline;
mod opened_study;
mod print_frame;
pub mod protocol;
mod report_notes;
mod settings;
mod studies;
mod timing;
mod view_link;
mod viewer;
mod window_source;
mod worker_client;
