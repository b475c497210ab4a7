//! Voluntary activity told from dense spontaneous activity by what its potentials are. The
//! segmentation counts long, large potentials recurring with one shape as voluntary; dense
//! fibrillation potentials and positive sharp waves at rest (3+ and 4+, "nearly filling the
//! baseline", domain.md §4.1) overlap so often that single potentials measure long and recur,
//! and the decomposition then finds "units" in them. A unit's template is the median of its
//! aligned discharges, free of the overlaps, so its shape is read there ([`unit_nature`]): a
//! unit whose template is a fibrillation potential or a positive sharp wave is a spontaneous
//! train, not a motor unit, and a voluntary window holding its discharges and no plain motor
//! unit's is rest.

use super::decompose::MotorUnit;
use super::segments::{joined, windows_of, ActivityKind, ActivitySegment, SegmentBasis, WINDOW_S};
use super::spontaneous::{classify_template, SpontaneousClass, COMPLEX_REPETITIVE_MAX_CV, SPIKE_MS};

/// A decomposed unit firing this steadily (coefficient of variation of its steady intervals) is
/// a spontaneous train, not a unit under voluntary control: fibrillation potentials and positive
/// sharp waves mostly fire regularly and a complex repetitive discharge at a near-constant rate
/// (domain.md §4.1), while voluntary firing varies more. The number is edxview's own, the same as
/// a complex repetitive discharge's: the units of both simulators fired with coefficients of
/// 0.09 to 0.53, their regular fibrillation trains with 0.02 to 0.05.
const SPONTANEOUS_MAX_CV: f64 = COMPLEX_REPETITIVE_MAX_CV;
/// ...over at least this many discharges (edxview's own: a few intervals are alike by chance).
const SPONTANEOUS_MIN_DISCHARGES: usize = 10;

/// A motor unit potential is plainly one, not a fibrillation potential lengthened by the
/// neighbours its template absorbed, from this duration, ms. Edxview's own for every muscle,
/// borrowed from the lower limit of normal in tibialis anterior (9.35 ± 0.93 ms, domain.md §4.2:
/// the mean less two deviations is 7.5 ms), the only muscle with a reference here.
const PLAIN_MOTOR_UNIT_MIN_MS: f64 = 7.5;
/// ...or from this amplitude, µV: fibrillation potentials and positive sharp waves are
/// "typically under 1 mV" (Kraft, domain.md §4.3).
const PLAIN_MOTOR_UNIT_MIN_UV: f64 = 1000.0;

/// Voluntary windows turned into rest with voluntary activity on both sides must together last
/// this long, s (edxview's own: a pause in effort shorter than this is not where spontaneous
/// activity is graded, and in a healthy muscle recorded at 4 kHz a single window between
/// efforts held three brief unit potentials that would have been read as fibrillation).
const MIN_REST_BETWEEN_EFFORT_S: f64 = 1.0;

/// A small plain motor unit whose steady intervals vary more than this, firing mostly where no
/// other plain motor unit fires, is spontaneous trains after all ([`settle`]). Edxview's own,
/// measured: the units of the tuned simulator fired with coefficients up to 0.47 (nine in ten
/// under 0.27), those of the fibre simulator up to 0.53 (nine in ten under 0.38), but among
/// other units; the blends of fibrillation trains the decomposition took for units at dense
/// rest fired alone with 0.38–0.89 (0.4 left the one at 0.38 a unit, and two recordings' rest
/// voluntary).
const IRREGULAR_CV: f64 = 0.35;

/// What a decomposed unit is, from its template and its firing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitNature {
    /// A train of fibrillation potentials or positive sharp waves, or one firing as steadily as
    /// only spontaneous trains do.
    Spontaneous(SpontaneousClass),
    /// Plainly a motor unit: long ([`PLAIN_MOTOR_UNIT_MIN_MS`]), large
    /// ([`PLAIN_MOTOR_UNIT_MIN_UV`]) or polyphasic (more than four phases, domain.md §4.2).
    MotorUnit,
    /// Neither for certain: a brief, small, simple potential that is not a fibrillation
    /// potential's shape (a small unit near the needle, or several fibrillation trains blended in
    /// one template). Its firing place decides: with motor units it is one, alone at rest it is not.
    Uncertain,
}

