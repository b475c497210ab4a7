//! The study exports of `edx export`: every measurement as CSV, the needle examination table as
//! CSV, the study file, and the nerve conduction sweeps as EDF+D in edxview's convention. Each
//! is made by the same core function the app's downloads call.

use std::path::PathBuf;

use edx_core::formats::{ncs_edf, study_file};
use edx_core::interpret::export::{measurements_csv, needle_table_csv};

use crate::whole_study::WholeStudy;

/// What to export of a study.
#[derive(Debug, Clone, PartialEq)]
pub enum StudyExport {
    /// Every measurement as CSV, on standard output.
    Measurements,
    /// The needle examination table as CSV, on standard output.
    NeedleTable,
    /// The study file (JSON), on standard output.
    StudyFile,
    /// The nerve conduction sweeps as EDF+D, to this file.
    NerveConductionsEdf(PathBuf),
}

/// Exports `what` of the study the files in `paths` make, judged against `profile`.
pub fn run(paths: &[PathBuf], what: &StudyExport, profile: Option<&str>) -> Result<(), String> {
    let whole = WholeStudy::open(paths, profile)?;
    match what {
        StudyExport::Measurements => {
            print!("{}", measurements_csv(&whole.study, &whole.review, &whole.needle, &whole.table));
        }
        StudyExport::NeedleTable => print!("{}", needle_table_csv(&whole.table)),
        StudyExport::StudyFile => {
            let markers: Vec<Vec<_>> = whole
                .review
                .nerves
                .iter()
                .map(|nerve| nerve.analysis.sites.iter().map(|site| site.markers).collect())
                .collect();
            let mut study = whole.study.clone();
            study.needle_examination = whole.table.clone();
            println!("{}", study_file::write(&study, &markers, &whole.profile.id));
        }
        StudyExport::NerveConductionsEdf(path) => {
            if whole.study.nerve_conductions.is_empty() {
                return Err("the files hold no nerve conduction study to write as EDF+D".into());
            }
            // The patient field stays anonymous ("X X X X"): an export names nobody.
            let bytes = ncs_edf::write_as(
                ncs_edf::DataFormat::Edf,
                &whole.study.nerve_conductions,
                &whole.study.patient,
                "X X X X",
                "edxview_export",
            )
            .ok_or("the study's sweeps do not share one sampling rate, which one EDF+D file needs")?;
            std::fs::write(path, bytes).map_err(|error| format!("{}: {error}", path.display()))?;
        }
    }
    Ok(())
}
