//! One needle channel as the physician reviews it: the controls, the screen, the sound, and
//! the findings, motor unit gallery and firing raster, all sharing one display and one sound.

use std::rc::Rc;

use edx_core::model::Unit;
use edx_core::needle::{ChannelNeedleAnalysis, NeedleChannel};
use leptos::prelude::*;

use super::controls::{DisplayControls, SoundControls};
use super::display::NeedleDisplay;
use super::findings::NeedleFindings;
use super::gallery::MotorUnitGallery;
use super::overlay::{marks_of, stretches_of};
use super::raster::FiringRaster;
use super::review::ChannelMarkers;
use super::screen::NeedleScreen;
use super::signal::NeedleSignal;
use super::transport::SoundTransport;
use crate::opened_study::OpenedRecording;

/// The channel `channel` of `recording`, analysed as `analysis`.
#[component]
pub fn NeedleView(
    /// The recording the channel belongs to.
    recording: Rc<OpenedRecording>,
    /// The channel and how long its analysis took.
    channel: NeedleChannel,
    /// What the worker found in the channel.
    analysis: ChannelNeedleAnalysis,
    /// The units' duration markers as the physician moved them.
    markers: ChannelMarkers,
    /// The muscle and side, with the channel's label, as the needle examination table names
    /// them: printed on the screen and over the unit gallery.
    muscle: Signal<String>,
    /// The channel's position among the study's needle channels.
    needle_idx: usize,
    /// The screen as a link names it: opened at, and kept following the screen.
    linked_screen: RwSignal<Option<edx_core::view_link::NeedleScreen>>,
) -> impl IntoView {
    let description = &recording.recording.channels[channel.channel_idx];
    let label = muscle.get_untracked();
    // Needle channels are analysed only in files decoded whole, so their samples are here.
    let samples = recording.buffers.channels[channel.channel_idx]
        .get(analysis.segment_idx)
        .and_then(|segment| segment.samples.clone())
        .unwrap_or_else(|| js_sys::Float32Array::new_with_length(0));
    let to_microvolts = description.unit.factor_to(&Unit::Microvolt).unwrap_or(1.0) as f32;
    let signal = NeedleSignal::new(samples, description.sampling_rate_hz, to_microvolts, analysis.segment_start_s);
    let display = NeedleDisplay::new(&signal);
    display.follow_link(needle_idx, linked_screen);
    let transport = SoundTransport::new(signal, display);
    let ChannelNeedleAnalysis { segment_start_s, reference, analysis, .. } = analysis;
    let marks = marks_of(&analysis, segment_start_s);
    let stretches = stretches_of(&analysis, segment_start_s);
    let analysis = StoredValue::new(analysis);
    let sampling_rate_hz = signal.sampling_rate_hz;
    // Each unit's measures at its duration markers: the analysis's, or where they were moved.
    let unit_measures = Memo::new(move |_| {
        let moved = markers.all_moved();
        analysis.with_value(|analysis| {
            analysis
                .units
                .iter()
                .enumerate()
                .map(|(unit_idx, unit)| match moved.get(unit_idx).copied().flatten() {
                    None => unit.measures,
                    Some((start_ms, end_ms)) => unit.measured_between(sampling_rate_hz, start_ms, end_ms),
                })
                .collect::<Vec<_>>()
        })
    });
    let jump_to = Callback::new(move |time_s: f64| transport.jump_to(time_s));
    let analysis_ms = channel.analysis_ms.unwrap_or(0.0).round();
    let rate = signal.sampling_rate_hz;
    view! {
        <section class="needle-view" data-testid="needle-view">
            <DisplayControls display/>
            <SoundControls transport display signal/>
            {move || transport.error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            <NeedleScreen label signal display transport marks stretches/>
            <p class="hint" data-testid="needle-analysis-time" data-ms=analysis_ms.to_string()>
                {format!("Analysed on this device in {analysis_ms} ms.")}
            </p>
            <NeedleFindings analysis unit_measures=Signal::from(unit_measures) reference sampling_rate_hz=rate segment_start_s jump_to/>
            <MotorUnitGallery analysis samples=signal.samples() sampling_rate_hz=rate to_microvolts=signal.microvolts_per_unit() segment_start_s jump_to markers muscle/>
            <FiringRaster analysis segment_start_s segment_end_s=signal.end_s jump_to/>
        </section>
    }
}
