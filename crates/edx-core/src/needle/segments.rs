//! Segmentation of a needle recording: rest, voluntary activity, insertion bursts and clipped
//! (saturated) runs, so each analysis reads only the part it is meant for.

use super::detect::{Event, Signals};
use super::muap::measure_muap;
use super::spontaneous::{classify, SpontaneousClass};

/// What a stretch of the recording holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum ActivityKind {
    /// No motor unit firing: where spontaneous activity is sought.
    Rest,
    /// Motor units firing steadily: where they are decomposed and measured.
    Voluntary,
    /// A short burst of many potentials, as the needle moves (domain.md §4.1: normal insertional
    /// activity lasts under about 300 ms).
    Insertion,
    /// The amplifier or converter saturated: excluded from every measure.
    Clipped,
}

/// A stretch of one kind.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActivitySegment {
    /// What it holds.
    pub kind: ActivityKind,
    /// Start, s from the recording start.
    pub start_s: f64,
    /// End, s.
    pub end_s: f64,
}

/// Windows over which activity is judged, s.
const WINDOW_S: f64 = 0.25;
/// Motor-unit-like potentials per second that make a window voluntary activity.
const VOLUNTARY_POTENTIALS_PER_S: f64 = 4.0;
/// Potentials longer than this, and larger than `MOTOR_UNIT_MIN_UV`, count as motor-unit-like
/// unless shaped like a positive sharp wave (fibrillation potentials last under 5 ms, domain.md
/// §4.1).
const MOTOR_UNIT_MIN_DURATION_MS: f64 = 5.0;
const MOTOR_UNIT_MIN_UV: f64 = 100.0;
/// Potentials per second in a burst that make it insertional activity...
const INSERTION_POTENTIALS_PER_S: f64 = 60.0;
/// ...when it lasts at most this long, s.
const INSERTION_MAX_S: f64 = 0.5;
/// Clipped runs are widened by this much either side, s.
const CLIP_MARGIN_S: f64 = 0.005;

/// Marks clipped runs (three or more consecutive samples at the recordable range's limits, or at
/// the recording's own extremes when those repeat) as NaN in `samples_uv` and returns them.
pub fn find_clipped(
    samples_uv: &[f32],
    sampling_rate_hz: f64,
    recordable_range_uv: Option<(f64, f64)>,
) -> Vec<(usize, usize)> {
    let finite = samples_uv.iter().filter(|value| value.is_finite());
    let (lowest, highest) = finite
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lowest, highest), &value| (lowest.min(value), highest.max(value)));
    let span = f64::from(highest - lowest).max(f64::MIN_POSITIVE);
    let (low_limit, high_limit) = recordable_range_uv.unwrap_or((f64::from(lowest), f64::from(highest)));
    let tolerance = 1e-3 * span;
    let at_limit = |value: f32| f64::from(value) <= low_limit + tolerance || f64::from(value) >= high_limit - tolerance;
    let margin = (CLIP_MARGIN_S * sampling_rate_hz) as usize;
    let mut runs = Vec::new();
    let mut idx = 0;
    while idx < samples_uv.len() {
        if !samples_uv[idx].is_finite() || !at_limit(samples_uv[idx]) {
            idx += 1;
            continue;
        }
        let start = idx;
        while idx < samples_uv.len()
            && samples_uv[idx].is_finite()
            && at_limit(samples_uv[idx])
            && (samples_uv[idx] - samples_uv[start]).abs() <= tolerance as f32
        {
            idx += 1;
        }
        if idx - start >= 3 {
            runs.push((start.saturating_sub(margin), (idx + margin).min(samples_uv.len())));
        }
    }
    runs
}

