//! Helpers the findings' tests share: demos and hand-built studies reviewed against the default
//! profile, and the findings picked from the review.

use crate::interpret::{builtin_profiles, review_study, Finding, StudyReview};
use crate::model::{NerveConduction, Patient, Study};
use crate::ncs::StudyAdjustments;

/// The demo `id` reviewed against the default profile, keeping only the nerves `keep` accepts.
pub(super) fn review_demo(id: &str, keep: impl Fn(&NerveConduction) -> bool) -> StudyReview {
    let mut study = crate::synth::demos::build(id).expect("demo");
    study.nerve_conductions.retain(|nerve| keep(nerve));
    review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient)
}

/// The study-wide finding whose statement contains `text`.
#[track_caller]
pub(super) fn study_finding<'a>(review: &'a StudyReview, text: &str) -> &'a Finding {
    review.findings.iter().find(|finding| finding.statement.contains(text)).unwrap_or_else(|| {
        panic!(
            "no study finding contains {text:?}: {:#?}",
            review.findings.iter().map(|f| &f.statement).collect::<Vec<_>>()
        )
    })
}

/// A study of `nerve_conductions` alone reviewed against the default profile.
pub(super) fn review_nerves(nerve_conductions: Vec<NerveConduction>) -> StudyReview {
    let study = Study {
        title: "test".into(),
        recordings: Vec::new(),
        nerve_conductions,
        reference_profile: None,
        patient: Patient::default(),
        needle_examination: Default::default(),
        reason_for_study: None,
        comment: None,
        needle_unit_markers: Vec::new(),
    };
    review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient)
}

/// The statements of every nerve's findings.
pub(super) fn nerve_statements(review: &StudyReview) -> Vec<String> {
    review.nerves.iter().flat_map(|nerve| &nerve.findings).map(|finding| finding.statement.clone()).collect()
}
