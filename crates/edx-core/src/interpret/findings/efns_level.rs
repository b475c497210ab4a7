//! The EFNS/PNS 2010 electrodiagnostic criteria for demyelination across the study: the
//! parameters of [`super::efns`] gathered per nerve and side (a motor study and the F-wave study
//! of the same nerve are one nerve), the level they reach (definite, probable, possible), and the
//! study-wide finding that states it. Thresholds: EFNS/PNS 2010 (PMC8108415, table 2); nerve
//! counts per level: domain.md's EAN/PNS 2021 summary (§3.2).

use super::efns::{EfnsParameter, EfnsParameters, Met};
use super::{Demyelination, Finding, NerveReview, EFNS_SOURCE};
use crate::display;
use crate::interpret::flags::Place;
use crate::interpret::profiles::Measure;
use crate::model::NerveConductionKind;

/// The EFNS/PNS parameters one nerve of one side meets, from its motor and F-wave studies.
#[derive(Debug, Clone)]
pub(super) struct EfnsNerve {
    /// The nerve and side, as "Right median".
    label: String,
    /// The nerve.
    nerve: crate::model::Nerve,
    /// Its side.
    side: crate::model::Side,
    /// The parameters met.
    parameters: Vec<EfnsParameter>,
    /// Each parameter met, in words with its value.
    details: Vec<String>,
    /// Why a parameter could not be judged.
    not_judged: Vec<String>,
}

impl EfnsNerve {
    /// Whether the nerve meets at least one parameter.
    pub(super) fn meets_any(&self) -> bool {
        !self.parameters.is_empty()
    }

    fn meets(&self, parameter: EfnsParameter) -> bool {
        self.parameters.contains(&parameter)
    }

    fn meets_definite_other_than(&self, parameter: EfnsParameter) -> bool {
        self.parameters.iter().any(|met| met.is_definite() && *met != parameter)
    }

    fn push(&mut self, met: &Met) {
        self.parameters.push(met.parameter);
        self.details.push(format!("{} {}", met.parameter.code(), detail(met)));
    }
}

/// The level of the EFNS/PNS 2010 electrodiagnostic criteria reached (their electrodiagnostic
/// part only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EfnsLevel {
    /// Definite: a parameter in enough nerves for the definite level.
    Definite,
    /// Probable: probable conduction blocks in enough nerves.
    Probable,
    /// Possible: a parameter in one nerve only, or in too few for a higher level.
    Possible,
}

impl EfnsLevel {
    /// The level's name as the basis line that gives its rule begins.
    pub fn label(self) -> &'static str {
        match self {
            EfnsLevel::Definite => "Definite",
            EfnsLevel::Probable => "Probable",
            EfnsLevel::Possible => "Possible",
        }
    }
}

/// A parameter met, in words with its value and threshold.
fn detail(met: &Met) -> String {
    let Met { parameter, value, threshold, .. } = *met;
    match parameter {
        EfnsParameter::DistalLatency => format!("distal latency {value:.0} % of the upper limit"),
        EfnsParameter::Velocity => format!("velocity {value:.0} % of the lower limit"),
        EfnsParameter::ConductionBlock => format!("conduction block (amplitude drop {value:.0} %)"),
        EfnsParameter::ProbableConductionBlock => format!("probable conduction block (amplitude drop {value:.0} %)"),
        EfnsParameter::TemporalDispersion => format!("temporal dispersion (duration {})", display::change_pct(value)),
        EfnsParameter::DistalDuration => format!(
            "distal CMAP duration {} ms, at or above {threshold} ms (limits defined at a 2 Hz low-frequency filter)",
            display::fixed(value, 1)
        ),
        EfnsParameter::FWaveLatency => {
            format!("F-wave latency {value:.0} % of the upper limit (at least {threshold:.0} %)")
        }
        EfnsParameter::AbsentFWaves => format!("absent F waves (distal CMAP {value:.0} % of its lower limit)"),
    }
}

