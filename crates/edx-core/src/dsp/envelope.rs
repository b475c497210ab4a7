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
    /// Samples per bin.
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
        let mut builder = EnvelopeBuilder::new(FINEST_BIN);
        builder.push(samples);
        builder.finish()
    }

    /// The coarsest level whose bins are no wider than `samples_per_column`; `None` when the
    /// samples themselves should be drawn.
    pub fn level_for(&self, samples_per_column: f64) -> Option<&EnvelopeLevel> {
        self.levels.iter().rev().find(|level| level.samples_per_bin as f64 <= samples_per_column)
    }

    /// The pyramid over `n_samples` samples whose finest level is `finest` (built elsewhere,
    /// e.g. from a file's digital values): that level, then coarser ones as
    /// [`EnvelopeBuilder::finish`] makes them.
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

/// Builds a pyramid from samples that arrive in pieces, with its finest level at a chosen bin
/// width: the same levels [`MinMaxPyramid::build`] makes, from that width up.
#[derive(Debug, Clone)]
pub struct EnvelopeBuilder {
    samples_per_bin: usize,
    extremes: Vec<f32>,
    /// Extremes and sample count of the bin being filled.
    partial: (f32, f32, usize),
    n_samples: usize,
}

impl EnvelopeBuilder {
    /// A builder whose finest level has `samples_per_bin` samples per bin (at least 1).
    pub fn new(samples_per_bin: usize) -> EnvelopeBuilder {
        EnvelopeBuilder {
            samples_per_bin: samples_per_bin.max(1),
            extremes: Vec::new(),
            partial: (f32::NAN, f32::NAN, 0),
            n_samples: 0,
        }
    }

    /// Adds the next samples.
    pub fn push(&mut self, mut samples: &[f32]) {
        self.n_samples += samples.len();
        if self.partial.2 > 0 {
            let taken = (self.samples_per_bin - self.partial.2).min(samples.len());
            let (minimum, maximum) = extremes(samples[..taken].iter().copied().chain([self.partial.0, self.partial.1]));
            self.partial = (minimum, maximum, self.partial.2 + taken);
            samples = &samples[taken..];
            if self.partial.2 == self.samples_per_bin {
                self.extremes.extend([self.partial.0, self.partial.1]);
                self.partial = (f32::NAN, f32::NAN, 0);
            }
        }
        let mut bins = samples.chunks_exact(self.samples_per_bin);
        for bin in bins.by_ref() {
            let (minimum, maximum) = extremes(bin.iter().copied());
            self.extremes.extend([minimum, maximum]);
        }
        let rest = bins.remainder();
        if !rest.is_empty() {
            let (minimum, maximum) = extremes(rest.iter().copied());
            self.partial = (minimum, maximum, rest.len());
        }
    }

    /// The pyramid: the finest level (its last bin possibly partial), then coarser levels by
    /// [`LEVEL_FACTOR`] while a level has more than that many bins. Empty when every sample fits
    /// one bin, as the samples themselves are then cheap to draw.
    pub fn finish(mut self) -> MinMaxPyramid {
        if self.partial.2 > 0 {
            self.extremes.extend([self.partial.0, self.partial.1]);
        }
        MinMaxPyramid::from_finest(
            EnvelopeLevel { samples_per_bin: self.samples_per_bin, extremes: self.extremes },
            self.n_samples,
        )
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
    fn a_pyramid_built_in_pieces_equals_one_built_at_once() {
        let samples: Vec<f32> =
            (0..70_001).map(|idx| ((idx * 7919) % 1009) as f32 * if idx % 13 == 0 { f32::NAN } else { 1.0 }).collect();
        let whole = MinMaxPyramid::build(&samples);
        let mut builder = EnvelopeBuilder::new(FINEST_BIN * LEVEL_FACTOR * LEVEL_FACTOR);
        for piece in samples.chunks(4_099) {
            builder.push(piece);
        }
        let pieces = builder.finish();
        assert_eq!(pieces.levels[0].samples_per_bin, 256);
        assert_eq!(pieces.levels.len() + 2, whole.levels.len());
        for (built_in_pieces, built_at_once) in pieces.levels.iter().zip(&whole.levels[2..]) {
            assert_eq!(built_in_pieces.samples_per_bin, built_at_once.samples_per_bin);
            let same = built_in_pieces
                .extremes
                .iter()
                .zip(&built_at_once.extremes)
                .all(|(first, second)| first == second || (first.is_nan() && second.is_nan()));
            assert!(
                same && built_in_pieces.extremes.len() == built_at_once.extremes.len(),
                "level {}",
                built_at_once.samples_per_bin
            );
        }
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
