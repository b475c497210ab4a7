//! The needle examination table: one row per muscle and side, with what was seen and heard
//! (domain.md §4, §5.8). Every cell says where its value came from: derived from a recording
//! edxview analysed (with the numbers and the rule it rests on), typed by the physician, or read
//! from a file.

use super::Side;

/// Where a cell's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum CellSource {
    /// Derived by edxview from a recording it analysed, by the rule the cell's basis states.
    Analysed,
    /// Typed by the physician.
    Typed,
    /// Read from a file (a study file or a report typed in elsewhere).
    FromFile,
}

impl CellSource {
    /// The source's name in study files, CSV and `edx analyze --json`: `analysed`, `typed`,
    /// `file`.
    pub fn key(self) -> &'static str {
        match self {
            CellSource::Analysed => "analysed",
            CellSource::Typed => "typed",
            CellSource::FromFile => "file",
        }
    }

    /// The source named `key` ([`CellSource::key`]).
    pub fn with_key(key: &str) -> Option<CellSource> {
        [CellSource::Analysed, CellSource::Typed, CellSource::FromFile].into_iter().find(|source| source.key() == key)
    }
}

/// One cell: a value (or none, when not assessed), where it came from and what it rests on.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Cell<T> {
    /// The value; `None` when it was not assessed.
    pub value: Option<T>,
    /// Where it came from.
    pub source: CellSource,
    /// For an analysed cell, the numbers and the rule it rests on, or why it was not assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub basis: Option<String>,
}

impl<T> Cell<T> {
    /// A cell derived from an analysed recording, with what it rests on.
    pub fn analysed(value: Option<T>, basis: impl Into<String>) -> Cell<T> {
        Cell { value, source: CellSource::Analysed, basis: Some(basis.into()) }
    }

    /// A cell typed by the physician.
    pub fn typed(value: Option<T>) -> Cell<T> {
        Cell { value, source: CellSource::Typed, basis: None }
    }

    /// A cell read from a file.
    pub fn from_file(value: Option<T>) -> Cell<T> {
        Cell { value, source: CellSource::FromFile, basis: None }
    }

    /// A cell nobody filled.
    pub fn empty() -> Cell<T> {
        Cell { value: None, source: CellSource::FromFile, basis: None }
    }
}

/// Insertional activity (normal lasting under about 300 ms, domain.md §4.1, secondary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Insertional {
    /// Brief.
    Normal,
    /// Prolonged: trains of potentials outlasting the needle's movement.
    Increased,
    /// Reduced or absent (a fibrotic or replaced muscle).
    Decreased,
}

/// The grade of fibrillation potentials and positive sharp waves, 0 to 4 (printed 0, 1+…4+).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct DenervationGrade(u8);

impl DenervationGrade {
    /// The highest grade, 4+.
    pub const MAX: u8 = 4;

    /// The grade `grade`, if it is on the 0–4 scale.
    pub fn new(grade: u8) -> Result<DenervationGrade, GradeOutOfScale> {
        if grade <= Self::MAX {
            Ok(DenervationGrade(grade))
        } else {
            Err(GradeOutOfScale { grade: grade.to_string() })
        }
    }

    /// The grade as a number, 0 to 4.
    pub fn value(self) -> u8 {
        self.0
    }

    /// The grade as reports print it: `0`, `1+` … `4+`.
    pub fn label(self) -> String {
        if self.0 == 0 {
            "0".to_string()
        } else {
            format!("{}+", self.0)
        }
    }

    /// The grade written `text`: `0`, `1`, `1+` … `4+` (spaces ignored).
    pub fn parse(text: &str) -> Result<DenervationGrade, GradeOutOfScale> {
        let trimmed = text.trim();
        let digits = trimmed.strip_suffix('+').unwrap_or(trimmed).trim();
        let out_of_scale = || GradeOutOfScale { grade: text.to_string() };
        if !digits.chars().all(|character| character.is_ascii_digit()) || digits.is_empty() {
            return Err(out_of_scale());
        }
        let grade: u8 = digits.parse().map_err(|_| out_of_scale())?;
        if grade == 0 && trimmed.ends_with('+') {
            return Err(out_of_scale());
        }
        DenervationGrade::new(grade).map_err(|_| out_of_scale())
    }
}

impl TryFrom<u8> for DenervationGrade {
    type Error = GradeOutOfScale;

    fn try_from(grade: u8) -> Result<DenervationGrade, GradeOutOfScale> {
        DenervationGrade::new(grade)
    }
}

impl From<DenervationGrade> for u8 {
    fn from(grade: DenervationGrade) -> u8 {
        grade.0
    }
}

/// A grade that is not on the 0–4+ scale.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the grade \"{grade}\" is not on the scale of fibrillation potentials and positive sharp waves: 0, 1+, 2+, 3+ or 4+")]
pub struct GradeOutOfScale {
    /// The grade as written.
    pub grade: String,
}

