//! The template matcher: whether a potential is a template's, and at which shift. A potential
//! and a template are compared over the main spike (±1.5 ms around the alignment point) on the
//! spike-band signal, and the potential matches when the residual RMS stays under a fifth of the
//! template's RMS there or two noise levels, whichever is larger; two templates are one unit
//! under a stricter limit. Shifts are tried narrow first (±0.2 ms), then near (±0.5 ms), then
//! around the potential's other negative peaks (±2.5 ms). EMGLAB accepts a potential whose
//! windowed squared distance to the template is under the noise's 95th percentile plus the
//! template's variability (McGill et al. 2005, domain.md §4.3 step 4, reimplemented from the
//! description); edxview's limits are its own, and the numbers are measured on the simulated
//! muscles where stated.

use super::HALF_WINDOW_MS;
use crate::dsp::stats::extent;
use crate::needle::detect::Signals;

/// How far from the alignment point a template's most negative point is sought when it is
/// recentred, ± ms.
const RECENTRE_REACH_MS: f64 = 3.0;
/// Half-width of the part compared between potentials: the main spike, ms.
const COMPARE_HALF_MS: f64 = 1.5;
/// Half-width of a spike's core, ms.
const CORE_HALF_MS: f64 = 0.5;
/// Shifts tried when comparing, ± ms...
const SHIFT_MS: f64 = 0.2;
/// ...then these: a polyphasic spike with two negative peaks of nearly one depth, 0.2–0.3 ms
/// apart, is aligned on either, and its template's median on the deeper (a large neurogenic
/// unit's isolated potentials failed the narrow shifts in one simulated muscle and were taken
/// by a template of its early phase), ± ms...
const NEAR_SHIFT_MS: f64 = 0.5;
/// ...and, when none of those matches, these wider ones: a polyphasic unit's potentials may be
/// aligned on any of its similar negative peaks, ± ms.
const WIDE_SHIFT_MS: f64 = 2.5;
/// A potential matches a template when the residual RMS is below this share of the template's
/// RMS over the compared part...
pub(super) const MATCH_SHARE_OF_TEMPLATE: f64 = 0.2;
/// ...or below this many noise levels, whichever is larger.
pub(super) const MATCH_IN_NOISE: f64 = 2.0;
/// Two templates are one unit when they differ by less than this share of the template's RMS
/// (or the noise floor below): stricter than a single potential's match, because templates are
/// medians with little noise left, and two units of similar size and shape must stay apart.
const MERGE_SHARE_OF_TEMPLATE: f64 = 0.12;
/// ...or below this many noise levels: a template is a median of many potentials, with far
/// less noise than one potential, so two units' templates differing by a single potential's
/// noise floor (`MATCH_IN_NOISE`) are still two units; at that floor the simulated myopathic
/// muscles' smallest units merged into their neighbours.
const MERGE_IN_NOISE: f64 = 1.0;

/// Compares potentials with templates over the main spike, with the lengths of one recording
/// in samples.
pub(super) struct Matcher {
    /// Index of the alignment point in a cut (`HALF_WINDOW_MS`), which is also its half-width.
    pub(super) centre: usize,
    /// How far from the alignment point a template's most negative point is sought when it is
    /// recentred, samples.
    recentre_reach: usize,
    /// Half-width of the compared spike, samples.
    pub(super) compare: usize,
    /// Half-width of the spike's core, compared when a neighbour spoils the rest, samples.
    core: usize,
    /// Shifts tried first, ± samples.
    pub(super) max_shift: usize,
    /// Shifts tried when those fail, ± samples...
    pub(super) near_shift: usize,
    /// ...and at other negative peaks within these when those fail too, ± samples.
    pub(super) wide_shift: usize,
    /// Noise level of the spike-band signal, µV.
    pub(super) noise: f64,
}

impl Matcher {
    /// The matcher for a recording's signals.
    pub(super) fn of(signals: &Signals) -> Matcher {
        Matcher {
            centre: signals.samples_in(HALF_WINDOW_MS),
            compare: signals.samples_in(COMPARE_HALF_MS),
            core: signals.samples_in(CORE_HALF_MS),
            max_shift: signals.samples_in(SHIFT_MS),
            near_shift: signals.samples_in(NEAR_SHIFT_MS),
            wide_shift: signals.samples_in(WIDE_SHIFT_MS),
            recentre_reach: signals.samples_in(RECENTRE_REACH_MS),
            noise: signals.noise_uv,
        }
    }

