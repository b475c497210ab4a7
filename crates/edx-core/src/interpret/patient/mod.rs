//! The whole study explained to the patient: where the study points, how severe and since when,
//! in plain words, with what it cannot tell, questions to ask the doctor, and the standing note
//! that this explains the measurements and does not diagnose (domain.md §5.8, §6). Never "you
//! have": every statement says what the results fit with. The words live in one module per
//! language (`en`), so a translation is one file; the reading grade of every sentence the
//! module can produce is measured in the tests (Flesch–Kincaid grade 8 or below by the
//! `textstat` crate, domain.md §5.8).

pub mod en;
pub mod numbers;
pub mod tested;

use super::findings::Severity;
use super::localise::BLAND_RULE;
use super::localise::{Acuity, Lesion, Localisation, Verdict};

/// The study in plain words.
#[derive(Debug, Clone, PartialEq)]
pub struct PatientExplanation {
    /// What the study found, overall, in one or two sentences.
    pub summary: String,
    /// Where the study points, where it names a place.
    pub place: Option<String>,
    /// How severe, with what that grade means here.
    pub severity: Option<String>,
    /// Since when: recent, long-standing or both, with what each means.
    pub since_when: Option<String>,
    /// What the study could not tell, and the timing of changes.
    pub notes: Vec<String>,
    /// Questions the patient may want to ask their doctor.
    pub questions: Vec<String>,
    /// The standing note: this explains the measurements and does not diagnose.
    pub disclaimer: &'static str,
}

/// The study's `localisation` explained to the patient, in English.
pub fn explain(localisation: &Localisation) -> PatientExplanation {
    let outcome = localisation.verdict;
    let needle = localisation.muscles_judged > 0;
    let severity: Option<Severity> = localisation.severity.as_ref().and_then(|severity| severity.grade);
    let bland = localisation.severity.as_ref().is_some_and(|severity| severity.rule == BLAND_RULE);
    let acuity: Option<Acuity> = localisation.acuity.filter(|acuity| !acuity.of_muscle).map(|acuity| acuity.acuity);
    let mut notes = Vec::new();
    if !needle && outcome != Verdict::NothingJudged {
        notes.push(en::NERVES_ONLY.to_string());
    }
    match outcome {
        Verdict::Normal | Verdict::Uncertain => notes.push(en::TIMING.to_string()),
        Verdict::CannotTell => notes.push(en::MORE_TESTS.to_string()),
        Verdict::Named(_) if acuity == Some(Acuity::Ongoing) => notes.push(en::TIMING.to_string()),
        _ => {}
    }
    PatientExplanation {
        summary: en::summary(outcome, needle),
        place: match outcome {
            Verdict::Named(lesion) => Some(en::place(lesion)),
            _ => None,
        },
        severity: match outcome {
            Verdict::Named(lesion) => Some(en::severity(lesion, severity, bland)),
            _ => None,
        },
        since_when: match outcome {
            Verdict::Named(Lesion::Myopathy) if localisation.acuity.is_some() => Some(en::MUSCLE_ACTIVE.to_string()),
            Verdict::Named(_) => acuity.map(en::since_when),
            _ => None,
        },
        notes,
        questions: en::questions(outcome),
        disclaimer: en::DISCLAIMER,
    }
}

