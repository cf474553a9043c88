//! Readers for the PETRARCH2 and TABARI actor, agent and discard dictionaries, so that dictionaries written
//! for those coders load as they are, and a longest-match lookup of their phrases over a sentence's words.
//!
//! Formats (both coders share most of them):
//! - actors: `PHRASE [CODE]`, `+SYNONYM` lines for the entry above, code blocks on their own indented lines,
//!   date-bounded codes `[CODE >YYMMDD]`, `[CODE <YYMMDD]`, `[CODE YYMMDD-YYMMDD]` with an undated fallback;
//! - agents: `PHRASE {PLURALS} [~CODE]` (`~CODE` is appended to the actor's code, `CODE~` prepended), and
//!   `!MACRO! = A, B` substitutions used inside later phrases;
//! - discards: phrases whose presence drops a sentence (`+PHRASE` drops the story).
//!
//! Words in a phrase are separated by spaces or `_`. TABARI matches the last word of a phrase as a stem
//! ("ARGENTIN" matches "Argentina" and "Argentine") unless the phrase ends in `_`; PETRARCH2 matches every
//! word exactly (it looks words up in a tree of whole words), so "DIPLOMAT" does not match "diplomatic".
//! Comments: `#` (PETRARCH), `;` (TABARI) and `<!-- ... -->`; TABARI's `<NOUN>`-style blocks are skipped.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;

#[derive(Debug, thiserror::Error)]
pub enum PetrarchError {
    #[error("{file}:{line}: {why}")]
    Malformed { file: String, line: usize, why: String },
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// A dictionary phrase: upper-case words, the last one a stem unless the phrase ended in `_`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub words: Vec<String>,
    pub stem_last: bool,
}

/// Which coder a dictionary was written for: it decides whether a phrase's last word is a stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    #[default]
    Petrarch,
    Tabari,
}

impl Phrase {
    pub fn parse(text: &str, dialect: Dialect) -> Phrase {
        let text = text.trim();
        // TABARI's `MOUSE=` is exact too: "Mouses" is not a mouse.
        let stem_last = dialect == Dialect::Tabari && !text.ends_with(['_', '=']);
        let text = text.trim_end_matches('=');
        let words = text.split(|c: char| c == '_' || c.is_whitespace()).filter(|w| !w.is_empty());
        Phrase { words: words.map(str::to_uppercase).collect(), stem_last }
    }

    fn word_matches(&self, i: usize, token: &str) -> bool {
        let word = &self.words[i];
        token == word || (self.stem_last && i + 1 == self.words.len() && token.starts_with(word.as_str()))
    }

    /// Whether the phrase matches `tokens` (upper case) from `at`, and how exactly: (words, exact last word).
    fn match_at(&self, tokens: &[String], at: usize) -> Option<(usize, bool)> {
        let n = self.words.len();
        if n == 0 || at + n > tokens.len() {
            return None;
        }
        (0..n).all(|i| self.word_matches(i, &tokens[at + i])).then(|| (n, tokens[at + n - 1] == self.words[n - 1]))
    }
}

/// Phrases with their values, found by longest match over a sentence's words.
#[derive(Debug, Clone)]
pub struct PhraseTable<T> {
    entries: Vec<(Phrase, T)>,
    by_first: HashMap<String, Vec<usize>>,
}

impl<T> Default for PhraseTable<T> {
    fn default() -> Self {
        PhraseTable { entries: Vec::new(), by_first: HashMap::new() }
    }
}

