//! The built-in demo studies a first-time visitor can open without any file: normal nerves and
//! the common patterns, each simulated with known truth.

use super::ncs::{LateSpec, NerveSpec, SegmentPathology, SiteSpec};
use super::needle::NeedleSpec;
use super::simulator::Simulation;
use crate::model::{Channel, NerveConductionKind, Patient, Recording, Segment, Study, Unit};

/// A built-in demo: an identifier for links, a title and a one-line description for the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Demo {
    /// Stable identifier used in links and tests, e.g. `median-motor-normal`.
    pub id: &'static str,
    /// Title shown in the demo list.
    pub title: &'static str,
    /// One sentence on what the demo shows.
    pub description: &'static str,
}

/// Every built-in nerve conduction demo, in the order the demo list shows them; the first opens
/// on arrival.
pub const ALL: &[Demo] = &[
    Demo {
        id: "median-motor-normal",
        title: "Median motor, normal (simulated)",
        description: "Right median nerve stimulated at the wrist and elbow, recording abductor pollicis brevis.",
    },
    Demo {
        id: "upper-limb-normal",
        title: "Upper limb, normal (simulated)",
        description: "Median and ulnar motor and sensory studies of a healthy adult.",
    },
    Demo {
        id: "lower-limb-normal",
        title: "Lower limb, normal (simulated)",
        description: "Peroneal and tibial motor and sural sensory studies of a healthy adult.",
    },
    Demo {
        id: "carpal-tunnel-moderate",
        title: "Carpal tunnel syndrome, moderate (simulated)",
        description:
            "Median slowing across the wrist, motor and sensory, and against the ulnar nerve at the ring finger.",
    },
    Demo {
        id: "ulnar-elbow-block",
        title: "Ulnar neuropathy at the elbow with conduction block (simulated)",
        description: "The ulnar response drops and slows across the elbow; the left ulnar nerve for comparison.",
    },
    Demo {
        id: "late-responses-normal",
        title: "F waves and H reflex, normal (simulated)",
        description: "Median, ulnar and tibial F-wave trains of 20 stimuli and a soleus H-reflex series.",
    },
    Demo {
        id: "axonal-polyneuropathy",
        title: "Axonal polyneuropathy (simulated)",
        description: "Small responses, worst in the legs, with near-normal velocities.",
    },
    Demo {
        id: "demyelinating-polyneuropathy",
        title: "Demyelinating polyneuropathy with temporal dispersion (simulated)",
        description: "Marked slowing, prolonged distal latencies and dispersed proximal responses.",
    },
];

/// The built-in needle EMG demos: one simulated concentric needle recording each, in tibialis
/// anterior so the reference values apply.
pub const NEEDLE: &[Demo] = &[
    Demo {
        id: "needle-normal",
        title: "Needle EMG, normal tibialis anterior (simulated)",
        description: "Quiet at rest, then normal motor units recruited one by one.",
    },
    Demo {
        id: "needle-neurogenic",
        title: "Needle EMG, chronic denervation with ongoing loss (simulated)",
        description: "Fibrillation potentials, positive sharp waves and fasciculation potentials at rest; few large, long units firing fast.",
    },
    Demo {
        id: "needle-myopathic",
        title: "Needle EMG, myopathy (simulated)",
        description: "Quiet at rest; many small, short, polyphasic units recruited early.",
    },
    Demo {
        id: "needle-abundant-fibrillations",
        title: "Needle EMG, abundant fibrillation potentials, second simulator",
        description: "About 20 fibrillation potentials and positive sharp waves a second at rest (3+), then four normal units recruited one by one; built fibre by fibre by a simulator the analysis was not tuned on.",
    },
    Demo {
        id: "needle-myotonic",
        title: "Needle EMG, myotonic discharge (simulated)",
        description: "At rest a myotonic discharge of positive waves waxing and waning in rate and amplitude (the dive-bomber sound), then small, short units.",
    },
    Demo {
        id: "needle-complex-repetitive",
        title: "Needle EMG, complex repetitive discharge (simulated)",
        description: "At rest a complex repetitive discharge, the same complex repeating at a steady rate that starts and stops abruptly (a machine-like sound), then effort.",
    },
];

