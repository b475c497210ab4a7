//! What the needle screen shows, as the EMG machine's controls set it: the display mode, sweep
//! speed, sensitivity and display filters, and where in the recording the screen is.

use edx_core::view_link::NeedleScreen as LinkedScreen;
use leptos::prelude::*;

use super::settings::{
    fitting_sensitivity_idx, DisplayFilters, DisplayMode, DIVISIONS_ACROSS, RASTER_ROWS, SENSITIVITY_UV_PER_DIV,
    SWEEP_MS_PER_DIV,
};
use super::signal::NeedleSignal;

/// The screen's settings and position; cheap to copy into event handlers.
#[derive(Debug, Clone, Copy)]
pub struct NeedleDisplay {
    /// Sweep, raster or scrolling.
    pub mode: RwSignal<DisplayMode>,
    /// Sweep speed, ms per division.
    pub sweep_ms_per_div: RwSignal<f64>,
    /// Sensitivity, µV per division.
    pub sensitivity_uv_per_div: RwSignal<f64>,
    /// Low-frequency filter, Hz (`None`: off).
    pub low_cut_hz: RwSignal<Option<f64>>,
    /// High-frequency filter, Hz (`None`: off).
    pub high_cut_hz: RwSignal<Option<f64>>,
    /// Mains notch, Hz (`None`: off).
    pub notch_hz: RwSignal<Option<f64>>,
    /// Recording time at the screen's left edge (of its first row), s.
    pub screen_start_s: RwSignal<f64>,
    /// The analysed segment's first and last instants, s: the screen stays within them.
    segment: (f64, f64),
}

/// The sweep speed a needle screen opens with, ms per division (100 ms across: a few motor
/// unit discharges per sweep, as examiners begin).
const INITIAL_SWEEP_MS_PER_DIV: f64 = 10.0;

impl NeedleDisplay {
    /// The machine's standard settings, with the sensitivity fitted to the first second, as the
    /// examiner sets the gain for what is on screen first. Made in a component: the screen
    /// then stays within the segment whatever the mode or sweep speed becomes.
    pub fn new(signal: &NeedleSignal) -> NeedleDisplay {
        let defaults = DisplayFilters::default();
        let sensitivity_idx = fitting_sensitivity_idx(&signal.head_uv(1.0));
        let display = NeedleDisplay {
            mode: RwSignal::new(DisplayMode::Sweep),
            sweep_ms_per_div: RwSignal::new(INITIAL_SWEEP_MS_PER_DIV),
            sensitivity_uv_per_div: RwSignal::new(SENSITIVITY_UV_PER_DIV[sensitivity_idx]),
            low_cut_hz: RwSignal::new(defaults.low_cut_hz),
            high_cut_hz: RwSignal::new(defaults.high_cut_hz),
            notch_hz: RwSignal::new(defaults.notch_hz),
            screen_start_s: RwSignal::new(signal.start_s),
            segment: (signal.start_s, signal.end_s),
        };
        // A new mode or sweep speed changes what one screen spans.
        Effect::new(move |_| display.keep_within());
        display
    }

    /// The display filters chosen (tracked).
    pub fn filters(&self) -> DisplayFilters {
        DisplayFilters {
            low_cut_hz: self.low_cut_hz.get(),
            high_cut_hz: self.high_cut_hz.get(),
            notch_hz: self.notch_hz.get(),
        }
    }

    /// The display filters chosen, without tracking (for the sound, made at a click).
    pub fn filters_untracked(&self) -> DisplayFilters {
        DisplayFilters {
            low_cut_hz: self.low_cut_hz.get_untracked(),
            high_cut_hz: self.high_cut_hz.get_untracked(),
            notch_hz: self.notch_hz.get_untracked(),
        }
    }

    /// Time one sweep (one row) spans, s (tracked).
    pub fn window_s(&self) -> f64 {
        self.sweep_ms_per_div.get() * DIVISIONS_ACROSS / 1000.0
    }

    /// Rows on screen: one, or the raster's stack (tracked).
    pub fn n_rows(&self) -> usize {
        if self.mode.get() == DisplayMode::Raster {
            RASTER_ROWS
        } else {
            1
        }
    }

    /// Time the whole screen spans, s (tracked).
    pub fn span_s(&self) -> f64 {
        self.window_s() * self.n_rows() as f64
    }

    /// `start_s` moved so a screen spanning `span_s` lies within the segment where it can.
    pub fn clamp_start(&self, start_s: f64, span_s: f64) -> f64 {
        start_s.min(self.segment.1 - span_s).max(self.segment.0)
    }

