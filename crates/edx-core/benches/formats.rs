//! Decode throughput of the EDF and WFDB readers on one large recording written both ways: 8
//! channels at 20 kHz, 16-bit, long enough for a 150 MB file, with a reference run in the same
//! process (the bare conversion of the same 16-bit samples to `f32`, the floor any reader
//! stands on). `cargo xtask bench formats` runs this, prints MB/s and ratios, and times
//! pyEDFlib, MNE and wfdb-python on the same files where Python is available.
//!
//! The files are written once to `target/bench-data/` (their paths are printed) so other tools
//! can read exactly the same bytes.

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// Channels, sampling rate and length of the recording: 8 × 20 000 × 2 bytes × 480 s ≈ 154 MB.
const N_CHANNELS: usize = 8;
const RATE_HZ: usize = 20_000;
const SECONDS: usize = 480;

/// The i-th sample of channel `channel`: a mix of tones and deterministic noise, 16-bit.
fn sample(channel: usize, idx: usize) -> i16 {
    let time = idx as f64 / RATE_HZ as f64;
    let tone = 4_000.0 * (std::f64::consts::TAU * (7.0 + channel as f64) * time).sin()
        + 1_500.0 * (std::f64::consts::TAU * 180.0 * time).sin();
    let noise = ((idx.wrapping_mul(2_654_435_761).wrapping_add(channel * 97) >> 7) % 2_001) as f64 - 1_000.0;
    (tone + noise).round() as i16
}

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench-data")
}

/// Writes the EDF file (one-second records) unless it exists; returns its path.
fn edf_file() -> PathBuf {
    let path = data_dir().join("bench-8ch-20kHz.edf");
    if path.is_file() {
        return path;
    }
    std::fs::create_dir_all(data_dir()).expect("bench data folder");
    let field = |text: &str, width: usize| {
        let mut bytes = text.as_bytes().to_vec();
        bytes.resize(width, b' ');
        bytes
    };
    let mut bytes = Vec::with_capacity(256 * (N_CHANNELS + 1) + N_CHANNELS * RATE_HZ * 2 * SECONDS);
    bytes.extend(field("0", 8));
    bytes.extend(field("X X X X", 80));
    bytes.extend(field("Startdate 01-JAN-2020 X X edxview_benchmark", 80));
    bytes.extend(field("01.01.20", 8));
    bytes.extend(field("00.00.00", 8));
    bytes.extend(field(&(256 * (N_CHANNELS + 1)).to_string(), 8));
    bytes.extend(field("", 44));
    bytes.extend(field(&SECONDS.to_string(), 8));
    bytes.extend(field("1", 8));
    bytes.extend(field(&N_CHANNELS.to_string(), 4));
    let per_channel = |text: &dyn Fn(usize) -> String, width: usize, bytes: &mut Vec<u8>| {
        for channel in 0..N_CHANNELS {
            bytes.extend(field(&text(channel), width));
        }
    };
    per_channel(&|channel| format!("EMG {}", channel + 1), 16, &mut bytes);
    per_channel(&|_| "Concentric needle".into(), 80, &mut bytes);
    per_channel(&|_| "uV".into(), 8, &mut bytes);
    per_channel(&|_| "-3276.8".into(), 8, &mut bytes);
    per_channel(&|_| "3276.7".into(), 8, &mut bytes);
    per_channel(&|_| "-32768".into(), 8, &mut bytes);
    per_channel(&|_| "32767".into(), 8, &mut bytes);
    per_channel(&|_| "HP:2Hz LP:10kHz".into(), 80, &mut bytes);
    per_channel(&|_| RATE_HZ.to_string(), 8, &mut bytes);
    per_channel(&|_| String::new(), 32, &mut bytes);
    for record in 0..SECONDS {
        for channel in 0..N_CHANNELS {
            for idx in record * RATE_HZ..(record + 1) * RATE_HZ {
                bytes.extend(sample(channel, idx).to_le_bytes());
            }
        }
    }
    std::fs::write(&path, bytes).expect("bench EDF written");
    path
}

/// Writes the WFDB record (format 16, interleaved) unless it exists; returns the header's path.
fn wfdb_files() -> PathBuf {
    let header = data_dir().join("bench-8ch-20kHz.hea");
    let data = data_dir().join("bench-8ch-20kHz.dat");
    if header.is_file() && data.is_file() {
        return header;
    }
    std::fs::create_dir_all(data_dir()).expect("bench data folder");
    let n_samples = RATE_HZ * SECONDS;
    let mut text = format!("bench-8ch-20kHz {N_CHANNELS} {RATE_HZ} {n_samples}\n");
    let mut bytes = Vec::with_capacity(N_CHANNELS * n_samples * 2);
    for idx in 0..n_samples {
        for channel in 0..N_CHANNELS {
            bytes.extend(sample(channel, idx).to_le_bytes());
        }
    }
    for channel in 0..N_CHANNELS {
        let checksum = (0..n_samples).fold(0u16, |sum, idx| sum.wrapping_add(sample(channel, idx) as u16));
        let first = sample(channel, 0);
        text.push_str(&format!(
            "bench-8ch-20kHz.dat 16 10/uV 16 0 {first} {} 0 EMG {}\n",
            checksum as i16,
            channel + 1
        ));
    }
    std::fs::write(&data, bytes).expect("bench WFDB data written");
    std::fs::write(&header, text).expect("bench WFDB header written");
    header
}

fn decode_throughput(criterion: &mut Criterion) {
    let edf_path = edf_file();
    let header_path = wfdb_files();
    let edf = std::fs::read(&edf_path).expect("bench EDF");
    let header = std::fs::read(&header_path).expect("bench WFDB header");
    let data = std::fs::read(header_path.with_extension("dat")).expect("bench WFDB data");
    println!(
        "bench files: {} ({} bytes), {} + .dat ({} bytes)",
        edf_path.display(),
        edf.len(),
        header_path.display(),
        data.len()
    );
    let mut group = criterion.benchmark_group("decode-8ch-20kHz-16bit");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.bench_function("edf", |bencher| bencher.iter(|| edx_core::formats::edf::read(&edf).expect("EDF reads")));
    group.bench_function("wfdb-format-16", |bencher| {
        bencher.iter(|| edx_core::formats::wfdb::read(&header, &|_| Some(&data[..])).expect("WFDB reads"))
    });
    group.bench_function("reference-i16-to-f32", |bencher| {
        bencher.iter(|| {
            let samples: Vec<f32> =
                data.chunks_exact(2).map(|pair| f32::from(i16::from_le_bytes([pair[0], pair[1]])) * 0.1).collect();
            samples
        })
    });
    group.finish();
}

criterion_group!(benches, decode_throughput);
criterion_main!(benches);
