//! The tokenizer: one left-to-right pass over the text, cutting it the way UD English-EWT does. Whitespace
//! separates chunks; inside a chunk punctuation is split off, except where it belongs to the word
//! (abbreviations, decimals, times, URLs, e-mail addresses, hyphenated prefixes), and clitics are split
//! from their host ("do" "n't", "Putin" "'s").

use super::lexicon::{abbreviation, bare_contraction, is_clitic, is_hyphen_prefix, is_sentence_opener, Abbrev};

/// What separates a token from the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Nothing: the tokens touch ("do" "n't", "end" ".").
    None,
    /// Spaces or a single line break.
    Space,
    /// A blank line (or the start of the text): a paragraph break, which always ends a sentence.
    Paragraph,
}

/// The class of a token, as far as sentence splitting needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Word,
    /// A word with its abbreviation period ("Mr.", "U.S.", "J.").
    Abbrev(Abbrev),
    /// A run of `.`, `!` and `?` with at least one `!` or `?`, or a single period.
    Terminal,
    /// `...`, `…`.
    Ellipsis,
    /// Opening brackets and quotes.
    Opening,
    /// Closing brackets and quotes: after a sentence end they still belong to that sentence.
    Closing,
    /// Any other punctuation or symbol.
    Punct,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tok {
    pub start: usize,
    pub end: usize,
    pub gap: Gap,
    pub kind: Kind,
}

/// Appends the tokens of `text` to `out`. With `line_breaks_end_paragraphs` a single line break is a
/// paragraph break; otherwise it takes a blank line.
pub fn tokenize(text: &str, line_breaks_end_paragraphs: bool, out: &mut Vec<Tok>) {
    let bytes = text.as_bytes();
    let line_break = if line_breaks_end_paragraphs { 2 } else { 1 };
    let mut pos = 0;
    // The start of the text counts as a paragraph start.
    let mut newlines = 2usize;
    let mut space = true;
    while pos < text.len() {
        let c = char_at(text, pos);
        if is_separator(c) {
            match c {
                '\n' | '\u{2028}' | '\u{0B}' | '\u{0C}' => newlines += line_break,
                '\r' if bytes.get(pos + 1) != Some(&b'\n') => newlines += line_break,
                '\u{2029}' => newlines += 2,
                _ => {}
            }
            space = true;
            pos += c.len_utf8();
            continue;
        }
        let end = chunk_end(text, pos);
        let gap = if newlines >= 2 {
            Gap::Paragraph
        } else if space {
            Gap::Space
        } else {
            Gap::None
        };
        let last_word_end = text[pos..end]
            .char_indices()
            .rev()
            .find(|&(_, c)| is_word_char(c))
            .map_or(pos, |(i, c)| pos + i + c.len_utf8());
        Chunk { text, end, out, gap, last_word_end }.run(pos);
        newlines = 0;
        space = false;
        pos = end;
    }
}

/// Whitespace, control and invisible formatting characters: they separate tokens and belong to none.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\u{0300}'..='\u{036F}' | '\u{200C}' | '\u{200D}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`' | '´')
}

/// The char starting at byte `pos` (a char boundary inside `text`).
fn char_at(text: &str, pos: usize) -> char {
    text[pos..].chars().next().unwrap_or('\0')
}

fn char_before(text: &str, pos: usize) -> char {
    text[..pos].chars().next_back().unwrap_or('\0')
}

fn chunk_end(text: &str, from: usize) -> usize {
    text[from..].char_indices().find(|&(_, c)| is_separator(c)).map_or(text.len(), |(i, _)| from + i)
}

