//! The edxview study file: a study saved from edxview as versioned JSON (layout in
//! `schema/edxview-study-v2.schema.json`; version 1 files still open), with its nerve conduction
//! waveforms, their details, the markers as the user left them (and which were set by hand), the
//! measurements at those markers, the chosen reference profile, and the needle examination table
//! (every cell with its source, each analysed row naming its recording's file and channel), so
//! that reopening shows exactly what was on screen and other tools can read the numbers without
//! measuring. A site may carry the values of a printed report instead of waveforms, and the
//! table may be typed in without any recording, for a study typed in by hand. The measurements
//! are derived: a reader recomputes them from the waveforms and markers, so they can never
//! disagree with the traces.

use serde::{Deserialize, Serialize};

use std::collections::BTreeMap;

use crate::model::{
    CellSource, NeedleExamRow, NeedleExamination, NerveConduction, Patient, RecordingName, ReportedMeasures,
    SavedMarkers, SavedUnitMarkers, Side, Study,
};
use crate::ncs::{analyse_nerve, Adjustments, MarkerSource, ResponseMarkers};
use crate::needle::examination::Column;

/// The value of the file's `format` field.
pub const FORMAT: &str = "edxview-study";
/// The version this edxview writes; it reads this one and every earlier one.
pub const VERSION: u32 = 2;

/// Why a study file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StudyFileError {
    /// Not valid JSON, or not laid out as a study file.
    #[error("the study file is not valid: {detail} (line {line}, column {column})")]
    Invalid {
        /// What the JSON reader found.
        detail: String,
        /// Where, from 1.
        line: usize,
        /// Where, from 1.
        column: usize,
    },
    /// Written by a newer edxview.
    #[error("the study file is version {found}, written by a newer edxview; this edxview reads version {VERSION}")]
    NewerVersion {
        /// The file's version.
        found: u32,
    },
    /// A needle examination row that cannot be read.
    #[error("needle examination row {row} ({muscle}): {problem}")]
    NeedleRow {
        /// The row, from 1.
        row: usize,
        /// Its muscle as the file names it.
        muscle: String,
        /// What is wrong, naming the field.
        problem: String,
    },
    /// A site reported both as no response and with values.
    #[error("nerve {nerve}, site {site}: the report says no response (NR) and gives values too; keep one")]
    ContradictoryReport {
        /// Nerve, from 1.
        nerve: usize,
        /// Site, from 1.
        site: usize,
    },
    /// A sweep that cannot be a sweep.
    #[error("nerve {nerve}, site {site}: a sweep has a sampling rate of {rate_hz} Hz; it must be positive")]
    BadRate {
        /// Nerve, from 1.
        nerve: usize,
        /// Site, from 1.
        site: usize,
        /// The rate given.
        rate_hz: f64,
    },
}

/// The file's top level. A nerve is [`NerveConduction`]'s own serialised form; the writer adds
/// the derived `segments` of each nerve and `measured` of each site, which the reader ignores.
#[derive(Debug, Serialize, Deserialize)]
struct FileLayout<Nerve> {
    format: String,
    version: u32,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    profile: Option<String>,
    /// Added within version 1 (older files have none; older readers ignore it).
    #[serde(default, skip_serializing_if = "Patient::is_unknown")]
    patient: Patient,
    nerves: Vec<Nerve>,
    /// Added in version 2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    needle_examination: Vec<RowLayout>,
    /// Why the study was requested, for the report's header (added within version 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason_for_study: Option<String>,
    /// The physician's comment for the report (added within version 2; older readers ignore it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    comment: Option<String>,
    /// Motor unit duration markers moved by hand, per needle channel (added within version 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    needle_unit_markers: Vec<UnitMarkersLayout>,
}

/// A needle channel's moved duration markers as the file holds them: per unit, `[start, end]`
/// in ms from the unit's alignment point, or null where the analysis's stand.
#[derive(Debug, Serialize, Deserialize)]
struct UnitMarkersLayout {
    recording: RecordingName,
    units: Vec<Option<[f64; 2]>>,
}

