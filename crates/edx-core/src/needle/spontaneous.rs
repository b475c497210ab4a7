//! Spontaneous activity at rest (domain.md §4.1): fibrillation potentials, positive sharp waves,
//! fasciculation potentials, end-plate spikes, and myotonic and complex repetitive discharges,
//! with counts, rates and regularity per train and a suggested 0–4+ grade whose rule is stated.

use super::detect::{Event, Signals};
use super::muap::{measure_single_potential, MuapMeasures};
use crate::dsp::stats::extent;

/// What a spontaneous potential is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum SpontaneousClass {
    /// A brief (under 5 ms) spike with an initial positive phase: a single denervated fibre.
    Fibrillation,
    /// A sharp positive deflection with a long, shallow negative phase: the same meaning.
    PositiveSharpWave,
    /// A motor-unit-like potential firing on its own, irregularly (domain.md §4.1): alone, or
    /// in a train whose intervals vary.
    Fasciculation,
    /// A brief spike with an initial negative phase, from the end-plate zone: normal.
    EndPlateSpike,
    /// None of the above; also each potential of a myotonic or complex repetitive discharge
    /// (the discharge is named in [`SpontaneousActivity::repetitive`]) and a motor-unit-like
    /// potential firing regularly at rest.
    Unclassified,
}

impl SpontaneousClass {
    /// The words a report prints for this class, e.g. "fibrillation potential".
    pub fn label(self) -> &'static str {
        match self {
            SpontaneousClass::Fibrillation => "fibrillation potential",
            SpontaneousClass::PositiveSharpWave => "positive sharp wave",
            SpontaneousClass::Fasciculation => "fasciculation potential",
            SpontaneousClass::EndPlateSpike => "end-plate spike",
            SpontaneousClass::Unclassified => "unclassified potential",
        }
    }
}

/// One spontaneous potential.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SpontaneousPotential {
    /// Time of its alignment point, s.
    pub time_s: f64,
    /// Its class, from its shape and, in a train, from the class most of the train's potentials
    /// have.
    pub class: SpontaneousClass,
    /// Peak-to-peak amplitude, µV.
    pub amplitude_uv: f64,
    /// Duration, ms.
    pub duration_ms: f64,
    /// Index of its train in [`SpontaneousActivity::trains`], if it belongs to one.
    pub train_idx: Option<usize>,
}

/// A train: potentials of one shape firing repeatedly.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SpontaneousTrain {
    /// The class most of its potentials have; unclassified for a repetitive discharge's and for
    /// a motor unit firing regularly at rest.
    pub class: SpontaneousClass,
    /// Potentials in the train.
    pub n_potentials: usize,
    /// One over the mean interval, Hz: intervals spanning a missed potential are left out,
    /// except in a fasciculating unit's train, whose intervals are random.
    pub firing_rate_hz: f64,
    /// Coefficient of variation of those intervals: under [`REGULAR_CV`] counts as regular.
    pub interval_cv: f64,
    /// Time of its first potential, s.
    pub start_s: f64,
    /// Time of its last potential, s.
    pub end_s: f64,
}

/// A repetitive discharge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum RepetitiveKind {
    /// 20–80 Hz with amplitude and frequency waxing and waning (AANEM glossary, domain.md §4.1,
    /// secondary source).
    Myotonic,
    /// A complex potential repeating at a near-constant 5–150 Hz (WashU, domain.md §4.1).
    ComplexRepetitive,
}

impl RepetitiveKind {
    /// The words a report prints for this discharge, e.g. "myotonic discharge".
    pub fn label(self) -> &'static str {
        match self {
            RepetitiveKind::Myotonic => "myotonic discharge",
            RepetitiveKind::ComplexRepetitive => "complex repetitive discharge",
        }
    }
}

/// A repetitive discharge found in a train.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RepetitiveDischarge {
    /// Myotonic or complex repetitive.
    pub kind: RepetitiveKind,
    /// Time of its first potential, s.
    pub start_s: f64,
    /// Time of its last potential, s.
    pub end_s: f64,
    /// One over the mean interval, intervals spanning a missed potential left out, Hz.
    pub rate_hz: f64,
}

