//! Segmentation of a needle recording: rest, voluntary activity, insertion bursts and clipped
//! (saturated) runs, so each analysis reads only the part it is meant for.

use super::detect::{Event, Signals};
use super::muap::measure_single_potential;
use super::spontaneous::{
    amplitude_ratio, best_correlation, classify, measured_potentials, steady_intervals, SpontaneousClass,
    COMPLEX_REPETITIVE_MAX_CV, COMPLEX_REPETITIVE_RATES_HZ, FIBRILLATION_MAX_MS, MIN_REPETITIVE_INTERVALS,
    MOTOR_UNIT_MIN_UV, MYOTONIC_RATES_HZ, SPIKE_MS, SPONTANEOUS_THRESHOLD_IN_NOISE,
};
use crate::dsp::stats::extent;

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

impl ActivityKind {
    /// The words a report prints for this kind of stretch, e.g. "voluntary activity" (AANEM's
    /// terms: rest, voluntary activity, insertion activity).
    pub fn label(self) -> &'static str {
        match self {
            ActivityKind::Rest => "rest",
            ActivityKind::Voluntary => "voluntary activity",
            ActivityKind::Insertion => "insertion activity",
            ActivityKind::Clipped => "clipped (not measured)",
        }
    }
}

/// What a stretch's kind rests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SegmentBasis {
    /// No motor-unit-like potential recurs with one shape at a voluntary rate.
    NoRecurringMotorUnit,
    /// Its large potentials are one potential repeating at a near-constant rate: a complex
    /// repetitive discharge.
    RegularRepetition,
    /// Its potentials are positive waves at 20 Hz or more: a myotonic discharge.
    PositiveWaveDischarge,
    /// A short stretch in which no motor-unit-like shape recurs more than twice in a row.
    Unsustained,
    /// Only trains of fibrillation potentials or positive sharp waves (or trains firing as
    /// steadily) fire there, however densely, and no plain motor unit; or nothing fires there
    /// between such stretches.
    SpontaneousTrainsOnly,
    /// Motor-unit-like potentials recur with one shape at 4 Hz or more.
    RecurringMotorUnits,
    /// Motor-unit-like potentials at 16 a second or more.
    DenseMotorUnits,
    /// A motor unit fires semi-regularly at a voluntary rate, found when rest was analysed (its
    /// potentials, recorded pointing up, each passed for positive sharp waves).
    UnitAtVoluntaryRate,
    /// A short, dense burst between stretches of rest.
    ShortDenseBurst,
    /// The amplifier or converter saturated.
    Saturated,
}

impl SegmentBasis {
    /// What a report prints after the stretch's kind, e.g. "only fibrillation potential or
    /// positive sharp wave trains fire, however densely".
    pub fn label(self) -> &'static str {
        match self {
            SegmentBasis::NoRecurringMotorUnit => "no motor unit potential recurs at a voluntary rate",
            SegmentBasis::RegularRepetition => {
                "one potential repeats at a near-constant rate (complex repetitive discharge)"
            }
            SegmentBasis::PositiveWaveDischarge => "positive waves at 20 Hz or more (myotonic discharge)",
            SegmentBasis::Unsustained => "no motor unit potential recurs more than twice in a row",
            SegmentBasis::SpontaneousTrainsOnly => {
                "only fibrillation potential or positive sharp wave trains fire in or around it, however densely"
            }
            SegmentBasis::RecurringMotorUnits => "motor unit potentials recur at 4 Hz or more",
            SegmentBasis::DenseMotorUnits => "16 or more motor unit potentials a second",
            SegmentBasis::UnitAtVoluntaryRate => "a motor unit fires semi-regularly at a voluntary rate",
            SegmentBasis::ShortDenseBurst => "a short, dense burst between rest",
            SegmentBasis::Saturated => "the amplifier saturated",
        }
    }
}

/// A stretch of one kind.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ActivitySegment {
    /// Rest, voluntary activity, insertion activity or a clipped run.
    pub kind: ActivityKind,
    /// What the kind rests on (for a stretch joined from several, the one covering most of it).
    pub basis: SegmentBasis,
    /// Start, s from the recording start.
    pub start_s: f64,
    /// End, s from the recording start.
    pub end_s: f64,
}

