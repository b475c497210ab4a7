//! Simulated nerve conduction studies.
//!
//! A compound muscle action potential (CMAP) is modelled as the sum of motor unit potentials:
//! each motor axon has its own conduction velocity, drawn from a normal distribution, so the
//! unit's potential arrives at `residual latency + distance / velocity`. Summing many units with
//! a spread of velocities gives the physiological temporal dispersion and phase cancellation of
//! proximal responses; slowing and blocking fibres in a segment models demyelination, removing
//! units models axon loss. White noise and a stimulus artefact make the sweep look recorded.

use super::Random;
use crate::model::{Nerve, NerveConduction, NerveConductionKind, Side, StimulationSite, Sweep, Unit};

/// A simulated motor nerve and the muscle it supplies.
#[derive(Debug, Clone, PartialEq)]
pub struct MotorNerveSpec {
    /// Which nerve, for labels.
    pub nerve: Nerve,
    /// Which side, for labels.
    pub side: Side,
    /// The muscle recorded, e.g. "APB".
    pub recording_site: String,
    /// Number of motor units contributing to the CMAP.
    pub n_motor_units: usize,
    /// Mean conduction velocity of the motor axons, in m/s.
    pub mean_conduction_velocity_m_per_s: f64,
    /// Standard deviation of the axons' conduction velocities, in m/s.
    pub conduction_velocity_sd_m_per_s: f64,
    /// Time spent beyond the most distal stimulation site that distance does not explain
    /// (terminal axon slowing, neuromuscular transmission, muscle fibre conduction), in ms.
    pub residual_latency_ms: f64,
    /// Baseline-to-negative-peak amplitude of the noise-free distal CMAP, in mV.
    pub distal_amplitude_mv: f64,
    /// Stimulation sites from distal to proximal.
    pub sites: Vec<SiteSpec>,
    /// Root-mean-square amplitude of the recording noise, in mV.
    pub noise_rms_mv: f64,
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

/// One stimulation site of a simulated nerve.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteSpec {
    /// Site name, e.g. "Wrist".
    pub name: String,
    /// Distance from the next more distal site (for the first site: from the recording
    /// electrode), in mm.
    pub distance_mm: f64,
}

/// What the model put into one simulated sweep, for comparison with what the analysis finds.
#[derive(Debug, Clone, PartialEq)]
pub struct ResponseTruth {
    /// Arrival of the fastest motor unit potential, in ms after the stimulus.
    pub first_unit_latency_ms: f64,
    /// Baseline-to-negative-peak amplitude of the noise-free response, in mV.
    pub amplitude_mv: f64,
}

/// A simulated nerve conduction study with the truth behind each site's sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedNerve {
    /// The study as a reader would have produced it.
    pub study: NerveConduction,
    /// The truth for each stimulation site, in the same order as `study.sites`.
    pub truth: Vec<ResponseTruth>,
}

impl MotorNerveSpec {
    /// A normal right median motor study recording abductor pollicis brevis, stimulated at the
    /// wrist (70 mm) and the elbow (230 mm further). Values are typical of healthy adults:
    /// distal latency about 3.5 ms, amplitude about 9 mV, velocity about 57 m/s.
    pub fn median_normal() -> MotorNerveSpec {
        MotorNerveSpec {
            nerve: Nerve::Median,
            side: Side::Right,
            recording_site: "APB".into(),
            n_motor_units: 160,
            mean_conduction_velocity_m_per_s: 57.0,
            conduction_velocity_sd_m_per_s: 3.5,
            residual_latency_ms: 2.2,
            distal_amplitude_mv: 9.2,
            sites: vec![
                SiteSpec { name: "Wrist".into(), distance_mm: 70.0 },
                SiteSpec { name: "Elbow".into(), distance_mm: 230.0 },
            ],
            noise_rms_mv: 0.01,
            sampling_rate_hz: 20_000.0,
            pre_stimulus_ms: 2.0,
            post_stimulus_ms: 28.0,
            skin_temperature_c: 33.0,
            seed: 1,
        }
    }

