//! A test recording for benchmarks and viewers: a distinct tone on every channel plus
//! deterministic noise, as 16-bit EDF in one-second records produced one after another, so a
//! recording of hours (an hour of 8 channels at 20 kHz is 1.15 GB) is written in the memory of
//! one record. It is no physiological model: a signal whose every sample is known.

use super::Random;
use crate::formats::edf::write::{EdfRecordEncoder, EdfWriteError, StreamedEdf, StreamedSignal};
use crate::model::Unit;

/// The identifier `edx simulate` knows the test recording by.
pub const ID: &str = "test-tones";

/// Sampling rate of every channel, Hz: a needle EMG machine's.
pub const SAMPLING_RATE_HZ: usize = 20_000;
/// Tone of the first channel, Hz; channel `i` carries `FIRST_TONE_HZ + i`. Whole hertz repeat
/// every one-second record.
pub const FIRST_TONE_HZ: usize = 7;
/// Amplitude of each tone, µV.
pub const TONE_AMPLITUDE_UV: f64 = 300.0;
/// The noise is uniform within ± this, µV.
pub const NOISE_UV: f64 = 100.0;
/// The converter's range, ±µV: 0.1 µV per 16-bit step.
pub const RANGE_UV: (f64, f64) = (-3_276.8, 3_276.7);
/// Channels when none are asked for.
pub const DEFAULT_N_CHANNELS: usize = 8;
/// Length when none is asked for, s.
pub const DEFAULT_DURATION_S: f64 = 10.0;

/// Why a test recording cannot be made as asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TestTonesError {
    /// No channel, or more than a header holds.
    #[error("{n_channels} channels; the test recording has 1 to 9999")]
    Channels {
        /// Channels asked for.
        n_channels: usize,
    },
    /// The length is not a whole, positive number of one-second records.
    #[error("{duration_s} s; the test recording is written in one-second records, so its length is a whole number of seconds from 1 to 99999999")]
    Duration {
        /// The length asked for, s.
        duration_s: f64,
    },
    /// The EDF encoder refused the layout.
    #[error(transparent)]
    Edf(#[from] EdfWriteError),
}

/// A test recording: `n_channels` channels at [`SAMPLING_RATE_HZ`] lasting `n_seconds`, channel
/// `i` a tone of `FIRST_TONE_HZ + i` Hz and [`TONE_AMPLITUDE_UV`] plus uniform noise of
/// ±[`NOISE_UV`] drawn from `seed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TestTones {
    /// Number of channels.
    pub n_channels: usize,
    /// Length, s: one record per second.
    pub n_seconds: usize,
    /// Seed of the noise.
    pub seed: u64,
}

impl TestTones {
    /// `n_channels` channels lasting `duration_s`, which must be a whole number of seconds.
    pub fn lasting(n_channels: usize, duration_s: f64) -> Result<TestTones, TestTonesError> {
        if !(1..=9_999).contains(&n_channels) {
            return Err(TestTonesError::Channels { n_channels });
        }
        if !((1.0..=99_999_999.0).contains(&duration_s) && duration_s.fract() == 0.0) {
            return Err(TestTonesError::Duration { duration_s });
        }
        Ok(TestTones { n_channels, n_seconds: duration_s as usize, seed: 1 })
    }

    /// The tone of channel `channel_idx`, Hz.
    pub fn tone_hz(channel_idx: usize) -> usize {
        FIRST_TONE_HZ + channel_idx
    }

    /// The EDF header: plain EDF, channels `Tone 7 Hz`, `Tone 8 Hz`… in µV.
    pub fn edf_header(&self) -> StreamedEdf {
        StreamedEdf {
            patient: "X X X X".into(),
            recording_info: "Startdate X X X edxview_test_tones".into(),
            start: None,
            record_duration_s: 1.0,
            n_records: self.n_seconds,
            signals: (0..self.n_channels)
                .map(|channel_idx| StreamedSignal {
                    label: format!("Tone {} Hz", TestTones::tone_hz(channel_idx)),
                    transducer: "Test signal (simulated)".into(),
                    unit: Unit::Microvolt,
                    physical_range: RANGE_UV,
                    prefiltering: "none (simulated)".into(),
                    samples_per_record: SAMPLING_RATE_HZ,
                })
                .collect(),
        }
    }

