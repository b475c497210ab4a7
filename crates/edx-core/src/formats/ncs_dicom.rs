//! edxview's convention for nerve conduction studies in DICOM waveforms
//! (`docs/formats/ncs-dicom.md`): one multiplex group per sweep, channels labelled `NC …`, the
//! study details of edxview's EDF+D convention (`Nerve: Median; Side: R; Type: motor; …`) in a
//! Waveform Annotation that refers to the group, and the stimulus at the group's first sample
//! unless a `Stimulus` annotation names another one.
//!
//! The details are read by [`super::ncs_edf::parse_details`] and the sweeps grouped into studies
//! as the EDF+D convention groups its records, so both conventions mean the same thing.

use super::dicom::{GroupAnnotation, MultiplexGroup, WaveformLayout};
use super::ncs_edf::{is_nerve_conduction_label, is_stimulus_text, parse_details, ConventionStudies, StudyBuilder};
use crate::model::Recording;

/// Whether a waveform file follows the convention: a channel labelled `NC …`, or details in a
/// group's annotation or label.
pub fn follows_convention(layout: &WaveformLayout) -> bool {
    layout.groups.iter().any(|group| {
        group.channel_labels.iter().any(|label| is_nerve_conduction_label(label))
            || parse_details(&group.label).is_some()
            || group.annotations.iter().any(|annotation| parse_details(&annotation.text).is_some())
    })
}

/// The nerve conduction studies of `recording`, read by [`super::dicom::read`] from the file
/// whose layout is `layout`: a sweep per `NC` channel of each multiplex group (every channel,
/// when none is labelled `NC`).
pub fn nerve_conductions(recording: &Recording, layout: &WaveformLayout) -> ConventionStudies {
    let n_channels: usize = layout.groups.iter().map(|group| group.channel_labels.len()).sum();
    if n_channels != recording.channels.len() {
        return ConventionStudies {
            warnings: vec![format!(
                "the multiplex groups describe {n_channels} channels but {} were read; the file is not read as nerve conduction studies",
                recording.channels.len()
            )],
            ..ConventionStudies::default()
        };
    }
    let any_nc_channel =
        layout.groups.iter().flat_map(|group| &group.channel_labels).any(|label| is_nerve_conduction_label(label));
    let mut builder = StudyBuilder::default();
    let mut first_channel_idx = 0;
    for group in &layout.groups {
        for (channel_idx, label) in group.channel_labels.iter().enumerate() {
            let channel = &recording.channels[first_channel_idx + channel_idx];
            if any_nc_channel && !is_nerve_conduction_label(label) {
                continue;
            }
            let Some(segment) = channel.segments.first() else { continue };
            let applies = |annotation: &&GroupAnnotation| annotation.channel_idx.is_none_or(|idx| idx == channel_idx);
            let details = group
                .annotations
                .iter()
                .filter(applies)
                .find_map(|annotation| parse_details(&annotation.text))
                .or_else(|| parse_details(&group.label));
            let first_sample_ms = -1000.0 * stimulus_sample_idx(group, channel_idx) as f64 / channel.sampling_rate_hz;
            builder.add_sweep(channel, label, &segment.samples, first_sample_ms, details);
        }
        first_channel_idx += group.channel_labels.len();
    }
    builder.finish()
}

/// The sample at which the stimulus was given: a `Stimulus` annotation's referenced sample, or
/// the group's first sample.
fn stimulus_sample_idx(group: &MultiplexGroup, channel_idx: usize) -> usize {
    group
        .annotations
        .iter()
        .filter(|annotation| annotation.channel_idx.is_none_or(|idx| idx == channel_idx))
        .find(|annotation| is_stimulus_text(&annotation.text))
        .and_then(|annotation| annotation.sample_idx)
        .unwrap_or(0)
}
