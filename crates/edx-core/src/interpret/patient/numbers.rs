//! Every value of the nerve conduction studies explained to the patient: what it measures, the
//! patient's value, the normal range it was held against, and what the difference means; a value
//! no normal range of the chosen profile covers says so.

use super::en;
use crate::interpret::flags::{Flag, Place};
use crate::interpret::profiles::Measure;
use crate::interpret::StudyReview;
use crate::model::{NerveConduction, NerveConductionKind};

/// One value, explained.
#[derive(Debug, Clone, PartialEq)]
pub struct ExplainedValue {
    /// The study it belongs to, as the patient reads it ("Right median nerve, movement fibres").
    pub study: String,
    /// The value in plain words, with its normal range and what the difference means.
    pub sentence: String,
    /// Whether it lies outside its normal range (`None`: no normal range covers it).
    pub is_abnormal: Option<bool>,
}

/// Each value of `nerves` (reviewed as `review`) explained: those held against a limit, then the
/// distal latency, amplitude and velocities no limit covers.
pub fn explain_values(nerves: &[NerveConduction], review: &StudyReview) -> Vec<ExplainedValue> {
    let mut explained = Vec::new();
    for ((nerve, reviewed), study) in nerves.iter().zip(&review.nerves).zip(en::study_labels(nerves)) {
        let value = |sentence: String, is_abnormal: Option<bool>| ExplainedValue {
            study: study.clone(),
            sentence,
            is_abnormal,
        };
        // The two sites a segment's value lies between, by the study's names.
        let stretch = |place: Place| match place {
            Place::Segment(segment_idx) => reviewed.analysis.segments.get(segment_idx).and_then(|segment| {
                let distal = nerve.sites.get(segment.distal_site_idx)?;
                let proximal = nerve.sites.get(segment.proximal_site_idx)?;
                Some((distal.name.as_str(), proximal.name.as_str()))
            }),
            Place::Site(_) => None,
        };
        for flag in &reviewed.flags.flags {
            explained.push(value(en::flagged_value(nerve, flag, stretch(flag.place)), Some(flag.is_abnormal)));
        }
        if !(nerve.kind == NerveConductionKind::Motor || nerve.kind.is_sensory()) {
            continue;
        }
        let flagged = |place: Place, measures: &[Measure]| {
            measures.iter().any(|measure| reviewed.flags.get(place, *measure).is_some())
        };
        if let Some(measures) = reviewed.analysis.sites.first().and_then(|site| site.measures) {
            let (latency_measure, latency_ms) = if nerve.kind == NerveConductionKind::Motor {
                (Measure::DistalOnsetLatency, measures.onset_latency_ms)
            } else {
                (Measure::DistalPeakLatency, measures.peak_latency_ms)
            };
            if !flagged(Place::Site(0), &[latency_measure]) && latency_ms.is_finite() {
                explained.push(value(en::unjudged_value(nerve, latency_measure, latency_ms, None), None));
            }
            let amplitudes = [Measure::DistalAmplitude, Measure::DistalPeakToPeakAmplitude];
            if !flagged(Place::Site(0), &amplitudes) && measures.amplitude_uv.is_finite() {
                let amplitude = en::unjudged_value(nerve, Measure::DistalAmplitude, measures.amplitude_uv, None);
                explained.push(value(amplitude, None));
            }
        }
        for (segment_idx, segment) in reviewed.analysis.segments.iter().enumerate() {
            let Some(velocity) = segment.conduction_velocity_m_per_s else { continue };
            let place = Place::Segment(segment_idx);
            if !flagged(place, &[Measure::ConductionVelocity]) {
                let sentence = en::unjudged_value(nerve, Measure::ConductionVelocity, velocity, stretch(place));
                explained.push(value(sentence, None));
            }
        }
    }
    explained
}

/// How far a value lies beyond its limit, as the patient is told it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Departure {
    /// Within the normal range.
    Normal,
    /// Less than a fifth beyond the limit (edxview's own wording bands).
    Little,
    /// A fifth to a half beyond.
    Clear,
    /// More than half beyond, or absent.
    Far,
}

/// How far `flag`'s value lies beyond its limit: by the share of the limit it departs by.
pub fn departure(flag: &Flag) -> Departure {
    if !flag.is_abnormal {
        return Departure::Normal;
    }
    let Some(percent) = flag.percent_of_limit() else { return Departure::Far };
    let beyond = (percent - 100.0).abs() / 100.0;
    if beyond < 0.2 {
        Departure::Little
    } else if beyond <= 0.5 {
        Departure::Clear
    } else {
        Departure::Far
    }
}
