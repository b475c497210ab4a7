//! The needle analysis on the two real PhysioNet recordings (concentric needle in tibialis
//! anterior, 4 kHz): potentials are found and measured, nothing is called spontaneous activity
//! in a healthy muscle, and no pattern is read against the reference because a 4 kHz recording's
//! bandwidth is too narrow for reference amplitudes.

mod common;

use edx_core::formats::{self, InputFile};
use edx_core::needle::study::muscle_named;
use edx_core::needle::{analyse_channel, ChannelNeedleAnalysis, NeedlePattern};

fn analyse(record: &str) -> ChannelNeedleAnalysis {
    let header_name = format!("physionet-emgdb/{record}.hea");
    let data_name = format!("physionet-emgdb/{record}.dat");
    let (header, data) = (common::bytes(&header_name), common::bytes(&data_name));
    let files = [InputFile { name: &header_name, bytes: &header }, InputFile { name: &data_name, bytes: &data }];
    let recording = formats::read_files(&files).into_iter().next().unwrap().unwrap_or_else(|error| panic!("{error}"));
    analyse_channel(&recording.channels[0], &muscle_named(&recording, &recording.channels[0].label).name).unwrap()
}

#[test]
fn healthy_tibialis_anterior_units_are_found_and_measured() {
    let result = analyse("emg_healthy");
    assert_eq!(result.reference.as_ref().map(|reference| reference.muscle.as_str()), Some("tibialis anterior"));
    let analysis = &result.analysis;
    assert!(analysis.units.len() >= 5, "{} units", analysis.units.len());
    let summary = analysis.summary.expect("units measured");
    assert!((50.0..1500.0).contains(&summary.mean_amplitude_uv), "{summary:?}");
    assert!((2.0..20.0).contains(&summary.mean_duration_ms), "{summary:?}");
    assert!(
        analysis.units.iter().filter_map(|unit| unit.firing_rate_hz).all(|rate| (3.0..40.0).contains(&rate)),
        "firing rates"
    );
    let denervation = analysis
        .spontaneous
        .potentials
        .iter()
        .filter(|potential| {
            matches!(
                potential.class,
                edx_core::needle::SpontaneousClass::Fibrillation
                    | edx_core::needle::SpontaneousClass::PositiveSharpWave
            )
        })
        .count();
    assert_eq!(denervation, 0, "no fibrillation potentials in a healthy muscle");
    assert_eq!(analysis.pattern.pattern, NeedlePattern::Indeterminate);
    assert!(analysis.pattern.basis.iter().any(|line| line.contains("bandwidth")), "{:?}", analysis.pattern.basis);
}

#[test]
fn myopathy_recording_is_decomposed_without_a_pattern_label() {
    let result = analyse("emg_myopathy");
    let analysis = &result.analysis;
    assert!(analysis.units.len() >= 5, "{} units", analysis.units.len());
    assert!(analysis.noise_uv > 0.0 && analysis.noise_uv < 50.0, "noise {}", analysis.noise_uv);
    assert_eq!(analysis.pattern.pattern, NeedlePattern::Indeterminate);
}
