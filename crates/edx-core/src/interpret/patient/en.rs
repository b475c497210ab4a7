//! Every sentence of the patient's explanation, in English: edxview's own wording after the
//! plain-language sources of domain.md §6 (needs clinical review, as domain.md says). Short
//! words and short sentences: each is held at reading grade 8 or below by a test.

use super::numbers::{departure, Departure};
use crate::display;
use crate::interpret::findings::Severity;
use crate::interpret::flags::Flag;
use crate::interpret::localise::{Acuity, Lesion, Verdict};
use crate::interpret::profiles::{Bound, Measure};
use crate::model::{NerveConduction, NerveConductionKind};
use crate::muscles::{Cord, PlexusElement, Root};

/// The standing note under every explanation.
pub const DISCLAIMER: &str = "This page explains your test results in plain words. It does not make a diagnosis. Your doctor will put these results together with your symptoms and exam.";

/// The note of a study of the nerves only.
pub const NERVES_ONLY: &str = "Only the nerves were tested here, not the muscles with a needle. So some causes, such as a pinched nerve root, cannot be seen.";

/// When changes show.
pub const TIMING: &str =
    "Some changes take weeks to show. A test done in the first three weeks after symptoms began can look normal.";

/// What a study that cannot tell leads to.
pub const MORE_TESTS: &str =
    "To find out where the changes come from, your doctor may test a few more nerves or muscles.";

/// A myopathy's fibrillation potentials, for the patient.
pub const MUSCLE_ACTIVE: &str =
    "Tiny signals came from muscle fibres at rest. In a muscle problem, this means the changes are active now.";

/// What the study found, overall.
pub fn summary(verdict: Verdict, needle: bool) -> String {
    let tested = if needle { "The nerves and muscles that were tested" } else { "The nerves that were tested" };
    match verdict {
        Verdict::Normal => format!("{tested} worked normally. This is a reassuring result."),
        Verdict::Named(Lesion::None) => format!("{tested} worked normally."),
        Verdict::Named(lesion) => format!("The results fit with a problem in {}.", short_place(lesion)),
        Verdict::Uncertain => "The test found small changes. They may not mean anything: they fit a normal result about as well as a problem.".to_string(),
        Verdict::CannotTell => "The test found some changes. It cannot yet tell where they come from.".to_string(),
        Verdict::NothingJudged => "There is not enough here yet to explain. The tests need the name and side of each muscle, or the nerve tests.".to_string(),
    }
}

/// A short name of the place a lesion is in, for the summary.
fn short_place(lesion: Lesion) -> String {
    match lesion {
        Lesion::None => "no place".to_string(),
        Lesion::Root(root, _) if root_in_neck(root) => format!("a nerve root in the neck ({root})"),
        Lesion::Root(root, _) => format!("a nerve root in the lower back ({root})"),
        Lesion::Plexus(element, side) if brachial(element) => {
            format!("the bundle of nerves between the neck and the {} arm", side.to_string().to_lowercase())
        }
        Lesion::Plexus(_, side) => {
            format!("the bundle of nerves in the pelvis to the {} leg", side.to_string().to_lowercase())
        }
        Lesion::Nerve(site, side) => {
            format!("one nerve of the {} {}", side.to_string().to_lowercase(), limb_of(site.name))
        }
        Lesion::LengthDependentPolyneuropathy => "the nerves of both feet and legs".to_string(),
        Lesion::DemyelinatingPolyneuropathy => "many nerves".to_string(),
        Lesion::MotorNeuronDisease => "the nerve supply to muscles in several parts of the body".to_string(),
        Lesion::Myopathy => "the muscles".to_string(),
    }
}

/// Where the study points, in plain words.
pub fn place(lesion: Lesion) -> String {
    match lesion {
        Lesion::None => "No place: the tests were normal.".to_string(),
        Lesion::Root(root, side) => format!(
            "Where: a nerve root in the {} ({root}, {} side). A root is where a nerve leaves the spine. It can be pinched, for example by a disc.",
            if root_in_neck(root) { "neck" } else { "lower back" },
            side.to_string().to_lowercase()
        ),
        Lesion::Plexus(element, side) => format!(
            "Where: {} of the {} side ({}). This is past the spine, where nerves join and split on their way to the limb.",
            if brachial(element) { "the bundle of nerves between the neck and the arm" } else { "the bundle of nerves in the pelvis" },
            side.to_string().to_lowercase(),
            plexus_part(element)
        ),
        Lesion::Nerve(site, side) => format!(
            "Where: {}, on the {} side. A nerve can be squeezed or hurt at one spot along its way.",
            nerve_place(site.name),
            side.to_string().to_lowercase()
        ),
        Lesion::LengthDependentPolyneuropathy => "Where: the nerves of both feet and legs, the longest nerves first. Doctors call this a polyneuropathy. Diabetes is one common cause.".to_string(),
        Lesion::DemyelinatingPolyneuropathy => "Where: many nerves, in the arms and the legs. The coat around the nerves (myelin) seems to be hurt, so signals travel slowly or get blocked.".to_string(),
        Lesion::MotorNeuronDisease => "Where: muscles in several parts of the body have lost some of their nerve supply. The nerves that carry feeling work normally.".to_string(),
        Lesion::Myopathy => "Where: the muscles themselves, not the nerves. The muscle signals are small and short.".to_string(),
    }
}

