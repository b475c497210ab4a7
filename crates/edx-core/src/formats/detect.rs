//! Recognising a file from its content.

use std::fmt;

/// What a file is, judged by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// European Data Format (EDF or EDF+), 16-bit samples.
    Edf,
    /// BioSemi Data Format (BDF or BDF+), 24-bit samples.
    Bdf,
    /// A WFDB header (`.hea`), which names its data files.
    WfdbHeader,
    /// A RIFF/RIFX/RF64 WAVE audio file.
    Wav,
    /// A DICOM file: Part 10 with `DICM` after the 128-byte preamble or at byte 0, or a bare data
    /// set opening with a file meta (0002) or identifying (0008) element.
    Dicom,
    /// Delimited text with numbers (CSV, TSV or whitespace-separated columns).
    DelimitedText,
    /// A PDF document, such as a printed report.
    Pdf,
    /// General Data Format (GDF), read by biosig and MNE.
    Gdf,
    /// Nihon Kohden EEG-1100/1200/2100 native recording (`.EEG`).
    NihonKohdenEeg,
    /// An OLE compound document (Cadwell `.sd`, old Office files).
    OleCompound,
    /// A Natus NicoletOne/Nervus EEG file (`.e`).
    NicoletE,
    /// A CED Spike2 data file (`.smr`).
    Spike2,
    /// A ZIP archive (and the formats built on it).
    Zip,
    /// An edxview study file (JSON).
    StudyFile,
    /// Not a format edxview knows.
    Unknown,
}

impl FileKind {
    /// The format's name as users know it, as messages print it.
    pub fn label(self) -> &'static str {
        match self {
            FileKind::Edf => "EDF/EDF+",
            FileKind::Bdf => "BDF/BDF+",
            FileKind::WfdbHeader => "WFDB header",
            FileKind::Wav => "WAV audio",
            FileKind::Dicom => "DICOM",
            FileKind::DelimitedText => "delimited text",
            FileKind::Pdf => "PDF document",
            FileKind::Gdf => "GDF",
            FileKind::NihonKohdenEeg => "Nihon Kohden EEG",
            FileKind::OleCompound => "OLE compound document",
            FileKind::NicoletE => "Natus NicoletOne/Nervus (.e)",
            FileKind::Spike2 => "CED Spike2",
            FileKind::Zip => "ZIP archive",
            FileKind::StudyFile => "edxview study file",
            FileKind::Unknown => "unknown",
        }
    }
}

impl fmt::Display for FileKind {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.label())
    }
}

/// Judges what a file is from its first bytes; `file_name` only breaks ties between text formats.
pub fn detect(file_name: &str, bytes: &[u8]) -> FileKind {
    let starts_with = |magic: &[u8]| bytes.starts_with(magic);
    if starts_with(b"0       ") {
        return FileKind::Edf;
    }
    if starts_with(b"\xffBIOSEMI") {
        return FileKind::Bdf;
    }
    if (starts_with(b"RIFF") || starts_with(b"RIFX") || starts_with(b"RF64")) && bytes.get(8..12) == Some(b"WAVE") {
        return FileKind::Wav;
    }
    if bytes.get(128..132) == Some(b"DICM") || starts_with(b"DICM") || super::dicom::starts_like_data_set(bytes) {
        return FileKind::Dicom;
    }
    if looks_like_edf_with_damaged_version(bytes) {
        return FileKind::Edf;
    }
    if starts_with(b"%PDF-") {
        return FileKind::Pdf;
    }
    if starts_with(b"GDF") {
        return FileKind::Gdf;
    }
    if starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return FileKind::OleCompound;
    }
    if starts_with(b"PK\x03\x04") {
        return FileKind::Zip;
    }
    if super::study_file::looks_like_study_file(bytes) {
        return FileKind::StudyFile;
    }
    if looks_like_nihon_kohden(bytes) {
        return FileKind::NihonKohdenEeg;
    }
    if looks_like_spike2(bytes) {
        return FileKind::Spike2;
    }
    if looks_like_nicolet_e(bytes) {
        return FileKind::NicoletE;
    }
    let lower_name = file_name.to_ascii_lowercase();
    if let Some(text) = leading_text(bytes) {
        if lower_name.ends_with(".hea") || looks_like_wfdb_header(text) {
            return FileKind::WfdbHeader;
        }
        let text_extension = [".csv", ".tsv", ".txt", ".asc"].iter().any(|extension| lower_name.ends_with(extension));
        if text_extension || looks_like_delimited_numbers(text) {
            return FileKind::DelimitedText;
        }
    }
    FileKind::Unknown
}

