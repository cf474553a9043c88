//! Sentence splitting and tokenization for news, cut the way UD English-EWT is (so the tagger and parser
//! trained on it see familiar tokens): clitics split ("do" "n't", "Putin" "'s"), punctuation separate, but
//! abbreviations, initials, numbers, times, URLs and e-mail addresses whole; hyphens split except after
//! prefixes ("Sino" "-" "Russian", but "re-election").
//!
//! Sentence ends are decided on the tokens: a paragraph break always ends a sentence, whatever quote or
//! bracket is open (so a quote mark never closed swallows nothing); a period that is not part of an
//! abbreviation ends one even before a lowercase word, as machine-translated text needs ("... the Post
//! reported. based in Hong Kong."); closing quotes and brackets after the period stay with its sentence.
//! One linear pass, no regular expressions, no allocation besides the output vectors.

pub mod eval;
mod lexicon;
mod tokenize;

use dyad_core::{Document, Sentence, Span, Stage, Token};

use lexicon::{is_sentence_opener, Abbrev};
use tokenize::{Gap, Kind, Tok};

/// The sentence splitter and tokenizer stage: fills `doc.sentences` and `doc.tokens`.
#[derive(Debug, Default, Clone, Copy)]
pub struct Segmenter;

impl Segmenter {
    /// The tokens and sentences of `text`, as byte spans into it.
    pub fn segment(&self, text: &str) -> (Vec<Span>, Vec<Sentence>) {
        let mut toks = Vec::with_capacity(text.len() / 5 + 1);
        tokenize::tokenize(text, line_breaks_end_paragraphs(text), &mut toks);
        split_sentences(text, &toks)
    }
}

/// Whether single line breaks separate paragraphs in `text`: they do in text with a paragraph a line, where
/// most lines end a sentence; not in hard-wrapped text, whose lines mostly end mid-sentence, nor in text
/// whose paragraphs are set off by blank lines.
fn line_breaks_end_paragraphs(text: &str) -> bool {
    let (mut lines, mut ended, mut blank) = (0usize, 0usize, false);
    for line in text.split('\n').map(str::trim) {
        if line.is_empty() {
            blank = lines > 0;
            continue;
        }
        if blank {
            return false;
        }
        lines += 1;
        ended += usize::from(line.ends_with(['.', '!', '?', '…', '"', '”', '’', '\'', ')']));
    }
    2 * ended > lines && lines >= 2
}

impl Stage for Segmenter {
    fn name(&self) -> &'static str {
        "segment"
    }

    fn annotate(&self, doc: &mut Document) {
        let (tokens, sentences) = self.segment(&doc.text);
        doc.tokens = tokens.into_iter().map(|span| Token { span, ..Default::default() }).collect();
        doc.sentences = sentences;
    }
}

/// The tokens of a text taken as one sentence (for training and evaluation code that starts from raw
/// sentence text): the tokenization [`Segmenter`] gives, without looking for sentence ends inside it.
pub fn tokenize(sentence: &str) -> Vec<Span> {
    let mut toks = Vec::with_capacity(sentence.len() / 5 + 1);
    tokenize::tokenize(sentence, false, &mut toks);
    let mut spans: Vec<Span> = toks.iter().map(|t| Span::new(t.start, t.end)).collect();
    // A final abbreviation gives its period to the sentence ("... etc" "."), as after any sentence end.
    if let Some(last) = toks.iter().rposition(|t| t.kind != Kind::Closing) {
        if let Kind::Abbrev(_) = toks[last].kind {
            spans[last].end -= 1;
            spans.insert(last + 1, Span::new(toks[last].end - 1, toks[last].end));
        }
    }
    spans
}

/// The longest sentence the later stages are given. Parsing, attribution and coding do work that grows
/// faster than linearly with a sentence's length, and no written sentence comes near this (UD English's
/// longest has under 200 tokens); runs this long without a sentence end are tables, lists or scraped
/// boilerplate, so they are cut here rather than let one document stall a worker for minutes.
pub const MAX_SENTENCE_TOKENS: usize = 400;

