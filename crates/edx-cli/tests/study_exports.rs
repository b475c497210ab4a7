//! The study exports of `edx export` as other tools read them: every measurement of a typed-in
//! study read back by Python's `csv` module, the study file with the physician's comment, and a
//! DICOM nerve conduction study written as EDF+D that measures as the DICOM file does.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use edx_core::formats::study_file;
use edx_core::formats::typed_report::{self, TypedReport};

#[path = "../../edx-core/tests/common/dicom_writer.rs"]
mod dicom_writer;

fn edx(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edx")).args(args).output().expect("edx runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A file under the system's temporary folder, named for this test process and `name`.
fn temporary(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("edx-export-test-{}-{name}", std::process::id()))
}

/// A right carpal tunnel report as typed into the app's form: seven nerve rows (two motor
/// nerves at two sites, three sensory) and four muscles of the needle examination.
fn typed_report() -> TypedReport {
    let nerve_row = |nerve: &str, kind: &str, recording: &str, site: &str, values: [&str; 5]| {
        serde_json::json!({
            "nerve": nerve, "kind": kind, "recording_site": recording, "side": "Right", "stimulation_site": site,
            "distance_mm": values[0], "onset_latency_ms": values[1], "peak_latency_ms": values[2],
            "amplitude": values[3], "velocity_m_per_s": values[4],
        })
    };
    let needle_row = |muscle: &str, cells: serde_json::Value| serde_json::json!({ "muscle": muscle, "side": "Right", "cells": cells });
    serde_json::from_value(serde_json::json!({
        "title": "Clinic report",
        "age_years": "52",
        "skin_temperature_c": "32.5",
        "nerve_rows": [
            nerve_row("Median", "motor", "APB", "Wrist", ["70", "5.6", "", "6.1", ""]),
            nerve_row("Median", "motor", "APB", "Elbow", ["230", "10.0", "", "5.8", "52"]),
            nerve_row("Ulnar", "motor", "ADM", "Wrist", ["70", "2.9", "", "9.0", ""]),
            nerve_row("Ulnar", "motor", "ADM", "Below elbow", ["200", "6.4", "", "8.8", "57"]),
            nerve_row("Median", "sensory_antidromic", "Digit 2", "Wrist", ["130", "3.6", "4.5", "9", "36"]),
            nerve_row("Ulnar", "sensory_antidromic", "Digit 5", "Wrist", ["110", "2.2", "2.9", "25", "50"]),
            nerve_row("Radial", "sensory_antidromic", "Snuffbox", "Forearm", ["100", "1.8", "2.3", "25", "56"]),
        ],
        "needle_rows": [
            needle_row("APB", serde_json::json!({ "fibrillations": "1+", "recruitment": "reduced", "amplitude": "increased" })),
            needle_row("FDI", serde_json::json!({ "fibrillations": "0", "recruitment": "normal" })),
            needle_row("Pronator teres", serde_json::json!({ "fibrillations": "0", "recruitment": "normal" })),
            needle_row("Biceps", serde_json::json!({ "insertional": "normal", "fibrillations": "0" })),
        ],
    }))
    .expect("a typed report")
}

