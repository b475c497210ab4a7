//! A reviewed study as CSV, for spreadsheets and scripts: every measurement of the study, nerve
//! conduction and needle, one line per value with its unit, the limit it was held against, the
//! verdict and the limit's source; and the needle examination table, one line per cell. Values
//! are rounded as reports print them, in the units reports print them in.

use super::flags::{Flag, Place};
use super::profiles::Measure;
use super::review::{ReviewedNerve, StudyReview};
use crate::display;
use crate::model::{CellSource, NeedleExamination, NerveConduction, Study};
use crate::ncs::LateAnalysis;
use crate::needle::comparison::summary_rows;
use crate::needle::examination::Column;
use crate::needle::study::muscle_named;
use crate::needle::NeedleChannel;

/// The header line of [`measurements_csv`].
pub const CSV_HEADER: &str =
    "section,nerve_or_muscle,side,study,recording_site,place,measure,value,unit,normal_limit,abnormal,limit_source,value_from,basis";

/// Every measurement of the study as CSV text (with a header line), one line per value: the
/// nerve conductions at the markers the review used (each site's response, each segment, the
/// late responses), the comparisons between nerves and sides, each analysed needle channel's
/// motor unit summary against its reference, and every cell of the needle examination table.
/// A value no limit applies to has the limit, verdict and source empty; `abnormal` is `yes` or
/// `no` where a limit applies; `value_from` says where the value came from (automatic markers,
/// markers moved by hand, a printed report, the analysis, typed, the file).
pub fn measurements_csv(
    study: &Study,
    review: &StudyReview,
    needle: &[NeedleChannel],
    table: &NeedleExamination,
) -> String {
    let mut lines = vec![CSV_HEADER.to_string()];
    for (nerve, reviewed) in study.nerve_conductions.iter().zip(&review.nerves) {
        nerve_lines(&mut lines, nerve, reviewed);
    }
    for comparison in &review.comparisons {
        let (limit, source) = comparison.limit.clone().unwrap_or_default();
        let (value, unit) = comparison.difference_parts();
        lines.push(csv_line(
            [
                "comparison".to_string(),
                comparison.title.clone(),
                String::new(),
                String::new(),
                String::new(),
                format!(
                    "{} {} against {} {}",
                    comparison.first.0,
                    comparison.value_text(comparison.first.1),
                    comparison.second.0,
                    comparison.value_text(comparison.second.1)
                ),
                format!("{} difference", comparison.measure),
                value,
                unit.to_string(),
                limit,
                comparison.is_abnormal.map_or(String::new(), yes_no),
                source.to_string(),
                "measured".to_string(),
                String::new(),
            ]
            .into_iter(),
        ));
    }
    for channel in needle {
        let Some(found) = channel.analysis() else { continue };
        let Some(recording) = study.recordings.get(channel.recording_idx) else { continue };
        let Some(recorded) = recording.channels.get(channel.channel_idx) else { continue };
        let Some(summary) = &found.analysis.summary else { continue };
        let naming = muscle_named(recording, &recorded.label);
        let muscle = crate::muscles::identify(&naming.name)
            .muscle()
            .map_or(naming.name.clone(), |muscle| muscle.name.to_string());
        let source = found.reference.as_ref().map_or(String::new(), |reference| reference.source.clone());
        for row in summary_rows(summary, found.reference.as_ref(), recorded.sampling_rate_hz) {
            lines.push(csv_line(
                [
                    "motor unit summary".to_string(),
                    muscle.clone(),
                    naming.side.map(|side| side.to_string()).unwrap_or_default(),
                    "needle EMG".to_string(),
                    recorded.label.clone(),
                    format!("mean of {} units", summary.n_units),
                    row.measure.to_lowercase(),
                    display::fixed(row.mean, row.decimals),
                    row.unit.to_string(),
                    row.limits.map_or(String::new(), |_| row.reference_text()),
                    row.verdict
                        .map_or(String::new(), |verdict| yes_no(verdict != crate::needle::comparison::Verdict::Within)),
                    if row.limits.is_some() { source.clone() } else { String::new() },
                    "analysed".to_string(),
                    row.verdict.map_or(String::new(), |verdict| verdict.label().to_string()),
                ]
                .into_iter(),
            ));
        }
    }
    for row in &table.rows {
        for column in Column::ALL {
            let cell = column.printed(row);
            if cell.text == "—" {
                continue;
            }
            lines.push(csv_line(
                [
                    "needle examination".to_string(),
                    row.muscle.clone(),
                    row.side.map(|side| side.to_string()).unwrap_or_default(),
                    "needle EMG".to_string(),
                    String::new(),
                    String::new(),
                    column.heading().to_string(),
                    cell.text,
                    String::new(),
                    String::new(),
                    yes_no(cell.abnormal),
                    String::new(),
                    cell.source.key().to_string(),
                    cell.basis.unwrap_or_default(),
                ]
                .into_iter(),
            ));
        }
    }
    lines.join("\n") + "\n"
}

