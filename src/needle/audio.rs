//! Sound: the needle signal played through the speakers at true speed with the Web Audio API,
//! as the EMG machine's loudspeaker plays it, with the playing position read back for the
//! moving cursor.

use std::cell::{Cell, RefCell};

use wasm_bindgen::prelude::*;
use web_sys::{AudioBufferSourceNode, AudioContext, AudioScheduledSourceNode, GainNode};

/// Lowest and highest buffer rates browsers accept (the Web Audio specification requires 8 kHz
/// to 96 kHz; Chromium accepts 3 kHz to 768 kHz). Recordings outside are resampled.
const LOWEST_BUFFER_RATE_HZ: f64 = 8_000.0;
const HIGHEST_BUFFER_RATE_HZ: f64 = 96_000.0;
/// The recording's large deflections are played at this share of full scale.
const HEADROOM: f32 = 0.6;

/// A loudspeaker for one recording. Dropping it closes the audio context.
pub struct Player {
    /// The level played at [`HEADROOM`], the same whatever stretch is played, so quiet rest
    /// sounds quiet beside full effort, µV.
    loudness_uv: f32,
    context: AudioContext,
    gain: GainNode,
    source: RefCell<Option<AudioBufferSourceNode>>,
    /// Context time when playing started, and the recording time it started from, s.
    started: Cell<Option<(f64, f64)>>,
    /// Looped stretch, recording time, s.
    loop_range: Cell<Option<(f64, f64)>>,
    /// End of the buffer, recording time, s.
    end_s: Cell<f64>,
}

impl Player {
    /// A player for a recording whose large deflections reach `loudness_uv` (see
    /// [`loudness_reference_uv`]); must be created in response to a click or key press, as
    /// browsers start sound only then.
    pub fn new(loudness_uv: f32) -> Result<Player, String> {
        let context = AudioContext::new().map_err(|_| "this browser cannot play sound (no Web Audio)".to_string())?;
        let gain = context.create_gain().map_err(|_| "could not create a volume control".to_string())?;
        gain.connect_with_audio_node(&context.destination()).map_err(|_| "could not reach the speakers".to_string())?;
        Ok(Player {
            loudness_uv,
            context,
            gain,
            source: RefCell::new(None),
            started: Cell::new(None),
            loop_range: Cell::new(None),
            end_s: Cell::new(0.0),
        })
    }

    /// Plays `samples_uv` (recorded at `sampling_rate_hz`, the first at recording time
    /// `buffer_start_s`) from `from_s`, looping `loop_range` if given; `on_ended` runs when it
    /// stops by itself.
    pub fn play(
        &self,
        samples_uv: &[f32],
        sampling_rate_hz: f64,
        buffer_start_s: f64,
        from_s: f64,
        loop_range: Option<(f64, f64)>,
        on_ended: impl FnOnce() + 'static,
    ) -> Result<(), String> {
        self.stop();
        let _ = self.context.resume();
        let (buffer_rate_hz, values) = playable(samples_uv, sampling_rate_hz, self.loudness_uv);
        if values.is_empty() {
            return Err("nothing to play here".into());
        }
        let buffer = self
            .context
            .create_buffer(1, values.len() as u32, buffer_rate_hz as f32)
            .map_err(|_| "could not prepare the sound".to_string())?;
        buffer.copy_to_channel(&values, 0).map_err(|_| "could not prepare the sound".to_string())?;
        let source = self.context.create_buffer_source().map_err(|_| "could not prepare the sound".to_string())?;
        source.set_buffer(Some(&buffer));
        source.connect_with_audio_node(&self.gain).map_err(|_| "could not reach the speakers".to_string())?;
        if let Some((loop_start_s, loop_end_s)) = loop_range {
            source.set_loop(true);
            source.set_loop_start(loop_start_s - buffer_start_s);
            source.set_loop_end(loop_end_s - buffer_start_s);
        }
        let on_ended = Closure::once_into_js(on_ended);
        scheduled(&source).set_onended(Some(on_ended.unchecked_ref()));
        source
            .start_with_when_and_grain_offset(0.0, (from_s - buffer_start_s).max(0.0))
            .map_err(|_| "could not start the sound".to_string())?;
        self.started.set(Some((self.context.current_time(), from_s)));
        self.loop_range.set(loop_range);
        self.end_s.set(buffer_start_s + samples_uv.len() as f64 / sampling_rate_hz);
        *self.source.borrow_mut() = Some(source);
        Ok(())
    }