/// An EDF fixed header whose version field is damaged: start date and time as `dd.mm.yy` and
/// `hh.mm.ss` at bytes 168 and 176, and a header size at byte 184 of 256 × (signals + 1) from
/// the signal count at byte 252. The EDF reader then names the fault (the version field) instead
/// of the file being called unknown.
fn looks_like_edf_with_damaged_version(bytes: &[u8]) -> bool {
    let Some(fixed) = bytes.get(..256) else { return false };
    let dotted = |field: &[u8]| {
        field
            .iter()
            .enumerate()
            .all(|(idx, &byte)| if idx == 2 || idx == 5 { byte == b'.' } else { byte.is_ascii_digit() })
    };
    let number = |field: &[u8]| std::str::from_utf8(field).ok().and_then(|text| text.trim().parse::<usize>().ok());
    let sizes_agree = match (number(&fixed[184..192]), number(&fixed[252..256])) {
        (Some(header_bytes), Some(n_signals)) => n_signals > 0 && header_bytes == 256 * (n_signals + 1),
        _ => false,
    };
    dotted(&fixed[168..176]) && dotted(&fixed[176..184]) && sizes_agree
}

/// Nihon Kohden EEG files open with a device signature such as `EEG-1100C V01.00`.
fn looks_like_nihon_kohden(bytes: &[u8]) -> bool {
    const SIGNATURES: [&[u8]; 4] = [b"EEG-1100", b"EEG-1200", b"EEG-2100", b"DAE-2100"];
    let head = &bytes[..bytes.len().min(48)];
    SIGNATURES.iter().any(|signature| head.windows(signature.len()).any(|window| window == *signature))
}

/// Spike2 files carry a system identification of the form `(C) CED 87` in their first bytes.
fn looks_like_spike2(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64)];
    head.windows(7).any(|window| window == b"(C) CED")
}

/// NicoletOne/Nervus `.e` files document no magic number, but hold a table of named streams at
/// byte 172: a u32 count, then per entry a name of 40 UTF-16LE code units and a u32 index
/// (FieldTrip's `read_nervus_header.m`, ieeg-portal's `NicoletFile.m`). The table is recognised
/// by the stream names those readers look up.
fn looks_like_nicolet_e(bytes: &[u8]) -> bool {
    const TABLE_OFFSET: usize = 172;
    const ENTRY_BYTES: usize = 84;
    const NAME_BYTES: usize = 80;
    const ENTRIES_CHECKED: usize = 32;
    const STREAM_NAMES: [&str; 5] = ["ExtraDataTags", "SegmentStream", "DataStream", "InfoChangeStream", "InfoGuids"];
    let Some(count) = bytes.get(TABLE_OFFSET..TABLE_OFFSET + 4) else { return false };
    let n_entries = u32::from_le_bytes([count[0], count[1], count[2], count[3]]) as usize;
    (0..n_entries.min(ENTRIES_CHECKED)).any(|entry_idx| {
        let start = TABLE_OFFSET + 4 + entry_idx * ENTRY_BYTES;
        let Some(name) = bytes.get(start..start + NAME_BYTES) else { return false };
        let code_units: Vec<u16> = name
            .chunks_exact(2)
            .map(|pair| u16::from_le_bytes([pair[0], pair[1]]))
            .take_while(|&code_unit| code_unit != 0)
            .collect();
        String::from_utf16(&code_units).is_ok_and(|name| STREAM_NAMES.contains(&name.as_str()))
    })
}

