//! The typed report kept in this browser's own storage, on this device only, so a reload or a
//! closed tab loses nothing typed; "forget this study" removes it.

use edx_core::formats::typed_report::TypedReport;

use crate::device_storage::local_storage;

/// The storage key, with the layout's version.
const KEY: &str = "edxview.typed-report.v1";

/// The report kept on this device, or an empty one.
pub fn load() -> TypedReport {
    local_storage()
        .and_then(|storage| storage.get_item(KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Keeps `report` on this device; an empty report is removed instead. A browser that refuses
/// storage (private mode, full) is told in the returned message.
pub fn keep(report: &TypedReport) -> Result<(), String> {
    let refused = || {
        "this browser did not keep the report (its storage is off or full): save it as a study file to keep it"
            .to_string()
    };
    let storage = local_storage().ok_or_else(refused)?;
    if *report == TypedReport::default() {
        return storage.remove_item(KEY).map_err(|_| refused());
    }
    let text = serde_json::to_string(report).map_err(|_| refused())?;
    storage.set_item(KEY, &text).map_err(|_| refused())
}

/// Removes the report from this device.
pub fn forget() {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(KEY);
    }
}
