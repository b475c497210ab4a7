//! A muscle and side read from free text: a channel label (`L_Tib_Ant`, `TibAnt L`, EDF's
//! 16-character `EMG L Tibialis a`), an EDF+ recording field or a report's row.
//!
//! The text is split into words at anything that is not a letter or digit. A side is a word
//! `L`, `Lt`, `Left`, `R`, `Rt` or `Right`. A muscle is the catalogue spelling that covers the
//! longest run of whole words, read with or without the spaces (`tibant` is `tib ant`); where
//! the text ends in a cut word (EDF labels are cut at 16 characters), the muscle whose name it
//! begins. Paraspinal muscles are read by level (`L5 PSP`, `paraspinal C6`) or region. Text
//! that fits two muscles equally is [`Identified::Ambiguous`], never one of them by guess.

use super::roots::Root;
use super::{by_id, Muscle, CATALOGUE};
use crate::model::Side;

/// What a text says about the muscle it names.
#[derive(Debug, Clone, PartialEq)]
pub enum Identified {
    /// One catalogue muscle.
    Muscle {
        /// The muscle.
        muscle: &'static Muscle,
        /// The side, if the text names one.
        side: Option<Side>,
    },
    /// Several catalogue muscles fit equally ("gastrocnemius": which head?).
    Ambiguous {
        /// The muscles that fit.
        candidates: Vec<&'static Muscle>,
        /// The side, if the text names one.
        side: Option<Side>,
    },
    /// No catalogue muscle fits: the name is kept as written and marked "not in the catalogue".
    NotInCatalogue {
        /// The side, if the text names one.
        side: Option<Side>,
    },
}

impl Identified {
    /// The muscle, when exactly one fits.
    pub fn muscle(&self) -> Option<&'static Muscle> {
        match self {
            Identified::Muscle { muscle, .. } => Some(muscle),
            _ => None,
        }
    }

    /// The side the text names, if any.
    pub fn side(&self) -> Option<Side> {
        match self {
            Identified::Muscle { side, .. }
            | Identified::Ambiguous { side, .. }
            | Identified::NotInCatalogue { side } => *side,
        }
    }
}

/// Words that name the paraspinal muscles.
const PARASPINAL_WORDS: [&str; 8] =
    ["paraspinal", "paraspinals", "paraspinous", "paravertebral", "psp", "psps", "multifidus", "pspm"];
/// The fewest letters (spaces left out) of the words a cut label ends in that are read as the
/// start of a muscle's name (edxview's own: "tib" or "ext d" begin several muscles and say
/// little; "tibialis a" has nine).
const MIN_CUT_PHRASE_LETTERS: usize = 6;

/// The muscle and side `text` names.
pub fn identify(text: &str) -> Identified {
    let words = words_of(text);
    let side = side_of(&words);
    let words: Vec<&str> = words.iter().map(String::as_str).filter(|word| side_word(word).is_none()).collect();
    if let Some(identified) = paraspinal(&words, side) {
        return identified;
    }
    let (best, best_letters) = best_spelling_match(&words);
    // A label cut short can hold a whole word of one muscle's name and the start of another's:
    // `EMG L Biceps fem` is no biceps brachii. The longer reading wins.
    let (cut, cut_letters) = muscles_begun_by_the_end(&words);
    if !cut.is_empty() && cut_letters > best_letters {
        return one_or_ambiguous(cut, side);
    }
    if !best.is_empty() {
        return one_or_ambiguous(best, side);
    }
    // A side run together with an abbreviation: `LTA`, `RAPB`.
    for word in &words {
        for (prefix, glued_side) in [('l', Side::Left), ('r', Side::Right)] {
            if let Some(rest) = word.strip_prefix(prefix).filter(|rest| rest.len() >= 2) {
                let (best, _) = best_spelling_match(&[rest]);
                if !best.is_empty() && side.is_none_or(|side| side == glued_side) {
                    return one_or_ambiguous(best, Some(glued_side));
                }
            }
        }
    }
    Identified::NotInCatalogue { side }
}

fn one_or_ambiguous(mut candidates: Vec<&'static Muscle>, side: Option<Side>) -> Identified {
    candidates.dedup_by_key(|muscle| muscle.id);
    if candidates.len() == 1 {
        Identified::Muscle { muscle: candidates[0], side }
    } else {
        Identified::Ambiguous { candidates, side }
    }
}

/// Lower-case words, split at anything that is not a letter or digit.
fn words_of(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_string)
        .collect()
}

fn side_word(word: &str) -> Option<Side> {
    match word {
        "l" | "lt" | "left" => Some(Side::Left),
        "r" | "rt" | "right" => Some(Side::Right),
        _ => None,
    }
}

