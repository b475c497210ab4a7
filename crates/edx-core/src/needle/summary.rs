//! The motor unit summary against a reference profile, and the needle pattern it is consistent
//! with, naming the numbers it rests on.

use super::decompose::MotorUnit;
use super::interference::{Recruitment, USUAL_RECRUITMENT_RATIO};
use super::spontaneous::{SpontaneousActivity, SpontaneousClass};
use crate::interpret::patient::en;
use crate::muscles::Muscle;

/// Mean motor unit values of a muscle, with their source. Limits are taken as mean ± 2 SD.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MuapReference {
    /// The muscle, e.g. "tibialis anterior".
    pub muscle: String,
    /// Mean and SD of the amplitude, µV.
    pub amplitude_uv: (f64, f64),
    /// Mean and SD of the duration, ms.
    pub duration_ms: (f64, f64),
    /// Upper limit of the share of polyphasic units, %.
    pub polyphasic_upper_pct: f64,
    /// Mean and SD of the phases.
    pub phases: (f64, f64),
    /// The published source of the values, cited wherever they are used.
    pub source: String,
}

/// Units a reference's means are taken to be means of (edxview's own assumption: domain.md's
/// tibialis anterior reference does not say how many units each subject's mean holds, and
/// multi-MUP analysis commonly collects about 20, the figure `MuapSummary` cites).
pub const REFERENCE_UNITS: usize = 20;
/// Fewest units from which the share of polyphasic units is compared (edxview's own: below it,
/// one unit moves the share by 10 % or more, against a limit of 35 %).
pub const MIN_UNITS_FOR_POLYPHASIA: usize = 10;

impl MuapReference {
    /// Lower limit (mean − 2 SD) of a (mean, SD) pair.
    pub fn lower(pair: (f64, f64)) -> f64 {
        pair.0 - 2.0 * pair.1
    }

    /// Upper limit (mean + 2 SD).
    pub fn upper(pair: (f64, f64)) -> f64 {
        pair.0 + 2.0 * pair.1
    }

    /// The lower and upper limits of a (mean, SD) pair for a mean of `n_units` units. The
    /// reference describes means of about [`REFERENCE_UNITS`]; a mean of fewer varies more, and
    /// its limits widen by √(20/n) (edxview's own: the whole SD taken as sampling variation, so
    /// a mean of four units is not read as abnormal by chance one time in four).
    pub fn limits_for(pair: (f64, f64), n_units: usize) -> (f64, f64) {
        let widening = (REFERENCE_UNITS as f64 / n_units.clamp(1, REFERENCE_UNITS) as f64).sqrt();
        (pair.0 - 2.0 * pair.1 * widening, pair.0 + 2.0 * pair.1 * widening)
    }
}

/// Tibialis anterior, multi-MUP analysis with a concentric needle (JNNP table, domain.md §4.2):
/// amplitude 661.5 ± 92 µV (ULN 845.5), duration 9.35 ± 0.93 ms (ULN 11.2), polyphasic units
/// ULN 35 %, phases 3.47 ± 0.36. The upper limits are the source's (mean + 2 SD); the lower
/// limits are derived the same way.
pub fn tibialis_anterior() -> MuapReference {
    MuapReference {
        muscle: "tibialis anterior".into(),
        amplitude_uv: (661.5, 92.0),
        duration_ms: (9.35, 0.93),
        polyphasic_upper_pct: 35.0,
        phases: (3.47, 0.36),
        source: "Tibialis anterior multi-MUP reference values, concentric needle (JNNP table; domain.md §4.2); lower limits derived as mean − 2 SD".into(),
    }
}

/// The reference that applies to `muscle`, if any: no global limit is applied to every muscle
/// (domain.md §0), and domain.md gives motor unit reference values for tibialis anterior only.
pub fn reference_for(muscle: &Muscle) -> Option<MuapReference> {
    (muscle.id == "tibialis_anterior").then(tibialis_anterior)
}

/// Means over the motor units.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MuapSummary {
    /// Units whose parameters could be measured (quantitative analysis usually collects 20).
    pub n_units: usize,
    /// Mean amplitude, µV.
    pub mean_amplitude_uv: f64,
    /// Mean duration, ms.
    pub mean_duration_ms: f64,
    /// Mean number of phases.
    pub mean_phases: f64,
    /// Mean number of turns.
    pub mean_turns: f64,
    /// Mean area, µV·ms.
    pub mean_area_uv_ms: f64,
    /// Polyphasic units, %.
    pub polyphasic_pct: f64,
}

