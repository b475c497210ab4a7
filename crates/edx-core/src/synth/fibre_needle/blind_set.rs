//! The blind test set: recordings of the fibre model that the needle analysis's rules were not
//! tuned on, spanning what domain.md §4 describes. Fibrillation densities from 1+ to 4+ at rates
//! of 0.5–15 Hz, regular and irregular trains, positive sharp waves, normal, neurogenic and
//! myopathic motor units of either polarity, a single unit firing alone at the onset of effort,
//! noise of 5–20 µV, 50 or 60 Hz hum, 10 and 20 kHz sampling, and whole recordings inverted.

use super::potentials::{sum_potentials, Fibre};
use super::{DenervationKind, DenervationTrain, FibreNeedleSpec, FiringUnit, Waveform};
use crate::synth::Random;

/// What a simulated muscle's motor units are like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// Normal units: 60 fibres within 3 mm of the unit's centre, 300–1200 µV.
    Normal,
    /// Reinnervated units: 150 fibres within 4.5 mm, with scattered delays, 1.5–5 mV.
    Neurogenic,
    /// Units that lost fibres: 25 fibres within 3 mm, of scattered velocities, 150–500 µV.
    Myopathic,
}

/// Uniform value between `low` and `high`.
fn between(random: &mut Random, low: f64, high: f64) -> f64 {
    low + (high - low) * random.uniform()
}

/// A motor unit potential of `kind` built from its fibres.
pub fn motor_unit_waveform(kind: UnitKind, main_phase_negative: bool, random: &mut Random) -> Waveform {
    let (n_fibres, territory_mm, end_plate_spread_mm, velocity, delay, amplitude_uv) = match kind {
        UnitKind::Normal => (60, 3.0, 3.0, (4.0, 0.4), (0.5, 0.15), (300.0, 1200.0)),
        UnitKind::Neurogenic => (150, 4.5, 5.0, (3.8, 0.7), (0.8, 0.45), (1500.0, 5000.0)),
        UnitKind::Myopathic => (25, 3.0, 3.0, (3.5, 0.9), (0.5, 0.25), (150.0, 500.0)),
    };
    let centre_mm = (between(random, 0.2, 1.5), 0.0);
    let zone_mm = -between(random, 5.0, 25.0);
    let fibres: Vec<Fibre> = (0..n_fibres)
        .map(|_| {
            // Uniform over the disc of the unit's territory.
            let radius = territory_mm * random.uniform().sqrt();
            let angle = random.uniform() * std::f64::consts::TAU;
            let (x, y) = (centre_mm.0 + radius * angle.cos(), centre_mm.1 + radius * angle.sin());
            let end_plate_mm = random.normal(zone_mm, end_plate_spread_mm);
            Fibre {
                radial_mm: (x * x + y * y).sqrt().max(0.05),
                end_plate_mm,
                positive_end_mm: end_plate_mm + between(random, 40.0, 60.0),
                negative_end_mm: end_plate_mm - between(random, 40.0, 60.0),
                velocity_m_per_s: random.normal(velocity.0, velocity.1).max(1.5),
                delay_ms: random.normal(delay.0, delay.1).max(0.1),
            }
        })
        .collect();
    Waveform::scaled(&sum_potentials(&fibres), between(random, amplitude_uv.0, amplitude_uv.1), main_phase_negative)
}

/// A fibrillation potential: one denervated fibre passing close to the needle, far from its end
/// plate, so its potential arrives propagated (initial positive phase), 50–400 µV. Closer than
/// about 0.2 mm Rosenfalck's profile makes the source ahead of the front outweigh the sink,
/// and the spike turns into a positive–negative one no source describes.
pub fn fibrillation_waveform(random: &mut Random) -> Waveform {
    let end_plate_mm = -between(random, 8.0, 30.0);
    let fibre = Fibre {
        radial_mm: between(random, 0.25, 0.6),
        end_plate_mm,
        positive_end_mm: end_plate_mm + 60.0,
        negative_end_mm: end_plate_mm - 40.0,
        velocity_m_per_s: between(random, 2.5, 4.5),
        delay_ms: 0.0,
    };
    Waveform::scaled(&sum_potentials(&[fibre]), between(random, 50.0, 400.0), true)
}

