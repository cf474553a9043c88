//! Readers for PETRARCH2 (`--- VERB [code] ---` blocks, CAMEO.2.0 and the validation dictionaries) and TABARI
//! (`VERB [code]` lines, `<SYNSETS>`) verb dictionaries, and a coder that applies their patterns to a
//! dependency-parsed sentence.
//!
//! A pattern such as `- SUGGESTED_+ * DEMAND_&GENINT_CONVENTIONS [111]` lists words before and after the
//! verb (`*`). Words joined by `_` must be adjacent; words separated by spaces may have others between them.
//! `$` is the source, `+` the target, `%` a compound actor (both sides), `^` skips one word, `&NAME` is a
//! synonym set, `{ A | B }` alternatives. PETRARCH matches these against a constituency parse; here the
//! words before the verb are sought left of it in its clause and the words after it inside its dependency
//! subtree (objects, obliques with their prepositions, particles, complements), and the default source and
//! target come from the verb's subject and object (its first oblique with an actor when there is no object;
//! passives swapped; a verb without a subject takes the one of the verb it is an `xcomp` or `conj` of).
//! An argument's actor is the noun phrase rooted at it (see `PetrarchActors::mentions`), else the nearest
//! one below it. TABARI dictionaries (told by the absence of `---` headings) differ in a few ways that are
//! kept: verbs without `_` are stems, `VERB=` takes no ending, `{ IRREGULAR FORMS }` follow their verb, and
//! a verb codes whatever the tagger says unless a determiner makes it a noun.

use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum PetrarchVerbsError {
    #[error("{file}:{line}: {why}")]
    Malformed { file: String, line: usize, why: String },
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// An event code, with the code of the reverse event for paired codes like `[032:033]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventCode {
    pub code: String,
    pub reverse: Option<String>,
}

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Element {
    /// Any of these word sequences (one for a plain word, several for a synset or `{ | }`).
    Words(Vec<Vec<String>>),
    Source,
    Target,
    Compound,
    Skip,
}

/// A pattern element and whether it must directly follow the element before it (towards the verb).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub element: Element,
    pub adjacent: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Items before the verb, nearest the verb first.
    pub before: Vec<Item>,
    /// Items after the verb, nearest first.
    pub after: Vec<Item>,
    pub code: Option<EventCode>,
}

impl Pattern {
    fn words(&self) -> usize {
        self.before.iter().chain(&self.after).filter(|i| matches!(i.element, Element::Words(_))).count()
    }
}

/// A verb: its code when no pattern matches, and its patterns.
#[derive(Debug, Clone, Default)]
pub struct VerbBlock {
    pub verb: String,
    pub code: Option<EventCode>,
    pub patterns: Vec<Pattern>,
}

/// A verb form: the words around the verb word in a multi-word verb ("KLM NOP +RST") and the block it opens.
#[derive(Debug, Clone)]
struct Form {
    before: Vec<String>,
    after: Vec<String>,
    block: usize,
    /// Written `BAN=`: the word itself, not any word whose lemma it is ("baning" is not "ban").
    exact: bool,
}

#[derive(Debug, Clone, Default)]
pub struct VerbDictionary {
    pub blocks: Vec<VerbBlock>,
    forms: HashMap<String, Vec<Form>>,
    /// TABARI verbs written without `_` or `=` ("RESTOR [064]") are stems: any word they begin matches.
    stems: HashMap<String, Vec<Form>>,
    synsets: HashMap<String, Vec<String>>,
    /// Malformed lines that were skipped, each naming its file and line.
    pub warnings: Vec<String>,
    /// Whether a TABARI dictionary was read: its verbs code whatever the tagger says.
    untagged_verbs: bool,
}

/// Words after which a TABARI verb is a noun ("the restore"). (Possessives too cost more than they gained on
/// TABARI's suite.)
const DETERMINERS: &[&str] = &["THE", "A", "AN"];

/// A dependency-parsed sentence as the coder needs it: upper-case words and lemmas, sentence-relative heads.
#[derive(Debug, Clone, Default)]
pub struct ParsedSentence {
    pub words: Vec<String>,
    pub lemmas: Vec<String>,
    pub heads: Vec<Option<usize>>,
    pub deprels: Vec<String>,
    pub is_verb: Vec<bool>,
}

impl ParsedSentence {
    /// Sentence `i` of a tagged and parsed document.
    pub fn from_doc(doc: &dyad_core::Document, i: usize) -> ParsedSentence {
        let range = doc.sentences[i].tokens.clone();
        let tokens = &doc.tokens[range.clone()];
        ParsedSentence {
            words: tokens.iter().map(|t| doc.slice(t.span).to_uppercase()).collect(),
            lemmas: tokens.iter().map(|t| t.lemma.to_uppercase()).collect(),
            heads: tokens.iter().map(|t| t.head.filter(|h| range.contains(h)).map(|h| h - range.start)).collect(),
            deprels: tokens.iter().map(|t| t.deprel.to_string()).collect(),
            is_verb: tokens.iter().map(|t| t.upos == dyad_core::Upos::Verb).collect(),
        }
    }
}

