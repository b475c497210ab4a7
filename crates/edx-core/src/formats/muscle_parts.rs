//! edxview's convention for a needle recording that holds several muscles one after another
//! (`docs/formats/needle-muscle-annotations.md`): an annotation `Muscle: Tibialis anterior;
//! Side: L` names the muscle recorded from its onset until the next such annotation or the end
//! of the file. A recording so marked is split into one recording per part, whose samples keep
//! their times; the muscle names are read through the catalogue later, as a label is.

use crate::model::{Annotation, Recording, RecordingPart, Segment, Side};

/// The key that opens a muscle annotation (read in any case).
const MUSCLE_KEY: &str = "muscle";
/// The key of the side in a muscle annotation (read in any case).
const SIDE_KEY: &str = "side";

/// A muscle annotation as read: the muscle, the side, and what could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct MuscleAnnotation {
    /// The muscle as written; `None` when the annotation names none.
    pub muscle: Option<String>,
    /// The side, where given as left or right.
    pub side: Option<Side>,
    /// What was written but could not be read, in words naming the field.
    pub problems: Vec<String>,
}

/// Reads `text` as a muscle annotation, or `None` when it is not one (it does not begin with
/// `Muscle:`). Fields are separated by `;`; a side reads as `L`, `R`, `left` or `right`.
pub fn parse(text: &str) -> Option<MuscleAnnotation> {
    let mut fields = text.split(';').map(str::trim).filter(|field| !field.is_empty());
    let (key, muscle) = fields.next()?.split_once(':')?;
    if !key.trim().eq_ignore_ascii_case(MUSCLE_KEY) {
        return None;
    }
    let muscle = muscle.trim();
    let mut read =
        MuscleAnnotation { muscle: (!muscle.is_empty()).then(|| muscle.to_string()), side: None, problems: Vec::new() };
    if read.muscle.is_none() {
        read.problems.push("it names no muscle after “Muscle:”".into());
    }
    for field in fields {
        match field.split_once(':') {
            Some((key, value)) if key.trim().eq_ignore_ascii_case(SIDE_KEY) => match Side::from_name(value) {
                Some(side) => read.side = Some(side),
                None => read
                    .problems
                    .push(format!("its side “{}” is neither left nor right (write L, R, left or right)", value.trim())),
            },
            _ => read.problems.push(format!("“{field}” is not a field edxview reads (Muscle, Side)")),
        }
    }
    Some(read)
}

/// The annotation text that names `muscle` on `side`, as [`parse`] reads it.
pub fn annotation_text(muscle: &str, side: Option<Side>) -> String {
    match side {
        Some(Side::Left) => format!("Muscle: {muscle}; Side: L"),
        Some(Side::Right) => format!("Muscle: {muscle}; Side: R"),
        None => format!("Muscle: {muscle}"),
    }
}

/// Splits `recording` at its muscle annotations into one recording per part (the stretch
/// before the first annotation, where there is signal, is a part of its own that names no
/// muscle). A recording without muscle annotations comes back whole. Each part keeps the
/// annotations that fall in it, and an annotation that could not be read whole is named in
/// the part's warnings.
pub fn split(recording: Recording) -> Vec<Recording> {
    let mut marks: Vec<(&Annotation, MuscleAnnotation)> = recording
        .annotations
        .iter()
        .filter_map(|annotation| parse(&annotation.text).map(|read| (annotation, read)))
        .collect();
    if marks.is_empty() {
        return vec![recording];
    }
    marks.sort_by(|(first, _), (second, _)| first.onset_s.total_cmp(&second.onset_s));
    let (first_s, _) = recording.time_extent();
    let mut parts: Vec<(f64, RecordingPart, Vec<String>)> = Vec::new();
    if marks[0].0.onset_s > first_s && has_samples_between(&recording, first_s, marks[0].0.onset_s) {
        let before = RecordingPart { muscle: None, side: None, annotation: String::new(), from_s: first_s };
        parts.push((first_s, before, Vec::new()));
    }
    for (annotation, read) in &marks {
        let warnings = read
            .problems
            .iter()
            .map(|problem| {
                format!(
                    "The muscle annotation “{}” at {} s: {problem}.",
                    annotation.text.trim(),
                    crate::display::fixed(annotation.onset_s, 1)
                )
            })
            .collect();
        let part = RecordingPart {
            muscle: read.muscle.clone(),
            side: read.side,
            annotation: annotation.text.trim().to_string(),
            from_s: annotation.onset_s,
        };
        parts.push((annotation.onset_s, part, warnings));
    }
    let ends: Vec<f64> = parts.iter().skip(1).map(|(from_s, _, _)| *from_s).chain([f64::INFINITY]).collect();
    parts
        .into_iter()
        .zip(ends)
        .map(|((from_s, part, warnings), to_s)| {
            let mut piece = Recording {
                channels: recording
                    .channels
                    .iter()
                    .map(|channel| {
                        let mut cut = channel.clone();
                        cut.segments = channel
                            .segments
                            .iter()
                            .filter_map(|segment| between(segment, channel.sampling_rate_hz, from_s, to_s))
                            .collect();
                        cut
                    })
                    .collect(),
                annotations: recording
                    .annotations
                    .iter()
                    .filter(|annotation| annotation.onset_s >= from_s && annotation.onset_s < to_s)
                    .cloned()
                    .collect(),
                part: Some(part),
                ..described_as(&recording)
            };
            piece.warnings.extend(warnings);
            piece
        })
        .collect()
}