/// Adjacent stretches of one kind joined, each joined stretch with the basis covering most of
/// its time; empty stretches are left out.
pub(crate) fn joined(pieces: impl IntoIterator<Item = ActivitySegment>) -> Vec<ActivitySegment> {
    let mut joined: Vec<(ActivitySegment, Vec<(SegmentBasis, f64)>)> = Vec::new();
    for piece in pieces.into_iter().filter(|piece| piece.end_s > piece.start_s) {
        let length_s = piece.end_s - piece.start_s;
        match joined.last_mut() {
            Some((last, bases)) if last.kind == piece.kind && (last.end_s - piece.start_s).abs() < 1e-9 => {
                last.end_s = piece.end_s;
                match bases.iter_mut().find(|(basis, _)| *basis == piece.basis) {
                    Some((_, total_s)) => *total_s += length_s,
                    None => bases.push((piece.basis, length_s)),
                }
            }
            _ => joined.push((piece, vec![(piece.basis, length_s)])),
        }
    }
    joined
        .into_iter()
        .map(|(mut segment, bases)| {
            // The first basis wins a tie.
            if let Some(&(basis, _)) = bases.iter().rev().max_by(|first, second| first.1.total_cmp(&second.1)) {
                segment.basis = basis;
            }
            segment
        })
        .collect()
}

/// Windows over which activity is judged, s.
pub(crate) const WINDOW_S: f64 = 0.25;
/// Motor-unit-like potentials per second that make voluntary activity: the lowest voluntary
/// firing rate is 4–5 Hz (domain.md §4.2, secondary source).
const VOLUNTARY_POTENTIALS_PER_S: f64 = 4.0;
/// Voluntary firing is repeated firing: a motor unit under voluntary control discharges again
/// within 1 / (4 Hz) = 250 ms, so a window is voluntary only when one of its motor-unit-like
/// potentials belongs to a run recurring with the same shape that often (or the window is dense
/// with them). A
/// fasciculation potential fires alone, and a fibrillation potential that merely looks long
/// because it overlaps a positive sharp wave does not recur so, so both stay rest.
const REPEAT_WITHIN_S: f64 = 1.0 / VOLUNTARY_POTENTIALS_PER_S;
/// Discharges in such a run: two. Three would keep chance pairs of fibrillation potentials
/// lengthened by overlaps out of voluntary activity (in the simulated neurogenic muscles 35 of
/// 35 fasciculation potentials named instead of 30), but turns voluntary stretches of the
/// PhysioNet healthy recording (4 kHz, where one unit's spikes correlate less well) into rest
/// holding eight "fibrillation potentials" (edxview's own choice, measured).
const MIN_VOLUNTARY_RUN: usize = 2;
/// A stretch at most this long (s) whose potentials are a discharge of positive waves is turned
/// back into rest: a myotonic discharge lasts seconds, and only its middle, at the peak rate,
/// is mistaken for voluntary activity (edxview's own choice; the simulated stretches last
/// 0.5–1.5 s).
const POSITIVE_WAVE_STRETCH_MAX_S: f64 = 1.5;
/// Share of a stretch's potentials that must be positive waves for it to be a myotonic
/// discharge rather than voluntary activity: in the simulated discharges' stretches segmented
/// voluntary 46–93 %, in voluntary activity at most 15 % (edxview's own choice, measured).
const POSITIVE_WAVE_SHARE: f64 = 0.4;
/// A voluntary stretch at most this long (s) in which no motor-unit-like shape recurs more
/// than `UNSUSTAINED_RUN` times in a row is rest: a unit under voluntary control fires on at
/// 4 Hz or more (domain.md §4.2), so over 1.5 s its shape recurs at least six times; in the
/// simulated voluntary stretches a shape recurred 9–29 times, in the stretches a chance pair of
/// fibrillation potentials lengthened by overlaps made voluntary, twice (edxview's own choice,
/// measured).
const UNSUSTAINED_STRETCH_MAX_S: f64 = 1.5;
const UNSUSTAINED_RUN: usize = 2;
/// Motor-unit-like potentials counted per window at most; a window that holds this many (16
/// a second, more than any spontaneous motor-unit-like activity but a repetitive discharge) is
/// voluntary without a recurring shape being sought (edxview's own choice).
const COUNTED_PER_WINDOW: usize = 4;
/// A stretch is tested for one regular train on at most this many of its largest potentials
/// (a complex repetitive discharge shows itself within them; this bounds the work).
const TRAIN_TEST_POTENTIALS: usize = 256;
/// Potentials of one train: spike-band shapes correlating at least this well...
const SAME_TRAIN_CORRELATION: f64 = 0.9;
/// ...with amplitudes within this ratio (the glossary's "uniform shape and amplitude" of a
/// complex repetitive discharge, domain.md §4.1; the numbers are edxview's own choice).
const SAME_TRAIN_AMPLITUDE_RATIO: f64 = 0.8;
/// Potentials per second in a burst that make it insertional activity...
const INSERTION_POTENTIALS_PER_S: f64 = 60.0;
/// ...when it lasts at most this long, s.
const INSERTION_MAX_S: f64 = 0.5;
/// Peaks within this distance of the last potential counted towards insertional activity are
/// its other phases, ms (edxview's own choice: a spike and its after-phase fall within it).
const SAME_POTENTIAL_MS: f64 = 5.0;
/// Clipped runs are widened by this much either side, s.
const CLIP_MARGIN_S: f64 = 0.005;

