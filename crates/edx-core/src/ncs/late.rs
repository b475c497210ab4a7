//! Late responses: F waves over a train of supramaximal stimuli, and the H reflex over a series
//! of stimuli (domain.md §1.1 and §1 step 8).
//!
//! Each sweep's M wave is marked with the ordinary rule (within the first 20 ms); the late
//! response is sought once the M wave has settled back to baseline, as the first excursion
//! beyond the noise that grows away from the baseline, in either polarity, and
//! its onset is placed with the same broken-stick takeoff fit as every other onset, so latencies
//! compare across sweeps and sites.

use super::markers::{fit_takeoff, place_markers, Deflection, MarkerConfig, RiseBound};
use super::measure::measure_response;
pub use crate::model::LateCorrection;
use crate::model::{Sweep, Unit};

/// A late response must exceed this many noise deviations of the pre-stimulus baseline, and for
/// this long (the motor rule, domain.md §1.2: 3–4 deviations for 0.3 ms; one more deviation here
/// because a train of sweeps offers many chances for noise). Unverified convention.
const THRESHOLD_IN_NOISE_SD: f64 = 5.0;
const SUSTAIN_MS: f64 = 0.3;
/// Peak-to-peak amplitude is read over this much after the onset, ms (F waves last a few ms).
const RESPONSE_SPAN_MS: f64 = 10.0;
/// The peak of a late response's rise is sought this long after its threshold crossing, ms.
const RISE_MS: f64 = 3.0;
/// The M wave has settled when the sweep stays within the threshold for this long, ms.
const SETTLED_MS: f64 = 1.0;
/// The level a late response rises from is read over 1 ms ending this long before its
/// threshold crossing, and the takeoff is fitted over at most this much before it, ms.
const LOCAL_LEVEL_GAP_MS: f64 = 1.5;
const FIT_LOOKBACK_MS: f64 = 2.0;
/// The search starts no earlier than this after the M wave's onset, ms.
const MIN_GAP_AFTER_M_ONSET_MS: f64 = 8.0;
/// The M wave is sought only this early, ms: late responses come later, and at low stimulus
/// intensity an H reflex may be larger than the M wave.
const M_SEARCH_END_MS: f64 = 20.0;

/// One sweep's late response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LateResponse {
    /// Onset latency, ms after the stimulus.
    pub onset_ms: f64,
    /// Peak-to-peak amplitude over the response, µV.
    pub peak_to_peak_uv: f64,
}

/// One sweep: its M wave and its late response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LateSweep {
    /// Onset latency of the M wave, ms.
    pub m_onset_ms: Option<f64>,
    /// Peak-to-peak amplitude of the M wave, µV.
    pub m_peak_to_peak_uv: Option<f64>,
    /// Where the search for a late response began, ms.
    pub search_start_ms: f64,
    /// The late response, if one rose above the noise (or where the physician put it).
    pub response: Option<LateResponse>,
    /// Whether the physician set this sweep's late response by hand (see [`LateCorrection`]).
    pub set_by_hand: bool,
}

/// An F-wave train.
#[derive(Debug, Clone, PartialEq)]
pub struct FWaveAnalysis {
    /// Every sweep, in order.
    pub sweeps: Vec<LateSweep>,
    /// Sweeps with an F wave over all sweeps, %.
    pub persistence_pct: f64,
    /// Shortest F latency, ms (the measure compared with normal limits).
    pub minimum_latency_ms: Option<f64>,
    /// Mean F latency, ms.
    pub mean_latency_ms: Option<f64>,
    /// Longest F latency, ms.
    pub maximum_latency_ms: Option<f64>,
    /// Longest minus shortest F latency, ms.
    pub chronodispersion_ms: Option<f64>,
    /// Mean F amplitude over the mean M amplitude, %.
    pub mean_f_to_m_pct: Option<f64>,
    /// Mean M-wave onset latency, ms.
    pub m_onset_ms: Option<f64>,
}

