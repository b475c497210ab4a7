//! Reading the user's `File`s: whole, slice by slice with progress, or a byte range.

use edx_core::display;
use js_sys::Uint8Array;
use wasm_bindgen_futures::JsFuture;
use web_sys::File;

use crate::post;

/// Files are read in slices of this many bytes, with a progress report after each.
pub const READ_SLICE_BYTES: f64 = 8.0 * 1024.0 * 1024.0;

/// Files other than EDF and BDF larger than this are refused before reading: the worker holds
/// them whole.
const MAX_WHOLE_FILE_BYTES: f64 = 1024.0 * 1024.0 * 1024.0;

/// Bytes `start` to `end` of `file`.
pub async fn read_range(file: &File, start: f64, end: f64) -> Result<Vec<u8>, String> {
    let slice =
        file.slice_with_f64_and_f64(start, end).map_err(|_| "the browser could not slice the file".to_string())?;
    let buffer =
        JsFuture::from(slice.array_buffer()).await.map_err(|_| "the browser could not read the file".to_string())?;
    let bytes = Uint8Array::new(&buffer).to_vec();
    if bytes.len() as f64 != end - start {
        return Err(format!("{} changed or could not be read while it was being read; open it again", file.name()));
    }
    Ok(bytes)
}

/// The whole file, read slice by slice with a progress report after each slice.
pub async fn read_whole(file: &File) -> Result<Vec<u8>, String> {
    let size = file.size();
    if size > MAX_WHOLE_FILE_BYTES {
        return Err(format!(
            "{} is {}, more than the {} this device reads whole; EDF and BDF files of any size are read in slices, so export the recording as EDF+ or BDF+",
            file.name(),
            display::byte_size(size as u64),
            display::byte_size(MAX_WHOLE_FILE_BYTES as u64)
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    let mut offset = 0.0;
    while offset < size {
        let end = (offset + READ_SLICE_BYTES).min(size);
        bytes.extend(read_range(file, offset, end).await?);
        offset = end;
        if size > READ_SLICE_BYTES {
            post::progress(file.name(), offset / size);
        }
    }
    Ok(bytes)
}