    /// Simulates one sweep per stimulation site.
    pub fn simulate(&self) -> SimulatedNerve {
        let mut random = Random::new(self.seed);
        let lowest_velocity = 0.6 * self.mean_conduction_velocity_m_per_s;
        let highest_velocity = 1.4 * self.mean_conduction_velocity_m_per_s;
        let motor_units: Vec<MotorUnit> = (0..self.n_motor_units)
            .map(|_| MotorUnit {
                conduction_velocity_m_per_s: random
                    .normal(self.mean_conduction_velocity_m_per_s, self.conduction_velocity_sd_m_per_s)
                    .clamp(lowest_velocity, highest_velocity),
                relative_size: random.normal(0.0, 0.5).exp(),
            })
            .collect();

        let n_samples =
            ((self.pre_stimulus_ms + self.post_stimulus_ms) * self.sampling_rate_hz / 1000.0).round() as usize;
        let first_sample_ms = -self.pre_stimulus_ms;
        let sample_period_ms = 1000.0 / self.sampling_rate_hz;

        let mut distance_from_recording_mm = 0.0;
        let noise_free: Vec<(Vec<f64>, f64)> = self
            .sites
            .iter()
            .map(|site| {
                distance_from_recording_mm += site.distance_mm;
                let latencies_ms: Vec<f64> = motor_units
                    .iter()
                    .map(|unit| {
                        self.residual_latency_ms + distance_from_recording_mm / unit.conduction_velocity_m_per_s
                    })
                    .collect();
                let response = (0..n_samples)
                    .map(|sample_idx| {
                        let time_ms = first_sample_ms + sample_idx as f64 * sample_period_ms;
                        motor_units
                            .iter()
                            .zip(&latencies_ms)
                            .map(|(unit, latency_ms)| unit.relative_size * motor_unit_potential(time_ms - latency_ms))
                            .sum()
                    })
                    .collect();
                let first_unit_latency_ms = latencies_ms.iter().copied().fold(f64::INFINITY, f64::min);
                (response, first_unit_latency_ms)
            })
            .collect();

        let distal_negative_peak =
            noise_free.first().map(|(response, _)| response.iter().copied().fold(0.0, f64::min)).unwrap_or(-1.0);
        let scale_mv = self.distal_amplitude_mv / distal_negative_peak.abs().max(f64::EPSILON);

        let mut sites = Vec::with_capacity(self.sites.len());
        let mut truth = Vec::with_capacity(self.sites.len());
        for (site, (response, first_unit_latency_ms)) in self.sites.iter().zip(noise_free) {
            let negative_peak_mv = response.iter().copied().fold(0.0, f64::min) * scale_mv;
            let samples = response
                .iter()
                .enumerate()
                .map(|(sample_idx, value)| {
                    let time_ms = first_sample_ms + sample_idx as f64 * sample_period_ms;
                    (value * scale_mv + stimulus_artefact_mv(time_ms) + random.normal(0.0, self.noise_rms_mv)) as f32
                })
                .collect();
            sites.push(StimulationSite {
                name: site.name.clone(),
                distance_mm: Some(site.distance_mm),
                sweeps: vec![Sweep {
                    samples,
                    sampling_rate_hz: self.sampling_rate_hz,
                    first_sample_ms,
                    unit: Unit::Millivolt,
                }],
            });
            truth.push(ResponseTruth { first_unit_latency_ms, amplitude_mv: -negative_peak_mv });
        }

        SimulatedNerve {
            study: NerveConduction {
                nerve: self.nerve.clone(),
                side: self.side,
                kind: NerveConductionKind::Motor,
                recording_site: self.recording_site.clone(),
                sites,
                skin_temperature_c: Some(self.skin_temperature_c),
            },
            truth,
        }
    }
}

