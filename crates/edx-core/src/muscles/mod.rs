//! The muscles a needle examination samples, as cited data: each muscle's peripheral nerve and
//! branch, where it leaves the plexus, its roots with the major ones marked, how often a
//! surgically or radiologically confirmed lesion of each root showed in it, and the source of
//! every row (domain.md §5.1–§5.4). Rows domain.md marks unverified say so ([`Evidence`]), and
//! views that rest on them must too.
//!
//! [`identify`] reads a muscle and side from the text of a channel label, an EDF+ recording
//! field or a report (`L_Tib_Ant`, `TibAnt L`, `EMG L Tibialis a`), and says so when it cannot
//! tell, instead of guessing.

mod catalogue;
mod groups;
mod label;
mod roots;

pub use catalogue::CATALOGUE;
pub use groups::LimbLevel;
pub use label::{identify, Identified};
pub use roots::{Cord, PlexusElement, Root};

/// How firmly a catalogue row rests on its source (domain.md §0's tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Evidence {
    /// Confirmed in the cited source's own text or abstract.
    Verified,
    /// Read in a third party's account of the named source.
    Secondary,
    /// Standard anatomy not yet checked against a primary text (domain.md §5.2 names Preston &
    /// Shapiro tables 32.3/32.4 or Wilbourn & Aminoff to check it against).
    Unverified,
}

impl Evidence {
    /// The words a view prints next to a row resting on it.
    pub fn label(self) -> &'static str {
        match self {
            Evidence::Verified => "verified in its source",
            Evidence::Secondary => "from a secondary account of its source",
            Evidence::Unverified => "standard anatomy, not yet verified in a primary source",
        }
    }
}

/// The nerve a muscle is supplied by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum PeripheralNerve {
    /// From the C5 root, before the plexus.
    DorsalScapular,
    /// From the C5–C7 roots, before the plexus.
    LongThoracic,
    /// From the upper trunk.
    Suprascapular,
    /// From the posterior cord.
    Axillary,
    /// From the lateral cord.
    Musculocutaneous,
    /// From the posterior cord; its deep branch is the posterior interosseous nerve.
    Radial,
    /// From the lateral and medial cords; its branch in the forearm is the anterior interosseous.
    Median,
    /// From the medial cord.
    Ulnar,
    /// From the lumbar plexus.
    Femoral,
    /// From the lumbar plexus.
    Obturator,
    /// From the sacral plexus.
    SuperiorGluteal,
    /// From the sacral plexus.
    InferiorGluteal,
    /// From the sacral plexus; its peroneal and tibial divisions continue as those nerves.
    Sciatic,
    /// The common peroneal (fibular) nerve, with its deep and superficial branches.
    Peroneal,
    /// With its medial and lateral plantar branches.
    Tibial,
    /// The dorsal rami of the spinal nerves, which supply the paraspinal muscles segment by
    /// segment without passing through a plexus.
    DorsalRami,
    /// Cranial nerve XII.
    Hypoglossal,
    /// Cranial nerve V, its mandibular division.
    Trigeminal,
}

impl PeripheralNerve {
    /// The nerve's name as reports print it.
    pub fn label(self) -> &'static str {
        match self {
            PeripheralNerve::DorsalScapular => "dorsal scapular",
            PeripheralNerve::LongThoracic => "long thoracic",
            PeripheralNerve::Suprascapular => "suprascapular",
            PeripheralNerve::Axillary => "axillary",
            PeripheralNerve::Musculocutaneous => "musculocutaneous",
            PeripheralNerve::Radial => "radial",
            PeripheralNerve::Median => "median",
            PeripheralNerve::Ulnar => "ulnar",
            PeripheralNerve::Femoral => "femoral",
            PeripheralNerve::Obturator => "obturator",
            PeripheralNerve::SuperiorGluteal => "superior gluteal",
            PeripheralNerve::InferiorGluteal => "inferior gluteal",
            PeripheralNerve::Sciatic => "sciatic",
            PeripheralNerve::Peroneal => "peroneal (fibular)",
            PeripheralNerve::Tibial => "tibial",
            PeripheralNerve::DorsalRami => "dorsal rami",
            PeripheralNerve::Hypoglossal => "hypoglossal (XII)",
            PeripheralNerve::Trigeminal => "trigeminal (V, mandibular division)",
        }
    }
}

