//! Spontaneous activity at rest (domain.md §4.1): fibrillation potentials, positive sharp waves,
//! fasciculation potentials, end-plate spikes, and myotonic and complex repetitive discharges,
//! with counts, rates and regularity per train and a suggested 0–4+ grade whose rule is stated.
//!
//! [`analyse_rest`] runs the steps in order:
//!
//! 1. `classify`: potentials above the spontaneous threshold are measured and classified by
//!    shape, and each is timed at the peak its class aligns on.
//! 2. `trains`: potentials of one shape are gathered into trains, whose potentials take the
//!    class most of them have, with a rate and a regularity.
//! 3. `hidden`: detected spikes that became no potential of their own, hidden in a neighbour's
//!    at 3+ and 4+, join the fibrillation or positive sharp wave train whose shape they have.
//! 4. `rhythm`: potentials in no train that fall on a regular fibrillation or positive sharp
//!    wave train's rhythm with its spike (measured otherwise where they overlapped) join it.
//! 5. `repetitive`: a long, steady or waxing and waning train is a complex repetitive or a
//!    myotonic discharge, whose potentials are not named one by one.
//! 6. `overlap`: a lone fasciculation potential no larger than the fibrillation potentials
//!    beside it, with one inside it, is their overlap, and is left unclassified.
//! 7. `grade`: fibrillation potentials and positive sharp waves per second of rest, and their
//!    trains, give the suggested grade.

mod classify;
mod grade;
mod hidden;
mod overlap;
mod peel;
mod repetitive;
mod rhythm;
mod trains;

pub(super) use classify::{
    classify, classify_template, measured_potentials, FIBRILLATION_MAX_MS, MOTOR_UNIT_MIN_UV, SPIKE_MS,
    SPONTANEOUS_THRESHOLD_IN_NOISE,
};
pub(super) use repetitive::{
    COMPLEX_REPETITIVE_MAX_CV, COMPLEX_REPETITIVE_RATES_HZ, MIN_REPETITIVE_INTERVALS, MYOTONIC_RATES_HZ,
};
pub use trains::REGULAR_CV;
pub(super) use trains::{amplitude_ratio, best_correlation, steady_intervals};

use super::detect::{Event, Signals};
use classify::{template_class, timed_potentials};
use grade::grade;
use hidden::{complete_trains, OpenTrain};
use overlap::{unclassify_fibrillation_sized_trains, unclassify_overlaps};
use peel::complete_after_peeling;
use repetitive::repetitive_kind;
use rhythm::join_on_rhythm;
use trains::{gather_trains, mean_and_cv, most_common_class, Train, MIN_INTERVALS_FOR_REGULARITY, MIN_TRAIN};

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
    /// Whether it is a motor unit firing semi-regularly at a voluntary rate (recorded pointing
    /// up, its potentials each passing for positive sharp waves): effort the segmentation
    /// missed, which the analysis reads again as voluntary.
    pub voluntary_unit: bool,
}

