//! Comparisons between nerves of one study: the same nerve on both sides, and the median against
//! the ulnar nerve at the same finger or palm and distance. Each carries the published limit it
//! is held against, or none (measured, not labelled) where no verified limit exists.

use super::criteria::{
    H_REFLEX_MAX_SIDE_TO_SIDE_LATENCY_MS, H_REFLEX_MIN_AMPLITUDE_RATIO, H_REFLEX_SIDE_TO_SIDE_SOURCE,
    SENSORY_SIDE_TO_SIDE_MIN_RATIO,
};
use super::profiles::same_site;
use crate::display;
use crate::model::{Nerve, NerveConduction, NerveConductionKind, Side};
use crate::ncs::{LateAnalysis, NerveAnalysis};

/// One comparison: two values of one measure, their difference and, where a limit applies,
/// whether it is exceeded.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Which kind of comparison this is, and of which side for the median against the ulnar.
    pub kind: ComparisonKind,
    /// What is compared, e.g. "Ulnar motor (ADM), right against left".
    pub title: String,
    /// The measure, e.g. "distal onset latency".
    pub measure: &'static str,
    /// The first value's label and value.
    pub first: (String, f64),
    /// The second's.
    pub second: (String, f64),
    /// First minus second for latencies; the drop from the larger to the smaller in % for
    /// amplitudes (or the small-to-large ratio, for the H reflex).
    pub difference: f64,
    /// The unit of the values ("ms", "µV") and of the difference ("ms", "%", "ratio").
    pub unit: &'static str,
    /// The unit of `difference`.
    pub difference_unit: &'static str,
    /// The limit, in words, and its source, if a verified one applies.
    pub limit: Option<(String, &'static str)>,
    /// Whether the difference exceeds the limit (`None` when no limit applies).
    pub is_abnormal: Option<bool>,
}

impl Comparison {
    /// One of the compared values as a report prints it: amplitudes in µV below 1 mV and in
    /// mV from there, one decimal; other values with two.
    pub fn value_text(&self, value: f64) -> String {
        match self.unit {
            "µV" if value >= 1000.0 => format!("{} mV", crate::display::fixed(value / 1000.0, 1)),
            "µV" => format!("{} µV", crate::display::fixed(value, 1)),
            unit => format!("{} {unit}", crate::display::fixed(value, 2)),
        }
    }

    /// The difference as a report prints it: `0.52 ms`, `48 %`, `ratio 0.45`.
    pub fn difference_text(&self) -> String {
        match self.difference_parts() {
            (value, "ratio") => format!("ratio {value}"),
            (value, unit) => format!("{value} {unit}"),
        }
    }

    /// The difference's number as a report prints it and its unit (`ms`, `%` or `ratio`), for
    /// a table that gives them in columns of their own.
    pub fn difference_parts(&self) -> (String, &'static str) {
        match self.difference_unit {
            "ms" => (crate::display::fixed(self.difference, 2), "ms"),
            "%" => (crate::display::fixed(self.difference, 0), "%"),
            _ => (crate::display::fixed(self.difference, 2), "ratio"),
        }
    }

    /// Where the difference stands, in words that do not rely on colour.
    pub fn verdict_text(&self) -> &'static str {
        match self.is_abnormal {
            Some(true) => "▲ beyond the limit",
            Some(false) => "within the limit",
            None => "no verified limit: not labelled",
        }
    }
}

/// The kinds of comparison edxview makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComparisonKind {
    /// The same nerve, right against left.
    SideToSide,
    /// The median against the ulnar nerve of one side at the same finger or palm: the sensitive
    /// comparative tests of carpal tunnel syndrome grading (Bland grade 1, Padua "minimal").
    MedianAgainstUlnar(Side),
}

