//! edxview's convention for nerve conduction studies in EDF+D and BDF+D files
//! (`docs/formats/ncs-edf.md`), after the EDF+ specification's own nerve-conduction example: one
//! data record per sweep, the stimulus at the record start unless an annotation `Stimulus` inside
//! the record says otherwise, and the study details as one annotation per record of `key: value`
//! pairs separated by `;`, e.g.
//! `Nerve: Median; Side: R; Type: motor; Record: APB; Stim: Elbow; Distance: 230 mm; Temp: 32.5 C`.
//!
//! [`nerve_conductions`] turns a recording that follows the convention into nerve conduction
//! studies; [`write`] writes studies in it (as BDF+D, whose 24-bit samples keep a 10 mV CMAP and
//! a 10 µV SNAP to a few nanovolts in one file).

use super::edf::write::{format_number, HeaderWriter};
use crate::model::{
    Annotation, Channel, Nerve, NerveConduction, NerveConductionKind, Patient, Recording, Side, StimulationSite, Sweep,
    Unit,
};

/// The details of one sweep, from its annotation.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SweepDetails {
    /// `Nerve:` — e.g. Median.
    pub nerve: Option<Nerve>,
    /// `Side:` — L or R (Left, Right).
    pub side: Option<Side>,
    /// `Type:` — motor, sensory (antidromic unless stated), orthodromic, mixed, F wave, H reflex.
    pub kind: Option<NerveConductionKind>,
    /// `Record:` — where the response is recorded, e.g. APB.
    pub recording_site: Option<String>,
    /// `Stim:` — where the stimulus was given, e.g. Wrist.
    pub stimulation_site: Option<String>,
    /// `Distance:` — from this stimulation site to the next more distal one (for the most
    /// distal site: to the active recording electrode), in mm (`mm` or `cm` accepted).
    pub distance_mm: Option<f64>,
    /// `Temp:` — skin temperature, in °C.
    pub temperature_c: Option<f64>,
    /// `Samples:` — how many samples of the record are the sweep (the rest is padding).
    pub n_samples: Option<usize>,
    /// `Intensity:` — stimulus intensity, in mA.
    pub stimulus_ma: Option<f64>,
    /// `Filters:` — the acquisition filters, e.g. `HP:10Hz LP:10kHz` (else the signal header's
    /// prefiltering field is used).
    pub filters: Option<String>,
    /// `Age:` — the patient's age at the study, in completed years (`62`, `62 y`).
    pub age_years: Option<u32>,
    /// `Height:` — the patient's height, in cm (`cm` or `m` accepted).
    pub height_cm: Option<f64>,
    /// Other `key: value` pairs, kept as written.
    pub other: Vec<(String, String)>,
}

/// Reads a details annotation; `None` when it holds none of the convention's keys. Both the
/// convention's `key: value; …` text and an EDF+ `<EDF_XMLnote>` (as in the EDF+ specification's
/// nerve-conduction examples) are read: an XML note's innermost elements are its keys, so
/// `<Temperature unit="C">32.5</Temperature>` reads as `Temp: 32.5 C`, and a `<Site>` inside a
/// `<Stimulus>` or `<Recording>` element names that site.
pub fn parse_details(text: &str) -> Option<SweepDetails> {
    let pairs = match text.trim_start().strip_prefix(XML_NOTE_TAG) {
        Some(xml) => xml_note_pairs(xml),
        None => text
            .split(';')
            .filter_map(|pair| pair.split_once(':'))
            .map(|(key, value)| (key.trim().to_string(), value.trim().to_string()))
            .collect(),
    };
    let mut details = SweepDetails::default();
    let mut known = false;
    for (key, value) in pairs {
        let mut recognised = true;
        match key.to_ascii_lowercase().replace(['_', '-'], " ").as_str() {
            "nerve" => details.nerve = Some(Nerve::from_name(&value)),
            "side" => details.side = parse_side(&value),
            "type" => details.kind = parse_kind(&value),
            "record" | "recording" | "recording site" => details.recording_site = Some(value),
            "stim" | "stimulus" | "stimulation" | "stimulation site" | "stimulus site" => {
                details.stimulation_site = Some(value)
            }
            "distance" => details.distance_mm = parse_distance_mm(&value),
            "temp" | "temperature" => details.temperature_c = parse_number(&value),
            "samples" => details.n_samples = value.parse().ok(),
            "intensity" | "stimulus intensity" | "stim intensity" | "current" => {
                details.stimulus_ma = parse_number(&value)
            }
            "filters" | "filter" | "prefiltering" => details.filters = Some(value),
            "age" | "patient age" => details.age_years = parse_age_years(&value),
            "height" | "patient height" => details.height_cm = parse_height_cm(&value),
            _ => {
                recognised = false;
                details.other.push((key, value));
            }
        }
        known |= recognised;
    }
    known.then_some(details)
}

