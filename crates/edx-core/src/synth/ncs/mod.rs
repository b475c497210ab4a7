//! Simulated nerve conduction studies with known ground truth.
//!
//! A compound response is the sum of unit potentials: a CMAP sums motor unit potentials, a SNAP
//! sums single sensory fibre potentials. Each axon has its own conduction velocity, drawn from a
//! normal distribution, so its potential arrives at `residual latency + Σ segment length /
//! segment velocity`. Summing many units with a spread of velocities gives the physiological
//! temporal dispersion and phase cancellation of proximal responses. Disease acts per segment:
//! demyelination slows conduction (`velocity_factor`), slows some fibres more than others
//! (`dispersion`), and blocks some (`block_fraction`); axon loss removes units everywhere.
//! White noise and a stimulus artefact make the sweep look recorded.
//!
//! `nerves` holds the normal nerves simulations start from; `axons` draws a nerve's axons and sums
//! their potentials (`potentials`: one unit's potential and the stimulus artefact) into each
//! site's response; `late` simulates F waves and H reflexes from the distal site.

mod axons;
mod late;
mod nerves;
mod potentials;

pub use late::{LateSpec, LateTruth, SimulatedLate};

use super::Random;
use crate::model::{Nerve, NerveConduction, NerveConductionKind, Side, StimulationSite, Sweep, Unit};
use potentials::stimulus_artefact_uv;

/// A simulated nerve: its axons, where it is stimulated, and what disease does to it.
#[derive(Debug, Clone, PartialEq)]
pub struct NerveSpec {
    /// Which nerve, for labels.
    pub nerve: Nerve,
    /// Which side, for labels.
    pub side: Side,
    /// Motor (CMAPs, in mV) or sensory (SNAPs, in µV).
    pub kind: NerveConductionKind,
    /// Where the response is recorded, e.g. "APB" or "Digit 2".
    pub recording_site: String,
    /// Number of motor units or sensory fibres in the healthy nerve.
    pub n_units: usize,
    /// Mean conduction velocity of the healthy axons, in m/s.
    pub mean_conduction_velocity_m_per_s: f64,
    /// Standard deviation of the healthy axons' velocities, in m/s.
    pub conduction_velocity_sd_m_per_s: f64,
    /// Time beyond the most distal site that distance does not explain (terminal axon,
    /// neuromuscular junction, muscle fibres), in ms; zero for sensory nerves.
    pub residual_latency_ms: f64,
    /// Baseline-to-negative-peak amplitude of the noise-free distal response of the healthy
    /// nerve, in µV.
    pub healthy_distal_amplitude_uv: f64,
    /// Fraction of axons lost (0 to 1), everywhere along the nerve.
    pub axon_loss_fraction: f64,
    /// Stimulation sites from distal to proximal.
    pub sites: Vec<SiteSpec>,
    /// Root-mean-square amplitude of the recording noise, in µV.
    pub noise_rms_uv: f64,
    /// Samples per second, in Hz.
    pub sampling_rate_hz: f64,
    /// Recorded time before the stimulus, in ms.
    pub pre_stimulus_ms: f64,
    /// Recorded time after the stimulus, in ms.
    pub post_stimulus_ms: f64,
    /// Skin temperature to report, in °C.
    pub skin_temperature_c: f64,
    /// Seed of the random source: the same seed gives the same sweeps.
    pub seed: u64,
}

/// One stimulation site and the segment between it and the next more distal site (for the
/// first site: the recording electrode).
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSpec {
    /// Site name, e.g. "Wrist".
    pub name: String,
    /// Length of the segment, in mm.
    pub distance_mm: f64,
    /// What disease does in the segment.
    pub pathology: SegmentPathology,
}

