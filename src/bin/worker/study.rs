//! Answering a request with one study: the files of a request read together (or a demo
//! simulated), its needle channels analysed, and its recordings' samples and envelopes moved
//! into the buffers that travel with the reply.

use edx_core::dsp::envelope::MinMaxPyramid;
use edx_core::formats::{self, FileOutcome, InputFile};
use edx_core::model::Study;
use edx_core::synth::demos;
use edxview::protocol::{
    FileReport, FileReportOutcome, RecordingLayout, Reply, RequestId, SegmentLayout, StreamLayout, StudyReply,
};
use web_sys::File;

use crate::large_files::{self, OpenedOverview, OVERVIEW_ABOVE_BYTES};
use crate::{files, post};

/// What one file became: a study read from its bytes, or a large file's overview.
enum Part {
    Decoded(Study),
    Overview(OpenedOverview),
}

/// Reads `files` together and answers request `request_id` with the one study they make.
pub async fn answer_files(request_id: RequestId, files: Vec<File>) {
    let mut parts: Vec<(usize, Part)> = Vec::new();
    let mut reports: Vec<Option<FileReportOutcome>> = vec![None; files.len()];
    let mut whole: Vec<(usize, String, Vec<u8>)> = Vec::new();
    for (file_idx, file) in files.iter().enumerate() {
        if file.size() > OVERVIEW_ABOVE_BYTES {
            match large_files::open(file).await {
                Ok(Some(opened)) => {
                    let description = opened
                        .study
                        .describe_counting(|_, channel_idx, segment_idx| opened.n_samples[channel_idx][segment_idx]);
                    reports[file_idx] =
                        Some(FileReportOutcome::Read { description, warnings: warnings_of(&opened.study) });
                    parts.push((file_idx, Part::Overview(opened)));
                    continue;
                }
                Ok(None) => {}
                Err(message) => {
                    reports[file_idx] = Some(FileReportOutcome::Failed { message });
                    continue;
                }
            }
        }
        match files::read_whole(file).await {
            Ok(bytes) => whole.push((file_idx, file.name(), bytes)),
            Err(message) => reports[file_idx] = Some(FileReportOutcome::Failed { message }),
        }
    }
    let inputs: Vec<InputFile> = whole.iter().map(|(_, name, bytes)| InputFile { name, bytes }).collect();
    for ((file_idx, _, _), read) in whole.iter().zip(formats::read_each(&inputs)) {
        reports[*file_idx] = Some(match read.outcome {
            FileOutcome::Read(study) => {
                let report = read_report(&study);
                parts.push((*file_idx, Part::Decoded(study)));
                report
            }
            FileOutcome::ReadWith { header } => FileReportOutcome::ReadWith { header },
            FileOutcome::Failed(error) if error.kind.is_printed_report() => {
                FileReportOutcome::PrintedReport { message: error.kind.to_string() }
            }
            FileOutcome::Failed(error) => FileReportOutcome::Failed { message: error.kind.to_string() },
        });
    }
    drop(inputs);
    drop(whole);
    parts.sort_by_key(|(file_idx, _)| *file_idx);
    let files = files
        .iter()
        .zip(reports)
        .map(|(file, outcome)| FileReport {
            file_name: file.name(),
            outcome: outcome.unwrap_or(FileReportOutcome::Failed { message: "the file was not read".into() }),
        })
        .collect();
    answer(request_id, parts.into_iter().map(|(_, part)| part).collect(), files).await;
}

/// Simulates demo `demo_id` and answers request `request_id` with it.
pub async fn answer_demo(request_id: RequestId, demo_id: String) {
    match demos::open(&demo_id) {
        Some(study) => answer(request_id, vec![Part::Decoded(study)], Vec::new()).await,
        None => post::reply(
            &Reply::Error { request_id, message: format!("there is no built-in demo called “{demo_id}”") },
            Vec::new(),
        ),
    }
}

