//! Any text as an HTML page: article extraction and plain-text rendering.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let page = String::from_utf8_lossy(data);
    let article = dyad_ingest::extract_article(&page);
    let _ = article.title.as_deref().map(str::len);
    let _ = dyad_ingest::html_to_text(&page);
});
