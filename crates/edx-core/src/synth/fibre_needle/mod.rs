//! A second needle EMG simulator, built differently from [`super::needle`] so that the analysis
//! can be tested on recordings it was not tuned on (the blind set, [`blind_set`]).
//!
//! Where `synth::needle` draws each potential as a sum of Gaussian lobes with chosen widths, this
//! model builds it from fibres ([`potentials`]): a motor unit is tens to a hundred and fifty
//! fibres scattered over its territory, each with its own end plate, conduction velocity and
//! terminal delay, seen through a line-source volume conductor; a fibrillation potential is one
//! fibre close to the needle; a positive sharp wave is drawn from its published description (a
//! fibre blocked at the needle would need its sealed end's currents, which the line source
//! leaves out). Firing differs too: motor units are recruited one
//! after another and speed up with effort (rate rising from the onset rate), regular
//! fibrillation trains slow down over a run (Partanen's self-inhibition, domain.md §4.1) and
//! irregular ones (about 43 % of trains, §4.1) fire at log-normal intervals. The noise is
//! coloured (first-order low-pass), the hum has a third harmonic, and whole recordings or single
//! units may be inverted, as montage and needle position make them.

pub mod blind_set;
pub mod potentials;
pub mod score;

use super::Random;
pub use potentials::{Fibre, Waveform};

/// A motor unit of the simulated effort.
#[derive(Debug, Clone, PartialEq)]
pub struct FiringUnit {
    /// Its potential.
    pub waveform: Waveform,
    /// When effort recruits it, s.
    pub recruited_s: f64,
    /// When it stops firing, s.
    pub end_s: f64,
    /// Its rate when recruited, Hz (the lowest voluntary rates are 4–5 Hz, domain.md §4.2).
    pub onset_rate_hz: f64,
    /// How fast its rate rises with effort, Hz per second.
    pub rate_rise_hz_per_s: f64,
    /// The highest rate it reaches, Hz.
    pub max_rate_hz: f64,
    /// Coefficient of variation of its intervals.
    pub interval_cv: f64,
}

/// What a train of spontaneous potentials is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DenervationKind {
    /// Fibrillation potentials.
    Fibrillation,
    /// Positive sharp waves.
    PositiveSharpWave,
}

/// A train of fibrillation potentials or positive sharp waves.
#[derive(Debug, Clone, PartialEq)]
pub struct DenervationTrain {
    /// Fibrillation potentials or positive sharp waves.
    pub kind: DenervationKind,
    /// Its potential.
    pub waveform: Waveform,
    /// Its rate at the start, Hz.
    pub rate_hz: f64,
    /// Regular trains slow down by this share of their rate per second (self-inhibition);
    /// irregular ones keep their mean rate.
    pub slowing_per_s: f64,
    /// Whether it fires irregularly (log-normal intervals, σ 0.5) rather than regularly (2 %).
    pub irregular: bool,
    /// Start, s.
    pub start_s: f64,
    /// End, s.
    pub end_s: f64,
}

/// A simulated needle recording of this model.
#[derive(Debug, Clone, PartialEq)]
pub struct FibreNeedleSpec {
    /// What the recording stands for, e.g. "3+ fibrillations, then effort".
    pub name: String,
    /// Samples per second, Hz.
    pub sampling_rate_hz: f64,
    /// Length, s.
    pub duration_s: f64,
    /// RMS of the noise, µV.
    pub noise_rms_uv: f64,
    /// Corner of the first-order low-pass that colours the noise, Hz.
    pub noise_corner_hz: f64,
    /// Amplitude of the mains hum's fundamental, µV (its third harmonic is 30 % of it).
    pub hum_uv: f64,
    /// Mains frequency, Hz.
    pub hum_hz: f64,
    /// Whether the whole recording is inverted (the montage's polarity reversed).
    pub inverted: bool,
    /// Stretches of voluntary effort, s: the rest of the recording is rest.
    pub effort_s: Vec<(f64, f64)>,
    /// Motor units.
    pub units: Vec<FiringUnit>,
    /// Spontaneous trains.
    pub denervation: Vec<DenervationTrain>,
    /// Seed of the random source for firing and noise.
    pub seed: u64,
}

/// What this simulator placed.
#[derive(Debug, Clone, PartialEq)]
pub struct FibreNeedleTruth {
    /// Per unit, the times of its potential's largest excursion, s.
    pub unit_discharges: Vec<Vec<f64>>,
    /// Per unit, its peak-to-peak amplitude, µV.
    pub unit_amplitudes_uv: Vec<f64>,
    /// Every fibrillation potential and positive sharp wave placed.
    pub denervation: Vec<PlacedDenervation>,
}

/// A fibrillation potential or positive sharp wave the simulator placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedDenervation {
    /// Which of the two.
    pub kind: DenervationKind,
    /// Time of its largest excursion, s.
    pub time_s: f64,
    /// Its peak-to-peak amplitude, µV.
    pub amplitude_uv: f64,
}

/// A simulated recording and its truth.
#[derive(Debug, Clone, PartialEq)]
pub struct FibreNeedleRecording {
    /// Samples, µV.
    pub samples_uv: Vec<f32>,
    /// Samples per second, Hz.
    pub sampling_rate_hz: f64,
    /// What was placed.
    pub truth: FibreNeedleTruth,
}

