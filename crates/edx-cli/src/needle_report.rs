//! The needle EMG part of `edx analyze`: for each channel that looks like needle EMG, its
//! segments, spontaneous potentials, motor units and summary, rounded as reports print them
//! (layout in docs/cli.md).

use edx_core::display;
use edx_core::model::Study;
use edx_core::needle::{self, ActivityKind, ChannelNeedleAnalysis};
use serde::Serialize;

/// One channel's needle analysis.
#[derive(Debug, Serialize)]
pub struct NeedleReport {
    channel: String,
    muscle: Option<String>,
    side: Option<String>,
    part_from_s: Option<f64>,
    sampling_rate_hz: f64,
    analysed_segment_start_s: f64,
    noise_uv: f64,
    reference: Option<String>,
    looks_inverted: bool,
    segments: Vec<SegmentItem>,
    spontaneous: Vec<SpontaneousItem>,
    spontaneous_trains: Vec<TrainItem>,
    repetitive_discharges: Vec<RepetitiveItem>,
    spontaneous_grade: Option<GradeItem>,
    units: Vec<UnitItem>,
    summary: Option<SummaryItem>,
    recruitment_frequency_hz: Option<f64>,
    recruitment_ratio: Option<f64>,
    max_active_units: usize,
    interference_epochs: Vec<EpochItem>,
    median_frequency_hz: Option<f64>,
    pattern: String,
    statement: String,
    basis: Vec<String>,
    sources: Vec<String>,
    plain_language: String,
    acuity: Option<String>,
}

#[derive(Debug, Serialize)]
struct SegmentItem {
    kind: &'static str,
    basis: &'static str,
    start_s: f64,
    end_s: f64,
}

#[derive(Debug, Serialize)]
struct SpontaneousItem {
    time_s: f64,
    class: &'static str,
    amplitude_uv: f64,
    duration_ms: f64,
    train: Option<usize>,
}

#[derive(Debug, Serialize)]
struct TrainItem {
    class: &'static str,
    potentials: usize,
    firing_rate_hz: f64,
    interval_cv: f64,
    regular: bool,
    start_s: f64,
    end_s: f64,
}

#[derive(Debug, Serialize)]
struct RepetitiveItem {
    kind: &'static str,
    start_s: f64,
    end_s: f64,
    rate_hz: f64,
}

#[derive(Debug, Serialize)]
struct GradeItem {
    grade: String,
    potentials_per_s: f64,
    trains: usize,
    rule: String,
}

#[derive(Debug, Serialize)]
struct UnitItem {
    unit: usize,
    discharges: usize,
    discharge_times_s: Vec<f64>,
    firing_rate_hz: Option<f64>,
    interval_cv: Option<f64>,
    resolved_superimpositions: usize,
    amplitude_uv: Option<f64>,
    duration_ms: Option<f64>,
    phases: Option<usize>,
    polyphasic: Option<bool>,
    turns: Option<usize>,
    area_uv_ms: Option<f64>,
    thickness_ms: Option<f64>,
    size_index: Option<f64>,
    satellites: Option<usize>,
}

#[derive(Debug, Serialize)]
struct SummaryItem {
    units: usize,
    mean_amplitude_uv: f64,
    mean_duration_ms: f64,
    mean_phases: f64,
    mean_turns: f64,
    polyphasic_pct: f64,
}

#[derive(Debug, Serialize)]
struct EpochItem {
    start_s: f64,
    turns_per_s: f64,
    mean_amplitude_per_turn_uv: f64,
}

