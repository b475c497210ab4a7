//! Robust statistics for baselines and noise levels.

/// The median of `values` (NaN values ignored); NaN when none is left.
pub fn median(values: &[f32]) -> f64 {
    let mut present: Vec<f64> = values.iter().filter(|value| !value.is_nan()).map(|&value| f64::from(value)).collect();
    if present.is_empty() {
        return f64::NAN;
    }
    // Selection, not a full sort: linear time, which matters over a minute of 20 kHz samples.
    let is_even = present.len() % 2 == 0;
    let middle = present.len() / 2;
    let (below, &mut upper_middle, _) = present.select_nth_unstable_by(middle, f64::total_cmp);
    if is_even {
        let lower_middle = below.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lower_middle + upper_middle) / 2.0
    } else {
        upper_middle
    }
}

/// A robust standard deviation: the median absolute deviation from `centre`, scaled by 1.4826 so
/// that it equals the standard deviation for Gaussian noise; outliers (a stray spike) barely move
/// it.
pub fn robust_standard_deviation(values: &[f32], centre: f64) -> f64 {
    let deviations: Vec<f32> =
        values.iter().filter(|value| !value.is_nan()).map(|&value| (f64::from(value) - centre).abs() as f32).collect();
    1.4826 * median(&deviations)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[f32::NAN]).is_nan());
    }

    #[test]
    fn robust_deviation_ignores_a_spike() {
        let mut values: Vec<f32> = (0..1000).map(|idx| if idx % 2 == 0 { 1.0 } else { -1.0 }).collect();
        values[10] = 1000.0;
        assert!((robust_standard_deviation(&values, 0.0) - 1.4826).abs() < 1e-9);
    }
}
