//! The potential one unit contributes to a compound response, motor or sensory, and the stimulus
//! artefact at the recording electrodes.

use crate::model::NerveConductionKind;

/// A motor unit's surface potential: a negative main phase (1.6 ms to peak) followed by a slower,
/// smaller positive phase that returns to baseline within about 15 ms, the shape a belly–tendon
/// montage records over the end-plate zone (so late responses at 25 ms and more rise from a
/// settled baseline, as on a real recording).
pub(super) fn motor_unit_potential(time_ms: f64) -> f64 {
    const NEGATIVE_TIME_TO_PEAK_MS: f64 = 1.6;
    const POSITIVE_DELAY_MS: f64 = 3.0;
    const POSITIVE_TIME_TO_PEAK_MS: f64 = 3.0;
    const POSITIVE_RELATIVE_SIZE: f64 = 0.5;
    -lobe(time_ms, NEGATIVE_TIME_TO_PEAK_MS)
        + POSITIVE_RELATIVE_SIZE * lobe(time_ms - POSITIVE_DELAY_MS, POSITIVE_TIME_TO_PEAK_MS).powi(2)
}

/// A sensory fibre's potential at ring electrodes: a brief negative phase (0.35 ms to peak) and a
/// positive phase, so the SNAP lasts about 1.5 ms.
pub(super) fn sensory_fibre_potential(time_ms: f64) -> f64 {
    const NEGATIVE_TIME_TO_PEAK_MS: f64 = 0.35;
    const POSITIVE_DELAY_MS: f64 = 0.55;
    const POSITIVE_TIME_TO_PEAK_MS: f64 = 0.45;
    const POSITIVE_RELATIVE_SIZE: f64 = 0.6;
    -lobe(time_ms, NEGATIVE_TIME_TO_PEAK_MS)
        + POSITIVE_RELATIVE_SIZE * lobe(time_ms - POSITIVE_DELAY_MS, POSITIVE_TIME_TO_PEAK_MS)
}

/// A unit-height lobe that departs linearly from zero at time 0 and peaks at `time_to_peak_ms`:
/// the alpha function `(t/T) e^{1 − t/T}`, whose sharp take-off matches a recorded response.
fn lobe(time_ms: f64, time_to_peak_ms: f64) -> f64 {
    if time_ms <= 0.0 {
        return 0.0;
    }
    let relative_time = time_ms / time_to_peak_ms;
    relative_time * (1.0 - relative_time).exp()
}

/// The stimulus artefact at the recording electrodes: a sharp deflection at the stimulus that
/// decays within half a millisecond, in µV (larger for the tiny sensory responses' gain).
pub(super) fn stimulus_artefact_uv(time_ms: f64, kind: NerveConductionKind) -> f64 {
    const DECAY_MS: f64 = 0.08;
    let peak_uv =
        if matches!(kind, NerveConductionKind::Motor | NerveConductionKind::FWave | NerveConductionKind::HReflex) {
            1_500.0
        } else {
            60.0
        };
    if time_ms < 0.0 {
        return 0.0;
    }
    peak_uv * (1.0 - 2.0 * time_ms / DECAY_MS) * (-time_ms / DECAY_MS).exp()
}
