//! Nerve conduction studies written in edxview's EDF+D convention and read back: the sweeps,
//! the study details and the measurements survive the round trip.

use edx_core::formats::{self, ncs_edf, InputFile};
use edx_core::interpret::{builtin_profiles, review_study};
use edx_core::model::{NerveConductionKind, Patient, Study};
use edx_core::ncs;
use edx_core::synth::demos;

/// The study-wide findings of `study` against the first built-in profile.
fn statements(study: &Study) -> Vec<String> {
    review_study(&study.nerve_conductions, ncs::StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient)
        .findings
        .iter()
        .map(|finding| finding.statement.clone())
        .collect()
}

fn round_trip(study: &Study) -> Study {
    let bytes = ncs_edf::write(&study.nerve_conductions, &study.patient, "X X X X", "test").expect("one sampling rate");
    let mut studies = formats::read_studies(&[InputFile { name: "study.bdf", bytes: &bytes }]);
    studies.remove(0).unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn a_demo_study_survives_the_round_trip() {
    let original = demos::build("carpal-tunnel-moderate").unwrap();
    let reread = round_trip(&original);
    assert_eq!(reread.recordings[0].format, "BDF+D");
    assert_eq!(reread.nerve_conductions.len(), original.nerve_conductions.len());
    for (before, after) in original.nerve_conductions.iter().zip(&reread.nerve_conductions) {
        assert_eq!(
            (&after.nerve, after.side, after.kind, &after.recording_site),
            (&before.nerve, before.side, before.kind, &before.recording_site)
        );
        assert_eq!(after.skin_temperature_c, before.skin_temperature_c);
        for (site_before, site_after) in before.sites.iter().zip(&after.sites) {
            assert_eq!((&site_after.name, site_after.distance_mm), (&site_before.name, site_before.distance_mm));
            let (sweep_before, sweep_after) = (&site_before.sweeps[0], &site_after.sweeps[0]);
            assert_eq!(sweep_after.samples.len(), sweep_before.samples.len(), "padding removed");
            assert!(
                (sweep_after.first_sample_ms - sweep_before.first_sample_ms).abs() < 1e-6,
                "stimulus annotation kept the pre-stimulus time"
            );
            let scale = sweep_before.unit.factor_to(&sweep_after.unit).unwrap();
            for (value_before, value_after) in sweep_before.samples.iter().zip(&sweep_after.samples) {
                assert!(
                    (f64::from(*value_before) * scale - f64::from(*value_after)).abs() < 0.01,
                    "24-bit samples keep 10 nV"
                );
            }
        }
    }
    assert_eq!(statements(&reread), statements(&original), "the same findings after the round trip");
    assert_eq!(reread.patient, original.patient, "Age: and Height: written with the details");
    let distal_onset = |study: &Study| {
        ncs::analyse_nerve(&study.nerve_conductions[0], ncs::Adjustments::AS_SAVED).sites[0]
            .measures
            .unwrap()
            .onset_latency_ms
    };
    assert!((distal_onset(&reread) - distal_onset(&original)).abs() < 1e-3);
}

#[test]
fn filters_stimulus_intensity_and_other_details_survive_the_round_trip() {
    let mut study = demos::build("median-motor-normal").unwrap();
    let nerve = &mut study.nerve_conductions[0];
    nerve.acquisition_filters = Some("HP:2Hz LP:10kHz".into());
    nerve.sites[0].stimulus_ma = Some(18.5);
    nerve.sites[1].other_details = vec![("Operator".into(), "JD".into())];
    let reread = round_trip(&study);
    let nerve = &reread.nerve_conductions[0];
    assert_eq!(nerve.acquisition_filters.as_deref(), Some("HP:2Hz LP:10kHz"));
    assert_eq!(nerve.sites[0].stimulus_ma, Some(18.5));
    assert_eq!(nerve.sites[1].stimulus_ma, None);
    assert_eq!(nerve.sites[1].other_details, vec![("Operator".to_string(), "JD".to_string())]);
}

#[test]
fn repeated_sweeps_at_a_site_join_it_and_sweeps_without_details_are_kept() {
    let mut study = demos::build("median-motor-normal").unwrap();
    let repeat = study.nerve_conductions[0].sites[0].sweeps[0].clone();
    study.nerve_conductions[0].sites[0].sweeps.push(repeat);
    let reread = round_trip(&study);
    assert_eq!(reread.nerve_conductions[0].sites[0].sweeps.len(), 2);
    assert_eq!(reread.nerve_conductions[0].kind, NerveConductionKind::Motor);
}

#[test]
fn the_patient_s_age_comes_from_the_edf_plus_birth_date_or_the_age_detail() {
    let study = demos::build("median-motor-normal").unwrap();
    // The writer's header dates the recording 1 January 2000.
    let bytes = ncs_edf::write(&study.nerve_conductions, &Patient::default(), "X F 02-MAY-1951 X", "test").unwrap();
    let reread = formats::read_studies(&[InputFile { name: "study.bdf", bytes: &bytes }]).remove(0).unwrap();
    assert_eq!(reread.patient.age_years, Some(48), "born 2 May 1951, studied 1 January 2000");
    assert_eq!(reread.patient.height_cm, None);

    let mut with_details = study.clone();
    with_details.nerve_conductions[0].sites[0].other_details = vec![("Operator".into(), "JD".into())];
    let mut nerve = with_details.nerve_conductions[0].clone();
    nerve.sites[0].other_details.clear();
    let text = ncs_edf::format_details(&nerve, &nerve.sites[0], 10) + "; Age: 61 y; Height: 182 cm";
    let details = ncs_edf::parse_details(&text).unwrap();
    assert_eq!((details.age_years, details.height_cm), (Some(61), Some(182.0)));
    assert!(details.other.is_empty(), "Age and Height are convention keys, not other details: {:?}", details.other);
}

#[test]
fn a_study_written_as_16_bit_edf_plus_d_reads_back_with_the_same_findings() {
    let original = demos::build("carpal-tunnel-moderate").unwrap();
    let bytes =
        ncs_edf::write_as(ncs_edf::DataFormat::Edf, &original.nerve_conductions, &original.patient, "X X X X", "test")
            .expect("one sampling rate");
    assert_eq!(&bytes[..8], b"0       ", "an EDF header");
    let reread = formats::read_studies(&[InputFile { name: "study.edf", bytes: &bytes }]).remove(0).unwrap();
    assert_eq!(reread.recordings[0].format, "EDF+D");
    assert_eq!(reread.nerve_conductions.len(), original.nerve_conductions.len());
    let largest_uv = original
        .nerve_conductions
        .iter()
        .flat_map(|nerve| &nerve.sites)
        .flat_map(|site| &site.sweeps)
        .flat_map(|sweep| {
            let to_uv = sweep.unit.factor_to(&edx_core::model::Unit::Microvolt).unwrap();
            sweep.samples.iter().map(move |&value| (f64::from(value) * to_uv).abs())
        })
        .fold(0.0, f64::max);
    let step_uv = 2.0 * largest_uv * 1.05 / 65_535.0;
    for (before, after) in original.nerve_conductions.iter().zip(&reread.nerve_conductions) {
        for (site_before, site_after) in before.sites.iter().zip(&after.sites) {
            let (sweep_before, sweep_after) = (&site_before.sweeps[0], &site_after.sweeps[0]);
            let to_uv =
                |sweep: &edx_core::model::Sweep| sweep.unit.factor_to(&edx_core::model::Unit::Microvolt).unwrap();
            for (value_before, value_after) in sweep_before.samples.iter().zip(&sweep_after.samples) {
                let difference_uv = (f64::from(*value_before) * to_uv(sweep_before)
                    - f64::from(*value_after) * to_uv(sweep_after))
                .abs();
                assert!(difference_uv <= step_uv, "{difference_uv} µV off, a step is {step_uv} µV");
            }
        }
    }
    assert_eq!(statements(&reread), statements(&original), "16-bit samples keep the findings");
}
