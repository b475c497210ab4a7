//! A paper report typed into edxview's form: its nerve conduction table (one row per
//! stimulation site, as reports print them) and its needle examination table, kept exactly as
//! typed, so nothing the user typed is lost while a value cannot be read yet, and read into a
//! [`Study`] that is analysed and explained like a recorded one.
//!
//! Rows that follow one another with the same nerve, kind, recording site and side are one
//! nerve conduction study, its sites in the order typed (distal first, as reports print them).

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::interpret::builtin_profiles;
use crate::model::{
    CellSource, NeedleExamRow, NeedleExamination, Nerve, NerveConduction, NerveConductionKind, Patient,
    ReportedMeasures, Side, StimulationSite, Study,
};
use crate::needle::examination::{Column, NotAChoice};

mod questions;

pub use questions::Question;

/// A report as typed: every entry as text, as the form holds it and the device stores it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TypedReport {
    /// A name for the study, e.g. "Clinic report, 3 March 2026".
    pub title: String,
    /// The patient's age at the study, in years, as the report prints it.
    pub age_years: String,
    /// The patient's height, in cm.
    pub height_cm: String,
    /// The skin temperature the report gives, in °C, for every nerve.
    pub skin_temperature_c: String,
    /// The nerve conduction table, one row per stimulation site.
    pub nerve_rows: Vec<TypedNerveRow>,
    /// The needle examination table, one row per muscle and side.
    pub needle_rows: Vec<TypedNeedleRow>,
    /// The questions the user confirmed as the report prints them, by [`Question::key`].
    pub confirmed: Vec<String>,
}

/// One row of a nerve conduction table: a stimulation site of a nerve.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TypedNerveRow {
    /// The nerve, e.g. "Median".
    pub nerve: String,
    /// `motor`, `sensory_antidromic` or `sensory_orthodromic` ([`KINDS`]).
    pub kind: String,
    /// Where the response was recorded, e.g. "APB" or "Digit 2".
    pub recording_site: String,
    /// "Left" or "Right".
    pub side: String,
    /// Where the nerve was stimulated, e.g. "Wrist".
    pub stimulation_site: String,
    /// On a nerve's first row, from the stimulating cathode to the recording electrode; on the
    /// others, from the row above; in [`TypedNerveRow::distance_unit`].
    pub distance_mm: String,
    /// `mm` or `cm`, as the report prints distances; empty: mm.
    pub distance_unit: String,
    /// Onset latency, ms; or NR (no response).
    pub onset_latency_ms: String,
    /// Peak latency, ms.
    pub peak_latency_ms: String,
    /// Baseline-to-negative-peak amplitude in [`TypedNerveRow::amplitude_unit`]; or NR.
    pub amplitude: String,
    /// `mV` or `µV`; empty: the kind's usual unit (mV for motor, µV for sensory).
    pub amplitude_unit: String,
    /// The conduction velocity printed on the row, m/s.
    pub velocity_m_per_s: String,
}

/// One row of a needle examination table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TypedNeedleRow {
    /// The muscle, by any name the catalogue knows ("Tibialis anterior", "TA", "APB").
    pub muscle: String,
    /// "Left", "Right" or empty.
    pub side: String,
    /// The cells as printed, by column key ([`Column::key`]); a missing or empty cell was not
    /// assessed.
    pub cells: BTreeMap<String, String>,
}

/// The kinds of nerve conduction study the form takes.
pub const KINDS: [NerveConductionKind; 3] =
    [NerveConductionKind::Motor, NerveConductionKind::SensoryAntidromic, NerveConductionKind::SensoryOrthodromic];

/// A kind's key in a typed report (as in the study file).
pub fn kind_key(kind: NerveConductionKind) -> &'static str {
    match kind {
        NerveConductionKind::Motor => "motor",
        NerveConductionKind::SensoryAntidromic => "sensory_antidromic",
        NerveConductionKind::SensoryOrthodromic => "sensory_orthodromic",
        NerveConductionKind::Mixed => "mixed",
        NerveConductionKind::FWave => "f_wave",
        NerveConductionKind::HReflex => "h_reflex",
    }
}

/// Stimulation sites reports commonly print, offered as the form's suggestions.
pub const COMMON_STIMULATION_SITES: [&str; 14] = [
    "Wrist",
    "Palm",
    "Below elbow",
    "Above elbow",
    "Elbow",
    "Axilla",
    "Forearm",
    "Spiral groove",
    "Ankle",
    "Below fibular head",
    "Above fibular head",
    "Popliteal fossa",
    "Calf",
    "Lateral leg",
];

/// A nerve conduction study the built-in reference profiles hold limits for: typed with this
/// nerve, kind and recording site, its values are judged.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownStudy {
    /// The nerve as the profiles name it.
    pub nerve: String,
    /// The kind of study.
    pub kind: NerveConductionKind,
    /// The recording site as the profiles first name it.
    pub recording_site: String,
}

impl KnownStudy {
    /// "Median motor, recording APB".
    pub fn label(&self) -> String {
        format!("{} {}, recording {}", self.nerve, self.kind, self.recording_site)
    }

