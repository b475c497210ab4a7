//! The measurements of a reviewed study as CSV: one row per response, per segment and per
//! late-response study, with the flags against the profile, for spreadsheets and reports; and
//! the needle examination table, one row per cell. Values are rounded as reports print them;
//! amplitudes are in µV whatever the file's unit.

use super::flags::Place;
use super::review::StudyReview;
use crate::model::{CellSource, NeedleExamination, NerveConduction};
use crate::ncs::LateAnalysis;
use crate::needle::examination::Column;

/// The header line of [`measurements_csv`].
pub const CSV_HEADER: &str = "nerve,side,study,recording_site,place,distance_mm,onset_latency_ms,peak_latency_ms,amplitude_uv,peak_to_peak_uv,negative_duration_ms,negative_area_uv_ms,conduction_velocity_m_per_s,amplitude_change_pct,markers,abnormal";

/// The study's measurements as CSV text (with a header line), at the markers the review used.
pub fn measurements_csv(nerves: &[NerveConduction], review: &StudyReview) -> String {
    let mut lines = vec![CSV_HEADER.to_string()];
    let number = |value: Option<f64>, decimals: usize| {
        value.filter(|value| value.is_finite()).map_or(String::new(), |value| format!("{value:.decimals$}"))
    };
    for (nerve, reviewed) in nerves.iter().zip(&review.nerves) {
        let abnormal_at = |place: Place| {
            let names: Vec<&str> = reviewed
                .flags
                .flags
                .iter()
                .filter(|flag| flag.place == place && flag.is_abnormal)
                .map(|flag| flag.measure.label())
                .collect();
            names.join("; ")
        };
        let prefix =
            [nerve.nerve.to_string(), nerve.side.to_string(), nerve.kind.to_string(), nerve.recording_site.clone()];
        for (site_idx, (site, analysis)) in nerve.sites.iter().zip(&reviewed.analysis.sites).enumerate() {
            let measures = analysis.measures;
            let provenance =
                analysis
                    .markers
                    .map_or("no response", |markers| if markers.is_adjusted() { "adjusted" } else { "automatic" });
            let row = [
                site.name.clone(),
                number(site.distance_mm, 0),
                number(measures.map(|measures| measures.onset_latency_ms), 2),
                number(measures.map(|measures| measures.peak_latency_ms), 2),
                number(measures.map(|measures| measures.amplitude_uv), 1),
                number(measures.map(|measures| measures.peak_to_peak_uv), 1),
                number(measures.map(|measures| measures.negative_duration_ms), 2),
                number(measures.map(|measures| measures.negative_area_uv_ms), 1),
                number(analysis.sensory_velocity_m_per_s, 1),
                String::new(),
                provenance.to_string(),
                abnormal_at(Place::Site(site_idx)),
            ];
            lines.push(csv_line(prefix.iter().cloned().chain(row)));
        }
        for (segment_idx, segment) in reviewed.analysis.segments.iter().enumerate() {
            let place = nerve.segment_name(segment.distal_site_idx);
            let row = [
                place,
                number(segment.distance_mm, 0),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                number(segment.conduction_velocity_m_per_s, 1),
                number(segment.amplitude_change_pct, 0),
                String::new(),
                abnormal_at(Place::Segment(segment_idx)),
            ];
            lines.push(csv_line(prefix.iter().cloned().chain(row)));
        }
        if let Some(late) = &reviewed.analysis.late {
            let (place, latency, amplitude) = match late {
                LateAnalysis::FWaves(f_waves) => (
                    format!(
                        "F waves: minimum latency, persistence {:.0} %, chronodispersion {} ms",
                        f_waves.persistence_pct,
                        number(f_waves.chronodispersion_ms, 2)
                    ),
                    f_waves.minimum_latency_ms,
                    None,
                ),
                LateAnalysis::HReflex(h_reflex) => (
                    format!("H reflex (largest), H/M {} %", number(h_reflex.h_to_m_pct, 0)),
                    h_reflex.latency_ms,
                    h_reflex.amplitude_uv,
                ),
            };
            let row = [
                place,
                String::new(),
                number(latency, 2),
                String::new(),
                String::new(),
                number(amplitude, 1),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "automatic".into(),
                abnormal_at(Place::Site(0)),
            ];
            lines.push(csv_line(prefix.iter().cloned().chain(row)));
        }
    }
    lines.join("\n") + "\n"
}