/// The parameters met per nerve and side, by the motor studies (I-A, I-B, I-E, I-F, I-G, II)
/// and then the F-wave studies (I-C, I-D) of that nerve; `efns` has one entry per review. Each
/// parameter counts once per study, at its strongest: the slowest segment, the largest drop
/// (a block in any segment outranks a probable one elsewhere), the largest spread.
pub(super) fn efns_nerves(reviews: &[NerveReview<'_>], efns: &[EfnsParameters]) -> Vec<EfnsNerve> {
    let mut nerves: Vec<EfnsNerve> = Vec::new();
    let mut entry = |review: &NerveReview<'_>| -> usize {
        let label = format!("{} {}", review.nerve.side, review.nerve.nerve.to_string().to_lowercase());
        if let Some(idx) = nerves.iter().position(|nerve| nerve.label == label) {
            return idx;
        }
        nerves.push(EfnsNerve {
            label,
            nerve: review.nerve.nerve.clone(),
            side: review.nerve.side,
            parameters: Vec::new(),
            details: Vec::new(),
            not_judged: Vec::new(),
        });
        nerves.len() - 1
    };
    // Slowing, block and dispersion across a common compression site (the ulnar nerve across
    // the elbow, the peroneal across the fibular head) belong to a focal lesion there: the
    // criteria's segments stop below the elbow and the fibular head, and the EAN/PNS-informed
    // calculator excludes compression sites (domain.md §3.2). They stay in the nerve's own
    // findings, and count nowhere here.
    let strongest = |review: &NerveReview<'_>, parameters: &EfnsParameters, parameter: EfnsParameter| {
        let beyond = |first: &&Met, second: &&Met| match parameter {
            EfnsParameter::Velocity => second.value.total_cmp(&first.value),
            _ => first.value.total_cmp(&second.value),
        };
        parameters
            .of(parameter)
            .filter(|met| match met.place {
                Place::Segment(segment_idx) => {
                    super::across_joint::across_entrapment_site(review.nerve, segment_idx).is_none()
                }
                Place::Site(_) => true,
            })
            .max_by(beyond)
            .copied()
    };
    let mut met: Vec<(usize, Met)> = Vec::new();
    let mut not_judged: Vec<(usize, &str)> = Vec::new();
    for (review, parameters) in reviews.iter().zip(efns) {
        if review.nerve.kind != NerveConductionKind::Motor {
            continue;
        }
        let idx = entry(review);
        let block = strongest(review, parameters, EfnsParameter::ConductionBlock)
            .or_else(|| strongest(review, parameters, EfnsParameter::ProbableConductionBlock));
        let strongest_of = [
            strongest(review, parameters, EfnsParameter::DistalLatency),
            strongest(review, parameters, EfnsParameter::Velocity),
            block,
            strongest(review, parameters, EfnsParameter::TemporalDispersion),
            strongest(review, parameters, EfnsParameter::DistalDuration),
        ];
        met.extend(strongest_of.into_iter().flatten().map(|parameter| (idx, parameter)));
    }
    for (review, parameters) in reviews.iter().zip(efns) {
        // An F-wave study counts as a nerve once its latency was held against a limit.
        if review.nerve.kind != NerveConductionKind::FWave
            || review.flags.get(Place::Site(0), Measure::FWaveMinimumLatency).is_none()
        {
            continue;
        }
        let idx = entry(review);
        met.extend(parameters.met.iter().map(|parameter| (idx, *parameter)));
        not_judged.extend(parameters.not_judged.iter().map(|note| (idx, note.as_str())));
    }
    for (idx, parameter) in met {
        nerves[idx].push(&parameter);
    }
    for (idx, note) in not_judged {
        nerves[idx].not_judged.push(note.to_string());
    }
    nerves.retain(|nerve| nerve.meets_any() || !nerve.not_judged.is_empty());
    nerves
}

