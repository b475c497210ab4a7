//! The needle analysis against simulated muscles with known truth (see `cargo xtask report
//! needle` for the full table). The tests score the same recordings as the report (ten per
//! muscle) and hold them just below what it measured, so a change that makes the analysis worse
//! fails here. The aims (issue 5) stay where they are: unit and discharge sensitivity and
//! precision ≥ 95 % (EMGLAB's level), fibrillation and positive sharp wave sensitivity ≥ 90 %,
//! under one false detection per minute of noise; where a measure is below its aim the
//! tolerance records today's level, not the aim.

use std::sync::OnceLock;

use edx_core::needle::{analyse_needle, ActivityKind, NeedlePattern, SpontaneousClass};
use edx_core::synth::needle::{Firing, NeedleSpec, Shape, SpontaneousSpec, UnitSpec};
use edx_core::synth::needle_accuracy::{false_denervation_per_minute, score, total, NeedleScore};
use edx_core::synth::Random;

/// Recordings per muscle: as many as `cargo xtask report needle` scores.
const N_SEEDS: u64 = 10;

fn scores(make: fn(u64) -> NeedleSpec) -> NeedleScore {
    total(&(0..N_SEEDS).map(|seed| score(&make(seed)).0).collect::<Vec<_>>())
}

/// The neurogenic muscles' scores, shared by the tests that read them.
fn neurogenic_scores() -> &'static NeedleScore {
    static SCORES: OnceLock<NeedleScore> = OnceLock::new();
    SCORES.get_or_init(|| scores(NeedleSpec::neurogenic_seeded))
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

fn rms(errors: &[f64]) -> f64 {
    (errors.iter().map(|error| error * error).sum::<f64>() / errors.len().max(1) as f64).sqrt()
}

// Report at this commit, normal: 49/50 units, none invented, discharge sensitivity 97 % (97.2;
// 96.5 before every pair of the leading templates was tried at every pair of shifts, 95.0
// before potentials were assigned again among the units alone with refined templates, 94.5
// before overlaps within ±2 ms and triples were resolved), precision 98 % (98.2; was 97.9),
// amplitude error RMS 0.45 % (0.69 before templates were measured with the other units
// subtracted), duration error RMS 0.2 ms (0.17; was 0.36). (Before close pairs were resolved
// and split units joined: 48/50, 2 invented, 90 %, 97 %.)
#[test]
fn normal_units_are_found_with_their_discharges_and_shapes() {
    let sum = scores(NeedleSpec::normal_seeded);
    assert!(share(sum.large_units_found, sum.large_units) >= 0.95, "{sum:?}");
    assert!(share(sum.large_discharges_found, sum.large_discharges) >= 0.97, "{sum:?}");
    assert!(share(sum.reported_discharges_correct, sum.reported_discharges) >= 0.98, "{sum:?}");
    assert!(sum.invented_units <= 1, "{sum:?}");
    assert!(rms(&sum.amplitude_errors_pct) < 0.55, "{:?}", sum.amplitude_errors_pct);
    assert!(rms(&sum.duration_errors_ms) < 0.22, "{:?}", sum.duration_errors_ms);
}

// Report at this commit, neurogenic (with fasciculation potentials at rest): 30/30 units,
// none invented (2 before the superimposition of two units, seen alone often enough to pass
// for a unit, was dropped before the final assignment), discharge sensitivity 98 % (98.48;
// 97.76 before that, 97.8 before a falsely voluntary stretch of
// seed 2 was turned back into rest, which changed the templates learned, 97.1 with pairs
// sought within ±2 ms, 96.35
// before every pair of the leading templates was tried at every pair of shifts, 93.4 before
// shifts of ±0.5 ms were tried, 87.5 before potentials were assigned again among the units
// alone, 85.5 before overlaps within ±2 ms and triples were resolved), precision 99 % (99.34;
// 99.02 before, 98.4 two rounds ago), amplitude error RMS 0.5 % (0.51), duration error RMS
// 0.4 ms (0.39; 0.97 before a slow initial phase sagging below the deflection threshold but not to the baseline was kept
// in the duration, which a 2.6 mV unit's start marker had stopped at 4.9 ms late, 1.35 before
// templates were measured with the other units subtracted, 1.83 before the second
// assignment). (Before close pairs: 21 invented, 83 %, 87 %, duration 1.2 ms.)
#[test]
fn neurogenic_units_are_found_with_their_discharges() {
    let sum = neurogenic_scores();
    assert!(share(sum.large_units_found, sum.large_units) >= 0.99, "{sum:?}");
    assert!(share(sum.large_discharges_found, sum.large_discharges) >= 0.98, "{sum:?}");
    assert!(share(sum.reported_discharges_correct, sum.reported_discharges) >= 0.99, "{sum:?}");
    assert_eq!(sum.invented_units, 0, "{sum:?}");
    assert!(rms(&sum.amplitude_errors_pct) < 0.65, "{:?}", sum.amplitude_errors_pct);
    assert!(rms(&sum.duration_errors_ms) < 0.45, "{:?}", sum.duration_errors_ms);
}

