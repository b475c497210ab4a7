//! Numbers as reports print them, shared by the app and the command line so both agree.

pub mod traces;

use crate::model::Unit;

/// `text` with its first letter in upper case, to open a sentence or a label.
pub fn capitalised(text: &str) -> String {
    let mut characters = text.chars();
    characters.next().map_or_else(String::new, |first| first.to_uppercase().chain(characters).collect())
}

/// Formats `value` with `decimals` digits after the point, or an en dash when it is not finite.
pub fn fixed(value: f64, decimals: usize) -> String {
    if value.is_finite() {
        format!("{value:.decimals$}")
    } else {
        "–".to_string()
    }
}

/// A latency as reports print it: two decimals of a millisecond (`3.45`).
pub fn latency_ms(value_ms: f64) -> String {
    fixed(value_ms, 2)
}

/// A response amplitude as reports print it: motor responses in mV with one decimal (`9.2`),
/// sensory responses in µV with one decimal (`35.4`). Returns the number and its unit.
pub fn amplitude(value_uv: f64, in_millivolts: bool) -> (String, &'static str) {
    if in_millivolts {
        (fixed(value_uv / 1000.0, 1), "mV")
    } else {
        (fixed(value_uv, 1), "µV")
    }
}

/// An area as reports print it: mV·ms for motor, µV·ms for sensory, one decimal.
pub fn area(value_uv_ms: f64, in_millivolts: bool) -> (String, &'static str) {
    if in_millivolts {
        (fixed(value_uv_ms / 1000.0, 1), "mV·ms")
    } else {
        (fixed(value_uv_ms, 1), "µV·ms")
    }
}

/// A conduction velocity as reports print it: whole m/s (`57`).
pub fn velocity_m_per_s(value: f64) -> String {
    fixed(value, 0)
}

/// A percentage change with its sign (`−42 %`, `+12 %`).
pub fn change_pct(value: f64) -> String {
    if value.is_finite() {
        format!("{}{:.0} %", if value < 0.0 { "−" } else { "+" }, value.abs())
    } else {
        "–".to_string()
    }
}

/// A share in percent as reports print it, to the whole percent: `16 %` (an H/M ratio, the
/// persistence of F waves); an en dash when the value is not finite.
pub fn percent(value_pct: f64) -> String {
    with_percent_sign(value_pct, 0)
}

/// A share of a few percent, to a tenth: `4.3 %` (the mean F-wave amplitude against the M
/// wave's, where whole percent would leave a single digit); an en dash when not finite.
pub fn small_percent(value_pct: f64) -> String {
    with_percent_sign(value_pct, 1)
}

/// `value_pct` with `decimals` decimals and the percent sign after a space, or an en dash.
fn with_percent_sign(value_pct: f64, decimals: usize) -> String {
    if value_pct.is_finite() {
        format!("{} %", fixed(value_pct, decimals))
    } else {
        "–".to_string()
    }
}

/// A number without trailing zeros, to three decimals at most: `3`, `2.5`, `-0.5`, `0.125`.
pub fn trimmed(value: f64) -> String {
    trimmed_to(value, 3)
}

