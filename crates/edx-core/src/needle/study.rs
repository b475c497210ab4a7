//! The needle EMG channels of a whole study and the policy for analysing them as soon as the
//! study opens: which channels are needle EMG, which segment is analysed (the longest, as a gap
//! breaks a needle recording's timing), and which are too long to analyse without being asked.

use serde::{Deserialize, Serialize};

use super::{analyse_channel, is_needle_candidate, ChannelNeedleAnalysis, NeedleChannelError};
use crate::model::{Recording, Side, Study};

/// Needle channels longer than this are not analysed as the study opens, s: ten minutes of
/// 20 kHz signal take several seconds, and the page waits for the study (edxview's own limit).
pub const MAX_AUTOMATIC_S: f64 = 300.0;

/// One needle EMG channel of a study and its analysis, or why it has none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedleChannel {
    /// The recording, by position in [`Study::recordings`].
    pub recording_idx: usize,
    /// The channel, by position in its recording.
    pub channel_idx: usize,
    /// The findings, or why the channel was not analysed.
    pub outcome: Result<ChannelNeedleAnalysis, NotAnalysed>,
    /// How long the analysis took where it ran, ms, when the caller timed it (the browser's
    /// worker does, and the page says so).
    pub analysis_ms: Option<f64>,
}

/// Why a needle channel has no analysis.
#[derive(Debug, Clone, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum NotAnalysed {
    /// Longer than [`MAX_AUTOMATIC_S`].
    #[error(
        "This channel runs for {length_s:.0} s; needle analysis runs automatically on recordings up to {max:.0} s.",
        max = MAX_AUTOMATIC_S
    )]
    TooLong {
        /// Its analysed segment's length, s.
        length_s: f64,
    },
    /// In a file too large to decode whole, read as an overview (its samples stay in the file).
    #[error(
        "This channel ({length_s:.0} s) is in a file too large to decode whole on this device, so it is shown from the file but not analysed; a file of this channel alone, up to {max:.0} s long, is analysed as it opens.",
        max = MAX_AUTOMATIC_S
    )]
    NotDecoded {
        /// The channel's length, s.
        length_s: f64,
    },
    /// It cannot be read as needle EMG.
    #[error(transparent)]
    Unreadable(#[from] NeedleChannelError),
}

impl NeedleChannel {
    /// The channel's findings, if it was analysed.
    pub fn analysis(&self) -> Option<&ChannelNeedleAnalysis> {
        self.outcome.as_ref().ok()
    }

    /// The channel with its units measured at the duration markers `moved` by hand
    /// ([`NeedleAnalysis::at_duration_markers`]): what the table, the impression and the
    /// exports rest on once the physician has moved them.
    pub fn at_duration_markers(&self, moved: &[Option<(f64, f64)>]) -> NeedleChannel {
        let mut channel = self.clone();
        if let Ok(found) = &mut channel.outcome {
            if moved.iter().any(Option::is_some) {
                found.analysis = found.analysis.at_duration_markers(moved, found.reference.as_ref());
            }
        }
        channel
    }
}

/// Each of `channels`' units' duration markers as `study` saved them (a study file keeps the
/// markers moved by hand, naming the recording and channel): per channel, one entry per unit,
/// `None` where they stand where the analysis put them. Markers saved for a channel whose
/// analysis now finds another number of units are not applied (they would land on other units).
pub fn saved_duration_markers(study: &Study, channels: &[NeedleChannel]) -> Vec<Vec<Option<(f64, f64)>>> {
    channels
        .iter()
        .map(|channel| {
            let n_units = channel.analysis().map_or(0, |found| found.analysis.units.len());
            let recording = study.recordings.get(channel.recording_idx);
            let recorded = recording.and_then(|recording| recording.channels.get(channel.channel_idx));
            let saved = recording.zip(recorded).and_then(|(recording, recorded)| {
                study
                    .needle_unit_markers
                    .iter()
                    .find(|saved| saved.recording.names(recording, recorded) && saved.units.len() == n_units)
            });
            saved.map_or_else(|| vec![None; n_units], |saved| saved.units.clone())
        })
        .collect()
}

/// The duration markers moved by hand on `channels` of `study` (`moved[channel_idx][unit_idx]`,
/// as [`saved_duration_markers`] reads them), one entry per channel where any was moved, for a
/// study file.
pub fn moved_unit_markers(
    study: &Study,
    channels: &[NeedleChannel],
    moved: &[Vec<Option<(f64, f64)>>],
) -> Vec<crate::model::SavedUnitMarkers> {
    channels
        .iter()
        .zip(moved)
        .filter(|(_, units)| units.iter().any(Option::is_some))
        .filter_map(|(channel, units)| {
            let recording = study.recordings.get(channel.recording_idx)?;
            let recorded = recording.channels.get(channel.channel_idx)?;
            Some(crate::model::SavedUnitMarkers {
                recording: crate::model::RecordingName::of(recording, recorded),
                units: units.clone(),
            })
        })
        .collect()
}