/// Marks clipped runs (three or more consecutive samples at the recordable range's limits, or at
/// the recording's own extremes when those repeat) as NaN in `samples_uv` and returns them.
pub fn find_clipped(
    samples_uv: &[f32],
    sampling_rate_hz: f64,
    recordable_range_uv: Option<(f64, f64)>,
) -> Vec<(usize, usize)> {
    // Infinite samples (a converter's overflow) are not the recording's range. Comparisons, not
    // `f32::min`/`max`: see [`extent`].
    let (lowest, highest) = samples_uv.iter().filter(|value| value.is_finite()).fold(
        (f32::INFINITY, f32::NEG_INFINITY),
        |(lowest, highest), &value| {
            (if value < lowest { value } else { lowest }, if value > highest { value } else { highest })
        },
    );
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
            let widened = (start.saturating_sub(margin), (idx + margin).min(samples_uv.len()));
            // Runs whose margins touch are one saturated stretch (an amplifier driven to both
            // limits in turn), not many overlapping ones.
            match runs.last_mut() {
                Some((_, end)) if widened.0 <= *end => *end = widened.1,
                _ => runs.push(widened),
            }
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
    // A potential raises a peak for each of its phases; those inside a motor-unit-like
    // potential already counted are part of it.
    let mut counted_until = 0usize;
    let same_potential = signals.samples_in(SAME_POTENTIAL_MS);
    let mut last_counted: Option<usize> = None;
    // Each counted potential: its sample, window and main spike.
    let mut counted: Vec<(usize, usize, Vec<f32>)> = Vec::new();
    for event in events {
        let window = ((event.sample_idx as f64 / rate) / WINDOW_S) as usize;
        if window >= n_windows {
            continue;
        }
        if event.sample_idx < counted_until {
            continue;
        }
        // A potential's other phases, within a few ms, are not more potentials.
        if last_counted.is_none_or(|last| event.sample_idx >= last + same_potential) {
            all[window] += 1;
            last_counted = Some(event.sample_idx);
        }
        // Once a window holds enough motor-unit-like potentials to be voluntary, the rest of its
        // potentials need not be measured.
        if motor_like[window] >= COUNTED_PER_WINDOW {
            continue;
        }
        let cut = signals
            .measured_uv
            .get(event.sample_idx.saturating_sub(half)..(event.sample_idx + half + 1).min(n_samples));
        // A potential is motor-unit-like as the classifier judges one at rest: at least
        // `FIBRILLATION_MAX_MS` long and `MOTOR_UNIT_MIN_UV` large, and no positive sharp wave.
        // Most potentials are too small: a peak-to-peak over the spike, far cheaper than
        // measuring, settles those.
        let spike = signals.samples_in(SPIKE_MS);
        let large_enough = cut.is_some_and(|values| {
            let centre = event.sample_idx.min(half);
            let around = &values[centre.saturating_sub(spike)..(centre + spike).min(values.len())];
            let (lowest, highest) = extent(around);
            f64::from(highest - lowest) >= MOTOR_UNIT_MIN_UV
        });
        let motor_unit_end_ms = cut
            .filter(|values| large_enough && values.iter().all(|value| value.is_finite()))
            .and_then(|values| {
                let alignment_idx = event.sample_idx.min(half);
                measure_single_potential(values, rate, alignment_idx).filter(|measures| {
                    // The potential measured must be this event's, not a neighbour's it sits
                    // on the edge of.
                    measures.start_ms <= 0.0
                        && measures.end_ms >= 0.0
                        && measures.duration_ms >= FIBRILLATION_MAX_MS
                        && measures.amplitude_uv >= MOTOR_UNIT_MIN_UV
                        && classify(values, alignment_idx, spike, measures) != SpontaneousClass::PositiveSharpWave
                })
            })
            .map(|measures| measures.end_ms);
        if let Some(end_ms) = motor_unit_end_ms {
            motor_like[window] += 1;
            counted_until = event.sample_idx + (end_ms * rate / 1000.0).round() as usize + 1;
            if let Some(shape) = main_spike(signals, event.sample_idx) {
                counted.push((event.sample_idx, window, shape));
            }
        }
    }
    // Windows holding a run of one shape recurring within the repeat interval: each counted
    // potential's nearest earlier one of its shape, and the length of the run it ends.
    let repeat_within = (REPEAT_WITHIN_S * rate) as usize;
    let max_lag = signals.samples_in(0.2);
    let mut previous: Vec<Option<usize>> = vec![None; counted.len()];
    let mut run_length = vec![1usize; counted.len()];
    let mut recurring = vec![false; n_windows];
    for (later_idx, (later_sample, _, later_shape)) in counted.iter().enumerate() {
        previous[later_idx] = counted[..later_idx]
            .iter()
            .enumerate()
            .rev()
            .take_while(|(_, (earlier_sample, _, _))| later_sample - earlier_sample <= repeat_within)
            .find(|(_, (_, _, earlier_shape))| {
                amplitude_ratio(earlier_shape, later_shape) >= SAME_TRAIN_AMPLITUDE_RATIO
                    && best_correlation(earlier_shape, later_shape, max_lag) >= SAME_TRAIN_CORRELATION
            })
            .map(|(earlier_idx, _)| earlier_idx);
        if let Some(earlier_idx) = previous[later_idx] {
            run_length[later_idx] = run_length[earlier_idx] + 1;
        }
        if run_length[later_idx] >= MIN_VOLUNTARY_RUN {
            let mut member = Some(later_idx);
            for _ in 0..MIN_VOLUNTARY_RUN {
                let Some(idx) = member else { break };
                recurring[counted[idx].1] = true;
                member = previous[idx];
            }
        }
    }
    let mut kinds: Vec<ActivityKind> = vec![ActivityKind::Rest; n_windows];
    let mut bases: Vec<SegmentBasis> = vec![SegmentBasis::NoRecurringMotorUnit; n_windows];
    for window in 0..n_windows {
        if motor_like[window] >= COUNTED_PER_WINDOW {
            (kinds[window], bases[window]) = (ActivityKind::Voluntary, SegmentBasis::DenseMotorUnits);
        } else if motor_like[window] > 0 && recurring[window] {
            (kinds[window], bases[window]) = (ActivityKind::Voluntary, SegmentBasis::RecurringMotorUnits);
        }
    }
    let mut in_discharge = vec![false; n_windows];
    // A stretch whose large potentials are all one potential firing at a near-constant rate is
    // a complex repetitive discharge at rest, not a motor unit under voluntary control.
    let mut window = 0;
    while window < n_windows {
        if kinds[window] != ActivityKind::Voluntary {
            window += 1;
            continue;
        }
        let start = window;
        while window < n_windows && kinds[window] == ActivityKind::Voluntary {
            window += 1;
        }
        let sample_at = |window: usize| ((window as f64 * WINDOW_S * rate) as usize).min(n_samples);
        let (first, last) = (sample_at(start), sample_at(window));
        let stretch = &events[events.partition_point(|event| event.sample_idx < first)
            ..events.partition_point(|event| event.sample_idx < last)];
        if is_one_regular_train(signals, stretch) {
            kinds[start..window].fill(ActivityKind::Rest);
            bases[start..window].fill(SegmentBasis::RegularRepetition);
            in_discharge[start..window].fill(true);
            continue;
        }
        let duration_s = (last - first) as f64 / rate;
        if duration_s <= POSITIVE_WAVE_STRETCH_MAX_S && is_positive_wave_discharge(signals, stretch, duration_s) {
            kinds[start..window].fill(ActivityKind::Rest);
            bases[start..window].fill(SegmentBasis::PositiveWaveDischarge);
            in_discharge[start..window].fill(true);
            continue;
        }
        // Windows dense with motor-unit-like potentials are voluntary without a shape being sought
        // (their potentials are counted only up to `COUNTED_PER_WINDOW`, so runs there are cut
        // short).
        let dense = motor_like[start..window].iter().any(|&count| count >= COUNTED_PER_WINDOW);
        if duration_s > UNSUSTAINED_STRETCH_MAX_S || dense {
            continue;
        }
        // `counted` is in time order.
        let inside = counted.partition_point(|(sample_idx, _, _)| *sample_idx < first)
            ..counted.partition_point(|(sample_idx, _, _)| *sample_idx < last);
        if run_length[inside].iter().all(|&run| run <= UNSUSTAINED_RUN) {
            kinds[start..window].fill(ActivityKind::Rest);
            bases[start..window].fill(SegmentBasis::Unsustained);
        }
    }
    // A discharge's dense windows either side of it, at its peak rate, are the discharge too.
    for window in 1..n_windows {
        if in_discharge[window - 1]
            && !in_discharge[window]
            && all[window] as f64 / WINDOW_S >= INSERTION_POTENTIALS_PER_S
        {
            in_discharge[window] = true;
        }
    }
    for window in (0..n_windows.saturating_sub(1)).rev() {
        if in_discharge[window + 1]
            && !in_discharge[window]
            && all[window] as f64 / WINDOW_S >= INSERTION_POTENTIALS_PER_S
        {
            in_discharge[window] = true;
        }
    }
    // A short, dense burst with rest on both sides is insertional activity (a repetitive
    // discharge's potentials, dense as they are, are not).
    let is_burst = |window: usize| !in_discharge[window] && all[window] as f64 / WINDOW_S >= INSERTION_POTENTIALS_PER_S;
    let mut window = 0;
    while window < n_windows {
        if !is_burst(window) {
            window += 1;
            continue;
        }
        let start = window;
        while window < n_windows && is_burst(window) {
            window += 1;
        }
        let rest_around = (start == 0 || kinds[start - 1] == ActivityKind::Rest)
            && (window == n_windows || kinds[window] == ActivityKind::Rest);
        if (window - start) as f64 * WINDOW_S <= INSERTION_MAX_S && rest_around {
            kinds[start..window].fill(ActivityKind::Insertion);
            bases[start..window].fill(SegmentBasis::ShortDenseBurst);
        }
    }
    // Isolated windows of one kind between two of another are smoothed away.
    for window in 1..n_windows.saturating_sub(1) {
        if kinds[window - 1] == kinds[window + 1]
            && kinds[window] != kinds[window - 1]
            && kinds[window] != ActivityKind::Insertion
        {
            kinds[window] = kinds[window - 1];
            bases[window] = bases[window - 1];
        }
    }
    let segments = joined(kinds.into_iter().zip(bases).enumerate().map(|(window, (kind, basis))| ActivitySegment {
        kind,
        basis,
        start_s: window as f64 * WINDOW_S,
        end_s: ((window + 1) as f64 * WINDOW_S).min(duration_s),
    }));
    carve_clipped(segments, clipped, rate)
}