/// `value` rounded to `decimals` decimals, without trailing zeros (and `0`, never `-0`).
fn trimmed_to(value: f64, decimals: usize) -> String {
    let scale = 10f64.powi(decimals as i32);
    let text = format!("{:.decimals$}", (value * scale).round() / scale);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

/// A sensitivity as acquisition machines print it: `20 µV/div`, and from 1 mV up `2 mV/div`.
pub fn sensitivity_uv_per_div(uv_per_div: f64) -> String {
    in_unit_or_thousands(uv_per_div, "µV/div", "mV/div")
}

/// A sensitivity of a channel whose samples are in `unit`, `value_per_div` in that unit per
/// division, as the viewer and the traces label it. Voltages read as machines print them
/// whatever the channel's own unit (`0.05` mV per division is `50 µV/div`); any other unit keeps
/// its own symbol (`0.5 degC/div`; uncalibrated channels `0.5 arbitrary units/div`, never volts)
/// with the value to a millionth, since their sensitivity steps reach 1e-6.
pub fn sensitivity_per_div(value_per_div: f64, unit: &Unit) -> String {
    match unit.factor_to(&Unit::Microvolt) {
        Some(to_microvolts) => sensitivity_uv_per_div(value_per_div * to_microvolts),
        None => format!("{} {}/div", trimmed_to(value_per_div, 6), unit.symbol()),
    }
}

/// A sweep speed as machines print it: `2 ms/div`, and from a second up `1 s/div`.
pub fn sweep_ms_per_div(ms_per_div: f64) -> String {
    in_unit_or_thousands(ms_per_div, "ms/div", "s/div")
}

/// A frequency as filter settings print it: `2 Hz`, `10 kHz`.
pub fn frequency_hz(hz: f64) -> String {
    in_unit_or_thousands(hz, "Hz", "kHz")
}

/// `value` in `unit`, or from 1 000 up in thousands, `thousands_unit`, trailing zeros dropped.
fn in_unit_or_thousands(value: f64, unit: &str, thousands_unit: &str) -> String {
    if value >= 1000.0 {
        format!("{} {thousands_unit}", trimmed(value / 1000.0))
    } else {
        format!("{} {unit}", trimmed(value))
    }
}

/// A byte count in the largest binary unit that keeps it readable: `512 B`, `1.5 KiB`, `150.0 MiB`.
pub fn byte_size(n_bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n_bytes < 1024 {
        return format!("{n_bytes} B");
    }
    let mut value = n_bytes as f64 / 1024.0;
    let mut unit_idx = 0;
    while value >= 1024.0 && unit_idx + 1 < UNITS.len() {
        value /= 1024.0;
        unit_idx += 1;
    }
    format!("{value:.1} {}", UNITS[unit_idx])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_rounds_and_marks_missing_values() {
        assert_eq!(fixed(3.456, 2), "3.46");
        assert_eq!(fixed(f64::NAN, 1), "–");
    }

    #[test]
    fn scales_read_as_on_the_machine() {
        assert_eq!(sensitivity_uv_per_div(20.0), "20 µV/div");
        assert_eq!(sensitivity_uv_per_div(2000.0), "2 mV/div");
        assert_eq!(sensitivity_uv_per_div(0.5), "0.5 µV/div");
        assert_eq!(sweep_ms_per_div(0.5), "0.5 ms/div");
        assert_eq!(sweep_ms_per_div(2000.0), "2 s/div");
        assert_eq!(frequency_hz(10_000.0), "10 kHz");
        assert_eq!(frequency_hz(2.0), "2 Hz");
        assert_eq!(trimmed(-0.0001), "0");
    }

    #[test]
    fn every_unit_has_one_sensitivity_wording() {
        assert_eq!(sensitivity_per_div(50.0, &Unit::Microvolt), "50 µV/div");
        assert_eq!(sensitivity_per_div(0.05, &Unit::Millivolt), "50 µV/div");
        assert_eq!(sensitivity_per_div(2.0, &Unit::Millivolt), "2 mV/div");
        assert_eq!(sensitivity_per_div(0.005, &Unit::Volt), "5 mV/div");
        assert_eq!(sensitivity_per_div(0.000_001, &Unit::Arbitrary), "0.000001 arbitrary units/div");
        assert_eq!(sensitivity_per_div(5000.0, &Unit::Arbitrary), "5000 arbitrary units/div");
        assert_eq!(sensitivity_per_div(0.5, &Unit::Other("degC".into())), "0.5 degC/div");
        assert!(!sensitivity_per_div(0.5, &Unit::Arbitrary).contains('V'), "uncalibrated values are never volts");
    }

    #[test]
    fn percentages_read_as_reports_print_them() {
        assert_eq!(percent(16.4), "16 %");
        assert_eq!(percent(90.0), "90 %");
        assert_eq!(small_percent(4.26), "4.3 %");
        assert_eq!(small_percent(0.0), "0.0 %");
        assert_eq!(percent(f64::NAN), "–");
        assert_eq!(small_percent(f64::INFINITY), "–");
    }

    #[test]
    fn byte_sizes_read_naturally() {
        assert_eq!(byte_size(512), "512 B");
        assert_eq!(byte_size(1536), "1.5 KiB");
        assert_eq!(byte_size(150 * 1024 * 1024), "150.0 MiB");
    }
}
