//! The whole study as an EMG report lays it out (domain.md §5.8), as one HTML document that
//! prints on A4 or Letter: the header, the nerve conduction tables with each judged value's
//! limit beside it and abnormal values marked by a sign and words as well as colour, a small
//! image of each nerve's traces where they were recorded (`traces`), the late
//! responses, the comparisons, the needle examination table, the impression with its basis,
//! alternatives and limitations, the physician's comment, and the numbered sources of every
//! limit and rule used. `edx report --html` writes it, from the same core text as the app.

mod traces;

use std::fmt::Write as _;

use super::flags::{Flag, Place};
use super::localise::Localisation;
use super::profiles::{Measure, ReferenceProfile};
use super::review::StudyReview;
use crate::display;
use crate::model::{NeedleExamination, NerveConduction, Study};
use crate::ncs::LateAnalysis;
use crate::needle::examination::Column;

/// What a report is made of: the study, its review against `profile`, the needle examination
/// table as shown and the study's localisation.
pub struct ReportParts<'a> {
    /// The study.
    pub study: &'a Study,
    /// Its nerve conductions measured and judged.
    pub review: &'a StudyReview,
    /// The profile the values were judged against.
    pub profile: &'a ReferenceProfile,
    /// The needle examination table as shown (typed, read and analysed cells).
    pub table: &'a NeedleExamination,
    /// Where the study points.
    pub localisation: &'a Localisation,
    /// Why the study was requested, as the physician typed it, if given.
    pub reason_for_study: Option<&'a str>,
    /// The physician's comment, if any.
    pub comment: Option<&'a str>,
}

/// The sources cited so far, numbered in order of first use.
#[derive(Default)]
struct References(Vec<String>);

impl References {
    /// The number of `source`, added if new.
    fn cite(&mut self, source: &str) -> usize {
        match self.0.iter().position(|cited| cited == source) {
            Some(position) => position + 1,
            None => {
                self.0.push(source.to_string());
                self.0.len()
            }
        }
    }
}

/// The report as a whole HTML document, its stylesheet inside it (a file that stands alone).
pub fn html(parts: &ReportParts<'_>) -> String {
    document(parts, &format!("<style>{STYLE}</style>"))
}

/// The report as a whole HTML document that links its stylesheet at `stylesheet_href` (where
/// [`STYLE`] is served), for a page whose Content-Security-Policy forbids inline styles.
pub fn html_linking_style(parts: &ReportParts<'_>, stylesheet_href: &str) -> String {
    document(parts, &format!("<link rel=\"stylesheet\" href=\"{}\">", escape(stylesheet_href)))
}

/// The document with `style` (a `<style>` or `<link>` element) in its head.
fn document(parts: &ReportParts<'_>, style: &str) -> String {
    let mut references = References::default();
    let mut body = String::new();
    header(&mut body, parts);
    nerve_conductions(&mut body, parts, &mut references);
    comparisons(&mut body, parts.review);
    needle_table(&mut body, parts.table);
    impression(&mut body, parts.localisation, &mut references);
    if let Some(comment) = parts.comment.map(str::trim).filter(|comment| !comment.is_empty()) {
        let _ = write!(body, "<section><h2>Comment</h2><p class=\"comment\">{}</p></section>", escape(comment));
    }
    let _ = write!(body, "<section class=\"references\"><h2>Sources</h2><ol>");
    for source in &references.0 {
        let _ = write!(body, "<li>{}</li>", escape(source));
    }
    let _ = write!(body, "</ol></section>");
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title>{style}</head><body>{body}</body></html>\n",
        title = escape(&format!("EMG report: {}", parts.study.title)),
    )
}

/// The report's stylesheet (`report.css`): paged media on A4 or Letter as the printer
/// chooses, margins, "page X of Y", table headers repeated on each page and no row split across
/// pages. The app serves the same file for printing from the page.
pub const STYLE: &str = include_str!("report.css");

