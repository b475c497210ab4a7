//! Recruitment, interference-pattern turns/amplitude analysis in 1 s epochs, and the spectrum's
//! median frequency (domain.md §4.2: the latter is description only).

use realfft::RealFftPlanner;

use super::decompose::MotorUnit;
use crate::display;

/// A turn in the interference pattern: a change of direction of at least 100 µV (Willison's
/// convention; domain.md §4.2 marks the threshold unverified).
pub const INTERFERENCE_TURN_UV: f64 = 100.0;

/// Turns/amplitude analysis of one 1 s epoch of voluntary activity (Fuglsang-Frederiksen 2000;
/// Gilchrist/Nandedkar 1988: NT, MA, NT:MA over 1 s epochs).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct InterferenceEpoch {
    /// Epoch start, s.
    pub start_s: f64,
    /// Turns per second: direction changes of at least 100 µV, a measure of how full the pattern is.
    pub turns_per_s: f64,
    /// Mean amplitude change between successive turns, µV.
    pub mean_amplitude_per_turn_uv: f64,
}

impl InterferenceEpoch {
    /// The mean turns per second and mean amplitude per turn over `epochs` (the figures a
    /// report gives for a muscle), or `None` without any epoch.
    pub fn mean_of(epochs: &[InterferenceEpoch]) -> Option<InterferenceEpoch> {
        let first = epochs.first()?;
        let n = epochs.len() as f64;
        Some(InterferenceEpoch {
            start_s: first.start_s,
            turns_per_s: epochs.iter().map(|epoch| epoch.turns_per_s).sum::<f64>() / n,
            mean_amplitude_per_turn_uv: epochs.iter().map(|epoch| epoch.mean_amplitude_per_turn_uv).sum::<f64>() / n,
        })
    }
}

/// How units are recruited.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Recruitment {
    /// Firing rate of the first recruited unit when the second unit appeared, Hz.
    pub recruitment_frequency_hz: Option<f64>,
    /// Highest firing rate over the number of active units, averaged over 1 s epochs with
    /// units active (the "rule of 5s" expects about 5, [`USUAL_RECRUITMENT_RATIO`]; under 10 is
    /// often called normal — a soft indicator, domain.md §4.2).
    pub recruitment_ratio: Option<f64>,
    /// Most units active in any 1 s epoch.
    pub max_active_units: usize,
}

/// The recruitment ratio of a healthy muscle by the "rule of 5s": the fastest unit fires at
/// about 5 Hz for each active unit (10 Hz with two units). A soft indicator only: reading a ratio
/// over 5 as abnormal is unverified, and another teaching source calls a ratio under 10 normal.
/// Source: domain.md §4.2, from secondary teaching sources (a basic EMG flashcard set;
/// pmrboards.blogspot.com, 2008).
pub const USUAL_RECRUITMENT_RATIO: f64 = 5.0;

impl Recruitment {
    /// The recruitment in one sentence, as the needle findings print it: the most units active
    /// in a second, the recruitment frequency, and the recruitment ratio with what it is and
    /// the soft criterion it is read against ([`USUAL_RECRUITMENT_RATIO`]); `not measured` for a
    /// value the recording did not give.
    pub fn sentence(&self) -> String {
        let not_measured = || "not measured".to_string();
        format!(
            "Recruitment: {} units active at most in a second; recruitment frequency {}; recruitment ratio {} (highest firing rate over active units; about {} is usual, a soft indicator).",
            self.max_active_units,
            self.recruitment_frequency_hz
                .map_or_else(not_measured, |rate_hz| format!("{} Hz", display::fixed(rate_hz, 1))),
            self.recruitment_ratio.map_or_else(not_measured, |ratio| display::fixed(ratio, 1)),
            display::trimmed(USUAL_RECRUITMENT_RATIO)
        )
    }
}

