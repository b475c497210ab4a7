//! An amplifier's limited input range: a simulated signal driven beyond it is held at the
//! converter's limits, as a real recording saturates, so the needle analysis's handling of
//! clipped stretches can be tried on a file with a known range.

use crate::model::Channel;

/// Holds every sample of `channel` beyond ±`half_range` (in the channel's unit) at the limit it
/// crossed, as an amplifier driven past its range does, and makes that range the channel's
/// recordable range. A writer gives the file this range as its physical range, so the held
/// samples sit at the converter's lowest and highest codes, which is what the needle analysis
/// looks for (`needle::segments::find_clipped`: three or more samples at a limit).
///
/// Returns the number of samples held. A `half_range` that is not a positive number leaves the
/// channel unchanged. Invalid (NaN) samples stay invalid.
pub fn saturate(channel: &mut Channel, half_range: f64) -> usize {
    if !(half_range.is_finite() && half_range > 0.0) {
        return 0;
    }
    let (low, high) = (-half_range as f32, half_range as f32);
    let mut n_held = 0;
    for sample in channel.segments.iter_mut().flat_map(|segment| segment.samples.iter_mut()) {
        if *sample > high {
            *sample = high;
            n_held += 1;
        } else if *sample < low {
            *sample = low;
            n_held += 1;
        }
    }
    channel.recordable_range = Some((-half_range, half_range));
    n_held
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Segment, Unit};

    #[test]
    fn samples_beyond_the_range_are_held_at_its_limits() {
        let mut channel = Channel {
            label: "EMG".into(),
            unit: Unit::Microvolt,
            sampling_rate_hz: 1_000.0,
            segments: vec![Segment { start_s: 0.0, samples: vec![0.0, 350.0, 900.0, -401.0, f32::NAN, -20.0] }],
            transducer: String::new(),
            prefiltering: String::new(),
            recordable_range: None,
        };
        assert_eq!(saturate(&mut channel, 400.0), 2);
        let samples = &channel.segments[0].samples;
        assert_eq!(&samples[..4], &[0.0, 350.0, 400.0, -400.0]);
        assert!(samples[4].is_nan(), "an invalid sample stays invalid");
        assert_eq!(samples[5], -20.0);
        assert_eq!(channel.recordable_range, Some((-400.0, 400.0)));

        let unchanged = channel.clone();
        assert_eq!(saturate(&mut channel, -5.0), 0, "a range that is not positive is refused");
        assert_eq!(format!("{channel:?}"), format!("{unchanged:?}"));
    }
}
