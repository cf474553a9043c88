//! Any text as contract JSONL: the line reader and the document parser.
#![no_main]

use dyad_ingest::{read_stream, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(line) = std::str::from_utf8(data) {
        if let Ok(doc) = dyad_core::contract::parse_input_line(line) {
            // What was read writes back as input JSON that reads again to the same document.
            let again = dyad_core::contract::parse_input_line(&dyad_core::contract::input_json(&doc).to_string())
                .expect("a document written as input reads back");
            assert_eq!(again.text, doc.text);
        }
    }
    // Through the streaming reader, with a '{' in front so that the content is taken as JSONL.
    let mut bytes = b"{".to_vec();
    bytes.extend_from_slice(data);
    let options = ReadOptions { max_doc_bytes: 4096 };
    read_stream("fuzz.jsonl", Box::new(std::io::Cursor::new(bytes)), options).for_each(drop);
});
