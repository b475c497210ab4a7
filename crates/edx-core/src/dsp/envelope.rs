//! Min/max envelopes, so that drawing a signal costs pixels, not samples.
//!
//! A [`MinMaxPyramid`] holds, for bins of 16, 64, 256, … samples, the smallest and largest value
//! of each bin. A view showing `s` samples per pixel column reads the coarsest level whose bins
//! are no wider than `s` and reduces at most four bins per column; below 16 samples per column
//! it reads the samples themselves. The pyramid adds one sixth of the signal's size.

/// Samples per bin of the finest level.
pub const FINEST_BIN: usize = 16;
/// How many bins of one level make a bin of the next.
pub const LEVEL_FACTOR: usize = 4;

/// Bins of one width: minimum and maximum of each, interleaved (`[min₀, max₀, min₁, max₁, …]`).
#[derive(Debug, Clone, PartialEq)]
pub struct EnvelopeLevel {
    /// Samples each minimum-maximum pair of this level summarises.
    pub samples_per_bin: usize,
    /// Interleaved minimum and maximum per bin; both NaN for a bin holding only gaps.
    pub extremes: Vec<f32>,
}

/// Envelope levels from fine to coarse.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MinMaxPyramid {
    /// Levels with 16, 64, 256, … samples per bin (from 256 in a large file's overview), while a
    /// level has more than [`LEVEL_FACTOR`] bins.
    pub levels: Vec<EnvelopeLevel>,
}

impl MinMaxPyramid {
    /// Builds every level of `samples`; NaN samples (gaps) are ignored inside a bin.
    pub fn build(samples: &[f32]) -> MinMaxPyramid {
        let finest = samples
            .chunks(FINEST_BIN)
            .flat_map(|bin| {
                let (minimum, maximum) = extremes(bin.iter().copied());
                [minimum, maximum]
            })
            .collect();
        MinMaxPyramid::from_finest(EnvelopeLevel { samples_per_bin: FINEST_BIN, extremes: finest }, samples.len())
    }

    /// The coarsest level whose bins are no wider than `samples_per_column`; `None` when the
    /// samples themselves should be drawn.
    pub fn level_for(&self, samples_per_column: f64) -> Option<&EnvelopeLevel> {
        self.levels.iter().rev().find(|level| level.samples_per_bin as f64 <= samples_per_column)
    }

    /// The pyramid over `n_samples` samples whose finest level is `finest` (built by
    /// [`MinMaxPyramid::build`], or from a file's digital values): that level, then coarser ones
    /// by [`LEVEL_FACTOR`] while a level has more than that many bins. Empty when every sample
    /// fits one bin, as the samples themselves are then cheap to draw.
    pub fn from_finest(finest: EnvelopeLevel, n_samples: usize) -> MinMaxPyramid {
        let mut levels: Vec<EnvelopeLevel> = Vec::new();
        if n_samples <= finest.samples_per_bin {
            return MinMaxPyramid { levels };
        }
        levels.push(finest);
        while let Some(previous) = levels.last().filter(|level| level.extremes.len() / 2 > LEVEL_FACTOR) {
            let coarser = previous
                .extremes
                .chunks(2 * LEVEL_FACTOR)
                .flat_map(|group| {
                    let (minimum, _) = extremes(group.iter().step_by(2).copied());
                    let (_, maximum) = extremes(group.iter().skip(1).step_by(2).copied());
                    [minimum, maximum]
                })
                .collect();
            let samples_per_bin = previous.samples_per_bin * LEVEL_FACTOR;
            levels.push(EnvelopeLevel { samples_per_bin, extremes: coarser });
        }
        MinMaxPyramid { levels }
    }
}

/// The extremes of `values` ignoring NaN; (NaN, NaN) when every value is NaN.
fn extremes(values: impl Iterator<Item = f32>) -> (f32, f32) {
    values.filter(|value| !value.is_nan()).fold((f32::NAN, f32::NAN), |(minimum, maximum), value| {
        (
            if minimum.is_nan() { value } else { minimum.min(value) },
            if maximum.is_nan() { value } else { maximum.max(value) },
        )
    })
}

