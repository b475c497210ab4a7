//! `edx`: the edxview command line, a thin layer over edx-core for batch work, scripting and
//! benchmarks. Every number it prints comes from the same code the browser app runs.

mod export;
mod inspect;
mod load;

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
    /// List the built-in demo studies that `edx` and the browser app can simulate.
    Demos,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inspect { files, json } => inspect::run(&files, json),
        Command::Export { files, csv: _, channels, start, duration } => {
            export::run(&files, &export::Window { channels, start_s: start, duration_s: duration })
        }
        Command::Demos => {
            for demo in edx_core::synth::demos::ALL {
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
