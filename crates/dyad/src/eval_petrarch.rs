//! `dyad eval petrarch` and `dyad eval tabari`: run a PETRARCH2 or TABARI validation suite with its own
//! dictionaries, coding events with those dictionaries' verb patterns over dyad's dependency parses.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use anyhow::{bail, Context};
use chrono::NaiveDate;
use dyad_actors::petrarch::{Dialect, PetrarchActors};
use dyad_core::{Document, Pipeline};
use dyad_events::loaded::LoadedCoder;
use dyad_events::petrarch::{ParsedSentence, Triple, VerbDictionary};
use serde_json::json;

use crate::EXIT_OK;

/// PETRARCH or TABARI dictionaries to load (each option repeatable).
#[derive(clap::Args, Clone, Default)]
pub struct DictionaryArgs {
    /// Actor dictionaries (PETRARCH or TABARI format).
    #[arg(long)]
    pub actors: Vec<PathBuf>,
    /// Agent dictionaries.
    #[arg(long)]
    pub agents: Vec<PathBuf>,
    /// Discard dictionaries: a story with one of their phrases is not coded.
    #[arg(long)]
    pub discards: Vec<PathBuf>,
    /// Verb dictionaries with their patterns (PETRARCH's `--- VERB ---` blocks or TABARI's lines).
    #[arg(long)]
    pub verbs: Vec<PathBuf>,
}

impl DictionaryArgs {
    pub fn is_empty(&self) -> bool {
        self.actors.is_empty() && self.agents.is_empty() && self.discards.is_empty() && self.verbs.is_empty()
    }

    /// Reads every file; a malformed entry stops with its file and line.
    pub fn load(&self, dialect: Dialect) -> anyhow::Result<LoadedCoder> {
        if self.verbs.is_empty() || self.actors.is_empty() {
            bail!("loaded dictionaries need at least one --verbs and one --actors file");
        }
        let mut actors = PetrarchActors::new(dialect);
        for f in &self.actors {
            actors.load_actors(f)?;
        }
        for f in &self.agents {
            actors.load_agents(f)?;
        }
        for f in &self.discards {
            actors.load_discards(f)?;
        }
        let mut verbs = VerbDictionary::new();
        for f in &self.verbs {
            verbs.load(f)?;
        }
        // Malformed entries were skipped: each is named, and the count closes the list.
        let warnings: Vec<&String> = actors.warnings.iter().chain(&verbs.warnings).collect();
        for w in &warnings {
            eprintln!("dyad: warning: skipped {w}");
        }
        if !warnings.is_empty() {
            eprintln!("dyad: {} malformed dictionary lines skipped", warnings.len());
        }
        Ok(LoadedCoder::new(actors, verbs))
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// The records: PETR.UnitTest.records.xml (or its JSONL form) for `petrarch`, Validate.text for `tabari`.
    pub records: PathBuf,
    #[command(flatten)]
    pub dictionaries: DictionaryArgs,
    /// Exit with status 1 when the triple F1 (in percent) is below this.
    #[arg(long)]
    pub min_f1: Option<f64>,
    /// Print every record not coded exactly, with expected and found events, on stderr.
    #[arg(long)]
    pub show_errors: bool,
    /// With --show-errors, also print each sentence's parse and actor mentions.
    #[arg(long)]
    pub explain: bool,
}

/// A validation record.
struct Record {
    id: String,
    category: String,
    date: Option<NaiveDate>,
    text: String,
    expected: BTreeSet<Triple>,
}

pub fn run(args: Args, tabari: bool) -> anyhow::Result<u8> {
    let path = args.records.display().to_string();
    let raw = std::fs::read_to_string(&args.records).with_context(|| format!("cannot read {path}"))?;
    let records = if tabari {
        read_tabari(&raw)
    } else if path.ends_with(".jsonl") {
        read_jsonl(&raw)?
    } else {
        read_petrarch_xml(&raw)?
    };
    if records.is_empty() {
        bail!("no records in {path}");
    }
    let coder = args.dictionaries.load(if tabari { Dialect::Tabari } else { Dialect::Petrarch })?;
    eprintln!(
        "{} records; {} actor phrases, {} agent phrases, {} verbs with {} patterns",
        records.len(),
        coder.actors.actors.len(),
        coder.actors.agents.len(),
        coder.verbs.blocks.len(),
        coder.verbs.patterns()
    );
    let pipeline = parser_pipeline()?;
    let (mut tp, mut found_n, mut expected_n, mut exact) = (0, 0, 0, 0);
    let mut by_category: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in &records {
        let mut doc = Document::new(r.id.clone(), r.text.clone());
        doc.date = r.date;
        pipeline.run(&mut doc);
        let found: BTreeSet<Triple> =
            coder.code_document(&doc).into_iter().flat_map(|se| se.events).map(|e| e.triple).collect();
        let hits = found.intersection(&r.expected).count();
        tp += hits;
        found_n += found.len();
        expected_n += r.expected.len();
        let ok = found == r.expected;
        exact += usize::from(ok);
        let c = by_category.entry(r.category.as_str()).or_default();
        c.0 += usize::from(ok);
        c.1 += 1;
        if !ok && args.show_errors {
            let show = |s: &BTreeSet<Triple>| {
                s.iter().map(|t| format!("{}/{}/{}", t.source, t.target, t.code)).collect::<Vec<_>>().join(" ")
            };
            eprintln!("{}: expected [{}] found [{}]\n  {}", r.id, show(&r.expected), show(&found), r.text);
            if args.explain {
                explain(&doc, &coder.actors);
            }
        }
    }
    for (category, (ok, n)) in &by_category {
        println!("{category:<12} {ok:>4} / {n:<4} exact  {:6.1}%", 100.0 * *ok as f64 / *n as f64);
    }
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { 100.0 * a as f64 / b as f64 };
    let (p, r) = (ratio(tp, found_n), ratio(tp, expected_n));
    let f1 = if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) };
    println!("triples: expected {expected_n}, found {found_n}, correct {tp}");
    let round2 = |x: f64| (x * 100.0).round() / 100.0;
    println!(
        "{}",
        json!({"records": records.len(), "exact": exact, "precision": round2(p), "recall": round2(r), "f1": round2(f1)})
    );
    if let Some(bar) = args.min_f1 {
        if f1 < bar {
            eprintln!("dyad: triple F1 {f1:.2} is below the bar {bar:.2}");
            return Ok(crate::EXIT_ERROR);
        }
    }
    Ok(EXIT_OK)
}

