//! `edx inspect`: what a recording holds, as text or as JSON (layout in docs/cli.md).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use edx_core::display;
use edx_core::formats::edf::overview::{self, OverviewReader, RecordingOverview};
use edx_core::formats::{self, FileKind};
use edx_core::model::Recording;
use serde::Serialize;

use crate::load::read_recordings;

/// EDF and BDF files are read in slices of this many bytes (or one record, if larger), so
/// inspecting a file of any size takes little memory.
const SLICE_BYTES: usize = 8 * 1024 * 1024;

/// One recording, as `--json` prints it.
#[derive(Debug, Serialize)]
struct RecordingReport {
    file: String,
    format: String,
    start: Option<String>,
    duration_s: f64,
    patient: String,
    recording: String,
    channels: Vec<ChannelReport>,
    annotations: Vec<AnnotationReport>,
    notes: Vec<String>,
    warnings: Vec<String>,
}

/// One channel, as `--json` prints it.
#[derive(Debug, Serialize)]
struct ChannelReport {
    label: String,
    unit: String,
    sampling_rate_hz: f64,
    n_samples: usize,
    segments: Vec<SegmentReport>,
    transducer: String,
    prefiltering: String,
}

/// One contiguous segment of a channel.
#[derive(Debug, Clone, Copy, Serialize)]
struct SegmentReport {
    start_s: f64,
    n_samples: usize,
}

/// One annotation.
#[derive(Debug, Serialize)]
struct AnnotationReport {
    onset_s: f64,
    duration_s: Option<f64>,
    text: String,
}

/// A file that could not be read, as `--json` prints it.
#[derive(Debug, Serialize)]
struct ErrorReport {
    file: String,
    error: String,
}

/// One entry of `--json` output: a recording, or a file that could not be read.
#[derive(Debug, Serialize)]
#[serde(untagged)]
enum Entry {
    Recording(RecordingReport),
    Error(ErrorReport),
}

/// Prints every recording in `paths`, in the order given; fails (after printing the rest) if
/// any file failed. EDF and BDF files are read slice by slice as an overview (the same values
/// as a whole-file read, without holding the samples); the other files are read together (a
/// WFDB header finds its data files wherever they are in the list).
pub fn run(paths: &[PathBuf], json: bool) -> Result<(), String> {
    let mut entries: Vec<(usize, Entry)> = Vec::new();
    let mut others: Vec<PathBuf> = Vec::new();
    for (path_idx, path) in paths.iter().enumerate() {
        match inspect_edf(path)? {
            Some(entry) => entries.push((path_idx, entry)),
            None => others.push(path.clone()),
        }
    }
    if !others.is_empty() {
        // Each recording goes where the file it was read from was given.
        let position_of = |file_name: &str| {
            paths.iter().position(|path| path.display().to_string() == file_name).unwrap_or(paths.len())
        };
        entries.extend(read_recordings(&others)?.into_iter().map(|result| match result {
            Ok(recording) => (
                position_of(&recording.file_name),
                Entry::Recording(report(&recording, &segments_of_recording(&recording))),
            ),
            Err(error) => (
                position_of(&error.file_name),
                Entry::Error(ErrorReport { file: error.file_name.clone(), error: error.kind.to_string() }),
            ),
        }));
    }
    entries.sort_by_key(|(path_idx, _)| *path_idx);
    let entries: Vec<Entry> = entries.into_iter().map(|(_, entry)| entry).collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&entries).map_err(|error| error.to_string())?);
    } else {
        for entry in &entries {
            match entry {
                Entry::Recording(report) => print_text(report),
                Entry::Error(error) => eprintln!("edx: {}: {}", error.file, error.error),
            }
        }
    }
    let n_failed = entries.iter().filter(|entry| matches!(entry, Entry::Error(_))).count();
    if n_failed > 0 {
        Err(format!("{n_failed} of the files could not be read"))
    } else {
        Ok(())
    }
}