    /// The template that matches `values` with the smallest residual, trying narrow shifts
    /// first, then near ones, and wide ones only when no template matches: (template, residual
    /// RMS, shift).
    pub(super) fn best<'a>(
        &self,
        values: &[f32],
        templates: impl Iterator<Item = (&'a [f32], f64)> + Clone,
    ) -> Option<(usize, f64, isize)> {
        let (narrow, near) = (self.max_shift as isize, self.near_shift as isize);
        self.best_within(values, templates.clone(), -narrow..=narrow)
            // The near shifts beyond the narrow ones, which have been tried.
            .or_else(|| self.best_within(values, templates.clone(), (-near..-narrow).chain(narrow + 1..=near)))
            .or_else(|| {
                // Only where the potential has another negative peak can a template be aligned on it:
                // narrow shifts around each of the deepest few, not every shift in between.
                self.other_negative_peaks(values).into_iter().find_map(|peak_shift| {
                    templates
                        .clone()
                        .enumerate()
                        .filter(|(_, (template, _))| !template.is_empty())
                        .filter_map(|(template_idx, (template, limit))| {
                            let shifts = peak_shift - self.max_shift as isize..=peak_shift + self.max_shift as isize;
                            self.residual_over(values, template, shifts, limit)
                                .filter(|(residual, _)| *residual <= limit)
                                .map(|(residual, shift)| (template_idx, residual, shift))
                        })
                        .min_by(|first, second| first.1.total_cmp(&second.1))
                })
            })
    }

    /// Shifts (from the centre) of the potential's other negative peaks within the wide reach,
    /// deepest first, at most three.
    fn other_negative_peaks(&self, values: &[f32]) -> Vec<isize> {
        let (low, high) = (self.centre - self.wide_shift, self.centre + self.wide_shift);
        let mut peaks: Vec<(isize, f32)> = (low.max(1)..high.min(values.len() - 1))
            .filter(|&idx| values[idx] < 0.0 && values[idx] <= values[idx - 1] && values[idx] < values[idx + 1])
            .map(|idx| (idx as isize - self.centre as isize, values[idx]))
            .filter(|(shift, _)| shift.unsigned_abs() > self.max_shift)
            .collect();
        peaks.sort_by(|first, second| first.1.total_cmp(&second.1));
        peaks.into_iter().take(3).map(|(shift, _)| shift).collect()
    }

    /// The template that matches `values` with the smallest residual over `shifts`, among
    /// (template, acceptance limit from [`Matcher::limit`]) pairs; empty templates are skipped.
    pub(super) fn best_within<'a>(
        &self,
        values: &[f32],
        templates: impl Iterator<Item = (&'a [f32], f64)>,
        shifts: impl Iterator<Item = isize> + Clone,
    ) -> Option<(usize, f64, isize)> {
        templates
            .enumerate()
            .filter(|(_, (template, _))| !template.is_empty())
            .filter_map(|(template_idx, (template, limit))| {
                self.residual_over(values, template, shifts.clone(), limit)
                    .map(|(residual, shift)| (template_idx, residual, shift))
            })
            .min_by(|first, second| first.1.total_cmp(&second.1))
    }

    /// The template whose spike core (±0.5 ms) matches `values` best within the narrow shifts,
    /// if it matches as well as a whole spike would, with its shift: for a potential whose
    /// flanks another unit's overlaps. `cores` holds each template's core span and limit, from
    /// [`Matcher::core_measures`].
    pub(super) fn best_core(
        &self,
        values: &[f32],
        templates: &[Vec<f32>],
        cores: &[(f64, f64)],
    ) -> Option<(usize, isize)> {
        let core = Matcher { compare: self.core, ..*self };
        let span = core.spike_span(values).max(f64::MIN_POSITIVE);
        templates
            .iter()
            .zip(cores)
            .enumerate()
            .filter_map(|(template_idx, (template, &(core_span, limit)))| {
                if !(0.7..=1.4).contains(&(core_span / span)) {
                    return None;
                }
                core.residual_over(values, template, -(self.max_shift as isize)..=self.max_shift as isize, limit)
                    .map(|(residual, shift)| (template_idx, residual, shift))
            })
            .min_by(|first, second| first.1.total_cmp(&second.1))
            .map(|(template_idx, _, shift)| (template_idx, shift))
    }

