//! `edx`: the edxview command line, a thin layer over edx-core for batch work, scripting and
//! benchmarks. Every number it prints comes from the same code the browser app runs.

mod analyze;
mod export;
mod inspect;
mod load;
mod muscles;
mod needle_report;
mod needle_table;
mod report;
mod study_export;
mod whole_study;

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
    /// Export what files hold: a recording's physical values with a time column as CSV (--csv);
    /// or, for the study the files make, every measurement as CSV (--measurements), the needle
    /// examination table as CSV (--needle-table), the study file (--study-file), all on
    /// standard output, or its nerve conduction studies as EDF+D in edxview's convention
    /// (--edf FILE).
    #[command(group(clap::ArgGroup::new("what").required(true).args(["csv", "measurements", "needle_table", "study_file", "edf"])))]
    Export {
        /// The files: of one recording for --csv (a WFDB .hea with its data files, or one
        /// file), of one study otherwise (nerve conduction files, needle recordings, a study file).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The recording's physical values, a time column (seconds from the recording start)
        /// first; gaps are empty cells.
        #[arg(long)]
        csv: bool,
        /// Every measurement of the study, one line per value with its unit, limit, verdict and
        /// the limit's source (columns in docs/cli.md).
        #[arg(long)]
        measurements: bool,
        /// The needle examination table, one line per cell with its source.
        #[arg(long)]
        needle_table: bool,
        /// The study as an edxview study file (version 2): nerve conductions with their
        /// markers and measurements, the needle examination table, the comment.
        #[arg(long)]
        study_file: bool,
        /// Write the study's nerve conduction sweeps to this file as EDF+D (16-bit) in
        /// edxview's convention (docs/formats/ncs-edf.md), whatever format they were read from.
        #[arg(long, value_name = "FILE")]
        edf: Option<PathBuf>,
        /// With --csv: only these channels, by label, comma-separated.
        #[arg(long, value_delimiter = ',')]
        channels: Vec<String>,
        /// With --csv: only this channel, by its whole label (which may hold a comma, as WFDB's
        /// `sig 0, fmt 8`); repeat it for several, in order, after any --channels.
        #[arg(long = "channel", value_name = "LABEL")]
        channel: Vec<String>,
        /// With --csv: start of the exported window, in seconds from the recording start.
        #[arg(long, default_value_t = 0.0)]
        start: f64,
        /// With --csv: length of the exported window, in seconds (the rest of the recording if omitted).
        #[arg(long)]
        duration: Option<f64>,
        /// With --measurements or --study-file: the normal limits, a built-in profile
        /// (`preston-shapiro`, `buschbacher`) or a profile JSON file.
        #[arg(long)]
        profile: Option<String>,
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
    /// Write the whole study the files make as a printable HTML report (header, nerve
    /// conduction tables with limits and sources, comparisons, needle examination table,
    /// impression, numbered sources) on standard output: the report the app prints.
    Report {
        /// The files of one study (nerve conduction files, needle recordings, a study file).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write HTML (the only report format).
        #[arg(long, required = true)]
        html: bool,
        /// Normal limits: a built-in profile (`preston-shapiro`, `buschbacher`) or a profile JSON file.
        #[arg(long)]
        profile: Option<String>,
        /// Why the study was requested, printed in the header (else the one a study file keeps).
        #[arg(long, value_name = "TEXT")]
        reason: Option<String>,
        /// The physician's comment, printed in its own section (else the one a study file keeps).
        #[arg(long)]
        comment: Option<String>,
    },
    /// Write a built-in demo as a BDF file (nerve conduction demos as BDF+D in edxview's
    /// convention, needle demos as BDF+C), a whole-study demo as files in a folder, or the test
    /// recording `test-tones` as EDF.
    #[command(group(clap::ArgGroup::new("output").required(true).args(["bdf", "edf", "dir"])))]
    Simulate {
        /// The demo's identifier (see `edx demos`), or `test-tones`: a test recording with a
        /// distinct tone per channel (7, 8, 9… Hz, 300 µV) plus deterministic noise, 20 kHz,
        /// written one-second record by record as 16-bit EDF.
        demo: String,
        /// Write a demo as BDF to this file.
        #[arg(long)]
        bdf: Option<PathBuf>,
        /// Write the test recording (`test-tones`) as 16-bit EDF to this file.
        #[arg(long)]
        edf: Option<PathBuf>,
        /// Write a whole-study demo (`study-…`) into this folder: its nerve conduction studies
        /// as one BDF+D file and each muscle's needle recording as a BDF+C file named for it.
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Length, s: of a needle demo (default: the demo's own 10 s) or of the test recording
        /// (whole seconds; default 10).
        #[arg(long)]
        seconds: Option<f64>,
        /// Channels of the test recording (default 8).
        #[arg(long)]
        channels: Option<usize>,
        /// The amplifier's input range of a needle demo, ±µV: the signal beyond it is held at
        /// the converter's limits, which become the file's physical range, so the analysis
        /// finds those stretches clipped (200 clips the normal demo's largest unit).
        #[arg(long, value_parser = positive_number)]
        amplifier_range_uv: Option<f64>,
        /// The channel label a needle demo is written with, as an EMG machine labels the muscle
        /// and side (`EMG L Tibialis anterior`; BDF keeps 16 characters, `EMG L Tibialis a`).
        #[arg(long)]
        label: Option<String>,
        /// With --dir: write a whole study's needle recordings into one BDF+C file,
        /// `{demo}-needle.bdf`, one muscle after another, each opened by an annotation
        /// `Muscle: …; Side: …` (docs/formats/needle-muscle-annotations.md).
        #[arg(long, requires = "dir")]
        needle_in_one_file: bool,
    },
    /// List the built-in demo studies that `edx` and the browser app can simulate.
    Demos,
    /// List the muscle catalogue (nerve, branch, plexus, roots, sources), or show the muscle a
    /// name or channel label reads as (`edx muscles L_Tib_Ant`).
    Muscles {
        /// A muscle's name, abbreviation or channel label.
        name: Option<String>,
        /// Print JSON (layout in docs/cli.md) instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// What `edx simulate` was asked to write.
struct SimulateRequest {
    demo: String,
    bdf: Option<PathBuf>,
    edf: Option<PathBuf>,
    dir: Option<PathBuf>,
    seconds: Option<f64>,
    channels: Option<usize>,
    amplifier_range_uv: Option<f64>,
    label: Option<String>,
    needle_in_one_file: bool,
}

/// A number above zero, for options that are a size.
fn positive_number(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() && value > 0.0 => Ok(value),
        _ => Err(format!("expected a number above zero, not '{text}'")),
    }
}

/// Writes what `request` asks for: the test recording as EDF, record by record; a needle demo
/// (lasting and saturating as asked) as BDF+C; a nerve conduction demo as BDF+D.
fn simulate(request: SimulateRequest) -> Result<(), String> {
    use edx_core::synth::{demos, test_tones};
    let SimulateRequest { demo: id, bdf, edf, dir, seconds, channels, amplifier_range_uv, label, needle_in_one_file } =
        request;
    let whole_study = edx_core::synth::study::build(&id)
        .or_else(|| edx_core::synth::simulator::Simulation::parse(&id).map(|simulation| simulation.build()));
    if let Some(study) = whole_study {
        let folder = dir.ok_or_else(|| format!("'{id}' is a whole study of several files: give --dir FOLDER"))?;
        if seconds.is_some() || channels.is_some() || amplifier_range_uv.is_some() || label.is_some() {
            return Err(format!("'{id}' takes --dir (and --needle-in-one-file) only"));
        }
        return write_whole_study(&id, &study, &folder, needle_in_one_file);
    }
    if needle_in_one_file {
        return Err(format!("--needle-in-one-file writes whole-study demos (see `edx demos`), not '{id}'"));
    }
    if dir.is_some() {
        return Err(format!("--dir writes whole-study demos (see `edx demos`), not '{id}'"));
    }
    if id == test_tones::ID {
        let path = edf.ok_or("the test recording is written as EDF: give --edf FILE")?;
        if amplifier_range_uv.is_some() || label.is_some() {
            return Err("--amplifier-range-uv and --label apply to needle demos only".into());
        }
        let tones = test_tones::TestTones::lasting(
            channels.unwrap_or(test_tones::DEFAULT_N_CHANNELS),
            seconds.unwrap_or(test_tones::DEFAULT_DURATION_S),
        )
        .map_err(|error| error.to_string())?;
        return write_chunks(&path, tones.edf_chunks().map_err(|error| error.to_string())?);
    }
    if channels.is_some() {
        return Err(format!("--channels applies to the test recording ({}) only, not '{id}'", test_tones::ID));
    }
    let Some(path) = bdf else {
        return Err(format!(
            "demos are written as BDF: give --bdf FILE (--edf writes the test recording, {})",
            test_tones::ID
        ));
    };
    let recording = demos::NeedleRecording { duration_s: seconds, amplifier_range_uv };
    let bytes = if let Some(mut study) = demos::build_needle_recorded(&id, &recording) {
        let recording = study.recordings.first_mut().ok_or("the needle demo has no recording")?;
        if let (Some(label), Some(channel)) = (label, recording.channels.first_mut()) {
            channel.label = label;
        }
        edx_core::formats::edf::write::write_bdf_continuous(recording).map_err(|error| error.to_string())?
    } else {
        let study = demos::build(&id).ok_or_else(|| {
            let ids: Vec<&str> = demos::ALL
                .iter()
                .chain(demos::NEEDLE)
                .map(|demo| demo.id)
                .chain(edx_core::synth::study::STUDIES.iter().map(|demo| demo.id))
                .chain([test_tones::ID])
                .collect();
            format!("no demo '{id}'; the demos are: {}", ids.join(", "))
        })?;
        if seconds.is_some() {
            return Err(format!("--seconds applies to needle demos and the test recording only, not '{id}'"));
        }
        if amplifier_range_uv.is_some() || label.is_some() {
            return Err(format!("--amplifier-range-uv and --label apply to needle demos only, not '{id}'"));
        }
        edx_core::formats::ncs_edf::write(
            &study.nerve_conductions,
            &study.patient,
            "X X X X",
            &format!("edxview_demo_{id}"),
        )
        .ok_or("the demo's sweeps do not share one sampling rate")?
    };
    std::fs::write(&path, bytes).map_err(|error| format!("{}: {error}", path.display()))
}

/// Writes whole-study demo `id` into `folder`: `{id}-nerve-conductions.bdf` (BDF+D in
/// edxview's convention) and one BDF+C file per muscle, named as the study names its recording,
/// or with `needle_in_one_file`, all muscles in `{id}-needle.bdf` marked by muscle annotations.
fn write_whole_study(
    id: &str,
    study: &edx_core::model::Study,
    folder: &std::path::Path,
    needle_in_one_file: bool,
) -> Result<(), String> {
    std::fs::create_dir_all(folder).map_err(|error| format!("{}: {error}", folder.display()))?;
    let nerves = edx_core::formats::ncs_edf::write(
        &study.nerve_conductions,
        &study.patient,
        "X X X X",
        &format!("edxview_demo_{id}"),
    )
    .ok_or("the demo's sweeps do not share one sampling rate")?;
    let nerve_path = folder.join(format!("{id}-nerve-conductions.bdf"));
    std::fs::write(&nerve_path, nerves).map_err(|error| format!("{}: {error}", nerve_path.display()))?;
    let one_file = if needle_in_one_file {
        let joined = edx_core::synth::study::needle_in_one_file(study, &format!("{id}-needle.bdf"))
            .ok_or("the study's needle recordings do not share one channel layout")?;
        vec![joined]
    } else {
        Vec::new()
    };
    let needle = if needle_in_one_file { &one_file } else { &study.recordings };
    for recording in needle {
        let bytes =
            edx_core::formats::edf::write::write_bdf_continuous(recording).map_err(|error| error.to_string())?;
        let path = folder.join(&recording.file_name);
        std::fs::write(&path, bytes).map_err(|error| format!("{}: {error}", path.display()))?;
    }
    Ok(())
}

/// Writes `chunks` one after another to `path`, holding one chunk in memory at a time.
fn write_chunks<E: std::fmt::Display>(
    path: &std::path::Path,
    chunks: impl Iterator<Item = Result<Vec<u8>, E>>,
) -> Result<(), String> {
    use std::io::Write;
    let failed = |error: std::io::Error| format!("{}: {error}", path.display());
    let mut file = std::fs::File::create(path).map_err(failed)?;
    for chunk in chunks {
        file.write_all(&chunk.map_err(|error| error.to_string())?).map_err(failed)?;
    }
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inspect { files, json } => inspect::run(&files, json),
        Command::Export {
            files,
            csv,
            measurements,
            needle_table,
            study_file,
            edf,
            mut channels,
            channel,
            start,
            duration,
            profile,
        } => {
            channels.extend(channel);
            let window = export::Window { channels, start_s: start, duration_s: duration };
            let what = if measurements {
                Some(study_export::StudyExport::Measurements)
            } else if needle_table {
                Some(study_export::StudyExport::NeedleTable)
            } else if study_file {
                Some(study_export::StudyExport::StudyFile)
            } else {
                edf.map(study_export::StudyExport::NerveConductionsEdf)
            };
            match what {
                None if csv => export::run(&files, &window),
                None => {
                    Err("say what to export: --csv, --measurements, --needle-table, --study-file or --edf FILE".into())
                }
                Some(_) if !window.channels.is_empty() || window.start_s != 0.0 || window.duration_s.is_some() => {
                    Err("--channels, --channel, --start and --duration choose what --csv exports".into())
                }
                Some(what) => study_export::run(&files, &what, profile.as_deref()),
            }
        }
        Command::Analyze { files, json, profile } => analyze::run(&files, json, profile.as_deref()),
        Command::Report { files, html: _, profile, reason, comment } => {
            report::run(&files, profile.as_deref(), reason.as_deref(), comment.as_deref())
        }
        Command::Simulate { demo, bdf, edf, dir, seconds, channels, amplifier_range_uv, label, needle_in_one_file } => {
            simulate(SimulateRequest {
                demo,
                bdf,
                edf,
                dir,
                seconds,
                channels,
                amplifier_range_uv,
                label,
                needle_in_one_file,
            })
        }
        Command::Muscles { name, json } => muscles::run(name.as_deref(), json),
        Command::Demos => {
            for demo in edx_core::synth::demos::ALL.iter().chain(edx_core::synth::demos::NEEDLE) {
                println!("{:<24} {}", demo.id, demo.title);
            }
            for demo in edx_core::synth::study::STUDIES {
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
