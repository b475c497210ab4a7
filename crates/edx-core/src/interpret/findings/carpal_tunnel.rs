//! Carpal tunnel syndrome: the median nerve at the wrist graded on Bland's neurophysiological
//! scale (Muscle Nerve 2000) and Padua's classification (1997), one grade per side, from the
//! median motor study to APB, the median digit 2 or 3 sensory study, and the median-against-ulnar
//! comparisons, when the ulnar studies of that side are normal.

use super::{Finding, NerveReview, Severity};
use crate::display;
use crate::interpret::comparisons::{Comparison, ComparisonKind};
use crate::interpret::criteria::{BLAND_SEVERE_LATENCY_MS, BLAND_UNRECORDABLE_CMAP_UV};
use crate::interpret::flags::Place;
use crate::interpret::profiles::{same_site, Measure};
use crate::model::{Nerve, NerveConductionKind, Side};

/// The site the findings name, as the localisation's nerve sites do.
const MEDIAN_AT_WRIST: &str = "median nerve at the wrist";

/// Bland's grading scale, grades 0 to 6.
const BLAND_SOURCE: &str =
    "Bland JDP. A neurophysiological grading scale for carpal tunnel syndrome. Muscle Nerve 2000;23:1280";
/// Padua's classes, NEG to EXT.
const PADUA_SOURCE: &str =
    "Padua L et al. Neurophysiological classification of carpal tunnel syndrome (600 hands), 1997";

/// Recording sites of the routine median digit–wrist sensory study that Bland's grades 2–4 and
/// Padua's MILD to SEV classes rest on: the index or middle finger. The ring finger (digit 4)
/// and the palm belong to the comparative tests.
const MEDIAN_DIGIT_WRIST_SITES: &[&str] =
    &["Digit 2", "D2", "Index finger", "Index", "Digit 3", "D3", "Middle finger", "Middle"];
/// The recording sites of the median motor study Bland grades: abductor pollicis brevis.
const APB_SITES: &[&str] = &["APB", "Abductor pollicis brevis"];

