//! WAV audio (RIFF, big-endian RIFX and 64-bit RF64), as hobby and teaching EMG amplifiers record.
//!
//! WAV has no physical units: integer samples are kept as the integer stored in each container
//! (8-bit samples, which are unsigned, shifted to centre on zero) and float samples as stored,
//! all in [`Unit::Arbitrary`] until the user gives a calibration. Unknown chunks are skipped;
//! an inconsistent block alignment is read where its meaning is unambiguous, with a warning.

use crate::model::{Channel, Recording, Segment, Unit};

/// `WAVE_FORMAT_PCM`, `WAVE_FORMAT_IEEE_FLOAT` and `WAVE_FORMAT_EXTENSIBLE`.
const PCM: u16 = 1;
const IEEE_FLOAT: u16 = 3;
const EXTENSIBLE: u16 = 0xFFFE;

/// Why a WAV file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum WavError {
    /// Fewer bytes than the 12-byte RIFF header.
    #[error("the file is {n_bytes} bytes, too short for a WAV header")]
    TooShort {
        /// Length of the file.
        n_bytes: usize,
    },
    /// Not RIFF/RIFX/RF64 with form type WAVE.
    #[error("the file does not start with RIFF, RIFX or RF64 followed by WAVE")]
    NotWave,
    /// A chunk header is cut off before any audio data was found.
    #[error("the chunk header at byte {offset} is incomplete; the file is truncated before its audio data")]
    IncompleteChunk {
        /// Byte offset of the cut-off chunk.
        offset: usize,
    },
    /// No `fmt ` chunk.
    #[error("the file has no 'fmt ' chunk describing its samples")]
    MissingFormat,
    /// No `data` chunk.
    #[error("the file has no 'data' chunk holding samples")]
    MissingData,
    /// The `fmt ` chunk is shorter than its 16 required bytes.
    #[error("the 'fmt ' chunk is {size} bytes; it needs at least 16")]
    FormatTooShort {
        /// Its size.
        size: usize,
    },
    /// An RF64 file without its `ds64` size chunk.
    #[error("the RF64 file has no 'ds64' chunk giving its sizes")]
    MissingDs64,
    /// A sample encoding other than integer PCM or IEEE float.
    #[error("sample encoding {tag:#06x} is compressed or unknown; edxview reads integer PCM and IEEE float WAV")]
    UnsupportedEncoding {
        /// The format tag.
        tag: u16,
    },
    /// A header value that makes the samples unreadable.
    #[error("'fmt ' field '{field}' is {value}; {problem}")]
    FormatField {
        /// The field's name in the `fmt ` chunk.
        field: &'static str,
        /// Its value.
        value: u64,
        /// Why it cannot be read.
        problem: &'static str,
    },
}

/// Byte order of the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Endian {
    Little,
    Big,
}

impl Endian {
    fn u16(self, bytes: &[u8]) -> u16 {
        let pair = [bytes[0], bytes[1]];
        if self == Endian::Little {
            u16::from_le_bytes(pair)
        } else {
            u16::from_be_bytes(pair)
        }
    }

    fn u32(self, bytes: &[u8]) -> u32 {
        let quad = [bytes[0], bytes[1], bytes[2], bytes[3]];
        if self == Endian::Little {
            u32::from_le_bytes(quad)
        } else {
            u32::from_be_bytes(quad)
        }
    }
}

/// The `fmt ` chunk.
#[derive(Debug, Clone, Copy)]
struct Format {
    encoding: u16,
    n_channels: usize,
    sampling_rate_hz: u32,
    byte_rate: u32,
    block_align: usize,
    bits_per_sample: usize,
}

