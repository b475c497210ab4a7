//! `edx muscles [NAME] [--json]`: the muscle catalogue, or the row a name or label reads as.

use edx_core::muscles::{self, Identified, Muscle, CATALOGUE};

/// A catalogue row as JSON: the row with what follows from it.
#[derive(serde::Serialize)]
struct MuscleJson {
    #[serde(flatten)]
    muscle: &'static Muscle,
    region: muscles::BodyRegion,
    plexus_elements: Vec<muscles::PlexusElement>,
}

impl MuscleJson {
    fn of(muscle: &'static Muscle) -> MuscleJson {
        MuscleJson { muscle, region: muscle.region(), plexus_elements: muscle.plexus_elements() }
    }
}

/// Prints the whole catalogue, or with `name`, the muscle it names (in detail), the muscles it
/// could be, or that it is not in the catalogue.
pub fn run(name: Option<&str>, json: bool) -> Result<(), String> {
    let Some(name) = name else {
        if json {
            let rows: Vec<MuscleJson> = CATALOGUE.iter().map(MuscleJson::of).collect();
            println!("{}", serde_json::to_string_pretty(&rows).map_err(|error| error.to_string())?);
        } else {
            for muscle in CATALOGUE {
                println!("{:<34} {:<42} {:<34} {}", muscle.id, muscle.name, supply(muscle), roots(muscle));
            }
            let unverified = CATALOGUE.iter().filter(|muscle| muscle.evidence == muscles::Evidence::Unverified).count();
            println!(
                "\nRoots marked * are major. {unverified} of {} rows are standard anatomy not yet verified in a primary source; `edx muscles NAME` shows a row's source.",
                CATALOGUE.len()
            );
        }
        return Ok(());
    };
    let identified = muscles::identify(name);
    if json {
        let value = match &identified {
            Identified::Muscle { muscle, side } => {
                serde_json::json!({ "muscle": MuscleJson::of(muscle), "side": side })
            }
            Identified::Ambiguous { candidates, side } => serde_json::json!({
                "candidates": candidates.iter().map(|muscle| muscle.id).collect::<Vec<_>>(),
                "side": side,
            }),
            Identified::NotInCatalogue { side } => serde_json::json!({ "not_in_catalogue": name, "side": side }),
        };
        println!("{}", serde_json::to_string_pretty(&value).map_err(|error| error.to_string())?);
        return Ok(());
    }
    match identified {
        Identified::Muscle { muscle, side } => print_detail(muscle, side),
        Identified::Ambiguous { candidates, side } => {
            let names: Vec<String> =
                candidates.iter().map(|muscle| format!("{} ({})", muscle.name, muscle.id)).collect();
            println!("\"{name}\" could be {}{}", names.join(" or "), side_text(side));
        }
        Identified::NotInCatalogue { side } => println!("\"{name}\" is not in the catalogue{}", side_text(side)),
    }
    Ok(())
}

fn side_text(side: Option<edx_core::model::Side>) -> String {
    side.map(|side| format!("; side: {side}")).unwrap_or_default()
}

fn supply(muscle: &Muscle) -> String {
    match muscle.branch {
        Some(branch) => format!("{}: {branch}", muscle.nerve.label()),
        None => muscle.nerve.label().to_string(),
    }
}

fn roots(muscle: &Muscle) -> String {
    let roots: Vec<String> = muscle
        .roots
        .iter()
        .map(|&root| if muscle.is_major_root(root) { format!("{root}*") } else { root.to_string() })
        .collect();
    if roots.is_empty() {
        "cranial nerve".to_string()
    } else {
        roots.join(", ")
    }
}

fn print_detail(muscle: &Muscle, side: Option<edx_core::model::Side>) {
    println!("{} ({}){}", muscle.name, muscle.id, side_text(side));
    println!("  nerve: {}", supply(muscle));
    let elements: Vec<&str> = muscle.plexus_elements().iter().map(|element| element.label()).collect();
    if !elements.is_empty() {
        println!("  plexus: {}", elements.join(", "));
    }
    println!("  roots: {} (* major)", roots(muscle));
    println!("  source ({}): {}", muscle.evidence.label(), muscle.source);
    for finding in muscle.root_findings {
        println!(
            "  {} lesions: abnormal in {} of {} ({}: {})",
            finding.root,
            finding.abnormal,
            finding.examined,
            finding.evidence.label(),
            finding.source
        );
    }
    if let Some(note) = muscle.note {
        println!("  note: {note}");
    }
    if !muscle.spellings.is_empty() {
        println!("  read from: {}", muscle.spellings.join(", "));
    }
}