/// `segment` cut at the segmentation's window grid (its first and last pieces may be shorter
/// than a window), each piece of its kind and basis.
pub(crate) fn windows_of(segment: &ActivitySegment) -> impl Iterator<Item = ActivitySegment> + '_ {
    let mut start_s = segment.start_s;
    std::iter::from_fn(move || {
        (start_s < segment.end_s).then(|| {
            let end_s = (((start_s / WINDOW_S).floor() + 1.0) * WINDOW_S).min(segment.end_s);
            let piece = ActivitySegment { start_s, end_s, ..*segment };
            start_s = end_s;
            piece
        })
    })
}

/// The segments with every window (of the segmentation's grid) that overlaps one of `spans`
/// (start and end in s) voluntary, on the basis of a unit firing at a voluntary rate; clipped
/// stretches stay clipped.
pub fn voluntary_over(segments: &[ActivitySegment], spans: &[(f64, f64)]) -> Vec<ActivitySegment> {
    joined(segments.iter().flat_map(windows_of).map(|piece| {
        let overlaps =
            spans.iter().any(|&(span_start_s, span_end_s)| span_start_s < piece.end_s && span_end_s >= piece.start_s);
        if overlaps && matches!(piece.kind, ActivityKind::Rest | ActivityKind::Insertion) {
            ActivitySegment { kind: ActivityKind::Voluntary, basis: SegmentBasis::UnitAtVoluntaryRate, ..piece }
        } else {
            piece
        }
    }))
}