fn header(body: &mut String, parts: &ReportParts<'_>) {
    let study = parts.study;
    let _ = write!(body, "<header><h1>EMG report: {}</h1><dl class=\"header\">", escape(&study.title));
    let mut item = |term: &str, value: String| {
        let _ = write!(body, "<dt>{term}</dt><dd>{}</dd>", escape(&value));
    };
    // The identifiers as the files give them; an EDF+ field of unknowns (`X X X X`) says nothing.
    let says_something = |field: &str| field.split_whitespace().any(|part| part != "X");
    let patients = distinct(study.recordings.iter().map(|recording| recording.patient.trim().to_string()));
    let patients: Vec<String> = patients.into_iter().filter(|field| says_something(field)).collect();
    if !patients.is_empty() {
        item("Patient", patients.join("; "));
    }
    // A recording field without its unknown (`X`) subfields and EDF+'s `Startdate` keyword.
    let known_parts = |field: &str| -> String {
        field.split_whitespace().filter(|part| *part != "X" && *part != "Startdate").collect::<Vec<_>>().join(" ")
    };
    let recordings = distinct(study.recordings.iter().map(|recording| known_parts(&recording.recording_info)));
    if !recordings.is_empty() {
        item("Recording", recordings.join("; "));
    }
    // EDF+ writes `Startdate X` when the date is unknown; its header date is then a placeholder.
    let dates = distinct(
        study
            .recordings
            .iter()
            .filter(|recording| !recording.recording_info.starts_with("Startdate X"))
            .filter_map(|recording| recording.start)
            .map(|start| format!("{:04}-{:02}-{:02}", start.year, start.month, start.day)),
    );
    if !dates.is_empty() {
        item("Study date", dates.join(", "));
    }
    if let Some(age) = study.patient.age_years {
        item("Age", format!("{age} years"));
    }
    if let Some(height) = study.patient.height_cm {
        item("Height", format!("{height:.0} cm"));
    }
    let temperatures = distinct(
        study
            .nerve_conductions
            .iter()
            .filter_map(|nerve| nerve.skin_temperature_c.map(|celsius| format!("{celsius:.1} °C"))),
    );
    if !temperatures.is_empty() {
        item("Skin temperature", temperatures.join(", "));
    }
    let n_muscles = parts.table.rows.len();
    item(
        "Studies done",
        format!(
            "{} nerve conduction {}; needle examination of {n_muscles} {}",
            study.nerve_conductions.len(),
            if study.nerve_conductions.len() == 1 { "study" } else { "studies" },
            if n_muscles == 1 { "muscle" } else { "muscles" }
        ),
    );
    item("Normal limits", parts.profile.name.clone());
    if let Some(reason) = parts.reason_for_study.map(str::trim).filter(|reason| !reason.is_empty()) {
        item("Reason for study", reason.to_string());
    }
    let _ = write!(body, "</dl></header>");
}

