//! Potentials of a train hidden in a neighbour's. At 3+ and 4+ (the baseline "nearly filled",
//! domain.md §4.1) fibrillation potentials and positive sharp waves overlap: a spike riding on
//! another potential's slow phase is measured as part of it, and only the first is counted. An
//! electromyographer still hears each train through the overlaps; here a detected spike that
//! became no potential of its own joins the fibrillation or positive sharp wave train whose
//! median spike it has, unless that train already fired too recently for it.

use super::classify::SPONTANEOUS_THRESHOLD_IN_NOISE;
use super::trains::{amplitude_ratio, best_correlation, TRAIN_SHAPE_HALF_MS};
use super::{SpontaneousClass, SpontaneousPotential};
use crate::dsp::stats::{extent, median};
use crate::needle::detect::{Event, Signals};

/// A hidden spike joins a train when it correlates with the train's median spike above this
/// (edxview's own: stricter than the 0.8 that gathers trains, because a spike cut from an
/// overlap is compared with one train among many).
const HIDDEN_MIN_CORRELATION: f64 = 0.9;
/// ...and its peak-to-peak amplitude is within this ratio of the median spike's (edxview's own,
/// as trains are gathered).
const HIDDEN_MIN_AMPLITUDE_RATIO: f64 = 0.7;
/// ...and the train fired no potential within this share of its median interval either side
/// (edxview's own: a train firing at its rate cannot fire twice within half an interval, and
/// an irregular train's intervals seldom fall so short).
pub(super) const HIDDEN_MIN_SHARE_OF_INTERVAL: f64 = 0.5;
/// Spikes are compared at the best lag within this, ms (as trains are gathered).
const HIDDEN_MAX_LAG_MS: f64 = 0.2;

/// A train of fibrillation potentials or positive sharp waves as it is being completed: its
/// class, its members (indices into the potentials, in time order) and its median spike.
pub(super) struct OpenTrain {
    /// Fibrillation or positive sharp wave.
    pub class: SpontaneousClass,
    /// Indices of its potentials, in time order.
    pub members: Vec<usize>,
}

/// Adds to `trains` (and to `potentials`) the detected spikes among `events` that became no
/// potential and have a train's shape. Trains of other classes are left as they are.
pub(super) fn complete_trains(
    signals: &Signals,
    events: &[Event],
    potentials: &mut Vec<(SpontaneousPotential, Vec<f32>)>,
    trains: &mut [OpenTrain],
) {
    let shape_half = signals.samples_in(TRAIN_SHAPE_HALF_MS);
    let threshold = SPONTANEOUS_THRESHOLD_IN_NOISE * signals.noise_uv;
    let medians: Vec<Option<TrainShape>> =
        trains.iter().map(|train| TrainShape::of(train, potentials, shape_half)).collect();
    let mut taken: Vec<f64> = potentials.iter().map(|(potential, _)| potential.time_s).collect();
    taken.sort_by(f64::total_cmp);
    let shape_half_s = shape_half as f64 / signals.sampling_rate_hz;
    for event in events.iter().filter(|event| event.detection_peak_uv >= threshold) {
        let admissible = |_: usize, time_s: f64| !near(&taken, time_s, shape_half_s);
        let Some((train_idx, time_s, shape)) =
            matching_train(signals, &signals.measured_uv, event.sample_idx, trains, &medians, admissible)
        else {
            continue;
        };
        let median = medians[train_idx].as_ref().expect("only trains with a median spike match");
        let train = &mut trains[train_idx];
        let refractory_s = HIDDEN_MIN_SHARE_OF_INTERVAL * median.interval_s;
        if train.members.iter().any(|&member| (potentials[member].0.time_s - time_s).abs() < refractory_s) {
            continue;
        }
        join_train(potentials, train, median, time_s, shape);
        let at = taken.partition_point(|&other| other < time_s);
        taken.insert(at, time_s);
    }
}