const BUSCHBACHER_ULNAR: &str = "Buschbacher RM, ulnar motor conduction to ADM (N = 248): side-to-side upper limits latency 0.6 ms, amplitude 3.6 mV (domain.md §2.3)";
const BUSCHBACHER_PERONEAL: &str = "Buschbacher RM, peroneal motor conduction to EDB (N = 242): side-to-side upper limits latency 1.4 ms, amplitude difference 61 % (domain.md §2.3)";
const BUSCHBACHER_TIBIAL_FDMB: &str = "Buschbacher RM, tibial motor conduction to FDMB (N = 205): side-to-side upper limits latency 1.8 ms (2 SD), amplitude drop 58 % (domain.md §2.3)";
const H_REFLEX_AMPLITUDES: &str =
    "H reflex, Braddom–Johnson method (PubMed 8291959, N = 45): small/large amplitude ratio under 0.4 probably abnormal";
const SENSORY_SIDES: &str = "Ferrante & Wilbourn 1995, 53 single-trunk brachial plexus lesions: a sensory response at most half the other side's counted abnormal (domain.md §5.6, secondary source)";
const RING_FINGER: &str = "Median-to-ulnar comparative tests in mild carpal tunnel syndrome (Muscle Nerve 1993;16:1366, PubMed 8232394): ring-finger and palm differences of 0.5 ms or more abnormal";
const INDEX_SMALL: &str = "Dutch grading of carpal tunnel syndrome (PMC6712840, table 1): median index-finger against ulnar small-finger peak latency difference under 0.6 ms normal, 0.6 ms or more mild, over 1.2 ms moderate";

/// Distances may differ by this much for two sensory latencies to be compared, mm.
const SAME_DISTANCE_MM: f64 = 5.0;

/// Every comparison the study allows.
pub fn compare_nerves(nerves: &[NerveConduction], analyses: &[NerveAnalysis]) -> Vec<Comparison> {
    let mut comparisons = Vec::new();
    for (first_idx, first) in nerves.iter().enumerate() {
        for (second_idx, second) in nerves.iter().enumerate().skip(first_idx + 1) {
            let (first_analysis, second_analysis) = (&analyses[first_idx], &analyses[second_idx]);
            if first.nerve == second.nerve
                && first.kind == second.kind
                && first.side != second.side
                && same_site(&first.recording_site, &second.recording_site)
            {
                // Right first, so differences read "right minus left".
                let (right, right_analysis, left_analysis) = if first.side == Side::Right {
                    (first, first_analysis, second_analysis)
                } else {
                    (second, second_analysis, first_analysis)
                };
                comparisons.extend(side_to_side(right, right_analysis, left_analysis));
            }
            if first.side == second.side {
                let pair = match (&first.nerve, &second.nerve) {
                    (Nerve::Median, Nerve::Ulnar) => Some((first, second, first_analysis, second_analysis)),
                    (Nerve::Ulnar, Nerve::Median) => Some((second, first, second_analysis, first_analysis)),
                    _ => None,
                };
                if let Some((median, ulnar, median_analysis, ulnar_analysis)) = pair {
                    comparisons.extend(median_against_ulnar(median, ulnar, median_analysis, ulnar_analysis));
                }
            }
        }
    }
    comparisons
}

