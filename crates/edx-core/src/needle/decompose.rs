//! Decomposition of voluntary activity into motor units by template matching, after the steps
//! EMGLAB describes (domain.md §4.3; McGill et al. 2005 — reimplemented from the description):
//! potentials are cut around their main negative peak, grouped by shape, superimposed pairs are
//! peeled apart where two templates explain them (an exact search over both placements, within
//! ±1 ms and then ±3 ms, with a third template added where the best pair leaves too much:
//! `overlaps`), the potentials are assigned a second time among the units found, to templates
//! refined from their discharges seen alone, each unit's measured template is the median of its
//! discharges seen alone once the other units' are subtracted, a
//! unit cannot discharge twice within 20 ms (so two templates of one shape whose discharges
//! together respect that are one unit, split in two), and a unit must discharge on its own more
//! than once per second of voluntary activity. A unit firing alone at the onset or end of
//! effort claims its discharges in the rest beside the voluntary stretch (`edges`).

use super::detect::{Event, Signals};
use super::muap::{measure_muap, MuapMeasures};
use crate::dsp::stats::{extent, largest_magnitude};

mod edges;
mod overlaps;
pub use edges::claim_edge_discharges;
use overlaps::{ClosePairs, CLOSE_PAIR_SHIFT_MS, CLOSE_PAIR_STEP_MS, WIDE_PAIR_SHIFT_MS, WIDE_PAIR_STEP_MS};

/// Half-width of the measured template around each discharge, ms (a 25 ms window holds long
/// neurogenic units).
pub const HALF_WINDOW_MS: f64 = 12.5;
/// How far from the alignment point a template's most negative point is sought when it is
/// recentred, ± ms.
const PAIR_REACH_MS: f64 = 3.0;
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
const MATCH_SHARE_OF_TEMPLATE: f64 = 0.2;
/// ...or below this many noise levels, whichever is larger.
const MATCH_IN_NOISE: f64 = 2.0;
/// Two templates are one unit when they differ by less than this share of the template's RMS
/// (or the noise floor below): stricter than a single potential's match, because templates are
/// medians with little noise left, and two units of similar size and shape must stay apart.
const MERGE_SHARE_OF_TEMPLATE: f64 = 0.12;
/// ...or below this many noise levels: a template is a median of many potentials, with far
/// less noise than one potential, so two units' templates differing by a single potential's
/// noise floor (`MATCH_IN_NOISE`) are still two units; at that floor the simulated myopathic
/// muscles' smallest units merged into their neighbours.
const MERGE_IN_NOISE: f64 = 1.0;
/// Most potentials templates are learned from (spread over the recording): enough for every
/// unit firing at 1 Hz or more to gather members, few enough to keep the first pass fast.
const LEARNING_POTENTIALS: usize = 3_000;
/// Rounds of detection on the residual after the first assignment.
const RESIDUAL_ROUNDS: usize = 2;
/// Potentials found on the residual count only this close to the voluntary activity's, ms.
const NEAR_ACTIVITY_MS: f64 = 30.0;
/// A unit's spike must span at least three detection thresholds (4 noise levels each),
/// peak to peak: noise peaks that just cross the threshold, aligned on their peaks, have a
/// median just above it and gather into a "unit" of their own, as in one simulated normal
/// muscle (edxview's own choice).
const MIN_SPAN_IN_NOISE: f64 = 12.0;
/// The first assignment, which finds which templates are units and refines their templates,
/// sees at most this many seconds of the voluntary activity, in `FIRST_ASSIGNMENT_STRETCHES`
/// unbroken stretches spread evenly over it; the final assignment sees all of it. Thirty
/// seconds hold dozens of discharges of every unit firing at 1 Hz or more. On a minute of
/// simulated activity (four seeds of each muscle) the analysis took 21 % fewer instructions and
/// found the same units, none invented, with 11 609 against 11 610 normal, 13 220 against
/// 13 219 neurogenic and 22 336 against 22 321 myopathic discharges; recordings of up to 30 s
/// (the report's and both PhysioNet records) are analysed exactly as before.
const FIRST_ASSIGNMENT_S: f64 = 30.0;
/// Stretches the first assignment sees a long recording in.
const FIRST_ASSIGNMENT_STRETCHES: usize = 6;
/// Fewest discharges for a unit to be reported.
const MIN_DISCHARGES: usize = 5;
/// A unit must discharge at least this often over the voluntary activity, on average, per s
/// (EMGLAB keeps a unit only if it occurs more than once per second of signal, domain.md §4.3).
const MIN_MEAN_RATE_HZ: f64 = 1.0;
/// Shortest interval at which one unit can discharge twice, ms (EMGLAB splits classes whose
/// members are under 40 ms apart; 20 ms allows firing at up to 50 Hz).
const MIN_INTERVAL_MS: f64 = 20.0;
/// Inter-discharge intervals longer than this are pauses, not steady firing, ms.
const MAX_FIRING_INTERVAL_MS: f64 = 250.0;

