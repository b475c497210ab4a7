//! The view a link restores: which built-in demo is on screen (or, for a study opened from
//! files, its content hash, so that the view returns when the same files are opened again),
//! whether it is read in the physician's or the patient's view, the traces' scales, markers moved
//! by hand (on the traces and on the motor units), the needle screen, and whether the page is
//! embedded in another page with only some panels. It is held in the URL's fragment
//! (`#demo=carpal-tunnel-moderate&view=patient&scale=0,2000,3&marker=0,1,onset,7.45`), which
//! browsers never send to a server. A link never holds a user's own data: for a study opened from
//! files it holds a hash of them and the view alone.

use crate::display::traces::TraceScale;
use crate::interpret::report::escape;
use crate::ncs::MarkerKind;
use crate::synth::demos;
use crate::synth::simulator::Simulation;

/// What a link restores.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ViewLink {
    /// The built-in demo on screen, by identifier (`edx demos` lists them).
    pub demo: Option<String>,
    /// The content hash of a study opened from files (16 hexadecimal digits, computed on the
    /// device from what the files hold): the view returns when the same files are opened again.
    pub study: Option<String>,
    /// Whether the patient's view is on.
    pub patient_view: bool,
    /// The study's traces, markers and needle screen as they were left.
    pub view: StudyView,
    /// The panels shown when the page is embedded in another page's frame, without its own
    /// header and lists; `None` for the whole page.
    pub embed: Option<EmbedPanels>,
}

/// A study's view as the reader left it, beyond which study it is: only what differs from how
/// the study opens.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StudyView {
    /// Nerves whose traces are shown at another scale than they open with.
    pub nerve_scales: Vec<NerveScale>,
    /// Markers moved by hand.
    pub moved_markers: Vec<MovedMarker>,
    /// The needle screen, when a needle channel is shown.
    pub needle: Option<NeedleScreen>,
    /// Motor units whose duration markers were moved by hand.
    pub moved_unit_markers: Vec<MovedUnitMarkers>,
}

/// A motor unit's duration markers moved by hand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MovedUnitMarkers {
    /// The needle channel, by position among the study's needle channels.
    pub channel_idx: usize,
    /// The unit, by its number in the channel's analysis (from 0).
    pub unit_idx: usize,
    /// Where the unit's potential starts and ends, ms from its alignment point.
    pub start_ms: f64,
    /// See `start_ms`.
    pub end_ms: f64,
}

/// One nerve's trace scale.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NerveScale {
    /// The nerve, by position in the study.
    pub nerve_idx: usize,
    /// Its sensitivity and sweep.
    pub scale: TraceScale,
}

/// A nerve conduction marker moved by hand.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MovedMarker {
    /// The nerve, by position in the study.
    pub nerve_idx: usize,
    /// The stimulation site, distal first.
    pub site_idx: usize,
    /// Which of the response's markers.
    pub kind: MarkerKind,
    /// Where it was left, ms from the stimulus.
    pub time_ms: f64,
}

/// The needle screen: the channel shown, its sensitivity and sweep speed, and where in the
/// recording it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NeedleScreen {
    /// The needle channel, by position among the study's needle channels.
    pub channel_idx: usize,
    /// Sensitivity, µV per division.
    pub sensitivity_uv_per_div: f64,
    /// Sweep speed, ms per division.
    pub sweep_ms_per_div: f64,
    /// Recording time at the screen's left edge, s.
    pub start_s: f64,
}

/// The largest scale, marker time or screen position a link may name: a larger one is a
/// mistyped link, ignored.
const LARGEST_LINK_VALUE: f64 = 1.0e6;

/// A link's number: finite and within [`LARGEST_LINK_VALUE`] of zero.
fn link_number(text: &str) -> Option<f64> {
    text.parse::<f64>().ok().filter(|value| value.is_finite() && value.abs() <= LARGEST_LINK_VALUE)
}

/// A link's scale or speed: a number above zero.
fn link_positive(text: &str) -> Option<f64> {
    link_number(text).filter(|value| *value > 0.0)
}

fn marker_key(kind: MarkerKind) -> &'static str {
    match kind {
        MarkerKind::Onset => "onset",
        MarkerKind::NegativePeak => "peak",
        MarkerKind::NegativeEnd => "end",
        MarkerKind::PositivePeak => "positive",
    }
}

impl StudyView {
    /// Whether the view is as the study opens.
    pub fn is_empty(&self) -> bool {
        self.nerve_scales.is_empty()
            && self.moved_markers.is_empty()
            && self.needle.is_none()
            && self.moved_unit_markers.is_empty()
    }

