//! WFDB records (PhysioNet): a text header `RECORD.hea` naming one or more binary data files.
//!
//! Reads signal formats 8, 16, 61, 80, 160, 212, 310, 311, 24 and 32 with interleaving,
//! samples-per-frame (multi-rate) and byte offsets; turns invalid-sample codes into gaps (NaN),
//! never values; verifies the header checksums (a mismatch is a warning); and reads
//! multi-segment records with fixed or variable layout and null segments. FLAC-compressed
//! formats 508/516/524 are refused by name.

mod decode;
mod header;

use header::{Header, HeaderBody, SignalSpec};

use crate::model::{Channel, Recording, Segment, Unit};

/// Why a WFDB record could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum WfdbError {
    /// The header holds no record line.
    #[error("the header is empty: it has no record line")]
    EmptyHeader,
    /// The record line is malformed.
    #[error("line {line_no} (record line): {problem}")]
    RecordLine {
        /// Line number in the header, from 1.
        line_no: usize,
        /// What is wrong.
        problem: String,
    },
    /// A signal or segment line is malformed.
    #[error("line {line_no}: {problem}")]
    SignalLine {
        /// Line number in the header, from 1.
        line_no: usize,
        /// What is wrong.
        problem: String,
    },
    /// Fewer signal or segment lines than the record line declares.
    #[error("the record line declares {declared} {what}s but the header describes only {found}")]
    MissingLines {
        /// "signal" or "segment".
        what: &'static str,
        /// Number declared.
        declared: usize,
        /// Number present.
        found: usize,
    },
    /// A file the header names was not given.
    #[error("the header names the file {name}, which was not opened with it; open the .hea file together with all its data files")]
    MissingFile {
        /// The missing file's name.
        name: String,
    },
    /// Signals sharing a data file declare different storage formats.
    #[error(
        "signals stored in {file_name} declare different formats ({first} and {second}); one file holds one format"
    )]
    MixedFormats {
        /// The data file.
        file_name: String,
        /// One format.
        first: u16,
        /// Another format.
        second: u16,
    },
    /// FLAC-compressed formats need a FLAC decoder edxview does not include.
    #[error("format {format} is FLAC-compressed, which edxview does not read; convert the record to format 16 (for example with wfdb-python's wrsamp or WFDB's xform)")]
    Flac {
        /// The format number.
        format: u16,
    },
    /// A storage format number WFDB does not define.
    #[error("storage format {format} is not a WFDB format edxview knows (8, 16, 24, 32, 61, 80, 160, 212, 310, 311)")]
    UnknownFormat {
        /// The format number.
        format: u16,
    },
    /// A segment header is itself multi-segment.
    #[error("segment {segment} is itself a multi-segment record, which WFDB does not allow")]
    NestedSegments {
        /// The segment's name.
        segment: String,
    },
    /// A header that is not text.
    #[error("the header is not text (UTF-8 or ASCII)")]
    NotText,
    /// A multi-segment master header that repeats segments beyond what the files hold.
    #[error("the master header's segments decode to more than {n_samples} samples from {input_bytes} bytes of files, more than any WFDB format packs into them (it repeats segments beyond what the data holds); the record was not read, check the master header's segment lines")]
    SegmentsExceedInput {
        /// Samples decoded when reading stopped.
        n_samples: usize,
        /// Size of the master header, segment headers and data files read, in bytes.
        input_bytes: usize,
    },
    /// A segment header failed to parse or decode.
    #[error("segment header {segment}.hea: {source}")]
    Segment {
        /// The segment's name.
        segment: String,
        /// What went wrong in it.
        source: Box<WfdbError>,
    },
}

