//! The parsing worker: reads the files the page posts, parses them with edx-core, and posts back
//! each recording's summary with its samples and envelopes as transferred buffers, so the page
//! stays responsive however large the files are.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use edx_core::display;
use edx_core::dsp::envelope::MinMaxPyramid;
use edx_core::formats::edf::overview::{self, OverviewReader, RecordingOverview, WindowPiece};
use edx_core::formats::{self, ncs_edf, patient, FileKind, InputFile};
use edxview::protocol::{self, Reply, WindowPieceWire, WindowReply};
use js_sys::{Array, Float32Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, File, MessageEvent};

/// Files are read in slices of this many bytes, with a progress report after each.
const READ_SLICE_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

/// EDF and BDF files larger than this are read as an overview (envelopes, no samples) and
/// windows of samples are decoded on request: decoded whole, 256 MiB of EDF is 512 MiB of `f32`.
const OVERVIEW_ABOVE_BYTES: f64 = 256.0 * 1024.0 * 1024.0;

/// Other files larger than this are refused before reading: the worker holds them whole.
const MAX_WHOLE_FILE_BYTES: f64 = 1024.0 * 1024.0 * 1024.0;

/// The most bytes one window request reads from a file.
const MAX_WINDOW_BYTES: usize = 64 * 1024 * 1024;

/// Pieces of simulated needle EMG the worker analyses when it starts, and discards. The browser
/// first runs WebAssembly through a quick baseline compiler and optimises a function only once
/// it has run for a while, for its later calls: a file's analysis, a few long calls, ran mostly
/// unoptimised (a minute at 20 kHz took 1.2–1.6 s in Chromium as the worker's first analysis
/// and 0.7–1.1 s as its second; 0.66–1.0 s as its first once warmed up). The page starts the
/// worker as soon as it is up. Each piece is a task of its own and the warm-up stops at the
/// page's first request, so a file dropped meanwhile waits for one piece's analysis at most.
const WARM_UP_PIECES: u32 = 4;
/// Seconds of effort in each warm-up piece.
const WARM_UP_PIECE_S: f64 = 2.0;

/// A large file the page views through windows: the file and its overview.
struct OpenStream {
    file: File,
    overview: RecordingOverview,
}

thread_local! {
    static STREAMS: RefCell<HashMap<u32, OpenStream>> = RefCell::new(HashMap::new());
    /// Whether the page has asked for anything yet: the warm-up stops at its first request.
    static ASKED: Cell<bool> = const { Cell::new(false) };
}

fn main() {
    console_error_panic_hook::set_once();
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        ASKED.with(|asked| asked.set(true));
        let data = event.data();
        if let Some(demo_id) = Reflect::get(&data, &"demo".into()).ok().and_then(|value| value.as_string()) {
            answer_demo(&demo_id);
            return;
        }
        if let Some(request) = Reflect::get(&data, &"window".into()).ok().filter(|value| value.is_object()) {
            let number = |key: &str| Reflect::get(&request, &key.into()).ok().and_then(|value| value.as_f64());
            let (stream_id, seq) = (number("stream_id"), number("seq"));
            if let (Some(stream_id), Some(seq), Some(start_s), Some(end_s)) =
                (stream_id, seq, number("start_s"), number("end_s"))
            {
                wasm_bindgen_futures::spawn_local(answer_window(stream_id as u32, seq as u32, start_s, end_s));
            }
            return;
        }
        let files: Vec<File> = Array::from(&data).iter().filter_map(|value| value.dyn_into::<File>().ok()).collect();
        wasm_bindgen_futures::spawn_local(answer(files));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&Reply::Ready, Vec::new());
    schedule_warm_up(WARM_UP_PIECES);
}

/// Queues the warm-up's next piece as a task of its own, `remaining` pieces to go, until the
/// page asks for something: a file read then does not wait for the rest of the warm-up.
fn schedule_warm_up(remaining: u32) {
    if remaining == 0 {
        return;
    }
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let next = Closure::once_into_js(move || {
        if !ASKED.with(Cell::get) {
            warm_up();
            schedule_warm_up(remaining - 1);
        }
    });
    if scope.set_timeout_with_callback(next.unchecked_ref()).is_err() {
        web_sys::console::warn_1(&"edxview worker: could not schedule the warm-up".into());
    }
}

/// Analyses `WARM_UP_PIECE_S` of effort of a simulated myopathic muscle (the densest demo, so
/// every step of the needle analysis runs) so that the browser optimises that code before a
/// file arrives.
fn warm_up() {
    let muscle = edx_core::synth::needle::NeedleSpec::myopathic();
    let effort_from_s = muscle.units.iter().map(|unit| unit.start_s).fold(f64::INFINITY, f64::min);
    let simulated = muscle.with_effort_later(-effort_from_s).with_duration(WARM_UP_PIECE_S).simulate();
    let analysis = edx_core::needle::analyse_needle(&simulated.samples_uv, simulated.sampling_rate_hz, None, None);
    std::hint::black_box(analysis);
}