/// Whether a discharge was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Presence {
    /// Not seen.
    Absent,
    /// Seen.
    Present,
}

/// A motor unit measure against its reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Size {
    /// Below the lower limit.
    Decreased,
    /// Within the limits.
    Normal,
    /// Above the upper limit.
    Increased,
}

/// How motor units are recruited as effort grows (domain.md §4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum RecruitmentGrade {
    /// As expected for the effort.
    Normal,
    /// Fewer units, firing faster: units lost (neurogenic).
    Reduced,
    /// Many units at slight effort: fibres lost from each unit (myopathic).
    Early,
    /// No unit could be recruited.
    NoUnits,
}

/// The interference pattern at maximal effort and whether the effort was full.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Activation {
    /// A full interference pattern.
    Full,
    /// An incomplete pattern with full effort.
    Incomplete,
    /// The patient could not or did not give full effort: the pattern cannot be judged.
    PoorEffort,
}

/// Which recording of the study a row was analysed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct RecordingLink {
    /// Index of the recording in [`super::Study::recordings`].
    pub recording_idx: usize,
    /// Index of the channel in that recording.
    pub channel_idx: usize,
}

/// The recording a row was analysed from, by name, as a study file keeps it (positions in a
/// study change with the files opened together).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RecordingName {
    /// The file's name.
    pub file: String,
    /// The channel's label.
    pub channel: String,
    /// Where the part begins, s, for a file that records several muscles one after another
    /// ([`super::RecordingPart`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_s: Option<f64>,
}

/// A needle channel's motor unit duration markers as the physician moved them, kept in a study
/// file so that reopening it with its recording shows, tables and reports the same measures.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SavedUnitMarkers {
    /// The recording and channel.
    pub recording: RecordingName,
    /// Per unit, in the analysis's unit order: start and end, ms from the unit's alignment
    /// point, or `None` where they stand where the analysis put them.
    pub units: Vec<Option<(f64, f64)>>,
}

impl RecordingName {
    /// The name of channel `channel` of `recording`.
    pub fn of(recording: &super::Recording, channel: &super::Channel) -> RecordingName {
        RecordingName {
            file: recording.file_name.clone(),
            channel: channel.label.clone(),
            from_s: recording.part.as_ref().map(|part| part.from_s),
        }
    }

    /// Whether this names channel `channel` of `recording` (a part's start to the millisecond).
    pub fn names(&self, recording: &super::Recording, channel: &super::Channel) -> bool {
        let part_from_s = recording.part.as_ref().map(|part| part.from_s);
        let same_part = match (self.from_s, part_from_s) {
            (None, None) => true,
            (Some(named), Some(part)) => (named - part).abs() < 1e-3,
            _ => false,
        };
        self.file == recording.file_name && self.channel == channel.label && same_part
    }
}

/// One row of the needle examination table: a muscle and side.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NeedleExamRow {
    /// The muscle's name: the catalogue's where it is in the catalogue, otherwise as written.
    pub muscle: String,
    /// The catalogue identifier ([`crate::muscles::by_id`]); `None` for a muscle not in the
    /// catalogue, which views mark so.
    pub muscle_id: Option<String>,
    /// The side, where known.
    pub side: Option<Side>,
    /// Insertional activity.
    pub insertional: Cell<Insertional>,
    /// Fibrillation potentials and positive sharp waves, 0 to 4+.
    pub fibrillations: Cell<DenervationGrade>,
    /// Fasciculation potentials.
    pub fasciculations: Cell<Presence>,
    /// Myotonic discharges.
    pub myotonic: Cell<Presence>,
    /// Complex repetitive discharges.
    pub complex_repetitive: Cell<Presence>,
    /// Motor unit potential amplitude.
    pub amplitude: Cell<Size>,
    /// Motor unit potential duration.
    pub duration: Cell<Size>,
    /// The share of polyphasic motor unit potentials.
    pub polyphasia: Cell<Size>,
    /// Recruitment.
    pub recruitment: Cell<RecruitmentGrade>,
    /// Interference pattern and activation.
    pub activation: Cell<Activation>,
    /// The recording the analysed cells come from, if it is open in the study.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recording: Option<RecordingLink>,
    /// The recording the row was analysed from, by name: kept by a study file, and joined to
    /// the recording of that file and channel when it is opened with the study.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_in: Option<RecordingName>,
}

