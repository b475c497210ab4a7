//! Whole studies described once: a lesion, its side, and how long ago it began give both the
//! nerve conduction studies and a needle recording of every sampled muscle, each labelled with
//! its muscle and side as an EMG machine labels it.
//!
//! Which muscles a root lesion reaches is drawn, for each muscle, with the frequency the sources
//! counted in surgically or radiologically confirmed lesions of that root (the catalogue's
//! `root_findings`, domain.md §5.4), so a simulated study varies as patients do; where no source
//! counts, a root the catalogue marks major is reached four times in five and a minor one once in
//! five (edxview's simulator's own numbers). A nerve lesion reaches the muscles its nerve supplies
//! below the lesion. The needle recordings come from the fibre model of `synth::fibre_needle`
//! (which no analysis rule was developed on): rest with the grade of fibrillation potentials and
//! positive sharp waves the lesion's age gives, then effort recruiting normal units, or
//! neurogenic ones once reinnervation has begun.

use super::demos::Demo;
use super::fibre_needle::blind_set::{denervated_then_effort, UnitKind};
use super::ncs::{NerveSpec, SegmentPathology};
use super::Random;
use crate::model::{Channel, Recording, Segment, Side, Study, Unit};
use crate::muscles::{self, Muscle, Root};

/// The whole-study demos.
pub static STUDIES: &[Demo] = &[
    Demo {
        id: "study-normal-leg",
        title: "Leg study, normal (simulated whole study)",
        description: "Peroneal, tibial, sural and superficial peroneal conductions and eight leg and paraspinal muscles, all normal.",
    },
    Demo {
        id: "study-l5-radiculopathy",
        title: "Left L5 radiculopathy, 8 weeks (simulated whole study)",
        description: "Normal sensory responses; fibrillation potentials in L5 muscles of several nerves and the L5 paraspinals.",
    },
    Demo {
        id: "study-c7-radiculopathy",
        title: "Right C7 radiculopathy, 8 weeks (simulated whole study)",
        description: "Normal median and ulnar conductions; fibrillation potentials in C7 muscles of the radial and median nerves.",
    },
    Demo {
        id: "study-peroneal-fibular-head",
        title: "Left peroneal neuropathy at the fibular head, 8 weeks (simulated whole study)",
        description: "Conduction block across the fibular head, a small superficial peroneal response; only peroneal muscles denervated.",
    },
];

/// Where the lesion of a study is.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Lesion {
    /// None: a normal study.
    None,
    /// A spinal root, proximal to its sensory ganglion.
    Root(Root),
    /// The common peroneal nerve at the fibular head.
    PeronealAtFibularHead,
}

/// The muscles a leg study samples, in the order examined.
const LEG_MUSCLES: [&str; 8] = [
    "tibialis_anterior",
    "peroneus_longus",
    "tibialis_posterior",
    "gastrocnemius_medial",
    "vastus_lateralis",
    "biceps_femoris_short_head",
    "gluteus_medius",
    "paraspinal_l5",
];

/// The muscles an arm study samples, in the order examined.
const ARM_MUSCLES: [&str; 9] = [
    "deltoid",
    "biceps_brachii",
    "triceps",
    "pronator_teres",
    "flexor_carpi_radialis",
    "extensor_digitorum_communis",
    "first_dorsal_interosseous",
    "abductor_pollicis_brevis",
    "paraspinal_c7",
];

/// Length of each simulated needle recording, s (5 s at rest, then 7 s of effort).
const NEEDLE_RECORDING_S: f64 = 12.0;
/// Weeks after which reinnervation has enlarged the surviving units (edxview's simulator's own
/// reading of the months reinnervation takes, domain.md §3.7).
const REINNERVATION_WEEKS: f64 = 12.0;

