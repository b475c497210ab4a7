//! The scale nerve conduction traces are shown at, as acquisition machines set it: a
//! sensitivity per division and a sweep per division from the presets machines offer, the
//! smallest that show every sweep of a nerve whole. The app's review and the printed report's
//! trace images open at the same scale.

use crate::model::{NerveConduction, Sweep, Unit};

/// Vertical divisions of one trace row; the baseline sits in the middle.
pub const DIVISIONS_PER_ROW: f64 = 4.0;
/// Horizontal divisions of the sweep, as on acquisition machines.
pub const DIVISIONS_PER_SWEEP: f64 = 10.0;
/// Sensitivities a machine offers, µV per division.
pub const SENSITIVITY_PRESETS_UV_PER_DIV: [f64; 14] =
    [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0, 10_000.0, 20_000.0];
/// Sweep speeds a machine offers, ms per division.
pub const SWEEP_PRESETS_MS_PER_DIV: [f64; 8] = [0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0];

/// How traces are scaled.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TraceScale {
    /// Vertical gain, in µV per division.
    pub sensitivity_uv_per_div: f64,
    /// Horizontal time base, in ms per division.
    pub sweep_ms_per_div: f64,
}

/// A per-division label of a sweep in `unit`: `20 µV/div`, `5 mV/div`, or in the sweep's own
/// unit when it is not a voltage (an uncalibrated sweep in arbitrary units). The traces' scale
/// is kept in µV for every voltage, and a sweep in another unit is drawn unconverted.
pub fn per_division_label(value_uv_per_div: f64, unit: &Unit) -> String {
    let scale_unit = if unit.is_electrical() { &Unit::Microvolt } else { unit };
    super::sensitivity_per_div(value_uv_per_div, scale_unit)
}

/// The smallest presets that show every sweep of `nerve` whole: the largest deflection within
/// two divisions of the baseline and nine tenths of the recorded time within the sweep.
pub fn fitting_scale(nerve: &NerveConduction, sensitivity_presets_uv: &[f64], sweep_presets_ms: &[f64]) -> TraceScale {
    let sweeps = || nerve.sites.iter().flat_map(|site| site.sweeps.iter());
    // The stimulus artefact is ignored: it would set the gain for a sensory response too coarse.
    const ARTEFACT_END_MS: f64 = 0.8;
    let largest_uv = sweeps()
        .map(|sweep| {
            let to_uv = sweep.unit.factor_to(&Unit::Microvolt).unwrap_or(1.0);
            sweep
                .samples
                .iter()
                .enumerate()
                .filter(|(sample_idx, value)| value.is_finite() && sweep.time_ms(*sample_idx) > ARTEFACT_END_MS)
                .fold(0.0f64, |largest, (_, value)| largest.max(f64::from(value.abs()) * to_uv))
        })
        .fold(0.0, f64::max);
    let longest_ms = sweeps().map(Sweep::end_ms).fold(0.0, f64::max);
    let headroom_divisions = DIVISIONS_PER_ROW / 2.0 - 0.1;
    let sensitivity_uv_per_div = sensitivity_presets_uv
        .iter()
        .copied()
        .find(|preset| largest_uv <= headroom_divisions * preset)
        .unwrap_or(sensitivity_presets_uv[sensitivity_presets_uv.len() - 1]);
    let sweep_ms_per_div = sweep_presets_ms
        .iter()
        .copied()
        .find(|preset| 0.9 * longest_ms <= DIVISIONS_PER_SWEEP * preset)
        .unwrap_or(sweep_presets_ms[sweep_presets_ms.len() - 1]);
    TraceScale { sensitivity_uv_per_div, sweep_ms_per_div }
}