    /// Reads one `key=value` pair of a link; `false` when it is not the view's, or malformed.
    fn read(&mut self, key: &str, value: &str) -> bool {
        let fields: Vec<&str> = value.split(',').collect();
        match (key, fields.as_slice()) {
            ("scale", [nerve, sensitivity, sweep]) => {
                let (Ok(nerve_idx), Some(sensitivity_uv_per_div), Some(sweep_ms_per_div)) =
                    (nerve.parse(), link_positive(sensitivity), link_positive(sweep))
                else {
                    return false;
                };
                self.nerve_scales.retain(|scale| scale.nerve_idx != nerve_idx);
                self.nerve_scales
                    .push(NerveScale { nerve_idx, scale: TraceScale { sensitivity_uv_per_div, sweep_ms_per_div } });
                true
            }
            ("marker", [nerve, site, kind, time]) => {
                let kind = MarkerKind::ALL.into_iter().find(|candidate| marker_key(*candidate) == *kind);
                let (Ok(nerve_idx), Ok(site_idx), Some(kind), Some(time_ms)) =
                    (nerve.parse(), site.parse(), kind, link_number(time))
                else {
                    return false;
                };
                self.moved_markers
                    .retain(|moved| (moved.nerve_idx, moved.site_idx, moved.kind) != (nerve_idx, site_idx, kind));
                self.moved_markers.push(MovedMarker { nerve_idx, site_idx, kind, time_ms });
                true
            }
            ("needle", [channel, sensitivity, sweep, start]) => {
                let (Ok(channel_idx), Some(sensitivity_uv_per_div), Some(sweep_ms_per_div), Some(start_s)) =
                    (channel.parse(), link_positive(sensitivity), link_positive(sweep), link_number(start))
                else {
                    return false;
                };
                self.needle = Some(NeedleScreen { channel_idx, sensitivity_uv_per_div, sweep_ms_per_div, start_s });
                true
            }
            ("unit", [channel, unit, start, end]) => {
                let (Ok(channel_idx), Ok(unit_idx), Some(start_ms), Some(end_ms)) =
                    (channel.parse(), unit.parse(), link_number(start), link_number(end))
                else {
                    return false;
                };
                if start_ms >= end_ms {
                    return false;
                }
                self.moved_unit_markers.retain(|moved| (moved.channel_idx, moved.unit_idx) != (channel_idx, unit_idx));
                self.moved_unit_markers.push(MovedUnitMarkers { channel_idx, unit_idx, start_ms, end_ms });
                true
            }
            _ => false,
        }
    }

    /// The view's `key=value` pairs. Numbers are written as Rust writes them, the shortest text
    /// that reads back to the same value, so a link restores the very pixels.
    fn pairs(&self) -> Vec<String> {
        let scales = self.nerve_scales.iter().map(|NerveScale { nerve_idx, scale }| {
            format!("scale={nerve_idx},{},{}", scale.sensitivity_uv_per_div, scale.sweep_ms_per_div)
        });
        let markers = self.moved_markers.iter().map(|moved| {
            format!("marker={},{},{},{}", moved.nerve_idx, moved.site_idx, marker_key(moved.kind), moved.time_ms)
        });
        let needle = self.needle.iter().map(|screen| {
            format!(
                "needle={},{},{},{}",
                screen.channel_idx, screen.sensitivity_uv_per_div, screen.sweep_ms_per_div, screen.start_s
            )
        });
        let units = self
            .moved_unit_markers
            .iter()
            .map(|moved| format!("unit={},{},{},{}", moved.channel_idx, moved.unit_idx, moved.start_ms, moved.end_ms));
        scales.chain(markers).chain(needle).chain(units).collect()
    }
}

/// Whether `text` is a study's content hash as the app writes it: 16 hexadecimal digits.
fn is_study_hash(text: &str) -> bool {
    text.len() == 16 && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

/// A panel an embedded view can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedPanel {
    /// The nerve conduction traces with their values and findings.
    Traces,
    /// The needle screen with its sound.
    Needle,
    /// The needle examination table.
    Table,
    /// The study's impression.
    Impression,
}

impl EmbedPanel {
    /// Every panel, in the order the page shows them.
    pub const ALL: [EmbedPanel; 4] =
        [EmbedPanel::Impression, EmbedPanel::Traces, EmbedPanel::Table, EmbedPanel::Needle];

    /// The panel's key in a link.
    pub fn key(self) -> &'static str {
        match self {
            EmbedPanel::Traces => "traces",
            EmbedPanel::Needle => "needle",
            EmbedPanel::Table => "table",
            EmbedPanel::Impression => "impression",
        }
    }

    /// What the panel shows, as a choice in "Embed this view".
    pub fn label(self) -> &'static str {
        match self {
            EmbedPanel::Traces => "Nerve conduction traces",
            EmbedPanel::Needle => "Needle screen with sound",
            EmbedPanel::Table => "Needle examination table",
            EmbedPanel::Impression => "Impression",
        }
    }

    fn from_key(key: &str) -> Option<EmbedPanel> {
        EmbedPanel::ALL.into_iter().find(|panel| panel.key() == key)
    }
}

