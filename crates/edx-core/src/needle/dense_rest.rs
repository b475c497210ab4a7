//! Voluntary activity told from dense spontaneous activity by what its potentials are. The
//! segmentation counts long, large potentials recurring with one shape as voluntary; dense
//! fibrillation potentials and positive sharp waves at rest (3+ and 4+, "nearly filling the
//! baseline", domain.md §4.1) overlap so often that single potentials measure long and recur,
//! and the decomposition then finds "units" in them. A unit's template is the median of its
//! aligned discharges, free of the overlaps, so its shape is read there: a unit whose template
//! is a fibrillation potential or a positive sharp wave is a spontaneous train, not a motor
//! unit, and a voluntary window holding its discharges and no motor unit's is rest.

use super::decompose::MotorUnit;
use super::muap::POLYPHASIC_ABOVE_PHASES;
use super::segments::{ActivityKind, ActivitySegment, WINDOW_S};
use super::spontaneous::{classify_template, SpontaneousClass, COMPLEX_REPETITIVE_MAX_CV, FIBRILLATION_MAX_MS, SPIKE_MS};

/// A decomposed unit firing this steadily (coefficient of variation of its steady intervals) is
/// a spontaneous train, not a unit under voluntary control: fibrillation potentials and positive
/// sharp waves mostly fire regularly and a complex repetitive discharge at a near-constant rate
/// (domain.md §4.1), while voluntary firing varies more. The number is edxview's own, the same as
/// a complex repetitive discharge's: the units of both simulators fired with coefficients of
/// 0.09 to 0.5, their regular fibrillation trains with 0.02 to 0.05.
const SPONTANEOUS_MAX_CV: f64 = COMPLEX_REPETITIVE_MAX_CV;
/// ...over at least this many discharges (edxview's own: a few intervals are alike by chance).
const SPONTANEOUS_MIN_DISCHARGES: usize = 10;

/// Why a decomposed unit is a spontaneous train rather than a motor unit: its template is a
/// fibrillation potential (under 5 ms, domain.md §4.3, not polyphasic, initial positive phase)
/// or a positive sharp wave (the classifier's shape tests, as at rest), or it fires as steadily
/// as only spontaneous trains do. A short motor unit potential of a myopathy is polyphasic (more
/// than four phases, §4.2), so it stays a motor unit.
pub fn spontaneous_template(unit: &MotorUnit, sampling_rate_hz: f64) -> Option<SpontaneousClass> {
    let measures = unit.measures?;
    let spike = (SPIKE_MS * sampling_rate_hz / 1000.0).round() as usize;
    let class = classify_template(&unit.template_uv, unit.alignment_idx, spike, &measures);
    let steady = unit.discharge_times_s.len() >= SPONTANEOUS_MIN_DISCHARGES
        && unit.interval_cv.is_some_and(|cv| cv < SPONTANEOUS_MAX_CV);
    match class {
        SpontaneousClass::PositiveSharpWave => Some(class),
        SpontaneousClass::Fibrillation
            if measures.duration_ms < FIBRILLATION_MAX_MS && measures.phases <= POLYPHASIC_ABOVE_PHASES =>
        {
            Some(class)
        }
        _ if steady => Some(SpontaneousClass::Unclassified),
        _ => None,
    }
}

/// The segments with each voluntary window (of the segmentation's grid) that holds discharges
/// of spontaneous trains (`spontaneous_s`, times in s) and none of a motor unit (`motor_s`)
/// turned into rest, and so are the windows holding neither between such rest (nothing there
/// was voluntary either).
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
    let count_in = |times: &[f64], start_s: f64, end_s: f64| times.iter().filter(|&&time_s| time_s >= start_s && time_s < end_s).count();
    let mut pieces: Vec<(ActivitySegment, Option<Holds>)> = Vec::new();
    for segment in segments {
        if segment.kind != ActivityKind::Voluntary {
            pieces.push((*segment, None));
            continue;
        }
        let mut start_s = segment.start_s;
        while start_s < segment.end_s {
            let end_s = (((start_s / WINDOW_S).floor() + 1.0) * WINDOW_S).min(segment.end_s);
            let holds = if count_in(motor_s, start_s, end_s) > 0 {
                Holds::Motor
            } else if count_in(spontaneous_s, start_s, end_s) > 0 {
                Holds::Spontaneous
            } else {
                Holds::Neither
            };
            pieces.push((ActivitySegment { kind: ActivityKind::Voluntary, start_s, end_s }, Some(holds)));
            start_s = end_s;
        }
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
    let mut merged: Vec<ActivitySegment> = Vec::with_capacity(segments.len());
    for ((segment, _), kind) in pieces.into_iter().zip(kinds) {
        match merged.last_mut() {
            Some(last) if last.kind == kind && (last.end_s - segment.start_s).abs() < 1e-9 => last.end_s = segment.end_s,
            _ => merged.push(ActivitySegment { kind, ..segment }),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stretch(kind: ActivityKind, start_s: f64, end_s: f64) -> ActivitySegment {
        ActivitySegment { kind, start_s, end_s }
    }

    #[test]
    fn windows_filled_only_by_spontaneous_trains_are_rest_and_motor_unit_windows_stay_voluntary() {
        use ActivityKind::{Rest, Voluntary};
        let segments = [stretch(Voluntary, 0.0, 2.0), stretch(Rest, 2.0, 3.0), stretch(Voluntary, 3.0, 4.0)];
        // Fibrillation "units" fire over 0–1.1 s; a motor unit from 1.5 s; 1.1–1.5 s holds
        // nothing but lies between spontaneous windows and motor ones, so it stays voluntary.
        let spontaneous: Vec<f64> = (0..11).map(|idx| 0.1 * idx as f64 + 0.05).collect();
        let motor: Vec<f64> = (0..5).map(|idx| 1.55 + 0.1 * idx as f64).chain([3.1, 3.6]).collect();
        assert_eq!(
            rest_where_only_spontaneous(&segments, &spontaneous, &motor),
            vec![stretch(Rest, 0.0, 1.25), stretch(Voluntary, 1.25, 2.0), stretch(Rest, 2.0, 3.0), stretch(Voluntary, 3.0, 4.0)]
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
