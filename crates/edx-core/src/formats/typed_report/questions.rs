//! Values the form asks about before explaining them: possible in disease or with an unusual
//! technique, but more often a slip (44 typed for 4.4), a wrong unit or rows out of order. The
//! user confirms each as the report prints it, or corrects it.
//!
//! The usual ranges are edxview's own rule, wide enough for markedly abnormal studies: a
//! distal motor latency of 15 ms, a velocity of 15 m/s or a motor response of 0.1 mV still
//! pass unasked (domain.md §1.1's normal limits are far inside them).

use super::{Place, TypedNerveRow};
use crate::model::{NerveConductionKind, StimulationSite};

/// A value to confirm or correct before the report is explained.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// Where it is.
    pub place: Place,
    /// The field it is about.
    pub field: &'static str,
    /// The question, naming the row and field, the value and why it is asked.
    pub text: String,
    /// What the user confirms: the row, the field, what the row holds and the question (with
    /// the values of other rows it compares with), so a changed value is asked about again.
    pub key: String,
    /// Whether the user confirmed it as the report prints it.
    pub confirmed: bool,
}

impl Question {
    /// Whether it is an unconfirmed question about nerve conduction row `row_number` (from 1),
    /// about `field` where one is given.
    pub fn asks_about_nerve_row(&self, row_number: usize, field: Option<&str>) -> bool {
        !self.confirmed
            && matches!(self.place, Place::NerveRow(number, _) if number == row_number)
            && field.is_none_or(|field| field == self.field)
    }

    /// Whether it is an unconfirmed question about needle row `row_number` (from 1), about
    /// `field` where one is given.
    pub fn asks_about_needle_row(&self, row_number: usize, field: Option<&str>) -> bool {
        !self.confirmed
            && matches!(self.place, Place::NeedleRow(number, _) if number == row_number)
            && field.is_none_or(|field| field == self.field)
    }
}

/// The range most reports print for a field, edxview's own.
#[derive(Debug, Clone, Copy)]
struct Usual {
    low: f64,
    high: f64,
}

const MOTOR_DISTAL_LATENCY_MS: Usual = Usual { low: 1.5, high: 15.0 };
const MOTOR_PROXIMAL_LATENCY_MS: Usual = Usual { low: 2.0, high: 30.0 };
const SENSORY_LATENCY_MS: Usual = Usual { low: 1.0, high: 10.0 };
const MOTOR_AMPLITUDE_UV: Usual = Usual { low: 100.0, high: 30_000.0 };
const SENSORY_AMPLITUDE_UV: Usual = Usual { low: 1.0, high: 150.0 };
const VELOCITY_M_PER_S: Usual = Usual { low: 15.0, high: 90.0 };
const DISTAL_DISTANCE_MM: Usual = Usual { low: 30.0, high: 250.0 };
const SEGMENT_DISTANCE_MM: Usual = Usual { low: 50.0, high: 500.0 };

/// How far a printed velocity may stray from the one its distance and latencies give: the
/// latencies are printed rounded, so the two differ a little; edxview's own margin.
const VELOCITY_AGREEMENT_FRACTION: f64 = 0.1;

/// One nerve conduction row as read, with the row above it in the same nerve.
pub(super) struct NerveRowRead<'a> {
    pub place: &'a Place,
    pub typed: &'a TypedNerveRow,
    pub kind: NerveConductionKind,
    /// The amplitude unit the row was typed in.
    pub amplitude_in_millivolts: bool,
    pub site: &'a StimulationSite,
    /// The row above, when it is a site of the same nerve.
    pub above: Option<&'a StimulationSite>,
    /// From this site to the recording electrode, where every distance is given.
    pub distance_from_recording_mm: Option<f64>,
}

