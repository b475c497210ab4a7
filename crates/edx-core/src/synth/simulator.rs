//! The teaching simulator: a whole study (nerve conductions and a needle recording of every
//! sampled muscle) built from what a teacher sets: the condition, its side (and for a
//! radiculopathy its level), how severe it is, how long ago it began, the skin temperature and
//! the noise. The study is built as the whole-study demos are (`synth::study`), so every change
//! shows in the traces, the needle table, the sound and the impression because the simulated
//! signals change, not because anything is stored.
//!
//! A simulation is named by an identifier that holds every setting
//! (`sim_l5-radiculopathy_left_moderate_8w_33c_typical`), which the app opens as it opens a demo
//! and a link can hold.

use super::study::{self, build_plan, Lesion, Plan};
use crate::model::{Side, Study};
use crate::muscles::Root;

pub use super::study::Severity;

/// What the simulated patient has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Condition {
    /// In identifiers: `l5-radiculopathy`.
    pub id: &'static str,
    /// In lists: "L5 radiculopathy".
    pub name: &'static str,
    lesion: Lesion,
    muscles: &'static [&'static str],
}

/// Every condition the simulator offers, in the order a teacher's list shows them.
pub const CONDITIONS: [Condition; 19] = [
    condition("normal-arm", "Normal arm", Lesion::NormalArm, &study::ARM_MUSCLES),
    condition("normal-leg", "Normal leg", Lesion::None, &study::LEG_MUSCLES),
    condition(
        "carpal-tunnel",
        "Median neuropathy at the wrist (carpal tunnel)",
        Lesion::MedianAtWrist,
        &study::ARM_MUSCLES,
    ),
    condition("ulnar-elbow", "Ulnar neuropathy at the elbow", Lesion::UlnarAtElbow, &study::ULNAR_MUSCLES),
    condition(
        "radial-spiral-groove",
        "Radial neuropathy at the spiral groove",
        Lesion::RadialAtSpiralGroove,
        &study::RADIAL_MUSCLES,
    ),
    condition(
        "peroneal-fibular-head",
        "Peroneal neuropathy at the fibular head",
        Lesion::PeronealAtFibularHead,
        &study::LEG_MUSCLES,
    ),
    condition("c5-radiculopathy", "C5 radiculopathy", Lesion::Root(Root::C5), &study::C5_MUSCLES),
    condition("c6-radiculopathy", "C6 radiculopathy", Lesion::Root(Root::C6), &study::C6_MUSCLES),
    condition("c7-radiculopathy", "C7 radiculopathy", Lesion::Root(Root::C7), &study::ARM_MUSCLES),
    condition("c8-radiculopathy", "C8 radiculopathy", Lesion::Root(Root::C8), &study::HAND_MUSCLES),
    condition("t1-radiculopathy", "T1 radiculopathy", Lesion::Root(Root::T1), &study::HAND_MUSCLES),
    condition("l4-radiculopathy", "L4 radiculopathy", Lesion::Root(Root::L4), &study::L4_MUSCLES),
    condition("l5-radiculopathy", "L5 radiculopathy", Lesion::Root(Root::L5), &study::LEG_MUSCLES),
    condition("s1-radiculopathy", "S1 radiculopathy", Lesion::Root(Root::S1), &study::S1_MUSCLES),
    condition("upper-trunk", "Upper trunk brachial plexopathy", Lesion::UpperTrunk, &study::C5_MUSCLES),
    condition("lower-trunk", "Lower trunk brachial plexopathy", Lesion::LowerTrunk, &study::HAND_MUSCLES),
    condition(
        "axonal-polyneuropathy",
        "Length-dependent axonal polyneuropathy",
        Lesion::LengthDependentAxonal,
        &study::LENGTH_MUSCLES,
    ),
    condition(
        "demyelinating-polyneuropathy",
        "Demyelinating polyneuropathy",
        Lesion::Demyelinating,
        &study::LENGTH_MUSCLES,
    ),
    condition("myopathy", "Proximal myopathy", Lesion::ProximalMyopathy, &study::LIMB_GIRDLE_MUSCLES),
];

/// The motor neuron disease pattern, offered after the others.
pub const MOTOR_NEURON_DISEASE: Condition = condition(
    "motor-neuron-disease",
    "Widespread denervation, motor neuron disease pattern",
    Lesion::MotorNeuronDisease,
    &study::REGIONS_MUSCLES,
);