/// `yes` or `no`, as the CSV gives a verdict.
fn yes_no(abnormal: bool) -> String {
    if abnormal { "yes" } else { "no" }.to_string()
}

/// The lines of one nerve: each site's values, each segment's and the late responses'.
fn nerve_lines(lines: &mut Vec<String>, nerve: &NerveConduction, reviewed: &ReviewedNerve) {
    let flag_of = |place: Place, measures: &[Measure]| {
        reviewed.flags.flags.iter().find(|flag| flag.place == place && measures.contains(&flag.measure))
    };
    let in_millivolts = nerve.kind.amplitudes_in_millivolts();
    let (_, amplitude_unit) = display::amplitude(0.0, in_millivolts);
    let (_, area_unit) = display::area(0.0, in_millivolts);
    let mut line = |place: &str, measure: &str, value: String, unit: &str, flag: Option<&Flag>, value_from: &str| {
        let (limit, abnormal, source) = flag.map_or((String::new(), String::new(), String::new()), |flag| {
            let (_, limit, limit_unit) = flag.printed();
            (
                format!("{} {limit_unit}", flag.limit.bound.describe(&limit)),
                yes_no(flag.is_abnormal),
                flag.limit.source.clone(),
            )
        });
        lines.push(csv_line(
            [
                "nerve conduction".to_string(),
                nerve.nerve.to_string(),
                nerve.side.to_string(),
                nerve.kind.to_string(),
                nerve.recording_site.clone(),
                place.to_string(),
                measure.to_string(),
                value,
                unit.to_string(),
                limit,
                abnormal,
                source,
                value_from.to_string(),
                String::new(),
            ]
            .into_iter(),
        ));
    };
    for (site_idx, (site, analysis)) in nerve.sites.iter().zip(&reviewed.analysis.sites).enumerate() {
        let place = Place::Site(site_idx);
        let value_from = match analysis.markers {
            Some(markers) if markers.is_adjusted() => "markers moved by hand",
            Some(_) => "automatic markers",
            None if site.sweeps.is_empty() && site.reported.is_some() => "printed report",
            None => "no response found",
        };
        // A more proximal site's distance is its segment's length, given with the segment.
        if let Some(distance) = site.distance_mm.filter(|_| site_idx == 0) {
            line(&site.name, "distance", display::fixed(distance, 0), "mm", None, "file");
        }
        let Some(measures) = analysis.measures else {
            let amplitude = flag_of(place, &[Measure::DistalAmplitude, Measure::DistalPeakToPeakAmplitude]);
            line(&site.name, "response", "NR".to_string(), "", amplitude, value_from);
            continue;
        };
        // Each value with how it prints; a value that could not be measured (not finite) has no line.
        let values = [
            (
                "onset latency",
                measures.onset_latency_ms,
                display::latency_ms(measures.onset_latency_ms),
                "ms",
                &[Measure::DistalOnsetLatency][..],
            ),
            (
                "peak latency",
                measures.peak_latency_ms,
                display::latency_ms(measures.peak_latency_ms),
                "ms",
                &[Measure::DistalPeakLatency][..],
            ),
            (
                "amplitude",
                measures.amplitude_uv,
                display::amplitude(measures.amplitude_uv, in_millivolts).0,
                amplitude_unit,
                &[Measure::DistalAmplitude][..],
            ),
            (
                "peak-to-peak amplitude",
                measures.peak_to_peak_uv,
                display::amplitude(measures.peak_to_peak_uv, in_millivolts).0,
                amplitude_unit,
                &[Measure::DistalPeakToPeakAmplitude][..],
            ),
            (
                "negative duration",
                measures.negative_duration_ms,
                display::fixed(measures.negative_duration_ms, 2),
                "ms",
                &[][..],
            ),
            (
                "negative area",
                measures.negative_area_uv_ms,
                display::area(measures.negative_area_uv_ms, in_millivolts).0,
                area_unit,
                &[][..],
            ),
        ];
        for (measure, raw, value, unit, judged_by) in values {
            if raw.is_finite() {
                line(&site.name, measure, value, unit, flag_of(place, judged_by), value_from);
            }
        }
        if let Some(velocity) = analysis.sensory_velocity_m_per_s.filter(|velocity| velocity.is_finite()) {
            line(
                &site.name,
                "conduction velocity",
                display::velocity_m_per_s(velocity),
                "m/s",
                flag_of(place, &[Measure::ConductionVelocity]),
                value_from,
            );
        }
    }
    for (segment_idx, segment) in reviewed.analysis.segments.iter().enumerate() {
        let place = Place::Segment(segment_idx);
        let name = nerve.segment_name(segment.distal_site_idx);
        let reported = [segment.distal_site_idx, segment.proximal_site_idx]
            .iter()
            .filter_map(|&site_idx| nerve.sites.get(site_idx))
            .all(|site| site.sweeps.is_empty() && site.reported.is_some());
        let value_from = if reported { "printed report" } else { "measured" };
        if let Some(distance) = segment.distance_mm {
            line(&name, "distance", display::fixed(distance, 0), "mm", None, "file");
        }
        if let Some(velocity) = segment.conduction_velocity_m_per_s.filter(|velocity| velocity.is_finite()) {
            let flag = flag_of(place, &[Measure::ConductionVelocity, Measure::VelocityDropAcrossJoint]);
            line(&name, "conduction velocity", display::velocity_m_per_s(velocity), "m/s", flag, value_from);
        }
        if let Some(change) = segment.amplitude_change_pct.filter(|change| change.is_finite()) {
            let flag = flag_of(place, &[Measure::AmplitudeDropAcrossJoint]);
            line(&name, "amplitude change", display::fixed(change, 0), "%", flag, value_from);
        }
    }
    let optional = |value: Option<f64>, decimals: usize| {
        value.filter(|value| value.is_finite()).map(|value| display::fixed(value, decimals))
    };
    match &reviewed.analysis.late {
        Some(LateAnalysis::FWaves(f_waves)) => {
            if let Some(latency) = optional(f_waves.minimum_latency_ms, 2) {
                let flag = flag_of(Place::Site(0), &[Measure::FWaveMinimumLatency]);
                line("F waves", "minimum latency", latency, "ms", flag, "automatic markers");
            }
            line("F waves", "persistence", display::fixed(f_waves.persistence_pct, 0), "%", None, "automatic markers");
            if let Some(chronodispersion) = optional(f_waves.chronodispersion_ms, 2) {
                line("F waves", "chronodispersion", chronodispersion, "ms", None, "automatic markers");
            }
        }
        Some(LateAnalysis::HReflex(h_reflex)) => {
            if let Some(latency) = optional(h_reflex.latency_ms, 2) {
                let flag = flag_of(Place::Site(0), &[Measure::FWaveMinimumLatency]);
                line("H reflex", "latency", latency, "ms", flag, "automatic markers");
            }
            if let Some(amplitude) = h_reflex.amplitude_uv.filter(|amplitude| amplitude.is_finite()) {
                line("H reflex", "amplitude", display::amplitude(amplitude, true).0, "mV", None, "automatic markers");
            }
            if let Some(ratio) = optional(h_reflex.h_to_m_pct, 0) {
                line("H reflex", "H/M ratio", ratio, "%", None, "automatic markers");
            }
        }
        None => {}
    }
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

    /// The CSV of whole-study demo `id`, its needle recordings analysed.
    fn csv_of(id: &str) -> String {
        let study = crate::synth::study::build(id).expect("a whole-study demo");
        let review =
            review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &builtin_profiles()[0], &study.patient);
        let needle: Vec<_> = crate::needle::study::needle_channels(&study)
            .into_iter()
            .map(|(recording_idx, channel_idx)| {
                crate::needle::study::analyse_study_channel(&study, recording_idx, channel_idx)
            })
            .collect();
        let table = crate::needle::examination::table(&study, &needle);
        measurements_csv(&study, &review, &needle, &table)
    }

    #[test]
    fn every_value_of_the_study_has_a_line_with_its_unit_limit_verdict_and_source() {
        let csv = csv_of("study-carpal-tunnel");
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], CSV_HEADER);
        let n_columns = CSV_HEADER.split(',').count();
        let onset = lines
            .iter()
            .find(|line| line.starts_with("nerve conduction,Median,Right,motor,") && line.contains(",onset latency,"))
            .expect("the median motor distal latency");
        assert!(onset.contains(",ms,≤ 4.4 ms,yes,"), "the prolonged distal latency, its limit and verdict: {onset}");
        let distance = lines.iter().find(|line| line.contains(",distance,")).expect("a distance");
        assert!(distance.ends_with(",mm,,,,file,"), "a distance is not judged: {distance}");
        for section in ["nerve conduction,", "comparison,", "needle examination,"] {
            assert!(lines.iter().any(|line| line.starts_with(section)), "{section} missing:\n{csv}");
        }
        assert!(lines.iter().all(|line| line.matches(',').count() + 1 >= n_columns), "{csv}");
        let judged_without_source = lines
            .iter()
            .filter(|line| line.contains(",yes,") || line.contains(",no,"))
            .filter(|line| line.starts_with("nerve conduction,") && line.split(',').nth(11).is_some_and(str::is_empty));
        assert_eq!(judged_without_source.count(), 0, "every judged value names its limit's source");
    }

    #[test]
    fn the_motor_unit_summary_of_each_analysed_muscle_stands_beside_its_reference() {
        let csv = csv_of("study-c7-radiculopathy");
        let summaries: Vec<&str> = csv.lines().filter(|line| line.starts_with("motor unit summary,")).collect();
        assert!(!summaries.is_empty(), "{csv}");
        assert!(summaries.iter().any(|line| line.contains(",amplitude,") && line.contains(",µV,")), "{summaries:?}");
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