/// Punctuation that repeats into one token ("--", "***", "!!!"); `.`, `!` and `?` also mix ("?!", ".?").
fn punct_run_end(text: &str, from: usize, end: usize, first: char) -> usize {
    let terminal = |c: char| matches!(c, '.' | '!' | '?' | '…');
    let repeats = terminal(first)
        || matches!(first, '-' | '*' | '=' | '_' | '~' | '#' | '`' | '+' | '^' | '<' | '>' | '\'' | '"' | '‘' | '’');
    let mut q = from + first.len_utf8();
    if !repeats {
        return q;
    }
    while q < end {
        let c = char_at(text, q);
        if c == first || (terminal(first) && terminal(c)) {
            q += c.len_utf8();
        } else {
            break;
        }
    }
    q
}

/// The end of a URL starting at `from`, without the punctuation that follows it in the sentence.
fn url_end(text: &str, from: usize, end: usize) -> Option<usize> {
    let rest = &text.as_bytes()[from..end];
    let starts =
        |prefix: &str| rest.len() > prefix.len() && rest[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes());
    if !["http://", "https://", "ftp://", "www.", "mailto:"].into_iter().any(starts) {
        return None;
    }
    let mut u = end;
    // A closing parenthesis is the URL's own while it has more opening ones ("wiki/A_(b)").
    let mut open_parens =
        rest.iter().filter(|&&b| b == b'(').count() as isize - rest.iter().filter(|&&b| b == b')').count() as isize;
    while u > from {
        let c = char_before(text, u);
        let unbalanced_paren = c == ')' && open_parens < 0;
        if matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | '”' | '’' | '>' | ']' | '}') || unbalanced_paren
        {
            open_parens += isize::from(c == ')');
            u -= c.len_utf8();
        } else {
            break;
        }
    }
    Some(u)
}

fn starts_with_sentence_opener(s: &str) -> bool {
    let word_end = s.find(|c: char| !c.is_alphanumeric()).unwrap_or(s.len());
    s.len() > 1 && is_sentence_opener(&s[..word_end])
}

/// Emoticons are one token (":)", not ":" ")").
const EMOTICONS: &[&str] =
    &[":-)", ":-(", ";-)", ":-D", ":-P", ":)", ":(", ";)", ":D", ":P", ":p", "=)", "=(", "^_^", "<3", ":'("];

