//! Automatic marker placement on a compound response (CMAP or SNAP).
//!
//! No published NCS algorithm gives thresholds (domain.md §1.2); this is the design proposal
//! built there from noise-threshold practice in neighbouring fields, with parameters tuned on
//! the simulated responses of `synth::ncs` and reported by `cargo xtask report ncs`:
//!
//! 1. Baseline: mean of the pre-stimulus samples within four robust deviations of their median;
//!    noise: their robust standard deviation. Levels are found on the deflection low-passed at
//!    2 kHz (zero phase, the same filter at every site); values are read from the raw samples.
//! 2. The stimulus artefact is skipped: at least `artefact_blank_ms`, longer while the trace has
//!    not yet settled within five noise deviations of the baseline (capped at 1.5 ms).
//! 3. Negative peak: the largest negative deflection after the artefact.
//! 4. Onset (takeoff): the first sustained crossing of a noise-based threshold before the peak,
//!    rising from below it, locates the rise; a broken-stick fit (flat baseline, then a straight
//!    rise) over the early rise places the takeoff, no earlier than 0.5 ms before the trace was
//!    last quietly at baseline and than a plausible rise time allows. The same rule at every
//!    site keeps velocities valid (teleEMG: "use the corresponding takeoff points").
//! 5. End of the negative phase: the first return to baseline after the negative peak; positive
//!    peak: the largest positive deflection after it.

use crate::dsp::filter::{zero_phase, Filter};
use crate::dsp::stats::{median, robust_standard_deviation};
use crate::model::{NerveConductionKind, Sweep};

/// Where a marker came from, so views can show which values were set by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerSource {
    /// Placed by [`place_markers`].
    Automatic,
    /// Moved by the user.
    Manual,
}

/// A marker on a sweep.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marker {
    /// Time from the stimulus, in ms.
    pub time_ms: f64,
    /// Automatic or moved by hand.
    pub source: MarkerSource,
}

impl Marker {
    fn automatic(time_ms: f64) -> Marker {
        Marker { time_ms, source: MarkerSource::Automatic }
    }
}

/// How sure the automatic placement is, from the response's size against the noise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Amplitude under 5 noise deviations: check the markers by eye.
    Low,
    /// Amplitude 5 to 20 noise deviations.
    Moderate,
    /// Amplitude over 20 noise deviations.
    High,
}

/// The four markers of a compound response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ResponseMarkers {
    /// Takeoff of the response from baseline.
    pub onset: Marker,
    /// Peak of the negative (upward) phase.
    pub negative_peak: Marker,
    /// Return to baseline at the end of the negative phase.
    pub negative_end: Marker,
    /// Peak of the positive phase that follows.
    pub positive_peak: Marker,
    /// How sure the automatic placement was.
    pub confidence: Confidence,
}

impl ResponseMarkers {
    /// Whether any marker was moved by hand.
    pub fn is_adjusted(&self) -> bool {
        [self.onset, self.negative_peak, self.negative_end, self.positive_peak]
            .iter()
            .any(|marker| marker.source == MarkerSource::Manual)
    }
}

/// The four markers of a response, in time order (the order keyboard selection walks them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    /// "O": the takeoff from the baseline.
    Onset,
    /// "N": the peak of the negative phase.
    NegativePeak,
    /// "E": the end of the negative phase.
    NegativeEnd,
    /// "P": the peak of the positive phase.
    PositivePeak,
}

impl MarkerKind {
    /// All four, in time order.
    pub const ALL: [MarkerKind; 4] =
        [MarkerKind::Onset, MarkerKind::NegativePeak, MarkerKind::NegativeEnd, MarkerKind::PositivePeak];