/// The demo with identifier `id` among every list (nerve conduction, needle, whole study).
pub fn find(id: &str) -> Option<&'static Demo> {
    ALL.iter().chain(NEEDLE).chain(super::study::STUDIES).find(|demo| demo.id == id)
}

/// Builds the demo with identifier `id`, nerve conduction, needle or whole study, or the
/// teaching simulator's study an identifier of [`Simulation`] names, or `None` when there is no
/// such demo: the browser opens every demo this way, as it opens files.
pub fn open(id: &str) -> Option<Study> {
    build(id)
        .or_else(|| build_needle(id))
        .or_else(|| super::study::build(id))
        .or_else(|| Simulation::parse(id).map(|simulation| simulation.build()))
}

/// The title of demo or simulation `id`, as the study it opens is titled.
pub fn title(id: &str) -> Option<String> {
    find(id).map(|demo| demo.title.to_string()).or_else(|| Simulation::parse(id).map(|simulation| simulation.title()))
}

/// Builds the needle demo with identifier `id` as a study holding one recording, or `None`
/// when there is no such demo.
pub fn build_needle(id: &str) -> Option<Study> {
    build_needle_lasting(id, None)
}

/// [`build_needle`], recorded for `duration_s` instead of the demo's own length when given
/// (the benchmarks analyse a minute).
pub fn build_needle_lasting(id: &str, duration_s: Option<f64>) -> Option<Study> {
    build_needle_recorded(id, &NeedleRecording { duration_s, ..NeedleRecording::default() })
}

/// How a needle demo is recorded, where it differs from the demo's own recording.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct NeedleRecording {
    /// Length, s (`None`: the demo's own).
    pub duration_s: Option<f64>,
    /// The amplifier's input range, ±µV: the signal beyond it is held at the converter's
    /// limits and the range becomes the channel's recordable range, so the analysis finds
    /// those stretches clipped ([`super::amplifier::saturate`]). `None`: the amplifier never
    /// saturates. The normal demo's units reach about 300 µV in its first 4 s and 700 µV later;
    /// the neurogenic demo's 2 to 3 mV.
    pub amplifier_range_uv: Option<f64>,
}

/// [`build_needle`], recorded as `recording` says, or `None` when there is no such demo.
pub fn build_needle_recorded(id: &str, recording: &NeedleRecording) -> Option<Study> {
    let NeedleRecording { duration_s, amplifier_range_uv } = *recording;
    let demo = NEEDLE.iter().find(|demo| demo.id == id)?;
    let (spec, story) = match demo.id {
        "needle-normal" => (NeedleSpec::normal(), "2 s at rest, then gently increasing effort"),
        "needle-neurogenic" => (NeedleSpec::neurogenic(), "4 s at rest, then effort"),
        "needle-myopathic" => (NeedleSpec::myopathic(), "2 s at rest, then slight effort"),
        "needle-myotonic" => {
            (NeedleSpec::myotonic_seeded(0), "a myotonic discharge at rest, then slight effort from 4 s")
        }
        "needle-complex-repetitive" => {
            (NeedleSpec::complex_repetitive_seeded(0), "a complex repetitive discharge at rest, then effort from 4 s")
        }
        "needle-abundant-fibrillations" => {
            let mut spec = super::fibre_needle::blind_set::issue_16_recording();
            spec.duration_s = duration_s.unwrap_or(spec.duration_s);
            let simulated = spec.simulate();
            return Some(needle_study(
                demo,
                simulated.samples_uv,
                simulated.sampling_rate_hz,
                "5 s at rest, then effort",
                amplifier_range_uv,
            ));
        }
        _ => return None,
    };
    let spec = match duration_s {
        Some(duration_s) => spec.with_duration(duration_s),
        None => spec,
    };
    let simulated = spec.simulate();
    Some(needle_study(demo, simulated.samples_uv, simulated.sampling_rate_hz, story, amplifier_range_uv))
}

