//! Nerve conduction studies: stimulus-locked sweeps grouped by nerve and stimulation site.

use std::fmt;

use super::Unit;

/// One nerve conduction study: a nerve on one side, of one type, recorded at one site and
/// stimulated at one or more sites from distal to proximal.
#[derive(Debug, Clone, PartialEq)]
pub struct NerveConduction {
    /// The nerve stimulated.
    pub nerve: Nerve,
    /// The side of the body.
    pub side: Side,
    /// Motor, sensory, F wave, H reflex.
    pub kind: NerveConductionKind,
    /// Where the response was recorded, e.g. "APB" (abductor pollicis brevis) or "Digit 2".
    pub recording_site: String,
    /// Stimulation sites in order from distal to proximal.
    pub sites: Vec<StimulationSite>,
    /// Skin temperature over the tested segment at the time of the study, in °C.
    pub skin_temperature_c: Option<f64>,
    /// The acquisition filters as the file states them, e.g. "HP:10Hz LP:10kHz": limits hold
    /// for the filters they were measured with.
    pub acquisition_filters: Option<String>,
}

/// A point along the nerve where it was stimulated, with the sweeps recorded from it.
#[derive(Debug, Clone, PartialEq)]
pub struct StimulationSite {
    /// Where the stimulus was given, e.g. "Wrist" or "Elbow".
    pub name: String,
    /// For the most distal site, the distance from the stimulating cathode to the active recording
    /// electrode; for other sites, the distance from the next more distal site. In mm.
    pub distance_mm: Option<f64>,
    /// The sweeps recorded at this site (one, or a train of F-wave sweeps).
    pub sweeps: Vec<Sweep>,
    /// Markers saved with the study (an edxview study file), restored instead of placed anew.
    pub saved_markers: Option<SavedMarkers>,
    /// Values a printed report gave for this site, for a study typed in without waveforms.
    pub reported: Option<ReportedMeasures>,
    /// Stimulus intensity, in mA, where the file gives it.
    pub stimulus_ma: Option<f64>,
    /// Details the file gave for this site that edxview does not interpret (e.g. "Operator: JD"),
    /// kept as written and shown with the study.
    pub other_details: Vec<(String, String)>,
    /// For F-wave and H-reflex studies, the physician's corrections of each sweep's late
    /// response saved with the study (empty, or one per sweep), restored when it reopens.
    pub saved_late_corrections: Vec<Option<LateCorrection>>,
}

/// A physician's correction of one sweep's late response, as on the machine: the onset moved,
/// or the sweep marked as holding none.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LateCorrection {
    /// The late response starts here, ms after the stimulus; its amplitude is read from here as
    /// the automatic rule reads it.
    Onset(f64),
    /// The sweep holds no late response.
    Absent,
}

/// Marker times saved with a study, ms after the stimulus, and which were set by hand.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedMarkers {
    /// Takeoff.
    pub onset_ms: f64,
    /// Negative peak.
    pub negative_peak_ms: f64,
    /// End of the negative phase.
    pub negative_end_ms: f64,
    /// Positive peak.
    pub positive_peak_ms: f64,
    /// Whether each of the four (in that order) was set by hand.
    pub set_by_hand: [bool; 4],
}

/// The values a report printed for one site; any may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ReportedMeasures {
    /// Onset latency, ms.
    pub onset_latency_ms: Option<f64>,
    /// Peak latency, ms.
    pub peak_latency_ms: Option<f64>,
    /// Baseline-to-negative-peak amplitude, µV.
    pub amplitude_uv: Option<f64>,
    /// Peak-to-peak amplitude, µV.
    pub peak_to_peak_uv: Option<f64>,
    /// Negative-phase duration, ms.
    pub negative_duration_ms: Option<f64>,
    /// Negative-phase area, µV·ms.
    pub negative_area_uv_ms: Option<f64>,
}

