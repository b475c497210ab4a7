//! Late responses from a nerve's distal site: an F-wave train (a few motor neurons, different
//! ones each time, fire back down their own axon) or an H-reflex series at rising stimulus
//! intensity, with the noise-free truth of each sweep.

use super::axons::Axon;
use super::potentials::stimulus_artefact_uv;
use super::NerveSpec;
use crate::model::{NerveConduction, NerveConductionKind, StimulationSite, Sweep, Unit};
use crate::synth::Random;

/// Late responses to simulate from a nerve's distal site.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LateSpec {
    /// `FWave` or `HReflex`.
    pub kind: NerveConductionKind,
    /// Sweeps in the train or series.
    pub n_sweeps: usize,
    /// Distance from the stimulation site to the spinal cord, mm.
    pub proximal_mm: f64,
    /// Proximal conduction relative to normal (1: normal; demyelinating root disease slows it).
    pub proximal_velocity_factor: f64,
    /// Recorded time after the stimulus, ms.
    pub post_stimulus_ms: f64,
}

/// A simulated late-response study and the truth of each sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedLate {
    /// The study as a reader would have produced it.
    pub study: NerveConduction,
    /// Per sweep, its late response, or `None` when none was placed.
    pub late: Vec<Option<LateTruth>>,
}

/// The noise-free late response of one sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LateTruth {
    /// Where it first departs from baseline by 1 % of its size, ms after the stimulus.
    pub onset_ms: f64,
    /// Its peak-to-peak amplitude, µV.
    pub peak_to_peak_uv: f64,
}

/// Share of motor neurons that fire back per supramaximal stimulus: a few units make each F
/// wave, different ones each time, and most stimuli evoke one (persistence near 90 %).
const F_BACKFIRE_PROBABILITY: f64 = 0.015;
/// Time for the antidromic volley to turn around in the motor neuron, ms (about 1 ms, textbook).
const F_TURNAROUND_MS: f64 = 1.0;
/// Proximal axon segments conduct faster than distal ones.
const PROXIMAL_SPEEDUP: f64 = 1.1;
/// Ia afferents conduct faster than motor axons.
const AFFERENT_SPEEDUP: f64 = 1.15;
/// Central delay of the monosynaptic reflex, ms.
const H_CENTRAL_DELAY_MS: f64 = 1.5;
/// Share of the motor neuron pool the reflex can recruit, and the intensity at which the
/// afferent drive saturates.
const H_MAX_FRACTION: f64 = 0.35;
const H_AFFERENT_SATURATION: f64 = 0.55;