/// The suggested 0–4+ grade of fibrillation potentials and positive sharp waves.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SpontaneousGrade {
    /// The grade, 0 to 4 (reports print 1+ to 4+).
    pub grade: u8,
    /// The rule used, in words: AANEM's grading text was not retrieved (domain.md §4.1), so this
    /// single-recording rule is edxview's own and says so.
    pub rule: String,
    /// Fibrillation potentials and positive sharp waves per second of rest.
    pub potentials_per_s: f64,
    /// Trains of fibrillation potentials or positive sharp waves.
    pub n_trains: usize,
}

/// Spontaneous activity found at rest.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct SpontaneousActivity {
    /// Every classified potential.
    pub potentials: Vec<SpontaneousPotential>,
    /// Trains of like potentials.
    pub trains: Vec<SpontaneousTrain>,
    /// Myotonic and complex repetitive discharges.
    pub repetitive: Vec<RepetitiveDischarge>,
    /// The suggested grade, when there was rest to grade.
    pub grade: Option<SpontaneousGrade>,
    /// Seconds of rest examined.
    pub rest_s: f64,
}

/// The grade's rule as reports print it. The common 0–4+ convention grades how many needle
/// positions show fibrillation potentials and positive sharp waves (domain.md §4.1, unverified)
/// and AANEM's grading text was not retrieved, so this rule for one recording, and each of its
/// numbers (`GRADE_*`), is edxview's own.
const GRADE_RULE: &str = "edxview's single-recording rule (not AANEM's text, which was not retrieved): 0 none; 1+ one train or under 1 potential/s; 2+ two or three trains or 1–5/s; 3+ four or more trains or 5–20/s; 4+ over 20/s (the baseline nearly filled). The clinical grade also weighs how many needle positions show them.";
/// Grade 4+ above this many fibrillation potentials and positive sharp waves per second of rest:
/// the convention's "abundant, nearly filling the baseline" (edxview's own, `GRADE_RULE`).
const GRADE_4_ABOVE_PER_S: f64 = 20.0;
/// Grade 3+ above this many per second (edxview's own, `GRADE_RULE`)...
const GRADE_3_ABOVE_PER_S: f64 = 5.0;
/// ...or with at least this many trains (edxview's own, `GRADE_RULE`).
const GRADE_3_MIN_TRAINS: usize = 4;
/// Grade 2+ from this many per second (edxview's own, `GRADE_RULE`)...
const GRADE_2_MIN_PER_S: f64 = 1.0;
/// ...or with at least this many trains (edxview's own, `GRADE_RULE`); fewer potentials are 1+.
const GRADE_2_MIN_TRAINS: usize = 2;
/// Fibrillation potentials last under 5 ms (domain.md §4.3, from its sources in §4.1: the
/// anaesthesia-text figure gives 0.5–2 ms); a potential at least this long that is not a
/// positive sharp wave is motor-unit-like, ms.
pub(super) const FIBRILLATION_MAX_MS: f64 = 5.0;
/// A motor-unit-like potential (at least `FIBRILLATION_MAX_MS` long) is a fasciculation potential
/// only from this peak-to-peak amplitude, µV; smaller ones stay unclassified. No source gives a
/// lower bound, so this is edxview's own: the motor unit and fasciculation potentials the sources
/// report near a concentric needle measure hundreds of µV (tibialis anterior units 661.5 ± 92 µV,
/// domain.md §4.2; its fasciculation potentials in ALS 560.6 ± 366.9 µV, §4.1), and 100 µV
/// leaves out only long, low potentials no source calls one.
pub(super) const MOTOR_UNIT_MIN_UV: f64 = 100.0;
/// A positive sharp wave lasts at least this long, ms. The sources give 5–150 ms (anaesthesia-text
/// figure, domain.md §4.1, secondary) and 5–20 ms for a myotonic discharge's positive waves (AANEM
/// glossary, §4.1, secondary); the bound is edxview's own, 1 ms under their 5 ms, because the
/// wave's long, shallow negative phase is measured on a single potential, where it fades into the
/// noise before its true end.
const POSITIVE_WAVE_MIN_MS: f64 = 4.0;
/// A positive sharp wave's largest positive deviation from the baseline is at least this many
/// times its largest negative one: "an initial positive sharp deflection followed by a long slow
/// negative phase" (domain.md §4.1, §4.3), where a fibrillation potential's or an end-plate
/// spike's main phase is negative. The definition gives no ratio: edxview's own, between the two
/// shapes' ratios (in the simulator about 4 for a positive sharp wave, under 1 for a fibrillation
/// potential).
const POSITIVE_WAVE_MIN_POSITIVE_TO_NEGATIVE: f64 = 1.5;
/// A brief potential's first phase is its earliest deflection from the baseline larger than its
/// peak-to-peak amplitude divided by this (a third), within `SPIKE_MS` before its main negative
/// peak: positive, it is a fibrillation potential; negative, an end-plate spike (initial
/// positive against initial negative, domain.md §4.3). The fraction is edxview's own: large
/// enough that noise on the baseline is no phase, small enough that a fibrillation potential's
/// initial positive phase counts (in the simulator about 0.4 of its amplitude).
const FIRST_PHASE_AMPLITUDE_DIVISOR: f64 = 3.0;
/// The classifier's span of a spike, ms: a potential's shape is judged from two of these before
/// its alignment point to four after (6 ms before to 12 ms after, room for a positive sharp
/// wave's slow negative phase), and its first phase sought within one before it (edxview's own).
pub(super) const SPIKE_MS: f64 = 3.0;
/// Potentials at rest count only above this many noise levels. Detection uses 4 (EMGLAB), which
/// in Gaussian noise crosses by chance about once per 16 000 samples: a few false
/// "fibrillations" a second at 20 kHz. At 6 the chance is about 2 in a billion samples, so a
/// potential reported at rest is a potential. Real fibrillation potentials (20–1000 µV,
/// domain.md §4.1) stand far above a quiet needle's few µV.
pub(super) const SPONTANEOUS_THRESHOLD_IN_NOISE: f64 = 6.0;
/// Potentials whose spikes correlate above this (at the best lag) have one shape (edxview's own).
const SAME_SHAPE_CORRELATION: f64 = 0.8;
/// ...and whose spikes' peak-to-peak amplitudes are within this ratio (edxview's own).
const SAME_SHAPE_AMPLITUDE_RATIO: f64 = 0.7;
/// Half-width of the spike compared between potentials of a train, around its main peak, ms: a
/// wider cut would hold neighbouring potentials (edxview's own).
const TRAIN_SHAPE_HALF_MS: f64 = 1.5;
/// Spikes of a train are compared at the best lag within this, ms: a fibrillation spike lasts a
/// few samples (edxview's own).
const TRAIN_SHAPE_MAX_LAG_MS: f64 = 0.2;
/// Trains need at least this many potentials: two intervals, the fewest that show a rate and how
/// it varies (edxview's own).
const MIN_TRAIN: usize = 3;
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
/// Fewest intervals of a train that is judged a myotonic or complex repetitive discharge: ten
/// potentials, enough to see a rate hold steady or wax and wane (edxview's own).
pub(super) const MIN_REPETITIVE_INTERVALS: usize = 9;
/// Fewest intervals over which a motor-unit-like train at rest is judged regular, so not
/// fasciculating: two or three intervals of random firing are alike often enough by chance
/// (edxview's own choice).
const MIN_INTERVALS_FOR_REGULARITY: usize = 4;
/// Rates of a complex repetitive discharge, Hz (WashU Neuromuscular, domain.md §4.1).
pub(super) const COMPLEX_REPETITIVE_RATES_HZ: std::ops::RangeInclusive<f64> = 5.0..=150.0;
/// Largest interval variation of a complex repetitive discharge: its rate is "near-constant"
/// (WashU, domain.md §4.1), steadier than any voluntary unit's; the number is edxview's own.
pub(super) const COMPLEX_REPETITIVE_MAX_CV: f64 = 0.05;
/// Largest amplitude range (over the mean) of a complex repetitive discharge's potentials:
/// "uniform frequency, shape and amplitude" (glossary, domain.md §4.1); the number is
/// edxview's own.
const COMPLEX_REPETITIVE_MAX_AMPLITUDE_RANGE: f64 = 0.3;
/// Mean rates of a myotonic discharge, Hz (AANEM glossary, domain.md §4.1, secondary source).
pub(super) const MYOTONIC_RATES_HZ: std::ops::RangeInclusive<f64> = 20.0..=80.0;
/// A myotonic discharge's rate and amplitude must each wax and wane by at least this share of
/// their mean, after smoothing over `WAXING_SMOOTHING` potentials so that noise does not count
/// (the glossary gives no number; edxview's own choice).
const MYOTONIC_MIN_WAXING: f64 = 0.3;
/// Potentials over which a train's rate and amplitude are smoothed before waxing is judged.
const WAXING_SMOOTHING: usize = 5;
/// A potential joins a train by resembling the mean of its latest this many members, so a train
/// whose amplitude waxes and wanes (a myotonic discharge) stays one train.
const TRACKED_MEMBERS: usize = 8;

