//! Potentials built fibre by fibre: each muscle fibre's action potential travels from its end
//! plate to both of its ends, and the needle sees the membrane current of the stretch the
//! potential occupies through a line-source model, weighted by the inverse distance to each point
//! of the fibre (a volume conductor as used by Nandedkar and Stålberg and by Dumitru for needle
//! EMG). Nothing here is shaped to a target: the phases, duration and polarity follow from where
//! the fibres lie, how fast they conduct and where they end.
//!
//! The intracellular action potential along the fibre is Rosenfalck's `Vm(z) = 96 z³ e^(−z) − 90`
//! mV (z in mm behind the depolarising front); its membrane current is proportional to the
//! second derivative, `(6z − 6z² + z³) e^(−z)`, which sums to zero over the potential (no net
//! current), so a potential is seen only where the fibre begins, ends or passes near the needle.

/// Spatial extent of the action potential behind its front, mm: the current falls below a
/// thousandth of its peak by then.
const PROFILE_MM: f64 = 16.0;
/// Step along the profile, mm.
const PROFILE_STEP_MM: f64 = 0.05;
/// Step of a computed potential, ms (50 kHz): finer than the recordings simulated, so a discharge
/// is placed at any time by interpolation.
pub const STEP_MS: f64 = 0.02;

/// One muscle fibre relative to the needle's recording surface (axial position 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fibre {
    /// Distance from the needle to the fibre's axis, mm.
    pub radial_mm: f64,
    /// Axial position of its end plate, mm (negative: before the needle along the fibre).
    pub end_plate_mm: f64,
    /// Axial position of the fibre's end towards positive z (the needle side beyond it), mm.
    pub positive_end_mm: f64,
    /// Axial position of its end towards negative z, mm.
    pub negative_end_mm: f64,
    /// Conduction velocity, m/s (= mm/ms).
    pub velocity_m_per_s: f64,
    /// Delay of its action potential after the motor neuron's discharge (terminal branch and end
    /// plate), ms.
    pub delay_ms: f64,
}

/// Membrane current at `behind_mm` behind the front (Rosenfalck's profile, second derivative).
fn membrane_current(behind_mm: f64) -> f64 {
    (6.0 * behind_mm - 6.0 * behind_mm.powi(2) + behind_mm.powi(3)) * (-behind_mm).exp()
}

/// The potential one fibre's discharge produces at the needle, sampled every [`STEP_MS`] from the
/// neuron's discharge until the action potential has left the fibre, in arbitrary units.
pub fn fibre_potential(fibre: &Fibre) -> Vec<f64> {
    let profile: Vec<(f64, f64)> = (0..(PROFILE_MM / PROFILE_STEP_MM) as usize)
        .map(|step| {
            let behind_mm = step as f64 * PROFILE_STEP_MM;
            (behind_mm, membrane_current(behind_mm) * PROFILE_STEP_MM)
        })
        .collect();
    let longest_mm = (fibre.positive_end_mm - fibre.end_plate_mm).max(fibre.end_plate_mm - fibre.negative_end_mm);
    let total_ms = fibre.delay_ms + (longest_mm + PROFILE_MM) / fibre.velocity_m_per_s;
    let n_steps = (total_ms / STEP_MS).ceil() as usize + 1;
    let radial_sq = fibre.radial_mm.powi(2);
    (0..n_steps)
        .map(|step| {
            let travelled_mm = (step as f64 * STEP_MS - fibre.delay_ms) * fibre.velocity_m_per_s;
            if travelled_mm <= 0.0 {
                return 0.0;
            }
            let mut potential = 0.0;
            for (direction, end_mm) in [(1.0, fibre.positive_end_mm), (-1.0, fibre.negative_end_mm)] {
                let length_mm = (end_mm - fibre.end_plate_mm).abs();
                for &(behind_mm, current) in &profile {
                    // A point `behind_mm` behind the front has travelled this far from the end
                    // plate; the membrane exists only between the end plate and the fibre's end.
                    let from_end_plate_mm = travelled_mm - behind_mm;
                    if from_end_plate_mm < 0.0 {
                        break;
                    }
                    if from_end_plate_mm > length_mm {
                        continue;
                    }
                    let axial_mm = fibre.end_plate_mm + direction * from_end_plate_mm;
                    potential += current / (radial_sq + axial_mm * axial_mm).sqrt();
                }
            }
            potential
        })
        .collect()
}

/// Sums fibre potentials into one (each already offset by its own delay).
pub fn sum_potentials(fibres: &[Fibre]) -> Vec<f64> {
    let mut total: Vec<f64> = Vec::new();
    for fibre in fibres {
        let potential = fibre_potential(fibre);
        if potential.len() > total.len() {
            total.resize(potential.len(), 0.0);
        }
        for (sum, value) in total.iter_mut().zip(&potential) {
            *sum += value;
        }
    }
    total
}