    /// Per template, the peak-to-peak and the match limit of its spike's core.
    pub(super) fn core_measures(&self, templates: &[Vec<f32>]) -> Vec<(f64, f64)> {
        let core = Matcher { compare: self.core, ..*self };
        templates.iter().map(|template| (core.spike_span(template), core.limit(template))).collect()
    }

    /// Peak-to-peak of the compared spike, µV.
    pub(super) fn spike_span(&self, values: &[f32]) -> f64 {
        let (lowest, highest) = extent(&values[self.centre - self.compare..=self.centre + self.compare]);
        f64::from(highest - lowest)
    }

    /// The template shifted so that its most negative point within the pair reach is at the
    /// centre.
    pub(super) fn recentre(&self, template: &[f32]) -> Vec<f32> {
        let reach = self.centre - self.recentre_reach..=self.centre + self.recentre_reach;
        let lowest =
            reach.min_by(|&first, &second| template[first].total_cmp(&template[second])).unwrap_or(self.centre);
        shifted(template, lowest as isize - self.centre as isize)
    }

    /// The smallest residual RMS over shifts up to `max_shift`, with its shift. The compared
    /// stretch is the template's spike widened by the shift, so it always covers the
    /// potential's own spike too: a small template cannot "match" by sliding onto baseline.
    pub(super) fn residual_within(&self, values: &[f32], template: &[f32], max_shift: usize) -> Option<(f64, isize)> {
        self.residual_over(values, template, -(max_shift as isize)..=max_shift as isize, f64::INFINITY)
    }

    /// The smallest residual RMS over `shifts` that is below `bound_rms`, with its shift (see
    /// [`Matcher::residual_within`]). A shift is abandoned as soon as its partial sum exceeds the
    /// bound: most comparisons are with templates of other units, and fail early.
    fn residual_over(
        &self,
        values: &[f32],
        template: &[f32],
        shifts: impl Iterator<Item = isize>,
        bound_rms: f64,
    ) -> Option<(f64, isize)> {
        let mut best: Option<(f64, isize)> = None;
        for shift in shifts {
            let reach = self.compare + shift.unsigned_abs();
            let Some(template_start) = self.centre.checked_sub(reach) else { continue };
            let Ok(values_start) = usize::try_from(self.centre as isize + shift - reach as isize) else { continue };
            let len = 2 * reach + 1;
            let (Some(values), Some(template)) =
                (values.get(values_start..values_start + len), template.get(template_start..template_start + len))
            else {
                continue;
            };
            let bound = best.map_or(bound_rms, |(rms, _)| if rms < bound_rms { rms } else { bound_rms });
            let bound_sum = (bound * bound * len as f64) as f32;
            if let Some(sum) = squared_distance_within(values, template, bound_sum) {
                best = Some(((f64::from(sum) / len as f64).sqrt(), shift));
            }
        }
        best
    }

    /// The smallest residual RMS at quarter-sample shifts around `shift` (linear
    /// interpolation): brief spikes differ by a sizeable share of their amplitude when they are
    /// half a sample apart, which templates of one unit may be.
    pub(super) fn fractional_residual(&self, values: &[f32], template: &[f32], shift: isize) -> f64 {
        let start = self.centre - self.compare;
        (-3..=3)
            .filter_map(|quarter: i32| {
                let offset = shift as f64 + f64::from(quarter) / 4.0;
                let sum: Option<f64> = (0..=2 * self.compare)
                    .map(|idx| {
                        let position = (start + idx) as f64 + offset;
                        let below = position.floor();
                        let fraction = position - below;
                        let below = usize::try_from(below as isize).ok()?;
                        let interpolated = f64::from(*values.get(below)?) * (1.0 - fraction)
                            + f64::from(*values.get(below + 1)?) * fraction;
                        Some((interpolated - f64::from(template[start + idx])).powi(2))
                    })
                    .sum();
                sum.map(|sum| (sum / (2 * self.compare + 1) as f64).sqrt())
            })
            .fold(f64::INFINITY, f64::min)
    }

