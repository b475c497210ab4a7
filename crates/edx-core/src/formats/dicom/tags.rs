//! The data element tags this reader looks for, each named by the attribute's keyword in the
//! DICOM data dictionary (PS3.6; `PatientAge` for Patient's Age), as dicom-rs names its tags,
//! with the attribute's full name and what the reader takes from it.

use std::fmt;

/// A data element tag: group and element number, shown as DICOM writes it, `(gggg,eeee)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag {
    /// The group number; 0002 is the file meta group, FFFE the item delimiters.
    pub group: u16,
    /// The element number within the group.
    pub element: u16,
}

impl Tag {
    /// The tag `(group,element)`.
    pub const fn new(group: u16, element: u16) -> Tag {
        Tag { group, element }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "({:04X},{:04X})", self.group, self.element)
    }
}

/// The file meta information group, always explicit VR little endian (PS3.10 7.1).
pub(super) const FILE_META_GROUP: u16 = 0x0002;
/// The group of identifying attributes (SOP class, dates, modality, equipment).
pub(super) const IDENTIFYING_GROUP: u16 = 0x0008;
/// The group of patient attributes (name, ID, birth date, age, size).
pub(super) const PATIENT_GROUP: u16 = 0x0010;
/// The group of the item and delimitation tags, which carry no value representation (PS3.5 7.5).
pub(super) const ITEM_GROUP: u16 = 0xFFFE;

/// Item (FFFE,E000): opens each item of a sequence (PS3.5 7.5).
pub(super) const ITEM: Tag = Tag::new(0xFFFE, 0xE000);
/// Item Delimitation Item (FFFE,E00D): closes an item of undefined length.
pub(super) const ITEM_DELIMITATION_ITEM: Tag = Tag::new(0xFFFE, 0xE00D);
/// Sequence Delimitation Item (FFFE,E0DD): closes a sequence of undefined length.
pub(super) const SEQUENCE_DELIMITATION_ITEM: Tag = Tag::new(0xFFFE, 0xE0DD);

/// Transfer Syntax UID (0002,0010): how the data set after the file meta group is encoded.
pub(super) const TRANSFER_SYNTAX_UID: Tag = Tag::new(0x0002, 0x0010);

/// SOP Class UID (0008,0016): which storage class the file is, such as Electromyogram Waveform.
pub(super) const SOP_CLASS_UID: Tag = Tag::new(0x0008, 0x0016);
/// Study Date (0008,0020), `YYYYMMDD`.
pub(super) const STUDY_DATE: Tag = Tag::new(0x0008, 0x0020);
/// Acquisition DateTime (0008,002A), `YYYYMMDDHHMMSS.FFFFFF`: when the waveform was recorded.
pub(super) const ACQUISITION_DATE_TIME: Tag = Tag::new(0x0008, 0x002A);
/// Study Time (0008,0030), `HHMMSS.FFFFFF`.
pub(super) const STUDY_TIME: Tag = Tag::new(0x0008, 0x0030);
/// Modality (0008,0060), such as `EMG` or `ECG`.
pub(super) const MODALITY: Tag = Tag::new(0x0008, 0x0060);
/// Manufacturer (0008,0070) of the acquisition equipment.
pub(super) const MANUFACTURER: Tag = Tag::new(0x0008, 0x0070);
/// Code Value (0008,0100) of a code sequence item, such as a unit's UCUM code `uV`.
pub(super) const CODE_VALUE: Tag = Tag::new(0x0008, 0x0100);
/// Code Meaning (0008,0104) of a code sequence item, in words.
pub(super) const CODE_MEANING: Tag = Tag::new(0x0008, 0x0104);
/// Manufacturer's Model Name (0008,1090) of the acquisition equipment.
pub(super) const MANUFACTURER_MODEL_NAME: Tag = Tag::new(0x0008, 0x1090);

/// Patient's Name (0010,0010).
pub(super) const PATIENT_NAME: Tag = Tag::new(0x0010, 0x0010);
/// Patient ID (0010,0020).
pub(super) const PATIENT_ID: Tag = Tag::new(0x0010, 0x0020);
/// Patient's Birth Date (0010,0030), `YYYYMMDD`.
pub(super) const PATIENT_BIRTH_DATE: Tag = Tag::new(0x0010, 0x0030);
/// Patient's Age (0010,1010): `nnnY`, `nnnM`, `nnnW` or `nnnD` (PS3.5 6.2, AS).
pub(super) const PATIENT_AGE: Tag = Tag::new(0x0010, 0x1010);
/// Patient's Size (0010,1020): the patient's height, in metres.
pub(super) const PATIENT_SIZE: Tag = Tag::new(0x0010, 0x1020);

/// Multiplex Group Time Offset (0018,1068): the group's start after the acquisition's, in ms
/// (PS3.3 C.10.9.1).
pub(super) const MULTIPLEX_GROUP_TIME_OFFSET: Tag = Tag::new(0x0018, 0x1068);