/// What `unit` is: a spontaneous train when its template is a fibrillation potential (under
/// 5 ms, domain.md §4.3, not polyphasic, initial positive phase) or a positive sharp wave (the
/// classifier's shape tests, as at rest), or when it fires as steadily as only spontaneous trains
/// do; plainly a motor unit when long, large or polyphasic (a short unit of a myopathy is
/// polyphasic, §4.2); otherwise uncertain.
pub fn unit_nature(unit: &MotorUnit, sampling_rate_hz: f64) -> UnitNature {
    let Some(measures) = unit.measures else { return UnitNature::Uncertain };
    let spike = (SPIKE_MS * sampling_rate_hz / 1000.0).round() as usize;
    let class = classify_template(&unit.template_uv, unit.alignment_idx, spike, &measures);
    let steady = unit.discharge_times_s.len() >= SPONTANEOUS_MIN_DISCHARGES
        && unit.interval_cv.is_some_and(|cv| cv < SPONTANEOUS_MAX_CV);
    let polyphasic = measures.is_polyphasic();
    match class {
        SpontaneousClass::PositiveSharpWave => UnitNature::Spontaneous(class),
        // `classify` names fibrillation potentials under 5 ms only (domain.md §4.3).
        SpontaneousClass::Fibrillation if !polyphasic => UnitNature::Spontaneous(class),
        _ if steady => UnitNature::Spontaneous(SpontaneousClass::Unclassified),
        _ if polyphasic
            || measures.duration_ms >= PLAIN_MOTOR_UNIT_MIN_MS
            || measures.amplitude_uv >= PLAIN_MOTOR_UNIT_MIN_UV =>
        {
            UnitNature::MotorUnit
        }
        _ => UnitNature::Uncertain,
    }
}

/// The segments and units once spontaneous activity is told from voluntary: `decomposed` (the
/// units of the voluntary stretches of `segments`) as judged in `natures` ([`unit_nature`], one
/// each, in order), and the windows
/// that spontaneous trains fill become rest ([`rest_where_only_spontaneous`]). Units firing mostly where voluntary
/// activity remains are kept, uncertain and fibrillation-shaped ones too (a narrow band makes a
/// unit's potential brief: a healthy muscle recorded at 4 kHz has such units); plain motor units
/// always are.
pub fn settle(
    segments: &[ActivitySegment],
    decomposed: Vec<MotorUnit>,
    natures: &[UnitNature],
) -> (Vec<ActivitySegment>, Vec<MotorUnit>) {
    let mut natures = natures.to_vec();
    for idx in lone_irregular_units(&decomposed, &natures) {
        natures[idx] = UnitNature::Spontaneous(SpontaneousClass::Unclassified);
    }
    let discharges_of = |wanted: &dyn Fn(UnitNature) -> bool| -> Vec<f64> {
        decomposed
            .iter()
            .zip(&natures)
            .filter(|(_, &nature)| wanted(nature))
            .flat_map(|(unit, _)| unit.discharge_times_s.iter().copied())
            .collect()
    };
    let motor_s = discharges_of(&|nature| nature == UnitNature::MotorUnit);
    let spontaneous_s = discharges_of(&|nature| matches!(nature, UnitNature::Spontaneous(_)));
    let segments = rest_where_only_spontaneous(segments, &spontaneous_s, &motor_s);
    let voluntary: Vec<(f64, f64)> = segments
        .iter()
        .filter(|segment| segment.kind == ActivityKind::Voluntary)
        .map(|segment| (segment.start_s, segment.end_s))
        .collect();
    let mostly_voluntary = |unit: &MotorUnit| {
        let within = unit
            .discharge_times_s
            .iter()
            .filter(|&&time_s| voluntary.iter().any(|&(start_s, end_s)| time_s >= start_s && time_s < end_s));
        2 * within.count() > unit.discharge_times_s.len()
    };
    let units = decomposed
        .into_iter()
        .zip(natures)
        .filter(|(unit, nature)| *nature == UnitNature::MotorUnit || mostly_voluntary(unit))
        .map(|(unit, _)| unit)
        .collect();
    (segments, units)
}

