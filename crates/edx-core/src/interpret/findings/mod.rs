//! Findings: what the measurements of each nerve, and of the study as a whole, are consistent
//! with. Each finding lists the measurements and the rule it rests on, with the rule's source,
//! and a plain-language sentence for the patient. Wording is "consistent with", never a
//! diagnosis (domain.md §6).
//!
//! [`efns_parameters`] evaluates the EFNS/PNS demyelination parameters once per study;
//! [`nerve_findings`] and [`study_findings`] read that evaluation. One module per kind of
//! finding:
//!
//! - `nerve`: one nerve's pattern (axon loss, demyelinating features, normal), with `block`
//!   for conduction block and temporal dispersion between two sites and `late` for F waves and
//!   H reflexes;
//! - `carpal_tunnel` and `across_joint`: the entrapments (wrist, elbow, fibular head);
//! - `efns` (the parameters) and `efns_level` (the level they reach): the EFNS/PNS criteria;
//! - `polyneuropathy`: a length-dependent pattern across the legs and arms;
//! - `wording`: the helpers the statements share.

pub(crate) mod across_joint;
mod block;
mod carpal_tunnel;
mod efns;
mod efns_level;
mod late;
mod nerve;
mod polyneuropathy;
#[cfg(test)]
mod test_support;
mod wording;

pub use efns::{efns_parameters, EfnsParameters};
pub use efns_level::EfnsLevel;
pub use nerve::nerve_findings;

use super::comparisons::Comparison;
use super::flags::NerveFlags;
use crate::model::NerveConduction;
use crate::ncs::NerveAnalysis;

/// One nerve with its analysis and flags: what findings are drawn from.
#[derive(Debug, Clone, Copy)]
pub struct NerveReview<'a> {
    /// The nerve conduction study: nerve, side, kind and the sites with their sweeps.
    pub nerve: &'a NerveConduction,
    /// Its measurements, at the markers and corrections the review was asked for.
    pub analysis: &'a NerveAnalysis,
    /// Its values against the chosen profile.
    pub flags: &'a NerveFlags,
}

impl NerveReview<'_> {
    /// Whether any value is outside its limit or the distal response is absent.
    fn is_abnormal(&self) -> bool {
        self.flags.any_abnormal() || self.analysis.sites.first().is_some_and(|site| site.measures.is_none())
    }
}

/// How severe a finding is, where a published grading gives it (Bland's carpal tunnel grades);
/// an absent response alone is not graded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The least grade of abnormality: Bland grades 1 and 2.
    Mild,
    /// Bland grade 3: a prolonged distal motor latency with a sensory response still present.
    Moderate,
    /// Bland grades 4 to 6: few fibres, or none, conduct.
    Severe,
}

impl Severity {
    /// The word a report prints for the severity, in lower case.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Mild => "mild",
            Severity::Moderate => "moderate",
            Severity::Severe => "severe",
        }
    }
}

/// What one nerve's finding shows: the per-nerve patterns of the axon loss against
/// demyelination table (JNNP, domain.md §3.1), a conduction block, or nothing that can be judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NerveCategory {
    /// Every value within the limits that apply.
    Normal,
    /// Small or absent responses with velocities outside the demyelinating range: loss of
    /// conducting axons.
    AxonLoss,
    /// Slowing, prolonged latencies or temporal dispersion with preserved amplitudes.
    DemyelinatingFeatures,
    /// A drop of the response between two sites that meets a definition of conduction block.
    ConductionBlock,
    /// The measurements cannot be judged: no limit of the profile applies, nothing was recorded,
    /// or the pattern fits axon loss and demyelination alike.
    Indeterminate,
}

impl NerveCategory {
    /// The category in words, as a report heads it.
    pub fn label(self) -> &'static str {
        match self {
            NerveCategory::Normal => "normal",
            NerveCategory::AxonLoss => "axon loss",
            NerveCategory::DemyelinatingFeatures => "demyelinating features",
            NerveCategory::ConductionBlock => "conduction block",
            NerveCategory::Indeterminate => "indeterminate",
        }
    }
}

