//! Single potentials at rest: those standing above the spontaneous threshold, each measured once
//! and classified by its shape (domain.md §4.1, §4.3) as a fibrillation potential (brief, initial
//! positive phase), an end-plate spike (brief, initial negative), a positive sharp wave (sharp
//! positive deflection, long shallow negative phase) or a motor-unit-like fasciculation
//! potential; and the time each is aligned at.

use super::trains::TRAIN_SHAPE_HALF_MS;
use super::{SpontaneousClass, SpontaneousPotential};
use crate::needle::detect::{Event, Signals};
use crate::needle::muap::{measure_single_potential, MuapMeasures};

/// Fibrillation potentials last under 5 ms (domain.md §4.3, from its sources in §4.1: the
/// anaesthesia-text figure gives 0.5–2 ms); a potential at least this long that is not a
/// positive sharp wave is motor-unit-like, ms.
pub(in crate::needle) const FIBRILLATION_MAX_MS: f64 = 5.0;
/// A motor-unit-like potential (at least `FIBRILLATION_MAX_MS` long) is a fasciculation potential
/// only from this peak-to-peak amplitude, µV; smaller ones stay unclassified. No source gives a
/// lower bound, so this is edxview's own: the motor unit and fasciculation potentials the sources
/// report near a concentric needle measure hundreds of µV (tibialis anterior units 661.5 ± 92 µV,
/// domain.md §4.2; its fasciculation potentials in ALS 560.6 ± 366.9 µV, §4.1), and 100 µV
/// leaves out only long, low potentials no source calls one.
pub(in crate::needle) const MOTOR_UNIT_MIN_UV: f64 = 100.0;
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
/// ...and it has two phases, the positive deflection and the negative one (the same
/// description). A motor unit potential recorded with its main phase positive can be as lopsided
/// (up to 2 in the fibre simulator) but has three or more: an initial phase, the main spike and
/// an after-phase. Phases are counted on templates only (a train's or a unit's median): on a
/// single potential at rest, noise and overlapping potentials add crossings (in the simulated
/// neurogenic muscles, requiring two phases there lost a tenth of the positive sharp waves).
const POSITIVE_WAVE_MAX_PHASES: usize = 2;
/// Fibrillation potentials and positive sharp waves are smaller than this, µV: "typically under
/// 1 mV" (Kraft, domain.md §4.3; the anaesthesia-text figure gives positive sharp waves
/// 100–400 µV, §4.1). A template this large of either shape is a motor unit's. Single potentials
/// are not held to it: an overlap can add a neighbour's amplitude to theirs.
const DENERVATION_MAX_UV: f64 = 1000.0;
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
pub(in crate::needle) const SPIKE_MS: f64 = 3.0;
/// Potentials at rest count only above this many noise levels. Detection uses 4 (EMGLAB), which
/// in Gaussian noise crosses by chance about once per 16 000 samples: a few false
/// "fibrillations" a second at 20 kHz. At 6 the chance is about 2 in a billion samples, so a
/// potential reported at rest is a potential. Real fibrillation potentials (20–1000 µV,
/// domain.md §4.1) stand far above a quiet needle's few µV.
pub(in crate::needle) const SPONTANEOUS_THRESHOLD_IN_NOISE: f64 = 6.0;

/// Half the window a spontaneous potential is measured in, ms.
const WINDOW_HALF_MS: f64 = 12.5;
/// A train's class is read from the median of its potentials when it has at least this many
/// (edxview's own: with five, two overlapped potentials cannot move the median).
const TEMPLATE_MIN_POTENTIALS: usize = 5;
/// A train's template reaches at most this share of its median interval either side of each
/// potential, so that a fast train's own neighbours stay out of it (edxview's own: under half;
/// without it the simulated myotonic discharges gained 17 false fasciculation potentials).
const TEMPLATE_MAX_SHARE_OF_INTERVAL: f64 = 0.45;
/// Each potential of a train is aligned on its largest peak of the train's polarity within this
/// of its time, ms (edxview's own: the peaks of one spike).
const TEMPLATE_ALIGN_MS: f64 = 1.0;

/// A potential above the spontaneous threshold, measured once.
pub(in crate::needle) struct MeasuredPotential<'a> {
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
pub(in crate::needle) fn measured_potentials<'a>(
    signals: &'a Signals,
    events: &'a [Event],
) -> Vec<MeasuredPotential<'a>> {
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
        let class = classify(window, half, spike, &measures);
        potentials.push(MeasuredPotential { event, window, measures, class });
    }
    potentials
}

/// The potentials at rest in time order, each timed at the peak its class aligns on and with its
/// spike cut ±`TRAIN_SHAPE_HALF_MS` around that peak, for trains to be told apart by.
pub(super) fn timed_potentials(signals: &Signals, events: &[Event]) -> Vec<(SpontaneousPotential, Vec<f32>)> {
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
    potentials
}

