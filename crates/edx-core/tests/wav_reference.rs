//! WAV files read by edx-core, checked against libsndfile (frames, rate, channels) and scipy
//! (the integers as stored) in `reference.json`.

mod common;

use common::{number, numbers, reference_entry};
use edx_core::formats::wav::WavError;
use edx_core::formats::{self, FormatError, InputFile, ReadError};
use edx_core::model::{Recording, Unit};

fn read(relative_path: &str) -> Result<Recording, ReadError> {
    let bytes = common::bytes(relative_path);
    formats::read(InputFile { name: relative_path, bytes: &bytes })
}

/// Channel count, rate, frame count and the first five values of channel 0.
#[track_caller]
fn check(relative_path: &str, expected_first_five: &[f64]) {
    let expected = &reference_entry("dicom_and_wav", relative_path)["soundfile"];
    let recording = read(relative_path).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(recording.channels.len() as f64, number(&expected["channels"]), "{relative_path}: channels");
    for channel in &recording.channels {
        assert_eq!(channel.unit, Unit::Arbitrary, "{relative_path}: WAV has no physical unit");
        assert_eq!(channel.sampling_rate_hz, number(&expected["samplerate"]), "{relative_path}: rate");
        assert_eq!(channel.n_samples() as f64, number(&expected["frames"]), "{relative_path}: frames");
    }
    let found: Vec<f64> =
        recording.channels[0].segments[0].samples[..5].iter().map(|&value| f64::from(value)).collect();
    for (idx, (found_value, expected_value)) in found.iter().zip(expected_first_five).enumerate() {
        // f32 keeps 24 significant bits: exact for 8-, 16- and 24-bit samples, relative for 32.
        let tolerance = expected_value.abs() * 6e-8 + 1e-9;
        assert!(
            (found_value - expected_value).abs() <= tolerance,
            "{relative_path}[{idx}]: {found_value} vs {expected_value}"
        );
    }
}

fn scipy_raw(relative_path: &str) -> Vec<f64> {
    numbers(&reference_entry("dicom_and_wav", relative_path)["scipy"]["first5_raw_ch0"])
}

fn scipy_container(relative_path: &str) -> Vec<f64> {
    numbers(&reference_entry("dicom_and_wav", relative_path)["scipy"]["first5_container_int_ch0"])
}

#[test]
fn real_surface_emg_from_a_spikerbox() {
    let path = "backyardbrains-emg-wav/amp_on_baseline.wav";
    check(path, &scipy_raw(path));
    assert!(read(path).unwrap().notes.iter().any(|note| note.contains("arbitrary units")));
}

#[test]
fn pcm_32_bit() {
    let path = "scipy-wav/test-44100Hz-le-1ch-4bytes.wav";
    check(path, &scipy_raw(path));
}

#[test]
fn pcm_24_bit_three_channels() {
    let path = "scipy-wav/test-8000Hz-le-3ch-5S-24bit.wav";
    check(path, &scipy_container(path));
}

#[test]
fn float_32_bit() {
    let path = "scipy-wav/test-44100Hz-2ch-32bit-float-le.wav";
    check(path, &scipy_raw(path));
}

#[test]
fn float_64_bit_extensible() {
    let path = "scipy-wav/test-48000Hz-2ch-64bit-float-le-wavex.wav";
    check(path, &scipy_raw(path));
}

#[test]
fn unsigned_8_bit_is_centred_on_zero() {
    let path = "scipy-wav/test-8000Hz-le-2ch-1byteu.wav";
    let centred: Vec<f64> = scipy_raw(path).iter().map(|value| value - 128.0).collect();
    check(path, &centred);
}

#[test]
fn big_endian_rifx_extensible() {
    let path = "scipy-wav/test-44100Hz-be-1ch-4bytes.wav";
    check(path, &scipy_raw(path));
    assert!(read(path).unwrap().format.contains("RIFX"));
}

#[test]
fn twelve_bits_left_justified_in_two_bytes() {
    let path = "scipy-wav/test-8000Hz-le-4ch-9S-12bit.wav";
    check(path, &scipy_raw(path));
}

#[test]
fn rf64_with_ds64_sizes() {
    let path = "scipy-wav/test-44100Hz-le-1ch-4bytes-rf64.wav";
    check(path, &scipy_raw(path));
}

#[test]
fn twenty_bits_in_three_bytes() {
    let path = "scipy-wav/test-1234Hz-le-1ch-10S-20bit-extra.wav";
    check(path, &scipy_container(path));
}

#[test]
fn truncated_data_is_read_as_far_as_it_goes_with_a_warning() {
    let path = "scipy-wav/test-44100Hz-le-1ch-4bytes-early-eof.wav";
    check(path, &scipy_raw(path));
    let recording = read(path).unwrap();
    assert!(recording.warnings.iter().any(|warning| warning.contains("truncated")), "{:?}", recording.warnings);
}

#[test]
fn an_incomplete_chunk_is_refused() {
    let error = read("scipy-wav/test-44100Hz-le-1ch-4bytes-incomplete-chunk.wav").expect_err("13 bytes cannot be read");
    assert!(matches!(error.kind, FormatError::Wav(WavError::IncompleteChunk { offset: 12 })), "{error}");
}

/// A hand-made 3-channel 24-bit PCM file whose block align says 4 bytes (a real-world fault that
/// scipy rejects and libsndfile reads, formats.md §3): 4 is not a whole number of bytes per
/// channel, and only 3-byte samples fit 24 bits, so the file is read as 9-byte frames with a
/// warning.
#[test]
fn inconsistent_block_align_is_read_from_the_bits_per_sample_with_a_warning() {
    let frames: [[i32; 3]; 3] = [[1, -2, 8_388_607], [-8_388_608, 0, 300_000], [-1, 65_536, -300_000]];
    let data: Vec<u8> = frames.iter().flatten().flat_map(|&value| value.to_le_bytes()[..3].to_vec()).collect();
    let mut bytes = b"RIFF".to_vec();
    bytes.extend((4 + 8 + 16 + 8 + data.len() as u32).to_le_bytes());
    bytes.extend(b"WAVEfmt ");
    bytes.extend(16u32.to_le_bytes());
    bytes.extend(1u16.to_le_bytes()); // PCM
    bytes.extend(3u16.to_le_bytes()); // channels
    bytes.extend(8000u32.to_le_bytes()); // frames per second
    bytes.extend((8000u32 * 9).to_le_bytes()); // byte rate of 9-byte frames
    bytes.extend(4u16.to_le_bytes()); // block align: inconsistent
    bytes.extend(24u16.to_le_bytes()); // bits per sample
    bytes.extend(b"data");
    bytes.extend((data.len() as u32).to_le_bytes());
    bytes.extend(&data);
    let recording =
        formats::read(InputFile { name: "three-channel.wav", bytes: &bytes }).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(recording.channels.len(), 3);
    for (channel_idx, channel) in recording.channels.iter().enumerate() {
        let expected: Vec<f32> = frames.iter().map(|frame| frame[channel_idx] as f32).collect();
        assert_eq!(channel.segments[0].samples, expected, "channel {}", channel_idx + 1);
        assert_eq!(channel.recordable_range, Some((-8_388_608.0, 8_388_607.0)), "channel {}", channel_idx + 1);
    }
    assert_eq!(recording.warnings.len(), 1, "{:?}", recording.warnings);
    assert!(recording.warnings[0].contains("block align (4 bytes)"), "{:?}", recording.warnings);
}