impl<T> PhraseTable<T> {
    pub fn insert(&mut self, phrase: Phrase, value: T) {
        if let Some(first) = phrase.words.first() {
            self.by_first.entry(first.clone()).or_default().push(self.entries.len());
            self.entries.push((phrase, value));
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The longest phrase starting at `at` (on ties an exact last word beats a stem), with its length.
    pub fn longest_at(&self, tokens: &[String], at: usize) -> Option<(usize, &T)> {
        let token = tokens.get(at)?;
        let mut best: Option<(usize, bool, usize)> = None;
        // A one-word stem is indexed under itself, a prefix of the token: look up every prefix.
        for (cut, _) in token.char_indices().skip(1).chain([(token.len(), ' ')]) {
            for &e in self.by_first.get(&token[..cut]).into_iter().flatten() {
                if let Some((n, exact)) = self.entries[e].0.match_at(tokens, at) {
                    if best.is_none_or(|(bn, bexact, _)| (n, exact) > (bn, bexact)) {
                        best = Some((n, exact, e));
                    }
                }
            }
        }
        best.map(|(n, _, e)| (n, &self.entries[e].1))
    }

    /// Left-to-right longest matches: (start, end, value).
    pub fn find_all(&self, tokens: &[String]) -> Vec<(usize, usize, &T)> {
        let mut found = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            match self.longest_at(tokens, i) {
                Some((n, v)) => {
                    found.push((i, i + n, v));
                    i += n;
                }
                None => i += 1,
            }
        }
        found
    }
}

/// One code of an actor with the dates it holds between (inclusive; open when `None`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedCode {
    pub code: String,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl DatedCode {
    fn dated(&self) -> bool {
        self.from.is_some() || self.until.is_some()
    }

    fn holds_on(&self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }
}

/// The codes of an actor on `date`: the dated codes that hold then, else the undated ones. `---` (PETRARCH),
/// `###` and `+++` (TABARI's null and complex codes) are no actor.
pub fn codes_on(codes: &[DatedCode], date: Option<NaiveDate>) -> Vec<&str> {
    // The first restriction that holds wins, as in PETRARCH: a narrow interval listed before a wider one
    // overrides it. ("ELR/GAL" gives two codes with the same dates.)
    let first = date.and_then(|d| codes.iter().find(|c| c.dated() && c.holds_on(d)));
    let dated: Vec<&str> = match first {
        Some(f) => codes.iter().filter(|c| (c.from, c.until) == (f.from, f.until)).map(|c| c.code.as_str()).collect(),
        None => Vec::new(),
    };
    let chosen =
        if dated.is_empty() { codes.iter().filter(|c| !c.dated()).map(|c| c.code.as_str()).collect() } else { dated };
    chosen.into_iter().filter(|c| !matches!(*c, "---" | "###" | "+++")).collect()
}

/// An agent's code and on which side of the actor's code it goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentCode {
    pub code: String,
    pub prefix: bool,
}

/// Actors, agents and discards from PETRARCH or TABARI dictionary files.
#[derive(Debug, Default, Clone)]
pub struct PetrarchActors {
    pub actors: PhraseTable<Vec<DatedCode>>,
    pub agents: PhraseTable<AgentCode>,
    pub discards: PhraseTable<bool>,
    pub dialect: Dialect,
    /// Malformed lines that were skipped, each naming its file and line.
    pub warnings: Vec<String>,
}

/// An actor mention over words `start..end` of a sentence, with its combined codes (actor then agents).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub start: usize,
    pub end: usize,
    /// The word the noun phrase hangs on (its dependency root), or its last word without a parse.
    pub head: usize,
    pub codes: Vec<String>,
}

fn read(path: &Path) -> Result<String, PetrarchError> {
    read_dictionary(path).map_err(|source| PetrarchError::Io { file: path.display().to_string(), source })
}

/// A dictionary file's text. The older dictionaries (TABARI's CAMEO.091003.master.verbs) are Latin-1, not
/// UTF-8: a file that is not valid UTF-8 is read as Latin-1, whose bytes are the first 256 code points.
pub fn read_dictionary(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    Ok(match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => e.into_bytes().into_iter().map(char::from).collect(),
    })
}

/// The lines of a dictionary with comments, `<!-- -->` and `<TAG>...</TAG>` blocks removed: (line number, text).
fn content_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_comment = false;
    let mut in_block: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        if is_finish(raw) {
            break;
        }
        let mut line = raw.to_string();
        if in_comment {
            match line.find("-->") {
                Some(p) => {
                    in_comment = false;
                    line = line[p + 3..].to_string();
                }
                None => continue,
            }
        }
        while let Some(p) = line.find("<!--") {
            match line[p..].find("-->") {
                Some(q) => line.replace_range(p..p + q + 3, ""),
                None => {
                    in_comment = true;
                    line.truncate(p);
                }
            }
        }
        let trimmed = line.trim();
        if let Some(tag) = &in_block {
            if trimmed.eq_ignore_ascii_case(&format!("</{tag}>")) {
                in_block = None;
            }
            continue;
        }
        if let Some(tag) = block_tag(trimmed).filter(|_| !trimmed.starts_with("</")) {
            in_block = Some(tag.to_string());
            continue;
        }
        // Other markup on a line of its own, like the suite's `<! -- NEW ACTORS -->`, is a comment.
        if trimmed.starts_with("<!") && trimmed.ends_with('>') {
            continue;
        }
        let cut = comment_start(&line);
        let kept = line[..cut].trim_end();
        if !kept.trim().is_empty() {
            out.push((i + 1, kept.to_string()));
        }
    }
    out
}