/// A positive sharp wave, 80–300 µV, drawn from its published description rather than from
/// fibres (a sharp positive deflection followed by a long, shallow negative phase, domain.md
/// §4.1): the positive phase rises as `t² e^(−t/τ)` with τ of 0.2–0.4 ms, the negative phase is
/// `t e^(−t/τ)` with τ of 2–5 ms, holding as much area as the positive one (the recording is
/// AC-coupled). (A fibre blocked at the needle would need the currents of its sealed end, which
/// the line-source sum of [`super::potentials`] leaves out.)
pub fn positive_sharp_wave_waveform(random: &mut Random) -> Waveform {
    let rise_ms = between(random, 0.2, 0.4);
    let fall_ms = between(random, 2.0, 5.0);
    let step_ms = super::potentials::STEP_MS;
    let n_steps = ((8.0 * rise_ms + 6.0 * fall_ms) / step_ms) as usize;
    let positive: Vec<f64> = (0..n_steps)
        .map(|step| {
            let time_ms = step as f64 * step_ms;
            (time_ms / rise_ms).powi(2) * (-time_ms / rise_ms).exp()
        })
        .collect();
    let negative: Vec<f64> = (0..n_steps)
        .map(|step| {
            // The negative phase starts as the positive one peaks.
            let time_ms = (step as f64 * step_ms - 2.0 * rise_ms).max(0.0);
            time_ms / fall_ms * (-time_ms / fall_ms).exp()
        })
        .collect();
    let balance = positive.iter().sum::<f64>() / negative.iter().sum::<f64>();
    let raw: Vec<f64> = positive.iter().zip(&negative).map(|(up, down)| up - balance * down).collect();
    Waveform::scaled(&raw, between(random, 80.0, 300.0), false)
}

/// How many trains of fibrillation potentials and of positive sharp waves make each grade in a
/// single recording (`grade` 0 to 4; edxview's reading of the 0–4+ scale, domain.md §4.1: 4+
/// "nearly filling the baseline").
fn trains_for_grade(grade: u8) -> (usize, usize) {
    match grade {
        0 => (0, 0),
        1 => (1, 0),
        2 => (2, 1),
        3 => (4, 2),
        _ => (8, 4),
    }
}

/// Fibrillation and positive sharp wave trains of `grade` between `start_s` and `end_s`.
fn denervation_trains(grade: u8, start_s: f64, end_s: f64, random: &mut Random) -> Vec<DenervationTrain> {
    let (n_fibrillation, n_positive) = trains_for_grade(grade);
    let mut trains = Vec::new();
    for (kind, count) in
        [(DenervationKind::Fibrillation, n_fibrillation), (DenervationKind::PositiveSharpWave, n_positive)]
    {
        for _ in 0..count {
            let waveform = match kind {
                DenervationKind::Fibrillation => fibrillation_waveform(random),
                DenervationKind::PositiveSharpWave => positive_sharp_wave_waveform(random),
            };
            let rate_hz = match kind {
                DenervationKind::Fibrillation => between(random, 0.5, 15.0),
                DenervationKind::PositiveSharpWave => between(random, 2.0, 10.0),
            };
            trains.push(DenervationTrain {
                kind,
                waveform,
                rate_hz,
                slowing_per_s: between(random, 0.0, 0.03),
                irregular: random.uniform() < 0.43,
                start_s,
                end_s,
            });
        }
    }
    trains
}

