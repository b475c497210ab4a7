//! `cargo xtask bench needle|needle_study|formats`: runs one of edx-core's criterion benchmarks and prints
//! each task's time with its ratio to the reference run in the same process, so the figures
//! carry across machines. `needle` also times NeuroKit2's `emg_process` on the same signal for
//! scale; `formats` also prints throughput, times pyEDFlib, MNE and
//! wfdb-python on the same files (in a virtual environment under `target/`, when Python and the
//! package index are reachable) and measures the peak memory of `edx inspect` on the EDF file.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{command, repository_root, TaskResult};

/// A benchmark: its name, criterion group, the reference function ratios divide by, and the
/// bytes each iteration decodes (for MB/s), if it is a decoding benchmark.
struct Benchmark {
    name: &'static str,
    group: &'static str,
    reference: &'static str,
    decoded_bytes: Option<f64>,
}

const BENCHMARKS: &[Benchmark] = &[
    Benchmark {
        name: "needle",
        group: "needle-60s-20kHz",
        reference: "reference-spike-band-filter",
        decoded_bytes: None,
    },
    Benchmark {
        name: "needle_study",
        group: "needle-study-10x30s-20kHz",
        reference: "one-muscle",
        decoded_bytes: None,
    },
    Benchmark {
        name: "formats",
        group: "decode-8ch-20kHz-16bit",
        reference: "reference-i16-to-f32",
        decoded_bytes: Some(8.0 * 20_000.0 * 2.0 * 480.0),
    },
];

/// Runs benchmark `which` and prints its figures.
pub fn bench(which: &str) -> TaskResult {
    let benchmark = BENCHMARKS.iter().find(|benchmark| benchmark.name == which).ok_or_else(|| {
        format!(
            "no benchmark {which:?}; benchmarks: {}",
            BENCHMARKS.iter().map(|benchmark| benchmark.name).collect::<Vec<_>>().join(", ")
        )
    })?;
    let root = repository_root();
    command::run(command::cargo().current_dir(&root).args([
        "bench",
        "--package",
        "edx-core",
        "--bench",
        benchmark.name,
    ]))?;
    // Criterion writes under the target folder, which CARGO_TARGET_DIR may move.
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let directory = target.join("criterion").join(benchmark.group);
    let reference_ns = mean_ns(&directory, benchmark.reference)?;
    let mut functions: Vec<String> = std::fs::read_dir(&directory)
        .map_err(|error| format!("{}: {error}", directory.display()))?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("new/estimates.json").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    functions.sort();
    println!("\n{}: mean time and ratio to {}", benchmark.group, benchmark.reference);
    let (mut edx_edf_s, mut edx_wfdb_s) = (None, None);
    for function in functions {
        let mean = mean_ns(&directory, &function)?;
        let throughput = benchmark
            .decoded_bytes
            .map(|bytes| format!("  {:>7.0} MB/s", bytes / 1e6 / (mean / 1e9)))
            .unwrap_or_default();
        println!("  {function:<32} {:>10.1} ms  {:>7.2} ×{throughput}", mean / 1e6, mean / reference_ns);
        match function.as_str() {
            "edf" => edx_edf_s = Some(mean / 1e9),
            "wfdb-format-16" => edx_wfdb_s = Some(mean / 1e9),
            _ => {}
        }
    }
    if benchmark.name == "needle" {
        compare_with_neurokit(&root, mean_ns(&directory, "analyse_needle")? / 1e9);
    }
    if let (Some(bytes), Some(edx_edf_s), Some(edx_wfdb_s)) = (benchmark.decoded_bytes, edx_edf_s, edx_wfdb_s) {
        let data = root.join("target/bench-data");
        compare_with_python(&root, &data, bytes, edx_edf_s, edx_wfdb_s);
        peak_memory_of_inspect(&root, &data.join("bench-8ch-20kHz.edf"), bytes);
    }
    Ok(())
}