/// The panels an embedded view shows, at least one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedPanels(Vec<EmbedPanel>);

impl EmbedPanels {
    /// Every panel.
    pub fn all() -> EmbedPanels {
        EmbedPanels(EmbedPanel::ALL.to_vec())
    }

    /// The panels chosen, in the page's order; `None` when none is.
    pub fn of(chosen: &[EmbedPanel]) -> Option<EmbedPanels> {
        let panels: Vec<EmbedPanel> = EmbedPanel::ALL.into_iter().filter(|panel| chosen.contains(panel)).collect();
        (!panels.is_empty()).then_some(EmbedPanels(panels))
    }

    /// Whether `panel` is shown.
    pub fn shows(&self, panel: EmbedPanel) -> bool {
        self.0.contains(&panel)
    }

    /// The panels shown, in the page's order.
    pub fn panels(&self) -> &[EmbedPanel] {
        &self.0
    }

    /// The panels as a link writes them: `embed` alone for all of them.
    fn fragment(&self) -> String {
        if self.0.len() == EmbedPanel::ALL.len() {
            "embed".to_string()
        } else {
            format!("embed={}", self.0.iter().map(|panel| panel.key()).collect::<Vec<_>>().join(","))
        }
    }

    /// The panels a link's `embed` value names; all of them when it names none it knows.
    fn parse(value: &str) -> EmbedPanels {
        let named: Vec<EmbedPanel> = value.split(',').filter_map(EmbedPanel::from_key).collect();
        EmbedPanels::of(&named).unwrap_or_else(EmbedPanels::all)
    }
}

impl ViewLink {
    /// The view a fragment names (with or without its leading `#`). Unknown keys, and a demo
    /// that is not built in, are ignored, so an old or mistyped link still opens the page.
    pub fn parse(fragment: &str) -> ViewLink {
        let mut link = ViewLink::default();
        for pair in fragment.trim_start_matches('#').split('&') {
            match pair.split_once('=') {
                Some(("demo", id)) if is_demo(id) => link.demo = Some(id.to_string()),
                Some(("study", hash)) if is_study_hash(hash) => link.study = Some(hash.to_ascii_lowercase()),
                Some(("view", "patient")) => link.patient_view = true,
                Some(("view", "physician")) => link.patient_view = false,
                Some(("embed", panels)) => link.embed = Some(EmbedPanels::parse(panels)),
                None if pair == "embed" => link.embed = Some(EmbedPanels::all()),
                Some((key, value)) => {
                    link.view.read(key, value);
                }
                None => {}
            }
        }
        if link.demo.is_some() {
            link.study = None;
        }
        link
    }

    /// The fragment that restores this view, without the leading `#`.
    pub fn fragment(&self) -> String {
        let mut parts = Vec::new();
        if let Some(id) = &self.demo {
            parts.push(format!("demo={id}"));
        } else if let Some(hash) = &self.study {
            parts.push(format!("study={hash}"));
        }
        parts.push(format!("view={}", if self.patient_view { "patient" } else { "physician" }));
        parts.extend(self.view.pairs());
        if let Some(panels) = &self.embed {
            parts.push(panels.fragment());
        }
        parts.join("&")
    }
}

/// The `<iframe>` a teacher pastes into a page to embed `link`'s view of the site at
/// `page_address` (the address without a fragment), `height_px` high and as wide as the place
/// it is pasted in, titled with the demo for screen readers.
pub fn embed_snippet(page_address: &str, link: &ViewLink, height_px: u32) -> String {
    let title = link.demo.as_deref().and_then(demos::title).unwrap_or_else(|| "a demo study".to_string());
    format!(
        r#"<iframe src="{}" title="{}" width="100%" height="{height_px}" style="border: 0" loading="lazy"></iframe>"#,
        escape(&format!("{page_address}#{}", link.fragment())),
        escape(&format!("edxview: {title}")),
    )
}

