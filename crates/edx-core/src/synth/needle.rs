//! Simulated needle EMG with known truth: motor unit potential trains with known shapes and
//! discharge times (variable firing, superimpositions), fibrillation potentials, positive sharp
//! waves, fasciculations, complex repetitive discharges and myotonic discharges at known times,
//! noise and mains hum.
//!
//! Potentials are sums of Gaussian lobes: a motor unit potential has a small initial positive
//! phase, a large negative spike and a positive after-phase, with slow low-amplitude components
//! at either end that set its duration, as a concentric needle records them. Neurogenic units
//! are larger, longer and polyphasic; myopathic units small, short and polyphasic.

use super::Random;

/// One Gaussian lobe of a potential: centre and width in ms, height in µV (positive up in
/// voltage; the display draws negative up).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lobe {
    /// Centre, ms from the potential's alignment point.
    pub centre_ms: f64,
    /// Standard deviation, ms.
    pub width_ms: f64,
    /// Height, µV.
    pub height_uv: f64,
}

/// A potential's shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Its lobes.
    pub lobes: Vec<Lobe>,
}

impl Shape {
    /// The value `time_ms` after the alignment point, in µV.
    pub fn value_uv(&self, time_ms: f64) -> f64 {
        self.lobes
            .iter()
            .map(|lobe| lobe.height_uv * (-0.5 * ((time_ms - lobe.centre_ms) / lobe.width_ms).powi(2)).exp())
            .sum()
    }

    /// A normal motor unit potential of peak-to-peak amplitude about `amplitude_uv`, duration
    /// about 9–10 ms at 10 µV, scaled in time by `time_scale` (1 for normal).
    pub fn motor_unit(amplitude_uv: f64, time_scale: f64, extra_phases: usize, random: &mut Random) -> Shape {
        let half = amplitude_uv / 1.6;
        // Each unit's shape varies a little, as fibre territories and needle positions differ.
        let mut jitter = |spread: f64| 1.0 + spread * random.standard_normal();
        let mut lobes = vec![
            Lobe {
                centre_ms: -2.4 * time_scale * jitter(0.1),
                width_ms: 1.2 * time_scale,
                height_uv: 0.14 * half * jitter(0.2),
            },
            Lobe {
                centre_ms: -0.55 * time_scale * jitter(0.1),
                width_ms: 0.22 * time_scale * jitter(0.1),
                height_uv: 0.22 * half * jitter(0.2),
            },
            Lobe { centre_ms: 0.0, width_ms: 0.25 * time_scale * jitter(0.1), height_uv: -half },
            Lobe {
                centre_ms: 0.7 * time_scale * jitter(0.1),
                width_ms: 0.45 * time_scale * jitter(0.1),
                height_uv: 0.5 * half * jitter(0.2),
            },
            Lobe {
                centre_ms: 3.0 * time_scale * jitter(0.1),
                width_ms: 1.6 * time_scale,
                height_uv: 0.17 * half * jitter(0.2),
            },
        ];
        for phase_idx in 0..extra_phases {
            let centre_ms = (1.4 + 0.55 * phase_idx as f64) * time_scale + random.normal(0.0, 0.08);
            let sign = if phase_idx % 2 == 0 { -1.0 } else { 1.0 };
            lobes.push(Lobe {
                centre_ms,
                width_ms: 0.18 * time_scale,
                height_uv: sign * half * (0.35 + 0.2 * random.uniform()),
            });
        }
        Shape { lobes }
    }

    /// A fibrillation potential: a brief biphasic or triphasic spike with an initial positive
    /// phase, 1–3 ms long.
    pub fn fibrillation(amplitude_uv: f64) -> Shape {
        let half = amplitude_uv / 1.7;
        Shape {
            lobes: vec![
                Lobe { centre_ms: -0.25, width_ms: 0.12, height_uv: 0.7 * half },
                Lobe { centre_ms: 0.05, width_ms: 0.1, height_uv: -half },
                Lobe { centre_ms: 0.4, width_ms: 0.25, height_uv: 0.25 * half },
            ],
        }
    }