/// `YYMMDD` (years before 30 are 20YY) or `YYYYMMDD`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    if !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (y, rest) = match s.len() {
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            (if yy < 30 { 2000 + yy } else { 1900 + yy }, &s[2..])
        }
        8 => (s[..4].parse().ok()?, &s[4..]),
        _ => return None,
    };
    NaiveDate::from_ymd_opt(y, rest[..2].parse().ok()?, rest[2..].parse().ok()?)
}

/// The inside of one `[...]` actor code block.
fn parse_code_block(inner: &str) -> Result<Vec<DatedCode>, String> {
    let inner = inner.trim();
    let (code, spec) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    if code.is_empty() || code.starts_with(|c: char| c.is_ascii_digit() || c == '<' || c == '>') {
        return Err(format!("code block [{inner}] has no code before its dates"));
    }
    let spec: String = spec.chars().filter(|c| !c.is_whitespace()).collect();
    let bad = || format!("cannot read the dates in [{inner}]");
    let (from, until) = if spec.is_empty() {
        (None, None)
    } else if let Some(d) = spec.strip_prefix('>') {
        (Some(parse_date(d).ok_or_else(bad)?), None)
    } else if let Some(d) = spec.strip_prefix('<') {
        (None, Some(parse_date(d).ok_or_else(bad)?))
    } else if let Some((a, b)) = spec.split_once('-') {
        (Some(parse_date(a).ok_or_else(bad)?), Some(parse_date(b).ok_or_else(bad)?))
    } else {
        return Err(bad());
    };
    // "ELR/GAL" names several actors at once.
    Ok(code.split('/').map(|c| DatedCode { code: c.to_uppercase(), from, until }).collect())
}

/// Splits `PHRASE [A] [B]` into the phrase and the insides of its brackets.
fn split_brackets(line: &str) -> Result<(&str, Vec<&str>), String> {
    let Some(open) = line.find('[') else { return Ok((line, Vec::new())) };
    let mut blocks = Vec::new();
    let mut rest = &line[open..];
    while let Some(r) = rest.strip_prefix('[') {
        let close = r.find(']').ok_or_else(|| format!("unclosed '[' in {line:?}"))?;
        blocks.push(&r[..close]);
        rest = r[close + 1..].trim_start();
    }
    if !rest.is_empty() {
        return Err(format!("text {rest:?} after the code blocks"));
    }
    Ok((&line[..open], blocks))
}

impl PetrarchActors {
    pub fn new(dialect: Dialect) -> Self {
        PetrarchActors { dialect, ..Self::default() }
    }

    /// Reads an actor dictionary (PETRARCH or TABARI) into the actor table.
    pub fn load_actors(&mut self, path: &Path) -> Result<(), PetrarchError> {
        let file = path.display().to_string();
        self.add_actors(&read(path)?, &file)
    }

