//! ITU-T G.711 companding: µ-law and A-law bytes expanded to 16-bit linear values, on the scale
//! of the reference `g711.c`. DICOM stores them as Waveform Sample Interpretation `MB` and `AB`.

/// ITU-T G.711 µ-law expansion to 16-bit linear (the scale of the reference `g711.c`).
pub(super) fn mu_law(byte: u8) -> i16 {
    let complement = !byte;
    let exponent = (complement >> 4) & 0x07;
    let mantissa = i16::from(complement & 0x0F);
    let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    if complement & 0x80 != 0 {
        -magnitude
    } else {
        magnitude
    }
}

/// ITU-T G.711 A-law expansion to 16-bit linear (the scale of the reference `g711.c`).
pub(super) fn a_law(byte: u8) -> i16 {
    let value = byte ^ 0x55;
    let exponent = (value >> 4) & 0x07;
    let mantissa = i16::from(value & 0x0F);
    let magnitude = if exponent == 0 { (mantissa << 4) + 8 } else { ((mantissa << 4) + 0x108) << (exponent - 1) };
    if value & 0x80 != 0 {
        magnitude
    } else {
        -magnitude
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g711_expansion_matches_known_values() {
        assert_eq!(mu_law(0xFF), 0);
        assert_eq!(mu_law(0x80), 32_124);
        assert_eq!(mu_law(0x00), -32_124);
        assert_eq!(a_law(0xD5), 8);
        assert_eq!(a_law(0x55), -8);
    }
}