/// The summary of the measured units, if any were measured.
pub fn summarise(units: &[MotorUnit]) -> Option<MuapSummary> {
    let measured: Vec<_> = units.iter().filter_map(|unit| unit.measures).collect();
    if measured.is_empty() {
        return None;
    }
    let n = measured.len() as f64;
    let mean = |value: fn(&super::muap::MuapMeasures) -> f64| measured.iter().map(value).sum::<f64>() / n;
    Some(MuapSummary {
        n_units: measured.len(),
        mean_amplitude_uv: mean(|measures| measures.amplitude_uv),
        mean_duration_ms: mean(|measures| measures.duration_ms),
        mean_phases: mean(|measures| measures.phases as f64),
        mean_turns: mean(|measures| measures.turns as f64),
        mean_area_uv_ms: mean(|measures| measures.area_uv_ms),
        polyphasic_pct: 100.0 * measured.iter().filter(|measures| measures.is_polyphasic()).count() as f64 / n,
    })
}

/// The pattern a muscle's motor unit potentials are consistent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum NeedlePattern {
    /// Large, long, polyphasic units (reinnervation), often with reduced recruitment.
    Neurogenic,
    /// Small, short, polyphasic units, often recruited early.
    Myopathic,
    /// Within the reference limits.
    Normal,
    /// No reference applies, too few units, or mixed features.
    Indeterminate,
}

impl NeedlePattern {
    /// Whether the pattern is one of disease (neurogenic or myopathic), which the findings mark
    /// as abnormal; a normal or indeterminate pattern is not.
    pub fn is_abnormal(self) -> bool {
        match self {
            NeedlePattern::Neurogenic | NeedlePattern::Myopathic => true,
            NeedlePattern::Normal | NeedlePattern::Indeterminate => false,
        }
    }
}

/// Whether damage looks ongoing, long-standing or both (domain.md §3.7 acute/chronic table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Acuity {
    /// Fibrillation potentials or positive sharp waves: fibres recently lost their nerve supply.
    Ongoing,
    /// Large, long units: surviving fibres have taken over (reinnervation).
    LongStanding,
    /// Both: signs at rest and large, long units.
    OngoingAndLongStanding,
}

impl Acuity {
    /// The words a report prints for this acuity, e.g. "long-standing".
    pub fn label(self) -> &'static str {
        match self {
            Acuity::Ongoing => "ongoing",
            Acuity::LongStanding => "long-standing",
            Acuity::OngoingAndLongStanding => "ongoing and long-standing",
        }
    }
}

/// The pattern and what it rests on.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PatternFinding {
    /// Which pattern the findings are consistent with.
    pub pattern: NeedlePattern,
    /// Worded "consistent with".
    pub statement: String,
    /// The numbers it rests on.
    pub basis: Vec<String>,
    /// The published sources of the reference values and rules it used.
    pub sources: Vec<String>,
    /// The finding in plain words, for the patient.
    pub plain_language: String,
    /// Ongoing or long-standing, where the signs say.
    pub acuity: Option<Acuity>,
}

/// Fewest units for the means to be read against a reference (quantitative MUAP analysis
/// usually collects 20; fewer is reported with that caveat).
pub(crate) const MIN_UNITS_FOR_PATTERN: usize = 3;

/// Motor unit potentials have little content above 2 kHz, but their spikes lose amplitude when
/// the bandwidth is cut much lower, and reference values are measured with a 10 kHz
/// high-frequency filter (Norwegian KNF guideline, domain.md §7). A recording whose bandwidth
/// (half its sampling rate) is below this is measured but not read against a reference, Hz.
pub const MIN_BANDWIDTH_FOR_REFERENCE_HZ: f64 = 5_000.0;