/// The class of one potential from its shape around the alignment point (`half`) and its
/// measures; `spike` is `SPIKE_MS` in samples.
pub(in crate::needle) fn classify(
    window: &[f32],
    half: usize,
    spike: usize,
    measures: &MuapMeasures,
) -> SpontaneousClass {
    let MuapMeasures { duration_ms, amplitude_uv, .. } = *measures;
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

/// The class of a train from the median of its potentials (at `times_s`, in order), each cut
/// around its largest peak of the train's polarity: overlapping neighbours, which lengthen single
/// potentials at dense rest, fall out of the median, as they do from a motor unit's template. The
/// cut is ±[`WINDOW_HALF_MS`], or less than half the train's median interval, so that a fast
/// train's own neighbours stay out. `None` with fewer than [`TEMPLATE_MIN_POTENTIALS`] potentials
/// or a template that cannot be measured.
pub(super) fn template_class(signals: &Signals, times_s: &[f64]) -> Option<SpontaneousClass> {
    if times_s.len() < TEMPLATE_MIN_POTENTIALS {
        return None;
    }
    let rate = signals.sampling_rate_hz;
    let measured = &signals.measured_uv;
    let mut intervals_s: Vec<f32> = times_s.windows(2).map(|pair| (pair[1] - pair[0]) as f32).collect();
    intervals_s.sort_by(f32::total_cmp);
    let median_interval_ms = 1000.0 * f64::from(intervals_s[intervals_s.len() / 2]);
    let half = signals.samples_in(WINDOW_HALF_MS.min(TEMPLATE_MAX_SHARE_OF_INTERVAL * median_interval_ms));
    let reach = signals.samples_in(TEMPLATE_ALIGN_MS);
    let extreme = |centre: usize, sign: f32| {
        (centre.saturating_sub(reach)..(centre + reach + 1).min(measured.len()))
            .max_by(|&first, &second| (sign * measured[first]).total_cmp(&(sign * measured[second])))
    };
    let centres: Vec<usize> = times_s.iter().map(|&time_s| (time_s * rate).round() as usize).collect();
    // The train's polarity: the sign of most of its potentials' largest excursions.
    let positive = centres
        .iter()
        .filter_map(|&centre| {
            let high = extreme(centre, 1.0)?;
            let low = extreme(centre, -1.0)?;
            Some(measured[high].abs() > measured[low].abs())
        })
        .filter(|&is_positive| is_positive)
        .count();
    let sign = if 2 * positive > centres.len() { 1.0 } else { -1.0 };
    let windows: Vec<&[f32]> = centres
        .iter()
        .filter_map(|&centre| {
            let peak = extreme(centre, sign)?;
            measured.get(peak.checked_sub(half)?..=peak + half)
        })
        .filter(|window| window.iter().all(|value| value.is_finite()))
        .collect();
    if windows.len() < TEMPLATE_MIN_POTENTIALS {
        return None;
    }
    let mut column = vec![0.0f32; windows.len()];
    let template: Vec<f32> = (0..=2 * half)
        .map(|idx| {
            for (value, window) in column.iter_mut().zip(&windows) {
                *value = window[idx];
            }
            crate::dsp::stats::median(&column) as f32
        })
        .collect();
    let measures = measure_single_potential(&template, rate, half)?;
    Some(classify_template(&template, half, signals.samples_in(SPIKE_MS), &measures))
}

/// The class of a template (the median of a train's or a unit's potentials): as [`classify`],
/// but a template is clean enough for its phases and amplitude to count. A lopsided positive
/// potential of more than [`POSITIVE_WAVE_MAX_PHASES`] phases is a motor unit's recorded with its main
/// phase positive, and a fibrillation-shaped or positive sharp wave-shaped one of
/// [`DENERVATION_MAX_UV`] or more is a motor unit's too: motor-unit-like, as a fasciculation
/// potential is (or unclassified when small).
pub(in crate::needle) fn classify_template(
    template: &[f32],
    alignment_idx: usize,
    spike: usize,
    measures: &MuapMeasures,
) -> SpontaneousClass {
    match classify(template, alignment_idx, spike, measures) {
        SpontaneousClass::Fibrillation if measures.amplitude_uv >= DENERVATION_MAX_UV => {
            SpontaneousClass::Fasciculation
        }
        SpontaneousClass::PositiveSharpWave
            if measures.phases > POSITIVE_WAVE_MAX_PHASES || measures.amplitude_uv >= DENERVATION_MAX_UV =>
        {
            if measures.amplitude_uv >= MOTOR_UNIT_MIN_UV {
                SpontaneousClass::Fasciculation
            } else {
                SpontaneousClass::Unclassified
            }
        }
        class => class,
    }
}