impl FibreNeedleSpec {
    /// Simulates the recording.
    pub fn simulate(&self) -> FibreNeedleRecording {
        let mut random = Random::new(self.seed);
        let rate = self.sampling_rate_hz;
        let n_samples = (self.duration_s * rate).round() as usize;
        let mut samples = vec![0.0f64; n_samples];
        let mut add = |waveform: &Waveform, time_s: f64| {
            let (before_ms, after_ms) = waveform.extent_ms();
            let first = ((time_s - before_ms / 1000.0) * rate).floor().max(0.0) as usize;
            let last = (((time_s + after_ms / 1000.0) * rate).ceil() as usize).min(n_samples);
            for (sample_idx, sample) in samples.iter_mut().enumerate().take(last).skip(first) {
                *sample += waveform.value_uv((sample_idx as f64 / rate - time_s) * 1000.0);
            }
        };
        let mut unit_discharges = Vec::with_capacity(self.units.len());
        for unit in &self.units {
            let times = unit_discharge_times(unit, self.duration_s, &mut random);
            times.iter().for_each(|&time_s| add(&unit.waveform, time_s));
            unit_discharges.push(times);
        }
        let mut denervation = Vec::new();
        for train in &self.denervation {
            for time_s in denervation_times(train, self.duration_s, &mut random) {
                add(&train.waveform, time_s);
                denervation.push(PlacedDenervation {
                    kind: train.kind,
                    time_s,
                    amplitude_uv: train.waveform.amplitude_uv(),
                });
            }
        }
        denervation.sort_by(|first, second| first.time_s.total_cmp(&second.time_s));
        let noise = coloured_noise(n_samples, rate, self.noise_corner_hz, self.noise_rms_uv, &mut random);
        let phase = random.uniform() * std::f64::consts::TAU;
        let sign = if self.inverted { -1.0 } else { 1.0 };
        let samples_uv = samples
            .iter()
            .zip(&noise)
            .enumerate()
            .map(|(sample_idx, (value, noise_uv))| {
                let angle = std::f64::consts::TAU * self.hum_hz * sample_idx as f64 / rate + phase;
                let hum_uv = self.hum_uv * (angle.sin() + 0.3 * (3.0 * angle).sin());
                (sign * value + noise_uv + hum_uv) as f32
            })
            .collect();
        FibreNeedleRecording {
            samples_uv,
            sampling_rate_hz: rate,
            truth: FibreNeedleTruth {
                unit_discharges,
                unit_amplitudes_uv: self.units.iter().map(|unit| unit.waveform.amplitude_uv()).collect(),
                denervation,
            },
        }
    }
}

/// A unit's discharges: from its recruitment, intervals around the rate effort has reached.
fn unit_discharge_times(unit: &FiringUnit, duration_s: f64, random: &mut Random) -> Vec<f64> {
    let end_s = unit.end_s.min(duration_s - 0.02);
    let mut times = Vec::new();
    let mut time_s = unit.recruited_s + 0.05 * random.uniform();
    while time_s < end_s {
        times.push(time_s);
        let rate_hz =
            (unit.onset_rate_hz + unit.rate_rise_hz_per_s * (time_s - unit.recruited_s)).min(unit.max_rate_hz);
        time_s += (1.0 + unit.interval_cv * random.standard_normal()).max(0.5) / rate_hz;
    }
    times
}

/// A train's discharges: regular ones slowing down, irregular ones at log-normal intervals.
fn denervation_times(train: &DenervationTrain, duration_s: f64, random: &mut Random) -> Vec<f64> {
    let end_s = train.end_s.min(duration_s - 0.02);
    let mut times = Vec::new();
    let mut time_s = train.start_s + random.uniform() / train.rate_hz;
    while time_s < end_s {
        times.push(time_s);
        let interval_s = if train.irregular {
            // A log-normal interval with σ 0.5 whose mean is the train's interval.
            (0.5 * random.standard_normal() - 0.125).exp() / train.rate_hz
        } else {
            let rate_hz = train.rate_hz * (1.0 - train.slowing_per_s * (time_s - train.start_s)).max(0.5);
            (1.0 + 0.02 * random.standard_normal()) / rate_hz
        };
        time_s += interval_s.max(0.01);
    }
    times
}

/// White Gaussian noise through a first-order low-pass at `corner_hz`, scaled to `rms_uv`.
fn coloured_noise(n_samples: usize, rate_hz: f64, corner_hz: f64, rms_uv: f64, random: &mut Random) -> Vec<f64> {
    let smoothing = (-std::f64::consts::TAU * corner_hz / rate_hz).exp();
    let mut state = 0.0;
    let raw: Vec<f64> = (0..n_samples)
        .map(|_| {
            state = smoothing * state + (1.0 - smoothing) * random.standard_normal();
            state
        })
        .collect();
    let raw_rms = (raw.iter().map(|value| value * value).sum::<f64>() / n_samples.max(1) as f64).sqrt();
    raw.into_iter().map(|value| value * rms_uv / raw_rms.max(f64::MIN_POSITIVE)).collect()
}