/// Reads the record whose header text is `header_bytes`; `companion` returns the bytes of any
/// other file of the record (data files, segment headers) by its name.
pub fn read<'a>(header_bytes: &[u8], companion: &dyn Fn(&str) -> Option<&'a [u8]>) -> Result<Recording, WfdbError> {
    let header = header::parse(std::str::from_utf8(header_bytes).map_err(|_| WfdbError::NotText)?)?;
    let mut warnings = Vec::new();
    let mut notes = header.info_lines.clone();
    let channels = match &header.body {
        HeaderBody::Signals(signals) => read_signals(&header, signals, companion, &mut warnings)?
            .into_iter()
            .enumerate()
            .map(|(signal_idx, (spec, samples))| {
                let mut channel = channel(spec, signal_idx, header.frame_rate_hz);
                channel.segments.push(Segment { start_s: 0.0, samples });
                channel
            })
            .collect(),
        HeaderBody::Segments(segments) => {
            let master = Master { header: &header, n_bytes: header_bytes.len() };
            read_segments(master, segments, companion, &mut warnings, &mut notes)?
        }
    };
    let format = describe_format(&header, companion);
    let recording_info = match (header.base_time, header.base_date) {
        (Some((hour, minute, second, microsecond)), None) => {
            format!(
                "record {}, base time {hour:02}:{minute:02}:{second:02}.{:03} (no date given)",
                header.record_name,
                microsecond / 1000
            )
        }
        _ => format!("record {}", header.record_name),
    };
    Ok(Recording {
        file_name: String::new(),
        format,
        start: header.start(),
        patient: String::new(),
        recording_info,
        channels,
        annotations: Vec::new(),
        notes,
        warnings,
        holds_nerve_conductions: false,
        part: None,
    })
}

/// The file names a header refers to (data files, or segment headers), so the caller can tell
/// which of the user's files belong to this record.
pub fn companion_names(header_bytes: &[u8]) -> Vec<String> {
    let Ok(header) = std::str::from_utf8(header_bytes).map_err(|_| WfdbError::NotText).and_then(header::parse) else {
        return Vec::new();
    };
    match header.body {
        HeaderBody::Signals(signals) => signals.into_iter().map(|signal| signal.file_name).collect(),
        HeaderBody::Segments(segments) => segments
            .into_iter()
            .filter(|segment| segment.name != "~")
            .map(|segment| format!("{}.hea", segment.name))
            .collect(),
    }
}

/// Decodes every signal of a single-segment header, in header order.
fn read_signals<'a, 'h>(
    header: &Header,
    signals: &'h [SignalSpec],
    companion: &dyn Fn(&str) -> Option<&'a [u8]>,
    warnings: &mut Vec<String>,
) -> Result<Vec<(&'h SignalSpec, Vec<f32>)>, WfdbError> {
    let mut file_names: Vec<&str> = Vec::new();
    for signal in signals {
        if !file_names.contains(&signal.file_name.as_str()) {
            file_names.push(&signal.file_name);
        }
    }
    let mut decoded: Vec<Option<Vec<f32>>> = vec![None; signals.len()];
    for file_name in file_names {
        let members: Vec<usize> =
            (0..signals.len()).filter(|&signal_idx| signals[signal_idx].file_name == file_name).collect();
        let first_format = signals[members[0]].format;
        if let Some(other) =
            members.iter().map(|&signal_idx| signals[signal_idx].format).find(|&format| format != first_format)
        {
            return Err(WfdbError::MixedFormats {
                file_name: file_name.to_string(),
                first: first_format,
                second: other,
            });
        }
        let bytes = companion(file_name).ok_or_else(|| WfdbError::MissingFile { name: file_name.to_string() })?;
        let specs: Vec<&SignalSpec> = members.iter().map(|&signal_idx| &signals[signal_idx]).collect();
        let results = decode::decode_file(bytes, &specs, header.n_frames)?;
        for (&signal_idx, result) in members.iter().zip(results) {
            let spec = &signals[signal_idx];
            let expected = header.n_frames.map(|frames| frames.saturating_mul(spec.samples_per_frame));
            let complete = expected.is_none_or(|expected| result.samples.len() >= expected);
            if !complete {
                warnings.push(format!(
                    "'{}': the header promises {} samples but {file_name} holds {}; it looks truncated",
                    label(spec, signal_idx),
                    expected.unwrap_or_default(),
                    result.samples.len()
                ));
            } else if let Some(checksum) = spec.checksum {
                if checksum.rem_euclid(65_536) as u16 != result.checksum {
                    warnings.push(format!(
                        "'{}': the checksum of the samples ({}) does not match the header's ({checksum}); the data file may be damaged or not the one this header describes",
                        label(spec, signal_idx),
                        result.checksum
                    ));
                }
            }
            let mut samples = result.samples;
            // Skew moves the samples earlier; the signal keeps its length, its end becomes a gap.
            // A skew longer than the signal leaves it all gap (never a larger allocation).
            let skew_samples = spec.skew_frames.saturating_mul(spec.samples_per_frame).min(samples.len());
            if skew_samples > 0 {
                samples.drain(..skew_samples);
                samples.resize(samples.len() + skew_samples, f32::NAN);
            }
            decoded[signal_idx] = Some(samples);
        }
    }
    Ok(signals.iter().zip(decoded).map(|(spec, samples)| (spec, samples.unwrap_or_default())).collect())
}

