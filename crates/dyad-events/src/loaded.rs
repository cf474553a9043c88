//! PETRARCH or TABARI dictionaries loaded at run time, as a coder of dyad documents: their actors, agents
//! and discards find the actors, their verb patterns code the events, both over dyad's own tokens, tags and
//! dependency parses. As a pipeline stage it adds its events to those already in the document (dyad's own
//! coder, when it ran before), so a team can use its dictionaries beside dyad's or instead of them.

use dyad_actors::petrarch::PetrarchActors;
use dyad_core::codebook::{Codebook, Convention};
use dyad_core::{Document, Event, EventActor, Modality, Stage};

use crate::petrarch::{ActorMention, Coded, ParsedSentence, VerbDictionary};

/// Loaded actor, agent, discard and verb dictionaries.
#[derive(Debug, Default, Clone)]
pub struct LoadedCoder {
    pub actors: PetrarchActors,
    pub verbs: VerbDictionary,
}

/// The events of one sentence with the actor mentions they refer to.
#[derive(Debug, Clone)]
pub struct SentenceEvents {
    pub sentence: usize,
    pub mentions: Vec<ActorMention>,
    pub events: Vec<Coded>,
}

impl LoadedCoder {
    pub fn new(actors: PetrarchActors, verbs: VerbDictionary) -> Self {
        LoadedCoder { actors, verbs }
    }

    /// The events of every sentence of a parsed document, but those of a sentence with a discard phrase, and
    /// none at all when a story discard phrase (`+PHRASE`) occurs.
    pub fn code_document(&self, doc: &Document) -> Vec<SentenceEvents> {
        let sentences: Vec<ParsedSentence> =
            (0..doc.sentences.len()).map(|i| ParsedSentence::from_doc(doc, i)).collect();
        let discards: Vec<Option<bool>> = sentences.iter().map(|s| self.actors.discarded(&s.words)).collect();
        if discards.contains(&Some(true)) {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (i, s) in sentences.iter().enumerate().filter(|(i, _)| discards[*i].is_none()) {
            let mentions: Vec<ActorMention> = self
                .actors
                .mentions(&s.words, &s.heads, &s.deprels, doc.date)
                .into_iter()
                .map(|m| ActorMention { start: m.start, end: m.end, head: m.head, codes: m.codes })
                .collect();
            let events = self.verbs.code_events(s, &mentions);
            if !events.is_empty() {
                out.push(SentenceEvents { sentence: i, mentions, events });
            }
        }
        out
    }
}

impl Stage for LoadedCoder {
    fn name(&self) -> &'static str {
        "loaded-dictionaries"
    }