/// The comparisons of a nerve tested on both sides (`right` describes both).
fn side_to_side(
    right: &NerveConduction,
    right_analysis: &NerveAnalysis,
    left_analysis: &NerveAnalysis,
) -> Vec<Comparison> {
    let title = format!("{} {} ({}), right against left", right.nerve, right.kind, right.recording_site);
    let mut comparisons = Vec::new();
    if let (Some(LateAnalysis::HReflex(right_h)), Some(LateAnalysis::HReflex(left_h))) =
        (&right_analysis.late, &left_analysis.late)
    {
        if let (Some(right_latency), Some(left_latency)) = (right_h.latency_ms, left_h.latency_ms) {
            let difference = right_latency - left_latency;
            comparisons.push(Comparison {
                kind: ComparisonKind::SideToSide,
                title: title.clone(),
                measure: "H-reflex latency",
                first: ("Right".into(), right_latency),
                second: ("Left".into(), left_latency),
                difference,
                unit: "ms",
                difference_unit: "ms",
                limit: Some((
                    format!("difference at most {} ms", display::trimmed(H_REFLEX_MAX_SIDE_TO_SIDE_LATENCY_MS)),
                    H_REFLEX_SIDE_TO_SIDE_SOURCE,
                )),
                is_abnormal: Some(difference.abs() > H_REFLEX_MAX_SIDE_TO_SIDE_LATENCY_MS),
            });
        }
        if let (Some(right_amplitude), Some(left_amplitude)) = (right_h.amplitude_uv, left_h.amplitude_uv) {
            let ratio =
                right_amplitude.min(left_amplitude) / right_amplitude.max(left_amplitude).max(f64::MIN_POSITIVE);
            comparisons.push(Comparison {
                kind: ComparisonKind::SideToSide,
                title,
                measure: "H-reflex amplitude",
                first: ("Right".into(), right_amplitude),
                second: ("Left".into(), left_amplitude),
                difference: ratio,
                unit: "µV",
                difference_unit: "ratio",
                limit: Some((
                    format!("small/large ratio at least {}", display::trimmed(H_REFLEX_MIN_AMPLITUDE_RATIO)),
                    H_REFLEX_AMPLITUDES,
                )),
                is_abnormal: Some(ratio < H_REFLEX_MIN_AMPLITUDE_RATIO),
            });
        }
        return comparisons;
    }
    let (Some(right_measures), Some(left_measures)) = (
        right_analysis.sites.first().and_then(|site| site.measures),
        left_analysis.sites.first().and_then(|site| site.measures),
    ) else {
        return comparisons;
    };
    let is_motor = right.kind == NerveConductionKind::Motor;
    let limits = if is_motor { side_limits(&right.nerve, &right.recording_site) } else { None };
    let (latency_name, right_latency, left_latency) = if is_motor {
        ("distal onset latency", right_measures.onset_latency_ms, left_measures.onset_latency_ms)
    } else {
        ("peak latency", right_measures.peak_latency_ms, left_measures.peak_latency_ms)
    };
    if right_latency.is_finite() && left_latency.is_finite() {
        let difference = right_latency - left_latency;
        comparisons.push(Comparison {
            kind: ComparisonKind::SideToSide,
            title: title.clone(),
            measure: latency_name,
            first: ("Right".into(), right_latency),
            second: ("Left".into(), left_latency),
            difference,
            unit: "ms",
            difference_unit: "ms",
            limit: limits.map(|(latency_ms, _, source)| (format!("difference at most {latency_ms} ms"), source)),
            is_abnormal: limits.map(|(latency_ms, _, _)| difference.abs() > latency_ms),
        });
    }
    let (right_amplitude, left_amplitude) = (right_measures.amplitude_uv, left_measures.amplitude_uv);
    if right_amplitude.is_finite() && left_amplitude.is_finite() {
        let larger = right_amplitude.max(left_amplitude).max(f64::MIN_POSITIVE);
        let drop_pct = 100.0 * (larger - right_amplitude.min(left_amplitude)) / larger;
        let (limit, is_abnormal) = if right.kind.is_sensory() {
            (
                Some((
                    format!(
                        "smaller more than {} % of the larger",
                        display::trimmed(100.0 * SENSORY_SIDE_TO_SIDE_MIN_RATIO)
                    ),
                    SENSORY_SIDES,
                )),
                Some(at_most_share_of_other_side(right_amplitude, left_amplitude)),
            )
        } else {
            match limits.and_then(|(_, amplitude, source)| amplitude.map(|amplitude| (amplitude, source))) {
                Some((AmplitudeLimit::DropPct(limit), source)) => {
                    (Some((format!("drop at most {limit:.0} %"), source)), Some(drop_pct > limit))
                }
                Some((AmplitudeLimit::DifferenceUv(limit), source)) => (
                    Some((format!("difference at most {:.1} mV", limit / 1000.0), source)),
                    Some((right_amplitude - left_amplitude).abs() > limit),
                ),
                None => (None, None),
            }
        };
        comparisons.push(Comparison {
            kind: ComparisonKind::SideToSide,
            title,
            measure: "amplitude",
            first: ("Right".into(), right_amplitude),
            second: ("Left".into(), left_amplitude),
            difference: drop_pct,
            unit: "µV",
            difference_unit: "%",
            limit,
            is_abnormal,
        });
    }
    comparisons
}