    /// The glyph's letter, so a marker is never told apart by colour alone.
    pub fn letter(self) -> &'static str {
        match self {
            MarkerKind::Onset => "O",
            MarkerKind::NegativePeak => "N",
            MarkerKind::NegativeEnd => "E",
            MarkerKind::PositivePeak => "P",
        }
    }

    /// The marker's name in sentences.
    pub fn label(self) -> &'static str {
        match self {
            MarkerKind::Onset => "onset",
            MarkerKind::NegativePeak => "negative peak",
            MarkerKind::NegativeEnd => "end of negative phase",
            MarkerKind::PositivePeak => "positive peak",
        }
    }

    /// The marker in `markers`.
    pub fn get(self, markers: &ResponseMarkers) -> Marker {
        match self {
            MarkerKind::Onset => markers.onset,
            MarkerKind::NegativePeak => markers.negative_peak,
            MarkerKind::NegativeEnd => markers.negative_end,
            MarkerKind::PositivePeak => markers.positive_peak,
        }
    }

    /// The marker's time in `markers`, ms from the stimulus.
    pub fn time_ms(self, markers: &ResponseMarkers) -> f64 {
        self.get(markers).time_ms
    }

    /// Moves the marker in `markers` to `time_ms` and records that it was set by hand.
    pub fn set(self, markers: &mut ResponseMarkers, time_ms: f64) {
        let marker = match self {
            MarkerKind::Onset => &mut markers.onset,
            MarkerKind::NegativePeak => &mut markers.negative_peak,
            MarkerKind::NegativeEnd => &mut markers.negative_end,
            MarkerKind::PositivePeak => &mut markers.positive_peak,
        };
        marker.time_ms = time_ms;
        marker.source = MarkerSource::Manual;
    }
}

/// Settings of the automatic placement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MarkerConfig {
    /// Time after the stimulus always skipped as artefact, in ms (domain.md §1.2: 0.3–1 ms).
    pub artefact_blank_ms: f64,
    /// Detection threshold in noise standard deviations (domain.md §1.2: 3–4).
    pub threshold_in_noise_sd: f64,
    /// How long the deviation must persist to count as a response, in ms (domain.md §1.2:
    /// 0.3 ms motor, 0.1 ms sensory).
    pub sustain_ms: f64,
    /// End of the search for the response, in ms after the stimulus; the sweep's end if `None`.
    pub search_end_ms: Option<f64>,
}

impl MarkerConfig {
    /// Motor responses (CMAPs).
    pub fn motor() -> MarkerConfig {
        MarkerConfig { artefact_blank_ms: 0.5, threshold_in_noise_sd: 4.0, sustain_ms: 0.3, search_end_ms: None }
    }

    /// Sensory and mixed responses (SNAPs), which are short and start early.
    pub fn sensory() -> MarkerConfig {
        MarkerConfig { artefact_blank_ms: 0.3, threshold_in_noise_sd: 4.0, sustain_ms: 0.1, search_end_ms: None }
    }

    /// The settings for a kind of study.
    pub fn for_kind(kind: NerveConductionKind) -> MarkerConfig {
        match kind {
            NerveConductionKind::SensoryAntidromic
            | NerveConductionKind::SensoryOrthodromic
            | NerveConductionKind::Mixed => MarkerConfig::sensory(),
            NerveConductionKind::Motor => MarkerConfig::motor(),
            // The M wave of a late-response study comes early; an H reflex may be larger.
            NerveConductionKind::FWave | NerveConductionKind::HReflex => {
                MarkerConfig { search_end_ms: Some(20.0), ..MarkerConfig::motor() }
            }
        }
    }
}

/// Pre-stimulus samples further than this from the median (in noise deviations) are left out
/// of the baseline.
const BASELINE_TRIM_SD: f64 = 4.0;
/// Longest artefact the placement waits out, in ms.
const MAX_ARTEFACT_MS: f64 = 1.5;
/// How far from baseline (in noise deviations) the trace may be once the artefact has settled.
const ARTEFACT_SETTLED_SD: f64 = 5.0;
/// How long the trace must stay settled, in ms.
const ARTEFACT_SETTLED_MS: f64 = 0.1;