/// What a nerve, or the study, is consistent with, with what it rests on and a sentence for the
/// patient.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The statement, worded "consistent with".
    pub statement: String,
    /// Whether it describes something outside normal limits.
    pub is_abnormal: bool,
    /// The measurements and the rule it rests on.
    pub basis: Vec<String>,
    /// Sources of the rules.
    pub sources: Vec<String>,
    /// The finding in plain language for the patient.
    pub plain_language: String,
    /// Severity, where a published grading gives one.
    pub severity: Option<Severity>,
    /// For a finding about one nerve, what it shows; `None` for findings across the study.
    pub category: Option<NerveCategory>,
    /// For a finding about conduction across a site where a nerve is commonly compressed, the
    /// site (as `interpret::localise::NERVE_SITES` names it) and the side.
    pub compression_site: Option<(&'static str, crate::model::Side)>,
    /// For the study-wide EFNS/PNS finding, what it found, as data.
    pub demyelination: Option<Demyelination>,
}

/// What the EFNS/PNS electrodiagnostic criteria for demyelination found across the study,
/// compression sites excluded.
#[derive(Debug, Clone, PartialEq)]
pub struct Demyelination {
    /// The level reached (`None`: a probable block in one nerve only, short of any level).
    pub level: Option<EfnsLevel>,
    /// The motor nerves meeting at least one parameter, with their sides.
    pub nerves: Vec<(crate::model::Nerve, crate::model::Side)>,
}

impl Finding {
    /// A finding outside normal limits, with nothing else said yet.
    pub(crate) fn abnormal(statement: impl Into<String>) -> Finding {
        Finding { is_abnormal: true, ..Finding::not_abnormal(statement) }
    }

    /// A finding within normal limits, or one that cannot be labelled either way.
    pub(crate) fn not_abnormal(statement: impl Into<String>) -> Finding {
        Finding {
            statement: statement.into(),
            is_abnormal: false,
            basis: Vec::new(),
            sources: Vec::new(),
            plain_language: String::new(),
            severity: None,
            category: None,
            compression_site: None,
            demyelination: None,
        }
    }

    /// With these measurements and rules as its basis.
    pub(crate) fn basis(self, basis: impl IntoIterator<Item = impl Into<String>>) -> Finding {
        Finding { basis: basis.into_iter().map(Into::into).collect(), ..self }
    }

    /// With these sources of its rules.
    pub(crate) fn sources(self, sources: impl IntoIterator<Item = impl Into<String>>) -> Finding {
        Finding { sources: sources.into_iter().map(Into::into).collect(), ..self }
    }

    /// With this sentence for the patient.
    pub(crate) fn plain(self, plain_language: impl Into<String>) -> Finding {
        Finding { plain_language: plain_language.into(), ..self }
    }

    /// With the severity a published grading gives it.
    pub(crate) fn severity(self, severity: Severity) -> Finding {
        Finding { severity: Some(severity), ..self }
    }

    /// As a finding about conduction across compression site `site` on `side`.
    pub(crate) fn at_compression_site(self, site: &'static str, side: crate::model::Side) -> Finding {
        Finding { compression_site: Some((site, side)), ..self }
    }

    /// As the finding of the EFNS/PNS criteria, which found `demyelination`.
    pub(crate) fn demyelination(self, demyelination: Demyelination) -> Finding {
        Finding { demyelination: Some(demyelination), ..self }
    }

    /// As a finding about one nerve, showing `category`.
    pub(crate) fn category(self, category: NerveCategory) -> Finding {
        Finding { category: Some(category), ..self }
    }
}

/// The EFNS/PNS CIDP guideline, source of the demyelination parameters and block definitions.
const EFNS_SOURCE: &str =
    "EFNS/PNS CIDP guideline 2010, electrodiagnostic criteria as tabulated in PMC8108415, table 2";
/// The table of NCS patterns with axon loss and with demyelination behind the per-nerve reading.
const AXON_DEMYELINATION_SOURCE: &str =
    "Typical NCS abnormalities with axon loss or demyelination, JNNP table (probably Mallik & Weir 2005)";

/// Findings across the study: entrapment patterns (carpal tunnel grading uses the
/// median-against-ulnar `comparisons`), the EFNS/PNS criteria (from `efns`, one entry per review,
/// see [`efns_parameters`]) and polyneuropathy.
pub fn study_findings(
    reviews: &[NerveReview<'_>],
    efns: &[EfnsParameters],
    comparisons: &[Comparison],
) -> Vec<Finding> {
    let efns_nerves = efns_level::efns_nerves(reviews, efns);
    let mut findings = Vec::new();
    findings.extend(carpal_tunnel::carpal_tunnel(reviews, comparisons));
    findings.extend(across_joint::ulnar_at_elbow(reviews));
    findings.extend(across_joint::peroneal_at_fibular_head(reviews));
    findings.extend(efns_level::efns_demyelination(&efns_nerves));
    findings.extend(polyneuropathy::polyneuropathy(reviews, &efns_nerves));
    findings
}
