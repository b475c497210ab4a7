//! One multiplex group of the Waveform Sequence (PS3.3 C.10.9) as channels: samples decoded by
//! their interpretation and scaled to physical units as `raw × sensitivity × correction +
//! baseline` (the baseline is in physical units and added after scaling; pydicom fixed its
//! older formula in PR #1715), with each channel's label, unit and filters.

use super::g711;
use super::parser::{Element, Value};
use super::tags::*;
use super::values::{find, items, numeric, text};
use crate::model::{Channel, Segment, Unit};

/// Why a multiplex group's channels could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum WaveformError {
    /// An attribute every multiplex group must have is absent.
    #[error("{attribute} {tag} is missing")]
    Missing {
        /// The attribute's name, as the standard gives it.
        attribute: &'static str,
        /// Its tag.
        tag: Tag,
    },
    /// No usable sampling rate.
    #[error("Sampling Frequency {SAMPLING_FREQUENCY} is missing or not positive")]
    SamplingFrequency,
    /// A Waveform Sample Interpretation the standard does not define.
    #[error("Waveform Sample Interpretation {0:?} is not one DICOM defines")]
    Interpretation(String),
    /// Waveform Bits Allocated disagrees with the sample interpretation.
    #[error(
        "Waveform Bits Allocated is {bits_allocated} but interpretation {interpretation} stores {bits_stored} bits"
    )]
    BitsAllocated {
        /// Waveform Bits Allocated as the file gives it.
        bits_allocated: usize,
        /// Waveform Sample Interpretation, such as `SS`.
        interpretation: String,
        /// The bits that interpretation stores per sample.
        bits_stored: usize,
    },
    /// Channel and sample counts whose product overflows: no real file holds that much.
    #[error("the channel and sample counts are absurd")]
    AbsurdCounts,
    /// Waveform Data shorter than the channels and samples the group declares.
    #[error("Waveform Data holds {found} bytes but {n_channels} channels × {n_samples} samples need {needed}")]
    DataTooShort {
        /// The bytes present.
        found: usize,
        /// Number of Waveform Channels.
        n_channels: usize,
        /// Number of Waveform Samples.
        n_samples: usize,
        /// The bytes those need.
        needed: usize,
    },
}

/// How samples of one interpretation are stored.
#[derive(Debug, Clone, Copy)]
struct SampleCodec {
    /// Bytes per sample.
    bytes: usize,
    kind: SampleKind,
}

/// How a sample's bytes become a number.
#[derive(Debug, Clone, Copy)]
enum SampleKind {
    /// Two's complement binary.
    Signed,
    /// Unsigned binary.
    Unsigned,
    /// G.711 µ-law, 8 bits.
    MuLaw,
    /// G.711 A-law, 8 bits.
    ALaw,
}

impl SampleCodec {
    /// The codec of Waveform Sample Interpretation `interpretation`, checked against Waveform
    /// Bits Allocated.
    fn new(interpretation: &str, bits_allocated: usize) -> Result<SampleCodec, WaveformError> {
        let (bytes, kind) = match interpretation {
            "SB" => (1, SampleKind::Signed),
            "UB" => (1, SampleKind::Unsigned),
            "MB" => (1, SampleKind::MuLaw),
            "AB" => (1, SampleKind::ALaw),
            "SS" => (2, SampleKind::Signed),
            "US" => (2, SampleKind::Unsigned),
            "SL" => (4, SampleKind::Signed),
            "UL" => (4, SampleKind::Unsigned),
            "SV" => (8, SampleKind::Signed),
            "UV" => (8, SampleKind::Unsigned),
            other => return Err(WaveformError::Interpretation(other.to_string())),
        };
        if bits_allocated != bytes * 8 {
            return Err(WaveformError::BitsAllocated {
                bits_allocated,
                interpretation: interpretation.to_string(),
                bits_stored: bytes * 8,
            });
        }
        Ok(SampleCodec { bytes, kind })
    }

    /// The stored value of one sample's `bytes`, little endian.
    fn decode(&self, bytes: &[u8]) -> f64 {
        let mut little = [0u8; 8];
        little[..self.bytes].copy_from_slice(bytes);
        let unsigned = u64::from_le_bytes(little);
        match self.kind {
            SampleKind::Unsigned => unsigned as f64,
            SampleKind::Signed => {
                let shift = 64 - 8 * self.bytes as u32;
                ((unsigned << shift) as i64 >> shift) as f64
            }
            SampleKind::MuLaw => f64::from(g711::mu_law(bytes[0])),
            SampleKind::ALaw => f64::from(g711::a_law(bytes[0])),
        }
    }
}

