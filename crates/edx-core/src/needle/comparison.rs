//! The motor unit summary beside its reference, as the needle report tables it: each mean with
//! the reference's limits (mean ± 2 SD, as the source gives them) and where it falls. When the
//! recording's bandwidth is too narrow for the reference ([`MIN_BANDWIDTH_FOR_REFERENCE_HZ`]),
//! only one comparison still holds: the narrow band can only lower a spike's amplitude, so a
//! mean amplitude above the upper limit is above it in any band; nothing else is compared.

use super::summary::{MuapReference, MuapSummary, MIN_BANDWIDTH_FOR_REFERENCE_HZ};
use crate::display;

/// Whether a recording sampled at `sampling_rate_hz` may be read against reference values.
pub fn reference_applies_at(sampling_rate_hz: f64) -> bool {
    sampling_rate_hz / 2.0 >= MIN_BANDWIDTH_FOR_REFERENCE_HZ
}

/// Where a mean falls against its reference limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Under the lower limit.
    Below,
    /// From the lower limit to the upper limit, both included.
    Within,
    /// Over the upper limit.
    Above,
}

impl Verdict {
    /// The words a table prints beside the value.
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Below => "below the lower limit",
            Verdict::Within => "within the limits",
            Verdict::Above => "above the upper limit",
        }
    }

    /// The arrow a table puts before a mean outside its limits, pointing the way it departs:
    /// `▼` below, `▲` above; `None` within. Never the only sign: [`Verdict::label`] says it.
    pub fn symbol(self) -> Option<&'static str> {
        match self {
            Verdict::Below => Some("▼"),
            Verdict::Within => None,
            Verdict::Above => Some("▲"),
        }
    }
}

/// One row of the summary table.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// What is averaged: "Amplitude", "Duration", "Phases", "Polyphasic units", "Turns", "Area".
    pub measure: &'static str,
    /// The mean, in `unit`.
    pub mean: f64,
    /// The unit as printed ("µV", "ms", "%", or empty for counts).
    pub unit: &'static str,
    /// Decimals a report prints the mean and its limits with.
    pub decimals: usize,
    /// Whether motor unit references give limits for this measure (turns and area have none).
    pub in_references: bool,
    /// The reference's lower and upper limits, when a reference applies and gives them.
    pub limits: Option<(f64, f64)>,
    /// Where the mean falls, when there are limits and the bandwidth allows comparing.
    pub verdict: Option<Verdict>,
}

impl SummaryRow {
    /// The mean as the table prints it, with the row's decimals and unit: `1200 µV`, `3.2`.
    pub fn mean_text(&self) -> String {
        self.with_unit(self.mean)
    }

    /// The reference range as the table prints it: `477–846 µV`; `no reference` for a measure
    /// references give but not for this muscle; empty for one they never give (turns, area).
    pub fn reference_text(&self) -> String {
        match (self.limits, self.in_references) {
            (Some((lower, upper)), _) => format!("{}–{}", display::fixed(lower, self.decimals), self.with_unit(upper)),
            (None, true) => "no reference".to_string(),
            (None, false) => String::new(),
        }
    }

    /// `value` with the row's decimals, and its unit after a space when it has one.
    fn with_unit(&self, value: f64) -> String {
        let number = display::fixed(value, self.decimals);
        if self.unit.is_empty() {
            number
        } else {
            format!("{number} {}", self.unit)
        }
    }
}

/// The summary's rows beside `reference` for a recording sampled at `sampling_rate_hz`.
pub fn summary_rows(
    summary: &MuapSummary,
    reference: Option<&MuapReference>,
    sampling_rate_hz: f64,
) -> Vec<SummaryRow> {
    let comparable = reference_applies_at(sampling_rate_hz);
    let pair_limits = |pair: fn(&MuapReference) -> (f64, f64)| {
        reference.map(|reference| MuapReference::limits_for(pair(reference), summary.n_units))
    };
    let row = |measure, mean: f64, unit, decimals, limits: Option<Option<(f64, f64)>>| SummaryRow {
        measure,
        mean,
        unit,
        decimals,
        in_references: limits.is_some(),
        limits: limits.flatten(),
        verdict: limits.flatten().filter(|_| comparable).map(|(lower, upper)| {
            if mean < lower {
                Verdict::Below
            } else if mean > upper {
                Verdict::Above
            } else {
                Verdict::Within
            }
        }),
    };
    let mut amplitude =
        row("Amplitude", summary.mean_amplitude_uv, "µV", 0, Some(pair_limits(|reference| reference.amplitude_uv)));
    if !comparable {
        // In a narrow band only an amplitude above the upper limit is a verdict (see the module).
        amplitude.verdict =
            amplitude.limits.filter(|&(_, upper)| summary.mean_amplitude_uv > upper).map(|_| Verdict::Above);
    }
    vec![
        amplitude,
        row("Duration", summary.mean_duration_ms, "ms", 1, Some(pair_limits(|reference| reference.duration_ms))),
        row("Phases", summary.mean_phases, "", 1, Some(pair_limits(|reference| reference.phases))),
        row(
            "Polyphasic units",
            summary.polyphasic_pct,
            "%",
            0,
            Some(
                reference
                    .filter(|_| summary.n_units >= super::summary::MIN_UNITS_FOR_POLYPHASIA)
                    .map(|reference| (0.0, reference.polyphasic_upper_pct)),
            ),
        ),
        row("Turns", summary.mean_turns, "", 1, None),
        row("Area", summary.mean_area_uv_ms, "µV·ms", 0, None),
    ]
}

