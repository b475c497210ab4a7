//! Printing a document other than the page (the study's report) from the page: the document
//! goes into a frame kept out of sight, and the browser's print dialog opens on that frame, so
//! the report prints as the downloaded file does ("Save as PDF" is the browser's own). The
//! frame shares the page's Content-Security-Policy, so its document links its stylesheet
//! rather than holding it inline.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlIFrameElement;

/// The frame's element id; one frame at a time, replaced by the next print.
const FRAME_ID: &str = "print-frame";

/// Opens the print dialog on `html`, once its stylesheet has loaded.
pub fn print_document(html: &str) -> Result<(), String> {
    let failed = || "the browser could not prepare the report for printing".to_string();
    let document = web_sys::window().and_then(|window| window.document()).ok_or_else(failed)?;
    if let Some(previous) = document.get_element_by_id(FRAME_ID) {
        previous.remove();
    }
    let frame: HtmlIFrameElement = document.create_element("iframe").map_err(|_| failed())?.unchecked_into();
    frame.set_id(FRAME_ID);
    frame.set_class_name("print-frame");
    frame.set_title("The report, prepared for printing");
    let _ = frame.set_attribute("aria-hidden", "true");
    let _ = frame.set_attribute("tabindex", "-1");
    let printed = frame.clone();
    let on_load = Closure::once_into_js(move || {
        if let Some(window) = printed.content_window() {
            let _ = window.print();
        }
    });
    frame.set_onload(Some(on_load.unchecked_ref()));
    frame.set_srcdoc(html);
    document.body().ok_or_else(failed)?.append_child(&frame).map_err(|_| failed())?;
    Ok(())
}
