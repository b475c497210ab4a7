//! Nerve conduction studies in DICOM Electromyogram waveforms, one multiplex group per sweep
//! (`docs/formats/ncs-dicom.md`): a simulated median motor study written by hand as DICOM opens
//! as the same study, with the same markers and velocity, as the simulation it came from.

mod common;

use common::dicom_writer::{ncs_dicom, DicomSweep};
use edx_core::formats::{self, InputFile};
use edx_core::interpret::{builtin_profiles, review_study, Measure, Place};
use edx_core::model::{Nerve, NerveConductionKind, Side, Study, Unit};
use edx_core::ncs;
use edx_core::synth::demos;

/// The simulated median motor study (wrist and elbow) as DICOM sweeps: each group's details in
/// a Waveform Annotation, the stimulus at the sample where the simulation put it.
fn median_motor_sweeps(extra_details: &str) -> (Study, Vec<DicomSweep>) {
    let study = demos::build("median-motor-normal").unwrap();
    let nerve = &study.nerve_conductions[0];
    let sweeps = nerve
        .sites
        .iter()
        .map(|site| {
            let sweep = &site.sweeps[0];
            let to_uv = sweep.unit.factor_to(&Unit::Microvolt).unwrap();
            let stimulus_sample_idx = (-sweep.first_sample_ms * sweep.sampling_rate_hz / 1000.0).round() as usize;
            DicomSweep {
                channel_label: "NC APB".into(),
                group_label: site.name.to_uppercase(),
                details: format!(
                    "Nerve: Median; Side: R; Type: motor; Record: APB; Stim: {}; Distance: {} mm; Temp: 32.5 C{extra_details}",
                    site.name,
                    site.distance_mm.unwrap()
                ),
                samples_uv: sweep.samples.iter().map(|&value| (f64::from(value) * to_uv) as f32).collect(),
                sensitivity_uv: 0.5,
                sampling_rate_hz: sweep.sampling_rate_hz,
                stimulus_sample_idx: Some(stimulus_sample_idx),
                time_offset_ms: None,
            }
        })
        .collect();
    (study, sweeps)
}

fn read_one(bytes: &[u8]) -> Study {
    formats::read_studies(&[InputFile { name: "median.dcm", bytes }])
        .remove(0)
        .unwrap_or_else(|error| panic!("{error}"))
}

#[test]
fn a_median_motor_study_opens_with_its_sites_markers_and_velocity() {
    for explicit in [true, false] {
        let (original, sweeps) = median_motor_sweeps("; Age: 64 y");
        let study = read_one(&ncs_dicom(explicit, &sweeps, &[]));
        assert_eq!(study.recordings[0].format, "DICOM Electromyogram waveform");
        let [nerve] = &study.nerve_conductions[..] else { panic!("one nerve: {:?}", study.nerve_conductions) };
        assert_eq!((&nerve.nerve, nerve.side, nerve.kind), (&Nerve::Median, Side::Right, NerveConductionKind::Motor));
        assert_eq!(nerve.recording_site, "APB");
        assert_eq!(nerve.skin_temperature_c, Some(32.5));
        assert_eq!(nerve.acquisition_filters.as_deref(), Some("HP:2Hz LP:10000Hz"));
        let names: Vec<(&str, Option<f64>)> =
            nerve.sites.iter().map(|site| (site.name.as_str(), site.distance_mm)).collect();
        let expected: Vec<(&str, Option<f64>)> =
            original.nerve_conductions[0].sites.iter().map(|site| (site.name.as_str(), site.distance_mm)).collect();
        assert_eq!(names, expected, "wrist then elbow, with their distances");
        assert_eq!(study.patient.age_years, Some(64), "Age: in the details");
        for (site, original_site) in nerve.sites.iter().zip(&original.nerve_conductions[0].sites) {
            let (sweep, original_sweep) = (&site.sweeps[0], &original_site.sweeps[0]);
            assert!(
                (sweep.first_sample_ms - original_sweep.first_sample_ms).abs() < 1e-9,
                "{}: the Stimulus annotation's sample puts the stimulus where it was: {} ms, expected {} ms",
                site.name,
                sweep.first_sample_ms,
                original_sweep.first_sample_ms
            );
        }

        let analysis = ncs::analyse_nerve(nerve, ncs::Adjustments::AS_SAVED);
        let original_analysis = ncs::analyse_nerve(&original.nerve_conductions[0], ncs::Adjustments::AS_SAVED);
        for (site_idx, (found, expected)) in analysis.sites.iter().zip(&original_analysis.sites).enumerate() {
            let (found, expected) = (found.markers.unwrap(), expected.markers.unwrap());
            // 0.5 µV steps against a CMAP of millivolts: the markers land on the same samples or
            // the next one.
            let one_sample_ms = 1000.0 / nerve.sites[site_idx].sweeps[0].sampling_rate_hz;
            for (name, found_ms, expected_ms) in [
                ("onset", found.onset.time_ms, expected.onset.time_ms),
                ("negative peak", found.negative_peak.time_ms, expected.negative_peak.time_ms),
            ] {
                assert!(
                    (found_ms - expected_ms).abs() <= one_sample_ms + 1e-9,
                    "site {site_idx} {name}: {found_ms} ms, expected {expected_ms} ms"
                );
            }
        }
        let velocity = analysis.segments[0].conduction_velocity_m_per_s.unwrap();
        let expected_velocity = original_analysis.segments[0].conduction_velocity_m_per_s.unwrap();
        assert!((velocity - expected_velocity).abs() < 1.0, "velocity {velocity} m/s, expected {expected_velocity}");
        let distal = analysis.sites[0].measures.unwrap();
        let proximal = analysis.sites[1].measures.unwrap();
        let from_latencies =
            nerve.sites[1].distance_mm.unwrap() / (proximal.onset_latency_ms - distal.onset_latency_ms);
        assert!((velocity - from_latencies).abs() < 1e-9, "velocity = distance / latency difference");

        let review = review_study(
            &study.nerve_conductions,
            ncs::StudyAdjustments::AS_SAVED,
            &builtin_profiles()[0],
            &study.patient,
        );
        let flag =
            review.nerves[0].flags.get(Place::Segment(0), Measure::ConductionVelocity).expect("velocity flagged");
        assert!(!flag.is_abnormal, "a normal velocity: {}", flag.describe());
    }
}

