//! What the files say about the patient that normal limits depend on.

/// The patient's age and height, when a file states them. Normal limits may hold only for an
/// age or height band (domain.md §1.1: amplitudes need age adjustment; velocities fall with
/// height), so a limit with a band is used only when the value is known.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Patient {
    /// Age at the time of the study, in completed years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age_years: Option<u32>,
    /// Height, in cm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub height_cm: Option<f64>,
}

impl Patient {
    /// `other`'s values where this one has none.
    pub fn or(self, other: Patient) -> Patient {
        Patient { age_years: self.age_years.or(other.age_years), height_cm: self.height_cm.or(other.height_cm) }
    }

    /// Whether neither the age nor the height is known.
    pub fn is_unknown(&self) -> bool {
        self.age_years.is_none() && self.height_cm.is_none()
    }
}