    /// The complex potential of a complex repetitive discharge: several spikes of a group of
    /// fibres firing time-locked, about 10 ms long, of peak-to-peak amplitude about
    /// `amplitude_uv` (100 µV – 1 mV in the glossary, domain.md §4.1).
    pub fn complex_repetitive(amplitude_uv: f64) -> Shape {
        let half = amplitude_uv / 1.6;
        let lobe = |centre_ms: f64, width_ms: f64, share: f64| Lobe { centre_ms, width_ms, height_uv: share * half };
        Shape {
            lobes: vec![
                lobe(-4.0, 1.2, 0.08),
                lobe(-3.0, 0.25, 0.3),
                lobe(-2.0, 0.2, -0.45),
                lobe(-0.6, 0.2, 0.4),
                lobe(0.0, 0.22, -1.0),
                lobe(0.6, 0.3, 0.55),
                lobe(1.8, 0.25, -0.5),
                lobe(3.0, 0.3, 0.35),
                lobe(4.2, 0.3, -0.3),
                lobe(5.5, 1.5, 0.1),
            ],
        }
    }

    /// A positive sharp wave: a sharp positive deflection followed by a long, shallow negative
    /// phase, 8–15 ms long.
    pub fn positive_sharp_wave(amplitude_uv: f64) -> Shape {
        Shape {
            lobes: vec![
                Lobe { centre_ms: 0.0, width_ms: 0.3, height_uv: amplitude_uv * 0.85 },
                Lobe { centre_ms: 3.5, width_ms: 2.5, height_uv: -amplitude_uv * 0.18 },
            ],
        }
    }
}

/// A motor unit: its potential and its discharges.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitSpec {
    /// The potential.
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

