//! What the study shows that a lesion must explain: each examined muscle's state from the
//! needle examination table, and each sensory response as normal or not.

use super::candidates::Denervation;
use super::sensory::SensoryStudy;
use crate::interpret::comparisons::at_most_share_of_other_side;
use crate::interpret::findings::across_joint::{across_entrapment_site, EntrapmentSite};
use crate::interpret::findings::{Demyelination, EfnsLevel, NerveCategory, Severity};
use crate::interpret::flags::Place;
use crate::interpret::profiles::same_site;
use crate::interpret::profiles::Measure;
use crate::interpret::review::StudyReview;
use crate::model::{
    DenervationGrade, NeedleExamRow, NeedleExamination, Nerve, NerveConduction, NerveConductionKind, Presence,
    RecruitmentGrade, Side, Size,
};
use crate::muscles::{self, Muscle};

/// An examined muscle as the table shows it.
#[derive(Debug, Clone)]
pub struct MuscleObservation {
    /// The catalogue's muscle.
    pub muscle: &'static Muscle,
    /// Its side.
    pub side: Side,
    /// What it shows.
    pub state: MuscleState,
    /// Fibrillation potentials or positive sharp waves: denervation going on.
    pub active: bool,
    /// Large, long or polyphasic units, or reduced recruitment: reinnervation, or loss long
    /// standing.
    pub chronic: bool,
    /// Recruitment, where assessed.
    pub recruitment: Option<RecruitmentGrade>,
}

impl MuscleObservation {
    /// "left tibialis anterior".
    pub fn name(&self) -> String {
        format!("{} {}", self.side.to_string().to_lowercase(), super::lowercase_first(self.muscle.name))
    }
}

/// What a muscle shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MuscleState {
    /// Nothing abnormal in what was assessed.
    Normal,
    /// Fibrillation potentials, positive sharp waves or fasciculation potentials without motor
    /// unit changes that tell nerve from muscle.
    Denervation,
    /// Changes of nerve: large, long or polyphasic units, or reduced recruitment.
    Neurogenic,
    /// Changes of muscle: small or short units, or early recruitment.
    Myopathic,
}

impl MuscleState {
    /// Whether anything is abnormal.
    pub fn is_abnormal(self) -> bool {
        self != MuscleState::Normal
    }

    /// Whether the state fits denervation of kind `kind` (unlabelled denervation fits both).
    pub fn fits(self, kind: Denervation) -> bool {
        match self {
            MuscleState::Normal | MuscleState::Denervation => true,
            MuscleState::Neurogenic => kind == Denervation::Neurogenic,
            MuscleState::Myopathic => kind == Denervation::Myopathic,
        }
    }
}

/// The table's rows a lesion can be judged on: a catalogue muscle with a side and something
/// assessed. The others are returned apart, by name, as limitations.
pub fn muscles(table: &NeedleExamination) -> (Vec<MuscleObservation>, Vec<String>) {
    let mut observed = Vec::new();
    let mut not_used = Vec::new();
    for row in &table.rows {
        let muscle = row.muscle_id.as_deref().and_then(muscles::by_id);
        match (muscle, row.side, state_of(row)) {
            (Some(muscle), Some(side), Some(state)) => {
                let active = row.fibrillations.value.is_some_and(|grade| grade.value() > 0);
                let chronic = [row.amplitude.value, row.duration.value, row.polyphasia.value]
                    .contains(&Some(Size::Increased))
                    || matches!(row.recruitment.value, Some(RecruitmentGrade::Reduced | RecruitmentGrade::NoUnits));
                observed.push(MuscleObservation {
                    muscle,
                    side,
                    state,
                    active,
                    chronic,
                    recruitment: row.recruitment.value,
                })
            }
            (None, _, _) => not_used
                .push(format!("{}: not in the muscle catalogue, so its nerve and roots are not known", row.muscle)),
            (_, None, _) => not_used.push(format!("{}: no side given", row.muscle)),
            (_, _, None) => not_used.push(format!("{}: nothing assessed", row.muscle)),
        }
    }
    (observed, not_used)
}

