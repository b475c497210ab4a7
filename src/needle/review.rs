//! The physician's work on a study's needle channels, kept while another channel or study is on
//! screen: each motor unit's duration markers where they were moved by hand.

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
}

impl NeedleReviewState {
    /// Every unit of `channels` as the analysis measured it.
    pub fn new(channels: &[NeedleChannel]) -> NeedleReviewState {
        NeedleReviewState { duration_markers: RwSignal::new(channels.iter().map(as_analysed).collect()) }
    }

    /// Makes room for `channels` added to the study.
    pub fn add_channels(&self, channels: &[NeedleChannel]) {
        self.duration_markers.update(|markers| markers.extend(channels.iter().map(as_analysed)));
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