/// The baseline, noise and deflection (baseline minus signal, so negative is positive) of a
/// sweep: what every marker and measure is computed from.
#[derive(Debug, Clone)]
pub(crate) struct Deflection {
    /// Baseline, in the sweep's unit.
    pub baseline: f64,
    /// Robust noise standard deviation, in the sweep's unit.
    pub noise_sd: f64,
    /// `baseline − sample` per sample, lightly smoothed (three-point mean).
    pub values: Vec<f64>,
    /// `baseline − sample` low-passed at [`ANALYSIS_LOW_PASS_HZ`] (zero phase): where the
    /// response leaves and reaches levels is found on this, the values reported are read from
    /// the raw samples.
    pub smoothed: Vec<f64>,
    /// Robust noise standard deviation of `smoothed`, in the sweep's unit.
    pub smoothed_noise_sd: f64,
}

/// Cut-off of the low-pass the markers are found on, in Hz: far above a compound response's
/// content (a sensory fibre potential peaks 0.35 ms after it starts), far below the Nyquist
/// frequency of a 10 or 20 kHz recording, so white noise falls to about 0.4 (20 kHz) or 0.6
/// (10 kHz) of its raw level.
pub(crate) const ANALYSIS_LOW_PASS_HZ: f64 = 2_000.0;
/// The low-pass spreads the stimulus artefact this far before the stimulus, in ms; the smoothed
/// noise is read before it.
const LOW_PASS_SPREAD_MS: f64 = 0.5;

impl Deflection {
    pub(crate) fn of(sweep: &Sweep) -> Deflection {
        let pre_stimulus: Vec<f32> = sweep
            .samples
            .iter()
            .enumerate()
            .filter(|(sample_idx, _)| sweep.time_ms(*sample_idx) < -0.05)
            .map(|(_, &value)| value)
            .collect();
        // Without a recorded pre-stimulus baseline, the last fifth of the sweep stands in for it.
        let reference: Vec<f32> =
            if pre_stimulus.len() >= 8 { pre_stimulus } else { sweep.samples[sweep.samples.len() * 4 / 5..].to_vec() };
        let centre = median(&reference);
        let noise_sd = robust_standard_deviation(&reference, centre).max(f64::MIN_POSITIVE);
        // The mean of the samples within four noise deviations of the median: as robust to a
        // stray spike as the median, and as precise as the mean on noise (the median's error is
        // a quarter larger), which every amplitude inherits.
        let kept: Vec<f64> = reference
            .iter()
            .map(|&value| f64::from(value))
            .filter(|value| (value - centre).abs() <= BASELINE_TRIM_SD * noise_sd)
            .collect();
        let baseline = if kept.is_empty() { centre } else { kept.iter().sum::<f64>() / kept.len() as f64 };
        let raw: Vec<f64> = sweep.samples.iter().map(|&value| baseline - f64::from(value)).collect();
        let values = (0..raw.len())
            .map(|idx| {
                let window = &raw[idx.saturating_sub(1)..(idx + 2).min(raw.len())];
                window.iter().sum::<f64>() / window.len() as f64
            })
            .collect();
        let low_passed =
            zero_phase(&sweep.samples, sweep.sampling_rate_hz, &[Filter::LowPass { cutoff_hz: ANALYSIS_LOW_PASS_HZ }]);
        let smoothed: Vec<f64> = low_passed.iter().map(|&value| baseline - f64::from(value)).collect();
        let quiet: Vec<f32> = low_passed
            .iter()
            .enumerate()
            .filter(|(sample_idx, _)| sweep.time_ms(*sample_idx) < -LOW_PASS_SPREAD_MS)
            .map(|(_, &value)| value)
            .collect();
        let smoothed_noise_sd = if quiet.len() >= 8 {
            robust_standard_deviation(&quiet, median(&quiet))
        } else {
            let tail = &low_passed[low_passed.len() * 4 / 5..];
            robust_standard_deviation(tail, median(tail))
        }
        .clamp(f64::MIN_POSITIVE, noise_sd);
        Deflection { baseline, noise_sd, values, smoothed, smoothed_noise_sd }
    }
}

