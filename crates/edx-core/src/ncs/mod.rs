//! Nerve conduction studies: markers on each response, the measures they give, and comparisons
//! between stimulation sites.
//!
//! [`place_markers`] finds the onset, negative peak, end of the negative phase and positive peak
//! of a compound response with the same rule for every site, so that velocities between sites
//! are valid; [`measure_response`] turns markers (automatic or moved by hand) into latencies,
//! amplitudes, duration and area; [`analyse_nerve`] does both for every site of a nerve and adds
//! conduction velocities and the proximal-to-distal changes that reveal conduction block and
//! temporal dispersion, as saved in the study or at the markers and corrections given as
//! [`Adjustments`]. [`analyse_f_waves`] and [`analyse_h_reflex`] read the late responses of
//! F-wave trains and H-reflex series with the same onset rule.

mod adjustments;
mod conduction;
mod late;
mod markers;
mod measure;

pub use adjustments::{Adjustments, StudyAdjustments};
pub use conduction::{
    analyse_nerve, automatic_markers, initial_markers, LateAnalysis, NerveAnalysis, SegmentAnalysis, SiteAnalysis,
};
pub use late::{
    analyse_f_waves, analyse_h_reflex, analyse_late_sweep, FWaveAnalysis, HReflexAnalysis, LateCorrection,
    LateResponse, LateSweep,
};
pub use markers::{place_markers, Confidence, Marker, MarkerConfig, MarkerKind, MarkerSource, ResponseMarkers};
pub use measure::{measure_response, ResponseMeasures};
