//! The needle examination table of a study: a row derived from each recording edxview analysed,
//! every cell by a rule the cell states with the numbers it rests on, joined with the rows typed
//! by the physician or read from files. What a typed or file cell says stands; an analysed cell
//! fills what they leave empty.

use super::comparison::{summary_rows, Verdict};
use super::spontaneous::{RepetitiveKind, SpontaneousClass};
use super::study::{MuscleNaming, NeedleChannel};
use super::summary::{MuapReference, MIN_UNITS_FOR_PATTERN};
use super::{ActivityKind, ChannelNeedleAnalysis};
use crate::display;
use crate::model::{
    Activation, Cell, CellSource, DenervationGrade, Insertional, NeedleExamRow, NeedleExamination, Presence,
    RecordingLink, RecordingName, RecruitmentGrade, Size, Study,
};

/// A recruitment ratio (highest firing rate over active units) from this is reduced
/// recruitment: under 10 is normal by a teaching source (pmrboards 2008, domain.md §4.2,
/// secondary; a soft indicator, and reading over 5 as abnormal is unverified).
pub const REDUCED_RECRUITMENT_RATIO: f64 = 10.0;
/// A single fasciculation may take this long to appear, s (domain.md §4.1): "none" over a
/// shorter rest says so.
const FASCICULATION_OBSERVATION_S: f64 = 90.0;

/// The table of `study`: its typed and file rows, each joined with the analysed row of the same
/// recording or of the same muscle and side, then a row for every other analysed channel.
pub fn table(study: &Study, channels: &[NeedleChannel]) -> NeedleExamination {
    table_of(&study.needle_examination, study, channels)
}

/// The rows a physician edits as the study opens: the table's rows with the cells analysed from
/// an open recording emptied (they are derived again as shown), so that every analysed channel
/// has its row, in the order the table shows, and an edit never moves a row. A row whose
/// recording is not open keeps the cells analysed when its study file was saved.
pub fn editable_rows(study: &Study, channels: &[NeedleChannel]) -> NeedleExamination {
    let rows = table(study, channels)
        .rows
        .into_iter()
        .map(|row| if row.recording.is_some() { row.without_analysed() } else { row })
        .collect();
    NeedleExamination { rows }
}

/// Adds to `typed` (the rows being edited of the study now `grown` by files added, whose
/// needle channels are `channels`) the rows of the addition, `added` (its editable rows, their
/// recordings given as positions in `grown`). An edited row saved with one of the added
/// recordings joins it; an added row whose recording a row already holds is not added twice;
/// every other added row is kept, and what was typed stays.
pub fn merge_added(typed: &mut NeedleExamination, grown: &Study, channels: &[NeedleChannel], added: NeedleExamination) {
    for row in typed.rows.iter_mut().filter(|row| row.recording.is_none()) {
        row.recording = row
            .recorded_in
            .as_ref()
            .and_then(|name| link_named(grown, name))
            .filter(|&link| analysed_channel(channels, link));
    }
    for row in added.rows {
        let held = row.recording.is_some_and(|link| typed.rows.iter().any(|known| known.recording == Some(link)));
        if !held {
            typed.rows.push(row);
        }
    }
}

/// Whether `channels` hold an analysis of the channel at `link`.
fn analysed_channel(channels: &[NeedleChannel], link: RecordingLink) -> bool {
    channels.iter().any(|channel| {
        channel.recording_idx == link.recording_idx
            && channel.channel_idx == link.channel_idx
            && channel.analysis().is_some()
    })
}

/// The open recording of file and channel `name`.
fn link_named(study: &Study, name: &RecordingName) -> Option<RecordingLink> {
    study.recordings.iter().enumerate().find_map(|(recording_idx, recording)| {
        let channel_idx = recording.channels.iter().position(|channel| name.names(recording, channel))?;
        Some(RecordingLink { recording_idx, channel_idx })
    })
}

