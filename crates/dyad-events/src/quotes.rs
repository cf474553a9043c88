//! Quotations and attribution: what was said, by whom, and according to whom.
//!
//! News marks speech in three ways, and machine-translated news mixes them freely:
//! - quotation marks, straight or curly, sometimes never closed, sometimes running over paragraphs;
//! - unmarked verbatim speech closed by an attribution ("Our relationship ... each other, he said.",
//!   "..., said Wang Yiwei, a professor ...", "..., did he declare."), which by newsroom convention covers
//!   the paragraph up to the attribution;
//! - reported speech ("Xi said China is willing to ...", "..., saying Putin's victory ...").
//!
//! Each sentence is first read for its attribution (a speech cue, its speaker, the outlets it came
//! through); quotes are then built from the marks and the attributions. Speakers resolve to entities
//! through the coreference layer; a pronoun the layer left unresolved falls back to the last speaker,
//! which is what a reader does too.

use dyad_core::{Document, EntityType, MentionKind, Quote, QuoteKind, Span, Speaker, Stage, Upos};
use std::collections::HashMap;

/// The quotation stage: fills `doc.quotes`. Needs sentences and tokens; uses entities when present.
#[derive(Default)]
pub struct QuoteFinder;

impl Stage for QuoteFinder {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn annotate(&self, doc: &mut Document) {
        doc.quotes = find_quotes(doc);
    }
}

/// Speech verbs, by lemma. General English: the verbs that report what someone said or wrote.
const CUE_LEMMAS: &[&str] = &[
    "say",
    "tell",
    "add",
    "declare",
    "state",
    "note",
    "stress",
    "emphasize",
    "emphasise",
    "write",
    "ask",
    "explain",
    "insist",
    "warn",
    "announce",
    "comment",
    "reply",
    "respond",
    "claim",
    "argue",
    "affirm",
    "assert",
    "acknowledge",
    "admit",
    "confirm",
    "deny",
    "suggest",
    "remark",
    "observe",
    "report",
    "reiterate",
    "underline",
    "recall",
    "conclude",
    "complain",
    "tweet",
    "quip",
];

/// Words that can follow a cue in an attribution clause without starting the quoted content:
/// prepositions, time adverbs ("..., he said at a briefing", "..., Xi said on Monday").
const ATTRIBUTION_TAIL: &[&str] = &[
    "at",
    "in",
    "on",
    "during",
    "after",
    "before",
    "from",
    "to",
    "via",
    "according",
    "of",
    "earlier",
    "later",
    "yesterday",
    "today",
    "tonight",
    "again",
    "also",
    "then",
    "late",
    "last",
    "this",
    "when",
    "while",
    "as",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// Words that end a speaker phrase read backwards from its cue: a phrase holds no clause or preposition.
const NOT_IN_SPEAKER: &[&str] = &[
    "that", "which", "who", "whom", "and", "or", "but", "because", "while", "if", "in", "on", "at", "of", "to", "for",
    "with", "by", "from", "as", "about", "after", "before", "since", "than", "is", "are", "was", "were", "be", "been",
    "has", "have", "had", "not", "also", "there",
];

/// Inflected forms of the cue verbs, for text the tagger has not lemmatised.
fn cue_lemma_of_form(lower: &str) -> Option<&'static str> {
    CUE_FORMS.get(lower).copied()
}

/// Every form [`cue_lemma_of_form`] knows, to its lemma: the irregular ones; each lemma itself and with
/// -s, -es, -ed, -d and -ing; -ing after a final e is dropped ("declaring"); -ied and -ies for a final y
/// ("replied"). Where two lemmas share a form, the first in `CUE_LEMMAS` has it. Built once, so that the
/// lookup for every token is one hash probe.
static CUE_FORMS: std::sync::LazyLock<HashMap<String, &'static str>> = std::sync::LazyLock::new(|| {
    let mut forms = HashMap::new();
    for (form, lemma) in [
        ("said", "say"),
        ("says", "say"),
        ("saying", "say"),
        ("told", "tell"),
        ("tells", "tell"),
        ("telling", "tell"),
        ("wrote", "write"),
        ("written", "write"),
        ("writes", "write"),
        ("writing", "write"),
    ] {
        forms.insert(form.to_owned(), lemma);
    }
    // A stem left by stripping -ing, -ied or -ies must keep two letters.
    let stem_ok = |stem: &str| stem.len() >= 2;
    for &lemma in CUE_LEMMAS {
        let mut add = |form: String| {
            forms.entry(form).or_insert(lemma);
        };
        add(lemma.to_owned());
        for suffix in ["s", "es", "ed", "d"] {
            add(format!("{lemma}{suffix}"));
        }
        if stem_ok(lemma) {
            add(format!("{lemma}ing"));
        }
        if let Some(stem) = lemma.strip_suffix('e').filter(|s| stem_ok(s)) {
            add(format!("{stem}ing"));
        }
        if let Some(stem) = lemma.strip_suffix('y').filter(|s| stem_ok(s)) {
            add(format!("{stem}ied"));
            add(format!("{stem}ies"));
        }
    }
    forms
});

/// Pronouns that can be a speaker.
const PRONOUNS: &[&str] = &["he", "she", "they", "we", "i", "it"];

