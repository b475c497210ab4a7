//! A whole nerve: every site's markers and measures, conduction velocities, and how the response
//! changes from each site to the next more proximal one.

use super::adjustments::Adjustments;
use super::late::{analyse_f_waves, analyse_h_reflex, FWaveAnalysis, HReflexAnalysis};
use super::markers::{place_markers, Confidence, Marker, MarkerConfig, MarkerSource, ResponseMarkers};
use super::measure::{measure_response, ResponseMeasures};
use crate::model::{NerveConduction, NerveConductionKind, StimulationSite};

/// One stimulation site's response.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteAnalysis {
    /// The markers, or `None` when no response was found (absent response).
    pub markers: Option<ResponseMarkers>,
    /// The measures at those markers.
    pub measures: Option<ResponseMeasures>,
    /// For sensory studies: distance from the recording electrode over onset latency, in m/s.
    pub sensory_velocity_m_per_s: Option<f64>,
}

/// The nerve between a site and the next more proximal one.
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentAnalysis {
    /// Index of the distal site.
    pub distal_site_idx: usize,
    /// Index of the proximal site.
    pub proximal_site_idx: usize,
    /// Length of the segment, in mm.
    pub distance_mm: Option<f64>,
    /// Segment length over the difference of onset latencies, in m/s.
    pub conduction_velocity_m_per_s: Option<f64>,
    /// Change of baseline-to-peak amplitude, proximal against distal, in % (negative: a drop).
    pub amplitude_change_pct: Option<f64>,
    /// Change of negative-phase area, in %.
    pub area_change_pct: Option<f64>,
    /// Change of negative-phase duration, in % (positive: the response spread out).
    pub duration_change_pct: Option<f64>,
}

/// Everything measured on one nerve.
#[derive(Debug, Clone, PartialEq)]
pub struct NerveAnalysis {
    /// Per stimulation site, distal first.
    pub sites: Vec<SiteAnalysis>,
    /// Per pair of neighbouring sites, distal first.
    pub segments: Vec<SegmentAnalysis>,
    /// For F-wave and H-reflex studies, the late responses of the first site's sweeps.
    pub late: Option<LateAnalysis>,
}

/// The late responses of an F-wave or H-reflex study.
#[derive(Debug, Clone, PartialEq)]
pub enum LateAnalysis {
    /// An F-wave train.
    FWaves(FWaveAnalysis),
    /// An H-reflex series.
    HReflex(HReflexAnalysis),
}

/// The markers placed automatically on each site's first sweep, whatever the study saved:
/// where "reset to automatic" returns.
pub fn automatic_markers(nerve: &NerveConduction) -> Vec<Option<ResponseMarkers>> {
    let config = MarkerConfig::for_kind(nerve.kind);
    nerve.sites.iter().map(|site| site.sweeps.first().and_then(|sweep| place_markers(sweep, &config))).collect()
}

/// The markers a nerve opens with, per site: those saved with the study where there are any
/// (with their provenance), otherwise the [`automatic_markers`].
pub fn initial_markers(nerve: &NerveConduction) -> Vec<Option<ResponseMarkers>> {
    nerve
        .sites
        .iter()
        .zip(automatic_markers(nerve))
        .map(|(site, automatic)| {
            let Some(saved) = site.saved_markers else { return automatic };
            let marker = |time_ms: f64, by_hand: bool| Marker {
                time_ms,
                source: if by_hand { MarkerSource::Manual } else { MarkerSource::Automatic },
            };
            Some(ResponseMarkers {
                onset: marker(saved.onset_ms, saved.set_by_hand[0]),
                negative_peak: marker(saved.negative_peak_ms, saved.set_by_hand[1]),
                negative_end: marker(saved.negative_end_ms, saved.set_by_hand[2]),
                positive_peak: marker(saved.positive_peak_ms, saved.set_by_hand[3]),
                confidence: automatic.map_or(Confidence::Moderate, |automatic| automatic.confidence),
            })
        })
        .collect()
}