// Report at this commit, myopathic: 90/90 units, none invented (was 1), discharge sensitivity
// 95 % (95.15; 94.99 before the first unit recruited claimed its lone discharges at the onset
// of effort, 94.9 before the first assignment searched overlaps the greedy way only, 94.6
// with pairs sought within ±2.6 ms, 94.0 before a unit split in two was
// joined despite 2 of its 38 discharges wrongly taken, 93.6 with pairs within ±2 ms, 93.0
// before three overlapping potentials were each placed again on what the other two leave,
// 91.9 before overlaps were sought again where the residual changed, 91.0 before every pair
// of the leading templates was tried at every pair of shifts, 86.3 before potentials were
// assigned again among the units alone, 85.25 before overlaps within ±2 ms and triples were
// resolved), precision 98.7 % (98.69; was 98.1), amplitude error RMS 1.2 % (1.24; 1.03 before
// templates were measured with the other units subtracted: amplitudes are printed to the µV,
// a step of 0.5–0.7 % here), duration error RMS 0.3 ms (0.28; was 0.47). (Before: 88/90, 13
// invented, 77 %, 93 %, 1.0 %, 0.8 ms; the two units found since are the smallest, and their
// templates' errors raise the RMS.)
#[test]
fn myopathic_units_are_found_among_many() {
    let sum = scores(NeedleSpec::myopathic_seeded);
    assert!(share(sum.large_units_found, sum.large_units) >= 0.99, "{sum:?}");
    assert!(share(sum.large_discharges_found, sum.large_discharges) >= 0.95, "{sum:?}");
    assert!(share(sum.reported_discharges_correct, sum.reported_discharges) >= 0.982, "{sum:?}");
    assert!(sum.invented_units <= 1, "{sum:?}");
    assert!(rms(&sum.amplitude_errors_pct) < 1.4, "{:?}", sum.amplitude_errors_pct);
    assert!(rms(&sum.duration_errors_ms) < 0.35, "{:?}", sum.duration_errors_ms);
}

// Report at this commit: 95 % of fibrillation potentials and positive sharp waves found, 91 %
// named right.
#[test]
fn fibrillation_potentials_and_positive_sharp_waves_are_found_at_rest() {
    let sum = neurogenic_scores();
    assert!(share(sum.denervation_found, sum.denervation_potentials) >= 0.95, "{sum:?}");
    assert!(share(sum.denervation_named_right, sum.denervation_potentials) >= 0.91, "{sum:?}");
}

// Measured at this commit: 35 of 35 fasciculation potentials named right (30 before a short
// voluntary stretch in which no shape recurs more than twice in a row was turned back into
// rest: the other five fell in stretches a chance pair of lengthened fibrillation potentials
// made voluntary), 1 reported where none was placed. Before it, fasciculations close together made the rest voluntary and none was
// named.
#[test]
fn fasciculation_potentials_at_rest_stay_rest_and_are_named() {
    let sum = neurogenic_scores();
    assert!(share(sum.fasciculations_named_right, sum.fasciculations) >= 0.97, "{sum:?}");
    assert!(sum.false_fasciculations <= 1, "{sum:?}");
}

// Measured at this commit: 10 of 10 complex repetitive discharges named right, none invented.
// Before it, each was segmented as voluntary activity and decomposed as a motor unit.
#[test]
fn complex_repetitive_discharges_are_found_at_rest_and_named() {
    let sum = scores(NeedleSpec::complex_repetitive_seeded);
    assert_eq!(sum.repetitive_named_right, sum.repetitive_discharges, "{sum:?}");
    assert_eq!(sum.false_repetitive, 0, "{sum:?}");
    assert_eq!(sum.false_fasciculations, 0, "their potentials are not fasciculations: {sum:?}");
}

/// A fasciculation fires irregularly (domain.md §4.1): one motor unit at rest, firing now at
/// random and now regularly below any voluntary rate, is named fasciculating only when random.
#[test]
fn only_irregular_motor_unit_firing_at_rest_is_fasciculation() {
    let fasciculations = |firing: Firing| {
        let shape = Shape::motor_unit(900.0, 1.2, 1, &mut Random::new(3));
        let mut train = SpontaneousSpec::fasciculations(shape, 2.0, 0.5, 9.5);
        train.firing = firing;
        train.interval_cv = 0.05;
        let simulated = NeedleSpec::quiet(10.0, 4).with_spontaneous(train).simulate();
        let analysis = analyse_needle(&simulated.samples_uv, simulated.sampling_rate_hz, None, None);
        let named = analysis
            .spontaneous
            .potentials
            .iter()
            .filter(|potential| potential.class == SpontaneousClass::Fasciculation);
        (named.count(), simulated.truth.spontaneous[0].1.len())
    };
    let (random_named, random_placed) = fasciculations(Firing::Random);
    assert!(random_named as f64 >= 0.9 * random_placed as f64, "{random_named} of {random_placed} random discharges");
    let (regular_named, regular_placed) = fasciculations(Firing::Steady);
    assert_eq!(regular_named, 0, "{regular_placed} regular discharges at 2 Hz");
}