/// [`table`] with `typed` in place of the study's own rows (the physician's edits).
pub fn table_of(typed: &NeedleExamination, study: &Study, channels: &[NeedleChannel]) -> NeedleExamination {
    let mut rows = typed.rows.clone();
    // A row saved with its recording joins that recording only where it was analysed here: a
    // channel left unanalysed (too long, too large to decode) keeps the cells as saved.
    for row in rows.iter_mut().filter(|row| row.recording.is_none()) {
        row.recording = row
            .recorded_in
            .as_ref()
            .and_then(|name| link_named(study, name))
            .filter(|&link| analysed_channel(channels, link));
    }
    for channel in channels {
        let Some(analysed) = channel.analysis() else { continue };
        let Some(recording) = study.recordings.get(channel.recording_idx) else { continue };
        let Some(label) = recording.channels.get(channel.channel_idx).map(|channel| channel.label.as_str()) else {
            continue;
        };
        let link = RecordingLink { recording_idx: channel.recording_idx, channel_idx: channel.channel_idx };
        let mut derived = analysed_row(&super::study::muscle_named(recording, label), link, analysed);
        let existing = rows
            .iter()
            .position(|row| row.recording == Some(link))
            .or_else(|| rows.iter().position(|row| row.recording.is_none() && row.same_muscle_and_side(&derived)));
        match existing {
            Some(idx) => {
                // A muscle chosen for the row (the label named another, or none) brings its own
                // reference values to the motor unit means.
                if rows[idx].muscle_id != derived.muscle_id {
                    let chosen = rows[idx].muscle_id.as_deref().and_then(crate::muscles::by_id);
                    let reference = chosen.and_then(super::summary::reference_for);
                    [derived.amplitude, derived.duration, derived.polyphasia] =
                        motor_unit_cells(analysed, reference.as_ref());
                }
                join(&mut rows[idx], derived)
            }
            None => rows.push(derived),
        }
    }
    NeedleExamination { rows }
}

/// The row of a channel recorded from the muscle `named` (see [`super::study::muscle_named`]),
/// from its analysis.
pub fn analysed_row(named: &MuscleNaming, link: RecordingLink, analysed: &ChannelNeedleAnalysis) -> NeedleExamRow {
    let mut row = NeedleExamRow::new(&named.name, named.side);
    let analysis = &analysed.analysis;
    let spontaneous = &analysis.spontaneous;
    let rest_s = spontaneous.rest_s;
    row.insertional = Cell::analysed(
        None,
        "Not graded from the recording: edxview does not measure insertional activity; type it in.",
    );
    row.fibrillations = match spontaneous.grade.as_ref().filter(|_| rest_s > 0.0) {
        Some(grade) => Cell::analysed(
            DenervationGrade::new(grade.grade).ok(),
            format!(
                "{} a second in {} s of rest, {} train{}; {}",
                display::fixed(grade.potentials_per_s, 1),
                display::fixed(rest_s, 1),
                grade.n_trains,
                if grade.n_trains == 1 { "" } else { "s" },
                grade.rule
            ),
        ),
        None => no_rest(),
    };
    row.fasciculations = if rest_s > 0.0 {
        let count = spontaneous
            .potentials
            .iter()
            .filter(|potential| potential.class == SpontaneousClass::Fasciculation)
            .count();
        let caution = if rest_s < FASCICULATION_OBSERVATION_S {
            format!(" (up to {FASCICULATION_OBSERVATION_S:.0} s may be needed to see one, domain.md §4.1)")
        } else {
            String::new()
        };
        Cell::analysed(
            Some(if count > 0 { Presence::Present } else { Presence::Absent }),
            format!(
                "{count} fasciculation potential{} in {} s of rest{caution}.",
                plural(count),
                display::fixed(rest_s, 1)
            ),
        )
    } else {
        no_rest()
    };
    row.myotonic = repetitive_cell(analysed, RepetitiveKind::Myotonic);
    row.complex_repetitive = repetitive_cell(analysed, RepetitiveKind::ComplexRepetitive);
    let [amplitude, duration, polyphasia] = motor_unit_cells(analysed, analysed.reference.as_ref());
    row.amplitude = amplitude;
    row.duration = duration;
    row.polyphasia = polyphasia;
    row.recruitment = recruitment_cell(analysed);
    row.activation = Cell::analysed(
        None,
        "Not judged from the recording: whether the effort was maximal is known at the bedside; type it in.",
    );
    row.recording = Some(link);
    row
}

fn plural(count: usize) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}

fn no_rest<T>() -> Cell<T> {
    Cell::analysed(None, "No rest in the recording: spontaneous activity was not sought.")
}

