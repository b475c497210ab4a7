//! One nerve's findings: its values against the profile read with the axon loss against
//! demyelination table (JNNP, domain.md §3.1) and, for motor studies, the EFNS/PNS 2010
//! demyelinating range (I-A, I-B) and the block definitions of [`super::block`]. Late-response
//! studies are handed to [`super::late`].

use super::block::segment_block_finding;
use super::efns::{EfnsParameter, EfnsParameters};
use super::late::late_findings;
use super::wording::{capitalise, nerve_word, segment_name};
use super::{Finding, NerveCategory, NerveReview, AXON_DEMYELINATION_SOURCE, EFNS_SOURCE};
use crate::display;
use crate::interpret::flags::{Flag, NerveFlags, Place};
use crate::interpret::patient::en;
use crate::interpret::profiles::Measure;
use crate::model::{Nerve, NerveConduction, NerveConductionKind};

/// The lower-limb table's footnote on small sensory responses with age.
const LOWER_LIMB_SNAP_AGE_SOURCE: &str = "Preston & Shapiro lower-limb normal values, footnote: in people over 40, small or absent SNAPs should not necessarily be interpreted as abnormal (domain.md §2.2, verified for the footnotes)";

/// Findings for one nerve, with the EFNS/PNS parameters its study meets (its entry of
/// [`super::efns_parameters`]).
pub fn nerve_findings(review: NerveReview<'_>, efns: &EfnsParameters) -> Vec<Finding> {
    let NerveReview { nerve, analysis, flags } = review;
    let name = format!("{} {} {}", nerve.side, nerve_word(nerve), nerve.kind);
    let is_motor = nerve.kind == NerveConductionKind::Motor;
    // The plain-language name says which fibres were tested, so motor and sensory findings of the
    // same nerve read differently.
    let plain_nerve = en::fibres_of(&nerve_word(nerve), is_motor);
    if let Some(late) = &analysis.late {
        return late_findings(nerve, late, flags, &name);
    }
    if let Some(finding) = unjudged_or_absent(review, &name) {
        return vec![finding];
    }
    let mut findings = Vec::new();
    let demyelinating = demyelinating_range(nerve, flags, efns);
    let in_demyelinating_range = !demyelinating.is_empty();
    if in_demyelinating_range {
        findings.push(
            Finding::abnormal(format!("{name}: slowing in the demyelinating range; consistent with demyelination."))
                .basis(demyelinating)
                .sources([EFNS_SOURCE])
                .plain(en::finding_much_slower(&plain_nerve))
                .category(NerveCategory::DemyelinatingFeatures),
        );
    }
    if is_motor {
        findings.extend(
            (0..analysis.segments.len())
                .filter_map(|segment_idx| segment_block_finding(nerve, analysis, efns, segment_idx, &name)),
        );
    }
    let amplitude_flag = flags.get(Place::Site(0), Measure::DistalAmplitude).filter(|flag| flag.is_abnormal);
    if let Some(flag) = amplitude_flag {
        findings.push(reduced_amplitude(flag, is_motor, in_demyelinating_range, &name, &plain_nerve));
    }
    if !in_demyelinating_range {
        findings.extend(slowing(flags, &name, &plain_nerve));
    }
    if findings.is_empty() {
        findings.push(
            Finding::not_abnormal(format!("{name}: within normal limits."))
                .basis(flags.flags.iter().map(|flag| format!("{}.", capitalise(&flag.describe()))))
                .sources(flags.flags.first().map(|flag| flag.limit.source.clone()))
                .plain(en::finding_normal(&nerve_word(nerve)))
                .category(NerveCategory::Normal),
        );
    }
    findings
}

