//! Any bytes as a source document (see `properties::source`).
#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::source(data));
