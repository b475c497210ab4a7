//! A whole study reviewed at once: every nerve analysed, flagged against a profile, and
//! interpreted, plus the study-wide findings. The entry point for the app, the CLI and tests.

use super::comparisons::{compare_nerves, Comparison, ComparisonKind};
use super::findings::{efns_parameters, nerve_findings, study_findings, Finding, NerveReview};
use super::flags::{flag_nerve, NerveFlags};
use super::profiles::ReferenceProfile;
use crate::model::{NerveConduction, Patient};
use crate::ncs::{analyse_nerve, NerveAnalysis, StudyAdjustments};

/// One nerve of a reviewed study.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewedNerve {
    /// Its measurements, at the markers and corrections the review was asked for.
    pub analysis: NerveAnalysis,
    /// Its values against the profile, with notes on what could not be labelled and why.
    pub flags: NerveFlags,
    /// What its measurements are consistent with: one finding or more.
    pub findings: Vec<Finding>,
}

/// Every nerve of a study measured, flagged and interpreted, with the findings across nerves.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyReview {
    /// Per nerve conduction study, in study order.
    pub nerves: Vec<ReviewedNerve>,
    /// Findings across nerves: entrapments, the EFNS/PNS criteria, polyneuropathy, and the
    /// comparisons beyond their limits.
    pub findings: Vec<Finding>,
    /// Side-to-side and median-against-ulnar comparisons.
    pub comparisons: Vec<Comparison>,
}

impl StudyReview {
    /// The findings a study's summary lists: the study-wide findings and every abnormal nerve
    /// finding; in a study with nothing abnormal, every nerve's finding as well, so each nerve
    /// is seen to be within normal limits.
    pub fn findings_to_show(&self) -> Vec<Finding> {
        let study_wide = self.findings.iter();
        let per_nerve = || self.nerves.iter().flat_map(|nerve| &nerve.findings);
        let abnormal: Vec<Finding> =
            study_wide.clone().chain(per_nerve().filter(|finding| finding.is_abnormal)).cloned().collect();
        if abnormal.iter().any(|finding| finding.is_abnormal) {
            abnormal
        } else {
            study_wide.chain(per_nerve()).cloned().collect()
        }
    }
}

/// Reviews the nerve conduction studies `nerves` against `profile`, for `patient` (whose age and
/// height choose the banded limits): every nerve analysed as saved in the study, or at the
/// markers and late-response corrections `adjustments` gives (see [`StudyAdjustments`]), then
/// flagged and interpreted, with the study-wide findings and comparisons.
pub fn review_study(
    nerves: &[NerveConduction],
    adjustments: StudyAdjustments<'_>,
    profile: &ReferenceProfile,
    patient: &Patient,
) -> StudyReview {
    let analyses: Vec<NerveAnalysis> = nerves
        .iter()
        .enumerate()
        .map(|(nerve_idx, nerve)| analyse_nerve(nerve, adjustments.for_nerve(nerve_idx)))
        .collect();
    let flags: Vec<NerveFlags> =
        nerves.iter().zip(&analyses).map(|(nerve, analysis)| flag_nerve(nerve, analysis, profile, patient)).collect();
    let reviews: Vec<NerveReview<'_>> = nerves
        .iter()
        .zip(&analyses)
        .zip(&flags)
        .map(|((nerve, analysis), flags)| NerveReview { nerve, analysis, flags })
        .collect();
    let comparisons = compare_nerves(nerves, &analyses);
    let efns = efns_parameters(&reviews);
    let mut findings = study_findings(&reviews, &efns, &comparisons);
    findings.extend(comparison_findings(&comparisons));
    let nerve_findings: Vec<Vec<Finding>> =
        reviews.iter().zip(&efns).map(|(review, efns)| nerve_findings(*review, efns)).collect();
    let nerves = analyses
        .into_iter()
        .zip(flags)
        .zip(nerve_findings)
        .map(|((analysis, flags), findings)| ReviewedNerve { analysis, flags, findings })
        .collect();
    StudyReview { nerves, findings, comparisons }
}

/// A finding for each comparison beyond its limit.
fn comparison_findings(comparisons: &[Comparison]) -> Vec<Finding> {
    comparisons
        .iter()
        .filter(|comparison| comparison.is_abnormal == Some(true))
        .map(|comparison| {
            let is_median_ulnar = matches!(comparison.kind, ComparisonKind::MedianAgainstUlnar(_));
            let difference = match comparison.difference_unit {
                "ms" => format!("{:.2} ms", comparison.difference),
                "%" => format!("{:.0} %", comparison.difference),
                _ => format!("{:.2}", comparison.difference),
            };
            let limit = comparison.limit.as_ref().map_or(String::new(), |(limit, _)| format!(" (normal: {limit})"));
            let (meaning, plain) = if is_median_ulnar {
                (
                    "consistent with median neuropathy at the wrist (carpal tunnel syndrome)",
                    crate::interpret::patient::en::FINDING_MEDIAN_AGAINST_ULNAR,
                )
            } else {
                (
                    "consistent with a problem of this nerve on one side",
                    crate::interpret::patient::en::FINDING_SIDES_DIFFER,
                )
            };
            Finding::abnormal(format!(
                "{}: {} differs by {difference}{limit}; {meaning}.",
                comparison.title, comparison.measure
            ))
            .basis([format!(
                "{} {:.2}, {} {:.2} {}.",
                comparison.first.0, comparison.first.1, comparison.second.0, comparison.second.1, comparison.unit
            )])
            .sources(comparison.limit.iter().map(|(_, source)| source.to_string()))
            .plain(plain)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::builtin_profiles;

    fn reviewed_demo(id: &str) -> StudyReview {
        let study = crate::synth::demos::build(id).unwrap();
        review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient)
    }

    #[test]
    fn a_normal_study_lists_every_nerve_and_an_abnormal_one_what_is_abnormal() {
        let normal = reviewed_demo("upper-limb-normal");
        let shown = normal.findings_to_show();
        assert!(!shown.iter().any(|finding| finding.is_abnormal));
        assert!(shown.len() >= normal.nerves.len(), "each nerve is seen to be within normal limits");

        let carpal_tunnel = reviewed_demo("carpal-tunnel-moderate");
        let shown = carpal_tunnel.findings_to_show();
        let normal_nerve_findings =
            carpal_tunnel.nerves.iter().flat_map(|nerve| &nerve.findings).filter(|finding| !finding.is_abnormal);
        assert!(normal_nerve_findings.clone().count() > 0, "the ulnar studies are normal");
        assert!(normal_nerve_findings.into_iter().all(|finding| !shown.contains(finding)));
        assert!(shown.iter().any(|finding| finding.statement.contains("carpal tunnel")));
    }
}
