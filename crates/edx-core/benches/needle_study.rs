//! The needle examination of a whole study: ten muscles of 30 s at 20 kHz analysed one after
//! another, as the browser's worker does, and their table derived, against one muscle analysed
//! alone in the same process (the ratio carries across machines). `cargo xtask bench
//! needle-study` runs this and prints the ratio.

use criterion::{criterion_group, criterion_main, Criterion};
use edx_core::model::Study;
use edx_core::needle::examination::table;
use edx_core::needle::study::{analyse_study_channel, needle_channels};
use edx_core::synth::demos::build_needle_lasting;

/// Every needle channel of `study` analysed, and the study's table.
fn examine(study: &Study) -> usize {
    let channels: Vec<_> = needle_channels(study)
        .into_iter()
        .map(|(recording_idx, channel_idx)| analyse_study_channel(study, recording_idx, channel_idx))
        .collect();
    table(study, &channels).rows.len()
}

fn needle_study(criterion: &mut Criterion) {
    let one = build_needle_lasting("needle-normal", Some(30.0)).expect("the normal needle demo");
    let ten = Study::merge((0..10).map(|_| one.clone()).collect());
    let mut group = criterion.benchmark_group("needle-study-10x30s-20kHz");
    group.sample_size(10);
    group.bench_function("ten-muscles", |bencher| bencher.iter(|| examine(&ten)));
    group.bench_function("one-muscle", |bencher| bencher.iter(|| examine(&one)));
    group.finish();
}

criterion_group!(benches, needle_study);
criterion_main!(benches);
