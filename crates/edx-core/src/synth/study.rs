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
use crate::muscles::{self, LimbLevel, Muscle, Root};

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
        id: "study-c5-radiculopathy",
        title: "Right C5 radiculopathy, 8 weeks (simulated whole study)",
        description: "Normal sensory responses; fibrillation potentials in C5 muscles of the axillary, suprascapular, musculocutaneous and radial nerves.",
    },
    Demo {
        id: "study-c6-radiculopathy",
        title: "Left C6 radiculopathy, 10 weeks (simulated whole study)",
        description: "Normal sensory responses; fibrillation potentials in C6 muscles of the median, radial and musculocutaneous nerves.",
    },
    Demo {
        id: "study-c8-radiculopathy",
        title: "Right C8 radiculopathy, 16 weeks (simulated whole study)",
        description: "Normal ulnar and median sensory responses; C8 muscles of three nerves and the C8 paraspinals denervated and reinnervating.",
    },
    Demo {
        id: "study-l4-radiculopathy",
        title: "Left L4 radiculopathy, 8 weeks (simulated whole study)",
        description: "Normal sensory responses; fibrillation potentials in the L4 muscles of the femoral, obturator and peroneal nerves.",
    },
    Demo {
        id: "study-s1-radiculopathy",
        title: "Right S1 radiculopathy, 8 weeks (simulated whole study)",
        description: "Normal sural response; fibrillation potentials in S1 muscles of the tibial, sciatic and inferior gluteal nerves.",
    },
    Demo {
        id: "study-upper-trunk-plexopathy",
        title: "Right upper trunk brachial plexopathy, 12 weeks (simulated whole study)",
        description: "Small lateral antebrachial cutaneous, thumb and radial sensory responses against the left's; C5 and C6 muscles of four nerves denervated, the C5 paraspinals spared.",
    },
    Demo {
        id: "study-carpal-tunnel",
        title: "Right median neuropathy at the wrist (carpal tunnel), 1 year (simulated whole study)",
        description: "Slowed median motor and sensory conduction across the wrist; the abductor pollicis brevis denervated and reinnervating, forearm and C6–C8 muscles normal.",
    },
    Demo {
        id: "study-ulnar-elbow",
        title: "Left ulnar neuropathy at the elbow, 6 months (simulated whole study)",
        description: "Slowing and a conduction block across the elbow, a small ulnar sensory response; ulnar muscles of the forearm and hand denervated, C8 muscles of other nerves normal.",
    },
    Demo {
        id: "study-radial-spiral-groove",
        title: "Right radial neuropathy at the spiral groove, 8 weeks (simulated whole study)",
        description: "A small radial sensory response; the wrist and finger extensors and brachioradialis denervated, the triceps and deltoid spared.",
    },
    Demo {
        id: "study-peroneal-fibular-head",
        title: "Left peroneal neuropathy at the fibular head, 8 weeks (simulated whole study)",
        description: "Conduction block across the fibular head, a small superficial peroneal response; only peroneal muscles denervated.",
    },
    Demo {
        id: "study-lower-trunk-plexopathy",
        title: "Right lower trunk brachial plexopathy, 16 weeks (simulated whole study)",
        description: "A small ulnar sensory response with a normal median one; C8 and T1 muscles of three nerves denervated and reinnervating; the C8 paraspinals spared.",
    },
    Demo {
        id: "study-axonal-polyneuropathy",
        title: "Length-dependent axonal polyneuropathy, 2 years (simulated whole study)",
        description: "Small sural, superficial peroneal and leg motor responses; denervation and reinnervation graded from the foot up; thigh, hand and paraspinals normal.",
    },
    Demo {
        id: "study-demyelinating-polyneuropathy",
        title: "Demyelinating polyneuropathy, 6 months (simulated whole study)",
        description: "Slowed, dispersed and partly blocked motor conductions in four nerves, a small median sensory response with a normal sural one; fibrillation potentials in the foot only.",
    },
    Demo {
        id: "study-proximal-myopathy",
        title: "Proximal myopathy with fibrillation potentials (simulated whole study)",
        description: "Normal nerve conductions; small polyphasic motor units and fibrillation potentials in proximal arm, hip and thigh muscles and the paraspinals; distal muscles normal.",
    },
    Demo {
        id: "study-motor-neuron-disease",
        title: "Widespread denervation, motor neuron disease pattern, 1 year (simulated whole study)",
        description: "Small motor responses with normal sensory ones; fibrillation potentials and large units in arm, thoracic paraspinal and leg muscles.",
    },
];

/// Where the lesion of a study is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lesion {
    /// None: a normal leg study.
    None,
    /// None: a normal arm study.
    NormalArm,
    /// A spinal root, proximal to its sensory ganglion.
    Root(Root),
    /// The common peroneal nerve at the fibular head.
    PeronealAtFibularHead,
    /// The median nerve in the carpal tunnel: its thenar muscles and its sensory fibres to the
    /// fingers.
    MedianAtWrist,
    /// The ulnar nerve at the elbow: every ulnar muscle (it gives no branch above the elbow).
    UlnarAtElbow,
    /// The radial nerve at the spiral groove: its muscles below the branches to the triceps.
    RadialAtSpiralGroove,
    /// The upper trunk of the brachial plexus (C5 and C6 fibres, distal to the sensory ganglia).
    UpperTrunk,
    /// The lower trunk of the brachial plexus (C8 and T1 fibres, distal to the sensory ganglia).
    LowerTrunk,
    /// A length-dependent axonal polyneuropathy: the longest axons first.
    LengthDependentAxonal,
    /// An acquired demyelinating polyneuropathy: every motor nerve slowed, dispersed and partly
    /// blocked, with a little secondary axon loss in the foot.
    Demyelinating,
    /// A myopathy of the proximal muscles, with fibrillation potentials (as in an inflammatory
    /// myopathy).
    ProximalMyopathy,
    /// Loss of motor neurons in several regions, sensory fibres spared.
    MotorNeuronDisease,
}

