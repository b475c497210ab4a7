//! Interpretation: values held against cited reference profiles, and findings worded
//! "consistent with", never as a diagnosis. Every limit and criterion cites its source.

pub mod comparisons;
pub mod criteria;
pub mod export;
pub mod findings;
pub mod flags;
pub mod localise;
pub mod patient;
pub mod profiles;
pub mod report;
pub mod review;

pub use comparisons::{Comparison, ComparisonKind};
pub use findings::{
    efns_parameters, nerve_findings, study_findings, EfnsParameters, Finding, NerveCategory, NerveReview, Severity,
};
pub use flags::{flag_nerve, Flag, NerveFlags, Place};
pub use profiles::{builtin_profiles, Band, Bound, Evidence, Filters, Limit, Measure, ReferenceProfile};
pub use review::{review_study, ReviewedNerve, StudyReview};
