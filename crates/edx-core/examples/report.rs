//! `cargo xtask report ncs`: the accuracy of the nerve conduction analysis on simulated nerves.

use edx_core::synth::accuracy::{self, ErrorStats, NcsAccuracy};

fn main() {
    let which = std::env::args().nth(1).unwrap_or_else(|| "ncs".to_string());
    match which.as_str() {
        "ncs" => ncs_report(),
        other => {
            eprintln!("report: unknown report {other:?}; reports: ncs");
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
