//! The needle analyses of a study being opened: every needle channel decoded whole and short
//! enough is analysed, spread over the helper workers (`pool`) when there are two or more and
//! the browser reports two cores or more, here otherwise; the page hears of each as it is done.

use std::cell::Cell;
use std::rc::Rc;

use edx_core::model::{Channel, Segment, Study};
use edx_core::needle::{self, NeedleChannel, NotAnalysed};
use edxview::protocol::{NeedleProgress, NeedleTask, Reply, RequestId};

use crate::{pool, post};

thread_local! {
    /// The number the next helper task is given.
    static NEXT_TASK: Cell<u32> = const { Cell::new(0) };
}

/// The needle channels of `study` (request `request_id`) with their analyses. `not_decoded`
/// gives, for a channel whose samples stay in its file, its length in s: it is not analysed.
pub async fn analyse(
    request_id: RequestId,
    study: &Study,
    not_decoded: impl Fn(usize, usize) -> Option<f64>,
) -> Vec<NeedleChannel> {
    let positions = needle::needle_channels(study);
    // Each channel's outcome where it is known without analysing it.
    let mut outcomes: Vec<Option<(Result<_, NotAnalysed>, Option<f64>)>> = Vec::with_capacity(positions.len());
    // The channels to analyse: their place in `positions` and the text naming their muscle.
    let mut tasks: Vec<(usize, String)> = Vec::new();
    for &(recording_idx, channel_idx) in &positions {
        let known = match not_decoded(recording_idx, channel_idx) {
            Some(length_s) => Some(Err(NotAnalysed::NotDecoded { length_s })),
            None => match needle::study::analysis_plan(study, recording_idx, channel_idx) {
                Ok(muscle) => {
                    tasks.push((outcomes.len(), muscle));
                    None
                }
                Err(reason) => Some(Err(reason)),
            },
        };
        outcomes.push(known.map(|outcome| (outcome, None)));
    }
    let total = tasks.len();
    let workers = if total >= 2 { pool::cores() } else { 1 };
    let done = Rc::new(Cell::new(0));
    let report = move |latest: String| {
        done.set(done.get() + 1);
        let progress = NeedleProgress { request_id, done: done.get(), total, latest, workers };
        post::reply(&Reply::NeedleProgress(progress), Vec::new());
    };
    // Every task is handed out before the first answer is awaited, so they run together.
    let answers: Vec<_> = tasks
        .iter()
        .map(|(slot, muscle)| {
            let (recording_idx, channel_idx) = positions[*slot];
            let channel = &study.recordings[recording_idx].channels[channel_idx];
            let segment_idx = longest_segment(channel);
            let task = NeedleTask {
                task_id: NEXT_TASK.with(|next| next.replace(next.get().wrapping_add(1))),
                channel: without_samples(channel),
                segment_idx,
                muscle: muscle.clone(),
            };
            let name = muscle_words(study, recording_idx, channel_idx);
            let report = report.clone();
            let samples = &channel.segments[segment_idx].samples;
            (workers >= 2).then(|| pool::analyse(task, samples, Box::new(move || report(name))))
        })
        .collect();
    for ((slot, muscle), answer) in tasks.into_iter().zip(answers) {
        let answered = match answer {
            Some(answer) => answer.await,
            None => None,
        };
        let (recording_idx, channel_idx) = positions[slot];
        outcomes[slot] = Some(match answered {
            Some((outcome, analysis_ms)) => (outcome.map_err(NotAnalysed::from), Some(analysis_ms)),
            // No helper took it: analysed here.
            None => {
                let started_ms = js_sys::Date::now();
                let channel = &study.recordings[recording_idx].channels[channel_idx];
                let outcome = needle::analyse_channel(channel, &muscle).map_err(NotAnalysed::from);
                let analysis_ms = js_sys::Date::now() - started_ms;
                report(muscle_words(study, recording_idx, channel_idx));
                (outcome, Some(analysis_ms))
            }
        });
    }
    positions
        .into_iter()
        .zip(outcomes)
        .filter_map(|((recording_idx, channel_idx), outcome)| {
            let (outcome, analysis_ms) = outcome?;
            Some(NeedleChannel { recording_idx, channel_idx, outcome, analysis_ms })
        })
        .collect()
}

/// The position of `channel`'s longest segment, the one analysed.
fn longest_segment(channel: &Channel) -> usize {
    channel
        .segments
        .iter()
        .enumerate()
        .max_by_key(|(_, segment)| segment.samples.len())
        .map_or(0, |(segment_idx, _)| segment_idx)
}

/// `channel` with its segments' start times but none of their samples.
fn without_samples(channel: &Channel) -> Channel {
    Channel {
        label: channel.label.clone(),
        unit: channel.unit.clone(),
        sampling_rate_hz: channel.sampling_rate_hz,
        segments: channel
            .segments
            .iter()
            .map(|segment| Segment { start_s: segment.start_s, samples: Vec::new() })
            .collect(),
        transducer: channel.transducer.clone(),
        prefiltering: channel.prefiltering.clone(),
        recordable_range: channel.recordable_range,
    }
}

/// The muscle and side of a channel as the page names it while it waits: the catalogue's name
/// where the file names a muscle in it, else the text as written.
fn muscle_words(study: &Study, recording_idx: usize, channel_idx: usize) -> String {
    let recording = &study.recordings[recording_idx];
    let named = needle::study::muscle_named(recording, &recording.channels[channel_idx].label);
    let muscle = edx_core::muscles::identify(&named.name).muscle().map_or(named.name, |muscle| muscle.name.to_string());
    match named.side {
        Some(side) => format!("{muscle}, {}", side.to_string().to_lowercase()),
        None => muscle,
    }
}