/// Demyelination in one segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SegmentPathology {
    /// Each axon's velocity in the segment is multiplied by this (1: normal).
    pub velocity_factor: f64,
    /// Spread of extra slowing between axons: the factor varies by this fraction (standard
    /// deviation), which disperses the response in time.
    pub dispersion: f64,
    /// Fraction of axons that do not conduct through the segment.
    pub block_fraction: f64,
}

impl SegmentPathology {
    /// A healthy segment.
    pub const NONE: SegmentPathology = SegmentPathology { velocity_factor: 1.0, dispersion: 0.0, block_fraction: 0.0 };
}

impl SiteSpec {
    /// A site over a healthy segment.
    pub fn healthy(name: &str, distance_mm: f64) -> SiteSpec {
        SiteSpec { name: name.to_string(), distance_mm, pathology: SegmentPathology::NONE }
    }

    /// A site over a diseased segment.
    pub fn diseased(name: &str, distance_mm: f64, pathology: SegmentPathology) -> SiteSpec {
        SiteSpec { name: name.to_string(), distance_mm, pathology }
    }
}

/// What the model put into one site's sweep, for comparison with what the analysis finds.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseTruth {
    /// Whether any axon conducts from this site (an absent response otherwise).
    pub is_present: bool,
    /// Arrival of the fastest conducting unit, in ms after the stimulus.
    pub first_unit_latency_ms: f64,
    /// Where the noise-free response first departs from baseline by 1 % of its amplitude, in
    /// ms after the stimulus: the takeoff a perfect measurement would mark.
    pub takeoff_latency_ms: f64,
    /// Baseline-to-negative-peak amplitude of the noise-free response, in µV.
    pub amplitude_uv: f64,
}

/// A simulated nerve conduction study with the truth behind each site's sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedNerve {
    /// The study as a reader would have produced it.
    pub study: NerveConduction,
    /// The truth for each stimulation site, in the same order as `study.sites`.
    pub truth: Vec<ResponseTruth>,
}

