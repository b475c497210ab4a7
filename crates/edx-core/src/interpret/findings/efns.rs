//! The EFNS/PNS 2010 electrodiagnostic parameters for demyelination (domain.md §3.2), evaluated
//! once per study: which parameter each nerve conduction study meets, where, and by how much.
//! Motor studies give I-A, I-B, I-E, I-F, I-G and II; F-wave studies give I-C and I-D, judged
//! against the distal CMAP of the motor study of the same nerve. The thresholds are in
//! [`crate::interpret::criteria`], each with its source.

use super::NerveReview;
use crate::interpret::criteria::*;
use crate::interpret::flags::Place;
use crate::interpret::profiles::Measure;
use crate::model::{Nerve, NerveConductionKind};

/// An EFNS/PNS 2010 electrodiagnostic parameter for demyelination, with the unit its value and
/// threshold are in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum EfnsParameter {
    /// I-A: distal motor latency at least 50 % above the upper limit (% of the upper limit).
    DistalLatency,
    /// I-B: motor velocity at least 30 % below the lower limit (% of the lower limit).
    Velocity,
    /// I-C: F-wave latency at least 30 % above the upper limit, 50 % with a small CMAP (% of
    /// the upper limit).
    FWaveLatency,
    /// I-D: absent F waves with a distal CMAP of at least 20 % of the lower limit (the distal
    /// CMAP, % of its lower limit).
    AbsentFWaves,
    /// I-E: partial motor conduction block of at least 50 % (amplitude drop, %).
    ConductionBlock,
    /// I-F: abnormal temporal dispersion (duration increase, %).
    TemporalDispersion,
    /// I-G: prolonged distal CMAP duration (ms).
    DistalDuration,
    /// II: amplitude reduction of at least 30 % (tibial excluded), the "probable" criterion
    /// (amplitude drop, %).
    ProbableConductionBlock,
}

impl EfnsParameter {
    /// The parameters of the "definite" criterion (I-A to I-G).
    pub(super) const DEFINITE: [EfnsParameter; 7] = [
        EfnsParameter::DistalLatency,
        EfnsParameter::Velocity,
        EfnsParameter::FWaveLatency,
        EfnsParameter::AbsentFWaves,
        EfnsParameter::ConductionBlock,
        EfnsParameter::TemporalDispersion,
        EfnsParameter::DistalDuration,
    ];

    /// The parameter's code in the guideline's table, such as "I-A".
    pub(super) fn code(self) -> &'static str {
        match self {
            EfnsParameter::DistalLatency => "I-A",
            EfnsParameter::Velocity => "I-B",
            EfnsParameter::FWaveLatency => "I-C",
            EfnsParameter::AbsentFWaves => "I-D",
            EfnsParameter::ConductionBlock => "I-E",
            EfnsParameter::TemporalDispersion => "I-F",
            EfnsParameter::DistalDuration => "I-G",
            EfnsParameter::ProbableConductionBlock => "II",
        }
    }

    /// Whether the parameter belongs to the "definite" criterion.
    pub(super) fn is_definite(self) -> bool {
        self != EfnsParameter::ProbableConductionBlock
    }
}

/// One parameter met at one place of a nerve conduction study.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Met {
    /// Which EFNS/PNS parameter was met.
    pub parameter: EfnsParameter,
    /// Where: the distal site (I-A, I-C, I-D, I-G) or a segment (I-B, I-E, I-F, II).
    pub place: Place,
    /// The value held against the threshold, in the parameter's unit.
    pub value: f64,
    /// The threshold it met, in the same unit.
    pub threshold: f64,
}

/// The EFNS/PNS 2010 parameters one nerve conduction study of a study meets, and why some could
/// not be judged. [`efns_parameters`] gives one per study of the review, in study order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EfnsParameters {
    /// The parameters met, in the order the guideline lists them, segments distal first.
    pub(super) met: Vec<Met>,
    /// Why a parameter could not be judged.
    pub(super) not_judged: Vec<String>,
}

impl EfnsParameters {
    /// Whether `parameter` is met at `place`.
    pub(super) fn meets_at(&self, parameter: EfnsParameter, place: Place) -> bool {
        self.met.iter().any(|met| met.parameter == parameter && met.place == place)
    }

    /// The places meeting `parameter`, in order.
    pub(super) fn of(&self, parameter: EfnsParameter) -> impl Iterator<Item = &Met> {
        self.met.iter().filter(move |met| met.parameter == parameter)
    }
}

