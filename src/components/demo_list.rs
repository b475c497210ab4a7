//! The list of built-in demo studies.

use edx_core::synth::demos;
use leptos::prelude::*;

/// Built-in simulated studies, so a first-time visitor sees real plots without a file.
#[component]
pub fn DemoList(
    /// The identifier of the demo on screen, if a demo is on screen.
    #[prop(into)]
    selected: Signal<Option<String>>,
    /// Called with a demo's identifier when the user picks it.
    on_select: Callback<String>,
) -> impl IntoView {
    let item = move |demo: &'static demos::Demo| {
        let id = demo.id;
        let is_selected = move || selected.get().as_deref() == Some(id);
        view! {
            <li>
                <button
                    type="button"
                    class="demo"
                    data-testid=format!("demo-{id}")
                    aria-pressed=move || is_selected().to_string()
                    on:click=move |_| on_select.run(id.to_string())
                >
                    <span class="demo-title">{demo.title}</span>
                    <span class="demo-description">{demo.description}</span>
                </button>
            </li>
        }
    };
    view! {
        <nav class="demo-list" aria-labelledby="demo-list-heading">
            <h2 id="demo-list-heading">"Demo studies"</h2>
            <ul>{demos::ALL.iter().map(item).collect_view()}</ul>
            <h3 class="demo-group">"Needle EMG"</h3>
            <ul>{demos::NEEDLE.iter().map(item).collect_view()}</ul>
            <h3 class="demo-group">"Whole studies"</h3>
            <ul>{edx_core::synth::study::STUDIES.iter().map(item).collect_view()}</ul>
        </nav>
    }
}
