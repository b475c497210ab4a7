//! The UIDs this reader knows: transfer syntaxes (PS3.5 A and PS3.6 A) and the waveform storage
//! SOP classes (PS3.6 A; pydicom `_uid_dict.py`).

/// Implicit VR Little Endian, the default transfer syntax (PS3.5 A.1).
pub(super) const IMPLICIT_VR_LITTLE_ENDIAN: &str = "1.2.840.10008.1.2";
/// Explicit VR Little Endian (PS3.5 A.2).
pub(super) const EXPLICIT_VR_LITTLE_ENDIAN: &str = "1.2.840.10008.1.2.1";
/// Deflated Explicit VR Little Endian (PS3.5 A.5): the data set is zlib-compressed.
pub(super) const DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN: &str = "1.2.840.10008.1.2.1.99";
/// Explicit VR Big Endian (PS3.5 A.3), retired.
pub(super) const EXPLICIT_VR_BIG_ENDIAN: &str = "1.2.840.10008.1.2.2";

/// Electromyogram Waveform Storage (PS3.6; pydicom `_uid_dict.py`).
pub const ELECTROMYOGRAM_WAVEFORM_STORAGE: &str = "1.2.840.10008.5.1.4.1.1.9.7.2";
/// The prefix every waveform storage SOP class shares.
pub(super) const WAVEFORM_STORAGE_PREFIX: &str = "1.2.840.10008.5.1.4.1.1.9.";

/// The waveform storage class's name (PS3.6), as users know it.
pub(super) fn waveform_class_name(sop_class: &str) -> &'static str {
    match sop_class {
        ELECTROMYOGRAM_WAVEFORM_STORAGE => "Electromyogram waveform",
        "1.2.840.10008.5.1.4.1.1.9.1.1" => "12-lead ECG waveform",
        "1.2.840.10008.5.1.4.1.1.9.1.2" => "general ECG waveform",
        "1.2.840.10008.5.1.4.1.1.9.1.3" => "ambulatory ECG waveform",
        "1.2.840.10008.5.1.4.1.1.9.3.1" => "cardiac electrophysiology waveform",
        "1.2.840.10008.5.1.4.1.1.9.4.1" => "basic voice audio waveform",
        "1.2.840.10008.5.1.4.1.1.9.7.1" => "routine scalp EEG waveform",
        "1.2.840.10008.5.1.4.1.1.9.7.3" => "electrooculogram waveform",
        "1.2.840.10008.5.1.4.1.1.9.7.4" => "sleep EEG waveform",
        "1.2.840.10008.5.1.4.1.1.9.8.1" => "body position waveform",
        _ => "waveform",
    }
}
