#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| edge_render_fuzz::render_get(data));