/// An actor over words `start..end` with its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    pub start: usize,
    pub end: usize,
    /// The word its noun phrase hangs on in the dependency parse.
    pub head: usize,
    pub codes: Vec<String>,
}

/// An event found in a sentence: its verb, the indices of its source and target mentions, and its codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coded {
    pub verb: usize,
    pub source: usize,
    pub target: usize,
    pub triple: Triple,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Triple {
    pub source: String,
    pub target: String,
    pub code: String,
}

fn read(path: &Path) -> Result<String, PetrarchVerbsError> {
    dyad_actors::petrarch::read_dictionary(path)
        .map_err(|source| PetrarchVerbsError::Io { file: path.display().to_string(), source })
}

/// Lines without comments (`#`, `;`, `<!-- -->`) and without TABARI blocks other than `<SYNSETS>`.
fn content_lines(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut skipping: Option<String> = None;
    let mut in_comment = false;
    for (i, raw) in text.lines().enumerate() {
        if dyad_actors::petrarch::is_finish(raw) {
            break;
        }
        let mut line = raw.to_string();
        if in_comment {
            let Some(p) = line.find("-->") else { continue };
            in_comment = false;
            line = line[p + 3..].to_string();
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
        let cut = dyad_actors::petrarch::comment_start(&line);
        let line = line[..cut].trim().to_string();
        if let Some(tag) = &skipping {
            if line.eq_ignore_ascii_case(&format!("</{tag}>")) {
                skipping = None;
            }
            continue;
        }
        if let Some(tag) = dyad_actors::petrarch::block_tag(&line) {
            let tag = tag.to_uppercase();
            if tag != "SYNSETS" && !line.starts_with("</") {
                skipping = Some(tag);
            }
            continue;
        }
        if line.starts_with("<!") && line.ends_with('>') {
            continue;
        }
        if !line.is_empty() {
            out.push((i + 1, line));
        }
    }
    out
}

/// `PHRASE [code]` into the phrase and the code (`---` is none); the code must close the line.
fn split_code(line: &str) -> Result<(&str, Option<Option<EventCode>>), String> {
    let Some(open) = line.rfind('[') else { return Ok((line, None)) };
    let inner = line[open + 1..].strip_suffix(']').ok_or_else(|| format!("'[' without ']' at the end of {line:?}"))?;
    // TABARI marks a dominant event with `!` ([031!]); dyad codes every event, so the mark is dropped.
    let inner = inner.trim().trim_end_matches('!').trim();
    if inner.is_empty() {
        return Err("empty event code []".into());
    }
    let code = match inner.split_once(':') {
        // `[023?]` (SAID, REPORT) is a doubtful code that PETRARCH and TABARI do not write out: the verb
        // codes only through its patterns.
        // `+++` and `###` are TABARI's "complex" and null codes: no event either.
        _ if matches!(inner, "---" | "+++" | "###") || inner.ends_with('?') => None,
        Some((c, r)) => {
            Some(EventCode { code: c.trim().into(), reverse: Some(r.trim().into()).filter(|r| r != "---") })
        }
        None => Some(EventCode { code: inner.into(), reverse: None }),
    };
    Ok((line[..open].trim(), Some(code)))
}

/// Regular forms of a verb: -S/-ES, -ED/-D, -ING, with a doubled final consonant as an alternative, and
/// TABARI's -EN. A TABARI verb written `BAN=` takes no ending at all.
fn regular_forms(verb: &str, tabari: bool) -> Vec<String> {
    if let Some(exact) = verb.strip_suffix('=') {
        return vec![exact.to_string()];
    }
    let mut forms = vec![verb.to_string()];
    if tabari {
        forms.push(if verb.ends_with('E') { format!("{verb}N") } else { format!("{verb}EN") });
    }
    let (stem_e, ends_e) = match verb.strip_suffix('E') {
        Some(s) => (s, true),
        None => (verb, false),
    };
    if verb.ends_with(['S', 'X', 'Z']) || verb.ends_with("CH") || verb.ends_with("SH") {
        forms.push(format!("{verb}ES"));
    } else if let Some(s) = verb.strip_suffix('Y').filter(|s| !s.ends_with(['A', 'E', 'O', 'U'])) {
        forms.extend([format!("{s}IES"), format!("{s}IED"), format!("{verb}ING")]);
        return forms;
    } else {
        forms.push(format!("{verb}S"));
    }
    forms.push(if ends_e { format!("{verb}D") } else { format!("{verb}ED") });
    forms.push(format!("{stem_e}ING"));
    if let Some(last) = verb.chars().last().filter(|c| !"AEIOUWXY".contains(*c)) {
        forms.extend([format!("{verb}{last}ED"), format!("{verb}{last}ING")]);
    }
    forms
}

impl VerbDictionary {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn load(&mut self, path: &Path) -> Result<(), PetrarchVerbsError> {
        let file = path.display().to_string();
        self.add(&read(path)?, &file)
    }

    /// Reads a PETRARCH or TABARI verb dictionary (the format is told by its `--- VERB ---` lines).
    pub fn add(&mut self, text: &str, file: &str) -> Result<(), PetrarchVerbsError> {
        let err = |line: usize, why: String| PetrarchVerbsError::Malformed { file: file.to_string(), line, why };
        let mut warnings = Vec::new();
        // A malformed line is skipped with a warning that names it; the rest of the file is read.
        macro_rules! skip {
            ($n:expr, $why:expr) => {{
                warnings.push(err($n, $why).to_string());
                continue;
            }};
        }
        macro_rules! ok {
            ($n:expr, $e:expr) => {
                match $e {
                    Ok(x) => x,
                    Err(why) => skip!($n, why),
                }
            };
        }
        let lines = content_lines(text);
        // Synsets first: patterns may use a set defined further down.
        let mut current_set: Option<String> = None;
        for (_, line) in &lines {
            if let Some(name) = line.strip_prefix('&') {
                current_set = Some(format!("&{}", name.trim().trim_end_matches('_').to_uppercase()));
                self.synsets.entry(current_set.clone().unwrap_or_default()).or_default();
            } else if let (Some(set), Some(member)) = (&current_set, line.strip_prefix('+')) {
                self.synsets.entry(set.clone()).or_default().push(member.trim().to_uppercase());
            } else {
                current_set = None;
            }
        }
        let petrarch = lines.iter().any(|(_, l)| l.starts_with("---"));
        self.untagged_verbs |= !petrarch;
        let mut block: Option<usize> = None;
        let mut in_set = false;
        for (n, line) in &lines {
            let (n, line) = (*n, line.as_str());
            if line.starts_with('&') {
                in_set = true;
                continue;
            }
            if let Some(head) = line.strip_prefix("---") {
                in_set = false;
                // The closing "---" may sit after a comment ("--- TROUBLED [---] # NOUN ---"), already cut.
                let head = head.trim();
                // CAMEO.2.0 also writes "---  OVERRULE   [120]---  ---": every closing dash goes.
                let head = head.trim_end_matches(|c: char| c == '-' || c.is_whitespace());
                // Until a good heading, the patterns that follow belong to no verb and are skipped too.
                block = None;
                let (verb, code) = ok!(n, split_code(head.trim()));
                let Some(code) = code else { skip!(n, format!("verb {verb:?} without [code]")) };
                self.blocks.push(VerbBlock { verb: verb.trim().to_uppercase(), code, patterns: Vec::new() });
                block = Some(self.blocks.len() - 1);
            } else if let Some(pattern) = line.strip_prefix('-') {
                in_set = false;
                let Some(b) = block else { skip!(n, "pattern without a verb above it".into()) };
                let (text, code) = ok!(n, split_code(pattern.trim()));
                let Some(code) = code else { skip!(n, "pattern without [code]".into()) };
                let code = code.or_else(|| self.blocks[b].code.clone());
                let pattern = ok!(n, self.parse_pattern(text, code));
                self.blocks[b].patterns.push(pattern);
            } else if in_set && line.starts_with('+') {
                continue;
            } else if line.starts_with('{') && !petrarch {
                // TABARI lists a verb's irregular forms on the line after it: `{ BROKE_ BROKEN_ }`.
                in_set = false;
                let Some(b) = block else { skip!(n, format!("irregular forms {line:?} before any verb")) };
                let inner = line.trim_start_matches('{').trim_end_matches('}');
                for form in inner.split_whitespace() {
                    let words = form.trim_end_matches('_').replace('_', " ");
                    ok!(n, self.add_forms(&format!("{words}="), b, false));
                }
            } else {
                in_set = false;
                // A verb form line: PETRARCH lists forms under the heading; TABARI opens a block per line.
                let (form, code) = ok!(n, split_code(line));
                let form = form.trim_start_matches('+');
                let b = match (petrarch, block) {
                    // A PETRARCH form with its own code ("KLM_NOP_+RST [002]") is a verb of its own; the
                    // heading's patterns stay with the heading.
                    (true, Some(b)) => match code {
                        Some(code) => {
                            let verb = self.blocks[b].verb.clone();
                            self.blocks.push(VerbBlock { verb, code, patterns: Vec::new() });
                            ok!(n, self.add_forms(form, self.blocks.len() - 1, false));
                            continue;
                        }
                        None => b,
                    },
                    (true, None) => skip!(n, format!("verb form {form:?} without a --- VERB --- heading above it")),
                    (false, _) => {
                        let Some(code) = code.clone() else { skip!(n, format!("verb {form:?} without [code]")) };
                        self.blocks.push(VerbBlock { verb: form.to_uppercase(), code, patterns: Vec::new() });
                        self.blocks.len() - 1
                    }
                };
                block = Some(b);
                ok!(n, self.add_forms(form, b, !petrarch));
            }
        }
        self.warnings.extend(warnings);
        Ok(())
    }

    /// Indexes a verb form line (`BRING {BROUGHT BRINGING}`, `KLM_NOP_+RST`) under its verb word's forms.
    fn add_forms(&mut self, line: &str, block: usize, tabari: bool) -> Result<(), String> {
        let (base, irregular) = match line.split_once('{') {
            Some((b, rest)) => (b, rest.split('}').next().unwrap_or("").split_whitespace().collect::<Vec<_>>()),
            None => (line, Vec::new()),
        };
        let exact = base.trim_end().ends_with('=');
        let base = base.trim_end().trim_end_matches('=');
        let words: Vec<String> = base.split(['_', ' ']).filter(|w| !w.is_empty()).map(str::to_uppercase).collect();
        if words.is_empty() {
            return Err(format!("empty verb form {line:?}"));
        }
        // The verb word is marked with '+' in a multi-word form, else it is the first word.
        let at = words.iter().position(|w| w.starts_with('+')).unwrap_or(0);
        let verb = words[at].trim_start_matches('+').to_string();
        if tabari && !exact && words.len() == 1 && !base.trim_end().ends_with('_') && irregular.is_empty() {
            self.stems.entry(verb).or_default().push(Form {
                before: Vec::new(),
                after: Vec::new(),
                block,
                exact: false,
            });
            return Ok(());
        }
        let mut forms = regular_forms(&if exact { format!("{verb}=") } else { verb }, tabari);
        forms.extend(irregular.iter().map(|f| f.trim_matches('_').to_uppercase()));
        for f in forms {
            let form = Form { before: words[..at].to_vec(), after: words[at + 1..].to_vec(), block, exact };
            self.forms.entry(f).or_default().push(form);
        }
        Ok(())
    }

    fn parse_pattern(&self, text: &str, code: Option<EventCode>) -> Result<Pattern, String> {
        // `{ A | B }` becomes one chunk; `{ARMS SHIPMENT}` and `(TO LIST)` are adjacent words.
        let mut normalised = String::new();
        let mut depth = 0;
        for c in text.chars() {
            match c {
                '{' | '(' => {
                    depth += 1;
                    normalised.push(if c == '{' { '{' } else { ' ' });
                }
                '}' | ')' => {
                    depth -= 1;
                    normalised.push(if c == '}' { '}' } else { ' ' });
                }
                ' ' if depth > 0 => normalised.push('_'),
                _ => normalised.push(c),
            }
        }
        let mut items: Vec<(Element, bool)> = Vec::new();
        let mut verb_at = None;
        for chunk in normalised.split_whitespace() {
            for (k, piece) in split_chunk(chunk).into_iter().enumerate() {
                if piece.is_empty() {
                    continue;
                }
                let adjacent_to_previous = k > 0;
                if piece == "*" {
                    verb_at = Some((items.len(), adjacent_to_previous));
                    continue;
                }
                let element = match piece.as_str() {
                    "$" => Element::Source,
                    "+" => Element::Target,
                    "%" => Element::Compound,
                    "^" => Element::Skip,
                    _ => Element::Words(self.alternatives(&piece)?),
                };
                items.push((element, adjacent_to_previous));
            }
        }
        let (at, verb_adjacent) = verb_at.ok_or_else(|| format!("pattern {text:?} has no '*' for the verb"))?;
        // Before the verb, nearest first: an item is adjacent to the one after it (towards the verb).
        let mut before = Vec::new();
        for i in (0..at).rev() {
            let adjacent = if i + 1 == at { verb_adjacent } else { items[i + 1].1 };
            before.push(Item { element: items[i].0.clone(), adjacent });
        }
        let after = items[at..].iter().map(|(e, adj)| Item { element: e.clone(), adjacent: *adj }).collect();
        Ok(Pattern { before, after, code })
    }

    /// The word sequences a pattern piece stands for: a word, a synset's members, `{ A | B }`'s options.
    fn alternatives(&self, piece: &str) -> Result<Vec<Vec<String>>, String> {
        let options: Vec<&str> = match piece.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            Some(inner) if inner.contains('|') => inner.split('|').collect(),
            Some(inner) => vec![inner],
            None => vec![piece],
        };
        let mut out = Vec::new();
        for option in options {
            let mut seqs: Vec<Vec<String>> = vec![Vec::new()];
            for word in option.split('_').filter(|w| !w.is_empty()) {
                let word = word.to_uppercase();
                let choices = if word.starts_with('&') { self.expand_set(&word, 0)? } else { vec![tokens_of(&word)] };
                seqs = seqs
                    .iter()
                    .flat_map(|s| choices.iter().map(move |c| s.iter().chain(c).cloned().collect()))
                    .collect();
            }
            out.extend(seqs);
        }
        Ok(out)
    }

    fn expand_set(&self, name: &str, depth: usize) -> Result<Vec<Vec<String>>, String> {
        let members = self.synsets.get(name).ok_or_else(|| format!("synset {name} is not defined"))?;
        if depth > 8 {
            return Err(format!("synset {name} includes itself"));
        }
        let mut out = Vec::new();
        for m in members {
            let mut seqs: Vec<Vec<String>> = vec![Vec::new()];
            for word in m.split(['_', ' ']).filter(|w| !w.is_empty()) {
                let choices =
                    if word.starts_with('&') { self.expand_set(word, depth + 1)? } else { vec![tokens_of(word)] };
                seqs = seqs
                    .iter()
                    .flat_map(|s| choices.iter().map(move |c| s.iter().chain(c).cloned().collect()))
                    .collect();
            }
            out.extend(seqs);
        }
        Ok(out)
    }

    pub fn patterns(&self) -> usize {
        self.blocks.iter().map(|b| b.patterns.len()).sum()
    }

    /// The events of one sentence as (source, target, code) triples, sorted and without repeats.
    pub fn code(&self, s: &ParsedSentence, actors: &[ActorMention]) -> Vec<Triple> {
        let mut triples: Vec<Triple> = self.code_events(s, actors).into_iter().map(|e| e.triple).collect();
        triples.sort();
        triples.dedup();
        triples
    }

    /// The events of one sentence with the verb and the actor mentions they come from.
    pub fn code_events(&self, s: &ParsedSentence, actors: &[ActorMention]) -> Vec<Coded> {
        let mut events = Vec::new();
        for v in 0..s.words.len() {
            let in_actor = actors.iter().any(|a| a.start <= v && v < a.end);
            // TABARI has no tagger: a dictionary verb codes unless a determiner makes it a noun ("the
            // restore"). Its dictionaries and suite are written for that, so TABARI verbs are taken where the
            // tagger sees another part of speech too.
            let as_verb =
                s.is_verb[v] || (self.untagged_verbs && v > 0 && !DETERMINERS.contains(&s.words[v - 1].as_str()));
            if in_actor || !as_verb {
                continue;
            }
            let Some(blocks) = self.blocks_of(s, v) else { continue };
            let mut best: Option<(usize, &Pattern, Slots)> = None;
            for &b in &blocks {
                for p in &self.blocks[b].patterns {
                    if let Some(slots) = match_pattern(s, actors, v, p) {
                        if best.as_ref().is_none_or(|(w, _, _)| p.words() > *w) {
                            best = Some((p.words(), p, slots));
                        }
                    }
                }
            }
            let (code, slots) = match best {
                Some((_, p, slots)) => (p.code.clone(), slots),
                None => (blocks.iter().find_map(|&b| self.blocks[b].code.clone()), Slots::default()),
            };
            let Some(code) = code else { continue };
            emit(s, actors, v, &code, slots, &mut events);
        }
        events
    }

    /// The verb blocks that the word at `v` opens, checking the other words of multi-word verbs.
    fn blocks_of(&self, s: &ParsedSentence, v: usize) -> Option<Vec<usize>> {
        let mut found = Vec::new();
        let word = &s.words[v];
        let prefixes = word.char_indices().skip(1).map(|(i, _)| &word[..i]).chain([word.as_str()]);
        let stems = prefixes.filter_map(|p| self.stems.get(p)).flatten();
        let by_word = self.forms.get(word).into_iter().flatten();
        let by_lemma = self.forms.get(&s.lemmas[v]).into_iter().flatten().filter(|f| !f.exact);
        for f in by_word.chain(by_lemma).chain(stems) {
            {
                let before_ok = f.before.len() <= v
                    && f.before.iter().rev().enumerate().all(|(k, w)| word_matches(s, v - 1 - k, w));
                let after_ok =
                    f.after.iter().enumerate().all(|(k, w)| v + 1 + k < s.words.len() && word_matches(s, v + 1 + k, w));
                if before_ok && after_ok && !found.contains(&f.block) {
                    found.push(f.block);
                }
            }
        }
        (!found.is_empty()).then_some(found)
    }
}