/// How severe, and what the grade means; `bland` where the grade is Bland's.
pub fn severity(lesion: Lesion, grade: Option<Severity>, bland: bool) -> String {
    let meaning = graded(lesion, grade);
    if bland && grade.is_some() {
        format!("{meaning} This grade comes from the Bland scale.")
    } else {
        meaning
    }
}

/// What a grade means.
fn graded(lesion: Lesion, grade: Option<Severity>) -> String {
    match grade {
        Some(Severity::Mild) => "Mild: the changes are small. Most of the nerve fibres work.".to_string(),
        Some(Severity::Moderate) => "Moderate: the changes are clear. Some nerve fibres work less well, or have been lost.".to_string(),
        Some(Severity::Severe) => "Severe: many nerve fibres do not work, or have been lost. The doctor will also look at how strong the muscles are.".to_string(),
        None if matches!(lesion, Lesion::Myopathy | Lesion::MotorNeuronDisease | Lesion::DemyelinatingPolyneuropathy) => {
            "How severe: this test does not grade this kind of problem. The doctor judges it from how many nerves or muscles show it, and from your exam.".to_string()
        }
        None => "How severe: the test could not grade this. The doctor may judge it from other results.".to_string(),
    }
}

/// Since when, and what that means.
pub fn since_when(acuity: Acuity) -> String {
    match acuity {
        Acuity::Ongoing => "Recent: some muscle fibres lost their nerve supply in the last weeks or months. The damage is recent, or still going on.".to_string(),
        Acuity::LongStanding => "Long-standing: nerve fibres that survived have taken over muscle fibres that lost their supply. This repair takes months, so the problem has been there for a while.".to_string(),
        Acuity::OngoingAndLongStanding => "Both recent and long-standing. Some muscle fibres lost their nerve supply lately. The body has also been fixing older damage for months.".to_string(),
    }
}

/// Questions the patient may want to ask, for the kind of answer the study gave.
pub fn questions(verdict: Verdict) -> Vec<String> {
    let mut questions: Vec<&str> = match verdict {
        Verdict::Normal | Verdict::Named(Lesion::None) => {
            vec!["What else could be causing my symptoms?", "Should the test be done again if my symptoms go on?"]
        }
        Verdict::Named(Lesion::Root(root, _)) if root_in_neck(root) => vec![
            "What could be pressing on the nerve root in my neck?",
            "Do I need a scan of my neck, such as an MRI?",
            "What can help, and when should I come back?",
        ],
        Verdict::Named(Lesion::Root(..)) => vec![
            "What could be pressing on the nerve root in my back?",
            "Do I need a scan of my back, such as an MRI?",
            "What can help, and when should I come back?",
        ],
        Verdict::Named(Lesion::Plexus(..)) => {
            vec!["What could have hurt this bundle of nerves?", "Do I need a scan or more tests?"]
        }
        Verdict::Named(Lesion::Nerve(..)) => vec![
            "What can take the pressure off this nerve?",
            "Would a splint, a change in how I use the limb, or surgery help?",
            "What signs mean I should come back sooner?",
        ],
        Verdict::Named(Lesion::LengthDependentPolyneuropathy) => vec![
            "What could be causing the nerve damage, such as diabetes or a lack of a vitamin?",
            "Which blood tests would help?",
            "How can I take care of my feet?",
        ],
        Verdict::Named(Lesion::DemyelinatingPolyneuropathy) => {
            vec!["What could be hurting the coat around my nerves?", "Can it be treated, and do I need more tests?"]
        }
        Verdict::Named(Lesion::MotorNeuronDisease) => {
            vec!["What do these results mean for me?", "What other tests do I need, and who should I see next?"]
        }
        Verdict::Named(Lesion::Myopathy) => vec![
            "What could be causing the muscle changes?",
            "Do I need blood tests, a scan or a small sample of muscle?",
        ],
        Verdict::Uncertain | Verdict::CannotTell => {
            vec!["Which other nerves or muscles should be tested?", "Should the test be done again later?"]
        }
        Verdict::NothingJudged => vec!["What do the full results of my test show?"],
    };
    questions.push("How do these results fit with my symptoms?");
    questions.into_iter().map(str::to_string).collect()
}

/// Whether `root` leaves the spine in the neck (C5–T1 for these studies).
fn root_in_neck(root: Root) -> bool {
    root.is_cervical() || root == Root::T1
}

/// Whether `element` belongs to the brachial plexus.
fn brachial(element: PlexusElement) -> bool {
    !matches!(element, PlexusElement::LumbarPlexus | PlexusElement::LumbosacralTrunk | PlexusElement::SacralPlexus)
}