fn repetitive_cell(analysed: &ChannelNeedleAnalysis, kind: RepetitiveKind) -> Cell<Presence> {
    let spontaneous = &analysed.analysis.spontaneous;
    if spontaneous.rest_s <= 0.0 {
        return no_rest();
    }
    let found: Vec<_> = spontaneous.repetitive.iter().filter(|discharge| discharge.kind == kind).collect();
    let basis = match found.first() {
        Some(first) => format!(
            "{} {}{} in {} s of rest, the first at {} s firing at {} Hz.",
            found.len(),
            kind.label(),
            plural(found.len()),
            display::fixed(spontaneous.rest_s, 1),
            display::fixed(first.start_s, 2),
            display::fixed(first.rate_hz, 0)
        ),
        None => format!("No {} in {} s of rest.", kind.label(), display::fixed(spontaneous.rest_s, 1)),
    };
    Cell::analysed(Some(if found.is_empty() { Presence::Absent } else { Presence::Present }), basis)
}

/// Amplitude, duration and polyphasia: the summary's means against the muscle's `reference`, as
/// the summary table compares them (the bandwidth guard included).
fn motor_unit_cells(analysed: &ChannelNeedleAnalysis, reference: Option<&MuapReference>) -> [Cell<Size>; 3] {
    let analysis = &analysed.analysis;
    let Some(summary) = analysis.summary.as_ref() else {
        return std::array::from_fn(|_| Cell::analysed(None, "No motor unit potential was measured."));
    };
    if summary.n_units < MIN_UNITS_FOR_PATTERN {
        let basis = format!(
            "Only {} motor unit{} measured; at least {MIN_UNITS_FOR_PATTERN} are needed to grade their means.",
            summary.n_units,
            plural(summary.n_units)
        );
        return std::array::from_fn(|_| Cell::analysed(None, basis.clone()));
    }
    let rows = summary_rows(summary, reference, analysis.sampling_rate_hz);
    let cell = |measure: &str| {
        let Some(row) = rows.iter().find(|row| row.measure == measure) else {
            return Cell::analysed(None, format!("{measure}: not measured."));
        };
        let of_units = if row.unit == "%" {
            format!("{} of {} units", row.mean_text(), summary.n_units)
        } else {
            format!("mean {} of {} units", row.mean_text(), summary.n_units)
        };
        match (row.verdict, reference) {
            (Some(verdict), Some(reference)) => Cell::analysed(
                Some(match verdict {
                    Verdict::Below => Size::Decreased,
                    Verdict::Within => Size::Normal,
                    Verdict::Above => Size::Increased,
                }),
                format!(
                    "{measure} {of_units}, {} ({}, the {} reference: {}).",
                    verdict.label(),
                    row.reference_text(),
                    reference.muscle,
                    reference.source
                ),
            ),
            (None, Some(reference)) => Cell::analysed(
                None,
                format!(
                    "{measure} {of_units}; not compared with the {} reference: the recording's bandwidth is too narrow.",
                    reference.muscle
                ),
            ),
            (_, None) => Cell::analysed(
                None,
                format!("{measure} {of_units}; no reference values apply to this muscle, so it is not graded."),
            ),
        }
    };
    [cell("Amplitude"), cell("Duration"), cell("Polyphasic units")]
}

fn recruitment_cell(analysed: &ChannelNeedleAnalysis) -> Cell<RecruitmentGrade> {
    let analysis = &analysed.analysis;
    if !analysis.segments.iter().any(|segment| segment.kind == ActivityKind::Voluntary) {
        return Cell::analysed(None, "No voluntary effort in the recording.");
    }
    let recruitment = &analysis.recruitment;
    let Some(ratio) = recruitment.recruitment_ratio else {
        return Cell::analysed(None, "The recruitment ratio could not be measured: no motor unit was followed.");
    };
    let ratio_text = display::fixed(ratio, 1);
    let limit = display::trimmed(REDUCED_RECRUITMENT_RATIO);
    if ratio >= REDUCED_RECRUITMENT_RATIO {
        Cell::analysed(
            Some(RecruitmentGrade::Reduced),
            format!("Recruitment ratio {ratio_text} (the highest firing rate over the units active, averaged over 1 s epochs; at most {} units active in a second): {limit} or more is reduced (a teaching source, domain.md §4.2; a soft indicator).", recruitment.max_active_units),
        )
    } else {
        Cell::analysed(
            Some(RecruitmentGrade::Normal),
            format!("Recruitment ratio {ratio_text} (the highest firing rate over the units active, averaged over 1 s epochs; at most {} units active in a second): under {limit} is normal (a teaching source, domain.md §4.2; a soft indicator). Early recruitment needs the force of the contraction, which the recording does not give.", recruitment.max_active_units),
        )
    }
}

