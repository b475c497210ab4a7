//! The `edx` command line as a user runs it: exit status, output layouts and messages.

use std::path::PathBuf;
use std::process::{Command, Output};

#[path = "../../edx-core/tests/common/dicom_writer.rs"]
mod dicom_writer;

fn shared(relative_path: &str) -> PathBuf {
    let base = std::env::var_os("EDXVIEW_SHARED_DATA").map(PathBuf::from).unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .skip(3)
            .map(|ancestor| ancestor.join("shared").join("data"))
            .find(|candidate| candidate.join("SOURCES.md").is_file())
            .expect("the shared test data")
    });
    base.join(relative_path)
}

fn edx(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_edx")).args(args).output().expect("edx runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn inspect_describes_a_wfdb_record_given_with_its_data_file() {
    let header = shared("physionet-emgdb/emg_myopathy.hea");
    let data = shared("physionet-emgdb/emg_myopathy.dat");
    let output = edx(&["inspect".as_ref(), header.as_os_str(), data.as_os_str()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("WFDB record (format 16)"), "{stdout}");
    assert!(stdout.contains("110337 samples"), "{stdout}");
    assert!(stdout.contains("myopathy due to long history of polymostis"), "{stdout}");
}

#[test]
fn inspect_json_layout() {
    let file = shared("edfreader-r/bdfPlusD.bdf");
    let output = edx(&["inspect".as_ref(), file.as_os_str(), "--json".as_ref()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let recording = &json[0];
    assert_eq!(recording["format"], "BDF+D");
    assert_eq!(recording["channels"][0]["label"], "squarewave");
    assert_eq!(recording["channels"][0]["unit"], "µV");
    assert_eq!(recording["channels"][0]["segments"].as_array().unwrap().len(), 10, "one segment per EDF+D record");
    assert_eq!(recording["annotations"][0]["text"], "RECORD START");
    assert!(recording["warnings"][0].as_str().unwrap().contains("EDF+D"));
}

#[test]
fn export_writes_physical_values_with_a_time_column() {
    let file = shared("edfreader-r/edfPlusC.edf");
    let output = edx(&[
        "export".as_ref(),
        file.as_os_str(),
        "--csv".as_ref(),
        "--channels".as_ref(),
        "ramp,pulse".as_ref(),
        "--start".as_ref(),
        "1".as_ref(),
        "--duration".as_ref(),
        "0.02".as_ref(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines[0], "time_s,ramp (µV),pulse (µV)");
    assert_eq!(lines.len(), 1 + 4, "{stdout}");
    assert!(lines[1].starts_with("1.00000,"), "{stdout}");
}

#[test]
fn a_channel_whose_label_holds_a_comma_is_exported_by_its_whole_label() {
    let header = shared("wfdb-python/binformats.hea");
    let mut args: Vec<std::ffi::OsString> = vec!["export".into(), header.into_os_string()];
    for data_idx in 0..10 {
        args.push(shared(&format!("wfdb-python/binformats.d{data_idx}")).into_os_string());
    }
    args.extend(
        ["--csv", "--channel", "sig 3, fmt 80", "--channel", "sig 0, fmt 8", "--duration", "0.01"].map(Into::into),
    );
    let args: Vec<&std::ffi::OsStr> = args.iter().map(|arg| arg.as_os_str()).collect();
    let output = edx(&args);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert_eq!(stdout.lines().next(), Some("time_s,\"sig 3, fmt 80 (mV)\",\"sig 0, fmt 8 (mV)\""), "{stdout}");
    assert_eq!(stdout.lines().count(), 1 + 2, "{stdout}");
}

#[test]
fn report_writes_the_whole_study_as_printable_html_with_the_impression_of_analyze() {
    let path = std::env::temp_dir().join(format!("edx-cli-report-{}.bdf", std::process::id()));
    let output = edx(&["simulate".as_ref(), "carpal-tunnel-moderate".as_ref(), "--bdf".as_ref(), path.as_os_str()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let report = edx(&[
        "report".as_ref(),
        path.as_os_str(),
        "--html".as_ref(),
        "--comment".as_ref(),
        "Numb thumb at night.".as_ref(),
    ]);
    assert!(report.status.success(), "{}", text(&report.stderr));
    let html = text(&report.stdout);
    let analyzed = edx(&["analyze".as_ref(), path.as_os_str(), "--json".as_ref()]);
    let json: serde_json::Value = serde_json::from_slice(&analyzed.stdout).expect("JSON");
    std::fs::remove_file(&path).ok();
    let statement = json[0]["impression"]["statement"].as_str().expect("an impression");
    assert!(html.contains(statement), "the same impression as `edx analyze`: {statement}");
    for part in [
        "<h2>Nerve conduction studies</h2>",
        "Right median motor, recording APB",
        "<h2>Comparisons</h2>",
        "<h2>Impression</h2>",
        "Numb thumb at night.",
        "<h2>Sources</h2>",
    ] {
        assert!(html.contains(part), "{part} missing");
    }
}

#[test]
fn errors_name_the_file_and_exit_non_zero() {
    let broken = shared("scipy-wav/test-44100Hz-le-1ch-4bytes-incomplete-chunk.wav");
    let output = edx(&["inspect".as_ref(), broken.as_os_str()]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("test-44100Hz-le-1ch-4bytes-incomplete-chunk.wav: the chunk header at byte 12 is incomplete"),
        "{stderr}"
    );
    let missing = edx(&["inspect".as_ref(), "no-such-file.edf".as_ref()]);
    assert!(!missing.status.success());
    assert!(text(&missing.stderr).contains("no-such-file.edf"), "{}", text(&missing.stderr));
    let unknown_channel = edx(&[
        "export".as_ref(),
        shared("edfreader-r/edfPlusC.edf").as_os_str(),
        "--csv".as_ref(),
        "--channels".as_ref(),
        "nope".as_ref(),
    ]);
    assert!(!unknown_channel.status.success());
    assert!(
        text(&unknown_channel.stderr).contains("no channel 'nope'; the channels are: squarewave, ramp"),
        "{}",
        text(&unknown_channel.stderr)
    );
}

#[test]
fn simulate_then_analyze_finds_the_demo_pattern() {
    let path = std::env::temp_dir().join(format!("edx-cli-test-{}.bdf", std::process::id()));
    let output = edx(&["simulate".as_ref(), "carpal-tunnel-moderate".as_ref(), "--bdf".as_ref(), path.as_os_str()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let output = edx(&["analyze".as_ref(), path.as_os_str(), "--json".as_ref()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let report = &json[0];
    assert_eq!(report["profile"], "preston-shapiro");
    assert_eq!(
        report["nerves"].as_array().unwrap().len(),
        6,
        "motor and sensory median and ulnar, and both at the ring finger"
    );
    let ring = report["comparisons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|comparison| comparison["title"].as_str().unwrap().contains("ring finger"))
        .expect("ring-finger comparison");
    assert_eq!(ring["abnormal"], true);
    assert_eq!(report["nerves"][0]["sites"][1]["site"], "Elbow");
    let statements: Vec<&str> =
        report["findings"].as_array().unwrap().iter().map(|finding| finding["statement"].as_str().unwrap()).collect();
    assert!(statements.iter().any(|statement| statement.contains("Bland grade 3")), "{statements:?}");
    let unknown = edx(&["simulate".as_ref(), "no-such".as_ref(), "--bdf".as_ref(), path.as_os_str()]);
    assert!(
        text(&unknown.stderr).contains("no demo 'no-such'; the demos are: median-motor-normal"),
        "{}",
        text(&unknown.stderr)
    );
    let _ = std::fs::remove_file(path);
}

#[test]
fn simulate_a_needle_demo_beyond_its_amplifier_range_and_analyze_finds_it_clipped() {
    let path = std::env::temp_dir().join(format!("edx-cli-clipped-{}.bdf", std::process::id()));
    let output = edx(&[
        "simulate".as_ref(),
        "needle-normal".as_ref(),
        "--seconds".as_ref(),
        "4".as_ref(),
        "--amplifier-range-uv".as_ref(),
        "200".as_ref(),
        "--bdf".as_ref(),
        path.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let output = edx(&["analyze".as_ref(), path.as_os_str(), "--json".as_ref()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let segments = json[0]["needle"][0]["segments"].as_array().expect("segments");
    assert!(segments.iter().any(|segment| segment["kind"] == "clipped"), "{segments:?}");

    let refused = edx(&[
        "simulate".as_ref(),
        "needle-normal".as_ref(),
        "--amplifier-range-uv".as_ref(),
        "0".as_ref(),
        "--bdf".as_ref(),
        path.as_os_str(),
    ]);
    assert_eq!(refused.status.code(), Some(2), "a range that is not positive is a usage error");
    let refused = edx(&[
        "simulate".as_ref(),
        "median-motor-normal".as_ref(),
        "--amplifier-range-uv".as_ref(),
        "400".as_ref(),
        "--bdf".as_ref(),
        path.as_os_str(),
    ]);
    assert!(text(&refused.stderr).contains("apply to needle demos only"), "{}", text(&refused.stderr));
    let _ = std::fs::remove_file(path);
}

#[test]
fn simulate_test_tones_writes_an_edf_of_the_channels_and_seconds_asked_for() {
    let path = std::env::temp_dir().join(format!("edx-cli-tones-{}.edf", std::process::id()));
    let output = edx(&[
        "simulate".as_ref(),
        "test-tones".as_ref(),
        "--channels".as_ref(),
        "3".as_ref(),
        "--seconds".as_ref(),
        "2".as_ref(),
        "--edf".as_ref(),
        path.as_os_str(),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 256 * 4 + 3 * 2 * 20_000 * 2, "16-bit samples, 20 kHz");
    let output = edx(&["inspect".as_ref(), path.as_os_str(), "--json".as_ref()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json[0]["format"], "EDF");
    assert_eq!(json[0]["duration_s"], 2.0);
    let labels: Vec<&str> =
        json[0]["channels"].as_array().unwrap().iter().map(|channel| channel["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["Tone 7 Hz", "Tone 8 Hz", "Tone 9 Hz"]);

    let as_bdf = edx(&["simulate".as_ref(), "test-tones".as_ref(), "--bdf".as_ref(), path.as_os_str()]);
    assert!(text(&as_bdf.stderr).contains("give --edf FILE"), "{}", text(&as_bdf.stderr));
    let fraction = edx(&[
        "simulate".as_ref(),
        "test-tones".as_ref(),
        "--seconds".as_ref(),
        "1.5".as_ref(),
        "--edf".as_ref(),
        path.as_os_str(),
    ]);
    assert!(text(&fraction.stderr).contains("whole number of seconds"), "{}", text(&fraction.stderr));
    let _ = std::fs::remove_file(path);
}

#[test]
fn analyze_reports_needle_units_spontaneous_potentials_and_the_summary() {
    let header = shared("physionet-emgdb/emg_healthy.hea");
    let data = shared("physionet-emgdb/emg_healthy.dat");
    let output = edx(&["analyze".as_ref(), header.as_os_str(), data.as_os_str(), "--json".as_ref()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let needle = &json[0]["needle"][0];
    assert_eq!(needle["channel"], "EMG");
    assert_eq!(needle["reference"], "tibialis anterior");
    let units = needle["units"].as_array().expect("units");
    assert!(units.len() >= 3, "{needle}");
    let first = &units[0];
    assert!(first["discharge_times_s"].as_array().unwrap().len() >= 5);
    assert!(first["amplitude_uv"].as_f64().unwrap() > 0.0);
    assert!(needle["summary"]["units"].as_u64().unwrap() >= 3);
    assert_eq!(needle["segments"][0]["kind"], "voluntary");
    assert!(needle["spontaneous"].as_array().is_some());
    assert_eq!(needle["pattern"], "indeterminate", "a 4 kHz recording is not read against the reference");
    let row = &json[0]["needle_examination"][0];
    assert_eq!(row["muscle_id"], "tibialis_anterior", "named by the record's notes: {row}");
    assert_eq!((row["side"].is_null(), row["channel"].as_str()), (true, Some("EMG")));
    let amplitude = &row["cells"]["amplitude"];
    assert_eq!((amplitude["value"].is_null(), amplitude["source"].as_str()), (true, Some("analysed")));
    assert!(amplitude["basis"].as_str().unwrap().contains("bandwidth is too narrow"), "{amplitude}");

    let text_output = edx(&["analyze".as_ref(), header.as_os_str(), data.as_os_str()]);
    let stdout = text(&text_output.stdout);
    assert!(stdout.contains("Needle EMG: Tibialis anterior, channel EMG (4.0 kHz"), "{stdout}");
    assert!(stdout.contains("pattern: Motor unit potentials measured"), "{stdout}");
    assert!(stdout.contains("Needle examination (source: A analysed"), "{stdout}");
}

#[test]
fn inspect_reads_edf_in_slices_with_the_whole_file_readers_messages() {
    let bytes = std::fs::read(shared("edfreader-r/edfPlusC.edf")).expect("test data");
    let folder = std::env::temp_dir().join(format!("edx-cli-inspect-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    let truncated = folder.join("truncated.edf");
    std::fs::write(&truncated, &bytes[..bytes.len() - 1000]).unwrap();
    let header_cut = folder.join("header-cut.edf");
    std::fs::write(&header_cut, &bytes[..600]).unwrap();

    let output = edx(&["inspect".as_ref(), truncated.as_os_str(), "--json".as_ref()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(json[0]["warnings"].to_string().contains("it looks truncated"), "{}", json[0]["warnings"]);

    let output = edx(&["inspect".as_ref(), header_cut.as_os_str()]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(stderr.contains("header-cut.edf: the header describes"), "{stderr}");
    std::fs::remove_dir_all(&folder).unwrap();
}

/// A DICOM Electromyogram waveform in edxview's nerve conduction convention, built here from a
/// simulated median motor study (no file needed): `edx analyze` finds its wrist and elbow
/// sites, their markers and the forearm velocity.
#[test]
fn analyze_reads_a_dicom_nerve_conduction_study() {
    let study = edx_core::synth::demos::build("median-motor-normal").unwrap();
    let nerve = &study.nerve_conductions[0];
    let sweeps = dicom_writer::sweeps_of(nerve, "NC APB", |site| {
        format!(
            "Nerve: Median; Side: L; Type: motor; Record: APB; Stim: {}; Distance: {} mm; Age: 72",
            site.name,
            site.distance_mm.unwrap()
        )
    });
    let path = std::env::temp_dir().join(format!("edx-cli-test-{}.dcm", std::process::id()));
    std::fs::write(&path, dicom_writer::ncs_dicom(true, &sweeps, &[])).unwrap();
    let output = edx(&["analyze".as_ref(), path.as_os_str(), "--json".as_ref()]);
    let _ = std::fs::remove_file(&path);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let report = &json[0];
    assert_eq!(report["patient"]["age_years"], 72);
    let nerves = report["nerves"].as_array().unwrap();
    assert_eq!(nerves.len(), 1);
    assert_eq!(nerves[0]["title"], "Left median motor, recording APB");
    let sites = nerves[0]["sites"].as_array().unwrap();
    assert_eq!((sites[0]["site"].as_str(), sites[1]["site"].as_str()), (Some("Wrist"), Some("Elbow")));
    let expected = edx_core::ncs::analyse_nerve(nerve, edx_core::ncs::Adjustments::AS_SAVED);
    for (site, expected_site) in sites.iter().zip(&expected.sites) {
        let onset_ms = site["onset_ms"].as_f64().unwrap();
        let expected_onset_ms = expected_site.markers.unwrap().onset.time_ms;
        let one_sample_ms = 1000.0 / nerve.sites[0].sweeps[0].sampling_rate_hz;
        assert!(
            (onset_ms - expected_onset_ms).abs() <= one_sample_ms + 1e-9,
            "{}: onset {onset_ms} ms, expected {expected_onset_ms}",
            site["site"]
        );
    }
    let velocity = nerves[0]["segments"][0]["conduction_velocity_m_per_s"].as_f64().unwrap();
    let expected_velocity = expected.segments[0].conduction_velocity_m_per_s.unwrap();
    assert!((velocity - expected_velocity).abs() < 1.0, "velocity {velocity} m/s, expected {expected_velocity}");
}

#[test]
fn inspect_keeps_the_order_given_and_finds_a_wfdb_data_file_past_an_edf() {
    let header = shared("physionet-emgdb/emg_myopathy.hea");
    let edf = shared("edfreader-r/edfPlusC.edf");
    let data = shared("physionet-emgdb/emg_myopathy.dat");
    let output = edx(&["inspect".as_ref(), header.as_os_str(), edf.as_os_str(), data.as_os_str(), "--json".as_ref()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let formats: Vec<&str> = json.as_array().unwrap().iter().map(|entry| entry["format"].as_str().unwrap()).collect();
    assert_eq!(formats, ["WFDB record (format 16)", "EDF+C"], "the WFDB record first, as given, then the EDF");
}

#[test]
fn muscles_reads_a_channel_label_through_the_catalogue() {
    let output = edx(&["muscles".as_ref(), "L_Tib_Ant".as_ref(), "--json".as_ref()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["side"], "Left");
    let muscle = &json["muscle"];
    assert_eq!(muscle["id"], "tibialis_anterior");
    assert_eq!(muscle["nerve"], "Peroneal");
    assert_eq!(muscle["branch"], "deep peroneal");
    assert_eq!(muscle["roots"], serde_json::json!(["L4", "L5"]));
    assert_eq!(muscle["evidence"], "Unverified");
    assert_eq!(muscle["region"], "Lumbosacral");
    assert_eq!(muscle["plexus_elements"], serde_json::json!(["LumbosacralTrunk", "SacralPlexus"]));
    assert_eq!(muscle["root_findings"][0]["root"], "L5");
    assert_eq!(muscle["root_findings"][0]["abnormal"], 20);
    let ambiguous = edx(&["muscles".as_ref(), "Gastrocnemius".as_ref()]);
    assert!(text(&ambiguous.stdout).contains("could be Gastrocnemius (medial head)"), "{}", text(&ambiguous.stdout));
    let unknown = edx(&["muscles".as_ref(), "Mystery".as_ref()]);
    assert!(text(&unknown.stdout).contains("\"Mystery\" is not in the catalogue"));
}

#[test]
fn analyze_prints_a_typed_in_needle_table_back_unchanged() {
    let example =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/examples/typed-in-needle-table.edxview.json");
    let typed: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&example).unwrap()).unwrap();
    let output = edx(&["analyze".as_ref(), example.as_os_str(), "--json".as_ref()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let printed = json[0]["needle_examination"].as_array().expect("the table");
    let typed_rows = typed["needle_examination"].as_array().unwrap();
    assert_eq!(printed.len(), 10);
    for (typed_row, printed_row) in typed_rows.iter().zip(printed) {
        assert_eq!(printed_row["side"], typed_row["side"]);
        assert_eq!(printed_row["in_catalogue"], true, "{printed_row}");
        let typed_cells = typed_row["cells"].as_object().unwrap();
        for (key, cell) in printed_row["cells"].as_object().unwrap() {
            let typed_value = typed_cells.get(key).map_or(serde_json::Value::Null, |typed| typed["value"].clone());
            assert_eq!(cell["value"], typed_value, "{} {key}", printed_row["muscle"]);
            if !typed_value.is_null() {
                assert_eq!(cell["source"], "file");
            }
        }
    }
    let text_output = text(&edx(&["analyze".as_ref(), example.as_os_str()]).stdout);
    assert!(text_output.contains("Lumbar paraspinals, L5"), "{text_output}");
    assert!(text_output.contains("Extensor hallucis longus"), "{text_output}");
}

#[test]
fn simulate_writes_a_whole_study_as_files_that_analyze_reads_back_by_muscle() {
    let folder = std::env::temp_dir().join(format!("edx-cli-study-{}", std::process::id()));
    let output =
        edx(&["simulate".as_ref(), "study-peroneal-fibular-head".as_ref(), "--dir".as_ref(), folder.as_os_str()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let mut names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 9, "{names:?}");
    assert!(names.contains(&"study-peroneal-fibular-head-nerve-conductions.bdf".to_string()));
    let output = edx(&["analyze".as_ref(), folder.join("left-tibialis-anterior.bdf").as_os_str(), "--json".as_ref()]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let row = &json[0]["needle_examination"][0];
    assert_eq!((row["muscle_id"].as_str(), row["side"].as_str()), (Some("tibialis_anterior"), Some("Left")));
    assert_eq!(row["cells"]["fibrillations"]["abnormal"], true, "{row}");
    let output =
        edx(&["analyze".as_ref(), folder.join("left-biceps-femoris-short-head.bdf").as_os_str(), "--json".as_ref()]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let row = &json[0]["needle_examination"][0];
    assert_eq!(
        row["muscle_id"], "biceps_femoris_short_head",
        "a label cut at 16 characters, named by the recording field"
    );
    assert_eq!(row["cells"]["fibrillations"]["value"], "0");
    let demos = text(&edx(&["demos".as_ref()]).stdout);
    assert!(demos.contains("study-l5-radiculopathy"), "{demos}");
    // The folder's files make one study, whose impression names the lesion it was built with.
    let mut paths: Vec<std::ffi::OsString> = vec!["analyze".into(), "--json".into()];
    paths.extend(names.iter().map(|name| folder.join(name).into_os_string()));
    let output = edx(&paths.iter().map(|path| path.as_os_str()).collect::<Vec<_>>());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json.as_array().map(Vec::len), Some(1), "one study");
    assert_eq!(json[0]["needle_examination"].as_array().map(Vec::len), Some(8));
    let impression = &json[0]["impression"];
    assert_eq!(impression["lesion"], "a left peroneal neuropathy at the fibular head", "{impression}");
    assert!(impression["rule"].as_str().unwrap().starts_with("edxview's own rule"));
    assert_eq!(impression["severity"]["grade"], "moderate", "a conduction block: {impression}");
    // The same impression in plain words, as the app's patient view shows it.
    assert_eq!(impression["plain"]["summary"], "The results fit with a problem in one nerve of the left leg.");
    assert!(impression["plain"]["place"].as_str().unwrap().contains("outer side of the knee"), "{impression}");
    assert!(impression["plain"]["questions"].as_array().is_some_and(|questions| questions.len() >= 3));
    let _ = std::fs::remove_dir_all(folder);
}