/// A dictionary word as dyad's tokenizer splits it: TABARI writes "DIDN'T", the tokenizer (like the Penn
/// Treebank, and PETRARCH's "DID N'T") gives "DID" and "N'T".
fn tokens_of(word: &str) -> Vec<String> {
    match word.strip_suffix("N'T").filter(|stem| !stem.is_empty()) {
        Some(stem) => vec![stem.to_string(), "N'T".to_string()],
        None => vec![word.to_string()],
    }
}

/// Splits a chunk like `SUGGESTED_+` or `DEMAND_{_A_|_B_}_X` into its `_`-joined pieces.
fn split_chunk(chunk: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let mut depth = 0;
    for c in chunk.chars() {
        match c {
            '{' => {
                depth += 1;
                current.push(c)
            }
            '}' => {
                depth -= 1;
                current.push(c)
            }
            '_' if depth == 0 => pieces.push(std::mem::take(&mut current)),
            _ => current.push(c),
        }
    }
    pieces.push(current);
    // "*SCEPTICAL" (CAMEO.2.0) is the verb directly followed by a word.
    pieces
        .into_iter()
        .flat_map(|p| match p.strip_prefix('*').filter(|rest| !rest.is_empty()) {
            Some(rest) => vec!["*".to_string(), rest.to_string()],
            None => vec![p],
        })
        .collect()
}

