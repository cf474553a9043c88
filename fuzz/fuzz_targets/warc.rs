//! Any bytes as a WARC archive (records, HTTP payloads, chunking, gzip and deflate bodies).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let reader = dyad_ingest::WarcReader::new(data, "fuzz.warc".into(), 1 << 20);
    // An error ends the archive, so the reader must stop: no more items than records could be there.
    assert!(reader.take(data.len() + 2).count() <= data.len() + 1);
});
