//! Myotonic and complex repetitive discharges told from a train's rate, its regularity, and how
//! its rate and amplitude hold steady or wax and wane (domain.md §4.1: the AANEM glossary and
//! WashU Neuromuscular).

use super::classify::FIBRILLATION_MAX_MS;
use super::{RepetitiveKind, SpontaneousClass};

/// Fewest intervals of a train that is judged a myotonic or complex repetitive discharge: ten
/// potentials, enough to see a rate hold steady or wax and wane (edxview's own).
pub(in crate::needle) const MIN_REPETITIVE_INTERVALS: usize = 9;
/// Rates of a complex repetitive discharge, Hz (WashU Neuromuscular, domain.md §4.1).
pub(in crate::needle) const COMPLEX_REPETITIVE_RATES_HZ: std::ops::RangeInclusive<f64> = 5.0..=150.0;
/// Largest interval variation of a complex repetitive discharge: its rate is "near-constant"
/// (WashU, domain.md §4.1), steadier than any voluntary unit's; the number is edxview's own.
pub(in crate::needle) const COMPLEX_REPETITIVE_MAX_CV: f64 = 0.05;
/// Largest amplitude range (over the mean) of a complex repetitive discharge's potentials:
/// "uniform frequency, shape and amplitude" (glossary, domain.md §4.1); the number is
/// edxview's own.
const COMPLEX_REPETITIVE_MAX_AMPLITUDE_RANGE: f64 = 0.3;
/// Mean rates of a myotonic discharge, Hz (AANEM glossary, domain.md §4.1, secondary source).
pub(in crate::needle) const MYOTONIC_RATES_HZ: std::ops::RangeInclusive<f64> = 20.0..=80.0;
/// A myotonic discharge's rate and amplitude must each wax and wane by at least this share of
/// their mean, after smoothing over `WAXING_SMOOTHING` potentials so that noise does not count
/// (the glossary gives no number; edxview's own choice).
const MYOTONIC_MIN_WAXING: f64 = 0.3;
/// Potentials over which a train's rate and amplitude are smoothed before waxing is judged.
const WAXING_SMOOTHING: usize = 5;

/// Myotonic or complex repetitive discharge, from a train's steady interval (mean, CV), all its
/// intervals and its amplitudes in time order, and its first potential's duration.
pub(super) fn repetitive_kind(
    class: SpontaneousClass,
    (mean_interval_s, cv): (f64, f64),
    all_intervals: &[f64],
    amplitudes: &[f64],
    duration_ms: f64,
) -> Option<RepetitiveKind> {
    if all_intervals.len() < MIN_REPETITIVE_INTERVALS {
        return None;
    }
    let rate_hz = 1.0 / mean_interval_s;
    let complex = duration_ms >= FIBRILLATION_MAX_MS && class != SpontaneousClass::PositiveSharpWave;
    if complex
        && COMPLEX_REPETITIVE_RATES_HZ.contains(&rate_hz)
        && cv < COMPLEX_REPETITIVE_MAX_CV
        && range(amplitudes) < COMPLEX_REPETITIVE_MAX_AMPLITUDE_RANGE
    {
        return Some(RepetitiveKind::ComplexRepetitive);
    }
    let rates: Vec<f64> = all_intervals.iter().map(|interval| 1.0 / interval).collect();
    let mean_rate_hz = all_intervals.len() as f64 / all_intervals.iter().sum::<f64>();
    if MYOTONIC_RATES_HZ.contains(&mean_rate_hz)
        && range(&smoothed(&rates)) >= MYOTONIC_MIN_WAXING
        && range(&smoothed(amplitudes)) >= MYOTONIC_MIN_WAXING
    {
        return Some(RepetitiveKind::Myotonic);
    }
    None
}

/// Highest minus lowest over the mean.
fn range(values: &[f64]) -> f64 {
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    (values.iter().copied().fold(f64::NEG_INFINITY, f64::max) - values.iter().copied().fold(f64::INFINITY, f64::min))
        / mean
}

/// Moving means over `WAXING_SMOOTHING` consecutive values.
fn smoothed(values: &[f64]) -> Vec<f64> {
    values.windows(WAXING_SMOOTHING.min(values.len())).map(|run| run.iter().sum::<f64>() / run.len() as f64).collect()
}
