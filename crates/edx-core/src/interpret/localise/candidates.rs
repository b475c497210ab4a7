//! The lesions an explanation is sought among, and what each predicts: for every muscle, how
//! likely the lesion is to show in it and whether as denervation of nerve or of muscle; for every
//! sensory response, how likely it is to be abnormal.

use super::sensory::SensoryStudy;
use crate::model::Side;
use crate::muscles::{LimbLevel, Muscle, PlexusElement, Root};

/// The roots a radiculopathy is sought at (issue scope: C5–T1 and L2–S1).
const ROOTS: [Root; 10] =
    [Root::C5, Root::C6, Root::C7, Root::C8, Root::T1, Root::L2, Root::L3, Root::L4, Root::L5, Root::S1];

/// Chance that a lesion of a root shows in a muscle it supplies as a major root (or its only
/// root), and as a minor one, where no source counts it (edxview's own, as the simulator's).
const MAJOR_ROOT_CHANCE: f64 = 0.8;
const MINOR_ROOT_CHANCE: f64 = 0.2;
/// Chance that a root lesion shows in the paraspinals of its level where no source counts them:
/// about half, as the lumbar counts of Tsao 2003 have it (12 of 26 L5 lesions, 3 of 12 S1,
/// domain.md §5.4; edxview's reading for the other levels).
const PARASPINAL_ROOT_CHANCE: f64 = 0.5;
/// Chance that a nerve or plexus lesion shows in a muscle whose fibres pass the lesion
/// (edxview's own: a partial lesion spares some).
const NERVE_CHANCE: f64 = 0.9;
/// Chance that anything shows where a lesion does not reach: examiners' variation, a normal
/// variant (abductor hallucis fibrillates in a fifth of normal feet, domain.md §5.2).
pub(super) const BACKGROUND_CHANCE: f64 = 0.03;

/// What kind of denervation a lesion gives a muscle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denervation {
    /// Of nerve: large, long or polyphasic units, reduced recruitment, fibrillation potentials.
    Neurogenic,
    /// Of muscle: small, short units, early recruitment; fibrillation potentials in some.
    Myopathic,
}

/// A lesion an explanation is sought among.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lesion {
    /// Nothing: every finding is chance.
    None,
    /// A spinal root on one side.
    Root(Root, Side),
    /// A plexus element on one side.
    Plexus(PlexusElement, Side),
    /// A named nerve at a site, on one side.
    Nerve(NerveSite, Side),
    /// A length-dependent polyneuropathy: both sides, feet first.
    LengthDependentPolyneuropathy,
    /// A demyelinating polyneuropathy, not length-dependent: slowing, block and dispersion in
    /// several nerves, away from the sites where nerves are compressed.
    DemyelinatingPolyneuropathy,
    /// Loss of motor neurons in several regions, sensory fibres spared.
    MotorNeuronDisease,
    /// A myopathy, proximal muscles first.
    Myopathy,
}

/// A nerve at the site where it is commonly damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NerveSite {
    /// "median nerve at the wrist".
    pub name: &'static str,
    /// The muscles below the site, by catalogue identifier (standard anatomy).
    pub muscles: &'static [&'static str],
    /// The sensory studies whose fibres pass the site.
    pub sensory: &'static [SensoryStudy],
}