/// Builds the whole-study demo `id`, or `None` when there is no such demo.
pub fn build(id: &str) -> Option<Study> {
    let demo = STUDIES.iter().find(|demo| demo.id == id)?;
    let (lesion, weeks_since_onset, side) = match id {
        "study-normal-leg" => (Lesion::None, 0.0, Side::Left),
        "study-l5-radiculopathy" => (Lesion::Root(Root::L5), 8.0, Side::Left),
        "study-c7-radiculopathy" => (Lesion::Root(Root::C7), 8.0, Side::Right),
        "study-peroneal-fibular-head" => (Lesion::PeronealAtFibularHead, 8.0, Side::Left),
        _ => return None,
    };
    let arm = matches!(lesion, Lesion::Root(root) if root.is_cervical());
    let (sampled, nerves): (&[&str], Vec<NerveSpec>) =
        if arm { (&ARM_MUSCLES, arm_nerves(side)) } else { (&LEG_MUSCLES, leg_nerves(lesion, side)) };
    let mut random = Random::new(0x57D0 ^ id.len() as u64);
    let recordings = sampled
        .iter()
        .enumerate()
        .filter_map(|(muscle_idx, id)| muscles::by_id(id).map(|muscle| (muscle_idx, muscle)))
        .map(|(muscle_idx, muscle)| {
            let reached = reaches(lesion, muscle, &mut random);
            muscle_recording(muscle, side, reached, weeks_since_onset, 100 + muscle_idx as u64)
        })
        .collect();
    Some(Study {
        title: demo.title.to_string(),
        recordings,
        nerve_conductions: nerves.iter().map(|spec| spec.simulate().study).collect(),
        reference_profile: None,
        patient: super::demos::DEMO_PATIENT,
        needle_examination: Default::default(),
    })
}

/// The needle recordings of whole study `study` (as [`build`] makes it) in one file called
/// `file_name`, one muscle after another, each part opened by its muscle annotation
/// (`formats::muscle_parts`), as a machine that records the muscles of a study into one file
/// writes them; its channel is labelled "EMG", so only the annotations name the muscles.
pub fn needle_in_one_file(study: &Study, file_name: &str) -> Option<Recording> {
    let parts: Vec<(Recording, String)> = study
        .recordings
        .iter()
        .filter(|recording| !recording.holds_nerve_conductions)
        .map(|recording| {
            let channel = recording.channels.first()?;
            let identified = muscles::identify(&channel.label);
            let muscle = identified.muscle()?;
            let mut part = recording.clone();
            part.channels[0].label = "EMG".into();
            part.recording_info = "Simulated needle EMG, several muscles".into();
            part.notes.clear();
            Some((part, crate::formats::muscle_parts::annotation_text(muscle.name, identified.side())))
        })
        .collect::<Option<_>>()?;
    crate::formats::muscle_parts::join(file_name, &parts)
}

/// Whether `lesion` reaches `muscle` (drawn for a root lesion, see the module).
fn reaches(lesion: Lesion, muscle: &Muscle, random: &mut Random) -> bool {
    match lesion {
        Lesion::None => false,
        Lesion::Root(root) => {
            if !muscle.roots.contains(&root) {
                return false;
            }
            let counted = muscle.root_findings.iter().find(|finding| finding.root == root);
            let chance = match counted {
                Some(finding) => f64::from(finding.abnormal) / f64::from(finding.examined.max(1)),
                None if muscle.roots.len() == 1 || muscle.is_major_root(root) => 0.8,
                None => 0.2,
            };
            random.uniform() < chance
        }
        Lesion::PeronealAtFibularHead => muscle.nerve == muscles::PeripheralNerve::Peroneal,
    }
}

