//! `edx inspect`: what a recording holds, as text or as JSON (layout in docs/cli.md).

use std::path::PathBuf;

use edx_core::display;
use edx_core::model::{Channel, Recording};
use serde::Serialize;

use crate::load::read_recordings;

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
#[derive(Debug, Serialize)]
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

/// Prints every recording in `paths`; fails (after printing the rest) if any file failed.
pub fn run(paths: &[PathBuf], json: bool) -> Result<(), String> {
    let entries: Vec<Entry> = read_recordings(paths)?
        .into_iter()
        .map(|result| match result {
            Ok(recording) => Entry::Recording(report(&recording)),
            Err(error) => Entry::Error(ErrorReport { file: error.file_name.clone(), error: error.kind.to_string() }),
        })
        .collect();
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

fn report(recording: &Recording) -> RecordingReport {
    RecordingReport {
        file: recording.file_name.clone(),
        format: recording.format.clone(),
        start: recording.start.map(|start| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
                start.year, start.month, start.day, start.hour, start.minute, start.second
            )
        }),
        duration_s: recording.channels.iter().map(channel_end_s).fold(0.0, f64::max),
        patient: recording.patient.clone(),
        recording: recording.recording_info.clone(),
        channels: recording
            .channels
            .iter()
            .map(|channel| ChannelReport {
                label: channel.label.clone(),
                unit: channel.unit.symbol().to_string(),
                sampling_rate_hz: channel.sampling_rate_hz,
                n_samples: channel.n_samples(),
                segments: channel
                    .segments
                    .iter()
                    .map(|segment| SegmentReport { start_s: segment.start_s, n_samples: segment.samples.len() })
                    .collect(),
                transducer: channel.transducer.clone(),
                prefiltering: channel.prefiltering.clone(),
            })
            .collect(),
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

/// The time just after a channel's last sample, in seconds from the recording start.
fn channel_end_s(channel: &Channel) -> f64 {
    channel
        .segments
        .last()
        .map_or(0.0, |segment| segment.start_s + segment.samples.len() as f64 / channel.sampling_rate_hz)
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
