//! When a simulated potential fires: steadily around a mean rate, at random as fasciculations
//! do, or waxing and waning as a myotonic discharge does.

use super::{Random, SpontaneousSpec};

/// How a train's discharges are timed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Firing {
    /// Intervals scattered normally around the mean with the train's coefficient of variation.
    Steady,
    /// Independent discharges at the mean rate (a Poisson process: exponential intervals, none
    /// shorter than a tenth of the mean), as fasciculations fire.
    Random,
    /// The rate rises from the train's `rate_hz` to `peak_rate_hz` and falls back over the
    /// train, and the amplitude with it from `lowest_amplitude_share` of the shape's to all of it.
    WaxingAndWaning {
        /// Highest rate, mid-train, Hz.
        peak_rate_hz: f64,
        /// Amplitude at the start and end, as a share of the shape's.
        lowest_amplitude_share: f64,
    },
}

/// The times of `train`'s discharges until `end_s`, s, each with the share of its shape's
/// amplitude it fires at.
pub(super) fn timed_discharges(train: &SpontaneousSpec, end_s: f64, random: &mut Random) -> Vec<(f64, f64)> {
    match train.firing {
        Firing::Steady => discharge_times(train.rate_hz, train.interval_cv, train.start_s, end_s, random)
            .into_iter()
            .map(|time_s| (time_s, 1.0))
            .collect(),
        Firing::Random => {
            random_times(train.rate_hz, train.start_s, end_s, random).into_iter().map(|time_s| (time_s, 1.0)).collect()
        }
        Firing::WaxingAndWaning { peak_rate_hz, lowest_amplitude_share } => waxing_and_waning_times(
            (train.rate_hz, peak_rate_hz),
            lowest_amplitude_share,
            train.interval_cv,
            (train.start_s, end_s),
            random,
        ),
    }
}

/// Discharge times between `start_s` and `end_s` at `rate_hz` with interval variability `cv`.
pub(super) fn discharge_times(rate_hz: f64, cv: f64, start_s: f64, end_s: f64, random: &mut Random) -> Vec<f64> {
    let mean_interval_s = 1.0 / rate_hz;
    let mut times = Vec::new();
    let mut time_s = start_s + random.uniform() * mean_interval_s;
    while time_s < end_s - 0.02 {
        times.push(time_s);
        time_s += (mean_interval_s * (1.0 + cv * random.standard_normal())).max(0.3 * mean_interval_s);
    }
    times
}

/// Times of independent discharges at `rate_hz` between `start_s` and `end_s`: exponential
/// intervals, none shorter than a tenth of the mean.
fn random_times(rate_hz: f64, start_s: f64, end_s: f64, random: &mut Random) -> Vec<f64> {
    let mean_interval_s = 1.0 / rate_hz;
    let mut interval = || (-(1.0 - random.uniform()).ln() * mean_interval_s).max(0.1 * mean_interval_s);
    let mut times = Vec::new();
    let mut time_s = start_s + interval();
    while time_s < end_s - 0.02 {
        times.push(time_s);
        time_s += interval();
    }
    times
}

/// Times and amplitude scales of a discharge whose rate rises from `rates_hz.0` to `rates_hz.1`
/// and falls back between `span_s.0` and `span_s.1` (half a sine), its amplitude scale with it
/// from `lowest_amplitude_share` to 1; intervals vary by `cv` around that course.
fn waxing_and_waning_times(
    rates_hz: (f64, f64),
    lowest_amplitude_share: f64,
    cv: f64,
    span_s: (f64, f64),
    random: &mut Random,
) -> Vec<(f64, f64)> {
    let (start_s, end_s) = span_s;
    let course = |time_s: f64| (std::f64::consts::PI * (time_s - start_s) / (end_s - start_s)).sin().max(0.0);
    let mut timed = Vec::new();
    let mut time_s = start_s;
    while time_s < end_s {
        let level = course(time_s);
        timed.push((time_s, lowest_amplitude_share + (1.0 - lowest_amplitude_share) * level));
        let rate_hz = rates_hz.0 + (rates_hz.1 - rates_hz.0) * level;
        time_s += (1.0 + cv * random.standard_normal()).max(0.5) / rate_hz;
    }
    timed
}