    pub fn add_actors(&mut self, text: &str, file: &str) -> Result<(), PetrarchError> {
        let err = |line: usize, why: String| PetrarchError::Malformed { file: file.to_string(), line, why };
        let mut warnings = Vec::new();
        // A malformed line is skipped with a warning that names it; the rest of the file is read.
        macro_rules! skip {
            ($n:expr, $why:expr) => {{
                warnings.push(err($n, $why).to_string());
                continue;
            }};
        }
        // The entry being read: its phrases and codes, added when the next entry begins.
        let mut phrases: Vec<Phrase> = Vec::new();
        let mut codes: Vec<DatedCode> = Vec::new();
        let dialect = self.dialect;
        let mut flush = |phrases: &mut Vec<Phrase>, codes: &mut Vec<DatedCode>| {
            for p in phrases.drain(..) {
                self.actors.insert(p, codes.clone());
            }
            codes.clear();
        };
        for (n, line) in content_lines(text) {
            let line = line.trim();
            let (phrase, blocks) = match split_brackets(line) {
                Ok(x) => x,
                Err(why) => skip!(n, why),
            };
            let phrase = phrase.trim();
            if let Some(synonym) = phrase.strip_prefix('+') {
                if phrases.is_empty() {
                    skip!(n, format!("synonym {synonym:?} before any actor"));
                }
                phrases.push(Phrase::parse(synonym, dialect));
            } else if !phrase.is_empty() {
                flush(&mut phrases, &mut codes);
                phrases.push(Phrase::parse(phrase, dialect));
            } else if phrases.is_empty() {
                skip!(n, "code block before any actor".into());
            }
            for b in blocks {
                match parse_code_block(b) {
                    Ok(c) => codes.extend(c),
                    Err(why) => skip!(n, why),
                }
            }
        }
        flush(&mut phrases, &mut codes);
        self.warnings.extend(warnings);
        Ok(())
    }

    /// Reads an agent dictionary (PETRARCH or TABARI) into the agent table.
    pub fn load_agents(&mut self, path: &Path) -> Result<(), PetrarchError> {
        let file = path.display().to_string();
        self.add_agents(&read(path)?, &file)
    }

    pub fn add_agents(&mut self, text: &str, file: &str) -> Result<(), PetrarchError> {
        let err = |line: usize, why: String| PetrarchError::Malformed { file: file.to_string(), line, why };
        let mut warnings = Vec::new();
        macro_rules! skip {
            ($n:expr, $why:expr) => {{
                warnings.push(err($n, $why).to_string());
                continue;
            }};
        }
        let mut macros: Vec<(String, Vec<String>)> = Vec::new();
        for (n, line) in content_lines(text) {
            let line = line.trim();
            if line.starts_with('!') && line.contains('=') && !line.contains('[') {
                let Some((name, values)) = line.split_once('=') else { skip!(n, "macro without '='".into()) };
                let values = values.split(',').map(|v| v.trim().to_uppercase()).filter(|v| !v.is_empty());
                macros.push((name.trim().to_uppercase(), values.collect()));
                continue;
            }
            let (head, blocks) = match split_brackets(line) {
                Ok(x) => x,
                Err(why) => skip!(n, why),
            };
            let [block] = blocks[..] else { skip!(n, format!("agent {head:?} needs exactly one [code]")) };
            let block = block.trim();
            let code = match (block.strip_prefix('~'), block.strip_suffix('~')) {
                (Some(c), _) => AgentCode { code: c.trim().to_uppercase(), prefix: false },
                (None, Some(c)) => AgentCode { code: c.trim().to_uppercase(), prefix: true },
                _ => skip!(n, format!("agent code [{block}] needs '~' before or after it")),
            };
            let (singular, plurals) = match head.split_once('{') {
                Some((s, p)) => {
                    let Some(p) = p.trim().strip_suffix('}') else { skip!(n, "unclosed '{'".into()) };
                    (s.trim(), p.split_whitespace().collect::<Vec<_>>())
                }
                None => (head.trim(), Vec::new()),
            };
            let mut forms = vec![singular.to_uppercase(), regular_plural(singular)];
            forms.extend(plurals.iter().map(|p| p.to_uppercase()));
            let mut expanded = Vec::new();
            for form in forms {
                match expand_macros(&form, &macros) {
                    Ok(e) => expanded.extend(e),
                    Err(why) => skip!(n, why),
                }
            }
            for e in expanded {
                self.agents.insert(Phrase::parse(&e, self.dialect), code.clone());
            }
        }
        self.warnings.extend(warnings);
        Ok(())
    }

    /// Reads a discard dictionary.
    pub fn load_discards(&mut self, path: &Path) -> Result<(), PetrarchError> {
        self.add_discards(&read(path)?);
        Ok(())
    }

    /// Reads discard phrases: `+PHRASE` drops the whole story, `PHRASE` the sentence it is in.
    pub fn add_discards(&mut self, text: &str) {
        for (_, line) in content_lines(text) {
            let line = line.trim();
            let (phrase, story) = match line.strip_prefix('+') {
                Some(p) => (p, true),
                None => (line, false),
            };
            self.discards.insert(Phrase::parse(phrase, self.dialect), story);
        }
    }