/// Joins `derived` (analysed) into `row`: cells typed, or read from a file with a value, stand;
/// the others take the analysed ones (a cell analysed when a study file was saved gives way to
/// the analysis of the recording open now); the row is linked to the analysed recording.
fn join(row: &mut NeedleExamRow, derived: NeedleExamRow) {
    fn keep<T>(cell: &mut Cell<T>, analysed: Cell<T>) {
        let stands = match cell.source {
            CellSource::Typed => true,
            CellSource::FromFile => cell.value.is_some(),
            CellSource::Analysed => false,
        };
        if !stands {
            *cell = analysed;
        }
    }
    keep(&mut row.insertional, derived.insertional);
    keep(&mut row.fibrillations, derived.fibrillations);
    keep(&mut row.fasciculations, derived.fasciculations);
    keep(&mut row.myotonic, derived.myotonic);
    keep(&mut row.complex_repetitive, derived.complex_repetitive);
    keep(&mut row.amplitude, derived.amplitude);
    keep(&mut row.duration, derived.duration);
    keep(&mut row.polyphasia, derived.polyphasia);
    keep(&mut row.recruitment, derived.recruitment);
    keep(&mut row.activation, derived.activation);
    row.recording = derived.recording;
}

/// A column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// Insertional activity.
    Insertional,
    /// Fibrillation potentials and positive sharp waves.
    Fibrillations,
    /// Fasciculation potentials.
    Fasciculations,
    /// Myotonic discharges.
    Myotonic,
    /// Complex repetitive discharges.
    ComplexRepetitive,
    /// Motor unit potential amplitude.
    Amplitude,
    /// Motor unit potential duration.
    Duration,
    /// Polyphasic motor unit potentials.
    Polyphasia,
    /// Recruitment.
    Recruitment,
    /// Interference pattern and activation.
    Activation,
}

/// A typed value that is not one of its column's choices.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{value}\" is not a value of {column}: it takes {choices}")]
pub struct NotAChoice {
    /// The value as typed.
    pub value: String,
    /// The column's heading.
    pub column: &'static str,
    /// The column's choices, listed.
    pub choices: String,
}

impl Column {
    /// Every column, in the order reports print them.
    pub const ALL: [Column; 10] = [
        Column::Insertional,
        Column::Fibrillations,
        Column::Fasciculations,
        Column::Myotonic,
        Column::ComplexRepetitive,
        Column::Amplitude,
        Column::Duration,
        Column::Polyphasia,
        Column::Recruitment,
        Column::Activation,
    ];