impl SpontaneousTrain {
    /// Whether its intervals vary less than [`REGULAR_CV`]: fibrillation potentials and positive
    /// sharp waves fire regularly, fasciculations randomly.
    pub fn is_regular(&self) -> bool {
        self.interval_cv < REGULAR_CV
    }
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

impl SpontaneousGrade {
    /// The grade as reports print it: `0` for none, otherwise `1+` to `4+` (the plus of the
    /// semi-quantitative scale).
    pub fn label(&self) -> String {
        if self.grade == 0 {
            "0".to_string()
        } else {
            format!("{}+", self.grade)
        }
    }
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

/// Interval variation of a unit under voluntary control: semi-regular, less steady than a
/// fibrillation potential's or positive sharp wave's regular train (edxview's own: the
/// simulators' regular spontaneous trains vary by 2–5 %, their units by 10–20 % and up to 0.53
/// in the fibre model; the first unit of an effort in a whole-study demo, firing alone pointing
/// up, varied by 0.49, and an upper bound of 0.35 left it read as positive sharp waves at rest;
/// 0.55 changed neither the tuned nor the blind set). Irregular spontaneous trains vary as much,
/// so the rule also asks for a motor unit's phases in the train's median.
const SEMI_REGULAR_CV: std::ops::RangeInclusive<f64> = 0.1..=0.55;
/// The lowest voluntary firing rate, Hz (4–5 Hz, domain.md §4.2, secondary source).
const VOLUNTARY_MIN_RATE_HZ: f64 = 4.0;

/// Classifies the potentials found in rest stretches (`events` inside them) and groups trains.
pub fn analyse_rest(signals: &Signals, events: &[Event], rest_s: f64) -> SpontaneousActivity {
    let mut potentials = timed_potentials(signals, events);
    let groups = gather_trains(signals, &potentials);
    // The median of a train's potentials shows its shape free of the overlaps that make dense
    // fibrillation potentials and positive sharp waves look long; where it shows neither, the
    // train takes the class most of its potentials have.
    let (mut open, by_templates): (Vec<OpenTrain>, Vec<Option<SpontaneousClass>>) = groups
        .into_iter()
        .filter(|group| group.members.len() >= MIN_TRAIN)
        .map(|Train { members, .. }| {
            let times: Vec<f64> = members.iter().map(|&idx| potentials[idx].0.time_s).collect();
            let by_template = template_class(signals, &times);
            let class = by_template
                .filter(|class| matches!(class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave))
                .unwrap_or_else(|| most_common_class(members.iter().map(|&idx| potentials[idx].0.class)));
            (OpenTrain { class, members }, by_template)
        })
        .unzip();
    complete_trains(signals, events, &mut potentials, &mut open);
    // Two spikes within a millisecond are common only where the baseline is nearly filled.
    let denervation = potentials
        .iter()
        .filter(|(potential, _)| {
            matches!(potential.class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave)
        })
        .count();
    if rest_s > 0.0 && denervation as f64 / rest_s > overlap::DENSE_PER_S {
        complete_after_peeling(signals, &mut potentials, &mut open);
    }
    join_on_rhythm(signals, &mut potentials, &mut open);
    let mut trains = Vec::new();
    let mut repetitive = Vec::new();
    for (OpenTrain { class, members }, by_template) in open.into_iter().zip(by_templates) {
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
        let regular = intervals.len() >= MIN_INTERVALS_FOR_REGULARITY && cv < REGULAR_CV;
        // Potentials that each pass for positive sharp waves, whose median has a motor unit's
        // phases and which fire semi-regularly at a voluntary rate, are a motor unit recorded
        // pointing up (a lone unit at the onset of effort): not named one by one.
        let pointing_up_unit = class == SpontaneousClass::PositiveSharpWave
            && by_template == Some(SpontaneousClass::Fasciculation)
            && intervals.len() >= MIN_INTERVALS_FOR_REGULARITY
            && SEMI_REGULAR_CV.contains(&cv)
            && 1.0 / mean >= VOLUNTARY_MIN_RATE_HZ;
        // End-plate spikes fire irregularly (domain.md §4.3, Partanen): brief spikes firing
        // regularly are a fibrillation train whose initial positive phase is small or, in a
        // recording of reversed polarity, negative.
        let class =
            if class == SpontaneousClass::EndPlateSpike && regular { SpontaneousClass::Fibrillation } else { class };
        for &idx in &members {
            potentials[idx].0.class = class;
        }
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
        let regular_motor_unit = class == SpontaneousClass::Fasciculation && regular;
        // Nor do they fire at a voluntary rate: one fasciculation may take 90 s to appear
        // (domain.md §4.1), and a train of motor-unit-like potentials at rest at 4 Hz or more is
        // a unit not relaxed, or overlapping positive sharp waves measured long.
        let fast_motor_unit = class == SpontaneousClass::Fasciculation && 1.0 / mean >= VOLUNTARY_MIN_RATE_HZ;
        let class = if kind.is_some() || regular_motor_unit || fast_motor_unit || pointing_up_unit {
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
            voluntary_unit: pointing_up_unit,
        });
    }
    // Potentials inside a repetitive discharge that joined no train of their own are its
    // potentials too, misshapen where they overlap one another.
    for (potential, _) in potentials.iter_mut().filter(|(potential, _)| potential.train_idx.is_none()) {
        if repetitive.iter().any(|discharge| (discharge.start_s..=discharge.end_s).contains(&potential.time_s)) {
            potential.class = SpontaneousClass::Unclassified;
        }
    }
    let mut potentials: Vec<SpontaneousPotential> = potentials.into_iter().map(|(potential, _)| potential).collect();
    potentials.sort_by(|first, second| first.time_s.total_cmp(&second.time_s));
    unclassify_overlaps(&mut potentials, rest_s);
    unclassify_fibrillation_sized_trains(&mut potentials, &mut trains);
    let grade = (rest_s > 0.0).then(|| grade(&potentials, &trains, rest_s));
    SpontaneousActivity { potentials, trains, repetitive, grade, rest_s }
}