/// The part of the plexus, by its name in a report.
fn plexus_part(element: PlexusElement) -> &'static str {
    match element {
        PlexusElement::UpperTrunk => "its upper part",
        PlexusElement::MiddleTrunk => "its middle part",
        PlexusElement::LowerTrunk => "its lower part",
        PlexusElement::Cord(Cord::Lateral) => "its outer cord",
        PlexusElement::Cord(Cord::Medial) => "its inner cord",
        PlexusElement::Cord(Cord::Posterior) => "its back cord",
        PlexusElement::LumbarPlexus => "its upper part, for the thigh",
        PlexusElement::LumbosacralTrunk => "the part that carries the L4 and L5 fibres",
        PlexusElement::SacralPlexus => "its lower part, for the back of the leg",
        _ => "one part",
    }
}

/// Whether a nerve site is in the arm or the leg.
fn limb_of(site: &str) -> &'static str {
    let leg = ["femoral", "obturator", "sciatic", "peroneal", "tibial"];
    if leg.iter().any(|nerve| site.contains(nerve)) {
        "leg"
    } else {
        "arm"
    }
}

/// A nerve at its site, in plain words.
fn nerve_place(site: &str) -> &'static str {
    match site {
        "median nerve at the wrist" => "the median nerve where it passes through the wrist (the carpal tunnel)",
        "anterior interosseous nerve" => "a branch of the median nerve in the forearm",
        "median nerve at or above the elbow" => "the median nerve at or above the elbow",
        "ulnar nerve at the wrist" => "the ulnar nerve at the wrist",
        "ulnar nerve at the elbow" => "the ulnar nerve at the elbow (the funny bone nerve)",
        "radial nerve at the spiral groove" => "the radial nerve in the upper arm",
        "posterior interosseous nerve" => "a branch of the radial nerve in the forearm",
        "axillary nerve" => "the nerve to the shoulder muscle",
        "suprascapular nerve" => "the nerve to the muscles on the shoulder blade",
        "musculocutaneous nerve" => "the nerve to the biceps muscle",
        "long thoracic nerve" => "the nerve that holds the shoulder blade to the chest wall",
        "femoral nerve" => "the nerve to the front of the thigh",
        "obturator nerve" => "the nerve to the inner thigh",
        "sciatic nerve" => "the large nerve at the back of the thigh (the sciatic nerve)",
        "peroneal nerve at the fibular head" => "the peroneal nerve, where it wraps around the outer side of the knee",
        "deep peroneal nerve" => "a branch of the peroneal nerve in the lower leg",
        "tibial nerve at the ankle" => "the tibial nerve at the inner ankle",
        _ => "one nerve",
    }
}

/// The study a value belongs to, as the patient reads it: "Right median nerve, movement fibres".
pub fn study_label(nerve: &NerveConduction) -> String {
    let fibres = match nerve.kind {
        NerveConductionKind::Motor => "movement fibres",
        NerveConductionKind::Mixed => "mixed fibres",
        NerveConductionKind::FWave => "F waves",
        NerveConductionKind::HReflex => "H reflex",
        _ => "feeling fibres",
    };
    format!("{} {} nerve, {fibres}", nerve.side, nerve.nerve.to_string().to_lowercase())
}

/// The label of each of `nerves`; studies that would share a label (a median sensory study to
/// the index finger and another to the ring finger) are told apart by where they were recorded.
pub fn study_labels(nerves: &[NerveConduction]) -> Vec<String> {
    let plain: Vec<String> = nerves.iter().map(study_label).collect();
    plain
        .iter()
        .zip(nerves)
        .map(|(label, nerve)| {
            if plain.iter().filter(|other| *other == label).count() > 1 {
                format!("{label}, recorded at the {}", recording_place(&nerve.recording_site))
            } else {
                label.clone()
            }
        })
        .collect()
}