/// What a row shows, or `None` when nothing a lesion shows in was assessed.
fn state_of(row: &NeedleExamRow) -> Option<MuscleState> {
    let fibrillating = row.fibrillations.value.map(|grade: DenervationGrade| grade.value() > 0);
    let fasciculating = row.fasciculations.value.map(|presence| presence == Presence::Present);
    let sizes = [row.amplitude.value, row.duration.value, row.polyphasia.value];
    let recruitment = row.recruitment.value;
    let large = sizes.contains(&Some(Size::Increased))
        || matches!(recruitment, Some(RecruitmentGrade::Reduced | RecruitmentGrade::NoUnits));
    // Polyphasia rises in both; only small or short units and early recruitment are of muscle.
    let small = row.amplitude.value == Some(Size::Decreased)
        || row.duration.value == Some(Size::Decreased)
        || recruitment == Some(RecruitmentGrade::Early);
    let assessed =
        fibrillating.is_some() || fasciculating.is_some() || sizes.iter().any(Option::is_some) || recruitment.is_some();
    if !assessed {
        return None;
    }
    Some(match (large, small) {
        (true, false) => MuscleState::Neurogenic,
        (false, true) => MuscleState::Myopathic,
        // Both, or neither with denervation at rest: the units do not tell nerve from muscle.
        _ if fibrillating == Some(true) || fasciculating == Some(true) || (large && small) => MuscleState::Denervation,
        _ => MuscleState::Normal,
    })
}

/// A sensory response of the study, as a lesion is judged on it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SensoryObservation {
    /// Which study.
    pub study: SensoryStudy,
    /// Its side.
    pub side: Side,
    /// `Some(true)` when absent, beyond a limit of the profile, or at most half the same
    /// response on the other side (domain.md §5.6); `Some(false)` when a limit or the other side
    /// finds it normal; `None` when recorded but nothing judges it.
    pub abnormal: Option<bool>,
}

/// The sensory studies of `nerves` (reviewed as `review`) whose course edxview knows, each
/// judged by the profile's limits and against the other side where both were recorded.
fn sensory(nerves: &[NerveConduction], review: &StudyReview) -> Vec<SensoryObservation> {
    nerves
        .iter()
        .enumerate()
        .filter(|(_, nerve)| nerve.kind.is_sensory())
        .filter_map(|(idx, nerve)| {
            let study = SensoryStudy::identify(&nerve.nerve, &nerve.recording_site)?;
            let amplitude = distal_amplitude(review, idx)?;
            let flags = &review.nerves[idx].flags;
            // Against the other side: `Some(true)` at most half of it, `Some(false)` compared and
            // more; an absent other side leaves nothing to compare.
            let against_other = other_side(nerves, nerve).and_then(|(other_idx, _)| {
                let other = distal_amplitude(review, other_idx).flatten()?;
                Some(
                    amplitude
                        .is_some_and(|amplitude| amplitude < other && at_most_share_of_other_side(amplitude, other)),
                )
            });
            let abnormal = if amplitude.is_none() || flags.any_abnormal() || against_other == Some(true) {
                Some(true)
            } else if !flags.flags.is_empty() || against_other.is_some() {
                Some(false)
            } else {
                None
            };
            Some(SensoryObservation { study, side: nerve.side, abnormal })
        })
        .collect()
}

/// A motor response of the study, as a lesion's severity is graded on it.
#[derive(Debug, Clone, PartialEq)]
pub struct MotorObservation {
    /// The nerve.
    pub nerve: Nerve,
    /// Its side.
    pub side: Side,
    /// Where it was recorded, as the study names it ("EDB").
    pub recording_site: String,
    /// The catalogue's muscle it was recorded from, where the site names one.
    pub muscle: Option<&'static Muscle>,
    /// The distal response's amplitude, µV; `None` when absent.
    pub amplitude_uv: Option<f64>,
    /// Whether the distal amplitude lies below a limit of the profile (`None`: none applies).
    pub below_limit: Option<bool>,
    /// The distal amplitude as a share of the same response on the other side, %, where both
    /// were recorded.
    pub percent_of_other_side: Option<f64>,
    /// The largest drop of amplitude from one stimulation site to the next proximal one, %:
    /// fibres that conduct below a segment and not across it (a conduction block, or dispersion).
    pub largest_drop_pct: Option<f64>,
}

/// What the nerve conduction studies tell a localisation: the sensory responses that localise,
/// the motor responses that grade severity, and the grades of the median nerve at the wrist.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NerveEvidence {
    /// The sensory responses whose course edxview knows.
    pub sensory: Vec<SensoryObservation>,
    /// The motor responses.
    pub motor: Vec<MotorObservation>,
    /// Bland's grade of the median nerve at the wrist, per side graded, with its statement.
    pub wrist_grades: Vec<(Side, Severity, String)>,
    /// The motor conductions across the sites where a nerve is commonly compressed.
    pub focal: Vec<FocalConduction>,
    /// Each motor and sensory study's per-nerve pattern, where its finding names one.
    pub categories: Vec<StudyCategory>,
    /// The level the EFNS/PNS electrodiagnostic criteria for demyelination reach across the
    /// study, compression sites excluded (`None`: no level).
    pub demyelination: Option<EfnsLevel>,
    /// Each motor nerve studied, per side, with whether it meets an EFNS/PNS parameter.
    pub motor_nerves: Vec<MotorNerveDemyelination>,
}