/// A needle demo's study: `samples_uv` as one tibialis anterior channel recorded through an
/// amplifier of `amplifier_range_uv` when given, with the demo's title and story.
fn needle_study(
    demo: &Demo,
    samples_uv: Vec<f32>,
    sampling_rate_hz: f64,
    story: &str,
    amplifier_range_uv: Option<f64>,
) -> Study {
    let mut channel = Channel {
        label: "EMG tibialis anterior".into(),
        unit: Unit::Microvolt,
        sampling_rate_hz,
        segments: vec![Segment { start_s: 0.0, samples: samples_uv }],
        transducer: "Concentric needle (simulated)".into(),
        prefiltering: "none (simulated)".into(),
        recordable_range: None,
    };
    if let Some(range_uv) = amplifier_range_uv {
        super::amplifier::saturate(&mut channel, range_uv);
    }
    let recording = Recording {
        file_name: demo.title.to_string(),
        format: "edxview simulation".into(),
        recording_info: "Simulated needle EMG, tibialis anterior".into(),
        channels: vec![channel],
        notes: vec![format!(
            "Simulated concentric needle recording in tibialis anterior: {story}. {}",
            demo.description
        )],
        ..Recording::default()
    };
    Study {
        title: demo.title.to_string(),
        recordings: vec![recording],
        nerve_conductions: Vec::new(),
        reference_profile: None,
        patient: Patient::default(),
        needle_examination: Default::default(),
        reason_for_study: None,
        comment: None,
        needle_unit_markers: Vec::new(),
    }
}

/// Builds the nerve conduction demo study with identifier `id`, or `None` when there is no
/// such demo.
pub fn build(id: &str) -> Option<Study> {
    let demo = ALL.iter().find(|demo| demo.id == id)?;
    let specs = match demo.id {
        "median-motor-normal" => vec![NerveSpec::median_motor()],
        "upper-limb-normal" => vec![
            NerveSpec::median_motor(),
            NerveSpec::ulnar_motor(),
            NerveSpec::median_sensory(),
            NerveSpec::ulnar_sensory(),
        ],
        "lower-limb-normal" => vec![NerveSpec::peroneal_motor(), NerveSpec::tibial_motor(), NerveSpec::sural_sensory()],
        "carpal-tunnel-moderate" => carpal_tunnel_moderate(),
        "ulnar-elbow-block" => ulnar_elbow_block(),
        "late-responses-normal" => Vec::new(),
        "axonal-polyneuropathy" => axonal_polyneuropathy(),
        "demyelinating-polyneuropathy" => demyelinating_polyneuropathy(),
        _ => return None,
    };
    let mut nerve_conductions: Vec<_> = specs.iter().map(|spec| spec.simulate().study).collect();
    nerve_conductions.extend(late_responses(demo.id));
    Some(Study {
        title: demo.title.to_string(),
        recordings: Vec::new(),
        nerve_conductions,
        reference_profile: None,
        patient: DEMO_PATIENT,
        needle_examination: Default::default(),
        reason_for_study: None,
        comment: None,
        needle_unit_markers: Vec::new(),
    })
}

/// The simulated patient of the nerve conduction demos: an adult of 45 years and 170 cm, the
/// height the distances to the spinal cord below assume. Limits with age bands (domain.md §2.1,
/// ulnar SNAP over 60 years) then apply to the demos as to a patient whose age is known.
pub const DEMO_PATIENT: Patient = Patient { age_years: Some(45), height_cm: Some(170.0) };

/// Distances from the distal stimulation sites to the spinal cord, mm, for an adult of average
/// height: the wrist to the C8 segment, the ankle to S1.
const WRIST_TO_CORD_MM: f64 = 750.0;
const ANKLE_TO_CORD_MM: f64 = 1_100.0;
/// The popliteal fossa to S1, mm.
const KNEE_TO_CORD_MM: f64 = 550.0;