fn split_sentences(text: &str, toks: &[Tok]) -> (Vec<Span>, Vec<Sentence>) {
    let mut tokens: Vec<Span> = Vec::with_capacity(toks.len() + toks.len() / 64);
    let mut sentences = Vec::with_capacity(toks.len() / 16 + 1);
    let mut first = 0;
    let mut close = |tokens: &Vec<Span>, first: &mut usize| {
        if tokens.len() > *first {
            let span = Span::new(tokens[*first].start, tokens[tokens.len() - 1].end);
            sentences.push(Sentence { span, tokens: *first..tokens.len() });
            *first = tokens.len();
        }
    };
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        if t.gap == Gap::Paragraph {
            close(&tokens, &mut first);
        }
        match sentence_end(text, toks, i) {
            Some(end) => {
                if let Kind::Abbrev(_) = t.kind {
                    // The abbreviation's period doubles as the sentence's: UD makes it a token of its own.
                    tokens.push(Span::new(t.start, t.end - 1));
                    tokens.push(Span::new(t.end - 1, t.end));
                } else {
                    tokens.push(Span::new(t.start, t.end));
                }
                tokens.extend(toks[i + 1..end].iter().map(|t| Span::new(t.start, t.end)));
                close(&tokens, &mut first);
                i = end;
            }
            None => {
                tokens.push(Span::new(t.start, t.end));
                i += 1;
                if tokens.len() - first >= MAX_SENTENCE_TOKENS {
                    close(&tokens, &mut first);
                }
            }
        }
    }
    close(&tokens, &mut first);
    (tokens, sentences)
}

/// If token `i` ends a sentence, the index just past the sentence (after the closing quotes and brackets
/// that follow it).
fn sentence_end(text: &str, toks: &[Tok], i: usize) -> Option<usize> {
    let t = toks[i];
    if !matches!(t.kind, Kind::Terminal | Kind::Ellipsis | Kind::Abbrev(_)) {
        return None;
    }
    let mut end = i + 1;
    let mut quoted = false;
    while end < toks.len() && toks[end].gap != Gap::Paragraph && toks[end].kind == Kind::Closing {
        quoted |= !matches!(&text[toks[end].start..toks[end].end], ")" | "]" | "}");
        end += 1;
    }
    if matches!(t.kind, Kind::Terminal) {
        end = citation_end(text, toks, end).unwrap_or(end);
    }
    let Some(next) = toks.get(end) else {
        return Some(end);
    };
    let next_text = &text[next.start..next.end];
    let starts_lower = next_text.chars().next().is_some_and(char::is_lowercase);
    let ends = match (next.gap, t.kind) {
        (Gap::Paragraph, _) => true,
        // Something glued to the period ("Yahoo!'s", "...,"): the sentence goes on, unless it is a typical
        // first word of a sentence ("reported.The").
        (Gap::None, _) => next.kind == Kind::Word && is_sentence_opener(next_text),
        (_, Kind::Abbrev(Abbrev::Prefix)) => false,
        (_, Kind::Abbrev(Abbrev::Final)) => next.kind == Kind::Word && is_sentence_opener(next_text),
        (_, Kind::Ellipsis) => next_text.chars().next().is_some_and(char::is_uppercase),
        // After a quotation a lowercase word is its attribution ("Why?" he asked); otherwise a lowercase
        // word after a period starts a sentence in careless or machine-translated text.
        _ => !(next_text.starts_with([',', ';', ':']) || (starts_lower && quoted)),
    };
    ends.then_some(end)
}

/// A reference mark after a sentence ("... in 1891. [3]"), which belongs to it: the index past its `]`.
fn citation_end(text: &str, toks: &[Tok], open: usize) -> Option<usize> {
    let is = |i: usize, s: &str| toks.get(i).is_some_and(|t| &text[t.start..t.end] == s);
    if !is(open, "[") || toks[open].gap == Gap::Paragraph {
        return None;
    }
    let inner = toks[open + 1..]
        .iter()
        .take(8)
        .take_while(|t| {
            let s = &text[t.start..t.end];
            s.bytes().all(|b| b.is_ascii_digit()) || matches!(s, "," | "-" | "–")
        })
        .count();
    let close = open + 1 + inner;
    (inner > 0 && is(close, "]")).then_some(close + 1)
}

#[cfg(test)]
mod tests;
