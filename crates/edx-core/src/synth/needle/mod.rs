//! Simulated needle EMG with known truth: motor unit potential trains with known shapes and
//! discharge times (variable firing, superimpositions), fibrillation potentials, positive sharp
//! waves, fasciculations, complex repetitive discharges and myotonic discharges at known times,
//! noise and mains hum.
//!
//! Potentials are sums of Gaussian lobes: a motor unit potential has a small initial positive
//! phase, a large negative spike and a positive after-phase, with slow low-amplitude components
//! at either end that set its duration, as a concentric needle records them. Neurogenic units
//! are larger, longer and polyphasic; myopathic units small, short and polyphasic.
//!
//! `shapes` builds the potentials; `firing` times their discharges; `muscles` holds the muscles
//! simulations start from (normal, neurogenic, myopathic, with complex repetitive or myotonic
//! discharges, quiet).

mod firing;
mod muscles;
mod shapes;

pub use firing::Firing;
pub use shapes::{peak_to_peak, Lobe, Shape};

use super::Random;
use firing::{discharge_times, timed_discharges};

/// A motor unit: its potential and its discharges.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSpec {
    /// Its potential's shape, as recorded at the needle.
    pub shape: Shape,
    /// Mean firing rate while active, Hz.
    pub firing_rate_hz: f64,
    /// Coefficient of variation of the inter-discharge intervals.
    pub interval_cv: f64,
    /// When the unit starts firing, s.
    pub start_s: f64,
    /// When it stops, s.
    pub end_s: f64,
}

/// What spontaneous potential a train is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpontaneousKind {
    /// Fibrillation potentials.
    Fibrillation,
    /// Positive sharp waves.
    PositiveSharpWave,
    /// Fasciculation potentials (irregular motor unit discharges).
    Fasciculation,
    /// A complex repetitive discharge: one complex potential repeating at a near-constant rate,
    /// starting and stopping abruptly.
    ComplexRepetitive,
    /// A myotonic discharge: a single fibre's potential whose rate and amplitude wax and wane.
    Myotonic,
}

/// A train of spontaneous potentials.
#[derive(Debug, Clone, PartialEq)]
pub struct SpontaneousSpec {
    /// What it is.
    pub kind: SpontaneousKind,
    /// Its potential.
    pub shape: Shape,
    /// Mean discharge rate, Hz.
    pub rate_hz: f64,
    /// Coefficient of variation of its intervals (fibrillations are mostly regular).
    pub interval_cv: f64,
    /// How its discharges are timed.
    pub firing: Firing,
    /// Start and end, s.
    pub start_s: f64,
    /// End, s.
    pub end_s: f64,
}

impl SpontaneousSpec {
    /// Fasciculation potentials of one motor unit: its potential firing at random at about
    /// `mean_rate_hz` between `start_s` and `end_s`.
    pub fn fasciculations(shape: Shape, mean_rate_hz: f64, start_s: f64, end_s: f64) -> SpontaneousSpec {
        SpontaneousSpec {
            kind: SpontaneousKind::Fasciculation,
            shape,
            rate_hz: mean_rate_hz,
            interval_cv: 1.0,
            firing: Firing::Random,
            start_s,
            end_s,
        }
    }

    /// A complex repetitive discharge of [`Shape::complex_repetitive`] of `amplitude_uv` at
    /// `rate_hz` (5–150 Hz, domain.md §4.1) with intervals varying by 1 %, from `start_s` to
    /// `end_s`.
    pub fn complex_repetitive(amplitude_uv: f64, rate_hz: f64, start_s: f64, end_s: f64) -> SpontaneousSpec {
        SpontaneousSpec {
            kind: SpontaneousKind::ComplexRepetitive,
            shape: Shape::complex_repetitive(amplitude_uv),
            rate_hz,
            interval_cv: 0.01,
            firing: Firing::Steady,
            start_s,
            end_s,
        }
    }

    /// A myotonic discharge of positive waves of up to `amplitude_uv` (the glossary's second
    /// form, domain.md §4.1), its rate waxing from `lowest_rate_hz` to `peak_rate_hz` and waning
    /// back (20–80 Hz in the glossary) and its amplitude with it from 40 % to all, from
    /// `start_s` to `end_s`.
    pub fn myotonic(
        amplitude_uv: f64,
        lowest_rate_hz: f64,
        peak_rate_hz: f64,
        start_s: f64,
        end_s: f64,
    ) -> SpontaneousSpec {
        SpontaneousSpec {
            kind: SpontaneousKind::Myotonic,
            shape: Shape::positive_sharp_wave(amplitude_uv),
            rate_hz: lowest_rate_hz,
            interval_cv: 0.02,
            firing: Firing::WaxingAndWaning { peak_rate_hz, lowest_amplitude_share: 0.4 },
            start_s,
            end_s,
        }
    }
}

/// A simulated needle recording.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedleSpec {
    /// Samples per second, Hz.
    pub sampling_rate_hz: f64,
    /// Length, s.
    pub duration_s: f64,
    /// White noise RMS, µV.
    pub noise_rms_uv: f64,
    /// Mains hum amplitude, µV, and its frequency.
    pub hum_uv: f64,
    /// Mains frequency, Hz.
    pub hum_hz: f64,
    /// Motor units (voluntary activity).
    pub units: Vec<UnitSpec>,
    /// Spontaneous activity.
    pub spontaneous: Vec<SpontaneousSpec>,
    /// Seed of the random source.
    pub seed: u64,
}

