//! Any bytes given to the EDF/BDF reader: an error or a recording, never a panic or a hang.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let _ = edx_core::formats::edf::read(bytes);
});
