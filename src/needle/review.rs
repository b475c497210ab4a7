//! The physician's work on a study's needle channels, kept while another channel or study is on
//! screen: each motor unit's duration markers where they were moved by hand, the needle
//! examination table's typed cells and rows, and which channel is on screen.

use edx_core::model::{NeedleExamination, Study};
use edx_core::needle::examination::editable_rows;
use edx_core::needle::NeedleChannel;
use leptos::prelude::*;

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
}

impl NeedleReviewState {
    /// Every unit of `channels` as the analysis measured it, and the table's rows of `study`.
    pub fn new(study: &Study, channels: &[NeedleChannel]) -> NeedleReviewState {
        NeedleReviewState {
            duration_markers: RwSignal::new(channels.iter().map(as_analysed).collect()),
            typed_rows: RwSignal::new(editable_rows(study, channels)),
            chosen_channel: RwSignal::new(0),
        }
    }

    /// Makes room for `channels` added to the study.
    pub fn add_channels(&self, channels: &[NeedleChannel]) {
        self.duration_markers.update(|markers| markers.extend(channels.iter().map(as_analysed)));
    }

    /// Adds the table rows of `grown` (the study with files added) that the edited rows do not
    /// hold yet; what was typed stays.
    pub fn add_rows(&self, grown: &Study, channels: &[NeedleChannel]) {
        let fresh = editable_rows(grown, channels);
        self.typed_rows.update(|typed| {
            for row in fresh.rows {
                let known = typed.rows.iter().any(|known| match (known.recording, row.recording) {
                    (Some(first), Some(second)) => first == second,
                    _ => known.same_muscle_and_side(&row) && known.recording.is_none() && row.recording.is_none(),
                });
                if !known {
                    typed.rows.push(row);
                }
            }
        });
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
