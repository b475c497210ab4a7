//! Learning templates: the shapes that recur among the potentials of voluntary activity, each a
//! candidate motor unit. After EMGLAB's clustering (McGill et al. 2005, domain.md §4.3 step 4: a
//! prototype gathers its near neighbours and the template is their median, reimplemented from
//! the description), done here greedily in one pass: each potential, largest first, joins the
//! cluster whose running mean it matches (`matcher`) or starts one of its own. A cluster with
//! members enough for a unit gives a template, the median of its aligned members, and templates
//! of one unit aligned on two of its peaks are merged. Which templates are units is decided
//! only once the potentials are assigned to them (`keep`).

use super::matcher::{shifted, Matcher};
use super::median_template;
use crate::dsp::stats::{extent, largest_magnitude};
use crate::needle::detect::Event;

/// Most potentials templates are learned from (spread over the recording): enough for every
/// unit firing at 1 Hz or more to gather members, few enough to keep the first pass fast.
const LEARNING_POTENTIALS: usize = 3_000;

/// A potential cut out of the spike-band signal, `HALF_WINDOW_MS` either side.
struct Waveform {
    values: Vec<f32>,
}

/// A cluster being built: its members (waveform and the shift aligning it to the template),
/// their running mean and the mean's peak-to-peak spike.
struct Cluster {
    /// Sum of the aligned members, sample by sample.
    sum: Vec<f64>,
    /// Their mean: what the next potential is compared with.
    template: Vec<f32>,
    /// Peak-to-peak of the mean's compared spike, µV.
    spike_span: f64,
    /// The mean's match limit ([`Matcher::limit`]).
    limit: f64,
    /// Index of each member among the waveforms, and the shift aligning it to the mean.
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

/// The templates learned from `usable` (potentials whose whole window lies in the recording, in
/// time order) on the spike-band signal `detection`, each centred on its most negative point.
/// A unit needs `min_discharges` over the whole activity (fewer members, in proportion, when
/// only some of the potentials are learned from); `threshold` is the detection threshold, µV.
pub(super) fn learn_templates(
    detection: &[f32],
    usable: &[&Event],
    matcher: &Matcher,
    min_discharges: usize,
    threshold: f64,
) -> Vec<Vec<f32>> {
    let (half, compare) = (matcher.centre, matcher.compare);
    // Templates are learned from potentials spread evenly over the recording, at most
    // LEARNING_POTENTIALS of them; every potential is assigned afterwards.
    let stride = usable.len().div_ceil(LEARNING_POTENTIALS).max(1);
    let waveforms: Vec<Waveform> = usable
        .iter()
        .step_by(stride)
        .map(|event| Waveform { values: detection[event.sample_idx - half..=event.sample_idx + half].to_vec() })
        .collect();

    // Greedy grouping, largest potentials first.
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
            Some((cluster_idx, _, shift)) => clusters[cluster_idx].add(waveform_idx, values, shift, matcher),
            None => clusters.push(Cluster::new(waveform_idx, values, matcher)),
        }
    }

    // Templates of clusters large enough to be units: medians of their aligned members, centred
    // on their most negative point (so a unit found twice, aligned on two of its peaks, is seen
    // as one), and crossing the detection threshold themselves (a cluster of misaligned
    // leftovers averages to almost nothing).
    let min_members = min_discharges.div_ceil(stride).max(3);
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
    merge_similar(templates, matcher)
}

/// Merges templates that are one unit split in two by the greedy pass.
fn merge_similar(templates: Vec<Vec<f32>>, matcher: &Matcher) -> Vec<Vec<f32>> {
    let mut merged: Vec<Vec<f32>> = Vec::new();
    for template in templates {
        let duplicate = merged.iter().any(|kept| {
            matcher.residual_within(&template, kept, matcher.wide_shift).is_some_and(|(_, shift)| {
                matcher.fractional_residual(&template, kept, shift) <= matcher.merge_limit(kept)
            })
        });
        if !duplicate {
            merged.push(template);
        }
    }
    merged
}

/// Peak-to-peak over the whole cut, µV: the order in which potentials are grouped.
fn amplitude(values: &[f32]) -> f64 {
    let (lowest, highest) = extent(values);
    f64::from(highest - lowest)
}