/// The pattern from the units, spontaneous activity and recruitment of a recording sampled at
/// `sampling_rate_hz`.
pub fn pattern(
    summary: Option<&MuapSummary>,
    spontaneous: &SpontaneousActivity,
    recruitment: &Recruitment,
    reference: Option<&MuapReference>,
    sampling_rate_hz: f64,
) -> PatternFinding {
    let denervation = spontaneous
        .potentials
        .iter()
        .filter(|potential| {
            matches!(potential.class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave)
        })
        .count();
    let mut basis = Vec::new();
    let mut sources = Vec::new();
    if denervation > 0 {
        basis.push(format!(
            "{denervation} fibrillation potentials or positive sharp waves at rest ({} trains).",
            spontaneous.grade.as_ref().map_or(0, |grade| grade.n_trains)
        ));
    }
    if let Some(ratio) = recruitment.recruitment_ratio {
        basis.push(format!(
            "Recruitment ratio {ratio:.1} (highest firing rate over active units; about {} expected).",
            crate::display::trimmed(USUAL_RECRUITMENT_RATIO)
        ));
    }
    let Some(reference) = reference else {
        basis.push(
            "No motor unit reference values apply to this muscle, so the units are measured but not labelled.".into(),
        );
        return indeterminate(
            "Motor unit potentials measured; no reference values apply to this muscle, so no pattern is labelled.",
            en::NEEDLE_NO_RANGE,
            (basis, sources),
            denervation,
        );
    };
    sources.push(reference.source.clone());
    if sampling_rate_hz / 2.0 < MIN_BANDWIDTH_FOR_REFERENCE_HZ {
        return narrow_band_pattern(summary, reference, sampling_rate_hz, denervation, basis, sources);
    }
    let Some(summary) = summary.filter(|summary| summary.n_units >= MIN_UNITS_FOR_PATTERN) else {
        return too_few_units(basis, sources, denervation);
    };
    let (amplitude_lower, amplitude_upper) = MuapReference::limits_for(reference.amplitude_uv, summary.n_units);
    let (duration_lower, duration_upper) = MuapReference::limits_for(reference.duration_ms, summary.n_units);
    let amplitude_high = summary.mean_amplitude_uv > amplitude_upper;
    let amplitude_low = summary.mean_amplitude_uv < amplitude_lower;
    let duration_long = summary.mean_duration_ms > duration_upper;
    let duration_short = summary.mean_duration_ms < duration_lower;
    let polyphasic =
        summary.n_units >= MIN_UNITS_FOR_POLYPHASIA && summary.polyphasic_pct > reference.polyphasic_upper_pct;
    basis.push(format!(
        "{} units: mean amplitude {:.0} µV (reference {:.0}–{:.0}), mean duration {:.1} ms (reference {:.1}–{:.1}), {:.0} % polyphasic (upper limit {:.0} %).",
        summary.n_units,
        summary.mean_amplitude_uv,
        amplitude_lower,
        amplitude_upper,
        summary.mean_duration_ms,
        duration_lower,
        duration_upper,
        summary.polyphasic_pct,
        reference.polyphasic_upper_pct
    ));
    if summary.n_units < REFERENCE_UNITS {
        basis.push(format!(
            "Only {} units: quantitative analysis usually collects about {REFERENCE_UNITS} (edxview's assumption for the reference's means), so the limits for their means are widened by √({REFERENCE_UNITS}/{}) (edxview's own rule){}.",
            summary.n_units,
            summary.n_units,
            if summary.n_units < MIN_UNITS_FOR_POLYPHASIA {
                format!(", and the share of polyphasic units is not compared under {MIN_UNITS_FOR_POLYPHASIA} units")
            } else {
                String::new()
            }
        ));
    }
    let (pattern, statement, plain) = if (amplitude_high || duration_long) && !(amplitude_low || duration_short) {
        (
            NeedlePattern::Neurogenic,
            format!("Large{}{} motor unit potentials{}; consistent with a neurogenic process (reinnervation after loss of motor axons).", if duration_long { ", long" } else { "" }, if polyphasic { ", polyphasic" } else { "" }, if denervation > 0 { " with fibrillation potentials and positive sharp waves at rest" } else { "" }),
            en::NEEDLE_NEUROGENIC,
        )
    } else if (amplitude_low || duration_short) && !(amplitude_high || duration_long) {
        (
            NeedlePattern::Myopathic,
            format!(
                "Small{}{} motor unit potentials{}; consistent with a myopathic process.",
                if duration_short { ", short" } else { "" },
                if polyphasic { ", polyphasic" } else { "" },
                if denervation > 0 {
                    " with fibrillation potentials at rest (seen in inflammatory or necrotising myopathies)"
                } else {
                    ""
                }
            ),
            en::NEEDLE_MYOPATHIC,
        )
    } else if !(amplitude_high || amplitude_low || duration_long || duration_short || polyphasic) {
        (
            NeedlePattern::Normal,
            format!(
                "Motor unit potentials within the {} reference values; consistent with normal motor units{}.",
                reference.muscle,
                if denervation > 0 {
                    ", with fibrillation potentials or positive sharp waves at rest consistent with ongoing denervation"
                } else {
                    ""
                }
            ),
            en::NEEDLE_NORMAL,
        )
    } else {
        let features: Vec<&str> = [
            (amplitude_high, "amplitude above the reference"),
            (amplitude_low, "amplitude below the reference"),
            (duration_long, "duration above the reference"),
            (duration_short, "duration below the reference"),
            (polyphasic, "more polyphasic units than the upper limit"),
        ]
        .into_iter()
        .filter_map(|(present, feature)| present.then_some(feature))
        .collect();
        (
            NeedlePattern::Indeterminate,
            format!(
                "Mixed motor unit features ({}); consistent with neither a neurogenic nor a myopathic process alone.",
                features.join(", ")
            ),
            en::NEEDLE_MIXED,
        )
    };
    let acuity = match (denervation > 0, pattern == NeedlePattern::Neurogenic) {
        (true, true) => Some(Acuity::OngoingAndLongStanding),
        (true, false) => Some(Acuity::Ongoing),
        (false, true) => Some(Acuity::LongStanding),
        (false, false) => None,
    };
    PatternFinding { pattern, statement, basis, sources, plain_language: en::needle_finding(plain, acuity), acuity }
}

