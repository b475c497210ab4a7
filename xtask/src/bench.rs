//! `cargo xtask bench needle`: runs edx-core's criterion benchmark and prints each measured
//! task's time with its ratio to the reference run in the same process, so the figure carries
//! across machines.

use crate::{command, repository_root, TaskResult};

/// The benchmark groups and, for each, the reference function its ratios divide by.
const GROUPS: &[(&str, &str, &str)] = &[("needle", "needle-60s-20kHz", "reference-spike-band-filter")];

/// Runs benchmark `which` and prints its ratios.
pub fn bench(which: &str) -> TaskResult {
    let &(bench, group, reference) = GROUPS.iter().find(|(name, _, _)| *name == which).ok_or_else(|| {
        format!(
            "no benchmark {which:?}; benchmarks: {}",
            GROUPS.iter().map(|(name, _, _)| *name).collect::<Vec<_>>().join(", ")
        )
    })?;
    command::run(command::cargo().current_dir(repository_root()).args([
        "bench",
        "--package",
        "edx-core",
        "--bench",
        bench,
    ]))?;
    let directory = repository_root().join("target/criterion").join(group);
    let mean_ns = |function: &str| -> TaskResult<f64> {
        let path = directory.join(function).join("new/estimates.json");
        let text = std::fs::read_to_string(&path).map_err(|error| format!("{}: {error}", path.display()))?;
        mean_of(&text).ok_or_else(|| format!("{}: no mean estimate", path.display()))
    };
    let reference_ns = mean_ns(reference)?;
    let mut functions: Vec<String> = std::fs::read_dir(&directory)
        .map_err(|error| format!("{}: {error}", directory.display()))?
        .filter_map(Result::ok)
        .filter(|entry| entry.path().join("new/estimates.json").is_file())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    functions.sort();
    println!("\n{group}: mean time and ratio to {reference}");
    for function in functions {
        let mean = mean_ns(&function)?;
        println!("  {function:<32} {:>10.1} ms  {:>7.1} ×", mean / 1e6, mean / reference_ns);
    }
    Ok(())
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
