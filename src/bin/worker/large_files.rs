//! EDF and BDF files too large to decode whole: read slice by slice into an overview (the
//! recording's description and min/max envelopes, no samples), kept open, and read a window of
//! samples at a time as the viewer zooms in. An hour of 8 × 20 kHz so costs the page about 30 MB.

use std::cell::RefCell;
use std::collections::HashMap;

use edx_core::display;
use edx_core::dsp::envelope::MinMaxPyramid;
use edx_core::formats::edf::overview::{self, OverviewReader, RecordingOverview, WindowPiece};
use edx_core::formats::{self, ncs_edf, patient, FileKind};
use edx_core::model::{Patient, Segment, Study};
use edxview::protocol::{Reply, StreamLayout, WindowPieceLayout, WindowReply, WindowRequest};
use web_sys::File;

use crate::files::{read_range, READ_SLICE_BYTES};
use crate::post;

/// EDF and BDF files larger than this are read as an overview (envelopes, no samples) and
/// windows of samples are decoded on request: decoded whole, 256 MiB of EDF is 512 MiB of `f32`.
pub const OVERVIEW_ABOVE_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

/// The most bytes one window request reads from a file.
const MAX_WINDOW_BYTES: usize = 64 * 1024 * 1024;

/// A large file the page views through windows: the file and its overview.
struct OpenStream {
    file: File,
    overview: RecordingOverview,
}

thread_local! {
    static STREAMS: RefCell<HashMap<u32, OpenStream>> = RefCell::new(HashMap::new());
}

/// A large file read as an overview: a study of its one recording (whose segments hold no
/// samples) and the envelopes of each channel's segments.
pub struct OpenedOverview {
    /// The study: the recording's description, annotations, warnings and the patient's details.
    pub study: Study,
    /// `envelopes[channel_idx][segment_idx]`.
    pub envelopes: Vec<Vec<MinMaxPyramid>>,
    /// Samples in each channel's segments, `n_samples[channel_idx][segment_idx]`.
    pub n_samples: Vec<Vec<usize>>,
    /// Where the page asks for windows.
    pub stream: StreamLayout,
}

/// Reads `file` as an overview if it is an EDF or BDF file; `Ok(None)` when it is not, to be
/// read whole.
pub async fn open(file: &File) -> Result<Option<OpenedOverview>, String> {
    let size = file.size();
    let fixed = read_range(file, 0.0, size.min(overview::FIXED_HEADER_BYTES as f64)).await?;
    if !matches!(formats::detect(&file.name(), &fixed), FileKind::Edf | FileKind::Bdf) {
        return Ok(None);
    }
    let header_bytes = overview::header_length(&fixed).map_err(|error| error.to_string())?;
    let header = read_range(file, 0.0, size.min(header_bytes as f64)).await?;
    let mut reader = OverviewReader::open(&header, size as u64).map_err(|error| error.to_string())?;
    let data = reader.data_bytes();
    let records_per_slice = (READ_SLICE_BYTES as usize / reader.record_bytes().max(1)).max(1);
    let slice_bytes = (records_per_slice * reader.record_bytes()) as f64;
    let mut offset = data.start as f64;
    while offset < data.end as f64 {
        let end = (offset + slice_bytes).min(data.end as f64);
        reader.feed(&read_range(file, offset, end).await?);
        offset = end;
        post::progress(file.name(), offset / size);
    }
    let mut overview = reader.finish();
    overview.recording.file_name = file.name();
    let envelopes = std::mem::take(&mut overview.envelopes);
    let mut recording = overview.recording.clone();
    let n_channels = recording.channels.len();
    let n_samples: Vec<Vec<usize>> = (0..n_channels)
        .map(|channel_idx| overview.segments.iter().map(|segment| segment.n_samples[channel_idx]).collect())
        .collect();
    for channel in &mut recording.channels {
        channel.segments =
            overview.segments.iter().map(|segment| Segment { start_s: segment.start_s, samples: Vec::new() }).collect();
    }
    if ncs_edf::follows_convention(&recording) {
        recording.warnings.push(format!(
            "This file looks like nerve conduction studies, which are read from files up to {}; its signals are shown as recorded.",
            display::byte_size(OVERVIEW_ABOVE_BYTES as u64)
        ));
    }
    recording.warnings.push(format!(
        "This file is {}, too large to decode whole on this device: it is drawn from envelopes and its samples are read from the file a window at a time.",
        display::byte_size(size as u64)
    ));
    let patient: Patient = patient::edf_plus_patient(&recording.patient, recording.start);
    let records_per_window = MAX_WINDOW_BYTES / overview.record_bytes().max(1);
    let max_window_s = overview.record_duration_s() * records_per_window as f64;
    let stream_id = STREAMS.with(|streams| {
        let mut streams = streams.borrow_mut();
        let stream_id = streams.keys().max().map_or(1, |last| last + 1);
        streams.insert(stream_id, OpenStream { file: file.clone(), overview });
        stream_id
    });
    let study = Study { title: file.name(), recordings: vec![recording], patient, ..Study::default() };
    Ok(Some(OpenedOverview { study, envelopes, n_samples, stream: StreamLayout { stream_id, max_window_s } }))
}

