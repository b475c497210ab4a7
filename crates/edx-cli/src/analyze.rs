//! `edx analyze`: nerve conduction markers, measures, velocities, flags and findings of every
//! study in the given files, and the needle EMG analysis of every needle channel, as text or
//! JSON (layout in docs/cli.md).

use std::path::PathBuf;

use edx_core::display;
use edx_core::interpret::{builtin_profiles, review_study, Flag, NerveCategory, Place, ReferenceProfile, StudyReview};
use edx_core::model::{Nerve, NerveConductionKind, Side, Study};
use edx_core::ncs::StudyAdjustments;
use serde::Serialize;

/// Analyses the studies in `paths` against `profile` (a built-in identifier or a JSON file).
pub fn run(paths: &[PathBuf], json: bool, profile: Option<&str>) -> Result<(), String> {
    let profile = choose_profile(profile)?;
    let mut studies = Vec::new();
    let mut n_failed = 0;
    for result in crate::load::read_studies(paths)? {
        match result {
            Ok(study) => studies.push(study),
            Err(error) => {
                n_failed += 1;
                eprintln!("edx: {error}");
            }
        }
    }
    // The files given make one study, as the files opened together in the app do.
    let reports: Vec<StudyReport> = (!studies.is_empty())
        .then(|| edx_core::model::Study::merge(studies))
        .map(|study| {
            let review = review_study(&study.nerve_conductions, StudyAdjustments::AS_SAVED, &profile, &study.patient);
            StudyReport::of(&study, &review, &profile)
        })
        .into_iter()
        .collect();
    if json {
        println!("{}", serde_json::to_string_pretty(&reports).map_err(|error| error.to_string())?);
    } else {
        reports.iter().for_each(print_text);
    }
    if n_failed > 0 {
        Err(format!("{n_failed} of the files could not be read"))
    } else {
        Ok(())
    }
}

/// The built-in profile named `profile`, or the profile JSON file it names; the default
/// profile when `None`.
pub fn choose_profile(profile: Option<&str>) -> Result<ReferenceProfile, String> {
    let builtin = builtin_profiles();
    match profile {
        None => Ok(builtin[0].clone()),
        Some(name) => match builtin.iter().find(|profile| profile.id == name) {
            Some(profile) => Ok(profile.clone()),
            None => {
                let text = std::fs::read_to_string(name).map_err(|error| {
                    let ids: Vec<&str> = builtin.iter().map(|profile| profile.id.as_str()).collect();
                    format!("{name}: not a built-in profile ({}) nor a readable file: {error}", ids.join(", "))
                })?;
                ReferenceProfile::from_json(&text).map_err(|error| format!("{name}: {error}"))
            }
        },
    }
}

/// One file's nerve conduction studies.
#[derive(Debug, Serialize)]
struct StudyReport {
    file: String,
    profile: String,
    patient: PatientReport,
    nerves: Vec<NerveReport>,
    findings: Vec<FindingReport>,
    comparisons: Vec<ComparisonReport>,
    needle: Vec<crate::needle_report::NeedleReport>,
    needle_examination: Vec<crate::needle_table::RowReport>,
    impression: ImpressionReport,
}

/// Where the study points (`interpret::localise`).
#[derive(Debug, Serialize)]
struct ImpressionReport {
    statement: String,
    lesion: Option<String>,
    severity: Option<SeverityReport>,
    acuity: Option<String>,
    basis: Vec<String>,
    alternatives: Vec<AlternativeReport>,
    limitations: Vec<String>,
    rule: &'static str,
    plain: PlainReport,
}

/// The impression in plain words for the patient (`interpret::patient`), the same text the app's
/// patient view shows.
#[derive(Debug, Serialize)]
struct PlainReport {
    summary: String,
    place: Option<String>,
    severity: Option<String>,
    since_when: Option<String>,
    notes: Vec<String>,
    questions: Vec<String>,
    disclaimer: &'static str,
}

/// The named lesion's severity: `grade` is `mild`, `moderate`, `severe` or `null` (not graded).
#[derive(Debug, Serialize)]
struct SeverityReport {
    grade: Option<&'static str>,
    basis: Vec<String>,
    rule: &'static str,
}

#[derive(Debug, Serialize)]
struct AlternativeReport {
    lesion: String,
    times_less_likely: f64,
    against: Vec<String>,
}