/// The questions one nerve conduction row raises.
pub(super) fn of_nerve_row(row: &NerveRowRead<'_>) -> Vec<Question> {
    let reported = row.site.reported.unwrap_or_default();
    let is_first = row.above.is_none();
    let sensory = row.kind.is_sensory();
    let mut questions = Vec::new();
    let mut ask = |field: &'static str, text: String| questions.push(question(row.place, field, row.typed, text));
    let latency_range = match (sensory, is_first) {
        (true, _) => SENSORY_LATENCY_MS,
        (false, true) => MOTOR_DISTAL_LATENCY_MS,
        (false, false) => MOTOR_PROXIMAL_LATENCY_MS,
    };
    for (field, value) in [("onset latency", reported.onset_latency_ms), ("peak latency", reported.peak_latency_ms)] {
        if let Some(text) = value.and_then(|value| outside(value, "ms", latency_range)) {
            ask(field, text);
        }
    }
    if let Some(amplitude_uv) = reported.amplitude_uv {
        let (usual, in_unit, unit) = match (sensory, row.amplitude_in_millivolts) {
            (false, true) => (MOTOR_AMPLITUDE_UV, amplitude_uv / 1000.0, "mV"),
            (false, false) => (MOTOR_AMPLITUDE_UV, amplitude_uv, "µV"),
            (true, true) => (SENSORY_AMPLITUDE_UV, amplitude_uv / 1000.0, "mV"),
            (true, false) => (SENSORY_AMPLITUDE_UV, amplitude_uv, "µV"),
        };
        let scale = if row.amplitude_in_millivolts { 1000.0 } else { 1.0 };
        let usual_in_unit = Usual { low: usual.low / scale, high: usual.high / scale };
        if let Some(mut text) = outside(in_unit, unit, usual_in_unit) {
            let other_unit = if row.amplitude_in_millivolts { "µV" } else { "mV" };
            let other_scale = if row.amplitude_in_millivolts { 0.001 } else { 1000.0 };
            if (usual.low..=usual.high).contains(&(amplitude_uv * other_scale)) {
                text.push_str(&format!(
                    " If the report prints this amplitude in {other_unit}, choose {other_unit} as the unit."
                ));
            }
            ask("amplitude", text);
        }
    }
    if let Some(text) = reported.conduction_velocity_m_per_s.and_then(|value| outside(value, "m/s", VELOCITY_M_PER_S)) {
        ask("velocity", text);
    }
    let distance_range = if is_first { DISTAL_DISTANCE_MM } else { SEGMENT_DISTANCE_MM };
    if let Some(text) = row.site.distance_mm.and_then(|value| outside(value, "mm", distance_range)) {
        ask("distance", text);
    }
    if let (Some(onset), Some(peak)) = (reported.onset_latency_ms, reported.peak_latency_ms) {
        if peak < onset {
            ask(
                "peak latency",
                format!("the peak, {peak} ms, comes before the onset, {onset} ms. The two may be swapped."),
            );
        }
    }
    let above = row.above.and_then(|above| above.reported);
    if let (false, Some(onset), Some(above_onset)) =
        (sensory, reported.onset_latency_ms, above.and_then(|above| above.onset_latency_ms))
    {
        if onset <= above_onset {
            ask("onset latency", format!(
                "{onset} ms is not longer than the row above, {above_onset} ms. A site further up the nerve takes longer. A value or the order of the rows may be off."
            ));
        }
    }
    let computed = computed_velocities(row, &reported, above.and_then(|above| above.onset_latency_ms));
    match reported.conduction_velocity_m_per_s {
        Some(printed)
            if !computed.is_empty()
                && computed
                    .iter()
                    .all(|computed| (printed - computed).abs() > VELOCITY_AGREEMENT_FRACTION * computed) =>
        {
            let from_values =
                computed.iter().map(|velocity| format!("{velocity:.0} m/s")).collect::<Vec<_>>().join(" or ");
            ask("velocity", format!(
                "{printed} m/s does not fit the distance and times, which give {from_values}. edxview uses the speed typed."
            ));
        }
        None if !sensory => {
            let Usual { low, high } = VELOCITY_M_PER_S;
            if let Some(velocity) = computed.first().filter(|velocity| !(low..=high).contains(&velocity.round())) {
                ask("distance", format!(
                    "the distance and times give {velocity:.0} m/s. edxview's own rule asks about speeds outside {low} to {high} m/s. Check the distance and the times."
                ));
            }
        }
        _ => {}
    }
    questions
}

