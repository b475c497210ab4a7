//! The study a set of files makes, reviewed as the app reviews it as it opens: the nerve
//! conductions at their saved or automatic markers against a profile, every needle channel
//! analysed into the needle examination table, and the study's localisation. `edx report` and
//! the study exports of `edx export` start from it.

use std::path::PathBuf;

use edx_core::interpret::localise::{localise, Localisation};
use edx_core::interpret::{review_study, ReferenceProfile, StudyReview};
use edx_core::model::{NeedleExamination, Study};
use edx_core::ncs::StudyAdjustments;
use edx_core::needle::NeedleChannel;

/// A study with everything the report and the exports are made of.
pub struct WholeStudy {
    /// The files' study, merged.
    pub study: Study,
    /// The normal limits the values are judged against.
    pub profile: ReferenceProfile,
    /// The nerve conductions measured and judged.
    pub review: StudyReview,
    /// Every needle channel with its analysis.
    pub needle: Vec<NeedleChannel>,
    /// The needle examination table: typed rows and analysed ones.
    pub table: NeedleExamination,
    /// Where the study points.
    pub localisation: Localisation,
}

impl WholeStudy {
    /// Reads the files in `paths` as one study and reviews it against `profile` (a built-in
    /// profile's identifier or a profile file; the first built-in one when `None`).
    pub fn open(paths: &[PathBuf], profile: Option<&str>) -> Result<WholeStudy, String> {
        let profile = crate::analyze::choose_profile(profile)?;
        let mut studies = Vec::new();
        for result in crate::load::read_studies(paths)? {
            studies.push(result.map_err(|error| error.to_string())?);
        }
        if studies.is_empty() {
            return Err("the files hold no study".into());
        }
        let study = Study::merge(studies);
        let review = review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &profile, &study.patient);
        let findings = crate::needle_report::of(&study);
        let localisation = localise(&findings.table, &study.nerve_conductions, &review);
        Ok(WholeStudy { study, profile, review, needle: findings.channels, table: findings.table, localisation })
    }
}
