//! Finding, checking and installing the tools the build and the tests need.
//!
//! Installed tools are checked by version and reused; a missing one is installed the way the
//! README would tell a user to, or, where that needs root, the exact command is printed.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::command::{cargo, run, version_of};
use crate::{repository_root, TaskResult};

/// Trunk 0.22 needs a newer rustc than these machines have, so the build pins 0.21.
const TRUNK_VERSION_REQUIREMENT: &str = "~0.21";
const TRUNK_VERSION_PREFIX: &str = "trunk 0.21.";

/// The wasm-opt crate release and the Binaryen version it prints.
const WASM_OPT_CRATE_VERSION: &str = "0.116.1";
const WASM_OPT_VERSION_MARK: &str = "version_116";

/// The command that installs Debian's Chromium and its WebDriver.
const CHROMIUM_INSTALL: &str = "apt-get update && apt-get install -y chromium chromium-driver";

/// Makes sure rustfmt and clippy are present.
pub fn ensure_rust_components() -> TaskResult {
    let has_fmt = cargo().args(["fmt", "--version"]).output().is_ok_and(|output| output.status.success());
    let has_clippy = cargo().args(["clippy", "--version"]).output().is_ok_and(|output| output.status.success());
    if has_fmt && has_clippy {
        return Ok(());
    }
    run(Command::new("rustup").args(["component", "add", "rustfmt", "clippy"]))
}

/// Makes sure everything the wasm build needs is installed: the target, Trunk, wasm-bindgen and
/// wasm-opt.
pub fn ensure_web_build_tools() -> TaskResult {
    ensure_build_tools_but_wasm_opt()?;
    ensure_wasm_opt()
}

/// Makes sure the wasm32 target, Trunk and wasm-bindgen are installed: enough to build the app,
/// unshrunk.
pub fn ensure_build_tools_but_wasm_opt() -> TaskResult {
    ensure_wasm_target()?;
    ensure_trunk()?;
    ensure_wasm_bindgen()
}

/// Whether Binaryen's wasm-opt of the version the build expects is installed.
pub fn has_wasm_opt() -> bool {
    version_of("wasm-opt").is_some_and(|version| version.contains(WASM_OPT_VERSION_MARK))
}

/// Says what is about to be installed and how long it takes the first time, measured on a
/// 2-core machine (later runs find it installed).
fn announce(what: &str, first_time: &str) {
    println!("installing {what}: a first run compiles it from source, about {first_time} on a 2-core machine");
}

fn ensure_wasm_target() -> TaskResult {
    let installed = Command::new("rustup").args(["target", "list", "--installed"]).output();
    let has_target = installed.as_ref().is_ok_and(|output| {
        String::from_utf8_lossy(&output.stdout).lines().any(|line| line.trim() == "wasm32-unknown-unknown")
    });
    if has_target {
        return Ok(());
    }
    println!("installing the wasm32 target of the Rust toolchain (a download of a few seconds)");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn ensure_trunk() -> TaskResult {
    match version_of("trunk") {
        Some(version) if version.starts_with(TRUNK_VERSION_PREFIX) => Ok(()),
        found => {
            if let Some(version) = found {
                println!("found {version}; edxview needs Trunk {TRUNK_VERSION_REQUIREMENT}");
            }
            announce("Trunk 0.21, which builds the web app", "6 minutes");
            run(cargo().args(["install", "trunk", "--version", TRUNK_VERSION_REQUIREMENT, "--locked"]))
        }
    }
}

fn ensure_wasm_bindgen() -> TaskResult {
    let wanted = locked_version("wasm-bindgen")?;
    match version_of("wasm-bindgen") {
        Some(version) if version == format!("wasm-bindgen {wanted}") => Ok(()),
        found => {
            if let Some(version) = found {
                println!("found {version}; Cargo.lock needs wasm-bindgen {wanted}");
            }
            announce(&format!("wasm-bindgen {wanted}, which joins the app's WebAssembly to the page"), "2 minutes");
            // Without --locked: the CLI's own lock file names crate versions the registry may lack.
            run(cargo().args(["install", "wasm-bindgen-cli", "--version", &wanted, "--force"]))
        }
    }
}

/// Binaryen's optimiser, built from the `wasm-opt` crate because the machine has no binary of it.
/// It shrinks the app's wasm by about 40 % (26 % after gzip).
fn ensure_wasm_opt() -> TaskResult {
    match version_of("wasm-opt") {
        Some(version) if version.contains(WASM_OPT_VERSION_MARK) => Ok(()),
        found => {
            if let Some(version) = found {
                println!("found {version}; edxview builds with Binaryen {WASM_OPT_VERSION_MARK}");
            }
            announce("wasm-opt (Binaryen), which shrinks the app's WebAssembly", "7 minutes");
            run(cargo().args(["install", "wasm-opt", "--version", WASM_OPT_CRATE_VERSION, "--locked"]))
        }
    }
}

/// The version of `package` recorded in Cargo.lock.
pub fn locked_version(package: &str) -> TaskResult<String> {
    let lock_path = repository_root().join("Cargo.lock");
    let lock =
        std::fs::read_to_string(&lock_path).map_err(|error| format!("cannot read {}: {error}", lock_path.display()))?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line {
            if let Some(version) = lines.next().and_then(|line| line.trim().strip_prefix("version = \"")) {
                return Ok(version.trim_end_matches('"').to_string());
            }
        }
    }
    Err(format!("Cargo.lock names no `{package}` package"))
}

/// The Chromium binary, installing Debian's package when running as root.
pub fn ensure_chromium() -> TaskResult<PathBuf> {
    if let Some(path) = find_chromium() {
        return Ok(path);
    }
    if !is_root() {
        return Err(format!("the browser tests need Chromium; install it with: sudo sh -c '{CHROMIUM_INSTALL}'"));
    }
    println!("installing Debian's Chromium for the browser tests (a download of about a minute)");
    run(Command::new("sh").args(["-c", CHROMIUM_INSTALL]).env("DEBIAN_FRONTEND", "noninteractive"))?;
    find_chromium().ok_or_else(|| "Chromium was installed but /usr/bin/chromium is missing".to_string())
}

fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROMIUM_PATH").map(PathBuf::from).filter(|path| path.exists()) {
        return Some(path);
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(Path::new)
        .find(|path| path.exists())
        .map(Path::to_path_buf)
}

/// Node.js and npm, which run Playwright; installed from Debian when missing and running as root.
pub fn ensure_node() -> TaskResult {
    ensure_debian_packages(&["node", "npm"], "nodejs npm", "the browser tests")
}

/// Python 3, whose `csv` module reads the command line's CSV exports back in a test; installed
/// from Debian when missing and running as root.
pub fn ensure_python3() -> TaskResult {
    ensure_debian_packages(&["python3"], "python3", "the export tests")
}

/// Makes sure every one of `commands` runs, installing the Debian `packages` when one is missing
/// and this runs as root; otherwise says what `needed_by` needs and how to install it.
fn ensure_debian_packages(commands: &[&str], packages: &str, needed_by: &str) -> TaskResult {
    if commands.iter().all(|command| version_of(command).is_some()) {
        return Ok(());
    }
    if !is_root() {
        return Err(format!(
            "{needed_by} need {}; install them with: sudo apt-get install -y {packages}",
            commands.join(" and ")
        ));
    }
    run(Command::new("sh")
        .args(["-c", &format!("apt-get update && apt-get install -y {packages}")])
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}
