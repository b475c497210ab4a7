//! How well the needle analysis reads the blind set: time labelled rest or voluntary rightly,
//! fibrillation potentials and positive sharp waves found at rest, false ones per minute in a
//! quiet muscle, and motor unit discharges found (sensitivity and precision, EMGLAB's 2.5 × RMS
//! criterion for the units counted, domain.md §4.3). `cargo xtask report needle` prints these
//! apart from the tuned set's figures.

use super::{FibreNeedleRecording, FibreNeedleSpec};
use crate::needle::{analyse_needle, ActivityKind, NeedleAnalysis, SpontaneousClass};
use crate::synth::needle_accuracy::{match_units, signal_rms_uv, EMGLAB_AMPLITUDE_OVER_RMS, SPONTANEOUS_TOLERANCE_MS};

/// The segmentation is read every this many seconds.
const LABEL_STEP_S: f64 = 0.01;
/// A fibrillation potential or positive sharp wave is plainly visible when its peak-to-peak
/// amplitude is at least this many times the noise's RMS (edxview's criterion, as EMGLAB's
/// 2.5 × RMS is for motor units, domain.md §4.3): the sensitivity aim is judged on these, and
/// the smaller ones are counted apart.
pub const VISIBLE_OVER_NOISE_RMS: f64 = 10.0;

/// Scores of blind recordings (added up over several with [`BlindScore::add`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BlindScore {
    /// Seconds of rest.
    pub rest_s: f64,
    /// Rest labelled rest, s.
    pub rest_labelled_right_s: f64,
    /// Seconds of voluntary effort.
    pub voluntary_s: f64,
    /// Effort labelled voluntary activity, s.
    pub voluntary_labelled_right_s: f64,
    /// Fibrillation potentials and positive sharp waves placed.
    pub denervation_placed: usize,
    /// Of those, found as either.
    pub denervation_found: usize,
    /// Of those, found under their own name.
    pub denervation_named_right: usize,
    /// Those plainly visible ([`VISIBLE_OVER_NOISE_RMS`]).
    pub visible_denervation_placed: usize,
    /// Of those, found as either.
    pub visible_denervation_found: usize,
    /// Fibrillation potentials and positive sharp waves reported.
    pub denervation_reported: usize,
    /// Of those, within the tolerance of one placed (of either kind, visible or not).
    pub denervation_reported_right: usize,
    /// Fasciculation potentials reported: the blind set places none, so every one is false.
    pub fasciculations_reported: usize,
    /// Units above 2.5 × the signal's RMS.
    pub large_units: usize,
    /// Of those, found.
    pub large_units_found: usize,
    /// Reported units that are nobody's, or a second copy of one.
    pub invented_units: usize,
    /// Discharges of large units.
    pub large_discharges: usize,
    /// Of those, found by the unit matched to theirs.
    pub large_discharges_found: usize,
    /// Every reported discharge.
    pub reported_discharges: usize,
    /// Reported discharges of the simulated unit their unit is matched to.
    pub reported_discharges_correct: usize,
}

impl BlindScore {
    /// Share of rest and effort time labelled right.
    pub fn labelled_right(&self) -> f64 {
        (self.rest_labelled_right_s + self.voluntary_labelled_right_s) / (self.rest_s + self.voluntary_s).max(1e-9)
    }

    /// Share of fibrillation potentials and positive sharp waves found.
    pub fn denervation_sensitivity(&self) -> f64 {
        self.denervation_found as f64 / self.denervation_placed.max(1) as f64
    }

    /// Share of plainly visible fibrillation potentials and positive sharp waves found.
    pub fn visible_denervation_sensitivity(&self) -> f64 {
        self.visible_denervation_found as f64 / self.visible_denervation_placed.max(1) as f64
    }

    /// Share of reported fibrillation potentials and positive sharp waves that were placed.
    pub fn denervation_precision(&self) -> f64 {
        self.denervation_reported_right as f64 / self.denervation_reported.max(1) as f64
    }

    /// Share of large units' discharges found.
    pub fn discharge_sensitivity(&self) -> f64 {
        self.large_discharges_found as f64 / self.large_discharges.max(1) as f64
    }

    /// Share of reported discharges that are right.
    pub fn discharge_precision(&self) -> f64 {
        self.reported_discharges_correct as f64 / self.reported_discharges.max(1) as f64
    }

    /// Adds another recording's score.
    pub fn add(&mut self, other: &BlindScore) {
        self.rest_s += other.rest_s;
        self.rest_labelled_right_s += other.rest_labelled_right_s;
        self.voluntary_s += other.voluntary_s;
        self.voluntary_labelled_right_s += other.voluntary_labelled_right_s;
        self.denervation_placed += other.denervation_placed;
        self.denervation_found += other.denervation_found;
        self.denervation_named_right += other.denervation_named_right;
        self.visible_denervation_placed += other.visible_denervation_placed;
        self.visible_denervation_found += other.visible_denervation_found;
        self.denervation_reported += other.denervation_reported;
        self.denervation_reported_right += other.denervation_reported_right;
        self.fasciculations_reported += other.fasciculations_reported;
        self.large_units += other.large_units;
        self.large_units_found += other.large_units_found;
        self.invented_units += other.invented_units;
        self.large_discharges += other.large_discharges;
        self.large_discharges_found += other.large_discharges_found;
        self.reported_discharges += other.reported_discharges;
        self.reported_discharges_correct += other.reported_discharges_correct;
    }
}

