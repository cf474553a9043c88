//! The coder stage: dictionary patterns over the dependency parse, arguments resolved to actors,
//! complement frames, negation and modality.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use dyad_core::codebook::{Codebook, Convention};
use dyad_core::{Document, Event, EventActor, Modality, Span, Stage, Upos};

use crate::dictionary::{Dictionary, Frame, Pattern, Pos, Word};
use crate::EventsError;

/// Prepositions that introduce a target when the pattern names none ("protested to", "fired at").
const TARGET_PREPS: &[&str] = &["to", "with", "against", "at", "on", "upon", "into", "toward", "towards", "from"];

/// Prepositions on an object noun that introduce the counterpart: the target prepositions, and "by" for the
/// author of a statement or act ("rejected proposals by Norway").
const OBJECT_PREPS: &[&str] = &["to", "with", "against", "at", "on", "upon", "into", "toward", "towards", "from", "by"];

/// Nouns for weapons and attacks, which do violence for someone unnamed ("a car bomb killed ...").
const ATTACK_NOUNS: &[&str] = &[
    "bomb",
    "bombing",
    "blast",
    "explosion",
    "attack",
    "mine",
    "landmine",
    "shell",
    "rocket",
    "missile",
    "mortar",
    "grenade",
    "ambush",
    "airstrike",
    "strike",
    "raid",
    "shelling",
    "gunfire",
    "explosive",
    "device",
];

/// Nouns for documents, which speak for whoever issued them ("a report released in Kigali alleged").
const DOCUMENT_NOUNS: &[&str] =
    &["report", "statement", "communique", "communiqué", "study", "document", "dossier", "declaration", "letter"];

/// Military arms, whose use is a fight with artillery and tanks (CAMEO 194).
const HEAVY_WEAPONS: &[&str] =
    &["missile", "rocket", "shell", "mortar", "artillery", "tank", "howitzer", "cannon", "gunboat"];

/// Verbs whose object noun names the act their subject performs ("held talks", "launched an attack").
const LIGHT_VERBS: &[&str] = &[
    "hold",
    "launch",
    "stage",
    "conduct",
    "wage",
    "mount",
    "begin",
    "start",
    "continue",
    "resume",
    "open",
    "sign",
    "conclude",
    "make",
    "issue",
    "impose",
    "announce",
    "intensify",
    "escalate",
    "level",
    "lodge",
    "file",
    "carry",
    "step",
    "initiate",
    "undertake",
    "commit",
    "perpetrate",
    "offer",
    "extend",
    "deliver",
    "give",
    "provide",
    "express",
    "reiterate",
    "renew",
    "lead",
    "host",
    "organize",
    "organise",
    "call",
    "order",
    "declare",
    "reach",
];

/// Roots of acts that only a state's authorities perform (investigate, reduce relations, coerce:
/// arrest, expel, ban), whose unnamed agent is the authority of the place.
const AUTHORITY_ROOTS: &[&str] = &["09", "16", "17"];

/// Prepositions that place an event ("in Aleppo", "near the border with Syria").
const LOCATIVE_PREPS: &[&str] = &["in", "at", "near", "inside", "outside", "across", "throughout", "over"];

/// Verbs that report speech: an event in their complement is reported, not asserted by the writer.
const SPEECH_VERBS: &[&str] = &[
    "say",
    "tell",
    "add",
    "report",
    "announce",
    "state",
    "declare",
    "note",
    "stress",
    "write",
    "claim",
    "insist",
    "confirm",
    "reiterate",
    "explain",
    "argue",
    "assert",
    "affirm",
    "quote",
    "indicate",
    "suggest",
    "believe",
    "think",
];

/// Verbs that accuse: what they report is an allegation, not a fact (the accusation is the event).
const ALLEGATION_VERBS: &[&str] = &["allege", "claim", "accuse", "charge"];

/// Verbs that deny what their complement says.
const DENIAL_VERBS: &[&str] = &["deny", "refute", "dismiss", "reject", "rebut", "dispute"];

/// Protest verbs that are protests only without an object.
const INTRANSITIVE_PROTEST: &[&str] = &["demonstrate", "march", "rally", "riot", "picket"];

/// Verbs of force that news also uses for words ("attacked the plans", "hit out at his rival").
const VERBAL_ATTACK_VERBS: &[&str] = &["attack", "hit", "target", "strike", "blast", "savage", "assail", "slam"];

/// Whether a person acts on a person or an unarmed organisation (a party, a ministry): individuals fight
/// those with words, not arms.
fn person_on_person(doc: &Document, source: &EventActor, target: &Option<EventActor>) -> bool {
    use dyad_core::EntityType;
    let kind = |a: &EventActor| a.entity.map(|e| doc.entities[e].kind);
    let armed = |a: &EventActor| ["MIL", "REB", "COP", "SPY", "INS", "SEP"].iter().any(|r| a.code.ends_with(r));
    kind(source) == Some(EntityType::Person)
        && target.as_ref().is_some_and(|t| match kind(t) {
            Some(EntityType::Person) => true,
            Some(EntityType::Org) => !armed(t),
            _ => false,
        })
}

/// Verbs whose "for ..." clause gives the act someone is blamed or punished for.
const BLAME_VERBS: &[&str] = &[
    "arrest",
    "detain",
    "jail",
    "imprison",
    "convict",
    "sentence",
    "charge",
    "punish",
    "sanction",
    "condemn",
    "blame",
    "criticize",
    "criticise",
    "fine",
    "prosecute",
    "try",
    "indict",
    "expel",
    "denounce",
    "accuse",
];

/// Nouns for a party named by its relation to another ("Israel's ally", "an opponent of the regime").
const RELATIONAL_NOUNS: &[&str] =
    &["ally", "partner", "rival", "enemy", "foe", "opponent", "adversary", "critic", "proxy", "client"];

/// Nouns that name a relation between two parties ("ties with", "relationship with").
const RELATION_NOUNS: &[&str] =
    &["relation", "relationship", "tie", "partnership", "friendship", "cooperation", "alliance", "dialogue"];

/// The event coder. Reads sentences, tokens (with lemmas and UD heads), entities, dates and quotes;
/// fills `doc.events`.
pub struct EventCoder {
    dict: Dictionary,
    convention: Convention,
}

impl EventCoder {
    /// The coder with the embedded dictionary and GDELT's Goldstein and QuadClass convention.
    pub fn new() -> Result<EventCoder, EventsError> {
        Ok(EventCoder { dict: Dictionary::embedded()?, convention: Convention::Gdelt })
    }

    pub fn with_dictionary(dict: Dictionary) -> EventCoder {
        EventCoder { dict, convention: Convention::Gdelt }
    }

    /// Whose Goldstein values and QuadClass to report where GDELT and ICEWS differ.
    pub fn with_convention(mut self, convention: Convention) -> EventCoder {
        self.convention = convention;
        self
    }

    pub fn code(&self, doc: &Document) -> Vec<Event> {
        let mut out = Vec::new();
        let undated = doc.date.is_none().then(|| month_of_undated(doc)).flatten();
        // Mentions by sentence, gathered once: a scan of every mention for every sentence would make a
        // long document's coding quadratic.
        let mut by_sentence: Vec<Vec<(usize, Span)>> = vec![Vec::new(); doc.sentences.len()];
        for (e, ent) in doc.entities.iter().enumerate() {
            for m in &ent.mentions {
                if let Some(list) = by_sentence.get_mut(m.sentence) {
                    list.push((e, m.span));
                }
            }
        }
        for (s, here) in by_sentence.into_iter().enumerate() {
            let mut sent = Sent::new(doc, s, here);
            self.mend_lemmas(&mut sent);
            if sent.range.is_empty() {
                continue;
            }
            let mut coder = SentenceCoder {
                c: self,
                sent: &sent,
                drafts: Vec::new(),
                declined: HashSet::new(),
                unrealised: HashMap::new(),
            };
            coder.run();
            for d in coder.drafts {
                self.emit(doc, &sent, d, undated.as_deref(), &mut out);
            }
        }
        out
    }

    /// A trigger word whose lemma the dictionary does not know, but whose form's regular stem it does
    /// ("shelled" lemmatized as "shel"): the lemmatizer guessed a rare word's stem wrong.
    fn mend_lemmas(&self, sent: &mut Sent) {
        for t in sent.range.clone() {
            let pos = match sent.upos(t) {
                Upos::Verb | Upos::Adj => Pos::Verb,
                Upos::Noun => Pos::Noun,
                _ => continue,
            };
            let lemma = sent.lemma(t);
            if self.dict.has_trigger(pos, lemma) || self.dict.frame(lemma).is_some() {
                continue;
            }
            let form = sent.text(t).to_lowercase();
            let known = regular_stems(&form, pos)
                .into_iter()
                .find(|stem| self.dict.has_trigger(pos, stem) || self.dict.frame(stem).is_some());
            if let Some(stem) = known {
                sent.lemmas[t - sent.range.start] = stem;
            }
        }
    }

    fn emit(&self, doc: &Document, sent: &Sent, d: Draft, undated: Option<&str>, out: &mut Vec<Event>) {
        if Codebook::get().lookup(&d.code).is_none() {
            return;
        }
        let date =
            sent.date_near(d.clause).or_else(|| doc.date.map(|x| x.to_string())).or_else(|| undated.map(str::to_owned));
        let trigger = doc.tokens[d.trigger].span;
        let quote = doc.quotes.iter().position(|q| q.span.contains(trigger));
        let modality = match d.modality {
            Modality::Asserted if quote.is_some() => Modality::Reported,
            m => m,
        };
        let mut sources = sent.actors(&d.sources);
        let targets = sent.actors(&d.targets);
        if let Some(country) = d.unidentified.as_ref().filter(|_| sources.is_empty()) {
            let span = d.sources.first().map_or(trigger, |&x| sent.phrase(x));
            sources.push(EventActor { code: format!("{country}UAF"), span, entity: None });
        }
        let location = sent.location_of(d.trigger);
        let mut pairs: Vec<(EventActor, Option<EventActor>)> = Vec::new();
        if targets.is_empty() && sources.len() > 1 && d.mutual {
            // "Xi and Putin met": each is the other's counterpart.
            for a in &sources {
                for b in &sources {
                    if a.code != b.code || a.entity != b.entity {
                        pairs.push((a.clone(), Some(b.clone())));
                    }
                }
            }
        } else {
            // CAMEO is a dyadic scheme: an act with no counterpart named is no event.
            for a in &sources {
                for b in &targets {
                    if a.entity.is_none() || a.entity != b.entity {
                        pairs.push((a.clone(), Some(b.clone())));
                    }
                }
            }
        }
        if pairs.is_empty() && targets.is_empty() && d.code.starts_with("14") {
            // Dissent with no one named ("dockers walked out", "students marched") is
            // directed at the authorities of the protesters' own country.
            // Only for the governed: a state body's or a country's "boycott" is no dissent against itself.
            for a in &sources {
                let generic = ["IGO", "NGO", "IMG", "MNC", "NGM", "INT", "UIS"];
                let state = ["GOV", "MIL", "COP", "JUD", "LEG", "SPY", "ELI", "MED"];
                let role = a.code.get(3..6).unwrap_or("");
                let country = a.code.get(..3).filter(|c| !generic.contains(c));
                // "Young Chileans": a nationality in the plural names people.
                let people = a.entity.is_some_and(|e| doc.entities[e].kind == dyad_core::EntityType::Norp)
                    && doc.slice(a.span).ends_with('s');
                if let Some(c) = country.filter(|_| (a.code.len() >= 6 && !state.contains(&role)) || people) {
                    let gov = EventActor { code: format!("{c}GOV"), span: trigger, entity: None };
                    pairs.push((a.clone(), Some(gov)));
                }
            }
        }
        for (source, target) in pairs {
            // Protesters who seize or destroy property riot (CAMEO 145): the codebook codes the damage a
            // demonstration does as violent dissent.
            let code = if source.code.ends_with("OPP") && d.code.starts_with("171") {
                "145".to_owned()
            } else if d.code.starts_with("19")
                && VERBAL_ATTACK_VERBS.contains(&sent.lemma(d.trigger))
                && person_on_person(doc, &source, &target)
            {
                // "Kennedy attacked Mr Brown": one politician attacking another does it in words.
                "111".to_owned()
            } else {
                d.code.clone()
            };
            if target.as_ref().is_some_and(|t| t.span == source.span) {
                // "they ... they": one group of people is not its own counterpart.
                continue;
            }
            let Some(info) = Codebook::get().lookup(&code) else { continue };
            let event = Event {
                sentence: sent.index,
                source: Some(source),
                target,
                code,
                goldstein: info.goldstein(self.convention),
                quad_class: info.quad_class(self.convention),
                plover: info.plover.clone(),
                trigger,
                negated: d.negated,
                modality,
                date: date.clone(),
                quote,
                location: location.clone(),
            };
            let same = |e: &Event| {
                e.sentence == event.sentence
                    && e.code == event.code
                    && e.trigger == event.trigger
                    && e.source == event.source
                    && e.target == event.target
            };
            if !out.iter().any(same) {
                out.push(event);
            }
        }
    }
}

impl Stage for EventCoder {
    fn name(&self) -> &'static str {
        "events"
    }

    fn annotate(&self, doc: &mut Document) {
        doc.events = self.code(doc);
    }
}

/// An event before its actors are resolved: token indices of the argument heads.
#[derive(Debug, Clone)]
struct Draft {
    code: String,
    trigger: usize,
    /// The verb whose clause dates the event.
    clause: usize,
    sources: Vec<usize>,
    targets: Vec<usize>,
    negated: bool,
    modality: Modality,
    /// Without a target, several sources act on one another ("Xi and Putin met").
    mutual: bool,
    /// No one named does it ("a landmine killed two farmers near Kassala"): the unidentified armed
    /// group (CAMEO UAF) of this country acts.
    unidentified: Option<String>,
}

/// One sentence's dependency tree.
struct Sent<'a> {
    doc: &'a Document,
    index: usize,
    range: Range<usize>,
    children: Vec<Vec<usize>>,
    lemmas: Vec<String>,
    /// Entity index of the mention covering each token, with that mention's span.
    mention: Vec<Option<(usize, Span)>>,
    /// Every mention in the sentence, as (entity, span).
    here: Vec<(usize, Span)>,
}

