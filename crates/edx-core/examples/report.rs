//! `cargo xtask report ncs|needle|blind|study`: the accuracy of the nerve conduction and needle
//! EMG analyses on simulated nerves and muscles, and of the study's impression on studies drawn
//! at random.

use edx_core::synth::accuracy::{self, ErrorStats, NcsAccuracy};
use edx_core::synth::fibre_needle::{blind_set, score as blind};
use edx_core::synth::needle::NeedleSpec;
use edx_core::synth::needle_accuracy::{self, NeedleScore};
use edx_core::synth::study_accuracy::{self, Outcome, OutcomeShares, StudyTrial};

fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "ncs".to_string());
    match which.as_str() {
        "ncs" => ncs_report(),
        "needle" => {
            needle_report();
            blind_report();
        }
        "blind" => blind_report(),
        "study" => study_report(),
        other => {
            eprintln!("report: unknown report {other:?}; reports: ncs, needle, blind, study");
            std::process::exit(2);
        }
    }
}

fn ncs_report() {
    const N_TRIALS: usize = 40;
    println!("# NCS accuracy on simulated nerves ({N_TRIALS} nerves per row)\n");
    println!("SNR = 20·log10(distal amplitude / noise RMS). Errors: mean / RMS / max |error| / share within the aim");
    println!(
        "(onset {} ms, amplitude {} %, velocity {} m/s). Truth: the noise-free takeoff (1 % of the",
        accuracy::ONSET_AIM_MS,
        accuracy::AMPLITUDE_AIM_PCT,
        accuracy::VELOCITY_AIM_M_PER_S
    );
    println!("response's amplitude) and amplitude; velocities from the noise-free takeoffs.\n");
    println!("| scenario | SNR dB | rate kHz | onset error ms | amplitude error % | velocity error m/s | takeoff after first fibre ms |");
    println!("|---|---|---|---|---|---|---|");
    for (scenario, spec) in accuracy::report_scenarios() {
        for sampling_rate_hz in [10_000.0, 20_000.0] {
            for snr_db in [40.0, 30.0, 20.0] {
                let result = accuracy::ncs_accuracy(scenario, &spec, snr_db, sampling_rate_hz, N_TRIALS);
                print_row(&result);
            }
        }
    }
}

fn print_row(result: &NcsAccuracy) {
    let cell = |stats: &ErrorStats| {
        format!("{:+.3} / {:.3} / {:.3} / {:.0} %", stats.mean, stats.rms, stats.max_abs, 100.0 * stats.within_aim)
    };
    println!(
        "| {} | {} | {} | {} | {} | {} | {:.3} |",
        result.scenario,
        result.snr_db,
        result.sampling_rate_hz / 1000.0,
        cell(&result.onset_error_ms),
        cell(&result.amplitude_error_pct),
        cell(&result.velocity_error_m_per_s),
        result.takeoff_after_first_fibre_ms
    );
}

