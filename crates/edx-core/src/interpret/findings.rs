//! Findings: what the measurements of each nerve, and of the study as a whole, are consistent
//! with. Each finding lists the measurements and the rule it rests on, with the rule's source,
//! and a plain-language sentence for the patient. Wording is "consistent with", never a
//! diagnosis (domain.md §6).

use super::comparisons::{Comparison, ComparisonKind};
use super::criteria::*;
use super::flags::{NerveFlags, Place};
use super::profiles::{same_site, Measure};
use crate::display;
use crate::model::{Nerve, NerveConduction, NerveConductionKind, Side};
use crate::ncs::NerveAnalysis;

/// One nerve with its analysis and flags: what findings are drawn from.
#[derive(Debug, Clone, Copy)]
pub struct NerveReview<'a> {
    /// The study.
    pub nerve: &'a NerveConduction,
    /// Its measurements.
    pub analysis: &'a NerveAnalysis,
    /// Its values against the chosen profile.
    pub flags: &'a NerveFlags,
}

/// How severe a finding is, where a published grading gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Mild.
    Mild,
    /// Moderate.
    Moderate,
    /// Severe.
    Severe,
}

impl Severity {
    /// The word.
    pub fn word(self) -> &'static str {
        match self {
            Severity::Mild => "mild",
            Severity::Moderate => "moderate",
            Severity::Severe => "severe",
        }
    }
}

/// What one nerve's finding shows: the per-nerve patterns of the axon loss against
/// demyelination table (JNNP, domain.md §3.1), a conduction block, or nothing that can be judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NerveCategory {
    /// Within normal limits.
    Normal,
    /// Small or absent responses with velocities outside the demyelinating range: loss of
    /// conducting axons.
    AxonLoss,
    /// Slowing, prolonged latencies or temporal dispersion with preserved amplitudes.
    DemyelinatingFeatures,
    /// A drop of the response between two sites that meets a definition of conduction block.
    ConductionBlock,
    /// The measurements cannot be judged: no limit of the profile applies, nothing was recorded,
    /// or the pattern fits axon loss and demyelination alike.
    Indeterminate,
}

impl NerveCategory {
    /// The category in words, as a report heads it.
    pub fn word(self) -> &'static str {
        match self {
            NerveCategory::Normal => "normal",
            NerveCategory::AxonLoss => "axon loss",
            NerveCategory::DemyelinatingFeatures => "demyelinating features",
            NerveCategory::ConductionBlock => "conduction block",
            NerveCategory::Indeterminate => "indeterminate",
        }
    }
}

/// A finding.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// The statement, worded "consistent with".
    pub statement: String,
    /// Whether it describes something outside normal limits.
    pub is_abnormal: bool,
    /// The measurements and the rule it rests on.
    pub basis: Vec<String>,
    /// Sources of the rules.
    pub sources: Vec<String>,
    /// The finding in plain language for the patient.
    pub plain_language: String,
    /// Severity, where a published grading gives one.
    pub severity: Option<Severity>,
    /// For a finding about one nerve, what it shows; `None` for findings across the study.
    pub category: Option<NerveCategory>,
}

const EFNS_SOURCE: &str =
    "EFNS/PNS CIDP guideline 2010, electrodiagnostic criteria as tabulated in PMC8108415, table 2";
const AAN_SOURCE: &str =
    "AAN 1991 research criteria for CIDP, criterion 2 (conduction block and temporal dispersion), as tabulated in JNNP (domain.md §3.2)";
const BLAND_SOURCE: &str =
    "Bland JDP. A neurophysiological grading scale for carpal tunnel syndrome. Muscle Nerve 2000;23:1280";
const PADUA_SOURCE: &str =
    "Padua L et al. Neurophysiological classification of carpal tunnel syndrome (600 hands), 1997";
const AXON_DEMYELINATION_SOURCE: &str =
    "Typical NCS abnormalities with axon loss or demyelination, JNNP table (probably Mallik & Weir 2005)";

/// Preston & Shapiro's appendix footnote (domain.md §1.1): F latencies depend on limb length.
const F_HEIGHT_NOTE: &str = "F-wave latencies lengthen with height: for tall or short patients they must be normalised for height (Preston & Shapiro appendix).";
const LATE_PLAIN: &str = "F waves and H reflexes are signals that travel up to the spinal cord and back. They check the parts of the nerve closest to the spine.";

/// Findings of an F-wave or H-reflex study.
fn late_findings(
    nerve: &NerveConduction,
    late: &crate::ncs::LateAnalysis,
    flags: &NerveFlags,
    name: &str,
) -> Vec<Finding> {
    match late {
        crate::ncs::LateAnalysis::FWaves(f_waves) => {
            let mut basis = vec![format!(
                "{} of {} stimuli evoked an F wave (persistence {:.0} %); latencies {} ms (chronodispersion {} ms).",
                f_waves.sweeps.iter().filter(|sweep| sweep.response.is_some()).count(),
                f_waves.sweeps.len(),
                f_waves.persistence_pct,
                match (f_waves.minimum_latency_ms, f_waves.maximum_latency_ms) {
                    (Some(minimum), Some(maximum)) =>
                        format!("{}–{}", display::latency_ms(minimum), display::latency_ms(maximum)),
                    _ => "–".into(),
                },
                f_waves.chronodispersion_ms.map_or("–".into(), display::latency_ms)
            )];
            basis.push(F_HEIGHT_NOTE.into());
            let flag = flags.get(Place::Site(0), Measure::FWaveMinimumLatency);
            // Absent F waves fit a proximal block, axon loss or a technical cause alike; a latency
            // prolonged into EFNS/PNS I-C's range (at least 130 % of the upper limit) is a
            // demyelinating feature, a slighter prolongation fits either pattern (JNNP table).
            let (statement, is_abnormal, plain, category) = match (flag, f_waves.minimum_latency_ms) {
                (Some(_), None) => (
                    format!("{name}: no F waves in {} stimuli; consistent with a conduction problem in the proximal nerve or roots, or with a severely reduced response.", f_waves.sweeps.len()),
                    true,
                    format!("{LATE_PLAIN} None came back from the {} nerve.", nerve.nerve.to_string().to_lowercase()),
                    NerveCategory::Indeterminate,
                ),
                (Some(flag), Some(_)) if flag.is_abnormal => (
                    format!("{name}: {}; consistent with slowing along the proximal nerve or roots.", flag.describe(false)),
                    true,
                    format!("{LATE_PLAIN} They came back later than normal from the {} nerve, which suggests slowing close to the spine.", nerve.nerve.to_string().to_lowercase()),
                    if flag.percent_of_limit().is_some_and(|pct| pct >= EFNS_F_LATENCY_PCT_OF_ULN) {
                        NerveCategory::DemyelinatingFeatures
                    } else {
                        NerveCategory::Indeterminate
                    },
                ),
                (Some(flag), Some(_)) => (format!("{name}: {}.", flag.describe(false)), false, format!("{LATE_PLAIN} They came back in normal time."), NerveCategory::Normal),
                (None, _) => (
                    format!("{name}: minimum F-wave latency {} ms; no limit of the chosen profile applies, so it is not labelled.", f_waves.minimum_latency_ms.map_or("–".into(), display::latency_ms)),
                    false,
                    format!("{LATE_PLAIN} There is no matching normal range to compare them with."),
                    NerveCategory::Indeterminate,
                ),
            };
            vec![Finding {
                statement,
                is_abnormal,
                basis,
                sources: flag.map(|flag| vec![flag.limit.source.clone()]).unwrap_or_default(),
                plain_language: plain,
                severity: None,
                category: Some(category),
            }]
        }
        crate::ncs::LateAnalysis::HReflex(h_reflex) => {
            let statement = match (h_reflex.latency_ms, h_reflex.amplitude_uv) {
                (Some(latency), Some(amplitude)) => format!(
                    "{name}: H reflex at {} ms, {} mV{}; measured, not labelled (the commonly quoted upper limit of about 34 ms is unverified; compare with the other side: a difference over 1.5 ms is abnormal).",
                    display::latency_ms(latency),
                    display::fixed(amplitude / 1000.0, 1),
                    h_reflex.h_to_m_pct.map(|ratio| format!(", H/M {ratio:.0} %")).unwrap_or_default()
                ),
                _ => format!("{name}: no H reflex in {} stimuli.", h_reflex.sweeps.len()),
            };
            vec![Finding {
                statement,
                is_abnormal: false,
                basis: vec![format!("Largest H reflex of {} stimuli; M max {}.", h_reflex.sweeps.len(), h_reflex.m_max_uv.map_or("–".into(), |m| format!("{} mV", display::fixed(m / 1000.0, 1))))],
                sources: vec!["H reflex side-to-side latency difference < 1.5 ms in healthy subjects (PubMed 8291959, domain.md §2)".into()],
                plain_language: LATE_PLAIN.into(),
                severity: None,
                category: Some(NerveCategory::Indeterminate),
            }]
        }
    }
}

