//! The analysed stretch of a needle channel as the view draws and plays it: its samples in the
//! worker's transferred buffer, converted to µV and display-filtered a stretch at a time.

use js_sys::Float32Array;
use leptos::prelude::*;

use super::settings::{self, DisplayFilters};

/// The analysed segment of one needle channel; cheap to copy into event handlers.
#[derive(Debug, Clone, Copy)]
pub struct NeedleSignal {
    samples: StoredValue<Float32Array, LocalStorage>,
    /// Samples per second.
    pub sampling_rate_hz: f64,
    /// Converts the channel's unit to µV.
    to_microvolts: f32,
    /// Recording time of the first sample, s.
    pub start_s: f64,
    /// Recording time just after the last sample, s.
    pub end_s: f64,
}

impl NeedleSignal {
    /// The segment of `samples` (in the channel's unit, `to_microvolts` per unit) sampled at
    /// `sampling_rate_hz` from recording time `start_s`.
    pub fn new(samples: Float32Array, sampling_rate_hz: f64, to_microvolts: f32, start_s: f64) -> NeedleSignal {
        let end_s = start_s + f64::from(samples.length()) / sampling_rate_hz;
        NeedleSignal { samples: StoredValue::new_local(samples), sampling_rate_hz, to_microvolts, start_s, end_s }
    }

    /// The samples, in the channel's unit.
    pub fn samples(&self) -> StoredValue<Float32Array, LocalStorage> {
        self.samples
    }

    /// Converts the channel's unit to µV.
    pub fn microvolts_per_unit(&self) -> f32 {
        self.to_microvolts
    }

    /// The index of the sample at recording time `time_s` (before the segment: 0).
    pub fn index_at(&self, time_s: f64) -> usize {
        ((time_s - self.start_s) * self.sampling_rate_hz).round().max(0.0) as usize
    }

    /// Samples `first_idx..last_idx` in µV, display-filtered with `filters`.
    pub fn filtered_uv(&self, first_idx: usize, last_idx: usize, filters: &DisplayFilters) -> Vec<f32> {
        self.samples.with_value(|samples| {
            settings::filtered_stretch(samples, self.sampling_rate_hz, self.to_microvolts, first_idx, last_idx, filters)
        })
    }

    /// Every sample in µV, display-filtered with `filters`.
    pub fn all_filtered_uv(&self, filters: &DisplayFilters) -> Vec<f32> {
        let length = self.samples.with_value(|samples| samples.length() as usize);
        self.filtered_uv(0, length, filters)
    }

    /// The first `seconds` in µV, unfiltered (to fit the sensitivity to what shows first).
    pub fn head_uv(&self, seconds: f64) -> Vec<f32> {
        self.samples.with_value(|samples| {
            let length = samples.length().min((seconds * self.sampling_rate_hz) as u32);
            samples.subarray(0, length).to_vec().into_iter().map(|value| value * self.to_microvolts).collect()
        })
    }
}