/// The first kilobytes as text, when they are valid UTF-8 without control bytes other than
/// white space.
fn leading_text(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(4096)];
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        Err(error) if error.valid_up_to() + 4 > head.len() => std::str::from_utf8(&head[..error.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let is_text = text.chars().all(|character| !character.is_control() || matches!(character, '\n' | '\r' | '\t'));
    (is_text && !text.trim().is_empty()).then_some(text)
}

/// A WFDB record line: `name[/nseg] nsig [fs ...]` on the first line that is not a comment.
fn looks_like_wfdb_header(text: &str) -> bool {
    let Some(record_line) = text.lines().map(str::trim).find(|line| !line.is_empty() && !line.starts_with('#')) else {
        return false;
    };
    let mut fields = record_line.split_whitespace();
    let name_ok = fields.next().is_some_and(|name| {
        let base = name.split('/').next().unwrap_or(name);
        !base.is_empty()
            && base.chars().all(|character| character.is_ascii_alphanumeric() || character == '_' || character == '-')
    });
    let signal_count_ok = fields.next().is_some_and(|count| count.parse::<u32>().is_ok());
    let rest_numeric =
        fields.next().is_none_or(|rate| rate.split('/').next().is_some_and(|value| value.parse::<f64>().is_ok()));
    name_ok && signal_count_ok && rest_numeric && text.lines().count() >= 2
}

/// Several lines, most of whose fields are numbers, after an optional header line.
fn looks_like_delimited_numbers(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().filter(|line| !line.trim().is_empty()).take(20).collect();
    if lines.len() < 2 {
        return false;
    }
    let numeric_lines = lines
        .iter()
        .skip(1)
        .filter(|line| {
            let fields: Vec<&str> = line.split([',', ';', '\t', ' ']).filter(|field| !field.is_empty()).collect();
            !fields.is_empty() && fields.iter().all(|field| field.trim().parse::<f64>().is_ok())
        })
        .count();
    numeric_lines * 10 >= (lines.len() - 1) * 8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_formats_by_their_magic_bytes() {
        let mut edf = b"0       ".to_vec();
        edf.resize(256, b' ');
        assert_eq!(detect("x.bin", &edf), FileKind::Edf);
        let mut damaged_edf = b"1       ".to_vec();
        damaged_edf.resize(168, b' ');
        damaged_edf.extend(b"10.12.0912.44.02512     ");
        damaged_edf.resize(252, b' ');
        damaged_edf.extend(b"1   ");
        assert_eq!(detect("x.bin", &damaged_edf), FileKind::Edf);
        damaged_edf[184..187].copy_from_slice(b"768");
        assert_eq!(detect("x.bin", &damaged_edf), FileKind::Unknown, "sizes disagree");
        assert_eq!(detect("x.bdf", b"\xffBIOSEMI rest"), FileKind::Bdf);
        assert_eq!(detect("x", b"RIFF\x24\0\0\0WAVEfmt "), FileKind::Wav);
        let mut dicom = vec![0u8; 128];
        dicom.extend_from_slice(b"DICM");
        assert_eq!(detect("x", &dicom), FileKind::Dicom);
        assert_eq!(detect("x", &dicom[128..]), FileKind::Dicom);
        assert_eq!(detect("report.pdf", b"%PDF-1.7\n"), FileKind::Pdf);
        assert_eq!(detect("x.sd", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), FileKind::OleCompound);
    }

    #[test]
    fn recognises_text_formats() {
        assert_eq!(
            detect("emg_healthy.hea", b"emg_healthy 1 4000 50860\r\nemg_healthy.dat 16 10000/mv\r\n"),
            FileKind::WfdbHeader
        );
        assert_eq!(detect("renamed.txt", b"100 2 360 650000\n100.dat 212 200 11 1024 995\n"), FileKind::WfdbHeader);
        assert_eq!(
            detect("trace.csv", b"time_ms,amplitude_mv\n0.0,0.01\n0.05,0.02\n0.10,0.03\n"),
            FileKind::DelimitedText
        );
    }

    #[test]
    fn a_dicom_data_set_without_preamble_is_recognised_by_its_first_elements() {
        // (0008,0016) SOP Class UID then (0008,0060) Modality, implicit VR little endian.
        let mut implicit = b"\x08\x00\x16\x00\x04\x00\x00\x001.2\0".to_vec();
        implicit.extend(b"\x08\x00\x60\x00\x04\x00\x00\x00EMG ");
        assert_eq!(detect("x", &implicit), FileKind::Dicom);
        // The same in explicit VR.
        let explicit = b"\x08\x00\x16\x00UI\x04\x001.2\0\x08\x00\x60\x00CS\x04\x00EMG ";
        assert_eq!(detect("x", explicit), FileKind::Dicom);
        // One element alone, or elements out of order, are not enough.
        assert_eq!(detect("x", &implicit[..12]), FileKind::Unknown);
        let mut reversed = implicit[12..].to_vec();
        reversed.extend(&implicit[..12]);
        assert_eq!(detect("x", &reversed), FileKind::Unknown);
        // A format-16 WFDB signal file whose first sample is 8.
        assert_eq!(detect("x.dat", &[8, 0, 3, 0, 1, 0, 2, 0, 9, 0, 4, 0]), FileKind::Unknown);
    }

    #[test]
    fn anything_else_is_unknown() {
        assert_eq!(detect("x", b""), FileKind::Unknown);
        assert_eq!(detect("x", &[0u8, 1, 2, 3, 200, 201]), FileKind::Unknown);
    }
}
