//! The needle EMG view: the machine's sweep display (sweep, raster and scrolling modes) with
//! display filters, the sound with a moving cursor, detected potentials marked by class, the
//! motor unit gallery with draggable duration markers, the firing raster, and the findings.
//!
//! The analysis was done in the worker; this view only draws, plays and, when a duration marker
//! moves, asks edx-core to measure one template again. `view` puts one channel together from
//! `signal` (its samples), `display` (what the screen shows), `transport` (the sound),
//! `controls`, `screen` (traces and overlay), `findings`, `gallery` and `raster`.

mod audio;
mod controls;
mod display;
mod exam_table;
mod findings;
mod gallery;
mod overlay;
mod raster;
mod review;
mod screen;
mod settings;
mod signal;
mod trace;
mod transport;
mod view;

use std::rc::Rc;

use edx_core::needle::SpontaneousClass;
use leptos::prelude::*;

use crate::opened_study::OpenedStudy;
pub use exam_table::{shown_table, NeedleExamTable};
pub use review::NeedleReviewState;
use view::NeedleView;

/// Colours of motor units, in order; each unit's mark also carries its number.
pub const UNIT_COLOURS: [&str; 8] =
    ["#1f5fbf", "#b3541e", "#2e7d32", "#8e24aa", "#00838f", "#c62828", "#6d4c41", "#5d6b00"];

/// The colour of unit `unit_idx`.
pub fn unit_colour(unit_idx: usize) -> &'static str {
    UNIT_COLOURS[unit_idx % UNIT_COLOURS.len()]
}

/// A spontaneous potential's mark letter and colour.
pub fn spontaneous_mark(class: SpontaneousClass) -> (&'static str, &'static str) {
    match class {
        SpontaneousClass::Fibrillation => ("F", "#c62828"),
        SpontaneousClass::PositiveSharpWave => ("P", "#ad1457"),
        SpontaneousClass::Fasciculation => ("Fa", "#6a1b9a"),
        SpontaneousClass::EndPlateSpike => ("E", "#455a64"),
        SpontaneousClass::Unclassified => ("?", "#757575"),
    }
}

/// Every needle EMG channel of a study: a tab per channel when there are several (named by the
/// file too when the study has several recordings), each with its recording's notes.
#[component]
pub fn NeedleSection(
    /// The study, whose needle channels are listed in `OpenedStudy::needle`.
    opened: Rc<OpenedStudy>,
    /// The duration markers the physician moved, kept with the study.
    review: NeedleReviewState,
    /// The needle examination table as shown, whose rows name each channel's muscle and side.
    shown_table: Memo<edx_core::model::NeedleExamination>,
) -> impl IntoView {
    let channels = opened.needle.clone();
    let several_recordings = channels.iter().any(|channel| channel.recording_idx != channels[0].recording_idx);
    // Each tab names its muscle and side as the needle examination table has them (read from
    // the channel label, or chosen in the table), and its file when the study has several.
    let tab_label = {
        let opened = opened.clone();
        let channels = channels.clone();
        move |channel_idx: usize| {
            let channel = &channels[channel_idx];
            let recording = &opened.study.recordings[channel.recording_idx];
            let label = &recording.channels[channel.channel_idx].label;
            let muscle = shown_table.with(|table| {
                table
                    .rows
                    .iter()
                    .find(|row| {
                        row.recording.is_some_and(|link| {
                            link.recording_idx == channel.recording_idx && link.channel_idx == channel.channel_idx
                        })
                    })
                    .map(|row| match row.side {
                        Some(side) => format!("{}, {}", row.muscle, side.to_string().to_lowercase()),
                        None => row.muscle.clone(),
                    })
            });
            let name = muscle.map_or_else(|| label.clone(), |muscle| format!("{muscle} ({label})"));
            if several_recordings {
                format!("{name}, {}", recording.file_name)
            } else {
                name
            }
        }
    };
    let n_channels = channels.len();
    let chosen = review.chosen_channel;
    let opened = StoredValue::new_local(opened);
    let tab_label = StoredValue::new_local(tab_label);
    let tabs = (n_channels > 1).then(|| {
        view! {
            <div class="needle-tabs" role="group" aria-label="Needle channels">
                {(0..n_channels)
                    .map(|channel_idx| view! {
                        <button type="button" aria-pressed=move || (chosen.get() == channel_idx).to_string() on:click=move |_| chosen.set(channel_idx)>
                            {move || tab_label.with_value(|label| label(channel_idx))}
                        </button>
                    })
                    .collect_view()}
            </div>
        }
    });
    let channels = StoredValue::new(channels);
    view! {
        <section class="needle-section" id="needle-section" tabindex="-1" aria-label="Needle EMG">
            {tabs}
            <h3 class="needle-muscle" data-testid="needle-muscle">
                {move || format!("Needle EMG: {}", tab_label.with_value(|label| label(chosen.get())))}
            </h3>
            {move || {
                let channel_idx = chosen.get();
                let channel = channels.with_value(|channels| channels[channel_idx].clone());
                let markers = review.channel(channel_idx);
                let recording = opened.with_value(|opened| opened.recording(channel.recording_idx));
                let notes = recording.as_ref().map(|recording| recording.recording.notes.clone()).unwrap_or_default();
                // The muscle and side follow the table (a muscle changed there renames them)
                // without rebuilding the view.
                let muscle = Signal::derive(move || tab_label.with_value(|label| label(channel_idx)));
                let shown = match (channel.outcome.clone(), recording) {
                    (Ok(analysis), Some(recording)) => view! { <NeedleView recording channel analysis markers muscle needle_idx=channel_idx linked_screen=review.linked_screen/> }.into_any(),
                    (Err(reason), _) => view! { <p class="needle-unanalysed" data-testid="needle-unanalysed">{reason.to_string()}</p> }.into_any(),
                    (Ok(_), None) => view! { <p class="error">"This recording is no longer open."</p> }.into_any(),
                };
                view! {
                    {notes.into_iter().map(|note| view! { <p class="hint">{note}</p> }).collect_view()}
                    {shown}
                }
            }}
        </section>
    }
}
