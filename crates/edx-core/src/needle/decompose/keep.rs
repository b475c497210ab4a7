//! Which templates are motor units: EMGLAB's keep rules (McGill et al. 2005, domain.md §4.3
//! steps 5 and 6, reimplemented from the description) and the rules edxview adds to them. EMGLAB
//! keeps a unit only if it discharges more than once per second of signal and its template's
//! energy at its discharges exceeds the residual's there, and splits a class whose members are
//! closer than one unit can fire. Here a unit must also be seen on its own (not only in
//! superimpositions) that often and span three detection thresholds; two templates of one shape
//! whose discharges together respect the shortest interval are one unit split in two (the split
//! rule turned round); a template that is the sum of two others and does not fire steadily is a
//! superimposition; and a unit firing at one fixed lag from a larger one is part of it. Where a
//! number is edxview's own its comment says so and what it was measured on.

use super::matcher::{shifted, Matcher};
use super::overlaps::{ClosePairs, CLOSE_PAIR_SHIFT_MS, CLOSE_PAIR_STEP_MS, WIDE_PAIR_SHIFT_MS, WIDE_PAIR_STEP_MS};
use super::{Discharge, MotorUnit, HALF_WINDOW_MS, MAX_FIRING_INTERVAL_MS};
use crate::needle::detect::Signals;

/// Fewest discharges for a unit to be reported.
const MIN_DISCHARGES: usize = 5;
/// A unit must discharge at least this often over the voluntary activity, on average, per s
/// (EMGLAB keeps a unit only if it occurs more than once per second of signal, domain.md §4.3).
const MIN_MEAN_RATE_HZ: f64 = 1.0;
/// Shortest interval at which one unit can discharge twice, ms (EMGLAB splits classes whose
/// members are under 40 ms apart; 20 ms allows firing at up to 50 Hz).
pub(super) const MIN_INTERVAL_MS: f64 = 20.0;
/// A unit's spike must span at least three detection thresholds (4 noise levels each),
/// peak to peak: noise peaks that just cross the threshold, aligned on their peaks, have a
/// median just above it and gather into a "unit" of their own, as in one simulated normal
/// muscle (edxview's own choice).
pub(super) const MIN_SPAN_IN_NOISE: f64 = 12.0;

/// Fewest discharges seen on their own for a template to be a unit, over `seen_s` seconds of
/// voluntary activity: `MIN_DISCHARGES`, or once per second (`MIN_MEAN_RATE_HZ`) if more.
pub(super) fn fewest_discharges(seen_s: f64) -> usize {
    MIN_DISCHARGES.max((MIN_MEAN_RATE_HZ * seen_s).ceil() as usize)
}

/// The discharges of each template that is a unit (one unit of two templates joined, one
/// discharge kept of two within the shortest interval): a unit is seen on its own at least
/// `min_discharges` times, spans three detection thresholds and explains more than it leaves of
/// `residual`, the spike-band signal with every assigned discharge subtracted. Templates that
/// are not units are left out.
pub(super) fn units_of(
    discharges: Vec<Vec<Discharge>>,
    templates: &[Vec<f32>],
    residual: &[f32],
    signals: &Signals,
    matcher: &Matcher,
    min_discharges: usize,
) -> Vec<Vec<Discharge>> {
    let min_interval = signals.samples_in(MIN_INTERVAL_MS);
    join_split_units(discharges, templates, matcher, min_interval)
        .into_iter()
        .zip(templates)
        .filter_map(|(mut found, spike_template)| {
            found.sort_by_key(|discharge| discharge.sample_idx);
            // One unit cannot fire twice within 20 ms: keep the better-matching discharge.
            let mut kept: Vec<Discharge> = Vec::with_capacity(found.len());
            for discharge in found {
                match kept.last_mut() {
                    Some(previous) if discharge.sample_idx < previous.sample_idx + min_interval => {
                        if discharge.residual_rms_uv < previous.residual_rms_uv {
                            *previous = discharge;
                        }
                    }
                    _ => kept.push(discharge),
                }
            }
            // A unit is seen on its own more often than in superimpositions: one found mostly in
            // them is a template that merely helps explain other units' overlaps.
            let n_alone = kept.iter().filter(|discharge| !discharge.in_superimposition).count();
            if n_alone < min_discharges
                || matcher.spike_span(spike_template) < MIN_SPAN_IN_NOISE * signals.noise_uv
                || !explains_its_discharges(
                    spike_template,
                    kept.iter().filter(|discharge| !discharge.in_superimposition).map(|discharge| discharge.sample_idx),
                    residual,
                    matcher,
                )
            {
                return None;
            }
            Some(kept)
        })
        .collect()
}