/// A motor unit found in the recording.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MotorUnit {
    /// The template: median of the aligned discharges of the measured signal, µV,
    /// `HALF_WINDOW_MS` either side of the alignment point.
    pub template_uv: Vec<f32>,
    /// Index of the alignment point in the template.
    pub alignment_idx: usize,
    /// Discharge times, s from the recording start, in order.
    pub discharge_times_s: Vec<f64>,
    /// Parameters of the template (None when the template could not be measured).
    pub measures: Option<MuapMeasures>,
    /// Firing rate during steady firing (from intervals under 250 ms), Hz.
    pub firing_rate_hz: Option<f64>,
    /// Coefficient of variation of those intervals.
    pub interval_cv: Option<f64>,
    /// How many discharges were found only by peeling a superimposition apart.
    pub n_resolved_superimpositions: usize,
}

/// A potential cut out of the spike-band signal, `HALF_WINDOW_MS` either side.
struct Waveform {
    values: Vec<f32>,
}

/// A cluster being built: its members (waveform and the shift aligning it to the template),
/// their running mean and the mean's peak-to-peak spike.
struct Cluster {
    sum: Vec<f64>,
    template: Vec<f32>,
    spike_span: f64,
    limit: f64,
    members: Vec<(usize, isize)>,
}

impl Cluster {
    fn new(waveform_idx: usize, values: &[f32], matcher: &Matcher) -> Cluster {
        Cluster {
            sum: values.iter().map(|&value| f64::from(value)).collect(),
            template: values.to_vec(),
            spike_span: matcher.spike_span(values),
            limit: matcher.limit(values),
            members: vec![(waveform_idx, 0)],
        }
    }

    /// Adds a member aligned to the template by `shift` samples.
    fn add(&mut self, waveform_idx: usize, values: &[f32], shift: isize, matcher: &Matcher) {
        self.members.push((waveform_idx, shift));
        let n = self.members.len() as f64;
        for ((sum, mean), value) in self.sum.iter_mut().zip(&mut self.template).zip(shifted(values, shift)) {
            *sum += f64::from(value);
            *mean = (*sum / n) as f32;
        }
        self.spike_span = matcher.spike_span(&self.template);
        self.limit = matcher.limit(&self.template);
    }
}

