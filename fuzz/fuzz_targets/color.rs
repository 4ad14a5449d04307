#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| edge_render_fuzz::color(data));
