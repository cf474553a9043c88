//! Any bytes as an input file: format sniffing, gzip, UTF-16, and whichever reader the content picks.
//! Reading must end (no panic, no hang) with documents or errors; a small cap keeps cases fast.
#![no_main]

use dyad_ingest::{read_stream, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = ReadOptions { max_doc_bytes: 1 << 20 };
    for item in read_stream("fuzz.input", Box::new(std::io::Cursor::new(data.to_vec())), options) {
        if let Ok(doc) = item {
            assert!(!doc.text.trim().is_empty(), "a document without text was read");
        }
    }
});
