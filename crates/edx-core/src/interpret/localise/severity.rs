//! How severe the named lesion is, by a rule stated next to the grade: Bland's grades for the
//! median nerve at the wrist where the study grades them, edxview's own rules elsewhere, and no
//! grade where edxview has no rule.

use super::candidates::{Lesion, BACKGROUND_CHANCE};
use super::evidence::{MotorObservation, MuscleObservation, NerveEvidence};
use crate::display;
use crate::interpret::findings::Severity;
use crate::model::{Nerve, RecruitmentGrade, Side};

/// The rule for a root, plexus or nerve lesion, as the output names it.
pub const FOCAL_RULE: &str = "edxview's own rule: severe where a motor response of a muscle the lesion reaches is at most 20 % of the other side's, or such a muscle recruits no motor unit; moderate where such a response is at most half the other side's or below its lower limit, falls by more than half between two stimulation sites of a nerve lesion (a conduction block), or recruitment is reduced in half or more of the abnormal muscles; mild otherwise (changes at needle examination only). Motor amplitudes measure axon loss from about 7 days after onset (domain.md §3.7); the density of fibrillation potentials does not (a poor measure of axon loss, domain.md §3.7), so it is not used.";
/// The rule for a length-dependent polyneuropathy, as the output names it.
pub const POLYNEUROPATHY_RULE: &str = "edxview's own rule: mild where only sensory responses are abnormal; moderate where a leg motor response is below its lower limit too, or an arm response is abnormal; severe where a leg motor response is absent.";
/// What the output names where no grade is given.
pub const NOT_GRADED_RULE: &str =
    "edxview grades the severity of focal lesions and of a length-dependent polyneuropathy only";
/// The source of the grades of the median nerve at the wrist.
pub const BLAND_RULE: &str =
    "Bland JDP. A neurophysiological grading scale for carpal tunnel syndrome. Muscle Nerve 2000;23:1280: grades 1–2 mild, 3 moderate, 4–6 severe";

/// A motor response at most this share of the other side's, in %, counts as severe axon loss
/// (edxview's own).
const SEVERE_PCT_OF_OTHER_SIDE: f64 = 20.0;
/// A motor response at most this share of the other side's, in %, counts as moderate axon loss
/// (edxview's own).
const MODERATE_PCT_OF_OTHER_SIDE: f64 = 50.0;

/// A drop of more than this share between two stimulation sites, %, is a conduction block that
/// makes a nerve lesion at least moderate (edxview's own; the 50 % of EFNS/PNS 2010 I-E).
const BLOCK_DROP_PCT: f64 = 50.0;

/// The severity of a named lesion, or why it is not graded.
#[derive(Debug, Clone, PartialEq)]
pub struct LesionSeverity {
    /// The grade, or `None` where edxview has no rule for this lesion or nothing to grade it on.
    pub grade: Option<Severity>,
    /// What the grade rests on, in words; or why there is none.
    pub basis: Vec<String>,
    /// The rule, with its source or named as edxview's own.
    pub rule: &'static str,
}

/// The severity of `lesion` from the muscles `observed` and the nerve conduction evidence
/// `nerves`.
pub fn severity_of(lesion: Lesion, observed: &[MuscleObservation], nerves: &NerveEvidence) -> Option<LesionSeverity> {
    match lesion {
        Lesion::None => None,
        Lesion::Nerve(site, side) if site.name == "median nerve at the wrist" => {
            Some(wrist_grade(side, nerves).unwrap_or_else(|| focal(lesion, observed, nerves)))
        }
        Lesion::Root(..) | Lesion::Plexus(..) | Lesion::Nerve(..) => Some(focal(lesion, observed, nerves)),
        Lesion::LengthDependentPolyneuropathy => Some(polyneuropathy(nerves)),
        Lesion::Myopathy | Lesion::MotorNeuronDisease | Lesion::DemyelinatingPolyneuropathy => Some(LesionSeverity {
            grade: None,
            basis: vec![format!(
                "edxview has no rule for the severity of {}; the {} involved describe its extent.",
                match lesion {
                    Lesion::Myopathy => "a myopathy",
                    Lesion::MotorNeuronDisease => "widespread denervation",
                    _ => "a demyelinating polyneuropathy",
                },
                if lesion == Lesion::DemyelinatingPolyneuropathy { "nerves" } else { "muscles and regions" }
            )],
            rule: NOT_GRADED_RULE,
        }),
    }
}

/// Bland's grade of the median nerve at the wrist on `side`, where the study grades it.
fn wrist_grade(side: Side, nerves: &NerveEvidence) -> Option<LesionSeverity> {
    let (_, grade, statement) = nerves.wrist_grades.iter().find(|(graded_side, _, _)| *graded_side == side)?;
    Some(LesionSeverity { grade: Some(*grade), basis: vec![statement.clone()], rule: BLAND_RULE })
}