/// The late-response studies of a demo: F-wave trains of 20 stimuli and an H-reflex series of
/// 10, normal in the normal demo, slowed proximally in the demyelinating one.
fn late_responses(id: &str) -> Vec<crate::model::NerveConduction> {
    let f_train = |spec: NerveSpec, proximal_mm: f64, proximal_velocity_factor: f64, post_stimulus_ms: f64| {
        spec.simulate_late(&LateSpec {
            kind: NerveConductionKind::FWave,
            n_sweeps: 20,
            proximal_mm,
            proximal_velocity_factor,
            post_stimulus_ms,
        })
        .study
    };
    match id {
        "late-responses-normal" => {
            let mut soleus = NerveSpec::tibial_motor();
            soleus.recording_site = "Soleus".into();
            soleus.sites = vec![SiteSpec::healthy("Popliteal fossa", 180.0)];
            vec![
                f_train(NerveSpec::median_motor(), WRIST_TO_CORD_MM, 1.0, 50.0),
                f_train(NerveSpec::ulnar_motor(), WRIST_TO_CORD_MM, 1.0, 50.0),
                f_train(NerveSpec::tibial_motor(), ANKLE_TO_CORD_MM, 1.0, 80.0),
                soleus
                    .simulate_late(&LateSpec {
                        kind: NerveConductionKind::HReflex,
                        n_sweeps: 10,
                        proximal_mm: KNEE_TO_CORD_MM,
                        proximal_velocity_factor: 1.0,
                        post_stimulus_ms: 60.0,
                    })
                    .study,
            ]
        }
        "demyelinating-polyneuropathy" => vec![
            f_train(NerveSpec::median_motor(), WRIST_TO_CORD_MM, 0.55, 70.0),
            f_train(NerveSpec::tibial_motor(), ANKLE_TO_CORD_MM, 0.55, 100.0),
        ],
        _ => Vec::new(),
    }
}

/// Median demyelination under the transverse carpal ligament: the distal motor latency and the
/// sensory latency are prolonged, the sensory response somewhat reduced (Bland grade 3).
fn carpal_tunnel_moderate() -> Vec<NerveSpec> {
    carpal_tunnel_nerves(0.0)
}

/// The studies of [`carpal_tunnel_moderate`], with `motor_axon_loss` of the median motor axons
/// to the thenar muscles lost as well.
pub(crate) fn carpal_tunnel_nerves(motor_axon_loss: f64) -> Vec<NerveSpec> {
    let mut median_motor = NerveSpec::median_motor();
    median_motor.axon_loss_fraction = motor_axon_loss;
    median_motor.sites[0].pathology = SegmentPathology { velocity_factor: 0.45, dispersion: 0.12, block_fraction: 0.1 };
    let mut median_sensory = NerveSpec::median_sensory();
    median_sensory.sites[0].pathology =
        SegmentPathology { velocity_factor: 0.64, dispersion: 0.12, block_fraction: 0.35 };
    // Ring-finger comparison: the median and ulnar nerves both supply digit 4, recorded at the
    // same 140 mm, so only the median's slowing across the wrist separates them.
    let median_ring = median_sensory.clone().at_ring_finger(21);
    let ulnar_ring = NerveSpec::ulnar_sensory().at_ring_finger(22);
    vec![median_motor, NerveSpec::ulnar_motor(), median_sensory, NerveSpec::ulnar_sensory(), median_ring, ulnar_ring]
}

/// Focal demyelination of the ulnar nerve at the elbow: slowing and a partial conduction block
/// across the elbow, and some loss of sensory fibres.
fn ulnar_elbow_block() -> Vec<NerveSpec> {
    ulnar_elbow_nerves(0.0)
}

