//! Findings of late responses: an F-wave study's minimum latency against the profile's limit
//! (a prolongation into EFNS/PNS I-C's range is a demyelinating feature, JNNP table), and an
//! H reflex measured but not labelled, since its commonly quoted limit is unverified.

use super::wording::nerve_word;
use super::{Finding, NerveCategory};
use crate::display;
use crate::interpret::criteria::{
    EFNS_F_LATENCY_PCT_OF_ULN, H_REFLEX_MAX_SIDE_TO_SIDE_LATENCY_MS, H_REFLEX_SIDE_TO_SIDE_SOURCE,
    H_REFLEX_UNVERIFIED_MAX_LATENCY_MS,
};
use crate::interpret::flags::{NerveFlags, Place};
use crate::interpret::patient::en;
use crate::interpret::profiles::Measure;
use crate::model::NerveConduction;
use crate::ncs::{FWaveAnalysis, HReflexAnalysis, LateAnalysis};

/// Preston & Shapiro's appendix footnote (domain.md §1.1): F latencies depend on limb length.
const F_HEIGHT_NOTE: &str = "F-wave latencies lengthen with height: for tall or short patients they must be normalised for height (Preston & Shapiro appendix).";

/// Findings of an F-wave or H-reflex study; `name` heads the statement ("Right median F wave").
pub(super) fn late_findings(
    nerve: &NerveConduction,
    late: &LateAnalysis,
    flags: &NerveFlags,
    name: &str,
) -> Vec<Finding> {
    match late {
        LateAnalysis::FWaves(f_waves) => vec![f_wave_finding(nerve, f_waves, flags, name)],
        LateAnalysis::HReflex(h_reflex) => vec![h_reflex_finding(h_reflex, name)],
    }
}

/// The F-wave train's persistence and latencies, its minimum latency against the limit.
fn f_wave_finding(nerve: &NerveConduction, f_waves: &FWaveAnalysis, flags: &NerveFlags, name: &str) -> Finding {
    let basis = [
        format!(
            "{} of {} stimuli evoked an F wave (persistence {}); latencies {} ms (chronodispersion {} ms).",
            f_waves.sweeps.iter().filter(|sweep| sweep.response.is_some()).count(),
            f_waves.sweeps.len(),
            display::percent(f_waves.persistence_pct),
            match (f_waves.minimum_latency_ms, f_waves.maximum_latency_ms) {
                (Some(minimum), Some(maximum)) =>
                    format!("{}–{}", display::latency_ms(minimum), display::latency_ms(maximum)),
                _ => "–".into(),
            },
            f_waves.chronodispersion_ms.map_or("–".into(), display::latency_ms)
        ),
        F_HEIGHT_NOTE.into(),
    ];
    let flag = flags.get(Place::Site(0), Measure::FWaveMinimumLatency);
    // Absent F waves fit a proximal block, axon loss or a technical cause alike; a latency
    // prolonged into EFNS/PNS I-C's range (at least 130 % of the upper limit) is a
    // demyelinating feature, a slighter prolongation fits either pattern (JNNP table).
    let finding = match (flag, f_waves.minimum_latency_ms) {
        (Some(_), None) => Finding::abnormal(format!("{name}: no F waves in {} stimuli; consistent with a conduction problem in the proximal nerve or roots, or with a severely reduced response.", f_waves.sweeps.len()))
            .plain(en::finding_late_none(&nerve_word(nerve)))
            .category(NerveCategory::Indeterminate),
        (Some(flag), Some(_)) if flag.is_abnormal => Finding::abnormal(format!("{name}: {}; consistent with slowing along the proximal nerve or roots.", flag.describe()))
            .plain(en::finding_late_slow(&nerve_word(nerve)))
            .category(if flag.percent_of_limit().is_some_and(|pct| pct >= EFNS_F_LATENCY_PCT_OF_ULN) {
                NerveCategory::DemyelinatingFeatures
            } else {
                NerveCategory::Indeterminate
            }),
        (Some(flag), Some(_)) => Finding::not_abnormal(format!("{name}: {}.", flag.describe()))
            .plain(en::finding_late_normal())
            .category(NerveCategory::Normal),
        (None, _) => Finding::not_abnormal(format!("{name}: minimum F-wave latency {} ms; no limit of the chosen profile applies, so it is not labelled.", f_waves.minimum_latency_ms.map_or("–".into(), display::latency_ms)))
            .plain(en::finding_late_no_range())
            .category(NerveCategory::Indeterminate),
    };
    finding.basis(basis).sources(flag.map(|flag| flag.limit.source.clone()))
}

/// The largest H reflex of the series, measured and compared with nothing.
fn h_reflex_finding(h_reflex: &HReflexAnalysis, name: &str) -> Finding {
    let statement = match (h_reflex.latency_ms, h_reflex.amplitude_uv) {
        (Some(latency), Some(amplitude)) => format!(
            "{name}: H reflex at {} ms, {} mV{}; measured, not labelled (the commonly quoted upper limit of about {} ms is unverified; compare with the other side: a difference over {} ms is abnormal).",
            display::latency_ms(latency),
            display::fixed(amplitude / 1000.0, 1),
            h_reflex.h_to_m_pct.map(|ratio| format!(", H/M {}", display::percent(ratio))).unwrap_or_default(),
            display::trimmed(H_REFLEX_UNVERIFIED_MAX_LATENCY_MS),
            display::trimmed(H_REFLEX_MAX_SIDE_TO_SIDE_LATENCY_MS)
        ),
        _ => format!("{name}: no H reflex in {} stimuli.", h_reflex.sweeps.len()),
    };
    Finding::not_abnormal(statement)
        .basis([format!(
            "Largest H reflex of {} stimuli; M max {}.",
            h_reflex.sweeps.len(),
            h_reflex.m_max_uv.map_or("–".into(), |m| format!("{} mV", display::fixed(m / 1000.0, 1)))
        )])
        .sources([format!(
            "H reflex side-to-side latency difference at most {} ms: {H_REFLEX_SIDE_TO_SIDE_SOURCE}",
            display::trimmed(H_REFLEX_MAX_SIDE_TO_SIDE_LATENCY_MS)
        )])
        .plain(en::LATE_RESPONSES)
        .category(NerveCategory::Indeterminate)
}