/// Half the window a spontaneous potential is measured in, ms.
const WINDOW_HALF_MS: f64 = 12.5;

/// A potential above the spontaneous threshold, measured once.
pub(super) struct MeasuredPotential<'a> {
    /// The detection it was found by.
    pub event: &'a Event,
    /// The measured signal ±[`WINDOW_HALF_MS`] around the event.
    pub window: &'a [f32],
    /// Its amplitude, duration and duration markers.
    pub measures: MuapMeasures,
    /// Its class from its shape alone (its train, if it joins one, may change it).
    pub class: SpontaneousClass,
}

/// The potentials among `events` (in time order) above the spontaneous threshold, each
/// measured and classified. One potential can raise several peaks (a positive sharp wave's
/// long negative phase): events inside a potential already measured are part of it.
pub(super) fn measured_potentials<'a>(signals: &'a Signals, events: &'a [Event]) -> Vec<MeasuredPotential<'a>> {
    let rate = signals.sampling_rate_hz;
    let half = signals.samples_in(WINDOW_HALF_MS);
    let spike = signals.samples_in(SPIKE_MS);
    let threshold = SPONTANEOUS_THRESHOLD_IN_NOISE * signals.noise_uv;
    let measured = &signals.measured_uv;
    let mut potentials = Vec::new();
    let mut busy_until = 0usize;
    for event in events.iter().filter(|event| event.detection_peak_uv >= threshold) {
        if event.sample_idx < busy_until {
            continue;
        }
        let Some(window) =
            event.sample_idx.checked_sub(half).and_then(|start| measured.get(start..=event.sample_idx + half))
        else {
            continue;
        };
        if window.iter().any(|value| !value.is_finite()) {
            continue;
        }
        let Some(measures) = measure_single_potential(window, rate, half) else { continue };
        busy_until = event.sample_idx + (measures.end_ms.max(0.0) * rate / 1000.0).round() as usize + 1;
        let class = classify(window, half, spike, measures.duration_ms, measures.amplitude_uv);
        potentials.push(MeasuredPotential { event, window, measures, class });
    }
    potentials
}

