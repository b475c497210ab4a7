//! This browser's local storage, on this device only: where the physician's unsaved work is
//! kept so that a reload or a closed tab loses nothing.

/// The page's local storage, if the browser allows it (not in some private modes).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}