/// The nerve sites edxview considers (issue 18's list); the muscles below each are standard
/// anatomy, as the catalogue's nerves are (unverified, domain.md §5.2).
pub static NERVE_SITES: &[NerveSite] = &[
    NerveSite {
        name: "median nerve at the wrist",
        muscles: &["abductor_pollicis_brevis", "opponens_pollicis"],
        sensory: &[SensoryStudy::MedianThumb, SensoryStudy::MedianIndex, SensoryStudy::MedianMiddle],
    },
    NerveSite {
        name: "anterior interosseous nerve",
        muscles: &["flexor_pollicis_longus", "flexor_digitorum_profundus_2_3", "pronator_quadratus"],
        sensory: &[],
    },
    NerveSite {
        name: "median nerve at or above the elbow",
        muscles: &[
            "pronator_teres",
            "flexor_carpi_radialis",
            "flexor_pollicis_longus",
            "flexor_digitorum_profundus_2_3",
            "pronator_quadratus",
            "abductor_pollicis_brevis",
            "opponens_pollicis",
        ],
        sensory: &[SensoryStudy::MedianThumb, SensoryStudy::MedianIndex, SensoryStudy::MedianMiddle],
    },
    NerveSite {
        name: "ulnar nerve at the wrist",
        muscles: &["first_dorsal_interosseous", "abductor_digiti_minimi"],
        sensory: &[],
    },
    NerveSite {
        name: "ulnar nerve at the elbow",
        muscles: &[
            "flexor_carpi_ulnaris",
            "flexor_digitorum_profundus_4_5",
            "first_dorsal_interosseous",
            "abductor_digiti_minimi",
        ],
        sensory: &[SensoryStudy::UlnarLittle, SensoryStudy::DorsalUlnarCutaneous],
    },
    NerveSite {
        name: "radial nerve at the spiral groove",
        muscles: &[
            "brachioradialis",
            "extensor_carpi_radialis_longus",
            "extensor_carpi_radialis_brevis",
            "supinator",
            "extensor_digitorum_communis",
            "extensor_indicis",
        ],
        sensory: &[SensoryStudy::Radial],
    },
    NerveSite {
        name: "posterior interosseous nerve",
        muscles: &["supinator", "extensor_digitorum_communis", "extensor_indicis"],
        sensory: &[],
    },
    NerveSite { name: "axillary nerve", muscles: &["deltoid"], sensory: &[] },
    NerveSite { name: "suprascapular nerve", muscles: &["supraspinatus", "infraspinatus"], sensory: &[] },
    NerveSite {
        name: "musculocutaneous nerve",
        muscles: &["biceps_brachii"],
        sensory: &[SensoryStudy::LateralAntebrachialCutaneous],
    },
    NerveSite { name: "long thoracic nerve", muscles: &["serratus_anterior"], sensory: &[] },
    NerveSite {
        name: "femoral nerve",
        muscles: &["iliopsoas", "rectus_femoris", "vastus_medialis", "vastus_lateralis"],
        sensory: &[SensoryStudy::Saphenous],
    },
    NerveSite { name: "obturator nerve", muscles: &["adductor_longus"], sensory: &[] },
    NerveSite {
        name: "sciatic nerve",
        muscles: &[
            "biceps_femoris_short_head",
            "biceps_femoris_long_head",
            "semitendinosus",
            "tibialis_anterior",
            "extensor_hallucis_longus",
            "extensor_digitorum_longus",
            "extensor_digitorum_brevis",
            "peroneus_longus",
            "tibialis_posterior",
            "flexor_digitorum_longus",
            "gastrocnemius_medial",
            "gastrocnemius_lateral",
            "soleus",
            "abductor_hallucis",
            "abductor_digiti_quinti_pedis",
        ],
        sensory: &[SensoryStudy::Sural, SensoryStudy::SuperficialPeroneal],
    },
    NerveSite {
        name: "peroneal nerve at the fibular head",
        muscles: &[
            "tibialis_anterior",
            "extensor_hallucis_longus",
            "extensor_digitorum_longus",
            "extensor_digitorum_brevis",
            "peroneus_longus",
        ],
        sensory: &[SensoryStudy::SuperficialPeroneal],
    },
    NerveSite {
        name: "deep peroneal nerve",
        muscles: &[
            "tibialis_anterior",
            "extensor_hallucis_longus",
            "extensor_digitorum_longus",
            "extensor_digitorum_brevis",
        ],
        sensory: &[],
    },
    NerveSite {
        name: "tibial nerve at the ankle",
        muscles: &["abductor_hallucis", "abductor_digiti_quinti_pedis"],
        sensory: &[],
    },
];

impl Lesion {
    /// Every lesion an explanation is sought among, for a study with findings on `sides`.
    pub fn all(sides: &[Side]) -> Vec<Lesion> {
        let mut lesions = vec![
            Lesion::None,
            Lesion::LengthDependentPolyneuropathy,
            Lesion::DemyelinatingPolyneuropathy,
            Lesion::MotorNeuronDisease,
            Lesion::Myopathy,
        ];
        for &side in sides {
            lesions.extend(ROOTS.iter().map(|&root| Lesion::Root(root, side)));
            lesions.extend(PLEXUS.iter().map(|&element| Lesion::Plexus(element, side)));
            lesions.extend(NERVE_SITES.iter().map(|&site| Lesion::Nerve(site, side)));
        }
        lesions
    }

