//! The physician's work on a study's needle channels, kept while another channel or study is on
//! screen: each motor unit's duration markers where they were moved by hand (as a study file
//! saved them, when it did), the needle examination table's typed cells and rows, and which
//! channel is on screen.
//!
//! The table's rows are also kept in this browser's local storage (on the device only), under a
//! name made from what the study's files hold, so that a reload or a closed tab before saving
//! loses nothing: opening the same files again restores them, and the page says so.

use std::borrow::Cow;

use edx_core::model::{NeedleExamination, Study};
use edx_core::needle::examination::{editable_rows, merge_added};
use edx_core::needle::{saved_duration_markers, NeedleChannel};
use edx_core::view_link::{MovedUnitMarkers, NeedleScreen as LinkedScreen};
use leptos::prelude::*;

use crate::device_storage::local_storage;

/// A unit's duration markers: `None` while they stand where the analysis put them, else the
/// start and end, ms from the alignment point.
pub type MovedMarkers = Option<(f64, f64)>;

/// Every needle channel's duration markers, `[needle_channel_idx][unit_idx]` in the order of
/// the study's needle channels.
#[derive(Debug, Clone, Copy)]
pub struct NeedleReviewState {
    duration_markers: RwSignal<Vec<Vec<MovedMarkers>>>,
    /// The needle examination rows as the physician edits them: a row per muscle and side, with
    /// the cells typed or read from the files (the analysed cells are joined to them when shown).
    pub typed_rows: RwSignal<NeedleExamination>,
    /// The needle channel on screen, by position among the study's needle channels.
    pub chosen_channel: RwSignal<usize>,
    /// The needle screen where it differs from how the study opens, as a link names it.
    pub linked_screen: RwSignal<Option<LinkedScreen>>,
    /// Whether the rows were restored from this device's storage as the study opened.
    pub restored: RwSignal<bool>,
    /// The name the rows are kept under on this device.
    storage_key: RwSignal<String>,
}

/// The prefix of the names the tables are kept under in local storage.
const STORAGE_PREFIX: &str = "edxview.needle-table.";

impl NeedleReviewState {
    /// Every unit of `channels` as the analysis measured it, and the table's rows of `study`,
    /// or the rows kept on this device for the study named `identity` (the same files) where
    /// they differ. Every change to the rows is kept there from then on.
    pub fn new(study: &Study, channels: &[NeedleChannel], identity: &str) -> NeedleReviewState {
        let fresh = editable_rows(study, channels);
        let storage_key = format!("{STORAGE_PREFIX}{identity}");
        let kept = kept_rows(&storage_key).filter(|kept| *kept != fresh);
        let restored = kept.is_some();
        let state = NeedleReviewState {
            duration_markers: RwSignal::new(saved_duration_markers(study, channels)),
            typed_rows: RwSignal::new(kept.unwrap_or(fresh)),
            chosen_channel: RwSignal::new(0),
            linked_screen: RwSignal::new(None),
            restored: RwSignal::new(restored),
            storage_key: RwSignal::new(storage_key),
        };
        let (typed_rows, storage_key) = (state.typed_rows, state.storage_key);
        Effect::new(move |_| storage_key.with(|key| typed_rows.with(|rows| keep_rows(key, rows))));
        state
    }

    /// Forgets the rows restored from this device: the table as the files give it.
    pub fn discard_restored(&self, study: &Study, channels: &[NeedleChannel]) {
        self.forget_kept();
        self.typed_rows.set(editable_rows(study, channels));
        self.restored.set(false);
    }

    /// Keeps the rows under the name of the study `identity` from now on (files were added).
    pub fn rename(&self, identity: &str) {
        self.storage_key.set(format!("{STORAGE_PREFIX}{identity}"));
    }

    /// Shows the needle screen a link named, where the study has that channel.
    pub fn restore_screen(&self, screen: LinkedScreen) {
        if screen.channel_idx < self.duration_markers.with_untracked(Vec::len) {
            self.chosen_channel.set(screen.channel_idx);
            self.linked_screen.set(Some(screen));
        }
    }

    /// Every unit's duration markers moved by hand, as a link holds them (tracked).
    pub fn linked_unit_markers(&self) -> Vec<MovedUnitMarkers> {
        self.duration_markers.with(|channels| {
            let moved = channels.iter().enumerate().flat_map(|(channel_idx, units)| {
                units.iter().enumerate().filter_map(move |(unit_idx, moved)| {
                    moved.map(|(start_ms, end_ms)| MovedUnitMarkers { channel_idx, unit_idx, start_ms, end_ms })
                })
            });
            moved.collect()
        })
    }

