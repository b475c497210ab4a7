//! The multichannel signal viewer: every recording that parses is shown here, with a channel
//! list (show, hide, sensitivity, calibration), a time base, scrolling and zooming by wheel, drag
//! and keyboard, annotations on the time axis, gaps drawn as gaps, and the file's details.
//!
//! `state` is what is shown (pure data), `draw` draws it through the envelopes, `figure` holds
//! the canvas and its pointer and keyboard handling, `controls`, `channels` and `details` the
//! rest of the view.

mod channels;
mod controls;
mod details;
mod draw;
mod figure;
mod state;

use std::rc::Rc;

use leptos::prelude::*;

use crate::opened_study::OpenedRecording;
use channels::ChannelList;
use controls::ViewerControls;
use details::RecordingDetails;
use figure::ViewerFigure;
use state::ViewState;

/// One recording in the signal viewer.
#[component]
pub fn SignalViewer(
    /// The recording, with its samples in the worker's transferred buffers.
    recording: Rc<OpenedRecording>,
) -> impl IntoView {
    let initial = ViewState::initial(&recording, &typical_peaks(&recording));
    let duration_s = initial.extent.1 - initial.extent.0;
    let description = recording.recording.clone();
    let state = RwSignal::new(initial);
    view! {
        <section class="signal-viewer" data-testid="signal-viewer">
            <h3 data-testid="recording-title">{format!("{} ({})", description.title(), description.format)}</h3>
            <ViewerControls state/>
            <div class="viewer-body">
                <ViewerFigure recording state/>
                <aside class="viewer-side">
                    <h4>"Channels"</h4>
                    <ChannelList channels=description.channels.clone() state/>
                    <RecordingDetails recording=description duration_s/>
                </aside>
            </div>
        </section>
    }
}

/// A typical peak deflection of each channel (the 99th percentile of the finest envelope level
/// with at most 4096 bins), for the initial sensitivity.
fn typical_peaks(recording: &OpenedRecording) -> Vec<f64> {
    recording
        .buffers
        .channels
        .iter()
        .map(|segments| {
            let longest = segments.iter().max_by_key(|segment| {
                segment.samples.as_ref().map_or_else(
                    || segment.envelope.first().map_or(0, |level| level.1.length()),
                    |samples| samples.length(),
                )
            });
            let Some(segment) = longest else { return 1.0 };
            let values = match (segment.envelope.iter().find(|(_, level)| level.length() <= 8192), &segment.samples) {
                (Some((_, level)), _) => level.to_vec(),
                (None, Some(samples)) => samples.to_vec(),
                (None, None) => segment.envelope.last().map(|(_, level)| level.to_vec()).unwrap_or_default(),
            };
            let mut peaks: Vec<f64> =
                values.iter().filter(|value| value.is_finite()).map(|value| f64::from(value.abs())).collect();
            if peaks.is_empty() {
                return 1.0;
            }
            peaks.sort_by(f64::total_cmp);
            peaks[(peaks.len() * 99 / 100).min(peaks.len() - 1)].max(f64::MIN_POSITIVE)
        })
        .collect()
}