fn round(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

/// The needle reports of a study's recordings and its needle examination table: every channel
/// the core takes for needle EMG (not the sweeps of nerve conduction studies) is analysed,
/// whatever its length (the browser analyses up to [`needle::study::MAX_AUTOMATIC_S`] as a
/// study opens; the command line has no page to keep responsive), and gives its row of the
/// table, joined with the rows the study's files typed in (returned as rows to print and as the
/// table itself). Units whose duration markers a study file saved as moved by hand are measured
/// at them. Channels that cannot be analysed are reported on standard error.
pub fn of(study: &Study) -> NeedleFindings {
    let analysed: Vec<needle::NeedleChannel> = needle::needle_channels(study)
        .into_iter()
        .map(|(recording_idx, channel_idx)| {
            let recording = &study.recordings[recording_idx];
            let channel = &recording.channels[channel_idx];
            let named = needle::study::muscle_named(recording, &channel.label);
            let outcome = needle::analyse_channel(channel, &named.name);
            if let Err(error) = &outcome {
                eprintln!("edx: {}: {error}", recording.file_name);
            }
            needle::NeedleChannel {
                recording_idx,
                channel_idx,
                outcome: outcome.map_err(needle::NotAnalysed::from),
                analysis_ms: None,
            }
        })
        .collect();
    // Duration markers a study file saved as moved by hand are where the units are measured.
    let saved = needle::saved_duration_markers(study, &analysed);
    let channels: Vec<needle::NeedleChannel> =
        analysed.iter().zip(&saved).map(|(channel, moved)| channel.at_duration_markers(moved)).collect();
    let mut reports = Vec::new();
    for found in &channels {
        let Some(result) = found.analysis() else { continue };
        let recording = &study.recordings[found.recording_idx];
        let channel = &recording.channels[found.channel_idx];
        let named = needle::study::muscle_named(recording, &channel.label);
        let mut report = report(&channel.label, channel.sampling_rate_hz, result);
        let part = recording.part.as_ref();
        report.muscle = edx_core::muscles::identify(&named.name)
            .muscle()
            .map(|muscle| muscle.name.to_string())
            .or_else(|| part.and_then(|part| part.muscle.clone()));
        report.side = named.side.map(|side| side.to_string().to_lowercase());
        report.part_from_s = part.map(|part| round(part.from_s, 3));
        reports.push(report)
    }
    let examination = needle::examination::table(study, &channels);
    let label = |recording_idx: usize, channel_idx: usize| {
        Some(study.recordings.get(recording_idx)?.channels.get(channel_idx)?.label.clone())
    };
    let rows = crate::needle_table::rows(&examination, label);
    NeedleFindings { reports, rows, table: examination, channels }
}

/// What [`of`] finds in a study's needle recordings.
pub struct NeedleFindings {
    /// Each analysed channel's report.
    pub reports: Vec<NeedleReport>,
    /// The needle examination table's rows as printed.
    pub rows: Vec<crate::needle_table::RowReport>,
    /// The needle examination table.
    pub table: edx_core::model::NeedleExamination,
    /// Every needle channel with its analysis, or why it has none.
    pub channels: Vec<needle::NeedleChannel>,
}

fn report(label: &str, sampling_rate_hz: f64, result: &ChannelNeedleAnalysis) -> NeedleReport {
    let analysis = &result.analysis;
    let offset = result.segment_start_s;
    NeedleReport {
        channel: label.to_string(),
        muscle: None,
        side: None,
        part_from_s: None,
        sampling_rate_hz,
        analysed_segment_start_s: offset,
        noise_uv: round(analysis.noise_uv, 1),
        reference: result.reference.as_ref().map(|reference| reference.muscle.clone()),
        looks_inverted: analysis.looks_inverted,
        segments: analysis
            .segments
            .iter()
            .map(|segment| SegmentItem {
                kind: kind_name(segment.kind),
                basis: segment.basis.label(),
                start_s: round(offset + segment.start_s, 3),
                end_s: round(offset + segment.end_s, 3),
            })
            .collect(),
        spontaneous: analysis
            .spontaneous
            .potentials
            .iter()
            .map(|potential| SpontaneousItem {
                time_s: round(offset + potential.time_s, 4),
                class: potential.class.label(),
                amplitude_uv: round(potential.amplitude_uv, 0),
                duration_ms: round(potential.duration_ms, 1),
                train: potential.train_idx.map(|train_idx| train_idx + 1),
            })
            .collect(),
        spontaneous_trains: analysis
            .spontaneous
            .trains
            .iter()
            .map(|train| TrainItem {
                class: train.class.label(),
                potentials: train.n_potentials,
                firing_rate_hz: round(train.firing_rate_hz, 1),
                interval_cv: round(train.interval_cv, 2),
                regular: train.is_regular(),
                start_s: round(offset + train.start_s, 3),
                end_s: round(offset + train.end_s, 3),
            })
            .collect(),
        repetitive_discharges: analysis
            .spontaneous
            .repetitive
            .iter()
            .map(|discharge| RepetitiveItem {
                kind: discharge.kind.label(),
                start_s: round(offset + discharge.start_s, 3),
                end_s: round(offset + discharge.end_s, 3),
                rate_hz: round(discharge.rate_hz, 1),
            })
            .collect(),
        spontaneous_grade: analysis.spontaneous.grade.as_ref().map(|grade| GradeItem {
            grade: grade.label(),
            potentials_per_s: round(grade.potentials_per_s, 2),
            trains: grade.n_trains,
            rule: grade.rule.clone(),
        }),
        units: analysis
            .units
            .iter()
            .enumerate()
            .map(|(unit_idx, unit)| {
                let measures = unit.measures;
                UnitItem {
                    unit: unit_idx + 1,
                    discharges: unit.discharge_times_s.len(),
                    discharge_times_s: unit.discharge_times_s.iter().map(|&time_s| round(offset + time_s, 4)).collect(),
                    firing_rate_hz: unit.firing_rate_hz.map(|rate| round(rate, 1)),
                    interval_cv: unit.interval_cv.map(|cv| round(cv, 2)),
                    resolved_superimpositions: unit.n_resolved_superimpositions,
                    amplitude_uv: measures.map(|measures| round(measures.amplitude_uv, 0)),
                    duration_ms: measures.map(|measures| round(measures.duration_ms, 1)),
                    phases: measures.map(|measures| measures.phases),
                    polyphasic: measures.map(|measures| measures.is_polyphasic()),
                    turns: measures.map(|measures| measures.turns),
                    area_uv_ms: measures.map(|measures| round(measures.area_uv_ms, 0)),
                    thickness_ms: measures.map(|measures| round(measures.thickness_ms, 2)),
                    size_index: measures.map(|measures| round(measures.size_index, 2)),
                    satellites: measures.map(|measures| measures.satellites),
                }
            })
            .collect(),
        summary: analysis.summary.map(|summary| SummaryItem {
            units: summary.n_units,
            mean_amplitude_uv: round(summary.mean_amplitude_uv, 0),
            mean_duration_ms: round(summary.mean_duration_ms, 1),
            mean_phases: round(summary.mean_phases, 1),
            mean_turns: round(summary.mean_turns, 1),
            polyphasic_pct: round(summary.polyphasic_pct, 0),
        }),
        recruitment_frequency_hz: analysis.recruitment.recruitment_frequency_hz.map(|rate| round(rate, 1)),
        recruitment_ratio: analysis.recruitment.recruitment_ratio.map(|ratio| round(ratio, 1)),
        max_active_units: analysis.recruitment.max_active_units,
        interference_epochs: analysis
            .interference
            .iter()
            .map(|epoch| EpochItem {
                start_s: round(offset + epoch.start_s, 3),
                turns_per_s: round(epoch.turns_per_s, 0),
                mean_amplitude_per_turn_uv: round(epoch.mean_amplitude_per_turn_uv, 0),
            })
            .collect(),
        median_frequency_hz: analysis.median_frequency_hz.map(|frequency| round(frequency, 0)),
        pattern: format!("{:?}", analysis.pattern.pattern).to_lowercase(),
        statement: analysis.pattern.statement.clone(),
        basis: analysis.pattern.basis.clone(),
        sources: analysis.pattern.sources.clone(),
        plain_language: analysis.pattern.plain_language.clone(),
        acuity: analysis.pattern.acuity.map(|acuity| acuity.label().to_string()),
    }
}

fn kind_name(kind: ActivityKind) -> &'static str {
    match kind {
        ActivityKind::Rest => "rest",
        ActivityKind::Voluntary => "voluntary",
        ActivityKind::Insertion => "insertion",
        ActivityKind::Clipped => "clipped",
    }
}

