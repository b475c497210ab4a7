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
        let lower_middle = below
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, |largest, value| if value > largest { value } else { largest });
        (lower_middle + upper_middle) / 2.0
    } else {
        upper_middle
    }
}

/// Independent running extremes in [`extent`]: the compiler keeps them in vector lanes.
const EXTENT_LANES: usize = 8;

/// The lowest and highest of `values`, NaN values ignored; (∞, −∞) when none is left. Written
/// with comparisons in lanes: `f32::min` and `f32::max`, whose NaN rule has no single
/// WebAssembly instruction, become a library call per value in the browser's build, and these
/// scans run over every potential the needle analysis compares.
pub fn extent(values: &[f32]) -> (f32, f32) {
    let mut lowest = [f32::INFINITY; EXTENT_LANES];
    let mut highest = [f32::NEG_INFINITY; EXTENT_LANES];
    let chunks = values.chunks_exact(EXTENT_LANES);
    let rest = chunks.remainder();
    for chunk in chunks {
        for ((value, lowest), highest) in chunk.iter().zip(&mut lowest).zip(&mut highest) {
            if *value < *lowest {
                *lowest = *value;
            }
            if *value > *highest {
                *highest = *value;
            }
        }
    }
    let candidates = lowest.iter().zip(&highest).chain(rest.iter().map(|value| (value, value)));
    candidates.fold((f32::INFINITY, f32::NEG_INFINITY), |(lowest, highest), (&low, &high)| {
        (if low < lowest { low } else { lowest }, if high > highest { high } else { highest })
    })
}

/// The largest absolute value in `values`, NaN values ignored; 0 when none is left.
pub fn largest_magnitude(values: &[f32]) -> f32 {
    let (lowest, highest) = extent(values);
    let largest = if -lowest > highest { -lowest } else { highest };
    if largest > 0.0 {
        largest
    } else {
        0.0
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
    fn extent_ignores_nan_and_covers_every_lane() {
        let values: Vec<f32> = (0..19).map(|idx| (idx as f32 - 7.0) * if idx % 2 == 0 { 1.0 } else { -1.0 }).collect();
        let expected = values
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(low, high), &value| (low.min(value), high.max(value)));
        assert_eq!(extent(&values), expected);
        assert_eq!(extent(&[f32::NAN, 2.0, -3.0]), (-3.0, 2.0));
        assert_eq!(extent(&[]), (f32::INFINITY, f32::NEG_INFINITY));
        assert_eq!(largest_magnitude(&[1.0, -4.5, f32::NAN, 3.0]), 4.5);
        assert_eq!(largest_magnitude(&[f32::NAN]), 0.0);
    }

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
