//! `edx`: the edxview command line, a thin layer over edx-core for batch work, scripting and
//! benchmarks. Every number it prints comes from the same code the browser app runs.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Inspect and analyse electrodiagnostic studies (nerve conduction and needle EMG) on this machine.
#[derive(Debug, Parser)]
#[command(name = "edx", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the built-in demo studies that `edx` and the browser app can simulate.
    Demos,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Demos) => {
            for demo in edx_core::synth::demos::ALL {
                println!("{:<24} {}", demo.id, demo.title);
            }
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("edx: no command given; run `edx --help` for the list");
            ExitCode::FAILURE
        }
    }
}
