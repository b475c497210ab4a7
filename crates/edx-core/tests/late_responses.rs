//! F waves and H reflexes read from simulated trains and series, against the simulator's truth.

use edx_core::model::NerveConductionKind;
use edx_core::ncs::{analyse_f_waves, analyse_h_reflex, LateCorrection};
use edx_core::synth::ncs::{LateSpec, NerveSpec};

/// The simulated nerves' noise, µV RMS.
const NOISE_RMS_UV: f64 = 10.0;

fn f_train(
    spec: NerveSpec,
    proximal_mm: f64,
    proximal_velocity_factor: f64,
    post_stimulus_ms: f64,
) -> edx_core::synth::ncs::SimulatedLate {
    spec.simulate_late(&LateSpec {
        kind: NerveConductionKind::FWave,
        n_sweeps: 20,
        proximal_mm,
        proximal_velocity_factor,
        post_stimulus_ms,
    })
}

#[test]
fn f_wave_minimum_latency_and_persistence_match_the_truth() {
    for (name, simulated) in [
        ("median", f_train(NerveSpec::median_motor(), 650.0, 1.0, 50.0)),
        ("tibial", f_train(NerveSpec::tibial_motor(), 1_050.0, 1.0, 80.0)),
        ("median, slowed roots", f_train(NerveSpec::median_motor(), 650.0, 0.6, 70.0)),
    ] {
        let analysis = analyse_f_waves(&simulated.study.sites[0].sweeps, &[]);
        // An F wave is clearly there when its noise-free size is ten times the noise RMS.
        let clear = |truth: &&edx_core::synth::ncs::LateTruth| truth.peak_to_peak_uv > 10.0 * NOISE_RMS_UV;
        let clear_onsets: Vec<f64> =
            simulated.late.iter().flatten().filter(clear).map(|truth| truth.onset_ms).collect();
        let true_minimum = clear_onsets.iter().copied().fold(f64::INFINITY, f64::min);
        let minimum = analysis.minimum_latency_ms.expect("F waves found");
        assert!((minimum - true_minimum).abs() < 0.5, "{name}: minimum {minimum:.2} vs truth {true_minimum:.2}");
        for (sweep, truth) in analysis.sweeps.iter().zip(&simulated.late) {
            match (sweep.response, truth) {
                (Some(found), Some(truth)) => assert!(
                    (found.onset_ms - truth.onset_ms).abs() < 1.0,
                    "{name}: sweep onset {:.2} vs {:.2}",
                    found.onset_ms,
                    truth.onset_ms
                ),
                (None, Some(truth)) => {
                    assert!(!clear(&truth), "{name}: a clear F wave ({:.0} µV) was missed", truth.peak_to_peak_uv)
                }
                (Some(found), None) => panic!("{name}: an F wave at {:.2} ms where none was placed", found.onset_ms),
                (None, None) => {}
            }
        }
    }
}

#[test]
fn corrected_f_waves_change_the_latencies_and_persistence() {
    let simulated = f_train(NerveSpec::median_motor(), 650.0, 1.0, 50.0);
    let sweeps = &simulated.study.sites[0].sweeps;
    let automatic = analyse_f_waves(sweeps, &[]);
    let with_response: Vec<usize> =
        automatic.sweeps.iter().enumerate().filter(|(_, sweep)| sweep.response.is_some()).map(|(idx, _)| idx).collect();
    let earliest_idx = with_response
        .iter()
        .copied()
        .min_by(|&first, &second| {
            let onset = |idx: usize| automatic.sweeps[idx].response.unwrap().onset_ms;
            onset(first).total_cmp(&onset(second))
        })
        .unwrap();
    // The earliest F wave judged to be noise, and another sweep's onset moved 2 ms earlier
    // than the automatic minimum.
    let moved_idx = *with_response.iter().find(|&&idx| idx != earliest_idx).unwrap();
    let new_minimum = automatic.minimum_latency_ms.unwrap() - 2.0;
    let mut corrections = vec![None; sweeps.len()];
    corrections[earliest_idx] = Some(LateCorrection::Absent);
    corrections[moved_idx] = Some(LateCorrection::Onset(new_minimum));
    let corrected = analyse_f_waves(sweeps, &corrections);
    assert_eq!(corrected.minimum_latency_ms, Some(new_minimum));
    let n_found = |analysis: &edx_core::ncs::FWaveAnalysis| {
        analysis.sweeps.iter().filter(|sweep| sweep.response.is_some()).count()
    };
    assert_eq!(n_found(&corrected), n_found(&automatic) - 1);
    assert!(corrected.persistence_pct < automatic.persistence_pct);
    let by_hand: Vec<usize> =
        corrected.sweeps.iter().enumerate().filter(|(_, sweep)| sweep.set_by_hand).map(|(idx, _)| idx).collect();
    assert_eq!(by_hand, {
        let mut both = vec![earliest_idx, moved_idx];
        both.sort();
        both
    });
    assert!(corrected.sweeps[moved_idx].response.unwrap().peak_to_peak_uv > 0.0, "amplitude read from the new onset");
    assert_eq!(analyse_f_waves(sweeps, &[]), automatic, "no corrections, no change");
}

#[test]
fn h_reflex_latency_and_ratio() {
    let mut spec = NerveSpec::tibial_motor();
    spec.recording_site = "Soleus".into();
    spec.sites.truncate(1);
    spec.sites[0].name = "Popliteal fossa".into();
    spec.sites[0].distance_mm = 180.0;
    let simulated = spec.simulate_late(&LateSpec {
        kind: NerveConductionKind::HReflex,
        n_sweeps: 10,
        proximal_mm: 650.0,
        proximal_velocity_factor: 1.0,
        post_stimulus_ms: 60.0,
    });
    let analysis = analyse_h_reflex(&simulated.study.sites[0].sweeps, &[]);
    let largest = analysis.largest_idx.expect("an H reflex");
    let truth = simulated.late[largest].expect("the largest H has a truth").onset_ms;
    let latency = analysis.latency_ms.unwrap();
    assert!((latency - truth).abs() < 0.5, "H latency {latency:.2} vs truth {truth:.2}");
    assert!((26.0..36.0).contains(&latency), "H latency {latency}");
    let ratio = analysis.h_to_m_pct.unwrap();
    assert!((5.0..80.0).contains(&ratio), "H/M {ratio}");
}