/// The studies of [`ulnar_elbow_block`], with `motor_axon_loss` of the ulnar motor axons lost as
/// well.
pub(crate) fn ulnar_elbow_nerves(motor_axon_loss: f64) -> Vec<NerveSpec> {
    let mut ulnar_motor = NerveSpec::ulnar_motor();
    ulnar_motor.axon_loss_fraction = motor_axon_loss;
    ulnar_motor.sites[2].pathology = SegmentPathology { velocity_factor: 0.55, dispersion: 0.06, block_fraction: 0.55 };
    let mut ulnar_sensory = NerveSpec::ulnar_sensory();
    ulnar_sensory.axon_loss_fraction = 0.5;
    // The other side, for the side-to-side comparison.
    let mut left_ulnar = NerveSpec::ulnar_motor();
    left_ulnar.side = crate::model::Side::Left;
    left_ulnar.seed = 32;
    vec![ulnar_motor, left_ulnar, ulnar_sensory, NerveSpec::median_motor(), NerveSpec::median_sensory()]
}

/// Length-dependent loss of axons: the longest nerves lose the most; velocities stay near normal.
fn axonal_polyneuropathy() -> Vec<NerveSpec> {
    let with_loss = |mut spec: NerveSpec, fraction: f64| {
        spec.axon_loss_fraction = fraction;
        spec.mean_conduction_velocity_m_per_s *= 0.93;
        spec
    };
    // The other sural too: a polyneuropathy is symmetric, and one leg alone cannot show it.
    let mut left_sural = with_loss(NerveSpec::sural_sensory(), 0.9);
    left_sural.side = crate::model::Side::Left;
    left_sural.seed = 41;
    vec![
        with_loss(NerveSpec::peroneal_motor(), 0.75),
        with_loss(NerveSpec::tibial_motor(), 0.5),
        with_loss(NerveSpec::sural_sensory(), 0.9),
        with_loss(NerveSpec::median_motor(), 0.15),
        with_loss(NerveSpec::median_sensory(), 0.45),
        left_sural,
    ]
}

