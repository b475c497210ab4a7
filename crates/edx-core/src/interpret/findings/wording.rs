//! Wording shared by the findings' statements: lists of words, segment names, capitals.

use crate::model::NerveConduction;

/// "a", "a and b", "a, b and c".
pub(super) fn join_words(words: &[&str]) -> String {
    match words {
        [] => String::new(),
        [only] => only.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// "Wrist – Elbow" for segment `segment_idx`.
pub(super) fn segment_name(nerve: &NerveConduction, segment_idx: usize) -> String {
    format!("{} – {}", nerve.sites[segment_idx].name, nerve.sites[segment_idx + 1].name)
}

pub(super) use crate::display::capitalised as capitalise;

/// The nerve's name as a sentence names it: "median".
pub(super) fn nerve_word(nerve: &NerveConduction) -> String {
    nerve.nerve.to_string().to_lowercase()
}