/// A recording site in plain words: the fingers by name, the rest as the study writes it.
fn recording_place(recording_site: &str) -> String {
    let compact: String =
        recording_site.chars().filter(|character| character.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    let finger = match compact.as_str() {
        "digit1" | "d1" | "thumb" => Some("thumb"),
        "digit2" | "d2" | "indexfinger" => Some("index finger"),
        "digit3" | "d3" | "middlefinger" => Some("middle finger"),
        "digit4" | "d4" | "ringfinger" => Some("ring finger"),
        "digit5" | "d5" | "littlefinger" => Some("little finger"),
        _ => None,
    };
    finger.map_or_else(|| recording_site.trim().to_lowercase(), String::from)
}

/// A value held against its limit (`flag`), in plain words; `stretch` names the two sites of a
/// segment's value.
pub fn flagged_value(nerve: &NerveConduction, flag: &Flag, stretch: Option<(&str, &str)>) -> String {
    let (value, limit, unit) = flag.printed();
    let motor = nerve.kind == NerveConductionKind::Motor;
    let what = match &value {
        None => "No response could be recorded.".to_string(),
        Some(value) => measured(nerve, flag.measure, value, unit, stretch),
    };
    let normal = match flag.limit.bound {
        Bound::AtMost(_) => format!("Up to {limit} {unit} is normal."),
        Bound::AtLeast(_) => format!("At least {limit} {unit} is normal."),
    };
    let meaning = match (departure(flag), flag.measure, value.is_some()) {
        (Departure::Normal, _, _) => "This is normal.".to_string(),
        (_, _, false) => "This can mean the fibres do not work, or it can have a technical cause.".to_string(),
        (degree, Measure::DistalAmplitude | Measure::DistalPeakToPeakAmplitude, _) => format!(
            "{} smaller than normal. This can mean fewer working {} fibres.",
            degree_word(degree),
            if motor { "nerve or muscle" } else { "nerve" }
        ),
        (_, Measure::AmplitudeDropAcrossJoint | Measure::VelocityDropAcrossJoint, _) => {
            "Part of the signal is slowed or blocked at the joint, as when a nerve is squeezed there.".to_string()
        }
        (degree, Measure::FWaveMinimumLatency, _) => format!(
            "{} slower than normal. This can mean the nerve is hurt along its length, or near the spine.",
            degree_word(degree)
        ),
        (degree, _, _) => format!(
            "{} slower than normal. Slow signals often mean the nerve is squeezed, or its coat (myelin) is hurt.",
            degree_word(degree)
        ),
    };
    format!("{what} {normal} {meaning}")
}

/// A value no limit of the profile covers, in plain words.
pub fn unjudged_value(nerve: &NerveConduction, measure: Measure, value: f64, stretch: Option<(&str, &str)>) -> String {
    let (value, unit) = match measure {
        Measure::DistalAmplitude | Measure::DistalPeakToPeakAmplitude => {
            display::amplitude(value, nerve.kind.amplitudes_in_millivolts())
        }
        Measure::ConductionVelocity | Measure::VelocityDropAcrossJoint => (display::velocity_m_per_s(value), "m/s"),
        Measure::AmplitudeDropAcrossJoint => (display::fixed(value, 0), "%"),
        _ => (display::latency_ms(value), "ms"),
    };
    format!(
        "{} The chosen normal values have no range for this, so it is not judged.",
        measured(nerve, measure, &value, unit, stretch)
    )
}

/// What a value measures, with the value.
fn measured(
    nerve: &NerveConduction,
    measure: Measure,
    value: &str,
    unit: &str,
    stretch: Option<(&str, &str)>,
) -> String {
    let motor = nerve.kind == NerveConductionKind::Motor;
    match measure {
        Measure::DistalOnsetLatency => {
            format!("The signal took {value} {unit} to reach {}.", muscle_of(&nerve.recording_site))
        }
        Measure::DistalPeakLatency => format!("The signal took {value} {unit} to travel along the feeling fibres."),
        Measure::DistalAmplitude | Measure::DistalPeakToPeakAmplitude if motor => {
            format!("The muscle's response was {value} {unit} in size.")
        }
        Measure::DistalAmplitude | Measure::DistalPeakToPeakAmplitude => {
            format!("The nerve's response was {value} {unit} in size.")
        }
        Measure::ConductionVelocity => match stretch {
            Some((distal, proximal)) => format!(
                "The signal travelled at {value} {unit} between {} and {}.",
                site_words(distal),
                site_words(proximal)
            ),
            None => format!("The signal travelled at {value} {unit}."),
        },
        Measure::FWaveMinimumLatency => format!("The signal to the spinal cord and back took {value} {unit}."),
        Measure::VelocityDropAcrossJoint => format!("The signal slowed by {value} {unit} across the joint."),
        Measure::AmplitudeDropAcrossJoint => format!("The response got {value} {unit} smaller across the joint."),
    }
}

/// A stimulation site as the patient reads it: "the wrist", "below the knee" (the fibular head
/// and the popliteal fossa named by the knee).
fn site_words(site: &str) -> String {
    let lower =
        site.trim().to_lowercase().replace("popliteal fossa", "back of the knee").replace("fibular head", "knee");
    match ["below ", "above "].iter().find(|prefix| lower.starts_with(**prefix)) {
        Some(prefix) => format!("{prefix}the {}", &lower[prefix.len()..]),
        None => format!("the {lower}"),
    }
}

/// "a little", "clearly", "much", as a sentence begins.
fn degree_word(departure: Departure) -> &'static str {
    match departure {
        Departure::Normal | Departure::Little => "A little",
        Departure::Clear => "Clearly",
        Departure::Far => "Much",
    }
}