/// The segments with each voluntary stretch (`voluntary`, start and end in s, in order) widened
/// to `widened` (from `decompose::claim_edge_discharges`) at the expense of the rest beside it;
/// rest left with nothing between two voluntary stretches joins them.
pub fn widen_voluntary(
    mut segments: Vec<ActivitySegment>,
    voluntary: &[(f64, f64)],
    widened: &[(f64, f64)],
) -> Vec<ActivitySegment> {
    for (&(start_s, end_s), &(widened_start_s, widened_end_s)) in voluntary.iter().zip(widened) {
        let Some(idx) = segments.iter().position(|segment| {
            segment.kind == ActivityKind::Voluntary && segment.start_s == start_s && segment.end_s == end_s
        }) else {
            continue;
        };
        if idx > 0 && segments[idx - 1].kind == ActivityKind::Rest {
            let boundary_s = widened_start_s.max(segments[idx - 1].start_s);
            segments[idx - 1].end_s = boundary_s;
            segments[idx].start_s = boundary_s;
        }
        if idx + 1 < segments.len() && segments[idx + 1].kind == ActivityKind::Rest {
            let boundary_s = widened_end_s.min(segments[idx + 1].end_s).max(segments[idx + 1].start_s);
            segments[idx + 1].start_s = boundary_s;
            segments[idx].end_s = boundary_s;
        }
    }
    joined(segments)
}

