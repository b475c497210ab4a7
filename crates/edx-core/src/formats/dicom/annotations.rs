//! The Waveform Annotation Sequence (0040,B020; PS3.3 C.10.10): annotation texts with the
//! multiplex group, channel and sample they refer to, as recording annotations and as the
//! per-group annotations of the layout.

use super::parser::{Element, Value};
use super::tags::*;
use super::values::{find, items, text};
use crate::model::Annotation;

/// A Waveform Annotation Sequence item with text, and what it refers to.
pub(super) struct AnnotationItem {
    /// Unformatted Text Value.
    pub text: String,
    /// The multiplex group, from 0 (Referenced Waveform Channels counts groups from 1).
    pub group_idx: Option<usize>,
    /// The channel, from 0; `None` for the whole group or no group.
    pub channel_idx: Option<usize>,
    /// The first referenced sample, from 0.
    pub sample_idx: Option<usize>,
}

/// The Waveform Annotation Sequence items that carry text. Referenced Waveform Channels
/// (0040,A0B0) holds pairs of multiplex group and channel numbers, both from 1, channel 0 for
/// every channel of the group (PS3.3 C.10.10.1.1); the first pair is used.
pub(super) fn annotation_items(dataset: &[Element<'_>]) -> Vec<AnnotationItem> {
    items(dataset, WAVEFORM_ANNOTATION_SEQUENCE)
        .iter()
        .filter_map(|item| {
            let text = find(item, UNFORMATTED_TEXT_VALUE).map(text).filter(|text| !text.is_empty())?;
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
            // Referenced Waveform Channels is US (2 bytes), Referenced Sample Positions UL (4).
            let channels = words(REFERENCED_WAVEFORM_CHANNELS, 2);
            let group_idx = channels.first().and_then(|group| group.checked_sub(1));
            let channel_idx = channels.get(1).and_then(|channel| channel.checked_sub(1));
            let sample_idx = words(REFERENCED_SAMPLE_POSITIONS, 4).first().and_then(|position| position.checked_sub(1));
            Some(AnnotationItem { text, group_idx, channel_idx, sample_idx })
        })
        .collect()
}

/// Waveform Annotation texts as annotations: at the referenced sample of the referenced group,
/// at the group's start when no sample is referenced, at 0 when no group is. `group_timing`
/// holds each group's start, in s, and sampling rate, in Hz.
pub(super) fn read_annotations(dataset: &[Element<'_>], group_timing: &[(f64, f64)]) -> Vec<Annotation> {
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