/// Classifies the potentials found in rest stretches (`events` inside them) and groups trains.
pub fn analyse_rest(signals: &Signals, events: &[Event], rest_s: f64) -> SpontaneousActivity {
    let rate = signals.sampling_rate_hz;
    let half = signals.samples_in(WINDOW_HALF_MS);
    // Trains are told apart by the spike itself: a wider cut would hold neighbouring potentials.
    let shape_half = signals.samples_in(TRAIN_SHAPE_HALF_MS);
    let mut potentials: Vec<(SpontaneousPotential, Vec<f32>)> = Vec::new();
    for MeasuredPotential { event, window, measures, class } in measured_potentials(signals, events) {
        // A motor-unit-like potential is timed and compared at its main negative peak, and a
        // positive sharp wave at its positive peak: which of their phases the detection aligns
        // on varies from discharge to discharge.
        let to_sample = |time_ms: f64| (half as f64 + time_ms * rate / 1000.0).round().max(0.0) as usize;
        let centre = match class {
            SpontaneousClass::Fasciculation => (to_sample(measures.start_ms).max(shape_half)
                ..=to_sample(measures.end_ms).min(window.len() - 1 - shape_half))
                .min_by(|&first, &second| window[first].total_cmp(&window[second]))
                .unwrap_or(half),
            SpontaneousClass::PositiveSharpWave => (half - shape_half..=half + shape_half)
                .max_by(|&first, &second| window[first].total_cmp(&window[second]))
                .unwrap_or(half),
            _ => half,
        };
        let time_s = (event.sample_idx + centre - half) as f64 / rate;
        // Two of its phases timed at one main peak are one potential.
        if potentials.last().is_some_and(|(last, _)| time_s - last.time_s < shape_half as f64 / rate) {
            continue;
        }
        let shape = window[centre - shape_half..=centre + shape_half].to_vec();
        potentials.push((
            SpontaneousPotential {
                time_s,
                class,
                amplitude_uv: measures.amplitude_uv,
                duration_ms: measures.duration_ms,
                train_idx: None,
            },
            shape,
        ));
    }

    // Trains: potentials of one class and shape, greedily grouped; a fibrillation spike lasts a
    // few samples, so shapes are compared at the best lag within 0.2 ms.
    let max_lag = signals.samples_in(TRAIN_SHAPE_MAX_LAG_MS);
    // Each potential joins the train whose latest members' mean shape it resembles most,
    // whatever its own class: a fibrillation potential overlapping a neighbour's slow phase can
    // measure long enough to look motor-unit-like, and its train tells what it is.
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
            Some((group, _)) => group.add(potential_idx, shape, &potentials),
            None => groups.push(Train::new(potential_idx, shape)),
        }
    }
    let mut trains = Vec::new();
    let mut repetitive = Vec::new();
    for Train { members, .. } in groups.into_iter().filter(|group| group.members.len() >= MIN_TRAIN) {
        let class = most_common_class(members.iter().map(|&idx| potentials[idx].0.class));
        for &idx in &members {
            potentials[idx].0.class = class;
        }
        let times: Vec<f64> = members.iter().map(|&idx| potentials[idx].0.time_s).collect();
        let all_intervals: Vec<f64> = times.windows(2).map(|pair| pair[1] - pair[0]).collect();
        // A missed potential doubles an interval of a steady train; random firing has no
        // steady interval to miss, so a fasciculating unit's intervals are taken as they are.
        let intervals = if class == SpontaneousClass::Fasciculation {
            all_intervals.clone()
        } else {
            steady_intervals(&all_intervals)
        };
        let (mean, cv) = mean_and_cv(&intervals);
        let train_idx = trains.len();
        for &idx in &members {
            potentials[idx].0.train_idx = Some(train_idx);
        }
        let amplitudes: Vec<f64> = members.iter().map(|&idx| potentials[idx].0.amplitude_uv).collect();
        let kind =
            repetitive_kind(class, (mean, cv), &all_intervals, &amplitudes, potentials[members[0]].0.duration_ms);
        if let Some(kind) = kind {
            repetitive.push(RepetitiveDischarge {
                kind,
                start_s: times[0],
                end_s: times[times.len() - 1],
                rate_hz: 1.0 / mean,
            });
        }
        // A fasciculation fires irregularly (domain.md §4.1): motor-unit-like potentials
        // repeating regularly at rest, and the potentials of a repetitive discharge, are not
        // named one by one.
        let regular_motor_unit = class == SpontaneousClass::Fasciculation
            && intervals.len() >= MIN_INTERVALS_FOR_REGULARITY
            && cv < REGULAR_CV;
        let class = if kind.is_some() || regular_motor_unit {
            for &idx in &members {
                potentials[idx].0.class = SpontaneousClass::Unclassified;
            }
            SpontaneousClass::Unclassified
        } else {
            class
        };
        trains.push(SpontaneousTrain {
            class,
            n_potentials: members.len(),
            firing_rate_hz: 1.0 / mean,
            interval_cv: cv,
            start_s: times[0],
            end_s: times[times.len() - 1],
        });
    }
    // Potentials inside a repetitive discharge that joined no train of their own are its
    // potentials too, misshapen where they overlap one another.
    for (potential, _) in potentials.iter_mut().filter(|(potential, _)| potential.train_idx.is_none()) {
        if repetitive.iter().any(|discharge| (discharge.start_s..=discharge.end_s).contains(&potential.time_s)) {
            potential.class = SpontaneousClass::Unclassified;
        }
    }
    let potentials: Vec<SpontaneousPotential> = potentials.into_iter().map(|(potential, _)| potential).collect();
    let grade = (rest_s > 0.0).then(|| grade(&potentials, &trains, rest_s));
    SpontaneousActivity { potentials, trains, repetitive, grade, rest_s }
}