/// A needle examination row as the file holds it.
#[derive(Debug, Serialize, Deserialize)]
struct RowLayout {
    muscle: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    muscle_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    side: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    recording: Option<RecordingName>,
    #[serde(default)]
    cells: BTreeMap<String, CellLayout>,
}

/// A cell as the file holds it: the value as printed (`3+`, `reduced`; null: not assessed).
#[derive(Debug, Serialize, Deserialize)]
struct CellLayout {
    value: Option<String>,
    #[serde(default = "file_source")]
    source: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    basis: Option<String>,
}

fn file_source() -> String {
    CellSource::FromFile.key().to_string()
}

fn row_layout(row: &NeedleExamRow) -> RowLayout {
    let cells = Column::ALL
        .into_iter()
        .filter_map(|column| {
            let printed = column.printed(row);
            let empty = printed.text == "—" && printed.source == CellSource::FromFile;
            (!empty).then(|| {
                let cell = CellLayout {
                    value: (printed.text != "—").then_some(printed.text),
                    source: printed.source.key().to_string(),
                    basis: printed.basis,
                };
                (column.key().to_string(), cell)
            })
        })
        .collect();
    RowLayout {
        muscle: row.muscle.clone(),
        muscle_id: row.muscle_id.clone(),
        side: row.side.map(|side| side.to_string()),
        recording: row.recorded_in.clone(),
        cells,
    }
}

/// Reads row `row_number` (from 1) of the file's table.
fn read_row(row_number: usize, layout: RowLayout) -> Result<NeedleExamRow, StudyFileError> {
    let problem =
        |problem: String| StudyFileError::NeedleRow { row: row_number, muscle: layout.muscle.clone(), problem };
    let side = match layout.side.as_deref() {
        None => None,
        Some(text) => Some(
            Side::from_name(text)
                .ok_or_else(|| problem(format!("the side is \"{text}\"; it must be \"Left\" or \"Right\"")))?,
        ),
    };
    let mut row = match layout.muscle_id.as_deref() {
        Some(id) => {
            let muscle = crate::muscles::by_id(id).ok_or_else(|| {
                problem(format!("muscle_id \"{id}\" is not in the muscle catalogue (edx muscles lists it)"))
            })?;
            let mut row = NeedleExamRow::new(muscle.name, side);
            row.muscle_id = Some(id.to_string());
            row
        }
        None => NeedleExamRow::new(&layout.muscle, side),
    };
    row.side = side;
    row.recorded_in = layout.recording.clone();
    for (key, cell) in &layout.cells {
        let column = Column::with_key(key).ok_or_else(|| {
            let keys: Vec<&str> = Column::ALL.iter().map(|column| column.key()).collect();
            problem(format!("\"{key}\" is not a column; the columns are {}", keys.join(", ")))
        })?;
        let source = CellSource::with_key(&cell.source).ok_or_else(|| {
            problem(format!("{key}: the source is \"{}\"; it must be \"analysed\", \"typed\" or \"file\"", cell.source))
        })?;
        column
            .set_with_basis(&mut row, cell.value.as_deref(), source, cell.basis.clone())
            .map_err(|error| problem(error.to_string()))?;
    }
    Ok(row)
}

/// A response's measurements at the saved markers (written, never read back).
#[derive(Debug, Serialize)]
struct MeasuredLayout {
    #[serde(flatten)]
    measures: ReportedMeasures,
    #[serde(skip_serializing_if = "Option::is_none")]
    sensory_velocity_m_per_s: Option<f64>,
}

/// The nerve between two neighbouring sites, as measured at the saved markers (written, never
/// read back).
#[derive(Debug, Serialize)]
struct SegmentLayout {
    from: String,
    to: String,
    distance_mm: Option<f64>,
    conduction_velocity_m_per_s: Option<f64>,
    amplitude_change_pct: Option<f64>,
    area_change_pct: Option<f64>,
    duration_change_pct: Option<f64>,
}