const fn condition(
    id: &'static str,
    name: &'static str,
    lesion: Lesion,
    muscles: &'static [&'static str],
) -> Condition {
    Condition { id, name, lesion, muscles }
}

impl Condition {
    /// Every condition offered.
    pub fn all() -> impl Iterator<Item = Condition> {
        CONDITIONS.into_iter().chain([MOTOR_NEURON_DISEASE])
    }

    /// The condition with identifier `id`.
    pub fn by_id(id: &str) -> Option<Condition> {
        Condition::all().find(|condition| condition.id == id)
    }

    /// Whether it is a lesion at all: a normal study has no severity or onset.
    pub fn is_lesion(self) -> bool {
        !matches!(self.lesion, Lesion::None | Lesion::NormalArm)
    }
}

/// How much noise the recordings carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoiseLevel {
    /// Half the simulator's usual noise: a quiet laboratory.
    Low,
    /// The simulator's usual noise.
    Typical,
    /// Two and a half times it: a poor contact or a noisy room.
    High,
}

impl NoiseLevel {
    /// Every level, quietest first.
    pub const ALL: [NoiseLevel; 3] = [NoiseLevel::Low, NoiseLevel::Typical, NoiseLevel::High];

    /// In identifiers: `typical`.
    pub fn id(self) -> &'static str {
        match self {
            NoiseLevel::Low => "low",
            NoiseLevel::Typical => "typical",
            NoiseLevel::High => "high",
        }
    }

    /// Multiplies the simulator's usual noise (edxview's simulator's own levels).
    fn factor(self) -> f64 {
        match self {
            NoiseLevel::Low => 0.5,
            NoiseLevel::Typical => 1.0,
            NoiseLevel::High => 2.5,
        }
    }
}

/// Weeks since onset a teacher picks from: the first days (no axon loss on the responses yet),
/// the weeks before denervation shows, and the months of reinnervation (domain.md §3.7).
pub const WEEKS_OFFERED: [f64; 12] = [0.5, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 26.0, 52.0, 104.0];
/// Skin temperatures a teacher picks from, °C: 34 °C is the target the Norwegian guideline
/// recommends (domain.md §3.6); below 32 °C a limb is cool.
pub const TEMPERATURES_OFFERED_C: [f64; 11] = [26.0, 27.0, 28.0, 29.0, 30.0, 31.0, 32.0, 33.0, 34.0, 35.0, 36.0];
/// The range an identifier's weeks and temperature may name; beyond it, a mistyped link.
const WEEKS_RANGE: std::ops::RangeInclusive<f64> = 0.0..=520.0;
const TEMPERATURE_RANGE_C: std::ops::RangeInclusive<f64> = 20.0..=40.0;

/// What a teacher sets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Simulation {
    /// What the patient has.
    pub condition: Condition,
    /// The side examined (a focal lesion's side).
    pub side: Side,
    /// How severe the lesion is.
    pub severity: Severity,
    /// Weeks since the lesion began.
    pub weeks_since_onset: f64,
    /// Skin temperature of the limb, °C.
    pub skin_temperature_c: f64,
    /// The recordings' noise.
    pub noise: NoiseLevel,
}

/// The prefix of a simulation's identifier, and what separates its fields.
const ID_PREFIX: &str = "sim_";
const ID_SEPARATOR: char = '_';

impl Default for Simulation {
    /// A moderate left L5 radiculopathy of 8 weeks, warm, typical noise.
    fn default() -> Simulation {
        Simulation {
            condition: Condition::by_id("l5-radiculopathy").expect("offered"),
            side: Side::Left,
            severity: Severity::Moderate,
            weeks_since_onset: 8.0,
            skin_temperature_c: 33.0,
            noise: NoiseLevel::Typical,
        }
    }
}

impl Simulation {
    /// The identifier that names every setting: `sim_l5-radiculopathy_left_moderate_8w_33c_typical`.
    pub fn id(&self) -> String {
        format!(
            "{ID_PREFIX}{}_{}_{}_{}w_{}c_{}",
            self.condition.id,
            self.side.to_string().to_lowercase(),
            self.severity.id(),
            self.weeks_since_onset,
            self.skin_temperature_c,
            self.noise.id()
        )
    }