/// The class of one potential from its shape around the alignment point (`half`); `spike` is
/// `SPIKE_MS` in samples.
pub(super) fn classify(
    window: &[f32],
    half: usize,
    spike: usize,
    duration_ms: f64,
    amplitude_uv: f64,
) -> SpontaneousClass {
    let around = &window[half.saturating_sub(2 * spike)..(half + 4 * spike).min(window.len())];
    let baseline = f64::from(window[0] + window[window.len() - 1]) / 2.0;
    let highest = around.iter().map(|&value| f64::from(value) - baseline).fold(0.0, f64::max);
    let lowest = around.iter().map(|&value| f64::from(value) - baseline).fold(0.0, f64::min);
    if highest >= POSITIVE_WAVE_MIN_POSITIVE_TO_NEGATIVE * lowest.abs() && duration_ms >= POSITIVE_WAVE_MIN_MS {
        return SpontaneousClass::PositiveSharpWave;
    }
    if duration_ms >= FIBRILLATION_MAX_MS {
        return if amplitude_uv >= MOTOR_UNIT_MIN_UV {
            SpontaneousClass::Fasciculation
        } else {
            SpontaneousClass::Unclassified
        };
    }
    // The first phase: the earliest deflection beyond a third of the peak-to-peak amplitude
    // before the main negative peak.
    let third = amplitude_uv / FIRST_PHASE_AMPLITUDE_DIVISOR;
    let first_phase = window[half.saturating_sub(spike)..=half]
        .iter()
        .map(|&value| f64::from(value) - baseline)
        .find(|deviation| deviation.abs() > third);
    match first_phase {
        Some(deviation) if deviation > 0.0 => SpontaneousClass::Fibrillation,
        Some(_) => SpontaneousClass::EndPlateSpike,
        None => SpontaneousClass::Unclassified,
    }
}