    /// Whether a discard phrase occurs in the (upper-case) words: `Some(true)` when it drops the story,
    /// `Some(false)` when it drops the sentence.
    pub fn discarded(&self, words: &[String]) -> Option<bool> {
        self.discards.find_all(words).into_iter().map(|(_, _, story)| *story).max()
    }

    /// Actor mentions in a sentence, one per noun phrase as PETRARCH reads them: the actor and agent phrases
    /// of a noun phrase combine ("Dagolath's deputy prime minister Telemar" is one DAGGOV, not DAG and
    /// DAGGOV), an agent without an actor of its own takes the actors of its `of`/`in`/`from` modifier
    /// ("soldiers from Gondor", "the ambassadors of Arnor and Gondor"), and agents alone are coded `---`
    /// plus the agent. `heads` and `deprels` are the words' dependency parse; without one (empty slices),
    /// phrases join when adjacent.
    pub fn mentions(
        &self,
        words: &[String],
        heads: &[Option<usize>],
        deprels: &[String],
        date: Option<NaiveDate>,
    ) -> Vec<Mention> {
        let parsed = heads.len() == words.len() && deprels.len() == words.len();
        let head_of = |i: usize| if parsed { heads[i] } else { None };
        let rel = |i: usize| if parsed { deprels[i].as_str() } else { "" };
        // Actor phrases, then agent phrases that do not overlap them.
        let mut spans: Vec<PhraseSpan> = Vec::new();
        for (start, end, codes) in self.actors.find_all(words) {
            let codes: Vec<String> = codes_on(codes, date).into_iter().map(str::to_string).collect();
            if !codes.is_empty() {
                spans.push(PhraseSpan { start, end, actors: codes, agent: None });
            }
        }
        for (start, end, code) in self.agents.find_all(words) {
            if !spans.iter().any(|p| start < p.end && p.start < end) {
                spans.push(PhraseSpan { start, end, actors: Vec::new(), agent: Some(code.clone()) });
            }
        }
        spans.sort_by_key(|p| p.start);
        // The head of a phrase is its word whose head lies outside it; its noun phrase's root is found by
        // climbing modifier relations (compounds, names, possessives, adjectives, appositions).
        let root_of = |p: &PhraseSpan| {
            let inside = |h: Option<usize>| h.is_some_and(|h| h >= p.start && h < p.end);
            let mut i = (p.start..p.end).rev().find(|&i| !inside(head_of(i))).unwrap_or(p.end - 1);
            for _ in 0..words.len() {
                let climbs = matches!(
                    rel(i).split(':').next().unwrap_or(""),
                    "compound" | "flat" | "amod" | "appos" | "nummod" | "det" | "fixed"
                ) || matches!(rel(i), "nmod:poss" | "nmod:desc");
                match head_of(i) {
                    Some(h) if climbs => i = h,
                    _ => break,
                }
            }
            i
        };
        let mut groups: Vec<Group> = Vec::new();
        for (k, p) in spans.iter().enumerate() {
            let root = if parsed { root_of(p) } else { p.end - 1 };
            // Without a parse, a phrase joins the one before it when adjacent (across a possessive).
            let adjacent = !parsed
                && groups.last().is_some_and(|g: &Group| words[g.end..p.start].iter().all(|w| w == "'S" || w == "'"));
            let same = groups.iter().position(|g| g.root == root);
            match same.or(if adjacent { Some(groups.len() - 1) } else { None }).map(|g| &mut groups[g]) {
                Some(g) => {
                    g.members.push(k);
                    g.end = g.end.max(p.end);
                }
                None => groups.push(Group { root, start: p.start, end: p.end, members: vec![k], absorbed: false }),
            }
        }
        // A phrase inside another's words belongs to it, whatever the parse says ("Bree Prime Minister
        // Romendacil" with the title hung on the name).
        for g in 0..groups.len() {
            let outer = (0..groups.len()).find(|&o| {
                o != g
                    && !groups[o].absorbed
                    && groups[o].start <= groups[g].start
                    && groups[g].end <= groups[o].end
                    && (groups[o].start, groups[o].end) != (groups[g].start, groups[g].end)
            });
            if let Some(o) = outer {
                let members = std::mem::take(&mut groups[g].members);
                groups[g].absorbed = true;
                groups[o].members.extend(members);
            }
        }
        // Two subjects (or objects) of one word side by side, with no conjunction or comma between them, are
        // one noun phrase the parser split ("Dagolath's first Deputy Prime Minister Telemar left").
        if parsed {
            let mut order: Vec<usize> = (0..groups.len()).filter(|&g| !groups[g].absorbed).collect();
            order.sort_by_key(|&g| groups[g].start);
            for pair in order.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let (ra, rb) = (groups[a].root, groups[b].root);
                let same_role = head_of(ra).is_some()
                    && head_of(ra) == head_of(rb)
                    && rel(ra) == rel(rb)
                    && matches!(rel(ra), "nsubj" | "nsubj:pass" | "obj");
                let between = groups[a].end.min(groups[b].start)..groups[b].start;
                let joined_by_nothing = between.clone().all(|i| !matches!(rel(i), "cc" | "punct" | "conj"));
                if same_role && joined_by_nothing && !groups[a].absorbed {
                    let members = std::mem::take(&mut groups[a].members);
                    groups[a].absorbed = true;
                    groups[b].start = groups[b].start.min(groups[a].start);
                    groups[b].members.extend(members);
                }
            }
        }
        // An agent-only noun phrase takes the actors of its `of`/`in`/`from` modifier and of their conjuncts.
        if parsed {
            for g in 0..groups.len() {
                if groups[g].members.iter().any(|&k| !spans[k].actors.is_empty()) {
                    continue;
                }
                let root = groups[g].root;
                let modifier = (0..words.len()).find(|&c| {
                    heads[c] == Some(root)
                        && rel(c).starts_with("nmod")
                        && rel(c) != "nmod:poss"
                        && groups.iter().any(|o| o.root == c && o.members.iter().any(|&k| !spans[k].actors.is_empty()))
                });
                let Some(modifier) = modifier else { continue };
                let mut taken = vec![modifier];
                let mut i = 0;
                while i < taken.len() {
                    let t = taken[i];
                    taken.extend((0..words.len()).filter(|&c| heads[c] == Some(t) && rel(c) == "conj"));
                    i += 1;
                }
                for o in 0..groups.len() {
                    if o != g && !groups[o].absorbed && taken.contains(&groups[o].root) {
                        let members = groups[o].members.clone();
                        groups[o].absorbed = true;
                        groups[g].start = groups[g].start.min(groups[o].start);
                        groups[g].end = groups[g].end.max(groups[o].end);
                        groups[g].members.extend(members);
                    }
                }
            }
        }
        let mut mentions = Vec::new();
        for g in groups.iter().filter(|g| !g.absorbed) {
            let mut actors: Vec<&str> = Vec::new();
            let (mut prefixes, mut suffixes): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
            for &k in &g.members {
                for a in &spans[k].actors {
                    if !actors.contains(&a.as_str()) {
                        actors.push(a);
                    }
                }
                if let Some(agent) = &spans[k].agent {
                    let side = if agent.prefix { &mut prefixes } else { &mut suffixes };
                    if !side.contains(&agent.code.as_str()) {
                        side.push(&agent.code);
                    }
                }
            }
            // An agent without an actor: PETRARCH writes "---GOV", TABARI "~GOV".
            if actors.is_empty() {
                actors.push(if self.dialect == Dialect::Tabari { "~" } else { "---" });
            }
            // PETRARCH adds an agent's code only when the actor's code does not hold it already (USAGOV
            // with "officials" [~GOV] stays USAGOV).
            let codes = actors
                .iter()
                .map(|a| {
                    let mut code = a.to_string();
                    for s in &suffixes {
                        if !code.contains(s) {
                            code.push_str(s);
                        }
                    }
                    for p in prefixes.iter().rev() {
                        if !code.contains(p) {
                            code.insert_str(0, p);
                        }
                    }
                    code
                })
                .collect();
            mentions.push(Mention { start: g.start, end: g.end, head: g.root, codes });
        }
        mentions.sort_by_key(|m| m.start);
        mentions
    }
}

