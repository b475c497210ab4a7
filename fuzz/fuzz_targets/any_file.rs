//! Any bytes under any of a few names, through format detection and the matching reader.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    const NAMES: [&str; 6] = ["x.edf", "x.hea", "x.wav", "x.dcm", "x.csv", "x.bin"];
    let name = NAMES[bytes.first().map_or(0, |&byte| usize::from(byte) % NAMES.len())];
    let input = edx_core::formats::InputFile { name, bytes: bytes.get(1..).unwrap_or_default() };
    let _ = edx_core::formats::read_files(&[input]);
});