/// Minimum and maximum per pixel column from interleaved bin extremes (or from samples, given
/// as bins of one: pass each sample twice, or use [`column_extremes_of_samples`]).
///
/// `first_bin` is the (fractional) bin at the left edge of column 0 within `bins`, and
/// `bins_per_column` how many bins each column spans. Columns outside the bins are NaN.
pub fn column_extremes(bins: &[f32], first_bin: f64, bins_per_column: f64, n_columns: usize) -> Vec<(f32, f32)> {
    let n_bins = bins.len() / 2;
    (0..n_columns)
        .map(|column| {
            let start = first_bin + column as f64 * bins_per_column;
            let end = start + bins_per_column;
            let first = start.floor().max(0.0) as usize;
            let last = (end.ceil().max(0.0) as usize).min(n_bins);
            if first >= last {
                return (f32::NAN, f32::NAN);
            }
            let minimum = extremes(bins[2 * first..2 * last].iter().step_by(2).copied()).0;
            let maximum = extremes(bins[2 * first + 1..2 * last].iter().step_by(2).copied()).1;
            (minimum, maximum)
        })
        .collect()
}

/// Minimum and maximum per pixel column straight from samples.
pub fn column_extremes_of_samples(
    samples: &[f32],
    first_sample: f64,
    samples_per_column: f64,
    n_columns: usize,
) -> Vec<(f32, f32)> {
    (0..n_columns)
        .map(|column| {
            let start = first_sample + column as f64 * samples_per_column;
            let first = start.floor().max(0.0) as usize;
            let last = ((start + samples_per_column).ceil().max(0.0) as usize).min(samples.len());
            if first >= last {
                (f32::NAN, f32::NAN)
            } else {
                extremes(samples[first..last].iter().copied())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_hold_the_extremes_of_their_bins() {
        let samples: Vec<f32> = (0..1000).map(|idx| ((idx * 37) % 101) as f32 - 50.0).collect();
        let pyramid = MinMaxPyramid::build(&samples);
        for level in &pyramid.levels {
            for (bin_idx, pair) in level.extremes.chunks(2).enumerate() {
                let bin = &samples
                    [bin_idx * level.samples_per_bin..((bin_idx + 1) * level.samples_per_bin).min(samples.len())];
                let minimum = bin.iter().copied().fold(f32::INFINITY, f32::min);
                let maximum = bin.iter().copied().fold(f32::NEG_INFINITY, f32::max);
                assert_eq!((pair[0], pair[1]), (minimum, maximum), "level {} bin {bin_idx}", level.samples_per_bin);
            }
        }
        assert_eq!(pyramid.levels.iter().map(|level| level.samples_per_bin).collect::<Vec<_>>(), vec![16, 64, 256]);
    }

    #[test]
    fn columns_from_a_level_equal_columns_from_the_samples() {
        let samples: Vec<f32> = (0..100_000).map(|idx| (idx as f32 * 0.001).sin() * (idx % 7) as f32).collect();
        let pyramid = MinMaxPyramid::build(&samples);
        let samples_per_column = 256.0 * 3.0;
        let level = pyramid.level_for(samples_per_column).expect("a level");
        let bins_per_column = samples_per_column / level.samples_per_bin as f64;
        let from_level = column_extremes(&level.extremes, 0.0, bins_per_column, 100);
        let from_samples = column_extremes_of_samples(&samples, 0.0, samples_per_column, 100);
        assert_eq!(from_level, from_samples);
    }

    #[test]
    fn gaps_stay_gaps() {
        let mut samples = vec![1.0f32; 64];
        samples[16..32].fill(f32::NAN);
        let pyramid = MinMaxPyramid::build(&samples);
        let finest = &pyramid.levels[0].extremes;
        assert!(finest[2].is_nan() && finest[3].is_nan(), "an all-gap bin is a gap");
        assert_eq!((finest[0], finest[1]), (1.0, 1.0));
    }
}