/// The table's caption: how many units, and which reference they are held against, or why not.
pub fn summary_caption(summary: &MuapSummary, reference: Option<&MuapReference>, sampling_rate_hz: f64) -> String {
    match reference {
        Some(reference) if !reference_applies_at(sampling_rate_hz) => format!(
            "Motor unit summary ({} units) beside the {} reference, which this recording's bandwidth does not allow to compare except for an amplitude above its upper limit (a narrow band only lowers amplitudes)",
            summary.n_units, reference.muscle
        ),
        Some(reference) => {
            format!("Motor unit summary ({} units) against the {} reference", summary.n_units, reference.muscle)
        }
        None => format!("Motor unit summary ({} units); no reference applies to this muscle", summary.n_units),
    }
}

#[cfg(test)]
mod tests {
    use super::super::summary::tibialis_anterior;
    use super::*;

    #[test]
    fn a_row_prints_its_mean_and_range_with_its_decimals_and_unit_and_marks_the_way_out() {
        let rows = summary_rows(&summary(1200.0), Some(&tibialis_anterior()), 20_000.0);
        assert_eq!(rows[0].mean_text(), "1200 µV");
        assert_eq!(rows[2].mean_text(), "3.2", "phases are a count without a unit");
        let (lower, upper) = rows[0].limits.unwrap();
        assert_eq!(rows[0].reference_text(), format!("{lower:.0}–{upper:.0} µV"));
        let symbols = [Verdict::Below, Verdict::Within, Verdict::Above].map(Verdict::symbol);
        assert_eq!(symbols, [Some("▼"), None, Some("▲")]);
    }

    fn summary(mean_amplitude_uv: f64) -> MuapSummary {
        MuapSummary {
            n_units: 12,
            mean_amplitude_uv,
            mean_duration_ms: 9.0,
            mean_phases: 3.2,
            mean_turns: 3.0,
            mean_area_uv_ms: 800.0,
            polyphasic_pct: 10.0,
        }
    }

    #[test]
    fn each_mean_is_held_against_its_limits_only_where_the_bandwidth_allows() {
        let reference = tibialis_anterior();
        let rows = summary_rows(&summary(1200.0), Some(&reference), 20_000.0);
        assert_eq!(rows[0].verdict, Some(Verdict::Above), "1200 µV is over 661.5 + 2 × 92");
        assert_eq!(rows[1].verdict, Some(Verdict::Within));
        assert_eq!((rows[4].limits, rows[4].in_references), (None, false), "turns have no reference");
        let narrow = summary_rows(&summary(1200.0), Some(&reference), 4_000.0);
        assert_eq!(narrow[0].verdict, Some(Verdict::Above), "a narrow band only lowers amplitudes");
        assert!(narrow[1..].iter().all(|row| row.verdict.is_none()), "2 kHz of bandwidth is too narrow");
        assert!(narrow[0].limits.is_some(), "the limits are still shown beside the means");
        let narrow_normal = summary_rows(&summary(700.0), Some(&reference), 4_000.0);
        assert_eq!(narrow_normal[0].verdict, None, "within the limits in a narrow band says nothing");
        assert!(summary_caption(&summary(1.0), Some(&reference), 4_000.0).contains("does not allow to compare"));
        let unreferenced = summary_rows(&summary(1.0), None, 20_000.0);
        assert!(unreferenced.iter().all(|row| row.limits.is_none()));
        assert!(unreferenced[0].in_references, "amplitude has references, just none for this muscle");
        assert_eq!(
            (unreferenced[0].reference_text(), unreferenced[4].reference_text()),
            ("no reference".into(), String::new())
        );
    }
}
