//! Focal slowing or block across a joint: ulnar neuropathy at the elbow (across-elbow velocity,
//! its drop from the forearm, the amplitude ratio) and peroneal neuropathy at the fibular head
//! (velocity and amplitude drops across the knee), each against its cited limit in
//! [`crate::interpret::criteria`]. Slowing below the joint too is generalised, not focal.

use super::{Finding, NerveReview};
use crate::display;
use crate::interpret::criteria::*;
use crate::interpret::flags::Place;
use crate::interpret::profiles::Measure;
use crate::model::{Nerve, NerveConductionKind};

/// Ulnar neuropathy at the elbow from the across-elbow segment (the last of three or more sites).
pub(super) fn ulnar_at_elbow(reviews: &[NerveReview<'_>]) -> Option<Finding> {
    let review = find(reviews, &Nerve::Ulnar, NerveConductionKind::Motor)?;
    let segments = &review.analysis.segments;
    if segments.len() < 2 {
        return None;
    }
    let (forearm, across) = (&segments[segments.len() - 2], &segments[segments.len() - 1]);
    if segment_velocity_abnormal(review, segments.len() - 2) {
        // Slowing below the elbow too: generalised, not focal at the elbow.
        return None;
    }
    let mut basis = Vec::new();
    if let Some(velocity) =
        across.conduction_velocity_m_per_s.filter(|&velocity| velocity < ULNAR_ACROSS_ELBOW_MIN_VELOCITY_M_PER_S)
    {
        basis.push(format!(
            "Across-elbow velocity {} m/s, below {} m/s.",
            display::velocity_m_per_s(velocity),
            ULNAR_ACROSS_ELBOW_MIN_VELOCITY_M_PER_S
        ));
    }
    if let (Some(below), Some(across_velocity)) =
        (forearm.conduction_velocity_m_per_s, across.conduction_velocity_m_per_s)
    {
        if below - across_velocity > ULNAR_ACROSS_ELBOW_MAX_VELOCITY_DROP_M_PER_S {
            basis.push(format!(
                "Velocity drops {} m/s from the forearm to across the elbow (upper limit 15 m/s).",
                display::velocity_m_per_s(below - across_velocity)
            ));
        }
    }
    if let Some(change) = across.amplitude_change_pct {
        let ratio = 1.0 + change / 100.0;
        if ratio < ULNAR_ACROSS_ELBOW_MIN_AMPLITUDE_RATIO {
            basis.push(format!("Above-elbow / below-elbow amplitude ratio {ratio:.2}, below 0.82."));
        }
    }
    if basis.is_empty() {
        return None;
    }
    Some(
        Finding::abnormal("Focal slowing or block of the ulnar nerve across the elbow; consistent with ulnar neuropathy at the elbow.")
            .basis(basis)
            .sources([
                "Across-elbow velocity (50 m/s for 60 years and over) and amplitude ratio 0.82: diagnostic sensitivity of motor NCS in UNE, Japanese controls N = 150 (domain.md §2.4)",
                "Buschbacher RM, ulnar motor to ADM: across-elbow velocity drop upper limit 15 m/s (domain.md §2.3)",
            ])
            .plain("The ulnar nerve, which gives feeling to the little-finger side of the hand and moves many hand muscles, is slowed or partly blocked where it passes the elbow. This is consistent with ulnar neuropathy at the elbow. Your doctor will combine this with your symptoms and examination."),
    )
}

/// Peroneal neuropathy at the fibular head from the across-knee segment.
pub(super) fn peroneal_at_fibular_head(reviews: &[NerveReview<'_>]) -> Option<Finding> {
    let review = find(reviews, &Nerve::Peroneal, NerveConductionKind::Motor)?;
    let segments = &review.analysis.segments;
    if segments.len() < 2 {
        return None;
    }
    let (leg, across) = (&segments[segments.len() - 2], &segments[segments.len() - 1]);
    if segment_velocity_abnormal(review, segments.len() - 2) {
        return None;
    }
    let mut basis = Vec::new();
    if let (Some(below), Some(across_velocity)) = (leg.conduction_velocity_m_per_s, across.conduction_velocity_m_per_s)
    {
        if below - across_velocity > PERONEAL_KNEE_MAX_VELOCITY_DROP_M_PER_S {
            basis.push(format!(
                "Velocity drops {} m/s from the leg to across the knee (upper limit 10 m/s).",
                display::velocity_m_per_s(below - across_velocity)
            ));
        }
    }
    if let Some(drop) = across
        .amplitude_change_pct
        .map(|change| -change)
        .filter(|&drop| drop > PERONEAL_FIBULAR_HEAD_MAX_AMPLITUDE_DROP_PCT)
    {
        basis.push(format!("Amplitude drops {drop:.0} % from below to above the fibular head (upper limit 25 %)."));
    }
    if basis.is_empty() {
        return None;
    }
    Some(
        Finding::abnormal("Focal slowing or block of the peroneal nerve at the fibular head; consistent with peroneal (fibular) neuropathy at the knee.")
            .basis(basis)
            .sources(["Buschbacher RM, peroneal motor to EDB: across-knee velocity drop 10 m/s and fibular-head amplitude drop 25 % (domain.md §2.3)"])
            .plain("The peroneal nerve, which lifts the foot and toes, is slowed or partly blocked where it winds around the bone just below the knee. Your doctor will combine this with your symptoms and examination."),
    )
}

/// Whether the velocity of segment `segment_idx` was flagged abnormal.
fn segment_velocity_abnormal(review: &NerveReview<'_>, segment_idx: usize) -> bool {
    review.flags.get(Place::Segment(segment_idx), Measure::ConductionVelocity).is_some_and(|flag| flag.is_abnormal)
}

/// The first study of `nerve` of `kind`.
fn find<'a>(reviews: &'a [NerveReview<'a>], nerve: &Nerve, kind: NerveConductionKind) -> Option<&'a NerveReview<'a>> {
    reviews.iter().find(|review| &review.nerve.nerve == nerve && review.nerve.kind == kind)
}
