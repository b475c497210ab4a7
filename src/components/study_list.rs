//! The studies opened from files, to switch between them.

use leptos::prelude::*;

use crate::studies::{Selection, Studies};

/// A button per study opened from files (demos are in the demo list), with what it holds.
#[component]
pub fn StudyList(
    /// The page's studies.
    studies: Studies,
) -> impl IntoView {
    let from_files = move || {
        studies.slots.with(|slots| {
            slots
                .iter()
                .filter(|slot| slot.opened.demo_id.is_none())
                .map(|slot| (slot.id, slot.opened.study.title.clone(), slot.opened.describe()))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || !from_files().is_empty()>
            <nav class="recording-list demo-list" aria-labelledby="study-list-heading">
                <h2 id="study-list-heading">"Opened studies"</h2>
                <ul>
                    {move || {
                        from_files()
                            .into_iter()
                            .map(|(id, title, description)| {
                                view! {
                                    <li>
                                        <button
                                            type="button"
                                            class="demo"
                                            data-testid="opened-study"
                                            aria-pressed=move || (studies.selection.get() == Selection::Study(id)).to_string()
                                            on:click=move |_| studies.select(Selection::Study(id))
                                        >
                                            <span class="demo-title">{title}</span>
                                            <span class="demo-description">{description}</span>
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </nav>
        </Show>
    }
}