/// `recording`'s description without its channels, annotations or part.
fn described_as(recording: &Recording) -> Recording {
    Recording {
        file_name: recording.file_name.clone(),
        format: recording.format.clone(),
        start: recording.start,
        patient: recording.patient.clone(),
        recording_info: recording.recording_info.clone(),
        channels: Vec::new(),
        annotations: Vec::new(),
        notes: recording.notes.clone(),
        warnings: recording.warnings.clone(),
        holds_nerve_conductions: recording.holds_nerve_conductions,
        part: None,
    }
}

/// Whether any channel of `recording` has a sample in [`from_s`, `to_s`).
fn has_samples_between(recording: &Recording, from_s: f64, to_s: f64) -> bool {
    recording.channels.iter().any(|channel| {
        channel.segments.iter().any(|segment| between(segment, channel.sampling_rate_hz, from_s, to_s).is_some())
    })
}

/// The samples of `segment` (sampled at `rate_hz`) timed in [`from_s`, `to_s`), with their
/// start time; `None` when there are none.
fn between(segment: &Segment, rate_hz: f64, from_s: f64, to_s: f64) -> Option<Segment> {
    let index_at = |time_s: f64| -> usize {
        let index = ((time_s - segment.start_s) * rate_hz - 1e-6).ceil();
        if index <= 0.0 {
            0
        } else {
            (index as usize).min(segment.samples.len())
        }
    };
    let (first, end) = (index_at(from_s), index_at(to_s));
    (first < end).then(|| Segment {
        start_s: segment.start_s + first as f64 / rate_hz,
        samples: segment.samples[first..end].to_vec(),
    })
}