/// Every sentence the explanation can produce, for the reading-grade test: each outcome, each
/// lesion the localisation can name with each grade and age.
pub fn every_sentence() -> Vec<String> {
    use crate::model::Side;
    let mut sentences: Vec<String> = vec![
        en::NERVES_ONLY.into(),
        en::TIMING.into(),
        en::MORE_TESTS.into(),
        en::MUSCLE_ACTIVE.into(),
        en::DISCLAIMER.into(),
    ];
    let lesions = Lesion::all(&[Side::Left]);
    let outcomes = lesions.iter().map(|lesion| Verdict::Named(*lesion)).chain([
        Verdict::Normal,
        Verdict::Uncertain,
        Verdict::CannotTell,
        Verdict::NothingJudged,
    ]);
    for outcome in outcomes {
        for needle in [true, false] {
            sentences.push(en::summary(outcome, needle));
        }
        sentences.extend(en::questions(outcome));
    }
    for lesion in lesions {
        sentences.push(en::place(lesion));
        for grade in [None, Some(Severity::Mild), Some(Severity::Moderate), Some(Severity::Severe)] {
            sentences.push(en::severity(lesion, grade, true));
        }
    }
    for acuity in [Acuity::Ongoing, Acuity::LongStanding, Acuity::OngoingAndLongStanding] {
        sentences.push(en::since_when(acuity));
    }
    sentences.extend(en::GLOSSARY.iter().map(|term| term.meaning.to_string()));
    sentences.extend(
        crate::muscles::CATALOGUE.iter().filter_map(|muscle| en::muscle_in_plain_words(muscle.id)).map(String::from),
    );
    sentences.extend(en::every_finding_sentence());
    sentences.extend(en::every_needle_sentence());
    sentences
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::localise::localise;
    use crate::interpret::{builtin_profiles, review_study};
    use crate::model::NeedleExamination;
    use crate::ncs::StudyAdjustments;

    /// The localisation of `study` as the app makes it: its needle recordings analysed into the
    /// table, or no table where it has none.
    fn localised(study: &crate::model::Study) -> Localisation {
        let review =
            review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient);
        let channels: Vec<_> = crate::needle::study::needle_channels(study)
            .into_iter()
            .map(|(recording_idx, channel_idx)| {
                crate::needle::study::analyse_study_channel(study, recording_idx, channel_idx)
            })
            .collect();
        let table = if channels.is_empty() {
            NeedleExamination::default()
        } else {
            crate::needle::examination::table(study, &channels)
        };
        localise(&table, &study.nerve_conductions, &review)
    }

    /// The grade a sentence may reach: NIH asks for grade 6–8 (domain.md §5.8).
    const MOST_GRADE: f64 = 8.0;

    /// The Flesch–Kincaid grade of `text`, as the `textstat` crate computes it (domain.md §5.8).
    fn reading_grade(text: &str) -> f64 {
        textstat::flesch_kincaid_grade(text)
    }

    #[test]
    fn the_grade_tells_plain_words_from_a_report() {
        assert!(reading_grade("The cat sat on the mat. The dog ran fast.") < 2.0);
        assert!(reading_grade("Electrodiagnostic findings consistent with a demyelinating polyneuropathy.") > 16.0);
    }

    #[test]
    fn two_studies_of_one_nerve_are_told_apart_by_where_they_were_recorded() {
        let study = crate::synth::demos::build("carpal-tunnel-moderate").expect("a demo");
        let labels = en::study_labels(&study.nerve_conductions);
        let unique: std::collections::HashSet<&String> = labels.iter().collect();
        assert_eq!(unique.len(), labels.len(), "{labels:#?}");
        assert!(
            labels.contains(&"Right median nerve, feeling fibres, recorded at the ring finger".to_string()),
            "{labels:#?}"
        );
        assert!(
            labels.contains(&"Right median nerve, movement fibres".to_string()),
            "a single study keeps its short label"
        );
    }

    #[test]
    fn every_muscle_of_the_catalogue_is_placed_in_plain_words() {
        let unplaced: Vec<&str> = crate::muscles::CATALOGUE
            .iter()
            .filter(|muscle| en::muscle_in_plain_words(muscle.id).is_none())
            .map(|muscle| muscle.id)
            .collect();
        assert!(unplaced.is_empty(), "{unplaced:?}");
    }

    #[test]
    fn every_sentence_the_patient_reads_is_at_grade_eight_or_below() {
        let too_hard: Vec<(String, f64)> = every_sentence()
            .into_iter()
            .map(|sentence| {
                let grade = reading_grade(&sentence);
                (sentence, grade)
            })
            .filter(|(_, grade)| *grade > MOST_GRADE)
            .collect();
        assert!(too_hard.is_empty(), "{too_hard:#?}");
    }

    #[test]
    fn each_demo_study_is_explained_in_plain_words_without_a_diagnosis() {
        let whole = crate::synth::study::STUDIES.iter().map(|demo| crate::synth::study::build(demo.id).unwrap());
        let nerves_only =
            ["carpal-tunnel-moderate", "ulnar-elbow-block", "demyelinating-polyneuropathy", "upper-limb-normal"]
                .into_iter()
                .map(|id| crate::synth::demos::build(id).unwrap());
        for study in nerves_only.chain(whole) {
            let explained = explain(&localised(&study));
            let text = [explained.summary.clone()]
                .into_iter()
                .chain(explained.place.clone())
                .chain(explained.severity.clone())
                .chain(explained.since_when.clone())
                .chain(explained.notes.clone())
                .chain(explained.questions.clone())
                .collect::<Vec<_>>()
                .join(" ");
            assert!(reading_grade(&text) <= MOST_GRADE, "{}: grade {:.1}: {text}", study.title, reading_grade(&text));
            assert!(!text.to_lowercase().contains("you have"), "{}: {text}", study.title);
            assert!(!text.contains("CIDP"), "{}: {text}", study.title);
            assert!(!explained.questions.is_empty(), "{}", study.title);
        }
    }

    #[test]
    fn what_was_tested_lists_each_nerve_and_muscle_with_its_result() {
        let study = crate::synth::demos::build("carpal-tunnel-moderate").unwrap();
        let review =
            review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient);
        let listed = tested::tested(&study.nerve_conductions, &review, &NeedleExamination::default());
        assert_eq!(listed.len(), study.nerve_conductions.len());
        let result = |name: &str| listed.iter().find(|item| item.name == name).map(|item| item.is_abnormal);
        assert_eq!(result("Right median nerve, movement fibres"), Some(Some(true)));
        assert_eq!(result("Right ulnar nerve, movement fibres"), Some(Some(false)));
        assert!(listed.iter().all(|item| item.nerve.is_some() && item.muscle_id.is_none()));
    }

    #[test]
    fn the_glossary_marks_each_word_once_where_it_stands_alone() {
        let pieces = en::with_terms("The signal took 4.6 ms. Terms in ms and MS: a nerve root, its myelin.");
        let marked: Vec<(&str, &str)> =
            pieces.iter().filter_map(|(text, term)| term.map(|term| (text.as_str(), term.word))).collect();
        assert_eq!(marked, [("ms", "ms"), ("nerve root", "nerve root"), ("myelin", "myelin")]);
        assert_eq!(
            pieces.iter().map(|(text, _)| text.as_str()).collect::<String>(),
            "The signal took 4.6 ms. Terms in ms and MS: a nerve root, its myelin."
        );
        // Text from a file may hold any character: the cut never falls inside one.
        assert!(en::with_terms("İstanbul µV ms").iter().any(|(text, term)| text == "µV" && term.is_some()));
    }

    #[test]
    fn every_value_of_the_nerve_demos_is_explained_in_plain_words() {
        // The nerve conduction demos, and the whole studies with the other sensory studies
        // (radial, lateral antebrachial cutaneous, thumb, superficial peroneal).
        let nerve_demos = crate::synth::demos::ALL.iter().filter(|demo| !demo.id.starts_with("needle"));
        let whole = ["study-upper-trunk-plexopathy", "study-axonal-polyneuropathy"];
        for id in nerve_demos.map(|demo| demo.id).chain(whole) {
            let study = crate::synth::demos::build(id).or_else(|| crate::synth::study::build(id)).expect("a demo");
            let review = review_study(
                &study.nerve_conductions,
                StudyAdjustments::AS_SAVED,
                &builtin_profiles()[0],
                &study.patient,
            );
            let values = numbers::explain_values(&study.nerve_conductions, &review);
            assert!(!values.is_empty(), "{id}");
            for value in &values {
                let grade = reading_grade(&value.sentence);
                assert!(grade <= MOST_GRADE, "{id}: grade {grade:.1}: {}", value.sentence);
            }
        }
        let study = crate::synth::demos::build("carpal-tunnel-moderate").unwrap();
        let review =
            review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient);
        let values = numbers::explain_values(&study.nerve_conductions, &review);
        let latency = values
            .iter()
            .find(|value| {
                value.study == "Right median nerve, movement fibres" && value.sentence.contains("thumb muscle")
            })
            .expect("the median distal motor latency");
        assert_eq!(latency.is_abnormal, Some(true));
        assert!(latency.sentence.contains("Up to 4.4 ms is normal"), "{}", latency.sentence);
        assert!(latency.sentence.contains("slower than normal"), "{}", latency.sentence);
    }

    #[test]
    fn a_named_lesion_is_placed_graded_and_dated_for_the_patient() {
        let explained = explain(&localised(&crate::synth::study::build("study-c7-radiculopathy").unwrap()));
        assert!(
            explained.place.as_deref().is_some_and(|place| place.contains("neck") && place.contains("C7")),
            "{explained:#?}"
        );
        assert!(explained.severity.as_deref().is_some_and(|severity| severity.starts_with("Mild")), "{explained:#?}");
        assert!(explained.since_when.as_deref().is_some_and(|since| since.starts_with("Recent")), "{explained:#?}");
        let explained = explain(&localised(&crate::synth::study::build("study-normal-leg").unwrap()));
        assert!(explained.summary.contains("normal"), "{explained:#?}");
        assert_eq!((explained.place, explained.severity), (None, None));
        assert!(explained.notes.iter().any(|note| note.contains("weeks")), "the timing note");
    }
}