/// Findings for one nerve.
pub fn nerve_findings(review: NerveReview<'_>) -> Vec<Finding> {
    let NerveReview { nerve, analysis, flags } = review;
    let name = format!("{} {} {}", nerve.side, nerve.nerve.to_string().to_lowercase(), nerve.kind);
    let is_motor = nerve.kind == NerveConductionKind::Motor;
    // The plain-language name says which fibres were tested, so motor and sensory findings of the
    // same nerve read differently.
    let plain_nerve = format!(
        "{} nerve's {}",
        nerve.nerve.to_string().to_lowercase(),
        if is_motor { "movement fibres" } else { "feeling fibres" }
    );
    if let Some(late) = &analysis.late {
        return late_findings(nerve, late, flags, &name);
    }
    let mut findings = Vec::new();
    let distal = analysis.sites.first();
    let nothing_recorded = nerve.sites.first().is_some_and(|site| site.sweeps.is_empty() && site.reported.is_none());
    if nothing_recorded {
        // No sweep and no reported value: not an absent response, a study that cannot be judged.
        let site_name = &nerve.sites[0].name;
        findings.push(Finding {
            statement: format!("{name}: nothing was recorded from {site_name}, so the study cannot be judged."),
            is_abnormal: false,
            basis: vec![format!("No sweep and no reported value at {site_name}.")],
            sources: Vec::new(),
            plain_language: format!(
                "The {} nerve's test holds no recording, so it cannot be judged.",
                nerve.nerve.to_string().to_lowercase()
            ),
            severity: None,
            category: Some(NerveCategory::Indeterminate),
        });
        return findings;
    }
    if distal.is_some_and(|site| site.measures.is_none()) {
        let site_name = nerve.sites.first().map_or("the distal site", |site| site.name.as_str());
        findings.push(Finding {
            statement: format!("{name}: no response from {site_name}; consistent with severe loss of conducting fibres or a block distal to the stimulation site."),
            is_abnormal: true,
            basis: vec![format!("No response rose above the noise at {site_name}.")],
            sources: vec![AXON_DEMYELINATION_SOURCE.into()],
            plain_language: format!("No signal could be recorded from the {} nerve{}. This usually means many of its fibres are not working.", nerve.nerve.to_string().to_lowercase(), if is_motor { "'s muscle" } else { "" }),
            severity: Some(Severity::Severe),
            category: Some(NerveCategory::AxonLoss),
        });
        return findings;
    }
    if flags.flags.is_empty() {
        findings.push(Finding {
            statement: format!("{name}: measured, but no reference limit of the chosen profile applies, so the values are not labelled normal or abnormal."),
            is_abnormal: false,
            basis: flags.notes.clone(),
            sources: Vec::new(),
            plain_language: format!("The {} nerve was measured, but there is no matching normal range to compare it with.", nerve.nerve.to_string().to_lowercase()),
            severity: None,
            category: Some(NerveCategory::Indeterminate),
        });
        return findings;
    }

    let percent = |measure: Measure, place: Place| {
        flags.get(place, measure).and_then(|flag| flag.percent_of_limit().map(|pct| (pct, flag)))
    };
    let mut demyelinating = Vec::new();
    if let Some((pct, flag)) = percent(Measure::DistalOnsetLatency, Place::Site(0)) {
        if is_motor && pct >= EFNS_DISTAL_LATENCY_PCT_OF_ULN {
            demyelinating.push(format!(
                "Distal latency {} ms is {pct:.0} % of the upper limit {} ms (EFNS/PNS I-A: at least 150 %).",
                display::latency_ms(flag.value.unwrap_or(f64::NAN)),
                flag.limit.bound.value()
            ));
        }
    }
    for (segment_idx, _) in analysis.segments.iter().enumerate() {
        if let Some((pct, flag)) = percent(Measure::ConductionVelocity, Place::Segment(segment_idx)) {
            if is_motor && pct <= EFNS_VELOCITY_PCT_OF_LLN {
                demyelinating.push(format!(
                    "{} velocity {} m/s is {pct:.0} % of the lower limit {} m/s (EFNS/PNS I-B: at most 70 %).",
                    segment_name(nerve, segment_idx),
                    display::velocity_m_per_s(flag.value.unwrap_or(f64::NAN)),
                    flag.limit.bound.value()
                ));
            }
        }
    }
    let in_demyelinating_range = !demyelinating.is_empty();
    if in_demyelinating_range {
        findings.push(Finding {
            statement: format!("{name}: slowing in the demyelinating range; consistent with demyelination."),
            is_abnormal: true,
            basis: demyelinating,
            sources: vec![EFNS_SOURCE.into()],
            plain_language: format!("Signals travel much more slowly than normal in the {plain_nerve}. This usually points to damage of the nerve's insulating layer (myelin)."),
            severity: None,
            category: Some(NerveCategory::DemyelinatingFeatures),
        });
    }

    if is_motor {
        let distal_lln_pct = percent(Measure::DistalAmplitude, Place::Site(0)).map(|(pct, _)| pct);
        for segment_idx in 0..analysis.segments.len() {
            if let Some(finding) = segment_block_finding(nerve, analysis, segment_idx, distal_lln_pct, &name) {
                findings.push(finding);
            }
        }
    }

    let amplitude_flag = flags.get(Place::Site(0), Measure::DistalAmplitude).filter(|flag| flag.is_abnormal);
    if let Some(flag) = amplitude_flag {
        let (value, unit) = display::amplitude(flag.value.unwrap_or(0.0), is_motor);
        let (limit, _) = display::amplitude(flag.limit.bound.value(), is_motor);
        let statement = if in_demyelinating_range {
            format!("{name}: reduced amplitude ({value} {unit}, lower limit {limit} {unit}) alongside demyelinating features; consistent with secondary axon loss or distal block.")
        } else if is_motor {
            format!("{name}: reduced distal amplitude ({value} {unit}, lower limit {limit} {unit}) with velocities outside the demyelinating range; consistent with axon loss.")
        } else {
            format!("{name}: reduced sensory amplitude ({value} {unit}, lower limit {limit} {unit}); consistent with loss of sensory axons.")
        };
        findings.push(Finding {
            statement,
            is_abnormal: true,
            basis: vec![format!("Amplitude {value} {unit} against a lower limit of {limit} {unit}.")],
            sources: vec![flag.limit.source.clone(), AXON_DEMYELINATION_SOURCE.into()],
            plain_language: format!("The response of the {plain_nerve} is smaller than normal. The size roughly reflects how many fibres answered, so fewer fibres are working."),
            severity: None,
            category: Some(NerveCategory::AxonLoss),
        });
    }
    let slow: Vec<String> = flags
        .flags
        .iter()
        .filter(|flag| {
            flag.is_abnormal
                && matches!(
                    flag.measure,
                    Measure::DistalOnsetLatency | Measure::DistalPeakLatency | Measure::ConductionVelocity
                )
        })
        .map(|flag| format!("{}.", capitalise(&flag.describe(is_motor))))
        .collect();
    if !slow.is_empty() && !in_demyelinating_range {
        // Slowing short of the demyelinating range fits both patterns of the JNNP table. A
        // preserved amplitude points to demyelination; with a small one it stays undecided.
        let amplitude = flags.get(Place::Site(0), Measure::DistalAmplitude);
        let (category, reading) = match amplitude {
            Some(flag) if !flag.is_abnormal => (
                NerveCategory::DemyelinatingFeatures,
                "With a normal amplitude the slowing is not explained by axon loss (axon loss against demyelination table).",
            ),
            Some(_) => (
                NerveCategory::Indeterminate,
                "With a reduced amplitude the slowing fits the loss of the fastest fibres and demyelination alike (axon loss against demyelination table).",
            ),
            None => (NerveCategory::Indeterminate, "The amplitude is not labelled, so axon loss and demyelination cannot be told apart."),
        };
        let mut basis = slow;
        basis.push(reading.into());
        findings.push(Finding {
            statement: format!("{name}: slowing outside normal limits but not in the demyelinating range; consistent with focal or mild demyelination, or with loss of the fastest fibres."),
            is_abnormal: true,
            basis,
            sources: flags.flags.iter().filter(|flag| flag.is_abnormal).map(|flag| flag.limit.source.clone()).take(1).collect(),
            plain_language: format!("Signals are somewhat slower than normal in the {plain_nerve}."),
            severity: None,
            category: Some(category),
        });
    }
    if findings.is_empty() {
        findings.push(Finding {
            statement: format!("{name}: within normal limits."),
            is_abnormal: false,
            basis: flags.flags.iter().map(|flag| format!("{}.", capitalise(&flag.describe(is_motor)))).collect(),
            sources: flags.flags.first().map(|flag| flag.limit.source.clone()).into_iter().collect(),
            plain_language: format!(
                "The {} nerve works normally in this test.",
                nerve.nerve.to_string().to_lowercase()
            ),
            severity: None,
            category: Some(NerveCategory::Normal),
        });
    }
    findings
}