/// One recording of `parts` played one after another, each preceded by the muscle annotation
/// that names it, as a machine writes several muscles into one file: the inverse of [`split`].
/// Every part must have the same channels (labels and rates) as the first; its first segment of
/// each channel is used. The result is called `file_name`.
pub fn join(file_name: &str, parts: &[(Recording, String)]) -> Option<Recording> {
    let (first, _) = parts.first()?;
    let mut joined = Recording {
        file_name: file_name.to_string(),
        channels: first
            .channels
            .iter()
            .map(|channel| crate::model::Channel { segments: Vec::new(), ..channel.clone() })
            .collect(),
        ..described_as(first)
    };
    let mut at_s = 0.0;
    let mut samples: Vec<Vec<f32>> = vec![Vec::new(); joined.channels.len()];
    for (recording, annotation) in parts {
        if recording.channels.len() != joined.channels.len() {
            return None;
        }
        joined.annotations.push(Annotation { onset_s: at_s, duration_s: None, text: annotation.clone() });
        let mut length_s: f64 = 0.0;
        for ((channel, joined_channel), into) in recording.channels.iter().zip(&joined.channels).zip(&mut samples) {
            if channel.sampling_rate_hz != joined_channel.sampling_rate_hz {
                return None;
            }
            let part_samples = channel.segments.first().map_or(&[][..], |segment| segment.samples.as_slice());
            into.extend_from_slice(part_samples);
            length_s = length_s.max(part_samples.len() as f64 / channel.sampling_rate_hz);
        }
        at_s += length_s;
    }
    for (channel, samples) in joined.channels.iter_mut().zip(samples) {
        channel.segments = vec![Segment { start_s: 0.0, samples }];
    }
    Some(joined)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, Unit};

    fn ramp(n: usize) -> Recording {
        Recording {
            file_name: "three.bdf".into(),
            channels: vec![Channel {
                label: "EMG".into(),
                unit: Unit::Microvolt,
                sampling_rate_hz: 100.0,
                segments: vec![Segment { start_s: 0.0, samples: (0..n).map(|idx| idx as f32).collect() }],
                transducer: String::new(),
                prefiltering: String::new(),
                recordable_range: None,
            }],
            ..Recording::default()
        }
    }

    fn annotation(onset_s: f64, text: &str) -> Annotation {
        Annotation { onset_s, duration_s: None, text: text.into() }
    }

    #[test]
    fn muscle_annotations_are_read_in_any_case_and_problems_named() {
        let read = parse(" muscle: Tib Ant ; SIDE: left").unwrap();
        assert_eq!((read.muscle.as_deref(), read.side, read.problems.len()), (Some("Tib Ant"), Some(Side::Left), 0));
        assert_eq!(parse("Stimulus 20 mA"), None);
        assert_eq!(parse("Muscles are tense"), None, "the key is a whole word before the colon");
        let odd = parse("Muscle: Deltoid; Side: both; Depth: deep").unwrap();
        assert_eq!(odd.side, None);
        assert_eq!(
            odd.problems,
            [
                "its side “both” is neither left nor right (write L, R, left or right)",
                "“Depth: deep” is not a field edxview reads (Muscle, Side)"
            ]
        );
        assert_eq!(parse("Muscle:").unwrap().muscle, None);
        for side in [Some(Side::Left), Some(Side::Right), None] {
            let read = parse(&annotation_text("Biceps brachii", side)).unwrap();
            assert_eq!((read.muscle.as_deref(), read.side), (Some("Biceps brachii"), side));
        }
    }

    #[test]
    fn a_recording_is_split_at_its_muscle_annotations_and_its_samples_keep_their_times() {
        let mut recording = ramp(1_000);
        recording.annotations = vec![
            annotation(2.0, "Muscle: Tibialis anterior; Side: L"),
            annotation(2.5, "rest"),
            annotation(6.0, "Muscle: Gluteus medius; Side: sideways"),
        ];
        let parts = split(recording);
        assert_eq!(parts.len(), 3, "the signal before the first annotation is a part of its own");
        let spans: Vec<(f64, usize, f32)> = parts
            .iter()
            .map(|part| {
                let segment = &part.channels[0].segments[0];
                (segment.start_s, segment.samples.len(), segment.samples[0])
            })
            .collect();
        assert_eq!(spans, [(0.0, 200, 0.0), (2.0, 400, 200.0), (6.0, 400, 600.0)]);
        assert_eq!(parts[0].part.as_ref().unwrap().muscle, None);
        let second = parts[1].part.as_ref().unwrap();
        assert_eq!((second.muscle.as_deref(), second.side), (Some("Tibialis anterior"), Some(Side::Left)));
        assert_eq!(parts[1].annotations.len(), 2, "its own annotations");
        assert_eq!(parts[1].title(), "three.bdf, from 2.0 s (Muscle: Tibialis anterior; Side: L)");
        assert_eq!(
            parts[2].warnings,
            ["The muscle annotation “Muscle: Gluteus medius; Side: sideways” at 6.0 s: its side “sideways” is neither left nor right (write L, R, left or right)."]
        );
        assert!(parts[1].warnings.is_empty());
    }

    #[test]
    fn a_recording_without_muscle_annotations_is_left_whole_and_join_undoes_split() {
        let mut plain = ramp(300);
        plain.annotations = vec![annotation(1.0, "rest")];
        assert_eq!(split(plain.clone()), vec![plain.clone()]);
        let joined = join(
            "joined.bdf",
            &[(ramp(300), annotation_text("Deltoid", Some(Side::Right))), (ramp(200), annotation_text("FDI", None))],
        )
        .unwrap();
        assert_eq!(joined.channels[0].segments[0].samples.len(), 500);
        let parts = split(joined);
        assert_eq!(parts.len(), 2, "an annotation at the first sample leaves nothing before it");
        assert_eq!(parts[1].channels[0].segments[0].start_s, 3.0);
        assert_eq!(parts[1].channels[0].segments[0].samples[..3], [0.0, 1.0, 2.0]);
        assert_eq!(parts[1].part.as_ref().unwrap().muscle.as_deref(), Some("FDI"));
    }
}