/// `csv_text` read by Python's `csv.DictReader`, one map per line.
fn read_with_python_csv(csv_text: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let mut python = Command::new("python3")
        .args(["-c", "import csv, json, sys; print(json.dumps(list(csv.DictReader(sys.stdin))))"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("PYTHONIOENCODING", "utf-8")
        .spawn()
        .expect("python3 runs (cargo xtask test installs it)");
    python.stdin.take().unwrap().write_all(csv_text.as_bytes()).unwrap();
    let output = python.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("the rows as JSON")
}

#[test]
fn every_value_of_a_typed_in_study_reads_back_in_pythons_csv_module() {
    let report = typed_report();
    let read = typed_report::read(&report).expect("a readable report");
    let path = temporary("typed.edxview.json");
    std::fs::write(&path, study_file::write(&read.study, &[], "preston-shapiro")).unwrap();
    let output = edx(&["export".as_ref(), path.as_os_str(), "--measurements".as_ref()]);
    let _ = std::fs::remove_file(&path);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let rows = read_with_python_csv(&text(&output.stdout));
    let field = |row: &serde_json::Map<String, serde_json::Value>, name: &str| row[name].as_str().unwrap().to_string();

    // Every typed nerve value is on a line of its own, with the unit it was typed in.
    let mut previous_site: Option<(String, String)> = None;
    for typed in &report.nerve_rows {
        let nerve_key = (typed.nerve.clone(), typed.recording_site.clone());
        let place = match &previous_site {
            Some((nerve, site)) if *nerve == nerve_key.0 => format!("{site} – {}", typed.stimulation_site),
            _ => typed.stimulation_site.clone(),
        };
        let is_motor = typed.kind == "motor";
        let values = [
            ("distance", typed.distance_mm.as_str(), "mm", place.as_str()),
            ("onset latency", typed.onset_latency_ms.as_str(), "ms", typed.stimulation_site.as_str()),
            ("peak latency", typed.peak_latency_ms.as_str(), "ms", typed.stimulation_site.as_str()),
            (
                "amplitude",
                typed.amplitude.as_str(),
                if is_motor { "mV" } else { "µV" },
                typed.stimulation_site.as_str(),
            ),
            (
                "conduction velocity",
                typed.velocity_m_per_s.as_str(),
                "m/s",
                if is_motor { place.as_str() } else { typed.stimulation_site.as_str() },
            ),
        ];
        for (measure, typed_value, unit, place) in values.into_iter().filter(|(_, value, _, _)| !value.is_empty()) {
            let line = rows
                .iter()
                .find(|row| {
                    field(row, "section") == "nerve conduction"
                        && field(row, "nerve_or_muscle") == typed.nerve
                        && field(row, "recording_site") == typed.recording_site
                        && field(row, "place") == place
                        && field(row, "measure") == measure
                })
                .unwrap_or_else(|| {
                    panic!("{} {} {place} {measure} missing: {rows:#?}", typed.nerve, typed.recording_site)
                });
            let value: f64 = field(line, "value").parse().expect("a number");
            assert_eq!(value, typed_value.parse::<f64>().unwrap(), "{line:?}");
            assert_eq!(field(line, "unit"), unit, "{line:?}");
            assert_eq!(field(line, "side"), "Right");
            assert_eq!(field(line, "value_from"), if measure == "distance" { "file" } else { "printed report" });
            if !field(line, "normal_limit").is_empty() {
                assert!(["yes", "no"].contains(&field(line, "abnormal").as_str()), "{line:?}");
                assert!(!field(line, "limit_source").is_empty(), "a limit names its source: {line:?}");
            }
        }
        previous_site = Some((nerve_key.0, typed.stimulation_site.clone()));
    }
    let median_distal = rows
        .iter()
        .find(|row| field(row, "measure") == "onset latency" && field(row, "value") == "5.60")
        .expect("the median distal latency");
    assert_eq!(
        (field(median_distal, "abnormal").as_str(), field(median_distal, "normal_limit").as_str()),
        ("yes", "≤ 4.4 ms")
    );

    // Every typed needle cell, with where it came from.
    for typed in &report.needle_rows {
        for (column, typed_value) in &typed.cells {
            let heading = edx_core::needle::examination::Column::with_key(column).unwrap().heading();
            let line = rows
                .iter()
                .find(|row| {
                    field(row, "section") == "needle examination"
                        && edx_core::muscles::identify(&field(row, "nerve_or_muscle")).muscle()
                            == edx_core::muscles::identify(&typed.muscle).muscle()
                        && field(row, "measure") == heading
                })
                .unwrap_or_else(|| panic!("{} {column} missing: {rows:#?}", typed.muscle));
            assert!(field(line, "value").eq_ignore_ascii_case(typed_value), "{line:?} for {typed_value}");
            assert_eq!(field(line, "value_from"), "typed");
        }
    }
    let n_needle = rows.iter().filter(|row| field(row, "section") == "needle examination").count();
    let n_typed: usize = report.needle_rows.iter().map(|row| row.cells.len()).sum();
    assert_eq!(n_needle, n_typed, "a cell not assessed has no line");
}

#[test]
fn the_study_file_keeps_the_reason_and_comment_and_the_report_prints_them() {
    let mut study = typed_report::read(&typed_report()).unwrap().study;
    study.comment = Some("Numb right thumb & index finger for 6 months.".into());
    study.reason_for_study = Some("Carpal tunnel syndrome?".into());
    let path = temporary("comment.edxview.json");
    std::fs::write(&path, study_file::write(&study, &[], "preston-shapiro")).unwrap();
    let exported = edx(&["export".as_ref(), path.as_os_str(), "--study-file".as_ref()]);
    let report = edx(&["report".as_ref(), path.as_os_str(), "--html".as_ref()]);
    let _ = std::fs::remove_file(&path);
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    let json: serde_json::Value = serde_json::from_slice(&exported.stdout).expect("a study file");
    assert_eq!(json["comment"], "Numb right thumb & index finger for 6 months.");
    assert_eq!(json["reason_for_study"], "Carpal tunnel syndrome?");
    assert_eq!(json["version"], 2);
    assert_eq!(json["needle_examination"].as_array().unwrap().len(), 4);
    let html = text(&report.stdout);
    assert!(
        html.contains("<h2>Comment</h2><p class=\"comment\">Numb right thumb &amp; index finger for 6 months.</p>"),
        "{html}"
    );
    assert!(html.contains("<dt>Reason for study</dt><dd>Carpal tunnel syndrome?</dd>"), "{html}");
}

/// A simulated median motor study written as a DICOM Electromyogram waveform in edxview's
/// convention (no public DICOM nerve conduction file exists).
fn dicom_study(path: &Path) -> edx_core::model::NerveConduction {
    let study = edx_core::synth::demos::build("median-motor-normal").unwrap();
    let nerve = study.nerve_conductions[0].clone();
    let sweeps = dicom_writer::sweeps_of(&nerve, "NC APB", |site| {
        format!(
            "Nerve: Median; Side: L; Type: motor; Record: APB; Stim: {}; Distance: {} mm; Temp: 32.0 C",
            site.name,
            site.distance_mm.unwrap()
        )
    });
    std::fs::write(path, dicom_writer::ncs_dicom(true, &sweeps, &[])).unwrap();
    nerve
}

#[test]
fn a_dicom_nerve_conduction_study_written_as_edf_plus_d_measures_as_the_dicom_file_does() {
    let dicom = temporary("median.dcm");
    let edf = temporary("median.edf");
    dicom_study(&dicom);
    let exported = edx(&["export".as_ref(), dicom.as_os_str(), "--edf".as_ref(), edf.as_os_str()]);
    assert!(exported.status.success(), "{}", text(&exported.stderr));
    let analyse = |path: &Path| {
        let output = edx(&["analyze".as_ref(), path.as_os_str(), "--json".as_ref()]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        serde_json::from_slice::<serde_json::Value>(&output.stdout).expect("JSON")
    };
    let inspect = edx(&["inspect".as_ref(), edf.as_os_str(), "--json".as_ref()]);
    let (from_dicom, from_edf) = (analyse(&dicom), analyse(&edf));
    let _ = (std::fs::remove_file(&dicom), std::fs::remove_file(&edf));
    let inspected: serde_json::Value = serde_json::from_slice(&inspect.stdout).expect("JSON");
    assert_eq!(inspected[0]["format"], "EDF+D", "16-bit EDF+D, which every EDF reader opens");
    let (dicom_nerve, edf_nerve) = (&from_dicom[0]["nerves"][0], &from_edf[0]["nerves"][0]);
    assert_eq!(edf_nerve["title"], dicom_nerve["title"], "the study details travel with the sweeps");
    assert_eq!(edf_nerve["title"], "Left median motor, recording APB");
    for (edf_site, dicom_site) in
        edf_nerve["sites"].as_array().unwrap().iter().zip(dicom_nerve["sites"].as_array().unwrap())
    {
        assert_eq!(edf_site["site"], dicom_site["site"]);
        assert_eq!(edf_site["distance_mm"], dicom_site["distance_mm"]);
        // Within half of what a report prints (0.01 ms, 0.1 mV): 16-bit steps move an
        // interpolated peak by nanoseconds.
        for (measure, tolerance) in [("onset_latency_ms", 0.005), ("peak_latency_ms", 0.005), ("amplitude_uv", 50.0)] {
            let (edf_value, dicom_value) = (edf_site[measure].as_f64().unwrap(), dicom_site[measure].as_f64().unwrap());
            assert!(
                (edf_value - dicom_value).abs() <= tolerance,
                "{measure}: {edf_value} from EDF+D, {dicom_value} from DICOM"
            );
        }
    }
    let velocity = |nerve: &serde_json::Value| nerve["segments"][0]["conduction_velocity_m_per_s"].as_f64().unwrap();
    assert!((velocity(edf_nerve) - velocity(dicom_nerve)).abs() < 0.05, "the same velocity as a report prints it");
}

#[test]
fn a_study_export_refuses_the_options_that_choose_what_csv_exports() {
    let path = temporary("refuse.dcm");
    dicom_study(&path);
    let output =
        edx(&["export".as_ref(), path.as_os_str(), "--measurements".as_ref(), "--start".as_ref(), "1".as_ref()]);
    let _ = std::fs::remove_file(&path);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("--start"), "{}", text(&output.stderr));
}
