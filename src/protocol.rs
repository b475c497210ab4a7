//! Messages between the page and the parsing worker.
//!
//! The page posts the user's `File` objects; the worker reads them (with progress), parses them
//! with edx-core, builds the min/max envelopes, and posts back a JSON summary of each recording
//! with its samples and envelopes as transferred `Float32Array`s, so the page never copies or
//! parses anything on its own thread. These are dedicated wire types, not the core model.

use edx_core::dsp::envelope::MinMaxPyramid;
use edx_core::formats::edf::overview::RecordingOverview;
use edx_core::model::{
    LateCorrection, Nerve, NerveConduction, NerveConductionKind, Recording, ReportedMeasures, SavedMarkers, Side,
    StimulationSite, Study, Sweep, Unit,
};
use edx_core::needle::{self, MuapReference, NeedleAnalysis};
use serde::{Deserialize, Serialize};

/// What the worker reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Reply {
    /// The worker has started and listens for files; files posted earlier would have been lost.
    Ready,
    /// Bytes of a file read so far.
    Progress {
        /// The file being read.
        file_name: String,
        /// Fraction read, 0 to 1.
        fraction: f64,
    },
    /// A recording was read; its buffers follow the message in summary order.
    Recording(RecordingSummary),
    /// A file could not be read; the message names the file and what is wrong.
    Failed {
        /// The file.
        file_name: String,
        /// The reader's message.
        message: String,
    },
    /// Every file of the request has been answered.
    Finished,
    /// Samples of a window of a recording read as an overview; its buffers follow in piece
    /// order.
    Window(WindowReply),
}

/// A window of samples read from a large file on the page's request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowReply {
    /// The recording, as its summary's `stream_id` names it.
    pub stream_id: u32,
    /// The request this answers: the page keeps only the newest answer.
    pub seq: u32,
    /// The time the window covers, s from the recording start (whole data records, so it may
    /// exceed the request).
    pub start_s: f64,
    /// End of that time, s.
    pub end_s: f64,
    /// One piece per channel and segment, in buffer order.
    pub pieces: Vec<WindowPieceWire>,
    /// Why the samples could not be read, naming the file.
    pub error: Option<String>,
}

/// One channel's samples within one segment of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowPieceWire {
    /// The channel, by position.
    pub channel_idx: usize,
    /// The segment.
    pub segment_idx: usize,
    /// Index in the segment of the piece's first sample.
    pub first_sample: usize,
    /// Samples per bin of each envelope level that follows the piece's samples, fine to coarse
    /// (bins counted from the piece's first sample), finer than the overview's.
    pub envelope_bins: Vec<usize>,
}

/// A recording without its samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordingSummary {
    /// The file name the user gave.
    pub file_name: String,
    /// What the file is, e.g. "EDF+D".
    pub format: String,
    /// Start date and time as the file states it, `YYYY-MM-DD hh:mm:ss`.
    pub start: Option<String>,
    /// Patient identification as the file wrote it.
    pub patient: String,
    /// Recording identification as the file wrote it.
    pub recording_info: String,
    /// Free-text notes from the file.
    pub notes: Vec<String>,
    /// Problems the reader tolerated.
    pub warnings: Vec<String>,
    /// Time-stamped events.
    pub annotations: Vec<AnnotationSummary>,
    /// Signal channels.
    pub channels: Vec<ChannelSummary>,
    /// Nerve conduction studies the file holds (edxview's EDF+D convention), whole: sweeps are
    /// small.
    pub nerve_conductions: Vec<NerveWire>,
    /// Needle EMG analyses of the channels that look like needle EMG.
    pub needle: Vec<NeedleChannelWire>,
    /// The built-in demo this recording was simulated for, if it is one.
    pub demo_id: Option<String>,
    /// The reference profile a study file was saved with.
    pub reference_profile: Option<String>,
    /// The patient's age at the study, in completed years, when the file gives it (normal limits
    /// with age bands apply only then).
    #[serde(default)]
    pub patient_age_years: Option<u32>,
    /// The patient's height, cm, when the file gives it.
    #[serde(default)]
    pub patient_height_cm: Option<f64>,
    /// For a file read as an overview: the longest time one window of samples may span, s (the
    /// worker reads at most so many bytes at once); wider views are drawn from the envelopes.
    #[serde(default)]
    pub max_window_s: Option<f64>,
    /// For a file too large to hold decoded: the worker's name for it. Its samples stay in the
    /// file; only envelopes come with the summary, and the page asks for windows of samples.
    pub stream_id: Option<u32>,
}