/// A sampled potential ready to be placed: values every [`STEP_MS`], scaled to µV, and the index
/// of its alignment point (its largest excursion).
#[derive(Debug, Clone, PartialEq)]
pub struct Waveform {
    /// Values, µV, every [`STEP_MS`].
    pub values_uv: Vec<f64>,
    /// Index of its largest excursion from zero.
    pub peak_idx: usize,
}

impl Waveform {
    /// `raw` scaled so that its peak-to-peak amplitude is `amplitude_uv`, its largest excursion
    /// negative when `main_phase_negative` (as a concentric needle records most motor unit
    /// potentials) and positive otherwise.
    pub fn scaled(raw: &[f64], amplitude_uv: f64, main_phase_negative: bool) -> Waveform {
        let (lowest, highest) =
            raw.iter().fold((0.0f64, 0.0f64), |(lowest, highest), &value| (lowest.min(value), highest.max(value)));
        let span = (highest - lowest).max(f64::MIN_POSITIVE);
        let largest_is_negative = lowest.abs() >= highest;
        let sign = if largest_is_negative == main_phase_negative { 1.0 } else { -1.0 };
        let values_uv: Vec<f64> = raw.iter().map(|&value| sign * value * amplitude_uv / span).collect();
        let peak_idx = values_uv
            .iter()
            .enumerate()
            .max_by(|first, second| first.1.abs().total_cmp(&second.1.abs()))
            .map_or(0, |(idx, _)| idx);
        Waveform { values_uv, peak_idx }
    }

    /// Its peak-to-peak amplitude, µV.
    pub fn amplitude_uv(&self) -> f64 {
        let (lowest, highest) = self
            .values_uv
            .iter()
            .fold((0.0f64, 0.0f64), |(lowest, highest), &value| (lowest.min(value), highest.max(value)));
        highest - lowest
    }

    /// Its value `time_ms` after its peak (linear interpolation; zero outside it).
    pub fn value_uv(&self, time_ms: f64) -> f64 {
        let position = self.peak_idx as f64 + time_ms / STEP_MS;
        if position < 0.0 {
            return 0.0;
        }
        let idx = position.floor() as usize;
        let fraction = position - idx as f64;
        match (self.values_uv.get(idx), self.values_uv.get(idx + 1)) {
            (Some(&before), Some(&after)) => before + fraction * (after - before),
            (Some(&before), None) => before * (1.0 - fraction),
            _ => 0.0,
        }
    }

    /// How long before and after its peak it is not zero, ms.
    pub fn extent_ms(&self) -> (f64, f64) {
        (self.peak_idx as f64 * STEP_MS, (self.values_uv.len() - self.peak_idx) as f64 * STEP_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Duration at 5 % of the peak-to-peak amplitude, ms.
    fn duration_ms(values: &[f64]) -> f64 {
        let waveform = Waveform::scaled(values, 1.0, true);
        let above: Vec<usize> =
            waveform.values_uv.iter().enumerate().filter(|(_, value)| value.abs() > 0.05).map(|(idx, _)| idx).collect();
        (above[above.len() - 1] - above[0]) as f64 * STEP_MS
    }

    #[test]
    fn a_fibre_passing_close_to_the_needle_gives_a_brief_triphasic_potential_with_an_initial_positive_phase() {
        let fibre = Fibre {
            radial_mm: 0.1,
            end_plate_mm: -20.0,
            positive_end_mm: 40.0,
            negative_end_mm: -60.0,
            velocity_m_per_s: 4.0,
            delay_ms: 0.0,
        };
        let potential = fibre_potential(&fibre);
        let (lowest_idx, lowest) = potential
            .iter()
            .enumerate()
            .min_by(|first, second| first.1.total_cmp(second.1))
            .map(|(idx, &value)| (idx, value))
            .unwrap();
        let before_max = potential[..lowest_idx].iter().copied().fold(0.0, f64::max);
        assert!(before_max > 0.1 * lowest.abs(), "initial positive phase {before_max} against {lowest}");
        let spike = duration_ms(&potential[lowest_idx - 150..lowest_idx + 150]);
        assert!((0.8..4.0).contains(&spike), "a single fibre's spike lasts {spike} ms");
        // Arriving 20 mm from the end plate at 4 m/s: about 5 ms after the discharge.
        assert!((4.0..7.5).contains(&(lowest_idx as f64 * STEP_MS)), "{}", lowest_idx as f64 * STEP_MS);
    }
}