/// A word-level view of one token, built once per document.
struct Tok<'a> {
    span: Span,
    text: &'a str,
    lower: String,
    cue: Option<&'static str>,
}

impl Tok<'_> {
    fn is(&self, w: &str) -> bool {
        self.lower == w
    }
    fn is_punct(&self) -> bool {
        self.text.chars().all(|c| !c.is_alphanumeric())
    }
    fn is_capitalized(&self) -> bool {
        self.text.chars().next().is_some_and(char::is_uppercase)
    }
    fn is_quote_mark(&self) -> bool {
        matches!(self.text, "\"" | "“" | "”" | "«" | "»" | "„" | "''" | "``")
    }
    fn is_pronoun(&self) -> bool {
        PRONOUNS.contains(&self.lower.as_str())
    }
}

/// How a sentence attributes speech.
#[derive(Debug, Clone, PartialEq)]
enum Form {
    /// "CONTENT, he said." / "CONTENT, said Xi." — the content runs up to the comma token.
    Trailing { comma: usize },
    /// "Putin said: CONTENT" — the content starts after the colon token.
    Colon { colon: usize },
    /// "Xi said (that) CONTENT" / "..., saying CONTENT" — the content starts at this token.
    Reported { from: usize },
    /// "CONTENT, according to X." — X is the source, not a cue verb.
    According { comma: usize },
}

/// One attribution found in a sentence. Token indices are document-level.
#[derive(Debug, Clone)]
struct Attribution {
    cue: Option<&'static str>,
    cue_tok: usize,
    speaker: Option<(usize, usize)>,
    form: Form,
    /// Outlets and sources the speech came through, nearest first, as token ranges.
    via: Vec<(usize, usize)>,
    /// Content ends before this token (a trailing via clause, the final punctuation).
    content_end: usize,
}

pub fn find_quotes(doc: &Document) -> Vec<Quote> {
    if doc.tokens.is_empty() {
        return Vec::new();
    }
    let toks: Vec<Tok> = doc
        .tokens
        .iter()
        .map(|t| {
            let text = doc.slice(t.span);
            let lower = text.to_lowercase();
            let lemma = if t.lemma.is_empty() { lower.as_str() } else { t.lemma.as_str() };
            // Once tagged, only verbs are cues: "the United States", "the report" are not speech.
            let verbal = matches!(t.upos, Upos::Verb | Upos::X) || t.upos == Upos::Aux && lower == "said";
            let cue = CUE_LEMMAS.iter().copied().find(|&l| l == lemma).or_else(|| cue_lemma_of_form(&lower));
            let cue = cue.filter(|_| verbal);
            Tok { span: t.span, text, lower, cue }
        })
        .collect();
    let ctx = Ctx { doc, toks: &toks, paragraphs: paragraph_of_sentences(doc) };
    ctx.quotes()
}

/// Paragraph number of each sentence: a blank line between two sentences starts a new paragraph.
fn paragraph_of_sentences(doc: &Document) -> Vec<usize> {
    let mut para = 0;
    let mut out = Vec::with_capacity(doc.sentences.len());
    let mut prev_end = 0;
    for s in &doc.sentences {
        let gap = &doc.text[prev_end.min(s.span.start)..s.span.start];
        if gap.matches('\n').count() >= 2 {
            para += 1;
        }
        out.push(para);
        prev_end = s.span.end;
    }
    out
}

struct Ctx<'a> {
    doc: &'a Document,
    toks: &'a [Tok<'a>],
    paragraphs: Vec<usize>,
}

/// A stretch of text between quotation marks (or from an unclosed mark to where the quote must end).
struct Marked {
    /// Token index of the opening mark.
    open: usize,
    /// Token index of the closing mark, or one past the last token of the recovered content.
    close: usize,
    closed: bool,
}