/// Segments the recording from its potentials.
pub fn segment(signals: &Signals, events: &[Event], clipped: &[(usize, usize)]) -> Vec<ActivitySegment> {
    let rate = signals.sampling_rate_hz;
    let n_samples = signals.measured_uv.len();
    let duration_s = n_samples as f64 / rate;
    let n_windows = (duration_s / WINDOW_S).ceil() as usize;
    let half = signals.samples_in(12.5);
    let mut motor_like = vec![0usize; n_windows];
    let mut all = vec![0usize; n_windows];
    for event in events {
        let window = ((event.sample_idx as f64 / rate) / WINDOW_S) as usize;
        if window >= n_windows {
            continue;
        }
        all[window] += 1;
        // Once a window holds enough motor-unit-like potentials to be voluntary, the rest of
        // its potentials need not be measured.
        if motor_like[window] as f64 >= VOLUNTARY_POTENTIALS_PER_S * WINDOW_S {
            continue;
        }
        let cut = signals
            .measured_uv
            .get(event.sample_idx.saturating_sub(half)..(event.sample_idx + half + 1).min(n_samples));
        // Most potentials are too small to be motor-unit-like: a peak-to-peak over the spike,
        // far cheaper than measuring, settles those.
        let spike = signals.samples_in(3.0);
        let large_enough = cut.is_some_and(|values| {
            let centre = event.sample_idx.min(half);
            let around = &values[centre.saturating_sub(spike)..(centre + spike).min(values.len())];
            let (lowest, highest) =
                around.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lowest, highest), &value| {
                    (lowest.min(value), highest.max(value))
                });
            f64::from(highest - lowest) >= MOTOR_UNIT_MIN_UV
        });
        let is_motor_like = large_enough
            && cut.filter(|values| values.iter().all(|value| value.is_finite())).is_some_and(|values| {
                let alignment_idx = event.sample_idx.min(half);
                measure_muap(values, rate, alignment_idx).is_some_and(|measures| {
                    measures.duration_ms >= MOTOR_UNIT_MIN_DURATION_MS
                        && measures.amplitude_uv >= MOTOR_UNIT_MIN_UV
                        && classify(
                            values,
                            alignment_idx,
                            signals.samples_in(3.0),
                            measures.duration_ms,
                            measures.amplitude_uv,
                        ) != SpontaneousClass::PositiveSharpWave
                })
            });
        if is_motor_like {
            motor_like[window] += 1;
        }
    }
    let mut kinds: Vec<ActivityKind> = (0..n_windows)
        .map(|window| {
            if motor_like[window] as f64 / WINDOW_S >= VOLUNTARY_POTENTIALS_PER_S {
                ActivityKind::Voluntary
            } else {
                ActivityKind::Rest
            }
        })
        .collect();
    // A short, dense burst with rest on both sides is insertional activity.
    let mut window = 0;
    while window < n_windows {
        if all[window] as f64 / WINDOW_S < INSERTION_POTENTIALS_PER_S {
            window += 1;
            continue;
        }
        let start = window;
        while window < n_windows && all[window] as f64 / WINDOW_S >= INSERTION_POTENTIALS_PER_S {
            window += 1;
        }
        let rest_around = (start == 0 || kinds[start - 1] == ActivityKind::Rest)
            && (window == n_windows || kinds[window] == ActivityKind::Rest);
        if (window - start) as f64 * WINDOW_S <= INSERTION_MAX_S && rest_around {
            kinds[start..window].fill(ActivityKind::Insertion);
        }
    }
    // Isolated windows of one kind between two of another are smoothed away.
    for window in 1..n_windows.saturating_sub(1) {
        if kinds[window - 1] == kinds[window + 1]
            && kinds[window] != kinds[window - 1]
            && kinds[window] != ActivityKind::Insertion
        {
            kinds[window] = kinds[window - 1];
        }
    }
    let mut segments: Vec<ActivitySegment> = Vec::new();
    for (window, kind) in kinds.into_iter().enumerate() {
        let start_s = window as f64 * WINDOW_S;
        let end_s = ((window + 1) as f64 * WINDOW_S).min(duration_s);
        match segments.last_mut() {
            Some(last) if last.kind == kind => last.end_s = end_s,
            _ => segments.push(ActivitySegment { kind, start_s, end_s }),
        }
    }
    carve_clipped(segments, clipped, rate)
}

/// Cuts the clipped runs out of the segments as segments of their own.
fn carve_clipped(segments: Vec<ActivitySegment>, clipped: &[(usize, usize)], rate: f64) -> Vec<ActivitySegment> {
    let mut result = Vec::new();
    for segment in segments {
        let mut cursor = segment.start_s;
        for &(start, end) in clipped {
            let (clip_start, clip_end) = (start as f64 / rate, end as f64 / rate);
            if clip_end <= cursor || clip_start >= segment.end_s {
                continue;
            }
            if clip_start > cursor {
                result.push(ActivitySegment { kind: segment.kind, start_s: cursor, end_s: clip_start });
            }
            result.push(ActivitySegment {
                kind: ActivityKind::Clipped,
                start_s: clip_start.max(segment.start_s),
                end_s: clip_end.min(segment.end_s),
            });
            cursor = clip_end;
        }
        if cursor < segment.end_s {
            result.push(ActivitySegment { kind: segment.kind, start_s: cursor, end_s: segment.end_s });
        }
    }
    result
}