impl<'a> Sent<'a> {
    /// `here`: the mentions in this sentence, as (entity, span).
    fn new(doc: &'a Document, index: usize, here: Vec<(usize, Span)>) -> Sent<'a> {
        let range = doc.sentences[index].tokens.clone();
        let n = range.len();
        let mut children = vec![Vec::new(); n];
        for t in range.clone() {
            if let Some(h) = doc.tokens[t].head.filter(|h| range.contains(h)) {
                children[h - range.start].push(t);
            }
        }
        let lemmas = range
            .clone()
            .map(|t| {
                let tok = &doc.tokens[t];
                let l = if tok.lemma.is_empty() { doc.slice(tok.span) } else { tok.lemma.as_str() };
                l.to_lowercase()
            })
            .collect();
        let mut mention = vec![None; n];
        for &(e, m) in &here {
            // Tokens are in text order: the mention's tokens are the ones from the first it covers.
            let first = range.clone().find(|&t| doc.tokens[t].span.end > m.start).unwrap_or(range.end);
            for t in (first..range.end).take_while(|&t| doc.tokens[t].span.start < m.end) {
                if m.contains(doc.tokens[t].span) {
                    let slot: &mut Option<(usize, Span)> = &mut mention[t - range.start];
                    // The narrowest mention wins: "Xi" inside "Xi and Putin" stays Xi.
                    if slot.is_none_or(|(_, s)| m.len() < s.len()) {
                        *slot = Some((e, m));
                    }
                }
            }
        }
        Sent { doc, index, range, children, lemmas, mention, here }
    }

    fn lemma(&self, t: usize) -> &str {
        &self.lemmas[t - self.range.start]
    }
    fn rel(&self, t: usize) -> &str {
        self.doc.tokens[t].deprel
    }
    fn base(&self, t: usize) -> &str {
        self.rel(t).split(':').next().unwrap_or("")
    }
    fn upos(&self, t: usize) -> Upos {
        self.doc.tokens[t].upos
    }
    fn head(&self, t: usize) -> Option<usize> {
        self.doc.tokens[t].head.filter(|h| self.range.contains(h))
    }
    fn kids(&self, t: usize) -> &[usize] {
        &self.children[t - self.range.start]
    }
    fn child(&self, t: usize, rel: &str) -> Option<usize> {
        self.kids(t).iter().copied().find(|&c| self.rel(c) == rel)
    }
    fn children_with<'s>(&'s self, t: usize, base: &'s str) -> impl Iterator<Item = usize> + 's {
        self.kids(t).iter().copied().filter(move |&c| self.base(c) == base)
    }
    /// The preposition of an oblique or nominal modifier ("with" in "with Moscow").
    fn case(&self, t: usize) -> Option<&str> {
        self.kids(t).iter().find(|&&c| self.base(c) == "case").map(|&c| self.lemma(c))
    }
    fn has_lemma_child(&self, t: usize, base: &str, lemmas: &[&str]) -> bool {
        self.children_with(t, base).any(|c| lemmas.contains(&self.lemma(c)))
    }
    fn text(&self, t: usize) -> &str {
        self.doc.slice(self.doc.tokens[t].span)
    }

    fn is_passive(&self, t: usize) -> bool {
        self.kids(t).iter().any(|&c| matches!(self.rel(c), "aux:pass" | "nsubj:pass" | "csubj:pass"))
            // "a civilian allegedly killed by UK troops" read as an adverbial participle.
            || (self.doc.tokens[t].xpos == "VBN"
                && self.base(t) == "advcl"
                && self.kids(t).iter().any(|&c| self.rel(c) == "obl:agent"))
            || (self.base(t) == "acl"
                && self.doc.tokens[t].xpos == "VBN"
                && self.child(t, "obj").is_none()
                && !self.main_verb_read_as_modifier(t)
                // "as the US leader prepared to attend": a clause whose subordinator was read as a preposition.
                && self.misread_clause_subject(t).is_none())
    }

    /// "Opposition supporters marched in Lome" parsed with the noun as the root and the verb as a
    /// participle modifying it: a sentence needs a verb, so a participle on a nominal root, with no
    /// "by" agent and no "to", is the main verb and the noun its subject.
    fn main_verb_read_as_modifier(&self, t: usize) -> bool {
        let Some(h) = self.head(t) else { return false };
        // "Hundreds of supporters marched": the noun may be the partitive's complement.
        // "Thousands of Kurds demonstrated ..., witnesses said" parsed with the noun as a second subject of
        // the verb of speech: the noun heads a clause of its own.
        let top = |n: usize| {
            self.rel(n) == "root"
                || (self.rel(n) == "nsubj"
                    && self.head(n).is_some_and(|v| {
                        SPEECH_VERBS.contains(&self.lemma(v))
                            && self.kids(v).iter().any(|&c| c > n && self.rel(c) == "nsubj")
                    }))
        };
        let rootish = |n: usize| {
            top(n) || (self.base(n) == "nmod" && self.case(n) == Some("of") && self.head(n).is_some_and(top))
        };
        // Only verbs that take no object can be meant: "soldiers killed in an ambush" is a passive.
        let intransitive = INTRANSITIVE_PROTEST.contains(&self.lemma(t))
            || matches!(
                self.lemma(t),
                "protest"
                    | "clash"
                    | "resign"
                    | "arrive"
                    | "flee"
                    | "gather"
                    | "convene"
                    | "mutiny"
                    | "rebel"
                    | "revolt"
                    | "retreat"
                    | "strike"
                    | "walk"
            ) && self.child(t, "obj").is_none();
        intransitive
            && self.rel(t) == "acl"
            && rootish(h)
            && matches!(self.upos(h), Upos::Noun | Upos::Propn | Upos::Pron)
            && !self.has_lemma_child(t, "mark", &["to"])
            && !self.children_with(t, "obl").any(|o| self.rel(o) == "obl:agent" || self.case(o) == Some("by"))
    }

    /// The argument that undergoes the action: the object, or the subject of a passive.
    fn patient(&self, t: usize) -> Option<usize> {
        // "rejected Thursday an appeal": a date the parser took for the object is not what is acted on.
        let nominal = |c: usize| matches!(self.upos(c), Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num);
        let obj = self.kids(t).iter().copied().filter(|&c| self.rel(c) == "obj" && nominal(c));
        if let Some(o) = obj.clone().find(|&o| !self.is_date(o)).or_else(|| obj.clone().next()) {
            return Some(self.partitive(o));
        }
        // "hosted Japanese Prime Minister Hashimoto" parsed as a bare oblique after the verb: an oblique
        // with no preposition that names an actor is the object.
        if !self.is_passive(t) {
            let bare =
                self.kids(t).iter().copied().find(|&c| {
                    c > t && self.rel(c) == "obl" && self.case(c).is_none() && !self.is_date(c) && nominal(c)
                });
            if let Some(o) = bare.filter(|&o| self.mention[o - self.range.start].is_some()) {
                return Some(o);
            }
        }
        if self.is_passive(t) {
            if let Some(s) = self.child(t, "nsubj:pass") {
                return Some(s);
            }
            if self.base(t) == "acl" {
                return self.head(t);
            }
        }
        None
    }

    fn is_date(&self, t: usize) -> bool {
        let span = self.doc.tokens[t].span;
        self.doc.dates.iter().any(|d| d.sentence == self.index && d.span.contains(span))
    }

    /// "part of the aid program", "some of the prisoners": what a partitive object is a part of.
    fn partitive(&self, o: usize) -> usize {
        // Measures and quantities too: "3,000 tonnes of grain aid", "two weeks of naval drills".
        let measure = matches!(
            self.lemma(o),
            "ton"
                | "tonne"
                | "dollar"
                | "euro"
                | "million"
                | "billion"
                | "thousand"
                | "hundred"
                | "dozen"
                | "day"
                | "week"
                | "month"
                | "round"
                | "series"
                | "wave"
                | "batch"
                | "shipment"
                | "consignment"
                | "number"
                | "lot"
                | "amount"
                | "package"
                | "barrel"
                | "pound"
        );
        if measure
            || matches!(
                self.lemma(o),
                "part" | "some" | "all" | "most" | "many" | "half" | "rest" | "portion" | "share"
            )
        {
            if let Some(of) = self.children_with(o, "nmod").find(|&m| self.case(m) == Some("of")) {
                return of;
            }
        }
        o
    }

    /// The doer: the subject, the agent of a passive, or the controller of a subjectless clause.
    fn agents(&self, t: usize, depth: usize) -> Vec<usize> {
        if depth > 6 {
            return Vec::new();
        }
        if self.is_passive(t) {
            let by = self.children_with(t, "obl").find(|&o| self.rel(o) == "obl:agent" || self.case(o) == Some("by"));
            // "downed by a missile fired by rebels": a weapon is the instrument of those who used it.
            if let Some(w) = by.filter(|&w| ATTACK_NOUNS.contains(&self.lemma(w)) && self.actors(&[w]).is_empty()) {
                // The participle hangs on the weapon, or (the same words, attached higher) on the verb after it.
                let participles = self.children_with(w, "acl").chain(self.children_with(t, "advcl").filter(|&v| v > w));
                let users: Vec<usize> = participles.flat_map(|v| self.user_of(v, depth + 1)).collect();
                if !self.actors(&users).is_empty() {
                    return users;
                }
            }
            return by.into_iter().collect();
        }
        // Two subjects ("Rights group Human Rights Watch criticized ...", misparsed): the one
        // that names an actor.
        let subjects: Vec<usize> = self.kids(t).iter().copied().filter(|&c| self.rel(c) == "nsubj").collect();
        // "Kosovo's premier and Serbia's president met", parsed with two subjects and the "and" on the verb:
        // both do it.
        let named: Vec<usize> = subjects.iter().copied().filter(|&c| !self.actors(&[c]).is_empty()).collect();
        if let [first, .., last] = named[..] {
            let and = self.kids(t).iter().any(|&c| self.base(c) == "cc" && c > first && c < last);
            if and && last < t {
                return named;
            }
        }
        let subject = subjects.iter().copied().find(|&c| !self.actors(&[c]).is_empty()).or(subjects.first().copied());
        if let Some(s) = subject {
            if matches!(self.lemma(s), "who" | "which" | "that") {
                if let Some(h) = self.head(t).filter(|_| self.rel(t) == "acl:relcl") {
                    return vec![h];
                }
            }
            return vec![s];
        }
        if let Some(s) = self.misread_clause_subject(t) {
            return vec![s];
        }
        let Some(h) = self.head(t) else { return Vec::new() };
        match self.rel(t) {
            "xcomp" => match self.child(h, "obj").or_else(|| self.child(h, "iobj")) {
                Some(o) => vec![o],
                // "Obama is scheduled to attend": the passive's subject does it.
                None if self.is_passive(h) => self.child(h, "nsubj:pass").into_iter().collect(),
                None => self.agents(h, depth + 1),
            },
            // "was arrested for collaborating with Israel": the one arrested collaborated.
            "advcl" if self.is_passive(h) => self.child(h, "nsubj:pass").into_iter().collect(),
            "conj" | "advcl" => self.agents(h, depth + 1),
            "acl:relcl" => vec![h],
            "acl" if self.upos(h) == Upos::Noun || self.upos(h) == Upos::Propn => {
                if self.has_lemma_child(t, "mark", &["to"]) {
                    self.noun_agents(h, depth + 1)
                } else if self.rel(h) == "conj" && self.head(h).is_some_and(|r| self.rel(r) == "root") {
                    // "The government and rebels signed an agreement" parsed with the verb on the last
                    // conjunct: the whole coordination does it.
                    self.head(h).into_iter().collect()
                } else {
                    vec![h]
                }
            }
            _ => Vec::new(),
        }
    }

    /// The one who used a weapon, from the participle on it ("fired by rebels", "believed to have been
    /// planted by rebels").
    fn user_of(&self, v: usize, depth: usize) -> Vec<usize> {
        if depth > 6 {
            return Vec::new();
        }
        if self.is_passive(v) || self.doc.tokens[v].xpos == "VBN" {
            if let Some(by) =
                self.children_with(v, "obl").find(|&o| self.rel(o) == "obl:agent" || self.case(o) == Some("by"))
            {
                return vec![by];
            }
        }
        self.children_with(v, "xcomp").flat_map(|c| self.user_of(c, depth + 1)).collect()
    }

    /// "... after Russia launched the war": a subordinator read as a preposition makes the clause's
    /// subject a modifier of the noun before ("relations after Russia") and leaves the verb subjectless.
    fn misread_clause_subject(&self, t: usize) -> Option<usize> {
        let mut p = t.checked_sub(1).filter(|p| self.range.contains(p))?;
        while matches!(self.upos(p), Upos::Aux | Upos::Adv) && p > self.range.start {
            p -= 1;
        }
        let nominal = matches!(self.upos(p), Upos::Propn | Upos::Noun | Upos::Pron);
        // "Hamas fired rockets at Israel and Israel retaliated": a verb in coordination whose subject was
        // read as a conjunct of the object before it.
        let object_conjunct = self.base(p) == "conj"
            && self.base(t) == "conj"
            && self.head(p).is_some_and(|h| matches!(self.base(h), "obj" | "nmod" | "obl"))
            && self.child(t, "nsubj").is_none();
        if nominal && object_conjunct {
            return Some(p);
        }
        let subordinator = self.kids(p).iter().any(|&c| {
            self.base(c) == "case"
                && matches!(self.lemma(c), "after" | "before" | "since" | "until" | "as" | "when" | "while" | "because")
        });
        (nominal && subordinator && self.head(p) != Some(t) && matches!(self.base(p), "nmod" | "obl")).then_some(p)
    }

    /// Who does what an event noun names: "Putin's plan", "attacks by rebels", "X held talks".
    fn noun_agents(&self, n: usize, depth: usize) -> Vec<usize> {
        if let Some(p) = self.child(n, "nmod:poss") {
            return vec![p];
        }
        if let Some(b) = self.children_with(n, "nmod").find(|&m| self.case(m) == Some("by")) {
            return vec![b];
        }
        if let Some(m) = self
            .kids(n)
            .iter()
            .copied()
            .find(|&m| matches!(self.rel(m), "amod" | "compound") && self.mention[m - self.range.start].is_some())
        {
            return vec![m];
        }
        match (self.rel(n), self.head(n)) {
            // "X held talks", "X launched an offensive": the subject of a light verb does what its object
            // names; "refugees fleeing the war" did not make the war.
            ("obj", Some(v)) if depth < 6 && LIGHT_VERBS.contains(&self.lemma(v)) => self.agents(v, depth + 1),
            _ => Vec::new(),
        }
    }

    /// Token span of the noun phrase headed by `t`, without clauses, conjuncts and appositions.
    fn phrase(&self, t: usize) -> Span {
        let mut span = self.doc.tokens[t].span;
        let mut stack = vec![t];
        while let Some(x) = stack.pop() {
            for &c in self.kids(x) {
                let clause = matches!(self.base(c), "conj" | "cc" | "punct" | "acl" | "appos" | "parataxis" | "dep");
                // A phrase's own prepositional modifiers ("action against Ukraine") name other parties.
                let other_party = self.base(c) == "nmod" && x == t && self.case(c).is_some_and(|p| p != "of");
                let keep = !clause && !other_party;
                if keep {
                    span = span.cover(self.doc.tokens[c].span);
                    stack.push(c);
                }
            }
        }
        span
    }

    /// Actor codes for argument heads: the entity mentioned there, else a modifier naming one
    /// ("his Russian counterpart", "leaders of Romania"), with coordinated arguments each counted.
    fn actors(&self, heads: &[usize]) -> Vec<EventActor> {
        let mut out: Vec<EventActor> = Vec::new();
        let mut seen = HashSet::new();
        let mut todo: Vec<usize> = heads.to_vec();
        let conjuncts: HashSet<usize> = heads.iter().flat_map(|&h| self.children_with(h, "conj")).collect();
        while let Some(t) = todo.pop() {
            if !seen.insert(t) {
                continue;
            }
            todo.extend(self.children_with(t, "conj").filter(|&c| !self.speaker_before_verb(c)));
            // "protesters burned tyres in Beirut" misparsed as "protesters and tyres": a conjunct that
            // is an actor only through where it is ("in Beirut") is a thing, not a party.
            let placed_thing = (conjuncts.contains(&t) || !heads.contains(&t))
                && self.mention[t - self.range.start].is_none()
                && !self.kids(t).iter().any(|&c| {
                    let named = matches!(self.base(c), "amod" | "compound" | "appos" | "flat")
                        && self.mention[c - self.range.start].is_some();
                    named
                        || self.rel(c) == "nmod:poss"
                        || (self.base(c) == "nmod" && matches!(self.case(c), Some("of" | "from")))
                });
            if placed_thing {
                continue;
            }
            for a in self.actor_at(t, 0) {
                if !out.iter().any(|o| o.code == a.code && o.entity == a.entity) {
                    out.push(a);
                }
            }
        }
        out.sort_by_key(|a| a.span.start);
        out
    }

    /// "shelled villages, residents and doctors said": a conjunct that runs, with no comma, into a verb
    /// of speech is that verb's subject, misattached to the object.
    fn speaker_before_verb(&self, c: usize) -> bool {
        let Some(v) = (c + 1..self.range.end).find(|&x| self.upos(x) == Upos::Verb) else { return false };
        SPEECH_VERBS.contains(&self.lemma(v)) && (c + 1..v).all(|x| self.text(x) != "," && self.upos(x) != Upos::Punct)
    }

    /// The actors named at `t`: one, or two for a compound mention that the actor layer gave to two
    /// entities ("Sino-Russian").
    fn actor_at(&self, t: usize, depth: usize) -> Vec<EventActor> {
        if let Some((_, span)) = self.mention[t - self.range.start] {
            let shown = if depth == 0 { span.cover(self.phrase(t)) } else { span };
            let mut found: Vec<EventActor> = Vec::new();
            for &(e, m) in &self.here {
                let ent = &self.doc.entities[e];
                if m != span || found.iter().any(|a| a.entity == Some(e)) {
                    continue;
                }
                if let Some(code) = ent.actor.as_ref().map(|a| a.code.clone()).or_else(|| ent.country.clone()) {
                    found.push(EventActor { code, span: shown, entity: Some(e) });
                }
            }
            // "Dutch and Belgian frigates" with "Belgian frigates" one mention: the coordinated
            // modifier before it names a party too.
            if depth == 0 && !found.is_empty() {
                let outside = |c: usize| !span.contains(self.doc.tokens[c].span);
                let coordinated: Vec<usize> = self
                    .kids(t)
                    .iter()
                    .copied()
                    .filter(|&m| matches!(self.base(m), "amod" | "compound") && outside(m))
                    .filter(|&m| self.children_with(m, "conj").next().is_some())
                    .collect();
                for m in coordinated {
                    for a in self.actor_at(m, depth + 1) {
                        // "Czech and Slovak ministers": "Slovak" adds nothing to "Slovak ministers".
                        let same_country = |f: &EventActor| f.code.get(..3) == a.code.get(..3);
                        if !found.iter().any(|f| (f.code == a.code && f.entity == a.entity) || same_country(f)) {
                            found.push(a);
                        }
                    }
                }
            }
            // A mention with no actor code ("southwest of Baghdad") may still have an actor among its
            // modifiers ("an Islamic State target southwest of Baghdad").
            if !found.is_empty() {
                return found;
            }
        }
        if depth > 2 {
            return Vec::new();
        }
        // "Chile, a close Peruvian partner, refused": a noun with a subject of its own (an apposition read as a
        // copula) is that subject.
        // (The tagger may call the predicate anything but a verb: "partner" as an adverb.)
        if let Some(subject) = self.child(t, "nsubj").filter(|_| !matches!(self.upos(t), Upos::Verb | Upos::Aux)) {
            let found = self.actor_at(subject, depth + 1);
            if !found.is_empty() {
                return found;
            }
        }
        // "Israel's ally", "Moscow's rival": a party named by its relation to another is not that other.
        let relational = RELATIONAL_NOUNS.contains(&self.lemma(t));
        let modifiers = self.kids(t).iter().copied().filter(|&c| match self.base(c) {
            // ("a Russian ally" is not Russia either.)
            "nmod" if relational && (self.rel(c) == "nmod:poss" || self.case(c) == Some("of")) => false,
            "amod" | "compound" if relational => false,
            "nmod" => {
                self.rel(c) == "nmod:poss" || matches!(self.case(c), Some("of" | "from" | "in")) || c > t && depth == 0
            }
            "amod" | "compound" | "appos" | "flat" => true,
            _ => false,
        });
        // "a spokesman for China's foreign ministry": who speaks for a body is that body's.
        let speaks_for = matches!(
            self.lemma(t),
            "spokesman" | "spokeswoman" | "spokesperson" | "envoy" | "ambassador" | "representative" | "negotiator"
        );
        for m in modifiers.collect::<Vec<_>>() {
            if self.base(m) == "nmod"
                && self.rel(m) != "nmod:poss"
                && !matches!(self.case(m), Some("of" | "from" | "in"))
                && !(speaks_for && matches!(self.case(m), Some("for" | "to")))
            {
                continue;
            }
            let mut found = self.actor_at(m, depth + 1);
            if depth == 0 {
                found.iter_mut().for_each(|a| a.span = self.phrase(t));
            }
            if !found.is_empty() && matches!(self.base(m), "amod" | "compound") {
                // "the Czech and Slovak delegations", "Danish and Dutch troops": each coordinated modifier names
                // a party.
                for c in self.children_with(m, "conj").collect::<Vec<_>>() {
                    for a in self.actor_at(c, depth + 1) {
                        // "Czech and Slovak ministers": "Slovak" adds nothing to "Slovak ministers".
                        let same_country = |f: &EventActor| f.code.get(..3) == a.code.get(..3);
                        if !found.iter().any(|f| (f.code == a.code && f.entity == a.entity) || same_country(f)) {
                            found.push(a);
                        }
                    }
                }
            }
            if !found.is_empty() {
                return found;
            }
        }
        Vec::new()
    }

    /// The place an event happened: a locative phrase on the trigger, its object or its clause's verb
    /// ("shelled positions near Rafah", "talks in Geneva"), coded by the place's country.
    fn location_of(&self, t: usize) -> Option<EventActor> {
        let mut heads = vec![t];
        heads.extend(self.patient(t));
        heads.extend(self.head(t).filter(|&h| matches!(self.upos(h), Upos::Verb) && self.base(t) == "obj"));
        heads.iter().find_map(|&h| {
            self.kids(h).iter().copied().find_map(|c| {
                let locative = matches!(self.base(c), "obl" | "nmod")
                    && self.case(c).is_some_and(|p| LOCATIVE_PREPS.contains(&p))
                    && !self.is_date(c);
                let (e, span) = self.mention[c - self.range.start].filter(|_| locative)?;
                let ent = &self.doc.entities[e];
                let place = matches!(ent.kind, dyad_core::EntityType::Gpe | dyad_core::EntityType::Location);
                let country = ent.country.clone().filter(|_| place)?;
                Some(EventActor { code: country, span, entity: Some(e) })
            })
        })
    }

    /// The value of a date attached to the clause of `v` ("on Monday", "in October").
    fn date_near(&self, v: usize) -> Option<String> {
        let mut spans = Vec::new();
        for &c in self.kids(v) {
            if matches!(self.base(c), "obl" | "nmod" | "advmod") {
                spans.push(self.phrase(c));
            }
        }
        self.doc
            .dates
            .iter()
            .filter(|d| d.sentence == self.index)
            .find(|d| spans.iter().any(|s| s.overlaps(d.span)))
            .and_then(|d| d.value.clone())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mood {
    Plain,
    /// will, shall: the actor commits to it.
    Future,
    /// would, could, may, might, can: only possible.
    Possible,
    /// must, should: someone wants it done.
    Obligation,
}

/// The grammatical setting of a clause: negation, modal, condition, report.
struct Setting {
    negated: bool,
    mood: Mood,
    /// Under a condition ("if", "unless", "whether") or inside an allegation.
    hypothetical: bool,
    /// The speech verb that reports the clause.
    reported_by: Option<usize>,
    /// The report is a "that" clause ("said that Iraq had attacked Kuwait").
    stated_that: bool,
}

struct SentenceCoder<'s, 'a> {
    c: &'s EventCoder,
    sent: &'s Sent<'a>,
    drafts: Vec<Draft>,
    /// Triggers the tree coder found to be no political actor's act ("the storm hit Ukraine"), which the
    /// word-order fallback must not code either.
    declined: HashSet<usize>,
    /// Triggers the tree coder found negated or not asserted ("a trip aimed at pushing for a
    /// ceasefire"), with how: the word-order fallback keeps what the grammar said of the clause.
    /// (negated, hypothetical) by trigger.
    unrealised: HashMap<usize, (bool, bool)>,
}

/// A matched pattern at a trigger.
struct Hit<'p> {
    pattern: &'p Pattern,
    targets: Vec<usize>,
    /// The object noun the pattern used up ("talks" in "held talks"), not to be coded again.
    consumed: Option<usize>,
}

impl<'s> SentenceCoder<'s, '_> {
    fn run(&mut self) {
        let s = self.sent;
        if !s.parsed() {
            self.run_linear();
            return;
        }
        let mut consumed = HashSet::new();
        let mut verb_hits = Vec::new();
        for t in s.range.clone() {
            // An attributive participle or adjective ("the occupied West Bank", "a free-trade pact")
            // describes a thing; it does not report an act.
            if matches!(s.upos(t), Upos::Verb | Upos::Adj) && s.base(t) != "amod" {
                if let Some(hit) = self.match_verb(t) {
                    consumed.extend(hit.consumed);
                    verb_hits.push((t, hit));
                }
            }
        }
        // Complement-taking heads whose complement produced a recoded event: their own pattern is
        // replaced by the recoded one ("agreed to share" is intent to cooperate, not bare agreement).
        let mut framed_heads = HashSet::new();
        for (t, _) in &verb_hits {
            framed_heads.extend(self.framed_by(*t));
        }
        // An event noun in the clause of a coded verb is that event's argument ("rejected an appeal",
        // "attacks have killed"), not a second event.
        let coded: HashSet<usize> = verb_hits.iter().map(|(t, _)| *t).collect();
        for (t, hit) in verb_hits {
            if framed_heads.contains(&t) {
                continue;
            }
            self.code_verb(t, &hit);
        }
        for n in s.range.clone() {
            if s.upos(n) == Upos::Noun
                && !consumed.contains(&n)
                && !framed_heads.contains(&n)
                && !self.governing_verb(n).is_some_and(|v| coded.contains(&v))
                && !self.talked_about(n)
            {
                self.code_noun(n);
            }
        }
        let dyadic = |d: &Draft| {
            let sources = s.actors(&d.sources);
            (!sources.is_empty() || d.unidentified.is_some())
                && (!s.actors(&d.targets).is_empty() || (d.mutual && sources.len() > 1))
        };
        if !self.drafts.iter().any(dyadic) {
            self.drafts.clear();
            // The tree gave nothing: newswire parses often go wrong ("artillery shelled villages" read as
            // an attribute, a subjunctive read as a noun), so the word-order coder has its say.
            self.run_linear();
        }
    }

    /// "to oversee a ceasefire", "discussed sanctions": an event noun that is the object of a verb of
    /// watching over or talking about names an act that verb does not perform.
    fn talked_about(&self, n: usize) -> bool {
        let s = self.sent;
        s.rel(n) == "obj"
            && s.head(n).is_some_and(|v| {
                matches!(
                    s.lemma(v),
                    // ("set up a meeting", "proposed talks": planned, not held.)
                    "arrange"
                        | "propose"
                        | "plan"
                        | "schedule"
                        | "set"
                        | "seek"
                        | "suggest"
                        | "oversee"
                        | "monitor"
                        | "observe"
                        | "supervise"
                        | "police"
                        | "discuss"
                        | "debate"
                        | "study"
                        | "consider"
                        | "review"
                        | "examine"
                )
            })
    }

    /// The verb whose clause a noun belongs to: up the tree through nominal relations.
    fn governing_verb(&self, n: usize) -> Option<usize> {
        let s = self.sent;
        let mut x = n;
        for _ in 0..8 {
            let h = s.head(x)?;
            if matches!(s.upos(h), Upos::Verb | Upos::Adj) {
                return Some(h);
            }
            if !matches!(s.base(x), "obj" | "iobj" | "obl" | "nmod" | "nsubj" | "compound" | "conj" | "appos") {
                return None;
            }
            x = h;
        }
        None
    }

    /// Whether the noun `t` itself (not a compound on it) is the pattern word `w`.
    fn word_matches_head(&self, t: usize, w: &Word) -> bool {
        let s = self.sent;
        s.lemma(t) == w.lemma
            && w.modifiers
                .iter()
                .all(|m| s.kids(t).iter().any(|&c| matches!(s.base(c), "compound" | "amod") && s.is_word(c, m)))
    }

    fn word_matches(&self, t: usize, w: &Word) -> bool {
        let s = self.sent;
        let matches_at = |t: usize| {
            s.lemma(t) == w.lemma
                && w.modifiers
                    .iter()
                    .all(|m| s.kids(t).iter().any(|&c| matches!(s.base(c), "compound" | "amod") && s.is_word(c, m)))
        };
        // "suspended the aid program", "imposed trade sanctions": the pattern's noun as a compound.
        matches_at(t) || (w.modifiers.is_empty() && s.children_with(t, "compound").any(|c| s.lemma(c) == w.lemma))
    }

    /// Who issued the document that noun `x` names: the agent of a participle on it ("a statement issued by
    /// the army"), else the place it was issued in ("a report released in the Rwandan capital").
    fn issuer_of(&self, x: usize) -> Option<usize> {
        let s = self.sent;
        if !DOCUMENT_NOUNS.contains(&s.lemma(x)) || !s.actors(&[x]).is_empty() {
            return None;
        }
        s.children_with(x, "acl").filter(|&v| s.doc.tokens[v].xpos == "VBN").find_map(|v| {
            let by = s.children_with(v, "obl").filter(|&o| s.rel(o) == "obl:agent" || s.case(o) == Some("by"));
            let place = self.prep_args(v, &["in", "at", "from"]);
            by.chain(place).find(|&o| !s.actors(&[o]).is_empty())
        })
    }

    /// The speaker that an unresolved pronoun subject of `t` stands for, when `t`'s clause is what a verb of
    /// speech reports ("they said they would ...", "Kenya said it had ...").
    fn speaker_for_pronoun(&self, t: usize, sources: &[usize]) -> Option<Vec<usize>> {
        let s = self.sent;
        let &[p] = sources else { return None };
        if !matches!(s.lemma(p), "they" | "it" | "we" | "he" | "she") || s.rel(p) != "nsubj" {
            return None;
        }
        let mut x = s.head(p)?;
        if !s.controls(x, t) {
            return None;
        }
        for _ in 0..6 {
            let h = s.head(x)?;
            match s.base(x) {
                "ccomp" if SPEECH_VERBS.contains(&s.lemma(h)) => {
                    let speaker = s.agents(h, 0);
                    return (!s.actors(&speaker).is_empty()).then_some(speaker);
                }
                "conj" | "xcomp" => x = h,
                _ => return None,
            }
        }
        None
    }

    /// The speaker that an unresolved possessive pronoun ("their withdrawal", "their forces") stands for,
    /// when what it is in is what a verb of speech reports.
    fn speaker_for_possessive(&self, sources: &[usize]) -> Option<Vec<usize>> {
        let s = self.sent;
        let &[p] = sources else { return None };
        if !matches!(s.lemma(p), "they" | "their" | "it" | "its" | "we" | "our" | "he" | "his" | "she" | "her")
            || s.rel(p) != "nmod:poss"
        {
            return None;
        }
        let mut x = p;
        for _ in 0..8 {
            let h = s.head(x)?;
            match s.base(x) {
                "ccomp" if SPEECH_VERBS.contains(&s.lemma(h)) => {
                    let speaker = s.agents(h, 0);
                    return (!s.actors(&speaker).is_empty()).then_some(speaker);
                }
                "nmod" | "obj" | "obl" | "nsubj" | "xcomp" | "conj" => x = h,
                _ => return None,
            }
        }
        None
    }

    /// Whether a missile, rocket, shell or gun is the agent or instrument of `t` ("by a missile", "with
    /// rockets").
    fn heavy_weapon_used(&self, t: usize) -> bool {
        let s = self.sent;
        s.children_with(t, "obl").any(|o| {
            let instrument = s.rel(o) == "obl:agent" || matches!(s.case(o), Some("by" | "with"));
            instrument && HEAVY_WEAPONS.contains(&s.lemma(o))
        })
    }

    /// The country of a place that a locative phrase on `t` names, directly or as "the town of X".
    fn place_country_of(&self, t: usize) -> Option<String> {
        let s = self.sent;
        let country = |x: usize| {
            let (e, _) = s.mention[x - s.range.start]?;
            let ent = &s.doc.entities[e];
            let place = matches!(ent.kind, dyad_core::EntityType::Gpe | dyad_core::EntityType::Location);
            // A capital coded as its government ("Khartoum", SDNGOV) is in that country.
            let coded = ent.actor.as_ref().and_then(|a| a.code.get(..3)).map(str::to_owned);
            ent.country.clone().or(coded).filter(|_| place)
        };
        // "in Kassala", "near the town of Kassala", "in a blast in central Mosul".
        self.prep_args(t, LOCATIVE_PREPS)
            .into_iter()
            .find_map(|x| country(x).or_else(|| s.children_with(x, "nmod").find_map(country)))
    }

    /// The place named by a locative phrase on `t` or on its object, when it resolves to an actor.
    fn place_of(&self, t: usize) -> Vec<usize> {
        let s = self.sent;
        let mut heads = vec![t];
        heads.extend(s.patient(t));
        // "exploded near a market in Kassala, wounding five guards": a participle that tells
        // the consequence happens where its clause does.
        if s.base(t) == "advcl" && s.upos(t) == Upos::Verb && s.child(t, "mark").is_none() {
            heads.extend(s.head(t));
        }
        let mut found: Vec<usize> = heads.iter().flat_map(|&h| self.prep_args(h, LOCATIVE_PREPS)).collect();
        // "near a market in Kassala": the place inside a locative phrase.
        let nested: Vec<usize> = found
            .iter()
            .filter(|&&x| s.actors(&[x]).is_empty())
            .flat_map(|&x| self.prep_args(x, LOCATIVE_PREPS))
            .collect();
        found.extend(nested);
        found.retain(|&x| !s.actors(&[x]).is_empty());
        found.truncate(1);
        found
    }

    /// Arguments of `t` introduced by one of `preps`, including "between X and Y".
    fn prep_args(&self, t: usize, preps: &[&str]) -> Vec<usize> {
        let s = self.sent;
        s.kids(t)
            .iter()
            .copied()
            // "on Tuesday" is when, never whom.
            .filter(|&c| matches!(s.base(c), "obl" | "nmod") && s.rel(c) != "nmod:poss" && !s.is_date(c))
            .filter(|&c| s.case(c).is_some_and(|p| preps.contains(&p)))
            .collect()
    }

    fn default_target(&self, t: usize) -> Vec<usize> {
        let s = self.sent;
        if let Some(o) = s.patient(t).or_else(|| s.child(t, "iobj")) {
            return vec![o];
        }
        // A guessed preposition counts only when it names an actor ("rioted at this jail" has no target).
        let mut found = self.prep_args(t, TARGET_PREPS);
        found.retain(|&x| !s.actors(&[x]).is_empty());
        found.truncate(1);
        if found.is_empty() {
            // "accused NATO of ...", "demanded that the US cancel ...": the complement's subject.
            if let Some(c) = s.child(t, "ccomp") {
                found.extend(s.child(c, "nsubj").or_else(|| s.child(c, "nsubj:pass")));
            }
        }
        found
    }

    fn match_verb(&self, t: usize) -> Option<Hit<'s>> {
        let s = self.sent;
        let patient = s.patient(t).filter(|&o| s.upos(o) != Upos::Pron || s.mention[o - s.range.start].is_some());
        if INTRANSITIVE_PROTEST.contains(&s.lemma(t))
            && s.kids(t).iter().any(|&o| s.rel(o) == "obj" && !s.is_date(o) && s.actors(&[o]).is_empty())
        {
            // "demonstrates the horrors", "rallied supporters": with an object these mean show, gather.
            return None;
        }
        let candidates = self.c.dict.candidates(Pos::Verb, s.lemma(t));
        // "staged attack drills": a pattern for the object's own head noun goes before one for a noun that
        // only modifies it.
        let object = s.patient(t).or_else(|| s.child(t, "obj"));
        let head_match = |p: &Pattern| object.is_some_and(|o| p.objects.iter().any(|w| self.word_matches_head(o, w)));
        // A generic head ("aid program", "aid package") leaves the word to its modifier.
        let generic = object.is_some_and(|o| {
            matches!(s.lemma(o), "program" | "programme" | "package" | "plan" | "project" | "scheme" | "effort")
        });
        let modifier_match = |p: &Pattern| {
            object.is_some_and(|o| {
                p.objects
                    .iter()
                    .any(|w| w.modifiers.is_empty() && s.children_with(o, "compound").any(|c| s.lemma(c) == w.lemma))
            })
        };
        let by_head = !generic && candidates.iter().any(|p| head_match(p));
        let by_modifier = generic && candidates.iter().any(|p| modifier_match(p));
        for p in candidates {
            let preps: Vec<&str> = p.preps.iter().map(String::as_str).collect();
            if !p.objects.is_empty() {
                let Some(o) = object else { continue };
                if !p.objects.iter().any(|w| self.word_matches(o, w))
                    || (by_head && !head_match(p))
                    || (by_modifier && !modifier_match(p))
                {
                    continue;
                }
                let look = if preps.is_empty() { TARGET_PREPS } else { &preps[..] };
                // Phrases on the verb or on its object ("signed an agreement with X"); actors first, so
                // that "on Tuesday" does not hide "with the European Union".
                let mut targets = self.prep_args(t, look);
                targets.extend(self.prep_args(o, look));
                targets.retain(|&x| !s.actors(&[x]).is_empty());
                targets.truncate(1);
                if p.converse {
                    // "received weapons from X": only a named giver makes it X's act.
                    if targets.is_empty() {
                        continue;
                    }
                    return Some(Hit { pattern: p, targets, consumed: Some(o) });
                }
                if targets.is_empty() {
                    targets.extend(s.child(t, "iobj"));
                }
                if targets.is_empty() {
                    // "granted asylum to 18 Rwandan rebels" with the recipient parsed as a second object.
                    let second = s.kids(t).iter().copied().find(|&c| c != o && s.rel(c) == "obj");
                    targets.extend(second.filter(|&x| !s.actors(&[x]).is_empty()));
                }
                if targets.is_empty() && !s.actors(&[o]).is_empty() {
                    // "rejected an Australian ultimatum": the object's owner is the target.
                    targets.push(o);
                }
                return Some(Hit { pattern: p, targets, consumed: Some(o) });
            }
            if !preps.is_empty() {
                // "met his French counterpart in Beijing": with someone met, the place is where, not a
                // third-location meeting.
                let locative = preps.iter().all(|p| LOCATIVE_PREPS.contains(p));
                if locative && patient.is_some_and(|o| !s.actors(&[o]).is_empty()) {
                    continue;
                }
                // "return the Golan Heights to Syria": a verb of travel with an object moves a thing.
                let object =
                    s.child(t, "obj").filter(|&o| !s.is_date(o) && matches!(s.upos(o), Upos::Noun | Upos::Propn));
                if p.code.starts_with("042") && object.is_some() && !s.is_passive(t) {
                    continue;
                }
                if s.has_lemma_child(t, "compound", &preps) || s.has_lemma_child(t, "advmod", &preps) {
                    return Some(Hit { pattern: p, targets: self.default_target(t), consumed: None });
                }
                let mut args = self.prep_args(t, &preps);
                if args.is_empty() {
                    // "withdraw its troops from Lebanon" with the phrase hung on the object.
                    args = s.patient(t).map(|o| self.prep_args(o, &preps)).unwrap_or_default();
                }
                if args.is_empty() {
                    // "retaliated with airstrikes on Gaza": the phrase hung on the instrument.
                    let with: Vec<usize> = self.prep_args(t, &["with"]);
                    args = with.iter().flat_map(|&w| self.prep_args(w, &preps)).collect();
                    args.retain(|&x| !s.actors(&[x]).is_empty());
                }
                if !args.is_empty() {
                    // "advised against travel to Tunisia": the party named inside the phrase.
                    let inner: Vec<usize> = args
                        .iter()
                        .filter(|&&x| s.actors(&[x]).is_empty())
                        .flat_map(|&x| self.prep_args(x, OBJECT_PREPS))
                        .filter(|&y| !s.actors(&[y]).is_empty())
                        .take(1)
                        .collect();
                    // "agreed to an extension" is still an agreement, with no one as its target.
                    args.retain(|&x| !s.actors(&[x]).is_empty());
                    if args.is_empty() {
                        // "warned Pyongyang against further tests": the one addressed is the object.
                        args.extend(patient.filter(|&o| !s.actors(&[o]).is_empty()));
                    }
                    if args.is_empty() {
                        args = inner;
                    }
                    return Some(Hit { pattern: p, targets: args, consumed: None });
                }
                continue;
            }
            let targets = match patient {
                Some(o) => vec![o],
                None => self.default_target(t),
            };
            return Some(Hit { pattern: p, targets, consumed: None });
        }
        None
    }