/// No pattern labelled, for the reason `statement` gives (and `plain_language` tells a patient),
/// on `basis` and `sources`; fibrillation potentials or positive sharp waves at rest
/// (`denervation` of them) still say the damage is ongoing.
fn indeterminate(
    statement: &str,
    plain_language: &str,
    (basis, sources): (Vec<String>, Vec<String>),
    denervation: usize,
) -> PatternFinding {
    PatternFinding {
        pattern: NeedlePattern::Indeterminate,
        statement: statement.into(),
        basis,
        sources,
        plain_language: plain_language.into(),
        acuity: (denervation > 0).then_some(Acuity::Ongoing),
    }
}

/// No pattern labelled because fewer than [`MIN_UNITS_FOR_PATTERN`] units were measured.
fn too_few_units(mut basis: Vec<String>, sources: Vec<String>, denervation: usize) -> PatternFinding {
    basis.push(format!("Fewer than {MIN_UNITS_FOR_PATTERN} motor units could be measured."));
    indeterminate(
        "Too few motor units were measured to compare with the reference values.",
        en::NEEDLE_TOO_FEW,
        (basis, sources),
        denervation,
    )
}

/// The pattern of a recording whose bandwidth is too narrow for `reference`: the narrow band can
/// only lower a spike's amplitude, so a mean amplitude above the upper limit still shows large
/// units (consistent with a neurogenic process); nothing else is compared, and the basis says
/// which comparison was made and which were not.
fn narrow_band_pattern(
    summary: Option<&MuapSummary>,
    reference: &MuapReference,
    sampling_rate_hz: f64,
    denervation: usize,
    mut basis: Vec<String>,
    mut sources: Vec<String>,
) -> PatternFinding {
    basis.push(format!(
        "Sampled at {:.0} kHz: its bandwidth ({:.1} kHz) is below the {:.0} kHz of the reference values (measured up to 10 kHz), which lowers motor unit amplitudes; only an amplitude above the upper limit is compared, not duration, phases or polyphasic units.",
        sampling_rate_hz / 1000.0,
        sampling_rate_hz / 2000.0,
        MIN_BANDWIDTH_FOR_REFERENCE_HZ / 1000.0
    ));
    sources.push("Norwegian KNF guideline, needle EMG equipment and settings (domain.md §7)".into());
    let Some(summary) = summary.filter(|summary| summary.n_units >= MIN_UNITS_FOR_PATTERN) else {
        return too_few_units(basis, sources, denervation);
    };
    let (_, upper_uv) = MuapReference::limits_for(reference.amplitude_uv, summary.n_units);
    if summary.mean_amplitude_uv <= upper_uv {
        return indeterminate(
            "Motor unit potentials measured; the recording's bandwidth is too narrow to compare them with the reference values except for an amplitude above the upper limit, which they do not have, so no pattern is labelled.",
            en::NEEDLE_NARROW_BAND,
            (basis, sources),
            denervation,
        );
    }
    basis.push(format!(
        "{} units: mean amplitude {:.0} µV, above the upper limit of {:.0} µV even in this narrow band.",
        summary.n_units, summary.mean_amplitude_uv, upper_uv
    ));
    let acuity = if denervation > 0 { Acuity::OngoingAndLongStanding } else { Acuity::LongStanding };
    PatternFinding {
        pattern: NeedlePattern::Neurogenic,
        statement: format!(
            "Large motor unit potentials (amplitude above the {} reference even in a narrow band; duration not compared){}; consistent with a neurogenic process (reinnervation after loss of motor axons).",
            reference.muscle,
            if denervation > 0 { " with fibrillation potentials and positive sharp waves at rest" } else { "" }
        ),
        basis,
        sources,
        plain_language: en::needle_finding(en::NEEDLE_NEUROGENIC_NARROW_BAND, Some(acuity)),
        acuity: Some(acuity),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern of twenty units with these means against the tibialis anterior reference, at
    /// rest with no spontaneous activity.
    fn pattern_of(mean_amplitude_uv: f64, mean_duration_ms: f64, polyphasic_pct: f64) -> PatternFinding {
        pattern_at(mean_amplitude_uv, mean_duration_ms, polyphasic_pct, 20_000.0)
    }

    /// As [`pattern_of`], for a recording sampled at `sampling_rate_hz`.
    fn pattern_at(
        mean_amplitude_uv: f64,
        mean_duration_ms: f64,
        polyphasic_pct: f64,
        sampling_rate_hz: f64,
    ) -> PatternFinding {
        let summary = MuapSummary {
            n_units: 20,
            mean_amplitude_uv,
            mean_duration_ms,
            mean_phases: 3.5,
            mean_turns: 3.4,
            mean_area_uv_ms: 850.0,
            polyphasic_pct,
        };
        let recruitment = Recruitment { recruitment_frequency_hz: None, recruitment_ratio: None, max_active_units: 3 };
        pattern(
            Some(&summary),
            &SpontaneousActivity::default(),
            &recruitment,
            Some(&tibialis_anterior()),
            sampling_rate_hz,
        )
    }

    #[test]
    fn tibialis_anterior_has_a_reference_through_the_catalogue_and_no_other_muscle_has_one() {
        let read = |label: &str| crate::muscles::identify(label).muscle().and_then(reference_for);
        for label in ["EMG L Tibialis a", "L_Tib_Ant", "TibAnt L", "tibialis ant.", "TA", "tibialis anterior"] {
            assert!(read(label).is_some(), "{label}");
        }
        for label in ["EMG L Tibialis p", "tibialis posterior", "EMG R Gastrocnem", "APB"] {
            assert!(read(label).is_none(), "{label}");
        }
    }

    #[test]
    fn a_narrow_band_still_shows_units_larger_than_the_reference_and_says_what_was_not_compared() {
        let large = pattern_at(1500.0, 6.0, 10.0, 4_000.0);
        assert_eq!(large.pattern, NeedlePattern::Neurogenic, "{large:?}");
        assert_eq!(large.acuity, Some(Acuity::LongStanding));
        assert!(large.statement.contains("duration not compared"), "{}", large.statement);
        assert!(
            large.basis.iter().any(|line| line.contains("not duration, phases or polyphasic units")),
            "{:?}",
            large.basis
        );
        let ordinary = pattern_at(500.0, 6.0, 10.0, 4_000.0);
        assert_eq!(ordinary.pattern, NeedlePattern::Indeterminate, "a narrow band can make large units look normal");
    }

    #[test]
    fn every_labelled_pattern_is_worded_consistent_with() {
        for (case, finding, expected) in [
            ("normal", pattern_of(650.0, 9.3, 10.0), NeedlePattern::Normal),
            ("neurogenic", pattern_of(1500.0, 13.0, 40.0), NeedlePattern::Neurogenic),
            ("myopathic", pattern_of(300.0, 6.0, 40.0), NeedlePattern::Myopathic),
            ("mixed", pattern_of(1500.0, 6.0, 10.0), NeedlePattern::Indeterminate),
            ("polyphasic only", pattern_of(650.0, 9.3, 60.0), NeedlePattern::Indeterminate),
        ] {
            assert_eq!(finding.pattern, expected, "{case}: {finding:?}");
            assert!(finding.statement.contains("consistent with"), "{case}: {}", finding.statement);
        }
    }

    #[test]
    fn only_the_patterns_of_disease_are_abnormal() {
        use NeedlePattern::*;
        let abnormal: Vec<bool> = [Neurogenic, Myopathic, Normal, Indeterminate].map(NeedlePattern::is_abnormal).into();
        assert_eq!(abnormal, [true, true, false, false]);
    }

    #[test]
    fn a_mixed_pattern_names_its_features() {
        let finding = pattern_of(1500.0, 6.0, 10.0);
        assert!(
            finding.statement.contains("amplitude above the reference")
                && finding.statement.contains("duration below the reference"),
            "{}",
            finding.statement
        );
    }
}