/// Places the markers on `sweep`, or returns `None` when no response rises above the noise.
pub fn place_markers(sweep: &Sweep, config: &MarkerConfig) -> Option<ResponseMarkers> {
    let deflection = Deflection::of(sweep);
    let values = &deflection.values;
    let noise = deflection.noise_sd;
    let period_ms = 1000.0 / sweep.sampling_rate_hz;
    let index_at =
        |time_ms: f64| (((time_ms - sweep.first_sample_ms) / period_ms).ceil().max(0.0) as usize).min(values.len());

    let search_end = index_at(config.search_end_ms.unwrap_or(f64::INFINITY).min(sweep.end_ms() + period_ms));
    let settled_run = ((ARTEFACT_SETTLED_MS / period_ms).ceil() as usize).max(1);
    let mut start = index_at(config.artefact_blank_ms.max(0.0));
    let latest_start = index_at(MAX_ARTEFACT_MS);
    while start < latest_start
        && values[start..(start + settled_run).min(values.len())]
            .iter()
            .any(|value| value.abs() > ARTEFACT_SETTLED_SD * noise)
    {
        start += 1;
    }
    if start + 2 >= search_end {
        return None;
    }

    let (peak_idx, peak_value) =
        values[start..search_end].iter().copied().enumerate().fold((0, f64::NEG_INFINITY), |best, (offset, value)| {
            if value > best.1 {
                (offset + start, value)
            } else {
                best
            }
        });
    let threshold = config.threshold_in_noise_sd * noise;
    if peak_value <= threshold {
        return None;
    }

    let sustain = ((config.sustain_ms / period_ms).round() as usize).max(1);
    let sustained_from =
        |idx: usize| values[idx..(idx + sustain).min(peak_idx + 1)].iter().all(|&value| value > threshold);
    // A crossing rises from below the threshold: a trace still above it where the artefact was
    // judged settled is the artefact's tail, not the response (unless nothing else rises).
    let crossing_idx = (start + 1..=peak_idx)
        .find(|&idx| values[idx - 1] <= threshold && sustained_from(idx))
        .or_else(|| (start..=peak_idx).find(|&idx| sustained_from(idx)))
        .unwrap_or(peak_idx);
    let onset_ms = fit_takeoff(sweep, &deflection, start, crossing_idx, peak_idx, RiseBound::FromRiseTime);

    let negative_end_ms = match (peak_idx..search_end).find(|&idx| values[idx] <= 0.0) {
        Some(below_idx) if below_idx > peak_idx => interpolate_crossing(sweep, values, below_idx - 1, 0.0),
        _ => sweep.time_ms(search_end - 1),
    };
    let negative_end_idx = index_at(negative_end_ms).min(search_end - 1);
    let positive_search_end =
        index_at(negative_end_ms + 2.0 * (negative_end_ms - onset_ms)).min(search_end).max(negative_end_idx + 1);
    let positive_idx = (negative_end_idx..positive_search_end)
        .min_by(|&first, &second| values[first].total_cmp(&values[second]))
        .unwrap_or(negative_end_idx);

    let signal_to_noise = peak_value / noise;
    let confidence = if signal_to_noise >= 20.0 {
        Confidence::High
    } else if signal_to_noise >= 5.0 {
        Confidence::Moderate
    } else {
        Confidence::Low
    };
    let half_window_ms = peak_half_window_ms(onset_ms, negative_end_ms, period_ms);
    Some(ResponseMarkers {
        onset: Marker::automatic(onset_ms),
        negative_peak: Marker::automatic(refine_extremum(sweep, &deflection, peak_idx, half_window_ms)),
        negative_end: Marker::automatic(negative_end_ms),
        positive_peak: Marker::automatic(refine_extremum(sweep, &deflection, positive_idx, half_window_ms)),
        confidence,
    })
}

