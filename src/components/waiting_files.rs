//! Files opened while a study is on screen: the user says whether they belong to it (a needle
//! recording of one more muscle) or are a study of their own.

use leptos::html;
use leptos::prelude::*;

use crate::studies::Studies;

/// The question, with the files it is about; nothing while no file waits. It takes the
/// keyboard's focus as it appears; Escape cancels.
#[component]
pub fn WaitingFiles(
    /// The page's studies.
    studies: Studies,
) -> impl IntoView {
    let add_ref = NodeRef::<html::Button>::new();
    let is_waiting = move || studies.waiting.with(Option::is_some);
    Effect::new(move |_| {
        if let (true, Some(button)) = (is_waiting(), add_ref.get()) {
            let _ = button.focus();
        }
    });
    let question = move || {
        studies.waiting.with(|waiting| {
            let Some(waiting) = waiting else { return String::new() };
            let names: Vec<String> = waiting.files.iter().map(web_sys::File::name).collect();
            let title = studies.slot(waiting.study).map(|slot| slot.opened.study.title.clone()).unwrap_or_default();
            format!("You opened {} while “{title}” is on screen. Are they part of this study?", names.join(", "))
        })
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
                        "Add to this study"
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