fn word_matches(s: &ParsedSentence, i: usize, word: &str) -> bool {
    let w = &s.words[i];
    w == word || s.lemmas[i] == word || (word.len() >= 4 && w.starts_with(word) && w.len() <= word.len() + 3)
}

/// Actors the pattern's slots picked: sources, targets, and compound actors (both).
#[derive(Debug, Default, Clone)]
struct Slots {
    sources: Vec<usize>,
    targets: Vec<usize>,
    compound: Vec<usize>,
}

/// Matches a pattern around the verb at `v`; words before are sought left of the verb, words after inside
/// the verb's dependency subtree.
fn match_pattern(s: &ParsedSentence, actors: &[ActorMention], v: usize, p: &Pattern) -> Option<Slots> {
    let subtree = subtree_span(s, v);
    let mut slots = Slots::default();
    // After the verb.
    let mut pos = v + 1;
    for item in &p.after {
        pos = match_item(s, actors, item, pos, subtree.1, &mut slots, true)?;
    }
    // Before the verb, walking left; positions are exclusive ends.
    let mut end = v;
    for item in &p.before {
        end = match_item(s, actors, item, end, 0, &mut slots, false)?;
    }
    Some(slots)
}

/// Matches one item from `pos` (forward: the next position to try; backward: the exclusive end) and returns
/// the position after it. Non-adjacent items may skip words up to `limit`.
fn match_item(
    s: &ParsedSentence,
    actors: &[ActorMention],
    item: &Item,
    pos: usize,
    limit: usize,
    slots: &mut Slots,
    forward: bool,
) -> Option<usize> {
    let starts: Vec<usize> = if forward {
        if item.adjacent {
            vec![pos]
        } else {
            (pos..=limit.max(pos)).collect()
        }
    } else if item.adjacent {
        vec![pos]
    } else {
        (limit..=pos).rev().collect()
    };
    for at in starts {
        match &item.element {
            Element::Words(options) => {
                for seq in options {
                    let n = seq.len();
                    let fits = if forward {
                        at + n <= s.words.len() && seq.iter().enumerate().all(|(k, w)| word_matches(s, at + k, w))
                    } else {
                        at >= n && seq.iter().enumerate().all(|(k, w)| word_matches(s, at - n + k, w))
                    };
                    if fits {
                        return Some(if forward { at + n } else { at - n });
                    }
                }
            }
            Element::Skip => {
                if forward && at < s.words.len() {
                    return Some(at + 1);
                }
                if !forward && at > 0 {
                    return Some(at - 1);
                }
            }
            Element::Source | Element::Target | Element::Compound => {
                let found = actors.iter().enumerate().find(|(_, a)| if forward { a.start == at } else { a.end == at });
                if let Some((k, a)) = found {
                    match item.element {
                        Element::Source => slots.sources.push(k),
                        Element::Target => slots.targets.push(k),
                        _ => slots.compound.push(k),
                    }
                    return Some(if forward { a.end } else { a.start });
                }
            }
        }
    }
    None
}

