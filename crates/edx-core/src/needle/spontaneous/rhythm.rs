//! Potentials on a regular train's rhythm. A fibrillation train fires regularly (domain.md
//! §4.1), so where it is due to fire next is known to a few per cent of its interval. A
//! potential measured there whose spike is the train's, but which overlapped a neighbour or
//! noise enough to measure otherwise (a long "fasciculation", an unclassified spike) and so
//! gathered into no train, is one of the train's potentials: left alone, it is counted as a
//! fasciculation potential that is not there.

use super::hidden::OpenTrain;
use super::trains::{
    amplitude_ratio, best_correlation, mean_and_cv, steady_intervals, MIN_INTERVALS_FOR_REGULARITY, REGULAR_CV,
    TRAIN_SHAPE_HALF_MS,
};
use super::{SpontaneousClass, SpontaneousPotential};
use crate::dsp::stats::median;
use crate::needle::detect::Signals;

/// A train's rhythm is known from this many steady intervals (those spanning no missed
/// potential), regular by [`REGULAR_CV`] (edxview's own: one fewer than judging a train regular
/// asks, as the potential must also have the train's spike and fall on its beat).
const MIN_STEADY_INTERVALS: usize = MIN_INTERVALS_FOR_REGULARITY - 1;
/// A potential is on a train's rhythm within this share of the train's interval of a time the
/// train was due (edxview's own: twice the 2–5 % a regular train's intervals vary by).
const ON_RHYTHM_SHARE_OF_INTERVAL: f64 = 0.1;
/// Due times are extrapolated at most this many intervals from a member (edxview's own: a
/// regular train slows by a few per cent a second, so further out the rhythm is less sure).
const MAX_INTERVALS_FROM_MEMBER: f64 = 2.0;
/// The potential's spike must correlate with the train's median spike from this (as trains are
/// gathered, edxview's own)...
const ON_RHYTHM_MIN_CORRELATION: f64 = 0.8;
/// ...at the best lag within this, ms: a potential classed otherwise is timed at another peak.
const ON_RHYTHM_MAX_LAG_MS: f64 = 1.0;
/// ...with a peak-to-peak amplitude within this ratio of the median spike's (as trains are
/// gathered).
const ON_RHYTHM_MIN_AMPLITUDE_RATIO: f64 = 0.7;

/// Adds to the regular fibrillation and positive sharp wave trains among `trains` the
/// potentials in no train that fall on their rhythm with their spike.
pub(super) fn join_on_rhythm(
    signals: &Signals,
    potentials: &mut [(SpontaneousPotential, Vec<f32>)],
    trains: &mut [OpenTrain],
) {
    let shape_half = signals.samples_in(TRAIN_SHAPE_HALF_MS);
    let max_lag = signals.samples_in(ON_RHYTHM_MAX_LAG_MS);
    let rate = signals.sampling_rate_hz;
    let mut in_train = vec![false; potentials.len()];
    for member in trains.iter().flat_map(|train| &train.members) {
        in_train[*member] = true;
    }
    for train in trains.iter_mut() {
        if !matches!(train.class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave) {
            continue;
        }
        let times: Vec<f64> = train.members.iter().map(|&member| potentials[member].0.time_s).collect();
        let intervals = steady_intervals(&times.windows(2).map(|pair| pair[1] - pair[0]).collect::<Vec<_>>());
        if intervals.len() < MIN_STEADY_INTERVALS {
            continue;
        }
        let (interval_s, cv) = mean_and_cv(&intervals);
        if cv >= REGULAR_CV {
            continue;
        }
        let spike = median_spike(train, potentials, shape_half);
        for candidate in 0..potentials.len() {
            if in_train[candidate] {
                continue;
            }
            let time_s = potentials[candidate].0.time_s;
            let nearest = times.iter().copied().min_by(|a, b| (a - time_s).abs().total_cmp(&(b - time_s).abs()));
            let Some(nearest_s) = nearest else { continue };
            let intervals_away = ((time_s - nearest_s) / interval_s).round();
            let due_s = nearest_s + intervals_away * interval_s;
            if intervals_away == 0.0
                || intervals_away.abs() > MAX_INTERVALS_FROM_MEMBER
                || (time_s - due_s).abs() > ON_RHYTHM_SHARE_OF_INTERVAL * interval_s
            {
                continue;
            }
            let centre = (time_s * rate).round() as usize;
            let Some(shape) =
                centre.checked_sub(shape_half).and_then(|first| signals.measured_uv.get(first..=centre + shape_half))
            else {
                continue;
            };
            if !shape.iter().all(|value| value.is_finite())
                || amplitude_ratio(&spike, shape) < ON_RHYTHM_MIN_AMPLITUDE_RATIO
                || best_correlation(&spike, shape, max_lag) < ON_RHYTHM_MIN_CORRELATION
            {
                continue;
            }
            potentials[candidate].0.class = train.class;
            let at = train.members.partition_point(|&member| potentials[member].0.time_s < time_s);
            train.members.insert(at, candidate);
            in_train[candidate] = true;
        }
    }
}

/// The median of a train's members' spikes, sample by sample.
fn median_spike(train: &OpenTrain, potentials: &[(SpontaneousPotential, Vec<f32>)], shape_half: usize) -> Vec<f32> {
    (0..=2 * shape_half)
        .map(|idx| {
            let column: Vec<f32> =
                train.members.iter().filter_map(|&member| potentials[member].1.get(idx).copied()).collect();
            median(&column) as f32
        })
        .collect()
}
