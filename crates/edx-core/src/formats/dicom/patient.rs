//! What the file says of the patient: the age, stated or computed from the birth date, and the
//! height.

use super::parser::Element;
use super::tags::*;
use super::values::{find, numeric, parse_date_time, text};
use crate::model::Patient;

/// Patient's Age (0010,1010, `nnnY`, `nnnM`, `nnnW` or `nnnD`), else the Patient's Birth Date
/// (0010,0030) against the Study Date (0008,0020) or Acquisition DateTime (0008,002A); and
/// Patient's Size (0010,1020), which DICOM gives in metres.
pub(super) fn read_patient(dataset: &[Element<'_>]) -> Patient {
    let stated_age = find(dataset, PATIENT_AGE).map(text).and_then(|age| {
        // The unit is the last character; split on its boundary, which a byte count would miss
        // in a value that ends in a multi-byte character.
        let (number, unit) = age.split_at(age.char_indices().last()?.0);
        let number: u32 = number.parse().ok()?;
        match unit {
            "Y" => Some(number),
            "M" => Some(number / 12),
            "W" => Some(number / 52),
            "D" => Some(number / 365),
            _ => None,
        }
    });
    let date = |tag| find(dataset, tag).map(text).and_then(|value| parse_date_time(&value));
    let age_from_dates = || {
        let birth = date(PATIENT_BIRTH_DATE)?;
        let on = date(STUDY_DATE).or_else(|| date(ACQUISITION_DATE_TIME))?;
        crate::formats::patient::completed_years((birth.year, birth.month, birth.day), (on.year, on.month, on.day))
    };
    // A height outside 0–3 m is a mistake (centimetres in a metres field, say), not a patient.
    let height_cm = find(dataset, PATIENT_SIZE)
        .and_then(numeric)
        .filter(|metres| *metres > 0.0 && *metres < 3.0)
        .map(|metres| metres * 100.0);
    Patient { age_years: stated_age.or_else(age_from_dates), height_cm }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::dicom::parser::Value;

    #[test]
    fn an_age_ending_in_a_multi_byte_character_is_not_read() {
        let dataset = [Element { tag: PATIENT_AGE, value: Value::Bytes("12\u{e9}".as_bytes()) }];
        assert_eq!(read_patient(&dataset).age_years, None);
    }
}