/// Writes `study` as a study file, with `markers` (per nerve and site, as on screen), the
/// measurements at those markers, the chosen reference profile and the study's needle
/// examination table as shown (each row's open recording named by its file and channel).
pub fn write(study: &Study, markers: &[Vec<Option<ResponseMarkers>>], profile_id: &str) -> String {
    let nerves = study
        .nerve_conductions
        .iter()
        .enumerate()
        .map(|(nerve_idx, nerve)| {
            let nerve_markers = markers.get(nerve_idx).map_or(&[][..], Vec::as_slice);
            nerve_layout(nerve, nerve_markers)
        })
        .collect();
    let table = study.needle_examination.with_recordings_named(&study.recordings);
    let layout = FileLayout {
        format: FORMAT.into(),
        version: VERSION,
        title: study.title.clone(),
        profile: Some(profile_id.to_string()),
        patient: study.patient,
        nerves,
        needle_examination: table.rows.iter().map(row_layout).collect(),
        reason_for_study: study.reason_for_study.clone().filter(|reason| !reason.trim().is_empty()),
        comment: study.comment.clone().filter(|comment| !comment.trim().is_empty()),
        needle_unit_markers: study
            .needle_unit_markers
            .iter()
            .map(|saved| UnitMarkersLayout {
                recording: saved.recording.clone(),
                units: saved.units.iter().map(|markers| markers.map(|(start_ms, end_ms)| [start_ms, end_ms])).collect(),
            })
            .collect(),
    };
    serde_json::to_string(&layout).unwrap_or_default()
}

/// One nerve as the file holds it: the study with the markers on screen saved on its sites,
/// and what they measure.
fn nerve_layout(nerve: &NerveConduction, markers: &[Option<ResponseMarkers>]) -> serde_json::Value {
    let analysis = analyse_nerve(nerve, Adjustments::at_markers(markers));
    let mut saved_nerve = nerve.clone();
    for (site, site_markers) in saved_nerve.sites.iter_mut().zip(markers) {
        if let Some(site_markers) = site_markers {
            site.saved_markers = Some(saved(site_markers));
        }
    }
    let mut layout = serde_json::to_value(&saved_nerve).unwrap_or_default();
    if let Some(sites) = layout.get_mut("sites").and_then(serde_json::Value::as_array_mut) {
        for (site, site_analysis) in sites.iter_mut().zip(&analysis.sites) {
            let measured = site_analysis.measures.map(|measures| MeasuredLayout {
                measures: measures.as_reported(),
                sensory_velocity_m_per_s: finite(site_analysis.sensory_velocity_m_per_s),
            });
            if let (Some(site), Some(measured)) = (site.as_object_mut(), measured) {
                site.insert("measured".into(), serde_json::to_value(measured).unwrap_or_default());
            }
        }
    }
    let segments: Vec<SegmentLayout> = analysis
        .segments
        .iter()
        .map(|segment| SegmentLayout {
            from: nerve.sites[segment.distal_site_idx].name.clone(),
            to: nerve.sites[segment.proximal_site_idx].name.clone(),
            distance_mm: segment.distance_mm,
            conduction_velocity_m_per_s: finite(segment.conduction_velocity_m_per_s),
            amplitude_change_pct: finite(segment.amplitude_change_pct),
            area_change_pct: finite(segment.area_change_pct),
            duration_change_pct: finite(segment.duration_change_pct),
        })
        .collect();
    if let (Some(nerve), false) = (layout.as_object_mut(), segments.is_empty()) {
        nerve.insert("segments".into(), serde_json::to_value(segments).unwrap_or_default());
    }
    layout
}

/// A value the file can hold: a measure a report left out (NaN) is written as `null`.
fn finite(value: Option<f64>) -> Option<f64> {
    value.filter(|value| value.is_finite())
}

/// Whether `bytes` look like a study file: JSON naming the format near its start.
pub fn looks_like_study_file(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(256)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with('{') && trimmed.contains(FORMAT)
}