/// Reads the records that hold the window asked for and posts their samples as its answer; a
/// failure is answered too, so the page stops waiting.
pub async fn answer_window(request: WindowRequest) {
    let WindowRequest { stream_id, start_s, end_s, .. } = request;
    let planned = STREAMS.with(|streams| {
        let streams = streams.borrow();
        let stream = streams.get(&stream_id)?;
        let max_records = MAX_WINDOW_BYTES / stream.overview.record_bytes().max(1);
        let records = stream.overview.records_for(start_s, end_s, max_records)?;
        Some((stream.file.clone(), records.clone(), stream.overview.byte_range(&records)))
    });
    // No record lies there (a gap, or past the end): an empty window is the answer.
    let Some((file, records, byte_range)) = planned else {
        return post_window(&request, Ok((start_s, end_s, Vec::new())));
    };
    let bytes = match read_range(&file, byte_range.start as f64, byte_range.end as f64).await {
        Ok(bytes) => bytes,
        Err(message) => return post_window(&request, Err(message)),
    };
    let decoded = STREAMS.with(|streams| {
        let streams = streams.borrow();
        let overview = &streams.get(&stream_id)?.overview;
        let (window_start_s, window_end_s) = overview.time_of(&records);
        Some((window_start_s, window_end_s, overview.decode_window(records, &bytes)))
    });
    post_window(&request, decoded.ok_or_else(|| format!("{} is no longer open", file.name())));
}

/// Posts the answer to `request`: the window's pieces, each with its envelope levels finer
/// than the overview's (so a zoomed-in frame reduces bins, not samples), or why it could not
/// be read.
fn post_window(request: &WindowRequest, window: Result<(f64, f64, Vec<WindowPiece>), String>) {
    let (start_s, end_s, pieces, error) = match window {
        Ok((start_s, end_s, pieces)) => (start_s, end_s, pieces, None),
        Err(message) => (request.start_s, request.end_s, Vec::new(), Some(message)),
    };
    let mut layouts = Vec::with_capacity(pieces.len());
    let mut buffers = Vec::new();
    for piece in pieces {
        let finer: Vec<_> = MinMaxPyramid::build(&piece.samples)
            .levels
            .into_iter()
            .filter(|level| level.samples_per_bin < overview::OVERVIEW_FINEST_BIN)
            .collect();
        layouts.push(WindowPieceLayout {
            channel_idx: piece.channel_idx,
            segment_idx: piece.segment_idx,
            first_sample: piece.first_sample,
            envelope_bins: finer.iter().map(|level| level.samples_per_bin).collect(),
        });
        buffers.push(piece.samples);
        buffers.extend(finer.into_iter().map(|level| level.extremes));
    }
    let reply = WindowReply { stream_id: request.stream_id, seq: request.seq, start_s, end_s, pieces: layouts, error };
    post::reply(&Reply::Window(reply), buffers);
}