/// Where a catalogue muscle is and what it does, in plain words, for the patient's list of
/// what was tested (standard anatomy).
pub fn muscle_in_plain_words(muscle_id: &str) -> Option<&'static str> {
    // The paraspinal muscles examined at one level ("paraspinal_l5") are placed by region.
    let level = muscle_id.strip_prefix("paraspinal_").and_then(|level| level.chars().next());
    let muscle_id = match level {
        Some('c') => "paraspinal_cervical",
        Some('t') => "paraspinal_thoracic",
        Some('l' | 's') => "paraspinal_lumbosacral",
        _ => muscle_id,
    };
    Some(match muscle_id {
        "rhomboids" => "between the shoulder blades",
        "serratus_anterior" => "on the side of the chest; holds the shoulder blade flat",
        "supraspinatus" => "on top of the shoulder blade; starts to lift the arm",
        "infraspinatus" => "on the back of the shoulder blade; turns the arm out",
        "deltoid" => "the round muscle of the shoulder; lifts the arm",
        "biceps_brachii" => "front of the upper arm; bends the elbow",
        "brachioradialis" => "forearm, near the elbow; bends the elbow",
        "extensor_carpi_radialis_longus" | "extensor_carpi_radialis_brevis" => "back of the forearm; lifts the wrist",
        "supinator" => "forearm, near the elbow; turns the palm up",
        "pronator_teres" => "forearm, near the elbow; turns the palm down",
        "flexor_carpi_radialis" => "front of the forearm; bends the wrist",
        "flexor_carpi_ulnaris" => "little finger side of the forearm; bends the wrist",
        "flexor_digitorum_profundus_2_3" => "front of the forearm; bends the index and middle fingers",
        "flexor_digitorum_profundus_4_5" => "front of the forearm; bends the ring and little fingers",
        "flexor_pollicis_longus" => "front of the forearm; bends the tip of the thumb",
        "pronator_quadratus" => "just above the wrist; turns the palm down",
        "extensor_digitorum_communis" => "back of the forearm; straightens the fingers",
        "extensor_indicis" => "back of the forearm; straightens the index finger",
        "triceps" => "back of the upper arm; straightens the elbow",
        "anconeus" => "back of the elbow; helps to straighten it",
        "abductor_pollicis_brevis" => "the pad at the base of the thumb; moves the thumb away from the hand",
        "opponens_pollicis" => "the pad at the base of the thumb; brings the thumb across the palm",
        "first_dorsal_interosseous" => "the web between the thumb and index finger; moves the index finger",
        "abductor_digiti_minimi" => "the edge of the hand; moves the little finger",
        "iliopsoas" => "deep in the hip; lifts the thigh",
        "adductor_longus" => "inner thigh; pulls the leg in",
        "rectus_femoris" => "front of the thigh; straightens the knee",
        "vastus_medialis" => "front of the thigh, inner side; straightens the knee",
        "vastus_lateralis" => "front of the thigh, outer side; straightens the knee",
        "tibialis_anterior" => "the shin; lifts the foot",
        "extensor_hallucis_longus" => "front of the shin; lifts the big toe",
        "extensor_digitorum_longus" => "front of the shin; lifts the toes",
        "extensor_digitorum_brevis" => "top of the foot; lifts the toes",
        "peroneus_longus" => "outer side of the lower leg; turns the foot out",
        "tibialis_posterior" => "deep in the calf; turns the foot in",
        "flexor_digitorum_longus" => "deep in the calf; bends the toes",
        "gastrocnemius_medial" => "the calf, inner side; points the foot down",
        "gastrocnemius_lateral" => "the calf, outer side; points the foot down",
        "soleus" => "deep in the calf; points the foot down",
        "abductor_hallucis" => "inner edge of the foot; moves the big toe",
        "abductor_digiti_quinti_pedis" => "outer edge of the foot; moves the little toe",
        "biceps_femoris_short_head" | "biceps_femoris_long_head" => "back of the thigh; bends the knee",
        "semitendinosus" => "back of the thigh, inner side; bends the knee",
        "gluteus_medius" => "side of the hip; keeps the hips level as you walk",
        "tensor_fasciae_latae" => "side of the hip; moves the leg out",
        "gluteus_maximus" => "the buttock; straightens the hip",
        "paraspinal_cervical" => "beside the spine in the neck",
        "paraspinal_thoracic" => "beside the spine in the upper and middle back",
        "paraspinal_lumbosacral" => "beside the spine in the lower back",
        "genioglossus" => "the tongue",
        "masseter" => "the jaw; closes the mouth to chew",
        _ => return None,
    })
}

/// The muscle a motor study records from, in plain words.
fn muscle_of(recording_site: &str) -> String {
    let Some(muscle) = crate::interpret::localise::recording_muscle(recording_site) else {
        return "the muscle".into();
    };
    match muscle.id {
        "abductor_pollicis_brevis" => "the thumb muscle".into(),
        "abductor_digiti_minimi" => "the little finger muscle".into(),
        "first_dorsal_interosseous" => "the index finger muscle".into(),
        "extensor_digitorum_brevis" => "a muscle on top of the foot".into(),
        "abductor_hallucis" => "the big toe muscle".into(),
        "tibialis_anterior" => "the shin muscle".into(),
        _ => format!("the {} muscle", muscle.name.to_lowercase()),
    }
}

/// A word of the explanation, with what it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Term {
    /// The word as the explanation writes it (matched whatever its case).
    pub word: &'static str,
    /// What it means, in plain words.
    pub meaning: &'static str,
}

