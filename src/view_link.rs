//! The view in the address bar (edx-core's `view_link`): read once as the page opens, so that a
//! link restores the demo (or, for a study from files, the view once the same files are opened
//! again) with its scales, moved markers and needle screen; and rewritten in place (no new
//! history entry, no request) as the view changes, so the address is always a link to what is
//! on screen; and the "Copy link" button.

use std::time::Duration;

use edx_core::view_link::{EmbedPanels, StudyView, ViewLink};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

use crate::settings::Settings;
use crate::studies::{Selection, Studies, StudySlot};

/// How long the view must rest before the address follows it: a screen turning with the sound
/// or a marker dragged would otherwise rewrite it many times a second, which browsers throttle.
const ADDRESS_SETTLE: Duration = Duration::from_millis(250);

/// The view the page's address names, if any.
pub fn opened_with() -> ViewLink {
    let fragment = web_sys::window().and_then(|window| window.location().hash().ok()).unwrap_or_default();
    ViewLink::parse(&fragment)
}

/// Keeps the address naming the view on screen from now on; an embedded view keeps its panels.
pub fn keep_in_address_bar(studies: Studies, settings: Settings, embed: Option<EmbedPanels>) {
    let pending = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let fragment = current(studies, settings, embed.clone()).fragment();
        if let Some(Some(previous)) = pending.try_update_value(Option::take) {
            previous.clear();
        }
        let write = move || {
            if let Some(history) = web_sys::window().and_then(|window| window.history().ok()) {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("#{fragment}")));
            }
        };
        pending.set_value(set_timeout_with_handle(write, ADDRESS_SETTLE).ok());
    });
}

/// The view on screen, as a link names it (tracked).
pub fn current(studies: Studies, settings: Settings, embed: Option<EmbedPanels>) -> ViewLink {
    let selection = studies.selection.get();
    let slot = studies.shown().and_then(|(id, _)| studies.slot(id));
    let (demo, study) = match &selection {
        Selection::Demo(id) => (Some(id.clone()), None),
        Selection::Study(_) => (None, slot.as_ref().map(|slot| slot.identity.clone())),
        Selection::TypedReport => (None, None),
    };
    let view = match (&slot, &selection) {
        (Some(slot), Selection::Demo(_) | Selection::Study(_)) => study_view(slot),
        _ => StudyView::default(),
    };
    ViewLink { demo, study, patient_view: settings.patient_view.get(), view, embed }
}

/// What of `slot`'s view differs from how it opened (tracked).
fn study_view(slot: &StudySlot) -> StudyView {
    let (nerve_scales, moved_markers) = slot.review.linked();
    StudyView {
        nerve_scales,
        moved_markers,
        needle: slot.needle_review.linked_screen.get(),
        moved_unit_markers: slot.needle_review.linked_unit_markers(),
    }
}

/// The page's address without its fragment: where a link to one of its views starts.
pub fn page_address() -> Option<String> {
    let location = web_sys::window()?.location();
    Some(format!("{}{}", location.origin().ok()?, location.pathname().ok()?))
}

/// "Copy link": the address of this view to the clipboard, and what the link holds.
#[component]
pub fn CopyLink(
    /// The studies, with the view on screen.
    studies: Studies,
) -> impl IntoView {
    let settings = crate::settings::use_settings();
    let status = RwSignal::new(None::<String>);
    let copy = move |_| {
        let Some(window) = web_sys::window() else { return };
        let Some(page) = page_address() else { return };
        // The view as it is now, even if the address has not caught up with the last change.
        let address = format!("{page}#{}", untrack(|| current(studies, settings, None)).fragment());
        let holds = match studies.selection.get_untracked() {
            Selection::Demo(_) => "it opens this demo in this view",
            Selection::Study(_) => {
                "it holds this view and a fingerprint of your files, never the files: opened on a device with the same files, it restores this view"
            }
            Selection::TypedReport => "it holds the view only, never what you typed: that stays on this device",
        };
        let copied = window.navigator().clipboard().write_text(&address);
        leptos::task::spawn_local(async move {
            status.set(Some(match JsFuture::from(copied).await {
                Ok(_) => format!("Link copied: {holds}."),
                Err(_) => format!("This browser did not allow copying; the link is: {address}"),
            }));
        });
    };
    view! {
        <button type="button" class="secondary-button" data-testid="copy-link" on:click=copy>"Copy link"</button>
        <span class="hint" role="status" data-testid="copy-link-status">{move || status.get()}</span>
    }
}
