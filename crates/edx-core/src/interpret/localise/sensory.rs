//! The sensory studies that localise, by the plexus elements and nerves their fibres pass. A
//! root lesion spares them all (the sensory ganglion lies outside it, domain.md §5.3); a plexus
//! or nerve lesion lowers those whose fibres pass it.

use super::candidates::{Lesion, NerveSite};
use crate::model::{Nerve, Side};
use crate::muscles::{Cord, PlexusElement};

/// Chance of an abnormal sensory response a lesion does not reach, or a root lesion's (its
/// ganglion lies outside the lesion, domain.md §5.3).
pub(super) const SENSORY_SPARED_CHANCE: f64 = 0.05;
/// Chance of an abnormal sensory response of a nerve whose sensory fibres pass the lesion
/// (edxview's own).
const SENSORY_REACHED_CHANCE: f64 = 0.85;
/// Chance of an abnormal superficial peroneal response in a lesion of the lumbosacral trunk or
/// sacral plexus: Tsao 2007 (domain.md §5.1, verified) reads a present response as placing an
/// L5 lesion before the sensory ganglion, so a lesion beyond it is taken to lower it nearly
/// always (the 0.95 is edxview's reading).
const SUPERFICIAL_PERONEAL_PLEXUS_CHANCE: f64 = 0.95;
/// Chance of an abnormal arm sensory response in a length-dependent polyneuropathy (edxview's
/// own: the feet first, the hands later, domain.md §5.3 rule 4).
const POLYNEUROPATHY_ARM_CHANCE: f64 = 0.3;
/// The saphenous nerve's chance in a length-dependent polyneuropathy (edxview's own: shorter
/// than the sural, longer than the arm's).
const POLYNEUROPATHY_SAPHENOUS_CHANCE: f64 = 0.5;
/// Chance that a sensory response is abnormal in a demyelinating polyneuropathy, and the
/// sural response (edxview's own: spared more often, domain.md §3.2).
const DEMYELINATING_SENSORY_CHANCE: f64 = 0.6;
const DEMYELINATING_SURAL_CHANCE: f64 = 0.4;

/// A sensory study edxview knows the course of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SensoryStudy {
    /// Median nerve to the thumb (digit 1): upper trunk and lateral cord fibres.
    MedianThumb,
    /// Median nerve to the index finger (digit 2), or a median site not named.
    MedianIndex,
    /// Median nerve to the middle finger (digit 3): middle trunk and lateral cord fibres.
    MedianMiddle,
    /// Ulnar nerve to the little finger (digit 5) or the ring finger: lower trunk, medial cord.
    UlnarLittle,
    /// Dorsal ulnar cutaneous nerve: leaves the ulnar nerve above the wrist.
    DorsalUlnarCutaneous,
    /// Superficial radial sensory nerve: posterior cord, upper trunk.
    Radial,
    /// Lateral antebrachial cutaneous nerve: the end of the musculocutaneous, upper trunk.
    LateralAntebrachialCutaneous,
    /// Medial antebrachial cutaneous nerve: straight from the medial cord, lower trunk.
    MedialAntebrachialCutaneous,
    /// Sural nerve: sacral plexus, sciatic nerve.
    Sural,
    /// Superficial peroneal (fibular) nerve: lumbosacral trunk and sacral plexus, sciatic,
    /// common peroneal.
    SuperficialPeroneal,
    /// Saphenous nerve: the end of the femoral, lumbar plexus.
    Saphenous,
}

impl SensoryStudy {
    /// Every study, in the order the impression suggests them as what would tell two lesions apart.
    pub const ALL: [SensoryStudy; 11] = [
        SensoryStudy::SuperficialPeroneal,
        SensoryStudy::Sural,
        SensoryStudy::Saphenous,
        SensoryStudy::UlnarLittle,
        SensoryStudy::DorsalUlnarCutaneous,
        SensoryStudy::MedialAntebrachialCutaneous,
        SensoryStudy::MedianThumb,
        SensoryStudy::MedianIndex,
        SensoryStudy::MedianMiddle,
        SensoryStudy::LateralAntebrachialCutaneous,
        SensoryStudy::Radial,
    ];