/// The side the words name; none when they name both or neither.
fn side_of(words: &[String]) -> Option<Side> {
    let mut sides = words.iter().filter_map(|word| side_word(word));
    let first = sides.next()?;
    sides.all(|side| side == first).then_some(first)
}

/// The muscles whose spelling covers the longest run of words (with or without the spaces),
/// several when they tie, and how many letters that spelling has.
fn best_spelling_match(words: &[&str]) -> (Vec<&'static Muscle>, usize) {
    let mut best: Vec<&'static Muscle> = Vec::new();
    let mut best_letters = 0;
    for muscle in CATALOGUE {
        let name = words_of(muscle.name).join(" ");
        let letters = std::iter::once(name.as_str())
            .chain(muscle.spellings.iter().copied())
            .filter(|spelling| covers(words, spelling))
            .map(|spelling| spelling.replace(' ', "").len())
            .max();
        match letters {
            Some(letters) if letters > best_letters => {
                best_letters = letters;
                best = vec![muscle];
            }
            Some(letters) if letters == best_letters => best.push(muscle),
            _ => {}
        }
    }
    (best, best_letters)
}

/// Whether a run of whole `words`, joined without spaces, spells `spelling` without its spaces.
fn covers(words: &[&str], spelling: &str) -> bool {
    let target: String = spelling.split(' ').collect();
    (0..words.len()).any(|start| {
        let mut joined = String::new();
        for word in &words[start..] {
            joined.push_str(word);
            if joined.len() >= target.len() {
                return joined == target;
            }
        }
        false
    })
}

/// The muscles whose name or spelling begins with the text's last words, the last of them cut,
/// and how many letters those words have.
fn muscles_begun_by_the_end(words: &[&str]) -> (Vec<&'static Muscle>, usize) {
    let Some(last) = words.last() else { return (Vec::new(), 0) };
    if last.chars().all(|character| character.is_ascii_digit()) {
        return (Vec::new(), 0);
    }
    for n_words in (1..=words.len().min(3)).rev() {
        let phrase = &words[words.len() - n_words..];
        let letters: usize = phrase.iter().map(|word| word.len()).sum();
        if letters < MIN_CUT_PHRASE_LETTERS {
            continue;
        }
        let begun_by = |test: &dyn Fn(&str) -> bool| -> Vec<&'static Muscle> {
            CATALOGUE
                .iter()
                .filter(|muscle| {
                    let name = words_of(muscle.name).join(" ");
                    std::iter::once(name.as_str()).chain(muscle.spellings.iter().copied()).any(test)
                })
                .collect()
        };
        let cut = begun_by(&|spelling| begins_cut(spelling, phrase));
        if !cut.is_empty() {
            return (cut, letters);
        }
        // Whole words that begin several muscles' names say which they could be
        // (`Gastrocnemius`: either head); beginning one name only, they are no reading of it
        // (`Peroneus` may be a peroneus the catalogue does not hold).
        let whole = begun_by(&|spelling| begins_whole(spelling, phrase));
        if whole.len() > 1 {
            return (whole, letters);
        }
    }
    (Vec::new(), 0)
}

/// Whether `spelling` begins with `phrase` whose last word is cut: the words before it whole,
/// the last the start of a longer word. A whole last word is no cut (`Deltoid anterior` does
/// not begin "anterior tibialis"; `Peroneus` could be any peroneus).
fn begins_cut(spelling: &str, phrase: &[&str]) -> bool {
    let spelling_words: Vec<&str> = spelling.split(' ').collect();
    let Some((last, whole)) = phrase.split_last() else { return false };
    spelling_words.len() > whole.len()
        && spelling_words[..whole.len()] == *whole
        && spelling_words[whole.len()].len() > last.len()
        && spelling_words[whole.len()].starts_with(last)
}

/// Whether `spelling` begins with the whole words of `phrase` and goes on.
fn begins_whole(spelling: &str, phrase: &[&str]) -> bool {
    let spelling_words: Vec<&str> = spelling.split(' ').collect();
    spelling_words.len() > phrase.len() && spelling_words[..phrase.len()] == *phrase
}