/// `n_units` units of `kind` recruited one after another from `effort_start_s`, the first firing
/// alone for `alone_s`, each from an onset rate of 5–10 Hz; `positive_share` of them record
/// with their main phase positive.
fn recruited_units(
    kind: UnitKind,
    n_units: usize,
    (effort_start_s, effort_end_s): (f64, f64),
    alone_s: f64,
    positive_share: f64,
    random: &mut Random,
) -> Vec<FiringUnit> {
    (0..n_units)
        .map(|unit_idx| {
            let main_phase_negative = random.uniform() >= positive_share;
            let waveform = motor_unit_waveform(kind, main_phase_negative, random);
            let recruited_s = effort_start_s + if unit_idx == 0 { 0.0 } else { alone_s + 0.7 * (unit_idx - 1) as f64 };
            FiringUnit {
                waveform,
                recruited_s,
                end_s: effort_end_s,
                onset_rate_hz: between(random, 5.0, 10.0),
                rate_rise_hz_per_s: between(random, 0.5, 2.0),
                max_rate_hz: between(random, 14.0, 20.0),
                interval_cv: between(random, 0.1, 0.2),
            }
        })
        .collect()
}

/// The recording settings a seed draws: sampling rate (every third at 10 kHz), noise of
/// 5–20 µV, 50 or 60 Hz hum.
fn recording(name: String, duration_s: f64, seed: u64, random: &mut Random) -> FibreNeedleSpec {
    FibreNeedleSpec {
        name,
        sampling_rate_hz: if seed % 3 == 2 { 10_000.0 } else { 20_000.0 },
        duration_s,
        noise_rms_uv: between(random, 5.0, 20.0),
        noise_corner_hz: between(random, 2_000.0, 5_000.0),
        hum_uv: between(random, 0.0, 20.0),
        hum_hz: if seed % 2 == 0 { 50.0 } else { 60.0 },
        inverted: false,
        effort_s: Vec::new(),
        units: Vec::new(),
        denervation: Vec::new(),
        seed,
    }
}

/// `grade` fibrillation potentials and positive sharp waves at rest for 5 s, then 7 s of effort
/// recruiting four units of `kind` one after another, a quarter of them with their main phase
/// positive (the recording of issue 16 and its variants).
pub fn denervated_then_effort(grade: u8, kind: UnitKind, seed: u64) -> FibreNeedleSpec {
    denervated_then_effort_with(grade, kind, 0.25, seed)
}

/// As [`denervated_then_effort`], with `positive_share` of the units' main phases positive.
fn denervated_then_effort_with(grade: u8, kind: UnitKind, positive_share: f64, seed: u64) -> FibreNeedleSpec {
    let mut random = Random::new(0xB11D ^ (seed << 8) ^ u64::from(grade));
    let mut spec = recording(format!("{grade}+ at rest, then effort ({kind:?} units)"), 12.0, seed, &mut random);
    spec.denervation = denervation_trains(grade, 0.0, 5.0, &mut random);
    spec.effort_s = vec![(5.0, 12.0)];
    spec.units = recruited_units(kind, 4, (5.0, 12.0), 1.0, positive_share, &mut random);
    spec
}

/// Effort first (five units of `kind`), then 5 s of rest with `grade` spontaneous activity.
pub fn effort_then_denervated(grade: u8, kind: UnitKind, seed: u64) -> FibreNeedleSpec {
    let mut random = Random::new(0xEF0 ^ (seed << 8) ^ u64::from(grade));
    let mut spec = recording(format!("effort ({kind:?} units), then {grade}+ at rest"), 11.0, seed, &mut random);
    spec.effort_s = vec![(0.5, 6.0)];
    spec.units = recruited_units(kind, 5, (0.5, 6.0), 0.8, 0.25, &mut random);
    spec.denervation = denervation_trains(grade, 6.0, 11.0, &mut random);
    spec
}