/// An H-reflex series.
#[derive(Debug, Clone, PartialEq)]
pub struct HReflexAnalysis {
    /// Every sweep, in order.
    pub sweeps: Vec<LateSweep>,
    /// The sweep with the largest H reflex, if any sweep had one.
    pub largest_idx: Option<usize>,
    /// Onset latency of the largest H reflex, ms (the measure reported).
    pub latency_ms: Option<f64>,
    /// Its peak-to-peak amplitude, µV.
    pub amplitude_uv: Option<f64>,
    /// The largest M wave of the series, µV.
    pub m_max_uv: Option<f64>,
    /// Largest H over largest M, %.
    pub h_to_m_pct: Option<f64>,
}

/// Analyses one sweep: its M wave and the late response after it.
pub fn analyse_late_sweep(sweep: &Sweep) -> LateSweep {
    let m_config = MarkerConfig { search_end_ms: Some(M_SEARCH_END_MS), ..MarkerConfig::motor() };
    let m_markers = place_markers(sweep, &m_config);
    let m_measures = m_markers.map(|markers| measure_response(sweep, &markers));
    let search_start_ms = match m_markers {
        Some(markers) => {
            settled_after(sweep, markers.positive_peak.time_ms).max(markers.onset.time_ms + MIN_GAP_AFTER_M_ONSET_MS)
        }
        None => MIN_GAP_AFTER_M_ONSET_MS,
    };
    LateSweep {
        m_onset_ms: m_markers.map(|markers| markers.onset.time_ms),
        m_peak_to_peak_uv: m_measures.map(|measures| measures.peak_to_peak_uv),
        search_start_ms,
        response: late_response(sweep, search_start_ms),
        set_by_hand: false,
    }
}

/// `analysed` (one per sweep) with the physician's `corrections` applied; a sweep without a
/// correction keeps its automatic response.
fn corrected(sweeps: &[Sweep], analysed: Vec<LateSweep>, corrections: &[Option<LateCorrection>]) -> Vec<LateSweep> {
    analysed
        .into_iter()
        .zip(sweeps)
        .enumerate()
        .map(|(sweep_idx, (mut late_sweep, sweep))| {
            match corrections.get(sweep_idx).copied().flatten() {
                Some(LateCorrection::Onset(onset_ms)) => {
                    late_sweep.response = Some(late_response_at(sweep, onset_ms));
                    late_sweep.set_by_hand = true;
                }
                Some(LateCorrection::Absent) => {
                    late_sweep.response = None;
                    late_sweep.set_by_hand = true;
                }
                None => {}
            }
            late_sweep
        })
        .collect()
}

/// The late response of `sweep` starting at `onset_ms`: its peak-to-peak amplitude over the
/// span the automatic rule reads.
fn late_response_at(sweep: &Sweep, onset_ms: f64) -> LateResponse {
    let deflection = Deflection::of(sweep);
    let values = &deflection.values;
    let period_ms = 1000.0 / sweep.sampling_rate_hz;
    let last_idx = values.len().saturating_sub(1);
    let onset_idx = (((onset_ms - sweep.first_sample_ms) / period_ms).floor().max(0.0) as usize).min(last_idx);
    let span = ((RESPONSE_SPAN_MS / period_ms) as usize).max(2);
    let response_end = (onset_idx + span).min(values.len()).max(onset_idx + 1);
    let (lowest, highest) = values[onset_idx..response_end]
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lowest, highest), &value| (lowest.min(value), highest.max(value)));
    let to_uv = sweep.unit.factor_to(&Unit::Microvolt).unwrap_or(1.0);
    LateResponse { onset_ms, peak_to_peak_uv: (highest - lowest).max(0.0) * to_uv }
}