/// The patient's age and height as the files gave them (`null` when not given): limits with
/// age or height bands apply only when they are known.
#[derive(Debug, Serialize)]
struct PatientReport {
    age_years: Option<u32>,
    height_cm: Option<f64>,
}

#[derive(Debug, Serialize)]
struct ComparisonReport {
    title: String,
    measure: &'static str,
    first: String,
    first_value: f64,
    second: String,
    second_value: f64,
    unit: &'static str,
    difference: f64,
    difference_unit: &'static str,
    limit: Option<String>,
    source: Option<&'static str>,
    abnormal: Option<bool>,
}

#[derive(Debug, Serialize)]
struct NerveReport {
    title: String,
    nerve: Nerve,
    side: Side,
    kind: NerveConductionKind,
    recording_site: String,
    skin_temperature_c: Option<f64>,
    acquisition_filters: Option<String>,
    sites: Vec<SiteReport>,
    segments: Vec<SegmentReport>,
    flags: Vec<FlagReport>,
    notes: Vec<String>,
    findings: Vec<FindingReport>,
    late_responses: Option<LateReport>,
}

/// F waves or an H reflex, rounded as reports print them.
#[derive(Debug, Serialize)]
struct LateReport {
    kind: &'static str,
    sweeps: usize,
    persistence_pct: Option<f64>,
    minimum_latency_ms: Option<f64>,
    mean_latency_ms: Option<f64>,
    maximum_latency_ms: Option<f64>,
    chronodispersion_ms: Option<f64>,
    f_to_m_pct: Option<f64>,
    h_latency_ms: Option<f64>,
    h_amplitude_uv: Option<f64>,
    m_max_uv: Option<f64>,
    h_to_m_pct: Option<f64>,
    sweep_latencies_ms: Vec<Option<f64>>,
}

fn rounded(value: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (value * scale).round() / scale
}

fn late_report(late: &edx_core::ncs::LateAnalysis) -> LateReport {
    let latencies = |sweeps: &[edx_core::ncs::LateSweep]| {
        sweeps.iter().map(|sweep| sweep.response.map(|response| rounded(response.onset_ms, 2))).collect()
    };
    match late {
        edx_core::ncs::LateAnalysis::FWaves(f) => LateReport {
            kind: "f_waves",
            sweeps: f.sweeps.len(),
            persistence_pct: Some(rounded(f.persistence_pct, 0)),
            minimum_latency_ms: f.minimum_latency_ms.map(|value| rounded(value, 2)),
            mean_latency_ms: f.mean_latency_ms.map(|value| rounded(value, 2)),
            maximum_latency_ms: f.maximum_latency_ms.map(|value| rounded(value, 2)),
            chronodispersion_ms: f.chronodispersion_ms.map(|value| rounded(value, 2)),
            f_to_m_pct: f.mean_f_to_m_pct.map(|value| rounded(value, 1)),
            h_latency_ms: None,
            h_amplitude_uv: None,
            m_max_uv: None,
            h_to_m_pct: None,
            sweep_latencies_ms: latencies(&f.sweeps),
        },
        edx_core::ncs::LateAnalysis::HReflex(h) => LateReport {
            kind: "h_reflex",
            sweeps: h.sweeps.len(),
            persistence_pct: None,
            minimum_latency_ms: None,
            mean_latency_ms: None,
            maximum_latency_ms: None,
            chronodispersion_ms: None,
            f_to_m_pct: None,
            h_latency_ms: h.latency_ms.map(|value| rounded(value, 2)),
            h_amplitude_uv: h.amplitude_uv.map(|value| rounded(value, 0)),
            m_max_uv: h.m_max_uv.map(|value| rounded(value, 0)),
            h_to_m_pct: h.h_to_m_pct.map(|value| rounded(value, 0)),
            sweep_latencies_ms: latencies(&h.sweeps),
        },
    }
}

#[derive(Debug, Serialize)]
struct SiteReport {
    site: String,
    distance_mm: Option<f64>,
    stimulus_ma: Option<f64>,
    other_details: Vec<(String, String)>,
    response: bool,
    onset_ms: Option<f64>,
    negative_peak_ms: Option<f64>,
    negative_end_ms: Option<f64>,
    positive_peak_ms: Option<f64>,
    onset_latency_ms: Option<f64>,
    peak_latency_ms: Option<f64>,
    amplitude_uv: Option<f64>,
    peak_to_peak_uv: Option<f64>,
    negative_duration_ms: Option<f64>,
    negative_area_uv_ms: Option<f64>,
    sensory_velocity_m_per_s: Option<f64>,
    confidence: Option<String>,
}

