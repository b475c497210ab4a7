//! Trains: potentials at rest of one shape firing repeatedly, gathered greedily by how closely
//! each resembles a train's latest members; the class most of a train's potentials have; and the
//! intervals a train's rate and regularity are judged on, without those spanning a missed
//! potential.

use super::{SpontaneousClass, SpontaneousPotential};
use crate::dsp::stats::extent;
use crate::needle::detect::Signals;

/// Potentials whose spikes correlate above this (at the best lag) have one shape (edxview's own).
const SAME_SHAPE_CORRELATION: f64 = 0.8;
/// ...and whose spikes' peak-to-peak amplitudes are within this ratio (edxview's own).
const SAME_SHAPE_AMPLITUDE_RATIO: f64 = 0.7;
/// Half-width of the spike compared between potentials of a train, around its main peak, ms: a
/// wider cut would hold neighbouring potentials (edxview's own).
pub(super) const TRAIN_SHAPE_HALF_MS: f64 = 1.5;
/// Spikes of a train are compared at the best lag within this, ms: a fibrillation spike lasts a
/// few samples (edxview's own).
const TRAIN_SHAPE_MAX_LAG_MS: f64 = 0.2;
/// Trains need at least this many potentials: two intervals, the fewest that show a rate and how
/// it varies (edxview's own).
pub(super) const MIN_TRAIN: usize = 3;
/// Intervals with a coefficient of variation below this are regular. No source gives a number
/// (domain.md §4.1 counts 57 % of denervation firing patterns regular without one); edxview's
/// own: steady firing (a fibrillation train, a unit under voluntary control) varies by well
/// under a fifth, random firing (a fasciculating unit; independent random intervals have a
/// coefficient of variation near 1) by far more.
pub const REGULAR_CV: f64 = 0.2;
/// An interval longer than this many times the train's median spans a potential detection
/// missed (which doubles an interval) and is left out when a train's regularity is judged
/// (edxview's own: halfway between one interval and two, less a margin for a train's own
/// variation).
const MISSED_POTENTIAL_INTERVAL_RATIO: f64 = 1.6;
/// Fewest intervals over which a motor-unit-like train at rest is judged regular, so not
/// fasciculating: two or three intervals of random firing are alike often enough by chance
/// (edxview's own choice).
pub(super) const MIN_INTERVALS_FOR_REGULARITY: usize = 4;
/// A potential joins a train by resembling the mean of its latest this many members, so a train
/// whose amplitude waxes and wanes (a myotonic discharge) stays one train.
const TRACKED_MEMBERS: usize = 8;

/// The potentials (in time order, with their spikes) gathered into trains of one shape. Each
/// potential joins the train whose latest members' mean shape it resembles most, whatever its own
/// class: a fibrillation potential overlapping a neighbour's slow phase can measure long enough
/// to look motor-unit-like, and its train tells what it is. A fibrillation spike lasts a few
/// samples, so shapes are compared at the best lag within `TRAIN_SHAPE_MAX_LAG_MS`. Groups of
/// any size are returned; those under `MIN_TRAIN` are no train.
pub(super) fn gather_trains(signals: &Signals, potentials: &[(SpontaneousPotential, Vec<f32>)]) -> Vec<Train> {
    let max_lag = signals.samples_in(TRAIN_SHAPE_MAX_LAG_MS);
    let mut groups: Vec<Train> = Vec::new();
    for (potential_idx, (_, shape)) in potentials.iter().enumerate() {
        let matching = groups
            .iter_mut()
            .map(|group| {
                let mean = group.recent_mean();
                let similarity = if amplitude_ratio(&mean, shape) > SAME_SHAPE_AMPLITUDE_RATIO {
                    best_correlation(&mean, shape, max_lag)
                } else {
                    f64::NEG_INFINITY
                };
                (group, similarity)
            })
            .filter(|(_, similarity)| *similarity > SAME_SHAPE_CORRELATION)
            .max_by(|first, second| first.1.total_cmp(&second.1));
        match matching {
            Some((group, _)) => group.add(potential_idx, shape, potentials),
            None => groups.push(Train::new(potential_idx, shape)),
        }
    }
    groups
}

/// Intervals of a train without those that span a potential missed by detection (longer than
/// `MISSED_POTENTIAL_INTERVAL_RATIO` times the median): a missed potential doubles an interval
/// and would make a regular train look irregular.
pub(in crate::needle) fn steady_intervals(intervals: &[f64]) -> Vec<f64> {
    let mut sorted = intervals.to_vec();
    sorted.sort_by(f64::total_cmp);
    let median = sorted[sorted.len() / 2];
    let steady: Vec<f64> =
        intervals.iter().copied().filter(|&interval| interval <= MISSED_POTENTIAL_INTERVAL_RATIO * median).collect();
    if steady.len() >= 2 {
        steady
    } else {
        intervals.to_vec()
    }
}