/// How an EDF+ XML note annotation starts (EDF+ specification, section 2.2.3).
const XML_NOTE_TAG: &str = "<EDF_XMLnote>";

/// The innermost elements of an XML note as `(key, value)` pairs: the element's name (a `Site`
/// inside `Stimulus` becomes `Stimulus site`), and its text followed by a `unit` or `units`
/// attribute when it has one. Anything that is not a simple element is skipped, so a malformed
/// note yields fewer pairs, never an error.
fn xml_note_pairs(xml: &str) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    let mut open_elements: Vec<&str> = Vec::new();
    let mut rest = xml;
    while let Some(tag_start) = rest.find('<') {
        let Some(tag_length) = rest[tag_start..].find('>') else { break };
        let tag = &rest[tag_start + 1..tag_start + tag_length];
        let after_tag = &rest[tag_start + tag_length + 1..];
        rest = after_tag;
        if let Some(closing) = tag.strip_prefix('/') {
            if let Some(position) = open_elements.iter().rposition(|name| *name == closing.trim()) {
                open_elements.truncate(position);
            }
            continue;
        }
        if tag.starts_with(['?', '!']) || tag.ends_with('/') {
            continue;
        }
        let name = tag.split_whitespace().next().unwrap_or_default();
        let closing_tag = format!("</{name}>");
        let text_end = after_tag.find('<').unwrap_or(after_tag.len());
        if !after_tag[text_end..].starts_with(&closing_tag) {
            open_elements.push(name);
            continue;
        }
        let mut value = after_tag[..text_end].trim().to_string();
        if let Some(unit) = xml_attribute(tag, "unit").or_else(|| xml_attribute(tag, "units")) {
            value = format!("{value} {unit}");
        }
        let key = match open_elements.last() {
            Some(parent) if name.eq_ignore_ascii_case("site") => format!("{parent} site"),
            _ => name.to_string(),
        };
        pairs.push((key, value));
        rest = &after_tag[text_end + closing_tag.len()..];
    }
    pairs
}

/// The value of attribute `name` in an XML start tag, quoted with `"` or `'`.
fn xml_attribute<'tag>(tag: &'tag str, name: &str) -> Option<&'tag str> {
    let mut rest = tag;
    while let Some(position) = rest.find('=') {
        let attribute = rest[..position].split_whitespace().last().unwrap_or_default();
        let after = rest[position + 1..].trim_start();
        let quote = after.chars().next().filter(|quote| matches!(quote, '"' | '\''))?;
        let value_end = after[1..].find(quote)?;
        if attribute.eq_ignore_ascii_case(name) {
            return Some(&after[1..1 + value_end]);
        }
        rest = &after[value_end + 2..];
    }
    None
}

/// Writes details as the convention's annotation text.
pub fn format_details(nerve: &NerveConduction, site: &StimulationSite, n_samples: usize) -> String {
    let mut parts = vec![
        format!("Nerve: {}", nerve.nerve),
        format!("Side: {}", if nerve.side == Side::Left { "L" } else { "R" }),
        format!("Type: {}", kind_text(nerve.kind)),
        format!("Record: {}", nerve.recording_site),
        format!("Stim: {}", site.name),
    ];
    if let Some(distance_mm) = site.distance_mm {
        parts.push(format!("Distance: {distance_mm} mm"));
    }
    if let Some(temperature_c) = nerve.skin_temperature_c {
        parts.push(format!("Temp: {temperature_c} C"));
    }
    if let Some(filters) = &nerve.acquisition_filters {
        parts.push(format!("Filters: {filters}"));
    }
    if let Some(stimulus_ma) = site.stimulus_ma {
        parts.push(format!("Intensity: {stimulus_ma} mA"));
    }
    for (key, value) in &site.other_details {
        parts.push(format!("{key}: {value}"));
    }
    parts.push(format!("Samples: {n_samples}"));
    parts.join("; ")
}