/// The needle EMG channels of `study` as (recording, channel) positions: voltages sampled fast
/// enough for motor unit potentials, in recordings that are not nerve conduction sweeps.
pub fn needle_channels(study: &Study) -> Vec<(usize, usize)> {
    study
        .recordings
        .iter()
        .enumerate()
        .filter(|(_, recording)| !recording.holds_nerve_conductions)
        .flat_map(|(recording_idx, recording)| {
            recording
                .channels
                .iter()
                .enumerate()
                .filter(|(_, channel)| is_needle_candidate(channel))
                .map(move |(channel_idx, _)| (recording_idx, channel_idx))
        })
        .collect()
}

/// Analyses channel `channel_idx` of recording `recording_idx` of `study` as the study opens:
/// its longest segment, unless that runs for more than [`MAX_AUTOMATIC_S`]. The muscle
/// [`muscle_named`] finds chooses its reference values.
pub fn analyse_study_channel(study: &Study, recording_idx: usize, channel_idx: usize) -> NeedleChannel {
    let channel = &study.recordings[recording_idx].channels[channel_idx];
    let outcome = analysis_plan(study, recording_idx, channel_idx)
        .and_then(|muscle| analyse_channel(channel, &muscle).map_err(NotAnalysed::from));
    NeedleChannel { recording_idx, channel_idx, outcome, analysis_ms: None }
}

/// Whether channel `channel_idx` of recording `recording_idx` of `study` is analysed as the
/// study opens, and if so the text naming its muscle (for [`analyse_channel`], here or in
/// another thread): not when its longest segment runs for more than [`MAX_AUTOMATIC_S`].
pub fn analysis_plan(study: &Study, recording_idx: usize, channel_idx: usize) -> Result<String, NotAnalysed> {
    let recording = &study.recordings[recording_idx];
    let channel = &recording.channels[channel_idx];
    let longest_samples = channel.segments.iter().map(|segment| segment.samples.len()).max().unwrap_or(0);
    let length_s = longest_samples as f64 / channel.sampling_rate_hz;
    if length_s > MAX_AUTOMATIC_S {
        return Err(NotAnalysed::TooLong { length_s });
    }
    Ok(muscle_named(recording, &channel.label).name)
}

/// The muscle and side a needle channel was recorded from, as its file names them.
#[derive(Debug, Clone, PartialEq)]
pub struct MuscleNaming {
    /// The text that names the muscle (read through the catalogue, or kept as written).
    pub name: String,
    /// The side, where the file gives it.
    pub side: Option<Side>,
}

