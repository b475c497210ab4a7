//! The kind of a length-dependent polyneuropathy: the fibres it reaches (sensory, motor or
//! both) and what it does to them (axon loss, demyelination or both), from the per-nerve
//! patterns of the nerve conduction studies (domain.md §3.1) and the needle examination.

use super::candidates::{Lesion, BACKGROUND_CHANCE};
use super::evidence::{MuscleObservation, NerveEvidence};
use super::sensory::SensoryStudy;
use crate::interpret::findings::NerveCategory;

/// Nerves with demyelinating features needed to call a polyneuropathy demyelinating: more than
/// one, so a single nerve compressed at a usual site does not (edxview's own).
const DEMYELINATING_NERVES: usize = 2;

/// The rule, as the basis names it.
pub const TYPE_RULE: &str = "edxview's own rule: sensory, motor or sensorimotor by which responses and muscles are abnormal; axonal where a nerve's pattern is axon loss, demyelinating where two nerves or more show demyelinating features or conduction block, mixed where both (per-nerve patterns, domain.md §3.1)";

/// The name of `lesion` (a length-dependent polyneuropathy) with its kind, and the sentence of
/// the basis that says what the kind rests on.
pub fn typed_name(lesion: Lesion, observed: &[MuscleObservation], nerves: &NerveEvidence) -> (String, String) {
    let sensory_abnormal = nerves.sensory.iter().any(|response| response.abnormal == Some(true))
        || nerves.categories.iter().any(|study| !study.motor && study.category != NerveCategory::Normal);
    let motor_abnormal = nerves.categories.iter().any(|study| study.motor && study.category != NerveCategory::Normal)
        || observed.iter().any(|muscle| {
            muscle.state.is_abnormal() && lesion.reaches(muscle.muscle, muscle.side).0 > BACKGROUND_CHANCE
        });
    let fibres = match (sensory_abnormal, motor_abnormal) {
        (true, true) => "sensorimotor ",
        (true, false) => "sensory ",
        (false, true) => "motor ",
        (false, false) => "",
    };
    let count = |wanted: &[NerveCategory]| {
        let mut nerves: Vec<String> = nerves
            .categories
            .iter()
            .filter(|study| wanted.contains(&study.category))
            .map(|study| format!("{} {}", study.side, study.nerve))
            .collect();
        nerves.sort();
        nerves.dedup();
        nerves.len()
    };
    let axonal = count(&[NerveCategory::AxonLoss]);
    let demyelinating = count(&[NerveCategory::DemyelinatingFeatures, NerveCategory::ConductionBlock]);
    let pathology = match (axonal > 0, demyelinating >= DEMYELINATING_NERVES) {
        (true, true) => "mixed axonal and demyelinating ",
        (false, true) => "demyelinating ",
        (true, false) => "axonal ",
        (false, false) => "",
    };
    let name = format!("a length-dependent {fibres}{pathology}polyneuropathy");
    let basis = format!(
        "Kind: {axonal} nerve{} with the pattern of axon loss, {demyelinating} with demyelinating features or conduction block; {}. Rule: {TYPE_RULE}.",
        if axonal == 1 { "" } else { "s" },
        match (sensory_abnormal, motor_abnormal) {
            (true, true) => "sensory and motor fibres abnormal",
            (true, false) => "sensory fibres abnormal, motor ones not",
            (false, true) => "motor fibres abnormal, sensory ones not",
            (false, false) => "no fibres shown abnormal",
        }
    );
    (name, basis)
}

/// What names a demyelinating polyneuropathy, for the basis: the level the EFNS/PNS criteria
/// reach, and the sensory responses (abnormal arm responses with a normal sural one are the
/// EFNS/PNS supportive pattern, domain.md §3.2).
pub fn demyelinating_basis(nerves: &NerveEvidence) -> Vec<String> {
    let mut basis = Vec::new();
    if let Some(level) = nerves.demyelination {
        let meeting: Vec<String> = nerves
            .motor_nerves
            .iter()
            .filter(|motor| motor.demyelinating)
            .map(|motor| {
                format!("{} {}", motor.side.to_string().to_lowercase(), motor.nerve.to_string().to_lowercase())
            })
            .collect();
        basis.push(format!(
            "EFNS/PNS electrodiagnostic criteria for demyelination met at the {} level, the compression sites excluded, in {} of {} motor nerves ({}); the study's EFNS/PNS finding gives the parameters. Only the electrodiagnostic part is judged: the clinical criteria are not assessed here.",
            level.label().to_lowercase(),
            meeting.len(),
            nerves.motor_nerves.len(),
            meeting.join(", ")
        ));
    }
    let judged = |arm: bool| {
        nerves
            .sensory
            .iter()
            .filter(move |response| response.abnormal.is_some() && (response.study == SensoryStudy::Sural) != arm)
    };
    let arm_abnormal = judged(true).any(|response| response.abnormal == Some(true));
    let sural_normal = judged(false).any(|response| response.abnormal == Some(false));
    if arm_abnormal && sural_normal {
        basis.push("An arm sensory response is abnormal while the sural is normal: not length-dependent, the supportive sensory pattern of EFNS/PNS 2010 (domain.md §3.2).".into());
    }
    basis
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::localise::{SensoryObservation, SensoryStudy, StudyCategory};
    use crate::model::{Nerve, Side};

    fn category(nerve: Nerve, motor: bool, side: Side, category: NerveCategory) -> StudyCategory {
        StudyCategory { nerve, motor, side, category }
    }

    #[test]
    fn the_kind_follows_the_per_nerve_patterns() {
        let sural =
            |abnormal| SensoryObservation { study: SensoryStudy::Sural, side: Side::Left, abnormal: Some(abnormal) };
        let lesion = Lesion::LengthDependentPolyneuropathy;
        let demyelinated = NerveEvidence {
            sensory: vec![sural(true)],
            categories: vec![
                category(Nerve::Peroneal, true, Side::Left, NerveCategory::DemyelinatingFeatures),
                category(Nerve::Tibial, true, Side::Left, NerveCategory::ConductionBlock),
            ],
            ..NerveEvidence::default()
        };
        assert_eq!(
            typed_name(lesion, &[], &demyelinated).0,
            "a length-dependent sensorimotor demyelinating polyneuropathy"
        );
        let one_nerve = NerveEvidence { categories: demyelinated.categories[..1].to_vec(), ..demyelinated.clone() };
        assert_eq!(
            typed_name(lesion, &[], &one_nerve).0,
            "a length-dependent sensorimotor polyneuropathy",
            "one nerve with demyelinating features may be compressed at a usual site"
        );
        let sensory_axonal = NerveEvidence {
            sensory: vec![sural(true)],
            categories: vec![
                category(Nerve::Sural, false, Side::Left, NerveCategory::AxonLoss),
                category(Nerve::Peroneal, true, Side::Left, NerveCategory::Normal),
            ],
            ..NerveEvidence::default()
        };
        let (name, basis) = typed_name(lesion, &[], &sensory_axonal);
        assert_eq!(name, "a length-dependent sensory axonal polyneuropathy");
        assert!(basis.contains("edxview's own rule"), "{basis}");
    }
}
