//! `edx report`: the whole study as the printable HTML report (`interpret::report`), built from
//! the same core text as the app's, so the two never disagree.

use std::path::PathBuf;

use edx_core::interpret::report::{html, ReportParts};

use crate::whole_study::WholeStudy;

/// Writes the report of the study the files in `paths` make, judged against `profile`, with
/// the physician's `reason_for_study` and `comment` (else those the study file keeps), to
/// standard output.
pub fn run(
    paths: &[PathBuf],
    profile: Option<&str>,
    reason_for_study: Option<&str>,
    comment: Option<&str>,
) -> Result<(), String> {
    let whole = WholeStudy::open(paths, profile)?;
    let comment = comment.or(whole.study.comment.as_deref());
    let reason_for_study = reason_for_study.or(whole.study.reason_for_study.as_deref());
    print!(
        "{}",
        html(&ReportParts {
            study: &whole.study,
            review: &whole.review,
            profile: &whole.profile,
            table: &whole.table,
            localisation: &whole.localisation,
            reason_for_study,
            comment
        })
    );
    Ok(())
}