/// Whether a recording follows the convention: it has `NC …` signals or details annotations.
pub fn follows_convention(recording: &Recording) -> bool {
    recording.channels.iter().any(|channel| is_nerve_conduction_label(&channel.label))
        || recording.annotations.iter().any(|annotation| {
            // A needle muscle annotation (`Muscle: …; Side: L`) shares the Side key.
            super::muscle_parts::parse(&annotation.text).is_none() && parse_details(&annotation.text).is_some()
        })
}

/// Whether a channel label marks a nerve conduction channel: `NC ` and more, any case.
pub(crate) fn is_nerve_conduction_label(label: &str) -> bool {
    label.len() > 3 && label.get(..3).is_some_and(|prefix| prefix.eq_ignore_ascii_case("nc "))
}

/// What a file following the convention holds: its nerve conduction studies, what the details
/// said of the patient, and warnings about sweeps that could only partly be placed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConventionStudies {
    /// The studies, in the order their first sweeps appear.
    pub nerve_conductions: Vec<NerveConduction>,
    /// `Age:` and `Height:` as the first details giving them said.
    pub patient: Patient,
    /// What could not be read as the convention says.
    pub warnings: Vec<String>,
}

/// The nerve conduction studies of a recording that follows the convention. Sweeps without
/// details still appear, as an unlabelled study whose sites are numbered.
pub fn nerve_conductions(recording: &Recording) -> ConventionStudies {
    let nc_channels: Vec<usize> = recording
        .channels
        .iter()
        .enumerate()
        .filter(|(_, channel)| is_nerve_conduction_label(&channel.label))
        .map(|(idx, _)| idx)
        .collect();
    let channel_indices = if nc_channels.is_empty() { (0..recording.channels.len()).collect() } else { nc_channels };
    let mut builder = StudyBuilder::default();
    for &channel_idx in &channel_indices {
        let channel = &recording.channels[channel_idx];
        for segment in &channel.segments {
            let segment_end_s = segment.start_s + segment.samples.len() as f64 / channel.sampling_rate_hz;
            let inside = |annotation: &&Annotation| {
                annotation.onset_s >= segment.start_s - 1e-9 && annotation.onset_s < segment_end_s
            };
            let annotations: Vec<&Annotation> = recording.annotations.iter().filter(inside).collect();
            let details = annotations.iter().find_map(|annotation| parse_details(&annotation.text));
            let stimulus_s = annotations
                .iter()
                .find(|annotation| is_stimulus_text(&annotation.text))
                .map_or(segment.start_s, |annotation| annotation.onset_s);
            builder.add_sweep(
                channel,
                &channel.label,
                &segment.samples,
                (segment.start_s - stimulus_s) * 1000.0,
                details,
            );
        }
    }
    builder.finish()
}

/// Whether an annotation marks the stimulus (`Stimulus`, any case).
pub(crate) fn is_stimulus_text(text: &str) -> bool {
    text.trim().eq_ignore_ascii_case("stimulus")
}

/// Gathers sweeps with their details into nerve conduction studies, as the convention groups
/// them (`docs/formats/ncs-edf.md`, "How records become studies"); shared by every file format
/// that carries the convention's details (EDF+D/BDF+D records, DICOM multiplex groups).
#[derive(Debug, Default)]
pub(crate) struct StudyBuilder {
    studies: ConventionStudies,
    n_unlabelled: usize,
    unitless_channels: Vec<String>,
}