/// A motor nerve of the study, on one side, as the EFNS/PNS criteria judged it.
#[derive(Debug, Clone, PartialEq)]
pub struct MotorNerveDemyelination {
    /// The nerve.
    pub nerve: Nerve,
    /// Its side.
    pub side: Side,
    /// Whether it meets at least one EFNS/PNS parameter of demyelination away from the sites
    /// where nerves are commonly compressed.
    pub demyelinating: bool,
}

/// The per-nerve pattern of one motor or sensory study (domain.md §3.1).
#[derive(Debug, Clone, PartialEq)]
pub struct StudyCategory {
    /// The nerve.
    pub nerve: Nerve,
    /// Whether the study is motor (else sensory).
    pub motor: bool,
    /// Its side.
    pub side: Side,
    /// The pattern: normal, axon loss, demyelinating features or conduction block.
    pub category: NerveCategory,
}

/// A nerve's conduction tested across a site where it is commonly compressed: the median nerve
/// at the wrist (Bland's grades), the ulnar nerve across the elbow, the peroneal nerve across the
/// fibular head.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FocalConduction {
    /// The site, as [`super::NERVE_SITES`] names it ("ulnar nerve at the elbow").
    pub site: &'static str,
    /// The side tested.
    pub side: Side,
    /// Whether the conduction slows or blocks across the site.
    pub abnormal: bool,
}

/// The nerve conduction evidence of `nerves`, reviewed as `review`.
pub fn nerve_evidence(nerves: &[NerveConduction], review: &StudyReview) -> NerveEvidence {
    NerveEvidence {
        sensory: sensory(nerves, review),
        motor: motor(nerves, review),
        wrist_grades: wrist_grades(review),
        focal: focal(nerves, review),
        categories: categories(nerves, review),
        demyelination: demyelination(review).and_then(|found| found.level),
        motor_nerves: motor_nerves(nerves, review),
    }
}

/// The study-wide EFNS/PNS finding's data, where the review made one.
fn demyelination(review: &StudyReview) -> Option<&Demyelination> {
    review.findings.iter().find_map(|finding| finding.demyelination.as_ref())
}

/// Each motor nerve and side of `nerves`, once, with whether the EFNS/PNS criteria found it
/// demyelinating.
fn motor_nerves(nerves: &[NerveConduction], review: &StudyReview) -> Vec<MotorNerveDemyelination> {
    let demyelinating = demyelination(review).map_or(&[][..], |found| &found.nerves[..]);
    let mut motor: Vec<MotorNerveDemyelination> = Vec::new();
    for nerve in nerves.iter().filter(|nerve| nerve.kind == NerveConductionKind::Motor) {
        if motor.iter().any(|seen| seen.nerve == nerve.nerve && seen.side == nerve.side) {
            continue;
        }
        motor.push(MotorNerveDemyelination {
            nerve: nerve.nerve.clone(),
            side: nerve.side,
            demyelinating: demyelinating.iter().any(|(found, side)| *found == nerve.nerve && *side == nerve.side),
        });
    }
    motor
}

/// The distal amplitude of study `idx` of the review: `None` when it has no site, `Some(None)`
/// when the response is absent.
fn distal_amplitude(review: &StudyReview, idx: usize) -> Option<Option<f64>> {
    let site = review.nerves[idx].analysis.sites.first()?;
    Some(site.measures.map(|measures| measures.amplitude_uv).filter(|amplitude| amplitude.is_finite()))
}

/// The study of `nerves` recorded like `nerve` on the other side.
fn other_side<'a>(nerves: &'a [NerveConduction], nerve: &NerveConduction) -> Option<(usize, &'a NerveConduction)> {
    nerves.iter().enumerate().find(|(_, other)| {
        other.nerve == nerve.nerve
            && other.kind == nerve.kind
            && other.side != nerve.side
            && same_site(&other.recording_site, &nerve.recording_site)
    })
}