/// Analyses every site of the nerve (markers and measures), the segments between them
/// (velocities and proximal-to-distal changes) and, for an F-wave or H-reflex study, the late
/// responses of the first site's sweeps: as saved in the study, or at the markers and
/// corrections `adjustments` gives (see [`Adjustments`]).
pub fn analyse_nerve(nerve: &NerveConduction, adjustments: Adjustments<'_>) -> NerveAnalysis {
    let initial;
    let markers: &[Option<ResponseMarkers>] = match adjustments.markers {
        Some(markers) => markers,
        None => {
            initial = initial_markers(nerve);
            &initial
        }
    };
    let saved_late_corrections = nerve.sites.first().map_or(&[][..], |site| site.saved_late_corrections.as_slice());
    let late_corrections = adjustments.late_corrections.unwrap_or(saved_late_corrections);
    let is_sensory = nerve.kind.is_sensory();
    let mut distance_from_recording_mm = Some(0.0);
    let sites: Vec<SiteAnalysis> = nerve
        .sites
        .iter()
        .zip(markers.iter().copied().chain(std::iter::repeat(None)))
        .map(|(site, markers)| {
            distance_from_recording_mm =
                distance_from_recording_mm.zip(site.distance_mm).map(|(total, distance)| total + distance);
            let measures = match (site.sweeps.first(), markers, site.reported) {
                (Some(sweep), Some(markers), _) => Some(measure_response(sweep, &markers)),
                (None, _, Some(reported)) if !reported.no_response => Some(ResponseMeasures::from_reported(&reported)),
                _ => None,
            };
            let sensory_velocity_m_per_s = if is_sensory {
                printed_velocity(site).or_else(|| {
                    distance_from_recording_mm
                        .zip(measures)
                        .and_then(|(distance, measures)| velocity(distance, measures.onset_latency_ms))
                })
            } else {
                None
            };
            SiteAnalysis { markers, measures, sensory_velocity_m_per_s }
        })
        .collect();
    let segments = (1..sites.len())
        .map(|proximal_site_idx| {
            let distal_site_idx = proximal_site_idx - 1;
            let distance_mm = nerve.sites[proximal_site_idx].distance_mm;
            let (distal, proximal) = (sites[distal_site_idx].measures, sites[proximal_site_idx].measures);
            let both = distal.zip(proximal);
            let change = |measure: fn(&ResponseMeasures) -> f64| {
                both.and_then(|(distal, proximal)| {
                    let base = measure(&distal);
                    (base.abs() > f64::EPSILON).then(|| 100.0 * (measure(&proximal) - base) / base)
                })
            };
            SegmentAnalysis {
                distal_site_idx,
                proximal_site_idx,
                distance_mm,
                conduction_velocity_m_per_s: printed_velocity(&nerve.sites[proximal_site_idx]).or_else(|| {
                    distance_mm.zip(both).and_then(|(distance, (distal, proximal))| {
                        velocity(distance, proximal.onset_latency_ms - distal.onset_latency_ms)
                    })
                }),
                amplitude_change_pct: change(|measures| measures.amplitude_uv),
                area_change_pct: change(|measures| measures.negative_area_uv_ms),
                duration_change_pct: change(|measures| measures.negative_duration_ms),
            }
        })
        .collect();
    let sweeps = nerve.sites.first().map_or(&[][..], |site| site.sweeps.as_slice());
    let late = match nerve.kind {
        NerveConductionKind::FWave => Some(LateAnalysis::FWaves(analyse_f_waves(sweeps, late_corrections))),
        NerveConductionKind::HReflex => Some(LateAnalysis::HReflex(analyse_h_reflex(sweeps, late_corrections))),
        _ => None,
    };
    NerveAnalysis { sites, segments, late }
}

/// The velocity a printed report gave on a site's row, for a site typed in without waveforms.
fn printed_velocity(site: &StimulationSite) -> Option<f64> {
    site.reported
        .filter(|_| site.sweeps.is_empty())
        .and_then(|reported| reported.conduction_velocity_m_per_s)
        .filter(|velocity| velocity.is_finite() && *velocity > 0.0)
}

/// Distance over time: mm per ms is m/s. `None` for a non-positive time.
fn velocity(distance_mm: f64, time_ms: f64) -> Option<f64> {
    (time_ms > 0.0 && distance_mm > 0.0).then(|| distance_mm / time_ms)
}