/// Segmenter, tagger and parser: the suites' dictionaries replace dyad's own actors and events.
fn parser_pipeline() -> anyhow::Result<Pipeline> {
    let mut pipeline = Pipeline::new();
    pipeline.push(Box::new(dyad_nlp::segment::Segmenter));
    pipeline.push(Box::new(dyad_nlp::tagger::Tagger::embedded()?));
    pipeline.push(Box::new(dyad_nlp::parser::Parser::embedded()?));
    Ok(pipeline)
}

/// Each sentence's words with their heads and relations, and the actor mentions found in it.
fn explain(doc: &Document, dict: &PetrarchActors) {
    for i in 0..doc.sentences.len() {
        let s = ParsedSentence::from_doc(doc, i);
        let words: Vec<String> = (0..s.words.len())
            .map(|k| {
                format!("{k}:{}<{}:{}", s.words[k], s.heads[k].map_or("-".into(), |h| h.to_string()), s.deprels[k])
            })
            .collect();
        eprintln!("    {}", words.join(" "));
        for m in dict.mentions(&s.words, &s.heads, &s.deprels, doc.date) {
            eprintln!("    mention {}..{} head {} {:?}", m.start, m.end, m.head, m.codes);
        }
    }
}

/// `YYMMDD` (years before 30 are 20YY) or `YYYYMMDD`.
fn parse_date(s: &str) -> Option<NaiveDate> {
    match s.len() {
        8 => NaiveDate::parse_from_str(s, "%Y%m%d").ok(),
        6 => {
            let yy: i32 = s[..2].parse().ok()?;
            let year = if yy < 30 { 2000 + yy } else { 1900 + yy };
            NaiveDate::from_ymd_opt(year, s[2..4].parse().ok()?, s[4..].parse().ok()?)
        }
        _ => None,
    }
}

