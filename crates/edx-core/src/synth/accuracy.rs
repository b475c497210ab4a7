//! How well the nerve conduction analysis recovers what the simulator put in: onset latency,
//! amplitude and conduction velocity errors over many simulated nerves at a given noise level
//! and sampling rate. `cargo xtask report ncs` prints these; tests hold them to tolerances.

use super::ncs::NerveSpec;
use crate::model::NerveConductionKind;
use crate::ncs;

/// Error statistics of one quantity over all trials.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErrorStats {
    /// Mean signed error (bias).
    pub mean: f64,
    /// Root-mean-square error.
    pub rms: f64,
    /// Largest absolute error.
    pub max_abs: f64,
    /// Share of trials whose absolute error is within the aim, 0 to 1.
    pub within_aim: f64,
}

impl ErrorStats {
    fn of(errors: &[f64], aim: f64) -> ErrorStats {
        let n = errors.len().max(1) as f64;
        ErrorStats {
            mean: errors.iter().sum::<f64>() / n,
            rms: (errors.iter().map(|error| error * error).sum::<f64>() / n).sqrt(),
            max_abs: errors.iter().fold(0.0, |largest, error| largest.max(error.abs())),
            within_aim: errors.iter().filter(|error| error.abs() <= aim).count() as f64 / n,
        }
    }
}

/// Accuracy of one scenario at one noise level and sampling rate.
#[derive(Debug, Clone, PartialEq)]
pub struct NcsAccuracy {
    /// The nerve and study type, e.g. "median motor".
    pub scenario: String,
    /// Peak amplitude over noise RMS, in dB.
    pub snr_db: f64,
    /// Samples per second.
    pub sampling_rate_hz: f64,
    /// Number of simulated nerves.
    pub n_trials: usize,
    /// Measured onset latency minus the noise-free takeoff, in ms (aim: within 0.1 ms).
    pub onset_error_ms: ErrorStats,
    /// Measured minus true baseline-to-peak amplitude, in % of the true amplitude (aim: 5 %).
    pub amplitude_error_pct: ErrorStats,
    /// Measured minus true conduction velocity (from the noise-free takeoffs), in m/s (aim: 1).
    pub velocity_error_m_per_s: ErrorStats,
    /// Mean of (noise-free takeoff − fastest axon's arrival), in ms: how much later than the very
    /// first fibre any takeoff-based latency lies, by definition, in this model.
    pub takeoff_after_first_fibre_ms: f64,
    /// Responses whose onset is more than [`ONSET_OUTLIER_MS`] from the truth, of `n_responses`.
    pub onset_outliers: usize,
    /// Responses measured (present ones with a response found).
    pub n_responses: usize,
}

/// An onset this far from the truth is an outlier: a misplaced marker rather than noise's jitter.
pub const ONSET_OUTLIER_MS: f64 = 0.5;

/// The aims of the issue: onset within 0.1 ms, amplitude within 5 %, velocity within 1 m/s.
pub const ONSET_AIM_MS: f64 = 0.1;
/// Amplitude aim, in %.
pub const AMPLITUDE_AIM_PCT: f64 = 5.0;
/// Velocity aim, in m/s.
pub const VELOCITY_AIM_M_PER_S: f64 = 1.0;

/// Runs `n_trials` simulations of `base` (different seeds) with noise set for `snr_db` and
/// sampling at `sampling_rate_hz`, and compares the automatic analysis with the truth.
pub fn ncs_accuracy(
    scenario: &str,
    base: &NerveSpec,
    snr_db: f64,
    sampling_rate_hz: f64,
    n_trials: usize,
) -> NcsAccuracy {
    let mut onset_errors = Vec::new();
    let mut amplitude_errors = Vec::new();
    let mut velocity_errors = Vec::new();
    let mut takeoff_offsets = Vec::new();
    for trial in 0..n_trials {
        let mut spec = base.clone();
        spec.seed = base.seed.wrapping_mul(1_000).wrapping_add(trial as u64);
        spec.sampling_rate_hz = sampling_rate_hz;
        spec.noise_rms_uv = spec.healthy_distal_amplitude_uv / 10f64.powf(snr_db / 20.0);
        let simulated = spec.simulate();
        let analysis = ncs::analyse_nerve(&simulated.study, ncs::Adjustments::AS_SAVED);
        let mut distance_mm = 0.0;
        for ((site, truth), site_spec) in analysis.sites.iter().zip(&simulated.truth).zip(&spec.sites) {
            distance_mm += site_spec.distance_mm;
            let Some(measures) = site.measures.filter(|_| truth.is_present) else { continue };
            onset_errors.push(measures.onset_latency_ms - truth.takeoff_latency_ms);
            amplitude_errors.push(100.0 * (measures.amplitude_uv - truth.amplitude_uv) / truth.amplitude_uv);
            takeoff_offsets.push(truth.takeoff_latency_ms - truth.first_unit_latency_ms);
            if spec.kind != NerveConductionKind::Motor {
                if let Some(velocity) = site.sensory_velocity_m_per_s {
                    velocity_errors.push(velocity - distance_mm / truth.takeoff_latency_ms);
                }
            }
        }
        for segment in &analysis.segments {
            let (distal, proximal) =
                (&simulated.truth[segment.distal_site_idx], &simulated.truth[segment.proximal_site_idx]);
            if let (Some(velocity), Some(distance_mm)) = (segment.conduction_velocity_m_per_s, segment.distance_mm) {
                velocity_errors
                    .push(velocity - distance_mm / (proximal.takeoff_latency_ms - distal.takeoff_latency_ms));
            }
        }
    }
    NcsAccuracy {
        scenario: scenario.to_string(),
        snr_db,
        sampling_rate_hz,
        n_trials,
        onset_error_ms: ErrorStats::of(&onset_errors, ONSET_AIM_MS),
        amplitude_error_pct: ErrorStats::of(&amplitude_errors, AMPLITUDE_AIM_PCT),
        velocity_error_m_per_s: ErrorStats::of(&velocity_errors, VELOCITY_AIM_M_PER_S),
        takeoff_after_first_fibre_ms: takeoff_offsets.iter().sum::<f64>() / takeoff_offsets.len().max(1) as f64,
        onset_outliers: onset_errors.iter().filter(|error| error.abs() > ONSET_OUTLIER_MS).count(),
        n_responses: onset_errors.len(),
    }
}

/// The scenarios of the report: two motor and two sensory nerves.
pub fn report_scenarios() -> Vec<(&'static str, NerveSpec)> {
    vec![
        ("median motor", NerveSpec::median_motor()),
        ("ulnar motor", NerveSpec::ulnar_motor()),
        ("median sensory", NerveSpec::median_sensory()),
        ("sural sensory", NerveSpec::sural_sensory()),
    ]
}