/// A whole study as described once: the lesion, its side, its age, the muscles sampled in the
/// order examined, those examined on the other side too, and what the teaching simulator
/// varies (how severe, the skin temperature, the noise); a demo is moderate, warm and typically
/// noisy.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Plan {
    pub(crate) lesion: Lesion,
    pub(crate) side: Side,
    pub(crate) weeks_since_onset: f64,
    pub(crate) muscles: &'static [&'static str],
    pub(crate) other_side: &'static [&'static str],
    pub(crate) severity: Severity,
    /// The limb's skin temperature, °C; `None`: each nerve as the simulator's normal nerves are.
    pub(crate) skin_temperature_c: Option<f64>,
    /// The noise of every recording, as a multiple of the simulator's usual noise.
    pub(crate) noise_factor: f64,
}

/// How severe a simulated lesion is. `Moderate` is the lesion as the whole-study demos describe
/// it; `Mild` and `Severe` scale its axon loss, slowing, conduction block and fibrillation grade
/// by edxview's simulator's own factors (see [`Severity::axon_loss`] and the others): for
/// teaching, not a published grading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// Half the demo's loss, slowing and block; fibrillation potentials 1+ at most.
    Mild,
    /// As the whole-study demos.
    Moderate,
    /// Most of the remaining axons lost, slowing and block 1.4 and 1.5 times; a grade more.
    Severe,
}

impl Severity {
    /// Every severity, mildest first.
    pub const ALL: [Severity; 3] = [Severity::Mild, Severity::Moderate, Severity::Severe];

    /// In identifiers and sentences: `moderate`.
    pub fn id(self) -> &'static str {
        match self {
            Severity::Mild => "mild",
            Severity::Moderate => "moderate",
            Severity::Severe => "severe",
        }
    }

    /// The fraction of axons lost, from the demo's `fraction`.
    fn axon_loss(self, fraction: f64) -> f64 {
        match self {
            _ if fraction <= 0.0 => fraction,
            Severity::Mild => 0.5 * fraction,
            Severity::Moderate => fraction,
            Severity::Severe => fraction + 0.6 * (1.0 - fraction),
        }
    }

    /// A segment's velocity factor, from the demo's.
    fn velocity_factor(self, factor: f64) -> f64 {
        match self {
            Severity::Mild => 1.0 - 0.5 * (1.0 - factor),
            Severity::Moderate => factor,
            Severity::Severe => (1.0 - 1.4 * (1.0 - factor)).max(0.2),
        }
    }

    /// A segment's blocked fraction, from the demo's.
    fn block_fraction(self, fraction: f64) -> f64 {
        match self {
            Severity::Mild => 0.5 * fraction,
            Severity::Moderate => fraction,
            Severity::Severe => (1.5 * fraction).min(0.9),
        }
    }

    /// A muscle's fibrillation grade, from the demo's.
    fn grade(self, grade: u8) -> u8 {
        match self {
            _ if grade == 0 => 0,
            Severity::Mild => 1,
            Severity::Moderate => grade,
            Severity::Severe => (grade + 1).min(4),
        }
    }

    /// The chance a root lesion reaches a muscle of that root, from the published count: fewer
    /// of the root's fibres are lost in a mild lesion.
    fn reach(self, chance: f64) -> f64 {
        match self {
            Severity::Mild => 0.7 * chance,
            Severity::Moderate | Severity::Severe => chance,
        }
    }
}