/// Samples a multi-segment record may decode per byte of the files it is read from. No WFDB
/// format packs more than one sample into a byte (formats 8 and 80 store one per byte), and a
/// real record that reuses one data file for each of its segments (`v102s`: three segments,
/// format 212) reaches 2; a master header repeating a segment far beyond that describes data
/// the files do not hold, and decoding it would allocate without bound.
const MAX_SAMPLES_PER_INPUT_BYTE: usize = 8;

/// Reads a multi-segment record: each segment is a record of its own; `~` segments are gaps.
///
/// A first segment of length 0 is the layout header of a variable-layout record: it names every
/// signal and each later segment's signals are matched to it by name, so a segment may hold a
/// subset of the signals in any order. Without a layout every segment holds the same signals in
/// the same order (fixed layout) and they are matched by position. Decoding stops at the master
/// header's frame count, and a record that decodes to more samples than its files could hold is
/// refused.
fn read_segments<'a>(
    Master { header: master, n_bytes: master_bytes }: Master<'_>,
    segments: &[header::SegmentSpec],
    companion: &dyn Fn(&str) -> Option<&'a [u8]>,
    warnings: &mut Vec<String>,
    notes: &mut Vec<String>,
) -> Result<Vec<Channel>, WfdbError> {
    let has_layout = segments.first().is_some_and(|first| first.n_frames == 0 && first.name != "~");
    let mut channels: Vec<Channel> = Vec::new();
    let mut input = InputBytes::default();
    let mut n_samples = 0usize;
    let mut start_frame = 0usize;
    let mut reached_master_frames = false;
    for (segment_idx, segment) in segments.iter().enumerate() {
        if reached_master_frames {
            break;
        }
        let segment_start_frame = start_frame;
        start_frame = start_frame.saturating_add(segment.n_frames);
        let mut segment_frames = segment.n_frames;
        if let Some(master_frames) = master.n_frames.filter(|&master_frames| start_frame > master_frames) {
            warnings.push(format!(
                "the segments add up to more frames than the master header's {master_frames}; reading stopped at frame {master_frames}, in segment {}",
                segment.name
            ));
            segment_frames = master_frames.saturating_sub(segment_start_frame);
            reached_master_frames = true;
            if segment_frames == 0 {
                break;
            }
        }
        if segment.name == "~" {
            continue;
        }
        let in_segment =
            |error: WfdbError| WfdbError::Segment { segment: segment.name.clone(), source: Box::new(error) };
        let header_name = format!("{}.hea", segment.name);
        let bytes = companion(&header_name).ok_or_else(|| WfdbError::MissingFile { name: header_name.clone() })?;
        input.count(&header_name, bytes.len());
        let text = std::str::from_utf8(bytes).map_err(|_| in_segment(WfdbError::NotText))?;
        let mut segment_header = header::parse(text).map_err(in_segment)?;
        let HeaderBody::Signals(mut signals) = segment_header.body.clone() else {
            return Err(WfdbError::NestedSegments { segment: segment.name.clone() });
        };
        if segment_frames < segment.n_frames {
            // The header's checksums cover the whole segment, not the part read.
            signals.iter_mut().for_each(|signal| signal.checksum = None);
        }
        for info in segment_header.info_lines.drain(..) {
            if !notes.contains(&info) {
                notes.push(info);
            }
        }
        let is_layout = has_layout && segment_idx == 0;
        if is_layout || channels.is_empty() {
            channels = signals
                .iter()
                .enumerate()
                .map(|(signal_idx, spec)| channel(spec, signal_idx, master.frame_rate_hz))
                .collect();
            if is_layout {
                continue;
            }
        }
        for signal in &signals {
            input.count(&signal.file_name, companion(&signal.file_name).map_or(0, <[u8]>::len));
        }
        segment_header.n_frames = Some(segment_frames);
        let decoded = read_signals(&segment_header, &signals, companion, warnings).map_err(in_segment)?;
        n_samples = decoded.iter().fold(n_samples, |total, (_, samples)| total.saturating_add(samples.len()));
        let input_bytes = input.total.saturating_add(master_bytes);
        if n_samples > input_bytes.saturating_mul(MAX_SAMPLES_PER_INPUT_BYTE) {
            return Err(WfdbError::SegmentsExceedInput { n_samples, input_bytes });
        }
        let segment_start_s = segment_start_frame as f64 / master.frame_rate_hz;
        let mut filled = vec![false; channels.len()];
        for (signal_idx, (spec, samples)) in decoded.into_iter().enumerate() {
            let signal_label = label(spec, signal_idx);
            let target = if has_layout {
                (0..channels.len())
                    .find(|&channel_idx| !filled[channel_idx] && channels[channel_idx].label == signal_label)
            } else {
                (signal_idx < channels.len()).then_some(signal_idx)
            };
            let Some(target) = target else {
                let layout = if has_layout {
                    "the layout header names no such signal"
                } else {
                    "the first segment has fewer signals"
                };
                warnings.push(format!("segment {}: signal '{signal_label}' was skipped: {layout}", segment.name));
                continue;
            };
            filled[target] = true;
            append_contiguous(&mut channels[target], segment_start_s, samples);
        }
    }
    Ok(channels)
}

