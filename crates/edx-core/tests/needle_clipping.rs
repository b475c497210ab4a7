//! Saturated (clipped) stretches of a needle recording: found, shown as clipped segments, and
//! kept out of every measurement.

use edx_core::needle::{analyse_needle, ActivityKind};
use edx_core::synth::needle::NeedleSpec;

/// The amplifier's range in the simulated recording, µV: the larger motor unit potentials
/// exceed it during the burst of strong effort placed below.
const RANGE_UV: f32 = 400.0;

#[test]
fn a_saturated_stretch_is_a_clipped_segment_and_nothing_is_measured_in_it() {
    let simulated = NeedleSpec::normal().simulate();
    let rate = simulated.sampling_rate_hz;
    let mut samples = simulated.samples_uv.clone();
    // Half a second of effort so strong that the amplifier saturates: every sample from 6.0 to
    // 6.5 s is driven far beyond the range and held at its limits, as a saturated amplifier does.
    let (clip_start, clip_end) = ((6.0 * rate) as usize, (6.5 * rate) as usize);
    for (offset, sample) in samples[clip_start..clip_end].iter_mut().enumerate() {
        let driven = 5.0 * RANGE_UV * (2.0 * std::f32::consts::PI * 40.0 * offset as f32 / rate as f32).sin();
        *sample = driven.clamp(-RANGE_UV, RANGE_UV);
    }
    for sample in &mut samples {
        *sample = sample.clamp(-RANGE_UV, RANGE_UV);
    }
    let analysis = analyse_needle(&samples, rate, Some((-f64::from(RANGE_UV), f64::from(RANGE_UV))), None);
    let clipped: Vec<(f64, f64)> = analysis
        .segments
        .iter()
        .filter(|segment| segment.kind == ActivityKind::Clipped)
        .map(|segment| (segment.start_s, segment.end_s))
        .collect();
    let covered_s: f64 = clipped.iter().map(|&(start_s, end_s)| (end_s.min(6.5) - start_s.max(6.0)).max(0.0)).sum();
    assert!(covered_s > 0.4, "the saturated half second is marked clipped: {clipped:?}");
    assert!(
        clipped.windows(2).all(|pair| pair[0].1 < pair[1].0),
        "clipped stretches are separate, not overlapping: {clipped:?}"
    );
    assert!(
        clipped.iter().any(|&(start_s, end_s)| start_s <= 6.0 && end_s >= 6.5),
        "the saturated half second, driven to both limits in turn, is one stretch: {clipped:?}"
    );
    let inside = |time_s: f64| clipped.iter().any(|&(start_s, end_s)| time_s >= start_s && time_s < end_s);
    for unit in &analysis.units {
        assert!(!unit.discharge_times_s.iter().copied().any(inside), "no discharge is taken from a clipped stretch");
    }
    assert!(!analysis.spontaneous.potentials.iter().any(|potential| inside(potential.time_s)));
    assert!(!analysis.units.is_empty(), "the rest of the recording is still analysed");
}
