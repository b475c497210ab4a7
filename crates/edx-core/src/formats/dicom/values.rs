//! Element values as Rust values: the element with a tag, strings without padding, numbers from
//! text or binary values, and DICOM dates and date-times (PS3.5 6.2).

use super::parser::{Element, Value};
use super::tags::Tag;
use crate::model::CivilDateTime;

/// The element with `tag` among `elements`, if present.
pub(super) fn find<'e, 'a>(elements: &'e [Element<'a>], tag: Tag) -> Option<&'e Element<'a>> {
    elements.iter().find(|element| element.tag == tag)
}

/// The items of the sequence `tag` among `elements`; empty when absent or not a sequence.
pub(super) fn items<'e, 'a>(elements: &'e [Element<'a>], tag: Tag) -> &'e [Vec<Element<'a>>] {
    match find(elements, tag).map(|element| &element.value) {
        Some(Value::Sequence(items)) => items,
        _ => &[],
    }
}

/// A string value without padding (spaces, NULs) and multi-value separators beyond the first.
pub(super) fn text(element: &Element<'_>) -> String {
    match element.value {
        Value::Bytes(bytes) => String::from_utf8_lossy(bytes)
            .trim_matches(|character: char| character == ' ' || character == '\0')
            .to_string(),
        Value::Sequence(_) => String::new(),
    }
}

/// A number from a DS/IS string or a binary US/UL/SS/SL/FL/FD value of the usual width.
pub(super) fn numeric(element: &Element<'_>) -> Option<f64> {
    let Value::Bytes(bytes) = element.value else { return None };
    let as_text = String::from_utf8_lossy(bytes);
    let trimmed = as_text.trim_matches(|character: char| character == ' ' || character == '\0');
    if let Some(value) = trimmed.split('\\').next().and_then(|first| first.trim().parse::<f64>().ok()) {
        if trimmed.bytes().all(|byte| byte.is_ascii_graphic() || byte == b' ') {
            return Some(value);
        }
    }
    match bytes.len() {
        2 => Some(f64::from(u16::from_le_bytes([bytes[0], bytes[1]]))),
        4 => Some(f64::from(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))),
        _ => None,
    }
}

/// `YYYYMMDDHHMMSS.FFFFFF` (time parts optional).
pub(super) fn parse_date_time(text: &str) -> Option<CivilDateTime> {
    let digits = |range: std::ops::Range<usize>| text.get(range).and_then(|part| part.parse::<u32>().ok());
    let year = digits(0..4)? as i32;
    let month = digits(4..6)? as u8;
    let day = digits(6..8)? as u8;
    let hour = digits(8..10).unwrap_or(0) as u8;
    let minute = digits(10..12).unwrap_or(0) as u8;
    let second = digits(12..14).unwrap_or(0) as u8;
    let microsecond = text
        .get(15..)
        .map(|fraction| fraction.chars().take_while(char::is_ascii_digit).collect::<String>())
        .filter(|fraction| !fraction.is_empty())
        .and_then(|fraction| format!("{fraction:0<6}")[..6].parse().ok())
        .unwrap_or(0);
    ((1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24 && minute < 60 && second < 61)
        .then_some(CivilDateTime { year, month, day, hour, minute, second, microsecond })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_with_fractions() {
        let parsed = parse_date_time("20240131123456.25").unwrap();
        assert_eq!(
            (parsed.year, parsed.month, parsed.day, parsed.hour, parsed.second, parsed.microsecond),
            (2024, 1, 31, 12, 56, 250_000)
        );
    }
}