impl StudyBuilder {
    /// Adds one sweep of `channel`, whose own label (`NC APB`, without any group prefix) is
    /// `label`: `samples` (all of them; `Samples:` may shorten them), the first of which is
    /// `first_sample_ms` after the stimulus, with the details given for it.
    pub(crate) fn add_sweep(
        &mut self,
        channel: &Channel,
        label: &str,
        samples: &[f32],
        first_sample_ms: f64,
        details: Option<SweepDetails>,
    ) {
        let channel_site =
            label.get(3..).filter(|_| is_nerve_conduction_label(label)).unwrap_or(label).trim().to_string();
        let details = details.unwrap_or_else(|| {
            self.n_unlabelled += 1;
            SweepDetails { stimulation_site: Some(format!("Sweep {}", self.n_unlabelled)), ..SweepDetails::default() }
        });
        let n_samples = details.n_samples.unwrap_or(samples.len()).min(samples.len());
        let sweep = Sweep {
            samples: samples[..n_samples].to_vec(),
            sampling_rate_hz: channel.sampling_rate_hz,
            first_sample_ms,
            unit: channel.unit.clone(),
        };
        if !channel.unit.is_electrical() && !self.unitless_channels.contains(&channel.label) {
            self.unitless_channels.push(channel.label.clone());
            self.studies.warnings.push(format!(
                "'{}' has no physical unit; its responses cannot be measured in µV or mV",
                channel.label
            ));
        }
        let patient = &mut self.studies.patient;
        *patient = patient.or(Patient { age_years: details.age_years, height_cm: details.height_cm });
        let nerve = details.nerve.clone().unwrap_or_else(|| Nerve::Other("Unlabelled".into()));
        let side = details.side.unwrap_or(Side::Right);
        let kind = details.kind.unwrap_or(NerveConductionKind::Motor);
        let recording_site = details.recording_site.clone().unwrap_or(channel_site);
        let site_name = details.stimulation_site.clone().unwrap_or_else(|| "Unnamed site".into());
        let nerves = &mut self.studies.nerve_conductions;
        let study_idx = match nerves.iter().position(|study| {
            study.nerve == nerve && study.side == side && study.kind == kind && study.recording_site == recording_site
        }) {
            Some(study_idx) => study_idx,
            None => {
                nerves.push(NerveConduction {
                    nerve,
                    side,
                    kind,
                    recording_site,
                    sites: Vec::new(),
                    skin_temperature_c: None,
                    acquisition_filters: details.filters.clone().or_else(|| {
                        Some(channel.prefiltering.trim().to_string()).filter(|filters| !filters.is_empty())
                    }),
                });
                nerves.len() - 1
            }
        };
        let study = &mut nerves[study_idx];
        if study.skin_temperature_c.is_none() {
            study.skin_temperature_c = details.temperature_c;
        }
        // Repeated sweeps at one site (an F-wave train, or a repeat) join that site.
        match study.sites.iter_mut().find(|site| site.name == site_name) {
            Some(site) => site.sweeps.push(sweep),
            None => study.sites.push(StimulationSite {
                name: site_name,
                distance_mm: details.distance_mm,
                sweeps: vec![sweep],
                saved_markers: None,
                reported: None,
                stimulus_ma: details.stimulus_ma,
                other_details: details.other,
                saved_late_corrections: Vec::new(),
            }),
        }
    }

    /// The studies, with a warning when some sweeps carried no details.
    pub(crate) fn finish(mut self) -> ConventionStudies {
        if self.n_unlabelled > 0 {
            self.studies.warnings.push(format!(
                "{} sweeps carry no study details (Nerve:, Stim:, …); they are shown as unlabelled sweeps",
                self.n_unlabelled
            ));
        }
        self.studies
    }
}

/// The file a study is written as: both keep one physical range for every sweep, so a
/// sensory response beside a motor one is stored in steps of the motor range's resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFormat {
    /// EDF+D: 16-bit samples (steps of 1/65 536 of the range: 0.3 µV for a ±10 mV study),
    /// read by every EDF reader.
    Edf,
    /// BDF+D: 24-bit samples (steps of 1/16 777 216 of the range).
    Bdf,
}

impl DataFormat {
    /// The header's first field, the reserved field, the annotation signal's label, the
    /// largest digital value and the bytes a sample takes.
    fn layout(self) -> (&'static [u8], &'static str, &'static str, i32, usize) {
        match self {
            DataFormat::Edf => (b"0       ", "EDF+D", "EDF Annotations", 32_767, 2),
            DataFormat::Bdf => (b"\xffBIOSEMI", "BDF+D", "BDF Annotations", 8_388_607, 3),
        }
    }
}