    /// The frame that the word `h` sets up. "is prepared to" (willing) is an intent, unlike the verb
    /// "prepare to" (about to), which the lemma alone would give.
    fn frame_at(&self, h: usize) -> Option<Frame> {
        let s = self.sent;
        let stative = s.text(h).eq_ignore_ascii_case("prepared")
            && s.kids(h).iter().any(|&c| matches!(s.rel(c), "cop" | "aux:pass") && s.lemma(c) == "be");
        if stative {
            return Some(Frame::Intent);
        }
        self.c.dict.frame(s.lemma(h))
    }

    /// The complement-taking word that frames `t` ("plan" for "plan to visit"), if any.
    fn framed_by(&self, t: usize) -> Option<usize> {
        let s = self.sent;
        let h = s.head(t)?;
        let frame = self.frame_at(h)?;
        let infinitive = s.has_lemma_child(t, "mark", &["to"]);
        let ok = match s.rel(t) {
            "xcomp" => true,
            "acl" | "advcl" => infinitive,
            "ccomp" => matches!(frame, Frame::Demand | Frame::Appeal) || infinitive,
            _ => false,
        };
        (ok && frame.recodes()).then_some(h)
    }

    /// Negation, modal and report of the clause headed by `v`, looking through coordination.
    fn setting(&self, v: usize) -> Setting {
        let s = self.sent;
        let mut negated = false;
        let mut mood = Mood::Plain;
        let mut hypothetical = false;
        let mut reported_by = None;
        let mut stated_that = false;
        let mut x = v;
        for depth in 0..8 {
            for &c in s.kids(x) {
                let l = s.lemma(c);
                if (depth == 0 || s.rel(v) == "conj")
                    && matches!(s.base(c), "advmod" | "neg" | "aux" | "det")
                    && (matches!(l, "not" | "never" | "n't") || s.text(c).eq_ignore_ascii_case("n't"))
                {
                    negated = true;
                }
                if depth == 0 && s.base(c) == "aux" {
                    mood = match l {
                        "will" | "shall" | "'ll" | "wo" => Mood::Future,
                        "would" | "could" | "may" | "might" | "can" | "'d" => Mood::Possible,
                        "must" | "should" | "ought" => Mood::Obligation,
                        _ => mood,
                    };
                }
                if s.base(c) == "mark" && matches!(l, "if" | "unless" | "whether") {
                    hypothetical = true;
                }
                // "vetoed a resolution condemning the violence": what a rejected text says is not done.
                if depth == 0 && s.base(x) == "acl" && s.rel(x) != "acl:relcl" {
                    let rejected = s.head(x).filter(|&n| s.rel(n) == "obj").and_then(|n| s.head(n)).is_some_and(|v| {
                        self.c.dict.candidates(Pos::Verb, s.lemma(v)).iter().any(|p| p.code.starts_with("12"))
                    });
                    hypothetical |= rejected;
                }
                // "an appeal for deploying troops", "plans to sell weapons": what a noun's complement
                // names is only proposed, planned or wanted.
                if depth == 0
                    && s.base(x) == "acl"
                    && s.rel(x) != "acl:relcl"
                    && ((s.base(c) == "mark" && l == "to") || s.base(c) == "case")
                {
                    hypothetical = true;
                }
            }
            let Some(h) = s.head(x) else { break };
            match s.base(x) {
                "conj" => x = h,
                "ccomp" if ALLEGATION_VERBS.contains(&s.lemma(h)) => {
                    hypothetical = true;
                    break;
                }
                // "warned Israel against attacking", "barred rebels from entering": what someone is warned
                // against or kept from is not done.
                "advcl" | "acl" if s.has_lemma_child(x, "mark", &["against", "from"]) && s.upos(x) == Upos::Verb => {
                    hypothetical = true;
                    break;
                }
                // "denied that its troops had attacked civilians": what is denied is not asserted.
                // (Not a negation: "denied that Y signed a deal" is no refusal by Y.)
                "ccomp" if DENIAL_VERBS.contains(&s.lemma(h)) => {
                    hypothetical = true;
                    break;
                }
                // "arrested for collaborating", "blamed for attacking": the reason given is an allegation.
                // "charged its neighbour with supporting dissidents", "accused X of spying": likewise.
                // ("accused by Ukraine of shelling" with the clause hung on the agent: likewise.)
                "advcl" | "acl"
                    if s.has_lemma_child(x, "mark", &["for", "with", "of"])
                        && (BLAME_VERBS.contains(&s.lemma(h))
                            || (matches!(s.base(h), "obj" | "obl" | "nsubj:pass")
                                && s.head(h).is_some_and(|v| BLAME_VERBS.contains(&s.lemma(v))))) =>
                {
                    hypothetical = true;
                    break;
                }
                "ccomp" | "parataxis" if SPEECH_VERBS.contains(&s.lemma(h)) => {
                    reported_by = Some(h);
                    stated_that = s.rel(x) == "ccomp" && s.has_lemma_child(x, "mark", &["that"]);
                    break;
                }
                // "threatened to go [burning villages]", "a tour aimed at winning support": a
                // clause under the complement of a word of intent, appeal, demand, refusal or threat is
                // only wanted, not done.
                "xcomp" | "advcl"
                    if self.frame_at(h).is_some_and(|f| f.recodes())
                        && (s.rel(x) == "xcomp" || s.has_lemma_child(x, "mark", &["to", "at", "for", "on"])) =>
                {
                    hypothetical = true;
                    break;
                }
                "xcomp" if matches!(s.upos(h), Upos::Verb) => x = h,
                "advcl" => {
                    if hypothetical {
                        break;
                    }
                    // "would not send troops to help Chad": the purpose of an act that is
                    // denied or only possible is not a fact.
                    // ("will meet to discuss", "should cooperate to encourage": the purpose of an act yet to
                    // come is not a fact either.)
                    let unrealised = s.kids(h).iter().any(|&c| {
                        let l = s.lemma(c);
                        (matches!(s.base(c), "advmod" | "aux") && matches!(l, "not" | "never" | "n't"))
                            || (s.base(c) == "aux"
                                && matches!(
                                    l,
                                    "would" | "could" | "may" | "might" | "'d" | "will" | "shall" | "should" | "must"
                                ))
                    });
                    if depth == 0 && s.has_lemma_child(x, "mark", &["to"]) && unrealised {
                        hypothetical = true;
                        break;
                    }
                    // "vowed to fight until they gain control": a clause on an act that is only vowed,
                    // urged or threatened is not a fact either.
                    let reason = s.has_lemma_child(
                        x,
                        "mark",
                        &["because", "as", "since", "after", "although", "though", "while", "whereas"],
                    );
                    if depth == 0 && self.framed_by(h).is_some() && !reason {
                        hypothetical = true;
                        break;
                    }
                    x = h;
                    // An adverbial clause carries its own negation and modal.
                    if depth == 0 {
                        break;
                    }
                }
                _ => break,
            }
        }
        if mood == Mood::Possible && reported_by.is_some() && s.lemma_of_aux(v) == Some("would") {
            // "said they would meet": the future of reported speech.
            mood = Mood::Future;
        }
        Setting { negated, mood, hypothetical, reported_by, stated_that }
    }

