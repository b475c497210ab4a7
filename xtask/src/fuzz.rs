//! `cargo xtask fuzz [SECONDS] [TARGET...]`: runs every reader's fuzz target (or the named
//! ones) in turn for SECONDS each (default 600), seeded with the shared test recordings, and
//! reports executions and crashes.
//!
//! cargo-fuzz needs nightly compiler flags; on the stable toolchain `RUSTC_BOOTSTRAP=1` allows
//! them. The code forbids `unsafe`, so no sanitizer is needed to find what matters here: panics,
//! hangs (`-timeout`) and unbounded allocations (`-rss_limit_mb`).

use std::path::Path;
use std::process::Command;

use crate::command::{cargo, run, run_captured};
use crate::{repository_root, TaskResult};

/// Each fuzz target with the shared-data files (by extension) that seed its corpus.
const TARGETS: [(&str, &[&str]); 7] = [
    ("edf", &["edf", "bdf"]),
    ("edf_overview", &["edf", "bdf"]),
    ("wfdb", &["hea"]),
    ("wav", &["wav"]),
    ("dicom", &["dcm"]),
    ("text", &["txt", "csv"]),
    ("any_file", &["edf", "bdf", "hea", "wav", "dcm"]),
];

/// Runs the targets named in `only` (every target when empty) for `seconds_each` seconds.
pub fn fuzz(seconds_each: u64, only: &[String]) -> TaskResult {
    if let Some(unknown) = only.iter().find(|name| !TARGETS.iter().any(|(target, _)| target == name)) {
        let names: Vec<&str> = TARGETS.iter().map(|(target, _)| *target).collect();
        return Err(format!("no fuzz target {unknown:?}; targets: {}", names.join(", ")));
    }
    let root = repository_root();
    if crate::command::version_of("cargo-fuzz").is_none()
        && Command::new("cargo").args(["fuzz", "--version"]).output().map_or(true, |output| !output.status.success())
    {
        run(cargo().args(["install", "cargo-fuzz", "--locked"]))?;
    }
    let shared = crate::test::shared_data_dir();
    let mut summary = Vec::new();
    for (target, extensions) in
        TARGETS.into_iter().filter(|(target, _)| only.is_empty() || only.iter().any(|name| name == target))
    {
        let corpus = root.join("fuzz").join("corpus").join(target);
        std::fs::create_dir_all(&corpus).map_err(|error| format!("cannot create {}: {error}", corpus.display()))?;
        seed(&shared, extensions, &corpus)?;
        let mut command = cargo();
        command
            .current_dir(root.join("fuzz"))
            .env("RUSTC_BOOTSTRAP", "1")
            .args(["fuzz", "run", "--sanitizer", "none", target, "--"])
            .arg(format!("-max_total_time={seconds_each}"))
            .args(["-timeout=10", "-rss_limit_mb=2048", "-max_len=1048576", "-print_final_stats=1"]);
        let (passed, output) = run_captured(&mut command);
        let executions = output
            .lines()
            .find_map(|line| line.strip_prefix("stat::number_of_executed_units:"))
            .map(str::trim)
            .unwrap_or("?")
            .to_string();
        let outcome = match (passed, executions.as_str()) {
            (_, "?") => "DID NOT RUN (the fuzz target failed to build or start; see the output above)",
            (true, _) => "no crash",
            (false, _) => "CRASH (see fuzz/artifacts)",
        };
        summary.push(format!("{target}: {executions} executions in {seconds_each} s, {outcome}"));
    }
    println!("\nfuzzing summary:");
    for line in &summary {
        println!("  {line}");
    }
    if summary.iter().any(|line| line.contains("CRASH")) {
        Err("a fuzz target crashed".into())
    } else {
        Ok(())
    }
}

/// Copies shared files with the given extensions (small ones) into the corpus.
fn seed(shared: &Path, extensions: &[&str], corpus: &Path) -> TaskResult {
    for path in crate::site::files_in(shared)? {
        let matches = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| extensions.contains(&extension.to_ascii_lowercase().as_str()));
        let small = std::fs::metadata(&path).is_ok_and(|metadata| metadata.len() <= 1 << 20);
        if matches && small {
            let name = path
                .strip_prefix(shared)
                .map_err(|error| error.to_string())?
                .to_string_lossy()
                .replace(['/', '\\'], "_");
            std::fs::copy(&path, corpus.join(name))
                .map_err(|error| format!("cannot seed {}: {error}", path.display()))?;
        }
    }
    Ok(())
}