/// The description of whole-study demo `id`.
fn described(id: &str) -> Option<Plan> {
    let (lesion, side, weeks_since_onset, muscles): (Lesion, Side, f64, &'static [&'static str]) = match id {
        "study-normal-leg" => (Lesion::None, Side::Left, 0.0, &LEG_MUSCLES),
        "study-l5-radiculopathy" => (Lesion::Root(Root::L5), Side::Left, 8.0, &LEG_MUSCLES),
        "study-c7-radiculopathy" => (Lesion::Root(Root::C7), Side::Right, 8.0, &ARM_MUSCLES),
        "study-c5-radiculopathy" => (Lesion::Root(Root::C5), Side::Right, 8.0, &C5_MUSCLES),
        "study-c6-radiculopathy" => (Lesion::Root(Root::C6), Side::Left, 10.0, &C6_MUSCLES),
        "study-c8-radiculopathy" => (Lesion::Root(Root::C8), Side::Right, 16.0, &HAND_MUSCLES),
        "study-l4-radiculopathy" => (Lesion::Root(Root::L4), Side::Left, 8.0, &L4_MUSCLES),
        "study-s1-radiculopathy" => (Lesion::Root(Root::S1), Side::Right, 8.0, &S1_MUSCLES),
        "study-upper-trunk-plexopathy" => (Lesion::UpperTrunk, Side::Right, 12.0, &C5_MUSCLES),
        "study-carpal-tunnel" => (Lesion::MedianAtWrist, Side::Right, 52.0, &ARM_MUSCLES),
        "study-ulnar-elbow" => (Lesion::UlnarAtElbow, Side::Left, 26.0, &ULNAR_MUSCLES),
        "study-radial-spiral-groove" => (Lesion::RadialAtSpiralGroove, Side::Right, 8.0, &RADIAL_MUSCLES),
        "study-peroneal-fibular-head" => (Lesion::PeronealAtFibularHead, Side::Left, 8.0, &LEG_MUSCLES),
        "study-lower-trunk-plexopathy" => (Lesion::LowerTrunk, Side::Right, 16.0, &HAND_MUSCLES),
        "study-axonal-polyneuropathy" => (Lesion::LengthDependentAxonal, Side::Left, 104.0, &LENGTH_MUSCLES),
        "study-demyelinating-polyneuropathy" => (Lesion::Demyelinating, Side::Right, 26.0, &LENGTH_MUSCLES),
        "study-proximal-myopathy" => (Lesion::ProximalMyopathy, Side::Right, 12.0, &LIMB_GIRDLE_MUSCLES),
        "study-motor-neuron-disease" => (Lesion::MotorNeuronDisease, Side::Right, 52.0, &REGIONS_MUSCLES),
        _ => return None,
    };
    Some(Plan {
        lesion,
        side,
        weeks_since_onset,
        muscles,
        other_side: other_side_muscles(lesion),
        severity: Severity::Moderate,
        skin_temperature_c: None,
        noise_factor: 1.0,
    })
}

/// The muscles examined on the other side as well: in a polyneuropathy, which is symmetric, the
/// other foot and leg (domain.md §5.3).
pub(crate) fn other_side_muscles(lesion: Lesion) -> &'static [&'static str] {
    if matches!(lesion, Lesion::LengthDependentAxonal | Lesion::Demyelinating) {
        &["abductor_hallucis", "tibialis_anterior"]
    } else {
        &[]
    }
}

impl Lesion {
    /// Whether it reaches both sides.
    fn is_diffuse(self) -> bool {
        matches!(
            self,
            Lesion::LengthDependentAxonal
                | Lesion::Demyelinating
                | Lesion::ProximalMyopathy
                | Lesion::MotorNeuronDisease
        )
    }
}

/// How a lesion leaves a sampled muscle: the grade of fibrillation potentials and positive sharp
/// waves at rest, and its motor units.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Involvement {
    grade: u8,
    units: UnitKind,
}

impl Involvement {
    const NORMAL: Involvement = Involvement { grade: 0, units: UnitKind::Normal };
}