/// Number of Waveform Channels (003A,0005) of a multiplex group (PS3.3 C.10.9).
pub(super) const NUMBER_OF_WAVEFORM_CHANNELS: Tag = Tag::new(0x003A, 0x0005);
/// Number of Waveform Samples (003A,0010) per channel of a multiplex group.
pub(super) const NUMBER_OF_WAVEFORM_SAMPLES: Tag = Tag::new(0x003A, 0x0010);
/// Sampling Frequency (003A,001A) of a multiplex group, in Hz.
pub(super) const SAMPLING_FREQUENCY: Tag = Tag::new(0x003A, 0x001A);
/// Multiplex Group Label (003A,0020): the group's name as the equipment gave it.
pub(super) const MULTIPLEX_GROUP_LABEL: Tag = Tag::new(0x003A, 0x0020);
/// Channel Definition Sequence (003A,0200): one item per channel of a multiplex group.
pub(super) const CHANNEL_DEFINITION_SEQUENCE: Tag = Tag::new(0x003A, 0x0200);
/// Channel Label (003A,0203): the channel's name as the equipment gave it.
pub(super) const CHANNEL_LABEL: Tag = Tag::new(0x003A, 0x0203);
/// Channel Source Sequence (003A,0208): a coded description of what the channel records.
pub(super) const CHANNEL_SOURCE_SEQUENCE: Tag = Tag::new(0x003A, 0x0208);
/// Channel Sensitivity (003A,0210): physical units per stored value, before the correction.
pub(super) const CHANNEL_SENSITIVITY: Tag = Tag::new(0x003A, 0x0210);
/// Channel Sensitivity Units Sequence (003A,0211): the unit of the sensitivity, as a UCUM code.
pub(super) const CHANNEL_SENSITIVITY_UNITS_SEQUENCE: Tag = Tag::new(0x003A, 0x0211);
/// Channel Sensitivity Correction Factor (003A,0212): multiplies the sensitivity (1 if absent).
pub(super) const CHANNEL_SENSITIVITY_CORRECTION_FACTOR: Tag = Tag::new(0x003A, 0x0212);
/// Channel Baseline (003A,0213): added after scaling, in physical units (0 if absent).
pub(super) const CHANNEL_BASELINE: Tag = Tag::new(0x003A, 0x0213);
/// Filter Low Frequency (003A,0220): the high-pass corner of the recording, in Hz.
pub(super) const FILTER_LOW_FREQUENCY: Tag = Tag::new(0x003A, 0x0220);
/// Filter High Frequency (003A,0221): the low-pass corner of the recording, in Hz.
pub(super) const FILTER_HIGH_FREQUENCY: Tag = Tag::new(0x003A, 0x0221);
/// Notch Filter Frequency (003A,0222), in Hz.
pub(super) const NOTCH_FILTER_FREQUENCY: Tag = Tag::new(0x003A, 0x0222);

/// Referenced Waveform Channels (0040,A0B0): pairs of multiplex group and channel numbers, both
/// from 1, channel 0 for the whole group (PS3.3 C.10.10.1.1).
pub(super) const REFERENCED_WAVEFORM_CHANNELS: Tag = Tag::new(0x0040, 0xA0B0);
/// Referenced Sample Positions (0040,A132): sample numbers an annotation refers to, from 1.
pub(super) const REFERENCED_SAMPLE_POSITIONS: Tag = Tag::new(0x0040, 0xA132);
/// Waveform Annotation Sequence (0040,B020): annotations of the waveform (PS3.3 C.10.10).
pub(super) const WAVEFORM_ANNOTATION_SEQUENCE: Tag = Tag::new(0x0040, 0xB020);

/// Unformatted Text Value (0070,0006): an annotation's text.
pub(super) const UNFORMATTED_TEXT_VALUE: Tag = Tag::new(0x0070, 0x0006);

/// Waveform Sequence (5400,0100): one item per multiplex group (PS3.3 C.10.9).
pub(super) const WAVEFORM_SEQUENCE: Tag = Tag::new(0x5400, 0x0100);
/// Waveform Bits Allocated (5400,1004): bits per stored sample, 8, 16, 32 or 64.
pub(super) const WAVEFORM_BITS_ALLOCATED: Tag = Tag::new(0x5400, 0x1004);
/// Waveform Sample Interpretation (5400,1006): how a sample is stored, such as `SS` (signed
/// 16-bit) or `MB` (8-bit µ-law).
pub(super) const WAVEFORM_SAMPLE_INTERPRETATION: Tag = Tag::new(0x5400, 0x1006);
/// Waveform Padding Value (5400,100A): the stored value that marks a missing sample.
pub(super) const WAVEFORM_PADDING_VALUE: Tag = Tag::new(0x5400, 0x100A);
/// Waveform Data (5400,1010): the samples, channels interleaved frame by frame.
pub(super) const WAVEFORM_DATA: Tag = Tag::new(0x5400, 0x1010);

/// Sequence attributes this reader descends into; in implicit VR nothing else says they are
/// sequences.
pub(super) const SEQUENCES: [Tag; 5] = [
    WAVEFORM_SEQUENCE,
    CHANNEL_DEFINITION_SEQUENCE,
    CHANNEL_SOURCE_SEQUENCE,
    CHANNEL_SENSITIVITY_UNITS_SEQUENCE,
    WAVEFORM_ANNOTATION_SEQUENCE,
];
