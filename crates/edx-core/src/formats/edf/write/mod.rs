//! Writing EDF and BDF: the header fields every writer shares; continuous recordings as BDF+C
//! (24-bit samples, one-second records, a time-keeping annotation per record followed by the
//! recording's annotations that begin in it), so a simulated
//! or trimmed recording can be saved and opened by any EDF/BDF tool; and, in `stream`, 16-bit
//! EDF encoded a data record at a time ([`EdfRecordEncoder`]), so a recording of hours is written
//! in the memory of one record.

mod stream;

pub use stream::{EdfRecordEncoder, EdfWriteError, StreamedEdf, StreamedSignal};

use crate::model::{Recording, Unit};

/// An EDF/BDF header under construction: fixed-width, space-padded ASCII fields.
#[derive(Debug, Default)]
pub struct HeaderWriter(pub Vec<u8>);

impl HeaderWriter {
    /// Appends `text` as a field of `width` bytes; characters outside printable ASCII become `_`.
    pub fn field(&mut self, text: &str, width: usize) {
        let mut bytes: Vec<u8> =
            text.bytes().map(|byte| if (32..=126).contains(&byte) { byte } else { b'_' }).take(width).collect();
        bytes.resize(width, b' ');
        self.0.extend(bytes);
    }
}

/// A number in at most 8 characters, as EDF header fields need.
pub fn format_number(value: f64) -> String {
    for decimals in (0..=6).rev() {
        let text = format!("{value:.decimals$}");
        let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.').to_string() } else { text };
        if text.len() <= 8 {
            return text;
        }
    }
    format!("{value:.0}")
}

/// Why a recording cannot be written as BDF+C.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BdfWriteError {
    /// Nothing to write.
    #[error("the recording has no channels")]
    NoChannels,
    /// BDF+C needs one contiguous run per channel.
    #[error("channel \"{label}\" has gaps ({n_segments} segments); BDF+C holds continuous signals only")]
    Gaps {
        /// The channel's label.
        label: String,
        /// Its segments.
        n_segments: usize,
    },
    /// One-second records need a whole number of samples per second.
    #[error("channel \"{label}\" is sampled at {rate_hz} Hz; BDF+C with one-second records needs a whole number of samples per second")]
    FractionalRate {
        /// The channel's label.
        label: String,
        /// Its rate.
        rate_hz: f64,
    },
}

