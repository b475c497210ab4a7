//! One nerve's traces as the physician reads them: the sites stacked distal first on a canvas,
//! and over them an overlay of draggable markers (onset, negative peak, end of the negative
//! phase, positive peak), redrawn on every move without redrawing the traces; the keyboard
//! chooses and moves markers one sample at a time.

use edx_core::display;
use edx_core::model::NerveConduction;
use leptos::html;
use leptos::prelude::*;

use super::markers_overlay::{self, MarkerId, MarkerKind};
use super::panel::StudyMarkers;
use super::plot::{self, TraceLayout, TraceScale};

/// Markers move by one sample per arrow key press, ten with Shift.
const SAMPLES_PER_LARGE_STEP: f64 = 10.0;

/// The traces and markers of nerve `nerve_idx` at the chosen scale.
#[component]
pub fn NerveTraces(
    /// Position of the nerve in the study.
    nerve_idx: usize,
    /// Every nerve of the study.
    nerves: StoredValue<Vec<NerveConduction>>,
    /// Every nerve's markers as the user left them; these traces move their own.
    markers: StudyMarkers,
    /// Sensitivity, µV per division.
    sensitivity: RwSignal<f64>,
    /// Sweep speed, ms per division.
    sweep: RwSignal<f64>,
) -> impl IntoView {
    let selected = RwSignal::new(None::<MarkerId>);
    let layout = RwSignal::new(TraceLayout::default());
    let dragging = StoredValue::new(false);
    let trace_ref = NodeRef::<html::Canvas>::new();
    let overlay_ref = NodeRef::<html::Canvas>::new();
    let (draw_error, set_draw_error) = signal(None::<String>);
    let title = nerves.with_value(|nerves| nerves[nerve_idx].title());
    let n_sites = nerves.with_value(|nerves| nerves[nerve_idx].sites.len());

    // The traces: redrawn only when the scale changes (or the window is resized).
    let resize_tick = RwSignal::new(0u32);
    let resize = window_event_listener(leptos::ev::resize, move |_| resize_tick.update(|tick| *tick += 1));
    on_cleanup(move || resize.remove());
    Effect::new(move |_| {
        resize_tick.track();
        let scale = TraceScale { sensitivity_uv_per_div: sensitivity.get(), sweep_ms_per_div: sweep.get() };
        let Some(canvas) = trace_ref.get() else { return };
        match nerves.with_value(|nerves| plot::draw_nerve_traces(&canvas, &nerves[nerve_idx], scale)) {
            Ok(drawn) => {
                crate::timing::mark_first_trace_drawn();
                layout.set(drawn);
                set_draw_error.set(None);
            }
            Err(message) => set_draw_error.set(Some(message)),
        }
    });
    // The markers: redrawn on every move, without touching the traces.
    Effect::new(move |_| {
        let (Some(overlay), Some(traces)) = (overlay_ref.get(), trace_ref.get()) else { return };
        let positions = layout.with(|layout| {
            markers.with(|markers| {
                nerves.with_value(|nerves| {
                    markers_overlay::draw(
                        &overlay,
                        &traces,
                        layout,
                        &nerves[nerve_idx],
                        &markers[nerve_idx],
                        selected.get(),
                    )
                })
            })
        });
        let _ = overlay.set_attribute("data-marker-positions", &positions);
    });

    let pointer_px = move |event: &web_sys::PointerEvent| {
        let ratio = layout.with_untracked(|layout| layout.pixel_ratio);
        (f64::from(event.offset_x()) * ratio, f64::from(event.offset_y()) * ratio)
    };
    let move_selected_to = move |time_ms: f64| {
        let Some(id) = selected.get_untracked() else { return };
        let snapped_ms = nerves.with_value(|nerves| {
            nerves[nerve_idx].sites[id.site_idx].sweeps.first().map_or(time_ms, |sweep| sweep.snap_ms(time_ms))
        });
        markers.update(|markers| {
            if let Some(site_markers) = markers[nerve_idx].get_mut(id.site_idx).and_then(Option::as_mut) {
                id.kind.set(site_markers, snapped_ms);
            }
        });
    };
    let on_pointer_down = move |event: web_sys::PointerEvent| {
        let (x, y) = pointer_px(&event);
        let ratio = layout.with_untracked(|layout| layout.pixel_ratio);
        let hit = layout.with_untracked(|layout| {
            markers.with_untracked(|markers| {
                nerves.with_value(|nerves| {
                    markers_overlay::hit_test(layout, &nerves[nerve_idx], &markers[nerve_idx], x, y, 12.0 * ratio)
                })
            })
        });
        if let Some(id) = hit {
            selected.set(Some(id));
            dragging.set_value(true);
            if let Some(overlay) = overlay_ref.get_untracked() {
                let _ = overlay.set_pointer_capture(event.pointer_id());
            }
            event.prevent_default();
        }
    };
    let on_pointer_move = move |event: web_sys::PointerEvent| {
        if !dragging.get_value() {
            return;
        }
        let Some(id) = selected.get_untracked() else { return };
        let (x, _) = pointer_px(&event);
        if let Some(time_ms) = layout.with_untracked(|layout| layout.rows.get(id.site_idx).map(|row| row.time_at(x))) {
            move_selected_to(time_ms);
        }
    };
    let on_pointer_up = move |_event: web_sys::PointerEvent| dragging.set_value(false);
    let on_key_down = move |event: web_sys::KeyboardEvent| {
        let all: Vec<MarkerId> = markers.with_untracked(|markers| {
            markers[nerve_idx]
                .iter()
                .enumerate()
                .filter(|(_, site_markers)| site_markers.is_some())
                .flat_map(|(site_idx, _)| MarkerKind::ALL.map(|kind| MarkerId { site_idx, kind }))
                .collect()
        });
        let position = selected.get_untracked().and_then(|id| all.iter().position(|candidate| *candidate == id));
        match event.key().as_str() {
            "ArrowDown" | "ArrowUp" if !all.is_empty() => {
                let next = match (position, event.key() == "ArrowDown") {
                    (None, _) => 0,
                    (Some(position), true) => (position + 1) % all.len(),
                    (Some(position), false) => (position + all.len() - 1) % all.len(),
                };
                selected.set(Some(all[next]));
            }
            "ArrowLeft" | "ArrowRight" => {
                let Some(id) = selected.get_untracked() else { return };
                let period_ms = nerves.with_value(|nerves| {
                    nerves[nerve_idx].sites[id.site_idx].sweeps.first().map_or(0.05, |sweep| sweep.sample_period_ms())
                });
                let steps = if event.shift_key() { SAMPLES_PER_LARGE_STEP } else { 1.0 };
                let direction = if event.key() == "ArrowRight" { 1.0 } else { -1.0 };
                let current = markers.with_untracked(|markers| {
                    markers[nerve_idx][id.site_idx].map(|site_markers| id.kind.time_ms(&site_markers))
                });
                if let Some(current) = current {
                    move_selected_to(current + direction * steps * period_ms);
                }
            }
            _ => return,
        }
        event.prevent_default();
    };

    let selection_text = move || {
        let Some(id) = selected.get() else {
            return "No marker selected: press the down arrow to choose one.".to_string();
        };
        let site_name = nerves.with_value(|nerves| nerves[nerve_idx].sites[id.site_idx].name.clone());
        let time =
            markers.with(|markers| markers[nerve_idx][id.site_idx].map(|site_markers| id.kind.time_ms(&site_markers)));
        format!("{site_name} {}: {} ms", id.kind.label(), time.map(display::latency_ms).unwrap_or_default())
    };
    let figure_label = format!(
        "{title}: {n_sites} stimulation sites, negative up, with markers O (onset), N (negative peak), E (end of negative phase) and P (positive peak). Up and down arrows choose a marker; left and right move it by one sample, with Shift by ten."
    );

    view! {
        <figure class="trace-figure">
            <div class="trace-stack">
                <canvas node_ref=trace_ref class="traces" aria-hidden="true" data-testid="trace-canvas"></canvas>
                <canvas
                    node_ref=overlay_ref
                    class="marker-overlay"
                    tabindex="0"
                    role="img"
                    aria-label=figure_label
                    data-testid="marker-overlay"
                    on:pointerdown=on_pointer_down
                    on:pointermove=on_pointer_move
                    on:pointerup=on_pointer_up
                    on:keydown=on_key_down
                ></canvas>
            </div>
            <figcaption class="marker-selection" aria-live="polite" data-testid="marker-selection">{selection_text}</figcaption>
        </figure>
        {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
    }
}