/// The templates (each with its discharges) less those that two (or three) of the others,
/// overlapping, explain and that do not fire as a unit does: the superimposition of two units
/// is seen "alone" often enough to pass for a unit of its own (in the simulated neurogenic
/// demonstration a 3.5 mV "unit" of 11 discharges, the sum of two large units), and it takes
/// those units' overlapping potentials; dropped before the final assignment, they are resolved
/// as the overlap they are. A sum fires when its parts happen to coincide, so most of its
/// intervals are longer than a unit's steady firing (250 ms); a large unit whose shape is the
/// sum of two smaller ones at one lag, as in the simulated normal muscles, fires steadily.
pub(super) fn without_superimpositions(
    templates: Vec<(Vec<f32>, &[Discharge])>,
    signals: &Signals,
    matcher: &Matcher,
) -> Vec<Vec<f32>> {
    let longest = signals.samples_in(MAX_FIRING_INTERVAL_MS);
    let fires_steadily = |discharges: &[Discharge]| {
        let mut times: Vec<usize> = discharges.iter().map(|discharge| discharge.sample_idx).collect();
        times.sort_unstable();
        let steady = times.windows(2).filter(|pair| pair[1] - pair[0] <= longest).count();
        2 * steady >= times.len().saturating_sub(1)
    };
    let superimposed: Vec<bool> = (0..templates.len())
        .map(|idx| {
            let (template, discharges) = &templates[idx];
            if fires_steadily(discharges) {
                return false;
            }
            let others: Vec<Vec<f32>> = templates
                .iter()
                .enumerate()
                .filter(|&(other, _)| other != idx)
                .map(|(_, (other, _))| other.clone())
                .collect();
            let span = matcher.spike_span(template);
            // A sum is larger than either part, and explained as closely as two templates of one
            // unit match.
            let is_sum = |placed: Vec<(usize, isize)>| {
                let mut model = vec![0.0f32; template.len()];
                for &(other, shift) in &placed {
                    for (sum, value) in model.iter_mut().zip(shifted(&others[other], -shift)) {
                        *sum += value;
                    }
                }
                let difference: Vec<f32> = template.iter().zip(&model).map(|(value, model)| value - model).collect();
                placed.iter().all(|&(other, _)| matcher.spike_span(&others[other]) < span)
                    && matcher.spike_rms(&difference) <= matcher.merge_limit(template)
            };
            let search = |shift_ms: f64, step_ms: f64| {
                ClosePairs::of(&others, matcher, signals.samples_in(shift_ms), signals.samples_in(step_ms), false)
                    .resolve(template, &others, matcher)
                    .is_some_and(is_sum)
            };
            search(CLOSE_PAIR_SHIFT_MS, CLOSE_PAIR_STEP_MS) || search(WIDE_PAIR_SHIFT_MS, WIDE_PAIR_STEP_MS)
        })
        .collect();
    templates
        .into_iter()
        .zip(superimposed)
        .filter(|(_, superimposed)| !superimposed)
        .map(|((template, _), _)| template)
        .collect()
}

/// Share of the smaller unit's discharges that may fall within the shortest interval of the
/// other's for two units of one shape to be one unit split in two: two units firing
/// independently at 10 Hz come that close about 40 % of the time, one unit never, save the
/// potentials of others wrongly taken in overlaps (2 of 38 discharges in one simulated
/// myopathic unit split in two).
const SPLIT_MAX_CONFLICT_SHARE: f64 = 0.1;

/// Joins templates that are one unit split in two (EMGLAB's split rule turned round: its
/// classes whose members are closer than a unit can fire are two units, domain.md §4.3): two
/// templates whose spikes match as a potential matches a template, and whose discharges,
/// aligned by the templates' lag, together never come closer than one unit can fire, save the
/// same discharge taken by both (within ±0.5 ms: two such templates both explain an overlap of
/// it). The discharges of each joined template move to the one with more.
fn join_split_units(
    mut discharges: Vec<Vec<Discharge>>,
    templates: &[Vec<f32>],
    matcher: &Matcher,
    min_interval: usize,
) -> Vec<Vec<Discharge>> {
    let mut order: Vec<usize> = (0..templates.len()).collect();
    order.sort_by_key(|&idx| std::cmp::Reverse(discharges[idx].len()));
    for (position, &larger) in order.iter().enumerate() {
        if discharges[larger].is_empty() {
            continue;
        }
        for &smaller in &order[position + 1..] {
            if discharges[smaller].is_empty() {
                continue;
            }
            let limit = matcher.limit(&templates[larger]);
            let Some((_, shift)) = matcher
                .residual_within(&templates[smaller], &templates[larger], matcher.max_shift)
                .filter(|(residual, _)| *residual <= limit)
            else {
                continue;
            };
            let mut times: Vec<usize> = discharges[larger].iter().map(|discharge| discharge.sample_idx).collect();
            times.sort_unstable();
            let conflicts = discharges[smaller]
                .iter()
                .filter(|discharge| {
                    // Every discharge of the larger within the shortest interval, not only the
                    // nearest: the nearest may be this one taken by both.
                    let aligned = discharge.sample_idx.wrapping_add_signed(shift);
                    let low = times.partition_point(|&time| time + min_interval <= aligned);
                    let high = times.partition_point(|&time| time < aligned.saturating_add(min_interval));
                    times[low..high.max(low)].iter().any(|&time| time.abs_diff(aligned) > matcher.near_shift)
                })
                .count();
            if (conflicts as f64) <= SPLIT_MAX_CONFLICT_SHARE * discharges[smaller].len() as f64 {
                let moved: Vec<Discharge> = std::mem::take(&mut discharges[smaller])
                    .into_iter()
                    .map(|discharge| Discharge {
                        sample_idx: discharge.sample_idx.wrapping_add_signed(shift),
                        ..discharge
                    })
                    .collect();
                discharges[larger].extend(moved);
            }
        }
    }
    discharges
}

