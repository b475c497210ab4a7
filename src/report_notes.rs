//! What the physician types for a study's report: why the study was requested (printed in the
//! header) and a comment. Each comes from the study file that kept it, and as typed since it is
//! kept in this browser's local storage (on the device only) under a name made from the
//! study's files until the study is saved, so a reload or a closed tab loses nothing typed.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::device_storage::local_storage;

/// The two texts as the storage keeps them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Typed {
    reason_for_study: String,
    comment: String,
}

/// The texts as typed, and where they are kept on this device.
#[derive(Debug, Clone, Copy)]
pub struct ReportNotes {
    /// Why the study was requested (empty: not given).
    pub reason_for_study: RwSignal<String>,
    /// The comment (empty: none).
    pub comment: RwSignal<String>,
    /// The name they are kept under on this device.
    storage_key: RwSignal<String>,
}

/// The prefix of the names the texts are kept under in local storage.
const STORAGE_PREFIX: &str = "edxview.report-notes.";

impl ReportNotes {
    /// The texts kept on this device for the study named `identity` (the same files), else
    /// those its study file gives (`reason_for_study`, `comment`). Every change is kept from
    /// then on.
    pub fn new(reason_for_study: Option<&str>, comment: Option<&str>, identity: &str) -> ReportNotes {
        let storage_key = format!("{STORAGE_PREFIX}{identity}");
        let from_file = Typed {
            reason_for_study: reason_for_study.unwrap_or_default().to_string(),
            comment: comment.unwrap_or_default().to_string(),
        };
        let kept: Option<Typed> = local_storage()
            .and_then(|storage| storage.get_item(&storage_key).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok());
        let start = kept.unwrap_or_else(|| from_file.clone());
        let notes = ReportNotes {
            reason_for_study: RwSignal::new(start.reason_for_study),
            comment: RwSignal::new(start.comment),
            storage_key: RwSignal::new(storage_key),
        };
        let ReportNotes { reason_for_study, comment, storage_key } = notes;
        Effect::new(move |_| {
            let typed = Typed { reason_for_study: reason_for_study.get(), comment: comment.get() };
            let key = storage_key.get();
            if let Some(storage) = local_storage() {
                // A full or disabled storage only means the texts are not kept across a reload.
                let _ = match serde_json::to_string(&typed) {
                    Ok(text) if typed != from_file => storage.set_item(&key, &text),
                    _ => storage.remove_item(&key),
                };
            }
        });
        notes
    }

    /// Keeps the texts under the name of the study `identity` from now on (files were added).
    pub fn rename(&self, identity: &str) {
        self.forget_kept();
        self.storage_key.set(format!("{STORAGE_PREFIX}{identity}"));
    }

    /// Forgets the texts kept on this device (the study was saved: its file holds them).
    pub fn forget_kept(&self) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(&self.storage_key.get_untracked());
        }
    }

    /// The reason for the study for the study file: `None` when nothing is typed.
    pub fn saved_reason_for_study(&self) -> Option<String> {
        Some(self.reason_for_study.get_untracked()).filter(|text| !text.trim().is_empty())
    }

    /// The comment for the study file: `None` when nothing is typed.
    pub fn saved_comment(&self) -> Option<String> {
        Some(self.comment.get_untracked()).filter(|text| !text.trim().is_empty())
    }
}
