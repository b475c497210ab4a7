//! Needle EMG: segmentation, spontaneous activity, motor unit decomposition and measurement,
//! recruitment, interference pattern and the pattern summary (domain.md §4).
//!
//! [`analyse_needle`] runs the whole pipeline on one channel: the recording is prepared
//! ([`detect::Signals`]: a 2 Hz low-frequency filter for measuring, a spike-band filter for
//! detecting), clipped runs are excluded, potentials are detected with a robust noise threshold,
//! the recording is segmented into rest, voluntary activity and insertion bursts, voluntary
//! activity is decomposed into motor units, units that are spontaneous trains give their
//! windows back to rest ([`dense_rest`]), potentials at rest are classified (a motor unit found
//! firing there at a voluntary rate sends its stretch back to be analysed as voluntary), and the
//! summary is read against a reference profile where one applies. A recording whose units mostly
//! point up is analysed turned over ([`polarity`]).

pub mod comparison;
pub mod decompose;
pub mod dense_rest;
pub mod detect;
pub mod examination;
pub mod interference;
pub mod muap;
pub mod polarity;
pub mod segments;
pub mod spontaneous;
pub mod study;
pub mod summary;

pub use decompose::MotorUnit;
pub use interference::{InterferenceEpoch, Recruitment};
pub use muap::{measure_muap, measure_muap_between, MuapMeasures};
pub use segments::{ActivityKind, ActivitySegment, SegmentBasis};
pub use spontaneous::{SpontaneousActivity, SpontaneousClass};
pub use study::{
    analyse_study_channel, moved_unit_markers, needle_channels, saved_duration_markers, NeedleChannel, NotAnalysed,
};
pub use summary::{
    reference_for, tibialis_anterior, Acuity, MuapReference, MuapSummary, NeedlePattern, PatternFinding,
};

/// A motor-unit-like potential at rest timed within this of a unit's discharge is that
/// discharge, s (edxview's own: both are aligned on the potential's largest peak, a few samples
/// apart at most).
const UNIT_DISCHARGE_REACH_S: f64 = 0.001;

/// Everything the needle analysis finds in one channel.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NeedleAnalysis {
    /// Samples per second of the analysed channel: below twice the bandwidth references need, the
    /// means are not read against them.
    pub sampling_rate_hz: f64,
    /// Noise level of the detection signal, µV.
    pub noise_uv: f64,
    /// Rest, voluntary, insertion and clipped stretches.
    pub segments: Vec<ActivitySegment>,
    /// Spontaneous activity at rest.
    pub spontaneous: SpontaneousActivity,
    /// Motor units of the voluntary activity.
    pub units: Vec<MotorUnit>,
    /// Their means, when any unit was measured.
    pub summary: Option<MuapSummary>,
    /// How the units are recruited: recruitment frequency and ratio, most units active.
    pub recruitment: Recruitment,
    /// Turns/amplitude per 1 s epoch of voluntary activity.
    pub interference: Vec<InterferenceEpoch>,
    /// Median frequency of the voluntary activity, Hz (description only).
    pub median_frequency_hz: Option<f64>,
    /// The pattern the findings are consistent with, and what it rests on.
    pub pattern: PatternFinding,
    /// Whether the recording looked inverted (most motor units' main phase positive,
    /// [`polarity::inverted_by`]): everything above was then found on the signal turned over,
    /// with the unit templates turned back to match the recording as shown.
    #[serde(default)]
    pub looks_inverted: bool,
}

impl NeedleAnalysis {
    /// The analysis with each motor unit measured at `unit_measures` (in unit order; duration
    /// markers moved by hand): the summary and the pattern follow the new measures.
    pub fn remeasured(
        &self,
        unit_measures: &[Option<MuapMeasures>],
        reference: Option<&MuapReference>,
    ) -> NeedleAnalysis {
        let mut remeasured = self.clone();
        for (unit, measures) in remeasured.units.iter_mut().zip(unit_measures) {
            unit.measures = *measures;
        }
        remeasured.summary = summary::summarise(&remeasured.units);
        remeasured.pattern = summary::pattern(
            remeasured.summary.as_ref(),
            &remeasured.spontaneous,
            &remeasured.recruitment,
            reference,
            remeasured.sampling_rate_hz,
        );
        remeasured
    }

