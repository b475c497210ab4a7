//! The page's components, each named for what a clinician sees.

pub mod demo_list;
pub mod late_responses;
pub mod left_right;
pub mod nerve_study;
pub mod opened_files;
pub mod profile_chooser;
pub mod study_view;