/// An actor or agent phrase found in a sentence.
struct PhraseSpan {
    start: usize,
    end: usize,
    actors: Vec<String>,
    agent: Option<AgentCode>,
}

/// The phrases of one noun phrase, by the word they hang on.
struct Group {
    root: usize,
    start: usize,
    end: usize,
    members: Vec<usize>,
    absorbed: bool,
}

fn regular_plural(singular: &str) -> String {
    let s = singular.trim().to_uppercase();
    let stem = s.trim_end_matches('_');
    let plural = if stem.ends_with('Y') && !stem.ends_with(['A', 'E', 'O', 'U']) {
        format!("{}IES", &stem[..stem.len() - 1])
    } else if stem.ends_with(['S', 'X', 'Z']) || stem.ends_with("CH") || stem.ends_with("SH") {
        format!("{stem}ES")
    } else {
        format!("{stem}S")
    };
    if s.ends_with('_') {
        plural + "_"
    } else {
        plural
    }
}

/// Every form of `phrase` with its `!MACRO!`s replaced by each of their values.
fn expand_macros(phrase: &str, macros: &[(String, Vec<String>)]) -> Result<Vec<String>, String> {
    let Some(open) = phrase.find('!') else { return Ok(vec![phrase.to_string()]) };
    let close = phrase[open + 1..].find('!').ok_or_else(|| format!("unclosed macro in {phrase:?}"))? + open + 1;
    let name = &phrase[open..=close];
    let (_, values) =
        macros.iter().find(|(n, _)| n == name).ok_or_else(|| format!("macro {name} is not defined above"))?;
    let mut out = Vec::new();
    for v in values {
        out.extend(expand_macros(&format!("{}{v}{}", &phrase[..open], &phrase[close + 1..]), macros)?);
    }
    Ok(out)
}

