//! The view in the address bar (edx-core's `view_link`): read once as the page opens, so that a
//! link restores the demo and the view it names, and rewritten in place (no new history entry,
//! no request) whenever either changes, so the address is always a link to what is on screen;
//! and the "Copy link" button.

use edx_core::view_link::ViewLink;
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::settings::Settings;
use crate::studies::{Selection, Studies};

/// The view the page's address names, if any.
pub fn opened_with() -> ViewLink {
    let fragment = web_sys::window().and_then(|window| window.location().hash().ok()).unwrap_or_default();
    ViewLink::parse(&fragment)
}

/// Keeps the address naming the demo on screen and the view, from now on.
pub fn keep_in_address_bar(studies: Studies, settings: Settings) {
    Effect::new(move |_| {
        let demo = match studies.selection.get() {
            Selection::Demo(id) => Some(id),
            Selection::Study(_) | Selection::TypedReport => None,
        };
        let fragment = ViewLink { demo, patient_view: settings.patient_view.get() }.fragment();
        if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
        }
    });
}

/// "Copy link": the address of this view to the clipboard, and what the link holds.
#[component]
pub fn CopyLink(
    /// The studies, to say whether the link opens a demo or the view alone.
    studies: Studies,
) -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    let copy = move |_| {
        let Some(window) = web_sys::window() else { return };
        let Ok(address) = window.location().href() else { return };
        let holds = match studies.selection.get_untracked() {
            Selection::Demo(_) => "it opens this demo in this view",
            Selection::Study(_) | Selection::TypedReport => {
                "it holds this view only, never your files: they stay on this device"
            }
        };
        let copied = window.navigator().clipboard().write_text(&address);
        leptos::task::spawn_local(async move {
            status.set(Some(match JsFuture::from(copied).await {
                Ok(_) => format!("Link copied: {holds}."),
                Err(_) => format!("This browser did not allow copying; the link is the page's address: {address}"),
            }));
        });
    };
    view! {
        <button type="button" class="secondary-button" data-testid="copy-link" on:click=copy>"Copy link"</button>
        <span class="hint" role="status" data-testid="copy-link-status">{move || status.get()}</span>
    }
}
