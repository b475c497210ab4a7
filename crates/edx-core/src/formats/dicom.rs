//! DICOM waveforms (PS3.3 C.10.9 Waveform Module): Electromyogram Waveform Storage and the other
//! waveform classes (ECG, EEG, …), read from Part 10 files with or without the preamble, in
//! implicit or explicit VR little endian.
//!
//! Every multiplex group of the Waveform Sequence becomes a set of channels with its own rate
//! and time offset; values are `raw × sensitivity × correction + baseline` (the baseline is in
//! physical units and added after scaling; pydicom fixed its older formula in PR #1715).
//!
//! Why not dicom-rs: `dicom-object` built for wasm32 (release, LTO, stripped) is 503 KB on its
//! own, more than the whole app at the time; the waveform subset needs about a tenth of that.

use crate::model::{Annotation, Channel, CivilDateTime, Patient, Recording, Segment, Unit};

/// Electromyogram Waveform Storage (PS3.6; pydicom `_uid_dict.py`).
pub const ELECTROMYOGRAM_WAVEFORM_STORAGE: &str = "1.2.840.10008.5.1.4.1.1.9.7.2";

/// Nesting depth beyond which a file is treated as malicious rather than read.
const MAX_DEPTH: usize = 12;

/// Why a DICOM file could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum DicomError {
    /// An element runs past the end of the file.
    #[error("the element {tag} at byte {offset} runs past the end of the file; the file is truncated")]
    Truncated {
        /// The element's tag, as (gggg,eeee).
        tag: String,
        /// Its byte offset.
        offset: usize,
    },
    /// A transfer syntax this reader does not decode.
    #[error("transfer syntax {uid} ({name}) is not supported; edxview reads implicit and explicit VR little endian")]
    TransferSyntax {
        /// The UID.
        uid: String,
        /// Its name.
        name: &'static str,
    },
    /// Sequences nested deeper than any real file nests them.
    #[error("sequences are nested more than {MAX_DEPTH} deep at byte {offset}; the file is corrupt")]
    TooDeep {
        /// Byte offset.
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
        problem: String,
    },
}

/// A data element's value: bytes, or the items of a sequence.
#[derive(Debug, Clone)]
enum Value<'a> {
    Bytes(&'a [u8]),
    Sequence(Vec<Vec<Element<'a>>>),
}

#[derive(Debug, Clone)]
struct Element<'a> {
    tag: (u16, u16),
    value: Value<'a>,
}

const ITEM: (u16, u16) = (0xFFFE, 0xE000);
const ITEM_DELIMITER: (u16, u16) = (0xFFFE, 0xE00D);
const SEQUENCE_DELIMITER: (u16, u16) = (0xFFFE, 0xE0DD);
const UNDEFINED_LENGTH: u32 = 0xFFFF_FFFF;

/// Sequence attributes this reader descends into; in implicit VR nothing else says they are
/// sequences.
const SEQUENCE_TAGS: [(u16, u16); 5] =
    [(0x5400, 0x0100), (0x003A, 0x0200), (0x003A, 0x0208), (0x003A, 0x0211), (0x0040, 0xB020)];