    /// The heading reports print.
    pub fn heading(self) -> &'static str {
        match self {
            Column::Insertional => "Insertional",
            Column::Fibrillations => "Fibs/PSWs",
            Column::Fasciculations => "Fasciculations",
            Column::Myotonic => "Myotonic",
            Column::ComplexRepetitive => "CRDs",
            Column::Amplitude => "Amplitude",
            Column::Duration => "Duration",
            Column::Polyphasia => "Polyphasia",
            Column::Recruitment => "Recruitment",
            Column::Activation => "Activation",
        }
    }

    /// The column's key in JSON (study files, `edx analyze --json`).
    pub fn key(self) -> &'static str {
        match self {
            Column::Insertional => "insertional",
            Column::Fibrillations => "fibrillations",
            Column::Fasciculations => "fasciculations",
            Column::Myotonic => "myotonic",
            Column::ComplexRepetitive => "complex_repetitive",
            Column::Amplitude => "amplitude",
            Column::Duration => "duration",
            Column::Polyphasia => "polyphasia",
            Column::Recruitment => "recruitment",
            Column::Activation => "activation",
        }
    }

    /// The column whose key is `key`.
    pub fn with_key(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|column| column.key() == key)
    }

    /// What the column holds, in words (for a cell's label).
    pub fn description(self) -> &'static str {
        match self {
            Column::Insertional => "insertional activity",
            Column::Fibrillations => "fibrillation potentials and positive sharp waves",
            Column::Fasciculations => "fasciculation potentials",
            Column::Myotonic => "myotonic discharges",
            Column::ComplexRepetitive => "complex repetitive discharges",
            Column::Amplitude => "motor unit amplitude",
            Column::Duration => "motor unit duration",
            Column::Polyphasia => "polyphasic motor units",
            Column::Recruitment => "recruitment",
            Column::Activation => "interference pattern and activation",
        }
    }

    /// The values the column takes, as printed; each starts with its own key (the first
    /// character), so a keyboard chooses one with a key.
    pub fn choices(self) -> &'static [&'static str] {
        match self {
            Column::Insertional => &["normal", "increased", "decreased"],
            Column::Fibrillations => &["0", "1+", "2+", "3+", "4+"],
            Column::Fasciculations | Column::Myotonic | Column::ComplexRepetitive => &["none", "present"],
            Column::Amplitude | Column::Duration => &["normal", "increased", "decreased"],
            Column::Polyphasia => &["normal", "increased"],
            Column::Recruitment => &["normal", "reduced", "early", "absent"],
            Column::Activation => &["full", "incomplete", "poor effort"],
        }
    }

    /// The row's cell in this column, printed.
    pub fn printed(self, row: &NeedleExamRow) -> PrintedCell {
        fn printed<T: Copy>(cell: &Cell<T>, text: impl Fn(T) -> (String, bool)) -> PrintedCell {
            let (text, abnormal) = cell.value.map_or(("—".to_string(), false), text);
            PrintedCell { text, abnormal, source: cell.source, basis: cell.basis.clone() }
        }
        let word = |word: &str, abnormal: bool| (word.to_string(), abnormal);
        let size = |size: Size| match size {
            Size::Decreased => word("decreased", true),
            Size::Normal => word("normal", false),
            Size::Increased => word("increased", true),
        };
        let presence = |presence: Presence| match presence {
            Presence::Absent => word("none", false),
            Presence::Present => word("present", true),
        };
        match self {
            Column::Insertional => printed(&row.insertional, |value| match value {
                Insertional::Normal => word("normal", false),
                Insertional::Increased => word("increased", true),
                Insertional::Decreased => word("decreased", true),
            }),
            Column::Fibrillations => printed(&row.fibrillations, |grade| (grade.label(), grade.value() > 0)),
            Column::Fasciculations => printed(&row.fasciculations, presence),
            Column::Myotonic => printed(&row.myotonic, presence),
            Column::ComplexRepetitive => printed(&row.complex_repetitive, presence),
            Column::Amplitude => printed(&row.amplitude, size),
            Column::Duration => printed(&row.duration, size),
            Column::Polyphasia => printed(&row.polyphasia, |value| match value {
                Size::Increased => word("increased", true),
                Size::Normal => word("normal", false),
                Size::Decreased => word("decreased", false),
            }),
            Column::Recruitment => printed(&row.recruitment, |value| match value {
                RecruitmentGrade::Normal => word("normal", false),
                RecruitmentGrade::Reduced => word("reduced", true),
                RecruitmentGrade::Early => word("early", true),
                RecruitmentGrade::NoUnits => word("absent", true),
            }),
            Column::Activation => printed(&row.activation, |value| match value {
                Activation::Full => word("full", false),
                Activation::Incomplete => word("incomplete", true),
                Activation::PoorEffort => word("poor effort", false),
            }),
        }
    }

    /// Sets the row's cell in this column to `value` (one of [`Column::choices`], in any case;
    /// `None` or empty: not assessed), from `source`.
    pub fn set(self, row: &mut NeedleExamRow, value: Option<&str>, source: CellSource) -> Result<(), NotAChoice> {
        self.set_with_basis(row, value, source, None)
    }

    /// [`Column::set`] with what the value rests on (a cell analysed when a study file was
    /// saved keeps its basis).
    pub fn set_with_basis(
        self,
        row: &mut NeedleExamRow,
        value: Option<&str>,
        source: CellSource,
        basis: Option<String>,
    ) -> Result<(), NotAChoice> {
        let value = value.map(str::trim).filter(|value| !value.is_empty() && *value != "—");
        let chosen = match value {
            None => None,
            Some(text) => Some(
                self.choices()
                    .iter()
                    .position(|choice| choice.eq_ignore_ascii_case(text))
                    .or_else(|| {
                        (self == Column::Fibrillations)
                            .then(|| DenervationGrade::parse(text).ok())
                            .flatten()
                            .map(|grade| usize::from(grade.value()))
                    })
                    .ok_or_else(|| NotAChoice {
                        value: text.to_string(),
                        column: self.heading(),
                        choices: self.choices().join(", "),
                    })?,
            ),
        };
        fn put<T>(cell: &mut Cell<T>, value: Option<T>, source: CellSource, basis: Option<String>) {
            *cell = Cell { value, source, basis };
        }
        let size = |idx: usize| [Size::Normal, Size::Increased, Size::Decreased][idx];
        let presence = |idx: usize| [Presence::Absent, Presence::Present][idx];
        match self {
            Column::Insertional => put(
                &mut row.insertional,
                chosen.map(|idx| [Insertional::Normal, Insertional::Increased, Insertional::Decreased][idx]),
                source,
                basis,
            ),
            Column::Fibrillations => put(
                &mut row.fibrillations,
                chosen.map(|idx| DenervationGrade::new(idx as u8).expect("a choice is on the scale")),
                source,
                basis,
            ),
            Column::Fasciculations => put(&mut row.fasciculations, chosen.map(presence), source, basis),
            Column::Myotonic => put(&mut row.myotonic, chosen.map(presence), source, basis),
            Column::ComplexRepetitive => put(&mut row.complex_repetitive, chosen.map(presence), source, basis),
            Column::Amplitude => put(&mut row.amplitude, chosen.map(size), source, basis),
            Column::Duration => put(&mut row.duration, chosen.map(size), source, basis),
            Column::Polyphasia => put(&mut row.polyphasia, chosen.map(size), source, basis),
            Column::Recruitment => put(
                &mut row.recruitment,
                chosen.map(|idx| {
                    [
                        RecruitmentGrade::Normal,
                        RecruitmentGrade::Reduced,
                        RecruitmentGrade::Early,
                        RecruitmentGrade::NoUnits,
                    ][idx]
                }),
                source,
                basis,
            ),
            Column::Activation => put(
                &mut row.activation,
                chosen.map(|idx| [Activation::Full, Activation::Incomplete, Activation::PoorEffort][idx]),
                source,
                basis,
            ),
        }
        Ok(())
    }
}