fn needle_report() {
    const N_SEEDS: u64 = 10;
    println!("# Needle EMG accuracy on simulated muscles ({N_SEEDS} recordings of 10 s at 20 kHz per row)\n");
    println!(
        "Large units: peak-to-peak above {} × the signal RMS (EMGLAB's accuracy claim covers these).",
        needle_accuracy::EMGLAB_AMPLITUDE_OVER_RMS
    );
    println!(
        "A unit is found when a reported unit's discharges are mostly its own; invented units are reported units that"
    );
    println!(
        "are mostly nobody's or a second copy. Discharge sensitivity and precision count discharges within 0.5 ms."
    );
    println!("Template errors compare the reported template with the noise-free potential measured the same way.\n");
    println!("| muscle | large units found | small units found | invented units | discharge sensitivity | discharge precision | amplitude error % (mean / RMS) | duration error ms (mean / RMS) | fibs and PSWs found | named right | time per recording ms |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for (muscle, specs) in needle_accuracy::scenarios(N_SEEDS) {
        let clock = std::time::Instant::now();
        let scores: Vec<NeedleScore> = specs.iter().map(|spec| needle_accuracy::score(spec).0).collect();
        let per_recording_ms = clock.elapsed().as_secs_f64() * 1000.0 / specs.len() as f64;
        let sum = needle_accuracy::total(&scores);
        let share = |part: usize, whole: usize| {
            if whole == 0 {
                "–".to_string()
            } else {
                format!("{:.0} %", 100.0 * part as f64 / whole as f64)
            }
        };
        let stats = |errors: &[f64]| {
            let n = errors.len().max(1) as f64;
            format!(
                "{:+.1} / {:.1}",
                errors.iter().sum::<f64>() / n,
                (errors.iter().map(|error| error * error).sum::<f64>() / n).sqrt()
            )
        };
        println!(
            "| {muscle} | {}/{} | {}/{} | {} | {} | {} | {} | {} | {} | {} | {per_recording_ms:.0} |",
            sum.large_units_found,
            sum.large_units,
            sum.small_units_found,
            sum.small_units,
            sum.invented_units,
            share(sum.large_discharges_found, sum.large_discharges),
            share(sum.reported_discharges_correct, sum.reported_discharges),
            stats(&sum.amplitude_errors_pct),
            stats(&sum.duration_errors_ms),
            share(sum.denervation_found, sum.denervation_potentials),
            share(sum.denervation_named_right, sum.denervation_potentials),
        );
    }
    spontaneous_discharge_report(N_SEEDS);
    let minutes = 5.0;
    let false_rate: f64 =
        (0..3).map(|seed| needle_accuracy::false_denervation_per_minute(60.0 * minutes / 3.0, seed)).sum::<f64>() / 3.0;
    println!("\nQuiet muscle ({minutes} min of noise and hum): {false_rate:.2} false fibrillation potentials or positive sharp waves per minute.");
    physionet_needle_report();
}

/// Fasciculation potentials and repetitive discharges: how many of those simulated are named
/// right, and how many are reported where none was simulated, per muscle.
fn spontaneous_discharge_report(n_seeds: u64) {
    println!("\n| muscle | fasciculations named right | false fasciculations | repetitive discharges named right | false repetitive discharges |");
    println!("|---|---|---|---|---|");
    let muscles = needle_accuracy::scenarios(n_seeds).into_iter().chain([
        ("complex repetitive", (0..n_seeds).map(NeedleSpec::complex_repetitive_seeded).collect()),
        ("myotonic", (0..n_seeds).map(NeedleSpec::myotonic_seeded).collect()),
    ]);
    for (muscle, specs) in muscles {
        let scores: Vec<NeedleScore> = specs.iter().map(|spec| needle_accuracy::score(spec).0).collect();
        let sum = needle_accuracy::total(&scores);
        println!(
            "| {muscle} | {}/{} | {} | {}/{} | {} |",
            sum.fasciculations_named_right,
            sum.fasciculations,
            sum.false_fasciculations,
            sum.repetitive_named_right,
            sum.repetitive_discharges,
            sum.false_repetitive
        );
    }
}