/// One channel's needle EMG analysis, done in the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedleChannelWire {
    /// The channel, by position in the recording.
    pub channel_idx: usize,
    /// The analysed segment (the longest) and where it starts, s; the analysis's times are
    /// from there.
    pub segment_idx: usize,
    /// Start of that segment, s from the recording start.
    pub segment_start_s: f64,
    /// The reference values that apply, if any.
    pub reference: Option<MuapReference>,
    /// The findings, or why the channel was not analysed.
    pub outcome: Result<NeedleAnalysis, String>,
    /// How long the analysis took in the worker, ms.
    pub analysis_ms: f64,
}

/// Needle channels longer than this are not analysed automatically, s (ten minutes of 20 kHz
/// signal take several seconds).
pub const MAX_AUTOMATIC_NEEDLE_S: f64 = 300.0;

/// Analyses every channel of `study` that looks like needle EMG (none in a nerve conduction
/// file), timing each analysis with `now_ms`.
pub fn analyse_needle_channels(study: &Study, now_ms: impl Fn() -> f64) -> Vec<NeedleChannelWire> {
    if !study.nerve_conductions.is_empty() {
        return Vec::new();
    }
    let Some(recording) = study.recordings.last() else { return Vec::new() };
    let description = format!("{} {}", recording.recording_info, recording.notes.join(" "));
    recording
        .channels
        .iter()
        .enumerate()
        .filter(|(_, channel)| needle::is_needle_candidate(channel))
        .map(|(channel_idx, channel)| {
            let longest = channel.segments.iter().enumerate().max_by_key(|(_, segment)| segment.samples.len());
            let (segment_idx, segment_start_s, length_s) = longest.map_or((0, 0.0, 0.0), |(segment_idx, segment)| {
                (segment_idx, segment.start_s, segment.samples.len() as f64 / channel.sampling_rate_hz)
            });
            if length_s > MAX_AUTOMATIC_NEEDLE_S {
                return NeedleChannelWire {
                    channel_idx,
                    segment_idx,
                    segment_start_s,
                    reference: None,
                    outcome: Err(format!(
                        "This channel runs for {:.0} s; needle analysis runs automatically on recordings up to {:.0} s.",
                        length_s, MAX_AUTOMATIC_NEEDLE_S
                    )),
                    analysis_ms: 0.0,
                };
            }
            let started = now_ms();
            let result = needle::analyse_channel(channel, &description);
            let analysis_ms = now_ms() - started;
            match result {
                Ok(result) => NeedleChannelWire {
                    channel_idx,
                    segment_idx: result.segment_idx,
                    segment_start_s: result.segment_start_s,
                    reference: result.reference,
                    outcome: Ok(result.analysis),
                    analysis_ms,
                },
                Err(error) => NeedleChannelWire {
                    channel_idx,
                    segment_idx,
                    segment_start_s,
                    reference: None,
                    outcome: Err(error.to_string()),
                    analysis_ms,
                },
            }
        })
        .collect()
}

/// A nerve conduction study on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NerveWire {
    /// Nerve name, as [`Nerve`] prints it.
    pub nerve: String,
    /// `Left` or `Right`.
    pub side: String,
    /// Study type.
    pub kind: NerveConductionKind,
    /// Recording site.
    pub recording_site: String,
    /// Skin temperature, °C.
    pub skin_temperature_c: Option<f64>,
    /// Acquisition filters as the file states them.
    pub acquisition_filters: Option<String>,
    /// Sites, distal first.
    pub sites: Vec<SiteWire>,
}

/// A stimulation site on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SiteWire {
    /// Site name.
    pub name: String,
    /// Distance from the next more distal site, mm.
    pub distance_mm: Option<f64>,
    /// Its sweeps.
    pub sweeps: Vec<SweepWire>,
    /// Markers saved with the study, if it came from a study file.
    pub saved_markers: Option<SavedMarkers>,
    /// Values a printed report gave, for a study typed in without waveforms.
    pub reported: Option<ReportedMeasures>,
    /// Stimulus intensity, mA.
    pub stimulus_ma: Option<f64>,
    /// Details edxview keeps without interpreting them.
    pub other_details: Vec<(String, String)>,
    /// Late-response corrections saved with the study.
    pub saved_late_corrections: Vec<Option<LateCorrection>>,
}

/// A sweep on the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SweepWire {
    /// Samples in the unit below.
    pub samples: Vec<f32>,
    /// Samples per second.
    pub sampling_rate_hz: f64,
    /// Time of the first sample after the stimulus, ms.
    pub first_sample_ms: f64,
    /// Power of ten making one unit a volt; `None` when uncalibrated.
    pub volt_exponent: Option<i32>,
}