/// Writes `recording` as BDF+C: every channel continuous, sampled at a whole number of hertz;
/// the last record is padded with each channel's last value. Text fields are cut to the
/// format's widths (a label keeps 16 characters).
///
/// A channel's physical range is its recordable range when it has one (the converter's limits:
/// a value held there reads back at the digital extremes, so the needle analysis finds it
/// clipped), otherwise its largest magnitude either side of zero.
pub fn write_bdf_continuous(recording: &Recording) -> Result<Vec<u8>, BdfWriteError> {
    if recording.channels.is_empty() {
        return Err(BdfWriteError::NoChannels);
    }
    for channel in &recording.channels {
        if channel.segments.len() != 1 {
            return Err(BdfWriteError::Gaps { label: channel.label.clone(), n_segments: channel.segments.len() });
        }
        if (channel.sampling_rate_hz - channel.sampling_rate_hz.round()).abs() > 1e-9 || channel.sampling_rate_hz < 1.0
        {
            return Err(BdfWriteError::FractionalRate {
                label: channel.label.clone(),
                rate_hz: channel.sampling_rate_hz,
            });
        }
    }
    const DIGITAL_LIMIT: i32 = 8_388_607;
    let n_records = recording
        .channels
        .iter()
        .map(|channel| channel.segments[0].samples.len().div_ceil(channel.sampling_rate_hz.round() as usize))
        .max()
        .unwrap_or(0)
        .max(1);
    // Each record's annotation signal: its time-keeping annotation, then the recording's
    // annotations whose onset falls in it (EDF+ spec §2.2.4).
    let tals: Vec<Vec<u8>> = (0..n_records)
        .map(|record_idx| {
            let mut tal = format!("+{record_idx}\u{14}\u{14}\u{0}").into_bytes();
            for annotation in &recording.annotations {
                let record_of = (annotation.onset_s.floor().max(0.0) as usize).min(n_records - 1);
                if record_of != record_idx || !annotation.onset_s.is_finite() {
                    continue;
                }
                let sign = if annotation.onset_s < 0.0 { "" } else { "+" };
                tal.extend(format!("{sign}{}", annotation.onset_s).bytes());
                if let Some(duration_s) = annotation.duration_s.filter(|duration| duration.is_finite()) {
                    tal.extend(format!("\u{15}{duration_s}").bytes());
                }
                tal.extend(format!("\u{14}{}\u{14}\u{0}", annotation.text).bytes());
            }
            tal
        })
        .collect();
    let annotation_samples = tals.iter().map(|tal| tal.len().div_ceil(3)).max().unwrap_or(0).max(20);
    let n_signals = recording.channels.len() + 1;
    let limits: Vec<(f64, f64)> = recording
        .channels
        .iter()
        .map(|channel| {
            if let Some((low, high)) =
                channel.recordable_range.filter(|(low, high)| low.is_finite() && high.is_finite() && low < high)
            {
                return (low, high);
            }
            let largest = channel.segments[0]
                .samples
                .iter()
                .filter(|value| value.is_finite())
                .fold(0.0f64, |largest, &value| largest.max(f64::from(value).abs()));
            let limit = if largest > 0.0 { largest * 1.0001 } else { 1.0 };
            (-limit, limit)
        })
        .collect();

    let mut header = HeaderWriter::default();
    header.0.extend(b"\xffBIOSEMI");
    header.field(if recording.patient.trim().is_empty() { "X X X X" } else { &recording.patient }, 80);
    header.field(
        &format!(
            "Startdate X X X {}",
            if recording.recording_info.trim().is_empty() { "edxview" } else { &recording.recording_info }
        ),
        80,
    );
    let (date, time) = recording.start.map_or(("01.01.00".to_string(), "00.00.00".to_string()), |start| {
        (
            format!("{:02}.{:02}.{:02}", start.day, start.month, start.year % 100),
            format!("{:02}.{:02}.{:02}", start.hour, start.minute, start.second),
        )
    });
    header.field(&date, 8);
    header.field(&time, 8);
    header.field(&(256 * (n_signals + 1)).to_string(), 8);
    header.field("BDF+C", 44);
    header.field(&n_records.to_string(), 8);
    header.field("1", 8);
    header.field(&n_signals.to_string(), 4);
    let unit_text = |unit: &Unit| match unit {
        Unit::Microvolt => "uV".to_string(),
        Unit::Arbitrary => String::new(),
        other => other.symbol().to_string(),
    };
    let channels = &recording.channels;
    let per_signal = |values: Vec<String>, annotation: &str, width: usize, header: &mut HeaderWriter| {
        for value in values {
            header.field(&value, width);
        }
        header.field(annotation, width);
    };
    per_signal(channels.iter().map(|channel| channel.label.clone()).collect(), "BDF Annotations", 16, &mut header);
    per_signal(channels.iter().map(|channel| channel.transducer.clone()).collect(), "", 80, &mut header);
    per_signal(channels.iter().map(|channel| unit_text(&channel.unit)).collect(), "", 8, &mut header);
    per_signal(limits.iter().map(|(low, _)| format_number(*low)).collect(), "-1", 8, &mut header);
    per_signal(limits.iter().map(|(_, high)| format_number(*high)).collect(), "1", 8, &mut header);
    per_signal(channels.iter().map(|_| "-8388608".to_string()).collect(), "-8388608", 8, &mut header);
    per_signal(channels.iter().map(|_| "8388607".to_string()).collect(), "8388607", 8, &mut header);
    per_signal(channels.iter().map(|channel| channel.prefiltering.clone()).collect(), "", 80, &mut header);
    per_signal(
        channels.iter().map(|channel| (channel.sampling_rate_hz.round() as usize).to_string()).collect(),
        &annotation_samples.to_string(),
        8,
        &mut header,
    );
    per_signal(channels.iter().map(|_| String::new()).collect(), "", 32, &mut header);

    let mut bytes = header.0;
    // The physical limits written are rounded to 8 characters: scale with what a reader sees.
    let written: Vec<(f64, f64)> = limits
        .iter()
        .map(|(low, high)| (format_number(*low).parse().unwrap_or(*low), format_number(*high).parse().unwrap_or(*high)))
        .collect();
    for (record_idx, mut tal) in tals.into_iter().enumerate() {
        for (channel, &(low, high)) in channels.iter().zip(&written) {
            let rate = channel.sampling_rate_hz.round() as usize;
            let samples = &channel.segments[0].samples;
            let gain = (high - low) / (2.0 * f64::from(DIGITAL_LIMIT) + 1.0);
            let last = samples.last().copied().unwrap_or(0.0);
            for sample_idx in record_idx * rate..(record_idx + 1) * rate {
                let value = f64::from(*samples.get(sample_idx).unwrap_or(&last));
                let value = if value.is_finite() { value } else { 0.0 };
                let digital = ((value - low) / gain + f64::from(-DIGITAL_LIMIT - 1))
                    .round()
                    .clamp(f64::from(-DIGITAL_LIMIT - 1), f64::from(DIGITAL_LIMIT))
                    as i32;
                bytes.extend(&digital.to_le_bytes()[..3]);
            }
        }
        tal.resize(annotation_samples * 3, 0);
        bytes.extend(tal);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Channel, Segment};

    #[test]
    fn a_written_recording_reads_back_within_a_quantisation_step() {
        let samples: Vec<f32> = (0..2_500).map(|idx| (idx as f32 * 0.05).sin() * 300.0).collect();
        let recording = Recording {
            file_name: "x.bdf".into(),
            channels: vec![Channel {
                label: "EMG Tib ant".into(),
                unit: Unit::Microvolt,
                sampling_rate_hz: 1_000.0,
                segments: vec![Segment { start_s: 0.0, samples: samples.clone() }],
                transducer: "Concentric needle".into(),
                prefiltering: String::new(),
                recordable_range: None,
            }],
            annotations: vec![
                crate::model::Annotation {
                    onset_s: 0.0,
                    duration_s: None,
                    text: "Muscle: Tibialis anterior; Side: L; a long annotation beyond sixty bytes".into(),
                },
                crate::model::Annotation { onset_s: 1.25, duration_s: Some(0.5), text: "rest".into() },
            ],
            ..Recording::default()
        };
        let bytes = write_bdf_continuous(&recording).unwrap();
        let read = crate::formats::edf::read(&bytes).unwrap();
        assert_eq!(read.format, "BDF+C");
        assert_eq!(read.annotations, recording.annotations, "annotations read back in their records");
        let channel = &read.channels[0];
        assert_eq!(channel.label, "EMG Tib ant");
        assert_eq!(channel.unit, Unit::Microvolt);
        assert_eq!(channel.segments[0].samples.len(), 3_000, "three one-second records");
        for (written, read) in samples.iter().zip(&channel.segments[0].samples) {
            assert!((written - read).abs() < 1e-3, "{written} vs {read}");
        }
    }

    #[test]
    fn a_recordable_range_is_written_as_the_physical_range() {
        let samples: Vec<f32> =
            (0..1_000).map(|idx| if idx % 100 < 10 { 400.0 } else { (idx as f32).sin() * 50.0 }).collect();
        let recording = Recording {
            channels: vec![Channel {
                label: "EMG".into(),
                unit: Unit::Microvolt,
                sampling_rate_hz: 1_000.0,
                segments: vec![Segment { start_s: 0.0, samples }],
                transducer: String::new(),
                prefiltering: String::new(),
                recordable_range: Some((-400.0, 400.0)),
            }],
            ..Recording::default()
        };
        let read = crate::formats::edf::read(&write_bdf_continuous(&recording).unwrap()).unwrap();
        let channel = &read.channels[0];
        let (low, high) = channel.recordable_range.expect("BDF states its range");
        assert!((low + 400.0).abs() < 1e-9 && (high - 400.0).abs() < 1e-9, "range {low} to {high}");
        assert!(
            (channel.segments[0].samples[0] - 400.0).abs() < 1e-4,
            "a value at the limit reads back at the highest code"
        );
    }
}