    fn question(&self) -> bool {
        self.sent.doc.slice(self.sent.doc.sentences[self.sent.index].span).trim_end().ends_with('?')
    }

    fn code_verb(&mut self, t: usize, hit: &Hit) {
        let s = self.sent;
        let code = hit.pattern.code.clone();
        let mut sources = s.agents(t, 0);
        if s.actors(&sources).is_empty() {
            // "A report released in Kigali alleged ...", "a statement issued by the army said ...": a
            // document speaks for whoever issued it, or for the country it was issued in.
            if let Some(origin) = sources.iter().find_map(|&x| self.issuer_of(x)) {
                sources = vec![origin];
            }
        }
        if s.actors(&sources).is_empty() {
            // "The talks between Iran and the US were held": the parties of what the verb's object names.
            if let Some(between) = hit
                .consumed
                .and_then(|o| self.prep_args(o, &["between"]).into_iter().find(|&x| s.actors(&[x]).len() > 1))
            {
                sources = vec![between];
            }
        }
        let mut hit_targets = hit.targets.clone();
        if hit.pattern.converse {
            // "Rebels received weapons from Iran": the giver acts on the subject (if it names an actor).
            std::mem::swap(&mut sources, &mut hit_targets);
            hit_targets.retain(|&x| !s.actors(&[x]).is_empty());
        }
        // A subject that names no actor ("the statement comes", "the stopover came") is the doer: the
        // act is no political actor's.
        let thing_subject = sources.iter().any(|&x| {
            let subject = s.rel(x) == "nsubj" && s.head(x).is_some_and(|v| s.controls(v, t));
            let antecedent = s.rel(t) == "acl:relcl" && s.head(t) == Some(x);
            (subject || antecedent) && matches!(s.upos(x), Upos::Noun) && s.actors(&[x]).is_empty()
        });
        // "A landmine near Kassala killed two farmers": a weapon or attack as the subject of an act
        // of violence is an unidentified group's act, of the country where it happened.
        // (Also "a bomb went off near a market in Kassala, wounding five guards".)
        let weapon_subject = sources
            .iter()
            .copied()
            .find(|&x| s.rel(x) == "nsubj" && ATTACK_NOUNS.contains(&s.lemma(x)) && s.actors(&[x]).is_empty());
        // "blown up by a missile", "destroyed with rockets": a bombing done with military arms is a
        // fight with artillery (194), not a non-military bombing (183).
        let code = if code.starts_with("18") && self.heavy_weapon_used(t) { "194".to_owned() } else { code };
        let violent = matches!(&code[..2], "18" | "19" | "20");
        let mut unidentified = weapon_subject.filter(|_| violent).and_then(|x| {
            self.place_country_of(t)
                .or_else(|| self.place_country_of(x))
                .or_else(|| s.head(x).and_then(|v| self.place_country_of(v)))
        });
        if violent && s.is_passive(t) && s.actors(&sources).is_empty() {
            // "Ten guards were killed in Chad", "were killed in a blast in Mosul": no attacker
            // named, the unidentified armed group of the place.
            unidentified = self.place_country_of(t);
        }
        if thing_subject && unidentified.is_none() {
            self.declined.insert(t);
        }
        if s.actors(&sources).is_empty() {
            // "Militants said they attempted to ...": a pronoun subject under a verb of speech is the speaker.
            if let Some(speaker) = self.speaker_for_pronoun(t, &sources) {
                sources = speaker;
            }
        }
        if s.actors(&sources).is_empty() && !s.is_passive(t) && !thing_subject && unidentified.is_none() {
            // The parse found no actor doing it (or attached the subject elsewhere): the nearest actor
            // before the verb, as a shallow coder would take.
            sources = self.actors_before(t);
        }
        if sources.is_empty() && s.is_passive(t) && AUTHORITY_ROOTS.contains(&&code[..2]) {
            // "was arrested in Lebanon", "was put under investigation in Italy": with no agent named,
            // the authorities of the place act.
            sources = self.place_of(t);
        }
        let mut targets = hit_targets;
        targets.retain(|x| !sources.contains(x));
        let locative =
            !hit.pattern.preps.is_empty() && hit.pattern.preps.iter().all(|p| LOCATIVE_PREPS.contains(&p.as_str()));
        if locative && s.actors(&sources).len() > 1 {
            // "Kosovo's premier and Serbia's president met in Brussels": the place is where, and the
            // parties meet each other.
            targets.clear();
        }
        if s.is_passive(t) && !targets.is_empty() && s.actors(&targets).is_empty() {
            // "The Malaysia Airlines flight MH17 was blown up" parsed with two subjects: the one that
            // names an actor is what was acted on.
            if let Some(n) = s.kids(t).iter().copied().find(|&c| s.rel(c) == "nsubj" && !s.actors(&[c]).is_empty()) {
                targets = vec![n];
            }
        }
        let own: Vec<Option<usize>> = s.actors(&sources).iter().map(|a| a.entity).collect();
        let only_self = |xs: &[usize]| {
            let found = s.actors(xs);
            !found.is_empty() && found.iter().all(|a| a.entity.is_some() && own.contains(&a.entity))
        };
        if only_self(&targets) {
            // "withdraw its troops from Lebanon": the actor's own forces are not its counterpart.
            let mut other = self.prep_args(t, TARGET_PREPS);
            other.extend(targets.iter().flat_map(|&x| self.prep_args(x, TARGET_PREPS)));
            other.retain(|&x| !s.actors(&[x]).is_empty() && !only_self(&[x]));
            other.truncate(1);
            targets = other;
        }
        if !targets.is_empty() && s.actors(&targets).is_empty() {
            // "threatened action against Russia", "boycott contact with the US": the counterpart is in
            // the object's phrase; without one ("condemned allegations"), the act has no counterpart.
            // "rejected proposals by Norway's government", "demanded an apology by Oslo": the author of what
            // the object names is the counterpart.
            let mut inner: Vec<usize> = targets.iter().flat_map(|&x| self.prep_args(x, OBJECT_PREPS)).collect();
            if matches!(&code[..2], "10" | "11" | "12") {
                // "condemned the attack on civilians by government forces": what is disapproved of or
                // rejected is its author's.
                inner.sort_by_key(|&x| s.case(x) != Some("by"));
            }
            if !s.is_passive(t) {
                // "rejected proposals by Norway" with the phrase hung on the (active) verb.
                inner.extend(self.prep_args(t, &["by"]));
            }
            inner.retain(|&x| !s.actors(&[x]).is_empty() && !sources.contains(&x));
            inner.truncate(1);
            targets = inner;
        }
        if targets.is_empty() {
            // "mobilized reservists for a possible war against Iraq": a phrase inside an oblique.
            let obliques: Vec<usize> = s.children_with(t, "obl").collect();
            let mut inner: Vec<usize> = obliques
                .iter()
                .flat_map(|&x| self.prep_args(x, &["against", "with", "on", "toward", "towards"]))
                .collect();
            inner.retain(|&x| !s.actors(&[x]).is_empty() && !sources.contains(&x));
            inner.truncate(1);
            targets = inner;
        }
        if targets.is_empty() {
            // "his relationship with Xi had helped advance relations": the partner of a relation.
            targets = sources
                .iter()
                .filter(|&&x| RELATION_NOUNS.contains(&s.lemma(x)))
                .flat_map(|&x| self.prep_args(x, &["with"]))
                .collect();
        }
        let mutual = targets.is_empty() && s.actors(&sources).len() > 1;
        if targets.is_empty() && !mutual {
            // "shelled positions in Rafah", "rioted at a jail in Dili": with no one named as its target,
            // the act is directed at the place where it happens.
            targets = self.place_of(t);
        }
        let base = Draft {
            code,
            trigger: t,
            clause: t,
            sources,
            targets,
            negated: false,
            modality: Modality::Asserted,
            mutual,
            unidentified,
        };
        match self.framed_by(t).map(|h| (h, self.frame_at(h))) {
            Some((h, Some(frame))) => self.code_framed(base, h, frame),
            _ => {
                // Frames that do not recode ("failed to", "scheduled to", "tried to").
                let passthrough = s.head(t).filter(|_| matches!(s.rel(t), "xcomp" | "acl" | "advcl"));
                match passthrough.and_then(|h| self.frame_at(h).map(|f| (h, f))) {
                    Some((h, Frame::Fail)) => {
                        let setting = self.setting(h);
                        let mut d = base.clone();
                        d.negated = true;
                        self.push_with_setting(d, &Setting { negated: false, ..setting });
                        if is_cooperative(&base.code) {
                            if let Some(code) = self.c.dict.recode(Frame::Reject, &base.code) {
                                let d = Draft { code: code.to_owned(), trigger: h, clause: h, ..base };
                                self.push_with_setting(d, &self.setting(h));
                            }
                        }
                    }
                    Some((_, Frame::Attempt)) => {
                        let mut d = base;
                        d.modality = Modality::Hypothetical;
                        self.drafts.push(d);
                    }
                    Some((h, f)) => {
                        let mut setting = self.setting(h);
                        // "a tour aimed at winning support": the aim, not the act.
                        setting.hypothetical |= f.recodes() && s.has_lemma_child(t, "mark", &["to", "at", "for", "on"]);
                        self.push_with_setting(base, &setting);
                    }
                    None => {
                        let setting = self.setting(t);
                        self.push_with_setting(base, &setting);
                    }
                }
            }
        }
    }

    /// "plan to visit", "urged X to release", "refused to condemn": the head recodes its complement.
    fn code_framed(&mut self, inner: Draft, h: usize, mut frame: Frame) {
        let s = self.sent;
        let is_noun = matches!(s.upos(h), Upos::Noun | Upos::Propn);
        let own_object = if is_noun {
            None
        } else {
            s.child(h, "obj")
                .or_else(|| s.child(h, "iobj"))
                .or_else(|| self.prep_args(h, &["on", "upon"]).first().copied())
        };
        if frame == Frame::Intent && own_object.is_some() && s.rel(inner.trigger) == "xcomp" {
            frame = Frame::Appeal;
        }
        // "vowed not to return the Golan", "pledged not to attack": the complement is denied.
        let denied = s
            .kids(inner.trigger)
            .iter()
            .any(|&c| matches!(s.base(c), "advmod" | "neg") && matches!(s.lemma(c), "not" | "never" | "n't"));
        let mut inner = inner;
        if denied {
            inner.negated = true;
            if frame == Frame::Intent {
                if !is_cooperative(&inner.code) {
                    // Promising not to attack is no act of either kind.
                    self.drafts.push(inner);
                    return;
                }
                // Promising not to cooperate refuses to.
                frame = Frame::Reject;
            }
        }
        let Some(code) = self.c.dict.recode(frame, &inner.code) else {
            // No such code ("pledged to expel"): the act itself, in the setting of the head.
            let setting = self.setting(h);
            self.push_with_setting(inner, &setting);
            return;
        };
        let mut sources = if is_noun { s.noun_agents(h, 0) } else { s.agents(h, 0) };
        // "The statement comes ..., seeking to mend ties": a thing's aim is no actor's.
        let thing_subject = !is_noun
            && sources.iter().any(|&x| {
                s.rel(x) == "nsubj"
                    && s.head(x).is_some_and(|v| s.controls(v, h))
                    && matches!(s.upos(x), Upos::Noun)
                    && s.actors(&[x]).is_empty()
                    && !ATTACK_NOUNS.contains(&s.lemma(x))
            });
        if s.actors(&sources).is_empty() && !thing_subject {
            sources = self.actors_before(h);
        }
        let targets = match frame {
            Frame::Appeal | Frame::Demand => match own_object {
                Some(o) => vec![o],
                None if s.rel(inner.trigger) == "ccomp" => inner.sources.clone(),
                None => inner.targets.clone(),
            },
            _ => inner.targets.clone(),
        };
        let outer = Draft {
            code: code.to_owned(),
            trigger: h,
            clause: h,
            sources,
            mutual: targets.is_empty() && inner.mutual,
            unidentified: None,
            targets,
            negated: false,
            modality: Modality::Asserted,
        };
        if is_noun {
            // "urged that Chile drop plans to buy": the noun's own clause sets the plan's mood.
            match (s.rel(h), s.head(h)) {
                ("obj" | "nsubj" | "nsubj:pass", Some(v)) if matches!(s.upos(v), Upos::Verb) => {
                    let setting = self.setting(v);
                    self.push_with_setting(outer, &setting);
                }
                _ => self.drafts.push(outer),
            }
        } else {
            let setting = self.setting(h);
            self.push_with_setting(outer, &setting);
        }
        // The complement itself is not a fact: refused, or only wanted, planned, demanded, threatened.
        if frame == Frame::Reject {
            inner.negated = true;
        } else {
            inner.modality = Modality::Hypothetical;
        }
        self.drafts.push(inner);
    }

    /// Applies a clause's negation and modal to a draft and records it (with the rejection that a
    /// negated cooperative act amounts to, and the demand that a reported "must" amounts to).
    fn push_with_setting(&mut self, mut d: Draft, set: &Setting) {
        let s = self.sent;
        if set.negated || set.hypothetical {
            self.unrealised.entry(d.trigger).or_insert((set.negated, set.hypothetical));
        }
        if set.hypothetical || self.question() {
            d.modality = Modality::Hypothetical;
        }
        match set.mood {
            Mood::Future if is_material_cooperation(&d.code) && !set.negated => {
                let inner = d.clone();
                if let Some(code) = self.c.dict.recode(Frame::Intent, &d.code) {
                    d.code = code.to_owned();
                }
                let mut inner = inner;
                inner.modality = Modality::Hypothetical;
                self.drafts.push(inner);
            }
            Mood::Future if !is_cooperative(&d.code) && !set.negated => {
                // "said they would boycott", "will withdraw its force unless": announcing a hostile act
                // threatens it.
                if let Some(code) = self.c.dict.recode(Frame::Threaten, &d.code) {
                    let mut inner = d.clone();
                    inner.modality = Modality::Hypothetical;
                    self.drafts.push(inner);
                    d.code = code.to_owned();
                } else {
                    d.modality = Modality::Hypothetical;
                }
            }
            Mood::Future if !is_cooperative(&d.code) => d.modality = Modality::Hypothetical,
            Mood::Possible => d.modality = Modality::Hypothetical,
            Mood::Obligation => {
                if let (Some(say), Some(code)) = (set.reported_by, self.c.dict.recode(Frame::Demand, &d.code)) {
                    let demand = Draft {
                        code: code.to_owned(),
                        trigger: say,
                        clause: say,
                        sources: if s.parsed() { s.agents(say, 0) } else { self.actors_before(say) },
                        targets: d.sources.clone(),
                        negated: false,
                        modality: Modality::Asserted,
                        mutual: false,
                        unidentified: None,
                    };
                    self.drafts.push(demand);
                }
                d.modality = Modality::Hypothetical;
            }
            _ => {}
        }
        if set.negated {
            d.negated = true;
            if is_cooperative(&d.code) {
                if let Some(code) = self.c.dict.recode(Frame::Reject, &d.code) {
                    let reject = Draft { code: code.to_owned(), negated: false, ..d.clone() };
                    self.drafts.push(reject);
                }
            }
        }
        if d.modality == Modality::Asserted && set.reported_by.is_some() {
            d.modality = Modality::Reported;
            if let Some(say) = set.reported_by.filter(|_| set.stated_that && !d.negated && s.parsed()) {
                // "The US said that Iraq had attacked Kuwait": stating that someone used force against
                // another accuses them of it (CAMEO 112), as "claimed that" does.
                let speaker = s.agents(say, 0);
                let own: Vec<String> = s.actors(&speaker).into_iter().map(|a| a.code).collect();
                let doers = s.actors(&d.sources);
                // ("Labour fought racism" accuses no one: the force must be used against a party.)
                let other = !own.is_empty()
                    && !doers.is_empty()
                    && doers.iter().all(|a| !own.contains(&a.code))
                    && (!s.actors(&d.targets).is_empty()
                        || s.kids(d.trigger).iter().any(|&x| {
                            // A reflexive object ("attacked themselves") is the doer, a party too.
                            let w = s.text(x).to_lowercase();
                            s.rel(x) == "obj" && (w.ends_with("self") || w.ends_with("selves"))
                        }));
                if matches!(&d.code[..2], "18" | "19" | "20") && other {
                    let accusation = Draft {
                        code: "112".to_owned(),
                        trigger: say,
                        clause: say,
                        sources: speaker,
                        targets: d.sources.clone(),
                        negated: false,
                        modality: Modality::Asserted,
                        mutual: false,
                        unidentified: None,
                    };
                    self.drafts.push(accusation);
                }
            }
        }
        self.drafts.push(d);
    }

    fn code_noun(&mut self, n: usize) {
        let s = self.sent;
        // A noun's complement frame ("Putin's plan to visit") is handled with the complement's verb.
        let Some((p, targets)) = self.c.dict.candidates(Pos::Noun, s.lemma(n)).into_iter().find_map(|p| {
            if !p.triggers.iter().any(|w| self.word_matches(n, w)) {
                return None;
            }
            let preps: Vec<&str> = p.preps.iter().map(String::as_str).collect();
            let mut targets = self.prep_args(n, &preps);
            if targets.is_empty() && s.rel(n) == "obj" {
                // "condemn Russian action against Ukraine": the phrase may hang on the verb.
                targets = s.head(n).map(|v| self.prep_args(v, &preps)).unwrap_or_default();
            }
            Some((p, targets))
        }) else {
            return;
        };
        let mut sources = s.noun_agents(n, 0);
        if s.actors(&sources).is_empty() {
            // "Bosnian Serbs said their withdrawal was complete": an unresolved possessive under a verb of
            // speech is the speaker's.
            if let Some(speaker) = self.speaker_for_possessive(&sources) {
                sources = speaker;
            }
        }
        let mut targets = targets;
        // "talks between X and Y": the parties are each other's counterparts.
        if sources.is_empty() && targets.len() == 1 && s.case(targets[0]) == Some("between") {
            sources = std::mem::take(&mut targets);
        }
        targets.retain(|x| !sources.contains(x));
        let clause = match (s.rel(n), s.head(n)) {
            ("obj" | "nsubj" | "nsubj:pass", Some(v)) => v,
            _ => n,
        };
        let mutual = targets.is_empty();
        let d = Draft {
            code: p.code.clone(),
            trigger: n,
            clause,
            sources,
            targets,
            negated: false,
            modality: Modality::Asserted,
            mutual,
            unidentified: None,
        };
        if clause == n {
            self.drafts.push(d);
        } else if let Some((h, frame)) = self.framed_by(clause).and_then(|h| self.frame_at(h).map(|f| (h, f))) {
            // "pledged to keep up food aid", "threatened to start a war": the frame recodes the act
            // the noun names, as it does a verb's.
            self.code_framed(d, h, frame);
        } else {
            // "did not hold talks", "may impose sanctions": the governing verb's negation and modal.
            let setting = self.setting(clause);
            self.push_with_setting(d, &setting);
        }
    }
}

/// A pattern matched by word order: its code, the targets found, and whether it is converse (the one
/// named after the preposition does it).
type LinearMatch = (String, Vec<usize>, bool);