/// One printed cell: its text (`—` when not assessed), whether it is abnormal, and its source.
#[derive(Debug, Clone, PartialEq)]
pub struct PrintedCell {
    /// The value as a report prints it: `normal`, `3+`, `present`, `reduced`, `—`.
    pub text: String,
    /// Whether the value is abnormal (views mark it by more than colour).
    pub abnormal: bool,
    /// Where it came from.
    pub source: CellSource,
    /// What an analysed cell rests on.
    pub basis: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Side;
    use crate::needle::study::{analyse_study_channel, needle_channels};
    use crate::synth::demos::build_needle;

    /// A study of two needle recordings, labelled as an EMG machine labels them.
    fn two_muscles() -> (Study, Vec<NeedleChannel>) {
        let mut neurogenic = build_needle("needle-neurogenic").unwrap();
        neurogenic.recordings[0].channels[0].label = "EMG L Tibialis a".into();
        let mut myopathic = build_needle("needle-myopathic").unwrap();
        myopathic.recordings[0].channels[0].label = "R_Delt".into();
        let study = Study::merge(vec![neurogenic, myopathic]);
        let channels = needle_channels(&study)
            .into_iter()
            .map(|(recording_idx, channel_idx)| analyse_study_channel(&study, recording_idx, channel_idx))
            .collect();
        (study, channels)
    }