    /// How common the lesion is among the studies an EMG laboratory is asked for, before any
    /// finding: edxview's own rough shares of referrals (a normal study 0.3, radiculopathies
    /// 0.25, the common entrapments 0.2, a polyneuropathy 0.1, plexus and other single-nerve
    /// lesions rare, an acquired demyelinating polyneuropathy rarer), split among the cervical roots as Levin 1996 counted them (C5 14 %, C6
    /// 18 %, C7 56 %, C8 12 %, domain.md §5.1), among the lumbosacral roots as Tsao 2003 did
    /// (L4 5, L5 26, S1 12 of 45, §5.4), and among the brachial trunks as Ferrante & Wilbourn
    /// 1995 did (upper 26, middle 1, lower 26 of 53, §5.6). A focal lesion's share is per side.
    pub fn prior(&self) -> f64 {
        use crate::muscles::Cord;
        match self {
            Lesion::None => 0.3,
            Lesion::Root(root, _) => match root {
                Root::C5 => 0.1 * 0.14,
                Root::C6 => 0.1 * 0.18,
                Root::C7 => 0.1 * 0.56,
                Root::C8 => 0.1 * 0.12,
                Root::L4 => 0.15 * 5.0 / 45.0,
                Root::L5 => 0.15 * 26.0 / 45.0,
                Root::S1 => 0.15 * 12.0 / 45.0,
                _ => 0.002,
            },
            Lesion::Plexus(element, _) => match element {
                PlexusElement::UpperTrunk | PlexusElement::LowerTrunk => 0.005 * 26.0 / 26.0,
                PlexusElement::MiddleTrunk => 0.005 / 26.0,
                PlexusElement::Cord(Cord::Lateral | Cord::Medial | Cord::Posterior) => 0.002,
                _ => 0.003,
            },
            Lesion::Nerve(site, _) => match site.name {
                "median nerve at the wrist" => 0.12,
                "ulnar nerve at the elbow" => 0.05,
                "peroneal nerve at the fibular head" => 0.03,
                "radial nerve at the spiral groove" | "ulnar nerve at the wrist" => 0.01,
                _ => 0.003,
            },
            Lesion::LengthDependentPolyneuropathy => 0.1,
            Lesion::DemyelinatingPolyneuropathy => 0.005,
            Lesion::Myopathy => 0.02,
            Lesion::MotorNeuronDisease => 0.01,
        }
    }

    /// The lesion as a report names it: "a left L5 radiculopathy".
    pub fn name(&self) -> String {
        let side = |side: &Side| side.to_string().to_lowercase();
        match self {
            Lesion::None => "no lesion".to_string(),
            Lesion::Root(root, s) => format!("a {} {root} radiculopathy", side(s)),
            Lesion::Plexus(element, s) => format!("a {} {}", side(s), plexopathy(*element)),
            Lesion::Nerve(site, s) => format!("a {} {}", side(s), neuropathy_of(site.name)),
            Lesion::LengthDependentPolyneuropathy => "a length-dependent polyneuropathy".to_string(),
            Lesion::DemyelinatingPolyneuropathy => "a demyelinating polyneuropathy".to_string(),
            Lesion::MotorNeuronDisease => "widespread denervation in the pattern of motor neuron disease".to_string(),
            Lesion::Myopathy => "a myopathy".to_string(),
        }
    }

    /// How likely the lesion shows in `muscle` on `side`, and as what.
    pub fn reaches(&self, muscle: &Muscle, side: Side) -> (f64, Denervation) {
        let neurogenic = |chance: f64| (chance.max(BACKGROUND_CHANCE), Denervation::Neurogenic);
        let on = |lesion_side: &Side| *lesion_side == side;
        match self {
            Lesion::None => neurogenic(BACKGROUND_CHANCE),
            Lesion::Root(root, s) if on(s) => neurogenic(root_chance(muscle, *root)),
            Lesion::Plexus(element, s) if on(s) => {
                if !muscle.plexus_elements().contains(element) {
                    return neurogenic(BACKGROUND_CHANCE);
                }
                // A trunk or a cord carries some of a muscle's roots: its share as those roots'
                // chance.
                let roots = element_roots(*element);
                let chance = if roots.is_empty() {
                    NERVE_CHANCE
                } else {
                    roots.iter().map(|&root| root_chance(muscle, root)).fold(0.0, f64::max)
                };
                neurogenic(chance)
            }
            Lesion::Nerve(site, s) if on(s) => {
                neurogenic(if site.muscles.contains(&muscle.id) { NERVE_CHANCE } else { BACKGROUND_CHANCE })
            }
            // Feet first, then below the knee, then the hands (domain.md §5.3 rule 4); the
            // chances are edxview's own.
            Lesion::LengthDependentPolyneuropathy => neurogenic(match muscle.limb_level() {
                LimbLevel::Foot => 0.9,
                LimbLevel::BelowKnee => 0.7,
                LimbLevel::Hand => 0.3,
                LimbLevel::Proximal | LimbLevel::Other => BACKGROUND_CHANCE,
            }),
            // Secondary axon loss, distal more than proximal (edxview's own chances).
            Lesion::DemyelinatingPolyneuropathy => neurogenic(match muscle.limb_level() {
                LimbLevel::Foot | LimbLevel::BelowKnee | LimbLevel::Hand => 0.3,
                LimbLevel::Proximal | LimbLevel::Other => 0.1,
            }),
            Lesion::MotorNeuronDisease => neurogenic(0.8),
            // Proximal muscles and paraspinals first (edxview's own chances).
            Lesion::Myopathy => {
                let chance = if muscle.limb_level() == LimbLevel::Proximal { 0.8 } else { 0.2 };
                (chance, Denervation::Myopathic)
            }
            Lesion::Root(..) | Lesion::Plexus(..) | Lesion::Nerve(..) => neurogenic(BACKGROUND_CHANCE),
        }
    }