/// "1." opening a paragraph: a list item's number, one token.
fn is_list_marker(chunk: &str) -> bool {
    matches!(chunk.len(), 2 | 3) && chunk.ends_with('.') && chunk[..chunk.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

/// The length of a year or decade after an apostrophe ("'72", "'90s"): two digits, maybe an "s".
fn year_abbreviation_len(after_apostrophe: &str) -> Option<usize> {
    let b = after_apostrophe.as_bytes();
    if b.len() < 2 || !b[..2].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let len = if b.get(2) == Some(&b's') { 3 } else { 2 };
    (!after_apostrophe[len..].starts_with(is_word_char)).then_some(len)
}

/// A phone number ("713-853-3989", "1-800-991-9019") or ZIP+4 code ("77388-5746"): kept whole.
fn is_phone_number(word: &str) -> bool {
    let mut segments = word.split('-').map(str::len);
    let last = segments.next_back();
    let all_digits = word.bytes().all(|b| b.is_ascii_digit() || b == b'-');
    let leading: Vec<usize> = segments.collect();
    all_digits
        && last == Some(4)
        && !leading.is_empty()
        && (leading.iter().all(|&n| (1..=3).contains(&n)) || leading == [5])
}

struct Chunk<'a> {
    text: &'a str,
    end: usize,
    out: &'a mut Vec<Tok>,
    /// The gap before the next token pushed: the chunk's own gap for its first token, none after.
    gap: Gap,
    /// Where the chunk's last word character ends: quotes after it close, quotes before it open.
    last_word_end: usize,
}

impl Chunk<'_> {
    fn push(&mut self, start: usize, end: usize, kind: Kind) {
        if start < end {
            self.out.push(Tok { start, end, gap: self.gap, kind });
            self.gap = Gap::None;
        }
    }

    fn run(&mut self, start: usize) {
        if self.gap == Gap::Paragraph && is_list_marker(&self.text[start..self.end]) {
            self.push(start, self.end, Kind::Word);
            return;
        }
        let mut p = start;
        let mut seen_word = false;
        while p < self.end {
            let c = char_at(self.text, p);
            if matches!(c, ':' | ';' | '=' | '^' | '<') {
                let rest = &self.text[p..self.end];
                let emoticon =
                    EMOTICONS.iter().find(|e| rest.starts_with(**e) && !rest[e.len()..].starts_with(is_word_char));
                if let Some(e) = emoticon {
                    self.push(p, p + e.len(), Kind::Punct);
                    p += e.len();
                    continue;
                }
            }
            if is_apostrophe(c) {
                if let Some(len) = year_abbreviation_len(&self.text[p + c.len_utf8()..self.end]) {
                    let end = p + c.len_utf8() + len;
                    self.push(p, end, Kind::Word);
                    seen_word = true;
                    p = end;
                    continue;
                }
            }
            if is_word_char(c) {
                seen_word = true;
                if let Some(u) = url_end(self.text, p, self.end) {
                    self.push(p, u, Kind::Word);
                    p = u;
                    continue;
                }
                let q = self.scan_word(p);
                if self.text[q..self.end].starts_with('.') {
                    if let Some(a) = abbreviation(&self.text[p..q]) {
                        self.push(p, q + 1, Kind::Abbrev(a));
                        p = q + 1;
                        continue;
                    }
                }
                self.split_word(p, q);
                p = q;
            } else {
                let q = punct_run_end(self.text, p, self.end, c);
                let kind = self.punct_kind(c, q - p, !seen_word, q);
                self.push(p, q, kind);
                p = q;
            }
        }
    }

    fn punct_kind(&self, c: char, len: usize, before_any_word: bool, run_end: usize) -> Kind {
        match c {
            '.' if len == 1 => Kind::Terminal,
            '.' | '!' | '?' | '…' => {
                let run = &self.text[run_end - len..run_end];
                if run.contains(['!', '?']) {
                    Kind::Terminal
                } else {
                    Kind::Ellipsis
                }
            }
            '(' | '[' | '{' | '“' | '‘' | '«' | '‹' | '„' | '‚' | '¿' | '¡' => Kind::Opening,
            ')' | ']' | '}' | '”' | '»' | '›' => Kind::Closing,
            '"' | '\'' | '’' | '`' => {
                // A straight quote's direction shows only in where it stands: before the chunk's words it
                // opens, after them it closes.
                match (before_any_word, run_end >= self.last_word_end) {
                    (true, false) => Kind::Opening,
                    (false, true) => Kind::Closing,
                    _ => Kind::Punct,
                }
            }
            _ => Kind::Punct,
        }
    }

    /// The end of the word starting at `from`: letters and digits, joined by connectors that have a word
    /// character on both sides ("3.5", "U.S", "O'Neill", "AT&T", "re-election", "and/or"); a comma or colon
    /// joins digits only ("1,000", "10:30").
    fn scan_word(&self, from: usize) -> usize {
        let text = self.text;
        let mut q = from;
        loop {
            while q < self.end {
                let c = char_at(text, q);
                if !is_word_char(c) {
                    break;
                }
                q += c.len_utf8();
            }
            if q >= self.end {
                return q;
            }
            let c = char_at(text, q);
            let next = q + c.len_utf8();
            if next >= self.end || !is_word_char(char_at(text, next)) {
                return q;
            }
            let joins = match c {
                // A period glued to a sentence's first word ("reported.The") is not a domain's ("bbc.co.uk").
                '.' => !starts_with_sentence_opener(&text[next..self.end]),
                '&' | '_' | '@' | '/' => true,
                ':' => char_before(text, q).is_ascii_digit() && char_at(text, next).is_ascii_digit(),
                // A thousands separator has three digits after it ("1,000" but "11,2000" is a typo for "11, 2000").
                ',' => {
                    let after = &text.as_bytes()[next..self.end];
                    char_before(text, q).is_ascii_digit()
                        && after.len() >= 3
                        && after[..3].iter().all(u8::is_ascii_digit)
                        && !after.get(3).is_some_and(u8::is_ascii_digit)
                }
                c => is_hyphen(c) || is_apostrophe(c),
            };
            if !joins {
                return q;
            }
            q = next;
        }
    }

    /// Cuts a scanned word at the hyphens and slashes UD English splits, then each piece at its clitics.
    fn split_word(&mut self, from: usize, to: usize) {
        let word = &self.text[from..to];
        if word.contains('@') {
            // an e-mail address
            self.push(from, to, Kind::Word);
            return;
        }
        let phone = is_phone_number(word);
        let mut piece = from;
        let mut segment = from;
        for (i, c) in word.char_indices() {
            if !(is_hyphen(c) || c == '/') {
                continue;
            }
            let at = from + i;
            let after = at + c.len_utf8();
            let left = &self.text[segment..at];
            let right_len = self.text[after..to].find(|c: char| is_hyphen(c) || c == '/').unwrap_or(to - after);
            let right = &self.text[after..after + right_len];
            let keep = if c == '/' {
                // Dates and short letter pairs stay whole ("11/29/2000", "b/c", "I/O"); "and/or" does not.
                let digit = |s: &str| s.bytes().any(|b| b.is_ascii_digit());
                let short = |s: &str| s.len() <= 2 && s.bytes().all(|b| b.is_ascii_alphabetic());
                (digit(left) && digit(right)) || (short(left) && short(right))
            } else {
                // Number ranges ("5-10", "1969-1970") are split like words.
                is_hyphen_prefix(left) || phone
            };
            if !keep {
                self.push_piece(piece, at);
                self.push(at, after, Kind::Punct);
                piece = after;
            }
            segment = after;
        }
        self.push_piece(piece, to);
    }

    /// One piece of a word, split at its clitic if it has one.
    fn push_piece(&mut self, from: usize, to: usize) {
        let s = &self.text[from..to];
        if let Some(at) = bare_contraction(s) {
            self.push(from, from + at, Kind::Word);
            self.push(from + at, to, Kind::Word);
            return;
        }
        if let Some((i, c)) = s.char_indices().rev().find(|&(_, c)| is_apostrophe(c)) {
            let (before, after) = (&s[..i], &s[i + c.len_utf8()..]);
            let cut = if after.eq_ignore_ascii_case("t") && before.len() > 1 && before.ends_with(['n', 'N']) {
                Some(i - 1)
            } else if is_clitic(after) && !before.bytes().all(|b| b.is_ascii_digit()) {
                // Not after a bare number: a decade ("the 80's") is one word.
                Some(i)
            } else {
                None
            };
            if let Some(cut) = cut {
                self.push(from, from + cut, Kind::Word);
                self.push(from + cut, to, Kind::Word);
                return;
            }
        }
        // A number glued to a unit is two tokens ("3pm", "7:30PM", "5km"); ordinals and decades are one ("21st",
        // "1990s").
        let b = s.as_bytes();
        let mut digits = 0;
        while digits < b.len()
            && (b[digits].is_ascii_digit()
                || (digits > 0 && b".,:".contains(&b[digits]) && b.get(digits + 1).is_some_and(u8::is_ascii_digit)))
        {
            digits += 1;
        }
        if digits > 0 && digits < s.len() {
            let suffix = &s[digits..];
            let ordinal = ["st", "nd", "rd", "th", "s"].iter().any(|o| o.eq_ignore_ascii_case(suffix));
            // A single capital other than a magnitude ("81K", "$5M") is part of a code or name ("Pad 39A").
            let code = suffix.len() == 1 && suffix.as_bytes()[0].is_ascii_uppercase() && !"KMBGT".contains(suffix);
            if !ordinal && !code && suffix.bytes().all(|b| b.is_ascii_alphabetic()) {
                self.push(from, from + digits, Kind::Word);
                self.push(from + digits, to, Kind::Word);
                return;
            }
        }
        self.push(from, to, Kind::Word);
    }
}
