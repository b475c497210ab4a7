//! Spikes under a train's own potentials. Two fibrillation potentials or positive sharp waves
//! within a millisecond of each other are detected as one event: the second never becomes a
//! potential, and [`super::hidden::complete_trains`], which looks at detected spikes, cannot
//! find it. Each fibrillation and positive sharp wave train's median waveform is subtracted at
//! its potentials' times (peeled off, as a decomposition subtracts a unit's template), and the
//! spikes that stand out of what remains are offered to the trains as hidden ones are.

use super::classify::SPONTANEOUS_THRESHOLD_IN_NOISE;
use super::hidden::{join_train, matching_train, near, OpenTrain, TrainShape, HIDDEN_MIN_SHARE_OF_INTERVAL};
use super::trains::TRAIN_SHAPE_HALF_MS;
use super::{SpontaneousClass, SpontaneousPotential};
use crate::dsp::stats::median;
use crate::needle::detect::{detect_events_in, Signals};

/// The waveform peeled off spans this before a potential's timing point, ms (edxview's own: a
/// fibrillation potential's initial positive phase and a positive sharp wave's rise)...
const PEEL_BEFORE_MS: f64 = 3.0;
/// ...and this after it (edxview's own: the steep part of a positive sharp wave's slow negative
/// phase, which lasts 5–150 ms in the anaesthesia description, domain.md §4.1; its long tail is
/// left in the residual, too shallow to be detected as a spike).
const PEEL_AFTER_MS: f64 = 12.0;
/// A train's median waveform is taken from this many potentials or more (edxview's own: fewer
/// leave a neighbour's overlap in the median).
const PEEL_MIN_MEMBERS: usize = 5;
/// Each potential is subtracted at the lag within this, ms, that fits its spike best
/// (edxview's own: a potential is timed to a sample; a spike's rise spans a few).
const PEEL_MAX_LAG_MS: f64 = 0.1;
/// A spike found in the residual within this of a peeled potential's timing point is what was
/// left of that potential, ms (edxview's own: the alignment error, twice the lag searched).
const LEFTOVER_MS: f64 = 0.25;

