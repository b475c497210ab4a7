//! Focal slowing or block across a joint: ulnar neuropathy at the elbow (across-elbow velocity,
//! its drop from the forearm, the amplitude ratio) and peroneal neuropathy at the fibular head
//! (velocity and amplitude drops across the knee), each against its cited limit in
//! [`crate::interpret::criteria`], for each side studied. The segment across the joint is the one
//! whose stimulation sites' names say so ([`across_entrapment_site`]), never assumed to be the
//! last. Slowing below the joint too is generalised, not focal.

use super::{Finding, NerveReview};
use crate::display;
use crate::interpret::criteria::*;
use crate::interpret::flags::Place;
use crate::interpret::profiles::Measure;
use crate::model::{Nerve, NerveConduction, NerveConductionKind};

/// A joint where a nerve is commonly compressed, crossed by a segment of a motor study.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntrapmentSite {
    /// The ulnar nerve across the elbow: from below to above the elbow.
    UlnarElbow,
    /// The peroneal nerve across the fibular head: from below the fibular head to the popliteal
    /// fossa (or above the fibular head, the knee).
    PeronealFibularHead,
}

impl EntrapmentSite {
    /// The site as the localisation's nerve sites name it.
    pub(crate) fn site_name(self) -> &'static str {
        match self {
            EntrapmentSite::UlnarElbow => "ulnar nerve at the elbow",
            EntrapmentSite::PeronealFibularHead => "peroneal nerve at the fibular head",
        }
    }
}

/// The entrapment site segment `segment_idx` of `nerve` crosses, read from its sites' names
/// (any case, hyphens as spaces); `None` where the names do not say.
pub(crate) fn across_entrapment_site(nerve: &NerveConduction, segment_idx: usize) -> Option<EntrapmentSite> {
    let name = |idx: usize| nerve.sites.get(idx).map(|site| site.name.to_lowercase().replace(['-', '_'], " "));
    let (distal, proximal) = (name(segment_idx)?, name(segment_idx + 1)?);
    match nerve.nerve {
        Nerve::Ulnar if distal.contains("below elbow") && proximal.contains("above elbow") => {
            Some(EntrapmentSite::UlnarElbow)
        }
        Nerve::Peroneal
            if (distal.contains("below fibular head") || distal.contains("below knee"))
                && ["popliteal", "above fibular head", "above knee", "knee"]
                    .iter()
                    .any(|word| proximal.contains(word)) =>
        {
            Some(EntrapmentSite::PeronealFibularHead)
        }
        _ => None,
    }
}