/// What the AAN 1991 criterion 2 calls a segment's change (domain.md §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AanSegmentChange {
    /// Partial conduction block: area or peak-to-peak drop over 20 %, duration change under 15 %.
    ConductionBlock,
    /// Abnormal temporal dispersion and possible conduction block: the same drop, duration
    /// change over 15 %.
    DispersionWithPossibleBlock,
}

/// A conduction block or temporal dispersion finding for segment `segment_idx` of a motor nerve,
/// by the EFNS/PNS 2010 and the AAN 1991 definitions, naming the definitions met.
fn segment_block_finding(
    nerve: &NerveConduction,
    analysis: &NerveAnalysis,
    segment_idx: usize,
    distal_lln_pct: Option<f64>,
    name: &str,
) -> Option<Finding> {
    let segment = &analysis.segments[segment_idx];
    let finite = |value: &f64| value.is_finite();
    let amplitude_drop_pct = segment.amplitude_change_pct.map(|change| -change).filter(finite);
    let area_drop_pct = segment.area_change_pct.map(|change| -change).filter(finite);
    let peak_to_peak_drop_pct = analysis.sites[segment.distal_site_idx]
        .measures
        .zip(analysis.sites[segment.proximal_site_idx].measures)
        .map(|(distal, proximal)| 100.0 * (distal.peak_to_peak_uv - proximal.peak_to_peak_uv) / distal.peak_to_peak_uv)
        .filter(finite);
    let duration_change_pct = segment.duration_change_pct.filter(finite);
    let distal_enough = distal_lln_pct.is_some_and(|pct| pct >= EFNS_BLOCK_MIN_DISTAL_PCT_OF_LLN);
    let mut met: Vec<&str> = Vec::new();
    let mut rules: Vec<&str> = Vec::new();
    let efns_block = amplitude_drop_pct.is_some_and(|drop| drop >= EFNS_BLOCK_DROP_PCT) && distal_enough;
    let efns_probable_block = !efns_block
        && amplitude_drop_pct.is_some_and(|drop| drop >= EFNS_PROBABLE_BLOCK_DROP_PCT)
        && distal_enough
        && nerve.nerve != Nerve::Tibial;
    let efns_dispersion = duration_change_pct.is_some_and(|change| change > EFNS_DISPERSION_DURATION_INCREASE_PCT);
    if efns_block {
        met.push("EFNS/PNS I-E");
        rules.push("EFNS/PNS I-E: at least 50 % drop with the distal response at least 20 % of its lower limit.");
    }
    if efns_probable_block {
        met.push("EFNS/PNS II");
        rules.push("EFNS/PNS II: at least 30 % drop (tibial excluded) with the distal response at least 20 % of its lower limit.");
    }
    if efns_dispersion {
        met.push("EFNS/PNS I-F");
        rules.push("EFNS/PNS I-F: duration increase of more than 30 %.");
    }
    let distal_site = &nerve.sites[segment.distal_site_idx].name;
    let proximal_site = &nerve.sites[segment.proximal_site_idx].name;
    let aan_drop_pct = area_drop_pct.into_iter().chain(peak_to_peak_drop_pct).reduce(f64::max);
    // The AAN wording is a duration change under or over 15 %: a shorter proximal response is
    // not a dispersed one, so the signed increase is held against 15 %; exactly 15 % is neither.
    let aan = match (aan_drop_pct, duration_change_pct) {
        (Some(drop), Some(change))
            if drop > AAN_BLOCK_DROP_PCT && is_aan_block_segment(&nerve.nerve, distal_site, proximal_site) =>
        {
            if change < AAN_DISPERSION_DURATION_CHANGE_PCT {
                Some(AanSegmentChange::ConductionBlock)
            } else if change > AAN_DISPERSION_DURATION_CHANGE_PCT {
                Some(AanSegmentChange::DispersionWithPossibleBlock)
            } else {
                None
            }
        }
        _ => None,
    };
    match aan {
        Some(AanSegmentChange::ConductionBlock) => {
            met.push("AAN conduction block");
            rules.push("AAN 1991: drop of more than 20 % in negative-peak area or peak-to-peak amplitude with a duration change under 15 %.");
        }
        Some(AanSegmentChange::DispersionWithPossibleBlock) => {
            met.push("AAN temporal dispersion with possible conduction block");
            rules.push("AAN 1991: drop of more than 20 % in negative-peak area or peak-to-peak amplitude with a duration change over 15 %.");
        }
        None => {}
    }
    if met.is_empty() {
        return None;
    }
    let segment_label = segment_name(nerve, segment_idx).to_lowercase();
    let mut basis = Vec::new();
    if let Some(drop) = amplitude_drop_pct {
        basis.push(format!("Amplitude falls {drop:.0} % from {segment_label}."));
    }
    if let Some(drop) = area_drop_pct {
        basis.push(format!("Negative-peak area falls {drop:.0} %."));
    }
    if let Some(drop) = peak_to_peak_drop_pct {
        basis.push(format!("Peak-to-peak amplitude falls {drop:.0} %."));
    }
    if let Some(change) = duration_change_pct {
        basis.push(format!("Duration changes {} over the segment.", display::change_pct(change)));
    }
    basis.extend(rules.iter().map(|rule| rule.to_string()));
    let is_block = efns_block || aan == Some(AanSegmentChange::ConductionBlock);
    let is_dispersed = efns_dispersion || aan == Some(AanSegmentChange::DispersionWithPossibleBlock);
    let headline = if is_block {
        "conduction block"
    } else if efns_probable_block {
        "probable conduction block"
    } else if aan == Some(AanSegmentChange::DispersionWithPossibleBlock) {
        "temporal dispersion with possible conduction block"
    } else {
        "abnormal temporal dispersion"
    };
    let with_dispersion =
        if (is_block || efns_probable_block) && is_dispersed { ", with temporal dispersion" } else { "" };
    let meaning = if is_block || efns_probable_block {
        "consistent with focal demyelination there"
    } else {
        "consistent with demyelination"
    };
    let mut sources = Vec::new();
    if efns_block || efns_probable_block || efns_dispersion {
        sources.push(EFNS_SOURCE.to_string());
    }
    if aan.is_some() {
        sources.push(AAN_SOURCE.to_string());
    }
    let plain_language = if is_block || efns_probable_block {
        "The signal got through below one point on the nerve, but much less of it got through from above that point, like a partial roadblock."
    } else {
        "The response spreads out in time along the nerve, because some fibres carry the signal much more slowly than others."
    };
    Some(Finding {
        statement: format!(
            "{name}: {headline} between {segment_label}{with_dispersion} (meets {}); {meaning}.",
            join_words(&met)
        ),
        is_abnormal: true,
        basis,
        sources,
        plain_language: plain_language.into(),
        severity: None,
        category: Some(if is_block || efns_probable_block {
            NerveCategory::ConductionBlock
        } else {
            NerveCategory::DemyelinatingFeatures
        }),
    })
}

/// "a", "a and b", "a, b and c".
fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [only] => only.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "Wrist – Elbow" for segment `segment_idx`.
fn segment_name(nerve: &NerveConduction, segment_idx: usize) -> String {
    format!("{} – {}", nerve.sites[segment_idx].name, nerve.sites[segment_idx + 1].name)
}

fn capitalise(text: &str) -> String {
    let mut characters = text.chars();
    characters.next().map(|first| first.to_uppercase().collect::<String>() + characters.as_str()).unwrap_or_default()
}