/// The PhysioNet needle recordings side by side with the tibialis anterior reference.
fn physionet_needle_report() {
    let Some(folder) = shared_data().map(|data| data.join("physionet-emgdb")) else {
        println!("\n(PhysioNet recordings not found: set EDXVIEW_SHARED_DATA to the shared data folder.)");
        return;
    };
    let reference = edx_core::needle::tibialis_anterior();
    let limits = |pair: (f64, f64)| {
        format!(
            "{:.1}–{:.1}",
            edx_core::needle::MuapReference::lower(pair),
            edx_core::needle::MuapReference::upper(pair)
        )
    };
    println!("\n## PhysioNet needle recordings (tibialis anterior, concentric needle, 4 kHz)\n");
    println!("| record | units | mean amplitude µV | mean duration ms | mean phases | polyphasic % | pattern |");
    println!("|---|---|---|---|---|---|---|");
    println!(
        "| reference ({}) | 20 per muscle | {} | {} | {} | ≤ {} | |",
        reference.muscle,
        limits(reference.amplitude_uv),
        limits(reference.duration_ms),
        limits(reference.phases),
        reference.polyphasic_upper_pct
    );
    for record in ["emg_healthy", "emg_myopathy"] {
        let (Ok(header), Ok(data)) =
            (std::fs::read(folder.join(format!("{record}.hea"))), std::fs::read(folder.join(format!("{record}.dat"))))
        else {
            continue;
        };
        let Ok(recording) = edx_core::formats::wfdb::read(&header, &|_| Some(&data[..])) else { continue };
        let Ok(result) = edx_core::needle::analyse_channel(
            &recording.channels[0],
            &edx_core::needle::study::muscle_named(&recording, &recording.channels[0].label).name,
        ) else {
            continue;
        };
        let analysis = result.analysis;
        match analysis.summary {
            Some(summary) => println!(
                "| {record} | {} | {:.0} | {:.1} | {:.1} | {:.0} | {:?} |",
                summary.n_units,
                summary.mean_amplitude_uv,
                summary.mean_duration_ms,
                summary.mean_phases,
                summary.polyphasic_pct,
                analysis.pattern.pattern
            ),
            None => println!("| {record} | 0 | | | | | {:?} |", analysis.pattern.pattern),
        }
        for (unit_idx, unit) in analysis.units.iter().enumerate() {
            if let Some(measures) = unit.measures {
                println!(
                    "|   unit {} | {} discharges, {} Hz | {:.0} | {:.1} | {} | {} | |",
                    unit_idx + 1,
                    unit.discharge_times_s.len(),
                    unit.firing_rate_hz.map_or("–".to_string(), |rate| format!("{rate:.1}")),
                    measures.amplitude_uv,
                    measures.duration_ms,
                    measures.phases,
                    if measures.is_polyphasic() { "polyphasic" } else { "" }
                );
            }
        }
    }
    println!("\nA 4 kHz recording's bandwidth (2 kHz) is below what the reference values were measured with, so no pattern is labelled (Indeterminate).");
}

/// The shared data folder: `EDXVIEW_SHARED_DATA`, or `shared/data` in a folder above this crate.
fn shared_data() -> Option<std::path::PathBuf> {
    if let Some(folder) = std::env::var_os("EDXVIEW_SHARED_DATA") {
        return Some(folder.into());
    }
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|ancestor| ancestor.join("shared").join("data"))
        .find(|candidate| candidate.join("SOURCES.md").is_file())
}

/// The blind set: the fibre model's recordings, which no rule was tuned on (`synth::fibre_needle`).
fn blind_report() {
    const N_SEEDS: u64 = blind_set::SEEDS_PER_SCENARIO;
    println!(
        "\n# Needle EMG on the blind set ({N_SEEDS} recordings per row, the fibre model of `synth::fibre_needle`)\n"
    );
    println!("Rest and effort: share of each labelled rightly (every 10 ms). Fibrillation potentials and positive sharp waves");
    println!(
        "are found when either is reported within {} ms; \"visible\" ones stand at least {} times the noise RMS",
        needle_accuracy::SPONTANEOUS_TOLERANCE_MS,
        blind::VISIBLE_OVER_NOISE_RMS
    );
    println!("(peak to peak). Units and discharges as in the tuned set.\n");
    println!("| recordings | rest labelled rest | effort labelled voluntary | visible fibs and PSWs found | all found | named right | fibs and PSWs reported that were placed | fasciculations reported (none placed) | large units found | invented units | discharge sensitivity | discharge precision |");
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut all = blind::BlindScore::default();
    for (group, specs) in blind_set::scenarios(N_SEEDS) {
        let mut sum = blind::BlindScore::default();
        for spec in &specs {
            sum.add(&blind::score(spec).0);
        }
        print_blind_row(group, &sum);
        all.add(&sum);
    }
    print_blind_row("all", &all);
    println!("\nTime labelled right, rest and effort together: {:.1} %.", 100.0 * all.labelled_right());
    let false_rate = blind::false_denervation_per_minute(6, 50.0);
    println!("Quiet muscles of the blind set (5 min of coloured noise and hum): {false_rate:.2} false fibrillation potentials or positive sharp waves per minute.");
}

