//! A CoNLL-U reader for the UD treebanks the tagger and parser train and evaluate on.
//!
//! Only basic syntax is kept: multiword-token lines (`1-2`) and empty nodes (`1.1`) are skipped, so a
//! sentence is its sequence of syntactic words. Document-level comments (`# newdoc`, `# meta::genre`)
//! carry over to every sentence of the document.

use std::path::Path;

/// Genres of GUM whose texts are free for commercial use (see `../shared/data/treebanks/gum/LICENSE.txt`).
/// Shipped models train on EWT plus these.
pub const FREE_GUM_GENRES: [&str; 6] = ["academic", "bio", "court", "interview", "news", "voyage"];

#[derive(Debug, thiserror::Error)]
pub enum ConlluError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{path}:{line}: {msg}")]
    Syntax { path: String, line: usize, msg: String },
}

/// One syntactic word of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
    pub xpos: String,
    /// 1-based head index; 0 is the root.
    pub head: usize,
    pub deprel: String,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sentence {
    pub words: Vec<Word>,
    pub text: Option<String>,
    pub sent_id: Option<String>,
    /// The `# newdoc id` of the document the sentence belongs to.
    pub doc_id: Option<String>,
    /// `# meta::genre` of the document (GUM), or the genre part of a `GUM_<genre>_<name>` document id.
    pub genre: Option<String>,
}

impl Sentence {
    /// Whether a shipped model may train on this sentence: every non-GUM sentence, and GUM only in the
    /// genres whose texts are free for commercial use.
    pub fn licensed_for_training(&self) -> bool {
        let gum = self.doc_id.as_deref().is_some_and(|d| d.starts_with("GUM_"));
        !gum || self.genre.as_deref().is_some_and(|g| FREE_GUM_GENRES.contains(&g))
    }

    pub fn forms(&self) -> Vec<&str> {
        self.words.iter().map(|w| w.form.as_str()).collect()
    }
}

pub fn read_file(path: &Path) -> Result<Vec<Sentence>, ConlluError> {
    let text =
        std::fs::read_to_string(path).map_err(|source| ConlluError::Io { path: path.display().to_string(), source })?;
    parse(&text).map_err(|(line, msg)| ConlluError::Syntax { path: path.display().to_string(), line, msg })
}

/// Parses CoNLL-U text; an error is the 1-based line number and what is wrong there.
pub fn parse(text: &str) -> Result<Vec<Sentence>, (usize, String)> {
    let mut sentences = Vec::new();
    let mut current = Sentence::default();
    let (mut doc_id, mut genre): (Option<String>, Option<String>) = (None, None);
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let (key, value) = match comment.split_once('=') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => (comment.trim(), ""),
            };
            match key {
                "newdoc" | "newdoc id" => {
                    doc_id = Some(value.to_owned()).filter(|v| !v.is_empty());
                    genre = doc_id.as_deref().and_then(genre_from_gum_id);
                }
                "meta::genre" => genre = Some(value.to_owned()),
                "text" => current.text = Some(value.to_owned()),
                "sent_id" => current.sent_id = Some(value.to_owned()),
                _ => {}
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err((i + 1, format!("expected 10 tab-separated columns, found {}", cols.len())));
        }
        if cols[0].contains(['-', '.']) {
            continue;
        }
        let head = cols[6].parse().map_err(|_| (i + 1, format!("bad head {:?}", cols[6])))?;
        if current.words.is_empty() {
            current.doc_id.clone_from(&doc_id);
            current.genre.clone_from(&genre);
        }
        current.words.push(Word {
            form: cols[1].to_owned(),
            lemma: cols[2].to_owned(),
            upos: cols[3].to_owned(),
            xpos: cols[4].to_owned(),
            head,
            deprel: cols[7].to_owned(),
        });
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

fn genre_from_gum_id(id: &str) -> Option<String> {
    id.strip_prefix("GUM_").and_then(|rest| rest.split_once('_')).map(|(g, _)| g.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = GUM_news_iodine\n# meta::genre = news\n# sent_id = s1\n# text = Don't go.\n\
1-2\tDon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tDo\tdo\tAUX\tVBP\t_\t3\taux\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t3\tadvmod\t_\t_\n\
3\tgo\tgo\tVERB\tVB\t_\t0\troot\t_\t_\n3.1\tgo\tgo\tVERB\tVB\t_\t_\t_\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_\n\n\
# newdoc id = GUM_fiction_beast\n# sent_id = s2\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n";

    #[test]
    fn skips_multiword_tokens_and_empty_nodes() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].forms(), ["Do", "n't", "go", "."]);
        assert_eq!(s[0].words[1].head, 3);
        assert_eq!(s[0].text.as_deref(), Some("Don't go."));
        assert_eq!(s[0].sent_id.as_deref(), Some("s1"));
    }

    #[test]
    fn genre_filter_keeps_free_gum_genres_and_non_gum() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s[0].genre.as_deref(), Some("news"));
        assert!(s[0].licensed_for_training());
        assert_eq!(s[1].genre.as_deref(), Some("fiction"));
        assert!(!s[1].licensed_for_training());
        let ewt = parse("# newdoc id = weblog-x\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\t_\n").unwrap();
        assert!(ewt[0].licensed_for_training());
    }

    #[test]
    fn reports_bad_lines() {
        assert_eq!(parse("1\tHi\n").unwrap_err().0, 1);
    }
}