/// Reads a study file: the study, with saved markers and reported values on its sites and the
/// reference profile it was saved with.
pub fn read(bytes: &[u8]) -> Result<Study, StudyFileError> {
    let layout: FileLayout<NerveConduction> = serde_json::from_slice(bytes).map_err(|error| {
        StudyFileError::Invalid { detail: error.to_string(), line: error.line(), column: error.column() }
    })?;
    if layout.format != FORMAT {
        return Err(StudyFileError::Invalid {
            detail: format!("the format field says {:?}, not {FORMAT:?}", layout.format),
            line: 1,
            column: 1,
        });
    }
    if layout.version > VERSION {
        return Err(StudyFileError::NewerVersion { found: layout.version });
    }
    for (nerve_idx, nerve) in layout.nerves.iter().enumerate() {
        for (site_idx, site) in nerve.sites.iter().enumerate() {
            if let Some(reported) = site.reported.filter(|reported| reported.no_response) {
                let values = [
                    reported.onset_latency_ms,
                    reported.peak_latency_ms,
                    reported.amplitude_uv,
                    reported.peak_to_peak_uv,
                    reported.negative_duration_ms,
                    reported.negative_area_uv_ms,
                    reported.conduction_velocity_m_per_s,
                ];
                if values.iter().any(Option::is_some) {
                    return Err(StudyFileError::ContradictoryReport { nerve: nerve_idx + 1, site: site_idx + 1 });
                }
            }
            if let Some(sweep) =
                site.sweeps.iter().find(|sweep| !(sweep.sampling_rate_hz > 0.0 && sweep.sampling_rate_hz.is_finite()))
            {
                return Err(StudyFileError::BadRate {
                    nerve: nerve_idx + 1,
                    site: site_idx + 1,
                    rate_hz: sweep.sampling_rate_hz,
                });
            }
        }
    }
    let rows = layout
        .needle_examination
        .into_iter()
        .enumerate()
        .map(|(row_idx, row)| read_row(row_idx + 1, row))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Study {
        title: layout.title,
        recordings: Vec::new(),
        nerve_conductions: layout.nerves,
        reference_profile: layout.profile,
        patient: layout.patient,
        needle_examination: NeedleExamination { rows },
        reason_for_study: layout.reason_for_study.filter(|reason| !reason.trim().is_empty()),
        comment: layout.comment.filter(|comment| !comment.trim().is_empty()),
        needle_unit_markers: layout
            .needle_unit_markers
            .into_iter()
            .map(|saved| SavedUnitMarkers {
                recording: saved.recording,
                units: saved
                    .units
                    .into_iter()
                    .map(|markers| markers.map(|[start_ms, end_ms]| (start_ms, end_ms)))
                    .collect(),
            })
            .collect(),
    })
}