/// Value representations whose explicit-VR length is 4 bytes after 2 reserved bytes (PS3.5 7.1.2).
const LONG_LENGTH_VRS: [&[u8; 2]; 13] =
    [b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"];

/// Value representations with a 2-byte explicit-VR length (PS3.5 6.2).
const SHORT_LENGTH_VRS: [&[u8; 2]; 21] = [
    b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FD", b"FL", b"IS", b"LO", b"LT", b"PN", b"SH", b"SL", b"SS",
    b"ST", b"TM", b"UI", b"UL", b"US",
];

/// Whether `bytes` open like a DICOM data set written without the 128-byte preamble and `DICM`:
/// a file meta element (group 0002) or an identifying element (group 0008), then a second
/// element in ascending tag order, both with lengths that fit in the file. Two consistent
/// elements make a chance match by other binary data (a WFDB signal file, say) unlikely.
pub fn starts_like_data_set(bytes: &[u8]) -> bool {
    let Some((first_tag, second_offset)) = element_extent(bytes, 0) else { return false };
    if !matches!(first_tag.0, 0x0002 | 0x0008) {
        return false;
    }
    element_extent(bytes, second_offset).is_some_and(|(second_tag, _)| second_tag > first_tag && second_tag.0 <= 0x0010)
}

/// The tag of the element at `offset` and the offset after it, read as explicit VR when its VR
/// field holds a known VR and as implicit VR otherwise; `None` when it runs past the end or has
/// undefined length.
fn element_extent(bytes: &[u8], offset: usize) -> Option<((u16, u16), usize)> {
    let header = bytes.get(offset..offset.checked_add(8)?)?;
    let tag = (u16::from_le_bytes([header[0], header[1]]), u16::from_le_bytes([header[2], header[3]]));
    let vr = [header[4], header[5]];
    let (length, value_start) = if LONG_LENGTH_VRS.contains(&&vr) {
        let quad = bytes.get(offset + 8..offset + 12)?;
        (u32::from_le_bytes([quad[0], quad[1], quad[2], quad[3]]), offset + 12)
    } else if SHORT_LENGTH_VRS.contains(&&vr) {
        (u32::from(u16::from_le_bytes([header[6], header[7]])), offset + 8)
    } else {
        (u32::from_le_bytes([header[4], header[5], header[6], header[7]]), offset + 8)
    };
    if length == UNDEFINED_LENGTH {
        return None;
    }
    let end = value_start.checked_add(length as usize)?;
    (end <= bytes.len()).then_some((tag, end))
}

/// Whether the two bytes are a value representation PS3.5 defines.
fn is_known_vr(vr: [u8; 2]) -> bool {
    LONG_LENGTH_VRS.contains(&&vr) || SHORT_LENGTH_VRS.contains(&&vr)
}

/// The file's data set, and whether it is explicit VR.
fn parse_data_set(bytes: &[u8]) -> Result<(Vec<Element<'_>>, bool), DicomError> {
    let mut offset = if bytes.get(128..132) == Some(b"DICM") {
        132
    } else if bytes.starts_with(b"DICM") {
        4
    } else {
        0
    };
    let mut transfer_syntax = None;
    // The file meta group is always explicit VR little endian.
    let meta = Parser { bytes, explicit: true };
    while bytes.len() >= offset + 4 && u16::from_le_bytes([bytes[offset], bytes[offset + 1]]) == 0x0002 {
        let (element, next) = meta.element(offset, 0)?;
        if element.tag == (0x0002, 0x0010) {
            transfer_syntax = Some(text(&element));
        }
        offset = next;
    }
    // Without a file meta group nothing names the transfer syntax: a data set whose first
    // element carries a known VR is explicit VR little endian, any other implicit (PS3.5 A.1).
    let transfer_syntax = transfer_syntax.unwrap_or_else(|| {
        let first_vr = bytes.get(offset + 4..offset + 6).map(|vr| [vr[0], vr[1]]);
        let syntax = if first_vr.is_some_and(is_known_vr) { "1.2.840.10008.1.2.1" } else { "1.2.840.10008.1.2" };
        syntax.to_string()
    });
    let explicit = match transfer_syntax.as_str() {
        "1.2.840.10008.1.2" => false,
        "1.2.840.10008.1.2.1" => true,
        "1.2.840.10008.1.2.1.99" => {
            return Err(DicomError::TransferSyntax { uid: transfer_syntax, name: "Deflated Explicit VR Little Endian" })
        }
        "1.2.840.10008.1.2.2" => {
            return Err(DicomError::TransferSyntax { uid: transfer_syntax, name: "Explicit VR Big Endian" })
        }
        _ => return Err(DicomError::TransferSyntax { uid: transfer_syntax, name: "compressed or unknown" }),
    };
    let parser = Parser { bytes, explicit };
    Ok((parser.elements(offset, bytes.len(), 0)?, explicit))
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
    let (dataset, _) = parse_data_set(bytes)?;
    let Some(Value::Sequence(items)) = find(&dataset, (0x5400, 0x0100)).map(|element| &element.value) else {
        return Ok(WaveformLayout { groups: Vec::new(), patient: read_patient(&dataset) });
    };
    let annotations = annotation_items(&dataset);
    let groups = items
        .iter()
        .enumerate()
        .map(|(group_idx, group)| {
            let definitions: &[Vec<Element<'_>>] = match find(group, (0x003A, 0x0200)).map(|element| &element.value) {
                Some(Value::Sequence(items)) => items,
                _ => &[],
            };
            // Number of Waveform Channels is a US value: at most 65535.
            let n_channels =
                find(group, (0x003A, 0x0005)).and_then(numeric).unwrap_or(0.0).clamp(0.0, 65_535.0) as usize;
            MultiplexGroup {
                label: find(group, (0x003A, 0x0020)).map(text).unwrap_or_default(),
                channel_labels: (0..n_channels)
                    .map(|channel_idx| {
                        definitions
                            .get(channel_idx)
                            .and_then(|definition| find(definition, (0x003A, 0x0203)))
                            .map(text)
                            .unwrap_or_default()
                    })
                    .collect(),
                sampling_rate_hz: find(group, (0x003A, 0x001A)).and_then(numeric).unwrap_or(0.0),
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

/// Patient's Age (0010,1010, `nnnY`, `nnnM`, `nnnW` or `nnnD`), else the Patient's Birth Date
/// (0010,0030) against the Study Date (0008,0020) or Acquisition DateTime (0008,002A); and
/// Patient's Size (0010,1020), which DICOM gives in metres.
fn read_patient(dataset: &[Element<'_>]) -> Patient {
    let stated_age = find(dataset, (0x0010, 0x1010)).map(text).and_then(|age| {
        let (number, unit) = age.split_at(age.len().checked_sub(1)?);
        let number: u32 = number.parse().ok()?;
        match unit {
            "Y" => Some(number),
            "M" => Some(number / 12),
            "W" => Some(number / 52),
            "D" => Some(number / 365),
            _ => None,
        }
    });
    let date = |tag| find(dataset, tag).map(text).and_then(|value| parse_date_time(&value));
    let age_from_dates = || {
        let birth = date((0x0010, 0x0030))?;
        let on = date((0x0008, 0x0020)).or_else(|| date((0x0008, 0x002A)))?;
        super::patient::completed_years((birth.year, birth.month, birth.day), (on.year, on.month, on.day))
    };
    let height_cm = find(dataset, (0x0010, 0x1020))
        .and_then(numeric)
        .filter(|metres| *metres > 0.0 && *metres < 3.0)
        .map(|metres| metres * 100.0);
    Patient { age_years: stated_age.or_else(age_from_dates), height_cm }
}

/// Reads a DICOM waveform file.
pub fn read(bytes: &[u8]) -> Result<Recording, DicomError> {
    let (dataset, explicit) = parse_data_set(bytes)?;
    let mut warnings = Vec::new();
    let sop_class = find(&dataset, (0x0008, 0x0016)).map(text).unwrap_or_default();
    let modality = find(&dataset, (0x0008, 0x0060)).map(text).unwrap_or_default();
    let Some(Value::Sequence(groups)) = find(&dataset, (0x5400, 0x0100)).map(|element| &element.value) else {
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
            read_group(group, n_groups > 1).map_err(|problem| DicomError::Group { group_idx, problem })?;
        channels.extend(group_channels);
    }
    if sop_class != ELECTROMYOGRAM_WAVEFORM_STORAGE && !sop_class.starts_with("1.2.840.10008.5.1.4.1.1.9.") {
        warnings.push(format!("SOP class {sop_class} is not a waveform storage class; its waveform was read anyway"));
    }
    let joined = |tags: [(u16, u16); 2], separator: &str| {
        tags.into_iter()
            .filter_map(|tag| find(&dataset, tag).map(text))
            .filter(|value| !value.is_empty())
            .collect::<Vec<_>>()
            .join(separator)
    };
    // Patient's Name and Patient ID; Manufacturer and Manufacturer's Model Name.
    let patient = joined([(0x0010, 0x0010), (0x0010, 0x0020)], ", ");
    let equipment = joined([(0x0008, 0x0070), (0x0008, 0x1090)], " ");
    let class_name = waveform_class_name(&sop_class);
    let group_timing: Vec<(f64, f64)> = groups
        .iter()
        .map(|group| {
            let number = |tag| find(group, tag).and_then(numeric);
            (number((0x0018, 0x1068)).unwrap_or(0.0) / 1000.0, number((0x003A, 0x001A)).unwrap_or(1.0))
        })
        .collect();
    let annotations = read_annotations(&dataset, &group_timing);
    Ok(Recording {
        file_name: String::new(),
        format: format!("DICOM {class_name}"),
        start: find(&dataset, (0x0008, 0x002A)).map(text).and_then(|date_time| parse_date_time(&date_time)).or_else(
            || {
                let date = find(&dataset, (0x0008, 0x0020)).map(text)?;
                let time = find(&dataset, (0x0008, 0x0030)).map(text).unwrap_or_default();
                parse_date_time(&format!("{date}{time}"))
            },
        ),
        patient,
        recording_info: equipment,
        channels,
        annotations,
        notes: vec![format!(
            "SOP class {sop_class} ({class_name}), modality {modality}, transfer syntax {}",
            if explicit { "explicit VR little endian" } else { "implicit VR little endian" }
        )],
        warnings,
        holds_nerve_conductions: false,
    })
}

/// One multiplex group's channels.
fn read_group(group: &[Element<'_>], prefix_labels: bool) -> Result<Vec<Channel>, String> {
    let number = |tag: (u16, u16)| find(group, tag).and_then(|element| numeric(element));
    let n_channels = number((0x003A, 0x0005)).ok_or("Number of Waveform Channels (003A,0005) is missing")? as usize;
    let n_samples = number((0x003A, 0x0010)).ok_or("Number of Waveform Samples (003A,0010) is missing")? as usize;
    let sampling_rate_hz = number((0x003A, 0x001A))
        .filter(|rate| rate.is_finite() && *rate > 0.0)
        .ok_or("Sampling Frequency (003A,001A) is missing or not positive")?;
    let bits_allocated = number((0x5400, 0x1004)).ok_or("Waveform Bits Allocated (5400,1004) is missing")? as usize;
    let interpretation =
        find(group, (0x5400, 0x1006)).map(text).ok_or("Waveform Sample Interpretation (5400,1006) is missing")?;
    // Multiplex Group Time Offset is in ms (PS3.3 C.10.9.1).
    let time_offset_s = number((0x0018, 0x1068)).unwrap_or(0.0) / 1000.0;
    let label = find(group, (0x003A, 0x0020)).map(text).unwrap_or_default();
    let Some(Value::Bytes(data)) = find(group, (0x5400, 0x1010)).map(|element| &element.value) else {
        return Err("Waveform Data (5400,1010) is missing".into());
    };
    let sample = SampleCodec::new(&interpretation, bits_allocated)?;
    let needed = n_channels
        .checked_mul(n_samples)
        .and_then(|count| count.checked_mul(sample.bytes))
        .ok_or("the channel and sample counts are absurd")?;
    if data.len() < needed {
        return Err(format!(
            "Waveform Data holds {} bytes but {n_channels} channels × {n_samples} samples need {needed}",
            data.len()
        ));
    }
    let padding = find(group, (0x5400, 0x100A)).and_then(|element| match element.value {
        Value::Bytes(bytes) if bytes.len() >= sample.bytes => Some(sample.decode(&bytes[..sample.bytes])),
        _ => None,
    });
    let definitions: &[Vec<Element<'_>>] = match find(group, (0x003A, 0x0200)).map(|element| &element.value) {
        Some(Value::Sequence(items)) => items,
        _ => &[],
    };
    let frame_bytes = n_channels * sample.bytes;
    (0..n_channels)
        .map(|channel_idx| {
            let definition = definitions.get(channel_idx).map(Vec::as_slice).unwrap_or_default();
            let channel_number = |tag| find(definition, tag).and_then(numeric);
            let sensitivity = channel_number((0x003A, 0x0210));
            let correction = channel_number((0x003A, 0x0212)).unwrap_or(1.0);
            let baseline = channel_number((0x003A, 0x0213)).unwrap_or(0.0);
            let units = match find(definition, (0x003A, 0x0211)).map(|element| &element.value) {
                Some(Value::Sequence(items)) => {
                    items.first().and_then(|item| find(item, (0x0008, 0x0100))).map(text).unwrap_or_default()
                }
                _ => String::new(),
            };
            let unit = if sensitivity.is_some() { Unit::parse(&units) } else { Unit::Arbitrary };
            let (scale, offset) = match sensitivity {
                Some(sensitivity) => (sensitivity * correction, baseline),
                None => (1.0, 0.0),
            };
            let samples = (0..n_samples)
                .map(|sample_idx| {
                    let start = sample_idx * frame_bytes + channel_idx * sample.bytes;
                    let raw = sample.decode(&data[start..start + sample.bytes]);
                    if padding == Some(raw) {
                        f32::NAN
                    } else {
                        (raw * scale + offset) as f32
                    }
                })
                .collect();
            let source = match find(definition, (0x003A, 0x0208)).map(|element| &element.value) {
                Some(Value::Sequence(items)) => {
                    items.first().and_then(|item| find(item, (0x0008, 0x0104))).map(text).unwrap_or_default()
                }
                _ => String::new(),
            };
            let own_label = find(definition, (0x003A, 0x0203)).map(text).filter(|label| !label.is_empty());
            let base_label = own_label
                .or((!source.is_empty()).then_some(source))
                .unwrap_or_else(|| format!("channel {}", channel_idx + 1));
            let filters = [("HP", (0x003A, 0x0220)), ("LP", (0x003A, 0x0221)), ("N", (0x003A, 0x0222))]
                .into_iter()
                .filter_map(|(name, tag)| {
                    channel_number(tag)
                        .filter(|frequency| *frequency > 0.0)
                        .map(|frequency| format!("{name}:{frequency}Hz"))
                })
                .collect::<Vec<_>>()
                .join(" ");
            Ok(Channel {
                label: if prefix_labels && !label.is_empty() { format!("{label}: {base_label}") } else { base_label },
                unit,
                sampling_rate_hz,
                segments: vec![Segment { start_s: time_offset_s, samples }],
                transducer: String::new(),
                prefiltering: filters,
                recordable_range: None,
            })
        })
        .collect()
}

/// A Waveform Annotation Sequence (0040,B020) item with text, and what it refers to.
struct AnnotationItem {
    text: String,
    /// The multiplex group, from 0 (Referenced Waveform Channels counts groups from 1).
    group_idx: Option<usize>,
    /// The channel, from 0; `None` for the whole group or no group.
    channel_idx: Option<usize>,
    /// The first referenced sample, from 0.
    sample_idx: Option<usize>,
}

/// The Waveform Annotation Sequence items that carry text. Referenced Waveform Channels
/// (0040,A0B0) holds pairs of multiplex group and channel numbers, both from 1, channel 0 for
/// every channel of the group (PS3.3 C.10.10.1.1); the first pair is used.
fn annotation_items(dataset: &[Element<'_>]) -> Vec<AnnotationItem> {
    let Some(Value::Sequence(items)) = find(dataset, (0x0040, 0xB020)).map(|element| &element.value) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let text = find(item, (0x0070, 0x0006)).map(text).filter(|text| !text.is_empty())?;
            let words = |tag, width: usize| match find(item, tag).map(|element| &element.value) {
                Some(Value::Bytes(bytes)) => bytes
                    .chunks_exact(width)
                    .map(|chunk| {
                        if width == 2 {
                            usize::from(u16::from_le_bytes([chunk[0], chunk[1]]))
                        } else {
                            u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]) as usize
                        }
                    })
                    .collect::<Vec<usize>>(),
                _ => Vec::new(),
            };
            let channels = words((0x0040, 0xA0B0), 2);
            let group_idx = channels.first().and_then(|group| group.checked_sub(1));
            let channel_idx = channels.get(1).and_then(|channel| channel.checked_sub(1));
            let sample_idx = words((0x0040, 0xA132), 4).first().and_then(|position| position.checked_sub(1));
            Some(AnnotationItem { text, group_idx, channel_idx, sample_idx })
        })
        .collect()
}

/// Waveform Annotation texts as annotations: at the referenced sample of the referenced group,
/// at the group's start when no sample is referenced, at 0 when no group is.
fn read_annotations(dataset: &[Element<'_>], group_timing: &[(f64, f64)]) -> Vec<Annotation> {
    annotation_items(dataset)
        .into_iter()
        .map(|item| {
            let onset_s = match item.group_idx.and_then(|group_idx| group_timing.get(group_idx)) {
                Some(&(start_s, rate_hz)) => {
                    start_s + item.sample_idx.map_or(0.0, |sample_idx| sample_idx as f64 / rate_hz)
                }
                None => 0.0,
            };
            Annotation { onset_s, duration_s: None, text: item.text }
        })
        .collect()
}

/// How samples of one interpretation are stored.
#[derive(Debug, Clone, Copy)]
struct SampleCodec {
    bytes: usize,
    kind: SampleKind,
}

#[derive(Debug, Clone, Copy)]
enum SampleKind {
    Signed,
    Unsigned,
    MuLaw,
    ALaw,
}

impl SampleCodec {
    fn new(interpretation: &str, bits_allocated: usize) -> Result<SampleCodec, String> {
        let (bytes, kind) = match interpretation {
            "SB" => (1, SampleKind::Signed),
            "UB" => (1, SampleKind::Unsigned),
            "MB" => (1, SampleKind::MuLaw),
            "AB" => (1, SampleKind::ALaw),
            "SS" => (2, SampleKind::Signed),
            "US" => (2, SampleKind::Unsigned),
            "SL" => (4, SampleKind::Signed),
            "UL" => (4, SampleKind::Unsigned),
            "SV" => (8, SampleKind::Signed),
            "UV" => (8, SampleKind::Unsigned),
            other => return Err(format!("Waveform Sample Interpretation {other:?} is not one DICOM defines")),
        };
        if bits_allocated != bytes * 8 {
            return Err(format!(
                "Waveform Bits Allocated is {bits_allocated} but interpretation {interpretation} stores {} bits",
                bytes * 8
            ));
        }
        Ok(SampleCodec { bytes, kind })
    }

    fn decode(&self, bytes: &[u8]) -> f64 {
        let mut little = [0u8; 8];
        little[..self.bytes].copy_from_slice(bytes);
        let unsigned = u64::from_le_bytes(little);
        match self.kind {
            SampleKind::Unsigned => unsigned as f64,
            SampleKind::Signed => {
                let shift = 64 - 8 * self.bytes as u32;
                ((unsigned << shift) as i64 >> shift) as f64
            }
            SampleKind::MuLaw => f64::from(mu_law(bytes[0])),
            SampleKind::ALaw => f64::from(a_law(bytes[0])),
        }
    }
}

/// ITU-T G.711 µ-law expansion to 16-bit linear (the scale of the reference `g711.c`).
fn mu_law(byte: u8) -> i16 {
    let complement = !byte;
    let exponent = (complement >> 4) & 0x07;
    let mantissa = i16::from(complement & 0x0F);
    let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    if complement & 0x80 != 0 {
        -magnitude
    } else {
        magnitude
    }
}

/// ITU-T G.711 A-law expansion to 16-bit linear (the scale of the reference `g711.c`).
fn a_law(byte: u8) -> i16 {
    let value = byte ^ 0x55;
    let exponent = (value >> 4) & 0x07;
    let mantissa = i16::from(value & 0x0F);
    let magnitude = if exponent == 0 { (mantissa << 4) + 8 } else { ((mantissa << 4) + 0x108) << (exponent - 1) };
    if value & 0x80 != 0 {
        magnitude
    } else {
        -magnitude
    }
}

/// Element-level parsing over the whole file.
struct Parser<'a> {
    bytes: &'a [u8],
    explicit: bool,
}

impl<'a> Parser<'a> {
    /// Elements from `offset` to `end` (an item's or the data set's extent).
    fn elements(&self, mut offset: usize, end: usize, depth: usize) -> Result<Vec<Element<'a>>, DicomError> {
        let mut elements = Vec::new();
        while offset + 8 <= end {
            let tag = self.tag(offset);
            if tag == ITEM_DELIMITER || tag == SEQUENCE_DELIMITER {
                break;
            }
            let (element, next) = self.element(offset, depth)?;
            elements.push(element);
            offset = next;
        }
        Ok(elements)
    }

    fn tag(&self, offset: usize) -> (u16, u16) {
        let word = |at: usize| u16::from_le_bytes([self.bytes[at], self.bytes[at + 1]]);
        (word(offset), word(offset + 2))
    }

    /// One element at `offset` and the offset after it.
    fn element(&self, offset: usize, depth: usize) -> Result<(Element<'a>, usize), DicomError> {
        if depth > MAX_DEPTH {
            return Err(DicomError::TooDeep { offset });
        }
        let truncated =
            |tag: (u16, u16)| DicomError::Truncated { tag: format!("({:04X},{:04X})", tag.0, tag.1), offset };
        if offset + 8 > self.bytes.len() {
            return Err(truncated((0, 0)));
        }
        let tag = self.tag(offset);
        let u32_at =
            |at: usize| self.bytes.get(at..at + 4).map(|quad| u32::from_le_bytes([quad[0], quad[1], quad[2], quad[3]]));
        let (vr, length, value_start) = if self.explicit && tag.0 != 0xFFFE {
            let vr = [self.bytes[offset + 4], self.bytes[offset + 5]];
            if LONG_LENGTH_VRS.contains(&&vr) {
                (Some(vr), u32_at(offset + 8).ok_or_else(|| truncated(tag))?, offset + 12)
            } else {
                (Some(vr), u32::from(u16::from_le_bytes([self.bytes[offset + 6], self.bytes[offset + 7]])), offset + 8)
            }
        } else {
            (None, u32_at(offset + 4).ok_or_else(|| truncated(tag))?, offset + 8)
        };
        let is_sequence = vr == Some(*b"SQ") || (vr.is_none() && SEQUENCE_TAGS.contains(&tag));
        if length == UNDEFINED_LENGTH {
            // A sequence, or encapsulated data: items up to the sequence delimiter.
            let (items, next) = self.items(value_start, self.bytes.len(), depth)?;
            let value = if is_sequence || vr.is_none() || vr == Some(*b"UN") {
                Value::Sequence(items)
            } else {
                Value::Bytes(&[])
            };
            return Ok((Element { tag, value }, next));
        }
        let value_end = value_start
            .checked_add(length as usize)
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| truncated(tag))?;
        let looks_like_items = vr.is_none() && length >= 8 && self.tag(value_start) == ITEM;
        let value = if is_sequence || looks_like_items {
            Value::Sequence(self.items(value_start, value_end, depth)?.0)
        } else {
            Value::Bytes(&self.bytes[value_start..value_end])
        };
        Ok((Element { tag, value }, value_end))
    }

    /// Items from `offset` until `end` or a sequence delimiter; returns them and the offset after.
    fn items(&self, mut offset: usize, end: usize, depth: usize) -> Result<(Vec<Vec<Element<'a>>>, usize), DicomError> {
        let mut items = Vec::new();
        while offset + 8 <= end {
            let tag = self.tag(offset);
            let length = u32::from_le_bytes([
                self.bytes[offset + 4],
                self.bytes[offset + 5],
                self.bytes[offset + 6],
                self.bytes[offset + 7],
            ]);
            offset += 8;
            if tag == SEQUENCE_DELIMITER {
                return Ok((items, offset));
            }
            if tag != ITEM {
                return Err(DicomError::Truncated {
                    tag: format!("({:04X},{:04X})", tag.0, tag.1),
                    offset: offset - 8,
                });
            }
            if length == UNDEFINED_LENGTH {
                let elements = self.elements(offset, end, depth + 1)?;
                // Skip to just after this item's delimiter.
                offset = self.after_item_delimiter(offset, end, depth)?;
                items.push(elements);
            } else {
                let item_end = offset
                    .checked_add(length as usize)
                    .filter(|&item_end| item_end <= end)
                    .ok_or(DicomError::Truncated { tag: "(FFFE,E000)".into(), offset: offset - 8 })?;
                items.push(self.elements(offset, item_end, depth + 1)?);
                offset = item_end;
            }
        }
        Ok((items, offset))
    }

    fn after_item_delimiter(&self, mut offset: usize, end: usize, depth: usize) -> Result<usize, DicomError> {
        while offset + 8 <= end {
            if self.tag(offset) == ITEM_DELIMITER {
                return Ok(offset + 8);
            }
            offset = self.element(offset, depth + 1)?.1;
        }
        Err(DicomError::Truncated { tag: "(FFFE,E00D)".into(), offset })
    }
}

fn find<'e, 'a>(elements: &'e [Element<'a>], tag: (u16, u16)) -> Option<&'e Element<'a>> {
    elements.iter().find(|element| element.tag == tag)
}

/// A string value without padding (spaces, NULs) and multi-value separators beyond the first.
fn text(element: &Element<'_>) -> String {
    match element.value {
        Value::Bytes(bytes) => String::from_utf8_lossy(bytes)
            .trim_matches(|character: char| character == ' ' || character == '\0')
            .to_string(),
        Value::Sequence(_) => String::new(),
    }
}

/// A number from a DS/IS string or a binary US/UL/SS/SL/FL/FD value of the usual width.
fn numeric(element: &Element<'_>) -> Option<f64> {
    let Value::Bytes(bytes) = element.value else { return None };
    let as_text = String::from_utf8_lossy(bytes);
    let trimmed = as_text.trim_matches(|character: char| character == ' ' || character == '\0');
    if let Some(value) = trimmed.split('\\').next().and_then(|first| first.trim().parse::<f64>().ok()) {
        if trimmed.bytes().all(|byte| byte.is_ascii_graphic() || byte == b' ') {
            return Some(value);
        }
    }
    match bytes.len() {
        2 => Some(f64::from(u16::from_le_bytes([bytes[0], bytes[1]]))),
        4 => Some(f64::from(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))),
        _ => None,
    }
}