    /// The whole file as byte chunks in order: the header, then one record per second, each
    /// made when it is asked for. Write them one after another to get the EDF file.
    pub fn edf_chunks(&self) -> Result<impl Iterator<Item = Result<Vec<u8>, EdfWriteError>>, TestTonesError> {
        let mut encoder = EdfRecordEncoder::new(self.edf_header())?;
        let header = encoder.header();
        let record_bytes = encoder.record_bytes();
        // Whole-hertz tones repeat every one-second record: one record's tones serve them all.
        let tones: Vec<Vec<f32>> = (0..self.n_channels)
            .map(|channel_idx| {
                let cycles_per_sample = TestTones::tone_hz(channel_idx) as f64 / SAMPLING_RATE_HZ as f64;
                (0..SAMPLING_RATE_HZ)
                    .map(|sample_idx| {
                        (TONE_AMPLITUDE_UV * (std::f64::consts::TAU * cycles_per_sample * sample_idx as f64).sin())
                            as f32
                    })
                    .collect()
            })
            .collect();
        let mut random = Random::new(self.seed);
        let mut record = vec![vec![0.0f32; SAMPLING_RATE_HZ]; self.n_channels];
        let records = (0..self.n_seconds).map(move |_| {
            for (samples, tone) in record.iter_mut().zip(&tones) {
                for (sample, &tone_uv) in samples.iter_mut().zip(tone) {
                    *sample = tone_uv + (NOISE_UV * (2.0 * random.uniform() - 1.0)) as f32;
                }
            }
            let slices: Vec<&[f32]> = record.iter().map(Vec::as_slice).collect();
            let mut bytes = Vec::with_capacity(record_bytes);
            encoder.encode_record(&slices, &mut bytes).map(|()| bytes)
        });
        Ok(std::iter::once(Ok(header)).chain(records))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_channel_reads_back_as_its_tone_within_the_noise() {
        let tones = TestTones::lasting(3, 2.0).unwrap();
        let bytes: Vec<u8> = tones.edf_chunks().unwrap().flat_map(Result::unwrap).collect();
        assert_eq!(bytes.len(), 256 * 4 + 2 * 3 * SAMPLING_RATE_HZ * 2, "header and two records");
        let recording = crate::formats::edf::read(&bytes).unwrap();
        assert_eq!(recording.format, "EDF");
        assert_eq!(recording.channels.len(), 3);
        for (channel_idx, channel) in recording.channels.iter().enumerate() {
            let tone_hz = TestTones::tone_hz(channel_idx) as f64;
            assert_eq!(channel.label, format!("Tone {tone_hz} Hz"));
            assert_eq!(channel.sampling_rate_hz, SAMPLING_RATE_HZ as f64);
            let samples = &channel.segments[0].samples;
            assert_eq!(samples.len(), 2 * SAMPLING_RATE_HZ);
            // The tone's amplitude by correlation with it: the noise averages out.
            let (mut sine, mut cosine) = (0.0, 0.0);
            for (sample_idx, &value) in samples.iter().enumerate() {
                let phase = std::f64::consts::TAU * tone_hz * sample_idx as f64 / SAMPLING_RATE_HZ as f64;
                let tone = TONE_AMPLITUDE_UV * phase.sin();
                assert!(
                    (f64::from(value) - tone).abs() <= NOISE_UV + 0.1,
                    "channel {channel_idx}, sample {sample_idx}: {value} µV against a tone of {tone}"
                );
                sine += f64::from(value) * phase.sin();
                cosine += f64::from(value) * phase.cos();
            }
            let amplitude_uv = 2.0 * sine.hypot(cosine) / samples.len() as f64;
            assert!((amplitude_uv - TONE_AMPLITUDE_UV).abs() < 2.0, "channel {channel_idx}: tone of {amplitude_uv} µV");
        }
    }

    #[test]
    fn the_same_recording_twice_is_the_same_bytes() {
        let tones = TestTones::lasting(2, 1.0).unwrap();
        let first: Vec<u8> = tones.edf_chunks().unwrap().flat_map(Result::unwrap).collect();
        let second: Vec<u8> = tones.edf_chunks().unwrap().flat_map(Result::unwrap).collect();
        assert!(first == second, "the noise is deterministic");
    }

    #[test]
    fn a_length_that_is_not_whole_seconds_is_refused() {
        assert!(matches!(TestTones::lasting(8, 2.5), Err(TestTonesError::Duration { .. })));
        assert!(matches!(TestTones::lasting(8, 0.0), Err(TestTonesError::Duration { .. })));
        assert!(matches!(TestTones::lasting(8, f64::NAN), Err(TestTonesError::Duration { .. })));
        assert!(matches!(TestTones::lasting(0, 10.0), Err(TestTonesError::Channels { n_channels: 0 })));
    }
}