    /// The analysis with each unit measured at its duration markers where they were moved by
    /// hand (`moved[unit_idx]`, start and end in ms from the unit's alignment point; `None` or
    /// missing: where the analysis put them), as [`NeedleAnalysis::remeasured`].
    pub fn at_duration_markers(
        &self,
        moved: &[Option<(f64, f64)>],
        reference: Option<&MuapReference>,
    ) -> NeedleAnalysis {
        let measures: Vec<Option<MuapMeasures>> = self
            .units
            .iter()
            .enumerate()
            .map(|(unit_idx, unit)| match moved.get(unit_idx).copied().flatten() {
                None => unit.measures,
                Some((start_ms, end_ms)) => unit.measured_between(self.sampling_rate_hz, start_ms, end_ms),
            })
            .collect();
        self.remeasured(&measures, reference)
    }
}

/// Analyses one needle channel: samples in µV (NaN for invalid samples), the converter's range
/// in µV when known (to find clipping), and the muscle's reference values if any apply. A
/// recording that looks inverted is analysed turned over ([`NeedleAnalysis::looks_inverted`]).
pub fn analyse_needle(
    samples_uv: &[f32],
    sampling_rate_hz: f64,
    recordable_range_uv: Option<(f64, f64)>,
    reference: Option<&MuapReference>,
) -> NeedleAnalysis {
    let as_recorded = analyse_upright(samples_uv, sampling_rate_hz, recordable_range_uv, reference);
    if !as_recorded.looks_inverted {
        return as_recorded;
    }
    let turned_over: Vec<f32> = samples_uv.iter().map(|&value| -value).collect();
    let range_uv = recordable_range_uv.map(|(low, high)| (-high, -low));
    let mut analysis = analyse_upright(&turned_over, sampling_rate_hz, range_uv, reference);
    for unit in &mut analysis.units {
        unit.template_uv.iter_mut().for_each(|value| *value = -*value);
    }
    analysis.looks_inverted = true;
    analysis
}

/// [`analyse_needle`] on a recording taken to have the usual polarity; its `looks_inverted` says
/// whether the units found suggest otherwise. When the analysis of rest finds a motor unit
/// firing there at a voluntary rate (one recorded pointing up, whose potentials each passed for
/// positive sharp waves), its stretch was effort: it is analysed again as voluntary.
fn analyse_upright(
    samples_uv: &[f32],
    sampling_rate_hz: f64,
    recordable_range_uv: Option<(f64, f64)>,
    reference: Option<&MuapReference>,
) -> NeedleAnalysis {
    let clipped = segments::find_clipped(samples_uv, sampling_rate_hz, recordable_range_uv);
    let mut marked = samples_uv.to_vec();
    for &(start, end) in &clipped {
        marked[start..end].fill(f32::NAN);
    }
    let signals = detect::Signals::of(&marked, sampling_rate_hz);
    let events = detect::detect_events(&signals, 0..marked.len());
    let segments = segments::segment(&signals, &events, &clipped);
    let first = analyse_segmented(&signals, &events, segments.clone(), reference);
    let units_at_rest: Vec<(f64, f64)> = first
        .spontaneous
        .trains
        .iter()
        .filter(|train| train.voluntary_unit)
        .map(|train| (train.start_s, train.end_s))
        .collect();
    if units_at_rest.is_empty() {
        return first;
    }
    analyse_segmented(&signals, &events, segments::voluntary_over(&segments, &units_at_rest), reference)
}