/// The header of [`needle_table_csv`].
pub const NEEDLE_TABLE_CSV_HEADER: &str = "muscle,muscle_id,side,column,value,abnormal,source,basis";

/// The needle examination table as CSV, one line per cell of every row (muscle, catalogue
/// identifier, side, the column's key, the value as printed or empty when not assessed, whether
/// it is abnormal, its source and, for an analysed cell, its basis), so that a spreadsheet or a
/// script reads every value with where it came from.
pub fn needle_table_csv(table: &NeedleExamination) -> String {
    let mut lines = vec![NEEDLE_TABLE_CSV_HEADER.to_string()];
    for row in &table.rows {
        for column in Column::ALL {
            let cell = column.printed(row);
            let assessed = cell.text != "—";
            lines.push(csv_line(
                [
                    row.muscle.clone(),
                    row.muscle_id.clone().unwrap_or_default(),
                    row.side.map(|side| side.to_string()).unwrap_or_default(),
                    column.key().to_string(),
                    if assessed { cell.text } else { String::new() },
                    if assessed { cell.abnormal.to_string() } else { String::new() },
                    if assessed || cell.source != CellSource::FromFile {
                        cell.source.key().to_string()
                    } else {
                        String::new()
                    },
                    cell.basis.unwrap_or_default(),
                ]
                .into_iter(),
            ));
        }
    }
    lines.join("\n") + "\n"
}

/// One CSV line: cells quoted where they hold a comma, a quote or a line break.
fn csv_line(cells: impl Iterator<Item = String>) -> String {
    cells
        .map(|cell| if cell.contains([',', '"', '\n']) { format!("\"{}\"", cell.replace('"', "\"\"")) } else { cell })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::{builtin_profiles, review_study};
    use crate::ncs::StudyAdjustments;

    #[test]
    fn every_site_segment_and_late_study_has_a_row() {
        let study = crate::synth::demos::build("upper-limb-normal").unwrap();
        let review =
            review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient);
        let csv = measurements_csv(&study.nerve_conductions, &review);
        let rows: Vec<&str> = csv.lines().collect();
        assert_eq!(rows[0], CSV_HEADER);
        let expected: usize =
            study.nerve_conductions.iter().map(|nerve| nerve.sites.len() + nerve.sites.len().saturating_sub(1)).sum();
        assert_eq!(rows.len(), 1 + expected);
        assert!(rows.iter().skip(1).all(|row| row.split(',').count() >= CSV_HEADER.split(',').count()), "{csv}");
        assert!(rows[1].starts_with("Median,Right,motor,APB,Wrist,70,"), "{}", rows[1]);
        assert!(rows[1].contains(",automatic,"), "{}", rows[1]);
    }

    #[test]
    fn the_needle_table_csv_has_every_cell_with_its_source_and_quotes_what_needs_it() {
        use crate::model::{NeedleExamRow, Side};
        let mut row = NeedleExamRow::new("TA", Some(Side::Left));
        Column::Fibrillations.set(&mut row, Some("2+"), CellSource::Typed).unwrap();
        Column::Amplitude
            .set_with_basis(&mut row, Some("increased"), CellSource::Analysed, Some("mean 1,200 µV, \"large\"".into()))
            .unwrap();
        let csv = needle_table_csv(&NeedleExamination { rows: vec![row] });
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], NEEDLE_TABLE_CSV_HEADER);
        assert_eq!(lines.len(), 1 + Column::ALL.len());
        assert_eq!(lines[2], "Tibialis anterior,tibialis_anterior,Left,fibrillations,2+,true,typed,");
        assert_eq!(lines[6], "Tibialis anterior,tibialis_anterior,Left,amplitude,increased,true,analysed,\"mean 1,200 µV, \"\"large\"\"\"");
        assert_eq!(lines[1], "Tibialis anterior,tibialis_anterior,Left,insertional,,,,", "not assessed: empty");
    }
}