/// Writes nerve conduction studies as BDF+D following the convention (see [`write_as`]).
pub fn write(
    nerves: &[NerveConduction],
    patient_details: &Patient,
    patient_field: &str,
    recording_info: &str,
) -> Option<Vec<u8>> {
    write_as(DataFormat::Bdf, nerves, patient_details, patient_field, recording_info)
}

/// Writes nerve conduction studies as EDF+D or BDF+D following the convention: one record per
/// sweep, a `Stimulus` annotation at the stimulus and the details annotation. Sweeps shorter
/// than the longest are padded with their last value and carry `Samples:`. All sweeps must
/// share one sampling rate; returns `None` otherwise. The patient's age and height, when known,
/// are written as `Age:` and `Height:` in every record's details; `patient_field` is the EDF+
/// patient field as written.
pub fn write_as(
    format: DataFormat,
    nerves: &[NerveConduction],
    patient_details: &Patient,
    patient_field: &str,
    recording_info: &str,
) -> Option<Vec<u8>> {
    let (magic, reserved, annotation_label, digital_limit, sample_bytes) = format.layout();
    let patient = patient_field;
    let mut patient_text = String::new();
    if let Some(age_years) = patient_details.age_years {
        patient_text.push_str(&format!("; Age: {age_years}"));
    }
    if let Some(height_cm) = patient_details.height_cm {
        patient_text.push_str(&format!("; Height: {height_cm} cm"));
    }
    let sweeps: Vec<(&NerveConduction, &StimulationSite, &Sweep)> = nerves
        .iter()
        .flat_map(|nerve| {
            nerve.sites.iter().flat_map(move |site| site.sweeps.iter().map(move |sweep| (nerve, site, sweep)))
        })
        .collect();
    let rate = sweeps.first()?.2.sampling_rate_hz;
    if sweeps.iter().any(|(_, _, sweep)| (sweep.sampling_rate_hz - rate).abs() > 1e-9 || sweep.samples.is_empty()) {
        return None;
    }
    let samples_per_record = sweeps.iter().map(|(_, _, sweep)| sweep.samples.len()).max()?;
    let record_duration_s = samples_per_record as f64 / rate;
    // Records one second apart (EDF+D needs each to start after the previous ends).
    let record_spacing_s = (record_duration_s + 1.0).ceil();
    let to_uv = |sweep: &Sweep, value: f32| f64::from(value) * sweep.unit.factor_to(&Unit::Microvolt).unwrap_or(1.0);
    let largest_uv = sweeps
        .iter()
        .flat_map(|(_, _, sweep)| sweep.samples.iter().map(move |&value| to_uv(sweep, value).abs()))
        .fold(1.0, f64::max);
    let physical_limit = (largest_uv * 1.05).ceil();
    let annotation_texts: Vec<String> = sweeps
        .iter()
        .enumerate()
        .map(|(record_idx, (nerve, site, sweep))| {
            let onset_s = record_idx as f64 * record_spacing_s;
            let stimulus_s = onset_s - sweep.first_sample_ms / 1000.0;
            format!(
                "+{onset_s}\u{14}\u{14}\u{0}+{stimulus_s:.6}\u{14}Stimulus\u{14}\u{0}+{onset_s}\u{14}{}\u{14}\u{0}",
                format_details(nerve, site, sweep.samples.len()) + &patient_text
            )
        })
        .collect();
    let annotation_bytes = annotation_texts.iter().map(String::len).max().unwrap_or(0) + 1;
    let annotation_samples = annotation_bytes.div_ceil(sample_bytes);

    let mut header = HeaderWriter::default();
    header.0.extend(magic);
    header.field(if patient.is_empty() { "X X X X" } else { patient }, 80);
    header
        .field(&format!("Startdate X X X {}", if recording_info.is_empty() { "edxview" } else { recording_info }), 80);
    header.field("01.01.00", 8);
    header.field("00.00.00", 8);
    header.field("768", 8);
    header.field(reserved, 44);
    header.field(&sweeps.len().to_string(), 8);
    header.field(&format_number(record_duration_s), 8);
    header.field("2", 4);
    // Per-signal fields, each for both signals: the sweep, then the annotations.
    let (digital_min, digital_max) = ((-digital_limit - 1).to_string(), digital_limit.to_string());
    let columns: [(&str, &str, usize); 10] = [
        ("NC sweep", annotation_label, 16),
        ("Surface electrodes", "", 80),
        ("uV", "", 8),
        (&format_number(-physical_limit), "-1", 8),
        (&format_number(physical_limit), "1", 8),
        (&digital_min, &digital_min, 8),
        (&digital_max, &digital_max, 8),
        ("", "", 80),
        (&samples_per_record.to_string(), &annotation_samples.to_string(), 8),
        ("", "", 32),
    ];
    for (sweep_field, annotation_field, width) in columns {
        header.field(sweep_field, width);
        header.field(annotation_field, width);
    }

    let gain = (2.0 * physical_limit) / (2.0 * f64::from(digital_limit) + 1.0);
    let offset = -physical_limit - gain * f64::from(-digital_limit - 1);
    let mut bytes = header.0;
    for ((_, _, sweep), annotation) in sweeps.iter().zip(&annotation_texts) {
        let last = *sweep.samples.last()?;
        for sample_idx in 0..samples_per_record {
            let value_uv = to_uv(sweep, *sweep.samples.get(sample_idx).unwrap_or(&last));
            let digital = ((value_uv - offset) / gain)
                .round()
                .clamp(f64::from(-digital_limit - 1), f64::from(digital_limit)) as i32;
            bytes.extend(&digital.to_le_bytes()[..sample_bytes]);
        }
        let mut tal = annotation.as_bytes().to_vec();
        tal.resize(annotation_samples * sample_bytes, 0);
        bytes.extend(tal);
    }
    Some(bytes)
}

