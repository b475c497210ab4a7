//! Reference profiles: normal limits as data, each with its technique and published source.
//!
//! A limit applies only when the study matches its technique (nerve, type, recording site,
//! distance); where no limit applies a value is measured but not labelled normal or abnormal
//! (domain.md §0: "When no applicable profile exists, the app records the observation but does
//! not label it"). Profiles are plain JSON, so a laboratory can load its own.
//!
//! This module holds a profile's types and reads a laboratory's own from JSON, checking every
//! limit; `technique` decides whether a study matches a limit's technique (filters, age and
//! height bands, recording-site names); `builtin` holds the built-in profiles as data, every
//! limit with its citation.

mod builtin;
mod technique;

use serde::{Deserialize, Serialize};

pub use builtin::builtin_profiles;
pub(crate) use technique::same_site;
pub use technique::{Band, Filters};

use crate::model::{Nerve, NerveConductionKind};
use technique::band_is_valid;

/// What a limit bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Onset latency at the most distal site, in ms.
    DistalOnsetLatency,
    /// Negative-peak latency at the most distal site, in ms (sensory norms).
    DistalPeakLatency,
    /// Baseline-to-negative-peak amplitude at the most distal site, in µV.
    DistalAmplitude,
    /// Peak-to-peak amplitude at the most distal site, in µV.
    DistalPeakToPeakAmplitude,
    /// Conduction velocity of any segment (motor) or from the distal site (sensory), in m/s.
    ConductionVelocity,
    /// Drop of velocity from the segment below to the segment across a joint, in m/s.
    VelocityDropAcrossJoint,
    /// Drop of amplitude from below to above a joint, in % of the lower amplitude.
    AmplitudeDropAcrossJoint,
    /// Minimum F-wave latency, in ms.
    FWaveMinimumLatency,
}

impl Measure {
    /// The measure's unit.
    pub fn unit(self) -> &'static str {
        match self {
            Measure::DistalOnsetLatency | Measure::DistalPeakLatency | Measure::FWaveMinimumLatency => "ms",
            Measure::DistalAmplitude | Measure::DistalPeakToPeakAmplitude => "µV",
            Measure::ConductionVelocity | Measure::VelocityDropAcrossJoint => "m/s",
            Measure::AmplitudeDropAcrossJoint => "%",
        }
    }

    /// The measure's name as sentences and tables print it, in lower case.
    pub fn label(self) -> &'static str {
        match self {
            Measure::DistalOnsetLatency => "distal onset latency",
            Measure::DistalPeakLatency => "peak latency",
            Measure::DistalAmplitude => "amplitude",
            Measure::DistalPeakToPeakAmplitude => "peak-to-peak amplitude",
            Measure::ConductionVelocity => "conduction velocity",
            Measure::VelocityDropAcrossJoint => "velocity drop across the joint",
            Measure::AmplitudeDropAcrossJoint => "amplitude drop across the joint",
            Measure::FWaveMinimumLatency => "minimum F-wave latency",
        }
    }
}

/// Which side of the limit is normal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// Normal values are at least this (a lower limit of normal).
    AtLeast(f64),
    /// Normal values are at most this (an upper limit of normal).
    AtMost(f64),
}

impl Bound {
    /// Whether `value` lies on the normal side.
    pub fn admits(self, value: f64) -> bool {
        match self {
            Bound::AtLeast(limit) => value >= limit,
            Bound::AtMost(limit) => value <= limit,
        }
    }

    /// The limit's value.
    pub fn value(self) -> f64 {
        match self {
            Bound::AtLeast(limit) | Bound::AtMost(limit) => limit,
        }
    }

    /// `≥ 4.0` or `≤ 4.4`, with the value as given.
    pub fn describe(self, value: &str) -> String {
        match self {
            Bound::AtLeast(_) => format!("≥ {value}"),
            Bound::AtMost(_) => format!("≤ {value}"),
        }
    }
}

/// How firmly the number was checked against its source (domain.md §0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// Read in the cited source itself.
    Verified,
    /// Read in a secondary copy of the source; shown with that caveat.
    Secondary,
    /// Not checked against a primary text; never used to label a value.
    Unverified,
}

/// One normal limit with its technique and source. The technique fields (filters, skin
/// temperature, age and height bands) are optional: a limit applies only where the study
/// matches every one it states, and a study that does not say (no age, no filters) is measured
/// but not labelled against it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Limit {
    /// The nerve, by name (`Median`, `Ulnar`, …, as [`Nerve`] prints it).
    pub nerve: String,
    /// Motor, sensory antidromic, …
    pub kind: NerveConductionKind,
    /// Recording sites the limit was collected at (any of these names matches).
    pub recording_sites: Vec<String>,
    /// What is bounded.
    pub measure: Measure,
    /// The limit and which side of it is normal.
    pub bound: Bound,
    /// Distal distance the limit assumes, in mm; latency limits apply only within
    /// `distance_tolerance_mm` of it.
    pub distance_mm: Option<f64>,
    /// How far the study's distance may differ, in mm.
    #[serde(default = "default_distance_tolerance_mm")]
    pub distance_tolerance_mm: f64,
    /// The acquisition filters the limit was collected with, where the source states them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filters: Option<Filters>,
    /// The lowest skin temperature the limit assumes, in °C (the source's warming rule).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_skin_temperature_c: Option<f64>,
    /// The ages the limit holds for, in completed years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_years: Option<Band>,
    /// The heights the limit holds for, in cm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height_cm: Option<Band>,
    /// A caveat the source attaches to the limit, shown with every value held against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
    /// The published source, as a citation.
    pub source: String,
    /// How firmly the number was checked.
    pub evidence: Evidence,
}