// Measured at this commit: 10 of 10 myotonic discharges named right, none invented, 2 of their
// potentials over the ten recordings called fasciculation potentials. Before it, 8 of 10 and 3:
// in the other two, positive waves overlapping at the discharge's peak rate measure long enough
// to look motor-unit-like and recur, so the middle of the discharge was segmented as voluntary;
// a short stretch whose potentials are mostly positive waves at 20 Hz or more is now rest.
#[test]
fn myotonic_discharges_are_found_at_rest() {
    let sum = scores(NeedleSpec::myotonic_seeded);
    assert_eq!(sum.repetitive_named_right, sum.repetitive_discharges, "{sum:?}");
    assert_eq!(sum.false_repetitive, 0, "{sum:?}");
    assert!(sum.false_fasciculations <= 2, "{sum:?}");
}

/// A lone neurogenic motor unit firing steadily at 17–24 Hz for a second between stretches of
/// rest (the neurogenic muscles' units) is voluntary activity, not a discharge at rest.
#[test]
fn a_lone_neurogenic_unit_between_rests_stays_voluntary() {
    for (seed, rate_hz) in [(1, 17.0), (2, 24.0)] {
        let mut spec = NeedleSpec::quiet(4.0, seed);
        spec.units.push(UnitSpec {
            shape: Shape::motor_unit(2400.0, 1.45, 2, &mut Random::new(seed)),
            firing_rate_hz: rate_hz,
            interval_cv: 0.1,
            start_s: 1.5,
            end_s: 2.5,
        });
        let simulated = spec.simulate();
        let analysis = analyse_needle(&simulated.samples_uv, simulated.sampling_rate_hz, None, None);
        let voluntary_s: f64 = analysis
            .segments
            .iter()
            .filter(|segment| segment.kind == ActivityKind::Voluntary)
            .map(|segment| (segment.end_s.min(2.5) - segment.start_s.max(1.5)).max(0.0))
            .sum();
        assert!(voluntary_s >= 0.75, "{rate_hz} Hz: {:?}", analysis.segments);
        assert!(analysis.spontaneous.repetitive.is_empty(), "{:?}", analysis.spontaneous.repetitive);
    }
}

/// The first unit recruited fires alone at the onset of effort, and the last alone as effort
/// ends. A myopathic muscle's short units are not motor-unit-like enough for the segmentation to
/// see a lone one as voluntary, so the unit claims its discharges there back: none is reported
/// as a spontaneous potential, and each is one of the unit's. (Before the claim, 4 of the 10
/// simulated myopathic muscles reported 2–4 "end-plate spikes" or a "fasciculation potential"
/// where effort began, and 12 discharges were missed.)
#[test]
fn a_unit_firing_alone_at_the_edges_of_effort_keeps_its_discharges() {
    for seed in 0..N_SEEDS {
        let mut spec = NeedleSpec::myopathic_seeded(seed).with_duration(12.0);
        // Effort ends as it began: the units stop in the reverse order of their recruitment, the
        // first one 150 ms after the others.
        for (idx, unit) in spec.units.iter_mut().enumerate() {
            unit.end_s = 10.0 - 0.15 * idx as f64;
        }
        let simulated = spec.simulate();
        let analysis = analyse_needle(&simulated.samples_uv, simulated.sampling_rate_hz, None, None);
        assert!(analysis.spontaneous.potentials.is_empty(), "seed {seed}: {:?}", analysis.spontaneous.potentials);
        let alone: Vec<f64> = simulated.truth.unit_discharges[0]
            .iter()
            .map(|placed| placed.time_s)
            .filter(|&time_s| time_s < spec.units[1].start_s || time_s > spec.units[1].end_s)
            .collect();
        assert!(alone.len() >= 2, "seed {seed}: {alone:?}");
        let found = |time_s: f64| {
            analysis
                .units
                .iter()
                .any(|unit| unit.discharge_times_s.iter().any(|&discharge_s| (discharge_s - time_s).abs() < 0.5e-3))
        };
        let missed: Vec<f64> = alone.iter().copied().filter(|&time_s| !found(time_s)).collect();
        assert!(missed.is_empty(), "seed {seed}: {missed:?} of {alone:?}; {:?}", analysis.segments);
    }
}

#[test]
fn voluntary_activity_is_not_mistaken_for_fasciculations_or_repetitive_discharges() {
    let normal = scores(NeedleSpec::normal_seeded);
    assert_eq!((normal.false_fasciculations, normal.false_repetitive), (0, 0), "{normal:?}");
    let myopathic = scores(NeedleSpec::myopathic_seeded);
    assert!(myopathic.false_fasciculations <= 1 && myopathic.false_repetitive == 0, "{myopathic:?}");
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