/// The entry of an EDF or BDF file, read as an overview; `None` for other files.
fn inspect_edf(path: &Path) -> Result<Option<Entry>, String> {
    let name = path.display().to_string();
    let io = |error: std::io::Error| format!("{name}: {error}");
    let mut file = File::open(path).map_err(io)?;
    let file_len = file.metadata().map_err(io)?.len();
    let mut header = Vec::new();
    (&mut file).take(overview::FIXED_HEADER_BYTES as u64).read_to_end(&mut header).map_err(io)?;
    if !matches!(formats::detect(&name, &header), FileKind::Edf | FileKind::Bdf) {
        return Ok(None);
    }
    let failed = |error: edx_core::formats::edf::EdfError| {
        Entry::Error(ErrorReport { file: name.clone(), error: error.to_string() })
    };
    let header_bytes = match overview::header_length(&header) {
        Ok(header_bytes) => header_bytes,
        Err(error) => return Ok(Some(failed(error))),
    };
    (&mut file).take(header_bytes.saturating_sub(header.len()) as u64).read_to_end(&mut header).map_err(io)?;
    let mut reader = match OverviewReader::open(&header, file_len) {
        Ok(reader) => reader,
        Err(error) => return Ok(Some(failed(error))),
    };
    let data = reader.data_bytes();
    let records_per_slice = (SLICE_BYTES / reader.record_bytes().max(1)).max(1);
    let mut slice = vec![0; records_per_slice * reader.record_bytes()];
    let mut remaining = data.end - data.start;
    while remaining > 0 {
        let length = (slice.len() as u64).min(remaining) as usize;
        file.read_exact(&mut slice[..length]).map_err(io)?;
        reader.feed(&slice[..length]);
        remaining -= length as u64;
    }
    let mut overview = reader.finish();
    overview.recording.file_name = name;
    Ok(Some(Entry::Recording(report(&overview.recording, &segments_of_overview(&overview)))))
}

/// Each channel's segments (start, samples) of a recording read whole.
fn segments_of_recording(recording: &Recording) -> Vec<Vec<SegmentReport>> {
    recording
        .channels
        .iter()
        .map(|channel| {
            channel
                .segments
                .iter()
                .map(|segment| SegmentReport { start_s: segment.start_s, n_samples: segment.samples.len() })
                .collect()
        })
        .collect()
}

/// Each channel's segments of an overview.
fn segments_of_overview(overview: &RecordingOverview) -> Vec<Vec<SegmentReport>> {
    (0..overview.recording.channels.len())
        .map(|channel_idx| {
            overview
                .segments
                .iter()
                .map(|segment| SegmentReport { start_s: segment.start_s, n_samples: segment.n_samples[channel_idx] })
                .collect()
        })
        .collect()
}

/// The report of `recording`, whose channels hold `segments`.
fn report(recording: &Recording, segments: &[Vec<SegmentReport>]) -> RecordingReport {
    let channels: Vec<ChannelReport> = recording
        .channels
        .iter()
        .zip(segments)
        .map(|(channel, segments)| ChannelReport {
            label: channel.label.clone(),
            unit: channel.unit.symbol().to_string(),
            sampling_rate_hz: channel.sampling_rate_hz,
            n_samples: segments.iter().map(|segment| segment.n_samples).sum(),
            segments: segments.to_vec(),
            transducer: channel.transducer.clone(),
            prefiltering: channel.prefiltering.clone(),
        })
        .collect();
    RecordingReport {
        file: recording.file_name.clone(),
        format: recording.format.clone(),
        start: recording.start.map(|start| start.to_string()),
        // The time just after the last sample of any channel.
        duration_s: channels
            .iter()
            .filter_map(|channel| {
                channel
                    .segments
                    .last()
                    .map(|segment| segment.start_s + segment.n_samples as f64 / channel.sampling_rate_hz)
            })
            .fold(0.0, f64::max),
        patient: recording.patient.clone(),
        recording: recording.recording_info.clone(),
        channels,
        annotations: recording
            .annotations
            .iter()
            .map(|annotation| AnnotationReport {
                onset_s: annotation.onset_s,
                duration_s: annotation.duration_s,
                text: annotation.text.clone(),
            })
            .collect(),
        notes: recording.notes.clone(),
        warnings: recording.warnings.clone(),
    }
}

fn print_text(report: &RecordingReport) {
    println!("{}", report.file);
    println!("  format:      {}", report.format);
    if let Some(start) = &report.start {
        println!("  start:       {start}");
    }
    println!("  duration:    {} s", display::fixed(report.duration_s, 3));
    if !report.patient.is_empty() {
        println!("  patient:     {}", report.patient);
    }
    if !report.recording.is_empty() {
        println!("  recording:   {}", report.recording);
    }
    println!("  channels:    {}", report.channels.len());
    for channel in &report.channels {
        let segments =
            if channel.segments.len() > 1 { format!("{} segments", channel.segments.len()) } else { String::new() };
        println!(
            "    {:<24} {:>11} Hz {:>11} samples  {:<16} {segments}",
            channel.label,
            display::fixed(channel.sampling_rate_hz, 3),
            channel.n_samples,
            channel.unit
        );
    }
    if !report.annotations.is_empty() {
        println!("  annotations: {}", report.annotations.len());
        for annotation in report.annotations.iter().take(20) {
            println!("    {:>12} s  {}", display::fixed(annotation.onset_s, 3), annotation.text);
        }
        if report.annotations.len() > 20 {
            println!("    … {} more (use --json for all)", report.annotations.len() - 20);
        }
    }
    for note in &report.notes {
        println!("  note:        {note}");
    }
    for warning in &report.warnings {
        println!("  warning:     {warning}");
    }
}