fn mean_ns(directory: &Path, function: &str) -> TaskResult<f64> {
    let path = directory.join(function).join("new/estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
    mean_of(&text).ok_or_else(|| format!("{}: no mean estimate", path.display()))
}

/// The `mean.point_estimate` of a criterion `estimates.json`, read without a JSON library.
fn mean_of(text: &str) -> Option<f64> {
    let mean = &text[text.find("\"mean\"")?..];
    let estimate = &mean[mean.find("\"point_estimate\"")? + "\"point_estimate\"".len()..];
    let number: String = estimate
        .trim_start_matches([':', ' '])
        .chars()
        .take_while(|character| character.is_ascii_digit() || matches!(character, '.' | 'e' | 'E' | '-' | '+'))
        .collect();
    number.parse().ok()
}

/// The benchmarks' Python, in a virtual environment under `target/` with `packages` installed;
/// `None` (having said why) when Python or the package index cannot provide it.
fn bench_python(root: &Path, packages: &[&str]) -> Option<PathBuf> {
    let venv = root.join("target/bench-venv");
    let python = venv.join("bin/python");
    let created = python.is_file()
        || Command::new("python3").arg("-m").arg("venv").arg(&venv).status().is_ok_and(|status| status.success());
    let installed = created
        && Command::new(&python)
            .args(["-m", "pip", "install", "--quiet"])
            .args(packages)
            .status()
            .is_ok_and(|status| status.success());
    if !installed {
        println!("\nPython comparison skipped: could not set up {} with {}.", venv.display(), packages.join(", "));
        return None;
    }
    Some(python)
}

/// Writes the benchmark's signal (the myopathic needle demo, 60 s at 20 kHz) as BDF with `edx
/// simulate`, times NeuroKit2's `emg_process` on it, and prints that time against edx-core's
/// whole needle analysis of the same signal; says why when it cannot.
fn compare_with_neurokit(root: &Path, edx_analysis_s: f64) {
    let bdf = root.join("target/bench-data/needle-myopathic-60s.bdf");
    let _ = std::fs::create_dir_all(root.join("target/bench-data"));
    let simulate = command::cargo()
        .current_dir(root)
        .args([
            "run",
            "--quiet",
            "--release",
            "--package",
            "edx-cli",
            "--",
            "simulate",
            "needle-myopathic",
            "--seconds",
            "60",
            "--bdf",
        ])
        .arg(&bdf)
        .status();
    if !simulate.is_ok_and(|status| status.success()) {
        println!("\nNeuroKit2 not timed: `edx simulate needle-myopathic` failed.");
        return;
    }
    let Some(python) = bench_python(root, &["pyedflib", "neurokit2"]) else { return };
    let output = Command::new(&python).arg(root.join("xtask/python/needle_speed.py")).arg(&bdf).output();
    let Some(output) = output.ok().filter(|output| output.status.success()) else {
        println!("\nNeuroKit2 not timed: xtask/python/needle_speed.py failed.");
        return;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    let field = |name: &str| {
        let start = text.find(&format!("\"{name}\": "))? + name.len() + 4;
        let value: String = text[start..].chars().take_while(|character| !matches!(character, ',' | '}')).collect();
        Some(value.trim().trim_matches('"').to_string())
    };
    let (Some(version), Some(seconds)) =
        (field("version"), field("seconds").and_then(|value| value.parse::<f64>().ok()))
    else {
        println!("\nNeuroKit2 not timed: unexpected output {text}");
        return;
    };
    println!(
        "\nSame signal with NeuroKit2 {version} emg_process (cleaning, envelope and activity onsets only; best of three): \
         {:.1} ms, {:.2} × edx-core's whole needle analysis ({:.1} ms)",
        seconds * 1e3,
        seconds / edx_analysis_s,
        edx_analysis_s * 1e3
    );
}

/// Times the Python readers on the same files; says why when it cannot.
fn compare_with_python(root: &Path, data: &Path, bytes: f64, edx_edf_s: f64, edx_wfdb_s: f64) {
    let Some(python) = bench_python(root, &["pyedflib", "mne", "wfdb"]) else { return };
    let output = Command::new(&python)
        .arg(root.join("xtask/python/read_speed.py"))
        .arg(data.join("bench-8ch-20kHz.edf"))
        .arg(data.join("bench-8ch-20kHz.hea"))
        .output();
    let Some(output) = output.ok().filter(|output| output.status.success()) else {
        println!("\nPython readers not timed: xtask/python/read_speed.py failed.");
        return;
    };
    let text = String::from_utf8_lossy(&output.stdout);
    println!("\nSame files with established readers (best of three; ratio = their time over edx-core's time for the same format):");
    for entry in text.trim().trim_start_matches('{').trim_end_matches('}').split(", \"") {
        let Some((name, value)) = entry.trim_matches('"').split_once("\": ") else { continue };
        match value.parse::<f64>() {
            Ok(seconds) => {
                let edx_s = if name.starts_with("wfdb") { edx_wfdb_s } else { edx_edf_s };
                println!(
                    "  {name:<28} {:>10.1} ms  {:>7.0} MB/s  {:>6.2} × edx-core",
                    seconds * 1e3,
                    bytes / 1e6 / seconds,
                    seconds / edx_s
                )
            }
            Err(_) => println!("  {name:<28} not available: {value}"),
        }
    }
}

/// Runs `edx inspect` on the EDF file under `/usr/bin/time -v` and prints its peak resident
/// memory against the decoded `f32` size.
fn peak_memory_of_inspect(root: &Path, edf: &Path, bytes: f64) {
    if command::run(command::cargo().current_dir(root).args(["build", "--release", "--package", "edx-cli"])).is_err() {
        return;
    }
    let output =
        Command::new("/usr/bin/time").arg("-v").arg(root.join("target/release/edx")).arg("inspect").arg(edf).output();
    let Ok(output) = output else {
        println!("\nPeak memory not measured: /usr/bin/time is not installed.");
        return;
    };
    let report = String::from_utf8_lossy(&output.stderr);
    let peak_kb: Option<f64> = report
        .lines()
        .find_map(|line| line.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|value| value.trim().parse().ok());
    if let Some(peak_kb) = peak_kb {
        let decoded_f32 = bytes * 2.0;
        println!(
            "\nPeak memory of `edx inspect` on the EDF file: {:.0} MB = {:.2} × the decoded f32 samples ({:.0} MB) and {:.2} × the file.",
            peak_kb / 1e3,
            peak_kb * 1e3 / decoded_f32,
            decoded_f32 / 1e6,
            peak_kb * 1e3 / bytes
        );
    }
}