    /// Moves the units' duration markers a link names, where the study has that unit.
    pub fn restore_unit_markers(&self, moved: &[MovedUnitMarkers]) {
        self.duration_markers.update(|channels| {
            for unit in moved {
                let slot = channels.get_mut(unit.channel_idx).and_then(|units| units.get_mut(unit.unit_idx));
                if let Some(slot) = slot {
                    *slot = Some((unit.start_ms, unit.end_ms));
                }
            }
        });
    }

    /// Makes room for `channels` added to the study.
    pub fn add_channels(&self, channels: &[NeedleChannel]) {
        self.duration_markers.update(|markers| markers.extend(channels.iter().map(as_analysed)));
    }

    /// Joins the rows of files added to the study (`added`, their recordings given as positions
    /// in `grown`, the study with them) to the edited rows; what was typed stays.
    pub fn add_rows(&self, grown: &Study, channels: &[NeedleChannel], added: NeedleExamination) {
        self.typed_rows.update(|typed| merge_added(typed, grown, channels, added));
    }

    /// Forgets the rows kept on this device for the study (it was saved, or they were
    /// discarded): its file now holds them.
    pub fn forget_kept(&self) {
        if let Some(storage) = local_storage() {
            let _ = storage.remove_item(&self.storage_key.get_untracked());
        }
    }

    /// `channels` (the study's needle channels, in order) with their units measured at the
    /// duration markers as the physician left them (tracked): what the table, the impression,
    /// the report and the exports rest on. Borrowed as they are while no marker was moved, the
    /// usual case, so the table is not rebuilt from copies of every analysis.
    pub fn channels_at_markers<'a>(&self, channels: &'a [NeedleChannel]) -> Cow<'a, [NeedleChannel]> {
        self.duration_markers.with(|moved| {
            if moved.iter().flatten().all(Option::is_none) {
                return Cow::Borrowed(channels);
            }
            let remeasured = channels
                .iter()
                .enumerate()
                .map(|(channel_idx, channel)| {
                    channel.at_duration_markers(moved.get(channel_idx).map_or(&[][..], Vec::as_slice))
                })
                .collect();
            Cow::Owned(remeasured)
        })
    }

    /// Every needle channel's duration markers, `[channel_idx][unit_idx]` (untracked), for a
    /// study file.
    pub fn moved_markers(&self) -> Vec<Vec<MovedMarkers>> {
        self.duration_markers.get_untracked()
    }

    /// The markers of needle channel `channel_idx` (its position among the study's needle
    /// channels).
    pub fn channel(self, channel_idx: usize) -> ChannelMarkers {
        ChannelMarkers { state: self, channel_idx }
    }
}

/// One `None` per unit of `channel`.
fn as_analysed(channel: &NeedleChannel) -> Vec<MovedMarkers> {
    vec![None; channel.analysis().map_or(0, |found| found.analysis.units.len())]
}

/// One channel's duration markers; cheap to copy into event handlers.
#[derive(Debug, Clone, Copy)]
pub struct ChannelMarkers {
    state: NeedleReviewState,
    channel_idx: usize,
}

impl ChannelMarkers {
    /// Where unit `unit_idx`'s markers were moved, if they were (tracked).
    pub fn moved(self, unit_idx: usize) -> MovedMarkers {
        self.state
            .duration_markers
            .with(|markers| markers.get(self.channel_idx).and_then(|units| units.get(unit_idx)).copied().flatten())
    }

    /// Every unit's moved markers, in unit order (tracked).
    pub fn all_moved(self) -> Vec<MovedMarkers> {
        self.state.duration_markers.with(|markers| markers.get(self.channel_idx).cloned().unwrap_or_default())
    }

    /// Moves unit `unit_idx`'s markers to `markers` (`None`: back where the analysis put them).
    pub fn set(self, unit_idx: usize, markers: MovedMarkers) {
        self.state.duration_markers.update(|all| {
            if let Some(slot) = all.get_mut(self.channel_idx).and_then(|units| units.get_mut(unit_idx)) {
                *slot = markers;
            }
        });
    }
}

/// The rows kept under `key`, if any can be read (a table kept by another version of edxview
/// that no longer reads is left out).
fn kept_rows(key: &str) -> Option<NeedleExamination> {
    let text = local_storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

fn keep_rows(key: &str, rows: &NeedleExamination) {
    if let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(rows)) {
        // A full or disabled storage only means the edits are not kept across a reload.
        let _ = storage.set_item(key, &text);
    }
}