/// The words of the explanation a patient may not know, each opened from the word itself.
pub const GLOSSARY: &[Term] = &[
    Term { word: "nerve root", meaning: "The part of a nerve where it leaves the spine. A disc or bone can press on it. Doctors call damage here a radiculopathy." },
    Term { word: "myelin", meaning: "The coat around many nerve fibres. It helps signals travel fast. When it is hurt, signals slow down or get blocked." },
    Term { word: "polyneuropathy", meaning: "Damage to many nerves at once. It often starts in the feet, where the nerves are longest." },
    Term { word: "carpal tunnel", meaning: "A narrow space in the wrist. The median nerve passes through it and can be squeezed there." },
    Term { word: "bundle of nerves", meaning: "A network where nerves from the spine join and split before they go to an arm or a leg. Doctors call it a plexus." },
    Term { word: "nerve fibres", meaning: "The long, thin threads inside a nerve that carry signals. Doctors call them axons. When they are lost, responses get smaller." },
    Term { word: "movement fibres", meaning: "Nerve fibres that carry signals from the spine to the muscles. Doctors call them motor fibres." },
    Term { word: "feeling fibres", meaning: "Nerve fibres that carry touch and other feelings from the skin to the spine. Doctors call them sensory fibres." },
    Term { word: "F waves", meaning: "Signals that travel from the limb up to the spinal cord and back. They test the parts of the nerve close to the spine." },
    Term { word: "H reflex", meaning: "A reflex signal from the calf up to the spinal cord and back, like the ankle jerk. It tests the S1 nerve root." },
    Term { word: "blocked", meaning: "Part of the signal did not get past one spot on the nerve, like a partial roadblock. Doctors call this a conduction block." },
    Term { word: "Bland scale", meaning: "A scale from 0 to 6 that grades the nerve tests of the carpal tunnel. Grades 1 and 2 are mild, 3 is moderate, and 4 to 6 are severe." },
    Term { word: "muscle fibres at rest", meaning: "Tiny signals from single muscle fibres while the muscle is still. Doctors call them fibrillations. They show that fibres lost their nerve supply lately." },
    Term { word: "CIDP", meaning: "Short for a long-lasting illness in which the body's own defences harm the coat of the nerves. It can often be treated." },
    Term { word: "mV", meaning: "Millivolt: a thousandth of a volt. It measures how big a muscle's response is." },
    Term { word: "µV", meaning: "Microvolt: a millionth of a volt. Responses from the nerves themselves are this small." },
    Term { word: "ms", meaning: "Millisecond: one thousandth of a second. A blink of an eye takes a few hundred of them." },
    Term { word: "m/s", meaning: "Metres per second: how fast the signal travelled along the nerve." },
];