fn print_blind_row(group: &str, sum: &blind::BlindScore) {
    let percent =
        |part: f64, whole: f64| if whole > 0.0 { format!("{:.1} %", 100.0 * part / whole) } else { "–".to_string() };
    println!(
        "| {group} | {} | {} | {} ({}/{}) | {} ({}/{}) | {} | {} ({}/{}) | {} | {}/{} | {} | {} | {} |",
        percent(sum.rest_labelled_right_s, sum.rest_s),
        percent(sum.voluntary_labelled_right_s, sum.voluntary_s),
        percent(sum.visible_denervation_found as f64, sum.visible_denervation_placed as f64),
        sum.visible_denervation_found,
        sum.visible_denervation_placed,
        percent(sum.denervation_found as f64, sum.denervation_placed as f64),
        sum.denervation_found,
        sum.denervation_placed,
        percent(sum.denervation_named_right as f64, sum.denervation_placed as f64),
        percent(sum.denervation_reported_right as f64, sum.denervation_reported as f64),
        sum.denervation_reported_right,
        sum.denervation_reported,
        sum.fasciculations_reported,
        sum.large_units_found,
        sum.large_units,
        sum.invented_units,
        percent(sum.large_discharges_found as f64, sum.large_discharges as f64),
        percent(sum.reported_discharges_correct as f64, sum.reported_discharges as f64),
    );
}

fn study_report() {
    const N_TRIALS: usize = 4000;
    let trials = study_accuracy::study_trials(N_TRIALS, 0x57D1_AC00);
    println!("# The study's impression on {N_TRIALS} studies drawn at random\n");
    println!("Lesions of a clinical mix, muscles sampled as a clinician would (3–10 of the limb, with the");
    println!("paraspinals in three of four), grades misread as between two examiners, sensory responses on");
    println!("one side or both, conduction across the compression sites in most (`synth::study_accuracy`).");
    println!("First look: the study as sampled. Then: once the examinations the impression suggests (where");
    println!("it cannot tell two explanations apart) are done. Until answered: the same, again while it still");
    println!(
        "cannot tell, {} rounds at most. Adequate: six muscles or more of the limb with its paraspinals,",
        study_accuracy::FOLLOW_UP_ROUNDS
    );
    println!("and the sensory responses on both sides.\n");
    let cells = |shares: OutcomeShares| {
        format!("{:.1} / {:.1} / {:.1}", shares.correct_pct, shares.cannot_tell_pct, shares.confident_wrong_pct)
    };
    let row = |label: &str, selected: &[&StudyTrial]| {
        let first = study_accuracy::shares(selected.iter().map(|trial| trial.first_look));
        let then = study_accuracy::shares(selected.iter().map(|trial| trial.outcome));
        let last = study_accuracy::shares(selected.iter().map(|trial| trial.final_outcome));
        println!("| {label} | {} | {} | {} | {} |", selected.len(), cells(first), cells(then), cells(last));
    };
    let header = |first: &str| {
        println!("| {first} | studies | first look: correct / cannot tell / wrong, % | then, % | until answered, % |");
        println!("|---|---|---|---|---|");
    };
    let select = |keep: &dyn Fn(&StudyTrial) -> bool| -> Vec<&StudyTrial> {
        trials.iter().filter(|trial| keep(trial)).collect()
    };
    header("sampling");
    row("adequate", &select(&|trial| trial.adequate));
    row("not adequate", &select(&|trial| !trial.adequate));
    row("all", &select(&|_| true));
    println!();
    header("muscles of the limb");
    for n_muscles in 3..=10 {
        row(&n_muscles.to_string(), &select(&|trial| trial.limb_muscles == n_muscles));
    }
    println!("\nAdequate sampling, by the lesion drawn:\n");
    header("lesion");
    let mut kinds: Vec<String> = trials.iter().map(|trial| study_accuracy::kind_name(trial.truth)).collect();
    kinds.sort();
    kinds.dedup();
    for kind in &kinds {
        row(kind, &select(&|trial| trial.adequate && study_accuracy::kind_name(trial.truth) == *kind));
    }
    let mut wrong: Vec<(String, String)> = trials
        .iter()
        .filter(|trial| trial.final_outcome == Outcome::ConfidentWrong)
        .map(|trial| (trial.truth.name(), trial.localisation.lesion.clone().unwrap_or_default()))
        .collect();
    wrong.sort();
    println!("\nEvery study named wrongly in the end ({}):\n", wrong.len());
    let mut counted: Vec<((String, String), usize)> = Vec::new();
    for pair in wrong {
        match counted.last_mut() {
            Some((last, count)) if *last == pair => *count += 1,
            _ => counted.push((pair, 1)),
        }
    }
    for ((truth, named), count) in counted {
        println!("- drawn {truth}, named {named}: {count}");
    }
}