    /// Whether `row` is typed as this study.
    pub fn describes(&self, row: &TypedNerveRow) -> bool {
        self.nerve.eq_ignore_ascii_case(row.nerve.trim())
            && kind_key(self.kind) == row.kind.trim()
            && crate::interpret::profiles::same_site(&self.recording_site, &row.recording_site)
    }
}

/// Every motor and sensory study the built-in profiles hold limits for, in their order.
pub fn known_studies() -> Vec<KnownStudy> {
    let mut known: Vec<KnownStudy> = Vec::new();
    for limit in builtin_profiles().iter().flat_map(|profile| &profile.limits) {
        let Some(recording_site) = limit.recording_sites.first() else { continue };
        if !KINDS.contains(&limit.kind) {
            continue;
        }
        let study = KnownStudy { nerve: limit.nerve.clone(), kind: limit.kind, recording_site: recording_site.clone() };
        let row = TypedNerveRow {
            nerve: study.nerve.clone(),
            kind: kind_key(study.kind).into(),
            recording_site: study.recording_site.clone(),
            ..TypedNerveRow::default()
        };
        if !known.iter().any(|known| known.describes(&row)) {
            known.push(study);
        }
    }
    known
}

/// Where in the form an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The patient and study fields above the tables.
    Header,
    /// A nerve conduction row, from 1, with what it names so far.
    NerveRow(usize, String),
    /// A needle examination row, from 1, with its muscle as typed.
    NeedleRow(usize, String),
}

impl fmt::Display for Place {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Place::Header => formatter.write_str("The study's details"),
            Place::NerveRow(row, named) if named.is_empty() => write!(formatter, "Nerve row {row}"),
            Place::NerveRow(row, named) => write!(formatter, "Nerve row {row} ({named})"),
            Place::NeedleRow(row, muscle) if muscle.trim().is_empty() => write!(formatter, "Needle row {row}"),
            Place::NeedleRow(row, muscle) => write!(formatter, "Needle row {row} ({})", muscle.trim()),
        }
    }
}

/// An entry that cannot be read, naming where it is and what to change.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EntryProblem {
    /// Nothing to explain.
    #[error("The report has no rows yet. Type at least one row of either table.")]
    Empty,
    /// A field every row needs.
    #[error("{place}: the {field} is missing.")]
    Missing {
        /// Where.
        place: Place,
        /// Which field.
        field: &'static str,
    },
    /// Not a number.
    #[error("{place}, {field}: \"{typed}\" is not a number. Write it as the report prints it, for example 4.6.")]
    NotANumber {
        /// Where.
        place: Place,
        /// Which field.
        field: &'static str,
        /// What was typed.
        typed: String,
    },
    /// A number no report prints for this field: a typing slip or the wrong unit.
    #[error("{place}, {field}: {value} {unit} cannot be right here. edxview takes {low} to {high} {unit}. Check the number and its unit.")]
    Implausible {
        /// Where.
        place: Place,
        /// Which field.
        field: &'static str,
        /// The value, in `unit`.
        value: f64,
        /// The field's unit.
        unit: &'static str,
        /// The lowest value accepted.
        low: f64,
        /// The highest value accepted.
        high: f64,
    },
    /// A side that is not left or right.
    #[error("{place}: the side \"{typed}\" is neither Left nor Right.")]
    NotASide {
        /// Where.
        place: Place,
        /// What was typed.
        typed: String,
    },
    /// A kind of study the form does not take.
    #[error("{place}: the form does not take \"{typed}\" studies. It takes motor and sensory ones.")]
    NotAKind {
        /// Where.
        place: Place,
        /// What was typed.
        typed: String,
    },
    /// A distance unit that is neither mm nor cm.
    #[error("{place}: the distance unit \"{typed}\" is neither mm nor cm.")]
    NotADistanceUnit {
        /// Where.
        place: Place,
        /// What was typed.
        typed: String,
    },
    /// An amplitude unit that is neither mV nor µV.
    #[error("{place}: the amplitude unit \"{typed}\" is neither mV nor µV.")]
    NotAUnit {
        /// Where.
        place: Place,
        /// What was typed.
        typed: String,
    },
    /// NR typed with values on the same row.
    #[error("{place}: the row says NR (no response) but gives values too. Keep one.")]
    NoResponseWithValues {
        /// Where.
        place: Place,
    },
    /// A needle cell that is not one of its column's choices.
    #[error("{place}: {choice}")]
    NotAChoice {
        /// Where.
        place: Place,
        /// What is wrong.
        choice: NotAChoice,
    },
}

impl EntryProblem {
    /// Where the problem is, and the field it names: a form marks that entry. `None` for a
    /// report with nothing in it.
    pub fn location(&self) -> Option<(&Place, Option<&'static str>)> {
        match self {
            EntryProblem::Empty => None,
            EntryProblem::Missing { place, field }
            | EntryProblem::NotANumber { place, field, .. }
            | EntryProblem::Implausible { place, field, .. } => Some((place, Some(*field))),
            EntryProblem::NotASide { place, .. } => Some((place, Some("side"))),
            EntryProblem::NotAKind { place, .. } => Some((place, Some("kind"))),
            EntryProblem::NotAUnit { place, .. } => Some((place, Some("amplitude unit"))),
            EntryProblem::NotADistanceUnit { place, .. } => Some((place, Some("distance unit"))),
            EntryProblem::NoResponseWithValues { place } => Some((place, None)),
            EntryProblem::NotAChoice { place, choice } => Some((place, Some(choice.column))),
        }
    }

