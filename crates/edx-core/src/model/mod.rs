//! The one data model every reader produces and every analysis consumes.
//!
//! A [`Study`] holds continuous [`Recording`]s (needle EMG, anything a file reader returns) and
//! [`NerveConduction`] studies (stimulus-locked sweeps per stimulation site). Values are kept in
//! physical units with the unit alongside; nothing here knows which file format it came from.

mod ncs;
mod needle_exam;
mod patient;
mod recording;
mod unit;

pub use ncs::{
    LateCorrection, Nerve, NerveConduction, NerveConductionKind, ReportedMeasures, SavedMarkers, Side, StimulationSite,
    Sweep,
};
pub use needle_exam::{
    Activation, Cell, CellSource, DenervationGrade, GradeOutOfScale, Insertional, NeedleExamRow, NeedleExamination,
    Presence, RecordingLink, RecordingName, RecruitmentGrade, SavedUnitMarkers, Size,
};
pub use patient::Patient;
pub use recording::{Annotation, Channel, CivilDateTime, Recording, RecordingPart, Segment};
pub use unit::Unit;

/// Everything edxview knows about one examination: what the files held, in physical units.
/// Several files opened together (a nerve conduction file and needle recordings of several
/// muscles) make one study.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Study {
    /// A short title shown above the study, e.g. "Median motor, normal (simulated)".
    pub title: String,
    /// Continuous recordings, one per file read.
    pub recordings: Vec<Recording>,
    /// Nerve conduction studies, one per nerve, side and type.
    pub nerve_conductions: Vec<NerveConduction>,
    /// The reference profile the study was last reviewed with, when a study file says.
    pub reference_profile: Option<String>,
    /// The patient's age and height, when the files state them.
    pub patient: Patient,
    /// The needle examination table as typed or read from files; rows edxview derives from the
    /// recordings it analyses are joined to it by `needle::examination::table`.
    #[serde(default)]
    pub needle_examination: NeedleExamination,
    /// Why the study was requested, as the physician typed it for the report's header; kept in
    /// the study file.
    #[serde(default)]
    pub reason_for_study: Option<String>,
    /// The physician's comment for the report, as typed; kept in the study file.
    #[serde(default)]
    pub comment: Option<String>,
    /// Motor unit duration markers moved by hand on the needle channels, as a study file saved
    /// them (applied by `needle::saved_duration_markers` once the recordings are analysed).
    #[serde(default)]
    pub needle_unit_markers: Vec<SavedUnitMarkers>,
}

impl Study {
    /// One study of `parts` read from files opened together, in their order: the recordings and
    /// nerve conduction studies of each, the patient's age and height and the reference profile
    /// from the first part that gives them, and a title naming the first file and how many more.
    pub fn merge(parts: Vec<Study>) -> Study {
        let n_parts = parts.len();
        let mut merged = Study::default();
        for part in parts {
            merged.absorb(part);
        }
        if n_parts > 1 {
            let others = n_parts - 1;
            merged.title = format!("{} and {others} more file{}", merged.title, if others == 1 { "" } else { "s" });
        }
        merged
    }

    /// Adds `other`'s recordings, nerve conduction studies and needle examination rows after
    /// this study's own (a file added to an open study); the title, the patient's details and the reference profile are
    /// this study's where it has them, and so are the physician's reason for the study and comment. Returns the position `other`'s first recording now has.
    pub fn absorb(&mut self, other: Study) -> usize {
        let first_recording_idx = self.recordings.len();
        if self.title.is_empty() {
            self.title = other.title;
        }
        self.recordings.extend(other.recordings);
        self.nerve_conductions.extend(other.nerve_conductions);
        self.needle_examination.rows.extend(other.needle_examination.rows.into_iter().map(|mut row| {
            if let Some(link) = row.recording.as_mut() {
                link.recording_idx += first_recording_idx;
            }
            row
        }));
        self.reference_profile = self.reference_profile.take().or(other.reference_profile);
        self.patient = self.patient.or(other.patient);
        self.reason_for_study = self.reason_for_study.take().or(other.reason_for_study);
        self.comment = self.comment.take().or(other.comment);
        self.needle_unit_markers.extend(other.needle_unit_markers);
        first_recording_idx
    }

    /// Whether the study holds nothing to show: no recording and no nerve conduction study.
    pub fn is_empty(&self) -> bool {
        self.recordings.is_empty() && self.nerve_conductions.is_empty()
    }

    /// What the study holds, in a line for a list of opened files or studies: "BDF+D, 4 nerve
    /// conduction studies", "WFDB record (format 16), 1 channel, 12.7 s", or for several
    /// recordings "6 nerve conduction studies, 3 recordings".
    pub fn describe(&self) -> String {
        self.describe_counting(|recording_idx, channel_idx, segment_idx| {
            self.recordings[recording_idx].channels[channel_idx].segments[segment_idx].samples.len()
        })
    }