/// Simulates and analyses `spec`, and scores the analysis.
pub fn score(spec: &FibreNeedleSpec) -> (BlindScore, NeedleAnalysis) {
    let recording = spec.simulate();
    let analysis = analyse_needle(&recording.samples_uv, recording.sampling_rate_hz, None, None);
    (score_analysis(spec, &recording, &analysis), analysis)
}

fn score_analysis(spec: &FibreNeedleSpec, recording: &FibreNeedleRecording, analysis: &NeedleAnalysis) -> BlindScore {
    let mut result = BlindScore::default();
    let kind_at = |time_s: f64| {
        analysis
            .segments
            .iter()
            .find(|segment| time_s >= segment.start_s && time_s < segment.end_s)
            .map(|segment| segment.kind)
    };
    let n_steps = (spec.duration_s / LABEL_STEP_S) as usize;
    for step in 0..n_steps {
        let time_s = (step as f64 + 0.5) * LABEL_STEP_S;
        let effort = spec.effort_s.iter().any(|&(start_s, end_s)| time_s >= start_s && time_s < end_s);
        let labelled = kind_at(time_s);
        if effort {
            result.voluntary_s += LABEL_STEP_S;
            if labelled == Some(ActivityKind::Voluntary) {
                result.voluntary_labelled_right_s += LABEL_STEP_S;
            }
        } else {
            result.rest_s += LABEL_STEP_S;
            if labelled == Some(ActivityKind::Rest) {
                result.rest_labelled_right_s += LABEL_STEP_S;
            }
        }
    }
    for placed in &recording.truth.denervation {
        let visible = placed.amplitude_uv >= VISIBLE_OVER_NOISE_RMS * spec.noise_rms_uv;
        result.denervation_placed += 1;
        result.visible_denervation_placed += usize::from(visible);
        let near: Vec<SpontaneousClass> = analysis
            .spontaneous
            .potentials
            .iter()
            .filter(|found| (found.time_s - placed.time_s).abs() * 1000.0 <= SPONTANEOUS_TOLERANCE_MS)
            .map(|found| found.class)
            .collect();
        if near
            .iter()
            .any(|class| matches!(class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave))
        {
            result.denervation_found += 1;
            result.visible_denervation_found += usize::from(visible);
        }
        let own = match placed.kind {
            super::DenervationKind::Fibrillation => SpontaneousClass::Fibrillation,
            super::DenervationKind::PositiveSharpWave => SpontaneousClass::PositiveSharpWave,
        };
        if near.contains(&own) {
            result.denervation_named_right += 1;
        }
    }
    for reported in analysis.spontaneous.potentials.iter().filter(|potential| {
        matches!(potential.class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave)
    }) {
        result.denervation_reported += 1;
        let placed = recording
            .truth
            .denervation
            .iter()
            .any(|placed| (placed.time_s - reported.time_s).abs() * 1000.0 <= SPONTANEOUS_TOLERANCE_MS);
        result.denervation_reported_right += usize::from(placed);
    }
    result.fasciculations_reported = analysis
        .spontaneous
        .potentials
        .iter()
        .filter(|potential| potential.class == SpontaneousClass::Fasciculation)
        .count();
    let signal_rms = signal_rms_uv(&recording.samples_uv);
    let (found_by_truth, invented_units) = match_units(&recording.truth.unit_discharges, analysis);
    result.invented_units = invented_units;
    result.reported_discharges = analysis.units.iter().map(|unit| unit.discharge_times_s.len()).sum();
    for (truth_idx, discharges) in recording.truth.unit_discharges.iter().enumerate() {
        let large = recording.truth.unit_amplitudes_uv[truth_idx] > EMGLAB_AMPLITUDE_OVER_RMS * signal_rms;
        let found = found_by_truth[truth_idx];
        if let Some((_, hits)) = found {
            result.reported_discharges_correct += hits;
        }
        if large {
            result.large_units += 1;
            result.large_discharges += discharges.len();
            if let Some((_, hits)) = found {
                result.large_units_found += 1;
                result.large_discharges_found += hits;
            }
        }
    }
    result
}

/// Fibrillation potentials and positive sharp waves reported per minute in quiet recordings
/// of the fibre model (noise and hum only), `n_recordings` of `duration_s` each.
pub fn false_denervation_per_minute(n_recordings: u64, duration_s: f64) -> f64 {
    let false_potentials: usize = (0..n_recordings)
        .map(|seed| {
            let recording = super::blind_set::quiet(duration_s, seed).simulate();
            let analysis = analyse_needle(&recording.samples_uv, recording.sampling_rate_hz, None, None);
            analysis
                .spontaneous
                .potentials
                .iter()
                .filter(|potential| {
                    matches!(potential.class, SpontaneousClass::Fibrillation | SpontaneousClass::PositiveSharpWave)
                })
                .count()
        })
        .sum();
    60.0 * false_potentials as f64 / (n_recordings as f64 * duration_s)
}
