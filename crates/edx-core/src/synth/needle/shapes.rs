//! The shapes of simulated potentials as sums of Gaussian lobes: motor unit potentials (normal,
//! neurogenic or myopathic), fibrillation potentials, positive sharp waves and the complex
//! potential of a complex repetitive discharge.

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

/// Peak-to-peak amplitude of a shape, µV (sampled at 10 µs).
pub fn peak_to_peak(shape: &Shape) -> f64 {
    let values: Vec<f64> = (-2_000..2_000).map(|step| shape.value_uv(f64::from(step) * 0.01)).collect();
    values.iter().copied().fold(f64::NEG_INFINITY, f64::max) - values.iter().copied().fold(f64::INFINITY, f64::min)
}
