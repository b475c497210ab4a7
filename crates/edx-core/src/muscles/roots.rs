//! Spinal roots and the elements of the brachial and lumbosacral plexus.

use std::fmt;

/// A spinal root (or the segment a paraspinal muscle is sampled at).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[allow(missing_docs)]
pub enum Root {
    C3,
    C4,
    C5,
    C6,
    C7,
    C8,
    T1,
    T2,
    T3,
    T4,
    T5,
    T6,
    T7,
    T8,
    T9,
    T10,
    T11,
    T12,
    L1,
    L2,
    L3,
    L4,
    L5,
    S1,
    S2,
}

impl Root {
    /// Every root, upper to lower.
    pub const ALL: [Root; 25] = [
        Root::C3,
        Root::C4,
        Root::C5,
        Root::C6,
        Root::C7,
        Root::C8,
        Root::T1,
        Root::T2,
        Root::T3,
        Root::T4,
        Root::T5,
        Root::T6,
        Root::T7,
        Root::T8,
        Root::T9,
        Root::T10,
        Root::T11,
        Root::T12,
        Root::L1,
        Root::L2,
        Root::L3,
        Root::L4,
        Root::L5,
        Root::S1,
        Root::S2,
    ];

    /// The root named `text` ("C5", "l5", "S1"), if any.
    pub fn from_name(text: &str) -> Option<Root> {
        let text = text.trim();
        Root::ALL.into_iter().find(|root| root.to_string().eq_ignore_ascii_case(text))
    }

    /// Whether it is a cervical root (C3–C8).
    pub fn is_cervical(self) -> bool {
        self <= Root::C8
    }

    /// Whether it is a thoracic root (T1–T12).
    pub fn is_thoracic(self) -> bool {
        (Root::T1..=Root::T12).contains(&self)
    }

    /// The brachial plexus trunk it forms, if any: C5 and C6 the upper, C7 the middle, C8 and
    /// T1 the lower (standard anatomy, not yet verified in a primary source).
    pub fn trunk(self) -> Option<PlexusElement> {
        match self {
            Root::C5 | Root::C6 => Some(PlexusElement::UpperTrunk),
            Root::C7 => Some(PlexusElement::MiddleTrunk),
            Root::C8 | Root::T1 => Some(PlexusElement::LowerTrunk),
            _ => None,
        }
    }
}

impl fmt::Display for Root {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, formatter)
    }
}

/// A cord of the brachial plexus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Cord {
    /// From the anterior divisions of the upper and middle trunks.
    Lateral,
    /// From the posterior divisions of all three trunks.
    Posterior,
    /// From the anterior division of the lower trunk.
    Medial,
}

impl Cord {
    /// The divisions it is formed from.
    pub fn division(self) -> PlexusElement {
        match self {
            Cord::Posterior => PlexusElement::PosteriorDivisions,
            Cord::Lateral | Cord::Medial => PlexusElement::AnteriorDivisions,
        }
    }
}

/// An element of the brachial or lumbosacral plexus a lesion can sit in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum PlexusElement {
    /// C5 and C6.
    UpperTrunk,
    /// C7.
    MiddleTrunk,
    /// C8 and T1.
    LowerTrunk,
    /// The anterior divisions of the trunks, forming the lateral and medial cords.
    AnteriorDivisions,
    /// The posterior divisions, forming the posterior cord.
    PosteriorDivisions,
    /// A cord.
    Cord(Cord),
    /// The lumbar plexus (L2–L4): femoral and obturator nerves.
    LumbarPlexus,
    /// L4 and L5 joining the sacral plexus.
    LumbosacralTrunk,
    /// The sacral plexus: gluteal and sciatic nerves.
    SacralPlexus,
}

impl PlexusElement {
    /// The element's name as reports print it.
    pub fn label(self) -> &'static str {
        match self {
            PlexusElement::UpperTrunk => "upper trunk",
            PlexusElement::MiddleTrunk => "middle trunk",
            PlexusElement::LowerTrunk => "lower trunk",
            PlexusElement::AnteriorDivisions => "anterior divisions",
            PlexusElement::PosteriorDivisions => "posterior divisions",
            PlexusElement::Cord(Cord::Lateral) => "lateral cord",
            PlexusElement::Cord(Cord::Posterior) => "posterior cord",
            PlexusElement::Cord(Cord::Medial) => "medial cord",
            PlexusElement::LumbarPlexus => "lumbar plexus",
            PlexusElement::LumbosacralTrunk => "lumbosacral trunk",
            PlexusElement::SacralPlexus => "sacral plexus",
        }
    }
}
