use std::ops::Range;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::span::Span;

/// A closed-set tag name (XPOS, dependency relation, ...) shared by every token that carries it.
/// Label sets are small and fixed by the models, so they are interned once and never freed.
pub type Label = &'static str;

/// Interns a label: the same string always yields the same `&'static str`.
pub fn intern(label: &str) -> Label {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static TABLE: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    let mut table = TABLE.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(&s) = table.get(label) {
        return s;
    }
    let s: &'static str = Box::leak(label.to_owned().into_boxed_str());
    table.insert(s);
    s
}

/// One news article and every annotation layer the pipeline has added to it.
#[derive(Debug, Clone, Default)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub title: Option<String>,
    /// Publication date: relative dates in the text resolve against it.
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    /// The outlet that published it ("Reuters", "bbc.co.uk").
    pub outlet: Option<String>,
    /// Where the document was read from (file, line or record), for messages; not part of the output.
    pub origin: Option<String>,

    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    /// Raw named-entity spans from the NER model, before grouping into [`Entity`] values.
    pub names: Vec<Name>,
    pub entities: Vec<Entity>,
    pub events: Vec<Event>,
    pub quotes: Vec<Quote>,
    pub dates: Vec<DateMention>,
    pub amounts: Vec<Amount>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document { id: id.into(), text: text.into(), ..Default::default() }
    }

    pub fn slice(&self, span: Span) -> &str {
        span.slice(&self.text)
    }

    /// Tokens of sentence `i`.
    pub fn sentence_tokens(&self, i: usize) -> &[Token] {
        &self.tokens[self.sentences[i].tokens.clone()]
    }

    /// Index of the sentence containing byte offset `at`, if any.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.span.end <= at);
        (i < self.sentences.len() && self.sentences[i].span.start <= at).then_some(i)
    }

    /// Word count used for throughput figures: tokens when tokenized, whitespace-separated words otherwise.
    pub fn word_count(&self) -> usize {
        if self.tokens.is_empty() {
            self.text.split_whitespace().count()
        } else {
            self.tokens.len()
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
    /// Indices into [`Document::tokens`].
    pub tokens: Range<usize>,
}

/// Universal POS tags (UD v2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "UPPERCASE")]
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    #[default]
    X,
}

impl Upos {
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.into_iter().find(|u| u.as_str() == s)
    }
}

/// A token with its morphosyntactic annotation. Fields other than `span` stay at their defaults until
/// the tagger and parser have run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Token {
    pub span: Span,
    pub upos: Upos,
    /// Penn Treebank tag ("NNP", "VBD"), "" until tagged.
    pub xpos: Label,
    pub lemma: String,
    /// Head as an index into [`Document::tokens`]; `None` for the sentence root or before parsing.
    pub head: Option<usize>,
    /// UD relation to the head ("nsubj", "obj", "root"), "" before parsing.
    pub deprel: Label,
}

/// Entity types: the UNER PER/ORG/LOC set split the way event coding needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum EntityType {
    Person,
    Org,
    /// Countries, cities and other places with a government.
    Gpe,
    Location,
    /// Nationalities and adjectival country names ("Chinese", "Sino-Russian").
    Norp,
    Misc,
}

impl EntityType {
    pub fn as_str(self) -> &'static str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Org => "ORG",
            EntityType::Gpe => "GPE",
            EntityType::Location => "LOCATION",
            EntityType::Norp => "NORP",
            EntityType::Misc => "MISC",
        }
    }
}

/// A raw name span found by NER (or a gazetteer) in one sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    pub span: Span,
    pub sentence: usize,
    pub kind: EntityType,
}

/// An actor code with the name it was resolved from ("CHNGOV", "Xi Jinping").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActorCode {
    pub code: String,
    pub name: String,
}

/// How an entity is mentioned: by name, by description ("the Chinese leader"), or by pronoun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum MentionKind {
    #[default]
    Name,
    Nominal,
    Pronoun,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub span: Span,
    pub sentence: usize,
    pub kind: MentionKind,
}

/// One real-world referent with all its mentions in the document (the coreference chain).
#[derive(Debug, Clone, PartialEq)]
pub struct Entity {
    /// Canonical name: the longest proper-name mention.
    pub name: String,
    pub kind: EntityType,
    pub actor: Option<ActorCode>,
    /// ISO 3166 alpha-3 country for places and nationalities.
    pub country: Option<String>,
    pub mentions: Vec<Mention>,
}

/// An event participant: the actor code and the text that names it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventActor {
    pub code: String,
    pub span: Span,
    /// Index into [`Document::entities`].
    pub entity: Option<usize>,
}

/// Whether the text asserts an event, reports someone else's claim of it, or only entertains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Modality {
    #[default]
    Asserted,
    Reported,
    /// Conditional, intended, planned, possible, or asked about: not a fact.
    Hypothetical,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plover {
    pub event: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// A coded event: who did what to whom.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub sentence: usize,
    pub source: Option<EventActor>,
    pub target: Option<EventActor>,
    /// CAMEO event code ("051"); its first two digits are the root.
    pub code: String,
    pub goldstein: f32,
    pub quad_class: u8,
    pub plover: Option<Plover>,
    /// The word(s) that express the event.
    pub trigger: Span,
    pub negated: bool,
    pub modality: Modality,
    /// ISO date (or "YYYY-MM", "YYYY") when the text dates the event, else the publication date; for an
    /// undated article, the month its own dates name most often.
    pub date: Option<String>,
    /// Index into [`Document::quotes`] when the event is said inside a quotation.
    pub quote: Option<usize>,
    /// Where the sentence says it happened ("in Aleppo"): the place's words, entity and country code.
    pub location: Option<EventActor>,
}

impl Event {
    pub fn root(&self) -> &str {
        &self.code[..self.code.len().min(2)]
    }
    /// Asserted as fact: neither negated nor hypothetical.
    pub fn is_asserted(&self) -> bool {
        !self.negated && self.modality != Modality::Hypothetical
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QuoteKind {
    /// In quotation marks.
    Direct,
    /// Reported speech without marks ("Xi said China is willing to ...").
    Indirect,
    /// Partly quoted: marks around some of the words.
    Mixed,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Speaker {
    pub span: Span,
    pub entity: Option<usize>,
}

/// Something someone said, with who said it and who reported it.
#[derive(Debug, Clone, PartialEq)]
pub struct Quote {
    pub sentence: usize,
    /// The quoted words, without the quotation marks.
    pub span: Span,
    pub kind: QuoteKind,
    pub speaker: Option<Speaker>,
    /// Lemma of the speech verb ("say", "declare").
    pub cue: Option<String>,
    /// The reporting chain, nearest first ("Tass", "South China Morning Post").
    pub via: Vec<String>,
}

/// A date expression and its resolved value.
#[derive(Debug, Clone, PartialEq)]
pub struct DateMention {
    pub sentence: usize,
    pub span: Span,
    /// ISO 8601 at the precision the text gives: "2024-03-18", "2024-10", "2012"; `None` when it cannot be resolved.
    pub value: Option<String>,
}

/// A number with its unit ("42 times", "$3.5bn", "11 members").
#[derive(Debug, Clone, PartialEq)]
pub struct Amount {
    pub sentence: usize,
    pub span: Span,
    pub value: f64,
    pub unit: Option<String>,
}
