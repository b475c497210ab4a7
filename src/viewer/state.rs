//! What the signal viewer shows: the time window, each channel's visibility and sensitivity,
//! and the polarity. Pure data, changed by the controls, the mouse and the keyboard.

use crate::protocol::{ChannelSummary, RecordingSummary};

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
    /// Whether the channel is drawn.
    pub visible: bool,
    /// Index into [`sensitivity_presets`] of the channel (as calibrated, see [`calibrated`]).
    pub sensitivity_idx: usize,
    /// For a channel without a physical unit (WAV): the µV one count stands for, as the user
    /// entered it. Drawing and labels then use µV.
    pub calibration_uv_per_count: Option<f64>,
}

/// The channel as drawn: in µV when the user calibrated an uncalibrated channel, with the
/// factor its samples are multiplied by; otherwise the channel as it is and 1.
pub fn calibrated(channel: &ChannelSummary, view: &ChannelView) -> (ChannelSummary, f64) {
    match view.calibration_uv_per_count.filter(|_| channel.volt_exponent.is_none()) {
        Some(uv_per_count) => {
            (ChannelSummary { unit: "µV".into(), volt_exponent: Some(-6), ..channel.clone() }, uv_per_count)
        }
        None => (channel.clone(), 1.0),
    }
}

/// The whole view.
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
}

impl ViewState {
    /// A first view of `recording`: its start, about ten seconds (or all of it, if shorter)
    /// across the screen, and each channel's largest deflections within two divisions.
    pub fn initial(recording: &RecordingSummary, typical_peaks: &[f64]) -> ViewState {
        let (first_s, last_s) = time_extent(recording);
        let duration_s = (last_s - first_s).max(1e-3);
        let wanted_ms_per_div = (duration_s.min(10.0) * 1000.0) / DIVISIONS_ACROSS;
        let time_base_idx = TIME_BASES_MS_PER_DIV
            .iter()
            .position(|&preset| preset >= wanted_ms_per_div)
            .unwrap_or(TIME_BASES_MS_PER_DIV.len() - 1);
        let channels = recording
            .channels
            .iter()
            .zip(typical_peaks.iter().copied().chain(std::iter::repeat(1.0)))
            .map(|(channel, peak)| {
                let presets = sensitivity_presets(channel);
                let sensitivity_idx =
                    presets.iter().position(|&preset| peak <= 1.8 * preset).unwrap_or(presets.len() - 1);
                ChannelView { visible: true, sensitivity_idx, calibration_uv_per_count: None }
            })
            .collect();
        ViewState { start_s: first_s, time_base_idx, channels, negative_up: true }
    }

    /// Seconds shown across the screen.
    pub fn window_s(&self) -> f64 {
        TIME_BASES_MS_PER_DIV[self.time_base_idx] * DIVISIONS_ACROSS / 1000.0
    }

    /// Moves the window by `seconds`, keeping it over the recording.
    pub fn pan(&mut self, seconds: f64, recording: &RecordingSummary) {
        self.start_s += seconds;
        self.clamp(recording);
    }

    /// Changes the time base by `steps` presets, keeping the time at `anchor` (0 = left edge,
    /// 1 = right edge) in place.
    pub fn zoom(&mut self, steps: i32, anchor: f64, recording: &RecordingSummary) {
        let anchor_s = self.start_s + anchor * self.window_s();
        let new_idx = (self.time_base_idx as i32 + steps).clamp(0, TIME_BASES_MS_PER_DIV.len() as i32 - 1) as usize;
        self.time_base_idx = new_idx;
        self.start_s = anchor_s - anchor * self.window_s();
        self.clamp(recording);
    }

    /// Keeps the window within the recording (or at its start, when the recording is shorter).
    pub fn clamp(&mut self, recording: &RecordingSummary) {
        let (first_s, last_s) = time_extent(recording);
        let latest_start = (last_s - self.window_s()).max(first_s);
        self.start_s = self.start_s.clamp(first_s, latest_start);
    }
}

/// Sensitivities offered for a channel, in the channel's unit per division: 1-2-5 steps from
/// 1 µV to 100 mV for voltages, and a wide 1-2-5 series for uncalibrated channels.
pub fn sensitivity_presets(channel: &ChannelSummary) -> Vec<f64> {
    let (lowest_exponent, highest_exponent, to_unit) = match channel.volt_exponent {
        Some(exponent) => (0, 5, 10f64.powi(-6 - exponent)),
        None => (-6, 9, 1.0),
    };
    (lowest_exponent..highest_exponent)
        .flat_map(|exponent| [1.0, 2.0, 5.0].map(|mantissa| mantissa * 10f64.powi(exponent) * to_unit))
        .collect()
}

/// A sensitivity as clinicians write it: `50 µV/div`, `2 mV/div`, `0.5 units/div`.
pub fn sensitivity_label(value_per_div: f64, channel: &ChannelSummary) -> String {
    let Some(exponent) = channel.volt_exponent else {
        return format!("{} units/div", trim(value_per_div));
    };
    let microvolts = value_per_div * 10f64.powi(exponent + 6);
    if microvolts >= 1000.0 {
        format!("{} mV/div", trim(microvolts / 1000.0))
    } else {
        format!("{} µV/div", trim(microvolts))
    }
}

/// A time base as clinicians write it: `10 ms/div`, `1 s/div`.
pub fn time_base_label(ms_per_div: f64) -> String {
    if ms_per_div >= 1000.0 {
        format!("{} s/div", trim(ms_per_div / 1000.0))
    } else {
        format!("{} ms/div", trim(ms_per_div))
    }
}

/// First and last instants of any channel (of the annotations, for a file without signals), in
/// seconds from the recording start.
pub fn time_extent(recording: &RecordingSummary) -> (f64, f64) {
    let mut first_s = f64::INFINITY;
    let mut last_s = f64::NEG_INFINITY;
    for channel in &recording.channels {
        for segment in &channel.segments {
            first_s = first_s.min(segment.start_s);
            last_s = last_s.max(segment.start_s + segment.n_samples as f64 / channel.sampling_rate_hz);
        }
    }
    if recording.channels.is_empty() {
        // An annotation-only file (a hypnogram, an event list): its events set the time range,
        // so every one of them can be scrolled to on the time axis.
        for annotation in &recording.annotations {
            first_s = first_s.min(annotation.onset_s);
            last_s = last_s.max(annotation.onset_s + annotation.duration_s.unwrap_or(0.0));
        }
    }
    if first_s.is_finite() {
        (first_s, last_s)
    } else {
        (0.0, 0.0)
    }
}

/// A number without trailing zeros.
pub fn trim(value: f64) -> String {
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}
