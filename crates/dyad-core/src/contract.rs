//! The JSONL contract of `../shared/eval/CONTRACT.md`: documents in, one result per document out.
//! Offsets in the output are in characters (Unicode scalar values), end exclusive.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{CharIndex, Document, Span};

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("not a JSON object: {0}")]
    Json(#[from] serde_json::Error),
    #[error("missing or empty \"{0}\" field")]
    Missing(&'static str),
    #[error("\"date\" must be YYYY-MM-DD (or an RFC 3339 timestamp), got {0:?}")]
    BadDate(String),
}

/// One input line. Unknown fields are ignored; `id` may be a string or a number.
#[derive(Debug, Deserialize)]
struct InputLine {
    id: Option<Value>,
    text: Option<String>,
    date: Option<String>,
    title: Option<String>,
    url: Option<String>,
    #[serde(alias = "outlet")]
    source: Option<String>,
}

/// Parses a publication date given as `YYYY-MM-DD` or as a timestamp starting with one.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let head = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
}

/// Reads one contract input line into a [`Document`].
pub fn parse_input_line(line: &str) -> Result<Document, InputError> {
    let input: InputLine = serde_json::from_str(line)?;
    let id = match input.id {
        Some(Value::String(s)) if !s.is_empty() => s,
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(InputError::Missing("id")),
    };
    let text = input.text.ok_or(InputError::Missing("text"))?;
    let date = match input.date.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(d) => Some(parse_date(d).ok_or_else(|| InputError::BadDate(d.to_owned()))?),
    };
    Ok(Document {
        id,
        text,
        title: input.title.filter(|t| !t.is_empty()),
        date,
        url: input.url.filter(|t| !t.is_empty()),
        outlet: input.source.filter(|t| !t.is_empty()),
        ..Default::default()
    })
}

#[derive(Serialize)]
struct Output<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a str>,
    entities: Vec<OutEntity<'a>>,
    events: Vec<OutEvent<'a>>,
    quotes: Vec<OutQuote<'a>>,
    amounts: Vec<OutAmount<'a>>,
    dates: Vec<OutDate<'a>>,
}

#[derive(Serialize)]
struct OutEntity<'a> {
    id: String,
    text: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    actor: Option<&'a crate::ActorCode>,
    #[serde(skip_serializing_if = "Option::is_none")]
    country: Option<&'a str>,
    mentions: Vec<OutMention<'a>>,
}

#[derive(Serialize)]
struct OutMention<'a> {
    sentence: usize,
    start: usize,
    end: usize,
    text: &'a str,
    kind: crate::MentionKind,
}

#[derive(Serialize)]
struct OutActor<'a> {
    code: &'a str,
    text: &'a str,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<String>,
}

#[derive(Serialize)]
struct OutEvent<'a> {
    sentence: usize,
    source: Option<OutActor<'a>>,
    target: Option<OutActor<'a>>,
    code: &'a str,
    root: &'a str,
    /// Widened to f64 as the JSON has always carried it (1.899999976158142 for 1.9), so that the results
    /// and the store, which keeps it as f64, agree to the last digit.
    goldstein: f64,
    quad_class: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    plover: Option<&'a crate::Plover>,
    trigger: &'a str,
    trigger_start: usize,
    trigger_end: usize,
    negated: bool,
    modality: crate::Modality,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    quote: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<OutActor<'a>>,
}

#[derive(Serialize)]
struct OutSpeaker<'a> {
    text: &'a str,
    start: usize,
    end: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
}

#[derive(Serialize)]
struct OutQuote<'a> {
    sentence: usize,
    start: usize,
    end: usize,
    text: &'a str,
    kind: crate::QuoteKind,
    speaker: Option<OutSpeaker<'a>>,
    cue: Option<&'a str>,
    via: &'a [String],
}

#[derive(Serialize)]
struct OutAmount<'a> {
    sentence: usize,
    start: usize,
    end: usize,
    text: &'a str,
    value: f64,
    unit: Option<&'a str>,
}

#[derive(Serialize)]
struct OutDate<'a> {
    sentence: usize,
    start: usize,
    end: usize,
    text: &'a str,
    value: Option<&'a str>,
}