#[derive(Debug, Serialize)]
struct SegmentReport {
    segment: String,
    distance_mm: Option<f64>,
    conduction_velocity_m_per_s: Option<f64>,
    amplitude_change_pct: Option<f64>,
    area_change_pct: Option<f64>,
    duration_change_pct: Option<f64>,
}

#[derive(Debug, Serialize)]
struct FlagReport {
    place: String,
    measure: String,
    value: Option<f64>,
    unit: &'static str,
    limit: String,
    abnormal: bool,
    source: String,
    evidence: String,
    technique: Vec<String>,
    caveat: Option<String>,
    /// The value and its limit as the app prints them (`Flag::describe`).
    description: String,
}

#[derive(Debug, Serialize)]
struct FindingReport {
    statement: String,
    abnormal: bool,
    basis: Vec<String>,
    sources: Vec<String>,
    plain_language: String,
    severity: Option<&'static str>,
    category: Option<NerveCategory>,
}

impl StudyReport {
    fn of(study: &Study, review: &StudyReview, profile: &ReferenceProfile) -> StudyReport {
        let nerves = study
            .nerve_conductions
            .iter()
            .zip(&review.nerves)
            .map(|(nerve, reviewed)| {
                let place_name = |place: Place| match place {
                    Place::Site(site_idx) => nerve.sites[site_idx].name.clone(),
                    Place::Segment(segment_idx) => nerve.segment_name(segment_idx),
                };
                NerveReport {
                    title: nerve.title(),
                    nerve: nerve.nerve.clone(),
                    side: nerve.side,
                    kind: nerve.kind,
                    recording_site: nerve.recording_site.clone(),
                    skin_temperature_c: nerve.skin_temperature_c,
                    acquisition_filters: nerve.acquisition_filters.clone(),
                    sites: nerve
                        .sites
                        .iter()
                        .zip(&reviewed.analysis.sites)
                        .map(|(site, analysis)| {
                            let markers = analysis.markers;
                            let measures = analysis.measures;
                            SiteReport {
                                site: site.name.clone(),
                                distance_mm: site.distance_mm,
                                stimulus_ma: site.stimulus_ma,
                                other_details: site.other_details.clone(),
                                response: measures.is_some(),
                                onset_ms: markers.map(|markers| markers.onset.time_ms),
                                negative_peak_ms: markers.map(|markers| markers.negative_peak.time_ms),
                                negative_end_ms: markers.map(|markers| markers.negative_end.time_ms),
                                positive_peak_ms: markers.map(|markers| markers.positive_peak.time_ms),
                                onset_latency_ms: measures.map(|measures| measures.onset_latency_ms),
                                peak_latency_ms: measures.map(|measures| measures.peak_latency_ms),
                                amplitude_uv: measures.map(|measures| measures.amplitude_uv),
                                peak_to_peak_uv: measures.map(|measures| measures.peak_to_peak_uv),
                                negative_duration_ms: measures.map(|measures| measures.negative_duration_ms),
                                negative_area_uv_ms: measures.map(|measures| measures.negative_area_uv_ms),
                                sensory_velocity_m_per_s: analysis.sensory_velocity_m_per_s,
                                confidence: markers.map(|markers| format!("{:?}", markers.confidence).to_lowercase()),
                            }
                        })
                        .collect(),
                    segments: reviewed
                        .analysis
                        .segments
                        .iter()
                        .enumerate()
                        .map(|(segment_idx, segment)| SegmentReport {
                            segment: place_name(Place::Segment(segment_idx)),
                            distance_mm: segment.distance_mm,
                            conduction_velocity_m_per_s: segment.conduction_velocity_m_per_s,
                            amplitude_change_pct: segment.amplitude_change_pct,
                            area_change_pct: segment.area_change_pct,
                            duration_change_pct: segment.duration_change_pct,
                        })
                        .collect(),
                    flags: reviewed.flags.flags.iter().map(|flag| flag_report(flag, place_name(flag.place))).collect(),
                    notes: reviewed.flags.notes.clone(),
                    findings: reviewed.findings.iter().map(finding_report).collect(),
                    late_responses: reviewed.analysis.late.as_ref().map(late_report),
                }
            })
            .collect();
        let crate::needle_report::NeedleFindings { reports: needle, rows: needle_examination, table, .. } =
            crate::needle_report::of(study);
        let localised = edx_core::interpret::localise::localise(&table, &study.nerve_conductions, review);
        let explained = edx_core::interpret::patient::explain(&localised);
        let impression = ImpressionReport {
            statement: localised.impression,
            lesion: localised.lesion,
            severity: localised.severity.map(|severity| SeverityReport {
                grade: severity.grade.map(|grade| grade.label()),
                basis: severity.basis,
                rule: severity.rule,
            }),
            acuity: localised.acuity.map(|acuity| acuity.words().to_string()),
            basis: localised.basis,
            alternatives: localised
                .alternatives
                .into_iter()
                .map(|alternative| AlternativeReport {
                    lesion: alternative.lesion,
                    times_less_likely: if alternative.times_less_likely.is_finite() {
                        rounded(alternative.times_less_likely, 1)
                    } else {
                        f64::MAX
                    },
                    against: alternative.against,
                })
                .collect(),
            limitations: localised.limitations,
            rule: localised.rule,
            plain: PlainReport {
                summary: explained.summary,
                place: explained.place,
                severity: explained.severity,
                since_when: explained.since_when,
                notes: explained.notes,
                questions: explained.questions,
                disclaimer: explained.disclaimer,
            },
        };
        StudyReport {
            file: study.title.clone(),
            profile: profile.id.clone(),
            patient: PatientReport { age_years: study.patient.age_years, height_cm: study.patient.height_cm },
            nerves,
            findings: review.findings.iter().map(finding_report).collect(),
            comparisons: review
                .comparisons
                .iter()
                .map(|comparison| ComparisonReport {
                    title: comparison.title.clone(),
                    measure: comparison.measure,
                    first: comparison.first.0.clone(),
                    first_value: rounded(comparison.first.1, 2),
                    second: comparison.second.0.clone(),
                    second_value: rounded(comparison.second.1, 2),
                    unit: comparison.unit,
                    difference: rounded(comparison.difference, 2),
                    difference_unit: comparison.difference_unit,
                    limit: comparison.limit.as_ref().map(|(limit, _)| limit.clone()),
                    source: comparison.limit.as_ref().map(|(_, source)| *source),
                    abnormal: comparison.is_abnormal,
                })
                .collect(),
            needle,
            needle_examination,
            impression,
        }
    }
}