impl NerveWire {
    /// The wire form of a study.
    pub fn of(nerve: &NerveConduction) -> NerveWire {
        NerveWire {
            nerve: nerve.nerve.to_string(),
            side: nerve.side.to_string(),
            kind: nerve.kind,
            recording_site: nerve.recording_site.clone(),
            skin_temperature_c: nerve.skin_temperature_c,
            acquisition_filters: nerve.acquisition_filters.clone(),
            sites: nerve
                .sites
                .iter()
                .map(|site| SiteWire {
                    name: site.name.clone(),
                    distance_mm: site.distance_mm,
                    sweeps: site
                        .sweeps
                        .iter()
                        .map(|sweep| SweepWire {
                            samples: sweep.samples.clone(),
                            sampling_rate_hz: sweep.sampling_rate_hz,
                            first_sample_ms: sweep.first_sample_ms,
                            volt_exponent: sweep.unit.volt_exponent(),
                        })
                        .collect(),
                    saved_markers: site.saved_markers,
                    reported: site.reported,
                    stimulus_ma: site.stimulus_ma,
                    other_details: site.other_details.clone(),
                    saved_late_corrections: site.saved_late_corrections.clone(),
                })
                .collect(),
        }
    }

    /// The study again.
    pub fn into_model(self) -> NerveConduction {
        NerveConduction {
            nerve: Nerve::from_name(&self.nerve),
            side: if self.side == "Left" { Side::Left } else { Side::Right },
            kind: self.kind,
            recording_site: self.recording_site,
            skin_temperature_c: self.skin_temperature_c,
            acquisition_filters: self.acquisition_filters,
            sites: self
                .sites
                .into_iter()
                .map(|site| StimulationSite {
                    name: site.name,
                    distance_mm: site.distance_mm,
                    sweeps: site
                        .sweeps
                        .into_iter()
                        .map(|sweep| Sweep {
                            samples: sweep.samples,
                            sampling_rate_hz: sweep.sampling_rate_hz,
                            first_sample_ms: sweep.first_sample_ms,
                            unit: sweep.volt_exponent.and_then(Unit::from_volt_exponent).unwrap_or(Unit::Arbitrary),
                        })
                        .collect(),
                    saved_markers: site.saved_markers,
                    reported: site.reported,
                    stimulus_ma: site.stimulus_ma,
                    other_details: site.other_details,
                    saved_late_corrections: site.saved_late_corrections,
                })
                .collect(),
        }
    }
}

/// One channel without its samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelSummary {
    /// The label as the file wrote it.
    pub label: String,
    /// Unit symbol, e.g. "µV" or "arbitrary units".
    pub unit: String,
    /// Power of ten that makes one unit a volt, for electrical units.
    pub volt_exponent: Option<i32>,
    /// Samples per second.
    pub sampling_rate_hz: f64,
    /// Sensor description.
    pub transducer: String,
    /// Acquisition filters as written.
    pub prefiltering: String,
    /// Values of the converter's extreme codes, when known.
    pub recordable_range: Option<(f64, f64)>,
    /// Contiguous runs of samples.
    pub segments: Vec<SegmentSummary>,
}

/// One segment: where it starts, how long it is, and which envelope levels follow its samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentSummary {
    /// Seconds from the recording start.
    pub start_s: f64,
    /// Number of samples.
    pub n_samples: usize,
    /// Samples per bin of each envelope level, fine to coarse.
    pub envelope_bins: Vec<usize>,
}

/// One annotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnnotationSummary {
    /// Seconds from the recording start.
    pub onset_s: f64,
    /// Seconds, when given.
    pub duration_s: Option<f64>,
    /// The text.
    pub text: String,
}

/// The summary of a study read from one file (its recording, with its nerve conduction studies,
/// the needle analyses made of it and the demo it simulates, if any) and, in the order the summary lists them, each segment's samples followed by its envelope
/// levels (interleaved minima and maxima). Takes the study so the samples move, not copy.
pub fn summarise_study(
    mut study: Study,
    needle: Vec<NeedleChannelWire>,
    demo_id: Option<String>,
) -> Option<(RecordingSummary, Vec<Vec<f32>>)> {
    // A study file holds nerve conduction studies without a continuous recording.
    let recording = study.recordings.pop().unwrap_or_else(|| Recording {
        file_name: study.title.clone(),
        format: "edxview study file".into(),
        ..Recording::default()
    });
    let (mut summary, buffers) = summarise(recording);
    summary.nerve_conductions = study.nerve_conductions.iter().map(NerveWire::of).collect();
    summary.reference_profile = study.reference_profile;
    summary.patient_age_years = study.patient.age_years;
    summary.patient_height_cm = study.patient.height_cm;
    summary.needle = needle;
    summary.demo_id = demo_id;
    Some((summary, buffers))
}