/// Finds motor units among `events` (potentials of voluntary activity lasting `voluntary_s`).
///
/// Potentials are matched on the spike-band signal, where each unit's spike is brief and the
/// slow tails of its neighbours have been filtered away, so overlapping units still match; the
/// templates that are measured are then cut from the measured (2 Hz high-passed) signal.
pub fn decompose(signals: &Signals, events: &[Event], voluntary_s: f64) -> Vec<MotorUnit> {
    let half = signals.samples_in(HALF_WINDOW_MS);
    let compare = signals.samples_in(COMPARE_HALF_MS);
    let measured = &signals.measured_uv;
    let detection = &signals.detection_uv;
    let margin = half + signals.samples_in(WIDE_SHIFT_MS);
    let usable: Vec<&Event> = events
        .iter()
        .filter(|event| event.sample_idx >= margin && event.sample_idx + margin < measured.len())
        .filter(|event| {
            measured[event.sample_idx - half..=event.sample_idx + half].iter().all(|value| value.is_finite())
        })
        .collect();
    // Templates are learned from potentials spread evenly over the recording, at most
    // LEARNING_POTENTIALS of them; every potential is assigned afterwards.
    let stride = usable.len().div_ceil(LEARNING_POTENTIALS).max(1);
    let waveforms: Vec<Waveform> = usable
        .iter()
        .step_by(stride)
        .map(|event| Waveform { values: detection[event.sample_idx - half..=event.sample_idx + half].to_vec() })
        .collect();
    if waveforms.is_empty() {
        return Vec::new();
    }
    let matcher = Matcher::of(signals);

    // First pass: greedy grouping, largest potentials first.
    let amplitudes: Vec<f64> = waveforms.iter().map(|waveform| amplitude(&waveform.values)).collect();
    let mut order: Vec<usize> = (0..waveforms.len()).collect();
    order.sort_by(|&first, &second| amplitudes[second].total_cmp(&amplitudes[first]));
    let mut clusters: Vec<Cluster> = Vec::new();
    for &waveform_idx in &order {
        // Narrow shifts only, and only clusters whose spike is within 25 % of this one's size:
        // this pass sees every potential against every cluster, so it must be cheap, and
        // potentials that differ more are other units or superimpositions. Units split here by
        // alignment are merged below.
        let values = &waveforms[waveform_idx].values;
        let span = matcher.spike_span(values);
        let comparable = clusters.iter().map(|cluster| {
            (
                if (0.8..=1.25).contains(&(cluster.spike_span / span.max(f64::MIN_POSITIVE))) {
                    cluster.template.as_slice()
                } else {
                    &[]
                },
                cluster.limit,
            )
        });
        match matcher.best_within(values, comparable, -(matcher.max_shift as isize)..=matcher.max_shift as isize) {
            Some((cluster_idx, _, shift)) => clusters[cluster_idx].add(waveform_idx, values, shift, &matcher),
            None => clusters.push(Cluster::new(waveform_idx, values, &matcher)),
        }
    }

    // Templates of clusters large enough to be units: medians of their aligned members, centred
    // on their most negative point (so a unit found twice, aligned on two of its peaks, is seen
    // as one), and crossing the detection threshold themselves (a cluster of misaligned
    // leftovers averages to almost nothing).
    let min_discharges = MIN_DISCHARGES.max((MIN_MEAN_RATE_HZ * voluntary_s).ceil() as usize);
    let min_members = min_discharges.div_ceil(stride).max(3);
    let threshold = super::detect::THRESHOLD_IN_NOISE * signals.noise_uv;
    let templates: Vec<Vec<f32>> = clusters
        .iter()
        .filter(|cluster| cluster.members.len() >= min_members)
        .map(|cluster| {
            let aligned: Vec<Vec<f32>> =
                cluster.members.iter().map(|&(idx, shift)| shifted(&waveforms[idx].values, shift)).collect();
            matcher.recentre(&median_template(aligned.iter().map(Vec::as_slice), 2 * half + 1))
        })
        .filter(|template| f64::from(largest_magnitude(&template[half - compare..=half + compare])) >= threshold)
        .collect();
    let templates = merge_similar(templates, &matcher);

    // Potentials are assigned again among the units alone, with refined templates: templates
    // that turn out not to be units (seen too rarely on their own, or explaining less than they
    // leave) have still taken potentials, often of a unit of nearly their shape in an overlap,
    // and a unit's template learned from a few thousand potentials is noisier, and sometimes
    // spoilt by overlaps, where the median of its discharges seen alone is not.
    let whole = 0..measured.len();
    let context = Assignment {
        signals,
        events,
        detect_within: std::slice::from_ref(&whole),
        matcher: &matcher,
        margin,
        threshold,
        min_discharges,
    };
    let share = (FIRST_ASSIGNMENT_S / voluntary_s).min(1.0);
    let spread: Vec<Event>;
    let (first_events, first_within): (&[Event], _) = if share < 1.0 {
        let (chosen, within) = stretches_of(events, share, signals.samples_in(NEAR_ACTIVITY_MS) + margin);
        spread = chosen;
        (&spread, within)
    } else {
        (events, vec![whole.clone()])
    };
    let first = Assignment {
        events: first_events,
        detect_within: &first_within,
        min_discharges: MIN_DISCHARGES.max((MIN_MEAN_RATE_HZ * voluntary_s * share).ceil() as usize),
        ..context
    };
    let (discharges, residual) = first.assign(&templates, false);
    let first_units = first.units_of(discharges, &templates, &residual);
    let refined: Vec<(Vec<f32>, &[Discharge])> = first_units
        .iter()
        .map(|found| (median_template(alone_cuts(&signals.detection_uv, found, half), 2 * half + 1), found.as_slice()))
        .filter(|(template, _)| !template.is_empty())
        .collect();
    let templates = without_superimpositions(refined, signals, &matcher);
    let (discharges, residual) = context.assign(&templates, true);
    let units = context.units_of(discharges, &templates, &residual);
    let mut units = context.motor_units(&units);
    units.sort_by(|first, second| first.discharge_times_s[0].total_cmp(&second.discharge_times_s[0]));
    units
}

