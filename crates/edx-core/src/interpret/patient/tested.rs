//! What was tested, as the patient reads it: each nerve conduction study and each muscle of the
//! needle examination, by name and side, normal or not.

use super::en;
use crate::interpret::localise::observed_muscles;
use crate::interpret::StudyReview;
use crate::model::{NeedleExamRow, NeedleExamination, Nerve, NerveConduction, Side};
use crate::needle::examination::Column;

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
/// judges it, or, for a row the impression cannot use (no side, not in the muscle list), by its
/// cells as printed.
pub fn tested(nerves: &[NerveConduction], review: &StudyReview, table: &NeedleExamination) -> Vec<Tested> {
    let mut tested: Vec<Tested> = nerves
        .iter()
        .zip(&review.nerves)
        .zip(en::study_labels(nerves))
        .map(|((nerve, reviewed), name)| {
            let judged = !reviewed.flags.flags.is_empty();
            let abnormal = reviewed.flags.any_abnormal() || reviewed.findings.iter().any(|finding| finding.is_abnormal);
            Tested {
                name,
                muscle_id: None,
                plain_place: None,
                nerve: Some(nerve.nerve.clone()),
                side: Some(nerve.side),
                is_abnormal: (judged || abnormal).then_some(abnormal),
            }
        })
        .collect();
    let (observed, _) = observed_muscles(table);
    tested.extend(table.rows.iter().map(|row| {
        let muscle = row.muscle_id.as_deref().and_then(crate::muscles::by_id);
        let judged = observed
            .iter()
            .find(|observed| Some(observed.muscle.id) == row.muscle_id.as_deref() && Some(observed.side) == row.side);
        let is_abnormal = match judged {
            Some(judged) => Some(judged.state.is_abnormal()),
            None => as_printed(row),
        };
        Tested {
            name: match row.side {
                Some(side) => format!("{side} {}", row.muscle.to_lowercase()),
                None => row.muscle.clone(),
            },
            muscle_id: muscle.map(|muscle| muscle.id),
            plain_place: muscle.and_then(|muscle| en::muscle_in_plain_words(muscle.id)),
            nerve: None,
            side: row.side,
            is_abnormal,
        }
    }));
    tested
}

/// Whether a row's printed cells show anything abnormal; `None` when nothing was assessed.
fn as_printed(row: &NeedleExamRow) -> Option<bool> {
    let cells: Vec<_> = Column::ALL.iter().map(|column| column.printed(row)).filter(|cell| cell.text != "—").collect();
    (!cells.is_empty()).then(|| cells.iter().any(|cell| cell.abnormal))
}