/// Intervals of a train without those that span a potential missed by detection (longer than
/// `MISSED_POTENTIAL_INTERVAL_RATIO` times the median): a missed potential doubles an interval
/// and would make a regular train look irregular.
pub(super) fn steady_intervals(intervals: &[f64]) -> Vec<f64> {
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
fn most_common_class(classes: impl Iterator<Item = SpontaneousClass>) -> SpontaneousClass {
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
struct Train {
    members: Vec<usize>,
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
fn mean_and_cv(intervals: &[f64]) -> (f64, f64) {
    let mean = intervals.iter().sum::<f64>() / intervals.len() as f64;
    let cv = (intervals.iter().map(|interval| (interval - mean).powi(2)).sum::<f64>() / intervals.len() as f64).sqrt()
        / mean;
    (mean, cv)
}

/// Myotonic or complex repetitive discharge, from a train's steady interval (mean, CV), all its
/// intervals and its amplitudes in time order, and its first potential's duration.
fn repetitive_kind(
    class: SpontaneousClass,
    (mean_interval_s, cv): (f64, f64),
    all_intervals: &[f64],
    amplitudes: &[f64],
    duration_ms: f64,
) -> Option<RepetitiveKind> {
    if all_intervals.len() < MIN_REPETITIVE_INTERVALS {
        return None;
    }
    let rate_hz = 1.0 / mean_interval_s;
    let complex = duration_ms >= FIBRILLATION_MAX_MS && class != SpontaneousClass::PositiveSharpWave;
    if complex
        && COMPLEX_REPETITIVE_RATES_HZ.contains(&rate_hz)
        && cv < COMPLEX_REPETITIVE_MAX_CV
        && range(amplitudes) < COMPLEX_REPETITIVE_MAX_AMPLITUDE_RANGE
    {
        return Some(RepetitiveKind::ComplexRepetitive);
    }
    let rates: Vec<f64> = all_intervals.iter().map(|interval| 1.0 / interval).collect();
    let mean_rate_hz = all_intervals.len() as f64 / all_intervals.iter().sum::<f64>();
    if MYOTONIC_RATES_HZ.contains(&mean_rate_hz)
        && range(&smoothed(&rates)) >= MYOTONIC_MIN_WAXING
        && range(&smoothed(amplitudes)) >= MYOTONIC_MIN_WAXING
    {
        return Some(RepetitiveKind::Myotonic);
    }
    None
}

/// Highest minus lowest over the mean.
fn range(values: &[f64]) -> f64 {
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (values.iter().copied().fold(f64::NEG_INFINITY, f64::max) - values.iter().copied().fold(f64::INFINITY, f64::min))
        / mean
}

/// Moving means over `WAXING_SMOOTHING` consecutive values.
fn smoothed(values: &[f64]) -> Vec<f64> {
    values.windows(WAXING_SMOOTHING.min(values.len())).map(|run| run.iter().sum::<f64>() / run.len() as f64).collect()
}

/// The suggested grade of the potentials and trains found in `rest_s` seconds of rest, by
/// `GRADE_RULE`.
fn grade(potentials: &[SpontaneousPotential], trains: &[SpontaneousTrain], rest_s: f64) -> SpontaneousGrade {
    let is_denervation =
        |class: SpontaneousClass| matches!(class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave);
    let count = potentials.iter().filter(|potential| is_denervation(potential.class)).count();
    let n_trains = trains.iter().filter(|train| is_denervation(train.class)).count();
    let potentials_per_s = count as f64 / rest_s;
    let grade = if count == 0 {
        0
    } else if potentials_per_s > GRADE_4_ABOVE_PER_S {
        4
    } else if n_trains >= GRADE_3_MIN_TRAINS || potentials_per_s > GRADE_3_ABOVE_PER_S {
        3
    } else if n_trains >= GRADE_2_MIN_TRAINS || potentials_per_s >= GRADE_2_MIN_PER_S {
        2
    } else {
        1
    };
    SpontaneousGrade { grade, rule: GRADE_RULE.to_string(), potentials_per_s, n_trains }
}

/// The largest correlation of `second` shifted against `first` by up to `max_lag` samples.
pub(super) fn best_correlation(first: &[f32], second: &[f32], max_lag: usize) -> f64 {
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
pub(super) fn amplitude_ratio(first: &[f32], second: &[f32]) -> f64 {
    let span = |values: &[f32]| {
        let (lowest, highest) = extent(values);
        f64::from(highest - lowest)
    };
    let (a, b) = (span(first), span(second));
    a.min(b) / a.max(b).max(f64::MIN_POSITIVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grade_rule_printed_states_the_numbers_the_grade_uses() {
        for stated in [
            format!("under {GRADE_2_MIN_PER_S} potential/s"),
            format!("{GRADE_2_MIN_PER_S}–{GRADE_3_ABOVE_PER_S}/s"),
            format!("{GRADE_3_ABOVE_PER_S}–{GRADE_4_ABOVE_PER_S}/s"),
            format!("over {GRADE_4_ABOVE_PER_S}/s"),
        ] {
            assert!(GRADE_RULE.contains(&stated), "{stated:?} not in {GRADE_RULE:?}");
        }
        assert_eq!(
            (GRADE_2_MIN_TRAINS, GRADE_3_MIN_TRAINS),
            (2, 4),
            "the rule says \"two or three\", \"four or more\""
        );
    }
}