    /// Whether the problem is in nerve conduction row `row_number` (from 1), in `field` where
    /// one is given.
    pub fn is_in_nerve_row(&self, row_number: usize, field: Option<&str>) -> bool {
        self.location().is_some_and(|(place, named)| {
            matches!(place, Place::NerveRow(number, _) if *number == row_number)
                && field.is_none_or(|field| named == Some(field))
        })
    }

    /// Whether the problem is in needle row `row_number` (from 1), in `field` where one is
    /// given (a column's heading, "muscle" or "side").
    pub fn is_in_needle_row(&self, row_number: usize, field: Option<&str>) -> bool {
        self.location().is_some_and(|(place, named)| {
            matches!(place, Place::NeedleRow(number, _) if *number == row_number)
                && field.is_none_or(|field| named == Some(field))
        })
    }
}

/// A typed report read into a study, with the values to confirm before it is explained.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadReport {
    /// The study: sites carry the reported values, the needle table the typed cells.
    pub study: Study,
    /// Values possible but unusual (a slip, a wrong unit, rows out of order, a muscle edxview
    /// does not know), each marked confirmed where the user confirmed it.
    pub questions: Vec<Question>,
}

impl ReadReport {
    /// Whether every question was confirmed: the study may be explained.
    pub fn is_confirmed(&self) -> bool {
        self.questions.iter().all(|question| question.confirmed)
    }
}

/// The plausible range of each number, edxview's own bounds: wide enough for every value a
/// report prints, narrow enough to catch a slipped decimal point or a wrong unit.
mod bounds {
    pub const AGE_YEARS: (f64, f64) = (0.0, 120.0);
    pub const HEIGHT_CM: (f64, f64) = (40.0, 250.0);
    pub const SKIN_TEMPERATURE_C: (f64, f64) = (20.0, 40.0);
    pub const DISTANCE_MM: (f64, f64) = (10.0, 1000.0);
    pub const LATENCY_MS: (f64, f64) = (0.1, 100.0);
    pub const MOTOR_AMPLITUDE_MV: (f64, f64) = (0.0, 50.0);
    pub const SENSORY_AMPLITUDE_UV: (f64, f64) = (0.0, 500.0);
    pub const VELOCITY_M_PER_S: (f64, f64) = (5.0, 150.0);
}

