//! edxview: an electrodiagnostic study viewer that runs entirely in the browser.
//!
//! This binary is the Leptos single-page app: it installs the panic hook and mounts [`app::App`].
//! Everything a measurement rests on is computed by `edx-core`; this crate is UI and browser glue.

mod app;
mod components;
mod file_input;
mod offline;
mod plot;
mod timing;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
