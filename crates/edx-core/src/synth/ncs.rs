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

use super::Random;
use crate::model::{Nerve, NerveConduction, NerveConductionKind, Side, StimulationSite, Sweep, Unit};

/// Henneman's size principle: larger motor neurons have thicker, faster axons and more muscle
/// fibres, so a unit's size grows with its velocity (log units per standard deviation of velocity)
/// and the fastest units make a sharp takeoff.
const SIZE_VELOCITY_COUPLING: f64 = 0.5;

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

/// A simulated nerve conduction study with the truth behind each site's sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedNerve {
    /// The study as a reader would have produced it.
    pub study: NerveConduction,
    /// The truth for each stimulation site, in the same order as `study.sites`.
    pub truth: Vec<ResponseTruth>,
}

/// One axon: its healthy velocity, its size, and its fate in each segment.
struct Axon {
    velocity_m_per_s: f64,
    relative_size: f64,
    is_lost: bool,
    /// Per segment: velocity in that segment, or `None` where the axon is blocked.
    segment_velocities: Vec<Option<f64>>,
}

impl NerveSpec {
    /// A normal right median motor study recording abductor pollicis brevis, stimulated at the
    /// wrist (70 mm) and the elbow (230 mm further): distal latency about 3.6 ms, amplitude
    /// about 9 mV, forearm velocity about 58 m/s, like Buschbacher's healthy adults (domain.md §2.3).
    pub fn median_motor() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Median,
            side: Side::Right,
            kind: NerveConductionKind::Motor,
            recording_site: "APB".into(),
            n_units: 160,
            mean_conduction_velocity_m_per_s: 53.0,
            conduction_velocity_sd_m_per_s: 3.5,
            residual_latency_ms: 2.2,
            healthy_distal_amplitude_uv: 9_200.0,
            axon_loss_fraction: 0.0,
            sites: vec![SiteSpec::healthy("Wrist", 70.0), SiteSpec::healthy("Elbow", 230.0)],
            noise_rms_uv: 10.0,
            sampling_rate_hz: 20_000.0,
            pre_stimulus_ms: 2.0,
            post_stimulus_ms: 28.0,
            skin_temperature_c: 33.0,
            seed: 1,
        }
    }

    /// A normal right ulnar motor study recording abductor digiti minimi, stimulated at the
    /// wrist (70 mm), below the elbow (220 mm) and above the elbow (100 mm).
    pub fn ulnar_motor() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Ulnar,
            recording_site: "ADM".into(),
            mean_conduction_velocity_m_per_s: 55.0,
            residual_latency_ms: 1.8,
            healthy_distal_amplitude_uv: 10_500.0,
            sites: vec![
                SiteSpec::healthy("Wrist", 70.0),
                SiteSpec::healthy("Below elbow", 220.0),
                SiteSpec::healthy("Above elbow", 100.0),
            ],
            seed: 2,
            ..NerveSpec::median_motor()
        }
    }

    /// A normal right peroneal (fibular) motor study recording extensor digitorum brevis,
    /// stimulated at the ankle (90 mm), below the fibular head (300 mm) and at the popliteal
    /// fossa (100 mm).
    pub fn peroneal_motor() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Peroneal,
            recording_site: "EDB".into(),
            n_units: 120,
            mean_conduction_velocity_m_per_s: 44.0,
            conduction_velocity_sd_m_per_s: 2.5,
            residual_latency_ms: 2.6,
            healthy_distal_amplitude_uv: 6_000.0,
            sites: vec![
                SiteSpec::healthy("Ankle", 90.0),
                SiteSpec::healthy("Below fibular head", 300.0),
                SiteSpec::healthy("Popliteal fossa", 100.0),
            ],
            post_stimulus_ms: 38.0,
            skin_temperature_c: 31.5,
            seed: 3,
            ..NerveSpec::median_motor()
        }
    }

    /// A normal right tibial motor study recording abductor hallucis, stimulated at the ankle
    /// (90 mm) and the popliteal fossa (400 mm).
    pub fn tibial_motor() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Tibial,
            recording_site: "AH".into(),
            n_units: 150,
            mean_conduction_velocity_m_per_s: 43.0,
            conduction_velocity_sd_m_per_s: 2.5,
            residual_latency_ms: 2.4,
            healthy_distal_amplitude_uv: 12_000.0,
            sites: vec![SiteSpec::healthy("Ankle", 90.0), SiteSpec::healthy("Popliteal fossa", 400.0)],
            post_stimulus_ms: 38.0,
            skin_temperature_c: 31.5,
            seed: 4,
            ..NerveSpec::median_motor()
        }
    }

    /// A normal right median antidromic sensory study recording digit 2, stimulated at the
    /// wrist 130 mm away: peak latency about 3 ms, amplitude about 35 µV.
    pub fn median_sensory() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Median,
            side: Side::Right,
            kind: NerveConductionKind::SensoryAntidromic,
            recording_site: "Digit 2".into(),
            n_units: 300,
            mean_conduction_velocity_m_per_s: 50.0,
            conduction_velocity_sd_m_per_s: 3.5,
            residual_latency_ms: 0.0,
            healthy_distal_amplitude_uv: 35.0,
            axon_loss_fraction: 0.0,
            sites: vec![SiteSpec::healthy("Wrist", 130.0)],
            noise_rms_uv: 1.0,
            sampling_rate_hz: 20_000.0,
            pre_stimulus_ms: 2.0,
            post_stimulus_ms: 13.0,
            skin_temperature_c: 33.0,
            seed: 11,
        }
    }

    /// A normal right ulnar antidromic sensory study recording digit 5 from the wrist, 110 mm.
    pub fn ulnar_sensory() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Ulnar,
            recording_site: "Digit 5".into(),
            mean_conduction_velocity_m_per_s: 49.0,
            healthy_distal_amplitude_uv: 28.0,
            sites: vec![SiteSpec::healthy("Wrist", 110.0)],
            seed: 12,
            ..NerveSpec::median_sensory()
        }
    }

    /// This sensory study recorded from the ring finger (digit 4) at 140 mm, the comparison site
    /// the median and ulnar nerves share, with a smaller response than at their own digits.
    pub fn at_ring_finger(mut self, seed: u64) -> NerveSpec {
        self.recording_site = "Digit 4".into();
        self.sites[0].distance_mm = 140.0;
        self.healthy_distal_amplitude_uv *= 0.6;
        self.seed = seed;
        self
    }

    /// A normal right sural antidromic sensory study recording behind the lateral malleolus,
    /// stimulated 140 mm proximal on the calf.
    pub fn sural_sensory() -> NerveSpec {
        NerveSpec {
            nerve: Nerve::Sural,
            recording_site: "Lateral malleolus".into(),
            mean_conduction_velocity_m_per_s: 43.0,
            healthy_distal_amplitude_uv: 18.0,
            sites: vec![SiteSpec::healthy("Calf", 140.0)],
            skin_temperature_c: 31.5,
            seed: 13,
            ..NerveSpec::median_sensory()
        }
    }

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

    /// Draws the axons: velocities, sizes, losses and, per segment, velocity or block.
    fn axons(&self, random: &mut Random) -> Vec<Axon> {
        let lowest = 0.6 * self.mean_conduction_velocity_m_per_s;
        let highest = 1.4 * self.mean_conduction_velocity_m_per_s;
        (0..self.n_units)
            .map(|_| {
                let velocity_z = random.standard_normal();
                let velocity_m_per_s = (self.mean_conduction_velocity_m_per_s
                    + velocity_z * self.conduction_velocity_sd_m_per_s)
                    .clamp(lowest, highest);
                let relative_size = (SIZE_VELOCITY_COUPLING * velocity_z + random.normal(0.0, 0.3)).exp();
                let is_lost = random.uniform() < self.axon_loss_fraction;
                let segment_velocities = self
                    .sites
                    .iter()
                    .map(|site| {
                        let pathology = site.pathology;
                        let is_blocked = random.uniform() < pathology.block_fraction;
                        let factor = (pathology.velocity_factor
                            * (1.0 + pathology.dispersion * random.standard_normal()))
                        .max(0.15);
                        (!is_blocked).then_some(velocity_m_per_s * factor)
                    })
                    .collect();
                Axon { velocity_m_per_s, relative_size, is_lost, segment_velocities }
            })
            .collect()
    }

    /// When the axon's potential arrives from site `site_idx`, or `None` if it does not.
    fn latency_ms(&self, axon: &Axon, site_idx: usize) -> Option<f64> {
        if axon.is_lost {
            return None;
        }
        let mut latency_ms = self.residual_latency_ms;
        for (site, velocity) in self.sites.iter().zip(&axon.segment_velocities).take(site_idx + 1) {
            latency_ms += site.distance_mm / (*velocity)?;
        }
        Some(latency_ms)
    }

    /// The noise-free response (unscaled) at each time, from each axon's arrival time.
    fn response(&self, axons: &[Axon], latencies: &[Option<f64>], times_ms: &[f64]) -> Vec<f64> {
        times_ms
            .iter()
            .map(|time_ms| {
                axons
                    .iter()
                    .zip(latencies)
                    .filter_map(|(axon, latency)| {
                        latency.map(|latency| axon.relative_size * self.unit_potential(time_ms - latency))
                    })
                    .sum()
            })
            .collect()
    }

    /// When the noise-free response first reaches `level` (negative, unscaled), to a microsecond.
    fn takeoff_ms(&self, axons: &[Axon], latencies: &[Option<f64>], level: f64, first_unit_latency_ms: f64) -> f64 {
        let mut time_ms = first_unit_latency_ms;
        while self.response(axons, latencies, &[time_ms])[0] > level && time_ms < self.post_stimulus_ms {
            time_ms += 0.001;
        }
        time_ms
    }

    /// One unit's potential, `time_ms` after its arrival, in arbitrary units.
    fn unit_potential(&self, time_ms: f64) -> f64 {
        match self.kind {
            NerveConductionKind::Motor | NerveConductionKind::FWave | NerveConductionKind::HReflex => {
                motor_unit_potential(time_ms)
            }
            _ => sensory_fibre_potential(time_ms),
        }
    }
}