fn out_actor<'a>(doc: &'a Document, idx: &CharIndex, a: &'a Option<crate::EventActor>) -> Option<OutActor<'a>> {
    a.as_ref().map(|a| {
        let (start, end) = idx.chars(a.span);
        OutActor { code: &a.code, text: doc.slice(a.span), start, end, entity: a.entity.map(entity_id) }
    })
}

fn entity_id(i: usize) -> String {
    format!("e{}", i + 1)
}

/// The contract's result object for one processed document.
pub fn to_json(doc: &Document) -> Value {
    serde_json::to_value(output(doc)).expect("contract output is always serialisable")
}

/// Writes the contract's result object for `doc` as JSON, followed by the fields of `extra` (a struct or
/// map), without building a [`Value`] first: `dyad extract` writes every result this way.
pub fn write_json<W: std::io::Write, E: Serialize>(doc: &Document, extra: &E, out: W) -> serde_json::Result<()> {
    #[derive(Serialize)]
    struct Line<'a, E> {
        #[serde(flatten)]
        result: Output<'a>,
        #[serde(flatten)]
        extra: &'a E,
    }
    serde_json::to_writer(out, &Line { result: output(doc), extra })
}

fn output(doc: &Document) -> Output<'_> {
    let idx = CharIndex::new(&doc.text);
    let t = |s: Span| doc.slice(s);
    let c = |s: Span| idx.chars(s);
    let out = Output {
        id: &doc.id,
        title: doc.title.as_deref(),
        date: doc.date.map(|d| d.to_string()),
        url: doc.url.as_deref(),
        source: doc.outlet.as_deref(),
        entities: doc
            .entities
            .iter()
            .enumerate()
            .map(|(i, e)| OutEntity {
                id: entity_id(i),
                text: &e.name,
                kind: e.kind.as_str(),
                actor: e.actor.as_ref(),
                country: e.country.as_deref(),
                mentions: e
                    .mentions
                    .iter()
                    .map(|m| {
                        let (start, end) = c(m.span);
                        OutMention { sentence: m.sentence, start, end, text: t(m.span), kind: m.kind }
                    })
                    .collect(),
            })
            .collect(),
        events: doc
            .events
            .iter()
            .map(|e| {
                let (trigger_start, trigger_end) = c(e.trigger);
                OutEvent {
                    sentence: e.sentence,
                    source: out_actor(doc, &idx, &e.source),
                    target: out_actor(doc, &idx, &e.target),
                    code: &e.code,
                    root: e.root(),
                    goldstein: f64::from(e.goldstein),
                    quad_class: e.quad_class,
                    plover: e.plover.as_ref(),
                    trigger: t(e.trigger),
                    trigger_start,
                    trigger_end,
                    negated: e.negated,
                    modality: e.modality,
                    date: e.date.as_deref(),
                    quote: e.quote,
                    location: out_actor(doc, &idx, &e.location),
                }
            })
            .collect(),
        quotes: doc
            .quotes
            .iter()
            .map(|q| {
                let (start, end) = c(q.span);
                OutQuote {
                    sentence: q.sentence,
                    start,
                    end,
                    text: t(q.span),
                    kind: q.kind,
                    speaker: q.speaker.as_ref().map(|s| {
                        let (start, end) = c(s.span);
                        OutSpeaker {
                            text: t(s.span),
                            start,
                            end,
                            entity: s.entity.map(entity_id),
                            name: s.entity.and_then(|i| doc.entities.get(i)).map(|e| e.name.as_str()),
                        }
                    }),
                    cue: q.cue.as_deref(),
                    via: &q.via,
                }
            })
            .collect(),
        amounts: doc
            .amounts
            .iter()
            .map(|a| {
                let (start, end) = c(a.span);
                OutAmount { sentence: a.sentence, start, end, text: t(a.span), value: a.value, unit: a.unit.as_deref() }
            })
            .collect(),
        dates: doc
            .dates
            .iter()
            .map(|d| {
                let (start, end) = c(d.span);
                OutDate { sentence: d.sentence, start, end, text: t(d.span), value: d.value.as_deref() }
            })
            .collect(),
    };
    out
}

