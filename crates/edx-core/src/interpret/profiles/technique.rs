//! The technique a limit assumes, and whether a study matches it: the acquisition filters as a
//! file states them (domain.md §7: changing the filters shifts latencies, amplitudes and
//! durations), the ages and heights a limit holds for, and recording-site names compared the way
//! profiles list them.

use serde::{Deserialize, Serialize};

/// The acquisition filters a limit was collected with (domain.md §7: changing the filters shifts
/// latencies, amplitudes and durations, so profiles record them).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Filters {
    /// High-pass (low-frequency) cut-off, in Hz.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high_pass_hz: Option<f64>,
    /// Low-pass (high-frequency) cut-off, in Hz.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_pass_hz: Option<f64>,
}

impl Filters {
    /// The filters a file states as `HP:2Hz LP:10kHz` (EDF's prefiltering convention; `N:` and
    /// other parts are ignored); `None` when it states neither cut-off.
    pub fn parse(text: &str) -> Option<Filters> {
        let mut filters = Filters { high_pass_hz: None, low_pass_hz: None };
        for part in text.split_whitespace() {
            let Some((name, value)) = part.split_once(':') else { continue };
            let lower = value.to_ascii_lowercase();
            let number: String =
                lower.chars().take_while(|character| character.is_ascii_digit() || *character == '.').collect();
            let Ok(number) = number.parse::<f64>() else { continue };
            let hz = if lower.contains("khz") { number * 1000.0 } else { number };
            match name.to_ascii_uppercase().as_str() {
                "HP" => filters.high_pass_hz = Some(hz),
                "LP" => filters.low_pass_hz = Some(hz),
                _ => {}
            }
        }
        (filters.high_pass_hz.is_some() || filters.low_pass_hz.is_some()).then_some(filters)
    }

    /// Whether `study` was recorded with these filters: each cut-off the limit states equals the
    /// study's within 1 % (printed values round; the setting is the same or it is not).
    pub fn match_study(self, study: Filters) -> bool {
        let same = |limit: Option<f64>, found: Option<f64>| match (limit, found) {
            (None, _) => true,
            (Some(limit), Some(found)) => (found - limit).abs() <= 0.01 * limit.abs(),
            (Some(_), None) => false,
        };
        same(self.high_pass_hz, study.high_pass_hz) && same(self.low_pass_hz, study.low_pass_hz)
    }

    /// `HP 2 Hz, LP 10000 Hz`.
    pub fn describe(self) -> String {
        let parts: Vec<String> = [("HP", self.high_pass_hz), ("LP", self.low_pass_hz)]
            .into_iter()
            .filter_map(|(name, hz)| hz.map(|hz| format!("{name} {hz} Hz")))
            .collect();
        parts.join(", ")
    }
}

/// A range of ages (completed years) or heights (cm) a limit holds for; both ends inclusive, an
/// end left out is open.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Band {
    /// The lowest value the limit holds for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<f64>,
    /// The highest value the limit holds for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<f64>,
}

impl Band {
    /// Whether `value` lies in the band.
    pub fn contains(self, value: f64) -> bool {
        self.from.is_none_or(|from| value >= from) && self.to.is_none_or(|to| value <= to)
    }

    /// `61 y and over`, `up to 60 y`, `150–190 cm`.
    pub fn describe(self, unit: &str) -> String {
        match (self.from, self.to) {
            (Some(from), Some(to)) => format!("{from}–{to} {unit}"),
            (Some(from), None) => format!("{from} {unit} and over"),
            (None, Some(to)) => format!("up to {to} {unit}"),
            (None, None) => "any".to_string(),
        }
    }
}

/// Whether both ends of `band` are finite where given and it does not start after it ends.
pub(super) fn band_is_valid(band: Band) -> bool {
    let finite = |end: Option<f64>| end.is_none_or(f64::is_finite);
    finite(band.from) && finite(band.to) && band.from.zip(band.to).is_none_or(|(from, to)| from <= to)
}

/// Recording-site names compared without case, spaces or punctuation ("Digit 2" = "digit2" =
/// "D2" is not attempted: profiles list the names they accept).
pub(crate) fn same_site(first: &str, second: &str) -> bool {
    let normalise = |text: &str| {
        text.chars().filter(|character| character.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>()
    };
    normalise(first) == normalise(second)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::profiles::ReferenceProfile;

    #[test]
    fn technique_fields_round_trip_and_match() {
        let text = r#"{"id":"lab","name":"Lab","description":"","limits":[{"nerve":"Sural","kind":"sensory_antidromic",
            "recording_sites":["Ankle"],"measure":"distal_amplitude","bound":{"at_least":4.0},"distance_mm":null,
            "filters":{"high_pass_hz":20.0,"low_pass_hz":2000.0},"min_skin_temperature_c":30.0,
            "age_years":{"from":60.0},"height_cm":{"to":190.0},"source":"Our laboratory","evidence":"verified"}]}"#;
        let profile = ReferenceProfile::from_json(text).unwrap();
        let limit = &profile.limits[0];
        assert_eq!(ReferenceProfile::from_json(&profile.to_json()).unwrap(), profile);
        let filters = limit.filters.unwrap();
        assert!(filters.match_study(Filters::parse("HP:20Hz LP:2kHz N:50Hz").unwrap()));
        assert!(!filters.match_study(Filters::parse("HP:10Hz LP:2kHz").unwrap()));
        assert!(!filters.match_study(Filters::parse("LP:2000Hz").unwrap()), "a cut-off the study does not state");
        assert_eq!(Filters::parse("none (simulated)"), None);
        let age = limit.age_years.unwrap();
        assert!(age.contains(60.0) && age.contains(85.0) && !age.contains(59.0));
        assert_eq!(age.describe("y"), "60 y and over");
        assert!(limit.height_cm.unwrap().contains(190.0) && !limit.height_cm.unwrap().contains(190.5));
    }
}
