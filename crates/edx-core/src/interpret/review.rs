//! A whole study reviewed at once: every nerve analysed, flagged against a profile, and
//! interpreted, plus the study-wide findings. The entry point for the app, the CLI and tests.

use super::findings::{nerve_findings, study_findings, Finding, NerveReview};
use super::flags::{flag_nerve, NerveFlags};
use super::profiles::ReferenceProfile;
use crate::model::{NerveConduction, Study};
use crate::ncs::{analyse_nerve, analyse_nerve_with, NerveAnalysis, ResponseMarkers};

/// One nerve of a reviewed study.
#[derive(Debug, Clone, PartialEq)]
pub struct ReviewedNerve {
    /// Its measurements.
    pub analysis: NerveAnalysis,
    /// Its values against the profile.
    pub flags: NerveFlags,
    /// What they are consistent with.
    pub findings: Vec<Finding>,
}

/// A reviewed study.
#[derive(Debug, Clone, PartialEq)]
pub struct StudyReview {
    /// Per nerve conduction study, in study order.
    pub nerves: Vec<ReviewedNerve>,
    /// Findings across nerves.
    pub findings: Vec<Finding>,
}

/// Reviews every nerve of `study` with automatic markers against `profile`.
pub fn review_study(study: &Study, profile: &ReferenceProfile) -> StudyReview {
    let analyses: Vec<NerveAnalysis> = study.nerve_conductions.iter().map(analyse_nerve).collect();
    review_analyses(&study.nerve_conductions, analyses, profile)
}

/// Reviews the nerves with the markers given per nerve and site (as the user left them).
pub fn review_with_markers(
    nerves: &[NerveConduction],
    markers: &[Vec<Option<ResponseMarkers>>],
    profile: &ReferenceProfile,
) -> StudyReview {
    let analyses = nerves.iter().zip(markers).map(|(nerve, markers)| analyse_nerve_with(nerve, markers)).collect();
    review_analyses(nerves, analyses, profile)
}

fn review_analyses(
    nerves: &[NerveConduction],
    analyses: Vec<NerveAnalysis>,
    profile: &ReferenceProfile,
) -> StudyReview {
    let flags: Vec<NerveFlags> =
        nerves.iter().zip(&analyses).map(|(nerve, analysis)| flag_nerve(nerve, analysis, profile)).collect();
    let reviews: Vec<NerveReview<'_>> = nerves
        .iter()
        .zip(&analyses)
        .zip(&flags)
        .map(|((nerve, analysis), flags)| NerveReview { nerve, analysis, flags })
        .collect();
    let findings = study_findings(&reviews);
    let nerve_findings: Vec<Vec<Finding>> = reviews.iter().map(|review| nerve_findings(*review)).collect();
    let nerves = analyses
        .into_iter()
        .zip(flags)
        .zip(nerve_findings)
        .map(|((analysis, flags), findings)| ReviewedNerve { analysis, flags, findings })
        .collect();
    StudyReview { nerves, findings }
}
