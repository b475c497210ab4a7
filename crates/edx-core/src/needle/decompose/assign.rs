//! Assigning potentials to templates: which template each potential of voluntary activity is
//! a discharge of. Potentials are taken largest first on a residual from which every assigned
//! discharge's template is subtracted, so a potential overlapping one already assigned is
//! matched on what that one leaves; one that no single template matches is sought as two or
//! three overlapping templates (`overlaps`), and potentials hidden under larger ones are
//! detected again on the residual. EMGLAB's template matching with superimposition resolution
//! (McGill et al. 2005, domain.md §4.3, reimplemented from the description); the rounds, reaches
//! and the rule that a template is subtracted only where it lessens the residual are edxview's
//! own, measured on the simulated muscles (docs/accuracy.md).

use super::matcher::Matcher;
use super::overlaps::{ClosePairs, CLOSE_PAIR_SHIFT_MS, CLOSE_PAIR_STEP_MS, WIDE_PAIR_SHIFT_MS, WIDE_PAIR_STEP_MS};
use super::Discharge;
use crate::dsp::stats::largest_magnitude;
use crate::needle::detect::{detect_events_in, Event, Signals};

/// Rounds of detection on the residual after the first assignment.
const RESIDUAL_ROUNDS: usize = 2;
/// Potentials found on the residual count only this close to the voluntary activity's, ms.
pub(super) const NEAR_ACTIVITY_MS: f64 = 30.0;

/// What assigning potentials to templates needs.
#[derive(Clone, Copy)]
pub(super) struct Assignment<'a> {
    pub(super) signals: &'a Signals,
    /// The potentials to assign, in time order.
    pub(super) events: &'a [Event],
    /// Where potentials hidden under others are sought again on the residual, samples.
    pub(super) detect_within: &'a [std::ops::Range<usize>],
    pub(super) matcher: &'a Matcher,
    /// Potentials this close to either end of the recording cannot be cut, samples.
    pub(super) margin: usize,
    /// Detection threshold, µV.
    pub(super) threshold: f64,
}

