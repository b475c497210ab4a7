//! Fibrillation potentials and positive sharp waves overlapping one another. Two brief
//! potentials a few milliseconds apart measure as one long one, which by its length passes for a
//! motor unit's: a fasciculation potential that is not there. At 3+ and 4+ (the baseline nearly
//! filled, domain.md §4.1) such overlaps are many; a fasciculation potential in amyotrophic
//! lateral sclerosis measures 560.6 ± 366.9 µV (§4.1), larger than most fibrillation potentials.

use super::{SpontaneousClass, SpontaneousPotential, SpontaneousTrain};

/// A lone long potential is read as an overlap when it is no larger than this many times the
/// largest fibrillation potential or positive sharp wave of the same rest (edxview's own: two
/// overlapping potentials sum to at most twice the larger, and are seldom aligned so well)...
const OVERLAP_MAX_AMPLITUDE_RATIO: f64 = 1.5;
/// ...and a fibrillation potential or positive sharp wave is timed within its extent: half its
/// duration either side of its alignment point, with this margin, ms (edxview's own)...
const OVERLAP_MARGIN_MS: f64 = 1.0;
/// ...or they fire more than this many a second, the baseline nearly filled (4+, domain.md
/// §4.1; the number is edxview's grading rule's): overlaps are then the rule, and the
/// potential riding on one may not be detected apart.
pub(super) const DENSE_PER_S: f64 = 20.0;

/// Unclassifies the fasciculation potentials of no train among `potentials` (in time order,
/// found in `rest_s` seconds of rest) that are an overlap of the fibrillation potentials and
/// positive sharp waves beside them.
pub(super) fn unclassify_overlaps(potentials: &mut [SpontaneousPotential], rest_s: f64) {
    let is_denervation = |potential: &SpontaneousPotential| {
        matches!(potential.class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave)
    };
    let largest_uv = potentials
        .iter()
        .filter(|potential| is_denervation(potential))
        .map(|potential| potential.amplitude_uv)
        .fold(0.0, f64::max);
    if largest_uv <= 0.0 {
        return;
    }
    let count = potentials.iter().filter(|potential| is_denervation(potential)).count();
    let dense = rest_s > 0.0 && count as f64 / rest_s > DENSE_PER_S;
    let overlaps: Vec<usize> = potentials
        .iter()
        .enumerate()
        .filter(|(_, potential)| {
            potential.class == SpontaneousClass::Fasciculation
                && potential.train_idx.is_none()
                && potential.amplitude_uv <= OVERLAP_MAX_AMPLITUDE_RATIO * largest_uv
        })
        .filter(|(_, potential)| {
            let reach_s = (potential.duration_ms / 2.0 + OVERLAP_MARGIN_MS) / 1000.0;
            dense
                || potentials
                    .iter()
                    .any(|other| is_denervation(other) && (other.time_s - potential.time_s).abs() <= reach_s)
        })
        .map(|(idx, _)| idx)
        .collect();
    for idx in overlaps {
        potentials[idx].class = SpontaneousClass::Unclassified;
    }
}

/// Unclassifies the fasciculation trains among `trains` whose potentials (their median) are no
/// larger than [`OVERLAP_MAX_AMPLITUDE_RATIO`] times the median fibrillation potential or
/// positive sharp wave of the same rest (the median, as a large potential misread as a
/// fibrillation must not set the scale): a fasciculation is a motor unit's discharge, larger
/// than most fibrillation potentials (560.6 ± 366.9 µV in amyotrophic lateral sclerosis,
/// domain.md §4.1), and fibrillation-sized potentials repeating at rest are a fibrillation train
/// split in pieces (edxview's own rule).
pub(super) fn unclassify_fibrillation_sized_trains(
    potentials: &mut [SpontaneousPotential],
    trains: &mut [SpontaneousTrain],
) {
    let mut denervation_uv: Vec<f64> = potentials
        .iter()
        .filter(|potential| {
            matches!(potential.class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave)
        })
        .map(|potential| potential.amplitude_uv)
        .collect();
    if denervation_uv.is_empty() {
        return;
    }
    denervation_uv.sort_by(f64::total_cmp);
    let typical_uv = denervation_uv[denervation_uv.len() / 2];
    for (train_idx, train) in trains.iter_mut().enumerate() {
        if train.class != SpontaneousClass::Fasciculation {
            continue;
        }
        let mut amplitudes: Vec<f64> = potentials
            .iter()
            .filter(|potential| potential.train_idx == Some(train_idx))
            .map(|potential| potential.amplitude_uv)
            .collect();
        if amplitudes.is_empty() {
            continue;
        }
        amplitudes.sort_by(f64::total_cmp);
        let median_uv = amplitudes[amplitudes.len() / 2];
        if median_uv <= OVERLAP_MAX_AMPLITUDE_RATIO * typical_uv {
            train.class = SpontaneousClass::Unclassified;
            for potential in potentials.iter_mut().filter(|potential| potential.train_idx == Some(train_idx)) {
                potential.class = SpontaneousClass::Unclassified;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn potential(time_s: f64, class: SpontaneousClass, amplitude_uv: f64, duration_ms: f64) -> SpontaneousPotential {
        SpontaneousPotential { time_s, class, amplitude_uv, duration_ms, train_idx: None }
    }

    #[test]
    fn a_long_potential_beside_a_fibrillation_potential_and_no_larger_is_an_overlap() {
        let mut potentials = vec![
            potential(1.000, SpontaneousClass::Fibrillation, 200.0, 1.5),
            potential(1.004, SpontaneousClass::Fasciculation, 260.0, 8.0),
            potential(2.000, SpontaneousClass::Fasciculation, 250.0, 8.0),
            potential(3.000, SpontaneousClass::Fibrillation, 180.0, 1.5),
            potential(3.003, SpontaneousClass::Fasciculation, 900.0, 9.0),
        ];
        unclassify_overlaps(&mut potentials, 10.0);
        let classes: Vec<SpontaneousClass> = potentials.iter().map(|potential| potential.class).collect();
        assert_eq!(
            classes,
            [
                SpontaneousClass::Fibrillation,
                SpontaneousClass::Unclassified,
                SpontaneousClass::Fasciculation,
                SpontaneousClass::Fibrillation,
                SpontaneousClass::Fasciculation,
            ],
            "alone, or larger than two fibrillation potentials make, it stays a fasciculation potential"
        );
        // At more than 20 fibrillation potentials a second, one no larger than them is an overlap
        // wherever it lies; a larger one is still a fasciculation potential.
        let mut dense: Vec<SpontaneousPotential> =
            (0..110).map(|idx| potential(f64::from(idx) * 0.045, SpontaneousClass::Fibrillation, 200.0, 1.5)).collect();
        dense.push(potential(2.0225, SpontaneousClass::Fasciculation, 250.0, 8.0));
        dense.push(potential(3.0225, SpontaneousClass::Fasciculation, 900.0, 9.0));
        unclassify_overlaps(&mut dense, 5.0);
        assert_eq!(dense[110].class, SpontaneousClass::Unclassified);
        assert_eq!(dense[111].class, SpontaneousClass::Fasciculation);
    }
}