/// Diffuse demyelination: every segment slowed and dispersed, more so proximally, with partial
/// blocks; the sural response is spared relative to the median (the "sural sparing" pattern).
pub(crate) fn demyelinating_polyneuropathy() -> Vec<NerveSpec> {
    let demyelinated = |mut spec: NerveSpec| {
        let n_sites = spec.sites.len();
        spec.sites = spec
            .sites
            .iter()
            .enumerate()
            .map(|(site_idx, site)| {
                let proximal_share = site_idx as f64 / n_sites.max(1) as f64;
                // Distal nerve terminals are affected early in acquired demyelination.
                let velocity_factor = if site_idx == 0 { 0.4 } else { 0.5 };
                SiteSpec::diseased(
                    &site.name,
                    site.distance_mm,
                    SegmentPathology {
                        velocity_factor,
                        dispersion: 0.12 + 0.2 * proximal_share,
                        block_fraction: 0.08 + 0.2 * proximal_share,
                    },
                )
            })
            .collect();
        spec
    };
    let mut median_sensory = demyelinated(NerveSpec::median_sensory());
    median_sensory.axon_loss_fraction = 0.6;
    vec![
        demyelinated(NerveSpec::median_motor()),
        demyelinated(NerveSpec::ulnar_motor()),
        demyelinated(NerveSpec::peroneal_motor()),
        demyelinated(NerveSpec::tibial_motor()),
        median_sensory,
        NerveSpec::sural_sensory(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_demo_builds() {
        for demo in ALL {
            let study = build(demo.id).unwrap_or_else(|| panic!("demo {} does not build", demo.id));
            assert_eq!(study.title, demo.title);
            assert!(!study.nerve_conductions.is_empty());
        }
    }

    #[test]
    fn every_needle_demo_builds_one_tibialis_anterior_channel_and_the_second_simulator_s_reads_rest_then_effort() {
        for demo in NEEDLE {
            let study = build_needle(demo.id).unwrap_or_else(|| panic!("demo {} does not build", demo.id));
            assert_eq!(study.title, demo.title);
            assert_eq!(study.recordings[0].channels.len(), 1);
        }
        let study = build_needle("needle-abundant-fibrillations").expect("listed");
        let analysis =
            crate::needle::analyse_channel(&study.recordings[0].channels[0], &study.recordings[0].channels[0].label)
                .expect("analysed");
        assert_eq!(analysis.reference.as_ref().map(|reference| reference.muscle.as_str()), Some("tibialis anterior"));
        let kinds: Vec<crate::needle::ActivityKind> =
            analysis.analysis.segments.iter().map(|segment| segment.kind).collect();
        assert_eq!(kinds, [crate::needle::ActivityKind::Rest, crate::needle::ActivityKind::Voluntary]);
        assert_eq!(analysis.analysis.pattern.acuity, Some(crate::needle::Acuity::Ongoing));
    }

    #[test]
    fn the_repetitive_discharge_demos_are_heard_and_found_as_what_they_are() {
        use crate::needle::spontaneous::RepetitiveKind;
        for (id, kind) in [
            ("needle-myotonic", RepetitiveKind::Myotonic),
            ("needle-complex-repetitive", RepetitiveKind::ComplexRepetitive),
        ] {
            let study = build_needle(id).expect("listed");
            let channel = &study.recordings[0].channels[0];
            let analysis = crate::needle::analyse_channel(channel, &channel.label).expect("analysed").analysis;
            let found: Vec<RepetitiveKind> =
                analysis.spontaneous.repetitive.iter().map(|discharge| discharge.kind).collect();
            assert!(found.contains(&kind), "{id}: {found:?}");
        }
    }

    #[test]
    fn unknown_demo_is_none() {
        assert!(build("no-such-demo").is_none());
    }

    #[test]
    fn a_needle_demo_beyond_its_amplifier_range_is_found_clipped_in_the_file_written() {
        let recording = NeedleRecording { duration_s: Some(4.0), amplifier_range_uv: Some(200.0) };
        let study = build_needle_recorded("needle-normal", &recording).expect("a needle demo");
        let bytes = crate::formats::edf::write::write_bdf_continuous(&study.recordings[0]).unwrap();
        let read = crate::formats::edf::read(&bytes).unwrap();
        let channel = &read.channels[0];
        let (low, high) = channel.recordable_range.expect("BDF states its range");
        assert!((low + 200.0).abs() < 1e-6 && (high - 200.0).abs() < 1e-6, "the file's range is {low} to {high} µV");
        let held = channel.segments[0].samples.iter().filter(|value| value.abs() >= 199.99).count();
        assert!(held > 0, "the units drive the amplifier to its limits");

        let analysis = crate::needle::analyse_channel(channel, &channel.label).unwrap().analysis;
        let clipped: Vec<_> =
            analysis.segments.iter().filter(|segment| segment.kind == crate::needle::ActivityKind::Clipped).collect();
        assert!(!clipped.is_empty(), "clipped stretches found: {:?}", analysis.segments);
        let rate = channel.sampling_rate_hz;
        for (sample_idx, value) in channel.segments[0].samples.iter().enumerate() {
            let time_s = sample_idx as f64 / rate;
            let held_run = value.abs() >= 199.99
                && channel.segments[0]
                    .samples
                    .get(sample_idx + 1..sample_idx + 3)
                    .is_some_and(|next| next.iter().all(|next| (next - value).abs() < 1e-3));
            if held_run {
                assert!(
                    clipped.iter().any(|segment| segment.start_s <= time_s && time_s < segment.end_s),
                    "samples held at the limit at {time_s} s lie in a clipped stretch: {clipped:?}"
                );
            }
        }
        let unsaturated = build_needle_recorded(
            "needle-normal",
            &NeedleRecording { duration_s: Some(4.0), amplifier_range_uv: None },
        )
        .unwrap();
        assert_eq!(unsaturated.recordings[0].channels[0].recordable_range, None, "no range unless one is given");
    }
}
