//! What the signal viewer shows: the time window, each channel's visibility and sensitivity,
//! and the polarity. Pure data, changed by the controls, the mouse and the keyboard.

use edx_core::model::Unit;

use crate::opened_study::OpenedRecording;

/// Time bases offered, in ms per division (10 divisions across the screen).
pub const TIME_BASES_MS_PER_DIV: [f64; 17] = [
    0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1_000.0, 2_000.0, 5_000.0, 10_000.0, 30_000.0, 60_000.0,
    300_000.0,
];
/// Horizontal divisions of the screen.
pub const DIVISIONS_ACROSS: f64 = 10.0;
/// Vertical divisions of one channel row.
pub const DIVISIONS_PER_ROW: f64 = 4.0;

/// One channel's display settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelView {
    /// The unit of the channel's samples.
    pub unit: Unit,
    /// Whether the channel is drawn.
    pub visible: bool,
    /// Index into the channel's [`ChannelView::presets`].
    pub sensitivity_idx: usize,
    /// For a channel without a physical unit (WAV): the µV one count stands for, as the user
    /// entered it. Drawing and labels then use µV.
    pub calibration_uv_per_count: Option<f64>,
}

impl ChannelView {
    /// The unit the channel is drawn in: µV when the user calibrated an uncalibrated channel,
    /// with the factor its samples are multiplied by; otherwise its own unit and 1.
    pub fn calibrated(&self) -> (Unit, f64) {
        match self.calibration_uv_per_count.filter(|_| !self.unit.is_electrical()) {
            Some(uv_per_count) => (Unit::Microvolt, uv_per_count),
            None => (self.unit.clone(), 1.0),
        }
    }

    /// The sensitivities offered, in the drawn unit per division.
    pub fn presets(&self) -> Vec<f64> {
        sensitivity_presets(&self.calibrated().0)
    }

    /// The sensitivity chosen, in the drawn unit per division.
    pub fn sensitivity(&self) -> f64 {
        let presets = self.presets();
        presets[self.sensitivity_idx.min(presets.len() - 1)]
    }

    /// Calibrates an uncalibrated channel at `uv_per_count` (or removes the calibration),
    /// keeping the traces the same height on screen: the sensitivity nearest the old one.
    pub fn calibrate(&mut self, uv_per_count: Option<f64>) {
        let old_counts = self.sensitivity() / self.calibrated().1;
        self.calibration_uv_per_count = uv_per_count;
        let wanted = old_counts * self.calibrated().1;
        let presets = self.presets();
        self.sensitivity_idx = presets.iter().position(|&preset| preset >= wanted).unwrap_or(presets.len() - 1);
    }

    /// One step more gain (`more_gain`) or less.
    fn step_sensitivity(&mut self, more_gain: bool) {
        let n_presets = self.presets().len();
        self.sensitivity_idx = if more_gain {
            self.sensitivity_idx.saturating_sub(1)
        } else {
            (self.sensitivity_idx + 1).min(n_presets - 1)
        };
    }
}

/// What the viewer shows: the time window, each channel's settings and the polarity.
#[derive(Debug, Clone, PartialEq)]
pub struct ViewState {
    /// Time at the left edge, in seconds from the recording start.
    pub start_s: f64,
    /// Index into [`TIME_BASES_MS_PER_DIV`].
    pub time_base_idx: usize,
    /// Per channel, in recording order.
    pub channels: Vec<ChannelView>,
    /// Negative deflections drawn upward, the clinical convention.
    pub negative_up: bool,
    /// The recording's first and last instants, s: the window stays within them.
    pub extent: (f64, f64),
}

impl ViewState {
    /// A first view of `recording`: its start, about ten seconds (or all of it, if shorter)
    /// across the screen, and each channel's largest deflections (`typical_peaks`) within two
    /// divisions.
    pub fn initial(recording: &OpenedRecording, typical_peaks: &[f64]) -> ViewState {
        let extent = recording.time_extent();
        let duration_s = (extent.1 - extent.0).max(1e-3);
        let wanted_ms_per_div = (duration_s.min(10.0) * 1000.0) / DIVISIONS_ACROSS;
        let time_base_idx = TIME_BASES_MS_PER_DIV
            .iter()
            .position(|&preset| preset >= wanted_ms_per_div)
            .unwrap_or(TIME_BASES_MS_PER_DIV.len() - 1);
        let channels = recording
            .recording
            .channels
            .iter()
            .zip(typical_peaks.iter().copied().chain(std::iter::repeat(1.0)))
            .map(|(channel, peak)| {
                let presets = sensitivity_presets(&channel.unit);
                let sensitivity_idx =
                    presets.iter().position(|&preset| peak <= 1.8 * preset).unwrap_or(presets.len() - 1);
                ChannelView {
                    unit: channel.unit.clone(),
                    visible: true,
                    sensitivity_idx,
                    calibration_uv_per_count: None,
                }
            })
            .collect();
        ViewState { start_s: extent.0, time_base_idx, channels, negative_up: true, extent }
    }

    /// Seconds shown across the screen.
    pub fn window_s(&self) -> f64 {
        TIME_BASES_MS_PER_DIV[self.time_base_idx] * DIVISIONS_ACROSS / 1000.0
    }

    /// Moves the window by `seconds`, keeping it over the recording.
    pub fn pan(&mut self, seconds: f64) {
        self.start_s += seconds;
        self.clamp();
    }

    /// Changes the time base by `steps` presets, keeping the time at `anchor` (0 = left edge,
    /// 1 = right edge) in place.
    pub fn zoom(&mut self, steps: i32, anchor: f64) {
        let anchor_s = self.start_s + anchor * self.window_s();
        let new_idx = (self.time_base_idx as i32 + steps).clamp(0, TIME_BASES_MS_PER_DIV.len() as i32 - 1) as usize;
        self.time_base_idx = new_idx;
        self.start_s = anchor_s - anchor * self.window_s();
        self.clamp();
    }

    /// Every channel one sensitivity step more gain (`more_gain`) or less.
    pub fn step_sensitivities(&mut self, more_gain: bool) {
        self.channels.iter_mut().for_each(|channel| channel.step_sensitivity(more_gain));
    }

    /// Keeps the window within the recording (or at its start, when the recording is shorter).
    pub fn clamp(&mut self) {
        let (first_s, last_s) = self.extent;
        let latest_start = (last_s - self.window_s()).max(first_s);
        self.start_s = self.start_s.clamp(first_s, latest_start);
    }
}

/// Sensitivities offered for a channel in `unit`, in that unit per division: 1-2-5 steps from
/// 1 µV to 100 mV for voltages, and a wide 1-2-5 series for uncalibrated channels.
pub fn sensitivity_presets(unit: &Unit) -> Vec<f64> {
    let (lowest_exponent, highest_exponent, to_unit) = match unit.volt_exponent() {
        Some(exponent) => (0, 5, 10f64.powi(-6 - exponent)),
        None => (-6, 9, 1.0),
    };
    (lowest_exponent..highest_exponent)
        .flat_map(|exponent| [1.0, 2.0, 5.0].map(|mantissa| mantissa * 10f64.powi(exponent) * to_unit))
        .collect()
}
