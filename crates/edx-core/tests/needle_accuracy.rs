//! The needle analysis against simulated muscles with known truth (see `cargo xtask report
//! needle` for the full table). Tolerances sit a little below what the report measures, so a
//! change that makes the analysis worse fails here.

use edx_core::needle::{NeedlePattern, SpontaneousClass};
use edx_core::synth::needle::NeedleSpec;
use edx_core::synth::needle_accuracy::{false_denervation_per_minute, score, total, NeedleScore};

const N_SEEDS: u64 = 4;

fn scores(make: fn(u64) -> NeedleSpec) -> NeedleScore {
    total(&(0..N_SEEDS).map(|seed| score(&make(seed)).0).collect::<Vec<_>>())
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

#[test]
fn normal_units_are_found_with_their_discharges_and_shapes() {
    let sum = scores(NeedleSpec::normal_seeded);
    assert!(share(sum.large_units_found, sum.large_units) >= 0.9, "{sum:?}");
    assert!(share(sum.large_discharges_found, sum.large_discharges) >= 0.75, "{sum:?}");
    assert!(share(sum.reported_discharges_correct, sum.reported_discharges) >= 0.95, "{sum:?}");
    assert!(sum.invented_units as u64 <= 2 * N_SEEDS, "{sum:?}");
    let rms =
        |errors: &[f64]| (errors.iter().map(|error| error * error).sum::<f64>() / errors.len().max(1) as f64).sqrt();
    assert!(rms(&sum.amplitude_errors_pct) < 5.0, "{:?}", sum.amplitude_errors_pct);
    assert!(rms(&sum.duration_errors_ms) < 1.5, "{:?}", sum.duration_errors_ms);
}

#[test]
fn myopathic_units_are_found_among_many() {
    let sum = scores(NeedleSpec::myopathic_seeded);
    assert!(share(sum.large_units_found, sum.large_units) >= 0.85, "{sum:?}");
    assert!(share(sum.large_discharges_found, sum.large_discharges) >= 0.55, "{sum:?}");
    assert!(share(sum.reported_discharges_correct, sum.reported_discharges) >= 0.95, "{sum:?}");
}

#[test]
fn fibrillation_potentials_and_positive_sharp_waves_are_found_at_rest() {
    let sum = scores(NeedleSpec::neurogenic_seeded);
    assert!(share(sum.denervation_found, sum.denervation_potentials) >= 0.8, "{sum:?}");
    assert!(share(sum.denervation_named_right, sum.denervation_potentials) >= 0.75, "{sum:?}");
}

#[test]
fn a_quiet_muscle_shows_no_fibrillation_potentials() {
    assert!(false_denervation_per_minute(60.0, 1) < 0.5);
}

#[test]
fn the_simulated_muscles_read_as_their_patterns() {
    let reference = edx_core::needle::tibialis_anterior();
    let pattern = |spec: NeedleSpec| {
        let simulated = spec.simulate();
        edx_core::needle::analyse_needle(&simulated.samples_uv, simulated.sampling_rate_hz, None, Some(&reference))
    };
    let neurogenic = pattern(NeedleSpec::neurogenic());
    assert_eq!(neurogenic.pattern.pattern, NeedlePattern::Neurogenic, "{:?}", neurogenic.pattern);
    assert!(neurogenic
        .spontaneous
        .potentials
        .iter()
        .any(|potential| potential.class == SpontaneousClass::Fibrillation));
    let myopathic = pattern(NeedleSpec::myopathic());
    assert_eq!(myopathic.pattern.pattern, NeedlePattern::Myopathic, "{:?}", myopathic.pattern);
    let normal = pattern(NeedleSpec::normal());
    assert_eq!(normal.pattern.pattern, NeedlePattern::Normal, "{:?}", normal.pattern);
}