/// The level the nerves reach, with the rule that reached it.
///
/// Definite: I-A, I-B, I-C or I-F in at least two nerves; I-D in two nerves with another
/// parameter in a third; I-E in two nerves, or in one with another parameter in another nerve;
/// I-G in one nerve with another parameter in another nerve. Probable: II in two nerves, or in
/// one with a parameter of I-A to I-G in another. Possible: a parameter of I-A to I-G in one
/// nerve only. The thresholds are EFNS/PNS 2010 (PMC8108415, table 2); the nerve counts per
/// parameter are not in that table as domain.md gives it, and are taken from domain.md's EAN/PNS
/// 2021 summary (§3.2), marked unverified there, which has the same structure.
fn efns_level(nerves: &[EfnsNerve]) -> Option<(EfnsLevel, Vec<String>)> {
    let count = |parameter: EfnsParameter| nerves.iter().filter(|nerve| nerve.meets(parameter)).count();
    // `parameter` in one nerve and another I-A to I-G parameter in a different nerve.
    let with_another_nerve = |parameter: EfnsParameter| {
        nerves.iter().enumerate().any(|(idx, nerve)| {
            nerve.meets(parameter)
                && nerves
                    .iter()
                    .enumerate()
                    .any(|(other_idx, other)| other_idx != idx && other.meets_definite_other_than(parameter))
        })
    };
    let mut definite = Vec::new();
    for parameter in [
        EfnsParameter::DistalLatency,
        EfnsParameter::Velocity,
        EfnsParameter::FWaveLatency,
        EfnsParameter::TemporalDispersion,
    ] {
        if count(parameter) >= 2 {
            definite.push(format!("{} in {} nerves", parameter.code(), count(parameter)));
        }
    }
    let absent_f_with_third = nerves.iter().enumerate().any(|(third_idx, third)| {
        third.meets_definite_other_than(EfnsParameter::AbsentFWaves)
            && nerves
                .iter()
                .enumerate()
                .filter(|(idx, nerve)| *idx != third_idx && nerve.meets(EfnsParameter::AbsentFWaves))
                .count()
                >= 2
    });
    if absent_f_with_third {
        definite.push("I-D in 2 nerves with another parameter in a third".into());
    }
    if count(EfnsParameter::ConductionBlock) >= 2 {
        definite.push(format!("I-E in {} nerves", count(EfnsParameter::ConductionBlock)));
    } else if with_another_nerve(EfnsParameter::ConductionBlock) {
        definite.push("I-E in 1 nerve with another parameter in another nerve".into());
    }
    if with_another_nerve(EfnsParameter::DistalDuration) {
        definite.push("I-G with another parameter in another nerve".into());
    }
    if !definite.is_empty() {
        return Some((EfnsLevel::Definite, definite));
    }
    let probable = count(EfnsParameter::ProbableConductionBlock);
    if probable >= 2 {
        return Some((EfnsLevel::Probable, vec![format!("II in {probable} nerves")]));
    }
    if with_another_nerve(EfnsParameter::ProbableConductionBlock) {
        return Some((EfnsLevel::Probable, vec!["II in 1 nerve with another parameter in another nerve".into()]));
    }
    let single: Vec<String> = EfnsParameter::DEFINITE
        .iter()
        .filter(|parameter| count(**parameter) > 0)
        .map(|parameter| {
            format!(
                "{} in {} nerve{}",
                parameter.code(),
                count(*parameter),
                if count(*parameter) == 1 { "" } else { "s" }
            )
        })
        .collect();
    (!single.is_empty()).then_some((EfnsLevel::Possible, single))
}

