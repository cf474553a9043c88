//! Scores the segmenter against a CoNLL-U treebank. The raw text is rebuilt from the `# text` lines:
//! tokens are scored sentence by sentence (each gold sentence's text tokenized as one sentence), sentence
//! boundaries on each document's text (`# newdoc`), with sentences joined by a space and paragraphs
//! (`# newpar`) by a blank line. Gold tokens are the syntactic words: a multiword token's words are cut
//! out of its surface form ("don't" → "do" "n't"), as the segmenter cuts them.

use std::time::{Duration, Instant};

use dyad_core::Span;

use super::{tokenize, Segmenter};

#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("line {line}: {msg}")]
    Format { line: usize, msg: String },
    #[error("no sentence with a `# text = ` line and words")]
    Empty,
}

/// Precision, recall and F1 (in percent) of predicted against gold items.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Prf {
    pub gold: usize,
    pub predicted: usize,
    pub correct: usize,
}

impl Prf {
    fn add(&mut self, gold: &[usize], predicted: &[usize]) {
        self.gold += gold.len();
        self.predicted += predicted.len();
        self.correct += count_common(gold, predicted);
    }
    pub fn precision(&self) -> f64 {
        percent(self.correct, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        percent(self.correct, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn percent(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Items common to two sorted lists.
fn count_common(a: &[usize], b: &[usize]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub documents: usize,
    pub sentences: usize,
    /// Tokens of each gold sentence's text, tokenized on its own.
    pub tokens: Prf,
    /// Tokens of whole documents, sentence splitting included.
    pub doc_tokens: Prf,
    /// Sentence ends in whole documents.
    pub sentence_ends: Prf,
    /// Segmentation speed over the documents' text, in gold words per second.
    pub words_per_second: f64,
    /// Up to the requested number of wrongly tokenized sentences and wrong sentence ends, for reading.
    pub examples: Vec<String>,
}

struct GoldSentence {
    text: String,
    words: Vec<Span>,
    new_doc: bool,
    new_par: bool,
}

struct GoldDoc {
    text: String,
    /// Token spans encoded as `start << 32 | end`, so that span lists compare as sorted numbers.
    words: Vec<usize>,
    sentence_ends: Vec<usize>,
}

fn key(s: Span) -> usize {
    (s.start << 32) | s.end
}

/// Scores the segmenter on the CoNLL-U text `conllu`, keeping up to `max_examples` examples of errors.
pub fn evaluate(conllu: &str, max_examples: usize) -> Result<Scores, EvalError> {
    let gold = read(conllu)?;
    if gold.is_empty() {
        return Err(EvalError::Empty);
    }
    let mut scores = Scores { sentences: gold.len(), ..Default::default() };
    for s in &gold {
        let predicted: Vec<usize> = tokenize(&s.text).into_iter().map(key).collect();
        let expected: Vec<usize> = s.words.iter().copied().map(key).collect();
        scores.tokens.add(&expected, &predicted);
        if predicted != expected && scores.examples.len() < max_examples / 2 {
            let show = |spans: &[usize]| {
                spans.iter().map(|&k| &s.text[k >> 32..k & 0xffff_ffff]).collect::<Vec<_>>().join(" | ")
            };
            scores.examples.push(format!("TOKENS\n  gold: {}\n  ours: {}", show(&expected), show(&predicted)));
        }
    }

    let docs = documents(&gold);
    scores.documents = docs.len();
    let segmenter = Segmenter;
    for doc in &docs {
        let (tokens, sentences) = segmenter.segment(&doc.text);
        let predicted: Vec<usize> = tokens.into_iter().map(key).collect();
        scores.doc_tokens.add(&doc.words, &predicted);
        let ends: Vec<usize> = sentences.iter().map(|s| s.span.end).collect();
        scores.sentence_ends.add(&doc.sentence_ends, &ends);
        for (missing, list, other) in [("MISSED", &doc.sentence_ends, &ends), ("SPURIOUS", &ends, &doc.sentence_ends)] {
            for &at in list.iter().filter(|at| other.binary_search(at).is_err()) {
                if scores.examples.len() >= max_examples {
                    break;
                }
                let from = floor_boundary(&doc.text, at.saturating_sub(60));
                let to = floor_boundary(&doc.text, (at + 60).min(doc.text.len()));
                let context = format!("{}‖{}", &doc.text[from..at], &doc.text[at..to]).replace('\n', "¶");
                scores.examples.push(format!("{missing} END  {context}"));
            }
        }
    }

    // Timed separately, over enough repetitions for a stable figure.
    let words: usize = docs.iter().map(|d| d.words.len()).sum();
    let started = Instant::now();
    let mut rounds = 0usize;
    while rounds == 0 || started.elapsed() < Duration::from_millis(500) {
        for doc in &docs {
            std::hint::black_box(segmenter.segment(std::hint::black_box(&doc.text)));
        }
        rounds += 1;
    }
    scores.words_per_second = (words * rounds) as f64 / started.elapsed().as_secs_f64();
    Ok(scores)
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Documents as running text: sentences joined by a space, paragraphs by a blank line.
fn documents(gold: &[GoldSentence]) -> Vec<GoldDoc> {
    let mut docs: Vec<GoldDoc> = Vec::new();
    for s in gold {
        let doc = match docs.last_mut() {
            Some(doc) if !s.new_doc => doc,
            _ => {
                docs.push(GoldDoc { text: String::new(), words: Vec::new(), sentence_ends: Vec::new() });
                docs.last_mut().expect("just pushed")
            }
        };
        if !doc.text.is_empty() {
            doc.text.push_str(if s.new_par { "\n\n" } else { " " });
        }
        let offset = doc.text.len();
        doc.text.push_str(&s.text);
        doc.words.extend(s.words.iter().map(|w| key(Span::new(w.start + offset, w.end + offset))));
        if let Some(last) = s.words.last() {
            doc.sentence_ends.push(offset + last.end);
        }
    }
    docs
}

/// The sentences of a CoNLL-U file with their text and word spans.
fn read(conllu: &str) -> Result<Vec<GoldSentence>, EvalError> {
    let mut out = Vec::new();
    let mut text: Option<&str> = None;
    let (mut new_doc, mut new_par) = (true, true);
    // Surface tokens: the form and the forms of its words (one, or several for a multiword token).
    let mut surface: Vec<(&str, Vec<&str>)> = Vec::new();
    let mut range_end = 0usize;
    for (n, line) in conllu.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        let err = |msg: String| EvalError::Format { line: n + 1, msg };
        if line.is_empty() {
            if let (Some(t), false) = (text, surface.is_empty()) {
                let words = word_spans(t, &surface).map_err(err)?;
                out.push(GoldSentence { text: t.to_owned(), words, new_doc, new_par });
                (new_doc, new_par) = (false, false);
            }
            (text, range_end) = (None, 0);
            surface.clear();
        } else if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if comment.starts_with("newdoc") {
                (new_doc, new_par) = (true, true);
            } else if comment.starts_with("newpar") {
                new_par = true;
            } else if let Some(t) = comment.strip_prefix("text = ") {
                text = Some(t);
            }
        } else {
            let mut fields = line.split('\t');
            let (Some(id), Some(form)) = (fields.next(), fields.next()) else {
                return Err(err(format!("not a CoNLL-U word line: {line:?}")));
            };
            if let Some((_, last)) = id.split_once('-') {
                range_end = last.parse().map_err(|_| err(format!("bad range id {id:?}")))?;
                surface.push((form, Vec::new()));
            } else if !id.contains('.') {
                let index: usize = id.parse().map_err(|_| err(format!("bad word id {id:?}")))?;
                match surface.last_mut() {
                    Some((_, words)) if index <= range_end => words.push(form),
                    _ => surface.push((form, vec![form])),
                }
            }
        }
    }
    if let (Some(t), false) = (text, surface.is_empty()) {
        let words = word_spans(t, &surface).map_err(|msg| EvalError::Format { line: conllu.lines().count(), msg })?;
        out.push(GoldSentence { text: t.to_owned(), words, new_doc, new_par });
    }
    Ok(out)
}

/// Finds each surface token in the sentence text, in order, and cuts its words out of it.
fn word_spans(text: &str, surface: &[(&str, Vec<&str>)]) -> Result<Vec<Span>, String> {
    let mut spans = Vec::new();
    let mut pos = 0;
    for (form, words) in surface {
        let start = pos + text[pos..].find(form).ok_or_else(|| format!("token {form:?} not found in the text"))?;
        let end = start + form.len();
        if words.concat() == *form {
            let mut at = start;
            for w in words {
                spans.push(Span::new(at, at + w.len()));
                at += w.len();
            }
        } else {
            // Words that are not substrings of their token ("won't" → "will" "not") cannot be cut
            // out of the text: the token counts as one.
            spans.push(Span::new(start, end));
        }
        pos = end;
    }
    Ok(spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# newpar id = p1\n# text = I don't know.\n\
1\tI\t_\n2-3\tdon't\t_\n2\tdo\t_\n3\tn't\t_\n4\tknow\t_\n5\t.\t_\n\n\
# text = Fine\n1\tFine\t_\n\n";

    #[test]
    fn reads_multiword_tokens_and_scores() {
        let gold = read(SAMPLE).unwrap();
        assert_eq!(gold.len(), 2);
        let words: Vec<&str> = gold[0].words.iter().map(|w| w.slice(&gold[0].text)).collect();
        assert_eq!(words, ["I", "do", "n't", "know", "."]);
        let docs = documents(&gold);
        assert_eq!(docs[0].text, "I don't know. Fine");
        assert_eq!(docs[0].sentence_ends, [13, 18]);
        let scores = evaluate(SAMPLE, 0).unwrap();
        assert_eq!(scores.tokens.f1(), 100.0);
        assert_eq!(scores.sentence_ends.f1(), 100.0);
    }

    #[test]
    fn prf_counts_common_items() {
        let mut prf = Prf::default();
        prf.add(&[1, 2, 3, 4], &[2, 4, 5]);
        assert_eq!((prf.gold, prf.predicted, prf.correct), (4, 3, 2));
        assert!((prf.f1() - 100.0 * 4.0 / 7.0).abs() < 1e-9);
    }

    #[test]
    fn rejects_a_text_that_lacks_its_tokens() {
        assert!(matches!(read("# text = a b\n1\tc\t_\n\n"), Err(EvalError::Format { .. })));
    }
}