/// Reads, parses and answers one batch of files (read together, so a WFDB header finds its
/// data files).
async fn answer(files: Vec<File>) {
    let mut names = Vec::with_capacity(files.len());
    let mut contents = Vec::with_capacity(files.len());
    for file in &files {
        if file.size() > OVERVIEW_ABOVE_BYTES {
            match answer_large_file(file).await {
                Ok(true) => continue,
                Ok(false) => {}
                Err(message) => {
                    post(&Reply::Failed { file_name: file.name(), message }, Vec::new());
                    continue;
                }
            }
        }
        match read_file(file).await {
            Ok(bytes) => {
                names.push(file.name());
                contents.push(bytes);
            }
            Err(message) => post(&Reply::Failed { file_name: file.name(), message }, Vec::new()),
        }
    }
    let inputs: Vec<InputFile> = names.iter().zip(&contents).map(|(name, bytes)| InputFile { name, bytes }).collect();
    let results = formats::read_studies(&inputs);
    drop(contents);
    for result in results {
        match result {
            Ok(study) => post_study(study, None),
            Err(error) => {
                post(&Reply::Failed { file_name: error.file_name.clone(), message: error.kind.to_string() }, Vec::new())
            }
        }
    }
    post(&Reply::Finished, Vec::new());
}

/// Simulates a built-in needle demo and answers it like a file.
fn answer_demo(demo_id: &str) {
    match edx_core::synth::demos::build_needle(demo_id) {
        Some(study) => post_study(study, Some(demo_id.to_string())),
        None => {
            post(&Reply::Failed { file_name: demo_id.to_string(), message: "there is no such demo".into() }, Vec::new())
        }
    }
    post(&Reply::Finished, Vec::new());
}

/// Analyses a study's needle channels and posts it with its buffers.
fn post_study(study: edx_core::model::Study, demo_id: Option<String>) {
    let needle = protocol::analyse_needle_channels(&study, js_sys::Date::now);
    if let Some((summary, buffers)) = protocol::summarise_study(study, needle, demo_id) {
        post(&Reply::Recording(summary), buffers);
    }
}

/// Reads a large EDF or BDF file as an overview and posts it; `false` when the file is not
/// EDF or BDF, to be read whole.
async fn answer_large_file(file: &File) -> Result<bool, String> {
    let size = file.size();
    let fixed = read_range(file, 0.0, size.min(overview::FIXED_HEADER_BYTES as f64)).await?;
    if !matches!(formats::detect(&file.name(), &fixed), FileKind::Edf | FileKind::Bdf) {
        return Ok(false);
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
        post(&Reply::Progress { file_name: file.name(), fraction: offset / size }, Vec::new());
    }
    let mut overview = reader.finish();
    overview.recording.file_name = file.name();
    let stream_id = STREAMS.with(|streams| streams.borrow().len() as u32 + 1);
    let needle = protocol::unanalysed_needle_channels(&overview);
    let (mut summary, buffers) = protocol::summarise_overview(&mut overview, stream_id);
    summary.needle = needle;
    let patient = patient::edf_plus_patient(&overview.recording.patient, overview.recording.start);
    summary.patient_age_years = patient.age_years;
    summary.patient_height_cm = patient.height_cm;
    let records_per_window = MAX_WINDOW_BYTES / overview.record_bytes().max(1);
    summary.max_window_s = Some(overview.record_duration_s() * records_per_window as f64);
    if ncs_edf::follows_convention(&overview.recording) {
        summary.warnings.push(format!(
            "This file looks like nerve conduction studies, which are read from files up to {}; its signals are shown as recorded.",
            display::byte_size(OVERVIEW_ABOVE_BYTES as u64)
        ));
    }
    summary.warnings.push(format!(
        "This file is {}, too large to decode whole on this device: it is drawn from envelopes and its samples are read from the file a window at a time.",
        display::byte_size(size as u64)
    ));
    STREAMS.with(|streams| streams.borrow_mut().insert(stream_id, OpenStream { file: file.clone(), overview }));
    post(&Reply::Recording(summary), buffers);
    Ok(true)
}