/// The analysis of a recording (`signals`, its detected `events`) segmented as `segments`.
fn analyse_segmented(
    signals: &detect::Signals,
    events: &[detect::Event],
    segments: Vec<ActivitySegment>,
    reference: Option<&MuapReference>,
) -> NeedleAnalysis {
    let sampling_rate_hz = signals.sampling_rate_hz;
    let ranges = |segments: &[ActivitySegment], kind: ActivityKind| -> Vec<(f64, f64)> {
        segments.iter().filter(|segment| segment.kind == kind).map(|segment| (segment.start_s, segment.end_s)).collect()
    };
    let inside = |ranges: &[(f64, f64)], event: &detect::Event| {
        let time_s = event.sample_idx as f64 / sampling_rate_hz;
        ranges.iter().any(|&(start_s, end_s)| time_s >= start_s && time_s < end_s)
    };
    let events_in = |ranges: &[(f64, f64)]| -> Vec<detect::Event> {
        events.iter().copied().filter(|event| inside(ranges, event)).collect()
    };
    let voluntary = ranges(&segments, ActivityKind::Voluntary);
    let voluntary_s: f64 = voluntary.iter().map(|(start_s, end_s)| end_s - start_s).sum();
    let decomposed = decompose::decompose(signals, &events_in(&voluntary), voluntary_s);
    // Polarity is judged on the units kept and, where they are too few to tell, on every unit
    // the decomposition found that is not a train of positive sharp waves (which point up by
    // definition).
    let natures: Vec<dense_rest::UnitNature> =
        decomposed.iter().map(|unit| dense_rest::unit_nature(unit, sampling_rate_hz)).collect();
    let not_positive_waves: Vec<&MotorUnit> = decomposed
        .iter()
        .zip(&natures)
        .filter(|(_, &nature)| nature != dense_rest::UnitNature::Spontaneous(SpontaneousClass::PositiveSharpWave))
        .map(|(unit, _)| unit)
        .collect();
    let inverted_by_every_unit = polarity::inverted_by(&not_positive_waves);
    let (segments, mut units) = dense_rest::settle(&segments, decomposed, &natures);
    let voluntary = ranges(&segments, ActivityKind::Voluntary);
    // The first unit recruited fires alone at the onset of effort, and the last as it ends;
    // where the segmentation left those discharges at rest, the units claim them back.
    let rest = ranges(&segments, ActivityKind::Rest);
    let widened = decompose::claim_edge_discharges(signals, &mut units, &events_in(&rest), &rest, &voluntary);
    let segments = segments::widen_voluntary(segments, &voluntary, &widened);
    let rest = ranges(&segments, ActivityKind::Rest);
    let voluntary = ranges(&segments, ActivityKind::Voluntary);
    let rest_s: f64 = rest.iter().map(|(start_s, end_s)| end_s - start_s).sum();
    let mut spontaneous = spontaneous::analyse_rest(signals, &events_in(&rest), rest_s);
    // A motor-unit-like potential at rest that is a unit's discharge in a voluntary stretch
    // (the first of an effort, begun just before the stretch) is that unit's, not a
    // fasciculation potential.
    let in_voluntary = |time_s: &f64| voluntary.iter().any(|&(start_s, end_s)| (start_s..end_s).contains(time_s));
    let voluntary_discharges: Vec<f64> =
        units.iter().flat_map(|unit| unit.discharge_times_s.iter().copied()).filter(in_voluntary).collect();
    spontaneous.potentials.retain(|potential| {
        let motor_unit_like =
            matches!(potential.class, SpontaneousClass::Fasciculation | SpontaneousClass::Unclassified);
        !(motor_unit_like
            && potential.train_idx.is_none()
            && voluntary_discharges
                .iter()
                .any(|&discharge_s| (discharge_s - potential.time_s).abs() <= UNIT_DISCHARGE_REACH_S))
    });
    let summary = summary::summarise(&units);
    let recruitment = interference::recruitment(&units, &voluntary);
    let interference = interference::interference_epochs(&signals.measured_uv, sampling_rate_hz, &voluntary);
    let median_frequency_hz = interference::median_frequency_hz(&signals.measured_uv, sampling_rate_hz, &voluntary);
    let pattern = summary::pattern(summary.as_ref(), &spontaneous, &recruitment, reference, sampling_rate_hz);
    let looks_inverted =
        polarity::inverted_by(&units.iter().collect::<Vec<_>>()).or(inverted_by_every_unit).unwrap_or(false);
    NeedleAnalysis {
        sampling_rate_hz,
        noise_uv: signals.noise_uv,
        segments,
        spontaneous,
        units,
        summary,
        recruitment,
        interference,
        median_frequency_hz,
        pattern,
        looks_inverted,
    }
}

