//! One nerve's traces as the physician reads them: the sites stacked distal first on a canvas,
//! and over them an overlay of draggable markers (onset, negative peak, end of the negative
//! phase, positive peak), redrawn on every move without redrawing the traces; the keyboard
//! chooses and moves markers one sample at a time.

use edx_core::display;
use edx_core::model::NerveConduction;
use edx_core::ncs::MarkerKind;
use leptos::html;
use leptos::prelude::*;

use super::markers_overlay::{self, MarkerId};
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
    let trace_ref = NodeRef::<html::Canvas>::new();
    let overlay_ref = NodeRef::<html::Canvas>::new();
    let editing = MarkerEditing {
        nerve_idx,
        nerves,
        markers,
        selected,
        layout,
        dragging: StoredValue::new(false),
        overlay: overlay_ref,
    };
    let (draw_error, set_draw_error) = signal(None::<String>);
    let title = nerves.with_value(|nerves| nerves[nerve_idx].title());
    let n_sites = nerves.with_value(|nerves| nerves[nerve_idx].sites.len());

    // The traces: redrawn only when the scale changes (or the window is resized).
    let resized = crate::canvas::window_resized();
    Effect::new(move |_| {
        resized.track();
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
                    on:pointerdown=move |event| editing.press(event)
                    on:pointermove=move |event| editing.drag(event)
                    on:pointerup=move |_| editing.release()
                    on:pointercancel=move |_| editing.release()
                    on:keydown=move |event| editing.key_down(event)
                ></canvas>
            </div>
            <figcaption class="marker-selection" aria-live="polite" data-testid="marker-selection">{move || editing.selection_text()}</figcaption>
        </figure>
        {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
    }
}

/// Choosing and moving one nerve's markers: a press on a marker selects it and a drag moves it;
/// the up and down arrows walk the markers site by site, left and right move the selected one by
/// a sample (ten with Shift). Every move snaps to a sample of the sweep and marks the marker as
/// set by hand.
#[derive(Clone, Copy)]
struct MarkerEditing {
    nerve_idx: usize,
    nerves: StoredValue<Vec<NerveConduction>>,
    markers: StudyMarkers,
    /// The marker the keyboard and a drag move.
    selected: RwSignal<Option<MarkerId>>,
    /// Where the traces were drawn, to turn pointer positions into times.
    layout: RwSignal<TraceLayout>,
    /// Whether the pointer is pressed on the selected marker.
    dragging: StoredValue<bool>,
    /// The overlay canvas, which captures the pointer during a drag.
    overlay: NodeRef<html::Canvas>,
}

impl MarkerEditing {
    /// The pointer's position in device pixels, as the layout measures.
    fn pointer_px(self, event: &web_sys::PointerEvent) -> (f64, f64) {
        let ratio = self.layout.with_untracked(|layout| layout.pixel_ratio);
        (f64::from(event.offset_x()) * ratio, f64::from(event.offset_y()) * ratio)
    }

    /// Moves the selected marker to the sample nearest `time_ms`.
    fn move_selected_to(self, time_ms: f64) {
        let Some(id) = self.selected.get_untracked() else { return };
        let nerve_idx = self.nerve_idx;
        let snapped_ms = self.nerves.with_value(|nerves| {
            nerves[nerve_idx].sites[id.site_idx].sweeps.first().map_or(time_ms, |sweep| sweep.snap_ms(time_ms))
        });
        self.markers.update(|markers| {
            if let Some(site_markers) = markers[nerve_idx].get_mut(id.site_idx).and_then(Option::as_mut) {
                id.kind.set(site_markers, snapped_ms);
            }
        });
    }

    /// A press on a marker selects it and starts dragging it.
    fn press(self, event: web_sys::PointerEvent) {
        let (x, y) = self.pointer_px(&event);
        let ratio = self.layout.with_untracked(|layout| layout.pixel_ratio);
        let hit = self.layout.with_untracked(|layout| {
            self.markers.with_untracked(|markers| {
                self.nerves.with_value(|nerves| {
                    markers_overlay::hit_test(
                        layout,
                        &nerves[self.nerve_idx],
                        &markers[self.nerve_idx],
                        x,
                        y,
                        12.0 * ratio,
                    )
                })
            })
        });
        if let Some(id) = hit {
            self.selected.set(Some(id));
            self.dragging.set_value(true);
            if let Some(overlay) = self.overlay.get_untracked() {
                let _ = overlay.set_pointer_capture(event.pointer_id());
            }
            event.prevent_default();
        }
    }

    /// While dragging, the selected marker follows the pointer along its own trace.
    fn drag(self, event: web_sys::PointerEvent) {
        if !self.dragging.get_value() {
            return;
        }
        let Some(id) = self.selected.get_untracked() else { return };
        let (x, _) = self.pointer_px(&event);
        if let Some(time_ms) =
            self.layout.with_untracked(|layout| layout.rows.get(id.site_idx).map(|row| row.time_at(x)))
        {
            self.move_selected_to(time_ms);
        }
    }

    /// Ends a drag.
    fn release(self) {
        self.dragging.set_value(false);
    }

    /// The arrow keys choose and move markers; other keys are left to the page.
    fn key_down(self, event: web_sys::KeyboardEvent) {
        let nerve_idx = self.nerve_idx;
        let all: Vec<MarkerId> = self.markers.with_untracked(|markers| {
            markers[nerve_idx]
                .iter()
                .enumerate()
                .filter(|(_, site_markers)| site_markers.is_some())
                .flat_map(|(site_idx, _)| MarkerKind::ALL.map(|kind| MarkerId { site_idx, kind }))
                .collect()
        });
        let position = self.selected.get_untracked().and_then(|id| all.iter().position(|candidate| *candidate == id));
        match event.key().as_str() {
            "ArrowDown" | "ArrowUp" if !all.is_empty() => {
                let next = match (position, event.key() == "ArrowDown") {
                    (None, _) => 0,
                    (Some(position), true) => (position + 1) % all.len(),
                    (Some(position), false) => (position + all.len() - 1) % all.len(),
                };
                self.selected.set(Some(all[next]));
            }
            "ArrowLeft" | "ArrowRight" => {
                let Some(id) = self.selected.get_untracked() else { return };
                let period_ms = self.nerves.with_value(|nerves| {
                    nerves[nerve_idx].sites[id.site_idx].sweeps.first().map_or(0.05, |sweep| sweep.sample_period_ms())
                });
                let steps = if event.shift_key() { SAMPLES_PER_LARGE_STEP } else { 1.0 };
                let direction = if event.key() == "ArrowRight" { 1.0 } else { -1.0 };
                let current = self.markers.with_untracked(|markers| {
                    markers[nerve_idx][id.site_idx].map(|site_markers| id.kind.time_ms(&site_markers))
                });
                if let Some(current) = current {
                    self.move_selected_to(current + direction * steps * period_ms);
                }
            }
            _ => return,
        }
        event.prevent_default();
    }

    /// The selected marker and its time, as the caption reads it (tracked).
    fn selection_text(self) -> String {
        let Some(id) = self.selected.get() else {
            return "No marker selected: press the down arrow to choose one.".to_string();
        };
        let site_name = self.nerves.with_value(|nerves| nerves[self.nerve_idx].sites[id.site_idx].name.clone());
        let time = self
            .markers
            .with(|markers| markers[self.nerve_idx][id.site_idx].map(|site_markers| id.kind.time_ms(&site_markers)));
        format!("{site_name} {}: {} ms", id.kind.label(), time.map(display::latency_ms).unwrap_or_default())
    }
}