/// The recording issue 16 was found with, in this model: a tibialis anterior, 12 s at 20 kHz; 5 s
/// at rest with two regular fibrillation trains (6 and 11 Hz, 170 µV) and a train of positive
/// sharp waves (4 Hz, 150 µV), about 20 potentials a second, then 7 s of effort recruiting four
/// normal units one after another from 9 Hz; noise 10 µV, 50 Hz hum.
pub fn issue_16_recording() -> FibreNeedleSpec {
    let mut random = Random::new(16);
    let regular = |kind, waveform, rate_hz| DenervationTrain {
        kind,
        waveform,
        rate_hz,
        slowing_per_s: 0.0,
        irregular: false,
        start_s: 0.0,
        end_s: 5.0,
    };
    let denervation = vec![
        regular(DenervationKind::Fibrillation, rescaled(fibrillation_waveform(&mut random), 170.0), 6.0),
        regular(DenervationKind::Fibrillation, rescaled(fibrillation_waveform(&mut random), 170.0), 11.0),
        regular(DenervationKind::PositiveSharpWave, rescaled(positive_sharp_wave_waveform(&mut random), 150.0), 4.0),
    ];
    let mut units = recruited_units(UnitKind::Normal, 4, (5.0, 12.0), 1.0, 0.0, &mut random);
    units.iter_mut().for_each(|unit| unit.onset_rate_hz = 9.0);
    FibreNeedleSpec {
        name: "issue 16: 3+ at rest, then effort".to_string(),
        sampling_rate_hz: 20_000.0,
        duration_s: 12.0,
        noise_rms_uv: 10.0,
        noise_corner_hz: 3_000.0,
        hum_uv: 5.0,
        hum_hz: 50.0,
        inverted: false,
        effort_s: vec![(5.0, 12.0)],
        units,
        denervation,
        seed: 16,
    }
}

/// `waveform` scaled to `amplitude_uv` peak to peak.
fn rescaled(waveform: Waveform, amplitude_uv: f64) -> Waveform {
    let main_phase_negative = waveform.values_uv[waveform.peak_idx] < 0.0;
    Waveform::scaled(&waveform.values_uv, amplitude_uv, main_phase_negative)
}

/// A quiet muscle: noise and hum only, for false detections per minute.
pub fn quiet(duration_s: f64, seed: u64) -> FibreNeedleSpec {
    let mut random = Random::new(0x0017 ^ (seed << 8));
    recording(format!("quiet, {duration_s:.0} s"), duration_s, seed, &mut random)
}

/// [`denervated_then_effort`] with normal units all recorded with their main phase negative,
/// then the whole recording inverted (a reversed montage): every unit then points up. (With
/// some units positive before the inversion, two of four may point each way, and no reader
/// could tell which way the recording was made; the other scenarios hold those.)
pub fn inverted_denervated_then_effort(grade: u8, seed: u64) -> FibreNeedleSpec {
    inverted(denervated_then_effort_with(grade, UnitKind::Normal, 0.0, seed))
}

/// The same recording inverted.
pub fn inverted(mut spec: FibreNeedleSpec) -> FibreNeedleSpec {
    spec.inverted = true;
    spec.name = format!("{} (inverted)", spec.name);
    spec
}

/// Recordings of each scenario that the report prints and the tests score.
pub const SEEDS_PER_SCENARIO: u64 = 6;

/// The blind set: `n_seeds` of each scenario, by group name.
pub fn scenarios(n_seeds: u64) -> Vec<(&'static str, Vec<FibreNeedleSpec>)> {
    let seeded = |make: &dyn Fn(u64) -> FibreNeedleSpec| (0..n_seeds).map(make).collect::<Vec<_>>();
    vec![
        (
            "1+–2+ at rest, then normal effort",
            seeded(&|seed| denervated_then_effort(1 + (seed % 2) as u8, UnitKind::Normal, seed)),
        ),
        (
            "3+–4+ at rest, then neurogenic effort",
            seeded(&|seed| denervated_then_effort(3 + (seed % 2) as u8, UnitKind::Neurogenic, seed)),
        ),
        ("normal effort, then rest without", seeded(&|seed| effort_then_denervated(0, UnitKind::Normal, seed))),
        (
            "myopathic effort, then 1+–2+ at rest",
            seeded(&|seed| effort_then_denervated(1 + (seed % 2) as u8, UnitKind::Myopathic, seed)),
        ),
        (
            "inverted: 2+–3+, then normal effort",
            seeded(&|seed| inverted_denervated_then_effort(2 + (seed % 2) as u8, seed)),
        ),
    ]
}