/// Whether the smaller of two sensory amplitudes of one nerve, right and left, is at most
/// [`SENSORY_SIDE_TO_SIDE_MIN_RATIO`] of the larger: abnormal in the plexus literature.
pub fn at_most_share_of_other_side(first_uv: f64, second_uv: f64) -> bool {
    first_uv.min(second_uv) <= SENSORY_SIDE_TO_SIDE_MIN_RATIO * first_uv.max(second_uv)
}

/// A side-to-side amplitude limit: as a difference or as a drop.
#[derive(Debug, Clone, Copy, PartialEq)]
enum AmplitudeLimit {
    DifferenceUv(f64),
    DropPct(f64),
}

/// Buschbacher's side-to-side limits for the motor studies that published them.
fn side_limits(nerve: &Nerve, recording_site: &str) -> Option<(f64, Option<AmplitudeLimit>, &'static str)> {
    let at = |names: &[&str]| names.iter().any(|name| same_site(name, recording_site));
    match nerve {
        Nerve::Ulnar if at(&["ADM", "Abductor digiti minimi"]) => {
            Some((0.6, Some(AmplitudeLimit::DifferenceUv(3_600.0)), BUSCHBACHER_ULNAR))
        }
        Nerve::Peroneal if at(&["EDB", "Extensor digitorum brevis"]) => {
            Some((1.4, Some(AmplitudeLimit::DropPct(61.0)), BUSCHBACHER_PERONEAL))
        }
        Nerve::Tibial if at(&["FDMB", "Flexor digiti minimi brevis"]) => {
            Some((1.8, Some(AmplitudeLimit::DropPct(58.0)), BUSCHBACHER_TIBIAL_FDMB))
        }
        _ => None,
    }
}

fn median_against_ulnar(
    median: &NerveConduction,
    ulnar: &NerveConduction,
    median_analysis: &NerveAnalysis,
    ulnar_analysis: &NerveAnalysis,
) -> Vec<Comparison> {
    if !median.kind.is_sensory() || !ulnar.kind.is_sensory() {
        return Vec::new();
    }
    let distance = |nerve: &NerveConduction| nerve.sites.first().and_then(|site| site.distance_mm);
    let peak = |analysis: &NerveAnalysis| {
        analysis
            .sites
            .first()
            .and_then(|site| site.measures)
            .map(|measures| measures.peak_latency_ms)
            .filter(|latency| latency.is_finite())
    };
    let (Some(median_peak), Some(ulnar_peak)) = (peak(median_analysis), peak(ulnar_analysis)) else {
        return Vec::new();
    };
    let same_distance =
        distance(median).zip(distance(ulnar)).is_some_and(|(first, second)| (first - second).abs() <= SAME_DISTANCE_MM);
    let both_at = |names: &[&str]| {
        names.iter().any(|name| same_site(name, &median.recording_site))
            && names.iter().any(|name| same_site(name, &ulnar.recording_site))
    };
    let median_at = |names: &[&str]| names.iter().any(|name| same_site(name, &median.recording_site));
    let ulnar_at = |names: &[&str]| names.iter().any(|name| same_site(name, &ulnar.recording_site));
    let palm = |nerve: &NerveConduction| nerve.sites.first().is_some_and(|site| same_site(&site.name, "Palm"));
    let (title, limit_ms, inclusive, source) = if both_at(&["Digit 4", "D4", "Ring finger"]) {
        ("Median against ulnar, ring finger (digit 4)", 0.5, true, RING_FINGER)
    } else if palm(median) && palm(ulnar) {
        ("Median against ulnar, palm", 0.5, true, RING_FINGER)
    } else if median_at(&["Digit 2", "D2", "Index finger"]) && ulnar_at(&["Digit 5", "D5", "Little finger"]) {
        ("Median index finger against ulnar small finger", 0.6, true, INDEX_SMALL)
    } else {
        return Vec::new();
    };
    let difference = median_peak - ulnar_peak;
    let (limit, is_abnormal) = if same_distance {
        (
            Some((format!("median minus ulnar under {limit_ms} ms"), source)),
            Some(if inclusive { difference >= limit_ms } else { difference > limit_ms }),
        )
    } else {
        (None, None)
    };
    vec![Comparison {
        kind: ComparisonKind::MedianAgainstUlnar(median.side),
        title: if same_distance { title.to_string() } else { format!("{title} (distances differ, so not labelled)") },
        measure: "peak latency",
        first: ("Median".into(), median_peak),
        second: ("Ulnar".into(), ulnar_peak),
        difference,
        unit: "ms",
        difference_unit: "ms",
        limit,
        is_abnormal,
    }]
}

