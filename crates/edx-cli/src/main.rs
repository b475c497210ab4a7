//! `edx`: the edxview command line, a thin layer over edx-core for batch work, scripting and
//! benchmarks. Every number it prints comes from the same code the browser app runs.

mod analyze;
mod export;
mod inspect;
mod load;
mod needle_report;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Inspect and analyse electrodiagnostic studies (nerve conduction and needle EMG) on this machine.
#[derive(Debug, Parser)]
#[command(name = "edx", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Describe recordings: format, channels (label, unit, rate, samples), duration, segments,
    /// annotations and warnings. Give a WFDB record's .hea together with its data files.
    Inspect {
        /// The files to read; files that form one record (WFDB .hea + .dat) go together.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON (layout in docs/cli.md) instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Write the physical values with a time column (seconds from the recording start) as CSV
    /// on standard output; gaps are empty cells.
    Export {
        /// The files of one recording (a WFDB .hea with its data files, or one file).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write CSV (the only export format).
        #[arg(long, required = true)]
        csv: bool,
        /// Only these channels, by label, comma-separated.
        #[arg(long, value_delimiter = ',')]
        channels: Vec<String>,
        /// Start of the exported window, in seconds from the recording start.
        #[arg(long, default_value_t = 0.0)]
        start: f64,
        /// Length of the exported window, in seconds (the rest of the recording if omitted).
        #[arg(long)]
        duration: Option<f64>,
    },
    /// Analyse nerve conduction studies: markers, measures, velocities, flags against cited
    /// normal limits, and findings.
    Analyze {
        /// The files to read (EDF+D/BDF+D following docs/formats/ncs-edf.md, or any recording).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print JSON (layout in docs/cli.md) instead of text.
        #[arg(long)]
        json: bool,
        /// Normal limits: a built-in profile (`preston-shapiro`, `buschbacher`) or a profile JSON file.
        #[arg(long)]
        profile: Option<String>,
    },
    /// Write a built-in demo as a BDF file: nerve conduction demos as BDF+D in edxview's
    /// convention, needle demos as BDF+C.
    Simulate {
        /// The demo's identifier (see `edx demos`).
        demo: String,
        /// Where to write the BDF file.
        #[arg(long)]
        bdf: PathBuf,
        /// Length of a needle demo, s (default: the demo's own 10 s).
        #[arg(long)]
        seconds: Option<f64>,
    },
    /// List the built-in demo studies that `edx` and the browser app can simulate.
    Demos,
}

/// Writes demo `id` to `path`: a nerve conduction demo as BDF+D, a needle demo (lasting
/// `seconds` if given) as BDF+C.
fn simulate(id: &str, path: &std::path::Path, seconds: Option<f64>) -> Result<(), String> {
    use edx_core::synth::demos;
    let bytes = if let Some(study) = demos::build_needle_lasting(id, seconds) {
        let recording = study.recordings.first().ok_or("the needle demo has no recording")?;
        edx_core::formats::edf::write::write_bdf_continuous(recording).map_err(|error| error.to_string())?
    } else {
        let study = demos::build(id).ok_or_else(|| {
            let ids: Vec<&str> = demos::ALL.iter().chain(demos::NEEDLE).map(|demo| demo.id).collect();
            format!("no demo '{id}'; the demos are: {}", ids.join(", "))
        })?;
        if seconds.is_some() {
            return Err(format!("--seconds applies to needle demos only, not '{id}'"));
        }
        edx_core::formats::ncs_edf::write(
            &study.nerve_conductions,
            &study.patient,
            "X X X X",
            &format!("edxview_demo_{id}"),
        )
        .ok_or("the demo's sweeps do not share one sampling rate")?
    };
    std::fs::write(path, bytes).map_err(|error| format!("{}: {error}", path.display()))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inspect { files, json } => inspect::run(&files, json),
        Command::Export { files, csv: _, channels, start, duration } => {
            export::run(&files, &export::Window { channels, start_s: start, duration_s: duration })
        }
        Command::Analyze { files, json, profile } => analyze::run(&files, json, profile.as_deref()),
        Command::Simulate { demo, bdf, seconds } => simulate(&demo, &bdf, seconds),
        Command::Demos => {
            for demo in edx_core::synth::demos::ALL.iter().chain(edx_core::synth::demos::NEEDLE) {
                println!("{:<24} {}", demo.id, demo.title);
            }
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("edx: {message}");
            ExitCode::FAILURE
        }
    }
}
