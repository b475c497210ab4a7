//! Project automation for edxview, run as `cargo xtask <task>` (the cargo-xtask pattern).
//!
//! Each task installs what it needs that is missing (the wasm32 target, Trunk 0.21, the
//! wasm-bindgen CLI matching Cargo.lock, Chromium for the browser tests), prints every command it
//! runs, and builds with `--offline` so nothing is downloaded at build time.

mod bench;
mod command;
mod fuzz;
mod server;
mod site;
mod test;
mod tools;

use std::path::PathBuf;
use std::process::ExitCode;

/// The tasks, with the one-line help `cargo xtask` prints.
const TASKS: &[(&str, &str)] = &[
    ("serve", "build the app and serve it on http://127.0.0.1:8080 (opens on a built-in demo study)"),
    ("test", "run every check: formatting, clippy, native tests, the wasm build and the browser tests"),
    ("dist", "build the static site into dist/ and print the wasm size, raw and gzip"),
    ("report", "print an accuracy report: `report ncs` (nerve conduction on simulated nerves), `report needle` (needle EMG on the tuned and the blind simulated muscles) `report blind` (the blind set alone) or `report study` (the study's impression on studies drawn at random)"),
    ("fuzz", "run every reader's fuzz target (or the named ones), SECONDS each (default 600): `fuzz [SECONDS] [TARGET...]`"),
    ("bench", "run a criterion benchmark and print ratios to its in-process reference: `bench needle|needle_study|formats`"),
];

fn main() -> ExitCode {
    let task = std::env::args().nth(1);
    let result = match task.as_deref() {
        Some("serve") => site::serve(),
        Some("test") => test::test_everything(),
        Some("dist") => site::dist().map(|_| ()),
        Some("fuzz") => fuzz::fuzz(
            std::env::args().nth(2).and_then(|seconds| seconds.parse().ok()).unwrap_or(600),
            &std::env::args().skip(3).collect::<Vec<_>>(),
        ),
        Some("bench") => bench::bench(std::env::args().nth(2).as_deref().unwrap_or("needle")),
        Some("report") => report(std::env::args().nth(2).as_deref().unwrap_or("ncs")),
        _ => return print_tasks(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("xtask: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Runs edx-core's report example in release mode (simulations are slow unoptimised).
fn report(which: &str) -> TaskResult {
    command::run(command::cargo().current_dir(repository_root()).args([
        "run",
        "--quiet",
        "--release",
        "--package",
        "edx-core",
        "--example",
        "report",
        "--",
        which,
    ]))
}

fn print_tasks() -> ExitCode {
    eprintln!("usage: cargo xtask <task>\n\ntasks:");
    for (name, help) in TASKS {
        eprintln!("  {name:<7} {help}");
    }
    ExitCode::FAILURE
}

/// The repository root: the parent of this crate's manifest directory.
pub fn repository_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().map(PathBuf::from).unwrap_or(manifest_dir)
}

/// A task's failure, as one sentence for the user.
pub type TaskResult<T = ()> = Result<T, String>;
