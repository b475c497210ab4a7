//! The view a link restores: which built-in demo is on screen and whether it is read in the
//! physician's or the patient's view, held in the URL's fragment (`#demo=carpal-tunnel-moderate&view=patient`),
//! which browsers never send to a server. A link never holds a user's own data: for a study
//! opened from files it holds the view alone.

use crate::synth::{demos, study};

/// What a link restores.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ViewLink {
    /// The built-in demo on screen, by identifier (`edx demos` lists them).
    pub demo: Option<String>,
    /// Whether the patient's view is on.
    pub patient_view: bool,
}

impl ViewLink {
    /// The view a fragment names (with or without its leading `#`). Unknown keys, and a demo
    /// that is not built in, are ignored, so an old or mistyped link still opens the page.
    pub fn parse(fragment: &str) -> ViewLink {
        let mut link = ViewLink::default();
        for pair in fragment.trim_start_matches('#').split('&') {
            match pair.split_once('=') {
                Some(("demo", id)) if is_demo(id) => link.demo = Some(id.to_string()),
                Some(("view", "patient")) => link.patient_view = true,
                Some(("view", "physician")) => link.patient_view = false,
                _ => {}
            }
        }
        link
    }

    /// The fragment that restores this view, without the leading `#`.
    pub fn fragment(&self) -> String {
        let view = format!("view={}", if self.patient_view { "patient" } else { "physician" });
        match &self.demo {
            Some(id) => format!("demo={id}&{view}"),
            None => view,
        }
    }
}

/// Whether `id` names a built-in demo (nerve conduction, needle or whole study).
pub fn is_demo(id: &str) -> bool {
    demos::ALL.iter().chain(demos::NEEDLE).chain(study::STUDIES).any(|demo| demo.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_round_trips_and_ignores_what_it_does_not_know() {
        let link = ViewLink { demo: Some("carpal-tunnel-moderate".into()), patient_view: true };
        assert_eq!(link.fragment(), "demo=carpal-tunnel-moderate&view=patient");
        assert_eq!(ViewLink::parse(&format!("#{}", link.fragment())), link);
        assert_eq!(ViewLink::parse("view=patient&zoom=3"), ViewLink { demo: None, patient_view: true });
        assert_eq!(ViewLink::parse("#demo=<script>&view=physician"), ViewLink::default(), "only built-in demos");
        assert_eq!(ViewLink::parse(""), ViewLink::default());
        assert!(is_demo("study-c7-radiculopathy") && is_demo("needle-normal"));
    }
}