/// The plain motor units (by position) that are small, fire irregularly and fire mostly where no
/// other plain motor unit that is not so fires: several fibrillation trains of one shape that
/// the decomposition gathered under one blended template, long and polyphasic. A unit under
/// voluntary control firing on its own (at the onset of effort) fires semi-regularly, and an
/// irregular small one fires among others as effort grows.
fn lone_irregular_units(units: &[MotorUnit], natures: &[UnitNature]) -> Vec<usize> {
    let irregular_small = |unit: &MotorUnit| {
        unit.interval_cv.is_some_and(|cv| cv > IRREGULAR_CV)
            && unit.measures.is_some_and(|measures| measures.amplitude_uv < PLAIN_MOTOR_UNIT_MIN_UV)
    };
    let window_of = |time_s: f64| (time_s / WINDOW_S) as usize;
    let trusted_windows: std::collections::HashSet<usize> = units
        .iter()
        .zip(natures)
        .filter(|(unit, &nature)| nature == UnitNature::MotorUnit && !irregular_small(unit))
        .flat_map(|(unit, _)| unit.discharge_times_s.iter().map(|&time_s| window_of(time_s)))
        .collect();
    units
        .iter()
        .zip(natures)
        .enumerate()
        .filter(|(_, (unit, &nature))| nature == UnitNature::MotorUnit && irregular_small(unit))
        .filter(|(_, (unit, _))| {
            let among_others =
                unit.discharge_times_s.iter().filter(|&&time_s| trusted_windows.contains(&window_of(time_s))).count();
            2 * among_others < unit.discharge_times_s.len()
        })
        .map(|(idx, _)| idx)
        .collect()
}