/// The summary of `recording` and its buffers (see [`summarise_study`]).
pub fn summarise(recording: Recording) -> (RecordingSummary, Vec<Vec<f32>>) {
    let mut buffers = Vec::new();
    let channels = recording
        .channels
        .into_iter()
        .map(|channel| ChannelSummary {
            unit: channel.unit.symbol().to_string(),
            volt_exponent: channel.unit.volt_exponent(),
            sampling_rate_hz: channel.sampling_rate_hz,
            recordable_range: channel.recordable_range,
            segments: channel
                .segments
                .into_iter()
                .map(|segment| {
                    let pyramid = MinMaxPyramid::build(&segment.samples);
                    let n_samples = segment.samples.len();
                    buffers.push(segment.samples);
                    let envelope_bins = pyramid.levels.iter().map(|level| level.samples_per_bin).collect();
                    buffers.extend(pyramid.levels.into_iter().map(|level| level.extremes));
                    SegmentSummary { start_s: segment.start_s, n_samples, envelope_bins }
                })
                .collect(),
            label: channel.label,
            transducer: channel.transducer,
            prefiltering: channel.prefiltering,
        })
        .collect();
    let summary = RecordingSummary {
        file_name: recording.file_name,
        format: recording.format,
        start: recording.start.map(|start| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                start.year, start.month, start.day, start.hour, start.minute, start.second
            )
        }),
        patient: recording.patient,
        recording_info: recording.recording_info,
        notes: recording.notes,
        warnings: recording.warnings,
        annotations: recording
            .annotations
            .into_iter()
            .map(|annotation| AnnotationSummary {
                onset_s: annotation.onset_s,
                duration_s: annotation.duration_s,
                text: annotation.text,
            })
            .collect(),
        channels,
        nerve_conductions: Vec::new(),
        needle: Vec::new(),
        demo_id: None,
        reference_profile: None,
        patient_age_years: None,
        patient_height_cm: None,
        max_window_s: None,
        stream_id: None,
    };
    (summary, buffers)
}

/// The summary of a large file's overview and its buffers: each segment's envelope levels
/// only (interleaved minima and maxima), as the samples stay in the file. Takes the envelopes
/// out of `overview`, which the worker keeps to read windows.
pub fn summarise_overview(overview: &mut RecordingOverview, stream_id: u32) -> (RecordingSummary, Vec<Vec<f32>>) {
    let envelopes = std::mem::take(&mut overview.envelopes);
    let (mut summary, _) = summarise(overview.recording.clone());
    let mut buffers = Vec::new();
    for (channel_idx, (channel, pyramids)) in summary.channels.iter_mut().zip(envelopes).enumerate() {
        channel.segments = overview
            .segments
            .iter()
            .zip(pyramids)
            .map(|(segment, pyramid)| {
                let envelope_bins = pyramid.levels.iter().map(|level| level.samples_per_bin).collect();
                buffers.extend(pyramid.levels.into_iter().map(|level| level.extremes));
                SegmentSummary { start_s: segment.start_s, n_samples: segment.n_samples[channel_idx], envelope_bins }
            })
            .collect();
    }
    summary.stream_id = Some(stream_id);
    (summary, buffers)
}

/// Why a needle channel of a large file is not analysed (its recording is longer than
/// [`MAX_AUTOMATIC_NEEDLE_S`], or the file too large to decode whole).
pub fn unanalysed_needle_channels(overview: &RecordingOverview) -> Vec<NeedleChannelWire> {
    overview
        .recording
        .channels
        .iter()
        .enumerate()
        .filter(|(_, channel)| needle::is_needle_candidate(channel))
        .map(|(channel_idx, channel)| {
            let length_s = overview.segments.iter().map(|segment| segment.n_samples[channel_idx]).sum::<usize>() as f64
                / channel.sampling_rate_hz;
            NeedleChannelWire {
                channel_idx,
                segment_idx: 0,
                segment_start_s: overview.segments.first().map_or(0.0, |segment| segment.start_s),
                reference: None,
                outcome: Err(format!(
                    "This channel runs for {length_s:.0} s in a file too large to decode whole; it is shown, and needle analysis runs automatically on recordings up to {MAX_AUTOMATIC_NEEDLE_S:.0} s."
                )),
                analysis_ms: 0.0,
            }
        })
        .collect()
}