fn default_distance_tolerance_mm() -> f64 {
    10.0
}

/// A named set of limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReferenceProfile {
    /// Stable identifier, e.g. `preston-shapiro`.
    pub id: String,
    /// Name shown in the profile chooser.
    pub name: String,
    /// What the profile is and how its limits were derived.
    pub description: String,
    /// One limit per nerve, recording site and measure it bounds.
    pub limits: Vec<Limit>,
}

/// Why a laboratory's profile could not be loaded.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ProfileError {
    /// Not JSON of the profile layout.
    #[error("the profile is not valid profile JSON: {0}")]
    Json(String),
    /// A limit that cannot be used.
    #[error("limit {limit_idx} ({nerve} {measure}): {problem}")]
    Limit {
        /// Position of the limit, from 0.
        limit_idx: usize,
        /// Its nerve.
        nerve: String,
        /// Its measure.
        measure: &'static str,
        /// What is wrong.
        problem: &'static str,
    },
}

impl ReferenceProfile {
    /// Reads a profile from JSON (the layout of [`ReferenceProfile`]) and checks every limit.
    pub fn from_json(text: &str) -> Result<ReferenceProfile, ProfileError> {
        let profile: ReferenceProfile =
            serde_json::from_str(text).map_err(|error| ProfileError::Json(error.to_string()))?;
        for (limit_idx, limit) in profile.limits.iter().enumerate() {
            let problem = if !limit.bound.value().is_finite() {
                Some("the limit is not a finite number")
            } else if limit.recording_sites.is_empty() {
                Some("it names no recording site")
            } else if limit.source.trim().is_empty() {
                Some("it cites no source; every limit must carry its published source")
            } else if [limit.age_years, limit.height_cm].into_iter().flatten().any(|band| !band_is_valid(band)) {
                Some("an age or height band has an end that is not a finite number, or starts after it ends")
            } else if limit.filters.is_some_and(|filters| {
                [filters.high_pass_hz, filters.low_pass_hz]
                    .into_iter()
                    .flatten()
                    .any(|hz| !(hz.is_finite() && hz > 0.0))
            }) {
                Some("a filter cut-off is not a positive number")
            } else if limit.min_skin_temperature_c.is_some_and(|temperature_c| !temperature_c.is_finite()) {
                Some("the minimum skin temperature is not a finite number")
            } else {
                None
            };
            if let Some(problem) = problem {
                return Err(ProfileError::Limit {
                    limit_idx,
                    nerve: limit.nerve.clone(),
                    measure: limit.measure.label(),
                    problem,
                });
            }
        }
        Ok(profile)
    }

    /// The profile as JSON, to save or to edit into a laboratory's own.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The limits for `measure` of a study of `nerve`, `kind`, recorded at `recording_site`.
    pub fn limits_for<'a>(
        &'a self,
        nerve: &'a Nerve,
        kind: NerveConductionKind,
        recording_site: &'a str,
        measure: Measure,
    ) -> impl Iterator<Item = &'a Limit> + 'a {
        self.limits.iter().filter(move |limit| {
            limit.measure == measure
                && limit.kind == kind
                && limit.nerve.eq_ignore_ascii_case(&nerve.to_string())
                && limit.recording_sites.iter().any(|site| same_site(site, recording_site))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_written_before_the_technique_fields_still_loads() {
        let old = r#"{"id":"lab","name":"Lab","description":"old layout","limits":[{"nerve":"Median","kind":"motor",
            "recording_sites":["APB"],"measure":"distal_onset_latency","bound":{"at_most":4.2},"distance_mm":70.0,
            "source":"Our laboratory, 2019","evidence":"verified"}]}"#;
        let profile = ReferenceProfile::from_json(old).unwrap();
        let limit = &profile.limits[0];
        assert_eq!(limit.distance_tolerance_mm, 10.0);
        assert_eq!(
            (limit.filters, limit.min_skin_temperature_c, limit.age_years, limit.height_cm),
            (None, None, None, None)
        );
        assert!(!profile.to_json().contains("age_years"), "absent technique fields are not written");
    }

    #[test]
    fn a_limit_without_a_source_is_refused() {
        let mut profile = builtin_profiles().remove(0);
        profile.limits[0].source = " ".into();
        let error = ReferenceProfile::from_json(&profile.to_json()).unwrap_err();
        assert!(matches!(error, ProfileError::Limit { limit_idx: 0, .. }), "{error}");
    }
}