    /// The largest residual RMS with which a potential matches `template`.
    pub(super) fn limit(&self, template: &[f32]) -> f64 {
        (MATCH_SHARE_OF_TEMPLATE * self.spike_rms(template)).max(MATCH_IN_NOISE * self.noise)
    }

    /// The largest residual RMS with which two templates are one unit: stricter than a potential's
    /// match (`MERGE_SHARE_OF_TEMPLATE`, `MERGE_IN_NOISE`).
    pub(super) fn merge_limit(&self, template: &[f32]) -> f64 {
        (MERGE_SHARE_OF_TEMPLATE * self.spike_rms(template)).max(MERGE_IN_NOISE * self.noise)
    }

    /// RMS of the template's compared spike, µV.
    pub(super) fn spike_rms(&self, template: &[f32]) -> f64 {
        let part = &template[self.centre - self.compare..=self.centre + self.compare];
        (part.iter().map(|&value| f64::from(value).powi(2)).sum::<f64>() / part.len() as f64).sqrt()
    }
}

/// The dot product of two equally long slices, in vector lanes.
pub(super) fn dot(first: &[f32], second: &[f32]) -> f32 {
    let mut lanes = [0.0f32; DISTANCE_LANES];
    let whole = first.len() - first.len() % DISTANCE_LANES;
    for (a, b) in first[..whole].chunks_exact(DISTANCE_LANES).zip(second[..whole].chunks_exact(DISTANCE_LANES)) {
        for ((lane, a), b) in lanes.iter_mut().zip(a).zip(b) {
            *lane += a * b;
        }
    }
    lanes.iter().sum::<f32>() + first[whole..].iter().zip(&second[whole..]).map(|(a, b)| a * b).sum::<f32>()
}

/// Samples summed between checks of the bound in [`squared_distance_within`].
const DISTANCE_BLOCK: usize = 32;

/// Independent partial sums within a block: the compiler keeps them in vector lanes (SIMD),
/// where one running sum would force one addition after another.
pub(super) const DISTANCE_LANES: usize = 8;

/// The sum of squared differences of `values` and `template` (equal lengths), if it stays
/// within `bound_sum`; abandoned as soon as a block's partial sum passes the bound, since most
/// comparisons are with other units' templates and fail early.
pub(super) fn squared_distance_within(values: &[f32], template: &[f32], bound_sum: f32) -> Option<f32> {
    let mut sum = 0.0f32;
    for (values, template) in values.chunks(DISTANCE_BLOCK).zip(template.chunks(DISTANCE_BLOCK)) {
        let mut lanes = [0.0f32; DISTANCE_LANES];
        let (values_whole, values_rest) = values.split_at(values.len() - values.len() % DISTANCE_LANES);
        let (template_whole, template_rest) = template.split_at(values_whole.len());
        for (values, template) in
            values_whole.chunks_exact(DISTANCE_LANES).zip(template_whole.chunks_exact(DISTANCE_LANES))
        {
            for ((lane, value), expected) in lanes.iter_mut().zip(values).zip(template) {
                *lane += (value - expected) * (value - expected);
            }
        }
        sum += lanes.iter().sum::<f32>();
        sum += values_rest
            .iter()
            .zip(template_rest)
            .map(|(value, expected)| (value - expected) * (value - expected))
            .sum::<f32>();
        if sum > bound_sum {
            return None;
        }
    }
    Some(sum)
}

/// `values` shifted left by `shift` samples (right when negative), the end samples repeated where
/// the shift leaves no value: a potential aligned to a template it was matched to at `shift`.
pub(super) fn shifted(values: &[f32], shift: isize) -> Vec<f32> {
    (0..values.len() as isize).map(|idx| values[(idx + shift).clamp(0, values.len() as isize - 1) as usize]).collect()
}