/// A root, plexus or nerve lesion graded by [`FOCAL_RULE`].
fn focal(lesion: Lesion, observed: &[MuscleObservation], nerves: &NerveEvidence) -> LesionSeverity {
    let side = lesion.side();
    let reached = |muscle: &MuscleObservation| {
        Some(muscle.side) == side && lesion.reaches(muscle.muscle, muscle.side).0 > BACKGROUND_CHANCE
    };
    let explained: Vec<&MuscleObservation> =
        observed.iter().filter(|muscle| muscle.state.is_abnormal() && reached(muscle)).collect();
    let responses: Vec<&MotorObservation> = nerves
        .motor
        .iter()
        .filter(|response| {
            Some(response.side) == side
                && response.muscle.is_some_and(|muscle| lesion.reaches(muscle, response.side).0 > BACKGROUND_CHANCE)
        })
        .collect();
    let mut basis = Vec::new();
    let mut grade = Severity::Mild;
    let mut raise = |to: Severity, why: String, basis: &mut Vec<String>| {
        grade = grade.max(to);
        basis.push(why);
    };
    for response in &responses {
        let name = response.name();
        match (response.amplitude_uv, response.percent_of_other_side) {
            (None, _) => raise(
                Severity::Severe,
                format!("{name}: absent. An absent response can also be a block below the stimulation site or a technical failure; the needle examination of its muscle tells."),
                &mut basis,
            ),
            (Some(_), Some(pct)) if pct <= SEVERE_PCT_OF_OTHER_SIDE => {
                raise(Severity::Severe, format!("{name}: {} % of the other side's.", display::fixed(pct, 0)), &mut basis)
            }
            (Some(_), Some(pct)) if pct <= MODERATE_PCT_OF_OTHER_SIDE => {
                raise(Severity::Moderate, format!("{name}: {} % of the other side's.", display::fixed(pct, 0)), &mut basis)
            }
            (Some(_), _) if response.below_limit == Some(true) => {
                raise(Severity::Moderate, format!("{name}: below its lower limit."), &mut basis)
            }
            _ => {}
        }
        // A root lies above every stimulation site, so only a nerve lesion blocks between them.
        if let (Lesion::Nerve(..), Some(drop)) = (lesion, response.largest_drop_pct) {
            if drop > BLOCK_DROP_PCT {
                raise(
                    Severity::Moderate,
                    format!(
                        "{name}: {} % smaller from the next stimulation site up (conduction block).",
                        display::fixed(drop, 0)
                    ),
                    &mut basis,
                );
            }
        }
    }
    let no_units: Vec<String> = explained
        .iter()
        .filter(|muscle| muscle.recruitment == Some(RecruitmentGrade::NoUnits))
        .map(|muscle| muscle.name())
        .collect();
    if !no_units.is_empty() {
        raise(Severity::Severe, format!("No motor unit recruited in the {}.", no_units.join(", the ")), &mut basis);
    }
    let reduced = explained
        .iter()
        .filter(|muscle| matches!(muscle.recruitment, Some(RecruitmentGrade::Reduced | RecruitmentGrade::NoUnits)))
        .count();
    if !explained.is_empty() && 2 * reduced >= explained.len() {
        raise(
            Severity::Moderate,
            format!("Recruitment reduced in {reduced} of the {} abnormal muscles it explains.", explained.len()),
            &mut basis,
        );
    }
    if basis.is_empty() {
        basis.push(if responses.is_empty() {
            "Changes at needle examination only; no motor conduction study of a muscle it reaches.".to_string()
        } else {
            "Changes at needle examination only; the motor responses of the muscles it reaches are within their limits and over half the other side's where both were recorded.".to_string()
        });
    }
    LesionSeverity { grade: Some(grade), basis, rule: FOCAL_RULE }
}

/// A length-dependent polyneuropathy graded by [`POLYNEUROPATHY_RULE`].
fn polyneuropathy(nerves: &NerveEvidence) -> LesionSeverity {
    let leg = |nerve: &Nerve| matches!(nerve, Nerve::Peroneal | Nerve::Tibial);
    let leg_motor: Vec<&MotorObservation> = nerves.motor.iter().filter(|response| leg(&response.nerve)).collect();
    let absent: Vec<String> =
        leg_motor.iter().filter(|response| response.amplitude_uv.is_none()).map(|response| response.name()).collect();
    let low: Vec<String> = leg_motor
        .iter()
        .filter(|response| response.amplitude_uv.is_some() && response.below_limit == Some(true))
        .map(|response| response.name())
        .collect();
    let arm_motor_low = nerves
        .motor
        .iter()
        .filter(|response| matches!(response.nerve, Nerve::Median | Nerve::Ulnar | Nerve::Radial))
        .any(|response| response.amplitude_uv.is_none() || response.below_limit == Some(true));
    let arm_sensory_low =
        nerves.sensory.iter().any(|response| !response.study.is_leg() && response.abnormal == Some(true));
    let mut basis = Vec::new();
    let grade = if !absent.is_empty() {
        basis.push(format!("Absent: {}.", absent.join(", ")));
        Severity::Severe
    } else if !low.is_empty() || arm_motor_low || arm_sensory_low {
        if !low.is_empty() {
            basis.push(format!("Below the lower limit: {}.", low.join(", ")));
        }
        if arm_motor_low || arm_sensory_low {
            basis.push("Arm responses abnormal too.".into());
        }
        Severity::Moderate
    } else {
        basis.push("Sensory responses only; the motor responses are within their limits.".into());
        Severity::Mild
    };
    LesionSeverity { grade: Some(grade), basis, rule: POLYNEUROPATHY_RULE }
}

impl MotorObservation {
    /// "right peroneal motor response (EDB)".
    fn name(&self) -> String {
        format!(
            "{} {} motor response ({})",
            self.side.to_string().to_lowercase(),
            self.nerve.to_string().to_lowercase(),
            self.recording_site
        )
    }
}
