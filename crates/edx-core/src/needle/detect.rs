//! Finding potentials: the detection signal, its noise level, and threshold crossings.
//!
//! After EMGLAB (McGill et al. 2005; domain.md §4.3, described, not copied): the threshold is a
//! robust noise level times 4. Every peak of the spike-band signal above it is a candidate, so
//! potentials that overlap in dense activity are still found one by one; each is aligned on its
//! negative peak.

use crate::dsp::filter::{zero_phase, Filter};
use crate::dsp::stats::{median, robust_standard_deviation};

/// Detection threshold in noise levels (EMGLAB's default COEF = 4, domain.md §1.2).
pub const THRESHOLD_IN_NOISE: f64 = 4.0;
/// A peak of the detection signal counts when it is the largest within this distance, ms; the
/// same distance is searched for the potential's negative peak.
const PEAK_HALF_MS: f64 = 0.5;

/// The signals every needle measure is taken from.
#[derive(Debug, Clone)]
pub struct Signals {
    /// Samples per second.
    pub sampling_rate_hz: f64,
    /// For measuring: the recording with baseline drift removed (2 Hz low-frequency filter,
    /// the needle EMG standard, domain.md §7), µV; NaN over clipped runs.
    pub measured_uv: Vec<f32>,
    /// For detecting: band-passed to the spike band (100 Hz to 3 kHz or 0.45 × the rate), µV.
    pub detection_uv: Vec<f32>,
    /// Robust noise level of the detection signal, µV.
    pub noise_uv: f64,
}

impl Signals {
    /// Prepares the signals of a recording in µV.
    pub fn of(samples_uv: &[f32], sampling_rate_hz: f64) -> Signals {
        let clean: Vec<f32> = samples_uv.iter().map(|value| if value.is_finite() { *value } else { 0.0 }).collect();
        let measured_uv = zero_phase(&clean, sampling_rate_hz, &[Filter::HighPass { cutoff_hz: 2.0 }]);
        let top_hz = (0.45 * sampling_rate_hz).min(3_000.0);
        let detection_uv = zero_phase(
            &clean,
            sampling_rate_hz,
            &[Filter::HighPass { cutoff_hz: 100.0 }, Filter::LowPass { cutoff_hz: top_hz }],
        );
        // The noise is read where the recording is valid: a clipped run, zero after cleaning,
        // would otherwise be the "quietest" stretch and set the noise (and every threshold) to 0.
        let valid_detection: Vec<f32> = detection_uv
            .iter()
            .zip(samples_uv)
            .map(|(&value, raw)| if raw.is_finite() { value } else { f32::NAN })
            .collect();
        let noise_uv =
            noise_level(&valid_detection, (QUIET_WINDOW_MS * sampling_rate_hz / 1000.0).round().max(16.0) as usize);
        let measured_uv = measured_uv
            .into_iter()
            .zip(samples_uv)
            .map(|(value, raw)| if raw.is_finite() { value } else { f32::NAN })
            .collect();
        Signals { sampling_rate_hz, measured_uv, detection_uv, noise_uv }
    }

    /// Samples in `milliseconds`.
    pub fn samples_in(&self, milliseconds: f64) -> usize {
        (milliseconds * self.sampling_rate_hz / 1000.0).round().max(1.0) as usize
    }
}

/// The noise level of a signal full of potentials: the lower of two estimates. The first starts
/// from the robust deviation of all samples and repeatedly takes the RMS of the samples below
/// four times the current level, so potentials stop counting (the idea of EMGLAB's
/// `getthreshold`); in dense voluntary activity the potentials' tails still inflate it, so the
/// second reads the quietest moments: the 5th percentile of the RMS in 20 ms windows. NaN
/// samples (invalid or clipped) are left out of both.
pub fn noise_level(values: &[f32], window: usize) -> f64 {
    // Every fourth sample estimates the deviation as well as all of them, four times faster.
    let sparse: Vec<f32> = values.iter().step_by(4).copied().filter(|value| value.is_finite()).collect();
    iterative_noise_level(&sparse).min(quiet_window_level(values, window))
}

/// Length of the windows whose quietest tell the noise level, ms.
const QUIET_WINDOW_MS: f64 = 20.0;

/// The 5th percentile of window RMS, slightly raised because the RMS of a short window of pure
/// noise scatters below the true level.
fn quiet_window_level(values: &[f32], window: usize) -> f64 {
    let mut levels: Vec<f64> = values
        .chunks_exact(window)
        .filter(|window| window.iter().all(|value| value.is_finite()))
        .map(|window| {
            let n = window.len() as f64;
            let mean = window.iter().map(|&value| f64::from(value)).sum::<f64>() / n;
            (window.iter().map(|&value| (f64::from(value) - mean).powi(2)).sum::<f64>() / n).sqrt()
        })
        .collect();
    if levels.len() < 20 {
        return f64::INFINITY;
    }
    levels.sort_by(f64::total_cmp);
    1.05 * levels[levels.len() / 20]
}