/// The EFNS/PNS 2010 electrodiagnostic criteria for demyelination: the parameters met per nerve
/// and the level (definite, probable, possible) they reach.
pub(super) fn efns_demyelination(nerves: &[EfnsNerve]) -> Option<Finding> {
    let n_nerves = nerves.iter().filter(|nerve| nerve.meets_any()).count();
    if n_nerves == 0 {
        return None;
    }
    let nerves_word = format!("{n_nerves} motor nerve{}", if n_nerves == 1 { "" } else { "s" });
    let level = efns_level(nerves);
    let statement = match &level {
        Some((EfnsLevel::Definite, _)) => format!("EFNS/PNS electrodiagnostic criteria for demyelination met at the definite level (parameters in {nerves_word}); consistent with a demyelinating neuropathy when the clinical picture fits."),
        Some((EfnsLevel::Probable, _)) => format!("EFNS/PNS electrodiagnostic criteria for demyelination met at the probable level (parameters in {nerves_word}); consistent with a demyelinating neuropathy when the clinical picture fits."),
        Some((EfnsLevel::Possible, _)) if n_nerves == 1 => "EFNS/PNS electrodiagnostic criteria for demyelination met at the possible level (parameters in 1 motor nerve); consistent with demyelination, though a single nerve may reflect a focal lesion.".to_string(),
        Some((EfnsLevel::Possible, _)) => format!("EFNS/PNS electrodiagnostic criteria for demyelination met at the possible level (parameters in {nerves_word}, none in enough nerves for a higher level); consistent with demyelination, though it may reflect focal lesions."),
        None => format!("EFNS/PNS probable conduction block (II) in {nerves_word} only, short of any EFNS/PNS level; consistent with a focal lesion of that nerve."),
    };
    let mut basis: Vec<String> = nerves
        .iter()
        .filter(|nerve| nerve.meets_any())
        .map(|nerve| format!("{}: {}.", nerve.label, nerve.details.join("; ")))
        .collect();
    if let Some((level, rules)) = &level {
        basis.push(format!("{}: {}.", level.label(), rules.join("; ")));
    }
    basis.extend(
        nerves.iter().flat_map(|nerve| nerve.not_judged.iter().map(|note| format!("{}: {note}.", nerve.label))),
    );
    basis.push("The EFNS/PNS levels combine these electrodiagnostic criteria with clinical ones; only the electrodiagnostic part is assessed here.".into());
    let demyelination = Demyelination {
        level: level.map(|(level, _)| level),
        nerves: nerves
            .iter()
            .filter(|nerve| nerve.meets_any())
            .map(|nerve| (nerve.nerve.clone(), nerve.side))
            .collect(),
    };
    Some(
        Finding::abnormal(statement)
            .demyelination(demyelination)
            .basis(basis)
            .sources([EFNS_SOURCE, "Nerve counts per level as summarised in domain.md §3.2 (EAN/PNS 2021, Van den Bergh et al., Eur J Neurol 2021;28:3556), marked unverified there"])
            .plain(crate::interpret::patient::en::FINDING_DEMYELINATION_CRITERIA),
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{review_demo, review_nerves, study_finding};
    use crate::interpret::StudyReview;
    use crate::model::Nerve;

    /// The study-wide EFNS/PNS finding.
    #[track_caller]
    fn efns_finding(review: &StudyReview) -> &crate::interpret::Finding {
        study_finding(review, "EFNS/PNS")
    }

    /// The F-wave study of `nerve` in the normal late-response demo with every sample after the
    /// M wave set to zero: a train without F waves.
    fn f_train_without_f_waves(nerve: Nerve) -> crate::model::NerveConduction {
        let late = crate::synth::demos::build("late-responses-normal").unwrap();
        let mut study = late
            .nerve_conductions
            .into_iter()
            .find(|study| study.nerve == nerve && study.kind == crate::model::NerveConductionKind::FWave)
            .unwrap();
        for sweep in study.sites.iter_mut().flat_map(|site| &mut site.sweeps) {
            let (first_ms, sample_ms) = (sweep.first_sample_ms, 1_000.0 / sweep.sampling_rate_hz);
            for (sample_idx, sample) in sweep.samples.iter_mut().enumerate() {
                if first_ms + sample_idx as f64 * sample_ms > 15.0 {
                    *sample = 0.0;
                }
            }
        }
        study
    }

    #[test]
    fn efns_counts_prolonged_f_waves_as_i_c_and_reaches_the_definite_level() {
        let review = review_demo("demyelinating-polyneuropathy", |_| true);
        let finding = efns_finding(&review);
        assert!(finding.statement.contains("met at the definite level"), "{}", finding.statement);
        assert!(finding.statement.contains("consistent with a demyelinating neuropathy"), "{}", finding.statement);
        let median = finding.basis.iter().find(|basis| basis.starts_with("Right median:")).expect("median");
        assert!(median.contains("I-C F-wave latency") && median.contains("(at least 130 %)"), "{median}");
    }

    #[test]
    fn efns_parameters_of_one_nerve_reach_only_the_possible_level() {
        // The median motor and F-wave studies are one nerve: II, I-F and I-C together are still
        // one nerve, the possible level.
        let review = review_demo("demyelinating-polyneuropathy", |nerve| nerve.nerve == Nerve::Median);
        let finding = efns_finding(&review);
        assert!(
            finding.statement.contains("met at the possible level (parameters in 1 motor nerve)"),
            "{}",
            finding.statement
        );
        assert!(finding.basis.iter().any(|basis| basis.starts_with("Right median:") && basis.contains("I-C")));
    }

    #[test]
    fn absent_f_waves_with_a_good_cmap_count_as_i_d_and_need_a_third_nerve_for_definite() {
        use crate::synth::ncs::NerveSpec;
        let two_nerves = vec![
            NerveSpec::median_motor().simulate().study,
            f_train_without_f_waves(Nerve::Median),
            NerveSpec::ulnar_motor().simulate().study,
            f_train_without_f_waves(Nerve::Ulnar),
        ];
        let review = review_nerves(two_nerves.clone());
        let finding = efns_finding(&review);
        assert!(
            finding.basis.iter().any(|basis| basis.starts_with("Right median: I-D absent F waves")),
            "{:?}",
            finding.basis
        );
        assert!(finding.statement.contains("possible level"), "{}", finding.statement);

        let demyelinated = crate::synth::demos::build("demyelinating-polyneuropathy").unwrap();
        let peroneal = demyelinated.nerve_conductions.into_iter().find(|nerve| nerve.nerve == Nerve::Peroneal).unwrap();
        let review = review_nerves([two_nerves, vec![peroneal]].concat());
        let finding = efns_finding(&review);
        assert!(finding.statement.contains("definite level"), "{}", finding.statement);
        assert!(
            finding.basis.iter().any(|basis| basis.contains("I-D in 2 nerves with another parameter in a third")),
            "{:?}",
            finding.basis
        );
    }

    #[test]
    fn absent_f_waves_without_a_motor_study_are_not_judged() {
        let review = review_nerves(vec![f_train_without_f_waves(Nerve::Median)]);
        assert!(
            !review.findings.iter().any(|finding| finding.statement.contains("EFNS/PNS")),
            "{:#?}",
            review.findings
        );
    }

    #[test]
    fn probable_blocks_in_two_nerves_reach_the_probable_level() {
        use crate::synth::ncs::{NerveSpec, SegmentPathology};
        let partial_block = SegmentPathology { velocity_factor: 1.0, dispersion: 0.0, block_fraction: 0.4 };
        let mut median = NerveSpec::median_motor();
        median.sites[1].pathology = partial_block;
        let mut ulnar = NerveSpec::ulnar_motor();
        ulnar.sites[1].pathology = partial_block;
        let review = review_nerves(vec![median.simulate().study, ulnar.simulate().study]);
        let finding = efns_finding(&review);
        assert!(finding.statement.contains("met at the probable level"), "{}\n{:#?}", finding.statement, finding.basis);
        assert!(finding.basis.iter().any(|basis| basis == "Probable: II in 2 nerves."), "{:?}", finding.basis);
    }
}