/// The fibrillation or positive sharp wave train among `trains` (with their median shapes
/// `medians`) whose median spike the spike detected at `sample_idx` of `measured` has
/// (correlation from [`HIDDEN_MIN_CORRELATION`] at a lag up to [`HIDDEN_MAX_LAG_MS`], amplitude
/// within [`HIDDEN_MIN_AMPLITUDE_RATIO`]), the best of those `admissible` allows given the
/// train's index and the spike's time: the train, the spike's time and its shape.
pub(super) fn matching_train(
    signals: &Signals,
    measured: &[f32],
    sample_idx: usize,
    trains: &[OpenTrain],
    medians: &[Option<TrainShape>],
    admissible: impl Fn(usize, f64) -> bool,
) -> Option<(usize, f64, Vec<f32>)> {
    let shape_half = signals.samples_in(TRAIN_SHAPE_HALF_MS);
    let max_lag = signals.samples_in(HIDDEN_MAX_LAG_MS);
    trains
        .iter()
        .zip(medians)
        .enumerate()
        .filter_map(|(train_idx, (train, median))| {
            let median = median.as_ref()?;
            let centre = spike_centre(measured, sample_idx, shape_half, train.class)?;
            let time_s = centre as f64 / signals.sampling_rate_hz;
            if !admissible(train_idx, time_s) {
                return None;
            }
            let shape = measured.get(centre.checked_sub(shape_half)?..=centre + shape_half)?;
            if !shape.iter().all(|value| value.is_finite())
                || amplitude_ratio(&median.spike, shape) < HIDDEN_MIN_AMPLITUDE_RATIO
            {
                return None;
            }
            let similarity = best_correlation(&median.spike, shape, max_lag);
            (similarity >= HIDDEN_MIN_CORRELATION).then_some((train_idx, similarity, time_s, shape))
        })
        .max_by(|first, second| first.1.total_cmp(&second.1))
        .map(|(train_idx, _, time_s, shape)| (train_idx, time_s, shape.to_vec()))
}

/// Adds a potential of `shape` at `time_s` to `train` (of median shape `median`) and to
/// `potentials`.
pub(super) fn join_train(
    potentials: &mut Vec<(SpontaneousPotential, Vec<f32>)>,
    train: &mut OpenTrain,
    median: &TrainShape,
    time_s: f64,
    shape: Vec<f32>,
) {
    let (lowest, highest) = extent(&shape);
    let potential = SpontaneousPotential {
        time_s,
        class: train.class,
        amplitude_uv: f64::from(highest - lowest),
        duration_ms: median.duration_ms,
        train_idx: None,
    };
    potentials.push((potential, shape));
    let new_idx = potentials.len() - 1;
    let at = train.members.partition_point(|&member| potentials[member].0.time_s < time_s);
    train.members.insert(at, new_idx);
}

/// Whether a time in `sorted_s` lies within `reach_s` of `time_s`.
pub(super) fn near(sorted_s: &[f64], time_s: f64, reach_s: f64) -> bool {
    let at = sorted_s.partition_point(|&other| other < time_s - reach_s);
    sorted_s.get(at).is_some_and(|&other| other <= time_s + reach_s)
}

/// The median spike, interval and duration of a train's potentials.
pub(super) struct TrainShape {
    /// The median spike, [`TRAIN_SHAPE_HALF_MS`] either side of its timing point, µV.
    pub spike: Vec<f32>,
    /// The median interval between its potentials, s.
    pub interval_s: f64,
    /// The median duration of its potentials, ms.
    pub duration_ms: f64,
}

impl TrainShape {
    /// The shape of `train` (a fibrillation or positive sharp wave train of two potentials or
    /// more; `None` otherwise).
    pub fn of(
        train: &OpenTrain,
        potentials: &[(SpontaneousPotential, Vec<f32>)],
        shape_half: usize,
    ) -> Option<TrainShape> {
        if !matches!(train.class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave)
            || train.members.len() < 2
        {
            return None;
        }
        let shapes: Vec<&[f32]> = train.members.iter().map(|&member| potentials[member].1.as_slice()).collect();
        let spike: Vec<f32> = (0..=2 * shape_half)
            .map(|idx| {
                let column: Vec<f32> = shapes.iter().filter_map(|shape| shape.get(idx).copied()).collect();
                median(&column) as f32
            })
            .collect();
        let times: Vec<f64> = train.members.iter().map(|&member| potentials[member].0.time_s).collect();
        let intervals: Vec<f32> = times.windows(2).map(|pair| (pair[1] - pair[0]) as f32).collect();
        let durations: Vec<f32> = train.members.iter().map(|&member| potentials[member].0.duration_ms as f32).collect();
        Some(TrainShape { spike, interval_s: median(&intervals), duration_ms: median(&durations) })
    }
}