/// The muscles a leg study samples, in the order examined.
pub(crate) const LEG_MUSCLES: [&str; 8] = [
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
pub(crate) const ARM_MUSCLES: [&str; 9] = [
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

/// The muscles a study for a C5 lesion samples (and for the upper trunk): C5 muscles of four
/// nerves, C6–C8 muscles and the C5 paraspinals.
pub(crate) const C5_MUSCLES: [&str; 9] = [
    "deltoid",
    "infraspinatus",
    "supraspinatus",
    "biceps_brachii",
    "brachioradialis",
    "pronator_teres",
    "triceps",
    "first_dorsal_interosseous",
    "paraspinal_c5",
];

/// The muscles a study for a C6 lesion samples.
pub(crate) const C6_MUSCLES: [&str; 9] = [
    "deltoid",
    "biceps_brachii",
    "brachioradialis",
    "pronator_teres",
    "extensor_carpi_radialis_longus",
    "flexor_carpi_radialis",
    "triceps",
    "first_dorsal_interosseous",
    "paraspinal_c6",
];

/// The muscles a study for an L4 lesion samples: L4 muscles of the femoral, obturator and
/// peroneal nerves, L5 and S1 muscles and the L4 paraspinals.
pub(crate) const L4_MUSCLES: [&str; 8] = [
    "vastus_lateralis",
    "adductor_longus",
    "iliopsoas",
    "tibialis_anterior",
    "gluteus_medius",
    "peroneus_longus",
    "gastrocnemius_medial",
    "paraspinal_l4",
];

/// The muscles a study for an S1 lesion samples.
pub(crate) const S1_MUSCLES: [&str; 8] = [
    "gastrocnemius_medial",
    "biceps_femoris_long_head",
    "gluteus_maximus",
    "abductor_digiti_quinti_pedis",
    "tibialis_anterior",
    "tibialis_posterior",
    "vastus_lateralis",
    "paraspinal_s1",
];

/// The muscles a study for an ulnar neuropathy samples: the ulnar forearm and hand, C8 muscles
/// of the median and radial nerves, and the C8 paraspinals.
pub(crate) const ULNAR_MUSCLES: [&str; 8] = [
    "first_dorsal_interosseous",
    "abductor_digiti_minimi",
    "flexor_carpi_ulnaris",
    "flexor_digitorum_profundus_4_5",
    "abductor_pollicis_brevis",
    "extensor_indicis",
    "triceps",
    "paraspinal_c8",
];

/// The muscles a study for a radial neuropathy samples: radial muscles above and below the
/// spiral groove, the deltoid (posterior cord) and muscles of other nerves.
pub(crate) const RADIAL_MUSCLES: [&str; 9] = [
    "brachioradialis",
    "extensor_carpi_radialis_longus",
    "extensor_digitorum_communis",
    "extensor_indicis",
    "triceps",
    "deltoid",
    "first_dorsal_interosseous",
    "pronator_teres",
    "paraspinal_c7",
];

/// The muscles a study of the lower trunk samples: C8 and T1 muscles of the median, ulnar and
/// radial nerves, C5–C7 muscles, and the C8 paraspinals.
pub(crate) const HAND_MUSCLES: [&str; 9] = [
    "deltoid",
    "biceps_brachii",
    "triceps",
    "extensor_indicis",
    "flexor_pollicis_longus",
    "first_dorsal_interosseous",
    "abductor_digiti_minimi",
    "abductor_pollicis_brevis",
    "paraspinal_c8",
];

/// The muscles a polyneuropathy study samples, from the foot up, with a hand muscle.
pub(crate) const LENGTH_MUSCLES: [&str; 8] = [
    "abductor_hallucis",
    "tibialis_anterior",
    "gastrocnemius_medial",
    "peroneus_longus",
    "vastus_lateralis",
    "first_dorsal_interosseous",
    "biceps_brachii",
    "paraspinal_l5",
];

/// The muscles a myopathy study samples: proximal and distal, arm and leg, and paraspinals.
pub(crate) const LIMB_GIRDLE_MUSCLES: [&str; 9] = [
    "deltoid",
    "biceps_brachii",
    "first_dorsal_interosseous",
    "iliopsoas",
    "vastus_lateralis",
    "gluteus_medius",
    "tibialis_anterior",
    "gastrocnemius_medial",
    "paraspinal_t10",
];

/// The muscles a study for motor neuron disease samples: the cervical, thoracic and lumbosacral
/// regions of the Awaji/Gold Coast count (domain.md §5.6), each by more than one root and nerve.
pub(crate) const REGIONS_MUSCLES: [&str; 9] = [
    "biceps_brachii",
    "triceps",
    "first_dorsal_interosseous",
    "abductor_pollicis_brevis",
    "paraspinal_t6",
    "paraspinal_t10",
    "vastus_lateralis",
    "tibialis_anterior",
    "gastrocnemius_medial",
];

/// Length of each simulated needle recording, s (5 s at rest, then 7 s of effort).
const NEEDLE_RECORDING_S: f64 = 12.0;
/// Weeks after which reinnervation has enlarged the surviving units (edxview's simulator's own
/// reading of the months reinnervation takes, domain.md §3.7).
const REINNERVATION_WEEKS: f64 = 12.0;

/// Builds the whole-study demo `id`, or `None` when there is no such demo.
pub fn build(id: &str) -> Option<Study> {
    let demo = STUDIES.iter().find(|demo| demo.id == id)?;
    let plan = described(id)?;
    Some(build_plan(&plan, demo.title.to_string(), 0x57D0 ^ id.len() as u64))
}

/// The whole study `plan` describes, titled `title`, its random draws seeded by `seed`.
pub(crate) fn build_plan(plan: &Plan, title: String, seed: u64) -> Study {
    let Plan { lesion, side, muscles: sampled, other_side, noise_factor, .. } = *plan;
    let mut random = Random::new(seed);
    let mut recordings: Vec<Recording> = sampled
        .iter()
        .enumerate()
        .filter_map(|(muscle_idx, id)| muscles::by_id(id).map(|muscle| (muscle_idx, muscle)))
        .map(|(muscle_idx, muscle)| {
            let involvement = involvement(plan, muscle, &mut random);
            muscle_recording(muscle, side, involvement, 100 + muscle_idx as u64, noise_factor)
        })
        .collect();
    let opposite = side.opposite();
    recordings.extend(other_side.iter().enumerate().filter_map(|(muscle_idx, id)| {
        let muscle = muscles::by_id(id)?;
        let involvement =
            if lesion.is_diffuse() { involvement(plan, muscle, &mut random) } else { Involvement::NORMAL };
        Some(muscle_recording(muscle, opposite, involvement, 200 + muscle_idx as u64, noise_factor))
    }));
    let mut nerve_specs = nerves(lesion, side);
    // The sensory responses on the other side too: symmetric in a polyneuropathy, normal beside
    // a focal lesion, and the comparison that judges a response no verified limit labels
    // (domain.md §5.6).
    if !matches!(lesion, Lesion::ProximalMyopathy | Lesion::MotorNeuronDisease) {
        let mut other: Vec<NerveSpec> = nerve_specs.iter().filter(|spec| spec.kind.is_sensory()).cloned().collect();
        for spec in &mut other {
            spec.side = opposite;
            spec.seed ^= 0x0_5EED;
            if !lesion.is_diffuse() {
                spec.axon_loss_fraction = 0.0;
            }
        }
        nerve_specs.extend(other);
    }
    for spec in &mut nerve_specs {
        as_planned(spec, plan);
    }
    Study {
        title,
        recordings,
        nerve_conductions: nerve_specs.iter().map(|spec| spec.simulate().study).collect(),
        reference_profile: None,
        patient: super::demos::DEMO_PATIENT,
        needle_examination: Default::default(),
        reason_for_study: None,
        comment: None,
        needle_unit_markers: Vec::new(),
    }
}

/// Days after an axon is cut before the distal motor response falls, and before the sensory
/// response does: "disappears after 4–5 days", nerve action potentials "2–3 days longer"
/// (Gilliatt & Hjorth 1972, domain.md §3.7; the simulator takes the later ends).
const MOTOR_RESPONSE_FALLS_DAYS: f64 = 5.0;
const SENSORY_RESPONSE_FALLS_DAYS: f64 = 8.0;
/// Conduction velocity lost per °C of cooling, m/s: within the individual correction factors
/// of 0.1–1.8 m/s/°C (median) and 0.8–2.0 (ulnar) of Wu 1993 (domain.md §3.6), edxview's
/// simulator's choice.
const VELOCITY_LOST_PER_DEGREE_M_PER_S: f64 = 1.5;
/// Distal latency added per °C of cooling beyond what the slower velocity adds, ms: Kim 2006
/// measured about 0.2 ms/°C in all (domain.md §3.6), of which the slower distal segment gives
/// about 0.05 ms; the rest goes to the terminal segment.
const RESIDUAL_LATENCY_PER_DEGREE_MS: f64 = 0.15;

/// `spec` as `plan` varies it: the lesion's severity on the diseased segments and the axons
/// lost, nothing of the axon loss yet in the first days after onset, the skin temperature and
/// the noise. A demo's plan leaves it unchanged.
fn as_planned(spec: &mut NerveSpec, plan: &Plan) {
    for site in &mut spec.sites {
        let pathology = &mut site.pathology;
        pathology.velocity_factor = plan.severity.velocity_factor(pathology.velocity_factor);
        pathology.block_fraction = plan.severity.block_fraction(pathology.block_fraction);
    }
    spec.axon_loss_fraction = plan.severity.axon_loss(spec.axon_loss_fraction);
    let days = plan.weeks_since_onset * 7.0;
    let falls_after_days = if spec.kind.is_sensory() { SENSORY_RESPONSE_FALLS_DAYS } else { MOTOR_RESPONSE_FALLS_DAYS };
    if !plan.lesion.is_diffuse() && days < falls_after_days {
        spec.axon_loss_fraction = 0.0;
    }
    if let Some(skin_temperature_c) = plan.skin_temperature_c {
        let cooling_c = spec.skin_temperature_c - skin_temperature_c;
        spec.mean_conduction_velocity_m_per_s =
            (spec.mean_conduction_velocity_m_per_s - VELOCITY_LOST_PER_DEGREE_M_PER_S * cooling_c).max(10.0);
        spec.residual_latency_ms = (spec.residual_latency_ms + RESIDUAL_LATENCY_PER_DEGREE_MS * cooling_c).max(0.0);
        spec.skin_temperature_c = skin_temperature_c;
    }
    spec.noise_rms_uv *= plan.noise_factor;
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

/// How the lesion of `plan` leaves `muscle` (drawn for a root lesion and in motor neuron
/// disease, see the module). Denervation shows as one train at rest (grade 1+), two in the foot
/// of a polyneuropathy (the longest axons, 2+), graded by the plan's severity, and not before it
/// has had time to appear; units are enlarged once reinnervation has had
/// [`REINNERVATION_WEEKS`].
fn involvement(plan: &Plan, muscle: &Muscle, random: &mut Random) -> Involvement {
    let found = involvement_as_demo(plan.lesion, plan.weeks_since_onset, plan.severity, muscle, random);
    let grade = plan.severity.grade(found.grade);
    // Denervation takes weeks to show, first in the paraspinals (domain.md §3.7).
    let denervated_yet = plan.weeks_since_onset >= weeks_to_denervation(muscle)
        || matches!(plan.lesion, Lesion::ProximalMyopathy | Lesion::MotorNeuronDisease);
    Involvement { grade: if denervated_yet { grade } else { 0 }, units: found.units }
}

/// Weeks after onset before fibrillation potentials appear in `muscle`: the paraspinals after
/// 7–10 days, proximal limb muscles after 2–3 weeks, distal ones after 3–6 weeks (the gradient
/// domain.md §3.7 gives, untagged; the simulator takes 10 days, 3 weeks and 4.5 weeks).
fn weeks_to_denervation(muscle: &Muscle) -> f64 {
    if muscle.nerve == muscles::PeripheralNerve::DorsalRami {
        10.0 / 7.0
    } else if muscle.limb_level() == LimbLevel::Proximal {
        3.0
    } else {
        4.5
    }
}

/// [`involvement`] before the plan's severity grades it and its timing hides it: as the demos
/// have it, a root lesion reaching fewer muscles when mild.
fn involvement_as_demo(
    lesion: Lesion,
    weeks_since_onset: f64,
    severity: Severity,
    muscle: &Muscle,
    random: &mut Random,
) -> Involvement {
    let reinnervated = weeks_since_onset >= REINNERVATION_WEEKS;
    let denervated =
        |grade: u8| Involvement { grade, units: if reinnervated { UnitKind::Neurogenic } else { UnitKind::Normal } };
    let reached = match lesion {
        Lesion::None | Lesion::NormalArm => false,
        Lesion::Root(root) => {
            if !muscle.roots.contains(&root) {
                return Involvement::NORMAL;
            }
            let counted = muscle.root_findings.iter().find(|finding| finding.root == root);
            let chance = match counted {
                Some(finding) => f64::from(finding.abnormal) / f64::from(finding.examined.max(1)),
                None if muscle.roots.len() == 1 || muscle.is_major_root(root) => 0.8,
                None => 0.2,
            };
            random.uniform() < severity.reach(chance)
        }
        Lesion::PeronealAtFibularHead => muscle.nerve == muscles::PeripheralNerve::Peroneal,
        Lesion::MedianAtWrist => {
            muscle.nerve == muscles::PeripheralNerve::Median && muscle.limb_level() == LimbLevel::Hand
        }
        Lesion::UlnarAtElbow => muscle.nerve == muscles::PeripheralNerve::Ulnar,
        // The branches to the triceps and anconeus leave above the groove (standard anatomy).
        Lesion::RadialAtSpiralGroove => {
            muscle.nerve == muscles::PeripheralNerve::Radial && !["triceps", "anconeus"].contains(&muscle.id)
        }
        // The trunk carries C5 and C6 fibres: the muscles whose main roots are C5 or C6 and
        // whose nerves pass it; the dorsal rami leave before it (domain.md §5.1).
        Lesion::UpperTrunk => {
            let main_roots = if muscle.major_roots.is_empty() { muscle.roots } else { muscle.major_roots };
            muscle.plexus_elements().contains(&muscles::PlexusElement::UpperTrunk)
                && main_roots.iter().any(|root| matches!(root, Root::C5 | Root::C6))
        }
        // The trunk's fibres reach the muscles whose main roots are C8 or T1; the dorsal rami
        // leave the roots before the plexus (domain.md §5.1).
        Lesion::LowerTrunk => {
            let main_roots = if muscle.major_roots.is_empty() { muscle.roots } else { muscle.major_roots };
            muscle.nerve != muscles::PeripheralNerve::DorsalRami
                && main_roots.iter().any(|root| matches!(root, Root::C8 | Root::T1))
        }
        Lesion::LengthDependentAxonal if muscle.limb_level() == LimbLevel::Foot => return denervated(2),
        Lesion::LengthDependentAxonal => muscle.limb_level() == LimbLevel::BelowKnee,
        Lesion::Demyelinating => muscle.limb_level() == LimbLevel::Foot,
        Lesion::ProximalMyopathy if muscle.limb_level() == LimbLevel::Proximal => {
            return Involvement { grade: 1, units: UnitKind::Myopathic };
        }
        Lesion::ProximalMyopathy => false,
        // Active denervation in most muscles, chronic reinnervation in all: both count in the
        // Awaji region count (domain.md §5.6); four in five muscles with fibrillation
        // potentials is edxview's simulator's own number.
        Lesion::MotorNeuronDisease => {
            return Involvement { grade: u8::from(random.uniform() < 0.8), units: UnitKind::Neurogenic };
        }
    };
    if reached {
        denervated(1)
    } else {
        Involvement::NORMAL
    }
}

/// The needle recording of `muscle` on `side`: rest with fibrillation potentials and positive
/// sharp waves where the lesion reached it (one train of the fibre model, in the weeks after
/// onset), then effort.
fn muscle_recording(muscle: &Muscle, side: Side, involvement: Involvement, seed: u64, noise_factor: f64) -> Recording {
    let Involvement { grade, units } = involvement;
    let mut spec = denervated_then_effort(grade, units, seed);
    spec.noise_rms_uv *= noise_factor;
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
            "Simulated concentric needle recording (fibre model): 5 s at rest{}, then effort ({} units).",
            if grade > 0 { " with fibrillation potentials and positive sharp waves" } else { "" },
            match units {
                UnitKind::Normal => "normal",
                UnitKind::Neurogenic => "reinnervated",
                UnitKind::Myopathic => "myopathic",
            }
        )],
        ..Recording::default()
    }
}

