//! The findings of every demo study, as the physician and patient views show them: checked as
//! a snapshot (regenerate with `UPDATE_EXPECT=1 cargo test -p edx-core --test demo_findings`
//! and review the diff), plus the pattern each demo is meant to show.

use edx_core::interpret::{builtin_profiles, review_study, StudyReview};
use edx_core::ncs::StudyAdjustments;
use edx_core::synth::demos;

fn review(id: &str) -> StudyReview {
    let study = demos::build(id).expect("demo");
    review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient)
}

fn statements(review: &StudyReview) -> Vec<String> {
    review
        .findings
        .iter()
        .chain(review.nerves.iter().flat_map(|nerve| &nerve.findings))
        .map(|finding| finding.statement.clone())
        .collect()
}

#[test]
fn each_demo_shows_its_pattern() {
    let expectations: [(&str, &str); 8] = [
        ("median-motor-normal", "Right median motor: within normal limits."),
        ("upper-limb-normal", "Right ulnar sensory (antidromic): within normal limits."),
        ("upper-limb-normal", "Bland grade 0 (normal), Padua NEG (negative)"),
        ("lower-limb-normal", "Right sural sensory (antidromic): within normal limits."),
        (
            "carpal-tunnel-moderate",
            "Bland grade 3 (moderate), Padua MOD (moderate); consistent with carpal tunnel syndrome.",
        ),
        ("ulnar-elbow-block", "consistent with a right ulnar neuropathy at the elbow."),
        ("axonal-polyneuropathy", "consistent with a predominantly axonal sensorimotor polyneuropathy."),
        ("demyelinating-polyneuropathy", "consistent with a demyelinating neuropathy when the clinical picture fits."),
    ];
    for (id, expected) in expectations {
        let found = statements(&review(id));
        assert!(
            found.iter().any(|statement| statement.contains(expected)),
            "{id}: no finding contains {expected:?}; found {found:#?}"
        );
    }
    for id in ["median-motor-normal", "upper-limb-normal", "lower-limb-normal"] {
        let review = review(id);
        // Study-wide findings of a normal study are normal ones, such as Bland grade 0.
        assert!(
            review
                .findings
                .iter()
                .chain(review.nerves.iter().flat_map(|nerve| &nerve.findings))
                .all(|finding| !finding.is_abnormal),
            "{id} should be normal"
        );
    }
}

#[test]
fn findings_text_snapshot() {
    let mut text = String::new();
    for demo in demos::ALL {
        let review = review(demo.id);
        text.push_str(&format!("## {}\n", demo.id));
        for finding in review.findings.iter().chain(review.nerves.iter().flat_map(|nerve| &nerve.findings)) {
            text.push_str(&format!("- {}\n", finding.statement));
            if let Some(category) = finding.category {
                text.push_str(&format!("    category: {}\n", category.label()));
            }
            for basis in &finding.basis {
                text.push_str(&format!("    · {basis}\n"));
            }
            text.push_str(&format!("    patient: {}\n", finding.plain_language));
        }
        text.push('\n');
    }
    expect_test::expect_file!["snapshots/demo_findings.txt"].assert_eq(&text);
}