/// The first and last word (inclusive) of the dependency subtree of `v`.
fn subtree_span(s: &ParsedSentence, v: usize) -> (usize, usize) {
    let (mut lo, mut hi) = (v, v);
    for i in 0..s.words.len() {
        if dominates(s, v, i) {
            lo = lo.min(i);
            hi = hi.max(i);
        }
    }
    (lo, hi)
}

fn dominates(s: &ParsedSentence, top: usize, mut i: usize) -> bool {
    for _ in 0..s.words.len() {
        if i == top {
            return true;
        }
        match s.heads[i] {
            Some(h) => i = h,
            None => return false,
        }
    }
    false
}

fn children<'a>(s: &'a ParsedSentence, v: usize) -> impl Iterator<Item = usize> + 'a {
    (0..s.words.len()).filter(move |&i| s.heads[i] == Some(v))
}

/// The actor a dependent `w` of a verb stands for: the noun phrase rooted at `w`, else the nearest one below it
/// (breadth first, leftmost first: "an attack by Osgiliath soldiers in south Ithilen" is OSGMIL), as PETRARCH
/// takes a phrase's own actor before those of its modifiers.
fn actors_under(s: &ParsedSentence, actors: &[ActorMention], w: usize) -> Vec<usize> {
    let mut frontier = vec![w];
    for _ in 0..s.words.len() {
        if frontier.is_empty() {
            break;
        }
        for &i in &frontier {
            if let Some(k) = actors.iter().position(|a| a.head == i || (a.start <= i && i < a.end)) {
                return vec![k];
            }
        }
        let mut next: Vec<usize> = frontier.iter().flat_map(|&i| children(s, i)).collect();
        next.sort();
        frontier = next;
    }
    Vec::new()
}