/// Whether the large potentials of a stretch (`events`, in time order) hold one potential
/// repeating at a near-constant rate, as a complex repetitive discharge does: the potentials
/// sharing the spike shape and amplitude of the largest usual one fire at 5–150 Hz with
/// intervals varying by under 5 % (domain.md §4.1). Voluntary motor units fire less regularly.
fn is_one_regular_train(signals: &Signals, events: &[Event]) -> bool {
    let threshold = SPONTANEOUS_THRESHOLD_IN_NOISE * signals.noise_uv;
    let mut peaks: Vec<f64> =
        events.iter().map(|event| event.detection_peak_uv).filter(|&peak| peak >= threshold).collect();
    if peaks.len() <= MIN_REPETITIVE_INTERVALS {
        return false;
    }
    peaks.sort_by(f64::total_cmp);
    let large = 0.5 * peaks[peaks.len() * 9 / 10];
    let reach = signals.samples_in(1.0);
    let detection = &signals.detection_uv;
    let cut = |event: &Event| detection.get(event.sample_idx.checked_sub(reach)?..=event.sample_idx + reach);
    let main: Vec<(&Event, &[f32])> = events
        .iter()
        .filter(|event| event.detection_peak_uv >= large.max(threshold))
        .filter_map(|event| Some((event, cut(event)?)))
        .take(TRAIN_TEST_POTENTIALS)
        .collect();
    // The train's own spike is the largest of its complex potential: the one nearest the 90th
    // percentile of the peaks (the largest few may be chance superimpositions).
    let Some(&(_, prototype)) = main.iter().min_by(|first, second| {
        (first.0.detection_peak_uv - 2.0 * large).abs().total_cmp(&(second.0.detection_peak_uv - 2.0 * large).abs())
    }) else {
        return false;
    };
    let max_lag = signals.samples_in(0.2);
    // Two alike spikes of one complex potential are one discharge: nothing closer than the
    // shortest interval of the fastest discharge is another.
    let shortest_s = 0.8 / COMPLEX_REPETITIVE_RATES_HZ.end();
    let mut members: Vec<f64> = Vec::new();
    for (event, shape) in &main {
        let time_s = event.sample_idx as f64 / signals.sampling_rate_hz;
        if members.last().is_some_and(|&last| time_s - last < shortest_s) {
            continue;
        }
        if amplitude_ratio(prototype, shape) >= SAME_TRAIN_AMPLITUDE_RATIO
            && best_correlation(prototype, shape, max_lag) >= SAME_TRAIN_CORRELATION
        {
            members.push(time_s);
        }
    }
    if members.len() <= MIN_REPETITIVE_INTERVALS {
        return false;
    }
    let all_intervals: Vec<f64> = members.windows(2).map(|pair| pair[1] - pair[0]).collect();
    let intervals = steady_intervals(&all_intervals);
    let mean = intervals.iter().sum::<f64>() / intervals.len() as f64;
    let cv = (intervals.iter().map(|interval| (interval - mean).powi(2)).sum::<f64>() / intervals.len() as f64).sqrt()
        / mean;
    COMPLEX_REPETITIVE_RATES_HZ.contains(&(1.0 / mean)) && cv < COMPLEX_REPETITIVE_MAX_CV
}