/// Reads a WAV file.
pub fn read(bytes: &[u8]) -> Result<Recording, WavError> {
    if bytes.len() < 12 {
        return Err(WavError::TooShort { n_bytes: bytes.len() });
    }
    let (endian, is_rf64) = match (&bytes[0..4], &bytes[8..12]) {
        (b"RIFF", b"WAVE") => (Endian::Little, false),
        (b"RIFX", b"WAVE") => (Endian::Big, false),
        (b"RF64", b"WAVE") => (Endian::Little, true),
        _ => return Err(WavError::NotWave),
    };
    let mut warnings = Vec::new();
    let mut format = None;
    let mut data: Option<&[u8]> = None;
    let mut rf64_data_size = None;
    let mut offset = 12;
    while offset < bytes.len() {
        if bytes.len() - offset < 8 {
            if data.is_none() {
                return Err(WavError::IncompleteChunk { offset });
            }
            warnings.push(format!("{} stray bytes at the end of the file were ignored", bytes.len() - offset));
            break;
        }
        let id = &bytes[offset..offset + 4];
        let declared_size = endian.u32(&bytes[offset + 4..offset + 8]);
        let body_start = offset + 8;
        let size = match (id, rf64_data_size) {
            (b"data", Some(size)) if declared_size == u32::MAX => size,
            _ => declared_size as usize,
        };
        let available = bytes.len() - body_start;
        let body = &bytes[body_start..body_start + size.min(available)];
        match id {
            b"ds64" if is_rf64 => {
                if body.len() < 16 {
                    return Err(WavError::MissingDs64);
                }
                let data_size = u64::from(endian.u32(&body[8..12])) | (u64::from(endian.u32(&body[12..16])) << 32);
                rf64_data_size = Some(usize::try_from(data_size).unwrap_or(usize::MAX));
            }
            b"fmt " => format = Some(parse_format(body, endian)?),
            b"data" => {
                if size > available {
                    warnings.push(format!(
                        "the data chunk declares {size} bytes but the file holds {available}; it looks truncated, so only the samples present are shown"
                    ));
                }
                data = Some(body);
            }
            _ => {}
        }
        offset = body_start.saturating_add(size).saturating_add(size % 2);
    }
    if is_rf64 && rf64_data_size.is_none() {
        return Err(WavError::MissingDs64);
    }
    let format = format.ok_or(WavError::MissingFormat)?;
    let data = data.ok_or(WavError::MissingData)?;
    let container_bytes = container_bytes(&format, &mut warnings)?;
    let frame_bytes = container_bytes * format.n_channels;
    if u64::from(format.byte_rate) != u64::from(format.sampling_rate_hz) * frame_bytes as u64 {
        warnings.push(format!(
            "the header's byte rate {} does not match {} Hz × {frame_bytes} bytes per frame; the sample rate was used",
            format.byte_rate, format.sampling_rate_hz
        ));
    }
    if data.len() % frame_bytes != 0 {
        warnings.push(format!(
            "the data ends with {} bytes of an incomplete frame, which were ignored",
            data.len() % frame_bytes
        ));
    }
    let n_frames = data.len() / frame_bytes;
    let is_float = format.encoding == IEEE_FLOAT;
    let channels = (0..format.n_channels)
        .map(|channel_idx| {
            let samples = (0..n_frames)
                .map(|frame_idx| {
                    let start = frame_idx * frame_bytes + channel_idx * container_bytes;
                    decode_sample(&data[start..start + container_bytes], endian, is_float)
                })
                .collect();
            let recordable_range = if is_float {
                (-1.0, 1.0)
            } else if container_bytes == 1 {
                (-128.0, 127.0)
            } else {
                let half_range = (1u64 << (8 * container_bytes - 1)) as f64;
                (-half_range, half_range - 1.0)
            };
            Channel {
                label: format!("channel {}", channel_idx + 1),
                unit: Unit::Arbitrary,
                sampling_rate_hz: f64::from(format.sampling_rate_hz),
                segments: vec![Segment { start_s: 0.0, samples }],
                transducer: String::new(),
                prefiltering: String::new(),
                recordable_range: Some(recordable_range),
            }
        })
        .collect();
    let variant = match (endian, is_rf64) {
        (Endian::Big, _) => "RIFX",
        (_, true) => "RF64",
        _ => "RIFF",
    };
    let encoding = if is_float {
        format!("{}-bit float", format.bits_per_sample)
    } else {
        format!("{}-bit PCM", format.bits_per_sample)
    };
    Ok(Recording {
        file_name: String::new(),
        format: format!("WAV ({variant}, {encoding})"),
        start: None,
        patient: String::new(),
        recording_info: String::new(),
        channels,
        annotations: Vec::new(),
        notes: vec!["WAV files carry no physical units: values are shown in arbitrary units until a calibration (µV per unit) is given.".into()],
        warnings,
        holds_nerve_conductions: false,
        part: None,
    })
}

