//! The page's components, each named for what a clinician sees.

pub mod body_figure;
pub mod demo_list;
pub mod glossary;
pub mod impression;
pub mod needle_progress;
pub mod nerve_review;
pub mod opened_files;
pub mod patient_numbers;
pub mod preset_select;
pub mod profile_chooser;
pub mod report_download;
pub mod simulator;
pub mod study_list;
pub mod study_page;
pub mod study_save;
pub mod typed_report;
pub mod waiting_files;
