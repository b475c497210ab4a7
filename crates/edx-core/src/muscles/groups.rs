//! Where a muscle lies along its limb, as diffuse disorders reach it: a length-dependent
//! neuropathy the feet first, then below the knee, and the hands among the arm's muscles
//! (domain.md §5.3 rule 4); a myopathy the proximal muscles and the paraspinals first. Which
//! muscles lie where is standard anatomy, as the catalogue's nerves are (unverified, domain.md
//! §5.2).

use super::{Muscle, PeripheralNerve};

/// How far along its limb a muscle lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimbLevel {
    /// A muscle of the foot: the longest motor axons.
    Foot,
    /// Below the knee.
    BelowKnee,
    /// A hand muscle: the longest motor axons of the arm.
    Hand,
    /// A proximal muscle (shoulder and hip girdles, upper arm, thigh) or a paraspinal.
    Proximal,
    /// Any other (the forearm, for example).
    Other,
}

const FOOT: [&str; 3] = ["abductor_hallucis", "extensor_digitorum_brevis", "abductor_digiti_quinti_pedis"];
const BELOW_KNEE: [&str; 9] = [
    "tibialis_anterior",
    "extensor_hallucis_longus",
    "extensor_digitorum_longus",
    "peroneus_longus",
    "tibialis_posterior",
    "flexor_digitorum_longus",
    "gastrocnemius_medial",
    "gastrocnemius_lateral",
    "soleus",
];
const HAND: [&str; 4] =
    ["abductor_pollicis_brevis", "opponens_pollicis", "first_dorsal_interosseous", "abductor_digiti_minimi"];
const PROXIMAL: [&str; 15] = [
    "deltoid",
    "supraspinatus",
    "infraspinatus",
    "biceps_brachii",
    "triceps",
    "iliopsoas",
    "rectus_femoris",
    "vastus_medialis",
    "vastus_lateralis",
    "adductor_longus",
    "gluteus_medius",
    "gluteus_maximus",
    "tensor_fasciae_latae",
    "rhomboids",
    "serratus_anterior",
];

impl Muscle {
    /// Where the muscle lies along its limb.
    pub fn limb_level(&self) -> LimbLevel {
        let is = |ids: &[&str]| ids.contains(&self.id);
        if is(&FOOT) {
            LimbLevel::Foot
        } else if is(&BELOW_KNEE) {
            LimbLevel::BelowKnee
        } else if is(&HAND) {
            LimbLevel::Hand
        } else if is(&PROXIMAL) || self.nerve == PeripheralNerve::DorsalRami {
            LimbLevel::Proximal
        } else {
            LimbLevel::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grouped_muscle_is_in_the_catalogue() {
        for id in FOOT.iter().chain(&BELOW_KNEE).chain(&HAND).chain(&PROXIMAL) {
            assert!(super::super::by_id(id).is_some(), "{id}");
        }
        let level = |id: &str| super::super::by_id(id).unwrap().limb_level();
        assert_eq!(level("paraspinal_t10"), LimbLevel::Proximal);
        assert_eq!(level("flexor_carpi_radialis"), LimbLevel::Other);
    }
}