/// The potentials of `share` of `events` (time order), in `FIRST_ASSIGNMENT_STRETCHES`
/// unbroken runs spread evenly over them, with the samples each run spans widened by `reach`:
/// an assignment within each run resolves overlaps as it would over the whole recording.
fn stretches_of(events: &[Event], share: f64, reach: usize) -> (Vec<Event>, Vec<std::ops::Range<usize>>) {
    let block = events.len().div_ceil(FIRST_ASSIGNMENT_STRETCHES).max(1);
    let run = ((block as f64 * share).ceil() as usize).clamp(1, block);
    let runs: Vec<&[Event]> = events.chunks(block).map(|chunk| &chunk[..run.min(chunk.len())]).collect();
    let mut ranges: Vec<std::ops::Range<usize>> = Vec::with_capacity(runs.len());
    for run in &runs {
        let (Some(first), Some(last)) = (run.first(), run.last()) else { continue };
        let range = first.sample_idx.saturating_sub(reach)..last.sample_idx + reach + 1;
        match ranges.last_mut() {
            // Runs closer than twice the reach are sought as one, so no potential is found twice.
            Some(previous) if range.start <= previous.end => previous.end = range.end,
            _ => ranges.push(range),
        }
    }
    (runs.concat(), ranges)
}

/// A discharge assigned to a template: its alignment sample, the residual RMS of its match
/// (infinite when resolved in an overlap) and whether it was resolved in an overlap.
type Discharge = (usize, f64, bool);

