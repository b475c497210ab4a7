//! Time-stamped Annotation Lists (TALs), the text inside EDF+/BDF+ annotation signals.
//!
//! `TAL := Onset [0x15 Duration] 0x14 { Annotation 0x14 } 0x00` (EDF+ specification §2.2.2).
//! Nihon Kohden exports start a second TAL before closing the first
//! (`+0.000000\x14\x14+0.000000\x14Segment: …\x14\x00`, `mne-testing-data/chtypes_edf.edf`);
//! an annotation text that is itself an onset is read as the start of a new TAL, with a warning,
//! instead of being reported as an annotation reading `+0.000000` as pyEDFlib and MNE do.

const ONSET_END: u8 = 0x14;
const DURATION_MARK: u8 = 0x15;
const TAL_END: u8 = 0x00;

/// One TAL: an onset, an optional duration and its annotation texts (the first text of a
/// record's time-keeping TAL is empty).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Tal {
    /// Seconds from the header's start time.
    pub onset_s: f64,
    pub duration_s: Option<f64>,
    pub texts: Vec<String>,
}

/// What one annotation signal's bytes in one record held.
#[derive(Debug, Default, PartialEq)]
pub(super) struct ParsedTals {
    pub tals: Vec<Tal>,
    /// An unclosed TAL was split where a new onset began (the Nihon Kohden pattern).
    pub recovered_unclosed_tal: bool,
    /// TALs that could not be read at all, described for a warning.
    pub problems: Vec<String>,
}

/// Parses every TAL in `bytes`; malformed TALs are skipped and described in `problems`.
pub(super) fn parse(bytes: &[u8]) -> ParsedTals {
    let mut parsed = ParsedTals::default();
    let mut position = 0;
    while position < bytes.len() {
        if bytes[position] == TAL_END {
            position += 1;
            continue;
        }
        let tal_end =
            bytes[position..].iter().position(|&byte| byte == TAL_END).map_or(bytes.len(), |offset| position + offset);
        parse_one(&bytes[position..tal_end], &mut parsed);
        position = tal_end + 1;
    }
    parsed
}

/// Parses the bytes of one TAL (without its closing 0x00).
fn parse_one(tal: &[u8], parsed: &mut ParsedTals) {
    let mut fields = tal.split(|&byte| byte == ONSET_END);
    let Some(timing) = fields.next() else { return };
    let Some((onset_s, duration_s)) = parse_timing(timing) else {
        parsed.problems.push(format!(
            "a TAL starts with {:?}, which is not an onset such as +12.5",
            String::from_utf8_lossy(timing)
        ));
        return;
    };
    if !tal.contains(&ONSET_END) {
        parsed.problems.push(format!("the TAL at onset {onset_s} s is not terminated by 0x14"));
        return;
    }
    let mut current = Tal { onset_s, duration_s, texts: Vec::new() };
    let texts: Vec<&[u8]> = fields.collect();
    // The bytes after the last 0x14 belong to no annotation: a proper TAL ends `0x14 0x00`.
    let (last, annotations) = texts.split_last().map_or((&[][..], &[][..]), |(last, rest)| (*last, rest));
    for text in annotations {
        if let Some((next_onset_s, next_duration_s)) = parse_timing(text) {
            parsed.recovered_unclosed_tal = true;
            parsed.tals.push(std::mem::replace(
                &mut current,
                Tal { onset_s: next_onset_s, duration_s: next_duration_s, texts: Vec::new() },
            ));
            continue;
        }
        current.texts.push(String::from_utf8_lossy(text).into_owned());
    }
    if !last.is_empty() {
        parsed.problems.push(format!("the TAL at onset {onset_s} s ends with text not closed by 0x14"));
    }
    parsed.tals.push(current);
}

/// `Onset [0x15 Duration]`: onset `[+-]digits[.digits]`, duration `digits[.digits]`.
fn parse_timing(bytes: &[u8]) -> Option<(f64, Option<f64>)> {
    let mut parts = bytes.splitn(2, |&byte| byte == DURATION_MARK);
    let onset = parts.next()?;
    let (sign, magnitude) = onset.split_first()?;
    if !matches!(sign, b'+' | b'-') || !is_decimal(magnitude) {
        return None;
    }
    let onset_s: f64 = std::str::from_utf8(onset).ok()?.parse().ok()?;
    let duration_s = match parts.next() {
        Some(duration) if is_decimal(duration) => Some(std::str::from_utf8(duration).ok()?.parse().ok()?),
        Some([]) => None,
        Some(_) => return None,
        None => None,
    };
    Some((onset_s, duration_s))
}

/// `digits[.digits]`.
fn is_decimal(bytes: &[u8]) -> bool {
    let mut parts = bytes.splitn(2, |&byte| byte == b'.');
    let whole = parts.next().unwrap_or_default();
    let fraction = parts.next();
    !whole.is_empty()
        && whole.iter().all(u8::is_ascii_digit)
        && fraction.is_none_or(|fraction| fraction.iter().all(u8::is_ascii_digit))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tal(onset_s: f64, duration_s: Option<f64>, texts: &[&str]) -> Tal {
        Tal { onset_s, duration_s, texts: texts.iter().map(|text| text.to_string()).collect() }
    }

    #[test]
    fn reads_the_examples_of_the_specification() {
        let parsed = parse(b"+180\x14Lights off\x14Close door\x14\x00+1800.2\x1525.5\x14Apnea\x14\x00\x00\x00");
        assert_eq!(
            parsed.tals,
            vec![tal(180.0, None, &["Lights off", "Close door"]), tal(1800.2, Some(25.5), &["Apnea"])]
        );
        assert!(parsed.problems.is_empty());
    }

    #[test]
    fn time_keeping_tal_has_an_empty_first_annotation() {
        let parsed = parse(b"+3456.789\x14\x14R-wave\x14\x00");
        assert_eq!(parsed.tals, vec![tal(3456.789, None, &["", "R-wave"])]);
    }

    #[test]
    fn nihon_kohden_unclosed_tal_is_split_with_a_flag() {
        let parsed = parse(b"+0.000000\x14\x14+0.000000\x14Segment: REC START\x14\x00");
        assert_eq!(parsed.tals, vec![tal(0.0, None, &[""]), tal(0.0, None, &["Segment: REC START"])]);
        assert!(parsed.recovered_unclosed_tal);
    }

    #[test]
    fn utf8_texts_and_negative_onsets() {
        let parsed = parse("-0.5\x14仰卧\x14\x00".as_bytes());
        assert_eq!(parsed.tals, vec![tal(-0.5, None, &["仰卧"])]);
    }

    #[test]
    fn malformed_tals_are_described_not_fatal() {
        let parsed = parse(b"12\x14no sign\x14\x00+1\x14ok\x14\x00+2 unterminated\x00");
        assert_eq!(parsed.tals, vec![tal(1.0, None, &["ok"])]);
        assert_eq!(parsed.problems.len(), 2, "{:?}", parsed.problems);
    }
}
