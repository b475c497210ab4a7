//! `cargo xtask test`: every check the project has, ending in one `N passed, M failed` line.
//!
//! Steps run in order and a failing step does not stop the later ones that do not depend on it,
//! so one run shows everything that is wrong. A tool that cannot be installed is a failed check
//! too, and the summary line is printed whatever failed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::command::{cargo, run, run_captured};
use crate::{repository_root, site, tools, TaskResult};

/// Passed and failed counts over all steps; a check without its own tests counts as one.
#[derive(Debug, Default)]
struct Tally {
    n_passed: usize,
    n_failed: usize,
    failures: Vec<String>,
}

impl Tally {
    fn check(&mut self, name: &str, passed: bool) {
        if passed {
            self.n_passed += 1;
        } else {
            self.n_failed += 1;
            self.failures.push(name.to_string());
        }
    }

    /// A step that could not run at all (a tool that could not be installed), with why.
    fn could_not_run(&mut self, name: &str, error: &str) {
        println!("{name} failed: {error}");
        self.check(name, false);
    }

    fn add_counts(&mut self, name: &str, counts: Option<(usize, usize)>, step_passed: bool) {
        match counts {
            Some((n_passed, n_failed)) => {
                self.n_passed += n_passed;
                self.n_failed += n_failed;
                if n_failed > 0 || !step_passed {
                    self.failures.push(name.to_string());
                }
                if n_failed == 0 && !step_passed {
                    self.n_failed += 1;
                }
            }
            None => self.check(name, step_passed),
        }
    }
}

/// Runs formatting, clippy, native tests, the wasm build and the browser tests.
pub fn test_everything() -> TaskResult {
    let root = repository_root();
    let mut tally = Tally::default();
    match tools::ensure_rust_components() {
        Ok(()) => {
            let (passed, _) = run_captured(cargo().current_dir(&root).args(["fmt", "--all", "--", "--check"]));
            tally.check("formatting (cargo fmt --check)", passed);
            let (passed, _) = run_captured(cargo().current_dir(&root).args([
                "clippy",
                "--workspace",
                "--exclude",
                "edxview",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ]));
            tally.check("clippy (native crates)", passed);
        }
        Err(error) => tally.could_not_run("installing rustfmt and clippy", &error),
    }

    if let Err(error) = tools::ensure_python3() {
        tally.could_not_run("installing Python 3 (the export tests read CSV back with it)", &error);
    }
    let (passed, output) =
        run_captured(cargo().current_dir(&root).args(["test", "--workspace", "--exclude", "edxview"]));
    tally.add_counts("native tests", cargo_test_counts(&output), passed);

    match tools::ensure_web_build_tools() {
        Ok(()) => web_checks(&root, &mut tally),
        Err(error) => tally.could_not_run("installing the wasm build tools", &error),
    }

    if !tally.failures.is_empty() {
        println!("\nfailed: {}", tally.failures.join(", "));
    }
    println!("\n{} passed, {} failed", tally.n_passed, tally.n_failed);
    if tally.n_failed == 0 {
        Ok(())
    } else {
        Err(format!("{} failed", tally.n_failed))
    }
}

/// Clippy on the app for wasm32, the site build and the browser tests.
fn web_checks(root: &Path, tally: &mut Tally) {
    let (passed, _) = run_captured(cargo().current_dir(root).args([
        "clippy",
        "--package",
        "edxview",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]));
    tally.check("clippy (web app, wasm32)", passed);
    match site::dist() {
        Ok(summary) => {
            tally.check("wasm build", true);
            match browser_tests(&summary.dist_dir) {
                Ok((passed, output)) => tally.add_counts("browser tests", node_test_counts(&output), passed),
                Err(error) => tally.could_not_run("setting up the browser tests", &error),
            }
        }
        Err(error) => tally.could_not_run("wasm build", &error),
    }
}

