//! Overlapping potentials: two (or three) templates, each placed near a potential's alignment
//! point, whose sum explains what no single template does (superimpositions, domain.md §4.3).

use crate::dsp::stats::extent;

use super::keep::MIN_SPAN_IN_NOISE;
use super::matcher::{dot, squared_distance_within, Matcher, DISTANCE_LANES, MATCH_IN_NOISE, MATCH_SHARE_OF_TEMPLATE};

/// How far from the alignment point the close-pair search places each of two overlapping
/// potentials, ± ms: two spikes less than a millisecond apart raise one peak between their own,
/// where neither template alone matches and their troughs do not show.
pub(super) const CLOSE_PAIR_SHIFT_MS: f64 = 1.0;
/// The search steps by this much first, ms, and then refines each placement to the sample.
pub(super) const CLOSE_PAIR_STEP_MS: f64 = 0.1;
/// Failing a close pair, the search places each potential within ±3 ms (overlaps of a
/// neurogenic muscle's long units lie 2–4 ms apart, three of a myopathic muscle's within
/// ±2.5 ms; a potential 2.4 ms from a larger one spoils its match), stepping by 0.2 ms first:
/// at 0.1 ms it found a little more (myopathic sensitivity 87.2 against 86.3 %) but made the
/// whole analysis 12 % slower. Within ±2 ms it found 97.1 % of the neurogenic discharges and
/// 93.6 % of the myopathic, within ±2.6 ms 97.9 and 94.6 %, within ±3 ms 97.8 and 94.9 %
/// (about 9 % slower than ±2 ms), and within ±3.2 ms no more.
pub(super) const WIDE_PAIR_SHIFT_MS: f64 = 3.0;
pub(super) const WIDE_PAIR_STEP_MS: f64 = 0.2;
/// Placements of the first potential tried in the close-pair search: the templates that best
/// explain the potential on their own, each at its best shift.
const CLOSE_PAIR_FIRSTS: usize = 3;
/// Templates tried in pairs at every pair of shifts: those that best explain the potential on
/// their own. In the simulated myopathic muscle (nine units) the best three found 91.9 % of the
/// discharges, the best eight 92.7 %, and every candidate 92.9 % at 40 % more time.
const CLOSE_PAIR_LEADING: usize = 8;
/// Times each of three overlapping potentials is placed again on what the other two leave.
const TRIPLE_REFINEMENTS: usize = 2;
/// Only potentials whose spike spans at least `MIN_SPAN_IN_NOISE` are sought as close pairs:
/// smaller leftovers of imperfect subtraction are not two units (in the simulated muscles no
/// smaller one was, and they are most of the candidates).
const CLOSE_PAIR_MIN_SPAN_IN_NOISE: f64 = MIN_SPAN_IN_NOISE;

/// A placement in the close-pair search: a candidate template and a coarse shift, by index.
type Placement = (usize, usize);

/// The close-pair search: two templates, each within ±`reach` samples of the alignment point,
/// whose sum best explains a potential over the spike region. The squared residual of a pair is
/// `‖x‖² − 2⟨x, a⟩ − 2⟨x, b⟩ + ‖a‖² + ‖b‖² + 2⟨a, b⟩`: the products with the potential are
/// computed once per template and shift, and the products of two templates depend (up to the
/// region's edges) only on their lag, so they are computed once per decomposition; the best
/// pair's residual is then computed exactly.
pub(super) struct ClosePairs {
    pub(super) reach: usize,
    step: usize,
    region_start: usize,
    region_len: usize,
    /// Per template, its energy over the region at each shift (index `shift + reach`).
    energies: Vec<Vec<f32>>,
    /// Per pair of templates, their product at each lag of the second after the first (index
    /// `lag + 2 reach`).
    products: Vec<Vec<Vec<f32>>>,
    /// The same at the lags between coarse shifts only, from the most negative (index 0).
    coarse_products: Vec<Vec<Vec<f32>>>,
    /// Per pair of templates, the least of those: a bound on what a pair can explain.
    least_coarse_products: Vec<Vec<f32>>,
    /// Per template, the peak-to-peak of its compared spike, µV.
    spans: Vec<f64>,
    /// How many leading templates are tried in pairs at every pair of shifts: none in the
    /// assignment that only finds which templates are units.
    leading: usize,
}