#[cfg(test)]
mod tests {
    use crate::interpret::{builtin_profiles, review_study};
    use crate::ncs::StudyAdjustments;

    #[test]
    fn ring_finger_and_side_to_side_comparisons_are_made_with_their_limits() {
        let carpal_tunnel = crate::synth::demos::build("carpal-tunnel-moderate").unwrap();
        let review = review_study(
            &carpal_tunnel.nerve_conductions,
            StudyAdjustments::AS_SAVED,
            &builtin_profiles()[0],
            &carpal_tunnel.patient,
        );
        let ring = review
            .comparisons
            .iter()
            .find(|comparison| comparison.title.contains("ring finger"))
            .expect("ring-finger comparison");
        assert_eq!(ring.is_abnormal, Some(true), "{ring:?}");
        assert!(ring.difference > 0.5);

        let ulnar = crate::synth::demos::build("ulnar-elbow-block").unwrap();
        let review =
            review_study(&ulnar.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &ulnar.patient);
        let latency = review
            .comparisons
            .iter()
            .find(|comparison| {
                comparison.title.starts_with("Ulnar motor") && comparison.measure == "distal onset latency"
            })
            .expect("side-to-side latency");
        assert!(latency.limit.is_some());
        assert_eq!(latency.is_abnormal, Some(false), "both distal segments are healthy: {latency:?}");
        assert!(review.comparisons.iter().any(|comparison| comparison.measure == "amplitude"));
    }

    #[test]
    fn a_sensory_response_at_most_half_the_other_sides_is_abnormal_where_no_limit_labels_it() {
        use crate::interpret::localise::{nerve_evidence, SensoryStudy};
        use crate::model::{Patient, Side};
        use crate::synth::ncs::NerveSpec;
        let thumb = |side: Side, axon_loss_fraction: f64, seed: u64| {
            let mut spec = NerveSpec::median_sensory();
            spec.recording_site = "Digit 1".into();
            spec.side = side;
            spec.axon_loss_fraction = axon_loss_fraction;
            spec.seed = seed;
            spec.simulate().study
        };
        let nerves = [thumb(Side::Right, 0.7, 5), thumb(Side::Left, 0.0, 6)];
        let review = review_study(&nerves, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &Patient::default());
        assert!(review.nerves.iter().all(|nerve| nerve.flags.flags.is_empty()), "no limit for the thumb");
        let amplitude =
            review.comparisons.iter().find(|comparison| comparison.measure == "amplitude").expect("compared");
        assert_eq!(amplitude.is_abnormal, Some(true), "{amplitude:?}");
        let evidence = nerve_evidence(&nerves, &review);
        let judged: Vec<(SensoryStudy, Side, Option<bool>)> =
            evidence.sensory.iter().map(|response| (response.study, response.side, response.abnormal)).collect();
        assert_eq!(
            judged,
            [
                (SensoryStudy::MedianThumb, Side::Right, Some(true)),
                (SensoryStudy::MedianThumb, Side::Left, Some(false))
            ]
        );
    }
}
