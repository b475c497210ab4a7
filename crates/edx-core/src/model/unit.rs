//! Physical units of sampled signals.

use std::fmt;

/// The physical unit of a channel's samples, as the file declared it. Written as
/// [`Unit::file_label`] gives it and read back with [`Unit::parse`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    /// Microvolts (µV): needle EMG and sensory responses.
    Microvolt,
    /// Millivolts (mV): motor responses and most WFDB records.
    Millivolt,
    /// Volts (V).
    Volt,
    /// No calibration is known (a WAV file, an EDF signal with a blank dimension): the values are
    /// counts and must never be printed as volts.
    Arbitrary,
    /// Any other unit label, kept verbatim (`%`, `degC`, `mmHg`).
    Other(String),
}

impl Unit {
    /// Reads a unit label as files write it: `uV`, `µV`, `mV`, `mv`, `V`; case-insensitive for
    /// the electrical units because real WFDB headers write `mv`.
    pub fn parse(label: &str) -> Unit {
        let trimmed = label.trim();
        match trimmed.to_ascii_lowercase().as_str() {
            "" => Unit::Arbitrary,
            "uv" | "µv" | "μv" | "microvolt" | "microvolts" => Unit::Microvolt,
            "mv" | "millivolt" | "millivolts" => Unit::Millivolt,
            "v" | "volt" | "volts" => Unit::Volt,
            _ if trimmed == "µV" || trimmed == "μV" => Unit::Microvolt,
            _ => Unit::Other(trimmed.to_string()),
        }
    }

    /// The power of ten that makes one unit a volt (µV: −6), for electrical units; `None` otherwise.
    pub fn volt_exponent(&self) -> Option<i32> {
        match self {
            Unit::Microvolt => Some(-6),
            Unit::Millivolt => Some(-3),
            Unit::Volt => Some(0),
            Unit::Arbitrary | Unit::Other(_) => None,
        }
    }

    /// The electrical unit whose volt exponent is `exponent` (−6, −3 or 0).
    pub fn from_volt_exponent(exponent: i32) -> Option<Unit> {
        match exponent {
            -6 => Some(Unit::Microvolt),
            -3 => Some(Unit::Millivolt),
            0 => Some(Unit::Volt),
            _ => None,
        }
    }

    /// Whether values in this unit are voltages, so amplitudes may be printed in µV or mV.
    pub fn is_electrical(&self) -> bool {
        self.volt_exponent().is_some()
    }

    /// The exact factor that converts a value in this unit into `target`, when both are electrical.
    pub fn factor_to(&self, target: &Unit) -> Option<f64> {
        Some(10f64.powi(self.volt_exponent()? - target.volt_exponent()?))
    }

    /// The unit as files write it: `uV`, `mV`, `V`, empty when uncalibrated, or the label kept.
    pub fn file_label(&self) -> &str {
        match self {
            Unit::Microvolt => "uV",
            Unit::Arbitrary => "",
            other => other.symbol(),
        }
    }

    /// The symbol printed on axes and in tables.
    pub fn symbol(&self) -> &str {
        match self {
            Unit::Microvolt => "µV",
            Unit::Millivolt => "mV",
            Unit::Volt => "V",
            Unit::Arbitrary => "arbitrary units",
            Unit::Other(label) => label,
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.symbol())
    }
}

impl serde::Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.file_label())
    }
}

impl<'de> serde::Deserialize<'de> for Unit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Unit, D::Error> {
        Ok(Unit::parse(&<std::borrow::Cow<str>>::deserialize(deserializer)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_labels_real_files_use() {
        assert_eq!(Unit::parse("uV"), Unit::Microvolt);
        assert_eq!(Unit::parse("µV "), Unit::Microvolt);
        assert_eq!(Unit::parse("mv"), Unit::Millivolt);
        assert_eq!(Unit::parse("V"), Unit::Volt);
        assert_eq!(Unit::parse("   "), Unit::Arbitrary);
        assert_eq!(Unit::parse("degC"), Unit::Other("degC".into()));
    }

    #[test]
    fn every_unit_reads_back_as_written() {
        for unit in [Unit::Microvolt, Unit::Millivolt, Unit::Volt, Unit::Arbitrary, Unit::Other("degC".into())] {
            let text = serde_json::to_string(&unit).unwrap();
            assert_eq!(serde_json::from_str::<Unit>(&text).unwrap(), unit, "{text}");
        }
    }

    #[test]
    fn converts_between_electrical_units_only() {
        assert_eq!(Unit::Millivolt.factor_to(&Unit::Microvolt), Some(1000.0));
        assert_eq!(Unit::Arbitrary.factor_to(&Unit::Microvolt), None);
    }
}