/// `text` cut into pieces, each glossary word (its first time in `text`, whatever its case) a
/// piece of its own with its term.
pub fn with_terms(text: &str) -> Vec<(String, Option<&'static Term>)> {
    let mut found: Vec<(usize, usize, &'static Term)> = Vec::new();
    for term in GLOSSARY {
        let taken: Vec<(usize, usize)> = found.iter().map(|(start, end, _)| (*start, *end)).collect();
        if let Some(start) = find_word(text, term.word, &taken) {
            found.push((start, start + term.word.len(), term));
        }
    }
    found.sort_by_key(|(start, _, _)| *start);
    let mut pieces = Vec::new();
    let mut at = 0;
    for (start, end, term) in found {
        if start > at {
            pieces.push((text[at..start].to_string(), None));
        }
        pieces.push((text[start..end].to_string(), Some(term)));
        at = end;
    }
    if at < text.len() {
        pieces.push((text[at..].to_string(), None));
    }
    pieces
}

/// Where `word` first stands in `text` as a word of its own (ASCII case ignored), outside the
/// byte ranges `taken`.
fn find_word(text: &str, word: &str, taken: &[(usize, usize)]) -> Option<usize> {
    let not_word = |character: Option<char>| character.is_none_or(|character| !character.is_alphanumeric());
    text.char_indices().map(|(start, _)| start).find(|&start| {
        let end = start + word.len();
        text.get(start..end).is_some_and(|candidate| candidate.eq_ignore_ascii_case(word))
            && not_word(text[..start].chars().next_back())
            && not_word(text[end..].chars().next())
            && !taken.iter().any(|(other_start, other_end)| start < *other_end && *other_start < end)
    })
}

// The findings of the nerve conduction studies, for the patient (`interpret::findings`).

/// What the three compression-site findings and the carpal tunnel grades end with.
const DOCTOR_COMBINES: &str = "Your doctor will put this together with your symptoms and exam.";

/// The fibres a study tested, as the findings name them: "median nerve's movement fibres".
pub fn fibres_of(nerve_word: &str, motor: bool) -> String {
    format!("{nerve_word} nerve's {}", if motor { "movement fibres" } else { "feeling fibres" })
}

/// Velocity in the range of demyelination.
pub fn finding_much_slower(fibres: &str) -> String {
    format!("Signals travel much more slowly than normal in the {fibres}. This usually points to damage of the nerve's coat (myelin).")
}

/// Slowing short of that range.
pub fn finding_somewhat_slower(fibres: &str) -> String {
    format!("In the {fibres}, signals are a bit slow.")
}

/// A response below its limit.
pub fn finding_smaller(fibres: &str) -> String {
    format!("The response of the {fibres} is small. Its size shows about how many fibres answered. So fewer fibres work than normal.")
}

/// A nerve within its limits.
pub fn finding_normal(nerve_word: &str) -> String {
    format!("The {nerve_word} nerve works normally in this test.")
}

/// A study without a recording.
pub fn finding_no_recording(nerve_word: &str) -> String {
    format!("The {nerve_word} nerve's test holds no recording, so it cannot be judged.")
}

/// No response; `muscle` is "'s muscle" for a motor study, else empty.
pub fn finding_no_response(nerve_word: &str, muscle: &str) -> String {
    format!("No signal could be recorded from the {nerve_word} nerve{muscle}. This often means many of its fibres do not work. Your doctor will weigh it with the other tests.")
}

/// A nerve no normal range covers.
pub fn finding_no_range(nerve_word: &str) -> String {
    format!("The {nerve_word} nerve was measured, but there is no normal range to compare it with.")
}

/// What F waves and H reflexes are, opening each late-response finding.
pub const LATE_RESPONSES: &str = "F waves and H reflexes are signals that travel up to the spinal cord and back. They check the parts of the nerve closest to the spine.";

/// No late response came back.
pub fn finding_late_none(nerve_word: &str) -> String {
    format!("{LATE_RESPONSES} None came back from the {nerve_word} nerve.")
}

/// Late responses later than normal.
pub fn finding_late_slow(nerve_word: &str) -> String {
    format!("{LATE_RESPONSES} They came back later than normal from the {nerve_word} nerve. This suggests slowing close to the spine.")
}

/// Late responses in normal time.
pub fn finding_late_normal() -> String {
    format!("{LATE_RESPONSES} They came back in normal time.")
}

/// Late responses no normal range covers.
pub fn finding_late_no_range() -> String {
    format!("{LATE_RESPONSES} There is no normal range to compare them with.")
}

/// A conduction block.
pub const FINDING_BLOCK: &str = "The signal got through below one point on the nerve. Much less of it got through from above that point, like a partial roadblock.";

/// Temporal dispersion.
pub const FINDING_DISPERSION: &str =
    "The response spreads out in time along the nerve. Some fibres carry the signal much more slowly than others.";

/// The median nerve through the wrist, normal.
pub fn finding_wrist_normal() -> String {
    format!("The median nerve gives feeling to the thumb side of the hand and moves some thumb muscles. It carries signals normally through the wrist (the carpal tunnel). {DOCTOR_COMBINES}")
}

/// The median nerve slowed at the wrist, `grade` (mild, moderate, severe) on the Bland scale;
/// `sensitive_only` where only the comparisons with the ulnar nerve show it (Bland grade 1).
pub fn finding_wrist_slowed(grade: &str, sensitive_only: bool) -> String {
    let seen = if sensitive_only {
        " Only the most careful tests show it, which compare it with the ulnar nerve beside it."
    } else {
        ""
    };
    format!("The median nerve gives feeling to the thumb side of the hand and moves some thumb muscles. It is slowed where it passes through the wrist (the carpal tunnel).{seen} This fits with carpal tunnel syndrome, {grade} on the Bland scale. {DOCTOR_COMBINES}")
}

/// The ulnar nerve slowed or blocked across the elbow.
pub fn finding_ulnar_elbow() -> String {
    format!("The ulnar nerve gives feeling to the little finger side of the hand and moves many hand muscles. It is slowed or partly blocked where it passes the elbow. This fits with a trapped ulnar nerve at the elbow. {DOCTOR_COMBINES}")
}

/// The peroneal nerve slowed or blocked at the fibular head.
pub fn finding_peroneal_knee() -> String {
    format!("The peroneal nerve lifts the foot and toes. It is slowed or partly blocked where it winds around the bone just below the knee. {DOCTOR_COMBINES}")
}

/// The EFNS/PNS criteria for demyelination met.
pub const FINDING_DEMYELINATION_CRITERIA: &str = "Several tests show damage to the coat of the nerves (myelin). Doctors use world-wide rules like these to look for illnesses such as CIDP. They also use your symptoms and other tests.";

/// A polyneuropathy; `arms`: `None` not tested, `Some(true)` affected too, `Some(false)` less.
pub fn finding_polyneuropathy(arms: Option<bool>, demyelinating: bool) -> String {
    let where_ = match arms {
        None => "Several nerves in the legs are affected. The arms were not tested.",
        Some(false) => "Several nerves are affected, most in the legs.",
        Some(true) => "Several nerves are affected, in the legs and the arms.",
    };
    let what = if demyelinating { "the coat of the nerves (myelin)" } else { "the nerve fibres themselves (axons)" };
    format!(
        "{where_} This pattern fits with a polyneuropathy, mainly affecting {what}. Your doctor will look for a cause."
    )
}

/// The median nerve slower than the ulnar from the same finger.
pub const FINDING_MEDIAN_AGAINST_ULNAR: &str = "The median nerve carried the signal from the same finger more slowly than the ulnar nerve beside it. This points to the median nerve being squeezed at the wrist.";

/// The same nerve different on the two sides.
pub const FINDING_SIDES_DIFFER: &str =
    "The same nerve behaved differently on the two sides. This points to a problem on one side.";

/// Every finding sentence, with sample words, for the reading-grade test.
pub fn every_finding_sentence() -> Vec<String> {
    let fibres = fibres_of("median", true);
    let mut sentences = vec![
        finding_much_slower(&fibres),
        finding_somewhat_slower(&fibres),
        finding_smaller(&fibres),
        finding_normal("median"),
        finding_no_recording("median"),
        finding_no_response("median", "'s muscle"),
        finding_no_range("median"),
        finding_late_none("tibial"),
        finding_late_slow("tibial"),
        finding_late_normal(),
        finding_late_no_range(),
        FINDING_BLOCK.into(),
        FINDING_DISPERSION.into(),
        finding_wrist_normal(),
        finding_ulnar_elbow(),
        finding_peroneal_knee(),
        FINDING_DEMYELINATION_CRITERIA.into(),
        FINDING_MEDIAN_AGAINST_ULNAR.into(),
        FINDING_SIDES_DIFFER.into(),
    ];
    for grade in ["mild", "moderate", "severe"] {
        for sensitive_only in [true, false] {
            sentences.push(finding_wrist_slowed(grade, sensitive_only));
        }
    }
    for arms in [None, Some(false), Some(true)] {
        for demyelinating in [true, false] {
            sentences.push(finding_polyneuropathy(arms, demyelinating));
        }
    }
    sentences
}

// The needle recording of one muscle, for the patient (`needle::summary`).

/// Large, long units.
pub const NEEDLE_NEUROGENIC: &str = "The muscle's motor units are larger and longer than normal. This happens when surviving nerve fibres take over muscle fibres that lost their nerve. It usually means the problem has been there for a while, and the body has been repairing it.";

/// Large units in a recording whose narrow band makes them look smaller.
pub const NEEDLE_NEUROGENIC_NARROW_BAND: &str = "The muscle's motor units are larger than normal, even though the way they were recorded makes them look smaller. This happens when surviving nerve fibres take over muscle fibres that lost their nerve. It usually means the problem has been there for a while.";

/// Small, short units.
pub const NEEDLE_MYOPATHIC: &str = "The muscle's motor units are smaller and shorter than normal. This points to a problem in the muscle itself, not in its nerve.";

/// Units within the reference.
pub const NEEDLE_NORMAL: &str = "The muscle's motor units look normal in size and shape.";

/// Mixed features.
pub const NEEDLE_MIXED: &str = "The muscle's signals show mixed features that do not fit one pattern.";

/// Too few units measured.
pub const NEEDLE_TOO_FEW: &str = "Too few muscle signals could be measured to say whether they are normal.";

/// No reference for the muscle.
pub const NEEDLE_NO_RANGE: &str =
    "The muscle's signals were measured, but there is no normal range for this muscle to compare them with.";

/// A recording whose narrow band does not allow the comparison.
pub const NEEDLE_NARROW_BAND: &str = "The muscle's signals were measured. But the way they were recorded makes them look smaller than they are, so they cannot be compared with the normal range.";

/// `plain`, then what the acuity means for the patient, then the doctor's part.
pub fn needle_finding(plain: &str, acuity: Option<Acuity>) -> String {
    let timing = match acuity {
        Some(Acuity::Ongoing) => {
            " Signals at rest mean some fibres lost their nerve supply lately: the damage is still going on."
        }
        Some(Acuity::LongStanding) => " There are no signs at rest of recent damage.",
        Some(Acuity::OngoingAndLongStanding) => " Signals at rest also show that some damage is still going on.",
        None => "",
    };
    format!("{plain}{timing} {DOCTOR_COMBINES}")
}

/// Every needle sentence, for the reading-grade test.
pub fn every_needle_sentence() -> Vec<String> {
    let mut sentences: Vec<String> = [NEEDLE_TOO_FEW, NEEDLE_NO_RANGE, NEEDLE_NARROW_BAND].map(String::from).to_vec();
    for plain in [NEEDLE_NEUROGENIC, NEEDLE_NEUROGENIC_NARROW_BAND, NEEDLE_MYOPATHIC, NEEDLE_NORMAL, NEEDLE_MIXED] {
        for acuity in [None, Some(Acuity::Ongoing), Some(Acuity::LongStanding), Some(Acuity::OngoingAndLongStanding)] {
            sentences.push(needle_finding(plain, acuity));
        }
    }
    sentences
}
