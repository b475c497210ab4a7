//! Nerve conduction studies: stimulus-locked sweeps grouped by nerve and stimulation site.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::Unit;

/// One nerve conduction study: a nerve on one side, of one type, recorded at one site and
/// stimulated at one or more sites from distal to proximal.
///
/// Its serialised form is the `nerve` of the edxview study file (`schema/`), and the same form
/// carries it from the worker to the page: one layout wherever a study is written down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NerveConduction {
    /// The nerve stimulated, by its clinical name.
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skin_temperature_c: Option<f64>,
    /// The acquisition filters as the file states them, e.g. "HP:10Hz LP:10kHz": limits hold
    /// for the filters they were measured with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acquisition_filters: Option<String>,
}

/// A point along the nerve where it was stimulated, with the sweeps recorded from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StimulationSite {
    /// Where the stimulus was given, e.g. "Wrist" or "Elbow".
    pub name: String,
    /// For the most distal site, the distance from the stimulating cathode to the active recording
    /// electrode; for other sites, the distance from the next more distal site. In mm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_mm: Option<f64>,
    /// Stimulus intensity, in mA, where the file gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stimulus_ma: Option<f64>,
    /// Details the file gave for this site that edxview does not interpret (e.g. "Operator: JD"),
    /// kept as written and shown with the study.
    #[serde(rename = "details", default, skip_serializing_if = "Vec::is_empty", with = "details")]
    pub other_details: Vec<(String, String)>,
    /// The sweeps recorded at this site (one, or a train of F-wave sweeps).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sweeps: Vec<Sweep>,
    /// Markers saved with the study (an edxview study file), restored instead of placed anew.
    #[serde(rename = "markers", default, skip_serializing_if = "Option::is_none")]
    pub saved_markers: Option<SavedMarkers>,
    /// Values a printed report gave for this site, for a study typed in without waveforms.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<ReportedMeasures>,
    /// For F-wave and H-reflex studies, the physician's corrections of each sweep's late
    /// response saved with the study (empty, or one per sweep), restored when it reopens.
    #[serde(rename = "late_corrections", default, skip_serializing_if = "holds_no_correction")]
    pub saved_late_corrections: Vec<Option<LateCorrection>>,
}

/// Whether a site's late-response corrections are all "automatic", so none need writing.
fn holds_no_correction(corrections: &[Option<LateCorrection>]) -> bool {
    corrections.iter().all(Option::is_none)
}

/// A site's other details as the study file writes them: `[{"key": …, "value": …}]`.
mod details {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct Detail {
        key: String,
        value: String,
    }

    pub fn serialize<S: Serializer>(details: &[(String, String)], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(details.iter().map(|(key, value)| Detail { key: key.clone(), value: value.clone() }))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<(String, String)>, D::Error> {
        let details = Vec::<Detail>::deserialize(deserializer)?;
        Ok(details.into_iter().map(|detail| (detail.key, detail.value)).collect())
    }
}

/// A physician's correction of one sweep's late response, as on the machine: the onset moved,
/// or the sweep marked as holding none.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LateCorrection {
    /// The late response starts here, ms after the stimulus; its amplitude is read from here as
    /// the automatic rule reads it.
    Onset(f64),
    /// The sweep holds no late response.
    Absent,
}

/// Marker times saved with a study, ms after the stimulus, and which were set by hand.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SavedMarkers {
    /// Takeoff of the response from the baseline: the latency the velocities are measured from.
    pub onset_ms: f64,
    /// Peak of the negative (upward) phase: the peak latency, and the baseline-to-peak amplitude.
    pub negative_peak_ms: f64,
    /// End of the negative phase.
    pub negative_end_ms: f64,
    /// Peak of the positive phase that follows: with the negative peak, the peak-to-peak amplitude.
    pub positive_peak_ms: f64,
    /// Whether each of the four (in that order) was set by hand.
    pub set_by_hand: [bool; 4],
}

/// The values a report printed for one site; any may be missing.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
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
    /// The conduction velocity the report printed on this site's row, m/s: for a sensory
    /// study from this site to the recording electrode, for a motor study over the segment from
    /// the next more distal site. The machine computed it from unrounded latencies, so it is
    /// used instead of one computed from the printed values, and it stands in for a distance
    /// the report left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conduction_velocity_m_per_s: Option<f64>,
    /// The report printed "no response" (NR): the response was absent, which is a finding
    /// (an absent response fails a lower limit), not a value left out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_response: bool,
}

/// One stimulus-locked sweep.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sweep {
    /// Samples per second, in Hz.
    pub sampling_rate_hz: f64,
    /// Time of the first sample relative to the stimulus, in ms; negative when a pre-stimulus
    /// baseline was recorded.
    pub first_sample_ms: f64,
    /// The unit of `samples`.
    pub unit: Unit,
    /// Samples in `unit`, evenly spaced at `sampling_rate_hz`; NaN marks an invalid sample
    /// (written `null`).
    #[serde(with = "samples_or_null")]
    pub samples: Vec<f32>,
}

