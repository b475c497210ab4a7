//! A length-dependent sensorimotor polyneuropathy: abnormal sensory and motor studies in the
//! legs, the arms spared or less affected, read as predominantly axonal or, when the EFNS/PNS
//! parameters are met in two nerves or more, predominantly demyelinating (JNNP table).

use super::efns_level::EfnsNerve;
use super::{Finding, NerveReview, AXON_DEMYELINATION_SOURCE, EFNS_SOURCE};
use crate::model::{Nerve, NerveConductionKind, Side};

/// A length-dependent polyneuropathy: leg responses abnormal, arm responses less so; `efns_nerves`
/// are the study's nerves with their EFNS/PNS parameters. Only sensory and motor studies count
/// (not F waves or H reflexes), only named leg and arm nerves (not others), and a polyneuropathy
/// is symmetric: where the abnormal leg studies are of one side, the statement says a lesion of
/// that leg's nerves is not excluded.
pub(super) fn polyneuropathy(reviews: &[NerveReview<'_>], efns_nerves: &[EfnsNerve]) -> Option<Finding> {
    let counted =
        |review: &&NerveReview<'_>| review.nerve.kind == NerveConductionKind::Motor || review.nerve.kind.is_sensory();
    let is_leg = |review: &&NerveReview<'_>| {
        matches!(review.nerve.nerve, Nerve::Sural | Nerve::Peroneal | Nerve::Tibial | Nerve::SuperficialPeroneal)
    };
    let is_arm = |review: &&NerveReview<'_>| matches!(review.nerve.nerve, Nerve::Median | Nerve::Ulnar | Nerve::Radial);
    let leg: Vec<&NerveReview<'_>> = reviews.iter().filter(counted).filter(is_leg).collect();
    let arm: Vec<&NerveReview<'_>> = reviews.iter().filter(counted).filter(is_arm).collect();
    let leg_sensory_abnormal: Vec<&&NerveReview<'_>> =
        leg.iter().filter(|review| review.nerve.kind.is_sensory() && review.is_abnormal()).collect();
    let leg_motor_abnormal =
        leg.iter().filter(|review| review.nerve.kind == NerveConductionKind::Motor && review.is_abnormal()).count();
    if leg_sensory_abnormal.is_empty() || leg_motor_abnormal == 0 || leg.len() < 2 {
        return None;
    }
    let abnormal_sides: Vec<Side> = {
        let mut sides: Vec<Side> =
            leg.iter().filter(|review| review.is_abnormal()).map(|review| review.nerve.side).collect();
        sides.sort_by_key(|side| *side == Side::Right);
        sides.dedup();
        sides
    };
    let one_leg = match abnormal_sides.as_slice() {
        [side] => Some(*side),
        _ => None,
    };
    let arm_abnormal = arm.iter().filter(|review| review.is_abnormal()).count();
    let demyelinating = efns_nerves.iter().filter(|nerve| nerve.meets_any()).count() >= 2;
    let kind = if demyelinating { "predominantly demyelinating" } else { "predominantly axonal" };
    // Without arm studies the legs cannot be compared with the arms, so the statement says so
    // instead of claiming the arms are affected too.
    let (arms, arm_basis, arms_affected) = if arm.is_empty() {
        ("; no arm nerves were studied, so length dependence cannot be judged", "No arm studies.".to_string(), None)
    } else if arm_abnormal < arm.len() {
        (", less in the arms", format!("{arm_abnormal} of {} arm studies abnormal.", arm.len()), Some(false))
    } else {
        (" and the arms", format!("{arm_abnormal} of {} arm studies abnormal.", arm.len()), Some(true))
    };
    let (legs, one_leg_caveat, one_leg_basis) = match one_leg {
        Some(side) => {
            let side = side.to_string().to_lowercase();
            (
                format!("the {side} leg"),
                format!(", or with a lesion of the {side} leg's nerves (sciatic nerve, lumbosacral plexus): the other leg would tell, as a polyneuropathy is symmetric"),
                Some(format!("Abnormal leg studies on the {side} side only.")),
            )
        }
        None => ("the legs".to_string(), String::new(), None),
    };
    Some(
        Finding::abnormal(format!("Abnormal sensory and motor responses in {legs}{arms}; consistent with a {kind} sensorimotor polyneuropathy{one_leg_caveat}."))
            .basis([format!("{leg_motor_abnormal} leg motor study/studies and leg sensory study abnormal."), arm_basis].into_iter().chain(one_leg_basis))
            .sources([AXON_DEMYELINATION_SOURCE, EFNS_SOURCE])
            .plain(crate::interpret::patient::en::finding_polyneuropathy(arms_affected, demyelinating)),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{review_demo, study_finding};
    use crate::model::{Nerve, Side};

    fn is_leg(nerve: &crate::model::NerveConduction) -> bool {
        matches!(nerve.nerve, Nerve::Sural | Nerve::Peroneal | Nerve::Tibial | Nerve::SuperficialPeroneal)
    }

    #[test]
    fn polyneuropathy_without_arm_studies_does_not_claim_the_arms() {
        let review = review_demo("axonal-polyneuropathy", is_leg);
        let finding = study_finding(&review, "polyneuropathy");
        assert!(!finding.statement.contains("and the arms"), "{}", finding.statement);
        assert!(finding.statement.contains("no arm nerves were studied"), "{}", finding.statement);
        assert!(finding.basis.iter().any(|basis| basis == "No arm studies."), "{:?}", finding.basis);
    }

    #[test]
    fn one_leg_studied_leaves_a_lesion_of_its_nerves_open() {
        let review = review_demo("axonal-polyneuropathy", |nerve| is_leg(nerve) && nerve.side == Side::Right);
        let finding = study_finding(&review, "polyneuropathy");
        assert!(finding.statement.contains("in the right leg"), "{}", finding.statement);
        assert!(finding.statement.contains("or with a lesion of the right leg's nerves"), "{}", finding.statement);
        assert!(finding.basis.iter().any(|basis| basis == "Abnormal leg studies on the right side only."));
    }

    #[test]
    fn polyneuropathy_with_normal_arm_studies_is_less_in_the_arms() {
        let review = review_demo("axonal-polyneuropathy", |_| true);
        let finding = study_finding(&review, "polyneuropathy");
        assert!(finding.statement.contains(", less in the arms;"), "{}", finding.statement);
    }
}
