//! The nerve conduction analysis against simulated nerves with known truth, held to the
//! tolerances it reaches (the full table is `cargo xtask report ncs`).

use edx_core::synth::accuracy::{ncs_accuracy, report_scenarios, NcsAccuracy};

const N_TRIALS: usize = 12;

#[track_caller]
fn check(result: &NcsAccuracy, onset_rms_ms: f64, amplitude_rms_pct: f64, velocity_rms_m_per_s: f64) {
    let what = format!("{} at {} dB, {} kHz", result.scenario, result.snr_db, result.sampling_rate_hz / 1000.0);
    assert!(result.onset_error_ms.rms <= onset_rms_ms, "{what}: onset {:?}", result.onset_error_ms);
    assert!(result.amplitude_error_pct.rms <= amplitude_rms_pct, "{what}: amplitude {:?}", result.amplitude_error_pct);
    assert!(
        result.velocity_error_m_per_s.rms <= velocity_rms_m_per_s,
        "{what}: velocity {:?}",
        result.velocity_error_m_per_s
    );
}

#[test]
fn clean_recordings_meet_the_aims_on_average() {
    for (scenario, spec) in report_scenarios() {
        let result = ncs_accuracy(scenario, &spec, 40.0, 20_000.0, N_TRIALS);
        // Velocity over the 100 mm across-elbow segment is the least precise: 0.05 ms of onset
        // error is about 3 m/s there.
        check(&result, 0.065, 0.8, 3.5);
        assert!(result.onset_error_ms.mean.abs() < 0.03, "{scenario}: onset bias {:?}", result.onset_error_ms);
    }
}

#[test]
fn noisy_recordings_stay_usable() {
    for (scenario, spec) in report_scenarios() {
        let result = ncs_accuracy(scenario, &spec, 20.0, 20_000.0, N_TRIALS);
        // Amplitude meets the 5 % aim for motor responses, not quite for median sensory; onset
        // and velocity do not (docs/accuracy.md says why).
        check(&result, 0.30, 6.5, 9.0);
    }
}

#[test]
fn averaged_recordings_have_no_misplaced_onsets() {
    for (scenario, spec) in report_scenarios() {
        let result = ncs_accuracy(scenario, &spec, 30.0, 20_000.0, N_TRIALS);
        check(&result, 0.18, 2.2, 7.5);
        // An onset over 0.5 ms off is a marker on the wrong feature, not noise's jitter: the
        // takeoff fit is bounded by the last quiet baseline and a plausible rise time.
        assert_eq!(result.onset_outliers, 0, "{scenario}: onset {:?}", result.onset_error_ms);
    }
}
