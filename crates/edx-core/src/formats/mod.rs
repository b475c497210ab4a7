//! Reading study files: bytes in, [`crate::model`] out.
//!
//! [`detect`] names what a file is from its first bytes (never from its extension alone), so a
//! wrongly named file is still read correctly and a file we cannot read is answered with what it
//! is and how to export a readable one. Each format has its own module and error type;
//! [`ReadError`] adds the file name, so every message names the file it is about.

pub mod detect;
pub mod dicom;
pub mod edf;
pub mod muscle_parts;
pub mod ncs_dicom;
pub mod ncs_edf;
pub mod patient;
pub mod study_file;
pub mod text;
pub mod typed_report;
pub mod wav;
pub mod wfdb;

pub use detect::{detect, FileKind};

use crate::model::{Patient, Recording, Study};

/// A file as the user gave it: its name and its bytes.
#[derive(Debug, Clone, Copy)]
pub struct InputFile<'a> {
    /// The file name, without directories.
    pub name: &'a str,
    /// The whole content.
    pub bytes: &'a [u8],
}

/// A file that could not be read, with the name the user gave it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{file_name}: {kind}")]
pub struct ReadError {
    /// The file name, as the user gave it.
    pub file_name: String,
    /// What went wrong.
    pub kind: FormatError,
}

