//! The edxview study file: a nerve conduction study saved from edxview as versioned JSON (layout
//! in `schema/edxview-study-v1.schema.json`), with its waveforms, its details, the markers as
//! the user left them (and which were set by hand) and the chosen reference profile, so that
//! reopening shows exactly what was on screen. A site may carry the values of a printed report
//! instead of waveforms, for a study typed in by hand.

use serde::{Deserialize, Serialize};

use crate::model::{
    Nerve, NerveConduction, NerveConductionKind, ReportedMeasures, SavedMarkers, Side, StimulationSite, Study, Sweep,
    Unit,
};
use crate::ncs::{MarkerSource, ResponseMarkers};

/// The value of the file's `format` field.
pub const FORMAT: &str = "edxview-study";
/// The version this edxview writes and reads.
pub const VERSION: u32 = 1;

/// Why a study file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StudyFileError {
    /// Not valid JSON, or not laid out as a study file.
    #[error("the study file is not valid: {detail} (line {line}, column {column})")]
    Invalid {
        /// What the JSON reader found.
        detail: String,
        /// Where, from 1.
        line: usize,
        /// Where, from 1.
        column: usize,
    },
    /// Written by a newer edxview.
    #[error("the study file is version {found}, written by a newer edxview; this edxview reads version {VERSION}")]
    NewerVersion {
        /// The file's version.
        found: u32,
    },
    /// A sweep that cannot be a sweep.
    #[error("nerve {nerve}, site {site}: a sweep has a sampling rate of {rate_hz} Hz; it must be positive")]
    BadRate {
        /// Nerve, from 1.
        nerve: usize,
        /// Site, from 1.
        site: usize,
        /// The rate given.
        rate_hz: f64,
    },
}

#[derive(Debug, Serialize, Deserialize)]
struct FileLayout {
    format: String,
    version: u32,
    title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    profile: Option<String>,
    nerves: Vec<NerveLayout>,
}