/// Whether the takeoff fit bounds how long the rise may have taken (see [`fit_takeoff`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RiseBound {
    /// No earlier than `RISE_TIME_FACTOR` times the rise from the fit's top to twice it: for
    /// compound responses, whose rise is smooth.
    FromRiseTime,
    /// Only the quiet-baseline bound: for F waves, a few units whose first may rise slowly and
    /// the next sharply (with the bound, F-wave onsets were 0.20 ms RMS from the truth against
    /// 0.18 ms without it).
    Unbounded,
}

/// The takeoff by broken-stick regression: the time `t0` for which "flat baseline before `t0`,
/// a straight rise after it" best fits the raw samples from up to 3 ms before the rise to where
/// the smoothed deflection first reaches a tenth of the peak (or five of its noise deviations).
/// Using every sample of the early rise makes it far less sensitive to noise than walking back
/// to the last baseline crossing, which a stretch of noise above the baseline can drag
/// milliseconds early. Two bounds keep the fit from trading the takeoff for a long, shallow rise
/// through noise: the window starts 0.5 ms before the trace was last quietly at baseline, and
/// `t0` lies no earlier than `RISE_TIME_FACTOR` times the time the rise takes from the top to
/// twice it.
pub(crate) fn fit_takeoff(
    sweep: &Sweep,
    deflection: &Deflection,
    start: usize,
    crossing_idx: usize,
    peak_idx: usize,
    rise_bound: RiseBound,
) -> f64 {
    // Tuned on the simulator (`cargo xtask report ncs`): a tenth of the peak keeps the fit on the
    // straight early rise; at least five noise deviations keep it above the noise.
    const TOP_FRACTION_OF_PEAK: f64 = 0.1;
    const FLOOR_IN_NOISE_SD: f64 = 5.0;
    const LOOKBACK_MS: f64 = 3.0;
    let smoothed = &deflection.smoothed;
    let noise = deflection.smoothed_noise_sd;
    let peak_value = smoothed[peak_idx];
    let top = (TOP_FRACTION_OF_PEAK * peak_value).max(FLOOR_IN_NOISE_SD * noise).min(0.5 * peak_value);
    let top_idx = (crossing_idx..=peak_idx).find(|&idx| smoothed[idx] >= top).unwrap_or(peak_idx);
    let period_ms = 1000.0 / sweep.sampling_rate_hz;
    let mut window_start = start.max(top_idx.saturating_sub((LOOKBACK_MS / period_ms) as usize));
    // Where the trace was last clearly at baseline: the latest stretch of `QUIET_MS` before the
    // top in which the smoothed deflection rises no more than `QUIET_IN_NOISE_SD` above the
    // baseline (noise below it is baseline too). The takeoff lies shortly before its end; a fit
    // reaching further back can trade the true takeoff for a long, shallow rise through noise.
    let quiet_run = ((QUIET_MS / period_ms).round() as usize).max(2);
    let mut run = 0;
    let mut quiet_end = None;
    for idx in (window_start..=top_idx).rev() {
        if smoothed[idx] <= QUIET_IN_NOISE_SD * noise {
            run += 1;
            if run >= quiet_run {
                quiet_end = Some(idx + quiet_run - 1);
                break;
            }
        } else {
            run = 0;
        }
    }
    if let Some(quiet_end) = quiet_end {
        window_start = window_start.max(quiet_end.saturating_sub((BASELINE_MARGIN_MS / period_ms).round() as usize));
    }
    if window_start + 2 > top_idx {
        return sweep.time_ms(crossing_idx);
    }
    let times: Vec<f64> = (window_start..=top_idx).map(|idx| sweep.time_ms(idx)).collect();
    let values: Vec<f64> =
        (window_start..=top_idx).map(|idx| deflection.baseline - f64::from(sweep.samples[idx])).collect();
    let misfit = |takeoff_ms: f64| {
        let (mut cross, mut square) = (0.0, 0.0);
        for (time, value) in times.iter().zip(&values) {
            let rise = (time - takeoff_ms).max(0.0);
            cross += rise * value;
            square += rise * rise;
        }
        let slope = if square > 0.0 { cross / square } else { 0.0 };
        times
            .iter()
            .zip(&values)
            .map(|(time, value)| (value - slope * (time - takeoff_ms).max(0.0)).powi(2))
            .sum::<f64>()
    };
    // A plausible rise: it cannot have taken far longer to reach the top than the rise just
    // above the top (from the top to twice it) would take; a fit that puts the takeoff earlier
    // is trading the takeoff for noise on the baseline.
    let upper = (2.0 * top).min(peak_value);
    let upper_idx = (top_idx..=peak_idx).find(|&idx| smoothed[idx] >= upper).unwrap_or(peak_idx);
    let earliest_ms = if rise_bound == RiseBound::FromRiseTime && upper_idx > top_idx && upper > top {
        let top_ms = interpolate_crossing(sweep, smoothed, top_idx.saturating_sub(1), top);
        let upper_ms = interpolate_crossing(sweep, smoothed, upper_idx - 1, upper);
        let slope = (upper - top) / (upper_ms - top_ms).max(period_ms / 10.0);
        top_ms - RISE_TIME_FACTOR * top / slope
    } else {
        f64::NEG_INFINITY
    };
    let first_candidate = times.iter().position(|&time| time >= earliest_ms).unwrap_or(0).min(times.len() - 2);
    let best_sample = (first_candidate..times.len() - 1)
        .min_by(|&first, &second| misfit(times[first]).total_cmp(&misfit(times[second])))
        .unwrap_or(first_candidate);
    // Refine between the neighbouring samples in tenths of a sample.
    (-10..=10)
        .map(|tenth| times[best_sample] + f64::from(tenth) * period_ms / 10.0)
        .min_by(|&first, &second| misfit(first).total_cmp(&misfit(second)))
        .unwrap_or(times[best_sample])
}