/// One motor unit: how fast its axon conducts and how large its potential is at the muscle.
struct MotorUnit {
    conduction_velocity_m_per_s: f64,
    relative_size: f64,
}

/// The surface potential of one motor unit, `time_ms` after its arrival, in arbitrary units:
/// a negative main phase (about 2 ms to peak) followed by a slower, smaller positive phase, the
/// shape recorded by a belly–tendon montage over the end-plate zone.
fn motor_unit_potential(time_ms: f64) -> f64 {
    const NEGATIVE_TIME_TO_PEAK_MS: f64 = 1.6;
    const POSITIVE_DELAY_MS: f64 = 3.0;
    const POSITIVE_TIME_TO_PEAK_MS: f64 = 3.0;
    const POSITIVE_RELATIVE_SIZE: f64 = 0.5;
    -smooth_lobe(time_ms, NEGATIVE_TIME_TO_PEAK_MS)
        + POSITIVE_RELATIVE_SIZE * smooth_lobe(time_ms - POSITIVE_DELAY_MS, POSITIVE_TIME_TO_PEAK_MS)
}

/// A unit-height lobe that departs linearly from zero when `time_ms` is 0 and peaks at
/// `time_to_peak_ms`: the alpha function `(t/T) e^{1 − t/T}`, whose sharp take-off matches the
/// abrupt onset of a recorded CMAP.
fn smooth_lobe(time_ms: f64, time_to_peak_ms: f64) -> f64 {
    if time_ms <= 0.0 {
        return 0.0;
    }
    let relative_time = time_ms / time_to_peak_ms;
    relative_time * (1.0 - relative_time).exp()
}

/// The stimulus artefact seen at the recording electrodes: a sharp deflection at the stimulus
/// that decays within half a millisecond, in mV.
fn stimulus_artefact_mv(time_ms: f64) -> f64 {
    const PEAK_MV: f64 = 1.5;
    const DECAY_MS: f64 = 0.08;
    if time_ms < 0.0 {
        return 0.0;
    }
    PEAK_MV * (1.0 - 2.0 * time_ms / DECAY_MS) * (-time_ms / DECAY_MS).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distal_response_has_the_requested_amplitude_and_a_physiological_latency() {
        let simulated = MotorNerveSpec::median_normal().simulate();
        let wrist = &simulated.truth[0];
        assert!((wrist.amplitude_mv - 9.2).abs() < 1e-9, "amplitude {}", wrist.amplitude_mv);
        assert!((2.8..4.0).contains(&wrist.first_unit_latency_ms), "latency {}", wrist.first_unit_latency_ms);
    }

    #[test]
    fn proximal_response_is_later_and_not_larger() {
        let simulated = MotorNerveSpec::median_normal().simulate();
        let (wrist, elbow) = (&simulated.truth[0], &simulated.truth[1]);
        let delay_ms = elbow.first_unit_latency_ms - wrist.first_unit_latency_ms;
        let fastest_velocity_m_per_s = 230.0 / delay_ms;
        assert!((60.0..75.0).contains(&fastest_velocity_m_per_s), "fastest velocity {fastest_velocity_m_per_s}");
        assert!(elbow.amplitude_mv <= wrist.amplitude_mv, "elbow {} wrist {}", elbow.amplitude_mv, wrist.amplitude_mv);
        assert!(elbow.amplitude_mv > 0.8 * wrist.amplitude_mv, "normal nerves do not block");
    }

    #[test]
    fn sweeps_cover_the_requested_window() {
        let simulated = MotorNerveSpec::median_normal().simulate();
        let sweep = &simulated.study.sites[0].sweeps[0];
        assert_eq!(sweep.samples.len(), 600);
        assert_eq!(sweep.time_ms(0), -2.0);
        assert!((sweep.end_ms() - 27.95).abs() < 1e-9);
    }
}