/// One stimulus-locked sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct Sweep {
    /// Samples in `unit`, evenly spaced at `sampling_rate_hz`.
    pub samples: Vec<f32>,
    /// Samples per second, in Hz.
    pub sampling_rate_hz: f64,
    /// Time of the first sample relative to the stimulus, in ms; negative when a pre-stimulus
    /// baseline was recorded.
    pub first_sample_ms: f64,
    /// The unit of `samples`.
    pub unit: Unit,
}

impl Sweep {
    /// Time of sample `sample_idx` relative to the stimulus, in ms.
    pub fn time_ms(&self, sample_idx: usize) -> f64 {
        self.first_sample_ms + sample_idx as f64 * 1000.0 / self.sampling_rate_hz
    }

    /// Time of the last sample relative to the stimulus, in ms.
    pub fn end_ms(&self) -> f64 {
        self.time_ms(self.samples.len().saturating_sub(1))
    }
}

/// Peripheral nerves commonly studied, by their clinical names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Nerve {
    /// Median nerve.
    Median,
    /// Ulnar nerve.
    Ulnar,
    /// Radial nerve.
    Radial,
    /// Common peroneal (fibular) nerve.
    Peroneal,
    /// Tibial nerve.
    Tibial,
    /// Sural nerve.
    Sural,
    /// Superficial peroneal (fibular) sensory nerve.
    SuperficialPeroneal,
    /// Any other nerve, by the name the file gives.
    Other(String),
}

impl Nerve {
    /// The nerve named `name` (case-insensitive, with the fibular synonyms); any other name is
    /// kept as [`Nerve::Other`].
    pub fn from_name(name: &str) -> Nerve {
        match name.trim().to_ascii_lowercase().as_str() {
            "median" => Nerve::Median,
            "ulnar" => Nerve::Ulnar,
            "radial" => Nerve::Radial,
            "peroneal" | "fibular" | "common peroneal" | "common fibular" | "deep peroneal" => Nerve::Peroneal,
            "tibial" | "posterior tibial" => Nerve::Tibial,
            "sural" => Nerve::Sural,
            "superficial peroneal" | "superficial fibular" => Nerve::SuperficialPeroneal,
            _ => Nerve::Other(name.trim().to_string()),
        }
    }
}

impl fmt::Display for Nerve {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Nerve::Median => "Median",
            Nerve::Ulnar => "Ulnar",
            Nerve::Radial => "Radial",
            Nerve::Peroneal => "Peroneal",
            Nerve::Tibial => "Tibial",
            Nerve::Sural => "Sural",
            Nerve::SuperficialPeroneal => "Superficial peroneal",
            Nerve::Other(name) => name,
        })
    }
}

/// Side of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// Left.
    Left,
    /// Right.
    Right,
}

impl fmt::Display for Side {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Side::Left => "Left",
            Side::Right => "Right",
        })
    }
}

/// What kind of nerve conduction study the sweeps belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NerveConductionKind {
    /// Compound muscle action potentials (CMAPs) recorded over a muscle.
    Motor,
    /// Sensory nerve action potentials (SNAPs), recorded distal to the stimulus.
    SensoryAntidromic,
    /// Sensory nerve action potentials (SNAPs), recorded proximal to the stimulus.
    SensoryOrthodromic,
    /// Mixed nerve action potentials.
    Mixed,
    /// A train of F waves after supramaximal stimulation.
    FWave,
    /// The H reflex.
    HReflex,
}

impl fmt::Display for NerveConductionKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            NerveConductionKind::Motor => "motor",
            NerveConductionKind::SensoryAntidromic => "sensory (antidromic)",
            NerveConductionKind::SensoryOrthodromic => "sensory (orthodromic)",
            NerveConductionKind::Mixed => "mixed",
            NerveConductionKind::FWave => "F wave",
            NerveConductionKind::HReflex => "H reflex",
        })
    }
}

impl NerveConduction {
    /// A heading such as "Right median motor, recording APB".
    pub fn title(&self) -> String {
        format!(
            "{} {} {}, recording {}",
            self.side,
            self.nerve.to_string().to_lowercase(),
            self.kind,
            self.recording_site
        )
    }
}