    /// Keeps the screen within the segment after a change of mode or sweep (tracks both).
    fn keep_within(&self) {
        let span = self.span_s();
        self.screen_start_s.update(|start| *start = self.clamp_start(*start, span));
    }

    /// Moves a screen forward (`direction` 1) or back (−1): half a window when scrolling.
    pub fn page(&self, direction: f64) {
        let step = if self.mode.get_untracked() == DisplayMode::Scroll { self.window_s() / 2.0 } else { self.span_s() };
        let span = self.span_s();
        self.screen_start_s.update(|start| *start = self.clamp_start(*start + direction * step, span));
    }

    /// Moves the screen to the segment's start (`at_end` false) or its end.
    pub fn go_to_edge(&self, at_end: bool) {
        let start = if at_end { self.clamp_start(self.segment.1, self.span_s()) } else { self.segment.0 };
        self.screen_start_s.set(start);
    }

    /// Keeps `position_s` (the sound's) on screen: the scrolling display runs with it, a sweep
    /// or raster turns to the sweep that holds it.
    pub fn follow(&self, position_s: f64) {
        let (start, span, window) = (self.screen_start_s.get_untracked(), self.span_s(), self.window_s());
        match self.mode.get_untracked() {
            DisplayMode::Scroll => self.screen_start_s.set(self.clamp_start(position_s - 0.8 * window, window)),
            DisplayMode::Sweep | DisplayMode::Raster if position_s >= start + span || position_s < start => {
                let sweeps_in = ((position_s - self.segment.0) / window).floor();
                self.screen_start_s.set(self.clamp_start(self.segment.0 + sweeps_in * window, span));
            }
            DisplayMode::Sweep | DisplayMode::Raster => {}
        }
    }

    /// Puts `time_s` on screen, a fifth of a window in (centred when scrolling).
    pub fn show(&self, time_s: f64) {
        let window = self.window_s();
        let lead = if self.mode.get_untracked() == DisplayMode::Scroll { 0.5 } else { 0.2 };
        self.screen_start_s.set(self.clamp_start(time_s - lead * window, self.span_s()));
    }

    /// Opens on the screen a link named for needle channel `needle_idx` (a sensitivity and sweep
    /// the machine offers, a position within the recording), and from then on keeps `linked`
    /// naming this screen wherever it differs from how the channel opened (`None` where it does
    /// not), so the page's address follows it.
    pub fn follow_link(self, needle_idx: usize, linked: RwSignal<Option<LinkedScreen>>) {
        let opened = (
            self.sensitivity_uv_per_div.get_untracked(),
            self.sweep_ms_per_div.get_untracked(),
            self.screen_start_s.get_untracked(),
        );
        if let Some(screen) = linked.get_untracked().filter(|screen| screen.channel_idx == needle_idx) {
            if SENSITIVITY_UV_PER_DIV.contains(&screen.sensitivity_uv_per_div) {
                self.sensitivity_uv_per_div.set(screen.sensitivity_uv_per_div);
            }
            if SWEEP_MS_PER_DIV.contains(&screen.sweep_ms_per_div) {
                self.sweep_ms_per_div.set(screen.sweep_ms_per_div);
            }
            let span = self.sweep_ms_per_div.get_untracked() * DIVISIONS_ACROSS / 1000.0;
            self.screen_start_s.set(self.clamp_start(screen.start_s, span));
        }
        Effect::new(move |_| {
            let screen = LinkedScreen {
                channel_idx: needle_idx,
                sensitivity_uv_per_div: self.sensitivity_uv_per_div.get(),
                sweep_ms_per_div: self.sweep_ms_per_div.get(),
                start_s: self.screen_start_s.get(),
            };
            let as_opened = (screen.sensitivity_uv_per_div, screen.sweep_ms_per_div, screen.start_s) == opened;
            let differs = needle_idx != 0 || !as_opened;
            if linked.get_untracked() != differs.then_some(screen) {
                linked.set(differs.then_some(screen));
            }
        });
    }

    /// One sensitivity step more gain (`more_gain`) or less, as the machine's knob.
    pub fn step_sensitivity(&self, more_gain: bool) {
        self.sensitivity_uv_per_div.update(|current| {
            let idx = SENSITIVITY_UV_PER_DIV.iter().position(|preset| preset == current).unwrap_or(3);
            let stepped =
                if more_gain { idx.saturating_sub(1) } else { (idx + 1).min(SENSITIVITY_UV_PER_DIV.len() - 1) };
            *current = SENSITIVITY_UV_PER_DIV[stepped];
        });
    }
}
