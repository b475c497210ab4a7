//! The viewer's figure: the canvas the recording is drawn on, redrawn as the view changes or a
//! window of a large file's samples arrives, and moved by the wheel (scroll; with Ctrl, zoom
//! about the pointer), by dragging, and by the keyboard.

use std::rc::Rc;

use edx_core::display;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use super::draw::{self, PlotGeometry};
use super::state::{ViewState, DIVISIONS_ACROSS};
use crate::opened_study::OpenedRecording;

/// The drawn recording at the view `state`, which the pointer and keys change.
#[component]
pub fn ViewerFigure(
    /// The recording, with its samples in the worker's transferred buffers.
    recording: Rc<OpenedRecording>,
    /// The time window, channels and polarity shown, which the pointer and keys change.
    state: RwSignal<ViewState>,
) -> impl IntoView {
    let file_name = recording.recording.file_name.clone();
    let title = recording.recording.title();
    let (first_s, last_s) = state.with_untracked(|view| view.extent);
    let figure_label = format!(
        "{title}: {} channels over {} s. Arrow keys scroll, plus and minus change the time base, up and down change the sensitivity.",
        recording.recording.channels.len(),
        display::fixed(last_s - first_s, 1)
    );
    let canvas_label = format!("Signals of {title}, negative up by default");
    let recording = StoredValue::new_local(recording);
    let canvas_ref = NodeRef::<html::Canvas>::new();
    let geometry = StoredValue::new(None::<PlotGeometry>);
    let (draw_error, set_draw_error) = signal(None::<String>);
    let (awaiting_samples, set_awaiting_samples) = signal(false);

    let resized = crate::canvas::window_resized();
    Effect::new(move |_| {
        resized.track();
        let view = state.get();
        let windows =
            move |recording: &Rc<OpenedRecording>| recording.buffers.windows.clone().map(|(windows, _)| windows);
        if let Some(windows) = recording.with_value(windows) {
            windows.track();
        }
        let Some(canvas) = canvas_ref.get() else { return };
        match recording.with_value(|recording| draw::draw(&canvas, recording, &view)) {
            Ok(drawn) => {
                geometry.set_value(Some(drawn));
                crate::timing::mark_first_trace_drawn();
                crate::timing::mark_recording_drawn(&file_name);
                if !drawn.awaiting_samples {
                    crate::timing::mark_recording_drawn_exactly(&file_name);
                }
                set_awaiting_samples.set(drawn.awaiting_samples);
                let failure = recording.with_value(windows).and_then(|windows| windows.failure());
                set_draw_error.set(failure.map(|failure| format!("Drawn from the envelopes only: {failure}")));
            }
            Err(message) => set_draw_error.set(Some(message)),
        }
    });
    // The wheel listener, attached by hand as a non-passive listener so the page does not scroll
    // as well, and removed with the figure.
    let wheel = StoredValue::new_local(None::<(web_sys::HtmlCanvasElement, Closure<dyn FnMut(web_sys::WheelEvent)>)>);
    on_cleanup(move || {
        if let Some(Some((canvas, on_wheel))) = wheel.try_update_value(Option::take) {
            let _ = canvas.remove_event_listener_with_callback("wheel", on_wheel.as_ref().unchecked_ref());
        }
    });
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else { return };
        let on_wheel = Closure::<dyn FnMut(web_sys::WheelEvent)>::new(move |event: web_sys::WheelEvent| {
            event.prevent_default();
            let anchor = geometry.get_value().map_or(0.5, |plot| {
                ((f64::from(event.offset_x()) - plot.plot_left_css_px) / plot.plot_width_css_px).clamp(0.0, 1.0)
            });
            state.update(|view| {
                if event.ctrl_key() || event.meta_key() {
                    view.zoom(if event.delta_y() > 0.0 { 1 } else { -1 }, anchor);
                } else {
                    let delta =
                        if event.delta_x().abs() > event.delta_y().abs() { event.delta_x() } else { event.delta_y() };
                    let window_s = view.window_s();
                    view.pan(delta.signum() * window_s / 10.0);
                }
            });
        });
        let options = web_sys::AddEventListenerOptions::new();
        options.set_passive(false);
        let _ = canvas.add_event_listener_with_callback_and_add_event_listener_options(
            "wheel",
            on_wheel.as_ref().unchecked_ref(),
            &options,
        );
        wheel.set_value(Some((canvas, on_wheel)));
    });

    let drag_origin = StoredValue::new(None::<(f64, f64)>);
    let on_pointer_down = move |event: web_sys::PointerEvent| {
        if let Some(canvas) = canvas_ref.get() {
            let _ = canvas.set_pointer_capture(event.pointer_id());
        }
        drag_origin.set_value(Some((f64::from(event.client_x()), state.get_untracked().start_s)));
    };
    let on_pointer_move = move |event: web_sys::PointerEvent| {
        let Some((origin_x, origin_start_s)) = drag_origin.get_value() else { return };
        let Some(plot) = geometry.get_value() else { return };
        let seconds_per_px = state.get_untracked().window_s() / plot.plot_width_css_px;
        let target_start_s = origin_start_s - (f64::from(event.client_x()) - origin_x) * seconds_per_px;
        state.update(|view| {
            view.start_s = target_start_s;
            view.clamp();
        });
    };
    let on_pointer_up = move |_event: web_sys::PointerEvent| drag_origin.set_value(None);
    let on_key_down = move |event: web_sys::KeyboardEvent| {
        let handled = state.try_update(|view| {
            let step_s = if event.shift_key() { view.window_s() } else { view.window_s() / DIVISIONS_ACROSS };
            match event.key().as_str() {
                "ArrowRight" => view.pan(step_s),
                "ArrowLeft" => view.pan(-step_s),
                "PageDown" => view.pan(view.window_s()),
                "PageUp" => view.pan(-view.window_s()),
                "Home" => view.pan(f64::NEG_INFINITY),
                "End" => view.pan(f64::INFINITY),
                "+" | "=" => view.zoom(-1, 0.5),
                "-" | "_" => view.zoom(1, 0.5),
                "ArrowUp" => view.step_sensitivities(true),
                "ArrowDown" => view.step_sensitivities(false),
                _ => return false,
            }
            true
        });
        if handled == Some(true) {
            event.prevent_default();
        }
    };
    view! {
        <figure
            class="viewer-figure"
            data-testid="viewer-figure"
            data-awaiting-samples=move || awaiting_samples.get().to_string()
            aria-busy=move || awaiting_samples.get().to_string()
            tabindex="0"
            aria-label=figure_label
            on:keydown=on_key_down
        >
            <canvas
                node_ref=canvas_ref
                class="signals"
                data-testid="trace-canvas"
                role="img"
                aria-label=canvas_label
                on:pointerdown=on_pointer_down
                on:pointermove=on_pointer_move
                on:pointerup=on_pointer_up
            ></canvas>
            {move || draw_error.get().map(|message| view! { <p class="error" role="alert">{message}</p> })}
        </figure>
    }
}
