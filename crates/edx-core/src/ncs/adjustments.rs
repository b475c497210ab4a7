//! What a caller changes from a nerve study as saved: the markers the user moved, and the
//! physician's corrections of late responses. One argument for the analysis and the review, so
//! a call says either "as saved in the study" or "at these markers, with these corrections".

use super::markers::ResponseMarkers;
use crate::model::LateCorrection;

/// How to analyse one nerve: as saved in the study ([`Adjustments::AS_SAVED`], the default), or
/// at the markers and late-response corrections the user set.
///
/// ```
/// # use edx_core::ncs::{analyse_nerve, initial_markers, Adjustments};
/// # let nerve = edx_core::synth::ncs::NerveSpec::median_motor().simulate().study;
/// let as_saved = analyse_nerve(&nerve, Adjustments::AS_SAVED);
/// let markers = initial_markers(&nerve);
/// assert_eq!(analyse_nerve(&nerve, Adjustments::at_markers(&markers)), as_saved);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Adjustments<'a> {
    /// The markers per site, distal first, as the user left them; a site given `None`, or past
    /// the end, has no response. `None`: the markers saved with the study, else placed
    /// automatically (see [`super::initial_markers`]).
    pub markers: Option<&'a [Option<ResponseMarkers>]>,
    /// For an F-wave or H-reflex study, the physician's corrections of its late responses, one
    /// per sweep of the first site; a sweep given `None`, or past the end, keeps its automatic
    /// response. `None`: the corrections saved with the study.
    pub late_corrections: Option<&'a [Option<LateCorrection>]>,
}

impl<'a> Adjustments<'a> {
    /// The nerve as saved in the study: its saved markers (automatic ones where none were saved)
    /// and its saved late-response corrections.
    pub const AS_SAVED: Adjustments<'a> = Adjustments { markers: None, late_corrections: None };

    /// At `markers`, one per site, with the late-response corrections saved with the study.
    pub fn at_markers(markers: &'a [Option<ResponseMarkers>]) -> Adjustments<'a> {
        Adjustments { markers: Some(markers), ..Adjustments::AS_SAVED }
    }

    /// With exactly these late-response corrections, one per sweep, instead of the saved ones
    /// (`&[]`: the automatic responses).
    pub fn with_late_corrections(self, late_corrections: &'a [Option<LateCorrection>]) -> Adjustments<'a> {
        Adjustments { late_corrections: Some(late_corrections), ..self }
    }
}

/// How to review a whole study: [`Adjustments`] for every nerve, in study order. A nerve past the
/// end of either list is analysed as saved in that respect.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StudyAdjustments<'a> {
    /// The markers per nerve and site, as on screen; `None`: every nerve's saved markers.
    pub markers: Option<&'a [Vec<Option<ResponseMarkers>>]>,
    /// The late-response corrections per nerve and sweep; `None`: every nerve's saved ones.
    pub late_corrections: Option<&'a [Vec<Option<LateCorrection>>]>,
}

impl<'a> StudyAdjustments<'a> {
    /// Every nerve as saved in the study.
    pub const AS_SAVED: StudyAdjustments<'a> = StudyAdjustments { markers: None, late_corrections: None };

    /// At `markers`, per nerve and site, with the late-response corrections saved with the study.
    pub fn at_markers(markers: &'a [Vec<Option<ResponseMarkers>>]) -> StudyAdjustments<'a> {
        StudyAdjustments { markers: Some(markers), ..StudyAdjustments::AS_SAVED }
    }

    /// With exactly these late-response corrections, per nerve and sweep, instead of the saved
    /// ones (an empty list for a nerve: its automatic responses).
    pub fn with_late_corrections(self, late_corrections: &'a [Vec<Option<LateCorrection>>]) -> StudyAdjustments<'a> {
        StudyAdjustments { late_corrections: Some(late_corrections), ..self }
    }

    /// The adjustments of nerve `nerve_idx`.
    pub fn for_nerve(&self, nerve_idx: usize) -> Adjustments<'a> {
        Adjustments {
            markers: self.markers.and_then(|markers| markers.get(nerve_idx)).map(Vec::as_slice),
            late_corrections: self
                .late_corrections
                .and_then(|corrections| corrections.get(nerve_idx))
                .map(Vec::as_slice),
        }
    }
}