/// Turns/amplitude per 1 s epoch over the voluntary stretches (start, end) in seconds.
pub fn interference_epochs(
    measured_uv: &[f32],
    sampling_rate_hz: f64,
    voluntary: &[(f64, f64)],
) -> Vec<InterferenceEpoch> {
    let mut epochs = Vec::new();
    for &(start_s, end_s) in voluntary {
        let mut epoch_start = start_s;
        while epoch_start + 1.0 <= end_s + 1e-9 {
            let first = (epoch_start * sampling_rate_hz) as usize;
            let last = ((epoch_start + 1.0) * sampling_rate_hz) as usize;
            if let Some(values) = measured_uv
                .get(first..last.min(measured_uv.len()))
                .filter(|values| values.iter().all(|value| value.is_finite()))
            {
                let turn_points = turn_points(values);
                let changes: Vec<f64> = turn_points.windows(2).map(|pair| (pair[1] - pair[0]).abs()).collect();
                let mean = if changes.is_empty() { 0.0 } else { changes.iter().sum::<f64>() / changes.len() as f64 };
                epochs.push(InterferenceEpoch {
                    start_s: epoch_start,
                    turns_per_s: turn_points.len().saturating_sub(1) as f64,
                    mean_amplitude_per_turn_uv: mean,
                });
            }
            epoch_start += 1.0;
        }
    }
    epochs
}

/// Values at the turns: extremes followed by a change of at least `INTERFERENCE_TURN_UV`.
fn turn_points(values: &[f32]) -> Vec<f64> {
    let mut points = Vec::new();
    let mut extreme = f64::from(values[0]);
    let mut rising: Option<bool> = None;
    for &value in &values[1..] {
        let value = f64::from(value);
        match rising {
            None if (value - extreme).abs() >= INTERFERENCE_TURN_UV => {
                points.push(extreme);
                rising = Some(value > extreme);
                extreme = value;
            }
            None => {}
            Some(true) if value > extreme => extreme = value,
            Some(false) if value < extreme => extreme = value,
            Some(direction) if (value - extreme).abs() >= INTERFERENCE_TURN_UV => {
                points.push(extreme);
                rising = Some(!direction);
                extreme = value;
            }
            Some(_) => {}
        }
    }
    points
}

/// Recruitment from the units' discharges.
pub fn recruitment(units: &[MotorUnit], voluntary: &[(f64, f64)]) -> Recruitment {
    let mut by_onset: Vec<&MotorUnit> = units.iter().filter(|unit| !unit.discharge_times_s.is_empty()).collect();
    by_onset.sort_by(|first, second| first.discharge_times_s[0].total_cmp(&second.discharge_times_s[0]));
    let recruitment_frequency_hz = by_onset.get(1).and_then(|second| {
        let second_onset = second.discharge_times_s[0];
        let first = &by_onset[0].discharge_times_s;
        let around = first
            .windows(2)
            .filter(|pair| pair[1] <= second_onset + 0.5 && pair[0] >= second_onset - 0.5)
            .map(|pair| pair[1] - pair[0])
            .filter(|interval| *interval < 0.25)
            .collect::<Vec<_>>();
        (!around.is_empty()).then(|| around.len() as f64 / around.iter().sum::<f64>())
    });
    let mut ratios = Vec::new();
    let mut max_active_units = 0;
    for &(start_s, end_s) in voluntary {
        let mut epoch_start = start_s;
        while epoch_start + 1.0 <= end_s + 1e-9 {
            let rates: Vec<f64> = units
                .iter()
                .filter_map(|unit| {
                    let inside: Vec<f64> = unit
                        .discharge_times_s
                        .iter()
                        .copied()
                        .filter(|time| (epoch_start..epoch_start + 1.0).contains(time))
                        .collect();
                    (inside.len() >= 2)
                        .then(|| (inside.len() - 1) as f64 / (inside[inside.len() - 1] - inside[0]).max(1e-3))
                })
                .collect();
            if !rates.is_empty() {
                max_active_units = max_active_units.max(rates.len());
                ratios.push(rates.iter().copied().fold(0.0, f64::max) / rates.len() as f64);
            }
            epoch_start += 1.0;
        }
    }
    let recruitment_ratio = (!ratios.is_empty()).then(|| ratios.iter().sum::<f64>() / ratios.len() as f64);
    Recruitment { recruitment_frequency_hz, recruitment_ratio, max_active_units }
}