/// How a train's discharges are timed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Firing {
    /// Intervals scattered normally around the mean with the train's coefficient of variation.
    Steady,
    /// Independent discharges at the mean rate (a Poisson process: exponential intervals, none
    /// shorter than a tenth of the mean), as fasciculations fire.
    Random,
    /// The rate rises from the train's `rate_hz` to `peak_rate_hz` and falls back over the
    /// train, and the amplitude with it from `lowest_amplitude_share` of the shape's to all of it.
    WaxingAndWaning {
        /// Highest rate, mid-train, Hz.
        peak_rate_hz: f64,
        /// Amplitude at the start and end, as a share of the shape's.
        lowest_amplitude_share: f64,
    },
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
            let timed: Vec<(f64, f64)> = match train.firing {
                Firing::Steady => discharge_times(train.rate_hz, train.interval_cv, train.start_s, end_s, &mut random)
                    .into_iter()
                    .map(|time_s| (time_s, 1.0))
                    .collect(),
                Firing::Random => random_times(train.rate_hz, train.start_s, end_s, &mut random)
                    .into_iter()
                    .map(|time_s| (time_s, 1.0))
                    .collect(),
                Firing::WaxingAndWaning { peak_rate_hz, lowest_amplitude_share } => waxing_and_waning_times(
                    (train.rate_hz, peak_rate_hz),
                    lowest_amplitude_share,
                    train.interval_cv,
                    (train.start_s, end_s),
                    &mut random,
                ),
            };
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

    /// A healthy tibialis anterior: 2 s at rest, then gently increasing effort recruiting five
    /// normal motor units (amplitudes 250–950 µV).
    pub fn normal() -> NeedleSpec {
        NeedleSpec::normal_seeded(0)
    }

    /// [`NeedleSpec::normal`] with other unit shapes, firing and noise for each `seed`.
    pub fn normal_seeded(seed: u64) -> NeedleSpec {
        let mut random = Random::new(21 + 1000 * seed);
        let units =
            [(450.0, 9.0, 2.0), (700.0, 10.0, 2.8), (320.0, 11.0, 3.6), (1200.0, 10.5, 4.6), (560.0, 12.0, 5.6)]
                .into_iter()
                .map(|(amplitude_uv, rate_hz, start_s)| UnitSpec {
                    shape: Shape::motor_unit(amplitude_uv, 1.0, 0, &mut random),
                    firing_rate_hz: rate_hz,
                    interval_cv: 0.12,
                    start_s,
                    end_s: f64::INFINITY,
                })
                .collect();
        NeedleSpec {
            sampling_rate_hz: 20_000.0,
            duration_s: 10.0,
            noise_rms_uv: 8.0,
            hum_uv: 4.0,
            hum_hz: 50.0,
            units,
            spontaneous: Vec::new(),
            seed: 22 + 1000 * seed,
        }
    }

    /// Chronic partial denervation with ongoing loss: fibrillation potentials, positive sharp
    /// waves and fasciculation potentials of two enlarged units at rest; at effort few, large,
    /// long, polyphasic units firing fast (reduced recruitment).
    pub fn neurogenic() -> NeedleSpec {
        NeedleSpec::neurogenic_seeded(0)
    }

    /// [`NeedleSpec::neurogenic`] with other unit shapes, firing and noise for each `seed`.
    pub fn neurogenic_seeded(seed: u64) -> NeedleSpec {
        let mut random = Random::new(31 + 1000 * seed);
        let units = [(2400.0, 17.0, 4.0, 2), (3100.0, 21.0, 5.0, 3), (1800.0, 24.0, 6.5, 2)]
            .into_iter()
            .map(|(amplitude_uv, rate_hz, start_s, extra_phases)| UnitSpec {
                shape: Shape::motor_unit(amplitude_uv, 1.45, extra_phases, &mut random),
                firing_rate_hz: rate_hz,
                interval_cv: 0.1,
                start_s,
                end_s: f64::INFINITY,
            })
            .collect();
        // Fasciculating units are enlarged too (domain.md §4.1: tibialis anterior
        // fasciculation potentials in ALS 560–800 µV, 12.6–13.7 ms on average); each fires at
        // random about once every two seconds.
        let fasciculating: Vec<Shape> = [(900.0, 2), (1400.0, 1)]
            .into_iter()
            .map(|(amplitude_uv, extra_phases)| Shape::motor_unit(amplitude_uv, 1.3, extra_phases, &mut random))
            .collect();
        let mut spontaneous = vec![
            SpontaneousSpec {
                kind: SpontaneousKind::Fibrillation,
                shape: Shape::fibrillation(180.0),
                rate_hz: 6.0,
                interval_cv: 0.05,
                firing: Firing::Steady,
                start_s: 0.2,
                end_s: 3.8,
            },
            SpontaneousSpec {
                kind: SpontaneousKind::Fibrillation,
                shape: Shape::fibrillation(110.0),
                rate_hz: 11.0,
                interval_cv: 0.04,
                firing: Firing::Steady,
                start_s: 0.6,
                end_s: 3.6,
            },
            SpontaneousSpec {
                kind: SpontaneousKind::PositiveSharpWave,
                shape: Shape::positive_sharp_wave(260.0),
                rate_hz: 4.0,
                interval_cv: 0.05,
                firing: Firing::Steady,
                start_s: 0.4,
                end_s: 3.9,
            },
        ];
        spontaneous
            .extend(fasciculating.into_iter().map(|shape| SpontaneousSpec::fasciculations(shape, 0.5, 0.1, 3.9)));
        NeedleSpec {
            sampling_rate_hz: 20_000.0,
            duration_s: 10.0,
            noise_rms_uv: 8.0,
            hum_uv: 4.0,
            hum_hz: 50.0,
            units,
            spontaneous,
            seed: 32 + 1000 * seed,
        }
    }

    /// Myopathy: quiet at rest; at slight effort many small, short, polyphasic units recruited
    /// early.
    pub fn myopathic() -> NeedleSpec {
        NeedleSpec::myopathic_seeded(0)
    }

    /// [`NeedleSpec::myopathic`] with other unit shapes, firing and noise for each `seed`.
    pub fn myopathic_seeded(seed: u64) -> NeedleSpec {
        let mut random = Random::new(41 + 1000 * seed);
        let units = (0..9)
            .map(|unit_idx| UnitSpec {
                shape: Shape::motor_unit(180.0 + 35.0 * unit_idx as f64, 0.6, 1 + unit_idx % 3, &mut random),
                firing_rate_hz: 9.0 + unit_idx as f64 * 0.6,
                interval_cv: 0.12,
                start_s: 2.0 + 0.15 * unit_idx as f64,
                end_s: f64::INFINITY,
            })
            .collect();
        NeedleSpec {
            sampling_rate_hz: 20_000.0,
            duration_s: 10.0,
            noise_rms_uv: 8.0,
            hum_uv: 4.0,
            hum_hz: 50.0,
            units,
            spontaneous: Vec::new(),
            seed: 42 + 1000 * seed,
        }
    }

    /// A chronic neurogenic or myopathic muscle with a complex repetitive discharge at rest:
    /// [`NeedleSpec::normal_seeded`]'s units, with effort starting 4 s later, and a discharge of
    /// 300–800 µV at 10–70 Hz (the usual range, domain.md §4.1) lasting 1.5–2.5 s, starting at
    /// 0.5–1 s.
    pub fn complex_repetitive_seeded(seed: u64) -> NeedleSpec {
        let mut random = Random::new(51 + 1000 * seed);
        let start_s = 0.5 + 0.5 * random.uniform();
        let train = SpontaneousSpec::complex_repetitive(
            300.0 + 500.0 * random.uniform(),
            10.0 + 60.0 * random.uniform(),
            start_s,
            start_s + 1.5 + random.uniform(),
        );
        NeedleSpec::normal_seeded(seed).with_effort_later(4.0).with_spontaneous(train)
    }

    /// A myotonic muscle: [`NeedleSpec::myopathic_seeded`]'s units, with effort starting 4 s
    /// later, and at rest a myotonic discharge of positive waves of up to 150–350 µV,
    /// waxing from 20–30 Hz to 60–80 Hz and waning back (20–80 Hz, domain.md §4.1) over
    /// 1.5–2.5 s, starting at 0.5–1 s.
    pub fn myotonic_seeded(seed: u64) -> NeedleSpec {
        let mut random = Random::new(61 + 1000 * seed);
        let start_s = 0.5 + 0.5 * random.uniform();
        let train = SpontaneousSpec::myotonic(
            150.0 + 200.0 * random.uniform(),
            20.0 + 10.0 * random.uniform(),
            60.0 + 20.0 * random.uniform(),
            start_s,
            start_s + 1.5 + random.uniform(),
        );
        NeedleSpec::myopathic_seeded(seed).with_effort_later(4.0).with_spontaneous(train)
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

    /// A quiet muscle: noise and mains hum only, for counting false detections.
    pub fn quiet(duration_s: f64, seed: u64) -> NeedleSpec {
        NeedleSpec {
            sampling_rate_hz: 20_000.0,
            duration_s,
            noise_rms_uv: 8.0,
            hum_uv: 4.0,
            hum_hz: 50.0,
            units: Vec::new(),
            spontaneous: Vec::new(),
            seed,
        }
    }
}