    /// The simulation identifier `id` names, or `None` when it names none (a demo's identifier,
    /// a mistyped link).
    pub fn parse(id: &str) -> Option<Simulation> {
        let fields: Vec<&str> = id.strip_prefix(ID_PREFIX)?.split(ID_SEPARATOR).collect();
        let [condition, side, severity, weeks, temperature, noise] = fields.as_slice() else { return None };
        let weeks: f64 = weeks.strip_suffix('w')?.parse().ok()?;
        let temperature: f64 = temperature.strip_suffix('c')?.parse().ok()?;
        Some(Simulation {
            condition: Condition::by_id(condition)?,
            side: match *side {
                "left" => Side::Left,
                "right" => Side::Right,
                _ => return None,
            },
            severity: Severity::ALL.into_iter().find(|candidate| candidate.id() == *severity)?,
            weeks_since_onset: Some(weeks).filter(|weeks| WEEKS_RANGE.contains(weeks))?,
            skin_temperature_c: Some(temperature).filter(|celsius| TEMPERATURE_RANGE_C.contains(celsius))?,
            noise: NoiseLevel::ALL.into_iter().find(|level| level.id() == *noise)?,
        })
    }

    /// What the study is, as its title says it.
    pub fn title(&self) -> String {
        let side = self.side.to_string().to_lowercase();
        let what = if self.condition.is_lesion() {
            format!(
                "{} {}, {}, {} after onset",
                side,
                lower_first(self.condition.name),
                self.severity.id(),
                weeks_text(self.weeks_since_onset)
            )
        } else {
            format!("{} ({side} side)", self.condition.name)
        };
        format!(
            "Simulated: {what}; skin {} °C; {} noise",
            crate::display::fixed(self.skin_temperature_c, 0),
            self.noise.id()
        )
    }

    /// The whole study. The same settings always give the same study; the random draws (which
    /// muscles a root lesion reaches) depend on the condition and side only, so changing the
    /// severity, the onset, the temperature or the noise changes only what they change.
    pub fn build(&self) -> Study {
        let plan = Plan {
            lesion: self.condition.lesion,
            side: self.side,
            weeks_since_onset: if self.condition.is_lesion() { self.weeks_since_onset } else { 0.0 },
            muscles: self.condition.muscles,
            other_side: study::other_side_muscles(self.condition.lesion),
            severity: self.severity,
            skin_temperature_c: Some(self.skin_temperature_c),
            noise_factor: self.noise.factor(),
        };
        let seed =
            self.condition.id.bytes().fold(0x51_u64, |seed, byte| seed.wrapping_mul(31).wrapping_add(u64::from(byte)))
                ^ u64::from(self.side == Side::Right);
        build_plan(&plan, self.title(), seed)
    }
}

/// `weeks` as a person says it: "3 days", "1 week", "8 weeks", "6 months", "2 years".
pub fn weeks_text(weeks: f64) -> String {
    if weeks < 1.0 {
        format!("{} days", (weeks * 7.0).round())
    } else if weeks == 1.0 {
        "1 week".to_string()
    } else if weeks < 26.0 {
        format!("{weeks} weeks")
    } else if weeks < 104.0 {
        format!("{} months", (weeks / 52.0 * 12.0).round())
    } else {
        format!("{} years", (weeks / 52.0).round())
    }
}

