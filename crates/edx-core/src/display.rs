//! Numbers as reports print them, shared by the app and the command line so both agree.

/// Formats `value` with `decimals` digits after the point, or an en dash when it is not finite.
pub fn fixed(value: f64, decimals: usize) -> String {
    if value.is_finite() {
        format!("{value:.decimals$}")
    } else {
        "–".to_string()
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
    fn byte_sizes_read_naturally() {
        assert_eq!(byte_size(512), "512 B");
        assert_eq!(byte_size(1536), "1.5 KiB");
        assert_eq!(byte_size(150 * 1024 * 1024), "150.0 MiB");
    }
}
