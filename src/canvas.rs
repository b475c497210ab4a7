//! Setting a canvas up for drawing, one way for every view: sized in CSS pixels through the
//! CSS object model (the Content-Security-Policy forbids style attributes), backed by device
//! pixels so lines stay sharp on high-density screens, and cleared to white.

use leptos::prelude::{on_cleanup, window_event_listener, ArcTrigger, Notify};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The ink of every trace: a dark blue, as on acquisition machines' white screens.
pub const TRACE_COLOUR: RGBColor = RGBColor(16, 42, 92);
/// The grid of divisions.
pub const GRID_COLOUR: RGBColor = RGBColor(226, 230, 236);
/// A trace's zero line, darker than the grid.
pub const BASELINE_COLOUR: RGBColor = RGBColor(160, 166, 176);
/// Labels and axes.
pub const TEXT_COLOUR: RGBColor = RGBColor(40, 44, 52);

/// A trigger that fires whenever the window is resized, for a drawing effect to track: the
/// canvases are sized to their box. The listener goes with the calling component.
pub fn window_resized() -> ArcTrigger {
    let resized = ArcTrigger::new();
    let notify = resized.clone();
    let listener = window_event_listener(leptos::ev::resize, move |_| notify.notify());
    on_cleanup(move || listener.remove());
    resized
}

/// A canvas ready to draw on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sized {
    /// Device pixels per CSS pixel.
    pub pixel_ratio: f64,
    /// Width, CSS pixels.
    pub css_width: f64,
    /// Height, CSS pixels.
    pub css_height: f64,
}

impl Sized {
    /// `css_px` CSS pixels in device pixels.
    pub fn px(&self, css_px: f64) -> f64 {
        css_px * self.pixel_ratio
    }
}

/// The screen's device pixels per CSS pixel, at least 1.
pub fn pixel_ratio() -> f64 {
    web_sys::window().map(|window| window.device_pixel_ratio()).unwrap_or(1.0).max(1.0)
}

/// Sizes `canvas` `css_height` CSS pixels high (with `css_height` `None`, the height its style
/// sheet gives it) and as wide as its box, at least `min_css_width`, in device pixels.
pub fn size(canvas: &HtmlCanvasElement, css_height: Option<f64>, min_css_width: f64) -> Result<Sized, String> {
    let pixel_ratio = pixel_ratio();
    let css_height = match css_height {
        Some(css_height) => {
            canvas
                .style()
                .set_property("height", &format!("{css_height}px"))
                .map_err(|_| "the browser would not size the canvas".to_string())?;
            css_height
        }
        None => f64::from(canvas.client_height()),
    };
    let css_width = f64::from(canvas.client_width()).max(min_css_width);
    canvas.set_width((css_width * pixel_ratio).round() as u32);
    canvas.set_height((css_height * pixel_ratio).round() as u32);
    Ok(Sized { pixel_ratio, css_width, css_height })
}

/// A plotters drawing area over all of `canvas`, filled white.
pub fn white_area(canvas: &HtmlCanvasElement) -> Result<DrawingArea<CanvasBackend, Shift>, String> {
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("the browser gave no 2D canvas context")?;
    let root = backend.into_drawing_area();
    root.fill(&WHITE).map_err(|error| format!("could not clear the canvas: {error}"))?;
    Ok(root)
}

/// The canvas's 2D context, for what is drawn by hand (overlays, cards), cleared to white when
/// `white` (or to transparent, for an overlay).
pub fn context_2d(canvas: &HtmlCanvasElement, white: bool) -> Option<CanvasRenderingContext2d> {
    let context: CanvasRenderingContext2d = canvas.get_context("2d").ok().flatten()?.dyn_into().ok()?;
    let (width, height) = (f64::from(canvas.width()), f64::from(canvas.height()));
    if white {
        context.set_fill_style_str("#ffffff");
        context.fill_rect(0.0, 0.0, width, height);
    } else {
        context.clear_rect(0.0, 0.0, width, height);
    }
    Some(context)
}

/// Sizes `overlay` as `under` (in device pixels) and gives its cleared 2D context.
pub fn overlay_over(overlay: &HtmlCanvasElement, under: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    overlay.set_width(under.width());
    overlay.set_height(under.height());
    context_2d(overlay, false)
}