/// The finding of a study that cannot be read as a pattern: nothing recorded, no distal
/// response, or no limit of the profile applies.
fn unjudged_or_absent(review: NerveReview<'_>, name: &str) -> Option<Finding> {
    let NerveReview { nerve, analysis, flags } = review;
    let nothing_recorded = nerve.sites.first().is_some_and(|site| site.sweeps.is_empty() && site.reported.is_none());
    if nothing_recorded {
        // No sweep and no reported value: not an absent response, a study that cannot be judged.
        let site_name = &nerve.sites[0].name;
        return Some(
            Finding::not_abnormal(format!(
                "{name}: nothing was recorded from {site_name}, so the study cannot be judged."
            ))
            .basis([format!("No sweep and no reported value at {site_name}.")])
            .plain(en::finding_no_recording(&nerve_word(nerve)))
            .category(NerveCategory::Indeterminate),
        );
    }
    if analysis.sites.first().is_some_and(|site| site.measures.is_none()) {
        // An absent response fits a loss of fibres and a block below the stimulus alike, and a
        // technical failure looks the same: it is not graded, and not named axon loss.
        let site_name = nerve.sites.first().map_or("the distal site", |site| site.name.as_str());
        let muscle = if nerve.kind == NerveConductionKind::Motor { "'s muscle" } else { "" };
        let mut basis = vec![
            format!("No response rose above the noise at {site_name}."),
            "Severity is not graded from an absent response alone: a stimulus or electrode failure looks the same; the other studies of the nerve and its muscles tell.".to_string(),
        ];
        let mut sources = vec![AXON_DEMYELINATION_SOURCE];
        if nerve.kind.is_sensory() && matches!(nerve.nerve, Nerve::Sural | Nerve::SuperficialPeroneal) {
            basis.push("In people over 40, small or absent sural and superficial peroneal responses should not necessarily be read as abnormal.".into());
            sources.push(LOWER_LIMB_SNAP_AGE_SOURCE);
        }
        return Some(
            Finding::abnormal(format!("{name}: no response from {site_name}; consistent with severe loss of conducting fibres or a block distal to the stimulation site, if the recording was sound."))
                .basis(basis)
                .sources(sources)
                .plain(en::finding_no_response(&nerve_word(nerve), muscle))
                .category(NerveCategory::Indeterminate),
        );
    }
    if flags.flags.is_empty() {
        return Some(
            Finding::not_abnormal(format!("{name}: measured, but no reference limit of the chosen profile applies, so the values are not labelled normal or abnormal."))
                .basis(flags.notes.clone())
                .plain(en::finding_no_range(&nerve_word(nerve)))
                .category(NerveCategory::Indeterminate),
        );
    }
    None
}

/// The motor study's values in the EFNS/PNS demyelinating range, I-A then I-B by segment, in
/// words; empty when none is (and for sensory studies, which `efns` gives no parameter).
fn demyelinating_range(nerve: &NerveConduction, flags: &NerveFlags, efns: &EfnsParameters) -> Vec<String> {
    let distal_latency = efns.of(EfnsParameter::DistalLatency).filter_map(|met| {
        let flag = flags.get(met.place, Measure::DistalOnsetLatency)?;
        Some(format!(
            "Distal latency {} ms is {:.0} % of the upper limit {} ms (EFNS/PNS I-A: at least 150 %).",
            display::latency_ms(flag.value.unwrap_or(f64::NAN)),
            met.value,
            flag.limit.bound.value()
        ))
    });
    let velocities = efns.of(EfnsParameter::Velocity).filter_map(|met| {
        let Place::Segment(segment_idx) = met.place else { return None };
        let flag = flags.get(met.place, Measure::ConductionVelocity)?;
        Some(format!(
            "{} velocity {} m/s is {:.0} % of the lower limit {} m/s (EFNS/PNS I-B: at most 70 %).",
            segment_name(nerve, segment_idx),
            display::velocity_m_per_s(flag.value.unwrap_or(f64::NAN)),
            met.value,
            flag.limit.bound.value()
        ))
    });
    distal_latency.chain(velocities).collect()
}

/// A reduced distal amplitude, read as axon loss, or as secondary axon loss or distal block
/// alongside demyelinating features.
fn reduced_amplitude(
    flag: &Flag,
    is_motor: bool,
    in_demyelinating_range: bool,
    name: &str,
    plain_nerve: &str,
) -> Finding {
    let (value, unit) = display::amplitude(flag.value.unwrap_or(0.0), is_motor);
    let (limit, _) = display::amplitude(flag.limit.bound.value(), is_motor);
    let statement = if in_demyelinating_range {
        format!("{name}: reduced amplitude ({value} {unit}, lower limit {limit} {unit}) alongside demyelinating features; consistent with secondary axon loss or distal block.")
    } else if is_motor {
        format!("{name}: reduced distal amplitude ({value} {unit}, lower limit {limit} {unit}) with velocities outside the demyelinating range; consistent with axon loss.")
    } else {
        format!("{name}: reduced sensory amplitude ({value} {unit}, lower limit {limit} {unit}); consistent with loss of sensory axons.")
    };
    Finding::abnormal(statement)
        .basis([format!("Amplitude {value} {unit} against a lower limit of {limit} {unit}.")])
        .sources([flag.limit.source.clone(), AXON_DEMYELINATION_SOURCE.into()])
        .plain(en::finding_smaller(plain_nerve))
        .category(NerveCategory::AxonLoss)
}

