//! How well the needle analysis recovers what the simulator put in: motor unit discharges
//! (sensitivity and precision per unit, units missed and units invented), template amplitude
//! and duration, spontaneous potentials found (fibrillation potentials, positive sharp waves,
//! fasciculation potentials, complex repetitive and myotonic discharges), and false detections
//! in a quiet muscle and in muscles without those.
//! `cargo xtask report needle` prints these; tests hold them to tolerances.

use super::needle::{NeedleSpec, NeedleTruth, SimulatedNeedle, SpontaneousKind};
use crate::needle::{analyse_needle, measure_muap, NeedleAnalysis, SpontaneousClass};

/// A discharge counts as found within this distance of the truth, after the unit's own lag
/// (its template may be aligned on another peak than the simulator's), ms.
const DISCHARGE_TOLERANCE_MS: f64 = 0.5;
/// A spontaneous potential counts as found within this distance, ms.
pub const SPONTANEOUS_TOLERANCE_MS: f64 = 2.0;
/// A fasciculation potential counts as found within this distance, ms: the analysis times a
/// potential at its first phase above threshold and the simulator at its main spike, which in a
/// motor unit potential lasting 10–14 ms (domain.md §4.1: 12.6 ms on average in tibialis
/// anterior) may lie several ms later.
const FASCICULATION_TOLERANCE_MS: f64 = 6.0;
/// EMGLAB's accuracy claim covers units whose peak-to-peak amplitude exceeds 2.5 × the RMS of
/// the signal (domain.md §4.3); units below it are counted apart.
pub const EMGLAB_AMPLITUDE_OVER_RMS: f64 = 2.5;

/// Scores of one simulated recording.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NeedleScore {
    /// Simulated motor units above 2.5 × signal RMS.
    pub large_units: usize,
    /// Of those, units found (a reported unit whose discharges are mostly theirs).
    pub large_units_found: usize,
    /// Simulated units below 2.5 × signal RMS, and how many were found.
    pub small_units: usize,
    /// Small units found.
    pub small_units_found: usize,
    /// Reported units whose discharges are mostly nobody's, or a unit already reported.
    pub invented_units: usize,
    /// Discharges of large units found (by the unit matched to them).
    pub large_discharges_found: usize,
    /// Discharges of large units.
    pub large_discharges: usize,
    /// Reported discharges that belong to the simulated unit their reported unit is matched to.
    pub reported_discharges_correct: usize,
    /// Every reported discharge, of every reported unit: those of invented units (matched to no
    /// simulated unit, or a second copy of one) are all false.
    pub reported_discharges: usize,
    /// Per matched unit: measured minus true template amplitude, % of the true amplitude.
    pub amplitude_errors_pct: Vec<f64>,
    /// Per matched unit: measured minus noise-free duration, ms.
    pub duration_errors_ms: Vec<f64>,
    /// Fibrillation potentials and positive sharp waves placed at rest.
    pub denervation_potentials: usize,
    /// Of those, found and called fibrillation or positive sharp wave.
    pub denervation_found: usize,
    /// Of those, called by their own name.
    pub denervation_named_right: usize,
    /// Fasciculation potentials placed, wherever the segmentation put them.
    pub fasciculations: usize,
    /// Of those, found and called fasciculation potentials.
    pub fasciculations_named_right: usize,
    /// Potentials called fasciculation potentials where none was placed.
    pub false_fasciculations: usize,
    /// Complex repetitive and myotonic discharges placed.
    pub repetitive_discharges: usize,
    /// Of those, reported as a discharge of their kind covering at least half of their span.
    pub repetitive_named_right: usize,
    /// Repetitive discharges reported where no discharge of their kind was placed.
    pub false_repetitive: usize,
}

/// Scores the analysis of one simulated recording.
pub fn score(spec: &NeedleSpec) -> (NeedleScore, NeedleAnalysis) {
    let simulated = spec.simulate();
    let analysis = analyse_needle(&simulated.samples_uv, simulated.sampling_rate_hz, None, None);
    (score_analysis(spec, &simulated, &analysis), analysis)
}

