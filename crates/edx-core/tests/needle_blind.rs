//! The needle analysis on the blind set: recordings of the fibre model (`synth::fibre_needle`),
//! built differently from the simulator the rules were tuned on. `cargo xtask report needle`
//! prints the full table. The aims (issue 16): rest and voluntary time labelled right ≥ 95 %,
//! fibrillation potentials and positive sharp waves found ≥ 90 % with under one false a minute,
//! motor unit discharges found and right ≥ 95 %. Where a figure is below its aim the tolerance
//! records today's level, so a change that makes it worse fails, and the comment says so.

use std::sync::OnceLock;

use edx_core::needle::{ActivityKind, Acuity, NeedleAnalysis, SpontaneousClass};
use edx_core::synth::fibre_needle::blind_set::{inverted, issue_16_recording, scenarios, SEEDS_PER_SCENARIO};
use edx_core::synth::fibre_needle::score::{false_denervation_per_minute, score, BlindScore};

/// The whole blind set's scores, shared by the tests that read them.
fn blind_scores() -> &'static BlindScore {
    static SCORES: OnceLock<BlindScore> = OnceLock::new();
    SCORES.get_or_init(|| {
        let mut sum = BlindScore::default();
        for (_, specs) in scenarios(SEEDS_PER_SCENARIO) {
            for spec in &specs {
                sum.add(&score(spec).0);
            }
        }
        sum
    })
}

/// Seconds of `kind` the analysis found between `start_s` and `end_s`.
fn seconds_of(analysis: &NeedleAnalysis, kind: ActivityKind, start_s: f64, end_s: f64) -> f64 {
    analysis
        .segments
        .iter()
        .filter(|segment| segment.kind == kind)
        .map(|segment| (segment.end_s.min(end_s) - segment.start_s.max(start_s)).max(0.0))
        .sum()
}

fn count_of(analysis: &NeedleAnalysis, class: SpontaneousClass) -> usize {
    analysis.spontaneous.potentials.iter().filter(|potential| potential.class == class).count()
}

#[test]
fn three_plus_fibrillation_potentials_at_rest_then_effort_read_as_rest_then_voluntary_and_ongoing() {
    let spec = issue_16_recording();
    let (blind, analysis) = score(&spec);
    assert!(seconds_of(&analysis, ActivityKind::Rest, 0.0, 5.0) >= 4.75, "{:?}", analysis.segments);
    assert!(seconds_of(&analysis, ActivityKind::Voluntary, 5.0, 12.0) >= 6.65, "{:?}", analysis.segments);
    let grade = analysis.spontaneous.grade.as_ref().expect("rest graded");
    assert!(grade.grade >= 3, "about 20 potentials a second at rest: {grade:?}");
    assert_eq!(analysis.pattern.acuity, Some(Acuity::Ongoing), "{:?}", analysis.pattern);
    assert!(blind.visible_denervation_sensitivity() >= 0.9, "{blind:?}");
    assert!(
        count_of(&analysis, SpontaneousClass::Fibrillation) > 0
            && count_of(&analysis, SpontaneousClass::PositiveSharpWave) > 0
    );
    assert!(!analysis.looks_inverted);
}

#[test]
fn an_inverted_recording_gives_the_same_findings_and_says_it_looks_inverted() {
    let upright_spec = issue_16_recording();
    let (upright_score, upright) = score(&upright_spec);
    let (turned_score, turned) = score(&inverted(upright_spec));
    assert!(turned.looks_inverted, "every unit's main phase points up");
    // The noise is not inverted with the potentials, so the decomposition may differ by a unit.
    assert!(
        turned.units.len().abs_diff(upright.units.len()) <= 1,
        "{} against {}",
        turned.units.len(),
        upright.units.len()
    );
    // The same trains at the same rates. The recording holds 20.8 potentials a second, at the
    // 20/s between 3+ and 4+, so one potential more or less can move the grade by one.
    let rates = |analysis: &NeedleAnalysis| -> Vec<i64> {
        let mut rates: Vec<i64> =
            analysis.spontaneous.trains.iter().map(|train| (10.0 * train.firing_rate_hz).round() as i64).collect();
        rates.sort_unstable();
        rates
    };
    assert_eq!(rates(&turned), rates(&upright), "{:?}", turned.spontaneous.trains);
    let per_s =
        |analysis: &NeedleAnalysis| analysis.spontaneous.grade.as_ref().map_or(0.0, |grade| grade.potentials_per_s);
    assert!((per_s(&turned) - per_s(&upright)).abs() <= 0.5, "{} against {} a second", per_s(&turned), per_s(&upright));
    for analysis in [&upright, &turned] {
        assert!(
            analysis.spontaneous.grade.as_ref().is_some_and(|grade| grade.grade >= 3),
            "{:?}",
            analysis.spontaneous.grade
        );
    }
    // Fibrillation potentials and positive sharp waves are found either way. (Which of the two a
    // borderline train is named can change with the noise, which is not inverted: the positive
    // sharp waves of this recording are named so upright and fibrillation potentials inverted.)
    for blind in [&upright_score, &turned_score] {
        assert!(blind.visible_denervation_sensitivity() >= 0.9, "{blind:?}");
    }
    // The templates are shown as recorded: pointing up.
    let largest =
        |template: &[f32]| template.iter().copied().max_by(|first, second| first.abs().total_cmp(&second.abs()));
    assert!(
        turned.units.iter().filter_map(|unit| largest(&unit.template_uv)).filter(|&peak| peak > 0.0).count() * 2
            > turned.units.len()
    );
}

