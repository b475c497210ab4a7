//! What the study shows that a lesion must explain: each examined muscle's state from the
//! needle examination table, and each sensory response as normal or not.

use super::candidates::Denervation;
use crate::interpret::review::StudyReview;
use crate::model::{
    DenervationGrade, NeedleExamRow, NeedleExamination, NerveConduction, Presence, RecruitmentGrade, Side, Size,
};
use crate::muscles::{self, Muscle};

/// An examined muscle as the table shows it.
#[derive(Debug, Clone)]
pub struct MuscleObservation {
    /// The catalogue's muscle.
    pub muscle: &'static Muscle,
    /// Its side.
    pub side: Side,
    /// What it shows.
    pub state: MuscleState,
    /// Fibrillation potentials or positive sharp waves: denervation going on.
    pub active: bool,
    /// Large, long or polyphasic units, or reduced recruitment: reinnervation, or loss long
    /// standing.
    pub chronic: bool,
}

/// What a muscle shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MuscleState {
    /// Nothing abnormal in what was assessed.
    Normal,
    /// Fibrillation potentials, positive sharp waves or fasciculation potentials without motor
    /// unit changes that tell nerve from muscle.
    Denervation,
    /// Changes of nerve: large, long or polyphasic units, or reduced recruitment.
    Neurogenic,
    /// Changes of muscle: small or short units, or early recruitment.
    Myopathic,
}

impl MuscleState {
    /// Whether anything is abnormal.
    pub fn is_abnormal(self) -> bool {
        self != MuscleState::Normal
    }

    /// Whether the state fits denervation of kind `kind` (unlabelled denervation fits both).
    pub fn fits(self, kind: Denervation) -> bool {
        match self {
            MuscleState::Normal | MuscleState::Denervation => true,
            MuscleState::Neurogenic => kind == Denervation::Neurogenic,
            MuscleState::Myopathic => kind == Denervation::Myopathic,
        }
    }
}

/// The table's rows a lesion can be judged on: a catalogue muscle with a side and something
/// assessed. The others are returned apart, by name, as limitations.
pub fn muscles(table: &NeedleExamination) -> (Vec<MuscleObservation>, Vec<String>) {
    let mut observed = Vec::new();
    let mut not_used = Vec::new();
    for row in &table.rows {
        let muscle = row.muscle_id.as_deref().and_then(muscles::by_id);
        match (muscle, row.side, state_of(row)) {
            (Some(muscle), Some(side), Some(state)) => {
                let active = row.fibrillations.value.is_some_and(|grade| grade.value() > 0);
                let chronic = [row.amplitude.value, row.duration.value, row.polyphasia.value]
                    .contains(&Some(Size::Increased))
                    || matches!(row.recruitment.value, Some(RecruitmentGrade::Reduced | RecruitmentGrade::NoUnits));
                observed.push(MuscleObservation { muscle, side, state, active, chronic })
            }
            (None, _, _) => not_used
                .push(format!("{}: not in the muscle catalogue, so its nerve and roots are not known", row.muscle)),
            (_, None, _) => not_used.push(format!("{}: no side given", row.muscle)),
            (_, _, None) => not_used.push(format!("{}: nothing assessed", row.muscle)),
        }
    }
    (observed, not_used)
}

/// What a row shows, or `None` when nothing a lesion shows in was assessed.
fn state_of(row: &NeedleExamRow) -> Option<MuscleState> {
    let fibrillating = row.fibrillations.value.map(|grade: DenervationGrade| grade.value() > 0);
    let fasciculating = row.fasciculations.value.map(|presence| presence == Presence::Present);
    let sizes = [row.amplitude.value, row.duration.value, row.polyphasia.value];
    let recruitment = row.recruitment.value;
    let large = sizes.contains(&Some(Size::Increased))
        || matches!(recruitment, Some(RecruitmentGrade::Reduced | RecruitmentGrade::NoUnits));
    // Polyphasia rises in both; only small or short units and early recruitment are of muscle.
    let small = row.amplitude.value == Some(Size::Decreased)
        || row.duration.value == Some(Size::Decreased)
        || recruitment == Some(RecruitmentGrade::Early);
    let assessed =
        fibrillating.is_some() || fasciculating.is_some() || sizes.iter().any(Option::is_some) || recruitment.is_some();
    if !assessed {
        return None;
    }
    Some(match (large, small) {
        (true, false) => MuscleState::Neurogenic,
        (false, true) => MuscleState::Myopathic,
        // Both, or neither with denervation at rest: the units do not tell nerve from muscle.
        _ if fibrillating == Some(true) || fasciculating == Some(true) || (large && small) => MuscleState::Denervation,
        _ => MuscleState::Normal,
    })
}

/// A sensory response of the study and whether it is abnormal.
#[derive(Debug, Clone)]
pub struct SensoryObservation<'a> {
    /// The study.
    pub study: &'a NerveConduction,
    /// Whether it is outside its limits or absent.
    pub abnormal: bool,
}

/// The sensory studies of `nerves` (reviewed as `review`) that were judged: those whose values a
/// limit applies to, or that are absent.
pub fn sensory<'a>(nerves: &'a [NerveConduction], review: &StudyReview) -> Vec<SensoryObservation<'a>> {
    nerves
        .iter()
        .zip(&review.nerves)
        .filter(|(nerve, _)| nerve.kind.is_sensory())
        .filter_map(|(study, reviewed)| {
            let absent = reviewed.analysis.sites.first().is_some_and(|site| site.measures.is_none());
            let abnormal = absent || reviewed.flags.any_abnormal();
            let judged = abnormal
                || reviewed
                    .findings
                    .iter()
                    .any(|finding| finding.category == Some(crate::interpret::findings::NerveCategory::Normal));
            judged.then_some(SensoryObservation { study, abnormal })
        })
        .collect()
}