/// The muscle of channel `label` of `recording`: in a part of a file that records several
/// muscles, the part's muscle annotation; otherwise the label where it names a catalogue
/// muscle, else the recording's identification and notes where they do, else the label as
/// written (kept, and marked "not in the catalogue"). The side comes from the annotation, else
/// the label, else the text that names the muscle.
pub fn muscle_named(recording: &Recording, label: &str) -> MuscleNaming {
    let by_label = crate::muscles::identify(label);
    if let Some(part) = &recording.part {
        if let Some(muscle) = &part.muscle {
            return MuscleNaming { name: muscle.clone(), side: part.side.or(by_label.side()) };
        }
    }
    let description = format!("{} {}", recording.recording_info, recording.notes.join(" "));
    let by_description = crate::muscles::identify(&description);
    let name = if by_label.muscle().is_some() || by_description.muscle().is_none() { label } else { &description };
    let side = by_label.side().or_else(|| crate::muscles::identify(name).side());
    MuscleNaming { name: name.trim().to_string(), side }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_markers_saved_in_a_study_file_measure_the_units_again_when_it_reopens() {
        let study = crate::synth::demos::build_needle("needle-normal").unwrap();
        let analyse = |study: &Study| -> Vec<NeedleChannel> {
            needle_channels(study)
                .into_iter()
                .map(|(recording_idx, channel_idx)| analyse_study_channel(study, recording_idx, channel_idx))
                .collect()
        };
        let channels = analyse(&study);
        let found = channels[0].analysis().unwrap();
        let n_units = found.analysis.units.len();
        assert!(n_units > 1, "the demo's units");
        let mut moved = vec![None; n_units];
        moved[0] = Some((-3.0, 14.0));
        let mut saved = study.clone();
        saved.needle_unit_markers = moved_unit_markers(&study, &channels, &[moved.clone()]);
        assert_eq!(saved.needle_unit_markers.len(), 1, "only channels with a moved marker are kept");
        let text = crate::formats::study_file::write(&saved, &[], "preston-shapiro");
        let file = crate::formats::read_studies(&[crate::formats::InputFile {
            name: "s.edxview.json",
            bytes: text.as_bytes(),
        }])
        .remove(0)
        .unwrap();
        // The study file opened with its recording, as the app and the command line open them.
        let reopened = Study::merge(vec![file, study.clone()]);
        let reanalysed = analyse(&reopened);
        assert_eq!(saved_duration_markers(&reopened, &reanalysed), vec![moved.clone()]);
        let unit_duration = |channel: &NeedleChannel| {
            channel.analysis().unwrap().analysis.units[0].measures.map(|measures| measures.duration_ms)
        };
        let remeasured = reanalysed[0].at_duration_markers(&moved);
        assert_ne!(unit_duration(&remeasured), unit_duration(&reanalysed[0]), "measured at the moved markers");
        let by_hand = reanalysed[0].analysis().unwrap();
        let expected = by_hand.analysis.units[0].measured_between(by_hand.analysis.sampling_rate_hz, -3.0, 14.0);
        assert_eq!(unit_duration(&remeasured), expected.map(|measures| measures.duration_ms));
        assert_eq!(
            remeasured.analysis().unwrap().analysis.summary,
            crate::needle::summary::summarise(&remeasured.analysis().unwrap().analysis.units),
            "the summary follows"
        );
        // Markers saved for another number of units would land on other units: not applied.
        let mut other = reopened.clone();
        other.needle_unit_markers[0].units.push(None);
        assert_eq!(saved_duration_markers(&other, &reanalysed), vec![vec![None; n_units]]);
    }

    #[test]
    fn a_study_of_nerve_conductions_and_needle_recordings_analyses_only_the_needle_channels() {
        let nerves = crate::synth::demos::build("carpal-tunnel-moderate").unwrap();
        let mut nerve_file = crate::synth::demos::build("median-motor-normal").unwrap();
        let mut sweeps_recording = crate::synth::demos::build_needle("needle-normal").unwrap().recordings.remove(0);
        sweeps_recording.holds_nerve_conductions = true;
        nerve_file.recordings.push(sweeps_recording);
        let needle = crate::synth::demos::build_needle("needle-neurogenic").unwrap();
        let study = Study::merge(vec![nerves, nerve_file, needle]);
        assert_eq!(needle_channels(&study), vec![(1, 0)], "the nerve conduction sweeps are not needle EMG");
        let analysed = analyse_study_channel(&study, 1, 0);
        let findings = analysed.analysis().expect("analysed");
        assert!(!findings.analysis.units.is_empty());
        assert_eq!(analysed.outcome.as_ref().map(|found| found.segment_idx), Ok(0));

        // Duration markers moved by hand: the unit and the summary follow them.
        let rate = findings.analysis.sampling_rate_hz;
        let unit = &findings.analysis.units[0];
        let measures = unit.measures.expect("the first unit is measured");
        let again = unit.measured_between(rate, measures.start_ms, measures.end_ms).expect("measurable");
        assert!((again.duration_ms - measures.duration_ms).abs() < 1e-9, "at its own markers, the same unit");
        let longer = unit.measured_between(rate, measures.start_ms, measures.end_ms + 2.0).expect("measurable");
        assert!(longer.duration_ms > measures.duration_ms + 1.9);
        let mut moved: Vec<_> = findings.analysis.units.iter().map(|unit| unit.measures).collect();
        moved[0] = Some(longer);
        let remeasured = findings.analysis.remeasured(&moved, findings.reference.as_ref());
        let (before, after) = (findings.analysis.summary.unwrap(), remeasured.summary.unwrap());
        assert!(after.mean_duration_ms > before.mean_duration_ms, "the summary follows the moved marker");
        assert_eq!(
            findings.analysis.remeasured(
                &findings.analysis.units.iter().map(|unit| unit.measures).collect::<Vec<_>>(),
                findings.reference.as_ref()
            ),
            findings.analysis,
            "unmoved, nothing changes"
        );
        assert_eq!(crate::needle::MotorUnit::snap_ms(20_000.0, 1.26), 1.25);

        let mut long = study.clone();
        let channel = &mut long.recordings[1].channels[0];
        let rate = channel.sampling_rate_hz;
        channel.segments[0].samples = vec![0.0; (rate * (MAX_AUTOMATIC_S + 1.0)) as usize];
        let skipped = analyse_study_channel(&long, 1, 0);
        assert!(matches!(skipped.outcome, Err(NotAnalysed::TooLong { .. })));
        assert!(skipped.outcome.unwrap_err().to_string().contains("up to 300 s"));
    }
}