/// Discharge times between `start_s` and `end_s` at `rate_hz` with interval variability `cv`.
fn discharge_times(rate_hz: f64, cv: f64, start_s: f64, end_s: f64, random: &mut Random) -> Vec<f64> {
    let mean_interval_s = 1.0 / rate_hz;
    let mut times = Vec::new();
    let mut time_s = start_s + random.uniform() * mean_interval_s;
    while time_s < end_s - 0.02 {
        times.push(time_s);
        time_s += (mean_interval_s * (1.0 + cv * random.standard_normal())).max(0.3 * mean_interval_s);
    }
    times
}

/// Times of independent discharges at `rate_hz` between `start_s` and `end_s`: exponential
/// intervals, none shorter than a tenth of the mean.
fn random_times(rate_hz: f64, start_s: f64, end_s: f64, random: &mut Random) -> Vec<f64> {
    let mean_interval_s = 1.0 / rate_hz;
    let mut interval = || (-(1.0 - random.uniform()).ln() * mean_interval_s).max(0.1 * mean_interval_s);
    let mut times = Vec::new();
    let mut time_s = start_s + interval();
    while time_s < end_s - 0.02 {
        times.push(time_s);
        time_s += interval();
    }
    times
}

/// Times and amplitude scales of a discharge whose rate rises from `rates_hz.0` to `rates_hz.1`
/// and falls back between `span_s.0` and `span_s.1` (half a sine), its amplitude scale with it
/// from `lowest_amplitude_share` to 1; intervals vary by `cv` around that course.
fn waxing_and_waning_times(
    rates_hz: (f64, f64),
    lowest_amplitude_share: f64,
    cv: f64,
    span_s: (f64, f64),
    random: &mut Random,
) -> Vec<(f64, f64)> {
    let (start_s, end_s) = span_s;
    let course = |time_s: f64| (std::f64::consts::PI * (time_s - start_s) / (end_s - start_s)).sin().max(0.0);
    let mut timed = Vec::new();
    let mut time_s = start_s;
    while time_s < end_s {
        let level = course(time_s);
        timed.push((time_s, lowest_amplitude_share + (1.0 - lowest_amplitude_share) * level));
        let rate_hz = rates_hz.0 + (rates_hz.1 - rates_hz.0) * level;
        time_s += (1.0 + cv * random.standard_normal()).max(0.5) / rate_hz;
    }
    timed
}

/// Peak-to-peak amplitude of a shape, µV (sampled at 10 µs).
pub fn peak_to_peak(shape: &Shape) -> f64 {
    let values: Vec<f64> = (-2_000..2_000).map(|step| shape.value_uv(f64::from(step) * 0.01)).collect();
    values.iter().copied().fold(f64::NEG_INFINITY, f64::max) - values.iter().copied().fold(f64::INFINITY, f64::min)
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