/// The needle recording of `muscle` on `side`: rest with fibrillation potentials and positive
/// sharp waves where the lesion reached it (one train of the fibre model, in the weeks after
/// onset), then effort.
fn muscle_recording(muscle: &Muscle, side: Side, reached: bool, weeks_since_onset: f64, seed: u64) -> Recording {
    let grade = if reached { 1 } else { 0 };
    let kind =
        if reached && weeks_since_onset >= REINNERVATION_WEEKS { UnitKind::Neurogenic } else { UnitKind::Normal };
    let mut spec = denervated_then_effort(grade, kind, seed);
    spec.duration_s = NEEDLE_RECORDING_S;
    // A whole study is recorded on one machine: 20 kHz throughout.
    spec.sampling_rate_hz = 20_000.0;
    let simulated = spec.simulate();
    let side_letter = match side {
        Side::Left => "L",
        Side::Right => "R",
    };
    let file_stem: String = format!("{side} {}", muscle.name)
        .to_lowercase()
        .chars()
        .map(|character| if character.is_ascii_alphanumeric() { character } else { '-' })
        .collect();
    let channel = Channel {
        label: format!("EMG {side_letter} {}", muscle.name),
        unit: Unit::Microvolt,
        sampling_rate_hz: simulated.sampling_rate_hz,
        segments: vec![Segment { start_s: 0.0, samples: simulated.samples_uv }],
        transducer: "Concentric needle (simulated)".into(),
        prefiltering: "none (simulated)".into(),
        recordable_range: None,
    };
    Recording {
        file_name: format!(
            "{}.bdf",
            file_stem.split('-').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-")
        ),
        format: "edxview simulation".into(),
        recording_info: format!(
            "Simulated needle EMG, {} {}",
            side.to_string().to_lowercase(),
            muscle.name.to_lowercase()
        ),
        channels: vec![channel],
        notes: vec![format!(
            "Simulated concentric needle recording (fibre model): 5 s at rest{}, then effort.",
            if reached { " with fibrillation potentials and positive sharp waves" } else { "" }
        )],
        ..Recording::default()
    }
}

/// The nerve conduction studies of an arm study on `side` for a cervical root lesion: median and
/// ulnar, motor and sensory, all normal (the sensory ganglion lies outside the lesion and the
/// motor axons lost to one root are too few to lower the responses, domain.md §5.1, §5.3).
fn arm_nerves(side: Side) -> Vec<NerveSpec> {
    let mut nerves = vec![
        NerveSpec::median_motor(),
        NerveSpec::ulnar_motor(),
        NerveSpec::median_sensory(),
        NerveSpec::ulnar_sensory(),
    ];
    for nerve in &mut nerves {
        nerve.side = side;
    }
    nerves
}

