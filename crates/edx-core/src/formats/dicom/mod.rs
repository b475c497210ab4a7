//! DICOM waveforms (PS3.3 C.10.9 Waveform Module): Electromyogram Waveform Storage and the other
//! waveform classes (ECG, EEG, …), read from Part 10 files with or without the preamble, in
//! implicit or explicit VR little endian.
//!
//! Every multiplex group of the Waveform Sequence becomes a set of channels with its own rate
//! and time offset. [`read`] gives the recording, [`read_layout`] the groups' labels and
//! annotations without decoding samples (what [`super::ncs_dicom`] needs). Inside: `parser`
//! turns bytes into a tree of elements, `tags` and `uids` name what it looks for, `values`
//! reads their values, `waveform` decodes a multiplex group's samples (with `g711` for µ-law
//! and A-law), `annotations` and `patient` read the rest.
//!
//! Why not dicom-rs: `dicom-object` built for wasm32 (release, LTO, stripped) is 503 KB on its
//! own, more than the whole app at the time; the waveform subset needs about a tenth of that.

mod annotations;
mod g711;
mod parser;
mod patient;
mod tags;
mod uids;
mod values;
mod waveform;

pub use parser::starts_like_data_set;
pub use tags::Tag;
pub use uids::ELECTROMYOGRAM_WAVEFORM_STORAGE;
pub use waveform::WaveformError;

use crate::model::{Patient, Recording};
use annotations::{annotation_items, read_annotations};
use parser::{parse_data_set, Value, MAX_DEPTH};
use patient::read_patient;
use tags::*;
use uids::{waveform_class_name, WAVEFORM_STORAGE_PREFIX};
use values::{find, items, numeric, parse_date_time, text};
use waveform::read_multiplex_group;

/// Why a DICOM file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DicomError {
    /// An element runs past the end of the file.
    #[error("the element {tag} at byte {offset} runs past the end of the file; the file is truncated")]
    Truncated {
        /// The element's tag, as (gggg,eeee).
        tag: String,
        /// Its byte offset from the start of the file.
        offset: usize,
    },
    /// A transfer syntax this reader does not decode.
    #[error("transfer syntax {uid} ({name}) is not supported; edxview reads implicit and explicit VR little endian")]
    TransferSyntax {
        /// The transfer syntax UID the file meta group gives.
        uid: String,
        /// Its name, or "compressed or unknown".
        name: &'static str,
    },
    /// Sequences nested deeper than any real file nests them.
    #[error("sequences are nested more than {MAX_DEPTH} deep at byte {offset}; the file is corrupt")]
    TooDeep {
        /// Byte offset of the element too deep, from the start of the file.
        offset: usize,
    },
    /// No Waveform Sequence: an image or report, not a waveform.
    #[error("the file holds no waveform (no Waveform Sequence 5400,0100); it is {what}")]
    NoWaveform {
        /// What the file is, from its SOP class or modality.
        what: String,
    },
    /// A multiplex group whose description cannot be decoded.
    #[error("multiplex group {group_idx}: {problem}")]
    Group {
        /// Position of the group, from 0.
        group_idx: usize,
        /// What is wrong.
        problem: WaveformError,
    },
}

/// One multiplex group as the file describes it, without its samples: what nerve conduction
/// studies need beyond the channels [`read`] makes of it (`docs/formats/ncs-dicom.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct MultiplexGroup {
    /// Multiplex Group Label (003A,0020), empty when absent.
    pub label: String,
    /// Channel Label (003A,0203) of each channel as written, empty when absent.
    pub channel_labels: Vec<String>,
    /// Sampling Frequency (003A,001A), Hz; 0 when absent.
    pub sampling_rate_hz: f64,
    /// The Waveform Annotation Sequence items that refer to this group.
    pub annotations: Vec<GroupAnnotation>,
}

/// A Waveform Annotation (PS3.3 C.10.10) that refers to one multiplex group.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupAnnotation {
    /// Unformatted Text Value (0070,0006).
    pub text: String,
    /// The channel it refers to, from 0; `None` for the whole group (channel number 0).
    pub channel_idx: Option<usize>,
    /// The first Referenced Sample Position (0040,A132), as an index from 0 (the standard
    /// counts from 1).
    pub sample_idx: Option<usize>,
}

/// The file's multiplex groups and what it says of the patient, read without decoding samples.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WaveformLayout {
    /// The groups, in Waveform Sequence order: [`read`] makes their channels in this order.
    pub groups: Vec<MultiplexGroup>,
    /// Patient's Age (0010,1010), or Patient's Birth Date (0010,0030) against the study date;
    /// Patient's Size (0010,1020), given in metres.
    pub patient: Patient,
}

