//! Teaching in other pages: the page embedded in a frame (`#embed=…`), with only the panels the
//! link names and none of the page's own header and lists, and "Embed this view", which gives
//! the `<iframe>` snippet for the demo on screen.

use edx_core::view_link::{embed_snippet, EmbedPanel, EmbedPanels};
use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::app::StudyArea;
use crate::settings::use_settings;
use crate::studies::{Selection, Studies};
use crate::view_link::{current, page_address};

/// The height a snippet starts with, px: the needle screen with its controls and a table.
const DEFAULT_HEIGHT_PX: u32 = 720;
/// The heights a snippet may ask for, px.
const HEIGHTS_PX: std::ops::RangeInclusive<u32> = 240..=4000;

/// The page as a frame in another page shows it: the panels of `panels`, as wide as the frame,
/// with a line saying where it runs and a link to the whole view.
#[component]
pub fn EmbeddedPage(
    /// The studies, with the demo the link named.
    studies: Studies,
    /// The panels the link names.
    panels: EmbedPanels,
) -> impl IntoView {
    let settings = use_settings();
    let whole_view = move || {
        let link = current(studies, settings, None);
        page_address().map(|address| format!("{address}#{}", link.fragment()))
    };
    view! {
        <main class="embedded" class:patient-reading=move || settings.patient_view.get() data-testid="embedded-view">
            <StudyArea studies panels=Some(panels)/>
            <footer class="embedded-footer">
                <span>"edxview: simulated and analysed in this frame, on this device. Nothing is sent anywhere."</span>
                <a href=whole_view target="_blank" rel="noopener noreferrer" data-testid="open-whole-view">"Open in edxview"</a>
            </footer>
        </main>
    }
}

/// "Embed this view": the panels to show and the frame's height, and the `<iframe>` snippet to
/// paste, for a built-in demo (a study from the user's files cannot be embedded: it never leaves
/// this device).
#[component]
pub fn EmbedThisView(
    /// The studies, with the one on screen.
    studies: Studies,
) -> impl IntoView {
    let settings = use_settings();
    let open = RwSignal::new(false);
    let chosen = RwSignal::new(EmbedPanel::ALL.to_vec());
    let height_px = RwSignal::new(DEFAULT_HEIGHT_PX);
    let status = RwSignal::new(None::<String>);
    let snippet = Memo::new(move |_| -> Result<String, &'static str> {
        if !matches!(studies.selection.get(), Selection::Demo(_)) {
            return Err(
                "Only the built-in demos can be embedded: a study opened from your files stays on this device.",
            );
        }
        let panels = EmbedPanels::of(&chosen.get()).ok_or("Choose at least one panel to show.")?;
        let link = current(studies, settings, Some(panels));
        let address = page_address().ok_or("This browser did not give the page's address.")?;
        Ok(embed_snippet(&address, &link, height_px.get()))
    });
    let copy = move |_| {
        let Ok(text) = snippet.get_untracked() else { return };
        let Some(window) = web_sys::window() else { return };
        let copied = window.navigator().clipboard().write_text(&text);
        leptos::task::spawn_local(async move {
            status.set(Some(match JsFuture::from(copied).await {
                Ok(_) => "Snippet copied: paste it into your page's HTML.".to_string(),
                Err(_) => "This browser did not allow copying: select the snippet and copy it.".to_string(),
            }));
        });
    };
    let panel_choice = move |panel: EmbedPanel| {
        let is_chosen = move || chosen.with(|chosen| chosen.contains(&panel));
        view! {
            <label>
                <input
                    type="checkbox"
                    data-testid=format!("embed-panel-{}", panel.key())
                    prop:checked=is_chosen
                    on:change=move |event| {
                        let on = event_target_checked(&event);
                        chosen.update(|chosen| {
                            chosen.retain(|kept| *kept != panel);
                            if on {
                                chosen.push(panel);
                            }
                        });
                    }
                />
                {panel.label()}
            </label>
        }
    };
    view! {
        <button
            type="button"
            class="secondary-button"
            data-testid="embed-view"
            aria-expanded=move || open.get().to_string()
            aria-controls="embed-dialog"
            on:click=move |_| open.update(|open| *open = !*open)
        >
            "Embed this view"
        </button>
        <Show when=move || open.get()>
            <div class="embed-dialog" id="embed-dialog" role="group" aria-label="Embed this view" data-testid="embed-dialog">
                <fieldset>
                    <legend>"Panels to show"</legend>
                    {EmbedPanel::ALL.into_iter().map(panel_choice).collect_view()}
                </fieldset>
                <label>
                    "Height of the frame (px) "
                    <input
                        type="number"
                        min=HEIGHTS_PX.start().to_string()
                        max=HEIGHTS_PX.end().to_string()
                        step="20"
                        data-testid="embed-height"
                        prop:value=move || height_px.get().to_string()
                        on:change=move |event| {
                            if let Ok(height) = event_target_value(&event).trim().parse::<u32>() {
                                height_px.set(height.clamp(*HEIGHTS_PX.start(), *HEIGHTS_PX.end()));
                            }
                        }
                    />
                </label>
                {move || match snippet.get() {
                    Ok(text) => view! {
                        <label class="embed-snippet">
                            "Paste this into your page's HTML:"
                            <textarea readonly rows="4" data-testid="embed-snippet" prop:value=text></textarea>
                        </label>
                        <button type="button" class="secondary-button" data-testid="copy-embed" on:click=copy>"Copy snippet"</button>
                    }.into_any(),
                    Err(reason) => view! { <p class="hint" data-testid="embed-unavailable">{reason}</p> }.into_any(),
                }}
                <span class="hint" role="status" data-testid="embed-status">{move || status.get()}</span>
                <p class="hint">
                    "The frame simulates this demo in the reader's browser, loads only this site's own files and sends nothing anywhere. Sound starts when the reader clicks Play inside it. A site serving edxview allows other pages to frame it unless it sends a header that forbids it (docs/teaching.md)."
                </p>
            </div>
        </Show>
    }
}