/// Installs the browser test harness and runs the end-to-end suite against `dist_dir`.
fn browser_tests(dist_dir: &Path) -> TaskResult<(bool, String)> {
    let root = repository_root();
    let e2e_dir = root.join("tests").join("e2e");
    tools::ensure_node()?;
    let chromium = tools::ensure_chromium()?;
    run(Command::new("npm").current_dir(&e2e_dir).args(["ci", "--no-audit", "--no-fund", "--loglevel=error"]))?;
    let shared_data = shared_data_dir();
    // The nerve conduction tests write their study files with `edx simulate`.
    run(cargo().current_dir(&root).args(["build", "--quiet", "--package", "edx-cli"]))?;
    // Where cargo put it: CARGO_TARGET_DIR, when set, moves the build out of the checkout.
    let target_dir = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let edx = target_dir.join("debug").join("edx");
    let test_files = crate::site::files_in(&e2e_dir.join("specs"))?;
    let mut node = Command::new("node");
    node.current_dir(&e2e_dir)
        .args(["--test", "--test-reporter=spec", "--test-concurrency=1"])
        .args(&test_files)
        .env("EDXVIEW_DIST", dist_dir)
        .env("EDXVIEW_SHARED_DATA", shared_data)
        .env("EDXVIEW_SCREENSHOTS", root.join("target").join("e2e"))
        .env("CHROMIUM_PATH", chromium)
        .env("EDX_BIN", edx);
    Ok(run_captured(&mut node))
}

/// The shared test recordings: `EDXVIEW_SHARED_DATA`, or `shared/data` in the nearest folder
/// above the repository that has one (`../shared/data` for a checkout beside it).
pub fn shared_data_dir() -> PathBuf {
    if let Some(path) = std::env::var_os("EDXVIEW_SHARED_DATA") {
        return PathBuf::from(path);
    }
    let root = repository_root();
    root.ancestors()
        .skip(1)
        .map(|ancestor| ancestor.join("shared").join("data"))
        .find(|candidate| candidate.join("SOURCES.md").is_file())
        .unwrap_or_else(|| root.join("..").join("shared").join("data"))
}

/// Sums `test result: ok. 14 passed; 0 failed; …` lines of `cargo test`.
fn cargo_test_counts(output: &str) -> Option<(usize, usize)> {
    let mut totals = None;
    for line in output.lines().filter(|line| line.starts_with("test result:")) {
        let count = |label: &str| {
            line.split(';').find_map(|part| {
                part.trim()
                    .trim_start_matches("test result: ok.")
                    .trim_start_matches("test result: FAILED.")
                    .trim()
                    .strip_suffix(label)?
                    .trim()
                    .parse::<usize>()
                    .ok()
            })
        };
        let (n_passed, n_failed) = totals.unwrap_or((0, 0));
        totals = Some((n_passed + count("passed").unwrap_or(0), n_failed + count("failed").unwrap_or(0)));
    }
    totals
}

/// Reads the `ℹ pass N` and `ℹ fail M` summary lines of Node's spec reporter.
fn node_test_counts(output: &str) -> Option<(usize, usize)> {
    let count = |label: &str| {
        output
            .lines()
            .rev()
            .find_map(|line| line.trim().strip_prefix("ℹ ")?.strip_prefix(label)?.trim().parse::<usize>().ok())
    };
    Some((count("pass ")?, count("fail ")?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cargo_test_lines_are_summed() {
        let output = "test result: ok. 14 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out\n\
                      test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out\n";
        assert_eq!(cargo_test_counts(output), Some((17, 2)));
        assert_eq!(cargo_test_counts("no tests here"), None);
    }

    #[test]
    fn a_step_that_could_not_run_counts_as_failed() {
        let mut tally = Tally::default();
        tally.check("formatting", true);
        tally.could_not_run("installing the wasm build tools", "no network");
        assert_eq!((tally.n_passed, tally.n_failed), (1, 1));
        assert_eq!(tally.failures, ["installing the wasm build tools"]);
    }

    #[test]
    fn node_summary_is_read() {
        let output = "✔ privacy (12ms)\nℹ tests 6\nℹ suites 0\nℹ pass 5\nℹ fail 1\nℹ cancelled 0\n";
        assert_eq!(node_test_counts(output), Some((5, 1)));
    }
}
