//! Zero-phase display and analysis filters: second-order Butterworth sections run forward and
//! backward (as `filtfilt`), so peaks stay where they are; the raw samples are never changed.

use biquad::{Biquad, Coefficients, DirectForm2Transposed, Hertz, ToHertz, Type, Q_BUTTERWORTH_F32};

/// One filter stage, applied forwards and backwards so it shifts no latency.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Filter {
    /// Removes frequencies below the cut-off (the low-frequency filter, LFF).
    HighPass {
        /// Cut-off, Hz.
        cutoff_hz: f64,
    },
    /// Removes frequencies above the cut-off (the high-frequency filter, HFF).
    LowPass {
        /// Cut-off, Hz.
        cutoff_hz: f64,
    },
    /// Removes a narrow band around the mains frequency.
    Notch {
        /// Centre, Hz (50 or 60).
        centre_hz: f64,
    },
}

/// Quality factor of the notch: about 2 Hz wide at 50 Hz.
const NOTCH_Q: f32 = 25.0;

/// `samples` passed through every filter forward and backward. Filters whose cut-off lies
/// outside (0, Nyquist) are skipped. The ends are padded by reflection so the result starts and
/// ends without a transient.
pub fn zero_phase(samples: &[f32], sampling_rate_hz: f64, filters: &[Filter]) -> Vec<f32> {
    let nyquist_hz = sampling_rate_hz / 2.0;
    let mut values: Vec<f32> = samples.to_vec();
    for filter in filters {
        let (kind, frequency_hz, quality) = match *filter {
            Filter::HighPass { cutoff_hz } => (Type::HighPass, cutoff_hz, Q_BUTTERWORTH_F32),
            Filter::LowPass { cutoff_hz } => (Type::LowPass, cutoff_hz, Q_BUTTERWORTH_F32),
            Filter::Notch { centre_hz } => (Type::Notch, centre_hz, NOTCH_Q),
        };
        if !(frequency_hz > 0.0 && frequency_hz < 0.98 * nyquist_hz) {
            continue;
        }
        let sampling: Hertz<f32> = (sampling_rate_hz as f32).hz();
        let Ok(coefficients) = Coefficients::<f32>::from_params(kind, sampling, (frequency_hz as f32).hz(), quality)
        else {
            continue;
        };
        values = filtfilt(&values, coefficients, padding(sampling_rate_hz, frequency_hz, values.len()));
    }
    values
}

/// Reflection padding long enough for the filter's transient to die out: three periods of the
/// cut-off, at most the signal's length minus one.
fn padding(sampling_rate_hz: f64, frequency_hz: f64, n_samples: usize) -> usize {
    ((3.0 * sampling_rate_hz / frequency_hz) as usize).min(n_samples.saturating_sub(1))
}

fn filtfilt(values: &[f32], coefficients: Coefficients<f32>, pad: usize) -> Vec<f32> {
    if values.is_empty() {
        return Vec::new();
    }
    let first = values[0];
    let last = values[values.len() - 1];
    // Odd reflection about the end values, as scipy's filtfilt does.
    let mut extended: Vec<f32> = Vec::with_capacity(values.len() + 2 * pad);
    extended.extend((1..=pad).rev().map(|offset| 2.0 * first - values[offset]));
    extended.extend_from_slice(values);
    extended.extend((1..=pad).map(|offset| 2.0 * last - values[values.len() - 1 - offset]));
    let mut forward = DirectForm2Transposed::<f32>::new(coefficients);
    let warm = extended[0];
    // Start from the steady state of the first value so the pad's own start leaves no step.
    for _ in 0..pad.min(64) {
        forward.run(warm);
    }
    for value in extended.iter_mut() {
        *value = if value.is_nan() { f32::NAN } else { forward.run(*value) };
    }
    let mut backward = DirectForm2Transposed::<f32>::new(coefficients);
    let warm = extended[extended.len() - 1];
    for _ in 0..pad.min(64) {
        backward.run(warm);
    }
    for value in extended.iter_mut().rev() {
        *value = if value.is_nan() { f32::NAN } else { backward.run(*value) };
    }
    extended[pad..pad + values.len()].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sine(frequency_hz: f64, rate_hz: f64, n_samples: usize) -> Vec<f32> {
        (0..n_samples).map(|idx| (std::f64::consts::TAU * frequency_hz * idx as f64 / rate_hz).sin() as f32).collect()
    }

    fn rms(values: &[f32]) -> f64 {
        (values.iter().map(|&value| f64::from(value).powi(2)).sum::<f64>() / values.len() as f64).sqrt()
    }

    #[test]
    fn a_notch_removes_mains_and_keeps_a_nearby_tone() {
        let rate = 4_000.0;
        let hum = sine(50.0, rate, 8_000);
        let filtered = zero_phase(&hum, rate, &[Filter::Notch { centre_hz: 50.0 }]);
        assert!(rms(&filtered[1000..7000]) < 0.05, "hum left: {}", rms(&filtered));
        let tone = sine(200.0, rate, 8_000);
        assert!(rms(&zero_phase(&tone, rate, &[Filter::Notch { centre_hz: 50.0 }])[1000..7000]) > 0.68);
    }

    #[test]
    fn zero_phase_keeps_a_peak_in_place() {
        let mut pulse = vec![0.0f32; 2_001];
        pulse[1_000] = 1.0;
        let filtered = zero_phase(&pulse, 20_000.0, &[Filter::LowPass { cutoff_hz: 2_000.0 }]);
        let peak_idx =
            filtered.iter().enumerate().max_by(|first, second| first.1.total_cmp(second.1)).map(|(idx, _)| idx);
        assert_eq!(peak_idx, Some(1_000));
    }

    #[test]
    fn high_pass_removes_an_offset() {
        let offset = vec![5.0f32; 4_000];
        let filtered = zero_phase(&offset, 4_000.0, &[Filter::HighPass { cutoff_hz: 20.0 }]);
        assert!(rms(&filtered) < 0.05, "{}", rms(&filtered));
    }
}