/// The sentences of a document with their tokens, for `--tokens` output: character offsets, tags,
/// lemma, and the head as a 1-based position within the sentence (0 for the root), as in CoNLL-U.
pub fn sentences_json(doc: &Document) -> Value {
    let idx = CharIndex::new(&doc.text);
    let sentences: Vec<Value> = doc
        .sentences
        .iter()
        .map(|s| {
            let (start, end) = idx.chars(s.span);
            let tokens: Vec<Value> = s
                .tokens
                .clone()
                .map(|t| {
                    let tok = &doc.tokens[t];
                    let (ts, te) = idx.chars(tok.span);
                    let head = tok.head.filter(|h| s.tokens.contains(h)).map_or(0, |h| h - s.tokens.start + 1);
                    serde_json::json!({
                        "id": t - s.tokens.start + 1,
                        "text": doc.slice(tok.span),
                        "start": ts,
                        "end": te,
                        "upos": tok.upos.as_str(),
                        "xpos": tok.xpos,
                        "lemma": tok.lemma,
                        "head": head,
                        "deprel": tok.deprel,
                    })
                })
                .collect();
            serde_json::json!({"start": start, "end": end, "text": doc.slice(s.span), "tokens": tokens})
        })
        .collect();
    Value::Array(sentences)
}

/// The input-side JSON of a document (for `dyad ingest`-style round trips and the JSONL reader's tests).
pub fn input_json(doc: &Document) -> Value {
    let mut v = serde_json::json!({"id": doc.id, "text": doc.text});
    let m = v.as_object_mut().expect("object");
    if let Some(d) = doc.date {
        m.insert("date".into(), d.to_string().into());
    }
    for (k, val) in [("title", &doc.title), ("url", &doc.url), ("source", &doc.outlet)] {
        if let Some(s) = val {
            m.insert(k.into(), s.clone().into());
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::*;

    #[test]
    fn input_line_round_trip() {
        let doc = parse_input_line(r#"{"id":7,"text":"Hi.","date":"2024-03-19T10:00:00Z","source":"Tass"}"#).unwrap();
        assert_eq!(doc.id, "7");
        assert_eq!(doc.date, NaiveDate::from_ymd_opt(2024, 3, 19));
        assert_eq!(doc.outlet.as_deref(), Some("Tass"));
        let back = parse_input_line(&input_json(&doc).to_string()).unwrap();
        assert_eq!(back.id, doc.id);
        assert_eq!(back.date, doc.date);
    }

    #[test]
    fn input_line_errors_name_the_problem() {
        assert!(matches!(parse_input_line("not json"), Err(InputError::Json(_))));
        assert!(matches!(parse_input_line(r#"{"text":"x"}"#), Err(InputError::Missing("id"))));
        assert!(matches!(parse_input_line(r#"{"id":"a"}"#), Err(InputError::Missing("text"))));
        assert!(matches!(parse_input_line(r#"{"id":"a","text":"","date":"March"}"#), Err(InputError::BadDate(_))));
    }

    #[test]
    fn output_uses_character_offsets() {
        let mut doc = Document::new("d", "“Hé” said Xi.");
        let xi = doc.text.find("Xi").unwrap();
        doc.entities.push(Entity {
            name: "Xi".into(),
            kind: EntityType::Person,
            actor: Some(ActorCode { code: "CHNGOV".into(), name: "Xi Jinping".into() }),
            country: None,
            mentions: vec![Mention { span: Span::new(xi, xi + 2), sentence: 0, kind: MentionKind::Name }],
        });
        let v = to_json(&doc);
        let m = &v["entities"][0]["mentions"][0];
        assert_eq!(m["start"], 10);
        assert_eq!(m["end"], 12);
        assert_eq!(m["text"], "Xi");
        assert_eq!(v["entities"][0]["id"], "e1");
        assert_eq!(v["entities"][0]["actor"]["code"], "CHNGOV");
        assert!(v["events"].as_array().unwrap().is_empty());
    }
}