fn triple(source: &str, target: &str, code: &str) -> Triple {
    Triple { source: source.trim().to_uppercase(), target: target.trim().to_uppercase(), code: code.trim().into() }
}

fn category_of(id: &str) -> String {
    id.split_once('-').map_or(id, |(c, _)| c).to_string()
}

fn read_jsonl(raw: &str) -> anyhow::Result<Vec<Record>> {
    let mut records = Vec::new();
    for (n, line) in raw.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).with_context(|| format!("line {}", n + 1))?;
        let s = |k: &str| v[k].as_str().unwrap_or("").to_string();
        let expected = v["expected"].as_array().into_iter().flatten().map(|e| {
            let f = |k: &str| e[k].as_str().unwrap_or("").to_string();
            triple(&f("source"), &f("target"), &f("code"))
        });
        let id = s("id");
        let category = Some(s("category")).filter(|c| !c.is_empty()).unwrap_or_else(|| category_of(&id));
        records.push(Record {
            category,
            date: parse_date(&s("date")),
            text: s("text"),
            expected: expected.collect(),
            id,
        });
    }
    Ok(records)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// The value of attribute `name` in a tag's text: `name="v"`, `name = 'v'` (the suite uses both quotes, with
/// or without spaces around `=`).
fn attribute<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(p) = rest.find(name) {
        let before_ok = rest[..p].chars().next_back().is_none_or(|c| c.is_whitespace());
        let after = rest[p + name.len()..].trim_start();
        rest = &rest[p + name.len()..];
        let Some(value) = after.strip_prefix('=').filter(|_| before_ok).map(str::trim_start) else { continue };
        let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &value[1..];
        return Some(&value[..value.find(quote)?]);
    }
    None
}

/// PETRARCH's unit-test XML: `<Sentence id date category>` with `<EventCoding>`s and `<Text>`.
fn read_petrarch_xml(raw: &str) -> anyhow::Result<Vec<Record>> {
    let mut records = Vec::new();
    for chunk in raw.split("<Sentence ").skip(1) {
        let tag = &chunk[..chunk.find('>').context("unclosed <Sentence> tag")?];
        let body = chunk.split("</Sentence>").next().unwrap_or(chunk);
        let Some(id) = attribute(tag, "id").map(str::to_string) else { continue };
        let text = body
            .split_once("<Text>")
            .and_then(|(_, t)| t.split_once("</Text>"))
            .with_context(|| format!("{id}: no <Text>"))?
            .0;
        // `<EventCoding error="...">` and `<EventCoding noevents="True">` expect no event.
        let expected = body.split("<EventCoding ").skip(1).filter_map(|e| {
            let e = &e[..e.find('>').unwrap_or(e.len())];
            let a = |k: &str| attribute(e, k).unwrap_or("").to_string();
            attribute(e, "eventcode").map(|_| triple(&a("sourcecode"), &a("targetcode"), &a("eventcode")))
        });
        records.push(Record {
            category: attribute(tag, "category").map_or_else(|| category_of(&id), str::to_string),
            date: attribute(tag, "date").and_then(parse_date),
            text: unescape(&text.split_whitespace().collect::<Vec<_>>().join(" ")),
            expected: expected.collect(),
            id,
        });
    }
    Ok(records)
}