/// Whether a stretch's potentials (`events`, in time order, lasting `duration_s`) are a myotonic
/// discharge of positive waves: they come at least as fast as its lowest rate, 20 Hz, and at
/// least `POSITIVE_WAVE_SHARE` of them are positive waves (the glossary's second form, 5–20 ms;
/// domain.md §4.1). Where they overlap at the discharge's peak rate some measure long enough to
/// look motor-unit-like and recur; a voluntary motor unit's potential is not a positive wave.
fn is_positive_wave_discharge(signals: &Signals, events: &[Event], duration_s: f64) -> bool {
    let potentials = measured_potentials(signals, events);
    let positive_waves =
        potentials.iter().filter(|potential| potential.class == SpontaneousClass::PositiveSharpWave).count();
    potentials.len() as f64 / duration_s >= *MYOTONIC_RATES_HZ.start()
        && positive_waves as f64 >= POSITIVE_WAVE_SHARE * potentials.len() as f64
}

/// The spike-band shape of a potential's main spike, ±1 ms around the deepest trough of the
/// spike-band signal within 3 ms of `sample_idx`: the same point of every discharge of one
/// unit, whichever of its phases was detected first.
fn main_spike(signals: &Signals, sample_idx: usize) -> Option<Vec<f32>> {
    let detection = &signals.detection_uv;
    let search = signals.samples_in(3.0);
    let reach = signals.samples_in(1.0);
    let trough = (sample_idx.saturating_sub(search)..(sample_idx + search + 1).min(detection.len()))
        .min_by(|&first, &second| detection[first].total_cmp(&detection[second]))?;
    detection.get(trough.checked_sub(reach)?..=trough + reach).map(<[f32]>::to_vec)
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
                result.push(ActivitySegment { start_s: cursor, end_s: clip_start, ..segment });
            }
            let piece = ActivitySegment {
                kind: ActivityKind::Clipped,
                basis: SegmentBasis::Saturated,
                start_s: clip_start.max(segment.start_s),
                end_s: clip_end.min(segment.end_s),
            };
            // A clipped run across the border of two segments stays one clipped segment.
            match result.last_mut() {
                Some(previous) if previous.kind == ActivityKind::Clipped && previous.end_s >= piece.start_s => {
                    previous.end_s = piece.end_s
                }
                _ => result.push(piece),
            }
            cursor = clip_end;
        }
        if cursor < segment.end_s {
            result.push(ActivitySegment { start_s: cursor, ..segment });
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stretch(kind: ActivityKind, start_s: f64, end_s: f64) -> ActivitySegment {
        let basis = match kind {
            ActivityKind::Rest => SegmentBasis::NoRecurringMotorUnit,
            ActivityKind::Voluntary => SegmentBasis::RecurringMotorUnits,
            ActivityKind::Insertion => SegmentBasis::ShortDenseBurst,
            ActivityKind::Clipped => SegmentBasis::Saturated,
        };
        ActivitySegment { kind, basis, start_s, end_s }
    }

    #[test]
    fn widened_voluntary_stretches_take_the_rest_beside_them_and_join_over_rest_left_empty() {
        use ActivityKind::{Clipped, Rest, Voluntary};
        let segments = vec![
            stretch(Rest, 0.0, 2.0),
            stretch(Voluntary, 2.0, 4.0),
            stretch(Rest, 4.0, 4.25),
            stretch(Voluntary, 4.25, 6.0),
            stretch(Clipped, 6.0, 6.5),
            stretch(Voluntary, 6.5, 7.0),
        ];
        let voluntary = [(2.0, 4.0), (4.25, 6.0), (6.5, 7.0)];
        let widened = [(1.8, 4.2), (4.1, 6.0), (6.0, 7.0)];
        assert_eq!(
            widen_voluntary(segments, &voluntary, &widened),
            vec![
                stretch(Rest, 0.0, 1.8),
                stretch(Voluntary, 1.8, 6.0),
                stretch(Clipped, 6.0, 6.5),
                stretch(Voluntary, 6.5, 7.0)
            ]
        );
    }
}
