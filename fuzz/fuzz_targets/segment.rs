//! Any text through the tokenizer and sentence splitter: spans in order, on character boundaries, free
//! of whitespace, and sentences covering every token exactly once, none longer than the cap.
#![no_main]

use dyad_nlp::segment::{tokenize, Segmenter, MAX_SENTENCE_TOKENS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (tokens, sentences) = Segmenter.segment(text);
    let mut last_end = 0;
    for t in &tokens {
        assert!(t.start >= last_end && t.start < t.end && t.end <= text.len(), "bad token span {t:?}");
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        assert!(!text[t.start..t.end].chars().any(char::is_whitespace), "whitespace in a token");
        last_end = t.end;
    }
    let mut next = 0;
    for s in &sentences {
        assert_eq!(s.tokens.start, next, "sentences cover every token in order");
        assert!(!s.tokens.is_empty() && s.tokens.len() <= MAX_SENTENCE_TOKENS + 8);
        next = s.tokens.end;
    }
    assert_eq!(next, tokens.len());
    for t in tokenize(text) {
        assert!(t.start < t.end && text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
    }
});
