//! Conduction block and temporal dispersion between two stimulation sites of a motor nerve, by
//! the EFNS/PNS 2010 definitions (I-E, II, I-F, read from the study's [`EfnsParameters`]) and
//! the AAN 1991 research criterion 2 (domain.md §3.2), naming every definition a segment meets.

use super::efns::{EfnsParameter, EfnsParameters};
use super::wording::{join_words, segment_name};
use super::{Finding, NerveCategory, EFNS_SOURCE};
use crate::display;
use crate::interpret::criteria::{is_aan_block_segment, AAN_BLOCK_DROP_PCT, AAN_DISPERSION_DURATION_CHANGE_PCT};
use crate::interpret::flags::Place;
use crate::model::NerveConduction;
use crate::ncs::NerveAnalysis;

/// The AAN criterion's source, as JNNP tabulates it.
const AAN_SOURCE: &str =
    "AAN 1991 research criteria for CIDP, criterion 2 (conduction block and temporal dispersion), as tabulated in JNNP (domain.md §3.2)";

/// What the AAN 1991 criterion 2 calls a segment's change (domain.md §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AanSegmentChange {
    /// Partial conduction block: area or peak-to-peak drop over 20 %, duration change under 15 %.
    ConductionBlock,
    /// Abnormal temporal dispersion and possible conduction block: the same drop, duration
    /// change over 15 %.
    DispersionWithPossibleBlock,
}