/// How a file that was read is listed: what it holds, and what its reader tolerated.
fn read_report(study: &Study) -> FileReportOutcome {
    FileReportOutcome::Read { description: study.describe(), warnings: warnings_of(study) }
}

/// The problems the readers of `study`'s recordings tolerated.
fn warnings_of(study: &Study) -> Vec<String> {
    study.recordings.iter().flat_map(|recording| recording.warnings.iter().cloned()).collect()
}

/// Makes one study of `parts`, analyses its needle channels and posts it with its buffers.
async fn answer(request_id: RequestId, parts: Vec<Part>, files: Vec<FileReport>) {
    let mut studies = Vec::with_capacity(parts.len());
    // Per recording of the merged study: the overview it came from, if it is a large file's.
    let mut overviews = Vec::new();
    for part in parts {
        match part {
            Part::Decoded(study) => {
                overviews.extend(study.recordings.iter().map(|_| None));
                studies.push(study);
            }
            Part::Overview(opened) => {
                let OpenedOverview { study, envelopes, n_samples, stream } = opened;
                overviews.push(Some((envelopes, n_samples, stream)));
                studies.push(study);
            }
        }
    }
    let mut study = Study::merge(studies);
    let not_decoded = |recording_idx: usize, channel_idx: usize| {
        let (_, n_samples, _) = overviews[recording_idx].as_ref()?;
        let channel = &study.recordings[recording_idx].channels[channel_idx];
        Some(n_samples[channel_idx].iter().sum::<usize>() as f64 / channel.sampling_rate_hz)
    };
    let needle = crate::needle::analyse(request_id, &study, not_decoded).await;
    let mut buffers = Vec::new();
    let layouts = study
        .recordings
        .iter_mut()
        .zip(overviews)
        .map(|(recording, overview)| match overview {
            Some((envelopes, n_samples, stream)) => overview_layout(envelopes, &n_samples, stream, &mut buffers),
            None => take_samples(recording, &mut buffers),
        })
        .collect();
    let reply = StudyReply { request_id, study, layouts, needle, files };
    post::reply(&Reply::Study(Box::new(reply)), buffers);
}

/// Moves each segment's samples out of `recording` into `buffers`, each followed by its
/// envelope levels, and says how they follow.
fn take_samples(recording: &mut edx_core::model::Recording, buffers: &mut Vec<Vec<f32>>) -> RecordingLayout {
    let channels = recording
        .channels
        .iter_mut()
        .map(|channel| {
            channel
                .segments
                .iter_mut()
                .map(|segment| {
                    let samples = std::mem::take(&mut segment.samples);
                    let pyramid = MinMaxPyramid::build(&samples);
                    let layout = SegmentLayout {
                        n_samples: samples.len(),
                        envelope_bins: pyramid.levels.iter().map(|level| level.samples_per_bin).collect(),
                    };
                    buffers.push(samples);
                    buffers.extend(pyramid.levels.into_iter().map(|level| level.extremes));
                    layout
                })
                .collect()
        })
        .collect();
    RecordingLayout { channels, stream: None }
}

/// A large file's layout: each segment's envelope levels only, as its samples stay in the file.
fn overview_layout(
    envelopes: Vec<Vec<MinMaxPyramid>>,
    n_samples: &[Vec<usize>],
    stream: StreamLayout,
    buffers: &mut Vec<Vec<f32>>,
) -> RecordingLayout {
    let channels = envelopes
        .into_iter()
        .zip(n_samples)
        .map(|(pyramids, n_samples)| {
            pyramids
                .into_iter()
                .zip(n_samples)
                .map(|(pyramid, &n_samples)| {
                    let envelope_bins = pyramid.levels.iter().map(|level| level.samples_per_bin).collect();
                    buffers.extend(pyramid.levels.into_iter().map(|level| level.extremes));
                    SegmentLayout { n_samples, envelope_bins }
                })
                .collect()
        })
        .collect();
    RecordingLayout { channels, stream: Some(stream) }
}
