//! A study as the page holds it: the core's [`Study`] as the worker sent it, the needle
//! analyses made of it, and its recordings' samples and envelopes in the buffers the worker
//! transferred (kept in JavaScript memory, so the page never copies a whole signal).
//!
//! The study's recordings keep their segments' start times but not their samples: a view reads
//! a recording's samples, and how many a segment has, from its [`RecordingBuffers`].

use std::rc::Rc;

use edx_core::model::{Recording, Study};
use edx_core::needle::NeedleChannel;
use js_sys::Float32Array;

use crate::window_source::WindowSource;

/// A study on the page.
#[derive(Debug, Clone)]
pub struct OpenedStudy {
    /// What the files held (or the demo simulated), samples aside.
    pub study: Study,
    /// The needle EMG channels of its recordings, and their analyses.
    pub needle: Vec<NeedleChannel>,
    /// The samples and envelopes, per recording of `study`.
    pub buffers: Vec<RecordingBuffers>,
    /// The built-in demo it is, if it is one.
    pub demo_id: Option<String>,
}

/// One recording's samples and envelopes.
#[derive(Debug, Clone)]
pub struct RecordingBuffers {
    /// `channels[channel_idx][segment_idx]`.
    pub channels: Vec<Vec<SegmentData>>,
    /// For a file too large to hold decoded, where windows of its samples come from, and the
    /// longest time one window may span, s.
    pub windows: Option<(Rc<WindowSource>, f64)>,
}

/// One segment's samples and envelope levels.
#[derive(Debug, Clone)]
pub struct SegmentData {
    /// How many samples the segment has.
    pub n_samples: usize,
    /// The samples; `None` for a file too large to hold decoded, whose samples are read a window
    /// at a time through [`RecordingBuffers::windows`].
    pub samples: Option<Float32Array>,
    /// (samples per bin, interleaved minima and maxima), fine to coarse.
    pub envelope: Vec<(usize, Float32Array)>,
}

/// One recording with its buffers, as the views take it.
#[derive(Debug, Clone)]
pub struct OpenedRecording {
    /// The recording's description, channels and annotations (no samples).
    pub recording: Recording,
    /// Its samples and envelopes.
    pub buffers: RecordingBuffers,
}

impl OpenedRecording {
    /// First and last instants of any channel (of the annotations, for a file without
    /// signals), s from the recording start.
    pub fn time_extent(&self) -> (f64, f64) {
        self.recording.time_extent_counting(|channel_idx, segment_idx| self.n_samples(channel_idx, segment_idx))
    }

    /// Samples in a channel's segment.
    pub fn n_samples(&self, channel_idx: usize, segment_idx: usize) -> usize {
        self.buffers
            .channels
            .get(channel_idx)
            .and_then(|segments| segments.get(segment_idx))
            .map_or(0, |data| data.n_samples)
    }
}

impl OpenedStudy {
    /// Adds `other` (files added to this study) after this study's own recordings and nerve
    /// conduction studies.
    pub fn absorb(&mut self, other: OpenedStudy) {
        let offset = self.study.absorb(other.study);
        self.needle.extend(other.needle.into_iter().map(|mut channel| {
            channel.recording_idx += offset;
            channel
        }));
        self.buffers.extend(other.buffers);
    }

    /// A name for the study made from what its files hold (file names, channel labels, rates
    /// and lengths, samples of every signal, the nerve conduction studies and a study file's
    /// table), the same whenever the same files are opened:
    /// what the physician's unsaved work is kept under on this device. A hash, so the name
    /// itself holds nothing of the files.
    pub fn identity(&self) -> String {
        let mut text = format!("{}|{}|", self.demo_id.as_deref().unwrap_or(""), self.study.title);
        for (recording_idx, recording) in self.study.recordings.iter().enumerate() {
            text.push_str(&format!("{}:", recording.file_name));
            for (channel_idx, channel) in recording.channels.iter().enumerate() {
                let n_samples: usize = (0..channel.segments.len())
                    .map(|segment_idx| {
                        self.buffers
                            .get(recording_idx)
                            .and_then(|buffers| buffers.channels.get(channel_idx))
                            .and_then(|segments| segments.get(segment_idx))
                            .map_or(0, |data| data.n_samples)
                    })
                    .sum();
                text.push_str(&format!("{}@{}x{n_samples};", channel.label, channel.sampling_rate_hz));
            }
        }
        // What the signals hold, sampled: two files of one name and length are told apart.
        for (recording_idx, buffers) in self.buffers.iter().enumerate() {
            for (channel_idx, segments) in buffers.channels.iter().enumerate() {
                for data in segments.iter().filter(|data| data.n_samples > 0) {
                    if let Some(samples) = &data.samples {
                        let step = (data.n_samples / FINGERPRINT_SAMPLES).max(1);
                        for sample_idx in (0..data.n_samples).step_by(step).take(FINGERPRINT_SAMPLES) {
                            text.push_str(&format!("{:x},", samples.get_index(sample_idx as u32).to_bits()));
                        }
                    }
                }
                text.push_str(&format!("|{recording_idx}.{channel_idx}|"));
            }
        }
        for nerve in &self.study.nerve_conductions {
            text.push_str(&format!("{}/{}/{}/{};", nerve.nerve, nerve.side, nerve.kind, nerve.sites.len()));
            for site in &nerve.sites {
                text.push_str(&format!("{}@{:?}:{:?};", site.name, site.distance_mm, site.reported));
                for sweep in &site.sweeps {
                    let step = (sweep.samples.len() / FINGERPRINT_SAMPLES).max(1);
                    for value in sweep.samples.iter().step_by(step).take(FINGERPRINT_SAMPLES) {
                        text.push_str(&format!("{:x},", value.to_bits()));
                    }
                }
            }
        }
        // A study file's own table, as it opened.
        text.push_str(&serde_json::to_string(&self.study.needle_examination).unwrap_or_default());
        format!("{:016x}", fnv1a(text.as_bytes()))
    }

    /// What the study holds, in a line ([`Study::describe`], its samples counted in the buffers).
    pub fn describe(&self) -> String {
        self.study.describe_counting(|recording_idx, channel_idx, segment_idx| {
            self.buffers
                .get(recording_idx)
                .and_then(|buffers| buffers.channels.get(channel_idx))
                .and_then(|segments| segments.get(segment_idx))
                .map_or(0, |data| data.n_samples)
        })
    }

    /// Recording `recording_idx` with its buffers.
    pub fn recording(&self, recording_idx: usize) -> Option<Rc<OpenedRecording>> {
        Some(Rc::new(OpenedRecording {
            recording: self.study.recordings.get(recording_idx)?.clone(),
            buffers: self.buffers.get(recording_idx)?.clone(),
        }))
    }
}

/// Samples of each signal that go into a study's identity.
const FINGERPRINT_SAMPLES: usize = 64;

/// The 64-bit FNV-1a hash of `bytes`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3))
}