// Measured at this commit: 96.9 % of the time labelled right (rest 93.7 %, effort 99.5 %), the
// aim met. Rest read as effort is left in two recordings: a myopathic muscle whose fibrillation
// trains are blended into a unit that also fires with the others, and an inverted one at 10 kHz
// under 19 µV of noise.
#[test]
fn rest_and_effort_are_told_apart() {
    let sum = blind_scores();
    assert!(sum.labelled_right() >= 0.95, "{sum:?}");
    assert!(sum.voluntary_labelled_right_s / sum.voluntary_s >= 0.99, "{sum:?}");
    assert!(sum.rest_labelled_right_s / sum.rest_s >= 0.93, "{sum:?}");
}

// Measured at this commit: 82.8 % of the plainly visible fibrillation potentials and positive
// sharp waves found (1+–2+ before normal effort: 96.9 %; 3+–4+: 84.8 %, where overlapping
// potentials at 4+ hide each other), below the 90 % aim, and 98.2 % of those reported were
// placed; 0.00 false a minute in quiet muscles. (74.5 % found before spikes hidden in a
// neighbour's potential joined the train they have the shape of; 81.2 % before trains were
// peeled off at dense rest to find the spikes under them.)
#[test]
fn fibrillation_potentials_and_positive_sharp_waves_are_found_without_false_ones() {
    let sum = blind_scores();
    assert!(sum.visible_denervation_sensitivity() >= 0.82, "{sum:?}");
    assert!(sum.denervation_precision() >= 0.97, "{sum:?}");
    assert!(false_denervation_per_minute(3, 50.0) < 1.0);
}

// Measured at this commit: discharge sensitivity 90.7 % and precision 91.9 %, below the 95 %
// aims (the tuned set meets them); 126 of 132 large units found, 9 invented.
#[test]
fn motor_unit_discharges_are_found() {
    let sum = blind_scores();
    assert!(sum.discharge_sensitivity() >= 0.90, "{sum:?}");
    assert!(sum.discharge_precision() >= 0.91, "{sum:?}");
    assert!(sum.large_units_found * 100 >= 95 * sum.large_units, "{sum:?}");
}

#[test]
fn a_unit_pointing_up_and_firing_alone_at_the_onset_of_effort_is_no_positive_sharp_wave_train() {
    use edx_core::synth::fibre_needle::blind_set::{motor_unit_waveform, UnitKind};
    use edx_core::synth::fibre_needle::Waveform;
    use edx_core::synth::Random;
    let mut spec = issue_16_recording();
    // No spontaneous activity, and the first unit, firing alone from 5 s to 7.5 s, recorded
    // pointing up, its positive main phase at least 1.6 times its negative one: as lopsided as a
    // positive sharp wave by that measure alone.
    spec.denervation.clear();
    spec.units.iter_mut().skip(1).for_each(|unit| unit.recruited_s += 1.5);
    let mut random = Random::new(7);
    spec.units[0].waveform = std::iter::repeat_with(|| motor_unit_waveform(UnitKind::Normal, false, &mut random))
        .find(|waveform: &Waveform| {
            let lowest = waveform.values_uv.iter().copied().fold(0.0, f64::min);
            waveform.values_uv[waveform.peak_idx] >= 1.6 * lowest.abs()
        })
        .unwrap();
    let (_, analysis) = score(&spec);
    assert_eq!(count_of(&analysis, SpontaneousClass::PositiveSharpWave), 0, "{:?}", analysis.spontaneous.trains);
    assert!(seconds_of(&analysis, ActivityKind::Voluntary, 5.0, 12.0) >= 6.65, "{:?}", analysis.segments);
    assert!(seconds_of(&analysis, ActivityKind::Rest, 0.0, 5.0) >= 4.75, "{:?}", analysis.segments);
}