    /// The study of `nerve` recorded at `recording_site`, where edxview knows its course. A
    /// nerve the model has no name for is read from the name the file gives it ("Lateral
    /// antebrachial cutaneous", "LABC", "Saphenous").
    pub fn identify(nerve: &Nerve, recording_site: &str) -> Option<SensoryStudy> {
        let site = recording_site.to_ascii_lowercase();
        let at_digit = |digit: char, word: &str| site.contains(word) || site.chars().any(|c| c == digit);
        Some(match nerve {
            Nerve::Median if at_digit('1', "thumb") => SensoryStudy::MedianThumb,
            Nerve::Median if at_digit('3', "middle") => SensoryStudy::MedianMiddle,
            Nerve::Median => SensoryStudy::MedianIndex,
            Nerve::Ulnar if site.contains("dorsal") || site.contains("duc") => SensoryStudy::DorsalUlnarCutaneous,
            Nerve::Ulnar => SensoryStudy::UlnarLittle,
            Nerve::Radial => SensoryStudy::Radial,
            Nerve::Sural => SensoryStudy::Sural,
            Nerve::SuperficialPeroneal => SensoryStudy::SuperficialPeroneal,
            Nerve::Peroneal | Nerve::Tibial => return None,
            Nerve::Other(name) => {
                let name = name.to_ascii_lowercase();
                let has = |words: &[&str]| words.iter().any(|word| name.contains(word));
                if has(&["lateral antebrachial", "labc", "lateral cutaneous nerve of the forearm"]) {
                    SensoryStudy::LateralAntebrachialCutaneous
                } else if has(&["medial antebrachial", "mabc", "medial cutaneous nerve of the forearm"]) {
                    SensoryStudy::MedialAntebrachialCutaneous
                } else if has(&["dorsal ulnar", "duc"]) {
                    SensoryStudy::DorsalUlnarCutaneous
                } else if has(&["saphenous"]) {
                    SensoryStudy::Saphenous
                } else if has(&["superficial radial"]) {
                    SensoryStudy::Radial
                } else {
                    return None;
                }
            }
        })
    }

    /// The nerve as a list of responses names it: "superficial peroneal", "median (thumb)".
    pub fn short_name(self) -> &'static str {
        match self {
            SensoryStudy::MedianThumb => "median (thumb)",
            SensoryStudy::MedianIndex => "median",
            SensoryStudy::MedianMiddle => "median (middle finger)",
            SensoryStudy::UlnarLittle => "ulnar",
            SensoryStudy::DorsalUlnarCutaneous => "dorsal ulnar cutaneous",
            SensoryStudy::Radial => "radial",
            SensoryStudy::LateralAntebrachialCutaneous => "lateral antebrachial cutaneous",
            SensoryStudy::MedialAntebrachialCutaneous => "medial antebrachial cutaneous",
            SensoryStudy::Sural => "sural",
            SensoryStudy::SuperficialPeroneal => "superficial peroneal",
            SensoryStudy::Saphenous => "saphenous",
        }
    }

    /// The response on `side` as a sentence names it: "the left superficial peroneal sensory
    /// response".
    pub fn name_on(self, side: Side) -> String {
        format!("the {} {} sensory response", side.to_string().to_lowercase(), self.short_name())
    }

    /// The nerve trunk its fibres run in, as the catalogue names the nerves of muscles
    /// (`Debug` of `PeripheralNerve`), or its own name where it leaves the plexus alone.
    pub fn trunk_nerve(self) -> &'static str {
        match self {
            SensoryStudy::MedianThumb | SensoryStudy::MedianIndex | SensoryStudy::MedianMiddle => "Median",
            SensoryStudy::UlnarLittle | SensoryStudy::DorsalUlnarCutaneous => "Ulnar",
            SensoryStudy::Radial => "Radial",
            SensoryStudy::LateralAntebrachialCutaneous => "Musculocutaneous",
            SensoryStudy::MedialAntebrachialCutaneous => "MedialAntebrachialCutaneous",
            SensoryStudy::Sural => "Tibial",
            SensoryStudy::SuperficialPeroneal => "Peroneal",
            SensoryStudy::Saphenous => "Femoral",
        }
    }

    /// Whether the study is of the leg.
    pub fn is_leg(self) -> bool {
        matches!(self, SensoryStudy::Sural | SensoryStudy::SuperficialPeroneal | SensoryStudy::Saphenous)
    }

    /// How likely the study, on `side`, is abnormal under `lesion`.
    pub fn abnormal_chance(self, lesion: &Lesion, side: Side) -> f64 {
        let on = |lesion_side: &Side| *lesion_side == side;
        match lesion {
            Lesion::Plexus(element, lesion_side) if on(lesion_side) => self.plexus_chance(*element),
            Lesion::Nerve(site, lesion_side) if on(lesion_side) && passes(site, self) => SENSORY_REACHED_CHANCE,
            Lesion::LengthDependentPolyneuropathy => match self {
                SensoryStudy::Sural | SensoryStudy::SuperficialPeroneal => SENSORY_REACHED_CHANCE,
                SensoryStudy::Saphenous => POLYNEUROPATHY_SAPHENOUS_CHANCE,
                _ => POLYNEUROPATHY_ARM_CHANCE,
            },
            // Not length-dependent: the arms as often as the legs, the sural spared in some
            // (the supportive pattern of EFNS/PNS 2010, domain.md §3.2; edxview's own chances).
            Lesion::DemyelinatingPolyneuropathy => match self {
                SensoryStudy::Sural => DEMYELINATING_SURAL_CHANCE,
                _ => DEMYELINATING_SENSORY_CHANCE,
            },
            _ => SENSORY_SPARED_CHANCE,
        }
    }

    /// Chance that the study is abnormal in a lesion of `element`: the trunk-level table of
    /// Ferrante & Wilbourn 1995 (53 single-trunk lesions, abnormal meaning absent, below the
    /// laboratory's limit or at most half the other side, domain.md §5.6): upper trunk
    /// median-D1 25/26, lateral antebrachial cutaneous 25/26, radial 15/26, median-D2 5/26;
    /// middle trunk median-D3 1/1; lower trunk ulnar-D5 25/26, dorsal ulnar cutaneous 22/23,
    /// medial antebrachial cutaneous 11/17. The cords by the nerves they form, the lumbar
    /// plexus by the saphenous, the lumbosacral trunk and sacral plexus by their L5 and S1
    /// fibres (standard anatomy, edxview's own chances; the superficial peroneal after Tsao 2007).
    fn plexus_chance(self, element: PlexusElement) -> f64 {
        use SensoryStudy::*;
        match (element, self) {
            (PlexusElement::UpperTrunk, MedianThumb | LateralAntebrachialCutaneous) => 25.0 / 26.0,
            (PlexusElement::UpperTrunk, Radial) => 15.0 / 26.0,
            (PlexusElement::UpperTrunk, MedianIndex) => 5.0 / 26.0,
            (PlexusElement::MiddleTrunk, MedianMiddle) => SENSORY_REACHED_CHANCE,
            (PlexusElement::LowerTrunk, UlnarLittle) => 25.0 / 26.0,
            (PlexusElement::LowerTrunk, DorsalUlnarCutaneous) => 22.0 / 23.0,
            (PlexusElement::LowerTrunk, MedialAntebrachialCutaneous) => 11.0 / 17.0,
            (
                PlexusElement::Cord(Cord::Lateral),
                MedianThumb | MedianIndex | MedianMiddle | LateralAntebrachialCutaneous,
            )
            | (PlexusElement::Cord(Cord::Medial), UlnarLittle | DorsalUlnarCutaneous | MedialAntebrachialCutaneous)
            | (PlexusElement::Cord(Cord::Posterior), Radial)
            | (PlexusElement::LumbarPlexus, Saphenous)
            | (PlexusElement::SacralPlexus, Sural) => SENSORY_REACHED_CHANCE,
            (PlexusElement::LumbosacralTrunk | PlexusElement::SacralPlexus, SuperficialPeroneal) => {
                SUPERFICIAL_PERONEAL_PLEXUS_CHANCE
            }
            _ => SENSORY_SPARED_CHANCE,
        }
    }
}