/// `YYYYMMDDHHMMSS.FFFFFF` (time parts optional).
fn parse_date_time(text: &str) -> Option<CivilDateTime> {
    let digits = |range: std::ops::Range<usize>| text.get(range).and_then(|part| part.parse::<u32>().ok());
    let year = digits(0..4)? as i32;
    let month = digits(4..6)? as u8;
    let day = digits(6..8)? as u8;
    let hour = digits(8..10).unwrap_or(0) as u8;
    let minute = digits(10..12).unwrap_or(0) as u8;
    let second = digits(12..14).unwrap_or(0) as u8;
    let microsecond = text
        .get(15..)
        .map(|fraction| fraction.chars().take_while(char::is_ascii_digit).collect::<String>())
        .filter(|fraction| !fraction.is_empty())
        .and_then(|fraction| format!("{fraction:0<6}")[..6].parse().ok())
        .unwrap_or(0);
    ((1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24 && minute < 60 && second < 61)
        .then_some(CivilDateTime { year, month, day, hour, minute, second, microsecond })
}

/// The waveform storage class's name (PS3.6), as users know it.
fn waveform_class_name(sop_class: &str) -> &'static str {
    match sop_class {
        ELECTROMYOGRAM_WAVEFORM_STORAGE => "Electromyogram waveform",
        "1.2.840.10008.5.1.4.1.1.9.1.1" => "12-lead ECG waveform",
        "1.2.840.10008.5.1.4.1.1.9.1.2" => "general ECG waveform",
        "1.2.840.10008.5.1.4.1.1.9.1.3" => "ambulatory ECG waveform",
        "1.2.840.10008.5.1.4.1.1.9.3.1" => "cardiac electrophysiology waveform",
        "1.2.840.10008.5.1.4.1.1.9.4.1" => "basic voice audio waveform",
        "1.2.840.10008.5.1.4.1.1.9.7.1" => "routine scalp EEG waveform",
        "1.2.840.10008.5.1.4.1.1.9.7.3" => "electrooculogram waveform",
        "1.2.840.10008.5.1.4.1.1.9.7.4" => "sleep EEG waveform",
        "1.2.840.10008.5.1.4.1.1.9.8.1" => "body position waveform",
        _ => "waveform",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g711_expansion_matches_known_values() {
        assert_eq!(mu_law(0xFF), 0);
        assert_eq!(mu_law(0x80), 32_124);
        assert_eq!(mu_law(0x00), -32_124);
        assert_eq!(a_law(0xD5), 8);
        assert_eq!(a_law(0x55), -8);
    }

    #[test]
    fn date_times_with_fractions() {
        let parsed = parse_date_time("20240131123456.25").unwrap();
        assert_eq!(
            (parsed.year, parsed.month, parsed.day, parsed.hour, parsed.second, parsed.microsecond),
            (2024, 1, 31, 12, 56, 250_000)
        );
    }
}