fn lower_first(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        // Root levels and proper names keep their capital: "L5", "C7".
        Some(_) if characters.clone().next().is_some_and(|second| second.is_ascii_digit()) => text.to_string(),
        Some(first) => first.to_lowercase().chain(characters).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Nerve, NerveConductionKind};
    use crate::ncs::{analyse_nerve, Adjustments};
    use crate::synth::study::fibrillating_muscles;

    /// The distal amplitude (µV) and first segment's velocity (m/s) of `nerve`'s `kind` study.
    fn measured(study: &Study, nerve: Nerve, kind: NerveConductionKind) -> (f64, Option<f64>) {
        let studied = study
            .nerve_conductions
            .iter()
            .find(|studied| studied.nerve == nerve && studied.kind == kind)
            .expect("the nerve is studied");
        let analysis = analyse_nerve(studied, Adjustments::AS_SAVED);
        let amplitude_uv = analysis.sites[0].measures.expect("a response").amplitude_uv;
        (amplitude_uv, analysis.segments.first().and_then(|segment| segment.conduction_velocity_m_per_s))
    }

    #[test]
    fn severity_lowers_the_responses_and_slows_the_block_as_stated() {
        let peroneal = |severity| {
            let simulation = Simulation {
                condition: Condition::by_id("peroneal-fibular-head").unwrap(),
                severity,
                ..Simulation::default()
            };
            measured(&simulation.build(), Nerve::Peroneal, NerveConductionKind::Motor).0
        };
        let (mild, moderate, severe) =
            (peroneal(Severity::Mild), peroneal(Severity::Moderate), peroneal(Severity::Severe));
        assert!(mild > moderate && moderate > severe, "ankle CMAP {mild} > {moderate} > {severe} µV");
    }

    #[test]
    fn a_cool_limb_conducts_slower_and_the_early_weeks_show_no_denervation() {
        let median_velocity = |skin_temperature_c| {
            let simulation = Simulation {
                condition: Condition::by_id("normal-arm").unwrap(),
                skin_temperature_c,
                ..Simulation::default()
            };
            measured(&simulation.build(), Nerve::Median, NerveConductionKind::Motor).1.expect("a forearm velocity")
        };
        let (warm, cool) = (median_velocity(33.0), median_velocity(28.0));
        assert!((warm - cool - 7.5).abs() < 2.5, "5 °C cooler: {warm:.1} → {cool:.1} m/s (1.5 m/s per °C)");

        let after = |weeks_since_onset| {
            fibrillating_muscles(&Simulation { weeks_since_onset, ..Simulation::default() }.build())
        };
        assert_eq!(after(1.0), Vec::<String>::new(), "a week after onset no muscle shows denervation yet");
        let two_weeks = after(2.0);
        assert!(
            two_weeks.iter().all(|id| id.starts_with("paraspinal")),
            "at two weeks the paraspinals first: {two_weeks:?}"
        );
        assert!(after(8.0).len() >= 2, "by eight weeks the L5 muscles of several nerves");
    }

    #[test]
    fn an_identifier_names_every_setting_and_reads_back() {
        let simulation = Simulation {
            condition: Condition::by_id("c7-radiculopathy").unwrap(),
            side: Side::Right,
            severity: Severity::Severe,
            weeks_since_onset: 0.5,
            skin_temperature_c: 31.0,
            noise: NoiseLevel::High,
        };
        assert_eq!(simulation.id(), "sim_c7-radiculopathy_right_severe_0.5w_31c_high");
        assert_eq!(Simulation::parse(&simulation.id()), Some(simulation));
        let default = Simulation::default();
        assert_eq!(default.id(), "sim_l5-radiculopathy_left_moderate_8w_33c_typical");
        assert_eq!(Simulation::parse(&default.id()), Some(default));
        assert_eq!(
            Simulation::parse("sim_l5-radiculopathy_left_moderate_1.25w_32.5c_low")
                .map(|sim| (sim.weeks_since_onset, sim.skin_temperature_c)),
            Some((1.25, 32.5))
        );
        for mistyped in [
            "study-c7-radiculopathy",
            "sim_l5-radiculopathy_left_moderate_8w_33c",
            "sim_l9-radiculopathy_left_moderate_8w_33c_typical",
            "sim_l5-radiculopathy_up_moderate_8w_33c_typical",
            "sim_l5-radiculopathy_left_moderate_9999w_33c_typical",
            "sim_l5-radiculopathy_left_moderate_8w_90c_typical",
            "sim_l5-radiculopathy_left_moderate_8_33_typical",
        ] {
            assert_eq!(Simulation::parse(mistyped), None, "{mistyped}");
        }
        assert_eq!(Condition::all().count(), 20, "every condition of the issue's list");
    }

    #[test]
    fn titles_say_what_was_simulated() {
        assert_eq!(
            Simulation::default().title(),
            "Simulated: left L5 radiculopathy, moderate, 8 weeks after onset; skin 33 °C; typical noise"
        );
        let normal = Simulation { condition: Condition::by_id("normal-arm").unwrap(), ..Simulation::default() };
        assert_eq!(normal.title(), "Simulated: Normal arm (left side); skin 33 °C; typical noise");
        let early = Simulation { weeks_since_onset: 0.5, ..Simulation::default() };
        assert!(early.title().contains("4 days after onset"), "{}", early.title());
    }
}