/// A motor unit's surface potential: a negative main phase (1.6 ms to peak) followed by a slower,
/// smaller positive phase that returns to baseline within about 15 ms, the shape a belly–tendon
/// montage records over the end-plate zone (so late responses at 25 ms and more rise from a
/// settled baseline, as on a real recording).
fn motor_unit_potential(time_ms: f64) -> f64 {
    const NEGATIVE_TIME_TO_PEAK_MS: f64 = 1.6;
    const POSITIVE_DELAY_MS: f64 = 3.0;
    const POSITIVE_TIME_TO_PEAK_MS: f64 = 3.0;
    const POSITIVE_RELATIVE_SIZE: f64 = 0.5;
    -lobe(time_ms, NEGATIVE_TIME_TO_PEAK_MS)
        + POSITIVE_RELATIVE_SIZE * lobe(time_ms - POSITIVE_DELAY_MS, POSITIVE_TIME_TO_PEAK_MS).powi(2)
}

/// A sensory fibre's potential at ring electrodes: a brief negative phase (0.35 ms to peak) and a
/// positive phase, so the SNAP lasts about 1.5 ms.
fn sensory_fibre_potential(time_ms: f64) -> f64 {
    const NEGATIVE_TIME_TO_PEAK_MS: f64 = 0.35;
    const POSITIVE_DELAY_MS: f64 = 0.55;
    const POSITIVE_TIME_TO_PEAK_MS: f64 = 0.45;
    const POSITIVE_RELATIVE_SIZE: f64 = 0.6;
    -lobe(time_ms, NEGATIVE_TIME_TO_PEAK_MS)
        + POSITIVE_RELATIVE_SIZE * lobe(time_ms - POSITIVE_DELAY_MS, POSITIVE_TIME_TO_PEAK_MS)
}

/// A unit-height lobe that departs linearly from zero at time 0 and peaks at `time_to_peak_ms`:
/// the alpha function `(t/T) e^{1 − t/T}`, whose sharp take-off matches a recorded response.
fn lobe(time_ms: f64, time_to_peak_ms: f64) -> f64 {
    if time_ms <= 0.0 {
        return 0.0;
    }
    let relative_time = time_ms / time_to_peak_ms;
    relative_time * (1.0 - relative_time).exp()
}

/// The stimulus artefact at the recording electrodes: a sharp deflection at the stimulus that
/// decays within half a millisecond, in µV (larger for the tiny sensory responses' gain).
fn stimulus_artefact_uv(time_ms: f64, kind: NerveConductionKind) -> f64 {
    const DECAY_MS: f64 = 0.08;
    let peak_uv =
        if matches!(kind, NerveConductionKind::Motor | NerveConductionKind::FWave | NerveConductionKind::HReflex) {
            1_500.0
        } else {
            60.0
        };
    if time_ms < 0.0 {
        return 0.0;
    }
    peak_uv * (1.0 - 2.0 * time_ms / DECAY_MS) * (-time_ms / DECAY_MS).exp()
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