/// Word-order coding for a sentence without a dependency tree: the nearest actor before the verb acts
/// on the first one after it (or after the pattern's preposition), as shallow coders such as TABARI do.
impl SentenceCoder<'_, '_> {
    fn run_linear(&mut self) {
        let s = self.sent;
        let hits: Vec<(usize, LinearMatch)> = s
            .range
            .clone()
            .filter(|&t| (s.upos(t) == Upos::Verb || self.verb_tagged_adjective(t)) && !self.declined.contains(&t))
            // "reject proposed changes", "deliver devastating blows": a participle the parser read as
            // attributive describes a thing, as in the tree coder; unless a noun before it may be its subject
            // ("Young Algerians blocked roads" misread as one noun phrase).
            .filter(|&t| {
                let after_noun = t > s.range.start && matches!(s.upos(t - 1), Upos::Noun | Upos::Propn | Upos::Pron);
                !(s.parsed() && s.base(t) == "amod" && !after_noun)
            })
            // "The statement by the presidency comes a day before ...": a verb whose subject the tree found
            // to be a thing is not an actor's act by word order either.
            .filter(|&t| {
                !s.kids(t).iter().any(|&c| {
                    s.rel(c) == "nsubj"
                        && s.upos(c) == Upos::Noun
                        && s.actors(&[c]).is_empty()
                        && !ATTACK_NOUNS.contains(&s.lemma(c))
                })
            })
            .filter_map(|t| self.linear_match(t).map(|m| (t, m)))
            .collect();
        // "agreed to share": the frame word's own pattern gives way to the recoded complement.
        let framed: HashSet<usize> = hits
            .iter()
            .filter_map(|(t, (code, _, _))| {
                let (h, frame) = self.linear_frame_head(*t)?;
                self.c.dict.recode(frame, code).map(|_| h)
            })
            .collect();
        for (t, (code, targets, converse)) in hits {
            if framed.contains(&t) {
                continue;
            }
            // "was attacked", "property seized by the army", "guards killed in Chad" (a participle the
            // tree hangs on a noun).
            let participle = s.doc.tokens[t].xpos == "VBN";
            let passive = participle
                && ((t.saturating_sub(2)..t).any(|b| s.range.contains(&b) && s.lemma(b) == "be")
                    || (t + 1 < s.range.end && s.lemma(t + 1) == "by")
                    || (s.parsed() && s.is_passive(t)));
            let (mut sources, mut targets) = (self.actors_before(t), targets);
            if converse {
                // "X received weapons from Y": Y supplies X.
                std::mem::swap(&mut sources, &mut targets);
            } else if passive {
                let by = (t + 1..s.range.end.min(t + 4)).find(|&b| s.lemma(b) == "by");
                targets = std::mem::take(&mut sources);
                // "The journalists detained for reporting against Ankara were freed": the tree's subject,
                // a noun that names no actor, underwent it, not an actor named inside its phrase.
                // ("A camp for Congolese refugees was attacked": a party in the subject's own phrase is it.)
                let subject = s
                    .kids(t)
                    .iter()
                    .copied()
                    .find(|&c| s.rel(c) == "nsubj:pass" && s.upos(c) == Upos::Noun && s.actors(&[c]).is_empty());
                if let Some(c) = subject.filter(|_| s.parsed()) {
                    targets.retain(|&x| !s.in_clause_under(x, c));
                }
                sources = by.and_then(|b| self.actor_after(b, 4)).into_iter().collect();
            }
            let mut set = Setting {
                negated: false,
                mood: Mood::Plain,
                hypothetical: false,
                reported_by: None,
                stated_that: false,
            };
            let mut code = code;
            let mut trigger = t;
            let before: Vec<usize> = (s.range.start.max(t.saturating_sub(4))..t).rev().collect();
            for &b in &before {
                match s.lemma(b) {
                    "not" | "n't" | "never" => set.negated = true,
                    "will" | "shall" => set.mood = Mood::Future,
                    "would" | "could" | "may" | "might" | "can" => set.mood = Mood::Possible,
                    "must" | "should" => set.mood = Mood::Obligation,
                    _ => {}
                }
            }
            set.reported_by = (s.range.start..t).rev().find(|&b| SPEECH_VERBS.contains(&s.lemma(b)));
            if set.mood == Mood::Possible && set.reported_by.is_some() && before.iter().any(|&b| s.lemma(b) == "would")
            {
                // "said they would meet": the future of reported speech.
                set.mood = Mood::Future;
            }
            // "refused to condemn", "plans to visit": the frame word just before "to".
            if let Some((h, frame)) = self.linear_frame_head(t) {
                if let Some(recoded) = self.c.dict.recode(frame, &code) {
                    let mut inner = Draft::linear(code, t, sources.clone(), targets.clone());
                    if frame == Frame::Reject {
                        inner.negated = true;
                    } else {
                        inner.modality = Modality::Hypothetical;
                    }
                    self.drafts.push(inner);
                    code = recoded.to_owned();
                    trigger = h;
                    sources = self.actors_before(h);
                    if matches!(frame, Frame::Appeal | Frame::Demand) {
                        targets = self.actor_after(h, 3).into_iter().collect();
                    }
                    set = Setting {
                        negated: false,
                        mood: Mood::Plain,
                        hypothetical: false,
                        reported_by: None,
                        stated_that: false,
                    };
                } else if frame == Frame::Fail {
                    set.negated = true;
                }
            }
            if let Some(&(negated, hypothetical)) = self.unrealised.get(&trigger) {
                // The tree read the clause as negated or only wanted ("a trip aimed at pushing for a
                // ceasefire"): word order does not make it a fact.
                set.negated |= negated;
                set.hypothetical |= hypothetical;
            }
            let d = Draft::linear(code, trigger, sources, targets);
            self.push_with_setting(d, &set);
        }
    }

    /// "Kenyan tanks shelled positions" with "shelled" tagged as an adjective: a past form
    /// between two nouns is a verb.
    fn verb_tagged_adjective(&self, t: usize) -> bool {
        let s = self.sent;
        let nominal = |w: usize| matches!(s.upos(w), Upos::Noun | Upos::Propn | Upos::Pron);
        s.upos(t) == Upos::Adj
            && s.text(t).ends_with("ed")
            && t > s.range.start
            && t + 1 < s.range.end
            && nominal(t - 1)
            && (nominal(t + 1) || matches!(s.upos(t + 1), Upos::Det | Upos::Num))
    }

    /// The pattern matching verb `t` by word order, and the targets it finds.
    fn linear_match(&self, t: usize) -> Option<LinearMatch> {
        let s = self.sent;
        let end = s.range.end.min(t + 9);
        // Up to the next verb: the verb's own stretch of words.
        let stretch: Vec<usize> = (t + 1..end).take_while(|&w| s.upos(w) != Upos::Verb).collect();
        for p in self.c.dict.candidates(Pos::Verb, s.lemma(t)) {
            let mut from = t;
            if !p.objects.is_empty() {
                // A noun before another noun modifies it ("attack drills"): the phrase's head is the last one.
                let head_noun =
                    |w: usize| s.upos(w) == Upos::Noun && !(w + 1 < s.range.end && s.upos(w + 1) == Upos::Noun);
                // ("expressed regret" with "regret" tagged as an adverb: the word right after the verb.)
                let mistagged = |w: usize| w == t + 1 && matches!(s.upos(w), Upos::Adv | Upos::Adj);
                // ("called for an end to Israeli strikes": a noun behind a preposition is no object.)
                // ("a state of emergency": "of" stays inside the noun phrase.)
                let first_prep =
                    stretch.iter().copied().find(|&w| s.upos(w) == Upos::Adp && s.lemma(w) != "of").unwrap_or(end);
                let object =
                    stretch.iter().copied().filter(|&w| w < first_prep && (head_noun(w) || mistagged(w))).find(|&o| {
                        p.objects.iter().any(|w| {
                            s.lemma(o) == w.lemma && w.modifiers.iter().all(|m| o > t + 1 && s.is_word(o - 1, m))
                        })
                    });
                let Some(o) = object else { continue };
                from = o;
                // "rejected an Australian ultimatum": the object's owner is the target.
                if let Some(a) = (t + 1..o).find(|&w| !s.actors(&[w]).is_empty()).filter(|_| !p.converse) {
                    return Some((p.code.clone(), vec![a], false));
                }
            }
            if p.preps.is_empty() {
                return Some((p.code.clone(), self.actor_after(from, 6).into_iter().collect(), false));
            }
            let prep = stretch.iter().copied().find(|&w| w > from && p.preps.iter().any(|x| x == s.lemma(w)));
            match prep {
                // "received money from X": X gives; with no giver named, no one does.
                Some(w) if p.converse => match self.actor_after(w, 5) {
                    Some(giver) => return Some((p.code.clone(), vec![giver], true)),
                    None => continue,
                },
                None if p.converse => continue,
                Some(w) => return Some((p.code.clone(), self.actor_after(w, 5).into_iter().collect(), false)),
                None if !p.objects.is_empty() => return Some((p.code.clone(), Vec::new(), false)),
                None => continue,
            }
        }
        None
    }

    /// The frame word of "X to V" before verb `t`, with its frame.
    /// The nearest frame word up to four words before the "to" ("threatened on Monday to break").
    fn linear_frame_head(&self, t: usize) -> Option<(usize, Frame)> {
        let s = self.sent;
        let to = t.checked_sub(1).filter(|&w| s.range.contains(&w) && s.lemma(w) == "to")?;
        (s.range.start.max(to.saturating_sub(4))..to)
            .rev()
            .take_while(|&w| s.upos(w) != Upos::Punct)
            .find(|&w| matches!(s.upos(w), Upos::Verb | Upos::Adj | Upos::Noun))
            .and_then(|h| self.c.dict.frame(s.lemma(h)).map(|f| (h, f)))
    }

    /// The nearest actor before `t`, with those coordinated with it ("the United States and Jordan").
    fn actors_before(&self, t: usize) -> Vec<usize> {
        let s = self.sent;
        // "... refused to condemn X and has accused Y": a coordinated verb shares the first one's subject.
        let mut b = t;
        while b > s.range.start && matches!(s.upos(b - 1), Upos::Aux | Upos::Adv | Upos::Part) {
            b -= 1;
        }
        if b > s.range.start && s.upos(b - 1) == Upos::Cconj {
            if let Some(v) = (s.range.start..b - 1).rev().find(|&v| s.upos(v) == Upos::Verb) {
                return self.actors_before(v);
            }
        }
        let is_actor = |w: usize| !s.actors(&[w]).is_empty();
        // "flies to Lima", "spoke in Quito": a place named as where is not who.
        let Some(mut w) = (s.range.start..t).rev().find(|&w| is_actor(w) && !s.in_place_phrase(w)) else {
            return Vec::new();
        };
        let mut found = vec![w];
        loop {
            // Back to the start of this mention, then over "and" or a comma to the next actor.
            while w > s.range.start && is_actor(w - 1) {
                w -= 1;
            }
            let link = w.checked_sub(1).filter(|&c| s.range.contains(&c) && matches!(s.lemma(c), "and" | ","));
            match link.and_then(|c| c.checked_sub(1)).filter(|&p| s.range.contains(&p) && is_actor(p)) {
                Some(p) => {
                    found.push(p);
                    w = p;
                }
                None => return found,
            }
        }
    }

    /// The first actor within `within` tokens after `t`, as the last token of the widest mention there
    /// ("his Russian counterpart" is one actor, not "his").
    fn actor_after(&self, t: usize, within: usize) -> Option<usize> {
        let s = self.sent;
        // A word inside a name: "towns in Peru" is an actor only through "Peru".
        let named = |w: usize| s.mention[w - s.range.start].is_some() && !s.actors(&[w]).is_empty();
        let w = (t + 1..s.range.end.min(t + 1 + within)).find(|&w| named(w))?;
        let here = s.doc.tokens[w].span;
        let widest = s.here.iter().map(|&(_, m)| m).filter(|m| m.contains(here)).max_by_key(|m| m.len())?;
        let last = s.range.clone().rev().find(|&x| widest.contains(s.doc.tokens[x].span))?;
        // "..., wounding two guards, Kenyan state radio reported": the one who reports is not the target.
        // ("..., South Korean officials said": the mention may modify the reporter's noun.)
        let verb =
            (last + 1..s.range.end.min(last + 4)).find(|&x| !matches!(s.upos(x), Upos::Noun | Upos::Propn | Upos::Adj));
        let reporter = verb.is_some_and(|v| SPEECH_VERBS.contains(&s.lemma(v)) && s.upos(v) == Upos::Verb)
            && (s.range.start..w).rev().take_while(|&x| !s.named_at(x)).any(|x| s.text(x) == ",");
        (!reporter).then_some(last)
    }
}

impl Draft {
    fn linear(code: String, trigger: usize, sources: Vec<usize>, targets: Vec<usize>) -> Draft {
        let mutual = targets.is_empty();
        Draft {
            code,
            trigger,
            clause: trigger,
            sources,
            targets,
            negated: false,
            modality: Modality::Asserted,
            mutual,
            unidentified: None,
        }
    }
}

impl Sent<'_> {
    /// Whether the parser has given this sentence a tree.
    fn parsed(&self) -> bool {
        self.range.clone().any(|t| self.doc.tokens[t].head.is_some())
    }

    /// Whether `w` is in a place name that a locative or directional preposition introduces ("in Quito",
    /// "to Lima").
    fn in_place_phrase(&self, w: usize) -> bool {
        let Some((e, span)) = self.mention[w - self.range.start] else { return false };
        if !matches!(self.doc.entities[e].kind, dyad_core::EntityType::Gpe | dyad_core::EntityType::Location) {
            return false;
        }
        let inside = |x: usize| span.contains(self.doc.tokens[x].span);
        let Some(head) = self.range.clone().find(|&x| inside(x) && self.head(x).is_none_or(|h| !inside(h))) else {
            return false;
        };
        self.case(head)
            .is_some_and(|p| LOCATIVE_PREPS.contains(&p) || matches!(p, "to" | "from" | "into" | "toward" | "towards"))
    }

    /// Whether the subject of verb `v` is the subject of `t`: `t` is `v`, or a participle, conjunct or
    /// open complement that hangs from it ("the statement comes ..., seeking to mend ties").
    fn controls(&self, v: usize, t: usize) -> bool {
        let mut x = t;
        for _ in 0..6 {
            if x == v {
                return true;
            }
            let adverbial_participle = self.base(x) == "advcl" && self.child(x, "mark").is_none();
            if !(matches!(self.base(x), "conj" | "xcomp") || adverbial_participle) {
                return false;
            }
            let Some(h) = self.head(x) else { return false };
            x = h;
        }
        false
    }

    /// Whether `x` lies in a clause that modifies the noun `n` ("detained for reporting against X").
    fn in_clause_under(&self, x: usize, n: usize) -> bool {
        let mut y = x;
        let mut clausal = false;
        for _ in 0..10 {
            if y == n {
                return clausal;
            }
            clausal |= matches!(self.base(y), "acl" | "advcl" | "ccomp" | "xcomp" | "csubj");
            let Some(h) = self.head(y) else { return false };
            y = h;
        }
        false
    }

    /// Whether token `c` is the word `w`, by lemma or, when the lemmatizer guessed wrong ("hunger" as
    /// "hung"), by its form.
    fn is_word(&self, c: usize, w: &str) -> bool {
        self.lemma(c) == w || self.text(c).eq_ignore_ascii_case(w)
    }

    /// Whether token `w` is part of a mention.
    fn named_at(&self, w: usize) -> bool {
        self.mention[w - self.range.start].is_some()
    }

    fn lemma_of_aux(&self, v: usize) -> Option<&str> {
        self.children_with(v, "aux").map(|c| self.lemma(c)).find(|l| !matches!(*l, "have" | "be" | "do" | "to"))
    }
}

/// For an article that carries no date: the month its own dates name most often ("in January 2005",
/// "on 3 February 2005"), as "YYYY-MM", so that its events still fall into a period. Years alone are
/// left out: they mostly name the past ("since 1998").
fn month_of_undated(doc: &Document) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for m in doc.dates.iter().filter_map(|d| d.value.as_deref()).filter(|v| v.len() >= 7) {
        let month = &m[..7];
        match counts.iter_mut().find(|(k, _)| *k == month) {
            Some((_, n)) => *n += 1,
            None => counts.push((month, 1)),
        }
    }
    // Most often named; on a tie, the latest (an article is written after what it reports).
    counts.into_iter().max_by_key(|&(k, n)| (n, k)).map(|(k, _)| k.to_owned())
}

/// The stems a regular English inflection may come from: "shelled" → shell, "shelling" → shell,
/// "bombed" → bomb, "talks" → talk.
fn regular_stems(form: &str, pos: Pos) -> Vec<String> {
    let mut out = vec![form.to_owned()];
    let suffixes: &[&str] = if pos == Pos::Verb { &["ed", "ing", "es", "s", "d"] } else { &["es", "s"] };
    for suffix in suffixes {
        if let Some(stem) = form.strip_suffix(suffix).filter(|s| s.len() >= 3) {
            out.push(stem.to_owned());
            out.push(format!("{stem}e"));
            let b = stem.as_bytes();
            if b.len() >= 2 && b[b.len() - 1] == b[b.len() - 2] {
                // "shelled" is "shell", "planned" is "plan".
                out.push(stem[..stem.len() - 1].to_owned());
            }
        }
    }
    out
}

/// CAMEO roots 03–08: intent to cooperate, consultation, diplomatic and material cooperation, aid, yielding.
fn is_cooperative(code: &str) -> bool {
    matches!(&code[..2], "03" | "04" | "05" | "06" | "07" | "08")
}

/// Cooperative acts that "will" turns into an expressed intent (roots 04–08).
fn is_material_cooperation(code: &str) -> bool {
    matches!(&code[..2], "04" | "05" | "06" | "07" | "08")
}

#[cfg(test)]
mod tests {
    use super::*;
    use dyad_core::{ActorCode, Entity, EntityType, Mention, MentionKind, Sentence, Token};

    /// A parsed one-sentence document from rows "FORM LEMMA UPOS HEAD DEPREL" (HEAD 1-based, 0 = root)
    /// and entities given as (first token, last token, actor code), 1-based and inclusive.
    fn parsed(rows: &[&str], entities: &[(usize, usize, &str)]) -> Document {
        let mut text = String::new();
        let mut tokens = Vec::new();
        for row in rows {
            let f: Vec<&str> = row.split_whitespace().collect();
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(f[0]);
            let head: usize = f[3].parse().unwrap();
            let upos = Upos::parse(f[2]).unwrap();
            let participle = upos == Upos::Verb && (f[0].ends_with("ed") || f[0].ends_with("en"));
            tokens.push(Token {
                span: Span::new(start, text.len()),
                upos,
                xpos: if participle { "VBN" } else { "" },
                lemma: f[1].to_owned(),
                head: head.checked_sub(1),
                deprel: dyad_core::intern(f[4]),
            });
        }
        let mut doc = Document::new("t", text.clone());
        doc.date = dyad_core::contract::parse_date("2024-03-19");
        doc.sentences.push(Sentence { span: Span::new(0, text.len()), tokens: 0..tokens.len() });
        for &(a, b, code) in entities {
            let span = Span::new(tokens[a - 1].span.start, tokens[b - 1].span.end);
            doc.entities.push(Entity {
                name: text[span.start..span.end].to_owned(),
                kind: EntityType::Gpe,
                actor: Some(ActorCode { code: code.into(), name: code.into() }),
                country: None,
                mentions: vec![Mention { span, sentence: 0, kind: MentionKind::Name }],
            });
        }
        doc.tokens = tokens;
        doc
    }

    fn coded(doc: &Document) -> Vec<(String, String, String, bool, Modality)> {
        let coder = EventCoder::new().unwrap();
        let code = |a: &Option<EventActor>| a.as_ref().map_or(String::new(), |a| a.code.clone());
        coder
            .code(doc)
            .into_iter()
            .map(|e| (e.code.clone(), code(&e.source), code(&e.target), e.negated, e.modality))
            .collect()
    }

    fn has(events: &[(String, String, String, bool, Modality)], code: &str, src: &str, tgt: &str) -> bool {
        events.iter().any(|e| e.0 == code && e.1 == src && e.2 == tgt && !e.3 && e.4 != Modality::Hypothetical)
    }

    #[test]
    fn of_two_subjects_the_one_naming_an_actor_acts() {
        let doc = parsed(
            &[
                "Monitor monitor NOUN 3 nsubj",
                "Amnesty Amnesty PROPN 3 nsubj",
                "criticized criticize VERB 0 root",
                "Spain Spain PROPN 3 obj",
            ],
            &[(2, 2, "NGOAMN"), (4, 4, "ESP")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "111", "NGOAMN", "ESP"), "{ev:?}");
    }

    #[test]
    fn coordinated_nationality_modifiers_are_each_a_party() {
        let doc = parsed(
            &[
                "Dutch Dutch ADJ 4 amod",
                "and and CCONJ 3 cc",
                "Belgian Belgian ADJ 1 conj",
                "ministers minister NOUN 5 nsubj",
                "met meet VERB 0 root",
            ],
            &[(1, 1, "NLD"), (3, 3, "BEL")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "040", "NLD", "BEL") && has(&ev, "040", "BEL", "NLD"), "{ev:?}");
    }