impl ClosePairs {
    /// The search over `templates`, each placed within ±`reach` samples, stepping by `step`
    /// first; only a `thorough` one tries every pair of the leading templates.
    pub(super) fn of(
        templates: &[Vec<f32>],
        matcher: &Matcher,
        reach: usize,
        step: usize,
        thorough: bool,
    ) -> ClosePairs {
        let half_region = matcher.compare + reach;
        let region_start = matcher.centre.saturating_sub(half_region);
        let region_len = 2 * half_region + 1;
        let placed = |template: &[f32], shift: isize| -> Vec<f32> {
            (0..region_len)
                .map(|idx| {
                    (region_start + idx)
                        .checked_add_signed(-shift)
                        .and_then(|position| template.get(position))
                        .copied()
                        .unwrap_or(0.0)
                })
                .collect()
        };
        let shifts = -(reach as isize)..=reach as isize;
        let energies = templates
            .iter()
            .map(|template| {
                shifts.clone().map(|shift| dot(&placed(template, shift), &placed(template, shift))).collect()
            })
            .collect();
        let centred: Vec<Vec<f32>> = templates.iter().map(|template| placed(template, 0)).collect();
        let lags = -2 * reach as isize..=2 * reach as isize;
        // Each template placed once per lag, then its products with every centred template.
        let mut products = vec![vec![Vec::with_capacity(4 * reach + 1); templates.len()]; templates.len()];
        for (second_idx, second) in templates.iter().enumerate() {
            for lag in lags.clone() {
                let second_placed = placed(second, lag);
                for (first_idx, first) in centred.iter().enumerate() {
                    products[first_idx][second_idx].push(dot(first, &second_placed));
                }
            }
        }
        let step = step.max(1);
        // Lags between two coarse shifts, in steps from the most negative: (shifts − 1) steps
        // either way.
        let shift_count = 2 * reach / step + 1;
        let coarse_lags: Vec<usize> =
            (0..2 * shift_count - 1).map(|steps| 2 * reach + steps * step - (shift_count - 1) * step).collect();
        let coarse_products: Vec<Vec<Vec<f32>>> = products
            .iter()
            .map(|row| row.iter().map(|by_lag| coarse_lags.iter().map(|&lag| by_lag[lag]).collect()).collect())
            .collect();
        let least_coarse_products =
            coarse_products.iter().map(|row| row.iter().map(|by_lag| extent(by_lag).0).collect()).collect();
        let spans = templates.iter().map(|template| matcher.spike_span(template)).collect();
        ClosePairs {
            reach,
            step,
            region_start,
            region_len,
            energies,
            products,
            coarse_products,
            least_coarse_products,
            spans,
            leading: if thorough { CLOSE_PAIR_LEADING } else { 0 },
        }
    }