fn nerve_conductions(body: &mut String, parts: &ReportParts<'_>, references: &mut References) {
    if parts.study.nerve_conductions.is_empty() {
        return;
    }
    let _ = write!(body, "<section><h2>Nerve conduction studies</h2>");
    for (nerve, reviewed) in parts.study.nerve_conductions.iter().zip(&parts.review.nerves) {
        let in_millivolts = nerve.kind.amplitudes_in_millivolts();
        let (_, amplitude_unit) = display::amplitude(0.0, in_millivolts);
        let (_, area_unit) = display::area(0.0, in_millivolts);
        let _ = write!(
            body,
            "<div class=\"nerve\"><h3>{}</h3><table><thead><tr><th>Site</th><th>Onset latency (ms)</th><th>Peak latency (ms)</th><th>Amplitude ({amplitude_unit})</th><th>Duration (ms)</th><th>Area ({area_unit})</th><th>Distance (mm)</th><th>Velocity (m/s)</th><th>Amplitude change</th></tr></thead><tbody>",
            escape(&nerve.title())
        );
        let flags = &reviewed.flags.flags;
        for (site_idx, (site, analysis)) in nerve.sites.iter().zip(&reviewed.analysis.sites).enumerate() {
            let place = Place::Site(site_idx);
            let cell = |value: Option<String>, measures: &[Measure], references: &mut References| {
                judged_cell(value, flags, place, measures, references)
            };
            let measures = analysis.measures;
            let no_response = measures.is_none();
            let onset = measures.map(|measures| display::latency_ms(measures.onset_latency_ms));
            let peak = measures.map(|measures| display::latency_ms(measures.peak_latency_ms));
            let amplitude = measures.map(|measures| display::amplitude(measures.amplitude_uv, in_millivolts).0);
            let duration = measures.map(|measures| display::fixed(measures.negative_duration_ms, 2));
            let area = measures.map(|measures| display::area(measures.negative_area_uv_ms, in_millivolts).0);
            let velocity = analysis.sensory_velocity_m_per_s.map(display::velocity_m_per_s);
            let row = [
                cell(onset, &[Measure::DistalOnsetLatency], references),
                cell(peak, &[Measure::DistalPeakLatency], references),
                cell(
                    amplitude.or(no_response.then(|| "NR".to_string())),
                    &[Measure::DistalAmplitude, Measure::DistalPeakToPeakAmplitude],
                    references,
                ),
                cell(duration, &[], references),
                cell(area, &[], references),
                cell(site.distance_mm.map(|distance| display::fixed(distance, 0)), &[], references),
                cell(velocity, &[Measure::ConductionVelocity], references),
                String::from("<td></td>"),
            ];
            let _ = write!(body, "<tr><th scope=\"row\">{}</th>{}</tr>", escape(&site.name), row.concat());
        }
        for (segment_idx, segment) in reviewed.analysis.segments.iter().enumerate() {
            let place = Place::Segment(segment_idx);
            let velocity = judged_cell(
                segment
                    .conduction_velocity_m_per_s
                    .filter(|velocity| velocity.is_finite())
                    .map(display::velocity_m_per_s),
                flags,
                place,
                &[Measure::ConductionVelocity, Measure::VelocityDropAcrossJoint],
                references,
            );
            let change = judged_cell(
                segment.amplitude_change_pct.map(display::change_pct),
                flags,
                place,
                &[Measure::AmplitudeDropAcrossJoint],
                references,
            );
            let distance = segment.distance_mm.map_or_else(String::new, |distance| display::fixed(distance, 0));
            let _ = write!(
                body,
                "<tr><th scope=\"row\">{}</th><td></td><td></td><td></td><td></td><td></td><td class=\"number\">{distance}</td>{velocity}{change}</tr>",
                escape(&nerve.segment_name(segment.distal_site_idx))
            );
        }
        let _ = write!(body, "</tbody></table>");
        if let Some(svg) = traces::nerve_traces_svg(nerve, &reviewed.analysis.sites) {
            let _ = write!(body, "<figure class=\"traces\">{svg}</figure>");
        }
        late_responses(body, nerve, reviewed.analysis.late.as_ref(), flags, references);
        for finding in reviewed.findings.iter().filter(|finding| finding.is_abnormal) {
            let _ = write!(body, "<p class=\"abnormal\">✱ {}</p>", escape(&finding.statement));
        }
        let _ = write!(body, "</div>");
    }
    let study_wide: Vec<_> = parts.review.findings.iter().filter(|finding| finding.is_abnormal).collect();
    if !study_wide.is_empty() {
        let _ = write!(body, "<h3>Across nerves</h3><ul>");
        for finding in study_wide {
            let cited: Vec<String> =
                finding.sources.iter().map(|source| format!("[{}]", references.cite(source))).collect();
            let _ = write!(body, "<li>{} {}</li>", escape(&finding.statement), cited.join(""));
        }
        let _ = write!(body, "</ul>");
    }
    let _ = write!(body, "</section>");
}

