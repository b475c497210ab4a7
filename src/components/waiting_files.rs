//! Files opened while a study is on screen: the user says whether they belong to it (a needle
//! recording of one more muscle) or are a study of their own.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::studies::Studies;

/// The question, with the files and the study it is about; nothing while no file waits. It
/// takes the keyboard's focus as it appears and gives it back when answered; Escape cancels.
#[component]
pub fn WaitingFiles(
    /// The page's studies.
    studies: Studies,
) -> impl IntoView {
    let add_ref = NodeRef::<html::Button>::new();
    let focused_before = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let is_waiting = move || studies.waiting.with(Option::is_some);
    Effect::new(move |_| match (is_waiting(), add_ref.get()) {
        (true, Some(button)) => {
            if focused_before.with_value(Option::is_none) {
                let active = web_sys::window()
                    .and_then(|window| window.document())
                    .and_then(|document| document.active_element());
                focused_before.set_value(active.and_then(|element| element.dyn_into().ok()));
            }
            let _ = button.focus();
        }
        (false, _) => {
            if let Some(element) = focused_before.try_update_value(Option::take).flatten() {
                let _ = element.focus();
            }
        }
        (true, None) => {}
    });
    let target_title = move || {
        studies.waiting.with(|waiting| {
            waiting.as_ref().and_then(|waiting| studies.slot(waiting.study)).map(|slot| slot.opened.study.title.clone())
        })
    };
    let question = move || {
        let names = studies.waiting.with(|waiting| {
            waiting.as_ref().map(|waiting| waiting.files.iter().map(web_sys::File::name).collect::<Vec<_>>().join(", "))
        });
        format!(
            "You opened {} while “{}” was on screen. Are they part of that study?",
            names.unwrap_or_default(),
            target_title().unwrap_or_default()
        )
    };
    let on_key_down = move |event: web_sys::KeyboardEvent| {
        if event.key() == "Escape" {
            studies.discard_waiting_files();
            event.prevent_default();
        }
    };
    view! {
        <Show when=is_waiting>
            <section class="waiting-files" role="group" aria-labelledby="waiting-files-question" data-testid="waiting-files" on:keydown=on_key_down>
                <p id="waiting-files-question">{question}</p>
                <div class="study-actions">
                    <button type="button" node_ref=add_ref data-testid="add-to-study" on:click=move |_| studies.place_waiting_files(true)>
                        {move || format!("Add to “{}”", target_title().unwrap_or_default())}
                    </button>
                    <button type="button" data-testid="open-as-new-study" on:click=move |_| studies.place_waiting_files(false)>
                        "Open as a new study"
                    </button>
                    <button type="button" class="link-button" on:click=move |_| studies.discard_waiting_files()>"Cancel"</button>
                </div>
            </section>
        </Show>
    }
}
