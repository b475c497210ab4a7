//! Settings shared by the whole page: the reference profile values are held against, and
//! whether the study is shown to a physician or explained to a patient. Laboratory profiles are
//! kept in the browser's local storage only.

use edx_core::interpret::{builtin_profiles, ReferenceProfile};
use leptos::prelude::*;

/// Local-storage key of the laboratory profiles the user loaded.
const LAB_PROFILES_KEY: &str = "edxview.lab-profiles";

/// The page's shared settings, provided as context by the app.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    /// Every profile on offer: built-in first, then the laboratory's own.
    pub profiles: RwSignal<Vec<ReferenceProfile>>,
    /// The identifier of the chosen profile.
    pub profile_id: RwSignal<String>,
    /// Whether the plain-language patient view is shown instead of the physician view.
    pub patient_view: RwSignal<bool>,
}

impl Settings {
    /// Built-in profiles plus any stored laboratory profiles; the first built-in one chosen.
    pub fn new() -> Settings {
        let mut profiles = builtin_profiles();
        profiles.extend(stored_lab_profiles());
        let profile_id = profiles[0].id.clone();
        Settings {
            profiles: RwSignal::new(profiles),
            profile_id: RwSignal::new(profile_id),
            patient_view: RwSignal::new(false),
        }
    }

    /// The chosen profile.
    pub fn profile(&self) -> Memo<ReferenceProfile> {
        let (profiles, profile_id) = (self.profiles, self.profile_id);
        Memo::new(move |_| {
            let chosen = profile_id.get();
            profiles.with(|profiles| {
                profiles.iter().find(|profile| profile.id == chosen).cloned().unwrap_or_else(|| profiles[0].clone())
            })
        })
    }

    /// Chooses the profile `profile_id` if it is on offer (a study file names the one it was
    /// reviewed with, which may be a laboratory's this browser does not hold).
    pub fn choose_profile_if_known(&self, profile_id: &str) {
        if self.profiles.with_untracked(|profiles| profiles.iter().any(|profile| profile.id == profile_id)) {
            self.profile_id.set(profile_id.to_string());
        }
    }

    /// Adds (or replaces) a laboratory profile, stores it on this device and chooses it.
    pub fn add_lab_profile(&self, profile: ReferenceProfile) {
        let id = profile.id.clone();
        self.profiles.update(|profiles| {
            profiles.retain(|existing| existing.id != id);
            profiles.push(profile);
        });
        let builtin_ids: Vec<String> = builtin_profiles().into_iter().map(|profile| profile.id).collect();
        let lab: Vec<ReferenceProfile> = self.profiles.with_untracked(|profiles| {
            profiles.iter().filter(|profile| !builtin_ids.contains(&profile.id)).cloned().collect()
        });
        store_lab_profiles(&lab);
        self.profile_id.set(id);
    }
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn stored_lab_profiles() -> Vec<ReferenceProfile> {
    let Some(text) = local_storage().and_then(|storage| storage.get_item(LAB_PROFILES_KEY).ok().flatten()) else {
        return Vec::new();
    };
    let Ok(values) = serde_json::from_str::<Vec<serde_json::Value>>(&text) else { return Vec::new() };
    values.into_iter().filter_map(|value| ReferenceProfile::from_json(&value.to_string()).ok()).collect()
}

fn store_lab_profiles(profiles: &[ReferenceProfile]) {
    let text = format!("[{}]", profiles.iter().map(ReferenceProfile::to_json).collect::<Vec<_>>().join(","));
    if let Some(storage) = local_storage() {
        // A full or disabled storage only means the profile is not remembered next time.
        let _ = storage.set_item(LAB_PROFILES_KEY, &text);
    }
}

/// The settings from context; the app provides them.
pub fn use_settings() -> Settings {
    expect_context::<Settings>()
}