/// What assigning potentials to templates needs.
#[derive(Clone, Copy)]
struct Assignment<'a> {
    signals: &'a Signals,
    /// The potentials to assign, in time order.
    events: &'a [Event],
    /// Where potentials hidden under others are sought again on the residual, samples.
    detect_within: &'a [std::ops::Range<usize>],
    matcher: &'a Matcher,
    /// Potentials this close to either end of the recording cannot be cut, samples.
    margin: usize,
    /// Detection threshold, µV.
    threshold: f64,
    /// Fewest discharges seen on their own for a template to be a unit.
    min_discharges: usize,
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
    fn assign(&self, templates: &[Vec<f32>], thorough: bool) -> (Vec<Vec<Discharge>>, Vec<f32>) {
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
                    .flat_map(|range| super::detect::detect_events_in(&residual, signals, range.clone()))
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
                let assigned: Vec<(usize, usize, f64, bool)> = match matcher.best(values, comparable) {
                    Some((template_idx, residual_rms, shift)) => {
                        vec![(template_idx, event.sample_idx.wrapping_add_signed(shift), residual_rms, false)]
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
                        let pair: Vec<(usize, usize, f64, bool)> =
                            if round == 0 || (thorough && changed_near(event.sample_idx)) {
                                close_pairs
                                    .resolve(values, templates, matcher)
                                    .or_else(|| wide_pairs.resolve(values, templates, matcher))
                                    .into_iter()
                                    .flatten()
                                    .map(|(template_idx, shift)| {
                                        (template_idx, event.sample_idx.wrapping_add_signed(shift), f64::INFINITY, true)
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
                                    vec![(
                                        template_idx,
                                        event.sample_idx.wrapping_add_signed(shift),
                                        f64::INFINITY,
                                        true,
                                    )]
                                })
                                .unwrap_or_default()
                        } else {
                            pair
                        }
                    }
                };
                for (template_idx, sample_idx, residual_rms, resolved) in assigned {
                    let template = &templates[template_idx];
                    let first = sample_idx as isize - half as isize;
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
                    changed.push(sample_idx);
                    discharges[template_idx].push((sample_idx, residual_rms, resolved));
                }
            }
        }
        (discharges, residual)
    }

    /// The discharges of each template that is a unit (one unit of two templates joined, one
    /// discharge kept of two within the shortest interval): a unit is seen on its own often
    /// enough, spans three detection thresholds and explains more than it leaves.
    fn units_of(
        &self,
        discharges: Vec<Vec<Discharge>>,
        templates: &[Vec<f32>],
        residual: &[f32],
    ) -> Vec<Vec<Discharge>> {
        let (signals, matcher) = (self.signals, self.matcher);
        let min_interval = signals.samples_in(MIN_INTERVAL_MS);
        join_split_units(discharges, templates, matcher, min_interval)
            .into_iter()
            .zip(templates)
            .filter_map(|(mut found, spike_template)| {
                found.sort_by_key(|(sample_idx, _, _)| *sample_idx);
                // One unit cannot fire twice within 20 ms: keep the better-matching discharge.
                let mut kept: Vec<(usize, f64, bool)> = Vec::with_capacity(found.len());
                for discharge in found {
                    match kept.last_mut() {
                        Some(previous) if discharge.0 < previous.0 + min_interval => {
                            if discharge.1 < previous.1 {
                                *previous = discharge;
                            }
                        }
                        _ => kept.push(discharge),
                    }
                }
                // A unit is seen on its own more often than in superimpositions: one found mostly in
                // them is a template that merely helps explain other units' overlaps.
                let n_alone = kept.iter().filter(|(_, _, resolved)| !resolved).count();
                if n_alone < self.min_discharges
                    || matcher.spike_span(spike_template) < MIN_SPAN_IN_NOISE * signals.noise_uv
                    || !explains_its_discharges(
                        spike_template,
                        kept.iter().filter(|(_, _, resolved)| !resolved).map(|(sample_idx, _, _)| *sample_idx),
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

    /// The motor units of these discharges, each with its template measured on the recording
    /// from its discharges seen alone, once every other unit's discharges are subtracted: in a
    /// full interference pattern the other units' potentials near a discharge do not average
    /// out of a few dozen discharges, and their remains lengthen the template's duration.
    fn motor_units(&self, units: &[Vec<Discharge>]) -> Vec<MotorUnit> {
        let signals = self.signals;
        let half = self.matcher.centre;
        let length = 2 * half + 1;
        let unit_of = |kept: &[Discharge], template_uv: Vec<f32>| {
            let discharge_times_s: Vec<f64> =
                kept.iter().map(|(sample_idx, _, _)| *sample_idx as f64 / signals.sampling_rate_hz).collect();
            let (firing_rate_hz, interval_cv) = firing(&discharge_times_s);
            MotorUnit {
                measures: measure_muap(&template_uv, signals.sampling_rate_hz, half),
                template_uv,
                alignment_idx: half,
                discharge_times_s,
                firing_rate_hz,
                interval_cv,
                n_resolved_superimpositions: kept.iter().filter(|(_, _, resolved)| *resolved).count(),
            }
        };
        // The units as first measured; those that are a larger unit's late phase or satellite,
        // firing time-locked to it, are dropped before anything is subtracted: subtracted, they
        // would take that phase out of the larger unit's template.
        let first_units: Vec<MotorUnit> = units
            .iter()
            .map(|kept| unit_of(kept, median_template(alone_cuts(&signals.measured_uv, kept, half), length)))
            .collect();
        let kept_idx = not_time_locked(&first_units);
        let mut others_removed = signals.measured_uv.clone();
        for &unit_idx in &kept_idx {
            for &(sample_idx, _, _) in &units[unit_idx] {
                let Some(window) =
                    sample_idx.checked_sub(half).and_then(|start| others_removed.get_mut(start..start + length))
                else {
                    continue;
                };
                for (sample, value) in window.iter_mut().zip(&first_units[unit_idx].template_uv) {
                    *sample -= value;
                }
            }
        }
        kept_idx
            .into_iter()
            .filter_map(|unit_idx| {
                let first_template = &first_units[unit_idx].template_uv;
                let own_restored: Vec<Vec<f32>> = alone_cuts(&others_removed, &units[unit_idx], half)
                    .map(|cut| cut.iter().zip(first_template).map(|(rest, own)| rest + own).collect())
                    .collect();
                let unit = unit_of(&units[unit_idx], median_template(own_restored.iter().map(Vec::as_slice), length));
                unit.measures.is_some().then_some(unit)
            })
            .collect()
    }
}

/// The templates (each with its discharges) less those that two (or three) of the others,
/// overlapping, explain and that do not fire as a unit does: the superimposition of two units
/// is seen "alone" often enough to pass for a unit of its own (in the simulated neurogenic
/// demonstration a 3.5 mV "unit" of 11 discharges, the sum of two large units), and it takes
/// those units' overlapping potentials; dropped before the final assignment, they are resolved
/// as the overlap they are. A sum fires when its parts happen to coincide, so most of its
/// intervals are longer than a unit's steady firing (250 ms); a large unit whose shape is the
/// sum of two smaller ones at one lag, as in the simulated normal muscles, fires steadily.
fn without_superimpositions(
    templates: Vec<(Vec<f32>, &[Discharge])>,
    signals: &Signals,
    matcher: &Matcher,
) -> Vec<Vec<f32>> {
    let longest = signals.samples_in(MAX_FIRING_INTERVAL_MS);
    let fires_steadily = |discharges: &[Discharge]| {
        let mut times: Vec<usize> = discharges.iter().map(|(sample_idx, _, _)| *sample_idx).collect();
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
                    && matcher.spike_rms(&difference)
                        <= (MERGE_SHARE_OF_TEMPLATE * matcher.spike_rms(template)).max(MERGE_IN_NOISE * matcher.noise)
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

/// The cuts of `samples`, ±`half` samples, around the discharges seen alone (not resolved in an
/// overlap) whose samples are all finite.
fn alone_cuts<'a>(
    samples: &'a [f32],
    discharges: &'a [Discharge],
    half: usize,
) -> impl Iterator<Item = &'a [f32]> + 'a {
    discharges.iter().filter(|(_, _, resolved)| !resolved).filter_map(move |(sample_idx, _, _)| {
        samples
            .get(sample_idx.checked_sub(half)?..=sample_idx + half)
            .filter(|values| values.iter().all(|value| value.is_finite()))
    })
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
    mut discharges: Vec<Vec<(usize, f64, bool)>>,
    templates: &[Vec<f32>],
    matcher: &Matcher,
    min_interval: usize,
) -> Vec<Vec<(usize, f64, bool)>> {
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
            let mut times: Vec<usize> = discharges[larger].iter().map(|(sample_idx, _, _)| *sample_idx).collect();
            times.sort_unstable();
            let conflicts = discharges[smaller]
                .iter()
                .filter(|(sample_idx, _, _)| {
                    // Every discharge of the larger within the shortest interval, not only the
                    // nearest: the nearest may be this one taken by both.
                    let aligned = sample_idx.wrapping_add_signed(shift);
                    let low = times.partition_point(|&time| time + min_interval <= aligned);
                    let high = times.partition_point(|&time| time < aligned.saturating_add(min_interval));
                    times[low..high.max(low)].iter().any(|&time| time.abs_diff(aligned) > matcher.near_shift)
                })
                .count();
            if (conflicts as f64) <= SPLIT_MAX_CONFLICT_SHARE * discharges[smaller].len() as f64 {
                let moved: Vec<(usize, f64, bool)> = std::mem::take(&mut discharges[smaller])
                    .into_iter()
                    .map(|(sample_idx, residual, resolved)| (sample_idx.wrapping_add_signed(shift), residual, resolved))
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
fn not_time_locked(units: &[MotorUnit]) -> Vec<usize> {
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

/// Compares potentials with templates over the main spike.
struct Matcher {
    /// Index of the alignment point in a cut.
    centre: usize,
    /// How far a second potential is sought, samples.
    pair_reach: usize,
    /// Half-width of the compared spike, samples.
    compare: usize,
    /// Half-width of the spike's core, compared when a neighbour spoils the rest, samples.
    core: usize,
    /// Shifts tried first, ± samples.
    max_shift: usize,
    /// Shifts tried when those fail, ± samples...
    near_shift: usize,
    /// ...and at other negative peaks within these when those fail too, ± samples.
    wide_shift: usize,
    /// Noise level of the spike-band signal, µV.
    noise: f64,
}

impl Matcher {
    /// The matcher for a recording's signals.
    fn of(signals: &Signals) -> Matcher {
        Matcher {
            centre: signals.samples_in(HALF_WINDOW_MS),
            compare: signals.samples_in(COMPARE_HALF_MS),
            core: signals.samples_in(CORE_HALF_MS),
            max_shift: signals.samples_in(SHIFT_MS),
            near_shift: signals.samples_in(NEAR_SHIFT_MS),
            wide_shift: signals.samples_in(WIDE_SHIFT_MS),
            pair_reach: signals.samples_in(PAIR_REACH_MS),
            noise: signals.noise_uv,
        }
    }

    /// The template that matches `values` with the smallest residual, trying narrow shifts
    /// first, then near ones, and wide ones only when no template matches: (template, residual
    /// RMS, shift).
    fn best<'a>(
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
    fn best_within<'a>(
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
    fn best_core(&self, values: &[f32], templates: &[Vec<f32>], cores: &[(f64, f64)]) -> Option<(usize, isize)> {
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
    fn core_measures(&self, templates: &[Vec<f32>]) -> Vec<(f64, f64)> {
        let core = Matcher { compare: self.core, ..*self };
        templates.iter().map(|template| (core.spike_span(template), core.limit(template))).collect()
    }

    /// Peak-to-peak of the compared spike, µV.
    fn spike_span(&self, values: &[f32]) -> f64 {
        let (lowest, highest) = extent(&values[self.centre - self.compare..=self.centre + self.compare]);
        f64::from(highest - lowest)
    }

    /// The template shifted so that its most negative point within the pair reach is at the
    /// centre.
    fn recentre(&self, template: &[f32]) -> Vec<f32> {
        let reach = self.centre - self.pair_reach..=self.centre + self.pair_reach;
        let lowest =
            reach.min_by(|&first, &second| template[first].total_cmp(&template[second])).unwrap_or(self.centre);
        shifted(template, lowest as isize - self.centre as isize)
    }

    /// The smallest residual RMS over shifts up to `max_shift`, with its shift. The compared
    /// stretch is the template's spike widened by the shift, so it always covers the
    /// potential's own spike too: a small template cannot "match" by sliding onto baseline.
    fn residual_within(&self, values: &[f32], template: &[f32], max_shift: usize) -> Option<(f64, isize)> {
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
    fn fractional_residual(&self, values: &[f32], template: &[f32], shift: isize) -> f64 {
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
    fn limit(&self, template: &[f32]) -> f64 {
        (MATCH_SHARE_OF_TEMPLATE * self.spike_rms(template)).max(MATCH_IN_NOISE * self.noise)
    }

    fn spike_rms(&self, template: &[f32]) -> f64 {
        let part = &template[self.centre - self.compare..=self.centre + self.compare];
        (part.iter().map(|&value| f64::from(value).powi(2)).sum::<f64>() / part.len() as f64).sqrt()
    }
}

/// The dot product of two equally long slices, in vector lanes.
fn dot(first: &[f32], second: &[f32]) -> f32 {
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
const DISTANCE_LANES: usize = 8;

/// The sum of squared differences of `values` and `template` (equal lengths), if it stays
/// within `bound_sum`; abandoned as soon as a block's partial sum passes the bound, since most
/// comparisons are with other units' templates and fail early.
fn squared_distance_within(values: &[f32], template: &[f32], bound_sum: f32) -> Option<f32> {
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

/// Merges templates that are one unit split in two by the greedy pass.
fn merge_similar(templates: Vec<Vec<f32>>, matcher: &Matcher) -> Vec<Vec<f32>> {
    let mut merged: Vec<Vec<f32>> = Vec::new();
    for template in templates {
        let duplicate = merged.iter().any(|kept| {
            matcher.residual_within(&template, kept, matcher.wide_shift).is_some_and(|(_, shift)| {
                matcher.fractional_residual(&template, kept, shift)
                    <= (MERGE_SHARE_OF_TEMPLATE * matcher.spike_rms(kept)).max(MERGE_IN_NOISE * matcher.noise)
            })
        });
        if !duplicate {
            merged.push(template);
        }
    }
    merged
}

/// The sample-wise median of waveforms.
fn median_template<'a>(waveforms: impl Iterator<Item = &'a [f32]>, length: usize) -> Vec<f32> {
    let waveforms: Vec<&[f32]> = waveforms.collect();
    if waveforms.is_empty() {
        return Vec::new();
    }
    let middle = waveforms.len() / 2;
    let mut column = Vec::with_capacity(waveforms.len());
    (0..length)
        .map(|idx| {
            column.clear();
            column.extend(waveforms.iter().map(|values| values[idx]));
            *column.select_nth_unstable_by(middle, f32::total_cmp).1
        })
        .collect()
}

fn shifted(values: &[f32], shift: isize) -> Vec<f32> {
    (0..values.len() as isize).map(|idx| values[(idx + shift).clamp(0, values.len() as isize - 1) as usize]).collect()
}

fn amplitude(values: &[f32]) -> f64 {
    let (lowest, highest) = extent(values);
    f64::from(highest - lowest)
}

/// Firing rate and interval variability from steady firing (intervals under 250 ms).
fn firing(times_s: &[f64]) -> (Option<f64>, Option<f64>) {
    let intervals: Vec<f64> = times_s
        .windows(2)
        .map(|pair| pair[1] - pair[0])
        .filter(|&interval| interval * 1000.0 <= MAX_FIRING_INTERVAL_MS)
        .collect();
    if intervals.len() < 3 {
        return (None, None);
    }
    let mean = intervals.iter().sum::<f64>() / intervals.len() as f64;
    let variance =
        intervals.iter().map(|interval| (interval - mean).powi(2)).sum::<f64>() / (intervals.len() - 1) as f64;
    (Some(1.0 / mean), Some(variance.sqrt() / mean))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_assignment_sees_spread_unbroken_stretches() {
        let events: Vec<Event> =
            (0..600).map(|idx| Event { sample_idx: 1_000 + 100 * idx, detection_peak_uv: 100.0 }).collect();
        let (chosen, ranges) = stretches_of(&events, 0.5, 30);
        assert_eq!(chosen.len(), 300);
        assert_eq!(ranges.len(), FIRST_ASSIGNMENT_STRETCHES);
        assert_eq!(ranges[0], 970..1_000 + 100 * 49 + 31);
        assert_eq!(ranges[1].start, 1_000 + 100 * 100 - 30);
        assert!(chosen.iter().all(|event| ranges.iter().any(|range| range.contains(&event.sample_idx))));
        // Runs closer than the reach are sought as one stretch.
        let (chosen, ranges) = stretches_of(&events, 0.99, 200);
        assert_eq!(chosen.len(), 6 * 99);
        assert_eq!(ranges, vec![800..1_000 + 100 * 598 + 201]);
    }

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
