//! `edx report`: the whole study as the printable HTML report (`interpret::report`), built from
//! the same core text as the app's, so the two never disagree.

use std::path::PathBuf;

use edx_core::interpret::localise::localise;
use edx_core::interpret::report::{html, ReportParts};
use edx_core::interpret::review_study;
use edx_core::model::Study;
use edx_core::ncs::StudyAdjustments;

/// Writes the report of the study the files in `paths` make, judged against `profile`, with
/// the physician's `comment`, to standard output.
pub fn run(paths: &[PathBuf], profile: Option<&str>, comment: Option<&str>) -> Result<(), String> {
    let profile = crate::analyze::choose_profile(profile)?;
    let mut studies = Vec::new();
    for result in crate::load::read_studies(paths)? {
        studies.push(result.map_err(|error| error.to_string())?);
    }
    if studies.is_empty() {
        return Err("the files hold no study to report".into());
    }
    let study = Study::merge(studies);
    let review = review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &profile, &study.patient);
    let (_, _, table) = crate::needle_report::of(&study);
    let localisation = localise(&table, &study.nerve_conductions, &review);
    print!(
        "{}",
        html(&ReportParts {
            study: &study,
            review: &review,
            profile: &profile,
            table: &table,
            localisation: &localisation,
            comment
        })
    );
    Ok(())
}