/// How long the smoothed trace must stay near baseline to count as at baseline, in ms.
const QUIET_MS: f64 = 0.3;
/// How near, in noise deviations of the smoothed trace.
const QUIET_IN_NOISE_SD: f64 = 1.5;
/// The takeoff lies at most this many times longer before the top of the fitted rise than the
/// rise from the top to twice it takes (a straight rise: once; a rise curving up like t³: about
/// four times).
const RISE_TIME_FACTOR: f64 = 5.0;
/// How much of that baseline the takeoff fit includes, in ms before its end.
const BASELINE_MARGIN_MS: f64 = 0.5;

/// The time between samples `idx` and `idx + 1` at which `values` crosses `level`.
fn interpolate_crossing(sweep: &Sweep, values: &[f64], idx: usize, level: f64) -> f64 {
    let Some(&next) = values.get(idx + 1) else { return sweep.time_ms(idx) };
    let current = values[idx];
    let fraction = if (next - current).abs() > f64::EPSILON {
        ((level - current) / (next - current)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    sweep.time_ms(idx) + fraction * 1000.0 / sweep.sampling_rate_hz
}

/// Half-width of the window a peak's time is fitted over: a tenth of the negative phase, at
/// least two samples and at most 0.5 ms, so the fit follows the peak's shape but averages out
/// noise.
pub(crate) fn peak_half_window_ms(onset_ms: f64, negative_end_ms: f64, period_ms: f64) -> f64 {
    (0.1 * (negative_end_ms - onset_ms)).clamp(2.0 * period_ms, 0.5_f64.max(2.0 * period_ms))
}

/// Half-width of the window a peak's amplitude is read over: a fifth of the negative phase, at
/// least two samples and at most 1 ms. Twice the window of the peak's time: the parabola's
/// value at its centre barely depends on how well its vertex is placed, and the wider window
/// halves the noise on it (tuned with `cargo xtask report ncs`: at 20 dB and 20 kHz, amplitude
/// errors fell from 4.5–7.2 % to 2.7–4.8 % RMS, with under 0.3 % bias at 40 dB; a third of the
/// negative phase reads sensory peaks 1.5–2 % low).
pub(crate) fn amplitude_half_window_ms(onset_ms: f64, negative_end_ms: f64, period_ms: f64) -> f64 {
    (0.2 * (negative_end_ms - onset_ms)).clamp(2.0 * period_ms, 1.0_f64.max(2.0 * period_ms))
}

/// The time of an extremum near sample `idx`: the vertex of a parabola fitted by least squares
/// over the peak window (domain.md §7 asks for sub-sample peak interpolation), kept within the
/// window.
fn refine_extremum(sweep: &Sweep, deflection: &Deflection, idx: usize, half_window_ms: f64) -> f64 {
    let centre_ms = sweep.time_ms(idx);
    match local_parabola(sweep, deflection, centre_ms, half_window_ms) {
        Some((_, slope, curvature)) if curvature.abs() > f64::EPSILON => {
            centre_ms + (-slope / (2.0 * curvature)).clamp(-half_window_ms, half_window_ms)
        }
        _ => centre_ms,
    }
}

/// The deflection at `time_ms` from a parabola fitted over ±`half_window_ms`: a noise-averaged
/// reading of the trace at a marker.
pub(crate) fn deflection_at(sweep: &Sweep, deflection: &Deflection, time_ms: f64, half_window_ms: f64) -> f64 {
    local_parabola(sweep, deflection, time_ms, half_window_ms).map_or(0.0, |(value, _, _)| value)
}

/// Least-squares parabola `a + b·x + c·x²` (x in ms from `centre_ms`) through the raw deflection
/// within ±`half_window_ms`, as (a, b, c); `None` with fewer than three samples.
fn local_parabola(
    sweep: &Sweep,
    deflection: &Deflection,
    centre_ms: f64,
    half_window_ms: f64,
) -> Option<(f64, f64, f64)> {
    let period_ms = 1000.0 / sweep.sampling_rate_hz;
    let first = (((centre_ms - half_window_ms - sweep.first_sample_ms) / period_ms).ceil().max(0.0)) as usize;
    let last = (((centre_ms + half_window_ms - sweep.first_sample_ms) / period_ms).floor().max(0.0) as usize)
        .min(sweep.samples.len().saturating_sub(1));
    if last < first + 2 {
        return None;
    }
    // Normal equations of the quadratic fit.
    let mut sums = [0.0f64; 5];
    let mut moments = [0.0f64; 3];
    for idx in first..=last {
        let x = sweep.time_ms(idx) - centre_ms;
        let value = deflection.baseline - f64::from(sweep.samples[idx]);
        let mut power = 1.0;
        for (order, sum) in sums.iter_mut().enumerate() {
            *sum += power;
            if order < 3 {
                moments[order] += power * value;
            }
            power *= x;
        }
    }
    let matrix = [[sums[0], sums[1], sums[2]], [sums[1], sums[2], sums[3]], [sums[2], sums[3], sums[4]]];
    solve_3x3(matrix, moments).map(|solution| (solution[0], solution[1], solution[2]))
}

/// Solves a 3×3 linear system by Cramer's rule; `None` when it is singular.
fn solve_3x3(matrix: [[f64; 3]; 3], right: [f64; 3]) -> Option<[f64; 3]> {
    let determinant = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let full = determinant(matrix);
    if full.abs() < 1e-300 {
        return None;
    }
    let mut solution = [0.0; 3];
    for (column, value) in solution.iter_mut().enumerate() {
        let mut replaced = matrix;
        for row in 0..3 {
            replaced[row][column] = right[row];
        }
        *value = determinant(replaced) / full;
    }
    Some(solution)
}