/// Reads `report` into a study, or gives every entry that cannot be read.
pub fn read(report: &TypedReport) -> Result<ReadReport, Vec<EntryProblem>> {
    let mut problems = Vec::new();
    if report.nerve_rows.is_empty() && report.needle_rows.is_empty() {
        return Err(vec![EntryProblem::Empty]);
    }
    let header = |field, text: &str, unit, range| number(&Place::Header, field, text, unit, range);
    let age_years = header("age", &report.age_years, "years", bounds::AGE_YEARS);
    let height_cm = header("height", &report.height_cm, "cm", bounds::HEIGHT_CM);
    let skin_temperature_c = header("skin temperature", &report.skin_temperature_c, "°C", bounds::SKIN_TEMPERATURE_C);
    let [age_years, height_cm, skin_temperature_c] = [age_years, height_cm, skin_temperature_c].map(|value| {
        value.unwrap_or_else(|problem| {
            problems.push(problem);
            None
        })
    });
    let mut nerve_conductions: Vec<NerveConduction> = Vec::new();
    let mut questions = Vec::new();
    let mut distance_from_recording_mm = None;
    for (row_idx, row) in report.nerve_rows.iter().enumerate() {
        match read_nerve_row(row_idx + 1, row) {
            Ok((identity, site, amplitude_in_millivolts)) => {
                let continues = row_idx > 0 && same_nerve(&report.nerve_rows[row_idx - 1], row);
                let above = nerve_conductions.last().filter(|_| continues).and_then(|nerve| nerve.sites.last());
                distance_from_recording_mm = if continues { distance_from_recording_mm } else { Some(0.0) }
                    .zip(site.distance_mm)
                    .map(|(total, mm)| total + mm);
                questions.extend(questions::of_nerve_row(&questions::NerveRowRead {
                    place: &nerve_place(row_idx + 1, row),
                    typed: row,
                    kind: identity.kind,
                    amplitude_in_millivolts,
                    site: &site,
                    above,
                    distance_from_recording_mm,
                }));
                match nerve_conductions.last_mut() {
                    Some(nerve) if continues => nerve.sites.push(site),
                    _ => nerve_conductions.push(NerveConduction { sites: vec![site], skin_temperature_c, ..identity }),
                }
            }
            Err(mut row_problems) => {
                distance_from_recording_mm = None;
                problems.append(&mut row_problems);
            }
        }
    }
    let mut table = NeedleExamination::default();
    for (row_idx, typed) in report.needle_rows.iter().enumerate() {
        let place = Place::NeedleRow(row_idx + 1, typed.muscle.clone());
        match read_needle_row(&place, typed) {
            Ok(row) => {
                if row.muscle_id.is_none() {
                    questions.push(questions::of_unknown_muscle(&place, &typed.muscle));
                }
                table.rows.push(row);
            }
            Err(mut row_problems) => problems.append(&mut row_problems),
        }
    }
    for question in &mut questions {
        question.confirmed = report.confirmed.contains(&question.key);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let title = match report.title.trim() {
        "" => "Typed-in report".to_string(),
        title => title.to_string(),
    };
    let study = Study {
        title,
        recordings: Vec::new(),
        nerve_conductions,
        reference_profile: None,
        needle_examination: table,
        patient: Patient { age_years: age_years.map(|age| age.round() as u32), height_cm },
        reason_for_study: None,
        comment: None,
        needle_unit_markers: Vec::new(),
    };
    Ok(ReadReport { study, questions })
}

/// Whether two rows name the same nerve study (nerve, kind, recording site, side).
fn same_nerve(first: &TypedNerveRow, second: &TypedNerveRow) -> bool {
    let same = |first: &str, second: &str| first.trim().eq_ignore_ascii_case(second.trim());
    same(&first.nerve, &second.nerve)
        && same(&first.kind, &second.kind)
        && crate::interpret::profiles::same_site(&first.recording_site, &second.recording_site)
        && same(&first.side, &second.side)
}

/// Nerve row `row_number` (from 1), named by what it holds so far.
fn nerve_place(row_number: usize, row: &TypedNerveRow) -> Place {
    let named = [row.side.trim(), row.nerve.trim(), row.stimulation_site.trim()]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Place::NerveRow(row_number, named)
}

/// A row's nerve (without sites), its site and whether its amplitude was typed in mV, or what
/// is wrong with it.
fn read_nerve_row(
    row_number: usize,
    row: &TypedNerveRow,
) -> Result<(NerveConduction, StimulationSite, bool), Vec<EntryProblem>> {
    let place = nerve_place(row_number, row);
    let mut problems = Vec::new();
    for (text, field) in
        [(&row.nerve, "nerve"), (&row.recording_site, "recording site"), (&row.stimulation_site, "stimulation site")]
    {
        if text.trim().is_empty() {
            problems.push(EntryProblem::Missing { place: place.clone(), field });
        }
    }
    let side = match Side::from_name(&row.side) {
        Some(side) => Some(side),
        None if row.side.trim().is_empty() => {
            problems.push(EntryProblem::Missing { place: place.clone(), field: "side" });
            None
        }
        None => {
            problems.push(EntryProblem::NotASide { place: place.clone(), typed: row.side.clone() });
            None
        }
    };
    let kind = KINDS.into_iter().find(|kind| kind_key(*kind) == row.kind.trim());
    if kind.is_none() {
        problems.push(EntryProblem::NotAKind { place: place.clone(), typed: row.kind.clone() });
    }
    let in_millivolts = match row.amplitude_unit.trim() {
        "" => kind.is_none_or(NerveConductionKind::amplitudes_in_millivolts),
        unit if unit.eq_ignore_ascii_case("mv") => true,
        unit if ["µv", "μv", "uv"].iter().any(|micro| unit.eq_ignore_ascii_case(micro)) => false,
        _ => {
            problems.push(EntryProblem::NotAUnit { place: place.clone(), typed: row.amplitude_unit.clone() });
            true
        }
    };
    let in_centimetres = match row.distance_unit.trim() {
        "" => false,
        unit if unit.eq_ignore_ascii_case("mm") => false,
        unit if unit.eq_ignore_ascii_case("cm") => true,
        _ => {
            problems.push(EntryProblem::NotADistanceUnit { place: place.clone(), typed: row.distance_unit.clone() });
            false
        }
    };
    let no_response = [&row.onset_latency_ms, &row.amplitude].into_iter().any(|text| says_no_response(text));
    let mut value = |field, text: &str, unit, range| {
        if no_response && says_no_response(text) {
            return None;
        }
        number(&place, field, text, unit, range).unwrap_or_else(|problem| {
            problems.push(problem);
            None
        })
    };
    let distance_mm = if in_centimetres {
        let (low_mm, high_mm) = bounds::DISTANCE_MM;
        value("distance", &row.distance_mm, "cm", (low_mm / 10.0, high_mm / 10.0)).map(|centimetres| centimetres * 10.0)
    } else {
        value("distance", &row.distance_mm, "mm", bounds::DISTANCE_MM)
    };
    let onset_latency_ms = value("onset latency", &row.onset_latency_ms, "ms", bounds::LATENCY_MS);
    let peak_latency_ms = value("peak latency", &row.peak_latency_ms, "ms", bounds::LATENCY_MS);
    let amplitude_uv = if in_millivolts {
        value("amplitude", &row.amplitude, "mV", bounds::MOTOR_AMPLITUDE_MV).map(|millivolts| millivolts * 1000.0)
    } else {
        value("amplitude", &row.amplitude, "µV", bounds::SENSORY_AMPLITUDE_UV)
    };
    let velocity = value("velocity", &row.velocity_m_per_s, "m/s", bounds::VELOCITY_M_PER_S);
    if no_response && [onset_latency_ms, peak_latency_ms, amplitude_uv, velocity].iter().any(Option::is_some) {
        problems.push(EntryProblem::NoResponseWithValues { place: place.clone() });
    }
    let (Some(side), Some(kind), true) = (side, kind, problems.is_empty()) else { return Err(problems) };
    let nerve = NerveConduction {
        nerve: Nerve::from_name(&row.nerve),
        side,
        kind,
        recording_site: row.recording_site.trim().to_string(),
        sites: Vec::new(),
        skin_temperature_c: None,
        acquisition_filters: None,
    };
    let reported = ReportedMeasures {
        onset_latency_ms,
        peak_latency_ms,
        amplitude_uv,
        conduction_velocity_m_per_s: velocity,
        no_response,
        ..ReportedMeasures::default()
    };
    let site = StimulationSite {
        name: row.stimulation_site.trim().to_string(),
        distance_mm,
        stimulus_ma: None,
        other_details: Vec::new(),
        sweeps: Vec::new(),
        saved_markers: None,
        reported: Some(reported),
        saved_late_corrections: Vec::new(),
    };
    Ok((nerve, site, in_millivolts))
}

/// Whether a cell says the response was absent: "NR", "no response", "absent" (any case).
fn says_no_response(text: &str) -> bool {
    ["nr", "no response", "absent"].iter().any(|word| text.trim().eq_ignore_ascii_case(word))
}

/// The number typed in `text` (a decimal point or comma, an optional trailing `unit`), checked
/// against `(low, high)`; `None` for an empty entry.
fn number(
    place: &Place,
    field: &'static str,
    text: &str,
    unit: &'static str,
    range: (f64, f64),
) -> Result<Option<f64>, EntryProblem> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    let without_unit = trimmed
        .get(..trimmed.len().saturating_sub(unit.len()))
        .filter(|_| trimmed.to_lowercase().ends_with(&unit.to_lowercase()))
        .unwrap_or(trimmed)
        .trim();
    let not_a_number = || EntryProblem::NotANumber { place: place.clone(), field, typed: text.to_string() };
    let value: f64 = without_unit.replace(',', ".").parse().map_err(|_| not_a_number())?;
    if !value.is_finite() {
        return Err(not_a_number());
    }
    let (low, high) = range;
    if !(low..=high).contains(&value) {
        return Err(EntryProblem::Implausible { place: place.clone(), field, value, unit, low, high });
    }
    Ok(Some(value))
}