fn score_analysis(spec: &NeedleSpec, simulated: &SimulatedNeedle, analysis: &NeedleAnalysis) -> NeedleScore {
    let truth = &simulated.truth;
    let signal_rms = signal_rms_uv(&simulated.samples_uv);
    let mut result = NeedleScore::default();
    let is_large: Vec<bool> = truth
        .unit_discharges
        .iter()
        .map(|discharges| {
            discharges.first().is_some_and(|first| first.amplitude_uv > EMGLAB_AMPLITUDE_OVER_RMS * signal_rms)
        })
        .collect();
    result.reported_discharges = analysis.units.iter().map(|unit| unit.discharge_times_s.len()).sum();
    let truth_times: Vec<Vec<f64>> = truth
        .unit_discharges
        .iter()
        .map(|discharges| discharges.iter().map(|placed| placed.time_s).collect())
        .collect();
    let (found_by_truth, invented_units) = match_units(&truth_times, analysis);
    result.invented_units = invented_units;
    for (truth_idx, discharges) in truth.unit_discharges.iter().enumerate() {
        if is_large[truth_idx] {
            result.large_units += 1;
            result.large_discharges += discharges.len();
        } else {
            result.small_units += 1;
        }
        let Some((unit_idx, hits)) = found_by_truth[truth_idx] else { continue };
        let unit = &analysis.units[unit_idx];
        if is_large[truth_idx] {
            result.large_units_found += 1;
            result.large_discharges_found += hits;
        } else {
            result.small_units_found += 1;
        }
        result.reported_discharges_correct += hits;
        if let (Some(measures), Some(true_measures)) =
            (unit.measures, noise_free_measures(spec, truth_idx, simulated.sampling_rate_hz))
        {
            result
                .amplitude_errors_pct
                .push(100.0 * (measures.amplitude_uv - true_measures.amplitude_uv) / true_measures.amplitude_uv);
            result.duration_errors_ms.push(measures.duration_ms - true_measures.duration_ms);
        }
    }
    score_spontaneous(truth, analysis, &mut result);
    result
}

/// The RMS of a recording's samples, µV: EMGLAB's criterion for the units it counts is a
/// peak-to-peak amplitude above [`EMGLAB_AMPLITUDE_OVER_RMS`] times it.
pub(crate) fn signal_rms_uv(samples_uv: &[f32]) -> f64 {
    (samples_uv.iter().map(|&value| f64::from(value).powi(2)).sum::<f64>() / samples_uv.len().max(1) as f64).sqrt()
}

/// Each reported unit matched to the simulated unit (`truth_times`: each one's discharge times,
/// s) most of its discharges belong to: per simulated unit, the reported unit found for it and
/// how many of its discharges it holds; and the reported units that are nobody's or a second
/// copy of a unit already matched.
pub(crate) fn match_units(truth_times: &[Vec<f64>], analysis: &NeedleAnalysis) -> (Vec<Option<(usize, usize)>>, usize) {
    let mut found_by_truth: Vec<Option<(usize, usize)>> = vec![None; truth_times.len()];
    let mut invented_units = 0;
    for (unit_idx, unit) in analysis.units.iter().enumerate() {
        let best = truth_times
            .iter()
            .enumerate()
            .map(|(truth_idx, times)| (truth_idx, hits(&unit.discharge_times_s, times)))
            .max_by_key(|&(_, hits)| hits);
        match best {
            Some((truth_idx, hits))
                if 2 * hits > unit.discharge_times_s.len()
                    && found_by_truth[truth_idx].is_none_or(|(_, previous)| hits > previous) =>
            {
                if found_by_truth[truth_idx].is_some() {
                    invented_units += 1;
                }
                found_by_truth[truth_idx] = Some((unit_idx, hits));
            }
            _ => invented_units += 1,
        }
    }
    (found_by_truth, invented_units)
}

/// How many of `found` lie within the tolerance of a truth time, after the most common lag.
fn hits(found: &[f64], truth: &[f64]) -> usize {
    if found.is_empty() || truth.is_empty() {
        return 0;
    }
    let nearest = |time_s: f64| {
        let after = truth.partition_point(|&truth_time| truth_time < time_s);
        [after.checked_sub(1), Some(after)]
            .into_iter()
            .flatten()
            .filter_map(|idx| truth.get(idx))
            .map(|&truth_time| time_s - truth_time)
            .min_by(|first, second| first.abs().total_cmp(&second.abs()))
            .unwrap_or(f64::INFINITY)
    };
    let mut lags: Vec<f64> = found.iter().map(|&time_s| nearest(time_s)).filter(|lag| lag.abs() < 0.005).collect();
    if lags.is_empty() {
        return 0;
    }
    lags.sort_by(f64::total_cmp);
    let lag = lags[lags.len() / 2];
    found.iter().filter(|&&time_s| (nearest(time_s) - lag).abs() * 1000.0 <= DISCHARGE_TOLERANCE_MS).count()
}