fn flag_report(flag: &Flag, place: String) -> FlagReport {
    FlagReport {
        place,
        measure: flag.measure.label().to_string(),
        value: flag.value,
        unit: flag.measure.unit(),
        limit: flag.limit.bound.describe(&flag.limit.bound.value().to_string()),
        abnormal: flag.is_abnormal,
        source: flag.limit.source.clone(),
        evidence: format!("{:?}", flag.limit.evidence).to_lowercase(),
        technique: technique(&flag.limit),
        caveat: flag.limit.caveat.clone(),
        description: flag.describe(),
    }
}

/// The technique a limit states, in words: what the study matched for the limit to apply.
fn technique(limit: &edx_core::interpret::Limit) -> Vec<String> {
    let mut technique = Vec::new();
    if let Some(distance_mm) = limit.distance_mm {
        technique.push(format!("distance {} mm", display::fixed(distance_mm, 0)));
    }
    if let Some(filters) = limit.filters {
        technique.push(format!("filters {}", filters.describe()));
    }
    if let Some(minimum_c) = limit.min_skin_temperature_c {
        technique.push(format!("skin temperature ≥ {} °C", display::fixed(minimum_c, 1)));
    }
    if let Some(band) = limit.age_years {
        technique.push(format!("age {}", band.describe("y")));
    }
    if let Some(band) = limit.height_cm {
        technique.push(format!("height {}", band.describe("cm")));
    }
    technique
}

fn finding_report(finding: &edx_core::interpret::Finding) -> FindingReport {
    FindingReport {
        statement: finding.statement.clone(),
        abnormal: finding.is_abnormal,
        basis: finding.basis.clone(),
        sources: finding.sources.clone(),
        plain_language: finding.plain_language.clone(),
        severity: finding.severity.map(|severity| severity.label()),
        category: finding.category,
    }
}

