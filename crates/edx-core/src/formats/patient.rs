//! The patient's age from what identification fields state: the EDF+ patient field's birth date
//! against the recording's start date (EDF+ specification 2.1.3.1), shared with the DICOM
//! reader's birth date against the study date.

use crate::model::{CivilDateTime, Patient};

/// Completed years from the birth date to `on` (both as year, month, day); `None` when the birth
/// date is after `on` or the result is beyond any human age.
pub fn completed_years(birth: (i32, u8, u8), on: (i32, u8, u8)) -> Option<u32> {
    let mut years = on.0 - birth.0;
    if (on.1, on.2) < (birth.1, birth.2) {
        years -= 1;
    }
    u32::try_from(years).ok().filter(|years| *years < 150)
}

/// The age at `start` of the patient an EDF+ patient field describes (`code sex dd-MMM-yyyy
/// name`, e.g. `MCH-0234567 F 02-MAY-1951 Haagse_Harry`); `None` when the birth date is `X` or
/// not an EDF+ date. Only EDF+ and BDF+ files have this layout: a plain EDF patient field is
/// free text.
pub fn edf_plus_patient(patient_field: &str, start: Option<CivilDateTime>) -> Patient {
    let age_years = start.and_then(|start| {
        let birth = edf_plus_date(patient_field.split(' ').nth(2)?)?;
        completed_years(birth, (start.year, start.month, start.day))
    });
    Patient { age_years, height_cm: None }
}

/// `dd-MMM-yyyy` as EDF+ writes dates (an upper-case English month).
fn edf_plus_date(text: &str) -> Option<(i32, u8, u8)> {
    const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    let mut parts = text.split('-');
    let day: u8 = parts.next()?.parse().ok()?;
    let month_name = parts.next()?;
    let month = MONTHS.iter().position(|month| month.eq_ignore_ascii_case(month_name))? as u8 + 1;
    let year: i32 = parts.next()?.parse().ok()?;
    (parts.next().is_none() && (1..=31).contains(&day)).then_some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(year: i32, month: u8, day: u8) -> Option<CivilDateTime> {
        Some(CivilDateTime { year, month, day, hour: 10, minute: 0, second: 0, microsecond: 0 })
    }

    #[test]
    fn the_age_counts_completed_years() {
        let field = "MCH-0234567 F 02-MAY-1951 Haagse_Harry";
        assert_eq!(edf_plus_patient(field, start(2002, 5, 1)).age_years, Some(50), "the day before the birthday");
        assert_eq!(edf_plus_patient(field, start(2002, 5, 2)).age_years, Some(51), "on the birthday");
        assert_eq!(edf_plus_patient("X X X X", start(2002, 5, 2)).age_years, None);
        assert_eq!(edf_plus_patient(field, None).age_years, None);
        assert_eq!(edf_plus_patient("X F 02-MAY-2051 X", start(2002, 5, 2)).age_years, None, "born after the study");
        assert_eq!(edf_plus_patient("free text patient", start(2002, 5, 2)).age_years, None);
    }
}