/// Why a channel cannot be read as needle EMG.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum NeedleChannelError {
    /// Its samples are not voltages (a WAV file without calibration, a temperature).
    #[error("channel \"{label}\" is in {unit}, not a voltage, so its potentials cannot be measured in µV")]
    NotElectrical {
        /// The channel's label.
        label: String,
        /// Its unit.
        unit: String,
    },
    /// It is too short to hold a motor unit potential's window.
    #[error("channel \"{label}\" holds only {n_samples} samples: needle analysis needs at least 0.1 s")]
    TooShort {
        /// The channel's label.
        label: String,
        /// Samples in its longest segment.
        n_samples: usize,
    },
}

/// A channel's needle analysis: which segment was analysed, and the findings.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ChannelNeedleAnalysis {
    /// Index of the analysed segment (the longest: a gap breaks a needle recording's timing).
    pub segment_idx: usize,
    /// Start of that segment, s from the recording start; the analysis's times are from here.
    pub segment_start_s: f64,
    /// The reference applied, if the channel's label or the recording's description named a
    /// muscle that has one.
    pub reference: Option<MuapReference>,
    /// What the pipeline found in the segment (times from its start).
    pub analysis: NeedleAnalysis,
}

/// Analyses a channel as needle EMG. The muscle, whose reference values apply where it has
/// any, is read through the muscle catalogue from `muscle` (the text that names it, as
/// [`study::muscle_named`] finds it in a study).
pub fn analyse_channel(
    channel: &crate::model::Channel,
    muscle: &str,
) -> Result<ChannelNeedleAnalysis, NeedleChannelError> {
    let to_microvolts = channel.unit.factor_to(&crate::model::Unit::Microvolt).ok_or_else(|| {
        NeedleChannelError::NotElectrical { label: channel.label.clone(), unit: channel.unit.to_string() }
    })?;
    let (segment_idx, segment) = channel
        .segments
        .iter()
        .enumerate()
        .max_by_key(|(_, segment)| segment.samples.len())
        .ok_or(NeedleChannelError::TooShort { label: channel.label.clone(), n_samples: 0 })?;
    if (segment.samples.len() as f64) < 0.1 * channel.sampling_rate_hz || segment.samples.len() < 64 {
        return Err(NeedleChannelError::TooShort { label: channel.label.clone(), n_samples: segment.samples.len() });
    }
    let samples_uv: Vec<f32> = segment.samples.iter().map(|&value| (f64::from(value) * to_microvolts) as f32).collect();
    let range_uv = channel.recordable_range.map(|(low, high)| (low * to_microvolts, high * to_microvolts));
    let reference = crate::muscles::identify(muscle).muscle().and_then(reference_for);
    let analysis = analyse_needle(&samples_uv, channel.sampling_rate_hz, range_uv, reference.as_ref());
    Ok(ChannelNeedleAnalysis { segment_idx, segment_start_s: segment.start_s, reference, analysis })
}

/// Lowest sampling rate at which a channel is read as needle EMG, Hz: motor unit potentials
/// need at least 2× their ~2 kHz content (domain.md §7).
pub const MIN_NEEDLE_SAMPLING_RATE_HZ: f64 = 2_000.0;

/// Whether a channel looks like needle EMG: voltages sampled fast enough for motor unit
/// potentials. (EEG, ECG and surface signals at a few hundred hertz are not.)
pub fn is_needle_candidate(channel: &crate::model::Channel) -> bool {
    channel.unit.is_electrical() && channel.sampling_rate_hz >= MIN_NEEDLE_SAMPLING_RATE_HZ
}
