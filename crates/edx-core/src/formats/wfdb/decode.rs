//! Decoding a WFDB data file: the interleaved sample stream of every signal stored in it.
//!
//! Samples of all signals in one file are stored frame by frame; within a frame each signal
//! contributes its samples-per-frame in header order. The bit packing of formats 212, 310 and
//! 311 runs over that interleaved stream, not per signal (formats.md §2.2), so the decoders
//! produce the stream and a router hands each value to its signal.

use super::header::SignalSpec;
use super::WfdbError;

/// One signal's decoded samples.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct DecodedSignal {
    /// Physical values; NaN where the file holds its invalid-sample code.
    pub samples: Vec<f32>,
    /// The 16-bit sum of the digital values, as WFDB checksums are computed.
    pub checksum: u16,
}

/// Decodes `bytes` holding `signals` (all in one file, in header order) for at most `n_frames`
/// frames, or for every complete frame present when the header gives no length.
pub(super) fn decode_file(
    bytes: &[u8],
    signals: &[&SignalSpec],
    n_frames: Option<usize>,
) -> Result<Vec<DecodedSignal>, WfdbError> {
    let format = signals[0].format;
    let data = bytes.get(signals[0].byte_offset..).unwrap_or_default();
    // A frame larger than the whole data file holds no complete frame; refusing to build it keeps
    // an absurd samples-per-frame field from allocating without bound.
    let stream_capacity = stream_capacity(format, data.len())?;
    let frame_size = signals.iter().try_fold(0usize, |total, signal| total.checked_add(signal.samples_per_frame));
    if frame_size.is_none_or(|frame_size| frame_size > stream_capacity.max(1)) {
        return Ok(signals.iter().map(|_| DecodedSignal { samples: Vec::new(), checksum: 0 }).collect());
    }
    let slots: Vec<usize> = signals
        .iter()
        .enumerate()
        .flat_map(|(signal_idx, signal)| std::iter::repeat_n(signal_idx, signal.samples_per_frame))
        .collect();
    let whole_frames = stream_capacity / slots.len() * slots.len();
    let wanted = n_frames.map_or(whole_frames, |frames| frames.saturating_mul(slots.len()).min(stream_capacity));
    let mut router = Router::new(signals, slots, wanted);
    match format {
        8 | 80 => data.iter().take(wanted).for_each(|&byte| {
            let value = if format == 80 { i64::from(byte) - 128 } else { i64::from(byte as i8) };
            router.push(value);
        }),
        16 | 61 | 160 => {
            let value = |pair: &[u8]| match format {
                16 => i64::from(i16::from_le_bytes([pair[0], pair[1]])),
                61 => i64::from(i16::from_be_bytes([pair[0], pair[1]])),
                _ => i64::from(u16::from_le_bytes([pair[0], pair[1]])) - 32_768,
            };
            // One sample per signal and frame (the usual layout): whole frames go straight to
            // the signals, without routing each value.
            let mut done = 0;
            if signals.iter().all(|signal| signal.samples_per_frame == 1) {
                let frame_bytes = 2 * signals.len();
                let n_frames = wanted / signals.len();
                for frame in data.chunks_exact(frame_bytes).take(n_frames) {
                    for (output, pair) in router.outputs.iter_mut().zip(frame.chunks_exact(2)) {
                        output.push(value(pair));
                    }
                }
                done = n_frames * signals.len();
                router.remaining -= done;
            }
            data[2 * done..].chunks_exact(2).take(wanted - done).for_each(|pair| router.push(value(pair)));
        }
        24 => data.chunks_exact(3).take(wanted).for_each(|triple| {
            router.push(i64::from(i32::from_le_bytes([0, triple[0], triple[1], triple[2]]) >> 8));
        }),
        32 => data.chunks_exact(4).take(wanted).for_each(|quad| {
            router.push(i64::from(i32::from_le_bytes([quad[0], quad[1], quad[2], quad[3]])));
        }),
        212 => decode_212(data, &mut router),
        310 => decode_310(data, &mut router),
        _ => decode_311(data, &mut router),
    }
    Ok(router.finish())
}

/// Two 12-bit samples in three bytes; a final pair of bytes holds one sample.
fn decode_212(data: &[u8], router: &mut Router) {
    for group in data.chunks(3) {
        if group.len() >= 2 && router.wants_more() {
            router.push(sign_extend(i64::from(group[0]) | (i64::from(group[1] & 0x0F) << 8), 12));
        }
        if group.len() == 3 && router.wants_more() {
            router.push(sign_extend(i64::from(group[2]) | (i64::from(group[1] & 0xF0) << 4), 12));
        }
    }
}

