//! Whether a recording looks inverted. A concentric needle records a motor unit potential's main
//! phase negative (domain.md §7: negative up is the display convention because the main spike is
//! negative); a reversed montage or cable turns every potential over, and a fibrillation
//! potential then starts negative like an end-plate spike and a positive sharp wave points down.
//! When most of the motor units' main phases are positive, the recording is analysed turned over
//! and the analysis says so ([`LOOKS_INVERTED_NOTE`]).

use super::decompose::MotorUnit;
use super::spontaneous::FIBRILLATION_MAX_MS;

/// What the app and `edx analyze` say of a recording that looks inverted.
pub const LOOKS_INVERTED_NOTE: &str = "This recording looks inverted: most motor units' main phase points up, where a concentric needle records it down, so it was analysed turned over. Check the montage's polarity; the traces are shown as recorded.";

/// Fewest motor units a verdict on polarity rests on (edxview's own: one or two units can be
/// recorded with their main phase positive where the needle sits beside them).
const MIN_UNITS: usize = 3;
/// Share of those units whose main phase must be positive for the recording to look inverted
/// (edxview's own: three of four).
const INVERTED_SHARE: f64 = 0.75;

/// What `units` (decomposed from the recording as it was recorded) say of its polarity:
/// `Some(true)` when at least [`INVERTED_SHARE`] of those of motor-unit length (at least 5 ms,
/// so no fibrillation potential's train counts, domain.md §4.3) have their largest excursion
/// positive, `Some(false)` when fewer do, `None` when fewer than [`MIN_UNITS`] are that long.
pub fn inverted_by(units: &[&MotorUnit]) -> Option<bool> {
    let main_phase_positive: Vec<bool> = units
        .iter()
        .filter(|unit| unit.measures.is_some_and(|measures| measures.duration_ms >= FIBRILLATION_MAX_MS))
        .filter_map(|unit| {
            let largest =
                unit.template_uv.iter().copied().max_by(|first, second| first.abs().total_cmp(&second.abs()))?;
            Some(largest > 0.0)
        })
        .collect();
    let positive = main_phase_positive.iter().filter(|&&positive| positive).count();
    (main_phase_positive.len() >= MIN_UNITS)
        .then_some(positive as f64 >= INVERTED_SHARE * main_phase_positive.len() as f64)
}
