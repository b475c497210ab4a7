//! The needle screen: the traces drawn as the machine draws them, and over them a transparent
//! overlay carrying the potentials by class, the segments, the looped stretch and the cursor,
//! so the cursor moves sixty times a second without redrawing the traces. The keyboard pages,
//! plays and sets the gain; a click on a marker plays that potential, elsewhere places the
//! cursor, and a drag selects a stretch to loop.

use edx_core::display::fixed;
use leptos::html;
use leptos::prelude::*;

use super::display::NeedleDisplay;
use super::overlay::{self, Mark, OverlayContent, Stretch};
use super::settings::DisplayFilters;
use super::signal::NeedleSignal;
use super::trace::{self, Screen, TraceGeometry, TraceRow};
use super::transport::SoundTransport;

/// A pointer moved this far while pressed drags a selection instead of placing the cursor, CSS px.
const DRAG_THRESHOLD_CSS_PX: f64 = 5.0;

/// The screen of the channel recorded from `label` (the muscle and side with the channel label).
#[component]
pub fn NeedleScreen(
    /// The muscle and side with the channel label, printed on the screen.
    label: String,
    /// The signal shown.
    signal: NeedleSignal,
    /// What the screen shows and where.
    display: NeedleDisplay,
    /// The sound, whose cursor the overlay draws.
    transport: SoundTransport,
    /// The detected potentials, in recording time.
    marks: Vec<Mark>,
    /// The segments and clipped runs, in recording time.
    stretches: Vec<Stretch>,
) -> impl IntoView {
    let geometry = RwSignal::new(TraceGeometry::default());
    let draw_error = RwSignal::new(None::<String>);
    let trace_ref = NodeRef::<html::Canvas>::new();
    let overlay_ref = NodeRef::<html::Canvas>::new();
    let figure_label = format!(
        "Needle EMG of {label}: {} s at {} kHz, negative up. Detected potentials are marked above the trace with their unit's number, or F (fibrillation potential), P (positive sharp wave), Fa (fasciculation), E (end-plate spike). Left and right arrows page through the recording, space plays or pauses the sound, plus and minus change the sensitivity; a click on a marker plays that potential, a click elsewhere places the cursor, a drag selects a stretch to loop.",
        fixed(signal.end_s - signal.start_s, 1),
        fixed(signal.sampling_rate_hz / 1000.0, 1)
    );

    // The traces: redrawn when the screen or its settings change, or the window is resized.
    let resized = crate::canvas::window_resized();
    Effect::new(move |_| {
        resized.track();
        let Some(canvas) = trace_ref.get() else { return };
        let filters = display.filters();
        let rows = rows_on_screen(&signal, display, &filters);
        let rate = signal.sampling_rate_hz;
        let filters_text = filters.describe(rate);
        let screen = Screen {
            rows: &rows,
            sampling_rate_hz: rate,
            ms_per_div: display.sweep_ms_per_div.get(),
            uv_per_div: display.sensitivity_uv_per_div.get(),
            label: &label,
            filters: &filters_text,
        };
        match trace::draw(&canvas, &screen) {
            Ok(drawn) => {
                crate::timing::mark_first_trace_drawn();
                geometry.set(drawn);
                draw_error.set(None);
            }
            Err(message) => draw_error.set(Some(message)),
        }
    });

    let marks = StoredValue::new(marks);
    let stretches = StoredValue::new(stretches);
    let cursor_px = RwSignal::new(None::<f64>);
    // The markers' positions for the tests change with the screen, not with the moving cursor.
    Effect::new(move |_| {
        let Some(overlay) = overlay_ref.get() else { return };
        let positions = geometry.with(|geometry| marks.with_value(|marks| overlay::mark_positions(geometry, marks)));
        let _ = overlay.set_attribute("data-mark-positions", &positions);
    });
    Effect::new(move |_| {
        let (Some(overlay), Some(traces)) = (overlay_ref.get(), trace_ref.get()) else { return };
        let screen_loop = move || {
            let start = display.screen_start_s.get();
            (start, start + display.span_s())
        };
        let loop_range = transport.selection.get().or_else(|| transport.loop_screen.get().then(screen_loop));
        let cursor_s = transport.cursor_s.get();
        let x = geometry.with(|geometry| {
            marks.with_value(|marks| {
                stretches.with_value(|stretches| {
                    overlay::draw(
                        &overlay,
                        &traces,
                        geometry,
                        &OverlayContent { marks, stretches, cursor_s, loop_range },
                    )
                })
            })
        });
        cursor_px.set(x);
    });

    let pointer = ScreenPointer { geometry, marks, transport, overlay: overlay_ref, anchor: StoredValue::new(None) };
    let caption = move || match transport.cursor_s.get() {
        Some(cursor) => {
            format!("Cursor at {} s. {}", fixed(cursor, 3), if transport.playing.get() { "Playing." } else { "" })
        }
        None => "Click the trace to place the cursor; sound plays from it.".to_string(),
    };
    view! {
        <figure class="trace-figure">
            <div class="trace-stack">
                <canvas node_ref=trace_ref class="traces" aria-hidden="true" data-testid="needle-trace"
                    data-screen-start-s=move || format!("{:.4}", display.screen_start_s.get())></canvas>
                <canvas
                    node_ref=overlay_ref
                    class="marker-overlay"
                    tabindex="0"
                    role="img"
                    aria-label=figure_label
                    data-testid="needle-overlay"
                    data-cursor-s=move || transport.cursor_s.get().map(|cursor| format!("{cursor:.4}")).unwrap_or_default()
                    data-cursor-px=move || cursor_px.get().map(|x| format!("{x:.1}")).unwrap_or_default()
                    data-selection=move || transport.selection.get().map(|(start, end)| format!("{start:.4}-{end:.4}")).unwrap_or_default()
                    on:keydown=move |event| screen_key(display, transport, event)
                    on:pointerdown=move |event| pointer.press(event)
                    on:pointermove=move |event| pointer.drag(event)
                    on:pointerup=move |event| pointer.release(event)
                    on:pointercancel=move |_| pointer.cancel()
                ></canvas>
            </div>
            <figcaption class="marker-selection">{caption}</figcaption>
            // Announced once as sound starts or stops, not at every step of the moving cursor.
            <p class="visually-hidden" aria-live="polite">{move || {
                let playing = transport.playing.get();
                match transport.cursor_s.get_untracked() {
                    Some(cursor) if playing => format!("Playing from {} s.", fixed(cursor, 2)),
                    Some(cursor) => format!("Sound stopped at {} s.", fixed(cursor, 2)),
                    None => String::new(),
                }
            }}</p>
        </figure>
        {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
    }
}

/// The rows the screen shows from `display.screen_start_s`: one sweep, or the raster's stack, each
/// filtered with `filters` (tracked).
fn rows_on_screen(signal: &NeedleSignal, display: NeedleDisplay, filters: &DisplayFilters) -> Vec<TraceRow> {
    let (window_s, start_s) = (display.window_s(), display.screen_start_s.get());
    let rate = signal.sampling_rate_hz;
    (0..display.n_rows())
        .map(|row_idx| {
            let row_start_s = start_s + row_idx as f64 * window_s;
            let first = signal.index_at(row_start_s);
            let last = first + (window_s * rate).ceil() as usize + 1;
            TraceRow { start_s: row_start_s, values_uv: signal.filtered_uv(first, last, filters) }
        })
        .collect()
}

/// The screen's keys: the left and right arrows page, Home and End go to the ends, space plays
/// or pauses, plus and minus change the sensitivity; other keys are left to the page.
fn screen_key(display: NeedleDisplay, transport: SoundTransport, event: web_sys::KeyboardEvent) {
    match event.key().as_str() {
        "ArrowRight" => display.page(1.0),
        "ArrowLeft" => display.page(-1.0),
        " " => transport.toggle(),
        "Home" => display.go_to_edge(false),
        "End" => display.go_to_edge(true),
        "+" | "=" => display.step_sensitivity(true),
        "-" => display.step_sensitivity(false),
        _ => return,
    }
    event.prevent_default();
}

/// What the pointer does on the screen: a press anchors at the time under it; moving
/// [`DRAG_THRESHOLD_CSS_PX`] away from there drags a stretch to loop; a release without a drag
/// plays the potential whose marker is under it, or else places the cursor at the press.
#[derive(Clone, Copy)]
struct ScreenPointer {
    /// Where the traces were drawn, to turn pointer positions into times.
    geometry: RwSignal<TraceGeometry>,
    /// The detected potentials, whose markers a click plays.
    marks: StoredValue<Vec<Mark>>,
    transport: SoundTransport,
    /// The overlay canvas, which captures the pointer while it is pressed.
    overlay: NodeRef<html::Canvas>,
    /// Where the press landed: recording time, s, and the pointer's x, CSS px.
    anchor: StoredValue<Option<(f64, f64)>>,
}

impl ScreenPointer {
    /// The pointer's position in device pixels, as the geometry measures.
    fn device_px(self, event: &web_sys::PointerEvent) -> (f64, f64) {
        let ratio = self.geometry.with_untracked(|geometry| geometry.pixel_ratio);
        (f64::from(event.offset_x()) * ratio, f64::from(event.offset_y()) * ratio)
    }

    /// The recording time under the pointer, if it is over a trace.
    fn time_under(self, event: &web_sys::PointerEvent) -> Option<f64> {
        let (x, y) = self.device_px(event);
        self.geometry.with_untracked(|geometry| geometry.time_at(x, y))
    }

    /// A press over a trace anchors there and captures the pointer.
    fn press(self, event: web_sys::PointerEvent) {
        if let Some(time_s) = self.time_under(&event) {
            self.anchor.set_value(Some((time_s, f64::from(event.offset_x()))));
            if let Some(overlay) = self.overlay.get_untracked() {
                let _ = overlay.set_pointer_capture(event.pointer_id());
            }
        }
    }

    /// Far enough from the anchor, the stretch between it and the pointer becomes the loop.
    fn drag(self, event: web_sys::PointerEvent) {
        let Some((anchor_s, anchor_x)) = self.anchor.get_value() else { return };
        if (f64::from(event.offset_x()) - anchor_x).abs() < DRAG_THRESHOLD_CSS_PX {
            return;
        }
        if let Some(time_s) = self.time_under(&event) {
            self.transport.selection.set(Some((anchor_s.min(time_s), anchor_s.max(time_s))));
            self.transport.loop_screen.set(true);
        }
    }

    /// A release near the anchor is a click: on a marker it plays that potential, elsewhere it
    /// places the cursor.
    fn release(self, event: web_sys::PointerEvent) {
        let Some((anchor_s, anchor_x)) = self.anchor.get_value() else { return };
        self.anchor.set_value(None);
        if (f64::from(event.offset_x()) - anchor_x).abs() >= DRAG_THRESHOLD_CSS_PX {
            return;
        }
        let (x, y) = self.device_px(&event);
        let clicked_mark = self.geometry.with_untracked(|geometry| {
            self.marks.with_value(|marks| overlay::mark_at(geometry, marks, x, y).map(|mark| mark.time_s))
        });
        match clicked_mark {
            Some(time_s) => self.transport.jump_to(time_s),
            None => self.transport.place_cursor(anchor_s),
        }
    }

    /// The browser took the pointer away (a touch turned into a scroll): no click, no drag.
    fn cancel(self) {
        self.anchor.set_value(None);
    }
}