/// EMGLAB keeps a unit only if its template's energy exceeds that of the residual at its
/// discharges (domain.md §4.3): `residual` is what is left once every assigned discharge is
/// subtracted, and a "unit" gathered from leftovers that merely resemble each other explains
/// less of them than it leaves.
fn explains_its_discharges(
    template: &[f32],
    discharges: impl Iterator<Item = usize>,
    residual: &[f32],
    matcher: &Matcher,
) -> bool {
    let spike = matcher.centre - matcher.compare..=matcher.centre + matcher.compare;
    let template_energy: f64 = template[spike.clone()].iter().map(|&value| f64::from(value).powi(2)).sum();
    let (mut explained, mut left) = (0.0, 0.0);
    for sample_idx in discharges {
        let Some(values) =
            sample_idx.checked_sub(matcher.centre).and_then(|start| residual.get(start..=sample_idx + matcher.centre))
        else {
            continue;
        };
        explained += template_energy;
        left += spike.clone().map(|idx| f64::from(values[idx]).powi(2)).sum::<f64>();
    }
    explained > left
}

/// Share of a unit's discharges that must sit at one lag from another unit's for it to be part
/// of that unit.
const TIME_LOCKED_SHARE: f64 = 0.5;
/// Lags within this distance of their median count as one lag, ms.
const TIME_LOCKED_TOLERANCE_MS: f64 = 0.5;

/// The units that are not parts of others, by index, largest first: a component that fires at a
/// fixed lag from a larger unit's discharges (a late phase, a satellite, a tail that crossed the
/// threshold) is that unit, not another one. Units whose template could not be measured are
/// left out too.
pub(super) fn not_time_locked(units: &[MotorUnit]) -> Vec<usize> {
    let mut by_size: Vec<usize> = (0..units.len()).filter(|&idx| units[idx].measures.is_some()).collect();
    let size = |idx: &usize| units[*idx].measures.map_or(0.0, |measures| measures.amplitude_uv);
    by_size.sort_by(|first, second| size(second).total_cmp(&size(first)));
    let mut kept: Vec<usize> = Vec::with_capacity(by_size.len());
    for idx in by_size {
        if !kept.iter().any(|&larger| is_time_locked(&units[idx].discharge_times_s, &units[larger].discharge_times_s)) {
            kept.push(idx);
        }
    }
    kept
}

/// Whether most of `times_s` follow or precede `reference_s` at one fixed lag within the
/// template window.
fn is_time_locked(times_s: &[f64], reference_s: &[f64]) -> bool {
    let window_s = HALF_WINDOW_MS / 1000.0;
    let mut lags: Vec<f64> = times_s
        .iter()
        .filter_map(|&time_s| {
            let after = reference_s.partition_point(|&reference| reference < time_s);
            [after.checked_sub(1), Some(after)]
                .into_iter()
                .flatten()
                .filter_map(|idx| reference_s.get(idx))
                .map(|&reference| time_s - reference)
                .min_by(|first, second| first.abs().total_cmp(&second.abs()))
        })
        .filter(|lag| lag.abs() <= window_s)
        .collect();
    if (lags.len() as f64) < TIME_LOCKED_SHARE * times_s.len() as f64 {
        return false;
    }
    lags.sort_by(f64::total_cmp);
    let centre = lags[lags.len() / 2];
    let close = lags.iter().filter(|&&lag| (lag - centre).abs() * 1000.0 <= TIME_LOCKED_TOLERANCE_MS).count();
    close as f64 >= TIME_LOCKED_SHARE * times_s.len() as f64
}
