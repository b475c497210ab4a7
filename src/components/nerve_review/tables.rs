//! One nerve's measurement tables: its responses site by site and its segments, each value
//! marked against the limit of the chosen profile by symbol and words (never colour alone),
//! with the limit and its source on hover and keyboard focus.

use edx_core::display;
use edx_core::interpret::{Flag, Measure, Place, ReviewedNerve};
use edx_core::model::NerveConduction;
use edx_core::ncs::ResponseMarkers;
use leptos::prelude::*;

use super::panel::StudyMarkers;

/// The responses of one nerve, site by site, each value marked against its limit, with whether
/// its markers are automatic and a reset for each site.
#[component]
pub fn ResponseTable(
    /// Position of the nerve in the study.
    nerve_idx: usize,
    /// Every nerve of the study.
    nerves: StoredValue<Vec<NerveConduction>>,
    /// The nerve as reviewed at the current markers.
    reviewed: Memo<Option<ReviewedNerve>>,
    /// Every nerve's markers; a site's reset edits this nerve's.
    markers: StudyMarkers,
    /// Every nerve's automatic markers.
    automatic: StoredValue<Vec<Vec<Option<ResponseMarkers>>>>,
) -> impl IntoView {
    let kind = nerves.with_value(|nerves| nerves[nerve_idx].kind);
    let in_millivolts = kind.amplitudes_in_millivolts();
    let is_sensory = kind.is_sensory();
    let amplitude_unit = if in_millivolts { "mV" } else { "µV" };
    let area_unit = if in_millivolts { "mV·ms" } else { "µV·ms" };
    let site_names: Vec<String> =
        nerves.with_value(|nerves| nerves[nerve_idx].sites.iter().map(|site| site.name.clone()).collect());
    let site_names = StoredValue::new(site_names);
    view! {
        <table class="measurements" data-testid="response-table">
            <caption>"Responses"</caption>
            <thead>
                <tr>
                    <th scope="col">"Site"</th>
                    <th scope="col">"Onset latency (ms)"</th>
                    <th scope="col">"Peak latency (ms)"</th>
                    <th scope="col">{format!("Amplitude b–p ({amplitude_unit})")}</th>
                    <th scope="col">{format!("Amplitude p–p ({amplitude_unit})")}</th>
                    <th scope="col">"Duration (ms)"</th>
                    <th scope="col">{format!("Area ({area_unit})")}</th>
                    {is_sensory.then(|| view! { <th scope="col">"Velocity (m/s)"</th> })}
                    <th scope="col">"Markers"</th>
                </tr>
            </thead>
            <tbody>
                {move || {
                    let Some(reviewed) = reviewed.get() else { return Vec::new() };
                    let flag = |place: Place, measure: Measure| reviewed.flags.get(place, measure).cloned();
                    reviewed
                        .analysis
                        .sites
                        .iter()
                        .enumerate()
                        .map(|(site_idx, site)| {
                            let name = site_names.with_value(|names| names[site_idx].clone());
                            let manual = site.markers.is_some_and(|site_markers| site_markers.is_adjusted());
                            let at_distal = |measure: Measure| if site_idx == 0 { flag(Place::Site(0), measure) } else { None };
                            let cells = match site.measures {
                                Some(measures) => view! {
                                    <FlaggedCell text=display::latency_ms(measures.onset_latency_ms) flag=at_distal(Measure::DistalOnsetLatency) test_id=format!("onset-{site_idx}")/>
                                    <FlaggedCell text=display::latency_ms(measures.peak_latency_ms) flag=at_distal(Measure::DistalPeakLatency) test_id=format!("peak-{site_idx}")/>
                                    <FlaggedCell text=display::amplitude(measures.amplitude_uv, in_millivolts).0 flag=at_distal(Measure::DistalAmplitude) test_id=format!("amplitude-{site_idx}")/>
                                    <FlaggedCell text=display::amplitude(measures.peak_to_peak_uv, in_millivolts).0 flag=at_distal(Measure::DistalPeakToPeakAmplitude) test_id=format!("peak-to-peak-{site_idx}")/>
                                    <td>{display::latency_ms(measures.negative_duration_ms)}</td>
                                    <td>{display::area(measures.negative_area_uv_ms, in_millivolts).0}</td>
                                }
                                .into_any(),
                                None => view! {
                                    <FlaggedCell text="No response".to_string() flag=at_distal(Measure::DistalAmplitude) test_id=format!("amplitude-{site_idx}")/>
                                    <td colspan="5"></td>
                                }
                                .into_any(),
                            };
                            let velocity = site.sensory_velocity_m_per_s;
                            view! {
                                <tr>
                                    <th scope="row">{name}</th>
                                    {cells}
                                    {is_sensory.then(|| view! {
                                        <FlaggedCell
                                            text=velocity.map(display::velocity_m_per_s).unwrap_or_else(|| "–".into())
                                            flag=if site_idx == 0 { flag(Place::Site(0), Measure::ConductionVelocity) } else { None }
                                            test_id=format!("sensory-velocity-{site_idx}")
                                        />
                                    })}
                                    <td>
                                        {if manual { "adjusted " } else { "automatic " }}
                                        <button
                                            type="button"
                                            class="link-button"
                                            aria-label="Reset the markers of this site to automatic"
                                            on:click=move |_| {
                                                let auto = automatic.with_value(|automatic| automatic[nerve_idx][site_idx]);
                                                markers.update(|markers| markers[nerve_idx][site_idx] = auto);
                                            }
                                        >
                                            "reset"
                                        </button>
                                    </td>
                                </tr>
                            }
                        })
                        .collect::<Vec<_>>()
                }}
            </tbody>
        </table>
    }
}

