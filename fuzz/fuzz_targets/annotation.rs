//! Any bytes as an annotation file (see `properties::annotation`).
#![no_main]

#[path = "../properties.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::annotation(data));