/// When the M wave has settled after `from_ms`: the first moment from which the sweep stays
/// within the detection threshold of its baseline for `SETTLED_MS`; the sweep's end if never.
fn settled_after(sweep: &Sweep, from_ms: f64) -> f64 {
    let deflection = Deflection::of(sweep);
    let period_ms = 1000.0 / sweep.sampling_rate_hz;
    let threshold = THRESHOLD_IN_NOISE_SD * deflection.noise_sd;
    let run = ((SETTLED_MS / period_ms).round() as usize).max(1);
    let values = &deflection.values;
    let first = (((from_ms - sweep.first_sample_ms) / period_ms).ceil().max(0.0) as usize).min(values.len());
    (first..values.len().saturating_sub(run))
        .find(|&idx| values[idx..idx + run].iter().all(|value| value.abs() <= threshold))
        .map_or(sweep.end_ms(), |idx| sweep.time_ms(idx))
}

/// The first response after `search_start_ms` that leaves the baseline by the threshold, in
/// either direction, with its takeoff and peak-to-peak amplitude.
fn late_response(sweep: &Sweep, search_start_ms: f64) -> Option<LateResponse> {
    let deflection = Deflection::of(sweep);
    let period_ms = 1000.0 / sweep.sampling_rate_hz;
    let start =
        (((search_start_ms - sweep.first_sample_ms) / period_ms).ceil().max(0.0) as usize).min(deflection.values.len());
    let sustain = ((SUSTAIN_MS / period_ms).round() as usize).max(1);
    let values = &deflection.values;
    // A response grows away from the baseline, in one direction, for the sustain time.
    let threshold = THRESHOLD_IN_NOISE_SD * deflection.noise_sd;
    let crossing_idx = (start..values.len().saturating_sub(sustain + 1)).find(|&idx| {
        let sign = values[idx].signum();
        values[idx..idx + sustain].iter().all(|value| value.abs() > threshold && value.signum() == sign)
            && values[idx + sustain].abs() > values[idx].abs()
    })?;
    let samples_in = |ms: f64| ((ms / period_ms).round() as usize).max(1);
    let level_end = crossing_idx.saturating_sub(samples_in(LOCAL_LEVEL_GAP_MS)).max(1);
    let level_start = level_end.saturating_sub(samples_in(1.0));
    let level_before = |_: usize| values[level_start..level_end].iter().sum::<f64>() / (level_end - level_start) as f64;
    // The takeoff is fitted against that level, over at most the 2 ms before the crossing.
    let local_level = level_before(crossing_idx);
    let fit_start = crossing_idx.saturating_sub(samples_in(FIT_LOOKBACK_MS)).max(start);
    // The onset rule works on a rise away from baseline: flip a positive-going response so it
    // rises the same way a negative one does.
    let rises_negative = values[crossing_idx] > local_level;
    let span = ((RESPONSE_SPAN_MS / period_ms) as usize).max(2);
    let end = (crossing_idx + span).min(values.len());
    let direction = if rises_negative { 1.0 } else { -1.0 };
    let oriented_sweep = Sweep {
        samples: sweep
            .samples
            .iter()
            .map(|&value| {
                (deflection.baseline - direction * (deflection.baseline - f64::from(value) - local_level)) as f32
            })
            .collect(),
        ..sweep.clone()
    };
    let oriented_deflection = Deflection {
        baseline: deflection.baseline,
        noise_sd: deflection.noise_sd,
        values: values.iter().map(|value| direction * (value - local_level)).collect(),
        smoothed: deflection.smoothed.iter().map(|value| direction * (value - local_level)).collect(),
        smoothed_noise_sd: deflection.smoothed_noise_sd,
    };
    // The peak of the rise: the largest oriented deflection within 3 ms of the crossing (the
    // high-passed signal crosses a little before the raw one rises).
    let rise_end = (crossing_idx + samples_in(RISE_MS)).min(end.max(crossing_idx + 1));
    let peak_idx = (crossing_idx..rise_end)
        .max_by(|&first, &second| oriented_deflection.values[first].total_cmp(&oriented_deflection.values[second]))
        .unwrap_or(crossing_idx);
    let onset_ms =
        fit_takeoff(&oriented_sweep, &oriented_deflection, fit_start, crossing_idx, peak_idx, RiseBound::Unbounded);
    let onset_idx = (((onset_ms - sweep.first_sample_ms) / period_ms).floor().max(0.0) as usize).min(values.len() - 1);
    let response_end = (onset_idx + span).min(values.len());
    let (lowest, highest) = values[onset_idx..response_end]
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lowest, highest), &value| (lowest.min(value), highest.max(value)));
    let to_uv = sweep.unit.factor_to(&Unit::Microvolt).unwrap_or(1.0);
    Some(LateResponse { onset_ms, peak_to_peak_uv: (highest - lowest) * to_uv })
}