/// The velocities the row's distance and latencies give: a sensory row's from its onset or
/// peak latency, a motor row's over the segment from the row above.
fn computed_velocities(
    row: &NerveRowRead<'_>,
    reported: &crate::model::ReportedMeasures,
    above_onset_ms: Option<f64>,
) -> Vec<f64> {
    let positive = |velocity: f64| Some(velocity).filter(|velocity| velocity.is_finite() && *velocity > 0.0);
    if row.kind.is_sensory() {
        [reported.onset_latency_ms, reported.peak_latency_ms]
            .into_iter()
            .filter_map(|latency| row.distance_from_recording_mm.zip(latency).and_then(|(mm, ms)| positive(mm / ms)))
            .collect()
    } else {
        let difference = reported.onset_latency_ms.zip(above_onset_ms).map(|(here, above)| here - above);
        row.site.distance_mm.zip(difference).and_then(|(mm, ms)| positive(mm / ms)).into_iter().collect()
    }
}

/// The question for a muscle the catalogue does not hold.
pub(super) fn of_unknown_muscle(place: &Place, muscle: &str) -> Question {
    Question {
        place: place.clone(),
        field: "muscle",
        text: format!("{place}: this muscle is not in edxview's list. Its nerve and root are unknown, so the results leave it out. Check its name against the list."),
        key: format!("{}|muscle|{}", place_key(place), muscle.trim()),
        confirmed: false,
    }
}

/// "44 ms is unusual here. edxview's own rule asks about values outside 1.5 to 15 ms. Perhaps
/// 4.4 was meant.",
/// or `None` for a usual value.
fn outside(value: f64, unit: &str, usual: Usual) -> Option<String> {
    if (usual.low..=usual.high).contains(&value) {
        return None;
    }
    let Usual { low, high } = usual;
    let shifted = [value / 10.0, value * 10.0].into_iter().find(|shifted| (low..=high).contains(shifted));
    let hint = shifted.map_or_else(String::new, |shifted| format!(" Perhaps {} was meant.", round_typed(shifted)));
    Some(format!(
        "{value} {unit} is unusual here. edxview's own rule asks about values outside {low} to {high} {unit}.{hint}"
    ))
}

/// A value shifted by a decimal place, as it would have been typed.
fn round_typed(value: f64) -> String {
    let rounded = (value * 1000.0).round() / 1000.0;
    format!("{rounded}")
}

fn question(place: &Place, field: &'static str, typed: &TypedNerveRow, why: String) -> Question {
    let row_values = [
        &typed.nerve,
        &typed.kind,
        &typed.recording_site,
        &typed.side,
        &typed.stimulation_site,
        &typed.distance_mm,
        &typed.distance_unit,
        &typed.onset_latency_ms,
        &typed.peak_latency_ms,
        &typed.amplitude,
        &typed.amplitude_unit,
        &typed.velocity_m_per_s,
    ]
    .map(|value| value.trim())
    .join("|");
    // The key holds the question too: it names the values of other rows it compares with.
    let text = format!("{place}, {field}: {why}");
    Question {
        place: place.clone(),
        field,
        key: format!("{}|{field}|{row_values}|{text}", place_key(place)),
        text,
        confirmed: false,
    }
}

fn place_key(place: &Place) -> String {
    match place {
        Place::Header => "header".into(),
        Place::NerveRow(row, _) => format!("nerve {row}"),
        Place::NeedleRow(row, _) => format!("needle {row}"),
    }
}