/// Where a muscle's nerve leaves the roots on its way: what decides whether a plexus lesion can
/// reach it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Origin {
    /// From the roots themselves, before the plexus (dorsal scapular, long thoracic): spared by
    /// a plexus lesion, abnormal in a root lesion.
    Roots,
    /// From the upper trunk of the brachial plexus (suprascapular).
    UpperTrunk,
    /// From cords of the brachial plexus, through the trunks its roots form.
    Cords(&'static [Cord]),
    /// From the lumbar plexus (L2–L4).
    LumbarPlexus,
    /// From the sacral plexus (L4–S3, L4 and L5 joining it as the lumbosacral trunk).
    SacralPlexus,
    /// From the dorsal rami: the paraspinal muscles, abnormal in a root lesion and spared in a
    /// plexus or nerve lesion (domain.md §5.3).
    DorsalRami,
    /// From a cranial nerve: the bulbar region of the motor neuron disease criteria (§5.6).
    CranialNerve,
}

/// The body region a muscle belongs to, as the motor neuron disease criteria count regions
/// (bulbar, cervical, thoracic, lumbosacral; Gold Coast, domain.md §5.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum BodyRegion {
    /// Muscles of cranial nerves.
    Bulbar,
    /// The arm, shoulder girdle and cervical paraspinals.
    Cervical,
    /// The thoracic paraspinals.
    Thoracic,
    /// The leg, hip girdle and lumbosacral paraspinals.
    Lumbosacral,
}

/// How often a confirmed lesion of `root` showed in the muscle: `abnormal` of `examined`
/// patients (fibrillation potentials in the muscle), in `source`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct RootFinding {
    /// The root whose lesion was confirmed.
    pub root: Root,
    /// Patients in whom the muscle was abnormal.
    pub abnormal: u32,
    /// Patients with that root's lesion in whom the muscle was examined.
    pub examined: u32,
    /// The study, with the strength of its account.
    pub source: &'static str,
    /// Whether domain.md read it in the source itself or in a secondary account.
    pub evidence: Evidence,
}

/// One row of the catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Muscle {
    /// A stable identifier, kept in study files: `tibialis_anterior`, `paraspinal_l5`.
    pub id: &'static str,
    /// The name as reports print it.
    pub name: &'static str,
    /// Abbreviations and spellings found in channel labels and reports, lower case, words
    /// separated by single spaces (`tib ant`, `ta`); [`identify`] also reads them run together
    /// (`tibant`).
    pub spellings: &'static [&'static str],
    /// The peripheral nerve.
    pub nerve: PeripheralNerve,
    /// The branch of that nerve, where the muscle has its own (`deep peroneal`, `posterior
    /// interosseous`).
    pub branch: Option<&'static str>,
    /// Where its nerve leaves the roots.
    pub origin: Origin,
    /// Its roots, upper to lower.
    pub roots: &'static [Root],
    /// The roots its source marks as major; empty where none is marked.
    pub major_roots: &'static [Root],
    /// How often confirmed root lesions showed in it, where a source counts them.
    pub root_findings: &'static [RootFinding],
    /// How firmly its nerve and roots rest on `source`.
    pub evidence: Evidence,
    /// The source of its nerve and roots.
    pub source: &'static str,
    /// What a reader of its findings should know (a normal variant, a caution), with its source.
    pub note: Option<&'static str>,
}