fn parse_side(value: &str) -> Option<Side> {
    match value.trim().to_ascii_lowercase().as_str() {
        "l" | "left" => Some(Side::Left),
        "r" | "right" => Some(Side::Right),
        _ => None,
    }
}

fn parse_kind(value: &str) -> Option<NerveConductionKind> {
    let lower = value.trim().to_ascii_lowercase().replace(['-', '_'], " ");
    Some(match lower.as_str() {
        "motor" => NerveConductionKind::Motor,
        "sensory" | "sensory antidromic" | "antidromic" | "antidromic sensory" => {
            NerveConductionKind::SensoryAntidromic
        }
        "sensory orthodromic" | "orthodromic" | "orthodromic sensory" => NerveConductionKind::SensoryOrthodromic,
        "mixed" => NerveConductionKind::Mixed,
        "f wave" | "f" | "fwave" | "f waves" => NerveConductionKind::FWave,
        "h reflex" | "h" | "hreflex" => NerveConductionKind::HReflex,
        _ => return None,
    })
}

fn kind_text(kind: NerveConductionKind) -> &'static str {
    match kind {
        NerveConductionKind::Motor => "motor",
        NerveConductionKind::SensoryAntidromic => "sensory antidromic",
        NerveConductionKind::SensoryOrthodromic => "sensory orthodromic",
        NerveConductionKind::Mixed => "mixed",
        NerveConductionKind::FWave => "F wave",
        NerveConductionKind::HReflex => "H reflex",
    }
}

/// `62`, `62 y`, `62 years`: an age in completed years (a fraction is dropped).
fn parse_age_years(value: &str) -> Option<u32> {
    parse_number(value).filter(|years| (0.0..150.0).contains(years)).map(|years| years.floor() as u32)
}

/// `175 cm`, `1.75 m`, `175`: a height in cm.
fn parse_height_cm(value: &str) -> Option<f64> {
    let number = parse_number(value)?;
    let lower = value.to_ascii_lowercase();
    let is_metres = lower.trim_end().ends_with('m') && !lower.contains("cm") && !lower.contains("mm");
    Some(if is_metres { number * 100.0 } else { number }).filter(|height_cm| *height_cm > 0.0 && *height_cm < 300.0)
}