/// The measures of a simulated unit's noise-free potential.
fn noise_free_measures(
    spec: &NeedleSpec,
    truth_idx: usize,
    sampling_rate_hz: f64,
) -> Option<crate::needle::MuapMeasures> {
    let shape = &spec.units.get(truth_idx)?.shape;
    let half = (crate::needle::decompose::HALF_WINDOW_MS * sampling_rate_hz / 1000.0).round() as i64;
    let values: Vec<f32> =
        (-half..=half).map(|idx| shape.value_uv(idx as f64 * 1000.0 / sampling_rate_hz) as f32).collect();
    let lowest = values.iter().enumerate().min_by(|first, second| first.1.total_cmp(second.1)).map(|(idx, _)| idx)?;
    measure_muap(&values, sampling_rate_hz, lowest)
}

fn score_spontaneous(truth: &NeedleTruth, analysis: &NeedleAnalysis, result: &mut NeedleScore) {
    let rest: Vec<(f64, f64)> = analysis
        .segments
        .iter()
        .filter(|segment| segment.kind == crate::needle::ActivityKind::Rest)
        .map(|segment| (segment.start_s, segment.end_s))
        .collect();
    score_fasciculations(truth, analysis, result);
    score_repetitive(truth, analysis, result);
    for (kind, placed) in &truth.spontaneous {
        let expected = match kind {
            SpontaneousKind::Fibrillation => SpontaneousClass::Fibrillation,
            SpontaneousKind::PositiveSharpWave => SpontaneousClass::PositiveSharpWave,
            SpontaneousKind::Fasciculation | SpontaneousKind::ComplexRepetitive | SpontaneousKind::Myotonic => continue,
        };
        for potential in placed.iter().filter(|potential| {
            rest.iter().any(|&(start_s, end_s)| potential.time_s >= start_s && potential.time_s < end_s)
        }) {
            result.denervation_potentials += 1;
            let found = analysis
                .spontaneous
                .potentials
                .iter()
                .filter(|found| (found.time_s - potential.time_s).abs() * 1000.0 <= SPONTANEOUS_TOLERANCE_MS)
                .map(|found| found.class)
                .collect::<Vec<_>>();
            if found
                .iter()
                .any(|class| matches!(class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave))
            {
                result.denervation_found += 1;
            }
            if found.contains(&expected) {
                result.denervation_named_right += 1;
            }
        }
    }
}

/// Fasciculation potentials placed and found, and those reported where none was placed.
fn score_fasciculations(truth: &NeedleTruth, analysis: &NeedleAnalysis, result: &mut NeedleScore) {
    let placed: Vec<f64> = truth
        .spontaneous
        .iter()
        .filter(|(kind, _)| *kind == SpontaneousKind::Fasciculation)
        .flat_map(|(_, potentials)| potentials.iter().map(|potential| potential.time_s))
        .collect();
    let near = |first_s: f64, second_s: f64| (first_s - second_s).abs() * 1000.0 <= FASCICULATION_TOLERANCE_MS;
    let reported: Vec<f64> = analysis
        .spontaneous
        .potentials
        .iter()
        .filter(|potential| potential.class == SpontaneousClass::Fasciculation)
        .map(|potential| potential.time_s)
        .collect();
    result.fasciculations += placed.len();
    result.fasciculations_named_right +=
        placed.iter().filter(|&&time_s| reported.iter().any(|&found_s| near(found_s, time_s))).count();
    result.false_fasciculations +=
        reported.iter().filter(|&&found_s| !placed.iter().any(|&time_s| near(found_s, time_s))).count();
}