impl Muscle {
    /// The body region it belongs to.
    pub fn region(&self) -> BodyRegion {
        match (self.origin, self.roots.first()) {
            (Origin::CranialNerve, _) => BodyRegion::Bulbar,
            (_, Some(root)) if root.is_cervical() => BodyRegion::Cervical,
            (_, Some(root)) if root.is_thoracic() => BodyRegion::Thoracic,
            _ => BodyRegion::Lumbosacral,
        }
    }

    /// The plexus elements its nerve fibres pass through, root to nerve: for a cord's muscle,
    /// the trunks its roots form, the division and the cord; none for a muscle supplied from
    /// the roots or the dorsal rami.
    pub fn plexus_elements(&self) -> Vec<PlexusElement> {
        match self.origin {
            Origin::Roots | Origin::DorsalRami | Origin::CranialNerve => Vec::new(),
            Origin::UpperTrunk => vec![PlexusElement::UpperTrunk],
            Origin::Cords(cords) => {
                let mut elements: Vec<PlexusElement> = Vec::new();
                for root in self.roots {
                    if let Some(trunk) = root.trunk() {
                        if !elements.contains(&trunk) {
                            elements.push(trunk);
                        }
                    }
                }
                for cord in cords {
                    let division = cord.division();
                    if !elements.contains(&division) {
                        elements.push(division);
                    }
                }
                elements.extend(cords.iter().map(|&cord| PlexusElement::Cord(cord)));
                elements
            }
            Origin::LumbarPlexus => vec![PlexusElement::LumbarPlexus],
            Origin::SacralPlexus => {
                let mut elements = Vec::new();
                if self.roots.iter().any(|root| matches!(root, Root::L4 | Root::L5)) {
                    elements.push(PlexusElement::LumbosacralTrunk);
                }
                elements.push(PlexusElement::SacralPlexus);
                elements
            }
        }
    }

    /// Whether `root` is among those its source marks as major.
    pub fn is_major_root(&self, root: Root) -> bool {
        self.major_roots.contains(&root)
    }
}