/// The nerve conduction studies of a study of `lesion` on `side`.
fn nerves(lesion: Lesion, side: Side) -> Vec<NerveSpec> {
    let mut nerves = match lesion {
        // The sensory studies that tell a C5 or C6 root from the upper trunk, normal (domain.md
        // §5.6).
        Lesion::Root(Root::C5 | Root::C6) => {
            let mut nerves = arm_nerves(0.0, 0.0);
            nerves.push(NerveSpec::lateral_antebrachial_cutaneous_sensory());
            nerves.push(NerveSpec::median_sensory().at_thumb(16));
            nerves.push(NerveSpec::radial_sensory());
            nerves
        }
        Lesion::Root(root) if root.is_cervical() => arm_nerves(0.0, 0.0),
        Lesion::NormalArm => arm_nerves(0.0, 0.0),
        // The trunk carries the ulnar sensory fibres and the C8/T1 motor fibres to the thenar and
        // hypothenar muscles: ulnar-D5 responses were abnormal in 25 of 26 lower trunk lesions,
        // median-D2 ones in 5 of 26 upper trunk lesions and none of the lower (Ferrante &
        // Wilbourn 1995, domain.md §5.6).
        Lesion::LowerTrunk => arm_nerves(0.5, 0.7),
        // The upper trunk's sensory fibres: lateral antebrachial cutaneous and median to the
        // thumb in 25 of 26 lesions, radial in 15 of 26 (Ferrante & Wilbourn, domain.md §5.6).
        Lesion::UpperTrunk => {
            let mut nerves = arm_nerves(0.0, 0.0);
            nerves.push(with_loss(NerveSpec::lateral_antebrachial_cutaneous_sensory(), 0.85));
            nerves.push(with_loss(NerveSpec::median_sensory().at_thumb(16), 0.7));
            nerves.push(with_loss(NerveSpec::radial_sensory(), 0.6));
            nerves
        }
        Lesion::MedianAtWrist => super::demos::carpal_tunnel_nerves(0.3),
        // The demo's other-side ulnar motor study is left out: every study here is turned to
        // the lesion's side, and the other side's sensory responses are added below.
        Lesion::UlnarAtElbow => {
            super::demos::ulnar_elbow_nerves(0.2).into_iter().filter(|spec| spec.side == Side::Right).collect()
        }
        Lesion::RadialAtSpiralGroove => {
            let mut nerves = arm_nerves(0.0, 0.0);
            nerves.push(with_loss(NerveSpec::radial_sensory(), 0.7));
            nerves
        }
        Lesion::None | Lesion::Root(_) | Lesion::PeronealAtFibularHead | Lesion::LengthDependentAxonal => {
            leg_nerves(lesion)
        }
        Lesion::Demyelinating => super::demos::demyelinating_polyneuropathy(),
        // Nerve conductions are normal in a proximal myopathy: the motor responses are recorded
        // from distal muscles (edxview's simulator's reading; domain.md §5.6 names the needle
        // signs).
        Lesion::ProximalMyopathy => vec![
            NerveSpec::median_motor(),
            NerveSpec::median_sensory(),
            NerveSpec::peroneal_motor(),
            NerveSpec::sural_sensory(),
        ],
        // Motor neurons lost, sensory neurons spared: small motor, normal sensory responses
        // (domain.md §5.6).
        Lesion::MotorNeuronDisease => {
            let mut median = NerveSpec::median_motor();
            median.axon_loss_fraction = 0.6;
            let mut ulnar = NerveSpec::ulnar_motor();
            ulnar.axon_loss_fraction = 0.5;
            let mut peroneal = NerveSpec::peroneal_motor();
            peroneal.axon_loss_fraction = 0.6;
            vec![median, ulnar, peroneal, NerveSpec::median_sensory(), NerveSpec::sural_sensory()]
        }
    };
    for nerve in &mut nerves {
        nerve.side = side;
    }
    nerves
}