/// Adds to `trains` (and to `potentials`) the spikes that stand out once each fibrillation and
/// positive sharp wave train is subtracted, and have a train's spike.
pub(super) fn complete_after_peeling(
    signals: &Signals,
    potentials: &mut Vec<(SpontaneousPotential, Vec<f32>)>,
    trains: &mut [OpenTrain],
) {
    let rate = signals.sampling_rate_hz;
    let before = signals.samples_in(PEEL_BEFORE_MS);
    let after = signals.samples_in(PEEL_AFTER_MS);
    let max_lag = signals.samples_in(PEEL_MAX_LAG_MS) as isize;
    let mut measured = signals.measured_uv.clone();
    let mut detection = signals.detection_uv.clone();
    let mut peeled_s: Vec<f64> = Vec::new();
    let mut span: Option<(usize, usize)> = None;
    for train in trains.iter() {
        if !matches!(train.class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave)
            || train.members.len() < PEEL_MIN_MEMBERS
        {
            continue;
        }
        let centres: Vec<usize> =
            train.members.iter().map(|&member| (potentials[member].0.time_s * rate).round() as usize).collect();
        let (Some(measured_template), Some(detection_template)) = (
            median_waveform(&signals.measured_uv, &centres, before, after),
            median_waveform(&signals.detection_uv, &centres, before, after),
        ) else {
            continue;
        };
        for &centre in &centres {
            let lag = best_lag(&detection, &detection_template, centre, before, max_lag);
            let first = centre as isize + lag - before as isize;
            subtract(&mut measured, &measured_template, first);
            subtract(&mut detection, &detection_template, first);
            peeled_s.push((centre as isize + lag) as f64 / rate);
        }
        let (first, last) = (centres[0], centres[centres.len() - 1]);
        span = Some(span.map_or((first, last), |(start, end)| (start.min(first), end.max(last))));
    }
    let Some((start, end)) = span else { return };
    peeled_s.sort_by(f64::total_cmp);
    let shape_half = signals.samples_in(TRAIN_SHAPE_HALF_MS);
    let threshold = SPONTANEOUS_THRESHOLD_IN_NOISE * signals.noise_uv;
    let medians: Vec<Option<TrainShape>> =
        trains.iter().map(|train| TrainShape::of(train, potentials, shape_half)).collect();
    // Potentials not peeled (in no train, or in a train of another class) are still in the
    // residual: a spike there is that potential, already counted.
    let mut unpeeled: Vec<f64> = potentials
        .iter()
        .map(|(potential, _)| potential.time_s)
        .filter(|time_s| !near(&peeled_s, *time_s, LEFTOVER_MS / 1000.0))
        .collect();
    unpeeled.sort_by(f64::total_cmp);
    let shape_half_s = shape_half as f64 / rate;
    for event in detect_events_in(&detection, signals, start..end + 1) {
        if event.detection_peak_uv < threshold {
            continue;
        }
        // Within its train's span, neither what was left of a peeled potential nor a potential
        // not peeled, and outside half the train's interval of its potentials.
        let admissible = |train_idx: usize, time_s: f64| {
            let train = &trains[train_idx];
            let (Some(&first), Some(&last), Some(median)) =
                (train.members.first(), train.members.last(), medians[train_idx].as_ref())
            else {
                return false;
            };
            let refractory_s = HIDDEN_MIN_SHARE_OF_INTERVAL * median.interval_s;
            (potentials[first].0.time_s..=potentials[last].0.time_s).contains(&time_s)
                && !near(&peeled_s, time_s, LEFTOVER_MS / 1000.0)
                && !near(&unpeeled, time_s, shape_half_s)
                && !train.members.iter().any(|&member| (potentials[member].0.time_s - time_s).abs() < refractory_s)
        };
        let Some((train_idx, time_s, shape)) =
            matching_train(signals, &measured, event.sample_idx, trains, &medians, admissible)
        else {
            continue;
        };
        let median = medians[train_idx].as_ref().expect("only trains with a median spike match");
        join_train(potentials, &mut trains[train_idx], median, time_s, shape);
        let at = unpeeled.partition_point(|&other| other < time_s);
        unpeeled.insert(at, time_s);
    }
}

/// The median, sample by sample, of `signal` from `before` samples ahead of each of `centres`
/// to `after` samples past it (`None` where no centre has the whole window).
fn median_waveform(signal: &[f32], centres: &[usize], before: usize, after: usize) -> Option<Vec<f32>> {
    let windows: Vec<&[f32]> = centres
        .iter()
        .filter_map(|&centre| signal.get(centre.checked_sub(before)?..=centre + after))
        .filter(|window| window.iter().all(|value| value.is_finite()))
        .collect();
    (!windows.is_empty()).then(|| {
        (0..=before + after)
            .map(|idx| median(&windows.iter().map(|window| window[idx]).collect::<Vec<f32>>()) as f32)
            .collect()
    })
}

/// The lag within ±`max_lag` samples at which `template` (its timing point `before` samples
/// in) fits `signal` around `centre` best, by the squared error over the spike.
fn best_lag(signal: &[f32], template: &[f32], centre: usize, before: usize, max_lag: isize) -> isize {
    let core = before / 3;
    (-max_lag..=max_lag)
        .min_by(|&first, &second| {
            let error = |lag: isize| -> f64 {
                (before - core..=before + core)
                    .filter_map(|idx| {
                        let at = (centre as isize + lag + idx as isize - before as isize).try_into().ok()?;
                        let value: &f32 = signal.get::<usize>(at)?;
                        value.is_finite().then(|| f64::from(value - template[idx]).powi(2))
                    })
                    .sum()
            };
            error(first).total_cmp(&error(second))
        })
        .unwrap_or(0)
}

/// Subtracts `template` from `signal` starting at sample `first` (parts outside are skipped).
fn subtract(signal: &mut [f32], template: &[f32], first: isize) {
    for (idx, value) in template.iter().enumerate() {
        let Ok(at) = usize::try_from(first + idx as isize) else { continue };
        if let Some(sample) = signal.get_mut(at) {
            *sample -= value;
        }
    }
}
