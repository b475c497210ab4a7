//! Measures of one response from its markers (AANEM definitions, domain.md §1.1).

use super::markers::{amplitude_half_window_ms, deflection_at, Deflection, ResponseMarkers};
use crate::model::{ReportedMeasures, Sweep, Unit};

/// What the markers of one response give.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResponseMeasures {
    /// Stimulus to takeoff, in ms.
    pub onset_latency_ms: f64,
    /// Stimulus to the negative peak, in ms.
    pub peak_latency_ms: f64,
    /// Baseline to negative peak, in µV (the usual CMAP amplitude).
    pub amplitude_uv: f64,
    /// Negative peak to the following positive peak, in µV (the usual SNAP amplitude).
    pub peak_to_peak_uv: f64,
    /// Takeoff to the return to baseline of the negative phase, in ms (EFNS/PNS definition).
    pub negative_duration_ms: f64,
    /// Area of the negative phase over the same interval, in µV·ms.
    pub negative_area_uv_ms: f64,
    /// Robust standard deviation of the pre-stimulus baseline, in µV.
    pub noise_uv: f64,
    /// A positive deflection before the takeoff (misplaced active electrode, volume conduction or
    /// anomalous innervation, domain.md §1.2).
    pub initial_positivity: bool,
}

impl ResponseMeasures {
    /// The measures of a site a report gave without a waveform; what it left out is NaN, which
    /// the flags leave unlabelled.
    pub fn from_reported(reported: &ReportedMeasures) -> ResponseMeasures {
        let or_nan = |value: Option<f64>| value.unwrap_or(f64::NAN);
        ResponseMeasures {
            onset_latency_ms: or_nan(reported.onset_latency_ms),
            peak_latency_ms: or_nan(reported.peak_latency_ms),
            amplitude_uv: or_nan(reported.amplitude_uv),
            peak_to_peak_uv: or_nan(reported.peak_to_peak_uv),
            negative_duration_ms: or_nan(reported.negative_duration_ms),
            negative_area_uv_ms: or_nan(reported.negative_area_uv_ms),
            noise_uv: f64::NAN,
            initial_positivity: false,
        }
    }

    /// The measures as a report gives them: a value that could not be measured (NaN) is left
    /// out.
    pub fn as_reported(&self) -> ReportedMeasures {
        let finite = |value: f64| Some(value).filter(|value| value.is_finite());
        ReportedMeasures {
            onset_latency_ms: finite(self.onset_latency_ms),
            peak_latency_ms: finite(self.peak_latency_ms),
            amplitude_uv: finite(self.amplitude_uv),
            peak_to_peak_uv: finite(self.peak_to_peak_uv),
            negative_duration_ms: finite(self.negative_duration_ms),
            negative_area_uv_ms: finite(self.negative_area_uv_ms),
            conduction_velocity_m_per_s: None,
            no_response: false,
        }
    }
}

/// Measures `sweep` at `markers`; values in µV whatever the sweep's electrical unit.
pub fn measure_response(sweep: &Sweep, markers: &ResponseMarkers) -> ResponseMeasures {
    let deflection = Deflection::of(sweep);
    let to_uv = sweep.unit.factor_to(&Unit::Microvolt).unwrap_or(1.0);
    let raw: Vec<f64> = sweep.samples.iter().map(|&value| deflection.baseline - f64::from(value)).collect();
    let value_at = |time_ms: f64| {
        let position =
            ((time_ms - sweep.first_sample_ms) * sweep.sampling_rate_hz / 1000.0).clamp(0.0, (raw.len() - 1) as f64);
        let below = position.floor() as usize;
        let above = (below + 1).min(raw.len() - 1);
        raw[below] + (raw[above] - raw[below]) * (position - below as f64)
    };
    let onset_ms = markers.onset.time_ms;
    let end_ms = markers.negative_end.time_ms.max(onset_ms);
    let period_ms = 1000.0 / sweep.sampling_rate_hz;
    // Peaks are read from a parabola fitted around the marker, so noise neither inflates nor
    // jitters the amplitude.
    let half_window_ms = amplitude_half_window_ms(onset_ms, end_ms, period_ms);
    let amplitude = deflection_at(sweep, &deflection, markers.negative_peak.time_ms, half_window_ms);
    let positive = deflection_at(sweep, &deflection, markers.positive_peak.time_ms, half_window_ms);

    let n_steps = ((end_ms - onset_ms) / period_ms).ceil().max(1.0) as usize;
    let step_ms = (end_ms - onset_ms) / n_steps as f64;
    let area: f64 = (0..n_steps)
        .map(|step| {
            0.5 * (value_at(onset_ms + step as f64 * step_ms) + value_at(onset_ms + (step + 1) as f64 * step_ms))
                * step_ms
        })
        .sum();

    let lookback_start_ms = (onset_ms - 2.0).max(0.5);
    let deepest_positive = raw
        .iter()
        .enumerate()
        .filter(|(sample_idx, _)| (lookback_start_ms..onset_ms).contains(&sweep.time_ms(*sample_idx)))
        .map(|(_, &value)| value)
        .fold(0.0f64, f64::min);
    let initial_positivity = -deepest_positive > (4.0 * deflection.noise_sd).max(0.05 * amplitude.abs());

    ResponseMeasures {
        onset_latency_ms: onset_ms,
        peak_latency_ms: markers.negative_peak.time_ms,
        amplitude_uv: amplitude * to_uv,
        peak_to_peak_uv: (amplitude - positive) * to_uv,
        negative_duration_ms: end_ms - onset_ms,
        negative_area_uv_ms: area * to_uv,
        noise_uv: deflection.noise_sd * to_uv,
        initial_positivity,
    }
}