fn parse_format(body: &[u8], endian: Endian) -> Result<Format, WavError> {
    if body.len() < 16 {
        return Err(WavError::FormatTooShort { size: body.len() });
    }
    let mut encoding = endian.u16(&body[0..2]);
    if encoding == EXTENSIBLE && body.len() >= 28 {
        // The sub-format GUID begins with the real format tag (…-0000-0010-8000-00AA00389B71).
        encoding = endian.u32(&body[24..28]) as u16;
    }
    if encoding != PCM && encoding != IEEE_FLOAT {
        return Err(WavError::UnsupportedEncoding { tag: encoding });
    }
    let format = Format {
        encoding,
        n_channels: usize::from(endian.u16(&body[2..4])),
        sampling_rate_hz: endian.u32(&body[4..8]),
        byte_rate: endian.u32(&body[8..12]),
        block_align: usize::from(endian.u16(&body[12..14])),
        bits_per_sample: usize::from(endian.u16(&body[14..16])),
    };
    if format.n_channels == 0 {
        return Err(WavError::FormatField {
            field: "channels",
            value: 0,
            problem: "a file needs at least one channel",
        });
    }
    if format.sampling_rate_hz == 0 {
        return Err(WavError::FormatField { field: "sample rate", value: 0, problem: "the rate must be positive" });
    }
    let valid_bits = match encoding {
        IEEE_FLOAT => matches!(format.bits_per_sample, 32 | 64),
        _ => (1..=32).contains(&format.bits_per_sample),
    };
    if !valid_bits {
        return Err(WavError::FormatField {
            field: "bits per sample",
            value: format.bits_per_sample as u64,
            problem: "integer PCM takes 1 to 32 bits and float 32 or 64",
        });
    }
    Ok(format)
}

/// Bytes per sample container: block align / channels, which may exceed the bits per sample
/// (12 bits in 2 bytes, 20 in 3, 24 in 4: values are left-justified). A block align that
/// contradicts the bits per sample is read from the bits where that is unambiguous.
fn container_bytes(format: &Format, warnings: &mut Vec<String>) -> Result<usize, WavError> {
    let minimum = format.bits_per_sample.div_ceil(8);
    let from_block_align = format.block_align / format.n_channels;
    let block_align_whole = format.block_align % format.n_channels == 0;
    let is_float = format.encoding == IEEE_FLOAT;
    let container_ok = |bytes: usize| bytes >= minimum && (if is_float { bytes == minimum } else { bytes <= 4 });
    if block_align_whole && container_ok(from_block_align) {
        return Ok(from_block_align);
    }
    if container_ok(minimum) {
        warnings.push(format!(
            "the block align ({} bytes) does not fit {} channels of {}-bit samples; read as {minimum}-byte samples",
            format.block_align, format.n_channels, format.bits_per_sample
        ));
        return Ok(minimum);
    }
    Err(WavError::FormatField {
        field: "block align",
        value: format.block_align as u64,
        problem: "it does not fit the channels and sample size",
    })
}

fn decode_sample(container: &[u8], endian: Endian, is_float: bool) -> f32 {
    let mut little = [0u8; 8];
    little[..container.len()].copy_from_slice(container);
    if endian == Endian::Big {
        little[..container.len()].reverse();
    }
    match (is_float, container.len()) {
        (true, 4) => f32::from_le_bytes([little[0], little[1], little[2], little[3]]),
        (true, _) => f64::from_le_bytes(little) as f32,
        (false, 1) => (i32::from(little[0]) - 128) as f32,
        (false, width) => {
            let shift = 64 - 8 * width as u32;
            ((i64::from_le_bytes(little) << shift) >> shift) as f32
        }
    }
}