/// Median frequency of the voluntary activity's power spectrum (Welch: 1024-sample Hann windows,
/// half overlap), Hz.
pub fn median_frequency_hz(measured_uv: &[f32], sampling_rate_hz: f64, voluntary: &[(f64, f64)]) -> Option<f64> {
    const LENGTH: usize = 1024;
    let mut planner = RealFftPlanner::<f64>::new();
    let fft = planner.plan_fft_forward(LENGTH);
    let window: Vec<f64> =
        (0..LENGTH).map(|idx| 0.5 - 0.5 * (std::f64::consts::TAU * idx as f64 / LENGTH as f64).cos()).collect();
    let mut power = vec![0.0f64; LENGTH / 2 + 1];
    let mut input = fft.make_input_vec();
    let mut output = fft.make_output_vec();
    let mut n_windows = 0;
    for &(start_s, end_s) in voluntary {
        let first = (start_s * sampling_rate_hz) as usize;
        let last = ((end_s * sampling_rate_hz) as usize).min(measured_uv.len());
        let mut offset = first;
        while offset + LENGTH <= last {
            let values = &measured_uv[offset..offset + LENGTH];
            if values.iter().all(|value| value.is_finite()) {
                for ((slot, &value), weight) in input.iter_mut().zip(values).zip(&window) {
                    *slot = f64::from(value) * weight;
                }
                if fft.process(&mut input, &mut output).is_ok() {
                    for (bin, value) in power.iter_mut().zip(&output) {
                        *bin += value.norm_sqr();
                    }
                    n_windows += 1;
                }
            }
            offset += LENGTH / 2;
        }
    }
    if n_windows == 0 {
        return None;
    }
    let total: f64 = power[1..].iter().sum();
    let mut cumulative = 0.0;
    for (bin, value) in power.iter().enumerate().skip(1) {
        cumulative += value;
        if cumulative >= total / 2.0 {
            return Some(bin as f64 * sampling_rate_hz / LENGTH as f64);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_muscles_turns_and_amplitude_are_the_means_over_its_epochs() {
        let epoch = |start_s: f64, turns_per_s: f64, amplitude_uv: f64| InterferenceEpoch {
            start_s,
            turns_per_s,
            mean_amplitude_per_turn_uv: amplitude_uv,
        };
        let mean = InterferenceEpoch::mean_of(&[epoch(2.0, 300.0, 400.0), epoch(3.0, 500.0, 600.0)]).unwrap();
        assert_eq!((mean.start_s, mean.turns_per_s, mean.mean_amplitude_per_turn_uv), (2.0, 400.0, 500.0));
        assert_eq!(InterferenceEpoch::mean_of(&[]), None, "no voluntary activity, no figures");
    }

    #[test]
    fn the_recruitment_sentence_gives_the_ratio_its_soft_criterion() {
        let measured =
            Recruitment { recruitment_frequency_hz: Some(8.04), recruitment_ratio: Some(4.56), max_active_units: 3 };
        assert_eq!(
            measured.sentence(),
            "Recruitment: 3 units active at most in a second; recruitment frequency 8.0 Hz; recruitment ratio 4.6 (highest firing rate over active units; about 5 is usual, a soft indicator)."
        );
        let unmeasured = Recruitment { recruitment_frequency_hz: None, recruitment_ratio: None, max_active_units: 1 };
        assert_eq!(
            unmeasured.sentence(),
            "Recruitment: 1 units active at most in a second; recruitment frequency not measured; recruitment ratio not measured (highest firing rate over active units; about 5 is usual, a soft indicator)."
        );
    }
}