impl NerveSpec {
    /// Simulates one sweep per stimulation site.
    pub fn simulate(&self) -> SimulatedNerve {
        let mut random = Random::new(self.seed);
        let axons = self.axons(&mut random);
        let n_samples =
            ((self.pre_stimulus_ms + self.post_stimulus_ms) * self.sampling_rate_hz / 1000.0).round() as usize;
        let first_sample_ms = -self.pre_stimulus_ms;
        let sample_period_ms = 1000.0 / self.sampling_rate_hz;
        let times_ms: Vec<f64> =
            (0..n_samples).map(|sample_idx| first_sample_ms + sample_idx as f64 * sample_period_ms).collect();

        // Scale so the healthy nerve's distal response has the stated amplitude.
        let healthy_latencies: Vec<Option<f64>> = axons
            .iter()
            .map(|axon| Some(self.residual_latency_ms + self.sites[0].distance_mm / axon.velocity_m_per_s))
            .collect();
        let healthy_peak = self.response(&axons, &healthy_latencies, &times_ms).into_iter().fold(0.0, f64::min);
        let scale_uv = self.healthy_distal_amplitude_uv / healthy_peak.abs().max(f64::EPSILON);

        let mut sites = Vec::with_capacity(self.sites.len());
        let mut truth = Vec::with_capacity(self.sites.len());
        for site_idx in 0..self.sites.len() {
            let latencies: Vec<Option<f64>> = axons.iter().map(|axon| self.latency_ms(axon, site_idx)).collect();
            let response = self.response(&axons, &latencies, &times_ms);
            let peak = response.iter().copied().fold(0.0, f64::min);
            let first_unit_latency_ms = latencies.iter().flatten().copied().fold(f64::INFINITY, f64::min);
            let is_present = first_unit_latency_ms.is_finite();
            let takeoff_latency_ms = if is_present {
                self.takeoff_ms(&axons, &latencies, 0.01 * peak, first_unit_latency_ms)
            } else {
                f64::NAN
            };
            let (unit, to_unit) =
                if self.kind == NerveConductionKind::Motor { (Unit::Millivolt, 1e-3) } else { (Unit::Microvolt, 1.0) };
            let samples = response
                .iter()
                .zip(&times_ms)
                .map(|(value, &time_ms)| {
                    ((value * scale_uv
                        + stimulus_artefact_uv(time_ms, self.kind)
                        + random.normal(0.0, self.noise_rms_uv))
                        * to_unit) as f32
                })
                .collect();
            sites.push(StimulationSite {
                name: self.sites[site_idx].name.clone(),
                distance_mm: Some(self.sites[site_idx].distance_mm),
                sweeps: vec![Sweep { samples, sampling_rate_hz: self.sampling_rate_hz, first_sample_ms, unit }],
                saved_markers: None,
                reported: None,
                stimulus_ma: None,
                other_details: Vec::new(),
                saved_late_corrections: Vec::new(),
            });
            truth.push(ResponseTruth {
                is_present,
                first_unit_latency_ms,
                takeoff_latency_ms,
                amplitude_uv: -peak * scale_uv,
            });
        }
        SimulatedNerve {
            study: NerveConduction {
                nerve: self.nerve.clone(),
                side: self.side,
                kind: self.kind,
                recording_site: self.recording_site.clone(),
                sites,
                skin_temperature_c: Some(self.skin_temperature_c),
                // The simulated noise is white: no acquisition filter shaped it.
                acquisition_filters: None,
            },
            truth,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distal_response_has_the_requested_amplitude_and_a_physiological_latency() {
        let simulated = NerveSpec::median_motor().simulate();
        let wrist = &simulated.truth[0];
        assert!((wrist.amplitude_uv - 9_200.0).abs() < 1e-6, "amplitude {}", wrist.amplitude_uv);
        assert!((3.0..4.2).contains(&wrist.takeoff_latency_ms), "latency {}", wrist.takeoff_latency_ms);
    }

    #[test]
    fn proximal_response_is_later_and_not_larger() {
        let simulated = NerveSpec::median_motor().simulate();
        let (wrist, elbow) = (&simulated.truth[0], &simulated.truth[1]);
        let velocity = 230.0 / (elbow.takeoff_latency_ms - wrist.takeoff_latency_ms);
        assert!((55.0..70.0).contains(&velocity), "velocity {velocity}");
        assert!(elbow.amplitude_uv <= wrist.amplitude_uv && elbow.amplitude_uv > 0.8 * wrist.amplitude_uv);
    }

    #[test]
    fn a_block_lowers_the_proximal_response_and_axon_loss_lowers_all() {
        let mut blocked = NerveSpec::ulnar_motor();
        blocked.sites[2].pathology = SegmentPathology { velocity_factor: 0.6, dispersion: 0.1, block_fraction: 0.5 };
        let truth = blocked.simulate().truth;
        assert!(truth[2].amplitude_uv < 0.6 * truth[1].amplitude_uv, "{truth:?}");
        let mut lost = NerveSpec::median_motor();
        lost.axon_loss_fraction = 0.7;
        let truth = lost.simulate().truth;
        assert!(truth[0].amplitude_uv < 0.45 * 9_200.0, "{truth:?}");
    }

    #[test]
    fn sensory_responses_are_in_microvolts_without_neuromuscular_delay() {
        let simulated = NerveSpec::median_sensory().simulate();
        assert_eq!(simulated.study.sites[0].sweeps[0].unit, Unit::Microvolt);
        let takeoff_ms = simulated.truth[0].takeoff_latency_ms;
        assert!((1.8..2.8).contains(&takeoff_ms), "onset {takeoff_ms}");
    }

    #[test]
    fn sweeps_cover_the_requested_window() {
        let simulated = NerveSpec::median_motor().simulate();
        let sweep = &simulated.study.sites[0].sweeps[0];
        assert_eq!(sweep.samples.len(), 600);
        assert_eq!(sweep.time_ms(0), -2.0);
    }
}
