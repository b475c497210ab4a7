//! Messages between the page and the worker: types only, each serialised one way (JSON).
//!
//! The page posts a [`Request`] as JSON under `request`, with the user's `File`s under `files`
//! for [`Request::Files`]. The worker answers every study request with one [`Reply::Study`] (or
//! a [`Reply::Error`] naming the demo or the request), after [`Reply::Progress`] reports while
//! it reads; a [`Reply`] travels as JSON under `reply`, with its samples as transferred
//! `Float32Array`s under `buffers`, in the order its layout gives, so the page never copies or
//! parses a signal on its own thread. The worker spreads a study's needle analyses over
//! helper workers of its own with [`Request::AnalyseNeedle`], and reports each one done to the
//! page with [`Reply::NeedleProgress`].

use edx_core::model::{Channel, Study};
use edx_core::needle::{ChannelNeedleAnalysis, NeedleChannel, NeedleChannelError};
use serde::{Deserialize, Serialize};

/// The page's name for a study it asked for: its answer carries it back.
pub type RequestId = u32;

/// What the page asks of the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Request {
    /// Read the files posted with this request as one study (a WFDB header with its data files,
    /// a nerve conduction file and needle recordings of several muscles).
    Files {
        /// Names the answer.
        request_id: RequestId,
    },
    /// Simulate and analyse a built-in demo, nerve conduction or needle.
    Demo {
        /// Names the answer.
        request_id: RequestId,
        /// The demo's identifier (`edx_core::synth::demos`).
        demo_id: String,
    },
    /// Read samples of a large file's recording between two times.
    Window(WindowRequest),
    /// Analyse one needle channel: a task the worker reading a study gives the helper workers
    /// it spreads a study's needle recordings over. The segment's samples follow as one buffer.
    AnalyseNeedle(NeedleTask),
}

/// One needle channel to analyse, its analysed segment's samples posted with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedleTask {
    /// Numbers the task: its answer carries it back.
    pub task_id: u32,
    /// The channel, its segments without their samples (they keep their start times).
    pub channel: Channel,
    /// The segment whose samples follow: the channel's longest.
    pub segment_idx: usize,
    /// The text that names the channel's muscle (`needle::study::analysis_plan`).
    pub muscle: String,
}

/// Samples of a large file the viewer is about to show.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowRequest {
    /// The file, as its [`StreamLayout`] names it.
    pub stream_id: u32,
    /// Numbers the request: the page keeps only the newest answer.
    pub seq: u32,
    /// Start of the time wanted, s from the recording start.
    pub start_s: f64,
    /// End of it, s.
    pub end_s: f64,
}

/// What the worker reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Reply {
    /// The worker has started and listens; requests posted before this would have been lost.
    Ready,
    /// Bytes of a file read so far.
    Progress {
        /// The file being read.
        file_name: String,
        /// Fraction read, 0 to 1.
        fraction: f64,
    },
    /// The study a request asked for; its buffers follow in the order of [`StudyReply::layouts`].
    Study(Box<StudyReply>),
    /// A request that could not be answered with a study.
    Error {
        /// The request it answers.
        request_id: RequestId,
        /// What is wrong, naming the demo or the files.
        message: String,
    },
    /// Samples of a window of a large file; its buffers follow in piece order.
    Window(WindowReply),
    /// A helper worker's answer to a [`NeedleTask`].
    NeedleAnalysed {
        /// The task it answers.
        task_id: u32,
        /// The analysis, or why the channel could not be analysed.
        outcome: Box<Result<ChannelNeedleAnalysis, NeedleChannelError>>,
        /// How long the analysis took, ms.
        analysis_ms: f64,
    },
    /// A needle recording of a study being opened has been analysed.
    NeedleProgress(NeedleProgress),
}

/// How far the needle analyses of a study being opened have come.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedleProgress {
    /// The request whose study they belong to.
    pub request_id: RequestId,
    /// Needle channels analysed so far.
    pub done: usize,
    /// Needle channels to analyse.
    pub total: usize,
    /// The one just analysed: its muscle and side where the file names them, else its label.
    pub latest: String,
    /// How many workers analyse them at once.
    pub workers: usize,
}

/// One study: every file of a request read together, or a demo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudyReply {
    /// The request this answers.
    pub request_id: RequestId,
    /// The study; its recordings' segments keep their start times but not their samples, which
    /// follow as buffers ([`StudyReply::layouts`]). Empty when no file could be read.
    pub study: Study,
    /// How each recording's samples and envelopes follow, recording by recording.
    pub layouts: Vec<RecordingLayout>,
    /// The study's needle EMG channels and their analyses, made in the worker.
    pub needle: Vec<NeedleChannel>,
    /// What became of each file of the request, in the order they were posted (none for a demo).
    pub files: Vec<FileReport>,
}

/// What became of one file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    /// The file name the user gave.
    pub file_name: String,
    /// Read, read with another file, or why not.
    pub outcome: FileReportOutcome,
}

/// How a file was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FileReportOutcome {
    /// Read: what it holds, in a line, and the problems the reader tolerated.
    Read {
        /// "EDF+D, 11 channels, 20.0 s", "BDF+D, 4 nerve conduction studies".
        description: String,
        /// Problems tolerated, each to show next to the file.
        warnings: Vec<String>,
    },
    /// Read as part of a WFDB record, with its header.
    ReadWith {
        /// The header's file name.
        header: String,
    },
    /// A printed report (a PDF): not read, its values to be typed into the report form.
    PrintedReport {
        /// Why it is not read, and what to do.
        message: String,
    },
    /// Not read: its reader refused it.
    Failed {
        /// The reader's message: what is wrong and what to do.
        message: String,
    },
}

/// How one recording's buffers follow the reply: per channel and segment, its samples (unless
/// the recording is a stream) and then its envelope levels, fine to coarse.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RecordingLayout {
    /// `channels[channel_idx][segment_idx]`.
    pub channels: Vec<Vec<SegmentLayout>>,
    /// For a file too large to hold decoded: its samples stay in the file, and the page asks
    /// for windows of them.
    pub stream: Option<StreamLayout>,
}

/// One segment's buffers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentLayout {
    /// Number of samples.
    pub n_samples: usize,
    /// Samples per bin of each envelope level (interleaved minima and maxima), fine to coarse.
    pub envelope_bins: Vec<usize>,
}

/// A large file the worker keeps open to read windows from.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct StreamLayout {
    /// The worker's name for the file.
    pub stream_id: u32,
    /// The longest time one window of samples may span, s (the worker reads at most so many
    /// bytes at once); wider views are drawn from the envelopes.
    pub max_window_s: f64,
}

/// A window of samples read from a large file on the page's request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowReply {
    /// The recording, as its [`StreamLayout`] names it.
    pub stream_id: u32,
    /// The request this answers.
    pub seq: u32,
    /// The time the window covers, s from the recording start (whole data records, so it may
    /// exceed the request).
    pub start_s: f64,
    /// End of that time, s.
    pub end_s: f64,
    /// One piece per channel and segment, in buffer order.
    pub pieces: Vec<WindowPieceLayout>,
    /// Why the samples could not be read, naming the file.
    pub error: Option<String>,
}

/// One channel's samples within one segment of a window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WindowPieceLayout {
    /// The channel, by position.
    pub channel_idx: usize,
    /// The segment of the channel the piece belongs to.
    pub segment_idx: usize,
    /// Index in the segment of the piece's first sample.
    pub first_sample: usize,
    /// Samples per bin of each envelope level that follows the piece's samples, fine to coarse
    /// (bins counted from the piece's first sample), finer than the overview's.
    pub envelope_bins: Vec<usize>,
}
