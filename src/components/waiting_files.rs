//! Files opened while a study is on screen: the user says whether they belong to it (a needle
//! recording of one more muscle) or are a study of their own.

use leptos::html;
use leptos::prelude::*;

use crate::studies::{Selection, Studies};

/// The question, with the files it is about; nothing while no file waits.
#[component]
pub fn WaitingFiles(
    /// The page's studies.
    studies: Studies,
) -> impl IntoView {
    let add_ref = NodeRef::<html::Button>::new();
    // The question takes the keyboard's focus as it appears, so it is answered without a mouse.
    Effect::new(move |_| {
        if studies.waiting_files.with(|files| !files.is_empty()) {
            if let Some(button) = add_ref.get() {
                let _ = button.focus();
            }
        }
    });
    let names = move || {
        studies.waiting_files.with(|files| files.iter().map(web_sys::File::name).collect::<Vec<_>>().join(", "))
    };
    let study_title = move || match studies.selection.get() {
        Selection::Study(id) => studies.slot(id).map(|slot| slot.opened.study.title.clone()).unwrap_or_default(),
        Selection::Demo(_) => String::new(),
    };
    view! {
        <Show when=move || studies.waiting_files.with(|files| !files.is_empty())>
            <section class="waiting-files" role="group" aria-labelledby="waiting-files-question" data-testid="waiting-files">
                <p id="waiting-files-question">
                    {move || format!("You opened {} while “{}” is on screen. Are they part of this study?", names(), study_title())}
                </p>
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