    #[test]
    fn each_analysed_recording_gives_its_muscle_s_row_with_what_every_cell_rests_on() {
        let (study, channels) = two_muscles();
        let table = table(&study, &channels);
        assert_eq!(table.rows.len(), 2);
        let tibialis = &table.rows[0];
        assert_eq!(
            (tibialis.muscle_id.as_deref(), tibialis.side, tibialis.recording),
            (Some("tibialis_anterior"), Some(Side::Left), Some(RecordingLink { recording_idx: 0, channel_idx: 0 }))
        );
        assert!(Column::ALL.iter().all(|column| {
            let cell = column.printed(tibialis);
            cell.source == CellSource::Analysed && cell.basis.is_some()
        }));
        assert!(tibialis.fibrillations.value.is_some_and(|grade| grade.value() >= 1), "{:?}", tibialis.fibrillations);
        assert_eq!(tibialis.amplitude.value, Some(Size::Increased), "{:?}", tibialis.amplitude);
        assert_eq!(tibialis.polyphasia.value, None, "not compared from fewer than 10 units");
        assert!(tibialis.amplitude.basis.as_deref().unwrap().contains("tibialis anterior reference"));
        assert_eq!(
            (tibialis.insertional.value, tibialis.activation.value),
            (None, None),
            "not judged from a recording"
        );
        let deltoid = &table.rows[1];
        assert_eq!((deltoid.muscle.as_str(), deltoid.side), ("Deltoid", Some(Side::Right)));
        assert_eq!(deltoid.fibrillations.value.map(DenervationGrade::value), Some(0));
        assert_eq!(deltoid.amplitude.value, None, "no reference values for deltoid");
        assert!(deltoid.amplitude.basis.as_deref().unwrap().contains("no reference values apply"));
        assert!(deltoid.duration.basis.as_deref().unwrap().contains("mean"), "the measured value is kept");
    }

    #[test]
    fn typed_cells_stand_and_analysed_ones_fill_the_rest() {
        let (mut study, channels) = two_muscles();
        let mut typed = NeedleExamRow::new("Tibialis anterior", Some(Side::Left));
        Column::Fibrillations.set(&mut typed, Some("2+"), CellSource::Typed).unwrap();
        Column::Activation.set(&mut typed, Some("Full"), CellSource::Typed).unwrap();
        Column::Amplitude.set(&mut typed, None, CellSource::Typed).unwrap();
        let mut biceps = NeedleExamRow::new("Biceps", Some(Side::Right));
        Column::Recruitment.set(&mut biceps, Some("reduced"), CellSource::FromFile).unwrap();
        study.needle_examination.rows = vec![typed, biceps.clone()];
        let table = table(&study, &channels);
        assert_eq!(table.rows.len(), 3, "the typed tibialis joined its recording; the deltoid added");
        let tibialis = &table.rows[0];
        assert_eq!(tibialis.fibrillations.value.map(DenervationGrade::value), Some(2));
        assert_eq!(tibialis.fibrillations.source, CellSource::Typed);
        assert_eq!(tibialis.activation.value, Some(Activation::Full));
        assert_eq!((tibialis.amplitude.value, tibialis.amplitude.source), (None, CellSource::Typed), "cleared by hand");
        assert_eq!(tibialis.duration.source, CellSource::Analysed);
        assert_eq!(tibialis.recording, Some(RecordingLink { recording_idx: 0, channel_idx: 0 }));
        assert_eq!(table.rows[1], biceps, "a row without a recording is kept as it is");
        assert_eq!(table.rows[2].muscle_id.as_deref(), Some("deltoid"));
    }

    #[test]
    fn a_label_naming_no_muscle_leaves_the_description_to_name_it_or_is_kept_as_written() {
        let (_, channels) = two_muscles();
        let analysed = channels[0].analysis().unwrap();
        let link = RecordingLink { recording_idx: 0, channel_idx: 0 };
        let described =
            crate::model::Recording { recording_info: "Needle in tibialis anterior".into(), ..Default::default() };
        let row = analysed_row(&super::super::study::muscle_named(&described, "EMG 1"), link, analysed);
        assert_eq!(row.muscle_id.as_deref(), Some("tibialis_anterior"));
        let bare = crate::model::Recording::default();
        let row = analysed_row(&super::super::study::muscle_named(&bare, "Mystery muscle L"), link, analysed);
        assert_eq!((row.muscle.as_str(), row.muscle_id, row.side), ("Mystery muscle L", None, Some(Side::Left)));
    }