/// Ulnar neuropathy at the elbow, per side, from the across-elbow segment.
pub(super) fn ulnar_at_elbow(reviews: &[NerveReview<'_>]) -> Vec<Finding> {
    across_joint(reviews, &Nerve::Ulnar, EntrapmentSite::UlnarElbow, ulnar_finding)
}

/// Peroneal neuropathy at the fibular head, per side, from the across-knee segment.
pub(super) fn peroneal_at_fibular_head(reviews: &[NerveReview<'_>]) -> Vec<Finding> {
    across_joint(reviews, &Nerve::Peroneal, EntrapmentSite::PeronealFibularHead, peroneal_finding)
}

/// The finding `judge` draws from each motor study of `nerve` (one per side) with a segment
/// across `site` and one below it.
fn across_joint(
    reviews: &[NerveReview<'_>],
    nerve: &Nerve,
    site: EntrapmentSite,
    judge: fn(&NerveReview<'_>, usize) -> Option<Finding>,
) -> Vec<Finding> {
    reviews
        .iter()
        .filter(|review| &review.nerve.nerve == nerve && review.nerve.kind == NerveConductionKind::Motor)
        .filter_map(|review| {
            let across = (1..review.analysis.segments.len())
                .find(|&segment_idx| across_entrapment_site(review.nerve, segment_idx) == Some(site))?;
            judge(review, across)
        })
        .collect()
}

/// Ulnar neuropathy at the elbow from segment `across_idx` (across the elbow) and the forearm
/// segment below it.
fn ulnar_finding(review: &NerveReview<'_>, across_idx: usize) -> Option<Finding> {
    let segments = &review.analysis.segments;
    let (forearm, across) = (&segments[across_idx - 1], &segments[across_idx]);
    let side = review.nerve.side.to_string().to_lowercase();
    if segment_velocity_abnormal(review, across_idx - 1) {
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
        Finding::abnormal(format!("Focal slowing or block of the {side} ulnar nerve across the elbow; consistent with a {side} ulnar neuropathy at the elbow."))
            .basis(basis)
            .sources([
                "Across-elbow velocity (50 m/s for 60 years and over) and amplitude ratio 0.82: diagnostic sensitivity of motor NCS in UNE, Japanese controls N = 150 (domain.md §2.4)",
                "Buschbacher RM, ulnar motor to ADM: across-elbow velocity drop upper limit 15 m/s (domain.md §2.3)",
            ])
            .plain(crate::interpret::patient::en::finding_ulnar_elbow())
            .at_compression_site(EntrapmentSite::UlnarElbow.site_name(), review.nerve.side),
    )
}

/// Peroneal neuropathy at the fibular head from segment `across_idx` (across the knee) and the
/// leg segment below it.
fn peroneal_finding(review: &NerveReview<'_>, across_idx: usize) -> Option<Finding> {
    let segments = &review.analysis.segments;
    let (leg, across) = (&segments[across_idx - 1], &segments[across_idx]);
    let side = review.nerve.side.to_string().to_lowercase();
    if segment_velocity_abnormal(review, across_idx - 1) {
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
        Finding::abnormal(format!("Focal slowing or block of the {side} peroneal nerve at the fibular head; consistent with a {side} peroneal (fibular) neuropathy at the knee."))
            .basis(basis)
            .sources(["Buschbacher RM, peroneal motor to EDB: across-knee velocity drop 10 m/s and fibular-head amplitude drop 25 % (domain.md §2.3)"])
            .plain(crate::interpret::patient::en::finding_peroneal_knee())
            .at_compression_site(EntrapmentSite::PeronealFibularHead.site_name(), review.nerve.side),
    )
}

/// Whether the velocity of segment `segment_idx` was flagged abnormal.
fn segment_velocity_abnormal(review: &NerveReview<'_>, segment_idx: usize) -> bool {
    review.flags.get(Place::Segment(segment_idx), Measure::ConductionVelocity).is_some_and(|flag| flag.is_abnormal)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{review_demo, review_nerves};
    use crate::model::Nerve;
    use crate::synth::ncs::NerveSpec;

    #[test]
    fn a_normal_ulnar_studied_first_does_not_hide_the_other_side_s_neuropathy_at_the_elbow() {
        let blocked = crate::synth::demos::build("ulnar-elbow-block").expect("demo");
        let blocked_side = blocked.nerve_conductions[0].side;
        let mut normal = NerveSpec::ulnar_motor();
        normal.side = blocked_side.opposite();
        let mut nerves = vec![normal.simulate().study];
        nerves.extend(blocked.nerve_conductions.into_iter().filter(|nerve| nerve.nerve == Nerve::Ulnar));
        let review = review_nerves(nerves);
        let statements: Vec<&str> = review.findings.iter().map(|finding| finding.statement.as_str()).collect();
        let side = blocked_side.to_string().to_lowercase();
        assert!(
            statements.iter().any(|statement| statement.contains(&format!("consistent with a {side} ulnar neuropathy at the elbow"))),
            "{statements:#?}"
        );
        assert_eq!(
            statements.iter().filter(|statement| statement.contains("ulnar neuropathy at the elbow")).count(),
            1
        );
    }

    #[test]
    fn a_segment_not_named_as_crossing_the_elbow_is_not_read_as_one() {
        let mut renamed = crate::synth::demos::build("ulnar-elbow-block").expect("demo").nerve_conductions;
        for nerve in &mut renamed {
            for (idx, site) in nerve.sites.iter_mut().enumerate() {
                site.name = format!("Site {}", idx + 1);
            }
        }
        let review = review_nerves(renamed);
        assert!(review.findings.iter().all(|finding| !finding.statement.contains("across the elbow")));
    }

    #[test]
    fn a_block_at_the_elbow_alone_never_leads_to_the_demyelinating_neuropathy_criteria() {
        let review = review_demo("ulnar-elbow-block", |_| true);
        for finding in &review.findings {
            assert!(!finding.statement.contains("EFNS/PNS electrodiagnostic criteria"), "{}", finding.statement);
            assert!(!finding.plain_language.contains("CIDP"), "{}", finding.plain_language);
        }
        assert!(review.findings.iter().any(|finding| finding.statement.contains("ulnar neuropathy at the elbow")));
    }
}