/// Whether `id` names a built-in demo (nerve conduction, needle or whole study) or a teaching
/// simulation.
pub fn is_demo(id: &str) -> bool {
    demos::find(id).is_some() || Simulation::parse(id).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_round_trips_and_ignores_what_it_does_not_know() {
        let link = ViewLink { demo: Some("carpal-tunnel-moderate".into()), patient_view: true, ..ViewLink::default() };
        assert_eq!(link.fragment(), "demo=carpal-tunnel-moderate&view=patient");
        assert_eq!(ViewLink::parse(&format!("#{}", link.fragment())), link);
        assert_eq!(ViewLink::parse("view=patient&zoom=3"), ViewLink { patient_view: true, ..ViewLink::default() });
        assert_eq!(ViewLink::parse("#demo=<script>&view=physician"), ViewLink::default(), "only built-in demos");
        assert_eq!(ViewLink::parse(""), ViewLink::default());
        assert!(is_demo("study-c7-radiculopathy") && is_demo("needle-normal"));
    }

    #[test]
    fn an_embedded_view_names_its_panels_in_the_page_order() {
        let link = ViewLink::parse("demo=needle-abundant-fibrillations&view=physician&embed=table,needle");
        let panels = link.embed.clone().expect("embedded");
        assert_eq!(panels.panels(), [EmbedPanel::Table, EmbedPanel::Needle]);
        assert!(panels.shows(EmbedPanel::Needle) && !panels.shows(EmbedPanel::Traces));
        assert_eq!(link.fragment(), "demo=needle-abundant-fibrillations&view=physician&embed=table,needle");
        assert_eq!(ViewLink::parse(&link.fragment()), link);

        let everything = ViewLink::parse("embed&demo=needle-abundant-fibrillations");
        assert_eq!(everything.embed, Some(EmbedPanels::all()));
        assert_eq!(everything.fragment(), "demo=needle-abundant-fibrillations&view=physician&embed");
        assert_eq!(ViewLink::parse("embed=sidebar,header").embed, Some(EmbedPanels::all()), "unknown panels: all");
        assert_eq!(EmbedPanels::of(&[]), None);
    }

    #[test]
    fn a_link_restores_scales_moved_markers_the_needle_screen_and_moved_unit_markers() {
        let view = StudyView {
            nerve_scales: vec![NerveScale {
                nerve_idx: 1,
                scale: TraceScale { sensitivity_uv_per_div: 2000.0, sweep_ms_per_div: 3.0 },
            }],
            moved_markers: vec![
                MovedMarker { nerve_idx: 0, site_idx: 1, kind: MarkerKind::Onset, time_ms: 7.45 },
                MovedMarker { nerve_idx: 0, site_idx: 0, kind: MarkerKind::NegativePeak, time_ms: 0.1 + 0.2 },
            ],
            needle: Some(NeedleScreen {
                channel_idx: 2,
                sensitivity_uv_per_div: 100.0,
                sweep_ms_per_div: 10.0,
                start_s: 3.125,
            }),
            moved_unit_markers: vec![MovedUnitMarkers { channel_idx: 2, unit_idx: 0, start_ms: -4.5, end_ms: 9.0 }],
        };
        let link = ViewLink { demo: Some("upper-limb-normal".into()), view, ..ViewLink::default() };
        let fragment = link.fragment();
        assert_eq!(
            fragment,
            "demo=upper-limb-normal&view=physician&scale=1,2000,3&marker=0,1,onset,7.45&marker=0,0,peak,0.30000000000000004&needle=2,100,10,3.125&unit=2,0,-4.5,9"
        );
        assert_eq!(ViewLink::parse(&fragment), link, "every number read back exactly");
    }

    #[test]
    fn a_link_to_a_study_from_files_holds_its_hash_and_nothing_mistyped() {
        let link = ViewLink::parse("study=00FF00ff12345678&marker=0,0,onset,2.5");
        assert_eq!(link.study.as_deref(), Some("00ff00ff12345678"));
        assert_eq!(link.fragment(), "study=00ff00ff12345678&view=physician&marker=0,0,onset,2.5");
        let mistyped = ViewLink::parse(
            "study=xyz&scale=0,-5,3&scale=0,5,inf&marker=0,0,apex,2&marker=0,0,onset,1e9&needle=0,100,10&scale=a,5,3&unit=0,0,9,-4",
        );
        assert_eq!(mistyped, ViewLink::default(), "a malformed pair is ignored, never half-read");
        assert_eq!(ViewLink::parse("demo=upper-limb-normal&study=00ff00ff12345678").study, None, "a demo is no file");
    }

    #[test]
    fn the_embed_snippet_is_a_frame_of_the_view_titled_with_its_demo() {
        let link = ViewLink::parse("demo=needle-abundant-fibrillations&embed=needle");
        assert_eq!(
            embed_snippet("https://teach.example.org/edx/", &link, 640),
            r#"<iframe src="https://teach.example.org/edx/#demo=needle-abundant-fibrillations&amp;view=physician&amp;embed=needle" title="edxview: Needle EMG, abundant fibrillation potentials, second simulator" width="100%" height="640" style="border: 0" loading="lazy"></iframe>"#
        );
    }
}