/// A value's cell: the value, and where a flag of one of `measures` judged it at `place`, its
/// limit with the source's number, and "✱ abnormal" when it lies outside.
fn judged_cell(
    value: Option<String>,
    flags: &[Flag],
    place: Place,
    measures: &[Measure],
    references: &mut References,
) -> String {
    let Some(value) = value else { return "<td></td>".to_string() };
    let flag = flags.iter().find(|flag| flag.place == place && measures.contains(&flag.measure));
    match flag {
        None => format!("<td class=\"number\">{}</td>", escape(&value)),
        Some(flag) => {
            let (_, limit, unit) = flag.printed();
            let number = references.cite(&flag.limit.source);
            let limit = format!("{} {unit} [{number}]", flag.limit.bound.describe(&limit));
            if flag.is_abnormal {
                format!(
                    "<td class=\"number abnormal\">✱ {} <span class=\"limit\">abnormal, normal {}</span></td>",
                    escape(&value),
                    escape(&limit)
                )
            } else {
                format!(
                    "<td class=\"number\">{} <span class=\"limit\">normal {}</span></td>",
                    escape(&value),
                    escape(&limit)
                )
            }
        }
    }
}

fn late_responses(
    body: &mut String,
    nerve: &NerveConduction,
    late: Option<&LateAnalysis>,
    flags: &[Flag],
    references: &mut References,
) {
    let Some(late) = late else { return };
    let latency = |value: Option<f64>, references: &mut References| {
        judged_cell(value.map(display::latency_ms), flags, Place::Site(0), &[Measure::FWaveMinimumLatency], references)
    };
    let _ = match late {
        LateAnalysis::FWaves(f_waves) => write!(
            body,
            "<table><thead><tr><th>{}</th><th>Minimum latency (ms)</th><th>Persistence</th><th>Chronodispersion (ms)</th></tr></thead><tbody><tr><th scope=\"row\">F waves</th>{}<td class=\"number\">{}</td><td class=\"number\">{}</td></tr></tbody></table>",
            escape(&nerve.title()),
            latency(f_waves.minimum_latency_ms, references),
            display::percent(f_waves.persistence_pct),
            f_waves.chronodispersion_ms.map_or_else(String::new, |value| display::fixed(value, 2)),
        ),
        LateAnalysis::HReflex(h_reflex) => write!(
            body,
            "<table><thead><tr><th>{}</th><th>Latency (ms)</th><th>Amplitude (mV)</th><th>H/M</th></tr></thead><tbody><tr><th scope=\"row\">H reflex</th>{}<td class=\"number\">{}</td><td class=\"number\">{}</td></tr></tbody></table>",
            escape(&nerve.title()),
            latency(h_reflex.latency_ms, references),
            h_reflex.amplitude_uv.map_or_else(String::new, |value| display::amplitude(value, true).0),
            h_reflex.h_to_m_pct.map_or_else(String::new, display::percent),
        ),
    };
}

fn comparisons(body: &mut String, review: &StudyReview) {
    if review.comparisons.is_empty() {
        return;
    }
    let _ = write!(
        body,
        "<section><h2>Comparisons</h2><table><thead><tr><th>Comparison</th><th>Measure</th><th>First</th><th>Second</th><th>Difference</th><th>Limit</th><th>Judged</th></tr></thead><tbody>"
    );
    for comparison in &review.comparisons {
        let abnormal = comparison.is_abnormal == Some(true);
        let _ = write!(
            body,
            "<tr{}><th scope=\"row\">{}</th><td>{}</td><td>{}: {}</td><td>{}: {}</td><td class=\"number\">{}</td><td>{}</td><td>{}</td></tr>",
            if abnormal { " class=\"abnormal\"" } else { "" },
            escape(&comparison.title),
            escape(comparison.measure),
            escape(&comparison.first.0),
            escape(&comparison.value_text(comparison.first.1)),
            escape(&comparison.second.0),
            escape(&comparison.value_text(comparison.second.1)),
            escape(&comparison.difference_text()),
            escape(&comparison.limit.as_ref().map_or_else(String::new, |(limit, _)| limit.clone())),
            comparison.verdict_text(),
        );
    }
    let _ = write!(body, "</tbody></table></section>");
}

