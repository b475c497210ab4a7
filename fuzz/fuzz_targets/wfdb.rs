//! A WFDB header and one data file from any bytes: the header is everything before the first
//! NUL byte, and every file name it mentions resolves to the rest.
#![no_main]
libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let split = bytes.iter().position(|&byte| byte == 0).unwrap_or(bytes.len());
    let (header, data) = (&bytes[..split], bytes.get(split + 1..).unwrap_or_default());
    let companion = |_: &str| Some(data);
    let _ = edx_core::formats::wfdb::read(header, &companion);
});
