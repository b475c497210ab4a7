//! Offline use: registers the service worker that caches the app's own files.

use wasm_bindgen_futures::JsFuture;

/// Registers `sw.js` (relative to the page, so it works under any sub-path) when the page is
/// served over HTTP(S); a failure only means no offline copy, so it is logged as a warning.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else { return };
    let served_over_http =
        window.location().protocol().is_ok_and(|protocol| protocol == "http:" || protocol == "https:");
    if !served_over_http {
        return;
    }
    let registration = window.navigator().service_worker().register("sw.js");
    leptos::task::spawn_local(async move {
        if let Err(error) = JsFuture::from(registration).await {
            leptos::logging::warn!("edxview works, but not offline: the service worker was not registered ({error:?})");
        }
    });
}