impl NeedleExamRow {
    /// An empty row for `muscle` (a name or label, read through the catalogue) and `side`.
    pub fn new(muscle: &str, side: Option<Side>) -> NeedleExamRow {
        let identified = crate::muscles::identify(muscle);
        let catalogued = identified.muscle();
        NeedleExamRow {
            muscle: catalogued.map_or_else(|| muscle.trim().to_string(), |found| found.name.to_string()),
            muscle_id: catalogued.map(|found| found.id.to_string()),
            side: side.or(identified.side()),
            insertional: Cell::empty(),
            fibrillations: Cell::empty(),
            fasciculations: Cell::empty(),
            myotonic: Cell::empty(),
            complex_repetitive: Cell::empty(),
            amplitude: Cell::empty(),
            duration: Cell::empty(),
            polyphasia: Cell::empty(),
            recruitment: Cell::empty(),
            activation: Cell::empty(),
            recording: None,
            recorded_in: None,
        }
    }

    /// The row without the cells edxview derived from a recording: what the physician typed
    /// and the files said, which is all a study file keeps.
    pub fn without_analysed(mut self) -> NeedleExamRow {
        fn clear<T>(cell: &mut Cell<T>) {
            if cell.source == CellSource::Analysed {
                *cell = Cell::empty();
            }
        }
        clear(&mut self.insertional);
        clear(&mut self.fibrillations);
        clear(&mut self.fasciculations);
        clear(&mut self.myotonic);
        clear(&mut self.complex_repetitive);
        clear(&mut self.amplitude);
        clear(&mut self.duration);
        clear(&mut self.polyphasia);
        clear(&mut self.recruitment);
        clear(&mut self.activation);
        self
    }

    /// For a row analysed from a recording that is not open in the study (its study file was
    /// opened without it), what a view prints: the cells are as saved.
    pub fn recording_not_open(&self) -> Option<String> {
        let name = self.recorded_in.as_ref().filter(|_| self.recording.is_none())?;
        Some(format!(
            "Analysed from channel \"{}\" of {}, which is not open or not analysed here: the cells are as the study was saved; open that file with the study to analyse it again.",
            name.channel, name.file
        ))
    }

    /// Whether it names the same muscle and side as `other`.
    pub fn same_muscle_and_side(&self, other: &NeedleExamRow) -> bool {
        let same_muscle = match (&self.muscle_id, &other.muscle_id) {
            (Some(first), Some(second)) => first == second,
            (None, None) => self.muscle.eq_ignore_ascii_case(&other.muscle),
            _ => false,
        };
        same_muscle && self.side == other.side
    }
}

/// The needle examination table of a study.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct NeedleExamination {
    /// One row per muscle and side, in the order examined.
    pub rows: Vec<NeedleExamRow>,
}

impl NeedleExamination {
    /// The table as a study file keeps it: each row's open recording (a position among
    /// `recordings`) named by its file and channel instead.
    pub fn with_recordings_named(&self, recordings: &[super::Recording]) -> NeedleExamination {
        let mut named = self.clone();
        for row in &mut named.rows {
            if let Some(link) = row.recording.take() {
                let recording = recordings.get(link.recording_idx);
                let channel = recording.and_then(|recording| recording.channels.get(link.channel_idx));
                if let (Some(recording), Some(channel)) = (recording, channel) {
                    row.recorded_in = Some(RecordingName::of(recording, channel));
                }
            }
        }
        named
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_read_and_printed_on_the_zero_to_four_plus_scale() {
        for (text, grade) in [("0", 0), ("1+", 1), ("2", 2), (" 3 + ", 3), ("4+", 4)] {
            assert_eq!(DenervationGrade::parse(text).map(DenervationGrade::value), Ok(grade), "{text:?}");
        }
        assert_eq!(DenervationGrade::parse("3+").unwrap().label(), "3+");
        assert_eq!(DenervationGrade::parse("0").unwrap().label(), "0");
        for text in ["5+", "0+", "-1", "+3", "many", ""] {
            let error = DenervationGrade::parse(text).unwrap_err();
            assert!(error.to_string().contains(&format!("\"{text}\"")), "{error}");
        }
        assert!(serde_json::from_str::<DenervationGrade>("7").is_err());
        assert_eq!(serde_json::to_string(&DenervationGrade::new(2).unwrap()).unwrap(), "2");
    }

    #[test]
    fn a_row_names_its_muscle_through_the_catalogue_or_keeps_it_as_written() {
        let row = NeedleExamRow::new("L_Tib_Ant", None);
        assert_eq!(
            (row.muscle.as_str(), row.muscle_id.as_deref(), row.side),
            ("Tibialis anterior", Some("tibialis_anterior"), Some(Side::Left))
        );
        let unknown = NeedleExamRow::new("  Mystery muscle ", Some(Side::Right));
        assert_eq!(
            (unknown.muscle.as_str(), unknown.muscle_id, unknown.side),
            ("Mystery muscle", None, Some(Side::Right))
        );
        assert!(row.same_muscle_and_side(&NeedleExamRow::new("TA", Some(Side::Left))));
        assert!(!row.same_muscle_and_side(&NeedleExamRow::new("TA", Some(Side::Right))));
    }
}
