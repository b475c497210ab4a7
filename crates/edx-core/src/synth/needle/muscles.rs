//! The muscles a simulation starts from, as a tibialis anterior is recorded: normal, neurogenic
//! (denervation with fibrillation potentials, positive sharp waves and fasciculations),
//! myopathic, with a complex repetitive or a myotonic discharge at rest, and quiet; each but the
//! quiet one with other unit shapes and firing for each seed.

use super::{Firing, NeedleSpec, Random, Shape, SpontaneousKind, SpontaneousSpec, UnitSpec};

impl NeedleSpec {
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