/// Three 10-bit samples in two little-endian 16-bit words (bit 0 of each word unused).
fn decode_310(data: &[u8], router: &mut Router) {
    for group in data.chunks(4) {
        let word =
            |idx: usize| group.get(2 * idx..2 * idx + 2).map(|pair| i64::from(u16::from_le_bytes([pair[0], pair[1]])));
        let (first, second) = (word(0), word(1));
        if let Some(first) = first.filter(|_| router.wants_more()) {
            router.push(sign_extend((first >> 1) & 0x3FF, 10));
        }
        if let Some(second) = second.filter(|_| router.wants_more()) {
            router.push(sign_extend((second >> 1) & 0x3FF, 10));
        }
        if let (Some(first), Some(second)) = (first, second) {
            if router.wants_more() {
                router.push(sign_extend(((first >> 11) & 0x1F) | (((second >> 11) & 0x1F) << 5), 10));
            }
        }
    }
}

/// Three 10-bit samples in one little-endian 32-bit word; a partial word holds fewer.
fn decode_311(data: &[u8], router: &mut Router) {
    for group in data.chunks(4) {
        let mut padded = [0u8; 4];
        padded[..group.len()].copy_from_slice(group);
        let word = i64::from(u32::from_le_bytes(padded));
        let n_samples = match group.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => 0,
        };
        for sample_idx in 0..n_samples {
            if router.wants_more() {
                router.push(sign_extend((word >> (10 * sample_idx)) & 0x3FF, 10));
            }
        }
    }
}

/// How many samples `n_bytes` of a format hold, counting a final partial group as WFDB does; this
/// bounds every allocation by the file's real size.
fn stream_capacity(format: u16, n_bytes: usize) -> Result<usize, WfdbError> {
    let (whole, remainder) = (n_bytes / 4, n_bytes % 4);
    Ok(match format {
        8 | 80 => n_bytes,
        16 | 61 | 160 => n_bytes / 2,
        24 => n_bytes / 3,
        32 => n_bytes / 4,
        212 => n_bytes / 3 * 2 + usize::from(n_bytes % 3 == 2),
        310 => whole * 3 + usize::from(remainder >= 2),
        311 => whole * 3 + remainder.saturating_sub(1),
        508 | 516 | 524 => return Err(WfdbError::Flac { format }),
        _ => return Err(WfdbError::UnknownFormat { format }),
    })
}

fn sign_extend(value: i64, bits: u32) -> i64 {
    let sign_bit = 1i64 << (bits - 1);
    (value ^ sign_bit) - sign_bit
}

/// The digital value WFDB writes for a missing sample, by format (wfdb-python
/// `INVALID_SAMPLE_VALUE`); format 8 stores differences and has none.
fn invalid_code(format: u16) -> Option<i64> {
    match format {
        80 => Some(-128),
        310 | 311 => Some(-512),
        212 => Some(-2048),
        16 | 61 | 160 => Some(-32_768),
        24 => Some(-(1 << 23)),
        32 => Some(-(1 << 31)),
        _ => None,
    }
}

/// Hands each value of the interleaved stream to its signal, converting it on the way.
struct Router {
    slots: Vec<usize>,
    slot_idx: usize,
    remaining: usize,
    outputs: Vec<SignalOutput>,
}

struct SignalOutput {
    samples: Vec<f32>,
    checksum: u16,
    previous: i64,
    is_difference: bool,
    invalid_code: Option<i64>,
    baseline: i64,
    gain: f64,
}

impl SignalOutput {
    /// Adds one stored value: its digital value to the checksum, its physical value (NaN for
    /// the invalid-sample code) to the samples.
    fn push(&mut self, stored: i64) {
        let digital = if self.is_difference {
            self.previous += stored;
            self.previous
        } else {
            stored
        };
        self.checksum = self.checksum.wrapping_add(digital as u16);
        let physical = if self.invalid_code == Some(digital) {
            f32::NAN
        } else {
            ((digital - self.baseline) as f64 / self.gain) as f32
        };
        self.samples.push(physical);
    }
}

impl Router {
    fn new(signals: &[&SignalSpec], slots: Vec<usize>, wanted: usize) -> Router {
        let frame_size = slots.len().max(1);
        let outputs = signals
            .iter()
            .map(|signal| SignalOutput {
                samples: Vec::with_capacity(wanted / frame_size * signal.samples_per_frame + signal.samples_per_frame),
                checksum: 0,
                previous: signal.initial_value,
                is_difference: signal.format == 8,
                invalid_code: invalid_code(signal.format),
                baseline: signal.baseline,
                gain: signal.gain.unwrap_or(1.0),
            })
            .collect();
        Router { slots, slot_idx: 0, remaining: wanted, outputs }
    }

    fn wants_more(&self) -> bool {
        self.remaining > 0
    }

    fn push(&mut self, stored: i64) {
        self.outputs[self.slots[self.slot_idx]].push(stored);
        self.slot_idx = if self.slot_idx + 1 == self.slots.len() { 0 } else { self.slot_idx + 1 };
        self.remaining -= 1;
    }

    fn finish(self) -> Vec<DecodedSignal> {
        self.outputs
            .into_iter()
            .map(|output| DecodedSignal { samples: output.samples, checksum: output.checksum })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_and_ten_bit_values_are_sign_extended() {
        assert_eq!(sign_extend(0xFFF, 12), -1);
        assert_eq!(sign_extend(0x7FF, 12), 2047);
        assert_eq!(sign_extend(0x200, 10), -512);
    }
}