    /// Stops playing.
    pub fn stop(&self) {
        if let Some(source) = self.source.borrow_mut().take() {
            scheduled(&source).set_onended(None);
            let _ = scheduled(&source).stop();
        }
        self.started.set(None);
    }

    /// The recording time now heard, s, while playing: the context's clock runs ahead of the
    /// speakers by the output latency (Bluetooth headphones: a fifth of a second), which the
    /// cursor waits for where the browser reports it.
    pub fn position_s(&self) -> Option<f64> {
        let (context_start, from_s) = self.started.get()?;
        let heard_s = (self.context.current_time() - context_start - self.output_latency_s()).max(0.0);
        let position = from_s + heard_s;
        Some(match self.loop_range.get() {
            Some((loop_start, loop_end)) if position >= loop_end && loop_end > loop_start => {
                loop_start + (position - loop_start) % (loop_end - loop_start)
            }
            _ => position.min(self.end_s.get()),
        })
    }

    /// `AudioContext.outputLatency` in s, or 0 where the browser does not report it.
    fn output_latency_s(&self) -> f64 {
        js_sys::Reflect::get(self.context.as_ref(), &JsValue::from_str("outputLatency"))
            .ok()
            .and_then(|latency| latency.as_f64())
            .filter(|latency| latency.is_finite() && *latency >= 0.0)
            .unwrap_or(0.0)
    }

    /// Sets the volume, 0 to 1.
    pub fn set_volume(&self, volume: f64) {
        self.gain.gain().set_value(volume.clamp(0.0, 1.0) as f32);
    }
}

impl Drop for Player {
    fn drop(&mut self) {
        self.stop();
        let _ = self.context.close();
    }
}

/// The source as a scheduled source node, whose `onended` and `stop` are the standard ones.
fn scheduled(source: &AudioBufferSourceNode) -> &AudioScheduledSourceNode {
    source.as_ref()
}

/// The level of a recording's large deflections, µV: its 99.9th percentile magnitude (so a
/// rare artefact does not set it), at least 1 µV.
pub fn loudness_reference_uv(samples_uv: &[f32]) -> f32 {
    let mut magnitudes: Vec<f32> =
        samples_uv.iter().step_by(3).map(|value| value.abs()).filter(|value| value.is_finite()).collect();
    if magnitudes.is_empty() {
        return 1.0;
    }
    let rank = (magnitudes.len() - 1) * 999 / 1000;
    let (_, large, _) = magnitudes.select_nth_unstable_by(rank, f32::total_cmp);
    large.max(1.0)
}

/// The buffer rate and the scaled values: a recording outside the rates browsers accept is
/// resampled by linear interpolation (a 4 kHz recording becomes 8 kHz); values are scaled so
/// `loudness_uv` sits well inside full scale, and clipped beyond it.
fn playable(samples_uv: &[f32], sampling_rate_hz: f64, loudness_uv: f32) -> (f64, Vec<f32>) {
    let buffer_rate_hz = sampling_rate_hz.clamp(LOWEST_BUFFER_RATE_HZ, HIGHEST_BUFFER_RATE_HZ);
    let resampled: Vec<f32> = if (buffer_rate_hz - sampling_rate_hz).abs() < 1e-6 {
        samples_uv.to_vec()
    } else {
        let step = sampling_rate_hz / buffer_rate_hz;
        let n = ((samples_uv.len() as f64 - 1.0) / step).floor().max(0.0) as usize + 1;
        (0..n)
            .map(|idx| {
                let position = idx as f64 * step;
                let below = position.floor() as usize;
                let fraction = (position - below as f64) as f32;
                let next = samples_uv.get(below + 1).copied().unwrap_or(samples_uv[below]);
                samples_uv[below] * (1.0 - fraction) + next * fraction
            })
            .collect()
    };
    let scale = HEADROOM / loudness_uv.max(1.0);
    (
        buffer_rate_hz,
        resampled
            .into_iter()
            .map(|value| if value.is_finite() { (value * scale).clamp(-1.0, 1.0) } else { 0.0 })
            .collect(),
    )
}