/// The segments with each voluntary window (of the segmentation's grid) that holds discharges
/// of spontaneous trains (`spontaneous_s`, times in s) and none of a plain motor unit
/// (`motor_s`) turned into rest, and so are the windows holding neither between such rest
/// (nothing there was voluntary either).
pub fn rest_where_only_spontaneous(
    segments: &[ActivitySegment],
    spontaneous_s: &[f64],
    motor_s: &[f64],
) -> Vec<ActivitySegment> {
    #[derive(Clone, Copy, PartialEq)]
    enum Holds {
        Spontaneous,
        Motor,
        Neither,
    }
    let sorted = |times: &[f64]| {
        let mut sorted = times.to_vec();
        sorted.sort_by(f64::total_cmp);
        sorted
    };
    let (motor_s, spontaneous_s) = (sorted(motor_s), sorted(spontaneous_s));
    // Whether a discharge falls in [start_s, end_s), in times sorted once.
    let any_in = |times: &[f64], start_s: f64, end_s: f64| {
        times.get(times.partition_point(|&time_s| time_s < start_s)).is_some_and(|&time_s| time_s < end_s)
    };
    let mut pieces: Vec<(ActivitySegment, Option<Holds>)> = Vec::new();
    for segment in segments {
        if segment.kind != ActivityKind::Voluntary {
            pieces.push((*segment, None));
            continue;
        }
        pieces.extend(windows_of(segment).map(|piece| {
            let holds = if any_in(&motor_s, piece.start_s, piece.end_s) {
                Holds::Motor
            } else if any_in(&spontaneous_s, piece.start_s, piece.end_s) {
                Holds::Spontaneous
            } else {
                Holds::Neither
            };
            (piece, Some(holds))
        }));
    }
    // Runs of windows holding neither take rest when what bounds them on both sides is rest or
    // spontaneous-only windows.
    let is_rest_like = |piece: Option<&(ActivitySegment, Option<Holds>)>| match piece {
        None => true,
        Some((segment, holds)) => *holds == Some(Holds::Spontaneous) || segment.kind == ActivityKind::Rest,
    };
    let mut idx = 0;
    let mut kinds: Vec<ActivityKind> = pieces
        .iter()
        .map(|(segment, holds)| if *holds == Some(Holds::Spontaneous) { ActivityKind::Rest } else { segment.kind })
        .collect();
    while idx < pieces.len() {
        if pieces[idx].1 != Some(Holds::Neither) {
            idx += 1;
            continue;
        }
        let start = idx;
        while idx < pieces.len() && pieces[idx].1 == Some(Holds::Neither) {
            idx += 1;
        }
        if is_rest_like(start.checked_sub(1).and_then(|before| pieces.get(before))) && is_rest_like(pieces.get(idx)) {
            kinds[start..idx].fill(ActivityKind::Rest);
        }
    }
    // A short pause between voluntary windows is not rest: an isolated window in which only an
    // uncertain or fibrillation-shaped unit happened to fire stays voluntary.
    let mut idx = 0;
    while idx < pieces.len() {
        let turned = |idx: usize| pieces[idx].0.kind == ActivityKind::Voluntary && kinds[idx] == ActivityKind::Rest;
        if !turned(idx) {
            idx += 1;
            continue;
        }
        let start = idx;
        while idx < pieces.len() && turned(idx) {
            idx += 1;
        }
        let length_s = pieces[idx - 1].0.end_s - pieces[start].0.start_s;
        let voluntary_at =
            |position: Option<usize>| position.is_some_and(|position| kinds[position] == ActivityKind::Voluntary);
        if length_s < MIN_REST_BETWEEN_EFFORT_S
            && voluntary_at(start.checked_sub(1))
            && voluntary_at(Some(idx).filter(|&after| after < pieces.len()))
        {
            kinds[start..idx].fill(ActivityKind::Voluntary);
        }
    }
    joined(pieces.into_iter().zip(kinds).map(|((segment, _), kind)| {
        let basis = if kind == segment.kind { segment.basis } else { SegmentBasis::SpontaneousTrainsOnly };
        ActivitySegment { kind, basis, ..segment }
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stretch(kind: ActivityKind, start_s: f64, end_s: f64) -> ActivitySegment {
        let basis = match kind {
            ActivityKind::Voluntary => SegmentBasis::RecurringMotorUnits,
            _ => SegmentBasis::SpontaneousTrainsOnly,
        };
        ActivitySegment { kind, basis, start_s, end_s }
    }

    #[test]
    fn windows_filled_only_by_spontaneous_trains_are_rest_and_motor_unit_windows_stay_voluntary() {
        use ActivityKind::{Rest, Voluntary};
        let segments = [stretch(Voluntary, 0.0, 2.0), stretch(Rest, 2.0, 3.0), stretch(Voluntary, 3.0, 4.0)];
        // Fibrillation "units" fire over 0–1.1 s; a motor unit from 1.5 s; 1.25–1.5 s holds
        // nothing but lies between spontaneous windows and motor ones, so it stays voluntary.
        let spontaneous: Vec<f64> = (0..11).map(|idx| 0.1 * idx as f64 + 0.05).collect();
        let motor: Vec<f64> = (0..5).map(|idx| 1.55 + 0.1 * idx as f64).chain([3.1, 3.6]).collect();
        assert_eq!(
            rest_where_only_spontaneous(&segments, &spontaneous, &motor),
            vec![
                stretch(Rest, 0.0, 1.25),
                stretch(Voluntary, 1.25, 2.0),
                stretch(Rest, 2.0, 3.0),
                stretch(Voluntary, 3.0, 4.0)
            ]
        );
    }

    #[test]
    fn a_voluntary_stretch_of_spontaneous_trains_alone_becomes_rest_whole() {
        use ActivityKind::{Rest, Voluntary};
        let segments = [stretch(Rest, 0.0, 0.5), stretch(Voluntary, 0.5, 2.0), stretch(Rest, 2.0, 3.0)];
        let spontaneous = [0.6, 0.9, 1.9];
        assert_eq!(rest_where_only_spontaneous(&segments, &spontaneous, &[]), vec![stretch(Rest, 0.0, 3.0)]);
    }
}