/// Complex repetitive and myotonic discharges placed and found, and those reported where none
/// of their kind was placed.
fn score_repetitive(truth: &NeedleTruth, analysis: &NeedleAnalysis, result: &mut NeedleScore) {
    use crate::needle::spontaneous::RepetitiveKind;
    let placed: Vec<(RepetitiveKind, f64, f64)> = truth
        .spontaneous
        .iter()
        .filter_map(|(kind, potentials)| {
            let kind = match kind {
                SpontaneousKind::ComplexRepetitive => RepetitiveKind::ComplexRepetitive,
                SpontaneousKind::Myotonic => RepetitiveKind::Myotonic,
                _ => return None,
            };
            Some((kind, potentials.first()?.time_s, potentials.last()?.time_s))
        })
        .collect();
    let overlap_s = |first: (f64, f64), second: (f64, f64)| (first.1.min(second.1) - first.0.max(second.0)).max(0.0);
    let reported = &analysis.spontaneous.repetitive;
    result.repetitive_discharges += placed.len();
    result.repetitive_named_right += placed
        .iter()
        .filter(|&&(kind, start_s, end_s)| {
            reported.iter().any(|discharge| {
                discharge.kind == kind
                    && overlap_s((discharge.start_s, discharge.end_s), (start_s, end_s)) >= 0.5 * (end_s - start_s)
            })
        })
        .count();
    result.false_repetitive += reported
        .iter()
        .filter(|discharge| {
            !placed.iter().any(|&(kind, start_s, end_s)| {
                kind == discharge.kind && overlap_s((discharge.start_s, discharge.end_s), (start_s, end_s)) > 0.0
            })
        })
        .count();
}

/// False spontaneous potentials (fibrillations or positive sharp waves) per minute in a quiet
/// simulated muscle of `duration_s`, and the analysis.
pub fn false_denervation_per_minute(duration_s: f64, seed: u64) -> f64 {
    let simulated = NeedleSpec::quiet(duration_s, seed).simulate();
    let analysis = analyse_needle(&simulated.samples_uv, simulated.sampling_rate_hz, None, None);
    let false_potentials = analysis
        .spontaneous
        .potentials
        .iter()
        .filter(|potential| {
            matches!(potential.class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave)
        })
        .count();
    60.0 * false_potentials as f64 / duration_s
}

/// Adds up the scores of several recordings.
pub fn total(scores: &[NeedleScore]) -> NeedleScore {
    let mut sum = NeedleScore::default();
    for score in scores {
        sum.large_units += score.large_units;
        sum.large_units_found += score.large_units_found;
        sum.small_units += score.small_units;
        sum.small_units_found += score.small_units_found;
        sum.invented_units += score.invented_units;
        sum.large_discharges_found += score.large_discharges_found;
        sum.large_discharges += score.large_discharges;
        sum.reported_discharges_correct += score.reported_discharges_correct;
        sum.reported_discharges += score.reported_discharges;
        sum.amplitude_errors_pct.extend(&score.amplitude_errors_pct);
        sum.duration_errors_ms.extend(&score.duration_errors_ms);
        sum.denervation_potentials += score.denervation_potentials;
        sum.denervation_found += score.denervation_found;
        sum.denervation_named_right += score.denervation_named_right;
        sum.fasciculations += score.fasciculations;
        sum.fasciculations_named_right += score.fasciculations_named_right;
        sum.false_fasciculations += score.false_fasciculations;
        sum.repetitive_discharges += score.repetitive_discharges;
        sum.repetitive_named_right += score.repetitive_named_right;
        sum.false_repetitive += score.false_repetitive;
    }
    sum
}

/// The report's scenarios: each simulated muscle with `n_seeds` variants.
pub fn scenarios(n_seeds: u64) -> Vec<(&'static str, Vec<NeedleSpec>)> {
    vec![
        ("normal", (0..n_seeds).map(NeedleSpec::normal_seeded).collect()),
        ("neurogenic", (0..n_seeds).map(NeedleSpec::neurogenic_seeded).collect()),
        ("myopathic", (0..n_seeds).map(NeedleSpec::myopathic_seeded).collect()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discharges_of_an_invented_unit_count_against_precision() {
        let spec = NeedleSpec::normal();
        let simulated = spec.simulate();
        let mut analysis = analyse_needle(&simulated.samples_uv, simulated.sampling_rate_hz, None, None);
        let honest = score_analysis(&spec, &simulated, &analysis);
        // A unit nobody simulated: a copy of the first one, firing 7 ms after each of its
        // discharges, where no simulated unit fires at a fixed lag.
        let mut invented = analysis.units[0].clone();
        invented.discharge_times_s.iter_mut().for_each(|time_s| *time_s += 0.007);
        let n_invented = invented.discharge_times_s.len();
        analysis.units.push(invented);
        let with_invented = score_analysis(&spec, &simulated, &analysis);
        assert_eq!(with_invented.invented_units, honest.invented_units + 1, "{with_invented:?}");
        assert_eq!(with_invented.reported_discharges, honest.reported_discharges + n_invented, "{with_invented:?}");
        assert_eq!(with_invented.reported_discharges_correct, honest.reported_discharges_correct, "{with_invented:?}");
    }
}