/// The name of a `<NOUN>` or `</NOUN>` block tag on a line of its own; other markup is not a block.
pub fn block_tag(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('<')?.strip_suffix('>')?;
    let name = inner.strip_prefix('/').unwrap_or(inner).trim();
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(name)
}

/// TABARI ends its dictionaries with a `~~FINISH` line; what follows is not read.
pub fn is_finish(line: &str) -> bool {
    line.trim_start().starts_with("~~FINISH")
}

/// Where a `#` or `;` comment starts in a PETRARCH/TABARI dictionary line, outside `[...]` code blocks
/// (which may hold `###`). The verb reader in dyad-events uses it too.
pub fn comment_start(line: &str) -> usize {
    let mut depth = 0usize;
    for (i, c) in line.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '#' | ';' if depth == 0 => return i,
            _ => {}
        }
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_uppercase).collect()
    }

    #[test]
    fn dated_codes_synonyms_and_stems() {
        let mut d = PetrarchActors::new(Dialect::Tabari);
        let text =
            "GOLLUM # x\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBREB > 990816]\n\t[HOBGOV]\nARGENTIN [ARG]\nARNOR_ [ARN]\n";
        d.add_actors(text, "t").unwrap();
        let date = NaiveDate::from_ymd_opt(1994, 1, 1);
        let found = d.mentions(&words("Smeagol met Argentine arnorian Arnor"), &[], &[], date);
        let codes: Vec<_> = found.iter().map(|m| m.codes.join("/")).collect();
        assert_eq!(codes, ["HOB", "ARG", "ARN"]);
        let later = d.mentions(&words("Gollum"), &[], &[], NaiveDate::from_ymd_opt(1996, 1, 1));
        assert_eq!(later[0].codes, ["HOBGOV"]);
        // Overlapping restrictions: the first listed that holds.
        d.add_actors("SAM [HOB]\n[ORCHOB 20100109-20100112]\n[HOBMIL 20080120-20121109]\n", "t").unwrap();
        let codes =
            |y, m, day| d.mentions(&words("Sam"), &[], &[], NaiveDate::from_ymd_opt(y, m, day))[0].codes.clone();
        assert_eq!(codes(2010, 1, 10), ["ORCHOB"]);
        assert_eq!(codes(2011, 1, 10), ["HOBMIL"]);
        assert_eq!(codes(2015, 1, 10), ["HOB"]);
    }

    #[test]
    fn agents_combine_with_actors() {
        let mut d = PetrarchActors::new(Dialect::Tabari);
        d.add_actors("ARNOR [ARN]\n", "t").unwrap();
        d.add_agents("!PERSON! = MAN, MEN\nPOLICE {} [~COP]\nMSF [NGO~]\nCONGRESS!PERSON! [~LEG]\n", "t").unwrap();
        let m = d.mentions(&words("MSF Arnor police met congressmen"), &[], &[], None);
        assert_eq!(m[0].codes, ["NGOARNCOP"]);
        // An agent alone: TABARI writes ~LEG, PETRARCH ---LEG.
        assert_eq!(m[1].codes, ["~LEG"]);
        let mut p = PetrarchActors::new(Dialect::Petrarch);
        p.add_agents("CONGRESSMAN {CONGRESSMEN} [~LEG]\n", "t").unwrap();
        assert_eq!(p.mentions(&words("congressmen met"), &[], &[], None)[0].codes, ["---LEG"]);
    }

    #[test]
    fn noun_phrases_combine_over_the_parse() {
        let mut d = PetrarchActors::new(Dialect::Petrarch);
        d.add_actors("ARNOR [ARN]\nGONDOR [GON]\nWHITE_HOUSE [USAGOV]\n", "t").unwrap();
        d.add_agents("AMBASSADOR [~GOV]\nOFFICIAL [~GOV]\n", "t").unwrap();
        let parse = |rows: &[(Option<usize>, &str)]| -> (Vec<Option<usize>>, Vec<String>) {
            (rows.iter().map(|r| r.0).collect(), rows.iter().map(|r| r.1.to_string()).collect())
        };
        // "The ambassadors of Arnor and Gondor": the agent takes the actors of its modifier and conjuncts.
        let w = words("The ambassadors of Arnor and Gondor");
        let (h, r) = parse(&[
            (Some(1), "det"),
            (None, "root"),
            (Some(3), "case"),
            (Some(1), "nmod"),
            (Some(5), "cc"),
            (Some(3), "conj"),
        ]);
        let m = d.mentions(&w, &h, &r, None);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!((m[0].start, m[0].end, m[0].head), (1, 6, 1));
        assert_eq!(m[0].codes, ["ARNGOV", "GONGOV"]);
        // Two subjects side by side are one noun phrase the parser split.
        d.add_actors("DAGOLATH [DAG]\n+TELEMAR\n", "t").unwrap();
        d.add_agents("DEPUTY [~GOV]\n", "t").unwrap();
        let w = words("Dagolath 's deputy Telemar left");
        let (h, r) =
            parse(&[(Some(2), "nmod:poss"), (Some(0), "case"), (Some(4), "nsubj"), (Some(4), "nsubj"), (None, "root")]);
        let m = d.mentions(&w, &h, &r, None);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].codes, ["DAGGOV"]);
        // "White House officials": one actor, and GOV is not added to USAGOV twice.
        let w = words("White House officials");
        let (h, r) = parse(&[(Some(1), "compound"), (Some(2), "compound"), (None, "root")]);
        let m = d.mentions(&w, &h, &r, None);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!(m[0].codes, ["USAGOV"]);
    }

    #[test]
    fn malformed_entries_name_their_line() {
        let mut d = PetrarchActors::new(Dialect::Tabari);
        d.add_actors("ARNOR [ARN]\nGONDOR [950601-990815]\nROHAN [ROH 9008223-911221]\nBREE [BRE]\n", "x.txt").unwrap();
        d.add_agents("POLICE [COP]\nMINISTER [~GOV]\n", "a.txt").unwrap();
        let warnings = &d.warnings;
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert_eq!(warnings[0], "x.txt:2: code block [950601-990815] has no code before its dates");
        assert_eq!(warnings[1], "x.txt:3: cannot read the dates in [ROH 9008223-911221]");
        assert!(warnings[2].starts_with("a.txt:1: agent code [COP] needs '~'"), "{warnings:?}");
        // The lines around a malformed one are read.
        let m = d.mentions(&words("Bree minister met Arnor"), &[], &[], None);
        let codes: Vec<_> = m.iter().map(|m| m.codes.join("/")).collect();
        assert_eq!(codes, ["BREGOV", "ARN"]);
    }
}