/// Bland and Padua grades of the median nerve at the wrist, one per side with a median motor and
/// a median digit 2 or 3 sensory study, when the ulnar studies of that side (if done) are normal.
pub(super) fn carpal_tunnel(reviews: &[NerveReview<'_>], comparisons: &[Comparison]) -> Vec<Finding> {
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
        .any(|review| review.is_abnormal());
    if ulnar_abnormal {
        return None;
    }
    let ulnar_done = reviews
        .iter()
        .filter(on_side)
        .any(|review| review.nerve.nerve == Nerve::Ulnar && review.analysis.late.is_none());
    let judged_comparisons: Vec<&Comparison> = comparisons
        .iter()
        .filter(|comparison| {
            comparison.kind == ComparisonKind::MedianAgainstUlnar(side) && comparison.is_abnormal.is_some()
        })
        .collect();
    let motor_distal = motor.analysis.sites.first().and_then(|site| site.measures);
    let latency_flag = motor.flags.get(Place::Site(0), Measure::DistalOnsetLatency);
    let sensory_absent = sensory.analysis.sites.first().is_some_and(|site| site.measures.is_none());
    // "All normal" needs values that were held against limits: the distal motor latency and a
    // sensory latency or velocity. Unlabelled values are not normal, they are unjudged.
    let sensory_conduction_judged = sensory.flags.flags.iter().any(|flag| {
        matches!(flag.measure, Measure::DistalPeakLatency | Measure::DistalOnsetLatency | Measure::ConductionVelocity)
    });
    let tests = WristTests {
        cmap_uv: motor_distal.map_or(0.0, |measures| measures.amplitude_uv),
        latency_ms: motor_distal.map(|measures| measures.onset_latency_ms),
        latency_abnormal: latency_flag.is_some_and(|flag| flag.is_abnormal),
        motor_abnormal: motor.is_abnormal(),
        sensory_absent,
        sensory_abnormal: sensory_absent || sensory.flags.any_abnormal(),
        comparison_abnormal: judged_comparisons.iter().any(|comparison| comparison.is_abnormal == Some(true)),
        all_judged: latency_flag.is_some() && sensory_conduction_judged,
    };
    let (bland, bland_label) = tests.bland()?;
    let padua = tests.padua(bland);
    let WristTests { latency_ms, latency_abnormal, sensory_abnormal, .. } = tests;
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
    basis.push(match (ulnar_done, bland) {
        (true, 0) => "Ulnar studies of this side normal.".into(),
        (true, _) => "Ulnar studies of this side normal, so the slowing is not shared by the ulnar nerve.".into(),
        (false, _) => "No ulnar study of this side: whether the ulnar nerve is slowed too (a generalised neuropathy) is not tested.".into(),
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
        return Some(
            Finding::not_abnormal(format!("{side_name} median nerve at the wrist: Bland grade 0 (normal), Padua NEG (negative); no electrodiagnostic sign of carpal tunnel syndrome."))
                .basis(basis)
                .sources(sources)
                .plain(crate::interpret::patient::en::finding_wrist_normal())
                .at_compression_site(MEDIAN_AT_WRIST, side),
        );
    }
    let severity = match bland {
        1 | 2 => Severity::Mild,
        3 => Severity::Moderate,
        _ => Severity::Severe,
    };
    Some(
        Finding::abnormal(format!("{side_name} median neuropathy at the wrist, Bland grade {bland} ({bland_label}), Padua {padua}; consistent with carpal tunnel syndrome."))
            .basis(basis)
            .sources(sources)
            .plain(crate::interpret::patient::en::finding_wrist_slowed(bland_label, bland == 1))
            .severity(severity)
            .at_compression_site(MEDIAN_AT_WRIST, side),
    )
}

/// What the tests of one wrist show, as Bland and Padua grade them.
#[derive(Debug, Clone, Copy)]
struct WristTests {
    /// Distal median CMAP from APB, in µV; 0 when absent.
    cmap_uv: f64,
    /// Distal median motor onset latency, in ms.
    latency_ms: Option<f64>,
    /// Whether the distal motor latency is beyond its limit.
    latency_abnormal: bool,
    /// Whether any value of the median motor study is abnormal, or its response absent.
    motor_abnormal: bool,
    /// Whether the digit–wrist sensory response is absent.
    sensory_absent: bool,
    /// Whether the digit–wrist sensory response is absent or any of its values abnormal.
    sensory_abnormal: bool,
    /// Whether a median-against-ulnar comparison is abnormal.
    comparison_abnormal: bool,
    /// Whether the distal motor latency and a sensory latency or velocity were held against limits.
    all_judged: bool,
}

impl WristTests {
    /// Bland 2000's grade and its name; `None` outside the grades or when not all was judged.
    fn bland(&self) -> Option<(u8, &'static str)> {
        let grade = if self.cmap_uv < BLAND_UNRECORDABLE_CMAP_UV {
            (6, "extremely severe")
        } else if self.latency_ms.is_some_and(|latency| latency > BLAND_SEVERE_LATENCY_MS) {
            (5, "very severe")
        } else if self.sensory_absent {
            (4, "severe")
        } else if self.latency_abnormal {
            (3, "moderate")
        } else if self.sensory_abnormal {
            (2, "mild")
        } else if self.motor_abnormal {
            // An abnormal motor study with a normal distal latency and normal sensory conduction
            // (a small CMAP alone, say) is outside Bland's grades.
            return None;
        } else if self.comparison_abnormal {
            // Bland 2000 grade 1: abnormal only on the most sensitive (comparative) tests.
            (1, "very mild")
        } else if self.all_judged {
            // Bland 2000 grade 0: all tests normal.
            (0, "normal")
        } else {
            return None;
        };
        Some(grade)
    }

    /// Padua 1997's class, given Bland's `bland` grade for the minimal class.
    ///
    /// EXT absent thenar motor response; SEV absent sensory response and abnormal distal motor
    /// latency; MOD abnormal digit–wrist sensory conduction and abnormal distal motor latency;
    /// MILD abnormal digit–wrist sensory conduction with a normal distal motor latency; MIN only
    /// segmental and/or comparative tests abnormal; NEG normal findings in all tests.
    fn padua(&self, bland: u8) -> &'static str {
        if self.cmap_uv < BLAND_UNRECORDABLE_CMAP_UV {
            "EXT (extreme)"
        } else if self.sensory_absent && self.latency_abnormal {
            "SEV (severe)"
        } else if self.sensory_abnormal && self.latency_abnormal {
            "MOD (moderate)"
        } else if self.sensory_abnormal {
            "MILD"
        } else if self.latency_abnormal {
            "not classifiable (abnormal motor latency with normal sensory conduction is outside Padua's classes)"
        } else if bland == 1 {
            "MIN (minimal)"
        } else {
            "NEG (negative)"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::study_finding;
    use crate::interpret::{builtin_profiles, review_study, StudyReview};
    use crate::ncs::StudyAdjustments;

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
            needle_examination: Default::default(),
            reason_for_study: None,
            comment: None,
            needle_unit_markers: Vec::new(),
        };
        review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient)
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
        let review =
            review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient);
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
        let review =
            review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient);
        let right = study_finding(&review, "Right median neuropathy at the wrist");
        assert!(!right.basis.iter().any(|basis| basis.contains("ring finger")), "{:?}", right.basis);
        assert!(!review.findings.iter().any(|finding| finding.statement.starts_with("Left median")));
    }

    #[test]
    fn the_typed_in_report_example_is_graded_as_carpal_tunnel_syndrome() {
        // The browser suite expects "carpal tunnel" in the findings of this example.
        let study = crate::formats::study_file::read(include_bytes!(
            "../../../../../docs/examples/typed-in-report.edxview.json"
        ))
        .expect("example study file");
        let review =
            review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient);
        let finding = study_finding(&review, "Bland grade");
        assert!(finding.statement.contains("consistent with carpal tunnel syndrome"), "{}", finding.statement);
    }
}