/// Whether the fibres of `study` pass nerve site `site`.
fn passes(site: &NerveSite, study: SensoryStudy) -> bool {
    site.sensory.contains(&study)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn studies_are_known_by_nerve_site_and_the_names_files_give_them() {
        let other = |name: &str| Nerve::Other(name.into());
        assert_eq!(SensoryStudy::identify(&Nerve::Median, "Digit 1"), Some(SensoryStudy::MedianThumb));
        assert_eq!(SensoryStudy::identify(&Nerve::Median, "D3"), Some(SensoryStudy::MedianMiddle));
        assert_eq!(SensoryStudy::identify(&Nerve::Median, "Digit 2"), Some(SensoryStudy::MedianIndex));
        assert_eq!(SensoryStudy::identify(&Nerve::Ulnar, "Dorsal hand"), Some(SensoryStudy::DorsalUlnarCutaneous));
        assert_eq!(
            SensoryStudy::identify(&other("Lateral antebrachial cutaneous"), "Forearm"),
            Some(SensoryStudy::LateralAntebrachialCutaneous)
        );
        assert_eq!(SensoryStudy::identify(&other("MABC"), "Forearm"), Some(SensoryStudy::MedialAntebrachialCutaneous));
        assert_eq!(SensoryStudy::identify(&other("Saphenous"), "Medial ankle"), Some(SensoryStudy::Saphenous));
        assert_eq!(SensoryStudy::identify(&other("Phrenic"), "Diaphragm"), None);
    }

    #[test]
    fn a_root_spares_every_sensory_response_and_a_trunk_lowers_its_own() {
        use crate::muscles::Root;
        let root = Lesion::Root(Root::C6, Side::Right);
        let upper = Lesion::Plexus(PlexusElement::UpperTrunk, Side::Right);
        for study in SensoryStudy::ALL {
            assert_eq!(study.abnormal_chance(&root, Side::Right), SENSORY_SPARED_CHANCE);
        }
        assert!(SensoryStudy::LateralAntebrachialCutaneous.abnormal_chance(&upper, Side::Right) > 0.9);
        assert_eq!(
            SensoryStudy::LateralAntebrachialCutaneous.abnormal_chance(&upper, Side::Left),
            SENSORY_SPARED_CHANCE,
            "the other side"
        );
        assert_eq!(SensoryStudy::UlnarLittle.abnormal_chance(&upper, Side::Right), SENSORY_SPARED_CHANCE);
    }
}