fn saved(markers: &ResponseMarkers) -> SavedMarkers {
    let by_hand = |source: MarkerSource| source == MarkerSource::Manual;
    SavedMarkers {
        onset_ms: markers.onset.time_ms,
        negative_peak_ms: markers.negative_peak.time_ms,
        negative_end_ms: markers.negative_end.time_ms,
        positive_peak_ms: markers.positive_peak.time_ms,
        set_by_hand: [
            by_hand(markers.onset.source),
            by_hand(markers.negative_peak.source),
            by_hand(markers.negative_end.source),
            by_hand(markers.positive_peak.source),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::LateCorrection;
    use crate::ncs::initial_markers;

    #[test]
    fn a_saved_study_reopens_with_its_markers_and_profile() {
        let study = crate::synth::demos::build("carpal-tunnel-moderate").unwrap();
        let mut markers: Vec<Vec<Option<ResponseMarkers>>> =
            study.nerve_conductions.iter().map(initial_markers).collect();
        let moved = markers[0][0].as_mut().unwrap();
        moved.onset.time_ms += 0.25;
        moved.onset.source = MarkerSource::Manual;
        let text = write(&study, &markers, "buschbacher");
        let reopened = read(text.as_bytes()).unwrap();
        assert_eq!(reopened.reference_profile.as_deref(), Some("buschbacher"));
        assert_eq!(reopened.nerve_conductions.len(), study.nerve_conductions.len());
        let restored: Vec<Vec<Option<ResponseMarkers>>> =
            reopened.nerve_conductions.iter().map(initial_markers).collect();
        let first = restored[0][0].unwrap();
        assert_eq!(first.onset.time_ms, markers[0][0].unwrap().onset.time_ms);
        assert_eq!(first.onset.source, MarkerSource::Manual);
        assert_eq!(first.negative_peak.source, MarkerSource::Automatic);
        assert_eq!(
            reopened.nerve_conductions[0].sites[0].sweeps[0].samples,
            study.nerve_conductions[0].sites[0].sweeps[0].samples
        );
        assert!(looks_like_study_file(text.as_bytes()));
        assert_eq!(reopened.patient, study.patient, "the demo patient's age and height");
    }

    #[test]
    fn the_patient_is_optional_and_kept() {
        let old = format!(r#"{{"format":"{FORMAT}","version":1,"title":"x","nerves":[]}}"#);
        assert_eq!(read(old.as_bytes()).unwrap().patient, Patient::default(), "a file written before the field");
        let mut study = crate::synth::demos::build("median-motor-normal").unwrap();
        study.patient = Patient { age_years: Some(67), height_cm: None };
        let text = write(&study, &[], "preston-shapiro");
        assert!(text.contains(r#""patient":{"age_years":67}"#), "{}", &text[..200.min(text.len())]);
        assert_eq!(read(text.as_bytes()).unwrap().patient, study.patient);
    }

    #[test]
    fn the_file_carries_the_measurements_at_the_saved_markers() {
        let study = crate::synth::demos::build("median-motor-normal").unwrap();
        let mut markers: Vec<Vec<Option<ResponseMarkers>>> =
            study.nerve_conductions.iter().map(initial_markers).collect();
        markers[0][1].as_mut().unwrap().onset.time_ms += 0.5;
        let written: serde_json::Value = serde_json::from_str(&write(&study, &markers, "preston-shapiro")).unwrap();
        let analysis = analyse_nerve(&study.nerve_conductions[0], Adjustments::at_markers(&markers[0]));
        let nerve = &written["nerves"][0];
        let onset = nerve["sites"][1]["measured"]["onset_latency_ms"].as_f64().unwrap();
        assert_eq!(onset, analysis.sites[1].measures.unwrap().onset_latency_ms, "at the moved marker");
        let segment = &nerve["segments"][0];
        assert_eq!(segment["from"], "Wrist");
        assert_eq!(segment["to"], "Elbow");
        let velocity = segment["conduction_velocity_m_per_s"].as_f64().unwrap();
        assert_eq!(Some(velocity), analysis.segments[0].conduction_velocity_m_per_s);
        let reopened = read(write(&study, &markers, "preston-shapiro").as_bytes()).unwrap();
        assert_eq!(reopened.nerve_conductions[0].sites.len(), 2, "the derived values are ignored on reading");
    }

    #[test]
    fn filters_intensity_and_other_details_are_kept() {
        let mut study = crate::synth::demos::build("median-motor-normal").unwrap();
        study.nerve_conductions[0].acquisition_filters = Some("HP:2Hz LP:10kHz".into());
        study.nerve_conductions[0].sites[0].stimulus_ma = Some(18.5);
        study.nerve_conductions[0].sites[0].other_details = vec![("Operator".into(), "JD".into())];
        let markers: Vec<_> = study.nerve_conductions.iter().map(initial_markers).collect();
        let reopened = read(write(&study, &markers, "preston-shapiro").as_bytes()).unwrap();
        assert_eq!(reopened.nerve_conductions[0].acquisition_filters, study.nerve_conductions[0].acquisition_filters);
        assert_eq!(reopened.nerve_conductions[0].sites[0].stimulus_ma, Some(18.5));
        assert_eq!(
            reopened.nerve_conductions[0].sites[0].other_details,
            study.nerve_conductions[0].sites[0].other_details
        );
    }

    #[test]
    fn late_response_corrections_are_saved_and_restored() {
        let mut study = crate::synth::demos::build("late-responses-normal").unwrap();
        let n_sweeps = study.nerve_conductions[0].sites[0].sweeps.len();
        let mut corrections = vec![None; n_sweeps];
        corrections[0] = Some(LateCorrection::Absent);
        corrections[2] = Some(LateCorrection::Onset(21.5));
        study.nerve_conductions[0].sites[0].saved_late_corrections = corrections.clone();
        let markers: Vec<_> = study.nerve_conductions.iter().map(initial_markers).collect();
        let text = write(&study, &markers, "preston-shapiro");
        assert!(
            text.contains(r#""late_corrections":["absent",null,{"onset":21.5}"#),
            "{}",
            &text[..200.min(text.len())]
        );
        let reopened = read(text.as_bytes()).unwrap();
        assert_eq!(reopened.nerve_conductions[0].sites[0].saved_late_corrections, corrections);
        assert!(reopened.nerve_conductions[1].sites[0].saved_late_corrections.is_empty());
        let analysis = analyse_nerve(&reopened.nerve_conductions[0], Adjustments::AS_SAVED);
        let Some(crate::ncs::LateAnalysis::FWaves(f_waves)) = analysis.late else { panic!("an F-wave study") };
        assert_eq!(f_waves.minimum_latency_ms, Some(21.5), "the saved correction is applied on reopening");
        assert!(f_waves.sweeps[0].response.is_none() && f_waves.sweeps[0].set_by_hand);
    }

    #[test]
    fn newer_and_malformed_files_are_refused_with_reasons() {
        let newer = format!(r#"{{"format":"{FORMAT}","version":3,"title":"x","nerves":[]}}"#);
        assert_eq!(read(newer.as_bytes()), Err(StudyFileError::NewerVersion { found: 3 }));
        let broken = format!(r#"{{"format":"{FORMAT}","version":1,"title":"x","nerves":[{{"nerve":"Median"}}]}}"#);
        let error = read(broken.as_bytes()).unwrap_err().to_string();
        assert!(error.contains("missing field"), "{error}");
    }

    #[test]
    fn the_needle_examination_table_is_saved_with_every_cell_s_source_and_its_recording_named() {
        use crate::model::{Activation, RecordingLink};
        use crate::needle::study::{analyse_study_channel, needle_channels};
        let mut study = crate::synth::demos::build_needle("needle-neurogenic").unwrap();
        study.recordings[0].file_name = "left-ta.bdf".into();
        study.recordings[0].channels[0].label = "EMG L Tibialis a".into();
        let channels: Vec<_> = needle_channels(&study)
            .into_iter()
            .map(|(recording_idx, channel_idx)| analyse_study_channel(&study, recording_idx, channel_idx))
            .collect();
        let mut shown = crate::needle::examination::table(&study, &channels);
        Column::Activation.set(&mut shown.rows[0], Some("full"), CellSource::Typed).unwrap();
        let mut deltoid = NeedleExamRow::new("Deltoid", Some(Side::Right));
        Column::Fibrillations.set(&mut deltoid, Some("2+"), CellSource::Typed).unwrap();
        shown.rows.push(deltoid);
        let mut saved_study = study.clone();
        saved_study.needle_examination = shown.clone();
        let text = write(&saved_study, &[], "preston-shapiro");
        assert!(text.contains(r#""recording":{"file":"left-ta.bdf","channel":"EMG L Tibialis a"}"#), "{text}");
        let reopened = read(text.as_bytes()).unwrap();
        let rows = &reopened.needle_examination.rows;
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].muscle_id.as_deref(), rows[0].side), (Some("tibialis_anterior"), Some(Side::Left)));
        assert_eq!(rows[0].activation.value, Some(Activation::Full));
        assert_eq!(rows[0].activation.source, CellSource::Typed);
        assert_eq!(rows[0].fibrillations.source, CellSource::Analysed, "as saved, with its basis");
        assert_eq!(rows[0].fibrillations.value, shown.rows[0].fibrillations.value);
        assert_eq!(rows[0].fibrillations.basis, shown.rows[0].fibrillations.basis);
        assert_eq!(rows[1].fibrillations.value.map(crate::model::DenervationGrade::value), Some(2));
        assert_eq!(
            crate::needle::examination::table(&reopened, &[]).rows[0].recording_not_open().as_deref(),
            Some("Analysed from channel \"EMG L Tibialis a\" of left-ta.bdf, which is not open or not analysed here: the cells are as the study was saved; open that file with the study to analyse it again.")
        );
        // Opened again with its recording, the row joins the recording's fresh analysis.
        let mut with_recording = reopened.clone();
        with_recording.recordings = study.recordings.clone();
        let joined = crate::needle::examination::table(&with_recording, &channels);
        assert_eq!(joined.rows.len(), 2, "no second row for the recording");
        assert_eq!(joined.rows[0].recording, Some(RecordingLink { recording_idx: 0, channel_idx: 0 }));
        assert_eq!(joined.rows[0].activation.value, Some(Activation::Full));
        assert_eq!(joined.rows[0].recording_not_open(), None);
    }

    #[test]
    fn a_needle_table_typed_in_without_recordings_opens_and_its_mistakes_are_named() {
        let example = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/examples/typed-in-needle-table.edxview.json"
        ))
        .unwrap();
        let study = read(example.as_bytes()).unwrap();
        let rows = &study.needle_examination.rows;
        assert_eq!(rows.len(), 10);
        let ids: Vec<Option<&str>> = rows.iter().map(|row| row.muscle_id.as_deref()).collect();
        assert_eq!(ids[1], Some("extensor_hallucis_longus"), "read through the catalogue");
        assert_eq!(ids[9], Some("paraspinal_l5"));
        assert!(rows.iter().all(|row| row.side == Some(Side::Left)));
        assert_eq!(rows[0].fibrillations.source, CellSource::FromFile);
        let mistaken = |row: &str| {
            let text =
                format!(r#"{{"format":"{FORMAT}","version":2,"title":"x","nerves":[],"needle_examination":[{row}]}}"#);
            read(text.as_bytes()).unwrap_err().to_string()
        };
        assert_eq!(
            mistaken(r#"{"muscle":"TA","side":"Left","cells":{"fibrillations":{"value":"5+"}}}"#),
            "needle examination row 1 (TA): \"5+\" is not a value of Fibs/PSWs: it takes 0, 1+, 2+, 3+, 4+"
        );
        assert!(mistaken(r#"{"muscle":"TA","side":"Middle"}"#).contains("the side is \"Middle\""));
        assert!(mistaken(r#"{"muscle":"TA","muscle_id":"tibia"}"#)
            .contains("muscle_id \"tibia\" is not in the muscle catalogue"));
        assert!(mistaken(r#"{"muscle":"TA","cells":{"grade":{"value":"2+"}}}"#).contains("\"grade\" is not a column"));
        assert!(mistaken(r#"{"muscle":"TA","cells":{"fibrillations":{"value":"2+","source":"guessed"}}}"#)
            .contains("the source is \"guessed\""));
        let unknown = format!(
            r#"{{"format":"{FORMAT}","version":2,"title":"x","nerves":[],"needle_examination":[{{"muscle":"Mystery muscle","side":"Right"}}]}}"#
        );
        let study = read(unknown.as_bytes()).unwrap();
        assert_eq!(
            (study.needle_examination.rows[0].muscle.as_str(), study.needle_examination.rows[0].muscle_id.as_deref()),
            ("Mystery muscle", None),
            "kept as written"
        );
    }
}
