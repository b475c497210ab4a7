//! The built-in demo studies a first-time visitor can open without any file.

use super::ncs::NerveSpec;
use crate::model::Study;

/// A built-in demo: an identifier for links, a title and a one-line description for the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Demo {
    /// Stable identifier used in links and tests, e.g. `median-motor-normal`.
    pub id: &'static str,
    /// Title shown in the demo list.
    pub title: &'static str,
    /// One sentence on what the demo shows.
    pub description: &'static str,
}

/// Every built-in demo, in the order the demo list shows them; the first opens on arrival.
pub const ALL: &[Demo] = &[Demo {
    id: "median-motor-normal",
    title: "Median motor, normal (simulated)",
    description: "Right median nerve stimulated at the wrist and elbow, recording abductor pollicis brevis.",
}];

/// Builds the demo study with identifier `id`, or `None` when there is no such demo.
pub fn build(id: &str) -> Option<Study> {
    let demo = ALL.iter().find(|demo| demo.id == id)?;
    let nerve_conductions = match demo.id {
        "median-motor-normal" => vec![NerveSpec::median_motor().simulate().study],
        _ => return None,
    };
    Some(Study { title: demo.title.to_string(), recordings: Vec::new(), nerve_conductions })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_demo_builds() {
        for demo in ALL {
            let study = build(demo.id).unwrap_or_else(|| panic!("demo {} does not build", demo.id));
            assert_eq!(study.title, demo.title);
        }
    }

    #[test]
    fn unknown_demo_is_none() {
        assert!(build("no-such-demo").is_none());
    }
}