/// Reads a DICOM waveform file's layout.
pub fn read_layout(bytes: &[u8]) -> Result<WaveformLayout, DicomError> {
    let dataset = parse_data_set(bytes)?.elements;
    let Some(Value::Sequence(groups)) = find(&dataset, WAVEFORM_SEQUENCE).map(|element| &element.value) else {
        return Ok(WaveformLayout { groups: Vec::new(), patient: read_patient(&dataset) });
    };
    let annotations = annotation_items(&dataset);
    let groups = groups
        .iter()
        .enumerate()
        .map(|(group_idx, group)| {
            let definitions = items(group, CHANNEL_DEFINITION_SEQUENCE);
            // Number of Waveform Channels is a US value: at most 65535.
            let n_channels =
                find(group, NUMBER_OF_WAVEFORM_CHANNELS).and_then(numeric).unwrap_or(0.0).clamp(0.0, 65_535.0) as usize;
            MultiplexGroup {
                label: find(group, MULTIPLEX_GROUP_LABEL).map(text).unwrap_or_default(),
                channel_labels: (0..n_channels)
                    .map(|channel_idx| {
                        definitions
                            .get(channel_idx)
                            .and_then(|definition| find(definition, CHANNEL_LABEL))
                            .map(text)
                            .unwrap_or_default()
                    })
                    .collect(),
                sampling_rate_hz: find(group, SAMPLING_FREQUENCY).and_then(numeric).unwrap_or(0.0),
                annotations: annotations
                    .iter()
                    .filter(|annotation| annotation.group_idx == Some(group_idx))
                    .map(|annotation| GroupAnnotation {
                        text: annotation.text.clone(),
                        channel_idx: annotation.channel_idx,
                        sample_idx: annotation.sample_idx,
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(WaveformLayout { groups, patient: read_patient(&dataset) })
}

/// Reads a DICOM waveform file.
pub fn read(bytes: &[u8]) -> Result<Recording, DicomError> {
    let data_set = parse_data_set(bytes)?;
    let dataset = &data_set.elements;
    let mut warnings = Vec::new();
    let sop_class = find(dataset, SOP_CLASS_UID).map(text).unwrap_or_default();
    let modality = find(dataset, MODALITY).map(text).unwrap_or_default();
    let Some(Value::Sequence(groups)) = find(dataset, WAVEFORM_SEQUENCE).map(|element| &element.value) else {
        let what = if modality.is_empty() {
            format!("SOP class {sop_class}")
        } else {
            format!("modality {modality}, SOP class {sop_class}")
        };
        return Err(DicomError::NoWaveform { what });
    };
    let n_groups = groups.len();
    let mut channels = Vec::new();
    for (group_idx, group) in groups.iter().enumerate() {
        let group_channels =
            read_multiplex_group(group, n_groups > 1).map_err(|problem| DicomError::Group { group_idx, problem })?;
        channels.extend(group_channels);
    }
    if sop_class != ELECTROMYOGRAM_WAVEFORM_STORAGE && !sop_class.starts_with(WAVEFORM_STORAGE_PREFIX) {
        warnings.push(format!("SOP class {sop_class} is not a waveform storage class; its waveform was read anyway"));
    }
    let joined = |tags: [Tag; 2], separator: &str| {
        tags.into_iter()
            .filter_map(|tag| find(dataset, tag).map(text))
            .filter(|value| !value.is_empty())
            .collect::<Vec<_>>()
            .join(separator)
    };
    let patient = joined([PATIENT_NAME, PATIENT_ID], ", ");
    let equipment = joined([MANUFACTURER, MANUFACTURER_MODEL_NAME], " ");
    let class_name = waveform_class_name(&sop_class);
    let group_timing: Vec<(f64, f64)> = groups
        .iter()
        .map(|group| {
            let number = |tag| find(group, tag).and_then(numeric);
            // Multiplex Group Time Offset is in ms (PS3.3 C.10.9.1).
            (number(MULTIPLEX_GROUP_TIME_OFFSET).unwrap_or(0.0) / 1000.0, number(SAMPLING_FREQUENCY).unwrap_or(1.0))
        })
        .collect();
    let annotations = read_annotations(dataset, &group_timing);
    let start = find(dataset, ACQUISITION_DATE_TIME)
        .map(text)
        .and_then(|date_time| parse_date_time(&date_time))
        .or_else(|| {
            let date = find(dataset, STUDY_DATE).map(text)?;
            let time = find(dataset, STUDY_TIME).map(text).unwrap_or_default();
            parse_date_time(&format!("{date}{time}"))
        });
    Ok(Recording {
        file_name: String::new(),
        format: format!("DICOM {class_name}"),
        start,
        patient,
        recording_info: equipment,
        channels,
        annotations,
        notes: vec![format!(
            "SOP class {sop_class} ({class_name}), modality {modality}, transfer syntax {}",
            if data_set.explicit_vr { "explicit VR little endian" } else { "implicit VR little endian" }
        )],
        warnings,
        holds_nerve_conductions: false,
        part: None,
    })
}