/// `spec` with `fraction` of its axons lost.
fn with_loss(mut spec: NerveSpec, fraction: f64) -> NerveSpec {
    spec.axon_loss_fraction = fraction;
    spec
}

/// Median and ulnar, motor and sensory, with `motor_loss` of the C8/T1 motor axons to the hand
/// and `ulnar_sensory_loss` of the ulnar sensory axons. A cervical root lesion loses neither
/// measurably: the sensory ganglion lies outside the lesion and the motor axons lost to one
/// root are too few to lower the responses (domain.md §5.1, §5.3).
fn arm_nerves(motor_loss: f64, ulnar_sensory_loss: f64) -> Vec<NerveSpec> {
    let mut median_motor = NerveSpec::median_motor();
    median_motor.axon_loss_fraction = motor_loss;
    let mut ulnar_motor = NerveSpec::ulnar_motor();
    ulnar_motor.axon_loss_fraction = motor_loss;
    let mut ulnar_sensory = NerveSpec::ulnar_sensory();
    ulnar_sensory.axon_loss_fraction = ulnar_sensory_loss;
    vec![median_motor, ulnar_motor, NerveSpec::median_sensory(), ulnar_sensory]
}

/// The nerve conduction studies of a leg study, as `lesion` changes them.
fn leg_nerves(lesion: Lesion) -> Vec<NerveSpec> {
    let mut peroneal = NerveSpec::peroneal_motor();
    let mut tibial = NerveSpec::tibial_motor();
    let mut sural = NerveSpec::sural_sensory();
    let mut superficial_peroneal = NerveSpec::superficial_peroneal_sensory();
    match lesion {
        // Some L5 motor axons to extensor digitorum brevis lost, or S1 ones to abductor
        // hallucis; the sensory ganglion is outside the lesion, so the sensory responses stay
        // normal (domain.md §5.1).
        Lesion::Root(Root::L5) => peroneal.axon_loss_fraction = 0.3,
        Lesion::Root(Root::S1) => tibial.axon_loss_fraction = 0.3,
        Lesion::PeronealAtFibularHead => {
            // Demyelinating block and slowing across the fibular head (the segment from below
            // the fibular head to the popliteal fossa), with some axon loss below it.
            peroneal.sites[2].pathology =
                SegmentPathology { velocity_factor: 0.6, dispersion: 0.05, block_fraction: 0.6 };
            peroneal.axon_loss_fraction = 0.25;
            superficial_peroneal.axon_loss_fraction = 0.6;
        }
        // The longest axons lost most: sural and superficial peroneal responses first (domain.md
        // §5.3, rule 4), the motor responses from foot muscles reduced, velocities kept (axonal).
        Lesion::LengthDependentAxonal => {
            sural.axon_loss_fraction = 0.8;
            superficial_peroneal.axon_loss_fraction = 0.8;
            peroneal.axon_loss_fraction = 0.6;
            tibial.axon_loss_fraction = 0.5;
        }
        _ => {}
    }
    vec![peroneal, tibial, sural, superficial_peroneal]
}