fn needle_table(body: &mut String, table: &NeedleExamination) {
    if table.rows.is_empty() {
        return;
    }
    let _ = write!(body, "<section><h2>Needle examination</h2><table><thead><tr><th>Muscle</th><th>Side</th>");
    for column in Column::ALL {
        let _ = write!(body, "<th>{}</th>", escape(column.heading()));
    }
    let _ = write!(body, "</tr></thead><tbody>");
    for row in &table.rows {
        let side = row.side.map_or_else(|| "—".to_string(), |side| side.to_string());
        let _ = write!(body, "<tr><th scope=\"row\">{}</th><td>{side}</td>", escape(&row.muscle));
        for column in Column::ALL {
            let cell = column.printed(row);
            if cell.abnormal {
                let _ = write!(body, "<td class=\"abnormal\">✱ {}</td>", escape(&cell.text));
            } else {
                let _ = write!(body, "<td>{}</td>", escape(&cell.text));
            }
        }
        let _ = write!(body, "</tr>");
    }
    let _ = write!(body, "</tbody></table><p class=\"limit\">✱ abnormal; — not assessed.</p></section>");
}

fn impression(body: &mut String, localisation: &Localisation, references: &mut References) {
    let rule = references.cite(localisation.rule);
    let _ = write!(
        body,
        "<section class=\"impression\"><h2>Impression</h2><p><strong>{}</strong> [{rule}]</p>",
        escape(&localisation.impression)
    );
    let list = |body: &mut String, heading: &str, items: &[String]| {
        if items.is_empty() {
            return;
        }
        let _ = write!(body, "<h3>{heading}</h3><ul>");
        for item in items {
            let _ = write!(body, "<li>{}</li>", escape(item));
        }
        let _ = write!(body, "</ul>");
    };
    list(body, "Basis", &localisation.basis);
    let alternatives: Vec<String> = localisation
        .alternatives
        .iter()
        .map(|alternative| {
            let against = if alternative.against.is_empty() {
                String::new()
            } else {
                format!("; against it: {}", alternative.against.join("; "))
            };
            format!("{}, {:.1} times less likely{against}", alternative.lesion, alternative.times_less_likely)
        })
        .collect();
    list(body, "Alternatives", &alternatives);
    list(body, "Limitations", &localisation.limitations);
    let _ = write!(body, "</section>");
}

/// `values` each once, in the order first given, leaving out empty ones.
fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for value in values {
        if !value.is_empty() && !kept.contains(&value) {
            kept.push(value);
        }
    }
    kept
}

