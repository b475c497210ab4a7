//! What the needle display shows: its mode, sweep speed, sensitivity and display filters, as
//! the EMG machine offers them, and the filtered stretch of signal a screen or the sound needs.

use edx_core::display;
use edx_core::dsp::filter::{zero_phase, Filter};
use js_sys::Float32Array;

/// How successive stretches of the recording are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DisplayMode {
    /// One screen of ten divisions at a time, refreshed sweep by sweep.
    Sweep,
    /// Successive sweeps stacked down the screen (cascade).
    Raster,
    /// A continuously scrolling window.
    Scroll,
}

impl DisplayMode {
    /// Every mode, in the order the control offers them.
    pub const ALL: [DisplayMode; 3] = [DisplayMode::Sweep, DisplayMode::Raster, DisplayMode::Scroll];

    /// The mode's name on its control.
    pub fn label(self) -> &'static str {
        match self {
            DisplayMode::Sweep => "Sweep",
            DisplayMode::Raster => "Raster",
            DisplayMode::Scroll => "Scrolling",
        }
    }
}

/// Divisions across a sweep, as on the machine.
pub const DIVISIONS_ACROSS: f64 = 10.0;
/// Divisions down the screen in sweep and scrolling modes.
pub const DIVISIONS_DOWN: f64 = 8.0;
/// Sweeps stacked in raster mode.
pub const RASTER_ROWS: usize = 10;

/// Sweep speeds, ms per division.
pub const SWEEP_MS_PER_DIV: [f64; 9] = [2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1_000.0];
/// Sensitivities, µV per division (10 µV to 5 mV, the needle EMG range).
pub const SENSITIVITY_UV_PER_DIV: [f64; 9] = [10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0];
/// Low-frequency filter choices, Hz (`None`: off). 2 Hz is the needle EMG standard; 20 Hz
/// distorts motor unit potentials (domain.md §7).
pub const LOW_CUTS_HZ: [Option<f64>; 6] = [None, Some(2.0), Some(10.0), Some(20.0), Some(100.0), Some(500.0)];
/// High-frequency filter choices, Hz (`None`: off). 10 kHz is the needle EMG standard.
pub const HIGH_CUTS_HZ: [Option<f64>; 5] = [None, Some(10_000.0), Some(5_000.0), Some(3_000.0), Some(1_000.0)];
/// Mains notch choices, Hz.
pub const NOTCHES_HZ: [Option<f64>; 3] = [None, Some(50.0), Some(60.0)];

/// Display filters: applied to what is drawn and heard, never to what is measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DisplayFilters {
    /// Low-frequency cut-off, Hz.
    pub low_cut_hz: Option<f64>,
    /// High-frequency cut-off, Hz.
    pub high_cut_hz: Option<f64>,
    /// Mains notch, Hz.
    pub notch_hz: Option<f64>,
}

impl Default for DisplayFilters {
    fn default() -> DisplayFilters {
        DisplayFilters { low_cut_hz: Some(2.0), high_cut_hz: Some(10_000.0), notch_hz: None }
    }
}

impl DisplayFilters {
    /// The filter stages; a cut-off at or above the recording's Nyquist frequency is left out.
    pub fn stages(&self, sampling_rate_hz: f64) -> Vec<Filter> {
        let nyquist_hz = sampling_rate_hz / 2.0;
        let mut stages = Vec::new();
        if let Some(cutoff_hz) = self.low_cut_hz {
            stages.push(Filter::HighPass { cutoff_hz });
        }
        if let Some(cutoff_hz) = self.high_cut_hz.filter(|&cutoff_hz| cutoff_hz < 0.95 * nyquist_hz) {
            stages.push(Filter::LowPass { cutoff_hz });
        }
        if let Some(centre_hz) = self.notch_hz {
            stages.push(Filter::Notch { centre_hz });
        }
        stages
    }

    /// "LFF 2 Hz, HFF 10 kHz, notch off", with "(above this recording's bandwidth)" when the
    /// high cut-off cannot act.
    pub fn describe(&self, sampling_rate_hz: f64) -> String {
        let low = self.low_cut_hz.map_or("LFF off".to_string(), |hz| format!("LFF {}", display::frequency_hz(hz)));
        let high = match self.high_cut_hz {
            None => "HFF off".to_string(),
            Some(hz) if hz >= 0.95 * sampling_rate_hz / 2.0 => {
                format!("HFF {} (above this recording's bandwidth)", display::frequency_hz(hz))
            }
            Some(hz) => format!("HFF {}", display::frequency_hz(hz)),
        };
        let notch = self.notch_hz.map_or("notch off".to_string(), |hz| format!("{} notch", display::frequency_hz(hz)));
        format!("{low}, {high}, {notch}")
    }
}

/// Margin read either side of a stretch before filtering, so the filters have settled where it
/// begins and ends, s.
const FILTER_MARGIN_S: f64 = 1.0;

/// The samples `first_idx..last_idx` of `samples` in µV (`to_microvolts` converts the channel's
/// unit), display-filtered: a margin either side is filtered with them and cut off again.
pub fn filtered_stretch(
    samples: &Float32Array,
    sampling_rate_hz: f64,
    to_microvolts: f32,
    first_idx: usize,
    last_idx: usize,
    filters: &DisplayFilters,
) -> Vec<f32> {
    let length = samples.length() as usize;
    let last_idx = last_idx.min(length);
    if first_idx >= last_idx {
        return Vec::new();
    }
    let margin = (FILTER_MARGIN_S * sampling_rate_hz) as usize;
    let read_first = first_idx.saturating_sub(margin);
    let read_last = (last_idx + margin).min(length);
    let raw: Vec<f32> = samples
        .subarray(read_first as u32, read_last as u32)
        .to_vec()
        .into_iter()
        .map(|value| if value.is_finite() { value * to_microvolts } else { 0.0 })
        .collect();
    let stages = filters.stages(sampling_rate_hz);
    let filtered = if stages.is_empty() { raw } else { zero_phase(&raw, sampling_rate_hz, &stages) };
    filtered[first_idx - read_first..last_idx - read_first].to_vec()
}

/// The smallest sensitivity at which the recording's large deflections (its 99.9th percentile)
/// span about three divisions.
pub fn fitting_sensitivity_idx(samples_uv: &[f32]) -> usize {
    let mut magnitudes: Vec<f32> =
        samples_uv.iter().step_by(7).map(|value| value.abs()).filter(|value| value.is_finite()).collect();
    if magnitudes.is_empty() {
        return 3;
    }
    magnitudes.sort_by(f32::total_cmp);
    let large = f64::from(magnitudes[(magnitudes.len() * 999 / 1000).min(magnitudes.len() - 1)]);
    SENSITIVITY_UV_PER_DIV
        .iter()
        .position(|&uv_per_div| uv_per_div * 3.0 >= large)
        .unwrap_or(SENSITIVITY_UV_PER_DIV.len() - 1)
}
