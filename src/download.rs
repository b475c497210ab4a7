//! Saving what the page made (a CSV of measurements, a study file, an EDF file) to the user's computer: a
//! `Blob` URL clicked as a download link, so nothing travels over the network.

use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offers `text` as a file called `file_name` of MIME type `mime`.
pub fn save_text(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    save_parts(file_name, mime, &js_sys::Array::of1(&text.into()))
}

/// Offers `bytes` as a file called `file_name` of MIME type `mime` (an EDF file).
pub fn save_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    save_parts(file_name, mime, &js_sys::Array::of1(&js_sys::Uint8Array::from(bytes)))
}

/// Offers the blob of `parts` as a file.
fn save_parts(file_name: &str, mime: &str, parts: &js_sys::Array) -> Result<(), String> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let blob = Blob::new_with_u8_array_sequence_and_options(parts, &options)
        .map_err(|_| "the browser could not prepare the file".to_string())?;
    let url =
        Url::create_object_url_with_blob(&blob).map_err(|_| "the browser could not prepare the file".to_string())?;
    let document = web_sys::window().and_then(|window| window.document()).ok_or("no document")?;
    let link: HtmlAnchorElement = document.create_element("a").map_err(|_| "no link element")?.unchecked_into();
    link.set_href(&url);
    link.set_download(file_name);
    link.click();
    // The download has started from the link; the URL is no longer needed.
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

/// A file name's stem made of a study's `title`: lower-case letters and digits, every other
/// character a hyphen, none at either end; `study` for a title with no letter or digit of those.
pub fn file_stem(title: &str) -> String {
    let stem: String = title
        .chars()
        .map(|character| if character.is_ascii_alphanumeric() { character.to_ascii_lowercase() } else { '-' })
        .collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() {
        "study".to_string()
    } else {
        stem.to_string()
    }
}