/// A conduction block or temporal dispersion finding for segment `segment_idx` of a motor nerve,
/// by the EFNS/PNS 2010 definitions the nerve's `efns` parameters meet there and the AAN 1991
/// definitions, naming the definitions met.
pub(super) fn segment_block_finding(
    nerve: &NerveConduction,
    analysis: &NerveAnalysis,
    efns: &EfnsParameters,
    segment_idx: usize,
    name: &str,
) -> Option<Finding> {
    let segment = &analysis.segments[segment_idx];
    let finite = |value: &f64| value.is_finite();
    let amplitude_drop_pct = segment.amplitude_change_pct.map(|change| -change).filter(finite);
    let area_drop_pct = segment.area_change_pct.map(|change| -change).filter(finite);
    let peak_to_peak_drop_pct = analysis.sites[segment.distal_site_idx]
        .measures
        .zip(analysis.sites[segment.proximal_site_idx].measures)
        .map(|(distal, proximal)| 100.0 * (distal.peak_to_peak_uv - proximal.peak_to_peak_uv) / distal.peak_to_peak_uv)
        .filter(finite);
    let duration_change_pct = segment.duration_change_pct.filter(finite);
    let place = Place::Segment(segment_idx);
    let efns_block = efns.meets_at(EfnsParameter::ConductionBlock, place);
    let efns_probable_block = efns.meets_at(EfnsParameter::ProbableConductionBlock, place);
    let efns_dispersion = efns.meets_at(EfnsParameter::TemporalDispersion, place);
    let mut met: Vec<&str> = Vec::new();
    let mut rules: Vec<&str> = Vec::new();
    if efns_block {
        met.push("EFNS/PNS I-E");
        rules.push("EFNS/PNS I-E: at least 50 % drop with the distal response at least 20 % of its lower limit.");
    }
    if efns_probable_block {
        met.push("EFNS/PNS II");
        rules.push("EFNS/PNS II: at least 30 % drop (tibial excluded) with the distal response at least 20 % of its lower limit.");
    }
    if efns_dispersion {
        met.push("EFNS/PNS I-F");
        rules.push("EFNS/PNS I-F: duration increase of more than 30 %.");
    }
    let distal_site = &nerve.sites[segment.distal_site_idx].name;
    let proximal_site = &nerve.sites[segment.proximal_site_idx].name;
    let aan_drop_pct = area_drop_pct.into_iter().chain(peak_to_peak_drop_pct).reduce(f64::max);
    // The AAN wording is a duration change under or over 15 %: a shorter proximal response is
    // not a dispersed one, so the signed increase is held against 15 %; exactly 15 % is neither.
    let aan = match (aan_drop_pct, duration_change_pct) {
        (Some(drop), Some(change))
            if drop > AAN_BLOCK_DROP_PCT && is_aan_block_segment(&nerve.nerve, distal_site, proximal_site) =>
        {
            if change < AAN_DISPERSION_DURATION_CHANGE_PCT {
                Some(AanSegmentChange::ConductionBlock)
            } else if change > AAN_DISPERSION_DURATION_CHANGE_PCT {
                Some(AanSegmentChange::DispersionWithPossibleBlock)
            } else {
                None
            }
        }
        _ => None,
    };
    match aan {
        Some(AanSegmentChange::ConductionBlock) => {
            met.push("AAN conduction block");
            rules.push("AAN 1991: drop of more than 20 % in negative-peak area or peak-to-peak amplitude with a duration change under 15 %.");
        }
        Some(AanSegmentChange::DispersionWithPossibleBlock) => {
            met.push("AAN temporal dispersion with possible conduction block");
            rules.push("AAN 1991: drop of more than 20 % in negative-peak area or peak-to-peak amplitude with a duration change over 15 %.");
        }
        None => {}
    }
    if met.is_empty() {
        return None;
    }
    let segment_label = segment_name(nerve, segment_idx).to_lowercase();
    let mut basis = Vec::new();
    if let Some(drop) = amplitude_drop_pct {
        basis.push(format!("Amplitude falls {drop:.0} % from {segment_label}."));
    }
    if let Some(drop) = area_drop_pct {
        basis.push(format!("Negative-peak area falls {drop:.0} %."));
    }
    if let Some(drop) = peak_to_peak_drop_pct {
        basis.push(format!("Peak-to-peak amplitude falls {drop:.0} %."));
    }
    if let Some(change) = duration_change_pct {
        basis.push(format!("Duration changes {} over the segment.", display::change_pct(change)));
    }
    basis.extend(rules.iter().map(|rule| rule.to_string()));
    let is_block = efns_block || aan == Some(AanSegmentChange::ConductionBlock);
    let is_dispersed = efns_dispersion || aan == Some(AanSegmentChange::DispersionWithPossibleBlock);
    let headline = if is_block {
        "conduction block"
    } else if efns_probable_block {
        "probable conduction block"
    } else if aan == Some(AanSegmentChange::DispersionWithPossibleBlock) {
        "temporal dispersion with possible conduction block"
    } else {
        "abnormal temporal dispersion"
    };
    let with_dispersion =
        if (is_block || efns_probable_block) && is_dispersed { ", with temporal dispersion" } else { "" };
    let meaning = if is_block || efns_probable_block {
        "consistent with focal demyelination there"
    } else {
        "consistent with demyelination"
    };
    let mut sources = Vec::new();
    if efns_block || efns_probable_block || efns_dispersion {
        sources.push(EFNS_SOURCE);
    }
    if aan.is_some() {
        sources.push(AAN_SOURCE);
    }
    let plain_language = if is_block || efns_probable_block {
        crate::interpret::patient::en::FINDING_BLOCK
    } else {
        crate::interpret::patient::en::FINDING_DISPERSION
    };
    let category = if is_block || efns_probable_block {
        NerveCategory::ConductionBlock
    } else {
        NerveCategory::DemyelinatingFeatures
    };
    Some(
        Finding::abnormal(format!(
            "{name}: {headline} between {segment_label}{with_dispersion} (meets {}); {meaning}.",
            join_words(&met)
        ))
        .basis(basis)
        .sources(sources)
        .plain(plain_language)
        .category(category),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{nerve_statements, review_demo};
    use crate::interpret::{builtin_profiles, review_study, StudyReview};
    use crate::model::Nerve;
    use crate::ncs::StudyAdjustments;

    /// A right median motor study whose wrist–elbow segment has `pathology`, reviewed alone.
    fn median_motor_with_forearm(pathology: crate::synth::ncs::SegmentPathology) -> StudyReview {
        let mut spec = crate::synth::ncs::NerveSpec::median_motor();
        spec.sites[1].pathology = pathology;
        let study = crate::model::Study {
            title: "median motor".into(),
            recordings: Vec::new(),
            nerve_conductions: vec![spec.simulate().study],
            reference_profile: None,
            patient: crate::model::Patient::default(),
            needle_examination: Default::default(),
            reason_for_study: None,
            comment: None,
            needle_unit_markers: Vec::new(),
        };
        review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient)
    }

    #[test]
    fn a_drop_between_20_and_30_percent_without_dispersion_is_an_aan_block_only() {
        use crate::synth::ncs::SegmentPathology;
        let review =
            median_motor_with_forearm(SegmentPathology { velocity_factor: 1.0, dispersion: 0.0, block_fraction: 0.25 });
        let segment = &review.nerves[0].analysis.segments[0];
        let drop = -segment.amplitude_change_pct.unwrap();
        assert!(drop > 20.0 && drop < 30.0, "amplitude drop {drop} % should lie between AAN's 20 and EFNS/PNS II's 30");
        assert!(segment.duration_change_pct.unwrap() < 15.0, "{segment:?}");
        let statements = nerve_statements(&review);
        assert!(
            statements
                .iter()
                .any(|statement| statement
                    .contains("conduction block between wrist – elbow (meets AAN conduction block)")),
            "{statements:#?}"
        );
        assert!(!statements.iter().any(|statement| statement.contains("EFNS")), "{statements:#?}");
    }

    #[test]
    fn a_healthy_forearm_meets_no_block_definition() {
        let review = median_motor_with_forearm(crate::synth::ncs::SegmentPathology::NONE);
        let statements = nerve_statements(&review);
        assert_eq!(statements, ["Right median motor: within normal limits."], "{statements:#?}");
    }

    #[test]
    fn dispersion_with_a_drop_meets_the_aan_dispersion_definition_and_says_which() {
        let review = review_demo("demyelinating-polyneuropathy", |nerve| nerve.nerve == Nerve::Median);
        let statements = nerve_statements(&review);
        assert!(
            statements.iter().any(|statement| statement.contains("wrist – elbow, with temporal dispersion (meets EFNS/PNS II, EFNS/PNS I-F and AAN temporal dispersion with possible conduction block)")),
            "{statements:#?}"
        );
    }

    #[test]
    fn the_aan_definition_is_not_applied_across_the_elbow() {
        let review = review_demo("ulnar-elbow-block", |_| true);
        let statements = nerve_statements(&review);
        let block = statements
            .iter()
            .find(|statement| statement.contains("conduction block between below elbow – above elbow"))
            .expect("block");
        assert!(block.contains("(meets EFNS/PNS I-E)") && !block.contains("AAN"), "{block}");
    }
}
