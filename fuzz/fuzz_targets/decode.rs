//! Any bytes with any declared charset: decoding never fails, and what it gives is text.
#![no_main]

use libfuzzer_sys::fuzz_target;

const LABELS: [&str; 10] =
    ["utf-8", "windows-1252", "iso-8859-1", "utf-16le", "utf-16be", "shift_jis", "gb18030", "koi8-r", "bogus", ""];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, bytes)) = data.split_first() else { return };
    let declared = LABELS.get(usize::from(choice) % (LABELS.len() + 1)).copied();
    let text = dyad_ingest::decode(bytes, declared);
    assert!(!bytes.is_empty() || text.is_empty());
    let _ = dyad_ingest::decode(bytes, None);
});