    /// Whether the lesion lies on one side (a focal lesion), and which.
    pub fn side(&self) -> Option<Side> {
        match self {
            Lesion::Root(_, side) | Lesion::Plexus(_, side) | Lesion::Nerve(_, side) => Some(*side),
            _ => None,
        }
    }
}

/// The plexus elements considered.
const PLEXUS: [PlexusElement; 9] = [
    PlexusElement::UpperTrunk,
    PlexusElement::MiddleTrunk,
    PlexusElement::LowerTrunk,
    PlexusElement::Cord(crate::muscles::Cord::Lateral),
    PlexusElement::Cord(crate::muscles::Cord::Medial),
    PlexusElement::Cord(crate::muscles::Cord::Posterior),
    PlexusElement::LumbarPlexus,
    PlexusElement::LumbosacralTrunk,
    PlexusElement::SacralPlexus,
];

/// The roots whose fibres a trunk or a cord carries; none for the other elements (every fibre
/// of a muscle that passes them). A cord's lesion is partial as a trunk's is: scoring a cord's
/// muscles at the nerve chance and the trunk's at their roots' counts made a medial cord lesion
/// fit a lower trunk one's findings better than the lower trunk itself (found by the random
/// study report: 11 lower trunk lesions named medial cord).
fn element_roots(element: PlexusElement) -> &'static [Root] {
    use crate::muscles::Cord;
    match element {
        PlexusElement::UpperTrunk => &[Root::C5, Root::C6],
        PlexusElement::MiddleTrunk => &[Root::C7],
        PlexusElement::LowerTrunk | PlexusElement::Cord(Cord::Medial) => &[Root::C8, Root::T1],
        PlexusElement::Cord(Cord::Lateral) => &[Root::C5, Root::C6, Root::C7],
        PlexusElement::Cord(Cord::Posterior) => &[Root::C5, Root::C6, Root::C7, Root::C8, Root::T1],
        PlexusElement::LumbosacralTrunk => &[Root::L4, Root::L5],
        _ => &[],
    }
}

/// Chance a lesion of `root` shows in `muscle`: the sources' count where there is one (domain.md
/// §5.4), else by whether the root is major.
fn root_chance(muscle: &Muscle, root: Root) -> f64 {
    if !muscle.roots.contains(&root) {
        return BACKGROUND_CHANCE;
    }
    match muscle.root_findings.iter().find(|finding| finding.root == root) {
        Some(finding) => f64::from(finding.abnormal) / f64::from(finding.examined.max(1)),
        None if muscle.nerve == crate::muscles::PeripheralNerve::DorsalRami => PARASPINAL_ROOT_CHANCE,
        None if muscle.roots.len() == 1 || muscle.is_major_root(root) => MAJOR_ROOT_CHANCE,
        None => MINOR_ROOT_CHANCE,
    }
}

/// "lower trunk brachial plexopathy", "lumbar plexopathy".
fn plexopathy(element: PlexusElement) -> String {
    match element {
        PlexusElement::LumbarPlexus => "lumbar plexopathy".to_string(),
        PlexusElement::SacralPlexus => "sacral plexopathy".to_string(),
        PlexusElement::LumbosacralTrunk => "lumbosacral trunk plexopathy".to_string(),
        other => format!("{} brachial plexopathy", other.label()),
    }
}

/// "median neuropathy at the wrist" from "median nerve at the wrist".
fn neuropathy_of(site: &str) -> String {
    site.replacen(" nerve", " neuropathy", 1)
}