/// Slowing outside normal limits but short of the demyelinating range, which fits both patterns
/// of the JNNP table: a preserved amplitude points to demyelination, with a small one it stays
/// undecided. `None` when no latency or velocity is abnormal.
fn slowing(flags: &NerveFlags, name: &str, plain_nerve: &str) -> Option<Finding> {
    let mut basis: Vec<String> = flags
        .flags
        .iter()
        .filter(|flag| {
            flag.is_abnormal
                && matches!(
                    flag.measure,
                    Measure::DistalOnsetLatency | Measure::DistalPeakLatency | Measure::ConductionVelocity
                )
        })
        .map(|flag| format!("{}.", capitalise(&flag.describe())))
        .collect();
    if basis.is_empty() {
        return None;
    }
    let amplitude = flags.get(Place::Site(0), Measure::DistalAmplitude);
    let (category, reading) = match amplitude {
        Some(flag) if !flag.is_abnormal => (
            NerveCategory::DemyelinatingFeatures,
            "With a normal amplitude the slowing is not explained by axon loss (axon loss against demyelination table).",
        ),
        Some(_) => (
            NerveCategory::Indeterminate,
            "With a reduced amplitude the slowing fits the loss of the fastest fibres and demyelination alike (axon loss against demyelination table).",
        ),
        None => (NerveCategory::Indeterminate, "The amplitude is not labelled, so axon loss and demyelination cannot be told apart."),
    };
    basis.push(reading.into());
    Some(
        Finding::abnormal(format!("{name}: slowing outside normal limits but not in the demyelinating range; consistent with focal or mild demyelination, or with loss of the fastest fibres."))
            .basis(basis)
            .sources(flags.flags.iter().filter(|flag| flag.is_abnormal).map(|flag| flag.limit.source.clone()).take(1))
            .plain(en::finding_somewhat_slower(plain_nerve))
            .category(category),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{review_demo, review_nerves};
    use crate::interpret::{NerveCategory, StudyReview};

    /// The categories of nerve `nerve_idx`'s findings.
    fn categories(review: &StudyReview, nerve_idx: usize) -> Vec<NerveCategory> {
        review.nerves[nerve_idx].findings.iter().map(|finding| finding.category.expect("per-nerve category")).collect()
    }

    #[test]
    fn every_nerve_finding_has_a_typed_category_and_study_findings_have_none() {
        use NerveCategory::*;
        // Median motor, ulnar motor, median digit 2, ulnar digit 5, median and ulnar digit 4.
        let review = review_demo("carpal-tunnel-moderate", |_| true);
        assert_eq!(categories(&review, 0), [DemyelinatingFeatures], "prolonged distal latency, normal CMAP");
        assert_eq!(categories(&review, 1), [Normal]);
        assert_eq!(categories(&review, 2), [AxonLoss, Indeterminate], "small SNAP, slowing with a small SNAP");
        assert_eq!(categories(&review, 4), [Indeterminate], "ring finger: no limit applies");
        assert!(review.findings.iter().all(|finding| finding.category.is_none()));

        let review = review_demo("ulnar-elbow-block", |_| true);
        assert!(categories(&review, 0).contains(&ConductionBlock), "{:?}", categories(&review, 0));
        let review = review_demo("axonal-polyneuropathy", |_| true);
        assert_eq!(categories(&review, 0), [AxonLoss], "small peroneal CMAP");
    }

    #[test]
    fn a_site_with_nothing_recorded_is_indeterminate_not_an_absent_response() {
        let mut median = crate::synth::ncs::NerveSpec::median_motor().simulate().study;
        median.sites[0].sweeps.clear();
        let review = review_nerves(vec![median]);
        let finding = &review.nerves[0].findings[0];
        assert_eq!(finding.category, Some(NerveCategory::Indeterminate));
        assert!(!finding.is_abnormal, "{}", finding.statement);
        assert!(finding.statement.contains("nothing was recorded from Wrist"), "{}", finding.statement);
    }

    #[test]
    fn an_absent_response_is_neither_graded_nor_named_axon_loss() {
        let mut median = crate::synth::ncs::NerveSpec::median_motor().simulate().study;
        for sweep in &mut median.sites[0].sweeps {
            sweep.samples.iter_mut().for_each(|sample| *sample = 0.0);
        }
        let review = review_nerves(vec![median]);
        let finding = &review.nerves[0].findings[0];
        assert!(finding.statement.contains("no response from Wrist"), "{}", finding.statement);
        assert_eq!(finding.category, Some(NerveCategory::Indeterminate), "loss of fibres or a block, alike");
        assert_eq!(finding.severity, None);
        assert!(finding.is_abnormal);
    }
}