/// Samples as JSON numbers, an invalid one (NaN, which JSON cannot hold) as `null`, read back
/// as NaN: a sweep with a gap in it still travels and saves.
mod samples_or_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(samples: &[f32], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(samples.iter().map(|&value| value.is_finite().then_some(value)))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<f32>, D::Error> {
        let samples = Vec::<Option<f32>>::deserialize(deserializer)?;
        Ok(samples.into_iter().map(|value| value.unwrap_or(f32::NAN)).collect())
    }
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

    /// The sample nearest `time_ms`, within the sweep (a marker dragged or typed between two
    /// samples lands on one, as on the acquisition machine).
    pub fn nearest_sample(&self, time_ms: f64) -> usize {
        let position = (time_ms - self.first_sample_ms) * self.sampling_rate_hz / 1000.0;
        position.round().clamp(0.0, self.samples.len().saturating_sub(1) as f64) as usize
    }

    /// `time_ms` moved to the nearest sample's time.
    pub fn snap_ms(&self, time_ms: f64) -> f64 {
        self.time_ms(self.nearest_sample(time_ms))
    }

    /// The time between two samples, ms.
    pub fn sample_period_ms(&self) -> f64 {
        1000.0 / self.sampling_rate_hz
    }
}

/// Peripheral nerves commonly studied, by their clinical names. Written as the name
/// [`fmt::Display`] prints and read back with [`Nerve::from_name`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Nerve {
    /// Median nerve: motor to abductor pollicis brevis, sensory to digits 1–3.
    Median,
    /// Ulnar nerve: motor to abductor digiti minimi or first dorsal interosseous, sensory to digit 5.
    Ulnar,
    /// Radial nerve: superficial radial sensory, motor to extensor indicis.
    Radial,
    /// Common peroneal (fibular) nerve.
    Peroneal,
    /// Tibial nerve: motor to abductor hallucis; its H reflex from soleus.
    Tibial,
    /// Sural nerve: sensory, recorded at the lateral malleolus.
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

impl Serialize for Nerve {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Nerve {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Nerve, D::Error> {
        Ok(Nerve::from_name(&String::deserialize(deserializer)?))
    }
}

/// Side of the body, written "Left" or "Right" (read in any case, or as "L" and "R").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Side {
    /// The patient's left.
    Left,
    /// The patient's right.
    Right,
}

impl Side {
    /// The other side.
    pub fn opposite(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }

    /// The side `text` names: "Left", "left", "L", "Right", "r"…; `None` for anything else.
    pub fn from_name(text: &str) -> Option<Side> {
        match text.trim().to_ascii_lowercase().as_str() {
            "left" | "l" => Some(Side::Left),
            "right" | "r" => Some(Side::Right),
            _ => None,
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(match self {
            Side::Left => "Left",
            Side::Right => "Right",
        })
    }
}

impl Serialize for Side {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Side {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Side, D::Error> {
        let text = String::deserialize(deserializer)?;
        Side::from_name(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("the side is {text:?}; it must be \"Left\" or \"Right\"")))
    }
}

/// What kind of nerve conduction study the sweeps belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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

impl NerveConductionKind {
    /// Whether the response is a nerve action potential (a SNAP, or the mixed nerve's
    /// potential), recorded over the nerve rather than a muscle: its velocity is measured from
    /// the distal site alone (distance over onset latency), and its amplitude is in µV.
    pub fn is_sensory(self) -> bool {
        matches!(
            self,
            NerveConductionKind::SensoryAntidromic
                | NerveConductionKind::SensoryOrthodromic
                | NerveConductionKind::Mixed
        )
    }

    /// Whether the study's response amplitudes and areas are printed in mV rather than µV.
    ///
    /// The convention of reports and acquisition machines: responses recorded over a muscle in
    /// mV (a CMAP is some millivolts), nerve action potentials in µV (a thousand times smaller).
    /// F-wave and H-reflex studies record over a muscle too, and their responses site by site
    /// are the M wave, a CMAP, so they are in mV; the H reflex is a muscle response of the same
    /// order (H max some millivolts, reported against M max), and F waves, tens to hundreds of
    /// µV, are reported as a share of the M wave rather than in a unit of their own.
    pub fn amplitudes_in_millivolts(self) -> bool {
        match self {
            NerveConductionKind::Motor | NerveConductionKind::FWave | NerveConductionKind::HReflex => true,
            NerveConductionKind::SensoryAntidromic
            | NerveConductionKind::SensoryOrthodromic
            | NerveConductionKind::Mixed => false,
        }
    }
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
    /// "Wrist – Elbow": the nerve between site `distal_site_idx` and the next more proximal
    /// one, as tables and findings name a segment.
    pub fn segment_name(&self, distal_site_idx: usize) -> String {
        let name = |site_idx: usize| self.sites.get(site_idx).map_or("?", |site| site.name.as_str());
        format!("{} – {}", name(distal_site_idx), name(distal_site_idx + 1))
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn muscle_responses_are_in_millivolts_and_nerve_potentials_are_sensory() {
        use NerveConductionKind::*;
        for (kind, in_millivolts, is_sensory) in [
            (Motor, true, false),
            (FWave, true, false),
            (HReflex, true, false),
            (SensoryAntidromic, false, true),
            (SensoryOrthodromic, false, true),
            (Mixed, false, true),
        ] {
            assert_eq!(kind.amplitudes_in_millivolts(), in_millivolts, "{kind}: amplitudes in mV");
            assert_eq!(kind.is_sensory(), is_sensory, "{kind}: sensory");
        }
    }
}