/// What went wrong, by format.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// A DICOM file that could not be read as a waveform.
    #[error(transparent)]
    Dicom(#[from] dicom::DicomError),
    /// A malformed EDF, EDF+, BDF or BDF+ file.
    #[error(transparent)]
    Edf(#[from] edf::EdfError),
    /// Delimited text that could not be read.
    #[error(transparent)]
    Text(#[from] text::TextError),
    /// A WAV file that could not be read.
    #[error(transparent)]
    Wav(#[from] wav::WavError),
    /// A WFDB record that could not be read.
    #[error(transparent)]
    Wfdb(#[from] wfdb::WfdbError),
    /// An edxview study file that could not be read.
    #[error(transparent)]
    StudyFile(#[from] study_file::StudyFileError),
    /// An edxview study file given where a continuous recording is needed.
    #[error("this is an edxview study file: it holds nerve conduction studies, not a continuous recording; open it in edxview or with `edx analyze`")]
    NotARecording,
    /// A recognised format edxview does not read, with how to get a readable file.
    #[error("this is a {kind} file, which edxview cannot read; {advice}")]
    Unsupported {
        /// What the file is.
        kind: FileKind,
        /// What the user can do instead.
        advice: &'static str,
    },
    /// Not a format edxview knows, with what the file probably is.
    #[error("edxview does not recognise this file's format; {suggestion}")]
    Unrecognized {
        /// The likely format or the missing companion file.
        suggestion: &'static str,
    },
}

impl FormatError {
    /// Whether the file is a printed report (a PDF) rather than a recording: its values can be
    /// typed into the report form ([`typed_report`]) instead.
    pub fn is_printed_report(&self) -> bool {
        matches!(self, FormatError::Unsupported { kind: FileKind::Pdf, .. })
    }
}

/// Reads every recording among `files`, choosing each reader by content. A WFDB header is read
/// together with the data files and segment headers it names, which are not reported on their
/// own; every other file is read by itself. Results follow the order of `files`.
pub fn read_files(files: &[InputFile<'_>]) -> Vec<Result<Recording, ReadError>> {
    let kinds: Vec<FileKind> = files.iter().map(|file| detect(file.name, file.bytes)).collect();
    let read_with = read_with_headers(files, &kinds);
    files
        .iter()
        .zip(&kinds)
        .zip(&read_with)
        .filter(|(_, read_with)| read_with.is_none())
        .map(|((file, kind), _)| read_one(*file, *kind, files))
        .collect()
}

/// Reads every study among `files`: each recording, and for EDF+D/BDF+D files and DICOM
/// waveforms that follow edxview's nerve conduction conventions (`docs/formats/ncs-edf.md`,
/// `docs/formats/ncs-dicom.md`), its nerve conduction studies as well; edxview study files come
/// back as the studies they hold. The patient's age and height come from the details (`Age:`,
/// `Height:`), else from the file's patient fields (an EDF+ birth date against the start date;
/// DICOM Patient's Age, Birth Date and Size). Study files come first, then the rest in the
/// order of `files`; a WFDB data file read with its header gives no result of its own.
pub fn read_studies(files: &[InputFile<'_>]) -> Vec<Result<Study, ReadError>> {
    let (study_files, others): (Vec<FileRead>, Vec<FileRead>) =
        read_each(files).into_iter().partition(|read| read.is_study_file);
    study_files
        .into_iter()
        .chain(others)
        .filter_map(|read| match read.outcome {
            FileOutcome::Read(study) => Some(Ok(study)),
            FileOutcome::Failed(error) => Some(Err(error)),
            FileOutcome::ReadWith { .. } => None,
        })
        .collect()
}

/// What became of one file of those opened together.
#[derive(Debug, Clone, PartialEq)]
pub enum FileOutcome {
    /// It was read: the study it holds (its recording with any nerve conduction studies in
    /// edxview's conventions, or an edxview study file's studies).
    Read(Study),
    /// It was read as part of another file's record: a WFDB data file or segment header.
    ReadWith {
        /// The WFDB header that names it.
        header: String,
    },
    /// It could not be read.
    Failed(ReadError),
}

/// One file of those opened together and what became of it.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRead {
    /// The file name as the user gave it.
    pub file_name: String,
    /// Whether it is an edxview study file.
    pub is_study_file: bool,
    /// What became of it.
    pub outcome: FileOutcome,
}

/// Reads each of `files` (opened together, so a WFDB header finds its data files) and says what
/// became of every one, in the order of `files`. [`Study::merge`] makes one study of the parts.
pub fn read_each(files: &[InputFile<'_>]) -> Vec<FileRead> {
    let kinds: Vec<FileKind> = files.iter().map(|file| detect(file.name, file.bytes)).collect();
    let read_with = read_with_headers(files, &kinds);
    files
        .iter()
        .zip(&kinds)
        .zip(&read_with)
        .map(|((file, kind), read_with)| {
            let outcome = match (read_with, kind) {
                (Some(header), _) => FileOutcome::ReadWith { header: header.to_string() },
                (None, FileKind::StudyFile) => match study_file::read(file.bytes) {
                    Ok(study) => FileOutcome::Read(study),
                    Err(error) => {
                        FileOutcome::Failed(ReadError { file_name: file.name.to_string(), kind: error.into() })
                    }
                },
                (None, kind) => match read_one(*file, *kind, files) {
                    Ok(recording) => FileOutcome::Read(study_of(recording, files)),
                    Err(error) => FileOutcome::Failed(error),
                },
            };
            FileRead { file_name: file.name.to_string(), is_study_file: *kind == FileKind::StudyFile, outcome }
        })
        .collect()
}

/// The study a recording read from one of `files` makes: a needle recording of several
/// muscles marked by annotations (`muscle_parts`) gives one recording per muscle.
fn study_of(mut recording: Recording, files: &[InputFile<'_>]) -> Study {
    let mut patient = Patient::default();
    let mut convention = None;
    if recording.format.starts_with("DICOM") {
        // The recording was read from these bytes, so their layout reads too.
        let layout = files
            .iter()
            .find(|file| file.name == recording.file_name)
            .and_then(|file| dicom::read_layout(file.bytes).ok())
            .unwrap_or_default();
        patient = layout.patient;
        if ncs_dicom::follows_convention(&layout) {
            convention = Some(ncs_dicom::nerve_conductions(&recording, &layout));
        }
    } else {
        if recording.format.starts_with("EDF+") || recording.format.starts_with("BDF+") {
            patient = patient::edf_plus_patient(&recording.patient, recording.start);
        }
        if ncs_edf::follows_convention(&recording) {
            convention = Some(ncs_edf::nerve_conductions(&recording));
        }
    }
    let nerve_conductions = match convention {
        Some(studies) => {
            recording.holds_nerve_conductions = true;
            recording.warnings.extend(studies.warnings);
            patient = studies.patient.or(patient);
            studies.nerve_conductions
        }
        None => Vec::new(),
    };
    let title = recording.file_name.clone();
    let recordings = if recording.holds_nerve_conductions { vec![recording] } else { muscle_parts::split(recording) };
    Study {
        title,
        recordings,
        nerve_conductions,
        reference_profile: None,
        needle_examination: Default::default(),
        reason_for_study: None,
        comment: None,
        needle_unit_markers: Vec::new(),
        patient,
    }
}

/// Reads one self-contained file (not a WFDB record, which needs its companions).
pub fn read(file: InputFile<'_>) -> Result<Recording, ReadError> {
    read_one(file, detect(file.name, file.bytes), &[file])
}

fn read_one(file: InputFile<'_>, kind: FileKind, all_files: &[InputFile<'_>]) -> Result<Recording, ReadError> {
    let wrap = |kind: FormatError| ReadError { file_name: file.name.to_string(), kind };
    let mut recording = match kind {
        FileKind::Dicom => dicom::read(file.bytes).map_err(|error| wrap(error.into()))?,
        FileKind::Edf | FileKind::Bdf => edf::read(file.bytes).map_err(|error| wrap(error.into()))?,
        FileKind::DelimitedText => text::read(file.bytes).map_err(|error| wrap(error.into()))?,
        FileKind::Wav => wav::read(file.bytes).map_err(|error| wrap(error.into()))?,
        FileKind::WfdbHeader => {
            let companion = |name: &str| find_file(all_files, name).map(|found| found.bytes);
            wfdb::read(file.bytes, &companion).map_err(|error| wrap(error.into()))?
        }
        FileKind::StudyFile => return Err(wrap(FormatError::NotARecording)),
        FileKind::Unknown => return Err(wrap(FormatError::Unrecognized { suggestion: suggestion_for(file.name) })),
        kind => return Err(wrap(FormatError::Unsupported { kind, advice: advice_for(kind) })),
    };
    recording.file_name = file.name.to_string();
    Ok(recording)
}

/// For each of `files` (of `kinds`), the WFDB header among them it is read with, if it is a data
/// file or segment header one names.
fn read_with_headers<'a>(files: &[InputFile<'a>], kinds: &[FileKind]) -> Vec<Option<&'a str>> {
    let mut read_with = vec![None; files.len()];
    for (file, kind) in files.iter().zip(kinds) {
        if *kind == FileKind::WfdbHeader {
            mark_companions(files, file.name, file.bytes, &mut read_with, 0);
        }
    }
    read_with
}

/// Marks the files a WFDB header (`header_name`) names (and, for multi-segment records, what
/// its segment headers name) as read with it.
fn mark_companions<'a>(
    files: &[InputFile<'a>],
    header_name: &'a str,
    header_bytes: &[u8],
    read_with: &mut [Option<&'a str>],
    depth: usize,
) {
    for name in wfdb::companion_names(header_bytes) {
        let Some(position) = files.iter().position(|file| same_file_name(file.name, &name)) else { continue };
        if read_with[position].is_some() {
            continue;
        }
        read_with[position] = Some(header_name);
        if depth == 0 && name.ends_with(".hea") {
            mark_companions(files, header_name, files[position].bytes, read_with, depth + 1);
        }
    }
}

/// The file called `name` among `files`, ignoring directories and, failing an exact match, case.
fn find_file<'a>(files: &[InputFile<'a>], name: &str) -> Option<InputFile<'a>> {
    files
        .iter()
        .find(|file| base_name(file.name) == name)
        .or_else(|| files.iter().find(|file| same_file_name(file.name, name)))
        .copied()
}

fn same_file_name(file_name: &str, wanted: &str) -> bool {
    base_name(file_name).eq_ignore_ascii_case(wanted)
}

fn base_name(file_name: &str) -> &str {
    file_name.rsplit(['/', '\\']).next().unwrap_or(file_name)
}

/// What an unrecognised file probably is, from its name.
fn suggestion_for(file_name: &str) -> &'static str {
    let lower = file_name.to_ascii_lowercase();
    if lower.ends_with(".dat") {
        "it looks like a WFDB data file: open it together with its .hea header file"
    } else if lower.ends_with(".e") {
        "its name says Natus NicoletOne/Nervus (.e), which edxview cannot read; export the study as EDF+ from the acquisition software"
    } else if lower.ends_with(".edf") || lower.ends_with(".bdf") {
        "its name says EDF/BDF but it does not start like one; it may be damaged or another format renamed"
    } else {
        "edxview reads EDF/EDF+/BDF, WFDB (.hea with its data files), WAV, DICOM waveforms and CSV"
    }
}

/// How to get a readable file from a format edxview does not read.
fn advice_for(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Pdf => "a PDF report holds printed values, not waveforms: type its tables into edxview's report form (a few minutes; nothing leaves this device), or ask the clinic for the study exported as EDF+ or DICOM",
        FileKind::Gdf => "convert it to EDF+ (EDFbrowser, MNE-Python or biosig can) and open that",
        FileKind::NihonKohdenEeg => "export the recording as EDF+ from the Nihon Kohden software, or convert it with EDFbrowser",
        FileKind::OleCompound => {
            "vendor study files such as Cadwell .sd are undocumented; export the study as EDF+ from the acquisition software"
        }
        FileKind::NicoletE => {
            "export the study as EDF+ from the acquisition software (NicoletOne, NeuroWorks); FieldTrip and the ieeg-portal Nicolet reader can also convert .e files"
        }
        FileKind::Spike2 => "export the channels from Spike2 as EDF or as text (CSV) and open that",
        FileKind::Zip => "unpack the archive and open the study files inside it",
        _ => "export the study as EDF+ from the acquisition software",
    }
}