/// The catalogue row with identifier `id`.
pub fn by_id(id: &str) -> Option<&'static Muscle> {
    CATALOGUE.iter().find(|muscle| muscle.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_muscle_a_routine_study_uses_is_in_the_catalogue() {
        let required = [
            "rhomboids",
            "serratus_anterior",
            "supraspinatus",
            "infraspinatus",
            "deltoid",
            "biceps_brachii",
            "brachioradialis",
            "extensor_carpi_radialis_longus",
            "extensor_carpi_radialis_brevis",
            "supinator",
            "pronator_teres",
            "flexor_carpi_radialis",
            "flexor_carpi_ulnaris",
            "flexor_digitorum_profundus_2_3",
            "flexor_digitorum_profundus_4_5",
            "flexor_pollicis_longus",
            "pronator_quadratus",
            "extensor_digitorum_communis",
            "extensor_indicis",
            "triceps",
            "anconeus",
            "abductor_pollicis_brevis",
            "opponens_pollicis",
            "first_dorsal_interosseous",
            "abductor_digiti_minimi",
            "iliopsoas",
            "adductor_longus",
            "rectus_femoris",
            "vastus_medialis",
            "vastus_lateralis",
            "tibialis_anterior",
            "extensor_hallucis_longus",
            "extensor_digitorum_brevis",
            "peroneus_longus",
            "tibialis_posterior",
            "flexor_digitorum_longus",
            "gastrocnemius_medial",
            "gastrocnemius_lateral",
            "soleus",
            "abductor_hallucis",
            "abductor_digiti_quinti_pedis",
            "biceps_femoris_short_head",
            "biceps_femoris_long_head",
            "semitendinosus",
            "gluteus_medius",
            "gluteus_maximus",
            "tensor_fasciae_latae",
            "paraspinal_c5",
            "paraspinal_t10",
            "paraspinal_l5",
            "paraspinal_s1",
            "genioglossus",
            "masseter",
        ];
        let missing: Vec<&str> = required.into_iter().filter(|id| by_id(id).is_none()).collect();
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn every_row_is_well_formed_and_carries_its_source() {
        for (idx, muscle) in CATALOGUE.iter().enumerate() {
            assert!(CATALOGUE[..idx].iter().all(|other| other.id != muscle.id), "{} twice", muscle.id);
            assert!(muscle
                .id
                .chars()
                .all(|character| character.is_ascii_lowercase() || character.is_ascii_digit() || character == '_'));
            assert!(!muscle.source.is_empty(), "{}", muscle.id);
            assert!(muscle.roots.windows(2).all(|pair| pair[0] < pair[1]), "{}: roots upper to lower", muscle.id);
            assert!(muscle.major_roots.iter().all(|root| muscle.roots.contains(root)), "{}", muscle.id);
            for finding in muscle.root_findings {
                assert!(finding.abnormal <= finding.examined && !finding.source.is_empty(), "{}", muscle.id);
                assert!(
                    muscle.roots.contains(&finding.root),
                    "{}: a finding for {}, not among its roots",
                    muscle.id,
                    finding.root
                );
            }
            if muscle.evidence == Evidence::Verified {
                assert!(muscle.source.contains("19") || muscle.source.contains("20"), "{}: a dated source", muscle.id);
            }
            for spelling in muscle.spellings {
                let words: Vec<&str> = spelling.split(' ').collect();
                assert!(
                    words
                        .iter()
                        .all(|word| !word.is_empty()
                            && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())),
                    "{}: {spelling:?} is not lower-case words separated by single spaces",
                    muscle.id
                );
            }
        }
    }

    #[test]
    fn every_spelling_and_name_reads_back_as_its_own_muscle() {
        for muscle in CATALOGUE.iter().filter(|muscle| !muscle.id.starts_with("paraspinal")) {
            for text in std::iter::once(muscle.name).chain(muscle.spellings.iter().copied()) {
                assert_eq!(identify(text).muscle().map(|found| found.id), Some(muscle.id), "{text:?}");
            }
        }
        for root in Root::ALL.into_iter().filter(|root| *root <= Root::S1 && *root >= Root::C3) {
            let id = format!("paraspinal_{}", root.to_string().to_lowercase());
            assert_eq!(identify(&format!("{root} paraspinal")).muscle().map(|found| found.id), Some(id.as_str()));
        }
    }

    #[test]
    fn a_muscle_knows_the_plexus_elements_and_region_its_supply_passes() {
        let elements = |id: &str| by_id(id).unwrap().plexus_elements();
        assert_eq!(
            elements("deltoid"),
            [PlexusElement::UpperTrunk, PlexusElement::PosteriorDivisions, PlexusElement::Cord(Cord::Posterior)]
        );
        assert_eq!(
            elements("flexor_pollicis_longus"),
            [
                PlexusElement::MiddleTrunk,
                PlexusElement::LowerTrunk,
                PlexusElement::AnteriorDivisions,
                PlexusElement::Cord(Cord::Lateral),
                PlexusElement::Cord(Cord::Medial)
            ]
        );
        assert!(elements("rhomboids").is_empty(), "supplied from the root, before the plexus");
        assert!(elements("paraspinal_c6").is_empty());
        assert_eq!(elements("tibialis_anterior"), [PlexusElement::LumbosacralTrunk, PlexusElement::SacralPlexus]);
        assert_eq!(elements("vastus_lateralis"), [PlexusElement::LumbarPlexus]);
        let region = |id: &str| by_id(id).unwrap().region();
        assert_eq!(region("genioglossus"), BodyRegion::Bulbar);
        assert_eq!(region("abductor_pollicis_brevis"), BodyRegion::Cervical);
        assert_eq!(region("paraspinal_t6"), BodyRegion::Thoracic);
        assert_eq!(region("tibialis_anterior"), BodyRegion::Lumbosacral);
        assert!(by_id("tibialis_posterior").unwrap().is_major_root(Root::L5));
    }
}
