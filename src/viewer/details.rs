//! The file's header details beside the viewer: format, start, duration, patient and recording
//! fields, each signal's rate, unit, filters and sensor, notes, warnings and annotations.

use edx_core::display;
use edx_core::model::Recording;
use leptos::prelude::*;

/// The file's header details: format, start, patient and recording fields, filters, notes,
/// warnings and annotations.
#[component]
pub fn RecordingDetails(
    /// The recording's description.
    recording: Recording,
    /// How long it runs, s.
    duration_s: f64,
) -> impl IntoView {
    let field =
        |name: &'static str, value: String| (!value.is_empty()).then(|| view! { <dt>{name}</dt><dd>{value}</dd> });
    let start = recording.start.map(|start| start.to_string());
    view! {
        <details class="recording-details" open>
            <summary>"File details"</summary>
            <dl data-testid="recording-details">
                {field("Format", recording.format.clone())}
                {field("Start", start.unwrap_or_default())}
                {field("Duration", format!("{} s", display::fixed(duration_s, 3)))}
                {field("Patient", recording.patient.clone())}
                {field("Recording", recording.recording_info.clone())}
            </dl>
            <h4>"Signals"</h4>
            <ul class="signal-details">
                {recording
                    .channels
                    .iter()
                    .map(|channel| {
                        let mut parts = vec![format!("{} Hz", display::fixed(channel.sampling_rate_hz, 3)), channel.unit.symbol().to_string()];
                        if !channel.prefiltering.is_empty() {
                            parts.push(format!("filters {}", channel.prefiltering));
                        }
                        if !channel.transducer.is_empty() {
                            parts.push(channel.transducer.clone());
                        }
                        if channel.segments.len() > 1 {
                            parts.push(format!("{} segments", channel.segments.len()));
                        }
                        view! { <li><strong>{channel.label.clone()}</strong>": "{parts.join(", ")}</li> }
                    })
                    .collect_view()}
            </ul>
            {(!recording.notes.is_empty()).then(|| view! {
                <h4>"Notes"</h4>
                <ul>{recording.notes.iter().map(|note| view! { <li>{note.clone()}</li> }).collect_view()}</ul>
            })}
            {(!recording.warnings.is_empty()).then(|| view! {
                <h4>"Warnings"</h4>
                <ul class="warnings" data-testid="recording-warnings">{recording.warnings.iter().map(|warning| view! { <li>{warning.clone()}</li> }).collect_view()}</ul>
            })}
            {(!recording.annotations.is_empty()).then(|| view! {
                <h4>{format!("Annotations ({})", recording.annotations.len())}</h4>
                <ul class="annotations">
                    {recording.annotations.iter().take(200).map(|annotation| view! {
                        <li>{format!("{} s: {}", display::fixed(annotation.onset_s, 3), annotation.text)}</li>
                    }).collect_view()}
                </ul>
            })}
        </details>
    }
}