fn base(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

/// Default source and target from the parse: subject and object, the `by` agent of a passive.
fn default_roles(s: &ParsedSentence, actors: &[ActorMention], v: usize) -> (Vec<usize>, Vec<usize>) {
    let passive = children(s, v).any(|c| matches!(s.deprels[c].as_str(), "nsubj:pass" | "aux:pass"));
    let mut subject = Vec::new();
    let mut object = Vec::new();
    let mut obliques = Vec::new();
    let mut agent = Vec::new();
    for c in children(s, v) {
        let under = actors_under(s, actors, c);
        let by = children(s, c).any(|g| s.deprels[g] == "case" && s.words[g] == "BY");
        match s.deprels[c].as_str() {
            "nsubj" | "nsubj:pass" | "csubj" => subject.extend(under),
            "obj" | "iobj" => object.extend(under),
            "obl:agent" => agent.extend(under),
            r if base(r) == "obl" && passive && by => agent.extend(under),
            // Not clausal complements: a clause has its own events ("Bree said Arnor would ...").
            // Only the first oblique with an actor: "left for Minas Tirith ... for meetings ... with Arnor"
            // goes to Minas Tirith, as PETRARCH takes the first prepositional phrase.
            r if matches!(base(r), "obl" | "nmod") && obliques.is_empty() => obliques.extend(under),
            _ => {}
        }
    }
    let (mut sources, targets) = if passive {
        (agent, if subject.is_empty() { object } else { subject })
    } else {
        (subject, if object.is_empty() { obliques } else { object })
    };
    // A verb without its own subject shares that of the verb it complements or is coordinated with.
    if sources.is_empty() {
        let mut up = v;
        for _ in 0..4 {
            let Some(h) = s.heads[up] else { break };
            if !matches!(base(&s.deprels[up]), "xcomp" | "conj") {
                break;
            }
            sources = children(s, h)
                .filter(|&c| matches!(s.deprels[c].as_str(), "nsubj" | "nsubj:pass"))
                .flat_map(|c| actors_under(s, actors, c))
                .collect();
            if !sources.is_empty() {
                break;
            }
            up = h;
        }
    }
    // Last resort, for parses that lose the subject: the nearest actor before the verb.
    if sources.is_empty() {
        sources.extend((0..actors.len()).rev().find(|&k| actors[k].end <= v));
    }
    (sources, targets)
}

fn emit(s: &ParsedSentence, actors: &[ActorMention], v: usize, code: &EventCode, slots: Slots, out: &mut Vec<Coded>) {
    let (mut sources, mut targets) = default_roles(s, actors, v);
    if !slots.sources.is_empty() {
        sources = slots.sources;
    }
    if !slots.targets.is_empty() {
        targets = slots.targets;
    }
    if targets.is_empty() {
        // The first actor after the verb in its subtree. (Limiting it to the verb's own clause, or pairing
        // coordinated sources with each other, or PETRARCH's `---` target for an event without one, each
        // lowered both suites' F1 over dyad's parses.)
        let (_, hi) = subtree_span(s, v);
        targets.extend((0..actors.len()).find(|&k| actors[k].start > v && actors[k].start <= hi));
    }
    let mut pairs: Vec<(usize, usize)> = Vec::new();
    if !slots.compound.is_empty() {
        // A compound actor acts on itself: every member towards every other.
        let members: Vec<usize> = slots.compound.iter().flat_map(|&k| coordinated(s, actors, k)).collect();
        for &a in &members {
            for &b in members.iter().filter(|&&b| b != a) {
                pairs.push((a, b));
            }
        }
    } else {
        let sources: Vec<usize> = sources.iter().flat_map(|&k| coordinated(s, actors, k)).collect();
        let targets: Vec<usize> = targets.iter().flat_map(|&k| coordinated(s, actors, k)).collect();
        for &a in &sources {
            for &b in targets.iter().filter(|&&b| b != a) {
                pairs.push((a, b));
            }
        }
    }
    for (a, b) in pairs {
        for sc in &actors[a].codes {
            for tc in &actors[b].codes {
                if sc == tc {
                    continue;
                }
                let triple = Triple { source: sc.clone(), target: tc.clone(), code: code.code.clone() };
                out.push(Coded { verb: v, source: a, target: b, triple });
                if let Some(r) = &code.reverse {
                    let triple = Triple { source: tc.clone(), target: sc.clone(), code: r.clone() };
                    out.push(Coded { verb: v, source: b, target: a, triple });
                }
            }
        }
    }
}

/// An actor with the actors coordinated with it ("Mordor, Rohan, Fornost and Bree"): the whole chain of
/// `conj` relations its head belongs to.
fn coordinated(s: &ParsedSentence, actors: &[ActorMention], k: usize) -> Vec<usize> {
    let mut top = actors[k].head;
    for _ in 0..s.words.len() {
        match s.heads[top] {
            Some(h) if s.deprels[top] == "conj" => top = h,
            _ => break,
        }
    }
    let mut chain = vec![top];
    let mut i = 0;
    while i < chain.len() {
        let t = chain[i];
        chain.extend(children(s, t).filter(|&c| s.deprels[c] == "conj"));
        i += 1;
    }
    let mut out = vec![k];
    for &w in &chain {
        out.extend(actors.iter().position(|b| b.head == w || (b.start <= w && w < b.end)));
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DICT: &str = "&TIETYPES\n+MILITARY\n+ECONOMIC\n\n--- RESTORE [064] ---\nRESTORE\n- * &TIETYPES TIES [065]\n\
                        --- LEAVE [---] ---\nLEAVE {LEFT}\n- * FOR + [032:033]\n";

    /// "Arnor restored military ties with Gondor", parsed by hand.
    fn sentence(words: &str, heads: &[Option<usize>], rels: &[&str]) -> ParsedSentence {
        let words: Vec<String> = words.split_whitespace().map(str::to_uppercase).collect();
        ParsedSentence {
            lemmas: words.clone(),
            is_verb: rels.iter().map(|r| *r == "root").collect(),
            words,
            heads: heads.to_vec(),
            deprels: rels.iter().map(|r| r.to_string()).collect(),
        }
    }

    fn actor(start: usize, code: &str) -> ActorMention {
        ActorMention { start, end: start + 1, head: start, codes: vec![code.into()] }
    }

    #[test]
    fn synset_pattern_over_dependency_parse() {
        let mut d = VerbDictionary::new();
        d.add(DICT, "t").unwrap();
        let s = sentence(
            "Arnor restored military ties with Gondor",
            &[Some(1), None, Some(3), Some(1), Some(5), Some(3)],
            &["nsubj", "root", "amod", "obj", "case", "nmod"],
        );
        let t = d.code(&s, &[actor(0, "ARN"), actor(5, "GON")]);
        assert_eq!(t, [Triple { source: "ARN".into(), target: "GON".into(), code: "065".into() }]);
    }

    #[test]
    fn target_slot_and_paired_codes() {
        let mut d = VerbDictionary::new();
        d.add(DICT, "t").unwrap();
        let s =
            sentence("Telemar left for Gondor", &[Some(1), None, Some(3), Some(1)], &["nsubj", "root", "case", "obl"]);
        let t = d.code(&s, &[actor(0, "DAG"), actor(3, "GON")]);
        let codes: Vec<_> = t.iter().map(|t| format!("{}>{} {}", t.source, t.target, t.code)).collect();
        assert_eq!(codes, ["DAG>GON 032", "GON>DAG 033"]);
    }

    #[test]
    fn contractions_match_as_the_tokenizer_splits_them() {
        let mut d = VerbDictionary::new();
        d.add("&NEG\n+DIDN'T\n--- CLASH [121] ---\nCLASH\n- &NEG * [904]\n", "t").unwrap();
        let s = sentence(
            "Bree did n't clash with Eriador",
            &[Some(3), Some(3), Some(3), None, Some(5), Some(3)],
            &["nsubj", "aux", "advmod", "root", "case", "obl"],
        );
        let t = d.code(&s, &[actor(0, "BRE"), actor(5, "ERI")]);
        assert_eq!(t, [Triple { source: "BRE".into(), target: "ERI".into(), code: "904".into() }]);
    }

    #[test]
    fn malformed_patterns_name_their_line() {
        let mut d = VerbDictionary::new();
        d.add("--- ACCORD [---] ---\nACCORD\n- IN TO [073]\n- * WITH + [081]\n", "v.txt").unwrap();
        d.add("--- ACT [100] ---\n- * &NOPE [102]\n--- BAD [12 ---\n- * X [1]\n", "w.txt").unwrap();
        let warnings: Vec<&str> = d.warnings.iter().map(String::as_str).collect();
        assert_eq!(
            warnings,
            [
                "v.txt:3: pattern \"IN TO\" has no '*' for the verb",
                "w.txt:2: synset &NOPE is not defined",
                "w.txt:3: '[' without ']' at the end of \"BAD [12\"",
                "w.txt:4: pattern without a verb above it",
            ]
        );
        // The good pattern after the malformed one was read.
        assert_eq!(d.blocks[0].patterns.len(), 1);
    }
}