/// One multiplex group's channels; with `prefix_labels` (a file of several groups) each label
/// starts with the group's.
pub(super) fn read_multiplex_group(group: &[Element<'_>], prefix_labels: bool) -> Result<Vec<Channel>, WaveformError> {
    let number = |tag: Tag| find(group, tag).and_then(numeric);
    let required = |attribute: &'static str, tag: Tag| number(tag).ok_or(WaveformError::Missing { attribute, tag });
    let n_channels = required("Number of Waveform Channels", NUMBER_OF_WAVEFORM_CHANNELS)? as usize;
    let n_samples = required("Number of Waveform Samples", NUMBER_OF_WAVEFORM_SAMPLES)? as usize;
    let sampling_rate_hz = number(SAMPLING_FREQUENCY)
        .filter(|rate| rate.is_finite() && *rate > 0.0)
        .ok_or(WaveformError::SamplingFrequency)?;
    let bits_allocated = required("Waveform Bits Allocated", WAVEFORM_BITS_ALLOCATED)? as usize;
    let interpretation = find(group, WAVEFORM_SAMPLE_INTERPRETATION).map(text).ok_or(WaveformError::Missing {
        attribute: "Waveform Sample Interpretation",
        tag: WAVEFORM_SAMPLE_INTERPRETATION,
    })?;
    // Multiplex Group Time Offset is in ms (PS3.3 C.10.9.1).
    let time_offset_s = number(MULTIPLEX_GROUP_TIME_OFFSET).unwrap_or(0.0) / 1000.0;
    let label = find(group, MULTIPLEX_GROUP_LABEL).map(text).unwrap_or_default();
    let Some(Value::Bytes(data)) = find(group, WAVEFORM_DATA).map(|element| &element.value) else {
        return Err(WaveformError::Missing { attribute: "Waveform Data", tag: WAVEFORM_DATA });
    };
    let sample = SampleCodec::new(&interpretation, bits_allocated)?;
    let needed = n_channels
        .checked_mul(n_samples)
        .and_then(|count| count.checked_mul(sample.bytes))
        .ok_or(WaveformError::AbsurdCounts)?;
    if data.len() < needed {
        return Err(WaveformError::DataTooShort { found: data.len(), n_channels, n_samples, needed });
    }
    let padding = find(group, WAVEFORM_PADDING_VALUE).and_then(|element| match element.value {
        Value::Bytes(bytes) if bytes.len() >= sample.bytes => Some(sample.decode(&bytes[..sample.bytes])),
        _ => None,
    });
    let definitions = items(group, CHANNEL_DEFINITION_SEQUENCE);
    let frame_bytes = n_channels * sample.bytes;
    let channels = (0..n_channels).map(|channel_idx| {
        let definition = definitions.get(channel_idx).map(Vec::as_slice).unwrap_or_default();
        let channel_number = |tag| find(definition, tag).and_then(numeric);
        let sensitivity = channel_number(CHANNEL_SENSITIVITY);
        let correction = channel_number(CHANNEL_SENSITIVITY_CORRECTION_FACTOR).unwrap_or(1.0);
        let baseline = channel_number(CHANNEL_BASELINE).unwrap_or(0.0);
        let first_code = |sequence: Tag, code: Tag| {
            items(definition, sequence).first().and_then(|item| find(item, code)).map(text).unwrap_or_default()
        };
        let units = first_code(CHANNEL_SENSITIVITY_UNITS_SEQUENCE, CODE_VALUE);
        let unit = if sensitivity.is_some() { Unit::parse(&units) } else { Unit::Arbitrary };
        let (scale, offset) = match sensitivity {
            Some(sensitivity) => (sensitivity * correction, baseline),
            None => (1.0, 0.0),
        };
        let samples = (0..n_samples)
            .map(|sample_idx| {
                let start = sample_idx * frame_bytes + channel_idx * sample.bytes;
                let raw = sample.decode(&data[start..start + sample.bytes]);
                if padding == Some(raw) {
                    f32::NAN
                } else {
                    (raw * scale + offset) as f32
                }
            })
            .collect();
        let source = first_code(CHANNEL_SOURCE_SEQUENCE, CODE_MEANING);
        let own_label = find(definition, CHANNEL_LABEL).map(text).filter(|label| !label.is_empty());
        let base_label = own_label
            .or((!source.is_empty()).then_some(source))
            .unwrap_or_else(|| format!("channel {}", channel_idx + 1));
        let filters = [("HP", FILTER_LOW_FREQUENCY), ("LP", FILTER_HIGH_FREQUENCY), ("N", NOTCH_FILTER_FREQUENCY)]
            .into_iter()
            .filter_map(|(name, tag)| {
                channel_number(tag)
                    .filter(|frequency| *frequency > 0.0)
                    .map(|frequency| format!("{name}:{frequency}Hz"))
            })
            .collect::<Vec<_>>()
            .join(" ");
        Channel {
            label: if prefix_labels && !label.is_empty() { format!("{label}: {base_label}") } else { base_label },
            unit,
            sampling_rate_hz,
            segments: vec![Segment { start_s: time_offset_s, samples }],
            transducer: String::new(),
            prefiltering: filters,
            recordable_range: None,
        }
    });
    Ok(channels.collect())
}