#[derive(Debug, Serialize, Deserialize)]
struct NerveLayout {
    nerve: String,
    side: String,
    kind: NerveConductionKind,
    recording_site: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    skin_temperature_c: Option<f64>,
    sites: Vec<SiteLayout>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SiteLayout {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    distance_mm: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    sweeps: Vec<SweepLayout>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    markers: Option<SavedMarkers>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reported: Option<ReportedMeasures>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SweepLayout {
    sampling_rate_hz: f64,
    first_sample_ms: f64,
    unit: String,
    samples: Vec<f32>,
}

/// Writes `study` as a study file, with `markers` (per nerve and site, as on screen) and the
/// chosen reference profile.
pub fn write(study: &Study, markers: &[Vec<Option<ResponseMarkers>>], profile_id: &str) -> String {
    let nerves = study
        .nerve_conductions
        .iter()
        .enumerate()
        .map(|(nerve_idx, nerve)| NerveLayout {
            nerve: nerve.nerve.to_string(),
            side: nerve.side.to_string(),
            kind: nerve.kind,
            recording_site: nerve.recording_site.clone(),
            skin_temperature_c: nerve.skin_temperature_c,
            sites: nerve
                .sites
                .iter()
                .enumerate()
                .map(|(site_idx, site)| SiteLayout {
                    name: site.name.clone(),
                    distance_mm: site.distance_mm,
                    sweeps: site
                        .sweeps
                        .iter()
                        .map(|sweep| SweepLayout {
                            sampling_rate_hz: sweep.sampling_rate_hz,
                            first_sample_ms: sweep.first_sample_ms,
                            unit: unit_text(&sweep.unit),
                            samples: sweep.samples.clone(),
                        })
                        .collect(),
                    markers: markers
                        .get(nerve_idx)
                        .and_then(|nerve_markers| nerve_markers.get(site_idx))
                        .copied()
                        .flatten()
                        .map(|markers| saved(&markers))
                        .or(site.saved_markers),
                    reported: site.reported,
                })
                .collect(),
        })
        .collect();
    let layout = FileLayout {
        format: FORMAT.into(),
        version: VERSION,
        title: study.title.clone(),
        profile: Some(profile_id.to_string()),
        nerves,
    };
    serde_json::to_string(&layout).unwrap_or_default()
}

/// Whether `bytes` look like a study file: JSON naming the format near its start.
pub fn looks_like_study_file(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(256)];
    let text = String::from_utf8_lossy(head);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    trimmed.starts_with('{') && trimmed.contains(FORMAT)
}

/// Reads a study file: the study, with saved markers and reported values on its sites and the
/// reference profile it was saved with.
pub fn read(bytes: &[u8]) -> Result<Study, StudyFileError> {
    let layout: FileLayout = serde_json::from_slice(bytes).map_err(|error| StudyFileError::Invalid {
        detail: error.to_string(),
        line: error.line(),
        column: error.column(),
    })?;
    if layout.format != FORMAT {
        return Err(StudyFileError::Invalid {
            detail: format!("the format field says {:?}, not {FORMAT:?}", layout.format),
            line: 1,
            column: 1,
        });
    }
    if layout.version > VERSION {
        return Err(StudyFileError::NewerVersion { found: layout.version });
    }
    let mut nerve_conductions = Vec::with_capacity(layout.nerves.len());
    for (nerve_idx, nerve) in layout.nerves.into_iter().enumerate() {
        let mut sites = Vec::with_capacity(nerve.sites.len());
        for (site_idx, site) in nerve.sites.into_iter().enumerate() {
            let mut sweeps = Vec::with_capacity(site.sweeps.len());
            for sweep in site.sweeps {
                if !(sweep.sampling_rate_hz > 0.0 && sweep.sampling_rate_hz.is_finite()) {
                    return Err(StudyFileError::BadRate {
                        nerve: nerve_idx + 1,
                        site: site_idx + 1,
                        rate_hz: sweep.sampling_rate_hz,
                    });
                }
                sweeps.push(Sweep {
                    samples: sweep.samples,
                    sampling_rate_hz: sweep.sampling_rate_hz,
                    first_sample_ms: sweep.first_sample_ms,
                    unit: Unit::parse(&sweep.unit),
                });
            }
            sites.push(StimulationSite {
                name: site.name,
                distance_mm: site.distance_mm,
                sweeps,
                saved_markers: site.markers,
                reported: site.reported,
            });
        }
        nerve_conductions.push(NerveConduction {
            nerve: Nerve::from_name(&nerve.nerve),
            side: if nerve.side.eq_ignore_ascii_case("left") || nerve.side.eq_ignore_ascii_case("l") {
                Side::Left
            } else {
                Side::Right
            },
            kind: nerve.kind,
            recording_site: nerve.recording_site,
            sites,
            skin_temperature_c: nerve.skin_temperature_c,
        });
    }
    Ok(Study { title: layout.title, recordings: Vec::new(), nerve_conductions, reference_profile: layout.profile })
}

fn saved(markers: &ResponseMarkers) -> SavedMarkers {
    let by_hand = |source: MarkerSource| source == MarkerSource::Manual;
    SavedMarkers {
        onset_ms: markers.onset.time_ms,
        negative_peak_ms: markers.negative_peak.time_ms,
        negative_end_ms: markers.negative_end.time_ms,
        positive_peak_ms: markers.positive_peak.time_ms,
        set_by_hand: [
            by_hand(markers.onset.source),
            by_hand(markers.negative_peak.source),
            by_hand(markers.negative_end.source),
            by_hand(markers.positive_peak.source),
        ],
    }
}

fn unit_text(unit: &Unit) -> String {
    match unit {
        Unit::Microvolt => "uV".into(),
        Unit::Arbitrary => String::new(),
        other => other.symbol().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ncs::initial_markers;

    #[test]
    fn a_saved_study_reopens_with_its_markers_and_profile() {
        let study = crate::synth::demos::build("carpal-tunnel-moderate").unwrap();
        let mut markers: Vec<Vec<Option<ResponseMarkers>>> =
            study.nerve_conductions.iter().map(initial_markers).collect();
        let moved = markers[0][0].as_mut().unwrap();
        moved.onset.time_ms += 0.25;
        moved.onset.source = MarkerSource::Manual;
        let text = write(&study, &markers, "buschbacher");
        let reopened = read(text.as_bytes()).unwrap();
        assert_eq!(reopened.reference_profile.as_deref(), Some("buschbacher"));
        assert_eq!(reopened.nerve_conductions.len(), study.nerve_conductions.len());
        let restored: Vec<Vec<Option<ResponseMarkers>>> =
            reopened.nerve_conductions.iter().map(initial_markers).collect();
        let first = restored[0][0].unwrap();
        assert_eq!(first.onset.time_ms, markers[0][0].unwrap().onset.time_ms);
        assert_eq!(first.onset.source, MarkerSource::Manual);
        assert_eq!(first.negative_peak.source, MarkerSource::Automatic);
        assert_eq!(
            reopened.nerve_conductions[0].sites[0].sweeps[0].samples,
            study.nerve_conductions[0].sites[0].sweeps[0].samples
        );
        assert!(looks_like_study_file(text.as_bytes()));
    }

    #[test]
    fn newer_and_malformed_files_are_refused_with_reasons() {
        let newer = format!(r#"{{"format":"{FORMAT}","version":2,"title":"x","nerves":[]}}"#);
        assert_eq!(read(newer.as_bytes()), Err(StudyFileError::NewerVersion { found: 2 }));
        let broken = format!(r#"{{"format":"{FORMAT}","version":1,"title":"x","nerves":[{{"nerve":"Median"}}]}}"#);
        let error = read(broken.as_bytes()).unwrap_err().to_string();
        assert!(error.contains("missing field"), "{error}");
    }
}