impl Ctx<'_> {
    fn sentence_of(&self, tok: usize) -> usize {
        self.doc.sentences.partition_point(|s| s.tokens.end <= tok)
    }

    fn span_of(&self, from: usize, to: usize) -> Span {
        Span::new(self.toks[from].span.start, self.toks[to - 1].span.end)
    }

    fn quotes(&self) -> Vec<Quote> {
        let marked = self.marked_quotes();
        let inside = |t: usize| marked.iter().any(|m| m.open < t && t < m.close);
        let attributions: Vec<Vec<Attribution>> =
            (0..self.doc.sentences.len()).map(|s| self.attributions(s, &inside)).collect();

        let mut quotes: Vec<(Quote, usize)> = Vec::new(); // with the token where the quote starts
        let mut last_speaker: Option<Speaker> = None;
        let mut used = vec![false; self.doc.sentences.len()];

        // Walk sentences in order so "the last speaker" means the last one a reader met.
        let mut mi = 0;
        for s in 0..self.doc.sentences.len() {
            let range = self.doc.sentences[s].tokens.clone();
            // Marked quotes opening in this sentence.
            while mi < marked.len() && marked[mi].open < range.end {
                let m = &marked[mi];
                mi += 1;
                if m.close <= m.open + 1 {
                    continue;
                }
                let content = (m.open + 1, m.close);
                let attr = self.attribution_for_marked(m, &attributions);
                let speaker = match &attr {
                    Some(a) => self.speaker(a, &last_speaker),
                    None => last_speaker.clone(),
                };
                let via = attr.as_ref().map(|a| self.via_names(&a.via)).unwrap_or_default();
                if let Some(a) = &attr {
                    used[self.sentence_of(a.cue_tok)] = true;
                }
                if speaker.is_some() {
                    last_speaker.clone_from(&speaker);
                }
                quotes.push((
                    Quote {
                        sentence: self.sentence_of(content.0),
                        span: self.span_of(content.0, content.1),
                        kind: QuoteKind::Direct,
                        speaker,
                        cue: attr.and_then(|a| a.cue.map(str::to_owned)),
                        via,
                    },
                    content.0,
                ));
            }
            if used[s] {
                continue;
            }
            for a in &attributions[s] {
                let Some((from, to, kind)) = self.unmarked_content(s, a, &marked) else { continue };
                let speaker = self.speaker(a, &last_speaker);
                if speaker.is_some() {
                    last_speaker.clone_from(&speaker);
                }
                quotes.push((
                    Quote {
                        sentence: self.sentence_of(from),
                        span: self.span_of(from, to),
                        kind,
                        speaker,
                        cue: a.cue.map(str::to_owned),
                        via: self.via_names(&a.via),
                    },
                    from,
                ));
            }
        }
        quotes.sort_by_key(|(q, _)| (q.span.start, q.span.end));
        quotes.into_iter().map(|(q, _)| q).collect()
    }

    /// Pairs quotation marks within paragraphs. Curly and guillemet marks say which way they face;
    /// straight ones alternate. A mark left open ends at the paragraph's end, or earlier where a later
    /// sentence of the paragraph carries an attribution of its own (the text has moved on), and
    /// continues into the next paragraph only when that paragraph opens with a mark, as newsrooms do.
    fn marked_quotes(&self) -> Vec<Marked> {
        let mut out: Vec<Marked> = Vec::new();
        let mut open: Option<usize> = None;
        // The paragraph the open quote has reached (it moves on when a quote runs over paragraphs).
        let mut open_para = 0;
        let n = self.toks.len();
        let para_of_tok = |t: usize| self.paragraphs.get(self.sentence_of(t)).copied().unwrap_or(0);
        let mut t = 0;
        while t < n {
            let tok = &self.toks[t];
            // A paragraph break closes an open mark.
            if let Some(o) = open {
                if para_of_tok(t) != open_para {
                    let continues = tok.is_quote_mark() && !matches!(tok.text, "”" | "»");
                    if continues {
                        // Same quote runs on: skip the re-opening mark.
                        open_para = para_of_tok(t);
                        t += 1;
                        continue;
                    }
                    out.push(self.recover_unclosed(o, t));
                    open = None;
                }
            }
            if tok.is_quote_mark() {
                let opening = match tok.text {
                    "“" | "«" | "„" | "``" => true,
                    "”" | "»" | "''" => false,
                    _ => open.is_none(),
                };
                match (open, opening) {
                    (None, true) => {
                        open = Some(t);
                        open_para = para_of_tok(t);
                    }
                    (Some(o), false) => {
                        out.push(Marked { open: o, close: t, closed: true });
                        open = None;
                    }
                    // Two openers in a row: the first was never closed.
                    (Some(o), true) => {
                        out.push(self.recover_unclosed(o, t));
                        open = Some(t);
                        open_para = para_of_tok(t);
                    }
                    (None, false) => {}
                }
            }
            t += 1;
        }
        if let Some(o) = open {
            out.push(self.recover_unclosed(o, n));
        }
        out
    }

    /// An unclosed mark opened at `open`: the quote runs to `limit` (paragraph end), but stops before
    /// the first later sentence that names a speaker of its own.
    fn recover_unclosed(&self, open: usize, limit: usize) -> Marked {
        let first = self.sentence_of(open);
        let mut close = limit;
        for s in first + 1..self.doc.sentences.len() {
            let r = self.doc.sentences[s].tokens.clone();
            if r.start >= limit {
                break;
            }
            let named_cue = r.clone().any(|c| {
                self.toks[c].cue.is_some()
                    && self.speaker_before(c, r.start).is_some_and(|(a, _)| !self.toks[a].is_pronoun())
            });
            if named_cue {
                close = r.start;
                break;
            }
        }
        // Leave trailing punctuation of the last sentence out of the quote.
        while close > open + 1 && self.toks[close - 1].is_punct() && !self.toks[close - 1].is_quote_mark() {
            close -= 1;
        }
        Marked { open, close, closed: false }
    }

    /// The attribution that goes with a marked quote: one in the sentence where it closes, just after
    /// the closing mark ("“...,” he said"), or one just before the opening mark ("Putin said: “...”").
    fn attribution_for_marked(&self, m: &Marked, attributions: &[Vec<Attribution>]) -> Option<Attribution> {
        let after = self.sentence_of(m.close.min(self.toks.len() - 1));
        let before = self.sentence_of(m.open);
        if m.closed {
            if let Some(a) = attributions[after].iter().find(|a| a.cue_tok > m.close) {
                return Some(a.clone());
            }
        }
        attributions[before].iter().find(|a| a.cue_tok < m.open).cloned()
    }

    /// The content of an unmarked attribution as a token range, with its kind. `None` when the
    /// attribution introduces a marked quote (handled there) or leaves no content.
    fn unmarked_content(&self, s: usize, a: &Attribution, marked: &[Marked]) -> Option<(usize, usize, QuoteKind)> {
        let touches_mark = |from: usize, to: usize| marked.iter().any(|m| m.open < to && from <= m.close);
        let (from, to, kind) = match a.form {
            Form::Trailing { comma } | Form::According { comma } => {
                // By convention the attribution closing a paragraph covers the sentences before it in that
                // paragraph, as long as none of them has an attribution of its own.
                let mut start_sentence = s;
                while start_sentence > 0
                    && self.paragraphs[start_sentence - 1] == self.paragraphs[s]
                    && !self.has_attribution(start_sentence - 1)
                {
                    start_sentence -= 1;
                }
                let from = self.doc.sentences[start_sentence].tokens.start;
                (from, comma, QuoteKind::Direct)
            }
            Form::Colon { colon } => (colon + 1, a.content_end, QuoteKind::Direct),
            Form::Reported { from } => (from, a.content_end, QuoteKind::Indirect),
        };
        let (mut from, mut to) = (from, to);
        while from < to && self.toks[from].is_punct() {
            from += 1;
        }
        while to > from && self.toks[to - 1].is_punct() {
            to -= 1;
        }
        if to < from + 3 || touches_mark(from, to) {
            return None;
        }
        Some((from, to, kind))
    }

    fn has_attribution(&self, s: usize) -> bool {
        let r = self.doc.sentences[s].tokens.clone();
        r.clone().any(|c| self.toks[c].cue.is_some() && self.speaker_before(c, r.start).is_some())
    }

    /// Every attribution in sentence `s` whose cue is outside quotation marks.
    fn attributions(&self, s: usize, inside: &dyn Fn(usize) -> bool) -> Vec<Attribution> {
        let r = self.doc.sentences[s].tokens.clone();
        let (start, end) = (r.start, r.end);
        let mut content_end = end;
        while content_end > start && self.toks[content_end - 1].is_punct() {
            content_end -= 1;
        }
        let mut out = Vec::new();
        // "according to X" at the end of the sentence: a source, and the via of any cue before it.
        let according = (start..end.saturating_sub(1))
            .rev()
            .find(|&t| self.toks[t].is("according") && self.toks[t + 1].is("to") && !inside(t));
        let mut via_tail: Vec<(usize, usize)> = Vec::new();
        if let Some(t) = according {
            let np = (t + 2, self.np_end(t + 2, end));
            if np.1 > np.0 {
                via_tail.push(np);
                if t > start && self.toks[t - 1].is(",") {
                    content_end = t - 1;
                }
            }
        }
        // A trailing ", the X reported" by an outlet: also a via for the speech inside the sentence.
        let mut cues: Vec<usize> = (start..end).filter(|&t| self.toks[t].cue.is_some() && !inside(t)).collect();
        if cues.len() >= 2 {
            let last = *cues.last().expect("two cues");
            if let Some(comma) = self.comma_before_speaker(last, start) {
                if self.toks[last].cue == Some("report") {
                    via_tail.insert(0, (comma + 1, last));
                    content_end = content_end.min(comma);
                    cues.pop();
                }
            }
        }

        for &c in &cues {
            let tok = &self.toks[c];
            let after = c + 1;
            let next_is = |w: &str| after < end && self.toks[after].is(w);
            // "..., saying CONTENT": the speaker is the subject of the main clause.
            if tok.lower.ends_with("ing") {
                if c > start && self.toks[c - 1].is(",") && after < content_end {
                    let speaker = self.main_subject(start, c);
                    let from = if next_is("that") { after + 1 } else { after };
                    out.push(Attribution {
                        cue: tok.cue,
                        cue_tok: c,
                        speaker,
                        form: Form::Reported { from },
                        via: via_tail.clone(),
                        content_end,
                    });
                }
                continue;
            }
            // "Putin said: CONTENT"
            if next_is(":") {
                out.push(Attribution {
                    cue: tok.cue,
                    cue_tok: c,
                    speaker: self.speaker_before(c, start),
                    form: Form::Colon { colon: after },
                    via: via_tail.clone(),
                    content_end,
                });
                continue;
            }
            // ", he said" / ", did he declare" / ", said Xi" / ", Xi said at ..."
            let inverted =
                (start..c).rev().find(|&t| !self.toks[t].is_quote_mark()).is_some_and(|t| self.toks[t].is(","));
            let comma = self.comma_before_speaker(c, start).filter(|_| inverted || self.attribution_tail(c, end));
            if let Some(comma) = comma {
                let (from, to) = self.trim_np(comma + 1, c);
                let speaker = if from == to { self.speaker_after(c, end) } else { Some(self.trim_aux(from, to)) };
                let mut via = self.told_object(c, end).into_iter().collect::<Vec<_>>();
                via.extend(via_tail.iter().copied());
                out.push(Attribution {
                    cue: tok.cue,
                    cue_tok: c,
                    speaker,
                    form: Form::Trailing { comma },
                    via,
                    content_end: comma,
                });
                continue;
            }
            // "Xi said (that) CONTENT"
            if let Some(speaker) = self.speaker_before(c, start) {
                let mut from = after;
                if next_is("that") {
                    from += 1;
                } else if tok.cue == Some("tell") {
                    // "told reporters (that) ...": skip the addressee.
                    from = self.np_end(after, end);
                    if from < end && self.toks[from].is("that") {
                        from += 1;
                    }
                }
                // "claims to be": an infinitive, not reported speech.
                if from < content_end && !self.toks[from].is_punct() && !self.toks[from].is("to") {
                    out.push(Attribution {
                        cue: tok.cue,
                        cue_tok: c,
                        speaker: Some(speaker),
                        form: Form::Reported { from },
                        via: via_tail.clone(),
                        content_end,
                    });
                }
            }
        }
        if out.is_empty() {
            if let (Some(t), Some(&np)) = (according, via_tail.last()) {
                // No cue verb: "according to X" names the source itself.
                if t > start && self.toks[t - 1].is(",") {
                    out.push(Attribution {
                        cue: Some("according to"),
                        cue_tok: t,
                        speaker: Some(np),
                        form: Form::According { comma: t - 1 },
                        via: via_tail[..via_tail.len() - 1].to_vec(),
                        content_end: t - 1,
                    });
                }
            }
        }
        out
    }

    /// For a cue at `c`, the comma that opens its attribution clause: directly before the cue
    /// (", said Xi"), or before a short speaker phrase (", he said", ", did he declare", ", the Post reported").
    fn comma_before_speaker(&self, c: usize, start: usize) -> Option<usize> {
        let mut t = c;
        let mut words = 0;
        while t > start {
            t -= 1;
            let tok = &self.toks[t];
            if tok.is(",") {
                return (t > start).then_some(t);
            }
            if tok.is_punct() && !tok.is_quote_mark() || tok.cue.is_some() || words >= 8 {
                return None;
            }
            // A speaker phrase is a name, a pronoun or a short noun phrase: no clause inside it.
            if ["that", "which", "who", "and", "but", "because", "while"].contains(&tok.lower.as_str()) {
                return None;
            }
            words += 1;
        }
        None
    }

    /// True when what follows the cue at `c` closes an attribution rather than opening reported speech:
    /// the sentence end, a comma, a preposition or time word, or (for "tell") the addressee.
    fn attribution_tail(&self, c: usize, end: usize) -> bool {
        let next = c + 1;
        if next >= end {
            return true;
        }
        let tok = &self.toks[next];
        if tok.is_punct() || ATTRIBUTION_TAIL.contains(&tok.lower.as_str()) {
            return true;
        }
        if self.toks[c].cue == Some("tell") {
            let np = self.np_end(next, end);
            return np >= end || self.toks[np].is_punct() || ATTRIBUTION_TAIL.contains(&self.toks[np].lower.as_str());
        }
        false
    }

    /// The speaker phrase right after an inverted cue: ", said Wang Yiwei, a professor ..." → "Wang Yiwei".
    fn speaker_after(&self, c: usize, end: usize) -> Option<(usize, usize)> {
        let from = c + 1;
        let to = self.np_end(from, end);
        (to > from).then_some((from, to))
    }

    /// The noun phrase ending right before the cue at `c` (its subject), not crossing a comma or clause.
    fn speaker_before(&self, c: usize, start: usize) -> Option<(usize, usize)> {
        // A name or pronoun right before the cue is its subject ("..., Putin said:"), whatever the parse of
        // a broken sentence says; otherwise the parse knows the subject when there is one.
        let adjacent = c > start && (self.toks[c - 1].is_capitalized() || self.toks[c - 1].is_pronoun());
        if !adjacent {
            if let Some(subj) = self.parsed_subject(c) {
                return Some(subj);
            }
        }
        self.phrase_before(c, start)
    }

    /// The noun phrase read backwards from the cue at `c` by word order alone.
    fn phrase_before(&self, c: usize, start: usize) -> Option<(usize, usize)> {
        let mut t = c;
        while t > start {
            let tok = &self.toks[t - 1];
            let adverb = tok.lower.ends_with("ly") && !tok.is_capitalized();
            if t == c && (adverb || ["also", "has", "had", "have", "was", "is", "then"].contains(&tok.lower.as_str())) {
                // "Xi also said", "Xi has said": step over one adverb or auxiliary.
                if t - 1 > start {
                    return self.speaker_before(t - 1, start);
                }
                return None;
            }
            let np_word = !tok.is_punct() && tok.cue.is_none() && !NOT_IN_SPEAKER.contains(&tok.lower.as_str())
                || matches!(tok.text, "'s" | "’s");
            if !np_word {
                break;
            }
            t -= 1;
            if self.toks[t].is_pronoun() {
                break;
            }
        }
        // Must end in a name or pronoun or a noun; reject "is said" style passives with no phrase.
        let relative = |i: usize| ["who", "which", "that"].contains(&self.toks[i].lower.as_str());
        (t < c
            && !relative(c - 1)
            && (self.toks[c - 1].is_capitalized() || self.toks[c - 1].is_pronoun() || c - t <= 4))
            .then(|| self.trim_np(t, c))
    }

    fn parsed_subject(&self, c: usize) -> Option<(usize, usize)> {
        let sentence = self.doc.sentences[self.sentence_of(c)].tokens.clone();
        let tokens = &self.doc.tokens;
        let subj = sentence.clone().find(|&i| tokens[i].head == Some(c) && tokens[i].deprel.starts_with("nsubj"))?;
        if ["who", "which", "that"].contains(&self.toks[subj].lower.as_str()) {
            return None;
        }
        // The subject phrase: the subject and its dependents that lie before the cue.
        let (mut from, mut to) = (subj, subj + 1);
        for i in sentence {
            if i < c && self.dominated_by(i, subj) {
                from = from.min(i);
                to = to.max(i + 1);
            }
        }
        Some((from, to))
    }

    fn dominated_by(&self, mut i: usize, ancestor: usize) -> bool {
        for _ in 0..64 {
            if i == ancestor {
                return true;
            }
            match self.doc.tokens[i].head {
                Some(h) => i = h,
                None => return false,
            }
        }
        false
    }

    /// Drops the words a speaker phrase should not keep: a leading "did" of an inverted question form,
    /// a trailing relative clause.
    fn trim_aux(&self, from: usize, to: usize) -> (usize, usize) {
        let from = if ["did", "does", "do"].contains(&self.toks[from].lower.as_str()) && to > from + 1 {
            from + 1
        } else {
            from
        };
        (from, to)
    }

    fn trim_np(&self, from: usize, to: usize) -> (usize, usize) {
        let mut from = from;
        while from < to && self.toks[from].is_punct() {
            from += 1;
        }
        (from, to)
    }

    /// End of the noun phrase starting at `from`: up to a comma, a verb-like cue, a relative pronoun,
    /// a preposition after the head, or the sentence end.
    fn np_end(&self, from: usize, end: usize) -> usize {
        let mut t = from;
        while t < end {
            let tok = &self.toks[t];
            if tok.is_punct() && !matches!(tok.text, "'s" | "’s" | "-" | "&" | ".") && !tok.text.is_empty() {
                break;
            }
            let stop =
                ["who", "which", "that", "when", "where", "at", "in", "on", "during", "after", "before", "to", "of"]
                    .contains(&tok.lower.as_str());
            // "Ambassador to Moscow", "Bank of England": a preposition between capitals stays in a name.
            let inside_name = t > from
                && self.toks[t - 1].is_capitalized()
                && self.toks.get(t + 1).is_some_and(|n| n.is_capitalized() && t + 1 < end);
            if tok.cue.is_some() || stop && t > from && !inside_name {
                break;
            }
            t += 1;
        }
        while t > from && self.toks[t - 1].is_punct() {
            t -= 1;
        }
        t
    }

    /// "he told the South China Morning Post": the addressee, when it is a proper name (an outlet or a
    /// named source), is the channel the words came through.
    fn told_object(&self, c: usize, end: usize) -> Option<(usize, usize)> {
        if self.toks[c].cue != Some("tell") {
            return None;
        }
        let from = c + 1;
        let to = self.np_end(from, end);
        let named = (from..to).any(|t| self.toks[t].is_capitalized());
        (to > from && named).then_some((from, to))
    }

    /// The subject of the sentence's main clause before token `c`, for "..., saying ...".
    fn main_subject(&self, start: usize, c: usize) -> Option<(usize, usize)> {
        let sentence = self.sentence_of(start);
        let root = self.doc.sentence_tokens(sentence).iter().position(|t| t.deprel == "root");
        if let Some(subj) = root.and_then(|r| self.parsed_subject(self.doc.sentences[sentence].tokens.start + r)) {
            return Some(subj);
        }
        // The first entity mentioned in the sentence, a person or an organisation.
        let span = self.span_of(start, c);
        let first = self
            .doc
            .entities
            .iter()
            .filter(|e| matches!(e.kind, EntityType::Person | EntityType::Org | EntityType::Gpe))
            .flat_map(|e| e.mentions.iter())
            .filter(|m| span.contains(m.span))
            .min_by_key(|m| m.span.start)?;
        let from = (start..c).find(|&t| self.toks[t].span.start >= first.span.start)?;
        let to = (from..c).find(|&t| self.toks[t].span.end >= first.span.end).map_or(c, |t| t + 1);
        Some((from, to))
    }

    /// Resolves a speaker phrase to a [`Speaker`]: the entity whose mention it contains or overlaps;
    /// an unresolved pronoun takes the last speaker.
    fn speaker(&self, a: &Attribution, last: &Option<Speaker>) -> Option<Speaker> {
        let (from, to) = a.speaker?;
        let span = self.span_of(from, to);
        let entity = self.entity_in(span);
        if entity.is_none() && to == from + 1 && self.toks[from].is_pronoun() {
            let earlier = last.as_ref().and_then(|s| s.entity).or_else(|| self.person_before(span.start));
            return Some(Speaker { span, entity: earlier });
        }
        Some(Speaker { span, entity })
    }

    /// The person named last before byte offset `at`.
    fn person_before(&self, at: usize) -> Option<usize> {
        let mentions = self.doc.entities.iter().enumerate().filter(|(_, e)| e.kind == EntityType::Person);
        mentions
            .flat_map(|(i, e)| e.mentions.iter().filter(|m| m.kind == MentionKind::Name).map(move |m| (i, m.span)))
            .filter(|(_, s)| s.end <= at)
            .max_by_key(|(_, s)| s.end)
            .map(|(i, _)| i)
    }

    /// The entity with a mention inside (or overlapping) `span`: names first, then descriptions and
    /// pronouns; the rightmost wins (the head of "Foreign Ministry spokesperson Lin Jian").
    fn entity_in(&self, span: Span) -> Option<usize> {
        let mut best: Option<(usize, (u8, usize))> = None;
        for (i, e) in self.doc.entities.iter().enumerate() {
            for m in e.mentions.iter().filter(|m| span.overlaps(m.span)) {
                let rank = match m.kind {
                    MentionKind::Name => 2,
                    MentionKind::Nominal => 1,
                    MentionKind::Pronoun => 0,
                };
                let key = (rank, m.span.end);
                if best.is_none_or(|(_, k)| key > k) {
                    best = Some((i, key));
                }
            }
        }
        best.map(|(i, _)| i)
    }

    /// Names for the via chain: an entity's canonical name where the phrase mentions one ("the news agency
    /// Tass" → "Tass", "the Post" → "South China Morning Post"), else the phrase without its article.
    fn via_names(&self, via: &[(usize, usize)]) -> Vec<String> {
        via.iter()
            .map(|&(from, to)| {
                let span = self.span_of(from, to);
                match self.entity_in(span) {
                    Some(e) if matches!(self.doc.entities[e].kind, EntityType::Org | EntityType::Person) => {
                        self.doc.entities[e].name.clone()
                    }
                    _ => {
                        let text = self.doc.slice(span);
                        text.strip_prefix("the ").or_else(|| text.strip_prefix("The ")).unwrap_or(text).to_owned()
                    }
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_core::{Entity, Mention, Sentence, Token};

    /// A plain tokenizer for these tests, so they exercise the quote logic and not the real segmenter:
    /// words, "'s" and single punctuation marks are tokens; a sentence ends after . ! ? (and any closing
    /// quote mark) or at a blank line.
    fn doc(text: &str) -> Document {
        let mut d = Document::new("t", text);
        let mut spans = Vec::new();
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            if c.is_whitespace() {
                continue;
            }
            if c.is_alphanumeric() {
                let mut end = i + c.len_utf8();
                while let Some(&(j, n)) = it.peek() {
                    if n.is_alphanumeric() || n == '-' {
                        end = j + n.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
                spans.push(Span::new(i, end));
            } else if (c == '\'' || c == '’') && it.peek().is_some_and(|&(_, n)| n == 's') {
                let (j, _) = it.next().unwrap();
                spans.push(Span::new(i, j + 1));
            } else {
                spans.push(Span::new(i, i + c.len_utf8()));
            }
        }
        let mut start = 0;
        for (k, s) in spans.iter().enumerate() {
            let t = &text[s.start..s.end];
            let next = spans.get(k + 1);
            let closing = next.is_some_and(|n| matches!(&text[n.start..n.end], "”" | "\""));
            let para_break = next.is_some_and(|n| text[s.end..n.start].contains("\n\n"));
            if (matches!(t, "." | "!" | "?") && !closing)
                || matches!(t, "”" | "\"") && k > start && {
                    let prev = &text[spans[k - 1].start..spans[k - 1].end];
                    matches!(prev, "." | "!" | "?")
                }
                || para_break
                || next.is_none()
            {
                d.sentences.push(Sentence { span: Span::new(spans[start].start, s.end), tokens: start..k + 1 });
                start = k + 1;
            }
        }
        d.tokens = spans.into_iter().map(|span| Token { span, ..Default::default() }).collect();
        d
    }

    fn person(d: &mut Document, name: &str, surface: &[&str]) -> usize {
        let mut mentions = Vec::new();
        for s in surface {
            for (at, _) in d.text.match_indices(s) {
                let span = Span::new(at, at + s.len());
                let kind = if PRONOUNS.contains(&s.to_lowercase().as_str()) {
                    MentionKind::Pronoun
                } else {
                    MentionKind::Name
                };
                mentions.push(Mention { span, sentence: d.sentence_at(at).unwrap_or(0), kind });
            }
        }
        d.entities.push(Entity { name: name.into(), kind: EntityType::Person, actor: None, country: None, mentions });
        d.entities.len() - 1
    }

    fn texts(d: &Document) -> Vec<(String, Option<String>)> {
        find_quotes(d)
            .into_iter()
            .map(|q| (d.slice(q.span).to_owned(), q.speaker.map(|s| d.slice(s.span).to_owned())))
            .collect()
    }

    #[test]
    fn marked_quote_with_trailing_speaker() {
        let d = doc("“We will not give up the talks,” the minister said. He left at noon.");
        let q = find_quotes(&d);
        assert_eq!(q.len(), 1);
        assert_eq!(d.slice(q[0].span), "We will not give up the talks,");
        assert_eq!(d.slice(q[0].speaker.as_ref().unwrap().span), "the minister");
        assert_eq!(q[0].cue.as_deref(), Some("say"));
        assert_eq!(q[0].kind, QuoteKind::Direct);
    }

    #[test]
    fn quote_across_paragraphs_continues_when_the_next_opens_with_a_mark() {
        let text =
            "Ms Okafor said: “The border must reopen.\n\n“Families are waiting on both sides.”\n\nThe meeting ended.";
        let d = doc(text);
        let q = find_quotes(&d);
        assert_eq!(q.len(), 1, "{:?}", texts(&d));
        let body = d.slice(q[0].span);
        assert!(body.starts_with("The border must reopen.") && body.ends_with("both sides."), "{body}");
        assert_eq!(d.slice(q[0].speaker.as_ref().unwrap().span), "Ms Okafor");
    }

    #[test]
    fn unbalanced_mark_stops_at_the_paragraph_end_and_keeps_the_last_speaker() {
        let text = "Mr Diallo said: trade will grow.\n\n“The port opens next year and the road follows.\n\nOfficials met on Friday. Nothing was agreed.";
        let mut d = doc(text);
        person(&mut d, "Amadou Diallo", &["Mr Diallo"]);
        let q = find_quotes(&d);
        let open = q.iter().find(|q| d.slice(q.span).starts_with("The port")).expect("the unclosed quote");
        assert_eq!(d.slice(open.span), "The port opens next year and the road follows");
        assert_eq!(open.speaker.as_ref().and_then(|s| s.entity), Some(0));
        assert!(q.iter().all(|q| !d.slice(q.span).contains("Officials")));
    }

    #[test]
    fn unclosed_mark_ends_before_a_sentence_with_its_own_named_speaker() {
        let text = "“The deal is good for both. Later Minister Ana Ruiz said that the vote will be held.";
        let d = doc(text);
        let q = texts(&d);
        assert!(q.contains(&("The deal is good for both".into(), None)), "{q:?}");
        assert!(
            q.iter().any(|(t, s)| t == "the vote will be held" && s.as_deref().unwrap().ends_with("Ana Ruiz")),
            "{q:?}"
        );
    }

    #[test]
    fn nested_quotes_keep_the_outer_quote() {
        let text = "“They told us ‘wait’ and we waited,” said Ruiz.";
        let d = doc(text);
        let q = texts(&d);
        assert_eq!(q, vec![("They told us ‘wait’ and we waited,".into(), Some("Ruiz".into()))]);
    }

    #[test]
    fn unmarked_paragraph_quote_with_pronoun_speaker() {
        let text = "Ana Ruiz spoke in Lima. She said talks would resume.\n\nOur position has not changed. We want peace, she said.";
        let mut d = doc(text);
        let ruiz = person(&mut d, "Ana Ruiz", &["Ana Ruiz"]);
        let q = find_quotes(&d);
        let last = q.last().unwrap();
        assert_eq!(d.slice(last.span), "Our position has not changed. We want peace");
        // "she" has no coreference here: the last speaker, Ruiz, is taken.
        assert_eq!(last.speaker.as_ref().unwrap().entity, Some(ruiz));
        let reported = &q[0];
        assert_eq!(d.slice(reported.span), "talks would resume");
        assert_eq!(reported.kind, QuoteKind::Indirect);
    }

    #[test]
    fn inverted_cues_and_via() {
        let text = "The economy will grow, said Ruiz, according to the news agency Andina.\n\nPrices are stable, he told the Lima Herald.\n\nThe rains will end soon, did he declare.";
        let mut d = doc(text);
        person(&mut d, "Ana Ruiz", &["Ruiz"]);
        let q = find_quotes(&d);
        assert_eq!(q.len(), 3, "{:?}", texts(&d));
        assert_eq!(d.slice(q[0].span), "The economy will grow");
        assert_eq!(q[0].via, vec!["news agency Andina".to_string()]);
        assert_eq!(q[1].via, vec!["Lima Herald".to_string()]);
        assert_eq!(q[1].cue.as_deref(), Some("tell"));
        assert_eq!(d.slice(q[2].speaker.as_ref().unwrap().span), "he");
        assert_eq!(q[2].cue.as_deref(), Some("declare"));
    }

    #[test]
    fn outlet_reporting_a_speaker_is_the_via_not_the_speaker() {
        let text = "In a speech, Ruiz said the deal was fair, the Lima Herald reported.";
        let d = doc(text);
        let q = find_quotes(&d);
        assert_eq!(q.len(), 1, "{:?}", texts(&d));
        assert_eq!(d.slice(q[0].span), "the deal was fair");
        assert_eq!(d.slice(q[0].speaker.as_ref().unwrap().span), "Ruiz");
        assert_eq!(q[0].via, vec!["Lima Herald".to_string()]);
    }

    #[test]
    fn according_to_names_the_source() {
        let d = doc("Both sides will meet again this year, according to Ambassador to Peru Li Wei.");
        let q = texts(&d);
        assert_eq!(q, vec![("Both sides will meet again this year".into(), Some("Ambassador to Peru Li Wei".into()))]);
    }

    #[test]
    fn tagged_nouns_are_not_speech_cues() {
        let mut d = doc("The aim is to deter the United States or the West. This is not our wish, he said.");
        for t in d.tokens.iter_mut() {
            if d.text[t.span.start..t.span.end] == *"States" {
                t.upos = Upos::Propn;
            }
        }
        let q = texts(&d);
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(q[0].0.starts_with("The aim is to deter") && q[0].0.ends_with("our wish"), "{q:?}");
    }

    #[test]
    fn no_quotes_in_plain_narrative_or_infinitive_claims() {
        let d = doc("The army claims to hold the city. Troops entered the town on Monday.");
        assert!(find_quotes(&d).is_empty(), "{:?}", texts(&d));
        assert!(find_quotes(&Document::new("e", "")).is_empty());
    }
}