/// Prints one channel's needle analysis as text.
pub fn print_text(report: &NeedleReport) {
    let muscle = match (&report.muscle, &report.side) {
        (Some(muscle), Some(side)) => format!("{muscle}, {side}, "),
        (Some(muscle), None) => format!("{muscle}, "),
        (None, _) => String::new(),
    };
    let part = report.part_from_s.map_or(String::new(), |from_s| format!(" from {} s", display::fixed(from_s, 1)));
    println!(
        "\n  Needle EMG: {muscle}channel {}{part} ({} kHz, noise {} µV)",
        report.channel,
        display::fixed(report.sampling_rate_hz / 1000.0, 1),
        display::fixed(report.noise_uv, 1)
    );
    let segments: Vec<String> = report
        .segments
        .iter()
        .map(|segment| {
            format!(
                "{} {}–{} s ({})",
                segment.kind,
                display::fixed(segment.start_s, 2),
                display::fixed(segment.end_s, 2),
                segment.basis
            )
        })
        .collect();
    if report.looks_inverted {
        println!("    {}", needle::polarity::LOOKS_INVERTED_NOTE);
    }
    println!("    segments: {}", segments.join("; "));
    match &report.spontaneous_grade {
        Some(grade) => println!(
            "    spontaneous activity at rest: grade {} ({} potentials/s, {} trains)",
            grade.grade,
            display::fixed(grade.potentials_per_s, 2),
            grade.trains
        ),
        None => println!("    no rest to examine for spontaneous activity"),
    }
    for train in &report.spontaneous_trains {
        println!(
            "      {} train: {} potentials at {} Hz, {} (CV {}), {}–{} s",
            train.class,
            train.potentials,
            display::fixed(train.firing_rate_hz, 1),
            if train.regular { "regular" } else { "irregular" },
            display::fixed(train.interval_cv, 2),
            display::fixed(train.start_s, 2),
            display::fixed(train.end_s, 2)
        );
    }
    for discharge in &report.repetitive_discharges {
        println!(
            "      {} at {} Hz, {}–{} s",
            discharge.kind,
            display::fixed(discharge.rate_hz, 1),
            display::fixed(discharge.start_s, 2),
            display::fixed(discharge.end_s, 2)
        );
    }
    println!(
        "    {:<5} {:>6} {:>8} {:>7} {:>7} {:>6} {:>6} {:>9}",
        "unit", "n", "rate Hz", "amp µV", "dur ms", "phases", "turns", "area µVms"
    );
    for unit in &report.units {
        let number = |value: Option<f64>, decimals: usize| {
            value.map(|value| display::fixed(value, decimals)).unwrap_or_else(|| "–".into())
        };
        let count = |value: Option<usize>| value.map(|value| value.to_string()).unwrap_or_else(|| "–".into());
        println!(
            "    {:<5} {:>6} {:>8} {:>7} {:>7} {:>6} {:>6} {:>9}",
            unit.unit,
            unit.discharges,
            number(unit.firing_rate_hz, 1),
            number(unit.amplitude_uv, 0),
            number(unit.duration_ms, 1),
            count(unit.phases),
            count(unit.turns),
            number(unit.area_uv_ms, 0)
        );
    }
    println!("    pattern: {}", report.statement);
    for line in &report.basis {
        println!("      · {line}");
    }
}