/// A multi-segment record's master header, with its size in bytes.
#[derive(Clone, Copy)]
struct Master<'h> {
    header: &'h Header,
    n_bytes: usize,
}

/// The bytes of the distinct files a multi-segment record was read from.
#[derive(Default)]
struct InputBytes {
    counted: Vec<String>,
    total: usize,
}

impl InputBytes {
    /// Adds a file's size the first time it is seen.
    fn count(&mut self, file_name: &str, n_bytes: usize) {
        if !self.counted.iter().any(|counted| counted == file_name) {
            self.counted.push(file_name.to_string());
            self.total = self.total.saturating_add(n_bytes);
        }
    }
}

/// Appends `samples` starting at `start_s` to the channel, extending its last segment when the
/// two touch and starting a new one after a gap.
fn append_contiguous(channel: &mut Channel, start_s: f64, samples: Vec<f32>) {
    let rate = channel.sampling_rate_hz;
    if let Some(last) = channel.segments.last_mut() {
        let end_s = last.start_s + last.samples.len() as f64 / rate;
        if (end_s - start_s).abs() < 0.5 / rate {
            last.samples.extend(samples);
            return;
        }
    }
    channel.segments.push(Segment { start_s, samples });
}

/// An empty channel for signal `signal_idx` of a header.
fn channel(spec: &SignalSpec, signal_idx: usize, frame_rate_hz: f64) -> Channel {
    let unit = if spec.gain.is_some() { Unit::parse(&spec.units) } else { Unit::Arbitrary };
    let gain = spec.gain.unwrap_or(1.0);
    let recordable_range = (1..=32).contains(&spec.adc_resolution_bits).then(|| {
        let half_range = 1i64 << (spec.adc_resolution_bits - 1);
        let lowest = ((spec.adc_zero - half_range - spec.baseline) as f64) / gain;
        let highest = ((spec.adc_zero + half_range - 1 - spec.baseline) as f64) / gain;
        (lowest.min(highest), lowest.max(highest))
    });
    Channel {
        label: label(spec, signal_idx),
        unit,
        sampling_rate_hz: frame_rate_hz * spec.samples_per_frame as f64,
        segments: Vec::new(),
        transducer: String::new(),
        prefiltering: String::new(),
        recordable_range,
    }
}

/// The signal's description, which WFDB uses as its name.
fn label(spec: &SignalSpec, signal_idx: usize) -> String {
    if spec.description.is_empty() {
        format!("signal {signal_idx}")
    } else {
        spec.description.clone()
    }
}

/// "WFDB record (format 16)", "WFDB multi-segment record (3 segments)".
fn describe_format<'a>(header: &Header, companion: &dyn Fn(&str) -> Option<&'a [u8]>) -> String {
    match &header.body {
        HeaderBody::Signals(signals) => {
            let mut formats: Vec<u16> = signals.iter().map(|signal| signal.format).collect();
            formats.dedup();
            let list = formats.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
            format!("WFDB record (format {list})")
        }
        HeaderBody::Segments(segments) => {
            let layout = match segments.first() {
                Some(first) if first.n_frames == 0 && companion(&format!("{}.hea", first.name)).is_some() => {
                    "variable layout"
                }
                _ => "fixed layout",
            };
            format!("WFDB multi-segment record ({} segments, {layout})", segments.len())
        }
    }
}
