//! The physician's comment on a study's report: from the study file that kept it, and as typed
//! since, kept in this browser's local storage (on the device only) under a name made from the
//! study's files until the study is saved, so a reload or a closed tab loses nothing typed.

use leptos::prelude::*;

use crate::device_storage::local_storage;

/// The comment as typed, and where it is kept on this device.
#[derive(Debug, Clone, Copy)]
pub struct ReportComment {
    /// The comment as typed (empty: none).
    pub text: RwSignal<String>,
    /// The name it is kept under on this device.
    storage_key: RwSignal<String>,
}

/// The prefix of the names comments are kept under in local storage.
const STORAGE_PREFIX: &str = "edxview.report-comment.";

impl ReportComment {
    /// The comment kept on this device for the study named `identity` (the same files), else
    /// the one its study file gives. Every change is kept from then on.
    pub fn new(from_file: Option<&str>, identity: &str) -> ReportComment {
        let storage_key = format!("{STORAGE_PREFIX}{identity}");
        let kept = local_storage().and_then(|storage| storage.get_item(&storage_key).ok().flatten());
        let comment = ReportComment {
            text: RwSignal::new(kept.or(from_file.map(str::to_string)).unwrap_or_default()),
            storage_key: RwSignal::new(storage_key),
        };
        let ReportComment { text, storage_key } = comment;
        let from_file = from_file.unwrap_or_default().to_string();
        Effect::new(move |_| {
            let (text, key) = (text.get(), storage_key.get());
            if let Some(storage) = local_storage() {
                // A full or disabled storage only means the comment is not kept across a reload.
                let _ = if text == from_file { storage.remove_item(&key) } else { storage.set_item(&key, &text) };
            }
        });
        comment
    }

    /// Keeps the comment under the name of the study `identity` from now on (files were added).
    pub fn rename(&self, identity: &str) {
        self.forget_kept();
        self.storage_key.set(format!("{STORAGE_PREFIX}{identity}"));
    }

    /// Forgets the comment kept on this device (the study was saved: its file holds it).
    pub fn forget_kept(&self) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(&self.storage_key.get_untracked());
        }
    }

    /// The comment for the study file and the report: `None` when nothing is typed.
    pub fn saved(&self) -> Option<String> {
        let text = self.text.get_untracked();
        (!text.trim().is_empty()).then_some(text)
    }
}
