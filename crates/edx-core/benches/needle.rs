//! The whole needle analysis on one minute of simulated 20 kHz needle EMG (a myopathic muscle:
//! nine units firing throughout, the densest demo), against a reference run in the same process:
//! the spike-band filter alone over the same signal, so the ratio carries across machines.
//! `cargo xtask bench needle` runs this and prints the ratio.

use criterion::{criterion_group, criterion_main, Criterion};
use edx_core::dsp::filter::{zero_phase, Filter};
use edx_core::needle::analyse_needle;
use edx_core::synth::needle::NeedleSpec;

fn needle_analysis(criterion: &mut Criterion) {
    let simulated = NeedleSpec::myopathic().with_duration(60.0).simulate();
    let rate = simulated.sampling_rate_hz;
    let mut group = criterion.benchmark_group("needle-60s-20kHz");
    group.sample_size(10);
    group.bench_function("analyse_needle", |bencher| {
        bencher.iter(|| analyse_needle(&simulated.samples_uv, rate, None, None))
    });
    group.bench_function("reference-spike-band-filter", |bencher| {
        bencher.iter(|| {
            zero_phase(
                &simulated.samples_uv,
                rate,
                &[Filter::HighPass { cutoff_hz: 100.0 }, Filter::LowPass { cutoff_hz: 3_000.0 }],
            )
        })
    });
    group.finish();
}

criterion_group!(benches, needle_analysis);
criterion_main!(benches);
