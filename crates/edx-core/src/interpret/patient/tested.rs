//! What was tested, as the patient reads it: each nerve conduction study and each muscle of the
//! needle examination, by name and side, normal or not.

use super::en;
use crate::interpret::localise::observed_muscles;
use crate::interpret::StudyReview;
use crate::model::{NeedleExamination, Nerve, NerveConduction, Side};

/// One nerve or muscle tested.
#[derive(Debug, Clone, PartialEq)]
pub struct Tested {
    /// Its name as the patient reads it ("Right median nerve, movement fibres", "Right triceps").
    pub name: String,
    /// The catalogue muscle, for a muscle.
    pub muscle_id: Option<&'static str>,
    /// For a muscle, where it is and what it does, in plain words ("the shin; lifts the foot").
    pub plain_place: Option<&'static str>,
    /// The nerve, for a nerve conduction study.
    pub nerve: Option<Nerve>,
    /// Its side, where known.
    pub side: Option<Side>,
    /// Whether it showed changes (`None`: nothing judged it).
    pub is_abnormal: Option<bool>,
}

/// The nerves of `nerves` (reviewed as `review`) and the muscles of `table`, each normal or not:
/// a nerve by its values against their limits and its findings, a muscle as the impression
/// judges it.
pub fn tested(nerves: &[NerveConduction], review: &StudyReview, table: &NeedleExamination) -> Vec<Tested> {
    let mut tested: Vec<Tested> = nerves
        .iter()
        .zip(&review.nerves)
        .map(|(nerve, reviewed)| {
            let judged = !reviewed.flags.flags.is_empty();
            let abnormal = reviewed.flags.any_abnormal() || reviewed.findings.iter().any(|finding| finding.is_abnormal);
            Tested {
                name: en::study_label(nerve),
                muscle_id: None,
                plain_place: None,
                nerve: Some(nerve.nerve.clone()),
                side: Some(nerve.side),
                is_abnormal: (judged || abnormal).then_some(abnormal),
            }
        })
        .collect();
    let (observed, _) = observed_muscles(table);
    tested.extend(observed.iter().map(|muscle| Tested {
        name: format!("{} {}", muscle.side, muscle.muscle.name.to_lowercase()),
        muscle_id: Some(muscle.muscle.id),
        plain_place: en::muscle_in_plain_words(muscle.muscle.id),
        nerve: None,
        side: Some(muscle.side),
        is_abnormal: Some(muscle.state.is_abnormal()),
    }));
    tested
}