/// The EFNS/PNS 2010 parameters each of `reviews` meets, one entry per review: evaluated once per
/// study, then read by the per-nerve findings, the block findings, the study-wide criteria and
/// the polyneuropathy finding.
pub fn efns_parameters(reviews: &[NerveReview<'_>]) -> Vec<EfnsParameters> {
    reviews
        .iter()
        .map(|review| match review.nerve.kind {
            NerveConductionKind::Motor => motor_parameters(review),
            NerveConductionKind::FWave => f_wave_parameters(review, reviews),
            _ => EfnsParameters::default(),
        })
        .collect()
}

/// The distal CMAP amplitude of a motor study as a share of its lower limit, in %.
fn distal_cmap_pct_of_lln(motor: &NerveReview<'_>) -> Option<f64> {
    motor.flags.get(Place::Site(0), Measure::DistalAmplitude).and_then(|flag| flag.percent_of_limit())
}

/// I-A, I-B, I-E or II, I-F and I-G of a motor study.
fn motor_parameters(review: &NerveReview<'_>) -> EfnsParameters {
    let flags = review.flags;
    let mut met = Vec::new();
    let mut push = |parameter, place, value, threshold| met.push(Met { parameter, place, value, threshold });
    if let Some(pct) = flags
        .get(Place::Site(0), Measure::DistalOnsetLatency)
        .and_then(|flag| flag.percent_of_limit())
        .filter(|&pct| pct >= EFNS_DISTAL_LATENCY_PCT_OF_ULN)
    {
        push(EfnsParameter::DistalLatency, Place::Site(0), pct, EFNS_DISTAL_LATENCY_PCT_OF_ULN);
    }
    let segments = &review.analysis.segments;
    for segment_idx in 0..segments.len() {
        let place = Place::Segment(segment_idx);
        if let Some(pct) = flags
            .get(place, Measure::ConductionVelocity)
            .and_then(|flag| flag.percent_of_limit())
            .filter(|&pct| pct <= EFNS_VELOCITY_PCT_OF_LLN)
        {
            push(EfnsParameter::Velocity, place, pct, EFNS_VELOCITY_PCT_OF_LLN);
        }
    }
    let distal_enough = distal_cmap_pct_of_lln(review).is_some_and(|pct| pct >= EFNS_BLOCK_MIN_DISTAL_PCT_OF_LLN);
    for (segment_idx, segment) in segments.iter().enumerate() {
        let place = Place::Segment(segment_idx);
        let drop = segment.amplitude_change_pct.map(|change| -change).filter(|drop| drop.is_finite());
        if let Some(drop) = drop.filter(|&drop| drop >= EFNS_BLOCK_DROP_PCT && distal_enough) {
            push(EfnsParameter::ConductionBlock, place, drop, EFNS_BLOCK_DROP_PCT);
        } else if let Some(drop) = drop.filter(|&drop| {
            drop >= EFNS_PROBABLE_BLOCK_DROP_PCT && distal_enough && review.nerve.nerve != Nerve::Tibial
        }) {
            push(EfnsParameter::ProbableConductionBlock, place, drop, EFNS_PROBABLE_BLOCK_DROP_PCT);
        }
    }
    for (segment_idx, segment) in segments.iter().enumerate() {
        if let Some(change) = segment
            .duration_change_pct
            .filter(|change| change.is_finite() && *change > EFNS_DISPERSION_DURATION_INCREASE_PCT)
        {
            let place = Place::Segment(segment_idx);
            push(EfnsParameter::TemporalDispersion, place, change, EFNS_DISPERSION_DURATION_INCREASE_PCT);
        }
    }
    if let Some((limit_ms, measures)) = efns_distal_duration_limit_ms(&review.nerve.nerve)
        .zip(review.analysis.sites.first().and_then(|site| site.measures))
        .filter(|(limit_ms, measures)| measures.negative_duration_ms >= *limit_ms)
    {
        push(EfnsParameter::DistalDuration, Place::Site(0), measures.negative_duration_ms, limit_ms);
    }
    EfnsParameters { met, not_judged: Vec::new() }
}

/// I-C or I-D of an F-wave study, against the distal CMAP of the first motor study of the same
/// nerve and side among `reviews`.
fn f_wave_parameters(review: &NerveReview<'_>, reviews: &[NerveReview<'_>]) -> EfnsParameters {
    let mut parameters = EfnsParameters::default();
    let Some(flag) = review.flags.get(Place::Site(0), Measure::FWaveMinimumLatency) else { return parameters };
    let motor = reviews.iter().find(|motor| {
        motor.nerve.kind == NerveConductionKind::Motor
            && motor.nerve.nerve == review.nerve.nerve
            && motor.nerve.side == review.nerve.side
    });
    let cmap_pct = motor.and_then(distal_cmap_pct_of_lln);
    let place = Place::Site(0);
    match flag.percent_of_limit() {
        Some(pct) => {
            // Without the distal CMAP, only the stricter limit is sure to apply.
            let limit_pct = match cmap_pct {
                Some(cmap) if cmap >= EFNS_SMALL_CMAP_PCT_OF_LLN => EFNS_F_LATENCY_PCT_OF_ULN,
                _ => EFNS_F_LATENCY_SMALL_CMAP_PCT_OF_ULN,
            };
            if pct >= limit_pct {
                let parameter = EfnsParameter::FWaveLatency;
                parameters.met.push(Met { parameter, place, value: pct, threshold: limit_pct });
            }
            if cmap_pct.is_none() {
                parameters.not_judged.push("no motor study of this nerve gives the distal CMAP, so the F-wave latency is held against the stricter 150 % of the upper limit".into());
            }
        }
        None => match cmap_pct {
            Some(cmap) if cmap >= EFNS_ABSENT_F_MIN_DISTAL_PCT_OF_LLN => {
                let (parameter, threshold) = (EfnsParameter::AbsentFWaves, EFNS_ABSENT_F_MIN_DISTAL_PCT_OF_LLN);
                parameters.met.push(Met { parameter, place, value: cmap, threshold });
            }
            Some(_) => parameters.not_judged.push(
                "F waves absent with a distal CMAP below 20 % of its lower limit, which I-D does not count".into(),
            ),
            None => parameters.not_judged.push(
                "F waves absent, but no motor study of this nerve gives the distal CMAP, so I-D cannot be judged"
                    .into(),
            ),
        },
    }
    parameters
}