    /// The two templates, with their shifts from the alignment point, whose sum explains
    /// `values` (a cut centred on the potential) within the match limit, if any pair does; or,
    /// when the best pair leaves too much, those two and the third template that best explains
    /// what they leave (three potentials within ±2.5 ms were 40 % of the myopathic misses), if
    /// the three do.
    pub(super) fn resolve(
        &self,
        values: &[f32],
        templates: &[Vec<f32>],
        matcher: &Matcher,
    ) -> Option<Vec<(usize, isize)>> {
        let region = values.get(self.region_start..self.region_start + self.region_len)?;
        let reach = self.reach as isize;
        // Only templates whose spike could be one of two making this one: neither far smaller
        // (it would hide in the other's match limit) nor far larger.
        let span = matcher.spike_span(values).max(f64::MIN_POSITIVE);
        if span < CLOSE_PAIR_MIN_SPAN_IN_NOISE * matcher.noise {
            return None;
        }
        let candidates: Vec<usize> =
            (0..templates.len()).filter(|&idx| (0.25..=2.0).contains(&(self.spans[idx] / span))).collect();
        if candidates.len() < 2 {
            return None;
        }
        let product_with = |template_idx: usize, shift: isize| {
            let start = (self.region_start as isize - shift) as usize;
            dot(&templates[template_idx][start..start + self.region_len], region)
        };
        // The gain of a placement: how much of the potential's energy it removes.
        let gain = |template_idx: usize, shift: isize, product: f32| {
            2.0 * product - self.energies[template_idx][(shift + reach) as usize]
        };
        let coarse: Vec<isize> = (-reach..=reach).step_by(self.step).collect();
        debug_assert_eq!(coarse.len(), 2 * self.reach / self.step + 1);
        // Per candidate, its product with the potential at each coarse shift.
        let products: Vec<Vec<f32>> = candidates
            .iter()
            .map(|&template_idx| coarse.iter().map(|&shift| product_with(template_idx, shift)).collect())
            .collect();
        let cross = |first: (usize, isize), second: (usize, isize)| {
            self.products[first.0][second.0][(second.1 - first.1 + 2 * reach) as usize]
        };
        let gains: Vec<Vec<f32>> = candidates
            .iter()
            .zip(&products)
            .map(|(&template_idx, row)| {
                coarse.iter().zip(row).map(|(&shift, &product)| gain(template_idx, shift, product)).collect()
            })
            .collect();
        let best_gains: Vec<f32> = gains.iter().map(|row| extent(row).1).collect();
        // The products of a placement with each placement of another candidate, by the other's
        // shift index.
        let shift_count = coarse.len();
        let lag_products = |first: Placement, second_idx: usize| -> &[f32] {
            &self.coarse_products[candidates[first.0]][candidates[second_idx]][shift_count - 1 - first.1..]
                [..shift_count]
        };
        // The best placement of a second candidate among `seconds` with `first`, if it beats
        // `bound`.
        let best_partner = |first: Placement, seconds: &mut dyn Iterator<Item = usize>, bound: f32| {
            let mut best: Option<(Placement, f32)> = None;
            for second_idx in seconds.filter(|&idx| idx != first.0) {
                // No placement of the second can do better than its best gain with the least
                // product of the two.
                let at_most = gains[first.0][first.1] + best_gains[second_idx]
                    - 2.0 * self.least_coarse_products[candidates[first.0]][candidates[second_idx]];
                if at_most <= best.map_or(bound, |(_, best_value)| best_value) {
                    continue;
                }
                let lags = lag_products(first, second_idx);
                let value = gains[first.0][first.1] + largest_difference(&gains[second_idx], lags);
                if value > best.map_or(bound, |(_, best_value)| best_value) {
                    best = Some(((second_idx, largest_difference_at(&gains[second_idx], lags)), value));
                }
            }
            best
        };
        let mut firsts: Vec<(Placement, f32)> = gains
            .iter()
            .enumerate()
            .filter_map(|(idx, row)| {
                row.iter()
                    .enumerate()
                    .map(|(shift_idx, &value)| ((idx, shift_idx), value))
                    .max_by(|a, b| a.1.total_cmp(&b.1))
            })
            .collect();
        firsts.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut best: Option<(Placement, Placement, f32)> = None;
        let beats = |best: &Option<(Placement, Placement, f32)>| best.map_or(f32::NEG_INFINITY, |(_, _, value)| value);
        // The templates that best explain the potential alone, each at its best shift, with its
        // best partner among all candidates, and then placed again where that partner leaves it
        // best.
        for &(first, _) in firsts.iter().take(CLOSE_PAIR_FIRSTS) {
            let Some((second, value)) = best_partner(first, &mut (0..candidates.len()), f32::NEG_INFINITY) else {
                continue;
            };
            let (first, value) = best_partner(second, &mut (0..candidates.len()), value).unwrap_or((first, value));
            if value > beats(&best) {
                best = Some((first, second, value));
            }
        }
        // And every pair of the leading templates at every pair of shifts: when two potentials
        // overlap, neither's best shift alone is where it lies.
        let leading: Vec<usize> = firsts.iter().take(self.leading).map(|&((idx, _), _)| idx).collect();
        for (rank, &first_idx) in leading.iter().enumerate() {
            for first_shift_idx in 0..shift_count {
                let first = (first_idx, first_shift_idx);
                if let Some((second, value)) =
                    best_partner(first, &mut leading[rank + 1..].iter().copied(), beats(&best))
                {
                    best = Some((first, second, value));
                }
            }
        }
        let (first, second, _) = best?;
        // A placement's gain on what `others` leave: its gain on the potential less twice its
        // products with each of them.
        let gain_with = |template_idx: usize, shift: isize, alone: f32, others: &[(usize, isize)]| {
            alone - 2.0 * others.iter().map(|&other| cross(other, (template_idx, shift))).sum::<f32>()
        };
        // A coarse placement refined to the sample, `others` held.
        let refined = |template_idx: usize, coarse_shift: isize, others: &[(usize, isize)]| -> isize {
            (coarse_shift - self.step as isize + 1..=coarse_shift + self.step as isize - 1)
                .filter(|fine| fine.abs() <= reach)
                .map(|fine| {
                    let alone = gain(template_idx, fine, product_with(template_idx, fine));
                    (fine, gain_with(template_idx, fine, alone, others))
                })
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map_or(coarse_shift, |(fine, _)| fine)
        };
        let mut placed = [(candidates[first.0], coarse[first.1]), (candidates[second.0], coarse[second.1])];
        for which in 0..2 {
            let (template_idx, shift) = placed[which];
            placed[which].1 = refined(template_idx, shift, &[placed[1 - which]]);
        }
        // The exact residual over the region, against the limit for the sum's spike.
        let exact = |placed: &[(usize, isize)]| -> Option<bool> {
            let mut model = vec![0.0f32; self.region_len];
            for &(template_idx, shift) in placed {
                let start = (self.region_start as isize - shift) as usize;
                for (sum, &value) in model.iter_mut().zip(&templates[template_idx][start..start + self.region_len]) {
                    *sum += value;
                }
            }
            let n = self.region_len as f64;
            let residual = (f64::from(squared_distance_within(region, &model, f32::INFINITY)?) / n).sqrt();
            let model_rms = (f64::from(dot(&model, &model)) / n).sqrt();
            let limit = (MATCH_SHARE_OF_TEMPLATE * model_rms).max(MATCH_IN_NOISE * matcher.noise);
            Some(residual <= limit)
        };
        if exact(&placed)? {
            return Some(placed.to_vec());
        }
        // The best placement, on what the two `others` leave, of a template neither of them is:
        // `gain_with` at each coarse shift, reading each other's products with the candidate
        // along its row (a coarse shift's lag after a placement at `other.1` is `reach − other.1`
        // plus a whole number of steps).
        let best_with = |others: [(usize, isize); 2]| -> Option<(usize, isize)> {
            let mut found: Option<((usize, usize), f32)> = None;
            for idx in (0..candidates.len()).filter(|&idx| others.iter().all(|other| other.0 != candidates[idx])) {
                let [(first, first_at), (second, second_at)] =
                    others.map(|(other, shift)| (&self.products[other][candidates[idx]], (reach - shift) as usize));
                let mut best_value = found.map_or(f32::NEG_INFINITY, |(_, value)| value);
                for (shift_idx, &alone) in gains[idx].iter().enumerate() {
                    let lag = shift_idx * self.step;
                    let value = alone - 2.0 * (first[first_at + lag] + second[second_at + lag]);
                    if found.is_none() || value > best_value {
                        found = Some(((idx, shift_idx), value));
                        best_value = value;
                    }
                }
            }
            let ((idx, shift_idx), _) = found?;
            Some((candidates[idx], refined(candidates[idx], coarse[shift_idx], &others)))
        };
        // A third potential on what the pair leaves; then each of the three placed again on what
        // the other two leave: the pair was the best of two, not of three.
        let mut three = [placed[0], placed[1], best_with(placed)?];
        for _ in 0..TRIPLE_REFINEMENTS {
            if exact(&three)? {
                return Some(three.to_vec());
            }
            let before = three;
            for which in 0..3 {
                let others = [three[(which + 1) % 3], three[(which + 2) % 3]];
                if let Some(better) = best_with(others) {
                    three[which] = better;
                }
            }
            if three == before {
                return None;
            }
        }
        exact(&three)?.then(|| three.to_vec())
    }
}