#[test]
fn details_in_the_group_label_and_a_time_offset_leave_the_stimulus_at_the_first_sample() {
    let (_, mut sweeps) = median_motor_sweeps("");
    for (sweep_idx, sweep) in sweeps.iter_mut().enumerate() {
        // A writer that ignores the label's 16-character limit, and no Stimulus annotation.
        sweep.group_label = std::mem::take(&mut sweep.details);
        sweep.stimulus_sample_idx = None;
        sweep.time_offset_ms = Some(1000.0 * sweep_idx as f64);
    }
    let study = read_one(&ncs_dicom(true, &sweeps, &[]));
    let nerve = &study.nerve_conductions[0];
    assert_eq!(nerve.sites.len(), 2);
    assert_eq!(nerve.sites[1].name, "Elbow");
    for site in &nerve.sites {
        assert_eq!(site.sweeps[0].first_sample_ms, 0.0, "{}: the stimulus at the group's start", site.name);
    }
    let channels = &study.recordings[0].channels;
    assert_eq!(channels[1].segments[0].start_s, 1.0, "Multiplex Group Time Offset is in ms");
}

#[test]
fn the_patient_s_age_and_height_come_from_the_dicom_patient_module() {
    let (_, sweeps) = median_motor_sweeps("");
    let stated =
        read_one(&ncs_dicom(true, &sweeps, &[((0x0010, 0x1010), b"AS", "058Y"), ((0x0010, 0x1020), b"DS", "1.82")]));
    assert_eq!((stated.patient.age_years, stated.patient.height_cm), (Some(58), Some(182.0)));
    // Born 1 February 1960, studied 31 January 2024: 63 completed years.
    let from_birth_date = read_one(&ncs_dicom(false, &sweeps, &[((0x0010, 0x0030), b"DA", "19600201")]));
    assert_eq!(from_birth_date.patient.age_years, Some(63));
    let (_, with_age) = median_motor_sweeps("; Age: 70");
    let details_first = read_one(&ncs_dicom(true, &with_age, &[((0x0010, 0x1010), b"AS", "058Y")]));
    assert_eq!(details_first.patient.age_years, Some(70), "the convention's Age: detail wins");
}

#[test]
fn a_dicom_waveform_without_the_convention_has_no_nerve_conduction_studies() {
    let (_, mut sweeps) = median_motor_sweeps("");
    for sweep in &mut sweeps {
        sweep.details.clear();
        sweep.channel_label = "EMG APB".into();
        sweep.stimulus_sample_idx = None;
    }
    let study = read_one(&ncs_dicom(true, &sweeps, &[]));
    assert!(study.nerve_conductions.is_empty());
    assert_eq!(study.recordings[0].channels.len(), 2);
}