    /// [`Study::describe`] where `n_samples(recording_idx, channel_idx, segment_idx)` counts a
    /// segment's samples: for recordings whose samples are held apart (a file too large to
    /// decode whole).
    pub fn describe_counting(&self, n_samples: impl Fn(usize, usize, usize) -> usize) -> String {
        let n_nerves = self.nerve_conductions.len();
        let nerves = (n_nerves > 0).then(|| plural(n_nerves, "nerve conduction study", "nerve conduction studies"));
        match self.recordings.as_slice() {
            [] => nerves.unwrap_or_else(|| "nothing to show".to_string()),
            [recording] => match nerves {
                Some(nerves) => format!("{}, {nerves}", recording.format),
                None => {
                    let (first_s, last_s) = recording
                        .time_extent_counting(|channel_idx, segment_idx| n_samples(0, channel_idx, segment_idx));
                    format!(
                        "{}, {}, {} s",
                        recording.format,
                        plural(recording.channels.len(), "channel", "channels"),
                        crate::display::fixed(last_s - first_s, 1)
                    )
                }
            },
            parts @ [first, ..] if parts.iter().all(|recording| recording.part.is_some()) => {
                let (first_s, _) =
                    first.time_extent_counting(|channel_idx, segment_idx| n_samples(0, channel_idx, segment_idx));
                let last_idx = parts.len() - 1;
                let (_, last_s) = parts[last_idx]
                    .time_extent_counting(|channel_idx, segment_idx| n_samples(last_idx, channel_idx, segment_idx));
                format!(
                    "{}, {}, {} s in {} marked by muscle annotations",
                    first.format,
                    plural(first.channels.len(), "channel", "channels"),
                    crate::display::fixed(last_s - first_s, 1),
                    plural(parts.len(), "part", "parts")
                )
            }
            recordings => {
                let recordings = plural(recordings.len(), "recording", "recordings");
                nerves.map_or(recordings.clone(), |nerves| format!("{nerves}, {recordings}"))
            }
        }
    }
}

/// "1 channel", "3 channels".
fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recording(file_name: &str, seconds: usize) -> Recording {
        Recording {
            file_name: file_name.into(),
            format: "EDF+C".into(),
            channels: vec![Channel {
                label: "EMG".into(),
                unit: Unit::Microvolt,
                sampling_rate_hz: 1000.0,
                segments: vec![Segment { start_s: 0.0, samples: vec![0.0; 1000 * seconds] }],
                transducer: String::new(),
                prefiltering: String::new(),
                recordable_range: None,
            }],
            ..Recording::default()
        }
    }

    #[test]
    fn files_opened_together_make_one_study() {
        let nerve_file = crate::synth::demos::build("carpal-tunnel-moderate").unwrap();
        let n_nerves = nerve_file.nerve_conductions.len();
        let needle = |name: &str| Study {
            title: name.into(),
            recordings: vec![recording(name, 2)],
            patient: Patient { age_years: Some(40), height_cm: Some(170.0) },
            ..Study::default()
        };
        let study = Study::merge(vec![nerve_file.clone(), needle("ta.edf"), needle("fdi.edf")]);
        assert_eq!(study.nerve_conductions.len(), n_nerves);
        assert_eq!(study.recordings.len(), 2);
        assert_eq!(study.title, format!("{} and 2 more files", nerve_file.title));
        assert_eq!(study.patient.age_years, nerve_file.patient.age_years.or(Some(40)), "the first that gives it");
        assert_eq!(study.describe(), format!("{n_nerves} nerve conduction studies, 2 recordings"));

        let mut added_to = needle("ta.edf");
        assert_eq!(added_to.absorb(needle("fdi.edf")), 1, "the added file's recording comes second");
        assert_eq!(added_to.title, "ta.edf", "adding a file keeps the study's title");
        assert_eq!(added_to.describe(), "2 recordings");
        assert_eq!(needle("ta.edf").describe(), "EDF+C, 1 channel, 2.0 s");
        assert_eq!(
            needle("ta.edf").describe_counting(|_, _, _| 3000),
            "EDF+C, 1 channel, 3.0 s",
            "samples held apart are counted as told"
        );
        assert!(Study::merge(Vec::new()).is_empty());
    }

    #[test]
    fn a_study_travels_as_json_and_back() {
        let mut study = crate::synth::demos::build("late-responses-normal").unwrap();
        study.recordings.push(recording("ta.edf", 1));
        study.nerve_conductions[0].sites[0].other_details = vec![("Operator".into(), "JD".into())];
        let text = serde_json::to_string(&study).unwrap();
        assert_eq!(serde_json::from_str::<Study>(&text).unwrap(), study);
        // An invalid sample (a DICOM waveform's padding) travels as null and comes back as NaN.
        study.nerve_conductions[1].sites[0].sweeps[0].samples[3] = f32::NAN;
        let back: Study = serde_json::from_str(&serde_json::to_string(&study).unwrap()).unwrap();
        assert!(back.nerve_conductions[1].sites[0].sweeps[0].samples[3].is_nan());
        let side = text.find(r#""side":"#).unwrap();
        assert!(text[side..].starts_with(r#""side":"Right""#) || text[side..].starts_with(r#""side":"Left""#));
    }
}