/// The nerve between neighbouring sites: distance, velocity against its limit, and how the
/// response changed from the distal to the proximal site.
#[component]
pub fn SegmentTable(
    /// Position of the nerve in the study.
    nerve_idx: usize,
    /// Every nerve of the study.
    nerves: StoredValue<Vec<NerveConduction>>,
    /// The nerve as reviewed at the current markers.
    reviewed: Memo<Option<ReviewedNerve>>,
) -> impl IntoView {
    let segment_name =
        move |distal_site_idx: usize| nerves.with_value(|nerves| nerves[nerve_idx].segment_name(distal_site_idx));
    view! {
        <Show when=move || reviewed.with(|reviewed| reviewed.as_ref().is_some_and(|reviewed| !reviewed.analysis.segments.is_empty()))>
            <table class="measurements" data-testid="segment-table">
                <caption>"Segments"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Segment"</th>
                        <th scope="col">"Distance (mm)"</th>
                        <th scope="col">"Velocity (m/s)"</th>
                        <th scope="col">"Amplitude change"</th>
                        <th scope="col">"Area change"</th>
                        <th scope="col">"Duration change"</th>
                    </tr>
                </thead>
                <tbody>
                    {move || {
                        let Some(reviewed) = reviewed.get() else { return Vec::new() };
                        reviewed
                            .analysis
                            .segments
                            .iter()
                            .enumerate()
                            .map(|(segment_idx, segment)| {
                                let name = segment_name(segment.distal_site_idx);
                                let dash = || "–".to_string();
                                let velocity_flag = reviewed.flags.get(Place::Segment(segment_idx), Measure::ConductionVelocity).cloned();
                                view! {
                                    <tr>
                                        <th scope="row">{name}</th>
                                        <td>{segment.distance_mm.map(|distance| display::fixed(distance, 0)).unwrap_or_else(dash)}</td>
                                        <FlaggedCell
                                            text=segment.conduction_velocity_m_per_s.map(display::velocity_m_per_s).unwrap_or_else(dash)
                                            flag=velocity_flag
                                            test_id=format!("velocity-{segment_idx}")
                                        />
                                        <td>{segment.amplitude_change_pct.map(display::change_pct).unwrap_or_else(dash)}</td>
                                        <td>{segment.area_change_pct.map(display::change_pct).unwrap_or_else(dash)}</td>
                                        <td>{segment.duration_change_pct.map(display::change_pct).unwrap_or_else(dash)}</td>
                                    </tr>
                                }
                            })
                            .collect::<Vec<_>>()
                    }}
                </tbody>
            </table>
        </Show>
    }
}

/// Why values were left unlabelled (no limit of the profile applies) and the cool-limb warning.
#[component]
pub fn FlagNotes(
    /// The nerve as reviewed at the current markers.
    reviewed: Memo<Option<ReviewedNerve>>,
) -> impl IntoView {
    view! {
        {move || {
            reviewed.with(|reviewed| {
                reviewed.as_ref().filter(|reviewed| !reviewed.flags.notes.is_empty()).map(|reviewed| {
                    view! {
                        <ul class="flag-notes" data-testid="flag-notes">
                            {reviewed.flags.notes.iter().map(|note| view! { <li>{note.clone()}</li> }).collect_view()}
                        </ul>
                    }
                })
            })
        }}
    }
}

/// A measured value, marked by symbol and words (not colour alone) when outside its limit, with
/// the limit and its source on hover and keyboard focus.
#[component]
pub fn FlaggedCell(
    /// The value as printed.
    text: String,
    /// The comparison with a limit, if a limit applies.
    flag: Option<Flag>,
    /// The cell's test hook.
    test_id: String,
) -> impl IntoView {
    let Some(flag) = flag else {
        return view! { <td data-testid=test_id>{text}</td> }.into_any();
    };
    let limit_text = flag.limit_text();
    let symbol = flag.direction_symbol().map(|symbol| format!("{symbol} ")).unwrap_or_default();
    let description = format!("{text}: {}. {limit_text}", flag.status_label());
    view! {
        <td
            class="flagged"
            class:abnormal=flag.is_abnormal
            tabindex="0"
            title=limit_text.clone()
            aria-label=description
            data-limit=limit_text
            data-testid=test_id
        >
            <span class="flag-symbol" aria-hidden="true">{symbol}</span>
            {text}
            {flag.is_abnormal.then(|| view! { <span class="visually-hidden">{format!(" ({})", flag.verdict_label())}</span> })}
        </td>
    }
    .into_any()
}
