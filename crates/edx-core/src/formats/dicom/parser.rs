//! The data set of a Part 10 file (with or without the 128-byte preamble and `DICM`) as a tree
//! of elements: values stay borrowed bytes, sequences become items of elements. Implicit and
//! explicit VR little endian (PS3.5 7.1); the file meta group is always explicit (PS3.10 7.1).

use super::tags::{
    Tag, FILE_META_GROUP, IDENTIFYING_GROUP, ITEM, ITEM_DELIMITATION_ITEM, ITEM_GROUP, PATIENT_GROUP, SEQUENCES,
    SEQUENCE_DELIMITATION_ITEM, TRANSFER_SYNTAX_UID,
};
use super::uids::{
    DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_BIG_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN, IMPLICIT_VR_LITTLE_ENDIAN,
};
use super::values::text;
use super::DicomError;

/// Nesting depth beyond which a file is treated as malicious rather than read.
pub(super) const MAX_DEPTH: usize = 12;

/// The length that marks a sequence or item running to its delimiter (PS3.5 7.1.1).
const UNDEFINED_LENGTH: u32 = 0xFFFF_FFFF;

/// Value representations whose explicit-VR length is 4 bytes after 2 reserved bytes (PS3.5 7.1.2).
const LONG_LENGTH_VRS: [&[u8; 2]; 13] =
    [b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"];

/// Value representations with a 2-byte explicit-VR length (PS3.5 6.2).
const SHORT_LENGTH_VRS: [&[u8; 2]; 21] = [
    b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FD", b"FL", b"IS", b"LO", b"LT", b"PN", b"SH", b"SL", b"SS",
    b"ST", b"TM", b"UI", b"UL", b"US",
];

/// A data element's value: bytes, or the items of a sequence.
#[derive(Debug, Clone)]
pub(super) enum Value<'a> {
    /// The value's bytes as stored, little endian.
    Bytes(&'a [u8]),
    /// The items of a sequence, each a list of elements.
    Sequence(Vec<Vec<Element<'a>>>),
}

/// One data element: its tag and value.
#[derive(Debug, Clone)]
pub(super) struct Element<'a> {
    /// Which attribute the element holds (group and element numbers).
    pub tag: Tag,
    /// Its value.
    pub value: Value<'a>,
}

/// The file's data set, after the file meta group.
#[derive(Debug, Clone)]
pub(super) struct DataSet<'a> {
    /// The top-level elements, in file order.
    pub elements: Vec<Element<'a>>,
    /// Whether the data set is explicit VR (otherwise implicit).
    pub explicit_vr: bool,
}

/// Whether `bytes` open like a DICOM data set written without the 128-byte preamble and `DICM`:
/// a file meta element (group 0002) or an identifying element (group 0008), then a second
/// element in ascending tag order, both with lengths that fit in the file. Two consistent
/// elements make a chance match by other binary data (a WFDB signal file, say) unlikely.
pub fn starts_like_data_set(bytes: &[u8]) -> bool {
    let Some((first_tag, second_offset)) = element_extent(bytes, 0) else { return false };
    if !matches!(first_tag.group, FILE_META_GROUP | IDENTIFYING_GROUP) {
        return false;
    }
    element_extent(bytes, second_offset)
        .is_some_and(|(second_tag, _)| second_tag > first_tag && second_tag.group <= PATIENT_GROUP)
}

/// The tag at `offset`, read little endian; the caller checks that 4 bytes are there.
fn tag_at(bytes: &[u8], offset: usize) -> Tag {
    let word = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    Tag::new(word(offset), word(offset + 2))
}