fn print_text(report: &StudyReport) {
    println!("{} (normal limits: {})", report.file, report.profile);
    let age = report.patient.age_years.map(|years| format!("age {years} y"));
    let height = report.patient.height_cm.map(|height_cm| format!("height {} cm", display::fixed(height_cm, 0)));
    let patient: Vec<String> = age.into_iter().chain(height).collect();
    if !patient.is_empty() {
        println!("  patient: {}", patient.join(", "));
    }
    if report.nerves.is_empty() && report.needle.is_empty() {
        println!(
            "  no nerve conduction studies (see docs/formats/ncs-edf.md for the convention) and no needle EMG channels"
        );
    }
    report.needle.iter().for_each(crate::needle_report::print_text);
    crate::needle_table::print_text(&report.needle_examination);
    for nerve in &report.nerves {
        let in_millivolts = nerve.kind.amplitudes_in_millivolts();
        println!("\n  {}", nerve.title);
        println!(
            "    {:<20} {:>9} {:>9} {:>10} {:>9}",
            "site",
            "onset ms",
            "peak ms",
            if in_millivolts { "amp mV" } else { "amp µV" },
            "dur ms"
        );
        for site in &nerve.sites {
            match (site.onset_latency_ms, site.peak_latency_ms, site.amplitude_uv, site.negative_duration_ms) {
                (Some(onset), Some(peak), Some(amplitude), Some(duration)) => println!(
                    "    {:<20} {:>9} {:>9} {:>10} {:>9}",
                    site.site,
                    display::latency_ms(onset),
                    display::latency_ms(peak),
                    display::amplitude(amplitude, in_millivolts).0,
                    display::latency_ms(duration)
                ),
                _ => println!("    {:<20} no response", site.site),
            }
        }
        for segment in &nerve.segments {
            println!(
                "    {:<30} {:>5} mm {:>5} m/s  amplitude {}",
                segment.segment,
                segment.distance_mm.map(|distance| display::fixed(distance, 0)).unwrap_or_default(),
                segment.conduction_velocity_m_per_s.map(display::velocity_m_per_s).unwrap_or_else(|| "–".into()),
                segment.amplitude_change_pct.map(display::change_pct).unwrap_or_else(|| "–".into())
            );
        }
        for flag in nerve.flags.iter().filter(|flag| flag.abnormal) {
            println!("    ABNORMAL {}: {}", flag.place, flag.description);
        }
        for note in &nerve.notes {
            println!("    note: {note}");
        }
        for finding in &nerve.findings {
            println!("    finding: {}", finding.statement);
        }
    }
    if !report.comparisons.is_empty() {
        println!("\n  Comparisons:");
        for comparison in &report.comparisons {
            let verdict = match comparison.abnormal {
                Some(true) => "ABNORMAL",
                Some(false) => "within the limit",
                None => "not labelled",
            };
            println!(
                "    {} {}: {} {} / {} {} {}, difference {} {} ({verdict}{})",
                comparison.title,
                comparison.measure,
                comparison.first,
                comparison.first_value,
                comparison.second,
                comparison.second_value,
                comparison.unit,
                comparison.difference,
                comparison.difference_unit,
                comparison.limit.as_ref().map(|limit| format!("; normal: {limit}")).unwrap_or_default()
            );
        }
    }
    if !report.findings.is_empty() {
        println!("\n  Study findings:");
        for finding in &report.findings {
            println!("    - {}", finding.statement);
            for basis in &finding.basis {
                println!("        · {basis}");
            }
        }
    }
    print_impression(&report.impression);
}

/// The study's impression: the statement, its basis, the alternatives and the limitations.
fn print_impression(impression: &ImpressionReport) {
    println!("\n  Impression: {}", impression.statement);
    for basis in &impression.basis {
        println!("    · {basis}");
    }
    if let Some(severity) = &impression.severity {
        println!("    severity: {} ({})", severity.grade.unwrap_or("not graded"), severity.basis.join(" "));
        println!("      rule: {}", severity.rule);
    }
    for alternative in &impression.alternatives {
        let against = if alternative.against.is_empty() {
            String::new()
        } else {
            format!(": {}", alternative.against.join("; "))
        };
        let times = if alternative.times_less_likely >= 1000.0 {
            "over 1000".to_string()
        } else {
            display::fixed(alternative.times_less_likely, 1)
        };
        println!("    alternative: {} ({times} times less likely){against}", alternative.lesion);
    }
    for limitation in &impression.limitations {
        println!("    limitation: {limitation}");
    }
    println!("    rule: {}", impression.rule);
}