/// The needle examination table of `study` with every needle channel analysed, as the app
/// shows it: for the tests of simulated studies.
#[cfg(test)]
pub(crate) fn analysed_table(study: &Study) -> crate::model::NeedleExamination {
    use crate::needle::study::{analyse_study_channel, needle_channels};
    let channels: Vec<_> = needle_channels(study)
        .into_iter()
        .map(|(recording_idx, channel_idx)| analyse_study_channel(study, recording_idx, channel_idx))
        .collect();
    crate::needle::examination::table(study, &channels)
}

/// The muscles of `study` whose analysed fibrillation grade is above 0, by identifier.
#[cfg(test)]
pub(crate) fn fibrillating_muscles(study: &Study) -> Vec<String> {
    analysed_table(study)
        .rows
        .into_iter()
        .filter(|row| row.fibrillations.value.is_some_and(|grade| grade.value() > 0))
        .filter_map(|row| row.muscle_id)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysed(id: &str) -> (Study, crate::model::NeedleExamination) {
        let study = build(id).expect("a whole-study demo");
        let shown = analysed_table(&study);
        (study, shown)
    }

    #[test]
    fn a_whole_study_has_its_nerves_and_a_labelled_recording_per_muscle_read_back_through_the_catalogue() {
        for demo in STUDIES {
            let (study, shown) = analysed(demo.id);
            let Plan { side, muscles: sampled, other_side, .. } = described(demo.id).expect("described");
            assert!((4..=12).contains(&study.nerve_conductions.len()), "{}", demo.id);
            assert_eq!(study.recordings.len(), sampled.len() + other_side.len());
            let ids: Vec<&str> = shown.rows.iter().filter_map(|row| row.muscle_id.as_deref()).collect();
            assert_eq!(ids, [sampled, other_side].concat(), "{}", demo.id);
            let sides: Vec<Option<Side>> = shown.rows.iter().map(|row| row.side).collect();
            let expected: Vec<Option<Side>> =
                sampled.iter().map(|_| Some(side)).chain(other_side.iter().map(|_| Some(side.opposite()))).collect();
            assert_eq!(sides, expected, "{}", demo.id);
            assert!(study.nerve_conductions.iter().take(4).all(|nerve| nerve.side == side));
        }
    }

    #[test]
    fn no_fasciculation_potential_is_reported_where_none_was_simulated() {
        for demo in STUDIES {
            let (_, shown) = analysed(demo.id);
            let fasciculating: Vec<&str> = shown
                .rows
                .iter()
                .filter(|row| row.fasciculations.value == Some(crate::model::Presence::Present))
                .map(|row| row.muscle.as_str())
                .collect();
            assert!(fasciculating.is_empty(), "{}: {fasciculating:?}", demo.id);
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
        let by_annotation = analysed_table(&opened);
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
        let fibrillating = |id: &str| fibrillating_muscles(&build(id).expect("a whole-study demo"));
        assert!(fibrillating("study-normal-leg").is_empty());
        let peroneal = fibrillating("study-peroneal-fibular-head");
        assert_eq!(peroneal, ["tibialis_anterior", "peroneus_longus"], "only the peroneal nerve's muscles");
        let root = fibrillating("study-l5-radiculopathy");
        assert!(
            root.iter().any(|id| id == "tibialis_posterior") || root.iter().any(|id| id == "gluteus_medius"),
            "{root:?}"
        );
        assert!(!root.iter().any(|id| id == "gastrocnemius_medial" || id == "vastus_lateralis"), "{root:?}");
        // The lower trunk: its C8 and T1 muscles of three nerves, not C5–C7 muscles or the
        // paraspinals, whose dorsal rami leave before the plexus.
        let trunk = fibrillating("study-lower-trunk-plexopathy");
        for id in ["first_dorsal_interosseous", "abductor_pollicis_brevis", "extensor_indicis"] {
            assert!(trunk.iter().any(|found| found == id), "{id} in {trunk:?}");
        }
        for id in ["deltoid", "biceps_brachii", "paraspinal_c8"] {
            assert!(!trunk.iter().any(|found| found == id), "{id} in {trunk:?}");
        }
        // Length-dependent: the foot and leg, not the thigh, the hand or the paraspinals.
        let length = fibrillating("study-axonal-polyneuropathy");
        assert_eq!(
            length,
            [
                "abductor_hallucis",
                "tibialis_anterior",
                "gastrocnemius_medial",
                "peroneus_longus",
                "abductor_hallucis",
                "tibialis_anterior"
            ],
            "both feet and legs"
        );
        // Demyelination with a little secondary axon loss: both feet only.
        assert_eq!(
            fibrillating("study-demyelinating-polyneuropathy"),
            ["abductor_hallucis", "abductor_hallucis"],
            "the feet"
        );
        // A proximal myopathy: proximal muscles, not distal ones.
        let myopathy = fibrillating("study-proximal-myopathy");
        assert!(
            myopathy.len() >= 4
                && myopathy.iter().all(|id| muscles::by_id(id).unwrap().limb_level() == LimbLevel::Proximal),
            "{myopathy:?}"
        );
        // Motor neuron disease: muscles of the cervical, thoracic and lumbosacral regions.
        let widespread = fibrillating("study-motor-neuron-disease");
        for region in [
            &["biceps_brachii", "triceps", "first_dorsal_interosseous", "abductor_pollicis_brevis"][..],
            &["paraspinal_t6", "paraspinal_t10"],
            &["vastus_lateralis", "tibialis_anterior", "gastrocnemius_medial"],
        ] {
            assert!(widespread.iter().any(|id| region.contains(&id.as_str())), "{region:?} in {widespread:?}");
        }
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