impl Assignment<'_> {
    /// Assigns every potential to `templates`, largest potentials first, on a residual from
    /// which every assigned discharge's template is subtracted: a potential already explained
    /// by its neighbours (another phase of a large unit, a tail) is skipped, and one overlapping
    /// an assigned discharge is matched on what remains, which resolves superimpositions.
    /// Whatever no single template explains is tried as a pair. Returns each template's
    /// discharges and the residual. Only the final assignment (`thorough`) tries every pair of
    /// the leading templates and seeks overlaps again in the residual rounds: the first only
    /// finds which templates are units, and the wider search there changed nothing but its time
    /// (14 % of the whole analysis; discharge sensitivity 0.1 points lower with it).
    pub(super) fn assign(&self, templates: &[Vec<f32>], thorough: bool) -> (Vec<Vec<Discharge>>, Vec<f32>) {
        let (signals, matcher, margin, threshold) = (self.signals, self.matcher, self.margin, self.threshold);
        let (half, compare) = (matcher.centre, matcher.compare);
        let measured = &signals.measured_uv;
        let mut residual = signals.detection_uv.clone();
        let template_spans: Vec<f64> = templates.iter().map(|template| matcher.spike_span(template)).collect();
        let template_limits: Vec<f64> = templates.iter().map(|template| matcher.limit(template)).collect();
        let cores = matcher.core_measures(templates);
        let close_pairs = ClosePairs::of(
            templates,
            matcher,
            signals.samples_in(CLOSE_PAIR_SHIFT_MS),
            signals.samples_in(CLOSE_PAIR_STEP_MS),
            thorough,
        );
        let wide_pairs = ClosePairs::of(
            templates,
            matcher,
            signals.samples_in(WIDE_PAIR_SHIFT_MS),
            signals.samples_in(WIDE_PAIR_STEP_MS),
            thorough,
        );
        let mut discharges: Vec<Vec<Discharge>> = vec![Vec::new(); templates.len()];
        let in_reach = |event: &&Event| event.sample_idx >= margin && event.sample_idx + margin < measured.len();
        let mut pending: Vec<Event> = self.events.iter().filter(in_reach).copied().collect();
        let original_positions: Vec<usize> = self.events.iter().map(|event| event.sample_idx).collect();
        let near_activity = signals.samples_in(NEAR_ACTIVITY_MS);
        // Where templates were subtracted in the previous round, sorted: an overlap is sought
        // again in a later round only where the residual has changed since it was last sought.
        let mut changed_before: Vec<usize> = Vec::new();
        let mut changed: Vec<usize> = Vec::new();
        let overlap_reach = 2 * compare + wide_pairs.reach;
        for round in 0..=RESIDUAL_ROUNDS {
            if round > 0 {
                changed.sort_unstable();
                changed_before = std::mem::take(&mut changed);
                // Potentials hidden under larger ones raise no peak of their own until those are
                // subtracted: detect again on the residual, near the voluntary activity only.
                pending = self
                    .detect_within
                    .iter()
                    .flat_map(|range| detect_events_in(&residual, signals, range.clone()))
                    .filter(|event| in_reach(&event))
                    .filter(|event| {
                        let after = original_positions.partition_point(|&position| position < event.sample_idx);
                        [after.checked_sub(1), Some(after)]
                            .into_iter()
                            .flatten()
                            .filter_map(|idx| original_positions.get(idx))
                            .any(|&position| position.abs_diff(event.sample_idx) <= near_activity)
                    })
                    .collect();
                if pending.is_empty() {
                    break;
                }
            }
            let mut by_size: Vec<&Event> = pending.iter().collect();
            by_size.sort_by(|first, second| second.detection_peak_uv.total_cmp(&first.detection_peak_uv));
            for event in by_size {
                let values = &residual[event.sample_idx - half..=event.sample_idx + half];
                let remaining = largest_magnitude(&values[half - compare..=half + compare]);
                if f64::from(remaining) < threshold {
                    continue;
                }
                let span = matcher.spike_span(values);
                let comparable = templates.iter().zip(&template_spans).zip(&template_limits).map(
                    |((template, template_span), &limit)| {
                        (
                            if (0.5..=2.0).contains(&(template_span / span.max(f64::MIN_POSITIVE))) {
                                template.as_slice()
                            } else {
                                &[]
                            },
                            limit,
                        )
                    },
                );
                let assigned: Vec<(usize, Discharge)> = match matcher.best(values, comparable) {
                    Some((template_idx, residual_rms_uv, shift)) => {
                        let sample_idx = event.sample_idx.wrapping_add_signed(shift);
                        vec![(template_idx, Discharge { sample_idx, residual_rms_uv, in_superimposition: false })]
                    }
                    None => {
                        // Two potentials within a millisecond of each other raise one peak between
                        // their own: both are placed at once; failing that, two (or three) potentials
                        // within ±3 ms, which the long polyphasic units of a neurogenic muscle and
                        // the dense small ones of a myopathic muscle make. In later rounds overlaps
                        // are sought only where the residual has changed since the round before:
                        // elsewhere the search would fail again as it did.
                        let changed_near = |position: usize| {
                            let after = changed_before.partition_point(|&changed| changed + overlap_reach < position);
                            changed_before.get(after).is_some_and(|&changed| changed <= position + overlap_reach)
                        };
                        let pair: Vec<(usize, Discharge)> =
                            if round == 0 || (thorough && changed_near(event.sample_idx)) {
                                close_pairs
                                    .resolve(values, templates, matcher)
                                    .or_else(|| wide_pairs.resolve(values, templates, matcher))
                                    .into_iter()
                                    .flatten()
                                    .map(|(template_idx, shift)| {
                                        (template_idx, Discharge::in_superimposition_at(event.sample_idx, shift))
                                    })
                                    .collect()
                            } else {
                                Vec::new()
                            };
                        if pair.is_empty() {
                            // The spike's core still matches one unit though a neighbour spoils the
                            // rest: take that unit now; the neighbour emerges in the residual and is
                            // found in the next round.
                            matcher
                                .best_core(values, templates, &cores)
                                .map(|(template_idx, shift)| {
                                    vec![(template_idx, Discharge::in_superimposition_at(event.sample_idx, shift))]
                                })
                                .unwrap_or_default()
                        } else {
                            pair
                        }
                    }
                };
                for (template_idx, discharge) in assigned {
                    let template = &templates[template_idx];
                    let first = discharge.sample_idx as isize - half as isize;
                    // A template matched on its spike may still carry, elsewhere in its window, a
                    // phase already taken: a template of a unit's small early phase, matched there,
                    // would subtract the unit's large spike a second time.
                    if !reduces_residual(template, first, &residual) {
                        continue;
                    }
                    for (offset, value) in template.iter().enumerate() {
                        if let Some(sample) =
                            usize::try_from(first + offset as isize).ok().and_then(|idx| residual.get_mut(idx))
                        {
                            *sample -= value;
                        }
                    }
                    changed.push(discharge.sample_idx);
                    discharges[template_idx].push(discharge);
                }
            }
        }
        (discharges, residual)
    }
}

/// Whether subtracting `template`, its first sample at `first`, leaves less of the residual
/// over the template's whole window than there was.
fn reduces_residual(template: &[f32], first: isize, residual: &[f32]) -> bool {
    let change: f64 = template
        .iter()
        .enumerate()
        .filter_map(|(offset, &value)| {
            let sample = *residual.get(usize::try_from(first + offset as isize).ok()?)?;
            Some(f64::from(value) * (f64::from(value) - 2.0 * f64::from(sample)))
        })
        .sum();
    change < 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_subtracted_only_where_it_lessens_the_residual() {
        let template: Vec<f32> = (0..40)
            .map(|idx| {
                if idx == 30 {
                    -500.0
                } else if idx == 10 {
                    -40.0
                } else {
                    0.0
                }
            })
            .collect();
        // The potential is all there: subtracting it explains it.
        let whole: Vec<f32> = template.iter().map(|value| value + 1.0).collect();
        assert!(reduces_residual(&template, 0, &whole));
        // Only the small phase is left, the large spike already taken: subtracting the template
        // there would put the spike back, upside down.
        let small_phase_only: Vec<f32> =
            template.iter().map(|&value| if value == -40.0 { value } else { 0.0 }).collect();
        assert!(!reduces_residual(&template, 0, &small_phase_only));
        // A window reaching past the recording's start counts only the samples it covers.
        assert!(reduces_residual(&template, -5, &whole[5..]));
    }
}