/// Reads the records that hold the time from `start_s` to `end_s` of stream `stream_id` and
/// posts their samples as request `seq`'s answer; a failure is answered too, so the page stops
/// waiting.
async fn answer_window(stream_id: u32, seq: u32, start_s: f64, end_s: f64) {
    let answer = |window: Result<(f64, f64, Vec<WindowPiece>), String>| {
        let (window_start_s, window_end_s, pieces, error) = match window {
            Ok((window_start_s, window_end_s, pieces)) => (window_start_s, window_end_s, pieces, None),
            Err(message) => (f64::NAN, f64::NAN, Vec::new(), Some(message)),
        };
        let mut wires = Vec::with_capacity(pieces.len());
        let mut buffers = Vec::new();
        for piece in pieces {
            // Levels finer than the overview's, so a zoomed-in frame reduces bins, not samples.
            let finer: Vec<_> = MinMaxPyramid::build(&piece.samples)
                .levels
                .into_iter()
                .filter(|level| level.samples_per_bin < overview::OVERVIEW_FINEST_BIN)
                .collect();
            wires.push(WindowPieceWire {
                channel_idx: piece.channel_idx,
                segment_idx: piece.segment_idx,
                first_sample: piece.first_sample,
                envelope_bins: finer.iter().map(|level| level.samples_per_bin).collect(),
            });
            buffers.push(piece.samples);
            buffers.extend(finer.into_iter().map(|level| level.extremes));
        }
        let reply = WindowReply { stream_id, seq, start_s: window_start_s, end_s: window_end_s, pieces: wires, error };
        post(&Reply::Window(reply), buffers);
    };
    let planned = STREAMS.with(|streams| {
        let streams = streams.borrow();
        let stream = streams.get(&stream_id)?;
        let max_records = MAX_WINDOW_BYTES / stream.overview.record_bytes().max(1);
        let records = stream.overview.records_for(start_s, end_s, max_records)?;
        Some((stream.file.clone(), records.clone(), stream.overview.byte_range(&records)))
    });
    // No record lies there (a gap, or past the end): an empty window is the answer.
    let Some((file, records, byte_range)) = planned else { return answer(Ok((start_s, end_s, Vec::new()))) };
    let bytes = match read_range(&file, byte_range.start as f64, byte_range.end as f64).await {
        Ok(bytes) => bytes,
        Err(message) => return answer(Err(message)),
    };
    let decoded = STREAMS.with(|streams| {
        let streams = streams.borrow();
        let overview = &streams.get(&stream_id)?.overview;
        let (window_start_s, window_end_s) = overview.time_of(&records);
        Some((window_start_s, window_end_s, overview.decode_window(records, &bytes)))
    });
    answer(decoded.ok_or_else(|| format!("{} is no longer open", file.name())));
}

/// Bytes `start` to `end` of `file`.
async fn read_range(file: &File, start: f64, end: f64) -> Result<Vec<u8>, String> {
    let slice =
        file.slice_with_f64_and_f64(start, end).map_err(|_| "the browser could not slice the file".to_string())?;
    let buffer =
        JsFuture::from(slice.array_buffer()).await.map_err(|_| "the browser could not read the file".to_string())?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    if bytes.len() as f64 != end - start {
        return Err(format!("{} changed or could not be read while it was being read; open it again", file.name()));
    }
    Ok(bytes)
}

/// The whole file, read slice by slice with a progress report after each slice.
async fn read_file(file: &File) -> Result<Vec<u8>, String> {
    let size = file.size();
    if size > MAX_WHOLE_FILE_BYTES {
        return Err(format!(
            "{} is {}, more than the {} this device reads whole; EDF and BDF files of any size are read in slices, so export the recording as EDF+ or BDF+",
            file.name(),
            display::byte_size(size as u64),
            display::byte_size(MAX_WHOLE_FILE_BYTES as u64)
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    let mut offset = 0.0;
    while offset < size {
        let end = (offset + READ_SLICE_BYTES).min(size);
        let slice =
            file.slice_with_f64_and_f64(offset, end).map_err(|_| "the browser could not slice the file".to_string())?;
        let buffer = JsFuture::from(slice.array_buffer())
            .await
            .map_err(|_| "the browser could not read the file".to_string())?;
        let array = Uint8Array::new(&buffer);
        let start = bytes.len();
        bytes.resize(start + array.length() as usize, 0);
        array.copy_to(&mut bytes[start..]);
        offset = end;
        if size > READ_SLICE_BYTES {
            post(&Reply::Progress { file_name: file.name(), fraction: offset / size }, Vec::new());
        }
    }
    Ok(bytes)
}

/// Posts `reply` with `buffers` as transferred `Float32Array`s (moved, not copied, to the page).
fn post(reply: &Reply, buffers: Vec<Vec<f32>>) {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let message = Object::new();
    let arrays = Array::new();
    let transfer = Array::new();
    for buffer in buffers {
        let array = Float32Array::from(buffer.as_slice());
        transfer.push(&array.buffer());
        arrays.push(&array);
    }
    let text = serde_json::to_string(reply)
        .unwrap_or_else(|error| format!("{{\"kind\":\"Failed\",\"file_name\":\"\",\"message\":\"{error}\"}}"));
    // Setting properties on a fresh plain object cannot fail.
    let _ = Reflect::set(&message, &"reply".into(), &text.into());
    let _ = Reflect::set(&message, &"buffers".into(), &arrays);
    if let Err(error) = scope.post_message_with_transfer(&message, &transfer) {
        web_sys::console::error_2(&"edxview worker: could not post a reply".into(), &error);
    }
}