/// `230 mm`, `23 cm`, `230`: a distance in mm.
fn parse_distance_mm(value: &str) -> Option<f64> {
    let number = parse_number(value)?;
    let lower = value.to_ascii_lowercase();
    Some(if lower.contains("cm") { number * 10.0 } else { number })
}

/// The first decimal number in `value` (`32.5 C`, `32,5 °C`).
fn parse_number(value: &str) -> Option<f64> {
    let cleaned: String = value
        .trim()
        .chars()
        .take_while(|character| character.is_ascii_digit() || matches!(character, '.' | ',' | '-' | '+'))
        .collect();
    cleaned.replace(',', ".").parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_example_details() {
        let details = parse_details("Nerve: Median; Side: R; Type: motor; Record: APB; Stim: Elbow; Distance: 230 mm; Temp: 32.5 C; Operator: JD").unwrap();
        assert_eq!(details.nerve, Some(Nerve::Median));
        assert_eq!(details.side, Some(Side::Right));
        assert_eq!(details.kind, Some(NerveConductionKind::Motor));
        assert_eq!(details.recording_site.as_deref(), Some("APB"));
        assert_eq!(details.stimulation_site.as_deref(), Some("Elbow"));
        assert_eq!(details.distance_mm, Some(230.0));
        assert_eq!(details.temperature_c, Some(32.5));
        assert_eq!(details.other, vec![("Operator".to_string(), "JD".to_string())]);
        assert_eq!(parse_details("NERVE: ulnar; DISTANCE: 10 cm").unwrap().distance_mm, Some(100.0));
        let stimulus = parse_details("Stim: Wrist; Intensity: 18.5 mA; Filters: HP:2Hz LP:10kHz").unwrap();
        assert_eq!(stimulus.stimulus_ma, Some(18.5));
        assert_eq!(stimulus.filters.as_deref(), Some("HP:2Hz LP:10kHz"));
        assert_eq!(parse_details("RECORD START"), None);
        let patient = parse_details("Age: 62 y; Height: 1.78 m").unwrap();
        assert_eq!((patient.age_years, patient.height_cm), (Some(62), Some(178.0)));
        let patient = parse_details("age: 45.9; height: 170 cm").unwrap();
        assert_eq!((patient.age_years, patient.height_cm), (Some(45), Some(170.0)));
    }

    #[test]
    fn reads_an_xml_note_like_the_edf_plus_examples() {
        let note = "<EDF_XMLnote><?xml version=\"1.0\"?><study><Nerve>Median</Nerve><Side>Left</Side>\
            <Type>motor</Type><Recording><Site>APB</Site></Recording>\
            <Stimulus><Site>Wrist</Site><Intensity unit='mA'>12.5</Intensity></Stimulus>\
            <Distance unit=\"cm\">7</Distance><Temperature units=\"C\">32.5</Temperature><Empty/></study>\
            </EDF_XMLnote>";
        let details = parse_details(note).unwrap();
        assert_eq!(details.nerve, Some(Nerve::Median));
        assert_eq!(details.side, Some(Side::Left));
        assert_eq!(details.kind, Some(NerveConductionKind::Motor));
        assert_eq!(details.recording_site.as_deref(), Some("APB"));
        assert_eq!(details.stimulation_site.as_deref(), Some("Wrist"));
        assert_eq!(details.distance_mm, Some(70.0));
        assert_eq!(details.temperature_c, Some(32.5));
        assert_eq!(details.stimulus_ma, Some(12.5));
        assert!(details.other.is_empty(), "{:?}", details.other);
    }

    #[test]
    fn a_malformed_xml_note_gives_what_it_can_and_never_fails() {
        assert_eq!(parse_details("<EDF_XMLnote><Nerve>Ulnar</Nerve><Side>R"), parse_details("Nerve: Ulnar"));
        assert_eq!(parse_details("<EDF_XMLnote><Temp unit=\"C>30</Temp>").unwrap().temperature_c, Some(30.0));
        for broken in ["<EDF_XMLnote>", "<EDF_XMLnote><", "<EDF_XMLnote><a b='1' c=>x</a>", "<EDF_XMLnote></x></y>"] {
            assert_eq!(parse_details(broken), None, "{broken}");
        }
    }
}