/// The largest `gains[k] − 2 products[k]`, in vector lanes: the best partner of one placement
/// in the close-pair search.
fn largest_difference(gains: &[f32], products: &[f32]) -> f32 {
    let mut lanes = [f32::NEG_INFINITY; DISTANCE_LANES];
    let whole = gains.len() - gains.len() % DISTANCE_LANES;
    for (gain, product) in
        gains[..whole].chunks_exact(DISTANCE_LANES).zip(products[..whole].chunks_exact(DISTANCE_LANES))
    {
        for ((lane, gain), product) in lanes.iter_mut().zip(gain).zip(product) {
            let value = gain - 2.0 * product;
            if value > *lane {
                *lane = value;
            }
        }
    }
    gains[whole..]
        .iter()
        .zip(&products[whole..])
        .map(|(gain, product)| gain - 2.0 * product)
        .chain(lanes)
        .fold(f32::NEG_INFINITY, |largest, value| if value > largest { value } else { largest })
}

/// Where `gains[k] − 2 products[k]` is largest.
fn largest_difference_at(gains: &[f32], products: &[f32]) -> usize {
    let mut best = (0, f32::NEG_INFINITY);
    for (idx, (gain, product)) in gains.iter().zip(products).enumerate() {
        let value = gain - 2.0 * product;
        if value > best.1 {
            best = (idx, value);
        }
    }
    best.0
}