/// `text` with the characters HTML gives a meaning escaped.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            other => escaped.push(other),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interpret::localise::localise;
    use crate::interpret::{builtin_profiles, review_study};
    use crate::ncs::StudyAdjustments;

    /// The report of whole-study demo `id`, its needle recordings analysed into the table.
    fn report_of(id: &str, comment: Option<&str>) -> String {
        report_of_study(&crate::synth::study::build(id).expect("a whole-study demo"), comment)
    }

    fn report_of_study(study: &Study, comment: Option<&str>) -> String {
        let study = study.clone();
        let profile = &builtin_profiles()[0];
        let review = review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, profile, &study.patient);
        let channels: Vec<_> = crate::needle::study::needle_channels(&study)
            .into_iter()
            .map(|(recording_idx, channel_idx)| {
                crate::needle::study::analyse_study_channel(&study, recording_idx, channel_idx)
            })
            .collect();
        let table = crate::needle::examination::table(&study, &channels);
        let localisation = localise(&table, &study.nerve_conductions, &review);
        html(&ReportParts {
            study: &study,
            review: &review,
            profile,
            table: &table,
            localisation: &localisation,
            reason_for_study: Some("Numbness of the right middle finger."),
            comment,
        })
    }

    #[test]
    fn the_header_gives_the_identifiers_and_date_the_files_give_and_leaves_out_unknowns() {
        let mut study = crate::synth::study::build("study-carpal-tunnel").unwrap();
        for recording in &mut study.recordings {
            recording.patient = "X X X X".into();
            recording.recording_info = "Startdate X X X edxview".into();
        }
        let anonymous = report_of_study(&study, None);
        assert!(!anonymous.contains("<dt>Patient</dt>") && !anonymous.contains("<dt>Study date</dt>"), "{anonymous}");
        assert!(anonymous.contains("<dt>Recording</dt><dd>edxview</dd>"), "the part that says something");
        let first = &mut study.recordings[0];
        first.patient = "MCH-0234567 F 02-MAY-1951 Haagse_Harry".into();
        first.recording_info = "Startdate 02-MAR-2026 EMG-0042 NCS-lab Keypoint".into();
        first.start = Some(crate::model::CivilDateTime {
            year: 2026,
            month: 3,
            day: 2,
            hour: 9,
            minute: 30,
            second: 0,
            microsecond: 0,
        });
        let named = report_of_study(&study, None);
        assert!(named.contains("<dt>Recording</dt><dd>02-MAR-2026 EMG-0042 NCS-lab Keypoint; edxview</dd>"), "{named}");
        assert!(named.contains("<dt>Patient</dt><dd>MCH-0234567 F 02-MAY-1951 Haagse_Harry</dd>"), "{named}");
        assert!(named.contains("<dt>Study date</dt><dd>2026-03-02</dd>"), "{named}");
        assert!(named.contains("<dt>Reason for study</dt><dd>Numbness of the right middle finger.</dd>"));
    }

    #[test]
    fn a_whole_study_report_holds_every_table_the_impression_and_numbered_sources() {
        let report = report_of("study-c7-radiculopathy", Some("Referred for <neck pain> & tingling."));
        for section in [
            "<h2>Nerve conduction studies</h2>",
            "<h2>Needle examination</h2>",
            "<h2>Impression</h2>",
            "<h2>Sources</h2>",
            "<h2>Comment</h2>",
        ] {
            assert!(report.contains(section), "{section} missing");
        }
        assert!(report.contains("Referred for &lt;neck pain&gt; &amp; tingling."), "the comment is escaped");
        assert!(report.contains("<dt>Reason for study</dt><dd>Numbness of the right middle finger.</dd>"), "{report}");
        assert!(report.contains("C7 radiculopathy"), "the impression names the lesion");
        assert!(report.contains("Triceps"), "the needle table's muscles");
        assert!(report.contains("normal ≥ 4.0 mV [1]"), "a limit with its source's number");
        assert!(report.contains("counter(pages)"), "page X of Y");
        assert!(report.contains("thead { display: table-header-group; }"), "headers repeat on each page");
        assert!(report.contains("break-after: avoid; }"), "a heading stays with what follows it");
        let n_sources = report.matches("<li>").count();
        assert!(n_sources > 3, "{report}");
    }

    #[test]
    fn an_abnormal_value_is_marked_by_a_sign_and_words_as_well_as_colour() {
        let report = report_of("study-carpal-tunnel", None);
        assert!(report.contains("✱ 4."), "the prolonged distal latency marked");
        assert!(report.contains("abnormal, normal ≤ 4.4 ms"), "{report}");
        assert!(!report.contains("<h2>Comment</h2>"), "no comment given, no section");
    }
}