/// The class most of a train's potentials have (the first of equals in declaration order).
pub(super) fn most_common_class(classes: impl Iterator<Item = SpontaneousClass>) -> SpontaneousClass {
    const ORDER: [SpontaneousClass; 5] = [
        SpontaneousClass::Fibrillation,
        SpontaneousClass::PositiveSharpWave,
        SpontaneousClass::Fasciculation,
        SpontaneousClass::EndPlateSpike,
        SpontaneousClass::Unclassified,
    ];
    let mut counts = [0usize; ORDER.len()];
    for class in classes {
        if let Some(position) = ORDER.iter().position(|&candidate| candidate == class) {
            counts[position] += 1;
        }
    }
    let best = (0..ORDER.len()).rev().max_by_key(|&position| counts[position]).unwrap_or(0);
    ORDER[best]
}

/// A train being gathered: its members (in time order) and the running sum of its latest
/// members' shapes.
pub(super) struct Train {
    pub(super) members: Vec<usize>,
    recent_sum: Vec<f64>,
}

impl Train {
    fn new(potential_idx: usize, shape: &[f32]) -> Train {
        Train { members: vec![potential_idx], recent_sum: shape.iter().map(|&value| f64::from(value)).collect() }
    }

    /// The mean shape of the latest `TRACKED_MEMBERS` members.
    fn recent_mean(&self) -> Vec<f32> {
        let n = self.members.len().min(TRACKED_MEMBERS) as f64;
        self.recent_sum.iter().map(|sum| (sum / n) as f32).collect()
    }

    /// Adds a member; the oldest tracked member's shape leaves the sum.
    fn add(&mut self, potential_idx: usize, shape: &[f32], potentials: &[(SpontaneousPotential, Vec<f32>)]) {
        self.recent_sum.iter_mut().zip(shape).for_each(|(sum, &value)| *sum += f64::from(value));
        if self.members.len() >= TRACKED_MEMBERS {
            let oldest = &potentials[self.members[self.members.len() - TRACKED_MEMBERS]].1;
            self.recent_sum.iter_mut().zip(oldest).for_each(|(sum, &value)| *sum -= f64::from(value));
        }
        self.members.push(potential_idx);
    }
}

/// Mean and coefficient of variation of intervals.
pub(super) fn mean_and_cv(intervals: &[f64]) -> (f64, f64) {
    let mean = intervals.iter().sum::<f64>() / intervals.len() as f64;
    let cv = (intervals.iter().map(|interval| (interval - mean).powi(2)).sum::<f64>() / intervals.len() as f64).sqrt()
        / mean;
    (mean, cv)
}

/// The largest correlation of `second` shifted against `first` by up to `max_lag` samples.
pub(in crate::needle) fn best_correlation(first: &[f32], second: &[f32], max_lag: usize) -> f64 {
    let n = first.len().min(second.len());
    (0..=max_lag)
        .flat_map(|lag| [(lag, 0), (0, lag)])
        .filter(|&(first_lag, second_lag)| first_lag.max(second_lag) < n)
        .map(|(first_lag, second_lag)| {
            let len = n - first_lag.max(second_lag);
            correlation(&first[first_lag..first_lag + len], &second[second_lag..second_lag + len])
        })
        .fold(f64::NEG_INFINITY, f64::max)
}

fn correlation(first: &[f32], second: &[f32]) -> f64 {
    let mean = |values: &[f32]| values.iter().map(|&value| f64::from(value)).sum::<f64>() / values.len() as f64;
    let (first_mean, second_mean) = (mean(first), mean(second));
    let (mut cross, mut first_square, mut second_square) = (0.0, 0.0, 0.0);
    for (&a, &b) in first.iter().zip(second) {
        let (a, b) = (f64::from(a) - first_mean, f64::from(b) - second_mean);
        cross += a * b;
        first_square += a * a;
        second_square += b * b;
    }
    cross / (first_square * second_square).sqrt().max(f64::MIN_POSITIVE)
}

/// The smaller peak-to-peak amplitude over the larger.
pub(in crate::needle) fn amplitude_ratio(first: &[f32], second: &[f32]) -> f64 {
    let span = |values: &[f32]| {
        let (lowest, highest) = extent(values);
        f64::from(highest - lowest)
    };
    let (a, b) = (span(first), span(second));
    a.min(b) / a.max(b).max(f64::MIN_POSITIVE)
}