    fn annotate(&self, doc: &mut Document) {
        let mut added = Vec::new();
        for se in self.code_document(doc) {
            let first = doc.sentences[se.sentence].tokens.start;
            let span_of = |m: &ActorMention| doc.tokens[first + m.start].span.cover(doc.tokens[first + m.end - 1].span);
            for e in &se.events {
                // dyad's events carry a Goldstein score and QuadClass, which only CAMEO codes have: events
                // coded with another scheme (the validation dictionaries' WEIS codes) are left out here.
                let Some(info) = Codebook::get().lookup(&e.triple.code) else { continue };
                let actor = |k: usize, code: &str| {
                    // PETRARCH writes an agent without an actor as "---GOV"; such a code stays as it is.
                    Some(EventActor { code: code.to_string(), span: span_of(&se.mentions[k]), entity: None })
                };
                let event = Event {
                    sentence: se.sentence,
                    source: actor(e.source, &e.triple.source),
                    target: actor(e.target, &e.triple.target),
                    code: e.triple.code.clone(),
                    goldstein: info.goldstein(Convention::Gdelt),
                    quad_class: info.quad_class(Convention::Gdelt),
                    plover: info.plover.clone(),
                    trigger: doc.tokens[first + e.verb].span,
                    // The dictionaries code negation and modality in their patterns ("NOT_*", "WILL_NOT *").
                    negated: false,
                    modality: Modality::Asserted,
                    date: doc.date.map(|d| d.to_string()),
                    quote: doc.quotes.iter().position(|q| q.span.contains(doc.tokens[first + e.verb].span)),
                    location: None,
                };
                added.push(event);
            }
        }
        for event in added {
            let code = |a: &Option<EventActor>| a.as_ref().map(|a| a.code.clone());
            let same = |x: &Event| {
                x.sentence == event.sentence
                    && x.code == event.code
                    && code(&x.source) == code(&event.source)
                    && code(&x.target) == code(&event.target)
            };
            if !doc.events.iter().any(same) {
                doc.events.push(event);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_actors::petrarch::Dialect;
    use dyad_core::{Sentence, Span, Token, Upos};

    /// "Arnor police arrested protesters in Gondor", parsed by hand.
    fn parsed(text: &str, rows: &[(&str, Upos, Option<usize>, &str)]) -> Document {
        let mut tokens = Vec::new();
        let mut at = 0;
        for &(lemma, upos, head, rel) in rows {
            let start = at + text[at..].find(|c: char| !c.is_whitespace()).unwrap();
            let end = start + text[start..].find(char::is_whitespace).unwrap_or(text.len() - start);
            at = end;
            tokens.push(Token {
                span: Span::new(start, end),
                upos,
                xpos: "",
                lemma: lemma.into(),
                head,
                deprel: dyad_core::intern(rel),
            });
        }
        let mut doc = Document::new("t", text.to_string());
        doc.sentences.push(Sentence { span: Span::new(0, text.len()), tokens: 0..tokens.len() });
        doc.tokens = tokens;
        doc
    }

    fn coder(discards: &str) -> LoadedCoder {
        let mut actors = PetrarchActors::new(Dialect::Petrarch);
        actors.add_actors("ARNOR [ARN]\nGONDOR [GON]\n", "a").unwrap();
        actors.add_agents("POLICE [~COP]\nPROTESTER [~OPP]\n", "g").unwrap();
        actors.add_discards(discards);
        let mut verbs = VerbDictionary::new();
        verbs.add("--- ARREST [173] ---\nARREST\n", "v").unwrap();
        LoadedCoder::new(actors, verbs)
    }

    fn arrest() -> Document {
        parsed(
            "Arnor police arrested protesters in Gondor",
            &[
                ("Arnor", Upos::Propn, Some(1), "compound"),
                ("police", Upos::Noun, Some(2), "nsubj"),
                ("arrest", Upos::Verb, None, "root"),
                ("protester", Upos::Noun, Some(2), "obj"),
                ("in", Upos::Adp, Some(5), "case"),
                ("Gondor", Upos::Propn, Some(2), "obl"),
            ],
        )
    }

    #[test]
    fn loaded_dictionaries_add_cameo_events_with_spans() {
        let mut doc = arrest();
        coder("").annotate(&mut doc);
        let e: Vec<_> = doc
            .events
            .iter()
            .map(|e| {
                let s = e.source.as_ref().unwrap();
                let t = e.target.as_ref().unwrap();
                (s.code.as_str(), doc.slice(s.span), t.code.as_str(), doc.slice(t.span), e.code.as_str())
            })
            .collect();
        assert_eq!(e, [("ARNCOP", "Arnor police", "---OPP", "protesters", "173")]);
        assert_eq!(doc.slice(doc.events[0].trigger), "arrested");
        // Beside dyad's coder: an event it already found is not added twice.
        coder("").annotate(&mut doc);
        assert_eq!(doc.events.len(), 1);
    }

    #[test]
    fn a_discard_phrase_drops_the_story() {
        for discards in ["+GONDOR\n", "GONDOR\n"] {
            let mut doc = arrest();
            coder(discards).annotate(&mut doc);
            assert!(doc.events.is_empty(), "{discards}");
        }
        let mut doc = arrest();
        coder("ERIADOR\n").annotate(&mut doc);
        assert_eq!(doc.events.len(), 1);
    }
}
