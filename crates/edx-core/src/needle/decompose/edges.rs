//! Discharges at the edges of voluntary activity. At the onset of effort the first unit
//! recruited fires alone for a while, and as effort ends the last one does; a myopathic
//! muscle's short units are not motor-unit-like enough for the segmentation to see a lone one
//! as voluntary (`segments`), so those discharges fall in the rest beside the voluntary stretch
//! and would be read as spontaneous potentials. Each unit claims them back by chaining from
//! its first (or last) discharge in the stretch: a potential at rest that matches the unit's
//! template, within its longest steady interval of the discharge before (or after), is its
//! discharge too.

use super::keep::MIN_INTERVAL_MS;
use super::matcher::Matcher;
use super::{firing, median_template, MotorUnit, HALF_WINDOW_MS, MAX_FIRING_INTERVAL_MS};
use crate::needle::detect::{Event, Signals};
use crate::needle::spontaneous::{classify, SpontaneousClass, SPIKE_MS};

/// Which way a chain runs from a voluntary stretch into the rest beside it.
#[derive(Clone, Copy)]
enum Direction {
    /// Into the rest before the stretch (the onset of effort).
    Before,
    /// Into the rest after it (the end of effort).
    After,
}

/// Adds to `units` their discharges among `rest_events` that chain to their discharges in the
/// `voluntary` stretches (start, end in s), and returns those stretches widened to hold the
/// discharges claimed (with their templates' half-window), in the same order. Only the rest
/// (`rest`, start and end in s) that touches a voluntary stretch is searched.
pub fn claim_edge_discharges(
    signals: &Signals,
    units: &mut [MotorUnit],
    rest_events: &[Event],
    rest: &[(f64, f64)],
    voluntary: &[(f64, f64)],
) -> Vec<(f64, f64)> {
    let matcher = Matcher::of(signals);
    let rate = signals.sampling_rate_hz;
    let detection = &signals.detection_uv;
    let half = matcher.centre;
    let cut = |sample_idx: usize| {
        detection
            .get(sample_idx.checked_sub(half)?..=sample_idx + half)
            .filter(|values| values.iter().all(|value| value.is_finite()))
    };
    let touching = |time_s: f64| rest.iter().copied().find(|&(start_s, end_s)| start_s <= time_s && time_s <= end_s);
    let (shortest, longest) = (signals.samples_in(MIN_INTERVAL_MS), signals.samples_in(MAX_FIRING_INTERVAL_MS));
    let half_window_s = HALF_WINDOW_MS / 1000.0;
    let mut widened = voluntary.to_vec();
    // Potentials already claimed, by any unit: one potential is one unit's discharge.
    let mut taken: Vec<usize> = Vec::new();
    let spike = signals.samples_in(SPIKE_MS);
    for unit in units.iter_mut() {
        // A positive wave is no motor unit potential: a "unit" of them in a voluntary stretch
        // is the peak of a myotonic discharge, and chaining it would take the discharge's
        // waxing and waning out of rest.
        let is_positive_wave = unit.measures.is_some_and(|measures| {
            classify(&unit.template_uv, unit.alignment_idx, spike, &measures) == SpontaneousClass::PositiveSharpWave
        });
        if is_positive_wave {
            continue;
        }
        let discharges: Vec<usize> =
            unit.discharge_times_s.iter().map(|&time_s| (time_s * rate).round() as usize).collect();
        let template = median_template(discharges.iter().filter_map(|&sample_idx| cut(sample_idx)), 2 * half + 1);
        if template.is_empty() {
            continue;
        }
        let limit = matcher.limit(&template);
        let mut claimed: Vec<usize> = Vec::new();
        for (&(start_s, end_s), widened) in voluntary.iter().zip(&mut widened) {
            let inside = discharges.iter().copied().filter(|&sample_idx| {
                let time_s = sample_idx as f64 / rate;
                start_s <= time_s && time_s < end_s
            });
            let edges = [
                (Direction::Before, inside.clone().min(), touching(start_s)),
                (Direction::After, inside.max(), touching(end_s)),
            ];
            for (direction, edge, beside) in edges {
                let (Some(mut current), Some((rest_start_s, rest_end_s))) = (edge, beside) else { continue };
                let (first_rest, last_rest) = ((rest_start_s * rate) as usize, (rest_end_s * rate) as usize);
                // The discharge next to `current` in the chain's direction: of the potentials at
                // rest matching the unit's template within its intervals, the nearest.
                loop {
                    let (low, high) = match direction {
                        Direction::Before => (current.saturating_sub(longest), current.saturating_sub(shortest)),
                        Direction::After => (current + shortest, current + longest),
                    };
                    let (low, high) = (low.max(first_rest), high.min(last_rest));
                    if low > high {
                        break;
                    }
                    // Potentials are sought a wide shift beyond the interval: one may be
                    // detected on another of its phases.
                    let reach = matcher.wide_shift;
                    let candidates = &rest_events[rest_events.partition_point(|event| event.sample_idx + reach < low)
                        ..rest_events.partition_point(|event| event.sample_idx <= high + reach)];
                    let next = candidates
                        .iter()
                        .filter_map(|event| {
                            let values = cut(event.sample_idx)?;
                            let (_, _, shift) = matcher.best(values, std::iter::once((template.as_slice(), limit)))?;
                            Some(event.sample_idx.wrapping_add_signed(shift))
                        })
                        .filter(|sample_idx| (low..=high).contains(sample_idx))
                        .filter(|sample_idx| taken.iter().all(|taken| taken.abs_diff(*sample_idx) > matcher.near_shift))
                        .min_by_key(|&sample_idx| sample_idx.abs_diff(current));
                    let Some(next) = next else { break };
                    claimed.push(next);
                    current = next;
                }
                if Some(current) == edge {
                    continue;
                }
                let edge_s = current as f64 / rate;
                match direction {
                    Direction::Before => widened.0 = widened.0.min(edge_s - half_window_s).max(rest_start_s),
                    Direction::After => widened.1 = widened.1.max(edge_s + half_window_s).min(rest_end_s),
                }
            }
        }
        if claimed.is_empty() {
            continue;
        }
        taken.extend(&claimed);
        unit.discharge_times_s.extend(claimed.iter().map(|&sample_idx| sample_idx as f64 / rate));
        unit.discharge_times_s.sort_by(f64::total_cmp);
        (unit.firing_rate_hz, unit.interval_cv) = firing(&unit.discharge_times_s);
    }
    widened
}
