//! Continuous recordings: channels of samples in physical units, possibly with gaps.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::Unit;

/// One file's worth of continuously sampled signals, as a reader returned it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Recording {
    /// The name the user gave the file, shown in every message about it.
    pub file_name: String,
    /// What the file is, in words a user recognises: "EDF+D", "WFDB record (format 16)".
    pub format: String,
    /// Start of the recording as the file states it, in the recording's local time.
    pub start: Option<CivilDateTime>,
    /// Patient identification exactly as the file wrote it; kept on the device and shown to the user.
    pub patient: String,
    /// Recording identification (equipment, technician, free text) exactly as the file wrote it.
    pub recording_info: String,
    /// The signals, in file order.
    pub channels: Vec<Channel>,
    /// Time-stamped events (stimuli, comments, sleep stages), onsets from the recording start.
    pub annotations: Vec<Annotation>,
    /// Free-text notes the file carries (WFDB `#` lines), shown verbatim.
    pub notes: Vec<String>,
    /// Problems the reader tolerated; shown next to the file name so nothing is silently repaired.
    pub warnings: Vec<String>,
    /// The channels are the sweeps of nerve conduction studies in edxview's convention
    /// (`docs/formats/ncs-edf.md`), already read into [`super::Study::nerve_conductions`]: kept
    /// to show as recorded, never analysed as continuous EMG.
    #[serde(default)]
    pub holds_nerve_conductions: bool,
    /// Where the file records several muscles one after another, marked by annotations in
    /// edxview's convention (`docs/formats/needle-muscle-annotations.md`), the part of the
    /// file this recording is: its samples are those from the part's annotation to the next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub part: Option<RecordingPart>,
}

/// One muscle's part of a file that records several, from the annotation that names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordingPart {
    /// The muscle as the annotation names it; `None` for the stretch before the first muscle
    /// annotation, or an annotation that names none.
    pub muscle: Option<String>,
    /// The side as the annotation gives it.
    pub side: Option<super::Side>,
    /// The annotation's text as written.
    pub annotation: String,
    /// Where the part begins, s from the recording start (its samples keep their times).
    pub from_s: f64,
}

impl Recording {
    /// How the recording is named to the user: its file name, and for a part of a file that
    /// records several muscles, where the part begins and what its annotation says.
    pub fn title(&self) -> String {
        match &self.part {
            None => self.file_name.clone(),
            Some(part) if part.annotation.is_empty() => {
                format!("{}, from {} s", self.file_name, crate::display::fixed(part.from_s, 1))
            }
            Some(part) => {
                format!("{}, from {} s ({})", self.file_name, crate::display::fixed(part.from_s, 1), part.annotation)
            }
        }
    }

    /// The first and last instants of any channel (of the annotations, for a file without
    /// signals: a hypnogram's events set its time range), s from the recording start; (0, 0)
    /// when there is neither.
    pub fn time_extent(&self) -> (f64, f64) {
        self.time_extent_counting(|channel_idx, segment_idx| {
            self.channels[channel_idx].segments[segment_idx].samples.len()
        })
    }

    /// [`Recording::time_extent`] where `n_samples(channel_idx, segment_idx)` counts a segment's
    /// samples: for a page that holds the samples apart from the recording's description.
    pub fn time_extent_counting(&self, n_samples: impl Fn(usize, usize) -> usize) -> (f64, f64) {
        let n_samples = &n_samples;
        let segment_spans = self.channels.iter().enumerate().flat_map(|(channel_idx, channel)| {
            channel.segments.iter().enumerate().map(move |(segment_idx, segment)| {
                let length_s = n_samples(channel_idx, segment_idx) as f64 / channel.sampling_rate_hz;
                (segment.start_s, segment.start_s + length_s)
            })
        });
        let annotation_spans = self
            .annotations
            .iter()
            .filter(|_| self.channels.is_empty())
            .map(|annotation| (annotation.onset_s, annotation.onset_s + annotation.duration_s.unwrap_or(0.0)));
        let (first_s, last_s) = segment_spans
            .chain(annotation_spans)
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(first, last), (start, end)| (first.min(start), last.max(end)));
        if first_s.is_finite() {
            (first_s, last_s)
        } else {
            (0.0, 0.0)
        }
    }
}

/// One signal: its label, unit, rate and samples, split into contiguous segments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Channel {
    /// The label as the file wrote it, e.g. `EMG L_Biceps_Bra` or `NC L_APB`.
    pub label: String,
    /// The unit of every sample in `segments`.
    pub unit: Unit,
    /// Samples per second, in Hz; need not be an integer (12.8 Hz exists in real EDF files).
    pub sampling_rate_hz: f64,
    /// Contiguous runs of samples in time order; a gap between segments is a gap in the recording.
    pub segments: Vec<Segment>,
    /// Sensor description, e.g. `Concentric electrode`; empty when the file says nothing.
    pub transducer: String,
    /// Acquisition filters as the file wrote them, e.g. `HP:3Hz LP:10kHz N:50Hz`.
    pub prefiltering: String,
    /// The values of the converter's lowest and highest codes, in `unit`, when the file states
    /// them: samples at these values were probably clipped.
    pub recordable_range: Option<(f64, f64)>,
}

impl Channel {
    /// The number of samples over all segments.
    pub fn n_samples(&self) -> usize {
        self.segments.iter().map(|segment| segment.samples.len()).sum()
    }
}

/// A contiguous run of samples.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// Time of the first sample, in seconds from the recording start.
    pub start_s: f64,
    /// Samples in the channel's unit; NaN marks a sample the file flagged as invalid.
    pub samples: Vec<f32>,
}

/// A time-stamped event in a recording.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Annotation {
    /// Onset in seconds from the recording start.
    pub onset_s: f64,
    /// Duration in seconds, when the file gives one.
    pub duration_s: Option<f64>,
    /// The annotation text, UTF-8.
    pub text: String,
}

/// A calendar date and wall-clock time without a time zone, as recording files store them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct CivilDateTime {
    /// Year, e.g. 2009.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day of the month 1–31.
    pub day: u8,
    /// Hour 0–23.
    pub hour: u8,
    /// Minute 0–59.
    pub minute: u8,
    /// Second 0–60.
    pub second: u8,
    /// Fraction of the second, in microseconds.
    pub microsecond: u32,
}

/// `2009-07-22 14:05:09`: the date and time to the whole second, as file details print a
/// recording's start (the microseconds are dropped: a start is read to the second).
impl fmt::Display for CivilDateTime {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            formatter,
            "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_start_prints_to_the_whole_second_with_leading_zeros() {
        let start = CivilDateTime { year: 985, month: 7, day: 2, hour: 4, minute: 5, second: 9, microsecond: 700_000 };
        assert_eq!(start.to_string(), "0985-07-02 04:05:09");
        let start = CivilDateTime { year: 2009, month: 12, day: 31, hour: 23, minute: 59, second: 60, microsecond: 0 };
        assert_eq!(start.to_string(), "2009-12-31 23:59:60");
    }
}