fn iterative_noise_level(values: &[f32]) -> f64 {
    let centre = median(values);
    let mut level = robust_standard_deviation(values, centre).max(f64::MIN_POSITIVE);
    for _ in 0..8 {
        let limit = THRESHOLD_IN_NOISE * level;
        let (sum, count) = values
            .iter()
            .map(|&value| f64::from(value) - centre)
            .filter(|value| value.abs() < limit)
            .fold((0.0, 0usize), |(sum, count), value| (sum + value * value, count + 1));
        if count == 0 {
            break;
        }
        let next = (sum / count as f64).sqrt();
        if (next - level).abs() < 1e-3 * level {
            level = next;
            break;
        }
        level = next;
    }
    level.max(f64::MIN_POSITIVE)
}

/// A peak of the spike-band signal above the detection threshold: a potential to classify or
/// assign to a unit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// Sample of its alignment point: the negative peak of the detection signal.
    pub sample_idx: usize,
    /// Largest absolute value of the detection signal at the peak, µV.
    pub detection_peak_uv: f64,
}

/// Every potential whose spike-band peak crosses the threshold within `range` of samples.
///
/// A sample is a peak when its absolute value is above the threshold and the largest within
/// 0.5 ms either side. Each peak is aligned on the most negative sample within 0.5 ms; peaks that
/// align on the same point (the positive and negative phases of one spike) are one potential.
pub fn detect_events(signals: &Signals, range: std::ops::Range<usize>) -> Vec<Event> {
    detect_events_in(&signals.detection_uv, signals, range)
}

/// [`detect_events`] on another spike-band signal of the same recording (a residual, with the
/// recording's noise level and rate), without copying the recording's signals.
pub fn detect_events_in(detection: &[f32], signals: &Signals, range: std::ops::Range<usize>) -> Vec<Event> {
    let threshold = (THRESHOLD_IN_NOISE * signals.noise_uv) as f32;
    let reach = signals.samples_in(PEAK_HALF_MS);
    let end = range.end.min(detection.len());
    let start = range.start.min(end);
    let around = |sample_idx: usize| sample_idx.saturating_sub(reach).max(start)..(sample_idx + reach + 1).min(end);
    let mut events: Vec<Event> = Vec::new();
    for sample_idx in start..end {
        let magnitude = detection[sample_idx].abs();
        if magnitude <= threshold {
            continue;
        }
        let window = around(sample_idx);
        let is_peak = detection[window.clone()].iter().enumerate().all(|(offset, value)| {
            let neighbour = window.start + offset;
            value.abs() < magnitude || (value.abs() == magnitude && neighbour >= sample_idx)
        });
        if !is_peak {
            continue;
        }
        let aligned =
            window.min_by(|&first, &second| detection[first].total_cmp(&detection[second])).unwrap_or(sample_idx);
        let event = Event { sample_idx: aligned, detection_peak_uv: f64::from(magnitude) };
        match events.last_mut() {
            Some(previous) if previous.sample_idx == aligned => {
                previous.detection_peak_uv = previous.detection_peak_uv.max(event.detection_peak_uv)
            }
            _ => events.push(event),
        }
    }
    events.sort_by_key(|event| event.sample_idx);
    events.dedup_by(|later, earlier| {
        let same = later.sample_idx == earlier.sample_idx;
        if same {
            earlier.detection_peak_uv = earlier.detection_peak_uv.max(later.detection_peak_uv);
        }
        same
    });
    events
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synth::Random;

    #[test]
    fn noise_level_ignores_the_potentials() {
        let mut random = Random::new(5);
        let mut values: Vec<f32> = (0..40_000).map(|_| random.normal(0.0, 10.0) as f32).collect();
        for spike in (1_000..40_000).step_by(400) {
            values[spike] += 400.0;
        }
        let level = noise_level(&values, 400);
        assert!((level - 10.0).abs() < 0.8, "noise {level}");
    }

    #[test]
    fn a_clipped_stretch_does_not_set_the_noise_to_zero() {
        let mut random = Random::new(9);
        let rate = 10_000.0;
        let mut samples: Vec<f32> = (0..40_000).map(|_| random.normal(0.0, 10.0) as f32).collect();
        // A fifth of the recording saturated, marked invalid as the analysis marks clipped runs.
        samples[4_000..12_000].fill(f32::NAN);
        let signals = Signals::of(&samples, rate);
        let unclipped = Signals::of(&samples[12_000..], rate);
        assert!(
            (signals.noise_uv - unclipped.noise_uv).abs() < 0.1 * unclipped.noise_uv,
            "noise {} µV with the clipped stretch, {} µV without",
            signals.noise_uv,
            unclipped.noise_uv
        );
    }
}