/// One potential the simulator placed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedPotential {
    /// Time of the alignment point, s.
    pub time_s: f64,
    /// Peak-to-peak amplitude, µV.
    pub amplitude_uv: f64,
}

/// What the simulator put in.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedleTruth {
    /// Per motor unit, its discharges.
    pub unit_discharges: Vec<Vec<PlacedPotential>>,
    /// Per spontaneous train, its kind and potentials.
    pub spontaneous: Vec<(SpontaneousKind, Vec<PlacedPotential>)>,
}

/// The simulated samples and the truth behind them.
#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedNeedle {
    /// Samples in µV.
    pub samples_uv: Vec<f32>,
    /// Samples per second.
    pub sampling_rate_hz: f64,
    /// What was placed.
    pub truth: NeedleTruth,
}

impl NeedleSpec {
    /// Simulates the recording.
    pub fn simulate(&self) -> SimulatedNeedle {
        let mut random = Random::new(self.seed);
        let n_samples = (self.duration_s * self.sampling_rate_hz).round() as usize;
        let mut samples = vec![0.0f64; n_samples];
        let add = |shape: &Shape, scale: f64, time_s: f64, samples: &mut Vec<f64>| {
            let extent_ms =
                shape.lobes.iter().map(|lobe| lobe.centre_ms.abs() + 4.0 * lobe.width_ms).fold(0.0, f64::max);
            let first = ((time_s - extent_ms / 1000.0) * self.sampling_rate_hz).floor().max(0.0) as usize;
            let last = (((time_s + extent_ms / 1000.0) * self.sampling_rate_hz).ceil() as usize).min(n_samples);
            for (sample_idx, sample) in samples.iter_mut().enumerate().take(last).skip(first) {
                *sample += scale * shape.value_uv((sample_idx as f64 / self.sampling_rate_hz - time_s) * 1000.0);
            }
        };
        let mut unit_discharges = Vec::with_capacity(self.units.len());
        for unit in &self.units {
            let amplitude = peak_to_peak(&unit.shape);
            let times = discharge_times(
                unit.firing_rate_hz,
                unit.interval_cv,
                unit.start_s,
                unit.end_s.min(self.duration_s),
                &mut random,
            );
            for &time_s in &times {
                add(&unit.shape, 1.0, time_s, &mut samples);
            }
            unit_discharges
                .push(times.into_iter().map(|time_s| PlacedPotential { time_s, amplitude_uv: amplitude }).collect());
        }
        let mut spontaneous = Vec::with_capacity(self.spontaneous.len());
        for train in &self.spontaneous {
            let amplitude = peak_to_peak(&train.shape);
            let end_s = train.end_s.min(self.duration_s);
            let timed = timed_discharges(train, end_s, &mut random);
            for &(time_s, scale) in &timed {
                add(&train.shape, scale, time_s, &mut samples);
            }
            spontaneous.push((
                train.kind,
                timed
                    .into_iter()
                    .map(|(time_s, scale)| PlacedPotential { time_s, amplitude_uv: scale * amplitude })
                    .collect(),
            ));
        }
        let phase = random.uniform() * std::f64::consts::TAU;
        let samples_uv = samples
            .iter()
            .enumerate()
            .map(|(sample_idx, value)| {
                let time_s = sample_idx as f64 / self.sampling_rate_hz;
                (value
                    + self.hum_uv * (std::f64::consts::TAU * self.hum_hz * time_s + phase).sin()
                    + random.normal(0.0, self.noise_rms_uv)) as f32
            })
            .collect();
        SimulatedNeedle {
            samples_uv,
            sampling_rate_hz: self.sampling_rate_hz,
            truth: NeedleTruth { unit_discharges, spontaneous },
        }
    }

    /// The same muscle at rest `delay_s` longer before effort: units start later, and the
    /// recording is as much longer.
    pub fn with_effort_later(mut self, delay_s: f64) -> NeedleSpec {
        self.units.iter_mut().for_each(|unit| unit.start_s += delay_s);
        self.duration_s += delay_s;
        self
    }

    /// The same muscle with another train of spontaneous activity.
    pub fn with_spontaneous(mut self, train: SpontaneousSpec) -> NeedleSpec {
        self.spontaneous.push(train);
        self
    }

    /// The same muscle recorded for `duration_s` (units keep firing to the end).
    pub fn with_duration(mut self, duration_s: f64) -> NeedleSpec {
        self.duration_s = duration_s;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simulated_potentials_sit_where_the_truth_says() {
        let simulated = NeedleSpec::normal().simulate();
        assert_eq!(simulated.samples_uv.len(), 200_000);
        let first = simulated.truth.unit_discharges[1][0];
        let sample_idx = (first.time_s * simulated.sampling_rate_hz).round() as usize;
        let lowest =
            simulated.samples_uv[sample_idx - 10..sample_idx + 10].iter().copied().fold(f32::INFINITY, f32::min);
        assert!(
            lowest < -0.3 * first.amplitude_uv as f32,
            "negative spike at the discharge: {lowest} for a {} µV unit",
            first.amplitude_uv
        );
        assert!((first.amplitude_uv - 700.0).abs() < 200.0, "{}", first.amplitude_uv);
    }

    #[test]
    fn neurogenic_has_spontaneous_trains_at_rest_and_large_units() {
        let spec = NeedleSpec::neurogenic();
        let simulated = spec.simulate();
        assert!(simulated
            .truth
            .spontaneous
            .iter()
            .all(|(_, potentials)| potentials.iter().all(|potential| potential.time_s < 4.0)));
        assert!(simulated.truth.unit_discharges[1][0].amplitude_uv > 2000.0);
    }
}