    #[test]
    fn the_author_of_a_rejected_call_is_the_target() {
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "rejected reject VERB 0 root",
                "calls call NOUN 2 obj",
                "by by ADP 5 case",
                "Uganda Uganda PROPN 3 nmod",
            ],
            &[(1, 1, "KEN"), (5, 5, "UGA")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("12") && e.1 == "KEN" && e.2 == "UGA"), "{ev:?}");
    }

    #[test]
    fn a_place_named_as_where_is_not_the_doer() {
        let doc = parsed(
            &[
                "He he PRON 2 nsubj",
                "arrived arrive VERB 0 root",
                "in in ADP 4 case",
                "Cairo Cairo PROPN 2 obl",
                ", , PUNCT 6 punct",
                "praising praise VERB 2 advcl",
                "Jordan Jordan PROPN 6 obj",
            ],
            &[(4, 4, "EGYGOV"), (7, 7, "JOR")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.1 == "EGYGOV"), "{ev:?}");
    }

    #[test]
    fn being_prepared_to_act_is_an_intent() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 3 nsubj:pass",
                "is be AUX 3 aux:pass",
                "prepared prepare VERB 0 root",
                "to to PART 5 mark",
                "aid aid VERB 3 xcomp",
                "Peru Peru PROPN 5 obj",
            ],
            &[(1, 1, "CHL"), (6, 6, "PER")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "033", "CHL", "PER"), "{ev:?}");
        assert!(!has(&ev, "070", "CHL", "PER"), "{ev:?}");
    }

    #[test]
    fn the_purpose_of_a_denied_act_is_not_asserted() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 4 nsubj",
                "would would AUX 4 aux",
                "not not PART 4 advmod",
                "send send VERB 0 root",
                "troops troop NOUN 4 obj",
                "to to PART 7 mark",
                "help help VERB 4 advcl",
                "Peru Peru PROPN 7 obj",
            ],
            &[(1, 1, "CHL"), (8, 8, "PER")],
        );
        let ev = coded(&doc);
        assert!(!has(&ev, "070", "CHL", "PER"), "{ev:?}");
    }

    #[test]
    fn a_sentence_the_tree_codes_nothing_in_goes_to_the_word_order_coder() {
        // "Chilean tanks shelled towns in Peru" with the verb misread as an attribute of the object.
        let doc = parsed(
            &[
                "Chilean Chilean ADJ 2 amod",
                "tanks tank NOUN 0 root",
                "shelled shell VERB 4 amod",
                "towns town NOUN 2 nmod",
                "in in ADP 6 case",
                "Peru Peru PROPN 4 nmod",
            ],
            &[(1, 2, "CHLMIL"), (6, 6, "PER")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("19") && e.1 == "CHLMIL" && e.2 == "PER"), "{ev:?}");
    }

    #[test]
    fn a_coordinated_modifier_outside_the_mention_is_a_party() {
        let doc = parsed(
            &[
                "Dutch Dutch ADJ 4 amod",
                "and and CCONJ 3 cc",
                "Belgian Belgian ADJ 1 conj",
                "warships warship NOUN 5 nsubj",
                "launched launch VERB 0 root",
                "war war NOUN 7 compound",
                "games game NOUN 5 obj",
            ],
            &[(1, 1, "NLD"), (3, 4, "BELMIL")],
        );
        let ev = coded(&doc);
        // The head noun's own pattern (exercises), not the modifier's (war).
        assert!(has(&ev, "062", "NLD", "BELMIL") && has(&ev, "062", "BELMIL", "NLD"), "{ev:?}");
        assert!(!ev.iter().any(|e| e.0.starts_with("19")), "{ev:?}");
    }

    #[test]
    fn a_measure_of_aid_is_aid_and_a_generic_head_yields_to_its_modifier() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 2 nsubj",
                "suspended suspend VERB 0 root",
                "part part NOUN 2 obj",
                "of of ADP 6 case",
                "aid aid NOUN 6 compound",
                "program program NOUN 3 nmod",
                "for for ADP 8 case",
                "Peru Peru PROPN 2 obl",
            ],
            &[(1, 1, "CHL"), (8, 8, "PER")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "162", "CHL", "PER"), "{ev:?}");
        let doc = parsed(
            &[
                "Chile Chile PROPN 2 nsubj",
                "sent send VERB 0 root",
                "tons ton NOUN 2 obj",
                "of of ADP 5 case",
                "food food NOUN 3 nmod",
                "to to ADP 7 case",
                "Peru Peru PROPN 2 obl",
            ],
            &[(1, 1, "CHL"), (7, 7, "PER")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "073", "CHL", "PER"), "{ev:?}");
    }

    #[test]
    fn a_vow_to_begin_aid_is_an_intent() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 2 nsubj",
                "vowed vow VERB 0 root",
                "to to PART 4 mark",
                "begin begin VERB 2 xcomp",
                "aid aid NOUN 4 obj",
                "to to ADP 7 case",
                "Peru Peru PROPN 5 nmod",
            ],
            &[(1, 1, "CHL"), (7, 7, "PER")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "033", "CHL", "PER"), "{ev:?}");
        assert!(!has(&ev, "070", "CHL", "PER"), "{ev:?}");
    }

    #[test]
    fn dissent_with_no_one_named_is_against_the_own_government() {
        let doc = parsed(
            &["Chilean Chilean ADJ 2 amod", "students student NOUN 3 nsubj", "demonstrated demonstrate VERB 0 root"],
            &[(1, 2, "CHLEDU")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "141", "CHLEDU", "CHLGOV"), "{ev:?}");
        // A state's own boycott is not dissent against itself.
        let doc = parsed(&["Chile Chile PROPN 2 nsubj", "boycotted boycott VERB 0 root"], &[(1, 1, "CHL")]);
        assert!(coded(&doc).is_empty(), "{:?}", coded(&doc));
    }

    #[test]
    fn a_bomb_that_kills_is_an_unidentified_groups_act_where_it_went_off() {
        let doc = parsed(
            &[
                "A a DET 2 det",
                "bomb bomb NOUN 6 nsubj",
                "near near ADP 4 case",
                "Lima Lima PROPN 2 nmod",
                "Sunday Sunday PROPN 6 obl",
                "killed kill VERB 0 root",
                "two two NUM 8 nummod",
                "Chileans Chilean PROPN 6 obj",
            ],
            &[(4, 4, "PERGOV"), (8, 8, "CHL")],
        );
        let mut doc = doc;
        doc.entities[0].country = Some("PER".into());
        let ev = coded(&doc);
        assert!(has(&ev, "190", "PERUAF", "CHL"), "{ev:?}");
        // A storm is no one's act.
        let doc = parsed(
            &["A a DET 2 det", "storm storm NOUN 3 nsubj", "hit hit VERB 0 root", "Chile Chile PROPN 3 obj"],
            &[(4, 4, "CHL")],
        );
        assert!(coded(&doc).is_empty(), "{:?}", coded(&doc));
    }

    #[test]
    fn a_killing_with_no_attacker_named_is_the_places_unidentified_groups() {
        let doc = parsed(
            &[
                "Two two NUM 2 nummod",
                "Chileans Chilean PROPN 4 nsubj:pass",
                "were be AUX 4 aux:pass",
                "killed kill VERB 0 root",
                "in in ADP 6 case",
                "Lima Lima PROPN 4 obl",
            ],
            &[(2, 2, "CHL"), (6, 6, "PERGOV")],
        );
        let mut doc = doc;
        doc.entities[1].country = Some("PER".into());
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.1 == "PERUAF" && e.2 == "CHL" && e.0.starts_with("19")), "{ev:?}");
    }

    #[test]
    fn a_summit_attended_is_with_the_place_not_its_topic() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 2 nsubj",
                "attended attend VERB 0 root",
                "a a DET 4 det",
                "summit summit NOUN 2 obj",
                "in in ADP 6 case",
                "Peru Peru PROPN 4 nmod",
                "on on ADP 8 case",
                "Bolivia Bolivia PROPN 4 nmod",
            ],
            &[(1, 1, "CHL"), (6, 6, "PER"), (8, 8, "BOL")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "040", "CHL", "PER") && !has(&ev, "040", "CHL", "BOL"), "{ev:?}");
    }

    #[test]
    fn speakers_misattached_to_the_object_are_not_targets() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 2 nsubj",
                "shelled shell VERB 0 root",
                "Peru Peru PROPN 2 obj",
                ", , PUNCT 6 punct",
                "Bolivian Bolivian ADJ 6 amod",
                "officials official NOUN 3 conj",
                "said say VERB 2 conj",
            ],
            &[(1, 1, "CHL"), (3, 3, "PER"), (5, 6, "BOLGOV")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "194", "CHL", "PER"), "{ev:?}");
        assert!(!ev.iter().any(|e| e.2 == "BOLGOV"), "{ev:?}");
    }

    #[test]
    fn an_apposition_read_as_a_copula_names_its_subject() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 5 nsubj",
                ", , PUNCT 5 punct",
                "a a DET 5 det",
                "Peruvian Peruvian PROPN 5 compound",
                "ally ally ADV 6 nsubj",
                "attacked attack VERB 0 root",
                "Bolivia Bolivia PROPN 6 obj",
            ],
            &[(1, 1, "CHL"), (4, 4, "PER"), (7, 7, "BOL")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.1 == "CHL" && e.2 == "BOL"), "{ev:?}");
        assert!(!ev.iter().any(|e| e.1 == "PER"), "{ev:?}");
    }

    #[test]
    fn refusing_permission_is_refusing_to_yield() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 4 nsubj",
                "did do AUX 4 aux",
                "not not PART 4 advmod",
                "grant grant VERB 0 root",
                "permission permission NOUN 4 obj",
                "to to ADP 7 case",
                "Peru Peru PROPN 4 obl",
            ],
            &[(1, 1, "CHL"), (7, 7, "PER")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("12") && e.1 == "CHL" && e.2 == "PER" && !e.3), "{ev:?}");
    }

    #[test]
    fn what_is_under_a_threat_or_an_aim_is_not_done() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 2 nsubj",
                "threatened threaten VERB 0 root",
                "to to PART 4 mark",
                "go go VERB 2 xcomp",
                "shelling shell VERB 4 xcomp",
                "Peru Peru PROPN 5 obj",
            ],
            &[(1, 1, "CHL"), (6, 6, "PER")],
        );
        let ev = coded(&doc);
        assert!(!has(&ev, "194", "CHL", "PER"), "{ev:?}");
        let doc = parsed(
            &[
                "Chile Chile PROPN 2 nsubj",
                "began begin VERB 0 root",
                "a a DET 4 det",
                "trip trip NOUN 2 obj",
                "aimed aim VERB 4 acl",
                "at at SCONJ 7 mark",
                "praising praise VERB 5 advcl",
                "Peru Peru PROPN 7 obj",
            ],
            &[(1, 1, "CHL"), (8, 8, "PER")],
        );
        let ev = coded(&doc);
        assert!(!has(&ev, "051", "CHL", "PER"), "{ev:?}");
    }

    #[test]
    fn meeting_someone_somewhere_is_meeting_them_not_the_place() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 2 nsubj",
                "met meet VERB 0 root",
                "Peru Peru PROPN 2 obj",
                "in in ADP 5 case",
                "Lima Lima PROPN 2 obl",
            ],
            &[(1, 1, "CHL"), (3, 3, "PER"), (5, 5, "PERGOV")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "040", "CHL", "PER"), "{ev:?}");
        assert!(!ev.iter().any(|e| e.0 == "044"), "{ev:?}");
    }

    #[test]
    fn a_main_verb_read_as_a_participle_on_the_subject_is_the_main_verb() {
        let mut doc = parsed(
            &[
                "Chilean Chilean ADJ 2 amod",
                "students student NOUN 0 root",
                "marched march VERB 2 acl",
                "in in ADP 5 case",
                "Lima Lima PROPN 3 obl",
            ],
            &[(1, 2, "CHLEDU"), (5, 5, "PERGOV")],
        );
        doc.entities[1].kind = EntityType::Gpe;
        let ev = coded(&doc);
        assert!(has(&ev, "141", "CHLEDU", "PERGOV"), "{ev:?}");
    }

    #[test]
    fn what_a_rejected_text_says_is_not_done_and_an_actorless_phrase_leaves_the_object() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 2 nsubj",
                "vetoed veto VERB 0 root",
                "a a DET 4 det",
                "resolution resolution NOUN 2 obj",
                "condemning condemn VERB 4 acl",
                "Peru Peru PROPN 5 obj",
            ],
            &[(1, 1, "CHL"), (6, 6, "PER")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.0 == "111" && e.4 != Modality::Hypothetical), "{ev:?}");
        let doc = parsed(
            &[
                "Chile Chile PROPN 2 nsubj",
                "warned warn VERB 0 root",
                "Peru Peru PROPN 2 obj",
                "against against ADP 5 case",
                "tests test NOUN 2 obl",
            ],
            &[(1, 1, "CHL"), (3, 3, "PER")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "012", "CHL", "PER"), "{ev:?}");
    }

    #[test]
    fn a_verb_hung_on_the_last_conjunct_of_the_root_has_the_whole_coordination_as_subject() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 0 root",
                "and and CCONJ 3 cc",
                "Peru Peru PROPN 1 conj",
                "attacked attack VERB 3 acl",
                "Bolivia Bolivia PROPN 4 obj",
            ],
            &[(1, 1, "CHL"), (3, 3, "PER"), (5, 5, "BOL")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.1 == "CHL" && e.2 == "BOL"), "{ev:?}");
        assert!(ev.iter().any(|e| e.1 == "PER" && e.2 == "BOL"), "{ev:?}");
    }

    #[test]
    fn a_bomb_that_went_off_somewhere_wounds_for_an_unidentified_group_there() {
        let mut doc = parsed(
            &[
                "A a DET 2 det",
                "bomb bomb NOUN 3 nsubj",
                "exploded explode VERB 0 root",
                "near near ADP 5 case",
                "station station NOUN 3 obl",
                "in in ADP 7 case",
                "Lima Lima PROPN 5 nmod",
                ", , PUNCT 9 punct",
                "wounding wound VERB 3 advcl",
                "Chileans Chilean PROPN 9 obj",
            ],
            &[(7, 7, "PERGOV"), (10, 10, "CHL")],
        );
        doc.entities[0].country = Some("PER".into());
        let ev = coded(&doc);
        assert!(has(&ev, "182", "PERUAF", "CHL"), "{ev:?}");
    }

    #[test]
    fn a_plan_in_a_denied_clause_is_not_an_intent_expressed() {
        let doc = parsed(
            &[
                "Chile Chile PROPN 4 nsubj",
                "did do AUX 4 aux",
                "not not PART 4 advmod",
                "announce announce VERB 0 root",
                "plans plan NOUN 4 obj",
                "to to PART 7 mark",
                "aid aid VERB 5 acl",
                "Peru Peru PROPN 7 obj",
            ],
            &[(1, 1, "CHL"), (8, 8, "PER")],
        );
        let ev = coded(&doc);
        assert!(!has(&ev, "033", "CHL", "PER"), "{ev:?}");
    }

    #[test]
    fn verb_with_object_and_complement() {
        let doc = parsed(
            &[
                "China China PROPN 2 nsubj",
                "accused accuse VERB 0 root",
                "NATO NATO PROPN 2 obj",
                "of of SCONJ 5 mark",
                "expanding expand VERB 2 advcl",
            ],
            &[(1, 1, "CHN"), (3, 3, "IGOWSTNAT")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "112", "CHN", "IGOWSTNAT"), "{ev:?}");
        assert_eq!(ev.len(), 1, "{ev:?}");
    }

    #[test]
    fn light_verb_with_event_noun_and_preposition() {
        let doc = parsed(
            &[
                "Russia Russia PROPN 2 nsubj",
                "launched launch VERB 0 root",
                "a a DET 4 det",
                "war war NOUN 2 obj",
                "against against ADP 6 case",
                "Ukraine Ukraine PROPN 2 obl",
            ],
            &[(1, 1, "RUS"), (6, 6, "UKR")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "190", "RUS", "UKR"), "{ev:?}");
        assert_eq!(ev.len(), 1, "the noun is not coded again: {ev:?}");
    }

    #[test]
    fn negation_is_flagged_not_asserted() {
        let doc = parsed(
            &[
                "Russia Russia PROPN 4 nsubj",
                "did do AUX 4 aux",
                "not not PART 4 advmod",
                "attack attack VERB 0 root",
                "Ukraine Ukraine PROPN 4 obj",
            ],
            &[(1, 1, "RUS"), (5, 5, "UKR")],
        );
        let ev = coded(&doc);
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].0, "190");
        assert!(ev[0].3, "negated: {ev:?}");
    }

    #[test]
    fn refusal_is_a_rejection_and_negates_the_complement() {
        let doc = parsed(
            &[
                "Beijing Beijing PROPN 3 nsubj",
                "has have AUX 3 aux",
                "refused refuse VERB 0 root",
                "to to PART 5 mark",
                "condemn condemn VERB 3 xcomp",
                "Russia Russia PROPN 5 obj",
            ],
            &[(1, 1, "CHN"), (6, 6, "RUS")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().all(|e| !e.0.starts_with("11") || e.3), "no asserted disapproval: {ev:?}");
        assert!(ev.iter().any(|e| e.0 == "111" && e.3), "{ev:?}");
        assert!(has(&ev, "120", "CHN", "RUS"), "{ev:?}");
    }

    #[test]
    fn modal_makes_hypothetical_and_plan_is_intent() {
        let doc = parsed(
            &[
                "Russia Russia PROPN 3 nsubj",
                "may may AUX 3 aux",
                "attack attack VERB 0 root",
                "Ukraine Ukraine PROPN 3 obj",
            ],
            &[(1, 1, "RUS"), (4, 4, "UKR")],
        );
        let ev = coded(&doc);
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].4, Modality::Hypothetical);

        let doc = parsed(
            &[
                "Putin Putin PROPN 2 nsubj",
                "plans plan VERB 0 root",
                "to to PART 4 mark",
                "visit visit VERB 2 xcomp",
                "China China PROPN 4 obj",
            ],
            &[(1, 1, "RUSGOV"), (5, 5, "CHN")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "036", "RUSGOV", "CHN"), "{ev:?}");
        assert!(ev.iter().any(|e| e.0 == "042" && e.4 == Modality::Hypothetical), "{ev:?}");
    }

    #[test]
    fn nominal_plan_takes_the_possessor_as_source() {
        let doc = parsed(
            &[
                "They they PRON 2 nsubj",
                "discussed discuss VERB 0 root",
                "Putin Putin PROPN 5 nmod:poss",
                "'s 's PART 3 case",
                "plan plan NOUN 2 obj",
                "to to PART 7 mark",
                "visit visit VERB 5 acl",
                "China China PROPN 7 obj",
            ],
            &[(3, 3, "RUSGOV"), (8, 8, "CHN")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "036", "RUSGOV", "CHN"), "{ev:?}");
    }

    #[test]
    fn coordinated_subjects_meet_each_other() {
        let doc = parsed(
            &["Xi Xi PROPN 4 nsubj", "and and CCONJ 3 cc", "Putin Putin PROPN 1 conj", "met meet VERB 0 root"],
            &[(1, 1, "CHNGOV"), (3, 3, "RUSGOV")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "040", "CHNGOV", "RUSGOV"), "{ev:?}");
        assert!(has(&ev, "040", "RUSGOV", "CHNGOV"), "{ev:?}");
        assert_eq!(ev.len(), 2);
    }

    #[test]
    fn passive_agent_is_the_source() {
        let doc = parsed(
            &[
                "Ukraine Ukraine PROPN 3 nsubj:pass",
                "was be AUX 3 aux:pass",
                "attacked attack VERB 0 root",
                "by by ADP 5 case",
                "Russia Russia PROPN 3 obl:agent",
            ],
            &[(1, 1, "UKR"), (5, 5, "RUS")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "190", "RUS", "UKR"), "{ev:?}");
    }

    #[test]
    fn reported_future_cooperation_is_intent_and_urging_is_an_appeal() {
        let doc = parsed(
            &[
                "Lin Lin PROPN 2 nsubj",
                "said say VERB 0 root",
                "China China PROPN 5 nsubj",
                "will will AUX 5 aux",
                "host host VERB 2 ccomp",
                "Putin Putin PROPN 5 obj",
            ],
            &[(1, 1, "CHNGOV"), (3, 3, "CHN"), (6, 6, "RUSGOV")],
        );
        let ev = coded(&doc);
        assert!(
            ev.iter().any(|e| e.0 == "036" && e.1 == "CHN" && e.2 == "RUSGOV" && e.4 == Modality::Reported),
            "{ev:?}"
        );

        let doc = parsed(
            &[
                "Congress Congress PROPN 2 nsubj",
                "urged urge VERB 0 root",
                "Obama Obama PROPN 2 obj",
                "to to PART 5 mark",
                "help help VERB 2 xcomp",
                "Iran Iran PROPN 5 obj",
            ],
            &[(1, 1, "USALEG"), (3, 3, "USAGOV"), (6, 6, "IRN")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "023", "USALEG", "USAGOV"), "{ev:?}");
        assert!(!ev.iter().any(|e| e.0 == "020"), "the bare appeal is replaced: {ev:?}");
    }

    #[test]
    fn participle_with_an_object_is_active() {
        let doc = parsed(
            &[
                "A a DET 5 det",
                "top top ADJ 5 amod",
                "U.S. U.S. PROPN 4 compound",
                "official official NOUN 5 compound",
                "today today NOUN 0 root",
                "praised praise VERB 5 acl",
                "Haiti Haiti PROPN 9 nmod:poss",
                "'s 's PART 7 case",
                "efforts effort NOUN 6 obj",
            ],
            &[(3, 4, "USAGOV"), (7, 7, "HTI")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "051", "USAGOV", "HTI"), "{ev:?}");
    }

    #[test]
    fn misparsed_frame_word_still_finds_its_subject() {
        let doc = parsed(
            &[
                "The the DET 3 det",
                "Azerbaijani Azerbaijani ADJ 3 amod",
                "parliament parliament NOUN 0 root",
                "threatened threaten VERB 3 acl",
                "to to PART 6 mark",
                "break break VERB 4 advcl",
                "relations relation NOUN 6 obj",
                "with with ADP 9 case",
                "Russia Russia PROPN 7 nmod",
            ],
            &[(1, 3, "AZELEG"), (9, 9, "RUS")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "1313", "AZELEG", "RUS"), "{ev:?}");
    }

    #[test]
    fn target_phrase_on_the_object_beats_a_date_on_the_verb() {
        let doc = parsed(
            &[
                "Ukraine Ukraine PROPN 2 nsubj",
                "ratified ratify VERB 0 root",
                "a a DET 5 det",
                "sweeping sweeping NOUN 5 compound",
                "agreement agreement NOUN 2 obj",
                "with with ADP 9 case",
                "the the DET 9 det",
                "European European ADJ 9 amod",
                "Union Union PROPN 5 nmod",
                "on on ADP 11 case",
                "Tuesday Tuesday PROPN 2 obl",
            ],
            &[(1, 1, "UKR"), (8, 9, "IGOEUREEC")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "057", "UKR", "IGOEUREEC"), "{ev:?}");
    }

    #[test]
    fn own_forces_are_not_the_target() {
        let doc = parsed(
            &[
                "Israel Israel PROPN 2 nsubj",
                "evacuated evacuate VERB 0 root",
                "its its PRON 4 nmod:poss",
                "settlers settler NOUN 2 obj",
                "from from ADP 6 case",
                "Gaza Gaza PROPN 2 obl",
            ],
            &[(1, 1, "ISR"), (6, 6, "PSE")],
        );
        let mut doc = doc;
        let its = doc.tokens[2].span;
        doc.entities[0].mentions.push(Mention { span: its, sentence: 0, kind: MentionKind::Pronoun });
        let ev = coded(&doc);
        assert!(has(&ev, "087", "ISR", "PSE"), "{ev:?}");
    }

    #[test]
    fn a_compound_actor_gives_two() {
        let mut doc = parsed(
            &[
                "Sino-Russian Sino-Russian ADJ 2 amod",
                "forces force NOUN 3 nsubj",
                "attacked attack VERB 0 root",
                "Japan Japan PROPN 3 obj",
            ],
            &[(1, 1, "CHN"), (1, 1, "RUS"), (4, 4, "JPN")],
        );
        doc.entities[1].kind = EntityType::Norp;
        let ev = coded(&doc);
        assert!(has(&ev, "190", "CHN", "JPN"), "{ev:?}");
        assert!(has(&ev, "190", "RUS", "JPN"), "{ev:?}");
    }

    #[test]
    fn word_order_when_the_sentence_has_no_tree() {
        let unparsed = |rows: &[&str], ents: &[(usize, usize, &str)]| {
            let mut doc = parsed(rows, ents);
            for t in &mut doc.tokens {
                t.head = None;
                t.deprel = "";
            }
            doc
        };
        let doc = unparsed(
            &[
                "Beijing Beijing PROPN 0 _",
                "refused refuse VERB 0 _",
                "to to PART 0 _",
                "condemn condemn VERB 0 _",
                "Russia Russia PROPN 0 _",
            ],
            &[(1, 1, "CHN"), (5, 5, "RUS")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "120", "CHN", "RUS"), "{ev:?}");
        assert!(ev.iter().any(|e| e.0 == "111" && e.3), "{ev:?}");
        let doc = unparsed(
            &[
                "Russia Russia PROPN 0 _",
                "launched launch VERB 0 _",
                "a a DET 0 _",
                "war war NOUN 0 _",
                "against against ADP 0 _",
                "Ukraine Ukraine PROPN 0 _",
            ],
            &[(1, 1, "RUS"), (6, 6, "UKR")],
        );
        assert!(has(&coded(&doc), "190", "RUS", "UKR"));
    }

    #[test]
    fn goldstein_quad_class_and_plover_come_from_the_codebook() {
        let doc = parsed(
            &["Xi Xi PROPN 2 nsubj", "congratulated congratulate VERB 0 root", "Putin Putin PROPN 2 obj"],
            &[(1, 1, "CHNGOV"), (3, 3, "RUSGOV")],
        );
        let e = &EventCoder::new().unwrap().code(&doc)[0];
        assert_eq!((e.code.as_str(), e.goldstein, e.quad_class), ("051", 3.4, 1));
        assert_eq!(e.plover.as_ref().unwrap().event, "SUPPORT");
        assert_eq!(e.date.as_deref(), Some("2024-03-19"));
        assert_eq!(doc.slice(e.trigger), "congratulated");
    }
    #[test]
    fn the_place_is_the_target_when_none_is_named_and_monadic_acts_are_dropped() {
        let doc = parsed(
            &[
                "Prisoners prisoner NOUN 2 nsubj",
                "rioted riot VERB 0 root",
                "in in ADP 4 case",
                "Israel Israel PROPN 2 obl",
            ],
            &[(1, 1, "CVL"), (4, 4, "ISR")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "145", "CVL", "ISR"), "{ev:?}");
        let doc = parsed(&["Rebels rebel NOUN 2 nsubj", "rioted riot VERB 0 root"], &[(1, 1, "REB")]);
        assert!(coded(&doc).is_empty(), "an act with no counterpart is no CAMEO event");
    }

    #[test]
    fn the_target_inside_a_non_actor_object() {
        let doc = parsed(
            &[
                "Bush Bush PROPN 2 nsubj",
                "threatened threaten VERB 0 root",
                "action action NOUN 2 obj",
                "against against ADP 5 case",
                "Russia Russia PROPN 3 nmod",
            ],
            &[(1, 1, "USAGOV"), (5, 5, "RUS")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("13") && e.1 == "USAGOV" && e.2 == "RUS"), "{ev:?}");
    }

    #[test]
    fn an_event_noun_takes_its_source_only_from_a_light_verb() {
        // "Refugees fled the war with Liberia": the refugees did not wage the war.
        let doc = parsed(
            &[
                "Refugees refugee NOUN 2 nsubj",
                "fled flee VERB 0 root",
                "the the DET 4 det",
                "war war NOUN 2 obj",
                "with with ADP 6 case",
                "Liberia Liberia PROPN 4 nmod",
            ],
            &[(1, 1, "REF"), (6, 6, "LBR")],
        );
        assert!(!coded(&doc).iter().any(|e| e.0.starts_with("19")), "{:?}", coded(&doc));
        let doc = parsed(
            &[
                "Israel Israel PROPN 2 nsubj",
                "waged wage VERB 0 root",
                "a a DET 4 det",
                "war war NOUN 2 obj",
                "against against ADP 6 case",
                "Lebanon Lebanon PROPN 4 nmod",
            ],
            &[(1, 1, "ISR"), (6, 6, "LBN")],
        );
        assert!(coded(&doc).iter().any(|e| e.0.starts_with("19") && e.1 == "ISR" && e.2 == "LBN"));
    }

    #[test]
    fn a_thing_as_subject_is_not_the_nearest_actors_act() {
        let doc = parsed(
            &[
                "After after ADP 2 case",
                "Russia Russia PROPN 5 obl",
                "the the DET 4 det",
                "storm storm NOUN 5 nsubj",
                "hit hit VERB 0 root",
                "Ukraine Ukraine PROPN 5 obj",
            ],
            &[(2, 2, "RUS"), (6, 6, "UKR")],
        );
        assert!(coded(&doc).is_empty(), "{:?}", coded(&doc));
    }

    #[test]
    fn a_misread_stem_is_mended_from_the_form() {
        let doc = parsed(
            &["Syria Syria PROPN 2 nsubj", "shelled shel VERB 0 root", "Turkey Turkey PROPN 2 obj"],
            &[(1, 1, "SYR"), (3, 3, "TUR")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("19") && e.1 == "SYR" && e.2 == "TUR"), "{ev:?}");
    }

    #[test]
    fn an_undated_article_dates_its_events_by_the_month_it_names_most() {
        let mut doc = parsed(
            &["Syria Syria PROPN 2 nsubj", "shelled shell VERB 0 root", "Turkey Turkey PROPN 2 obj"],
            &[(1, 1, "SYR"), (3, 3, "TUR")],
        );
        doc.date = None;
        let mention =
            |value: &str| dyad_core::DateMention { sentence: 0, span: Span::new(0, 5), value: Some(value.into()) };
        doc.dates = vec![mention("2005-01-03"), mention("2004-12"), mention("2005-01"), mention("1998")];
        let events = EventCoder::new().unwrap().code(&doc);
        assert_eq!(events[0].date.as_deref(), Some("2005-01"));
        doc.dates.clear();
        assert_eq!(EventCoder::new().unwrap().code(&doc)[0].date, None);
    }
    #[test]
    fn protesters_who_destroy_property_riot() {
        let doc = parsed(
            &[
                "Protesters protester NOUN 2 nsubj",
                "demolished demolish VERB 0 root",
                "the the DET 4 det",
                "embassy embassy NOUN 2 obj",
                "of of ADP 6 case",
                "Russia Russia PROPN 4 nmod",
            ],
            &[(1, 1, "UKROPP"), (6, 6, "RUS")],
        );
        assert!(has(&coded(&doc), "145", "UKROPP", "RUS"), "{:?}", coded(&doc));
    }
    #[test]
    fn a_subordinator_misread_as_a_preposition_still_gives_the_subject() {
        let doc = parsed(
            &[
                "China China PROPN 2 nsubj",
                "praised praise VERB 0 root",
                "ties tie NOUN 2 obj",
                "after after ADP 5 case",
                "Russia Russia PROPN 3 nmod",
                "attacked attack VERB 2 advcl",
                "Ukraine Ukraine PROPN 6 obj",
            ],
            &[(1, 1, "CHN"), (5, 5, "RUS"), (7, 7, "UKR")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "190", "RUS", "UKR") && !has(&ev, "190", "CHN", "UKR"), "{ev:?}");
    }
    #[test]
    fn an_event_carries_the_place_the_sentence_names() {
        let mut doc = parsed(
            &[
                "Israel Israel PROPN 2 nsubj",
                "shelled shell VERB 0 root",
                "Hamas Hamas PROPN 2 obj",
                "in in ADP 5 case",
                "Rafah Rafah PROPN 2 obl",
            ],
            &[(1, 1, "ISR"), (3, 3, "PSEREB"), (5, 5, "PSE")],
        );
        doc.entities[2].actor = None;
        doc.entities[2].country = Some("PSE".into());
        let events = EventCoder::new().unwrap().code(&doc);
        let place = events[0].location.as_ref().expect("a location");
        assert_eq!((place.code.as_str(), doc.slice(place.span)), ("PSE", "Rafah"));
    }
    #[test]
    fn an_arrest_with_no_agent_is_the_places_and_its_reason_is_alleged() {
        let doc = parsed(
            &[
                "Canadians Canadian PROPN 3 nsubj:pass",
                "were be AUX 3 aux:pass",
                "arrested arrest VERB 0 root",
                "in in ADP 5 case",
                "Lebanon Lebanon PROPN 3 obl",
                "for for SCONJ 7 mark",
                "spying spy VERB 3 advcl",
                "for for ADP 9 case",
                "Israel Israel PROPN 7 obl",
            ],
            &[(1, 1, "CAN"), (5, 5, "LBN"), (9, 9, "ISR")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "173", "LBN", "CAN"), "{ev:?}");
        assert!(ev.iter().all(|e| e.1 != "CAN" || e.4 == Modality::Hypothetical), "{ev:?}");
    }
    #[test]
    fn a_politician_attacking_a_rival_criticises_a_state_attacking_a_state_fights() {
        let mut doc = parsed(
            &["Kennedy Kennedy PROPN 2 nsubj", "attacked attack VERB 0 root", "Brown Brown PROPN 2 obj"],
            &[(1, 1, "GBROPP"), (3, 3, "GBRGOV")],
        );
        for e in &mut doc.entities {
            e.kind = EntityType::Person;
        }
        assert!(has(&coded(&doc), "111", "GBROPP", "GBRGOV"), "{:?}", coded(&doc));
        let doc = parsed(
            &["Russia Russia PROPN 2 nsubj", "attacked attack VERB 0 root", "Ukraine Ukraine PROPN 2 obj"],
            &[(1, 1, "RUS"), (3, 3, "UKR")],
        );
        assert!(has(&coded(&doc), "190", "RUS", "UKR"), "{:?}", coded(&doc));
    }

    #[test]
    fn the_word_order_fallback_keeps_what_the_tree_said_of_the_clause() {
        // "Envoys made remarks in Nairobi on a trip aimed at pressing for a truce in Gaza": the tree finds
        // no target, the word-order coder does, but pressing is only the trip's aim.
        let doc = parsed(
            &[
                "Envoys envoy NOUN 2 nsubj",
                "made make VERB 0 root",
                "remarks remark NOUN 2 obj",
                "in in ADP 5 case",
                "Nairobi Nairobi PROPN 3 nmod",
                "on on ADP 7 case",
                "trip trip NOUN 2 obl",
                "aimed aim VERB 7 acl",
                "at at SCONJ 10 mark",
                "pressing press VERB 8 advcl",
                "for for ADP 12 case",
                "truce truce NOUN 10 obl",
                "in in ADP 14 case",
                "Gaza Gaza PROPN 12 nmod",
            ],
            &[(5, 5, "KENGOV"), (14, 14, "PSE")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.2 == "PSE" && e.4 != Modality::Hypothetical), "{ev:?}");
    }

    #[test]
    fn what_is_received_from_someone_is_their_gift() {
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "received receive VERB 0 root",
                "weapons weapon NOUN 2 obj",
                "from from ADP 5 case",
                "Uganda Uganda PROPN 2 obl",
            ],
            &[(1, 1, "KEN"), (5, 5, "UGA")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "072", "UGA", "KEN") && !ev.iter().any(|e| e.1 == "KEN"), "{ev:?}");
        // With no giver named, no one supplies anything.
        let doc = parsed(
            &["Kenya Kenya PROPN 2 nsubj", "received receive VERB 0 root", "weapons weapon NOUN 2 obj"],
            &[(1, 1, "KEN")],
        );
        assert!(coded(&doc).is_empty(), "{:?}", coded(&doc));
    }

    #[test]
    fn a_participle_on_a_things_clause_is_no_actors_act() {
        // "The report came before Kenya talks, seeking to improve ties with Uganda": the report seeks.
        let doc = parsed(
            &[
                "The the DET 2 det",
                "report report NOUN 3 nsubj",
                "came come VERB 0 root",
                "before before ADP 6 case",
                "Kenya Kenya PROPN 6 compound",
                "talks talk NOUN 3 obl",
                ", , PUNCT 8 punct",
                "seeking seek VERB 3 advcl",
                "to to PART 10 mark",
                "improve improve VERB 8 xcomp",
                "ties tie NOUN 10 obj",
                "with with ADP 13 case",
                "Uganda Uganda PROPN 11 nmod",
            ],
            &[(5, 5, "KEN"), (13, 13, "UGA")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.1 == "KEN" && !e.3 && e.4 != Modality::Hypothetical), "{ev:?}");
    }

    #[test]
    fn a_weapon_is_the_instrument_of_those_who_fired_it() {
        // "A Kenyan jet was blown up by a missile fired by rebels": the rebels did it, with military arms,
        // whether the participle is parsed as the missile's (acl) or as the verb's (advcl).
        for fired in ["fired fire VERB 7 acl", "fired fire VERB 3 advcl"] {
            let doc = parsed(
                &[
                    "jet jet NOUN 3 nsubj:pass",
                    "was be AUX 3 aux:pass",
                    "blown blow VERB 0 root",
                    "up up ADP 3 compound:prt",
                    "by by ADP 7 case",
                    "a a DET 7 det",
                    "missile missile NOUN 3 obl:agent",
                    fired,
                    "by by ADP 10 case",
                    "rebels rebel NOUN 8 obl:agent",
                ],
                &[(1, 1, "KENMIL"), (10, 10, "SOMREB")],
            );
            let ev = coded(&doc);
            assert!(has(&ev, "194", "SOMREB", "KENMIL"), "{fired}: {ev:?}");
        }
    }

    #[test]
    fn stating_that_another_used_force_accuses_them() {
        // "Kenya said that Somalia had attacked Uganda."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "said say VERB 0 root",
                "that that SCONJ 6 mark",
                "Somalia Somalia PROPN 6 nsubj",
                "had have AUX 6 aux",
                "attacked attack VERB 2 ccomp",
                "Uganda Uganda PROPN 6 obj",
            ],
            &[(1, 1, "KEN"), (4, 4, "SOM"), (7, 7, "UGA")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "112", "KEN", "SOM") && has(&ev, "190", "SOM", "UGA"), "{ev:?}");
        // Its own act is no accusation.
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "said say VERB 0 root",
                "that that SCONJ 6 mark",
                "it it PRON 6 nsubj",
                "had have AUX 6 aux",
                "attacked attack VERB 2 ccomp",
                "Uganda Uganda PROPN 6 obj",
            ],
            &[(1, 1, "KEN"), (4, 4, "KEN"), (7, 7, "UGA")],
        );
        assert!(!coded(&doc).iter().any(|e| e.0 == "112"), "{:?}", coded(&doc));
    }

    #[test]
    fn the_party_inside_a_patterns_phrase_is_the_target() {
        // "Kenya advised against travel to Uganda."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "advised advise VERB 0 root",
                "against against ADP 4 case",
                "travel travel NOUN 2 obl",
                "to to ADP 6 case",
                "Uganda Uganda PROPN 4 nmod",
            ],
            &[(1, 1, "KEN"), (6, 6, "UGA")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "160", "KEN", "UGA"), "{ev:?}");
    }

    #[test]
    fn a_protest_misread_as_a_modifier_of_a_second_subject_of_said_is_still_a_protest() {
        // "Thousands of Kenyan students demonstrated in Nairobi, witnesses said."
        let doc = parsed(
            &[
                "Thousands thousand NOUN 9 nsubj",
                "of of ADP 4 case",
                "Kenyan Kenyan ADJ 4 amod",
                "students student NOUN 1 nmod",
                "demonstrated demonstrate VERB 1 acl",
                "in in ADP 7 case",
                "Nairobi Nairobi PROPN 5 obl",
                "witnesses witness NOUN 9 nsubj",
                "said say VERB 0 root",
            ],
            &[(3, 3, "KEN"), (7, 7, "KENGOV")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("14") && e.1 == "KEN"), "{ev:?}");
    }

    #[test]
    fn an_attributive_participle_is_no_act_in_the_word_order_fallback_either() {
        // "Kenya rejects proposed Ugandan changes" with no target in the tree.
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "rejects reject VERB 0 root",
                "proposed propose VERB 5 amod",
                "Ugandan Ugandan ADJ 5 amod",
                "changes change NOUN 2 dep",
            ],
            &[(1, 1, "KEN"), (4, 4, "UGA")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.0.starts_with("03")), "{ev:?}");
    }

    #[test]
    fn what_someone_is_charged_with_is_only_alleged() {
        // "Kenya charged Uganda with supporting rebels."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "charged charge VERB 0 root",
                "Uganda Uganda PROPN 2 obj",
                "with with SCONJ 5 mark",
                "supporting support VERB 2 advcl",
                "rebels rebel NOUN 5 obj",
            ],
            &[(1, 1, "KEN"), (3, 3, "UGA"), (6, 6, "UGAREB")],
        );
        let ev = coded(&doc);
        assert!(!has(&ev, "051", "UGA", "UGAREB") && !has(&ev, "051", "KEN", "UGAREB"), "{ev:?}");
    }

    #[test]
    fn a_partys_ally_is_not_that_party() {
        // "Rebels killed the chief of Kenya's militia ally in Somalia."
        let doc = parsed(
            &[
                "Rebels rebel NOUN 2 nsubj",
                "killed kill VERB 0 root",
                "chief chief NOUN 2 obj",
                "of of ADP 8 case",
                "Kenya Kenya PROPN 8 nmod:poss",
                "'s 's PART 5 case",
                "militia militia NOUN 8 compound",
                "ally ally NOUN 3 nmod",
                "in in ADP 10 case",
                "Somalia Somalia PROPN 8 nmod",
            ],
            &[(1, 1, "SOMREB"), (5, 5, "KEN"), (10, 10, "SOM")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.2 == "KEN") && has(&ev, "190", "SOMREB", "SOM"), "{ev:?}");
    }

    #[test]
    fn a_clause_on_a_vowed_act_is_not_a_fact() {
        // "Rebels vowed to fight until they capture Goma."
        let doc = parsed(
            &[
                "Rebels rebel NOUN 2 nsubj",
                "vowed vow VERB 0 root",
                "to to PART 4 mark",
                "fight fight VERB 2 xcomp",
                "until until SCONJ 7 mark",
                "they they PRON 7 nsubj",
                "capture capture VERB 4 advcl",
                "Goma Goma PROPN 7 obj",
            ],
            &[(1, 1, "CODREB"), (6, 6, "CODREB"), (8, 8, "CODGOV")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.0.starts_with("19") && !e.3 && e.4 != Modality::Hypothetical), "{ev:?}");
    }

    #[test]
    fn promising_not_to_act_denies_the_act() {
        // "Kenya pledged not to attack Uganda."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "pledged pledge VERB 0 root",
                "not not PART 5 advmod",
                "to to PART 5 mark",
                "attack attack VERB 2 xcomp",
                "Uganda Uganda PROPN 5 obj",
            ],
            &[(1, 1, "KEN"), (6, 6, "UGA")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| !e.3 && e.4 != Modality::Hypothetical), "{ev:?}");
        // "Kenya vowed not to return the islands to Uganda": a refusal, and no visit.
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "vowed vow VERB 0 root",
                "not not PART 5 advmod",
                "to to PART 5 mark",
                "return return VERB 2 xcomp",
                "islands island NOUN 5 obj",
                "to to ADP 8 case",
                "Uganda Uganda PROPN 5 obl",
            ],
            &[(1, 1, "KEN"), (8, 8, "UGA")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("12") && e.1 == "KEN" && e.2 == "UGA" && !e.3), "{ev:?}");
        assert!(!ev.iter().any(|e| e.0.starts_with("04") || e.0.starts_with("03")), "{ev:?}");
    }

    #[test]
    fn a_things_verb_is_no_act_by_word_order_either() {
        // "The statement by Kenya comes a day before a trip to Uganda."
        let doc = parsed(
            &[
                "The the DET 2 det",
                "statement statement NOUN 5 nsubj",
                "by by ADP 4 case",
                "Kenya Kenya PROPN 2 nmod",
                "comes come VERB 0 root",
                "a a DET 7 det",
                "day day NOUN 5 obj",
                "to to ADP 9 case",
                "Uganda Uganda PROPN 7 nmod",
            ],
            &[(4, 4, "KEN"), (9, 9, "UGA")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.1 == "KEN"), "{ev:?}");
    }

    #[test]
    fn a_pronoun_subject_of_what_is_said_is_the_speaker() {
        // "Militants said they attacked Kenya", with "they" unresolved.
        let doc = parsed(
            &[
                "Militants militant NOUN 2 nsubj",
                "said say VERB 0 root",
                "they they PRON 4 nsubj",
                "attacked attack VERB 2 ccomp",
                "Kenya Kenya PROPN 4 obj",
            ],
            &[(1, 1, "SOMREB"), (5, 5, "KEN")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0 == "190" && e.1 == "SOMREB" && e.2 == "KEN" && !e.3), "{ev:?}");
    }

    #[test]
    fn an_event_noun_watched_over_or_talked_about_is_not_done() {
        // "Troops arrived to oversee a ceasefire between Kenya and Uganda."
        let doc = parsed(
            &[
                "Troops troop NOUN 2 nsubj",
                "arrived arrive VERB 0 root",
                "to to PART 4 mark",
                "oversee oversee VERB 2 advcl",
                "a a DET 6 det",
                "ceasefire ceasefire NOUN 4 obj",
                "between between ADP 8 case",
                "Kenya Kenya PROPN 6 nmod",
                "and and CCONJ 10 cc",
                "Uganda Uganda PROPN 8 conj",
            ],
            &[(8, 8, "KEN"), (10, 10, "UGA")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.0.starts_with("08")), "{ev:?}");
    }

    #[test]
    fn a_participle_with_an_agent_read_as_adverbial_is_a_passive() {
        // "The family of a Kenyan civilian killed by Ugandan troops won a challenge", the participle
        // hung on the main verb.
        let doc = parsed(
            &[
                "family family NOUN 8 nsubj",
                "of of ADP 3 case",
                "civilian civilian NOUN 1 nmod",
                "killed kill VERB 8 advcl",
                "by by ADP 6 case",
                "troops troop NOUN 4 obl:agent",
                "have have AUX 8 aux",
                "won win VERB 0 root",
                "appeal appeal NOUN 8 obj",
            ],
            &[(3, 3, "KENCVL"), (6, 6, "UGAMIL")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "190", "UGAMIL", "KENCVL"), "{ev:?}");
    }

    #[test]
    fn a_reason_for_wanting_something_is_a_fact() {
        // "Kenya wants the ban lifted because it wants to sell arms to Uganda."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "wants want VERB 0 root",
                "ban ban NOUN 4 nsubj",
                "lifted lift VERB 2 xcomp",
                "because because SCONJ 7 mark",
                "it it PRON 7 nsubj",
                "wants want VERB 4 advcl",
                "to to PART 9 mark",
                "sell sell VERB 7 xcomp",
                "arms arm NOUN 9 obj",
                "to to ADP 12 case",
                "Uganda Uganda PROPN 9 obl",
            ],
            &[(1, 1, "KEN"), (6, 6, "KEN"), (12, 12, "UGA")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "0332", "KEN", "UGA"), "{ev:?}");
    }

    #[test]
    fn stating_that_another_fought_no_one_accuses_no_one() {
        // "Kenya said that Uganda had fought corruption."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "said say VERB 0 root",
                "that that SCONJ 6 mark",
                "Uganda Uganda PROPN 6 nsubj",
                "had have AUX 6 aux",
                "fought fight VERB 2 ccomp",
                "corruption corruption NOUN 6 obj",
            ],
            &[(1, 1, "KEN"), (4, 4, "UGA")],
        );
        assert!(!coded(&doc).iter().any(|e| e.0 == "112"), "{:?}", coded(&doc));
        // "Kenya said that Uganda had attacked itself": a reflexive object is a party.
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "said say VERB 0 root",
                "that that SCONJ 6 mark",
                "Uganda Uganda PROPN 6 nsubj",
                "had have AUX 6 aux",
                "attacked attack VERB 2 ccomp",
                "itself itself PRON 6 obj",
            ],
            &[(1, 1, "KEN"), (4, 4, "UGA")],
        );
        assert!(has(&coded(&doc), "112", "KEN", "UGA"), "{:?}", coded(&doc));
    }

    #[test]
    fn a_clause_after_as_read_as_a_participle_is_active() {
        // "Talks ended as the Kenyan leader prepared to visit Uganda."
        let doc = parsed(
            &[
                "Talks talk NOUN 2 nsubj",
                "ended end VERB 0 root",
                "as as ADP 5 case",
                "the the DET 5 det",
                "leader leader NOUN 2 obl",
                "prepared prepare VERB 5 acl",
                "to to PART 8 mark",
                "visit visit VERB 6 xcomp",
                "Uganda Uganda PROPN 8 obj",
            ],
            &[(5, 5, "KENGOV"), (9, 9, "UGA")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("04") && e.1 == "KENGOV" && e.2 == "UGA"), "{ev:?}");
    }

    #[test]
    fn a_past_form_tagged_as_an_adjective_between_nouns_is_a_verb() {
        // "Kenyan tanks shelled positions of Ugandan forces", "shelled" tagged ADJ and parsed as a modifier.
        let doc = parsed(
            &[
                "Kenyan Kenyan ADJ 2 amod",
                "tanks tank NOUN 0 root",
                "shelled shell ADJ 4 amod",
                "positions position NOUN 2 obj",
                "of of ADP 7 case",
                "Ugandan Ugandan ADJ 7 amod",
                "forces force NOUN 4 nmod",
            ],
            &[(1, 2, "KENMIL"), (6, 7, "UGAMIL")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("19") && e.1 == "KENMIL" && e.2 == "UGAMIL"), "{ev:?}");
    }

    #[test]
    fn a_document_speaks_for_its_issuer_or_its_place() {
        // "A report released in Nairobi accused Uganda."
        let doc = parsed(
            &[
                "A a DET 2 det",
                "report report NOUN 6 nsubj",
                "released release VERB 2 acl",
                "in in ADP 5 case",
                "Nairobi Nairobi PROPN 3 obl",
                "accused accuse VERB 0 root",
                "Uganda Uganda PROPN 6 obj",
            ],
            &[(5, 5, "KENGOV"), (7, 7, "UGA")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("11") && e.1 == "KENGOV" && e.2 == "UGA"), "{ev:?}");
    }

    #[test]
    fn a_patterns_object_tagged_as_an_adverb_right_after_the_verb_still_matches() {
        // "Kenya expressed sorrow for the victims in Uganda", "sorrow" tagged ADV.
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "expressed express VERB 0 root",
                "sorrow sorrow ADV 2 advmod",
                "for for ADP 5 case",
                "victims victim NOUN 2 obl",
                "in in ADP 7 case",
                "Uganda Uganda PROPN 5 nmod",
            ],
            &[(1, 1, "KEN"), (7, 7, "UGA")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "018", "KEN", "UGA"), "{ev:?}");
    }

    #[test]
    fn the_reporter_after_a_comma_is_not_the_target() {
        // "Rebels shelled a town, killing two people, Kenyan radio reported", with no tree.
        let mut doc = parsed(
            &[
                "Rebels rebel NOUN 0 root",
                "shelled shell VERB 0 root",
                "a a DET 0 root",
                "town town NOUN 0 root",
                ", , PUNCT 0 root",
                "killing kill VERB 0 root",
                "two two NUM 0 root",
                "people people NOUN 0 root",
                ", , PUNCT 0 root",
                "Kenyan Kenyan ADJ 0 root",
                "radio radio NOUN 0 root",
                "reported report VERB 0 root",
            ],
            &[(1, 1, "SOMREB"), (10, 11, "KENMED")],
        );
        for t in doc.tokens.iter_mut() {
            t.head = None;
        }
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.2 == "KENMED"), "{ev:?}");
    }

    #[test]
    fn the_author_of_a_condemned_act_is_the_target() {
        // "Kenya condemned the attack on civilians by Ugandan forces."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "condemned condemn VERB 0 root",
                "attack attack NOUN 2 obj",
                "on on ADP 5 case",
                "civilians civilian NOUN 3 nmod",
                "by by ADP 8 case",
                "Ugandan Ugandan ADJ 8 amod",
                "forces force NOUN 3 nmod",
            ],
            &[(1, 1, "KEN"), (5, 5, "SOMCVL"), (7, 8, "UGAMIL")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "111", "KEN", "UGAMIL") && !ev.iter().any(|e| e.0 == "111" && e.2 == "SOMCVL"), "{ev:?}");
    }

    #[test]
    fn what_is_denied_is_not_asserted() {
        // "Kenya denied that its troops attacked Uganda."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "denied deny VERB 0 root",
                "that that SCONJ 6 mark",
                "its its PRON 5 nmod:poss",
                "troops troop NOUN 6 nsubj",
                "attacked attack VERB 2 ccomp",
                "Uganda Uganda PROPN 6 obj",
            ],
            &[(1, 1, "KEN"), (4, 5, "KENMIL"), (7, 7, "UGA")],
        );
        let ev = coded(&doc);
        assert!(!has(&ev, "190", "KENMIL", "UGA"), "{ev:?}");
    }

    #[test]
    fn the_reporter_named_by_a_modifier_after_a_comma_is_not_the_target() {
        // "Somalia fired missiles into the sea, Kenyan officials said", with no tree.
        let mut doc = parsed(
            &[
                "Somalia Somalia PROPN 0 root",
                "fired fire VERB 0 root",
                "missiles missile NOUN 0 root",
                "into into ADP 0 root",
                "the the DET 0 root",
                "sea sea NOUN 0 root",
                ", , PUNCT 0 root",
                "Kenyan Kenyan ADJ 0 root",
                "officials official NOUN 0 root",
                "said say VERB 0 root",
            ],
            &[(1, 1, "SOM"), (8, 8, "KEN")],
        );
        for t in doc.tokens.iter_mut() {
            t.head = None;
        }
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.2 == "KEN"), "{ev:?}");
    }

    #[test]
    fn a_passive_subject_naming_no_actor_is_not_replaced_by_an_actor_inside_its_phrase() {
        // "The journalists detained for reporting against Nairobi were freed by Kenya."
        let doc = parsed(
            &[
                "The the DET 2 det",
                "journalists journalist NOUN 9 nsubj:pass",
                "detained detain VERB 2 acl",
                "for for SCONJ 5 mark",
                "reporting report VERB 3 advcl",
                "against against ADP 7 case",
                "Nairobi Nairobi PROPN 5 obl",
                "were be AUX 9 aux:pass",
                "freed free VERB 0 root",
                "by by ADP 11 case",
                "Kenya Kenya PROPN 9 obl",
            ],
            &[(7, 7, "KENGOV"), (11, 11, "KEN")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.0.starts_with("08") && e.2 == "KENGOV"), "{ev:?}");
    }

    #[test]
    fn a_target_may_hang_on_the_instrument() {
        // "Kenya retaliated with airstrikes on Somalia."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "retaliated retaliate VERB 0 root",
                "with with ADP 4 case",
                "airstrikes airstrike NOUN 2 obl",
                "on on ADP 6 case",
                "Somalia Somalia PROPN 4 nmod",
            ],
            &[(1, 1, "KEN"), (6, 6, "SOM")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("19") && e.1 == "KEN" && e.2 == "SOM"), "{ev:?}");
    }

    #[test]
    fn a_coordinated_clauses_subject_read_as_a_conjunct_of_the_object_is_its_subject() {
        // "Somalia shelled Kenya and Kenya retaliated with airstrikes on Somalia."
        let doc = parsed(
            &[
                "Somalia Somalia PROPN 2 nsubj",
                "shelled shell VERB 0 root",
                "Kenya Kenya PROPN 2 obj",
                "and and CCONJ 5 cc",
                "Kenya Kenya PROPN 3 conj",
                "retaliated retaliate VERB 2 conj",
                "with with ADP 8 case",
                "airstrikes airstrike NOUN 6 obl",
                "on on ADP 10 case",
                "Somalia Somalia PROPN 8 nmod",
            ],
            &[(1, 1, "SOM"), (3, 3, "KEN"), (5, 5, "KEN"), (10, 10, "SOM")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("19") && e.1 == "KEN" && e.2 == "SOM"), "{ev:?}");
    }

    #[test]
    fn talks_between_two_parties_that_were_held_are_their_meeting() {
        // "Talks between Kenya and Uganda were held in Nairobi."
        let doc = parsed(
            &[
                "Talks talk NOUN 7 nsubj:pass",
                "between between ADP 3 case",
                "Kenya Kenya PROPN 1 nmod",
                "and and CCONJ 5 cc",
                "Uganda Uganda PROPN 3 conj",
                "were be AUX 7 aux:pass",
                "held hold VERB 0 root",
                "in in ADP 9 case",
                "Nairobi Nairobi PROPN 7 obl",
            ],
            &[(3, 3, "KEN"), (5, 5, "UGA"), (9, 9, "KENGOV")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("04") && e.1 == "KEN" && e.2 == "UGA"), "{ev:?}");
    }

    #[test]
    fn what_one_is_accused_of_by_someone_is_only_alleged() {
        // "Kenya was accused by Uganda of shelling civilians", the clause hung on the agent.
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 3 nsubj:pass",
                "was be AUX 3 aux:pass",
                "accused accuse VERB 0 root",
                "by by ADP 5 case",
                "Uganda Uganda PROPN 3 obl:agent",
                "of of SCONJ 7 mark",
                "shelling shell VERB 5 acl",
                "civilians civilian NOUN 7 obj",
            ],
            &[(1, 1, "KEN"), (5, 5, "UGA"), (8, 8, "KENCVL")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.0.starts_with("19") && !e.3 && e.4 != Modality::Hypothetical), "{ev:?}");
    }

    #[test]
    fn coordinated_parties_meeting_somewhere_meet_each_other() {
        // "Kenya and Uganda met in Brussels."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 4 nsubj",
                "and and CCONJ 3 cc",
                "Uganda Uganda PROPN 1 conj",
                "met meet VERB 0 root",
                "in in ADP 6 case",
                "Brussels Brussels PROPN 4 obl",
            ],
            &[(1, 1, "KEN"), (3, 3, "UGA"), (6, 6, "BELGOV")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("04") && e.1 == "KEN" && e.2 == "UGA"), "{ev:?}");
        assert!(!ev.iter().any(|e| e.2 == "BELGOV"), "{ev:?}");
    }

    #[test]
    fn two_subjects_joined_by_and_on_the_verb_both_act() {
        // "Kenya's president and Uganda's president met in Brussels", the "and" hung on the verb.
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nmod:poss",
                "president president NOUN 6 nsubj",
                "and and CCONJ 6 cc",
                "Uganda Uganda PROPN 5 nmod:poss",
                "president president NOUN 6 nsubj",
                "met meet VERB 0 root",
                "in in ADP 8 case",
                "Brussels Brussels PROPN 6 obl",
            ],
            &[(1, 1, "KEN"), (4, 4, "UGA"), (8, 8, "BELGOV")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("04") && e.1 == "KEN" && e.2 == "UGA"), "{ev:?}");
    }

    #[test]
    fn an_unresolved_possessive_in_what_is_said_is_the_speakers() {
        // "Rebels said their withdrawal from Goma was complete", "their" unresolved.
        let doc = parsed(
            &[
                "Rebels rebel NOUN 2 nsubj",
                "said say VERB 0 root",
                "their their PRON 4 nmod:poss",
                "withdrawal withdrawal NOUN 9 nsubj",
                "from from ADP 6 case",
                "Goma Goma PROPN 4 nmod",
                "was be AUX 9 cop",
                "now now ADV 9 advmod",
                "complete complete ADJ 2 ccomp",
            ],
            &[(1, 1, "CODREB"), (6, 6, "COD")],
        );
        let ev = coded(&doc);
        assert!(ev.iter().any(|e| e.0.starts_with("087") && e.1 == "CODREB" && e.2 == "COD"), "{ev:?}");
    }

    #[test]
    fn a_spokesman_for_a_body_speaks_for_it() {
        // "A spokesman for Kenya criticized Uganda."
        let doc = parsed(
            &[
                "A a DET 2 det",
                "spokesman spokesman NOUN 5 nsubj",
                "for for ADP 4 case",
                "Kenya Kenya PROPN 2 nmod",
                "criticized criticize VERB 0 root",
                "Uganda Uganda PROPN 5 obj",
            ],
            &[(4, 4, "KENGOV"), (6, 6, "UGA")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "111", "KENGOV", "UGA"), "{ev:?}");
    }

    #[test]
    fn what_someone_is_warned_against_is_not_done() {
        // "Kenya warned Uganda against attacking Somalia."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "warned warn VERB 0 root",
                "Uganda Uganda PROPN 2 iobj",
                "against against SCONJ 5 mark",
                "attacking attack VERB 2 advcl",
                "Somalia Somalia PROPN 5 obj",
            ],
            &[(1, 1, "KEN"), (3, 3, "UGA"), (6, 6, "SOM")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.0.starts_with("19") && !e.3 && e.4 != Modality::Hypothetical), "{ev:?}");
    }

    #[test]
    fn a_patterns_modifier_matches_by_form_when_the_lemma_is_wrong() {
        // "Kenyan students began a hunger strike outside Parliament", "hunger" lemmatized as "hung".
        let doc = parsed(
            &[
                "Kenyan Kenyan ADJ 2 amod",
                "students student NOUN 3 nsubj",
                "began begin VERB 0 root",
                "a a DET 6 det",
                "hunger hung ADJ 6 amod",
                "strike strike NOUN 3 obj",
                "outside outside ADP 8 case",
                "Parliament Parliament PROPN 6 nmod",
            ],
            &[(1, 2, "KENEDU"), (8, 8, "KENLEG")],
        );
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.0.starts_with("19")), "{ev:?}");
    }

    #[test]
    fn the_one_warned_is_the_target_before_a_party_inside_the_phrase() {
        // "Kenya warned Uganda against arms sales to Somalia."
        let doc = parsed(
            &[
                "Kenya Kenya PROPN 2 nsubj",
                "warned warn VERB 0 root",
                "Uganda Uganda PROPN 2 obj",
                "against against ADP 6 case",
                "arms arm NOUN 6 compound",
                "sales sale NOUN 2 obl",
                "to to ADP 8 case",
                "Somalia Somalia PROPN 6 nmod",
            ],
            &[(1, 1, "KEN"), (3, 3, "UGA"), (8, 8, "SOM")],
        );
        let ev = coded(&doc);
        assert!(has(&ev, "012", "KEN", "UGA") && !ev.iter().any(|e| e.2 == "SOM"), "{ev:?}");
    }

    #[test]
    fn a_noun_behind_a_preposition_is_no_object_by_word_order() {
        // "Kenya called for an end to Ugandan strikes", with no tree.
        let mut doc = parsed(
            &[
                "Kenya Kenya PROPN 0 root",
                "called call VERB 0 root",
                "for for ADP 0 root",
                "an a DET 0 root",
                "end end NOUN 0 root",
                "to to ADP 0 root",
                "Ugandan Ugandan ADJ 0 root",
                "strikes strike NOUN 0 root",
            ],
            &[(1, 1, "KEN"), (7, 7, "UGA")],
        );
        for t in doc.tokens.iter_mut() {
            t.head = None;
        }
        let ev = coded(&doc);
        assert!(!ev.iter().any(|e| e.0.starts_with("143")), "{ev:?}");
    }
}