/// A paraspinal muscle by level (`l5`) or region, when the words name the paraspinals.
fn paraspinal(words: &[&str], side: Option<Side>) -> Option<Identified> {
    if !words.iter().any(|word| PARASPINAL_WORDS.contains(word)) {
        return None;
    }
    let levels: Vec<Root> = words.iter().filter_map(|word| Root::from_name(word)).collect();
    let id = match levels.as_slice() {
        [level] => format!("paraspinal_{}", level.to_string().to_lowercase()),
        _ => {
            let region = words.iter().find_map(|word| match *word {
                "cervical" | "cerv" | "c" => Some("paraspinal_cervical"),
                "thoracic" | "thor" | "t" => Some("paraspinal_thoracic"),
                "lumbar" | "lumbosacral" | "lumb" | "ls" | "sacral" => Some("paraspinal_lumbosacral"),
                _ => None,
            });
            match region {
                Some(region) => region.to_string(),
                None => {
                    let candidates = ["paraspinal_cervical", "paraspinal_thoracic", "paraspinal_lumbosacral"]
                        .into_iter()
                        .filter_map(by_id)
                        .collect();
                    return Some(Identified::Ambiguous { candidates, side });
                }
            }
        }
    };
    by_id(&id).map(|muscle| Identified::Muscle { muscle, side })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Option<&'static str>, Option<Side>) {
        let identified = identify(text);
        (identified.muscle().map(|muscle| muscle.id), identified.side())
    }

    #[test]
    fn the_spellings_of_tibialis_anterior_in_labels_and_reports() {
        for text in
            ["TA", "Tib Ant", "L_Tib_Ant", "TibAnt L", "tibialis ant.", "EMG L Tibialis a", "LTA", "Tibialis anterior"]
        {
            assert_eq!(read(text).0, Some("tibialis_anterior"), "{text:?}");
        }
        assert_eq!(read("L_Tib_Ant").1, Some(Side::Left));
        assert_eq!(read("TibAnt L").1, Some(Side::Left));
        assert_eq!(read("EMG L Tibialis a").1, Some(Side::Left));
        assert_eq!(read("LTA").1, Some(Side::Left));
        assert_eq!(read("Tib Ant").1, None);
    }

    #[test]
    fn the_longest_spelling_wins_and_sides_are_read_anywhere() {
        assert_eq!(read("R APB"), (Some("abductor_pollicis_brevis"), Some(Side::Right)));
        assert_eq!(read("Right abductor pollicis brevis"), (Some("abductor_pollicis_brevis"), Some(Side::Right)));
        assert_eq!(read("Biceps").0, Some("biceps_brachii"));
        assert_eq!(read("Biceps femoris short head, right"), (Some("biceps_femoris_short_head"), Some(Side::Right)));
        assert_eq!(read("BFSH-L"), (Some("biceps_femoris_short_head"), Some(Side::Left)));
        assert_eq!(read("Med Gastroc Lt"), (Some("gastrocnemius_medial"), Some(Side::Left)));
        assert_eq!(read("EMG R Vastus lat"), (Some("vastus_lateralis"), Some(Side::Right)));
        assert_eq!(read("FDP 4-5").0, Some("flexor_digitorum_profundus_4_5"));
    }

    #[test]
    fn paraspinals_are_read_by_level_or_region() {
        assert_eq!(read("L5 PSP"), (Some("paraspinal_l5"), None));
        assert_eq!(read("Paraspinal C6 R"), (Some("paraspinal_c6"), Some(Side::Right)));
        assert_eq!(read("Lumbar paraspinals").0, Some("paraspinal_lumbosacral"));
        assert!(matches!(identify("paraspinals"), Identified::Ambiguous { candidates, .. } if candidates.len() == 3));
    }

    #[test]
    fn what_fits_two_muscles_or_none_is_said_not_guessed() {
        let Identified::Ambiguous { candidates, side } = identify("EMG L Gastrocnemius") else {
            panic!("{:?}", identify("EMG L Gastrocnemius"))
        };
        let ids: Vec<&str> = candidates.iter().map(|muscle| muscle.id).collect();
        assert_eq!(ids, ["gastrocnemius_medial", "gastrocnemius_lateral"]);
        assert_eq!(side, Some(Side::Left));
        assert_eq!(identify("Foo bar"), Identified::NotInCatalogue { side: None });
        assert_eq!(identify("sig 0, fmt 8"), Identified::NotInCatalogue { side: None });
        assert_eq!(identify("R Mystery muscle"), Identified::NotInCatalogue { side: Some(Side::Right) });
        assert_eq!(identify("L and R TA").side(), None, "both sides named: none read");
        // Cut at 16 characters: a whole word of one name and the start of another's.
        let Identified::Ambiguous { candidates, .. } = identify("EMG L Biceps fem") else {
            panic!("{:?}", identify("EMG L Biceps fem"))
        };
        let ids: Vec<&str> = candidates.iter().map(|muscle| muscle.id).collect();
        assert_eq!(ids, ["biceps_femoris_short_head", "biceps_femoris_long_head"]);
        // Whole words are no cut: read as written, or not at all.
        assert_eq!(read("Deltoid anterior").0, Some("deltoid"));
        assert_eq!(read("Deltoid posterior").0, Some("deltoid"));
        assert_eq!(identify("EMG R Peroneus"), Identified::NotInCatalogue { side: Some(Side::Right) });
        assert_eq!(identify("Adductor"), Identified::NotInCatalogue { side: None });
    }
}
