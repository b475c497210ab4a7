//! Values held against a reference profile: each flag names the value, the limit and its source,
//! and a value no limit applies to stays unlabelled.

use super::profiles::{Bound, Evidence, Limit, Measure, ReferenceProfile};
use crate::display;
use crate::model::{Nerve, NerveConduction, NerveConductionKind};
use crate::ncs::NerveAnalysis;

/// Where on the nerve a value was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A stimulation site's response, by index (distal first).
    Site(usize),
    /// A segment between neighbouring sites, by index (distal first).
    Segment(usize),
}

/// A value compared with a limit.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    /// Where the value was measured.
    pub place: Place,
    /// What was measured.
    pub measure: Measure,
    /// The value, in the measure's unit; `None` for an absent response.
    pub value: Option<f64>,
    /// The limit it was held against.
    pub limit: Limit,
    /// Whether the value lies outside the limit.
    pub is_abnormal: bool,
}

impl Flag {
    /// The value and its limit as reports print them, e.g. `amplitude 9.2 mV (normal ≥ 4.0 mV)`;
    /// amplitudes of motor studies in mV, of sensory studies in µV.
    pub fn describe(&self, in_millivolts: bool) -> String {
        let (value, limit, unit) = match self.measure {
            Measure::DistalAmplitude | Measure::DistalPeakToPeakAmplitude => {
                let (limit, unit) = display::amplitude(self.limit.bound.value(), in_millivolts);
                (self.value.map(|value| display::amplitude(value, in_millivolts).0), limit, unit)
            }
            Measure::DistalOnsetLatency | Measure::DistalPeakLatency | Measure::FWaveMinimumLatency => {
                (self.value.map(display::latency_ms), display::fixed(self.limit.bound.value(), 1), "ms")
            }
            Measure::ConductionVelocity | Measure::VelocityDropAcrossJoint => {
                (self.value.map(display::velocity_m_per_s), display::fixed(self.limit.bound.value(), 0), "m/s")
            }
            Measure::AmplitudeDropAcrossJoint => {
                (self.value.map(|value| display::fixed(value, 0)), display::fixed(self.limit.bound.value(), 0), "%")
            }
        };
        let value = value.map_or_else(|| "absent".to_string(), |value| format!("{value} {unit}"));
        format!("{} {value} (normal {} {unit})", self.measure.name(), self.limit.bound.describe(&limit))
    }

    /// The value as a share of the limit, in % (130 = 30 % beyond an upper limit).
    pub fn percent_of_limit(&self) -> Option<f64> {
        self.value.map(|value| 100.0 * value / self.limit.bound.value())
    }
}

/// Every flag of a nerve, and notes on what could not be labelled and why.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NerveFlags {
    /// The comparisons made.
    pub flags: Vec<Flag>,
    /// Why some values were not labelled, and warnings such as a cool limb.
    pub notes: Vec<String>,
}

impl NerveFlags {
    /// The flag for `measure` at `place`, if one was made.
    pub fn get(&self, place: Place, measure: Measure) -> Option<&Flag> {
        self.flags.iter().find(|flag| flag.place == place && flag.measure == measure)
    }

    /// Whether any flag is abnormal.
    pub fn any_abnormal(&self) -> bool {
        self.flags.iter().any(|flag| flag.is_abnormal)
    }
}

/// Skin temperatures below which a limb counts as cool: 32 °C for the arm, 30 °C for the leg,
/// the common laboratory convention (domain.md §3.6 marks it unverified; the Norwegian KNF
/// guideline recommends 34 °C). Below them edxview warns and never corrects.
const COOL_ARM_C: f64 = 32.0;
const COOL_LEG_C: f64 = 30.0;

