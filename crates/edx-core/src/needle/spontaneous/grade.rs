//! The suggested 0–4+ grade of fibrillation potentials and positive sharp waves in one
//! recording, by a rule stated in words next to its numbers: edxview's own, since AANEM's grading
//! text was not retrieved (domain.md §4.1).

use super::{SpontaneousClass, SpontaneousGrade, SpontaneousPotential, SpontaneousTrain};

/// The grade's rule as reports print it. The common 0–4+ convention grades how many needle
/// positions show fibrillation potentials and positive sharp waves (domain.md §4.1, unverified)
/// and AANEM's grading text was not retrieved, so this rule for one recording, and each of its
/// numbers (`GRADE_*`), is edxview's own.
const GRADE_RULE: &str = "edxview's single-recording rule (not AANEM's text, which was not retrieved): 0 none; 1+ one train (one fibre, whatever its rate) or under 1 potential/s; 2+ two or three trains or 1–5/s; 3+ four or more trains or 5–20/s; 4+ over 20/s (the baseline nearly filled). The clinical grade also weighs how many needle positions show them.";
/// Grade 4+ above this many fibrillation potentials and positive sharp waves per second of rest:
/// the convention's "abundant, nearly filling the baseline" (edxview's own, `GRADE_RULE`).
const GRADE_4_ABOVE_PER_S: f64 = 20.0;
/// Grade 3+ above this many per second (edxview's own, `GRADE_RULE`)...
const GRADE_3_ABOVE_PER_S: f64 = 5.0;
/// ...or with at least this many trains (edxview's own, `GRADE_RULE`).
const GRADE_3_MIN_TRAINS: usize = 4;
/// Grade 2+ from this many per second (edxview's own, `GRADE_RULE`)...
const GRADE_2_MIN_PER_S: f64 = 1.0;
/// ...or with at least this many trains (edxview's own, `GRADE_RULE`); fewer potentials are 1+.
const GRADE_2_MIN_TRAINS: usize = 2;

/// The suggested grade of the potentials and trains found in `rest_s` seconds of rest, by
/// `GRADE_RULE`.
pub(super) fn grade(potentials: &[SpontaneousPotential], trains: &[SpontaneousTrain], rest_s: f64) -> SpontaneousGrade {
    let is_denervation =
        |class: SpontaneousClass| matches!(class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave);
    let count = potentials.iter().filter(|potential| is_denervation(potential.class)).count();
    let n_trains = trains.iter().filter(|train| is_denervation(train.class)).count();
    let potentials_per_s = count as f64 / rest_s;
    // A single train is one fibre firing: "persistent single trains" are the convention's 1+
    // (domain.md §4.1), however fast it fires; only potentials outside it add to the density.
    let outside_trains =
        potentials.iter().filter(|potential| is_denervation(potential.class) && potential.train_idx.is_none()).count();
    let single_train = n_trains == 1 && (outside_trains as f64 / rest_s) < GRADE_2_MIN_PER_S;
    let grade = if count == 0 {
        0
    } else if single_train {
        1
    } else if potentials_per_s > GRADE_4_ABOVE_PER_S {
        4
    } else if n_trains >= GRADE_3_MIN_TRAINS || potentials_per_s > GRADE_3_ABOVE_PER_S {
        3
    } else if n_trains >= GRADE_2_MIN_TRAINS || potentials_per_s >= GRADE_2_MIN_PER_S {
        2
    } else {
        1
    };
    SpontaneousGrade { grade, rule: GRADE_RULE.to_string(), potentials_per_s, n_trains }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_print_with_a_plus_from_one_up() {
        let labels: Vec<String> =
            (0..=4).map(|n| SpontaneousGrade { grade: n, ..grade(&[], &[], 1.0) }.label()).collect();
        assert_eq!(labels, ["0", "1+", "2+", "3+", "4+"]);
    }

    #[test]
    fn the_grade_rule_printed_states_the_numbers_the_grade_uses() {
        for stated in [
            format!("under {GRADE_2_MIN_PER_S} potential/s"),
            format!("{GRADE_2_MIN_PER_S}–{GRADE_3_ABOVE_PER_S}/s"),
            format!("{GRADE_3_ABOVE_PER_S}–{GRADE_4_ABOVE_PER_S}/s"),
            format!("over {GRADE_4_ABOVE_PER_S}/s"),
        ] {
            assert!(GRADE_RULE.contains(&stated), "{stated:?} not in {GRADE_RULE:?}");
        }
        assert_eq!(
            (GRADE_2_MIN_TRAINS, GRADE_3_MIN_TRAINS),
            (2, 4),
            "the rule says \"two or three\", \"four or more\""
        );
    }

    #[test]
    fn one_train_is_one_plus_however_fast_it_fires() {
        let train = SpontaneousTrain {
            class: SpontaneousClass::Fibrillation,
            n_potentials: 50,
            firing_rate_hz: 10.0,
            interval_cv: 0.03,
            start_s: 0.0,
            end_s: 5.0,
            voluntary_unit: false,
        };
        let potential = |time_s: f64, train_idx: Option<usize>| SpontaneousPotential {
            time_s,
            class: SpontaneousClass::Fibrillation,
            amplitude_uv: 150.0,
            duration_ms: 1.5,
            train_idx,
        };
        let in_train: Vec<SpontaneousPotential> = (0..50).map(|k| potential(0.1 * f64::from(k), Some(0))).collect();
        assert_eq!(grade(&in_train, &[train], 5.0).grade, 1, "one fibre at 10 Hz");
        let fast: Vec<SpontaneousPotential> = (0..125).map(|k| potential(0.04 * f64::from(k), Some(0))).collect();
        assert_eq!(
            grade(&fast, &[SpontaneousTrain { n_potentials: 125, firing_rate_hz: 25.0, ..train }], 5.0).grade,
            1,
            "one fibre at 25 Hz"
        );
        let mut with_scattered = in_train.clone();
        with_scattered.extend((0..10).map(|k| potential(0.05 + 0.5 * f64::from(k), None)));
        assert_eq!(grade(&with_scattered, &[train], 5.0).grade, 3, "and 2 a second besides: 12 a second");
    }
}