/// The tag of the element at `offset` and the offset after it, read as explicit VR when its VR
/// field holds a known VR and as implicit VR otherwise; `None` when it runs past the end or has
/// undefined length.
fn element_extent(bytes: &[u8], offset: usize) -> Option<(Tag, usize)> {
    let header = bytes.get(offset..offset.checked_add(8)?)?;
    let tag = tag_at(header, 0);
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

/// The file's data set, in the transfer syntax its file meta group names.
pub(super) fn parse_data_set(bytes: &[u8]) -> Result<DataSet<'_>, DicomError> {
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
    while bytes.len() >= offset + 4 && u16::from_le_bytes([bytes[offset], bytes[offset + 1]]) == FILE_META_GROUP {
        let (element, next) = meta.element(offset, 0)?;
        if element.tag == TRANSFER_SYNTAX_UID {
            transfer_syntax = Some(text(&element));
        }
        offset = next;
    }
    // Without a file meta group nothing names the transfer syntax: a data set whose first
    // element carries a known VR is explicit VR little endian, any other implicit (PS3.5 A.1).
    let transfer_syntax = transfer_syntax.unwrap_or_else(|| {
        let first_vr = bytes.get(offset + 4..offset + 6).map(|vr| [vr[0], vr[1]]);
        let syntax =
            if first_vr.is_some_and(is_known_vr) { EXPLICIT_VR_LITTLE_ENDIAN } else { IMPLICIT_VR_LITTLE_ENDIAN };
        syntax.to_string()
    });
    let unsupported = |name| Err(DicomError::TransferSyntax { uid: transfer_syntax.clone(), name });
    let explicit = match transfer_syntax.as_str() {
        IMPLICIT_VR_LITTLE_ENDIAN => false,
        EXPLICIT_VR_LITTLE_ENDIAN => true,
        DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN => return unsupported("Deflated Explicit VR Little Endian"),
        EXPLICIT_VR_BIG_ENDIAN => return unsupported("Explicit VR Big Endian"),
        _ => return unsupported("compressed or unknown"),
    };
    let parser = Parser { bytes, explicit };
    Ok(DataSet { elements: parser.elements(offset, bytes.len(), 0)?, explicit_vr: explicit })
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
            if tag == ITEM_DELIMITATION_ITEM || tag == SEQUENCE_DELIMITATION_ITEM {
                break;
            }
            let (element, next) = self.element(offset, depth)?;
            elements.push(element);
            offset = next;
        }
        Ok(elements)
    }

    fn tag(&self, offset: usize) -> Tag {
        tag_at(self.bytes, offset)
    }

    /// One element at `offset` and the offset after it.
    fn element(&self, offset: usize, depth: usize) -> Result<(Element<'a>, usize), DicomError> {
        if depth > MAX_DEPTH {
            return Err(DicomError::TooDeep { offset });
        }
        let truncated = |tag: Tag| DicomError::Truncated { tag: tag.to_string(), offset };
        if offset + 8 > self.bytes.len() {
            return Err(truncated(Tag::new(0, 0)));
        }
        let tag = self.tag(offset);
        let u32_at =
            |at: usize| self.bytes.get(at..at + 4).map(|quad| u32::from_le_bytes([quad[0], quad[1], quad[2], quad[3]]));
        let (vr, length, value_start) = if self.explicit && tag.group != ITEM_GROUP {
            let vr = [self.bytes[offset + 4], self.bytes[offset + 5]];
            if LONG_LENGTH_VRS.contains(&&vr) {
                (Some(vr), u32_at(offset + 8).ok_or_else(|| truncated(tag))?, offset + 12)
            } else {
                (Some(vr), u32::from(u16::from_le_bytes([self.bytes[offset + 6], self.bytes[offset + 7]])), offset + 8)
            }
        } else {
            (None, u32_at(offset + 4).ok_or_else(|| truncated(tag))?, offset + 8)
        };
        let is_sequence = vr == Some(*b"SQ") || (vr.is_none() && SEQUENCES.contains(&tag));
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
            if tag == SEQUENCE_DELIMITATION_ITEM {
                return Ok((items, offset));
            }
            if tag != ITEM {
                return Err(DicomError::Truncated { tag: tag.to_string(), offset: offset - 8 });
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
                    .ok_or_else(|| DicomError::Truncated { tag: ITEM.to_string(), offset: offset - 8 })?;
                items.push(self.elements(offset, item_end, depth + 1)?);
                offset = item_end;
            }
        }
        Ok((items, offset))
    }

    /// The offset just after the Item Delimitation Item that closes the item starting at
    /// `offset`, skipping the item's elements.
    fn after_item_delimiter(&self, mut offset: usize, end: usize, depth: usize) -> Result<usize, DicomError> {
        while offset + 8 <= end {
            if self.tag(offset) == ITEM_DELIMITATION_ITEM {
                return Ok(offset + 8);
            }
            offset = self.element(offset, depth + 1)?.1;
        }
        Err(DicomError::Truncated { tag: ITEM_DELIMITATION_ITEM.to_string(), offset })
    }
}