/// Findings across the study: entrapment patterns (carpal tunnel grading uses the
/// median-against-ulnar `comparisons`), polyneuropathy, and the EFNS/PNS count.
pub fn study_findings(reviews: &[NerveReview<'_>], comparisons: &[Comparison]) -> Vec<Finding> {
    let mut findings = Vec::new();
    findings.extend(carpal_tunnel(reviews, comparisons));
    findings.extend(ulnar_at_elbow(reviews));
    findings.extend(peroneal_at_fibular_head(reviews));
    findings.extend(efns_demyelination(reviews));
    findings.extend(polyneuropathy(reviews));
    findings
}

fn find<'a>(reviews: &'a [NerveReview<'a>], nerve: &Nerve, kind: NerveConductionKind) -> Option<&'a NerveReview<'a>> {
    reviews.iter().find(|review| &review.nerve.nerve == nerve && review.nerve.kind == kind)
}

fn is_abnormal(review: &NerveReview<'_>) -> bool {
    review.flags.any_abnormal() || review.analysis.sites.first().is_some_and(|site| site.measures.is_none())
}

/// Recording sites of the routine median digit–wrist sensory study that Bland's grades 2–4 and
/// Padua's MILD to SEV classes rest on: the index or middle finger. The ring finger (digit 4)
/// and the palm belong to the comparative tests.
const MEDIAN_DIGIT_WRIST_SITES: &[&str] =
    &["Digit 2", "D2", "Index finger", "Index", "Digit 3", "D3", "Middle finger", "Middle"];
/// The recording sites of the median motor study Bland grades: abductor pollicis brevis.
const APB_SITES: &[&str] = &["APB", "Abductor pollicis brevis"];

/// Bland and Padua grades of the median nerve at the wrist, one per side with a median motor and
/// a median digit 2 or 3 sensory study, when the ulnar studies of that side (if done) are normal.
fn carpal_tunnel(reviews: &[NerveReview<'_>], comparisons: &[Comparison]) -> Vec<Finding> {
    [Side::Right, Side::Left].into_iter().filter_map(|side| carpal_tunnel_on(side, reviews, comparisons)).collect()
}

/// [`carpal_tunnel`] for one side.
fn carpal_tunnel_on(side: Side, reviews: &[NerveReview<'_>], comparisons: &[Comparison]) -> Option<Finding> {
    let on_side = |review: &&NerveReview<'_>| review.nerve.side == side;
    let recorded_at = |review: &NerveReview<'_>, names: &[&str]| {
        names.iter().any(|name| same_site(name, &review.nerve.recording_site))
    };
    let median_motors: Vec<&NerveReview<'_>> = reviews
        .iter()
        .filter(on_side)
        .filter(|review| review.nerve.nerve == Nerve::Median && review.nerve.kind == NerveConductionKind::Motor)
        .collect();
    let motor = median_motors.iter().find(|review| recorded_at(review, APB_SITES)).or_else(|| median_motors.first())?;
    // The digit 2 or 3 study, whatever its place in the file: a ring-finger or palm study is a
    // comparison test and is graded through the comparisons below.
    let sensory = reviews.iter().filter(on_side).find(|review| {
        review.nerve.nerve == Nerve::Median
            && matches!(
                review.nerve.kind,
                NerveConductionKind::SensoryAntidromic | NerveConductionKind::SensoryOrthodromic
            )
            && recorded_at(review, MEDIAN_DIGIT_WRIST_SITES)
    })?;
    // Abnormal ulnar studies make the slowing look generalised, and they distort the
    // median-against-ulnar comparisons, so no grade is given.
    let ulnar_abnormal = reviews
        .iter()
        .filter(on_side)
        .filter(|review| review.nerve.nerve == Nerve::Ulnar && review.analysis.late.is_none())
        .any(is_abnormal);
    if ulnar_abnormal {
        return None;
    }
    let judged_comparisons: Vec<&Comparison> = comparisons
        .iter()
        .filter(|comparison| {
            comparison.kind == ComparisonKind::MedianAgainstUlnar(side) && comparison.is_abnormal.is_some()
        })
        .collect();
    let comparison_abnormal = judged_comparisons.iter().any(|comparison| comparison.is_abnormal == Some(true));
    let motor_abnormal = is_abnormal(motor);
    let motor_distal = motor.analysis.sites.first().and_then(|site| site.measures);
    let latency_ms = motor_distal.map(|measures| measures.onset_latency_ms);
    let cmap_uv = motor_distal.map_or(0.0, |measures| measures.amplitude_uv);
    let latency_flag = motor.flags.get(Place::Site(0), Measure::DistalOnsetLatency);
    let latency_abnormal = latency_flag.is_some_and(|flag| flag.is_abnormal);
    let sensory_absent = sensory.analysis.sites.first().is_some_and(|site| site.measures.is_none());
    let sensory_abnormal = sensory_absent || sensory.flags.any_abnormal();
    // "All normal" needs values that were held against limits: the distal motor latency and a
    // sensory latency or velocity. Unlabelled values are not normal, they are unjudged.
    let sensory_conduction_judged = sensory.flags.flags.iter().any(|flag| {
        matches!(flag.measure, Measure::DistalPeakLatency | Measure::DistalOnsetLatency | Measure::ConductionVelocity)
    });
    let all_judged = latency_flag.is_some() && sensory_conduction_judged;
    let (bland, bland_label) = if cmap_uv < BLAND_UNRECORDABLE_CMAP_UV {
        (6, "extremely severe")
    } else if latency_ms.is_some_and(|latency| latency > BLAND_SEVERE_LATENCY_MS) {
        (5, "very severe")
    } else if sensory_absent {
        (4, "severe")
    } else if latency_abnormal {
        (3, "moderate")
    } else if sensory_abnormal {
        (2, "mild")
    } else if motor_abnormal {
        // An abnormal motor study with a normal distal latency and normal sensory conduction
        // (a small CMAP alone, say) is outside Bland's grades.
        return None;
    } else if comparison_abnormal {
        // Bland 2000 grade 1: abnormal only on the most sensitive (comparative) tests.
        (1, "very mild")
    } else if all_judged {
        // Bland 2000 grade 0: all tests normal.
        (0, "normal")
    } else {
        return None;
    };
    // Padua 1997: EXT absent thenar motor response; SEV absent sensory response and abnormal
    // distal motor latency; MOD abnormal digit–wrist sensory conduction and abnormal distal motor
    // latency; MILD abnormal digit–wrist sensory conduction with a normal distal motor latency;
    // MIN only segmental and/or comparative tests abnormal; NEG normal findings in all tests.
    let padua = if cmap_uv < BLAND_UNRECORDABLE_CMAP_UV {
        "EXT (extreme)"
    } else if sensory_absent && latency_abnormal {
        "SEV (severe)"
    } else if sensory_abnormal && latency_abnormal {
        "MOD (moderate)"
    } else if sensory_abnormal {
        "MILD"
    } else if latency_abnormal {
        "not classifiable (abnormal motor latency with normal sensory conduction is outside Padua's classes)"
    } else if bland == 1 {
        "MIN (minimal)"
    } else {
        "NEG (negative)"
    };
    let mut basis = Vec::new();
    if let Some(latency) = latency_ms {
        basis.push(format!(
            "Median distal motor latency {} ms{}.",
            display::latency_ms(latency),
            if latency_abnormal { ", prolonged" } else { ", normal" }
        ));
    }
    let sensory_site = &sensory.nerve.recording_site;
    basis.push(if sensory_absent {
        format!("Median sensory response from {sensory_site} absent.")
    } else if sensory_abnormal {
        format!("Median sensory conduction to {sensory_site} abnormal.")
    } else {
        format!("Median sensory conduction to {sensory_site} normal.")
    });
    for comparison in &judged_comparisons {
        basis.push(format!(
            "{}: {} difference {:.2} ms, {}.",
            comparison.title,
            comparison.measure,
            comparison.difference,
            if comparison.is_abnormal == Some(true) { "abnormal" } else { "normal" }
        ));
    }
    basis.push(if bland == 0 {
        "Ulnar studies normal or not done.".into()
    } else {
        "Ulnar studies normal or not done, so the slowing is not generalised.".into()
    });
    let side_name = side.to_string();
    let mut sources = vec![BLAND_SOURCE.to_string(), PADUA_SOURCE.to_string()];
    sources.extend(
        judged_comparisons
            .iter()
            .filter_map(|comparison| comparison.limit.as_ref())
            .map(|(_, source)| source.to_string()),
    );
    sources.dedup();
    if bland == 0 {
        return Some(Finding {
            statement: format!("{side_name} median nerve at the wrist: Bland grade 0 (normal), Padua NEG (negative); no electrodiagnostic sign of carpal tunnel syndrome."),
            is_abnormal: false,
            basis,
            sources,
            plain_language: "The median nerve, which gives feeling to the thumb side of the hand and moves some thumb muscles, carries signals normally through the wrist (the carpal tunnel). Your doctor will combine this with your symptoms and examination.".into(),
            severity: None,
            category: None,
        });
    }
    let severity = match bland {
        1 | 2 => Severity::Mild,
        3 => Severity::Moderate,
        _ => Severity::Severe,
    };
    let where_slowed = if bland == 1 {
        "is slowed where it passes through the wrist (the carpal tunnel), seen only on the most sensitive tests, which compare it with the ulnar nerve beside it"
    } else {
        "is slowed where it passes through the wrist (the carpal tunnel)"
    };
    Some(Finding {
        statement: format!("{side_name} median neuropathy at the wrist, Bland grade {bland} ({bland_label}), Padua {padua}; consistent with carpal tunnel syndrome."),
        is_abnormal: true,
        basis,
        sources,
        plain_language: format!(
            "The median nerve, which gives feeling to the thumb side of the hand and moves some thumb muscles, {where_slowed}. This is consistent with carpal tunnel syndrome, {bland_label} on the Bland scale. Your doctor will combine this with your symptoms and examination."
        ),
        severity: Some(severity),
        category: None,
    })
}

/// Ulnar neuropathy at the elbow from the across-elbow segment (the last of three or more sites).
fn ulnar_at_elbow(reviews: &[NerveReview<'_>]) -> Option<Finding> {
    let review = find(reviews, &Nerve::Ulnar, NerveConductionKind::Motor)?;
    let segments = &review.analysis.segments;
    if segments.len() < 2 {
        return None;
    }
    let (forearm, across) = (&segments[segments.len() - 2], &segments[segments.len() - 1]);
    if segment_velocity_abnormal(review, segments.len() - 2) {
        // Slowing below the elbow too: generalised, not focal at the elbow.
        return None;
    }
    let mut basis = Vec::new();
    if let Some(velocity) =
        across.conduction_velocity_m_per_s.filter(|&velocity| velocity < ULNAR_ACROSS_ELBOW_MIN_VELOCITY_M_PER_S)
    {
        basis.push(format!(
            "Across-elbow velocity {} m/s, below {} m/s.",
            display::velocity_m_per_s(velocity),
            ULNAR_ACROSS_ELBOW_MIN_VELOCITY_M_PER_S
        ));
    }
    if let (Some(below), Some(across_velocity)) =
        (forearm.conduction_velocity_m_per_s, across.conduction_velocity_m_per_s)
    {
        if below - across_velocity > ULNAR_ACROSS_ELBOW_MAX_VELOCITY_DROP_M_PER_S {
            basis.push(format!(
                "Velocity drops {} m/s from the forearm to across the elbow (upper limit 15 m/s).",
                display::velocity_m_per_s(below - across_velocity)
            ));
        }
    }
    if let Some(change) = across.amplitude_change_pct {
        let ratio = 1.0 + change / 100.0;
        if ratio < ULNAR_ACROSS_ELBOW_MIN_AMPLITUDE_RATIO {
            basis.push(format!("Above-elbow / below-elbow amplitude ratio {ratio:.2}, below 0.82."));
        }
    }
    if basis.is_empty() {
        return None;
    }
    Some(Finding {
        statement: "Focal slowing or block of the ulnar nerve across the elbow; consistent with ulnar neuropathy at the elbow.".into(),
        is_abnormal: true,
        basis,
        sources: vec![
            "Across-elbow velocity (50 m/s for 60 years and over) and amplitude ratio 0.82: diagnostic sensitivity of motor NCS in UNE, Japanese controls N = 150 (domain.md §2.4)".into(),
            "Buschbacher RM, ulnar motor to ADM: across-elbow velocity drop upper limit 15 m/s (domain.md §2.3)".into(),
        ],
        plain_language: "The ulnar nerve, which gives feeling to the little-finger side of the hand and moves many hand muscles, is slowed or partly blocked where it passes the elbow. This is consistent with ulnar neuropathy at the elbow. Your doctor will combine this with your symptoms and examination.".into(),
        severity: None,
        category: None,
    })
}

/// Peroneal neuropathy at the fibular head from the across-knee segment.
fn peroneal_at_fibular_head(reviews: &[NerveReview<'_>]) -> Option<Finding> {
    let review = find(reviews, &Nerve::Peroneal, NerveConductionKind::Motor)?;
    let segments = &review.analysis.segments;
    if segments.len() < 2 {
        return None;
    }
    let (leg, across) = (&segments[segments.len() - 2], &segments[segments.len() - 1]);
    if segment_velocity_abnormal(review, segments.len() - 2) {
        return None;
    }
    let mut basis = Vec::new();
    if let (Some(below), Some(across_velocity)) = (leg.conduction_velocity_m_per_s, across.conduction_velocity_m_per_s)
    {
        if below - across_velocity > PERONEAL_KNEE_MAX_VELOCITY_DROP_M_PER_S {
            basis.push(format!(
                "Velocity drops {} m/s from the leg to across the knee (upper limit 10 m/s).",
                display::velocity_m_per_s(below - across_velocity)
            ));
        }
    }
    if let Some(drop) = across
        .amplitude_change_pct
        .map(|change| -change)
        .filter(|&drop| drop > PERONEAL_FIBULAR_HEAD_MAX_AMPLITUDE_DROP_PCT)
    {
        basis.push(format!("Amplitude drops {drop:.0} % from below to above the fibular head (upper limit 25 %)."));
    }
    if basis.is_empty() {
        return None;
    }
    Some(Finding {
        statement: "Focal slowing or block of the peroneal nerve at the fibular head; consistent with peroneal (fibular) neuropathy at the knee.".into(),
        is_abnormal: true,
        basis,
        sources: vec!["Buschbacher RM, peroneal motor to EDB: across-knee velocity drop 10 m/s and fibular-head amplitude drop 25 % (domain.md §2.3)".into()],
        plain_language: "The peroneal nerve, which lifts the foot and toes, is slowed or partly blocked where it winds around the bone just below the knee. Your doctor will combine this with your symptoms and examination.".into(),
        severity: None,
        category: None,
    })
}

/// Whether the velocity of segment `segment_idx` was flagged abnormal.
fn segment_velocity_abnormal(review: &NerveReview<'_>, segment_idx: usize) -> bool {
    review.flags.get(Place::Segment(segment_idx), Measure::ConductionVelocity).is_some_and(|flag| flag.is_abnormal)
}

/// An EFNS/PNS 2010 electrodiagnostic parameter for demyelination (domain.md §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EfnsParameter {
    /// I-A: distal motor latency at least 50 % above the upper limit.
    DistalLatency,
    /// I-B: motor velocity at least 30 % below the lower limit.
    Velocity,
    /// I-C: F-wave latency at least 30 % above the upper limit (50 % with a small CMAP).
    FWaveLatency,
    /// I-D: absent F waves with a distal CMAP of at least 20 % of the lower limit.
    AbsentFWaves,
    /// I-E: partial motor conduction block of at least 50 %.
    ConductionBlock,
    /// I-F: abnormal temporal dispersion.
    TemporalDispersion,
    /// I-G: prolonged distal CMAP duration.
    DistalDuration,
    /// II: amplitude reduction of at least 30 % (tibial excluded), the "probable" criterion.
    ProbableConductionBlock,
}

impl EfnsParameter {
    /// The parameters of the "definite" criterion (I-A to I-G).
    const DEFINITE: [EfnsParameter; 7] = [
        EfnsParameter::DistalLatency,
        EfnsParameter::Velocity,
        EfnsParameter::FWaveLatency,
        EfnsParameter::AbsentFWaves,
        EfnsParameter::ConductionBlock,
        EfnsParameter::TemporalDispersion,
        EfnsParameter::DistalDuration,
    ];

    fn code(self) -> &'static str {
        match self {
            EfnsParameter::DistalLatency => "I-A",
            EfnsParameter::Velocity => "I-B",
            EfnsParameter::FWaveLatency => "I-C",
            EfnsParameter::AbsentFWaves => "I-D",
            EfnsParameter::ConductionBlock => "I-E",
            EfnsParameter::TemporalDispersion => "I-F",
            EfnsParameter::DistalDuration => "I-G",
            EfnsParameter::ProbableConductionBlock => "II",
        }
    }

    fn is_definite(self) -> bool {
        self != EfnsParameter::ProbableConductionBlock
    }
}

/// The EFNS/PNS parameters one nerve of one side meets, from its motor and F-wave studies.
#[derive(Debug, Clone)]
struct EfnsNerve {
    /// "Right median".
    label: String,
    /// The parameters met.
    parameters: Vec<EfnsParameter>,
    /// Each parameter met, in words with its value.
    details: Vec<String>,
    /// Why a parameter could not be judged.
    not_judged: Vec<String>,
}

impl EfnsNerve {
    fn meets(&self, parameter: EfnsParameter) -> bool {
        self.parameters.contains(&parameter)
    }

    fn meets_definite_other_than(&self, parameter: EfnsParameter) -> bool {
        self.parameters.iter().any(|met| met.is_definite() && *met != parameter)
    }
}

/// The level of the EFNS/PNS 2010 electrodiagnostic criteria reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EfnsLevel {
    Definite,
    Probable,
    Possible,
}

/// The EFNS/PNS 2010 parameters met, per nerve and side, by the motor studies (I-A, I-B, I-E,
/// I-F, I-G, II) and the F-wave studies (I-C, I-D) of that nerve.
fn efns_nerves(reviews: &[NerveReview<'_>]) -> Vec<EfnsNerve> {
    let label =
        |review: &NerveReview<'_>| format!("{} {}", review.nerve.side, review.nerve.nerve.to_string().to_lowercase());
    let mut nerves: Vec<EfnsNerve> = Vec::new();
    let mut entry = |label: String| -> usize {
        if let Some(idx) = nerves.iter().position(|nerve| nerve.label == label) {
            return idx;
        }
        nerves.push(EfnsNerve { label, parameters: Vec::new(), details: Vec::new(), not_judged: Vec::new() });
        nerves.len() - 1
    };
    let mut met: Vec<(usize, EfnsParameter, String)> = Vec::new();
    let mut not_judged: Vec<(usize, String)> = Vec::new();
    let motor_of = |review: &NerveReview<'_>| {
        reviews.iter().find(|motor| {
            motor.nerve.kind == NerveConductionKind::Motor
                && motor.nerve.nerve == review.nerve.nerve
                && motor.nerve.side == review.nerve.side
        })
    };
    let distal_cmap_pct_of_lln = |motor: &NerveReview<'_>| {
        motor.flags.get(Place::Site(0), Measure::DistalAmplitude).and_then(|flag| flag.percent_of_limit())
    };
    for review in reviews.iter().filter(|review| review.nerve.kind == NerveConductionKind::Motor) {
        let idx = entry(label(review));
        let flags = review.flags;
        if let Some(pct) = flags
            .get(Place::Site(0), Measure::DistalOnsetLatency)
            .and_then(|flag| flag.percent_of_limit())
            .filter(|&pct| pct >= EFNS_DISTAL_LATENCY_PCT_OF_ULN)
        {
            met.push((idx, EfnsParameter::DistalLatency, format!("distal latency {pct:.0} % of the upper limit")));
        }
        let slowest_pct = (0..review.analysis.segments.len())
            .filter_map(|segment_idx| {
                flags
                    .get(Place::Segment(segment_idx), Measure::ConductionVelocity)
                    .and_then(|flag| flag.percent_of_limit())
            })
            .reduce(f64::min);
        if let Some(pct) = slowest_pct.filter(|&pct| pct <= EFNS_VELOCITY_PCT_OF_LLN) {
            met.push((idx, EfnsParameter::Velocity, format!("velocity {pct:.0} % of the lower limit")));
        }
        let distal_enough = distal_cmap_pct_of_lln(review).is_some_and(|pct| pct >= EFNS_BLOCK_MIN_DISTAL_PCT_OF_LLN);
        let largest_drop = review
            .analysis
            .segments
            .iter()
            .filter_map(|segment| segment.amplitude_change_pct.map(|change| -change).filter(|drop| drop.is_finite()))
            .reduce(f64::max);
        if let Some(drop) = largest_drop.filter(|&drop| drop >= EFNS_BLOCK_DROP_PCT && distal_enough) {
            met.push((idx, EfnsParameter::ConductionBlock, format!("conduction block (amplitude drop {drop:.0} %)")));
        } else if let Some(drop) = largest_drop.filter(|&drop| {
            drop >= EFNS_PROBABLE_BLOCK_DROP_PCT && distal_enough && review.nerve.nerve != Nerve::Tibial
        }) {
            met.push((
                idx,
                EfnsParameter::ProbableConductionBlock,
                format!("probable conduction block (amplitude drop {drop:.0} %)"),
            ));
        }
        let largest_spread = review
            .analysis
            .segments
            .iter()
            .filter_map(|segment| segment.duration_change_pct.filter(|change| change.is_finite()))
            .reduce(f64::max);
        if let Some(change) = largest_spread.filter(|&change| change > EFNS_DISPERSION_DURATION_INCREASE_PCT) {
            met.push((
                idx,
                EfnsParameter::TemporalDispersion,
                format!("temporal dispersion (duration {})", display::change_pct(change)),
            ));
        }
        if let Some((limit, measures)) = efns_distal_duration_limit_ms(&review.nerve.nerve)
            .zip(review.analysis.sites.first().and_then(|site| site.measures))
            .filter(|(limit, measures)| measures.negative_duration_ms >= *limit)
        {
            met.push((
                idx,
                EfnsParameter::DistalDuration,
                format!(
                    "distal CMAP duration {} ms, at or above {limit} ms (limits defined at a 2 Hz low-frequency filter)",
                    display::fixed(measures.negative_duration_ms, 1)
                ),
            ));
        }
    }
    for review in reviews.iter().filter(|review| review.nerve.kind == NerveConductionKind::FWave) {
        let Some(flag) = review.flags.get(Place::Site(0), Measure::FWaveMinimumLatency) else { continue };
        let idx = entry(label(review));
        let cmap_pct = motor_of(review).and_then(distal_cmap_pct_of_lln);
        match flag.percent_of_limit() {
            Some(pct) => {
                // Without the distal CMAP, only the stricter limit is sure to apply.
                let limit_pct = match cmap_pct {
                    Some(cmap) if cmap >= EFNS_SMALL_CMAP_PCT_OF_LLN => EFNS_F_LATENCY_PCT_OF_ULN,
                    _ => EFNS_F_LATENCY_SMALL_CMAP_PCT_OF_ULN,
                };
                if pct >= limit_pct {
                    met.push((
                        idx,
                        EfnsParameter::FWaveLatency,
                        format!("F-wave latency {pct:.0} % of the upper limit (at least {limit_pct:.0} %)"),
                    ));
                }
                if cmap_pct.is_none() {
                    not_judged.push((idx, "no motor study of this nerve gives the distal CMAP, so the F-wave latency is held against the stricter 150 % of the upper limit".into()));
                }
            }
            None => match cmap_pct {
                Some(cmap) if cmap >= EFNS_ABSENT_F_MIN_DISTAL_PCT_OF_LLN => {
                    met.push((
                        idx,
                        EfnsParameter::AbsentFWaves,
                        format!("absent F waves (distal CMAP {cmap:.0} % of its lower limit)"),
                    ));
                }
                Some(_) => not_judged.push((
                    idx,
                    "F waves absent with a distal CMAP below 20 % of its lower limit, which I-D does not count".into(),
                )),
                None => not_judged.push((
                    idx,
                    "F waves absent, but no motor study of this nerve gives the distal CMAP, so I-D cannot be judged"
                        .into(),
                )),
            },
        }
    }
    for (idx, parameter, detail) in met {
        nerves[idx].parameters.push(parameter);
        nerves[idx].details.push(format!("{} {detail}", parameter.code()));
    }
    for (idx, note) in not_judged {
        nerves[idx].not_judged.push(note);
    }
    nerves.retain(|nerve| !nerve.parameters.is_empty() || !nerve.not_judged.is_empty());
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
fn efns_demyelination(reviews: &[NerveReview<'_>]) -> Option<Finding> {
    let nerves = efns_nerves(reviews);
    let meeting: Vec<&EfnsNerve> = nerves.iter().filter(|nerve| !nerve.parameters.is_empty()).collect();
    if meeting.is_empty() {
        return None;
    }
    let n_nerves = meeting.len();
    let nerves_word = format!("{n_nerves} motor nerve{}", if n_nerves == 1 { "" } else { "s" });
    let level = efns_level(&nerves);
    let statement = match &level {
        Some((EfnsLevel::Definite, _)) => format!("EFNS/PNS electrodiagnostic criteria for demyelination met at the definite level (parameters in {nerves_word}); consistent with a demyelinating neuropathy when the clinical picture fits."),
        Some((EfnsLevel::Probable, _)) => format!("EFNS/PNS electrodiagnostic criteria for demyelination met at the probable level (parameters in {nerves_word}); consistent with a demyelinating neuropathy when the clinical picture fits."),
        Some((EfnsLevel::Possible, _)) if n_nerves == 1 => "EFNS/PNS electrodiagnostic criteria for demyelination met at the possible level (parameters in 1 motor nerve); consistent with demyelination, though a single nerve may reflect a focal lesion.".to_string(),
        Some((EfnsLevel::Possible, _)) => format!("EFNS/PNS electrodiagnostic criteria for demyelination met at the possible level (parameters in {nerves_word}, none in enough nerves for a higher level); consistent with demyelination, though it may reflect focal lesions."),
        None => format!("EFNS/PNS probable conduction block (II) in {nerves_word} only, short of any EFNS/PNS level; consistent with a focal lesion of that nerve."),
    };
    let mut basis: Vec<String> = nerves
        .iter()
        .filter(|nerve| !nerve.parameters.is_empty())
        .map(|nerve| format!("{}: {}.", nerve.label, nerve.details.join("; ")))
        .collect();
    if let Some((level, rules)) = &level {
        let word = match level {
            EfnsLevel::Definite => "Definite",
            EfnsLevel::Probable => "Probable",
            EfnsLevel::Possible => "Possible",
        };
        basis.push(format!("{word}: {}.", rules.join("; ")));
    }
    basis.extend(
        nerves.iter().flat_map(|nerve| nerve.not_judged.iter().map(|note| format!("{}: {note}.", nerve.label))),
    );
    basis.push("The EFNS/PNS levels combine these electrodiagnostic criteria with clinical ones; only the electrodiagnostic part is assessed here.".into());
    Some(Finding {
        statement,
        is_abnormal: true,
        basis,
        sources: vec![EFNS_SOURCE.into(), "Nerve counts per level as summarised in domain.md §3.2 (EAN/PNS 2021, Van den Bergh et al., Eur J Neurol 2021;28:3556), marked unverified there".into()],
        plain_language: "Several measurements show the pattern of damage to the nerves' insulating layer (myelin). Doctors use international criteria like these, together with symptoms and other tests, to decide on conditions such as CIDP.".into(),
        severity: None,
        category: None,
    })
}

/// A length-dependent polyneuropathy: leg responses abnormal, arm responses less so.
fn polyneuropathy(reviews: &[NerveReview<'_>]) -> Option<Finding> {
    let is_leg = |review: &&NerveReview<'_>| {
        matches!(review.nerve.nerve, Nerve::Sural | Nerve::Peroneal | Nerve::Tibial | Nerve::SuperficialPeroneal)
    };
    let leg: Vec<&NerveReview<'_>> = reviews.iter().filter(is_leg).collect();
    let arm: Vec<&NerveReview<'_>> = reviews.iter().filter(|review| !is_leg(review)).collect();
    let leg_sensory_abnormal =
        leg.iter().any(|review| review.nerve.kind != NerveConductionKind::Motor && is_abnormal(review));
    let leg_motor_abnormal =
        leg.iter().filter(|review| review.nerve.kind == NerveConductionKind::Motor && is_abnormal(review)).count();
    if !leg_sensory_abnormal || leg_motor_abnormal == 0 || leg.len() < 2 {
        return None;
    }
    let arm_abnormal = arm.iter().filter(|review| is_abnormal(review)).count();
    let demyelinating = efns_nerves(reviews).iter().filter(|nerve| !nerve.parameters.is_empty()).count() >= 2;
    let kind = if demyelinating { "predominantly demyelinating" } else { "predominantly axonal" };
    // Without arm studies the legs cannot be compared with the arms, so the statement says so
    // instead of claiming the arms are affected too.
    let (arms, arm_basis, where_plain) = if arm.is_empty() {
        (
            "; no arm nerves were studied, so length dependence cannot be judged",
            "No arm studies.".to_string(),
            "Several nerves in the legs are affected; the arms were not tested.",
        )
    } else if arm_abnormal < arm.len() {
        (
            ", less in the arms",
            format!("{arm_abnormal} of {} arm studies abnormal.", arm.len()),
            "Several nerves are affected, most in the legs.",
        )
    } else {
        (
            " and the arms",
            format!("{arm_abnormal} of {} arm studies abnormal.", arm.len()),
            "Several nerves are affected, in the legs and the arms.",
        )
    };
    Some(Finding {
        statement: format!("Abnormal sensory and motor responses in the legs{arms}; consistent with a {kind} sensorimotor polyneuropathy."),
        is_abnormal: true,
        basis: vec![
            format!("{leg_motor_abnormal} leg motor study/studies and leg sensory study abnormal."),
            arm_basis,
        ],
        sources: vec![AXON_DEMYELINATION_SOURCE.into(), EFNS_SOURCE.into()],
        plain_language: format!(
            "{where_plain} This pattern is consistent with a polyneuropathy, mainly {}. Your doctor will look for a cause.",
            if demyelinating { "affecting the nerves' insulating layer (myelin)" } else { "affecting the nerve fibres themselves (axons)" }
        ),
        severity: None,
        category: None,
    })
}

#[cfg(test)]
mod tests {
    use super::NerveCategory;
    use crate::interpret::{builtin_profiles, review_study, StudyReview};
    use crate::model::Nerve;

    /// The demo `id` reviewed against the default profile, keeping only the nerves `keep` accepts.
    fn review_demo(id: &str, keep: impl Fn(&crate::model::NerveConduction) -> bool) -> StudyReview {
        let mut study = crate::synth::demos::build(id).expect("demo");
        study.nerve_conductions.retain(|nerve| keep(nerve));
        review_study(&study, &builtin_profiles()[0])
    }

    /// The study-wide finding whose statement contains `text`.
    #[track_caller]
    fn study_finding<'a>(review: &'a StudyReview, text: &str) -> &'a crate::interpret::Finding {
        review.findings.iter().find(|finding| finding.statement.contains(text)).unwrap_or_else(|| {
            panic!(
                "no study finding contains {text:?}: {:#?}",
                review.findings.iter().map(|f| &f.statement).collect::<Vec<_>>()
            )
        })
    }

    fn is_leg(nerve: &crate::model::NerveConduction) -> bool {
        matches!(nerve.nerve, Nerve::Sural | Nerve::Peroneal | Nerve::Tibial | Nerve::SuperficialPeroneal)
    }

    /// Median and ulnar motor and digit sensory studies, normal, with a ring-finger pair in which
    /// the median is slowed across the wrist by `median_wrist_velocity_factor`.
    fn upper_limb_with_ring_finger(median_wrist_velocity_factor: f64) -> StudyReview {
        use crate::synth::ncs::{NerveSpec, SegmentPathology};
        let mut median_ring = NerveSpec::median_sensory().at_ring_finger(21);
        median_ring.sites[0].pathology =
            SegmentPathology { velocity_factor: median_wrist_velocity_factor, dispersion: 0.0, block_fraction: 0.0 };
        let specs = [
            NerveSpec::median_motor(),
            NerveSpec::ulnar_motor(),
            NerveSpec::median_sensory(),
            NerveSpec::ulnar_sensory(),
            median_ring,
            NerveSpec::ulnar_sensory().at_ring_finger(22),
        ];
        let study = crate::model::Study {
            title: "ring finger".into(),
            recordings: Vec::new(),
            nerve_conductions: specs.iter().map(|spec| spec.simulate().study).collect(),
            reference_profile: None,
            patient: crate::model::Patient::default(),
        };
        review_study(&study, &builtin_profiles()[0])
    }

    #[test]
    fn carpal_tunnel_grade_0_when_median_studies_and_comparisons_are_normal() {
        let review = upper_limb_with_ring_finger(1.0);
        let ring = review.comparisons.iter().find(|comparison| comparison.title.contains("ring finger")).unwrap();
        assert_eq!(ring.is_abnormal, Some(false), "{ring:?}");
        let finding = study_finding(&review, "Bland grade");
        assert!(finding.statement.contains("Bland grade 0 (normal), Padua NEG (negative)"), "{}", finding.statement);
        assert!(!finding.is_abnormal);
        assert_eq!(finding.severity, None);
        assert!(finding.basis.iter().any(|basis| basis.contains("ring finger") && basis.ends_with("normal.")));
    }

    #[test]
    fn carpal_tunnel_grade_1_when_only_the_comparison_is_abnormal() {
        let review = upper_limb_with_ring_finger(0.75);
        let ring = review.comparisons.iter().find(|comparison| comparison.title.contains("ring finger")).unwrap();
        assert_eq!(ring.is_abnormal, Some(true), "{ring:?}");
        let finding = study_finding(&review, "Bland grade");
        assert!(
            finding
                .statement
                .contains("Bland grade 1 (very mild), Padua MIN (minimal); consistent with carpal tunnel syndrome"),
            "{}",
            finding.statement
        );
        assert!(finding.is_abnormal);
        assert_eq!(finding.severity, Some(crate::interpret::Severity::Mild));
    }

    #[test]
    fn carpal_tunnel_grades_the_digit_2_study_whatever_its_place_in_the_file() {
        let mut study = crate::synth::demos::build("carpal-tunnel-moderate").unwrap();
        // Ring-finger studies first: the median one has no limits of its own, so grading it as
        // the digit–wrist study would call the sensory conduction normal.
        study.nerve_conductions.rotate_right(2);
        assert_eq!(study.nerve_conductions[0].recording_site, "Digit 4");
        let review = review_study(&study, &builtin_profiles()[0]);
        let finding = study_finding(&review, "Bland grade");
        assert!(finding.statement.contains("Bland grade 3 (moderate), Padua MOD (moderate)"), "{}", finding.statement);
        assert!(finding.basis.iter().any(|basis| basis == "Median sensory conduction to Digit 2 abnormal."));
    }

    #[test]
    fn carpal_tunnel_comparisons_of_the_other_side_do_not_grade_this_one() {
        let mut study = crate::synth::demos::build("carpal-tunnel-moderate").unwrap();
        for nerve in &mut study.nerve_conductions {
            if nerve.recording_site == "Digit 4" {
                nerve.side = crate::model::Side::Left;
            }
        }
        let review = review_study(&study, &builtin_profiles()[0]);
        let right = study_finding(&review, "Right median neuropathy at the wrist");
        assert!(!right.basis.iter().any(|basis| basis.contains("ring finger")), "{:?}", right.basis);
        assert!(!review.findings.iter().any(|finding| finding.statement.starts_with("Left median")));
    }

    /// A right median motor study whose wrist–elbow segment has `pathology`, reviewed alone.
    fn median_motor_with_forearm(pathology: crate::synth::ncs::SegmentPathology) -> StudyReview {
        let mut spec = crate::synth::ncs::NerveSpec::median_motor();
        spec.sites[1].pathology = pathology;
        let study = crate::model::Study {
            title: "median motor".into(),
            recordings: Vec::new(),
            nerve_conductions: vec![spec.simulate().study],
            reference_profile: None,
            patient: crate::model::Patient::default(),
        };
        review_study(&study, &builtin_profiles()[0])
    }

    /// The statements of every nerve's findings.
    fn nerve_statements(review: &StudyReview) -> Vec<String> {
        review.nerves.iter().flat_map(|nerve| &nerve.findings).map(|finding| finding.statement.clone()).collect()
    }

    #[test]
    fn a_drop_between_20_and_30_percent_without_dispersion_is_an_aan_block_only() {
        use crate::synth::ncs::SegmentPathology;
        let review =
            median_motor_with_forearm(SegmentPathology { velocity_factor: 1.0, dispersion: 0.0, block_fraction: 0.25 });
        let segment = &review.nerves[0].analysis.segments[0];
        let drop = -segment.amplitude_change_pct.unwrap();
        assert!(drop > 20.0 && drop < 30.0, "amplitude drop {drop} % should lie between AAN's 20 and EFNS/PNS II's 30");
        assert!(segment.duration_change_pct.unwrap() < 15.0, "{segment:?}");
        let statements = nerve_statements(&review);
        assert!(
            statements
                .iter()
                .any(|statement| statement
                    .contains("conduction block between wrist – elbow (meets AAN conduction block)")),
            "{statements:#?}"
        );
        assert!(!statements.iter().any(|statement| statement.contains("EFNS")), "{statements:#?}");
    }

    #[test]
    fn a_healthy_forearm_meets_no_block_definition() {
        let review = median_motor_with_forearm(crate::synth::ncs::SegmentPathology::NONE);
        let statements = nerve_statements(&review);
        assert_eq!(statements, ["Right median motor: within normal limits."], "{statements:#?}");
    }

    #[test]
    fn dispersion_with_a_drop_meets_the_aan_dispersion_definition_and_says_which() {
        let review = review_demo("demyelinating-polyneuropathy", |nerve| nerve.nerve == Nerve::Median);
        let statements = nerve_statements(&review);
        assert!(
            statements.iter().any(|statement| statement.contains("wrist – elbow, with temporal dispersion (meets EFNS/PNS II, EFNS/PNS I-F and AAN temporal dispersion with possible conduction block)")),
            "{statements:#?}"
        );
    }

    #[test]
    fn the_aan_definition_is_not_applied_across_the_elbow() {
        let review = review_demo("ulnar-elbow-block", |_| true);
        let statements = nerve_statements(&review);
        let block = statements
            .iter()
            .find(|statement| statement.contains("conduction block between below elbow – above elbow"))
            .expect("block");
        assert!(block.contains("(meets EFNS/PNS I-E)") && !block.contains("AAN"), "{block}");
    }

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

    fn review_nerves(nerve_conductions: Vec<crate::model::NerveConduction>) -> StudyReview {
        let study = crate::model::Study {
            title: "test".into(),
            recordings: Vec::new(),
            nerve_conductions,
            reference_profile: None,
            patient: crate::model::Patient::default(),
        };
        review_study(&study, &builtin_profiles()[0])
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

    /// The categories of nerve `nerve_idx`'s findings.
    fn categories(review: &StudyReview, nerve_idx: usize) -> Vec<NerveCategory> {
        review.nerves[nerve_idx].findings.iter().map(|finding| finding.category.expect("per-nerve category")).collect()
    }

    #[test]
    fn every_nerve_finding_has_a_typed_category_and_study_findings_have_none() {
        use NerveCategory::*;
        // Median motor, ulnar motor, median digit 2, ulnar digit 5, median and ulnar digit 4.
        let review = review_demo("carpal-tunnel-moderate", |_| true);
        assert_eq!(categories(&review, 0), [DemyelinatingFeatures], "prolonged distal latency, normal CMAP");
        assert_eq!(categories(&review, 1), [Normal]);
        assert_eq!(categories(&review, 2), [AxonLoss, Indeterminate], "small SNAP, slowing with a small SNAP");
        assert_eq!(categories(&review, 4), [Indeterminate], "ring finger: no limit applies");
        assert!(review.findings.iter().all(|finding| finding.category.is_none()));

        let review = review_demo("ulnar-elbow-block", |_| true);
        assert!(categories(&review, 0).contains(&ConductionBlock), "{:?}", categories(&review, 0));
        let review = review_demo("axonal-polyneuropathy", |_| true);
        assert_eq!(categories(&review, 0), [AxonLoss], "small peroneal CMAP");
    }

    #[test]
    fn a_site_with_nothing_recorded_is_indeterminate_not_an_absent_response() {
        let mut median = crate::synth::ncs::NerveSpec::median_motor().simulate().study;
        median.sites[0].sweeps.clear();
        let review = review_nerves(vec![median]);
        let finding = &review.nerves[0].findings[0];
        assert_eq!(finding.category, Some(NerveCategory::Indeterminate));
        assert!(!finding.is_abnormal, "{}", finding.statement);
        assert!(finding.statement.contains("nothing was recorded from Wrist"), "{}", finding.statement);
    }

    #[test]
    fn an_absent_response_is_axon_loss() {
        let mut median = crate::synth::ncs::NerveSpec::median_motor().simulate().study;
        for sweep in &mut median.sites[0].sweeps {
            sweep.samples.iter_mut().for_each(|sample| *sample = 0.0);
        }
        let review = review_nerves(vec![median]);
        let finding = &review.nerves[0].findings[0];
        assert!(finding.statement.contains("no response from Wrist"), "{}", finding.statement);
        assert_eq!(finding.category, Some(NerveCategory::AxonLoss));
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

    #[test]
    fn the_typed_in_report_example_is_graded_as_carpal_tunnel_syndrome() {
        // The browser suite expects "carpal tunnel" in the findings of this example.
        let study =
            crate::formats::study_file::read(include_bytes!("../../../../docs/examples/typed-in-report.edxview.json"))
                .expect("example study file");
        let review = review_study(&study, &builtin_profiles()[0]);
        let finding = study_finding(&review, "Bland grade");
        assert!(finding.statement.contains("consistent with carpal tunnel syndrome"), "{}", finding.statement);
    }

    #[test]
    fn polyneuropathy_without_arm_studies_does_not_claim_the_arms() {
        let review = review_demo("axonal-polyneuropathy", is_leg);
        let finding = study_finding(&review, "polyneuropathy");
        assert!(!finding.statement.contains("and the arms"), "{}", finding.statement);
        assert!(finding.statement.contains("no arm nerves were studied"), "{}", finding.statement);
        assert!(finding.basis.iter().any(|basis| basis == "No arm studies."), "{:?}", finding.basis);
    }

    #[test]
    fn polyneuropathy_with_normal_arm_studies_is_less_in_the_arms() {
        let review = review_demo("axonal-polyneuropathy", |_| true);
        let finding = study_finding(&review, "polyneuropathy");
        assert!(finding.statement.contains(", less in the arms;"), "{}", finding.statement);
    }
}
