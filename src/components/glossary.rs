//! Plain text with each glossary word a button that opens its meaning in place, and the list of
//! every glossary word a view uses: the patient's words explained where they stand.

use edx_core::interpret::patient::en::{with_terms, Term, GLOSSARY};
use leptos::prelude::*;

/// `text` with each glossary word (its first time in the text) a button that opens its meaning.
#[component]
pub fn GlossaryText(
    /// The text.
    text: String,
) -> impl IntoView {
    with_terms(&text)
        .into_iter()
        .map(|(piece, term)| match term {
            None => piece.into_any(),
            Some(term) => view! { <TermButton word=piece term/> }.into_any(),
        })
        .collect_view()
}

/// A glossary word that opens and closes its meaning, keyboard operable as a button.
#[component]
fn TermButton(
    /// The word as the text writes it.
    word: String,
    /// Its glossary entry.
    term: &'static Term,
) -> impl IntoView {
    let open = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="term"
            data-testid="glossary-term"
            aria-expanded=move || open.get().to_string()
            title="What this word means"
            on:click=move |_| open.update(|open| *open = !*open)
        >
            {word}
        </button>
        <Show when=move || open.get()>
            <span class="term-meaning" role="note" data-testid="glossary-meaning">{format!(" ({})", term.meaning)}</span>
        </Show>
    }
}

/// Every glossary word that stands in `texts`, with its meaning.
#[component]
pub fn WordList(
    /// The texts of the view.
    texts: Vec<String>,
) -> impl IntoView {
    let found: Vec<&'static Term> =
        texts.iter().flat_map(|text| with_terms(text).into_iter().filter_map(|(_, term)| term)).collect();
    let used: Vec<&'static Term> = GLOSSARY.iter().filter(|term| found.contains(term)).collect();
    (!used.is_empty()).then(|| {
        let list = move || {
            view! {
                <dl>
                    {used
                        .iter()
                        .map(|term| view! { <dt>{term.word}</dt><dd>{term.meaning}</dd> })
                        .collect_view()}
                </dl>
            }
        };
        // Closed on screen, and printed open: a printout cannot be clicked.
        view! {
            <details class="word-list no-print" data-testid="word-list">
                <summary>"Words used here"</summary>
                {list()}
            </details>
            <div class="word-list print-only">
                <h4>"Words used here"</h4>
                {list()}
            </div>
        }
    })
}
