//! The one data model every reader produces and every analysis consumes.
//!
//! A [`Study`] holds continuous [`Recording`]s (needle EMG, anything a file reader returns) and
//! [`NerveConduction`] studies (stimulus-locked sweeps per stimulation site). Values are kept in
//! physical units with the unit alongside; nothing here knows which file format it came from.

mod ncs;
mod patient;
mod recording;
mod unit;

pub use ncs::{
    LateCorrection, Nerve, NerveConduction, NerveConductionKind, ReportedMeasures, SavedMarkers, Side, StimulationSite,
    Sweep,
};
pub use patient::Patient;
pub use recording::{Annotation, Channel, CivilDateTime, Recording, Segment};
pub use unit::Unit;

/// Everything edxview knows about one examination: what the files held, in physical units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Study {
    /// A short title shown above the study, e.g. "Median motor, normal (simulated)".
    pub title: String,
    /// Continuous recordings, one per file read.
    pub recordings: Vec<Recording>,
    /// Nerve conduction studies, one per nerve, side and type.
    pub nerve_conductions: Vec<NerveConduction>,
    /// The reference profile the study was last reviewed with, when a study file says.
    pub reference_profile: Option<String>,
    /// The patient's age and height, when the files state them.
    pub patient: Patient,
}