/// Analyses an F-wave train with the physician's corrections, one per sweep (`&[]`, a sweep
/// given `None` or past the end: the automatic response stands): latencies, persistence and
/// chronodispersion follow them.
pub fn analyse_f_waves(sweeps: &[Sweep], corrections: &[Option<LateCorrection>]) -> FWaveAnalysis {
    let analysed = corrected(sweeps, sweeps.iter().map(analyse_late_sweep).collect(), corrections);
    let latencies: Vec<f64> =
        analysed.iter().filter_map(|sweep| sweep.response.map(|response| response.onset_ms)).collect();
    let mean = |values: &[f64]| (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
    let minimum_latency_ms = latencies.iter().copied().reduce(f64::min);
    let maximum_latency_ms = latencies.iter().copied().reduce(f64::max);
    let f_amplitudes: Vec<f64> =
        analysed.iter().filter_map(|sweep| sweep.response.map(|response| response.peak_to_peak_uv)).collect();
    let m_amplitudes: Vec<f64> = analysed.iter().filter_map(|sweep| sweep.m_peak_to_peak_uv).collect();
    let m_onsets: Vec<f64> = analysed.iter().filter_map(|sweep| sweep.m_onset_ms).collect();
    FWaveAnalysis {
        persistence_pct: 100.0 * latencies.len() as f64 / analysed.len().max(1) as f64,
        minimum_latency_ms,
        mean_latency_ms: mean(&latencies),
        maximum_latency_ms,
        chronodispersion_ms: minimum_latency_ms.zip(maximum_latency_ms).map(|(minimum, maximum)| maximum - minimum),
        mean_f_to_m_pct: mean(&f_amplitudes).zip(mean(&m_amplitudes)).map(|(f, m)| 100.0 * f / m),
        m_onset_ms: mean(&m_onsets),
        sweeps: analysed,
    }
}

/// Analyses an H-reflex series (increasing stimulus intensities, or repeats) with the
/// physician's corrections, one per sweep (`&[]`, a sweep given `None` or past the end: the
/// automatic response stands).
pub fn analyse_h_reflex(sweeps: &[Sweep], corrections: &[Option<LateCorrection>]) -> HReflexAnalysis {
    let analysed = corrected(sweeps, sweeps.iter().map(analyse_late_sweep).collect(), corrections);
    let largest_idx = analysed
        .iter()
        .enumerate()
        .filter_map(|(sweep_idx, sweep)| sweep.response.map(|response| (sweep_idx, response.peak_to_peak_uv)))
        .max_by(|first, second| first.1.total_cmp(&second.1))
        .map(|(sweep_idx, _)| sweep_idx);
    let largest = largest_idx.and_then(|sweep_idx| analysed[sweep_idx].response);
    let m_max_uv = analysed.iter().filter_map(|sweep| sweep.m_peak_to_peak_uv).reduce(f64::max);
    HReflexAnalysis {
        largest_idx,
        latency_ms: largest.map(|response| response.onset_ms),
        amplitude_uv: largest.map(|response| response.peak_to_peak_uv),
        h_to_m_pct: largest.zip(m_max_uv).map(|(h, m)| 100.0 * h.peak_to_peak_uv / m),
        m_max_uv,
        sweeps: analysed,
    }
}