/// TABARI's Validate.text: `YYMMDD ID` lines, the text, then a `/* ... */` note with `{ SRC / TGT / CODE }`.
fn read_tabari(raw: &str) -> Vec<Record> {
    let mut records = Vec::new();
    let mut lines = raw.lines().peekable();
    while let Some(line) = lines.next() {
        // `950101  DEMO-01`; also `20150607 YYYY-01` (with the YYYY option), `950101 950101 AGENTS-11`
        // and `950104  FBIS-001-001  CEP2002...` (a document id after the record's). A record whose date
        // does not read (`9501201`) is coded undated.
        let mut head = line.split_whitespace();
        let Some(date) = head.next().filter(|d| d.len() >= 6 && d.chars().all(|c| c.is_ascii_digit())) else {
            continue;
        };
        let Some(id) = head.find(|t| !t.chars().all(|c| c.is_ascii_digit())) else { continue };
        let date = parse_date(date);
        let mut text = Vec::new();
        let mut note = String::new();
        for l in lines.by_ref() {
            if let Some((t, rest)) = l.split_once("/*") {
                text.push(t.to_string());
                note.push_str(rest);
                break;
            }
            text.push(l.to_string());
        }
        while !note.contains("*/") {
            match lines.next() {
                Some(l) => {
                    note.push('\n');
                    note.push_str(l);
                }
                None => break,
            }
        }
        let expected = note.split('{').skip(1).filter_map(|g| {
            let inner = g.split('}').next()?;
            let parts: Vec<&str> = inner.split('/').collect();
            (parts.len() == 3).then(|| triple(parts[0], parts[1], parts[2]))
        });
        records.push(Record {
            category: category_of(id),
            date,
            text: text.join(" ").split_whitespace().collect::<Vec<_>>().join(" "),
            expected: expected.collect(),
            id: id.to_string(),
        });
    }
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(r: &Record) -> Vec<String> {
        r.expected.iter().map(|t| format!("{}/{}/{}", t.source, t.target, t.code)).collect()
    }

    #[test]
    fn petrarch_records_as_the_suite_writes_them() {
        let xml = r#"<Sentences>
<!-- <Sentence in a comment -->
<Sentence date = "20080801" id ="AFP-2" category="PARSING"  sentence="true">
<EventCoding sourcecode="ARN" targetcode="GON" eventcode="064"></EventCoding>
<EventCoding sourcecode='"INJURY TOLL"' targetcode="OSG" eventcode="223"></EventCoding>
<Text>
Arnor &amp; Gondor
  restored ties.
</Text>
</Sentence>
<Sentence date="19950112" id="DEMO-24" category="DEMO" sentence="true">
<EventCoding noevents = "True"></EventCoding>
<Text>Nothing.</Text>
</Sentence>
<Sentence date="19950112" id="ERROR-01" category="ERROR">
<EventCoding error="dateline"></EventCoding>
<Text>Nothing.</Text>
</Sentence>"#;
        let r = read_petrarch_xml(xml).unwrap();
        assert_eq!(r.len(), 3);
        assert_eq!((r[0].id.as_str(), r[0].category.as_str()), ("AFP-2", "PARSING"));
        assert_eq!(r[0].date, NaiveDate::from_ymd_opt(2008, 8, 1));
        assert_eq!(r[0].text, "Arnor & Gondor restored ties.");
        assert_eq!(show(&r[0]), ["\"INJURY TOLL\"/OSG/223", "ARN/GON/064"]);
        assert!(r[1].expected.is_empty() && r[2].expected.is_empty());
    }

    #[test]
    fn tabari_records_and_their_headers() {
        let text = "# comment\n\n950101  DEMO-01\nArnor restored\nties. /*\\n[note]\n\\n{ ARN / GON / 064 } */\n\n\
                    20150607 YYYY-01\nText.\n/* \\n{ FOR / GON / 064 }\n\\n{ FOR / BRE / 064 } */\n\
                    950104  FBIS-001-001  CEP2002\nText.\n/* { --- } */\n9501201  ACTORSYN-01\nText.\n/* {+++} */\n";
        let r = read_tabari(text);
        let ids: Vec<&str> = r.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["DEMO-01", "YYYY-01", "FBIS-001-001", "ACTORSYN-01"]);
        assert_eq!(r[0].text, "Arnor restored ties.");
        assert_eq!(show(&r[0]), ["ARN/GON/064"]);
        assert_eq!(r[1].date, NaiveDate::from_ymd_opt(2015, 6, 7));
        assert_eq!(show(&r[1]), ["FOR/BRE/064", "FOR/GON/064"]);
        // No event expected; an unreadable date leaves the record undated.
        assert!(r[2].expected.is_empty() && r[3].expected.is_empty());
        assert_eq!((r[2].category.as_str(), r[3].date), ("FBIS", None));
    }
}