/// A needle row, or what is wrong with it.
fn read_needle_row(place: &Place, typed: &TypedNeedleRow) -> Result<NeedleExamRow, Vec<EntryProblem>> {
    let mut problems = Vec::new();
    if typed.muscle.trim().is_empty() {
        problems.push(EntryProblem::Missing { place: place.clone(), field: "muscle" });
    }
    let side = match Side::from_name(&typed.side) {
        Some(side) => Some(side),
        None if typed.side.trim().is_empty() => None,
        None => {
            problems.push(EntryProblem::NotASide { place: place.clone(), typed: typed.side.clone() });
            None
        }
    };
    let mut row = NeedleExamRow::new(&typed.muscle, side);
    for column in Column::ALL {
        let value = typed.cells.get(column.key()).map(String::as_str);
        if let Err(choice) = column.set(&mut row, value, CellSource::Typed) {
            problems.push(EntryProblem::NotAChoice { place: place.clone(), choice });
        }
    }
    if problems.is_empty() {
        Ok(row)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::localise::localise;
    use crate::interpret::review_study;
    use crate::ncs::{analyse_nerve, Adjustments, StudyAdjustments};

    /// A row of `study` ("Median motor, recording APB" as nerve, kind key, recording site) on
    /// the right, stimulated at `site`, with distance, onset latency, peak latency, amplitude
    /// and velocity as printed.
    fn row(study: (&str, &str, &str), site: &str, values: [&str; 5]) -> TypedNerveRow {
        let [distance_mm, onset_latency_ms, peak_latency_ms, amplitude, velocity_m_per_s] = values.map(String::from);
        TypedNerveRow {
            nerve: study.0.into(),
            kind: study.1.into(),
            recording_site: study.2.into(),
            side: "Right".into(),
            stimulation_site: site.into(),
            distance_mm,
            onset_latency_ms,
            peak_latency_ms,
            amplitude,
            amplitude_unit: String::new(),
            distance_unit: String::new(),
            velocity_m_per_s,
        }
    }

    const MEDIAN_MOTOR: (&str, &str, &str) = ("Median", "motor", "APB");
    const ULNAR_MOTOR: (&str, &str, &str) = ("Ulnar", "motor", "ADM");
    const MEDIAN_SENSORY: (&str, &str, &str) = ("Median", "sensory_antidromic", "Digit 2");
    const ULNAR_SENSORY: (&str, &str, &str) = ("Ulnar", "sensory_antidromic", "Digit 5");

    /// A right carpal tunnel report as a clinic prints it.
    fn carpal_tunnel_report() -> TypedReport {
        TypedReport {
            title: "Clinic report".into(),
            age_years: "52".into(),
            skin_temperature_c: "32,5".into(),
            nerve_rows: vec![
                row(MEDIAN_MOTOR, "Wrist", ["70", "5.6", "", "6.1", ""]),
                row(MEDIAN_MOTOR, "Elbow", ["230", "10.0", "", "5.8", "52"]),
                row(ULNAR_MOTOR, "Wrist", ["70", "2.9", "", "9.0", ""]),
                row(ULNAR_MOTOR, "Below elbow", ["200", "6.4", "", "8.8", "57"]),
                row(MEDIAN_SENSORY, "Wrist", ["130", "3.6", "4.5", "9", "36"]),
                row(ULNAR_SENSORY, "Wrist", ["110", "2.2", "2.9", "25", "50"]),
                row(("Radial", "sensory_antidromic", "Snuffbox"), "Forearm", ["100", "1.8", "2.3", "25", "56"]),
            ],
            needle_rows: Vec::new(),
            ..TypedReport::default()
        }
    }

    #[test]
    fn a_typed_carpal_tunnel_report_is_read_into_nerves_and_localised_like_a_recorded_study() {
        let read = read(&carpal_tunnel_report()).expect("a readable report");
        let study = &read.study;
        assert_eq!(study.nerve_conductions.len(), 5, "rows of one nerve make one study");
        let median = &study.nerve_conductions[0];
        assert_eq!((median.sites.len(), median.skin_temperature_c), (2, Some(32.5)));
        let wrist = median.sites[0].reported.unwrap();
        assert_eq!((wrist.onset_latency_ms, wrist.amplitude_uv), (Some(5.6), Some(6100.0)), "mV typed, µV kept");
        let sensory = study.nerve_conductions[2].sites[0].reported.unwrap();
        assert_eq!(sensory.amplitude_uv, Some(9.0), "sensory amplitudes are in µV");
        assert_eq!(study.patient.age_years, Some(52));
        assert!(read.questions.is_empty(), "{:?}", read.questions);
        let review =
            review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient);
        let localised = localise(&study.needle_examination, &study.nerve_conductions, &review);
        assert_eq!(localised.lesion.as_deref(), Some("a right median neuropathy at the wrist"), "{localised:#?}");
        let mut with_needle = carpal_tunnel_report();
        with_needle.needle_rows = [
            ("APB", "1+", "reduced"),
            ("FDI", "0", "normal"),
            ("Pronator teres", "0", "normal"),
            ("Biceps", "0", "normal"),
            ("Triceps", "0", "normal"),
            ("Deltoid", "0", "normal"),
        ]
        .map(|(muscle, fibrillations, recruitment)| TypedNeedleRow {
            muscle: muscle.into(),
            side: "Right".into(),
            cells: [("fibrillations", fibrillations), ("recruitment", recruitment)]
                .map(|(key, value)| (key.to_string(), value.to_string()))
                .into(),
        })
        .into();
        let study = super::read(&with_needle).unwrap().study;
        let localised = localise(&study.needle_examination, &study.nerve_conductions, &review);
        assert_eq!(localised.lesion.as_deref(), Some("a right median neuropathy at the wrist"), "{localised:#?}");
    }

    #[test]
    fn distances_are_read_in_the_unit_the_report_prints() {
        let mut report = carpal_tunnel_report();
        report.nerve_rows[0].distance_mm = "7".into();
        report.nerve_rows[0].distance_unit = "cm".into();
        report.nerve_rows[1].distance_mm = "23,0".into();
        report.nerve_rows[1].distance_unit = "cm".into();
        let read = read(&report).unwrap();
        let sites = &read.study.nerve_conductions[0].sites;
        assert_eq!((sites[0].distance_mm, sites[1].distance_mm), (Some(70.0), Some(230.0)));
        report.nerve_rows[0].distance_unit = String::new();
        let problems = super::read(&report).unwrap_err();
        assert!(
            problems[0]
                .to_string()
                .starts_with("Nerve row 1 (Right Median Wrist), distance: 7 mm cannot be right here"),
            "{problems:?}"
        );
    }

    #[test]
    fn the_printed_velocity_is_used_and_stands_in_for_a_missing_distance() {
        let mut report = carpal_tunnel_report();
        report.nerve_rows[1].distance_mm.clear();
        let read = read(&report).unwrap();
        let analysis = analyse_nerve(&read.study.nerve_conductions[0], Adjustments::AS_SAVED);
        assert_eq!(analysis.segments[0].conduction_velocity_m_per_s, Some(52.0));
        let sensory = analyse_nerve(&read.study.nerve_conductions[2], Adjustments::AS_SAVED);
        assert_eq!(sensory.sites[0].sensory_velocity_m_per_s, Some(36.0));
    }

    #[test]
    fn a_velocity_the_distance_and_latencies_contradict_is_questioned() {
        let mut report = carpal_tunnel_report();
        report.nerve_rows[1].velocity_m_per_s = "25".into();
        let read = read(&report).unwrap();
        let texts: Vec<&str> = read.questions.iter().map(|question| question.text.as_str()).collect();
        assert_eq!(texts, ["Nerve row 2 (Right Median Elbow), velocity: 25 m/s does not fit the distance and times, which give 52 m/s. edxview uses the speed typed."]);
        assert!(!read.is_confirmed());
    }

    #[test]
    fn a_slipped_decimal_point_a_wrong_unit_and_rows_out_of_order_are_questioned_until_confirmed() {
        let mut report = carpal_tunnel_report();
        report.nerve_rows[0].onset_latency_ms = "44".into();
        report.nerve_rows[2].amplitude_unit = "µV".into();
        report.nerve_rows[4].amplitude = "0,2".into();
        report.nerve_rows[4].amplitude_unit = "mV".into();
        let read = super::read(&report).unwrap();
        let texts: Vec<&str> = read.questions.iter().map(|question| question.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Nerve row 1 (Right Median Wrist), onset latency: 44 ms is unusual here. edxview's own rule asks about values outside 1.5 to 15 ms. Perhaps 4.4 was meant.",
                "Nerve row 2 (Right Median Elbow), onset latency: 10 ms is not longer than the row above, 44 ms. A site further up the nerve takes longer. A value or the order of the rows may be off.",
                "Nerve row 3 (Right Ulnar Wrist), amplitude: 9 µV is unusual here. edxview's own rule asks about values outside 100 to 30000 µV. If the report prints this amplitude in mV, choose mV as the unit.",
                "Nerve row 5 (Right Median Wrist), amplitude: 0.2 mV is unusual here. edxview's own rule asks about values outside 0.001 to 0.15 mV. Perhaps 0.02 was meant.",
            ],
            "{:#?}",
            read.questions
        );
        // Confirmed as the report prints them, the study may be explained; a changed row asks again.
        report.confirmed = read.questions.iter().map(|question| question.key.clone()).collect();
        assert!(super::read(&report).unwrap().is_confirmed());
        report.nerve_rows[0].onset_latency_ms = "45".into();
        let asked_again = super::read(&report).unwrap();
        assert_eq!(asked_again.questions.iter().filter(|question| !question.confirmed).count(), 2);
    }

    #[test]
    fn every_entry_that_cannot_be_read_is_named_with_its_row_and_field() {
        let mut report = carpal_tunnel_report();
        report.age_years = "fifty".into();
        report.nerve_rows[0].onset_latency_ms = "5..6".into();
        report.nerve_rows[1].amplitude = "5800".into();
        report.nerve_rows[2].side = "Both".into();
        report.nerve_rows[3].amplitude = "NR".into();
        report.nerve_rows[4].amplitude_unit = "volts".into();
        report.nerve_rows[5].stimulation_site = " ".into();
        report.needle_rows.push(TypedNeedleRow {
            muscle: "Tibialis anterior".into(),
            side: "L".into(),
            cells: [("fibrillations".to_string(), "5+".to_string())].into(),
        });
        let problems: Vec<String> = read(&report).unwrap_err().iter().map(ToString::to_string).collect();
        let expected = [
            "The study's details, age: \"fifty\" is not a number",
            "Nerve row 1 (Right Median Wrist), onset latency: \"5..6\" is not a number",
            "Nerve row 2 (Right Median Elbow), amplitude: 5800 mV cannot be right here. edxview takes 0 to 50 mV.",
            "Nerve row 3 (Both Ulnar Wrist): the side \"Both\" is neither Left nor Right",
            "Nerve row 4 (Right Ulnar Below elbow): the row says NR (no response) but gives values too",
            "Nerve row 5 (Right Median Wrist): the amplitude unit \"volts\" is neither mV nor µV",
            "Nerve row 6 (Right Ulnar): the stimulation site is missing",
            "Needle row 1 (Tibialis anterior): \"5+\" is not a value of Fibs/PSWs",
        ];
        assert_eq!(problems.len(), expected.len(), "{problems:#?}");
        for (problem, expected) in problems.iter().zip(expected) {
            assert!(problem.starts_with(expected), "{problem}\n  should start {expected}");
        }
        let found = read(&report).unwrap_err();
        assert!(found[1].is_in_nerve_row(1, Some("onset latency")) && !found[1].is_in_nerve_row(1, Some("amplitude")));
        assert!(found[4].is_in_nerve_row(4, None) && !found[4].is_in_nerve_row(3, None));
        assert!(found[7].is_in_needle_row(1, Some("Fibs/PSWs")));
        assert_eq!(read(&TypedReport::default()).unwrap_err(), vec![EntryProblem::Empty]);
    }

    #[test]
    fn no_response_is_a_finding_and_the_needle_table_is_kept_as_typed() {
        let mut report = carpal_tunnel_report();
        report.nerve_rows[4] = row(MEDIAN_SENSORY, "Wrist", ["130", "NR", "", "NR", ""]);
        report.needle_rows = vec![
            TypedNeedleRow {
                muscle: "APB".into(),
                side: "Right".into(),
                cells: [("fibrillations", "2+"), ("recruitment", "Reduced"), ("amplitude", "increased")]
                    .map(|(key, value)| (key.to_string(), value.to_string()))
                    .into(),
            },
            TypedNeedleRow { muscle: "Mystery muscle".into(), ..TypedNeedleRow::default() },
        ];
        let read = read(&report).unwrap();
        assert!(read.study.nerve_conductions[2].sites[0].reported.unwrap().no_response);
        let apb = &read.study.needle_examination.rows[0];
        assert_eq!(apb.muscle_id.as_deref(), Some("abductor_pollicis_brevis"));
        assert_eq!(Column::Fibrillations.printed(apb).text, "2+");
        assert_eq!(Column::Recruitment.printed(apb).text, "reduced");
        assert_eq!(apb.fibrillations.source, CellSource::Typed);
        assert!(read.questions.iter().any(|question| question
            .text
            .starts_with("Needle row 2 (Mystery muscle): this muscle is not in edxview's list")));
    }

    #[test]
    fn a_typed_report_saves_as_a_study_file_that_reads_back_the_same_values() {
        let read = read(&carpal_tunnel_report()).unwrap();
        let markers: Vec<Vec<_>> =
            read.study.nerve_conductions.iter().map(|nerve| vec![None; nerve.sites.len()]).collect();
        let saved = crate::formats::study_file::write(&read.study, &markers, "preston-shapiro");
        let reopened = crate::formats::study_file::read(saved.as_bytes()).unwrap();
        assert_eq!(reopened.nerve_conductions, read.study.nerve_conductions);
        assert_eq!(reopened.patient, read.study.patient);
    }

    /// Every problem and question the tests above raise, for the readability test.
    fn every_message() -> Vec<String> {
        let mut report = carpal_tunnel_report();
        report.age_years = "fifty".into();
        report.nerve_rows[0].onset_latency_ms = "5..6".into();
        report.nerve_rows[1].amplitude = "5800".into();
        report.nerve_rows[2].side = "Both".into();
        report.nerve_rows[3].amplitude = "NR".into();
        report.nerve_rows[4].amplitude_unit = "volts".into();
        report.nerve_rows[5].stimulation_site = " ".into();
        report.nerve_rows[6].distance_unit = "inches".into();
        report.needle_rows.push(TypedNeedleRow {
            muscle: "Tibialis anterior".into(),
            side: "L".into(),
            cells: [("fibrillations".to_string(), "5+".to_string())].into(),
        });
        let mut messages: Vec<String> = read(&report).unwrap_err().iter().map(ToString::to_string).collect();
        messages.push(EntryProblem::Empty.to_string());
        messages.push(
            EntryProblem::NotAKind { place: Place::NerveRow(1, "Right Median Wrist".into()), typed: "mixed".into() }
                .to_string(),
        );
        messages.push(
            EntryProblem::Missing { place: Place::NerveRow(1, "Right Median".into()), field: "stimulation site" }
                .to_string(),
        );
        let mut questioned = carpal_tunnel_report();
        questioned.nerve_rows[0].onset_latency_ms = "44".into();
        questioned.nerve_rows[1].velocity_m_per_s = "25".into();
        questioned.nerve_rows[2].amplitude_unit = "µV".into();
        questioned.nerve_rows[4].peak_latency_ms = "3.0".into();
        questioned.nerve_rows[6].distance_mm = "600".into();
        questioned.needle_rows.push(TypedNeedleRow { muscle: "Mystery muscle".into(), ..TypedNeedleRow::default() });
        messages.extend(read(&questioned).unwrap().questions.into_iter().map(|question| question.text));
        messages
    }

    #[test]
    fn what_the_form_says_about_an_entry_reads_at_grade_eight_or_below() {
        let messages = every_message();
        assert!(messages.len() >= 15, "{messages:#?}");
        let too_hard: Vec<String> = messages
            .iter()
            .map(|message| (textstat::flesch_kincaid_grade(message), message))
            .filter(|(grade, _)| *grade > 8.0)
            .map(|(grade, message)| format!("grade {grade:.1}: {message}"))
            .collect();
        assert!(too_hard.is_empty(), "{too_hard:#?}");
    }

    #[test]
    fn the_form_offers_the_studies_the_profiles_judge_and_an_older_stored_form_still_loads() {
        let known = known_studies();
        let labels: Vec<String> = known.iter().map(KnownStudy::label).collect();
        assert!(labels.contains(&"Median motor, recording APB".to_string()), "{labels:?}");
        assert!(labels.contains(&"Sural sensory (antidromic), recording Lateral malleolus".to_string()), "{labels:?}");
        assert!(known.iter().all(|study| KINDS.contains(&study.kind)));
        let stored: TypedReport = serde_json::from_str(r#"{"title":"Old","nerve_rows":[{"nerve":"Median"}]}"#).unwrap();
        assert_eq!((stored.nerve_rows[0].nerve.as_str(), stored.age_years.as_str()), ("Median", ""));
    }
}
