//! Any text as an RSS, Atom or RDF feed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = dyad_ingest::read_feed(&text, |n| format!("item {n}"));
});