    #[test]
    fn every_choice_sets_and_prints_back_and_others_are_refused_by_name() {
        let mut row = NeedleExamRow::new("TA", Some(Side::Left));
        for column in Column::ALL {
            let keys: Vec<char> = column.choices().iter().map(|choice| choice.chars().next().unwrap()).collect();
            let mut unique = keys.clone();
            unique.sort_unstable();
            unique.dedup();
            assert_eq!(unique.len(), keys.len(), "{column:?}: one key per choice");
            for choice in column.choices() {
                column.set(&mut row, Some(choice), CellSource::Typed).unwrap();
                let printed = column.printed(&row);
                assert_eq!((printed.text.as_str(), printed.source), (*choice, CellSource::Typed));
            }
            column.set(&mut row, None, CellSource::Typed).unwrap();
            assert_eq!(column.printed(&row).text, "—");
        }
        Column::Fibrillations.set(&mut row, Some("3"), CellSource::FromFile).unwrap();
        assert_eq!(Column::Fibrillations.printed(&row).text, "3+");
        let refused = Column::Fibrillations.set(&mut row, Some("5+"), CellSource::FromFile).unwrap_err();
        assert_eq!(refused.to_string(), "\"5+\" is not a value of Fibs/PSWs: it takes 0, 1+, 2+, 3+, 4+");
        assert!(Column::Recruitment.set(&mut row, Some("slow"), CellSource::Typed).is_err());
    }

    #[test]
    fn editable_rows_keep_every_analysed_channel_s_row_in_place_and_only_what_was_typed() {
        let (study, channels) = two_muscles();
        let mut editable = editable_rows(&study, &channels);
        assert_eq!(editable.rows.len(), 2);
        assert!(editable.rows.iter().all(|row| Column::ALL.iter().all(|column| column.printed(row).text == "—")));
        Column::Fibrillations.set(&mut editable.rows[1], Some("1+"), CellSource::Typed).unwrap();
        let shown = table_of(&editable, &study, &channels);
        assert_eq!(shown.rows.len(), 2, "no row added or moved by an edit");
        assert_eq!(shown.rows[1].muscle_id.as_deref(), Some("deltoid"));
        assert_eq!(Column::Fibrillations.printed(&shown.rows[1]).text, "1+");
        assert_eq!(shown.rows[1].amplitude.source, CellSource::Analysed, "the rest still analysed");
    }

    #[test]
    fn a_muscle_chosen_for_a_row_brings_its_reference_values() {
        let (study, channels) = two_muscles();
        let mut editable = editable_rows(&study, &channels);
        assert_eq!(editable.rows[1].amplitude.value, None);
        let chosen = NeedleExamRow::new("Tibialis anterior", Some(Side::Right));
        editable.rows[1].muscle = chosen.muscle;
        editable.rows[1].muscle_id = chosen.muscle_id;
        let shown = table_of(&editable, &study, &channels);
        assert_eq!(shown.rows[1].muscle_id.as_deref(), Some("tibialis_anterior"));
        assert!(shown.rows[1].amplitude.value.is_some(), "{:?}", shown.rows[1].amplitude);
        assert!(shown.rows[1].amplitude.basis.as_deref().unwrap().contains("tibialis anterior reference"));
    }

    #[test]
    fn rows_of_files_added_join_the_edited_rows_without_a_second_row_or_a_lost_one() {
        let (study, channels) = two_muscles();
        // A saved study whose tibialis anterior row names its recording, opened alone and edited.
        let mut saved = table(&study, &channels).with_recordings_named(&study.recordings);
        saved.rows.truncate(1);
        let mut biceps = NeedleExamRow::new("Biceps", Some(Side::Right));
        Column::Fibrillations.set(&mut biceps, Some("1+"), CellSource::FromFile).unwrap();
        saved.rows.push(biceps.clone());
        let alone = Study { recordings: Vec::new(), needle_examination: saved.clone(), ..study.clone() };
        let mut typed = editable_rows(&alone, &[]);
        Column::Activation.set(&mut typed.rows[0], Some("full"), CellSource::Typed).unwrap();
        // Its recordings added: each analysed channel gives a row; the first is the saved one's.
        let added = editable_rows(&Study { needle_examination: Default::default(), ..study.clone() }, &channels);
        assert_eq!(added.rows.len(), 2);
        merge_added(&mut typed, &study, &channels, added);
        assert_eq!(typed.rows.len(), 3, "tibialis anterior joined, biceps kept, deltoid added");
        assert_eq!(typed.rows[0].recording, Some(RecordingLink { recording_idx: 0, channel_idx: 0 }));
        assert_eq!(typed.rows[0].activation.value, Some(Activation::Full));
        assert_eq!(typed.rows[1], biceps);
        assert_eq!(typed.rows[2].muscle_id.as_deref(), Some("deltoid"));
    }
}