/// The motor studies of `nerves`, with their distal amplitudes against their limits and the
/// other side.
fn motor(nerves: &[NerveConduction], review: &StudyReview) -> Vec<MotorObservation> {
    nerves
        .iter()
        .enumerate()
        .filter(|(_, nerve)| nerve.kind == NerveConductionKind::Motor)
        .filter_map(|(idx, nerve)| {
            let amplitude_uv = distal_amplitude(review, idx)?;
            let below_limit =
                review.nerves[idx].flags.get(Place::Site(0), Measure::DistalAmplitude).map(|flag| flag.is_abnormal);
            let percent_of_other_side = other_side(nerves, nerve)
                .and_then(|(other_idx, _)| distal_amplitude(review, other_idx).flatten())
                .filter(|other| *other > 0.0)
                .map(|other| 100.0 * amplitude_uv.unwrap_or(0.0) / other);
            let amplitudes: Vec<Option<f64>> = review.nerves[idx]
                .analysis
                .sites
                .iter()
                .map(|site| {
                    site.measures.map(|measures| measures.amplitude_uv).filter(|amplitude| amplitude.is_finite())
                })
                .collect();
            let largest_drop_pct = amplitudes
                .windows(2)
                .filter_map(|pair| match (pair[0], pair[1]) {
                    (Some(distal), proximal) if distal > 0.0 => Some(100.0 * (1.0 - proximal.unwrap_or(0.0) / distal)),
                    _ => None,
                })
                .reduce(f64::max);
            Some(MotorObservation {
                largest_drop_pct,
                nerve: nerve.nerve.clone(),
                side: nerve.side,
                recording_site: nerve.recording_site.clone(),
                muscle: recording_muscle(&nerve.recording_site),
                amplitude_uv,
                below_limit,
                percent_of_other_side,
            })
        })
        .collect()
}

/// The catalogue muscle a motor study records from, by the abbreviations reports use or the
/// catalogue's own reading of a label.
pub(crate) fn recording_muscle(recording_site: &str) -> Option<&'static Muscle> {
    let id = match recording_site.trim().to_ascii_uppercase().as_str() {
        "APB" => "abductor_pollicis_brevis",
        "ADM" => "abductor_digiti_minimi",
        "FDI" => "first_dorsal_interosseous",
        "EDB" => "extensor_digitorum_brevis",
        "AH" | "AHB" => "abductor_hallucis",
        "EIP" | "EI" => "extensor_indicis",
        "TA" => "tibialis_anterior",
        _ => return muscles::identify(recording_site).muscle(),
    };
    muscles::by_id(id)
}

/// Bland's grades of the review's carpal tunnel findings, by side.
fn wrist_grades(review: &StudyReview) -> Vec<(Side, Severity, String)> {
    review
        .findings
        .iter()
        .filter_map(|finding| match finding.compression_site {
            Some(("median nerve at the wrist", side)) => Some((side, finding.severity?, finding.statement.clone())),
            _ => None,
        })
        .collect()
}

/// The conductions across the common compression sites the study tested, from the review's
/// findings: the carpal tunnel grade of each median nerve graded (grade 0 tested normal), and
/// each ulnar or peroneal motor study with a segment across the elbow or the fibular head (slowed
/// or blocked where the review finds it so).
fn focal(nerves: &[NerveConduction], review: &StudyReview) -> Vec<FocalConduction> {
    let slowed = |site: &str, side: Side| {
        review.findings.iter().any(|finding| {
            finding.is_abnormal && finding.compression_site.is_some_and(|(at, at_side)| at == site && at_side == side)
        })
    };
    let graded = wrist_grades(review);
    let mut focal = Vec::new();
    for side in [Side::Right, Side::Left] {
        if graded.iter().any(|(graded_side, _, _)| *graded_side == side) {
            focal.push(FocalConduction { site: "median nerve at the wrist", side, abnormal: true });
        } else if review
            .findings
            .iter()
            .any(|finding| finding.compression_site == Some(("median nerve at the wrist", side)))
        {
            focal.push(FocalConduction { site: "median nerve at the wrist", side, abnormal: false });
        }
        for (nerve, joint) in
            [(Nerve::Ulnar, EntrapmentSite::UlnarElbow), (Nerve::Peroneal, EntrapmentSite::PeronealFibularHead)]
        {
            let tested = nerves.iter().any(|study| {
                study.nerve == nerve
                    && study.side == side
                    && study.kind == NerveConductionKind::Motor
                    && (0..study.sites.len()).any(|idx| across_entrapment_site(study, idx) == Some(joint))
            });
            if tested {
                let site = joint.site_name();
                focal.push(FocalConduction { site, side, abnormal: slowed(site, side) });
            }
        }
    }
    focal
}

/// The per-nerve pattern of each motor and sensory study of `nerves` whose finding names one
/// (not indeterminate).
fn categories(nerves: &[NerveConduction], review: &StudyReview) -> Vec<StudyCategory> {
    nerves
        .iter()
        .zip(&review.nerves)
        .filter(|(nerve, _)| nerve.kind == NerveConductionKind::Motor || nerve.kind.is_sensory())
        .filter_map(|(nerve, reviewed)| {
            let category = reviewed
                .findings
                .iter()
                .filter_map(|finding| finding.category)
                .find(|category| *category != NerveCategory::Indeterminate)?;
            Some(StudyCategory {
                nerve: nerve.nerve.clone(),
                motor: nerve.kind == NerveConductionKind::Motor,
                side: nerve.side,
                category,
            })
        })
        .collect()
}
