//! The edxview study file: what edxview writes validates against the published JSON Schema,
//! reopens as it was saved, and a report typed in without waveforms is reviewed like a study.

use edx_core::formats::{self, study_file, InputFile};
use edx_core::interpret::{builtin_profiles, review_study, Measure, Place};
use edx_core::model::LateCorrection;
use edx_core::ncs::{initial_markers, StudyAdjustments};

fn repository_file(relative: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").join(relative))
        .expect(relative)
}

fn schema(version: u32) -> jsonschema::Validator {
    let schema: serde_json::Value =
        serde_json::from_str(&repository_file(&format!("schema/edxview-study-v{version}.schema.json"))).unwrap();
    jsonschema::validator_for(&schema).expect("a valid schema")
}

#[test]
fn written_files_and_the_examples_validate_against_their_schemas() {
    let validator = schema(study_file::VERSION);
    for id in ["carpal-tunnel-moderate", "late-responses-normal"] {
        let mut study = edx_core::synth::demos::build(id).unwrap();
        // Late-response corrections are part of the layout too.
        if let Some(site) = study.nerve_conductions[0].sites.first_mut().filter(|_| id == "late-responses-normal") {
            site.saved_late_corrections = vec![Some(LateCorrection::Absent), None, Some(LateCorrection::Onset(21.5))];
        }
        let markers: Vec<_> = study.nerve_conductions.iter().map(initial_markers).collect();
        let written: serde_json::Value =
            serde_json::from_str(&study_file::write(&study, &markers, "preston-shapiro")).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&written).map(|error| format!("{error} at {}", error.instance_path)).collect();
        assert!(errors.is_empty(), "{id}: {errors:?}");
    }
    // A study with a needle examination table, its rows analysed from a recording.
    let mut with_needle = edx_core::synth::demos::build_needle("needle-neurogenic").unwrap();
    let channels: Vec<_> = edx_core::needle::needle_channels(&with_needle)
        .into_iter()
        .map(|(recording_idx, channel_idx)| {
            edx_core::needle::analyse_study_channel(&with_needle, recording_idx, channel_idx)
        })
        .collect();
    with_needle.needle_examination = edx_core::needle::examination::table(&with_needle, &channels);
    let written: serde_json::Value =
        serde_json::from_str(&study_file::write(&with_needle, &[], "preston-shapiro")).unwrap();
    assert!(written["needle_examination"][0]["cells"]["fibrillations"]["basis"].is_string(), "{written}");
    let errors: Vec<String> =
        validator.iter_errors(&written).map(|error| format!("{error} at {}", error.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let needle: serde_json::Value =
        serde_json::from_str(&repository_file("docs/examples/typed-in-needle-table.edxview.json")).unwrap();
    let errors: Vec<String> =
        validator.iter_errors(&needle).map(|error| format!("{error} at {}", error.instance_path)).collect();
    assert!(errors.is_empty(), "{errors:?}");
    // A version 1 file, written before the needle table, against its own schema.
    let example: serde_json::Value =
        serde_json::from_str(&repository_file("docs/examples/typed-in-report.edxview.json")).unwrap();
    assert!(schema(1).is_valid(&example));
}

#[test]
fn a_typed_in_report_is_reviewed_against_the_profile() {
    let text = repository_file("docs/examples/typed-in-report.edxview.json");
    let name = "typed-in-report.edxview.json";
    let mut studies = formats::read_studies(&[InputFile { name, bytes: text.as_bytes() }]);
    let study = studies.pop().unwrap().unwrap();
    assert_eq!(study.reference_profile.as_deref(), Some("preston-shapiro"));
    let review =
        review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient);
    let motor = &review.nerves[0];
    let distal_latency = motor.flags.get(Place::Site(0), Measure::DistalOnsetLatency).expect("distal latency flagged");
    assert!(distal_latency.is_abnormal, "5.2 ms is beyond the median motor limit");
    let velocity = motor.analysis.segments[0].conduction_velocity_m_per_s.unwrap();
    assert!((velocity - 230.0 / 4.5).abs() < 0.01, "{velocity}");
    assert!(
        motor.flags.get(Place::Site(0), Measure::DistalPeakLatency).is_none(),
        "a value the report did not give is not labelled"
    );
    assert!(review.findings.iter().any(|finding| finding.statement.contains("carpal tunnel")), "{:?}", review.findings);
}

#[test]
fn a_study_file_is_not_a_recording() {
    let text = repository_file("docs/examples/typed-in-report.edxview.json");
    let error = formats::read(InputFile { name: "x.edxview.json", bytes: text.as_bytes() }).unwrap_err();
    assert!(error.to_string().contains("edxview study file"), "{error}");
}

#[test]
fn a_response_typed_in_as_no_response_is_absent_not_missing() {
    let text = repository_file("docs/examples/typed-in-report.edxview.json")
        .replace(r#""version": 1"#, r#""version": 2"#)
        .replace(
            r#""reported": { "onset_latency_ms": 3.9, "peak_latency_ms": 4.6, "amplitude_uv": 12 }"#,
            r#""reported": { "no_response": true }"#,
        );
    assert!(text.contains("no_response"));
    let study = study_file::read(text.as_bytes()).unwrap();
    let review =
        review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient);
    let sensory = &review.nerves[1];
    assert!(sensory.analysis.sites[0].measures.is_none(), "an absent response");
    let amplitude = sensory.flags.get(Place::Site(0), Measure::DistalAmplitude).expect("flagged as absent");
    assert!(amplitude.is_abnormal && amplitude.value.unwrap_or(0.0) == 0.0, "{amplitude:?}");
    assert!(
        review.findings.iter().any(|finding| finding.basis.iter().any(|line| line.contains("absent"))),
        "{:?}",
        review.findings
    );
    assert!(schema(2).is_valid(&serde_json::from_str::<serde_json::Value>(&text).unwrap()));
    let contradictory = text.replace(r#"{ "no_response": true }"#, r#"{ "no_response": true, "amplitude_uv": 12 }"#);
    let error = study_file::read(contradictory.as_bytes()).unwrap_err().to_string();
    assert_eq!(error, "nerve 2, site 1: the report says no response (NR) and gives values too; keep one");
}

#[test]
fn the_physicians_comment_is_kept_and_validates() {
    let mut study = edx_core::synth::demos::build("carpal-tunnel-moderate").unwrap();
    study.comment = Some("Numb hands at night.\nReferred by Dr \"A\".".into());
    let text = study_file::write(&study, &[], "preston-shapiro");
    let written: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(schema(study_file::VERSION).is_valid(&written), "{written}");
    let reread = edx_core::formats::read_studies(&[edx_core::formats::InputFile {
        name: "study.edxview.json",
        bytes: text.as_bytes(),
    }])
    .remove(0)
    .unwrap();
    assert_eq!(reread.comment, study.comment);
    study.comment = Some("  ".into());
    let blank: serde_json::Value = serde_json::from_str(&study_file::write(&study, &[], "preston-shapiro")).unwrap();
    assert!(blank.get("comment").is_none(), "a blank comment is not written");
}