impl NerveSpec {
    /// Simulates late responses from the distal site: an F-wave train (a few motor neurons,
    /// different ones each time, fire back down their own axon) or an H-reflex series at rising
    /// stimulus intensity (Ia afferents excite the smallest motor neurons first; where the
    /// stimulus also fires a motor axon directly, its M volley collides with the reflex).
    pub fn simulate_late(&self, late: &LateSpec) -> SimulatedLate {
        let mut random = Random::new(self.seed ^ 0x5eed_1a7e);
        let axons = self.axons(&mut random);
        let n_samples =
            ((self.pre_stimulus_ms + late.post_stimulus_ms) * self.sampling_rate_hz / 1000.0).round() as usize;
        let first_sample_ms = -self.pre_stimulus_ms;
        let period_ms = 1000.0 / self.sampling_rate_hz;
        let times_ms: Vec<f64> =
            (0..n_samples).map(|sample_idx| first_sample_ms + sample_idx as f64 * period_ms).collect();
        let healthy: Vec<Option<f64>> = axons
            .iter()
            .map(|axon| Some(self.residual_latency_ms + self.sites[0].distance_mm / axon.velocity_m_per_s))
            .collect();
        let healthy_peak = self.response(&axons, &healthy, &times_ms).into_iter().fold(0.0, f64::min);
        let scale_uv = self.healthy_distal_amplitude_uv / healthy_peak.abs().max(f64::EPSILON);
        let distal: Vec<Option<f64>> = axons.iter().map(|axon| self.latency_ms(axon, 0)).collect();
        let mean_velocity = self.mean_conduction_velocity_m_per_s;
        // Electrical thresholds: larger (faster) axons are fired by weaker stimuli.
        let thresholds: Vec<f64> = axons
            .iter()
            .map(|axon| (0.75 - 0.25 * axon.relative_size.ln() + random.normal(0.0, 0.08)).clamp(0.3, 1.0))
            .collect();
        // Reflex excitability: the smallest motor neurons first (Henneman's size principle).
        let mut by_size: Vec<usize> = (0..axons.len()).collect();
        by_size.sort_by(|&first, &second| axons[first].relative_size.total_cmp(&axons[second].relative_size));
        let mut reflex_rank = vec![0.0; axons.len()];
        for (rank, &axon_idx) in by_size.iter().enumerate() {
            reflex_rank[axon_idx] = rank as f64 / axons.len().max(1) as f64;
        }
        let mut sweeps = Vec::with_capacity(late.n_sweeps);
        let mut truth = Vec::with_capacity(late.n_sweeps);
        for sweep_idx in 0..late.n_sweeps {
            let intensity = match late.kind {
                NerveConductionKind::HReflex => 0.25 + 0.85 * sweep_idx as f64 / (late.n_sweeps.max(2) - 1) as f64,
                _ => 1.2,
            };
            let m_latencies: Vec<Option<f64>> = distal
                .iter()
                .zip(&thresholds)
                .map(|(latency, &threshold)| latency.filter(|_| threshold <= intensity))
                .collect();
            let late_latencies: Vec<Option<f64>> = axons
                .iter()
                .enumerate()
                .map(|(axon_idx, axon)| {
                    let distal_ms = distal[axon_idx]?;
                    let efferent_ms =
                        late.proximal_mm / (axon.velocity_m_per_s * PROXIMAL_SPEEDUP * late.proximal_velocity_factor);
                    match late.kind {
                        NerveConductionKind::HReflex => {
                            let drive = (intensity / H_AFFERENT_SATURATION).min(1.0);
                            let recruited =
                                reflex_rank[axon_idx] < H_MAX_FRACTION * drive * drive * (3.0 - 2.0 * drive);
                            let collides = m_latencies[axon_idx].is_some();
                            let afferent_ms =
                                late.proximal_mm / (mean_velocity * AFFERENT_SPEEDUP * late.proximal_velocity_factor);
                            (recruited && !collides)
                                .then_some(distal_ms + afferent_ms + efferent_ms + H_CENTRAL_DELAY_MS)
                        }
                        _ => (random.uniform() < F_BACKFIRE_PROBABILITY)
                            .then_some(distal_ms + 2.0 * efferent_ms + F_TURNAROUND_MS),
                    }
                })
                .collect();
            let mut response = self.response(&axons, &m_latencies, &times_ms);
            for (value, late_value) in response.iter_mut().zip(self.response(&axons, &late_latencies, &times_ms)) {
                *value += late_value;
            }
            let first_late = late_latencies.iter().flatten().copied().fold(f64::INFINITY, f64::min);
            let late_only = self.response(&axons, &late_latencies, &times_ms);
            let late_peak = late_only.iter().fold(0.0f64, |largest, value| largest.max(value.abs()));
            let (lowest, highest) = late_only
                .iter()
                .fold((0.0f64, 0.0f64), |(lowest, highest), &value| (lowest.min(value), highest.max(value)));
            truth.push(first_late.is_finite().then(|| LateTruth {
                onset_ms: self.late_takeoff_ms(
                    &axons,
                    &late_latencies,
                    0.01 * late_peak,
                    first_late,
                    late.post_stimulus_ms,
                ),
                peak_to_peak_uv: (highest - lowest) * scale_uv,
            }));
            let samples = response
                .iter()
                .zip(&times_ms)
                .map(|(value, &time_ms)| {
                    ((value * scale_uv
                        + stimulus_artefact_uv(time_ms, NerveConductionKind::Motor)
                        + random.normal(0.0, self.noise_rms_uv))
                        * 1e-3) as f32
                })
                .collect();
            sweeps.push(Sweep {
                samples,
                sampling_rate_hz: self.sampling_rate_hz,
                first_sample_ms,
                unit: Unit::Millivolt,
            });
        }
        SimulatedLate {
            study: NerveConduction {
                nerve: self.nerve.clone(),
                side: self.side,
                kind: late.kind,
                recording_site: self.recording_site.clone(),
                sites: vec![StimulationSite {
                    name: self.sites[0].name.clone(),
                    distance_mm: Some(self.sites[0].distance_mm),
                    sweeps,
                    saved_markers: None,
                    reported: None,
                    stimulus_ma: None,
                    other_details: Vec::new(),
                    saved_late_corrections: Vec::new(),
                }],
                skin_temperature_c: Some(self.skin_temperature_c),
                // The simulated noise is white: no acquisition filter shaped it.
                acquisition_filters: None,
            },
            late: truth,
        }
    }

    /// When the noise-free late response first departs from baseline by `level` (unscaled,
    /// either polarity), to a microsecond.
    fn late_takeoff_ms(
        &self,
        axons: &[Axon],
        latencies: &[Option<f64>],
        level: f64,
        first_unit_latency_ms: f64,
        end_ms: f64,
    ) -> f64 {
        let mut time_ms = first_unit_latency_ms;
        while self.response(axons, latencies, &[time_ms])[0].abs() < level && time_ms < end_ms {
            time_ms += 0.001;
        }
        time_ms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f_waves_arrive_after_the_m_wave_at_a_physiological_latency() {
        let late = LateSpec {
            kind: NerveConductionKind::FWave,
            n_sweeps: 20,
            proximal_mm: 650.0,
            proximal_velocity_factor: 1.0,
            post_stimulus_ms: 50.0,
        };
        let simulated = NerveSpec::median_motor().simulate_late(&late);
        assert_eq!(simulated.study.sites[0].sweeps.len(), 20);
        let onsets: Vec<f64> = simulated.late.iter().flatten().map(|truth| truth.onset_ms).collect();
        assert!(onsets.len() >= 14, "persistence {} of 20", onsets.len());
        let minimum = onsets.iter().copied().fold(f64::INFINITY, f64::min);
        assert!((22.0..31.0).contains(&minimum), "minimum F latency {minimum}");
    }
}