/// Holds the nerve's values against `profile`.
pub fn flag_nerve(nerve: &NerveConduction, analysis: &NerveAnalysis, profile: &ReferenceProfile) -> NerveFlags {
    let mut result = NerveFlags::default();
    let is_motor = nerve.kind == NerveConductionKind::Motor;
    let distal = analysis.sites.first();
    let distal_measures = distal.and_then(|site| site.measures);
    let distal_distance_mm = nerve.sites.first().and_then(|site| site.distance_mm);
    let compare = |place: Place, measure: Measure, value: Option<f64>, result: &mut NerveFlags| {
        // NaN: a value a typed-in report did not give. Not measured is not absent.
        if value.is_some_and(f64::is_nan) {
            return;
        }
        for limit in profile.limits_for(&nerve.nerve, nerve.kind, &nerve.recording_site, measure) {
            if limit.evidence == Evidence::Unverified {
                continue;
            }
            if let (Some(expected_mm), true) =
                (limit.distance_mm, matches!(measure, Measure::DistalOnsetLatency | Measure::DistalPeakLatency))
            {
                match distal_distance_mm {
                    Some(distance_mm) if (distance_mm - expected_mm).abs() <= limit.distance_tolerance_mm => {}
                    Some(distance_mm) => {
                        result.notes.push(format!(
                            "The {} is not labelled: the limit assumes {expected_mm:.0} mm, this study used {distance_mm:.0} mm.",
                            measure.name()
                        ));
                        continue;
                    }
                    None => {
                        result.notes.push(format!("The {} is not labelled: the study gives no distance and the limit assumes {expected_mm:.0} mm.", measure.name()));
                        continue;
                    }
                }
            }
            let is_abnormal = match value {
                Some(value) => !limit.bound.admits(value),
                // An absent response fails a lower limit of amplitude, and absent F waves fail
                // their latency limit (EFNS/PNS counts absent F waves, domain.md §3); other
                // latencies and velocities cannot be measured, so they are not labelled.
                None => {
                    (matches!(limit.bound, Bound::AtLeast(_))
                        && matches!(measure, Measure::DistalAmplitude | Measure::DistalPeakToPeakAmplitude))
                        || measure == Measure::FWaveMinimumLatency
                }
            };
            if value.is_some() || is_abnormal {
                result.flags.push(Flag { place, measure, value, limit: limit.clone(), is_abnormal });
            }
        }
    };

    compare(
        Place::Site(0),
        Measure::DistalAmplitude,
        distal.map(|site| site.measures.map_or(0.0, |measures| measures.amplitude_uv)),
        &mut result,
    );
    compare(
        Place::Site(0),
        Measure::DistalPeakToPeakAmplitude,
        distal.map(|site| site.measures.map_or(0.0, |measures| measures.peak_to_peak_uv)),
        &mut result,
    );
    compare(
        Place::Site(0),
        Measure::DistalOnsetLatency,
        distal_measures.map(|measures| measures.onset_latency_ms),
        &mut result,
    );
    compare(
        Place::Site(0),
        Measure::DistalPeakLatency,
        distal_measures.map(|measures| measures.peak_latency_ms),
        &mut result,
    );
    if let Some(crate::ncs::LateAnalysis::FWaves(f_waves)) = &analysis.late {
        compare(Place::Site(0), Measure::FWaveMinimumLatency, f_waves.minimum_latency_ms, &mut result);
    }
    if is_motor {
        for (segment_idx, segment) in analysis.segments.iter().enumerate() {
            compare(
                Place::Segment(segment_idx),
                Measure::ConductionVelocity,
                segment.conduction_velocity_m_per_s,
                &mut result,
            );
        }
        // With three or more sites, the last segment crosses the joint (elbow, fibular head) and
        // the one before it is the reference below the joint.
        if analysis.segments.len() >= 2 {
            let across_idx = analysis.segments.len() - 1;
            let (below, across) = (&analysis.segments[across_idx - 1], &analysis.segments[across_idx]);
            let velocity_drop = below
                .conduction_velocity_m_per_s
                .zip(across.conduction_velocity_m_per_s)
                .map(|(below, across)| below - across);
            compare(Place::Segment(across_idx), Measure::VelocityDropAcrossJoint, velocity_drop, &mut result);
            compare(
                Place::Segment(across_idx),
                Measure::AmplitudeDropAcrossJoint,
                across.amplitude_change_pct.map(|change| -change),
                &mut result,
            );
        }
    } else {
        compare(
            Place::Site(0),
            Measure::ConductionVelocity,
            distal.and_then(|site| site.sensory_velocity_m_per_s),
            &mut result,
        );
    }

    if let Some(temperature_c) = nerve.skin_temperature_c {
        let threshold_c = if is_leg_nerve(&nerve.nerve) { COOL_LEG_C } else { COOL_ARM_C };
        if temperature_c < threshold_c {
            result.notes.push(format!(
                "Cool limb: skin temperature {temperature_c:.1} °C (below {threshold_c:.0} °C). Cooling prolongs latencies and slows conduction, so some slowing may not be real; warming and repeating is better than correcting (Wu 1993)."
            ));
        }
    }
    result
}

fn is_leg_nerve(nerve: &Nerve) -> bool {
    matches!(nerve, Nerve::Peroneal | Nerve::Tibial | Nerve::Sural | Nerve::SuperficialPeroneal)
}
