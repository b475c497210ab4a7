//! Choosing the reference profile, and loading a laboratory's own as JSON.

use edx_core::interpret::ReferenceProfile;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::settings::use_settings;

/// A labelled select of profiles and a file input for a laboratory profile.
#[component]
pub fn ProfileChooser() -> impl IntoView {
    let settings = use_settings();
    let (message, set_message) = signal(None::<String>);
    let profile = settings.profile();
    let on_file = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|files| files.get(0)) else { return };
        input.set_value("");
        spawn_local(async move {
            let name = file.name();
            let text = JsFuture::from(file.text()).await.ok().and_then(|value| value.as_string());
            match text.map(|text| ReferenceProfile::from_json(&text)) {
                Some(Ok(profile)) => {
                    set_message.set(Some(format!("Loaded “{}” from {name}; it stays on this device.", profile.name)));
                    settings.add_lab_profile(profile);
                }
                Some(Err(error)) => set_message.set(Some(format!("{name}: {error}"))),
                None => set_message.set(Some(format!("{name}: the browser could not read the file"))),
            }
        });
    };
    view! {
        <section class="profile-chooser">
            <h2>"Normal limits"</h2>
            <label>
                <span class="visually-hidden">"Reference profile"</span>
                <select
                    data-testid="profile"
                    on:change=move |event| settings.profile_id.set(event_target_value(&event))
                >
                    {move || {
                        settings
                            .profiles
                            .get()
                            .into_iter()
                            .map(|profile| {
                                let id = profile.id.clone();
                                view! { <option value=id.clone() selected=move || settings.profile_id.get() == id>{profile.name}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <p class="hint">{move || profile.with(|profile| profile.description.clone())}</p>
            <label class="small-file-picker">
                "Load a laboratory profile (JSON): "
                <input type="file" accept=".json,application/json" data-testid="profile-file" on:change=on_file/>
            </label>
            {move || message.get().map(|message| view! { <p class="hint" role="status">{message}</p> })}
        </section>
    }
}