/// The nerve conduction studies of a leg study on `side`, as `lesion` changes them.
fn leg_nerves(lesion: Lesion, side: Side) -> Vec<NerveSpec> {
    let mut peroneal = NerveSpec::peroneal_motor();
    let tibial = NerveSpec::tibial_motor();
    let sural = NerveSpec::sural_sensory();
    let mut superficial_peroneal = NerveSpec::superficial_peroneal_sensory();
    match lesion {
        Lesion::None => {}
        // Some L5 motor axons to extensor digitorum brevis lost; the sensory ganglion is
        // outside the lesion, so the sensory responses stay normal (domain.md §5.1).
        Lesion::Root(_) => peroneal.axon_loss_fraction = 0.3,
        Lesion::PeronealAtFibularHead => {
            // Demyelinating block and slowing across the fibular head (the segment from below
            // the fibular head to the popliteal fossa), with some axon loss below it.
            peroneal.sites[2].pathology =
                SegmentPathology { velocity_factor: 0.6, dispersion: 0.05, block_fraction: 0.6 };
            peroneal.axon_loss_fraction = 0.25;
            superficial_peroneal.axon_loss_fraction = 0.6;
        }
    }
    let mut nerves = vec![peroneal, tibial, sural, superficial_peroneal];
    for nerve in &mut nerves {
        nerve.side = side;
    }
    nerves
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::needle::examination::table;
    use crate::needle::study::{analyse_study_channel, needle_channels};

    fn analysed(id: &str) -> (Study, crate::model::NeedleExamination) {
        let study = build(id).expect("a whole-study demo");
        let channels: Vec<_> = needle_channels(&study)
            .into_iter()
            .map(|(recording_idx, channel_idx)| analyse_study_channel(&study, recording_idx, channel_idx))
            .collect();
        let shown = table(&study, &channels);
        (study, shown)
    }

    #[test]
    fn a_whole_study_has_its_nerves_and_a_labelled_recording_per_muscle_read_back_through_the_catalogue() {
        for demo in STUDIES {
            let (study, shown) = analysed(demo.id);
            let (sampled, side): (&[&str], Side) =
                if demo.id.contains("c7") { (&ARM_MUSCLES, Side::Right) } else { (&LEG_MUSCLES, Side::Left) };
            assert_eq!(study.nerve_conductions.len(), 4, "{}", demo.id);
            assert_eq!(study.recordings.len(), sampled.len());
            let ids: Vec<&str> = shown.rows.iter().filter_map(|row| row.muscle_id.as_deref()).collect();
            assert_eq!(ids, sampled, "{}", demo.id);
            assert!(shown.rows.iter().all(|row| row.side == Some(side)), "{}", demo.id);
            assert!(study.nerve_conductions.iter().all(|nerve| nerve.side == side));
        }
    }

    #[test]
    fn muscles_recorded_one_after_another_in_one_file_give_the_same_table_as_a_file_each() {
        let (study, by_file) = analysed("study-c7-radiculopathy");
        let joined = needle_in_one_file(&study, "c7-needle.bdf").expect("one channel per muscle");
        assert_eq!(joined.annotations.len(), ARM_MUSCLES.len());
        let bytes = crate::formats::edf::write::write_bdf_continuous(&joined).unwrap();
        let read = crate::formats::read_studies(&[crate::formats::InputFile { name: "c7-needle.bdf", bytes: &bytes }]);
        let opened = read.into_iter().next().unwrap().unwrap();
        assert_eq!(opened.recordings.len(), ARM_MUSCLES.len(), "a recording per muscle");
        let channels: Vec<_> = needle_channels(&opened)
            .into_iter()
            .map(|(recording_idx, channel_idx)| analyse_study_channel(&opened, recording_idx, channel_idx))
            .collect();
        let by_annotation = table(&opened, &channels);
        let summary = |table: &crate::model::NeedleExamination| -> Vec<(Option<String>, Option<Side>, Option<u8>)> {
            table
                .rows
                .iter()
                .map(|row| (row.muscle_id.clone(), row.side, row.fibrillations.value.map(|grade| grade.value())))
                .collect()
        };
        assert_eq!(summary(&by_annotation), summary(&by_file), "the same muscles, sides and grades");
        let named = by_annotation.with_recordings_named(&opened.recordings);
        let second = named.rows[1].recorded_in.as_ref().expect("named");
        assert_eq!((second.file.as_str(), second.channel.as_str()), ("c7-needle.bdf", "EMG"));
        assert_eq!(second.from_s, Some(NEEDLE_RECORDING_S), "the part is named by where it begins");
    }

    #[test]
    fn the_lesion_decides_which_muscles_fibrillate() {
        let fibrillating = |id: &str| -> Vec<String> {
            analysed(id)
                .1
                .rows
                .iter()
                .filter(|row| row.fibrillations.value.is_some_and(|grade| grade.value() > 0))
                .filter_map(|row| row.muscle_id.clone())
                .collect()
        };
        assert!(fibrillating("study-normal-leg").is_empty());
        let peroneal = fibrillating("study-peroneal-fibular-head");
        assert_eq!(peroneal, ["tibialis_anterior", "peroneus_longus"], "only the peroneal nerve's muscles");
        let root = fibrillating("study-l5-radiculopathy");
        assert!(
            root.iter().any(|id| id == "tibialis_posterior") || root.iter().any(|id| id == "gluteus_medius"),
            "{root:?}"
        );
        assert!(!root.iter().any(|id| id == "gastrocnemius_medial" || id == "vastus_lateralis"), "{root:?}");
        let cervical = fibrillating("study-c7-radiculopathy");
        assert!(cervical.iter().any(|id| id == "triceps" || id == "flexor_carpi_radialis"), "{cervical:?}");
        assert!(
            !cervical.iter().any(|id| [
                "deltoid",
                "biceps_brachii",
                "first_dorsal_interosseous",
                "abductor_pollicis_brevis"
            ]
            .contains(&id.as_str())),
            "muscles without C7 stay normal: {cervical:?}"
        );
    }
}