/// Where a spike detected at `sample_idx` is cut for comparison with a train of `class`, as the
/// train's own potentials were timed: a positive sharp wave at its positive peak, a
/// fibrillation potential at the detection's negative peak.
fn spike_centre(measured: &[f32], sample_idx: usize, shape_half: usize, class: SpontaneousClass) -> Option<usize> {
    match class {
        SpontaneousClass::PositiveSharpWave => (sample_idx.checked_sub(shape_half)?..=sample_idx + shape_half)
            .filter(|&idx| idx < measured.len())
            .max_by(|&first, &second| measured[first].total_cmp(&measured[second])),
        _ => Some(sample_idx),
    }
}

#[cfg(test)]
mod tests {
    use crate::needle::detect::{detect_events, Signals};
    use crate::needle::spontaneous::{analyse_rest, SpontaneousClass};
    use crate::synth::fibre_needle::blind_set::{fibrillation_waveform, positive_sharp_wave_waveform};
    use crate::synth::fibre_needle::Waveform;
    use crate::synth::Random;

    const RATE_HZ: f64 = 20_000.0;

    fn add(samples: &mut [f32], waveform: &Waveform, at_s: f64) {
        let first = ((at_s - 0.03) * RATE_HZ).max(0.0) as usize;
        let last = (((at_s + 0.03) * RATE_HZ) as usize).min(samples.len());
        for (idx, sample) in samples.iter_mut().enumerate().take(last).skip(first) {
            *sample += waveform.value_uv((idx as f64 / RATE_HZ - at_s) * 1000.0) as f32;
        }
    }

    #[test]
    fn a_fibrillation_train_riding_on_positive_sharp_waves_is_found_whole() {
        let duration_s = 4.0;
        let mut random = Random::new(3);
        let fibrillation = fibrillation_waveform(&mut random);
        let positive_wave = positive_sharp_wave_waveform(&mut random);
        let mut samples: Vec<f32> =
            (0..(RATE_HZ * duration_s) as usize).map(|_| random.normal(0.0, 5.0) as f32).collect();
        // A fibrillation train at 10 Hz; every fourth potential 3 ms after a positive sharp
        // wave's peak, on its slow negative phase.
        let fibrillation_times: Vec<f64> = (0..39).map(|k| 0.05 + 0.1 * f64::from(k)).collect();
        for (k, &time_s) in fibrillation_times.iter().enumerate() {
            add(&mut samples, &fibrillation, time_s);
            if k % 4 == 0 {
                add(&mut samples, &positive_wave, time_s - 0.003);
            }
        }
        let signals = Signals::of(&samples, RATE_HZ);
        let events = detect_events(&signals, 0..samples.len());
        let activity = analyse_rest(&signals, &events, duration_s);
        let missed: Vec<f64> = fibrillation_times
            .iter()
            .copied()
            .filter(|&time_s| {
                !activity.potentials.iter().any(|potential| {
                    potential.class == SpontaneousClass::Fibrillation && (potential.time_s - time_s).abs() < 0.001
                })
            })
            .collect();
        assert!(missed.is_empty(), "fibrillation potentials missed at {missed:?}");
        let train = activity.trains.iter().find(|train| train.class == SpontaneousClass::Fibrillation);
        assert!(
            train.is_some_and(|train| train.n_potentials == 39 && (train.firing_rate_hz - 10.0).abs() < 0.1),
            "{:?}",
            activity.trains
        );
    }
}
