//! The store over hand-built documents: idempotent ingest, aggregation across articles, the exports
//! (GDELT checked against the column files in ../shared, Parquet read back) and the queries.

use std::path::PathBuf;

use chrono::NaiveDate;
use dyad_core::{
    ActorCode, Document, Entity, EntityType, Event, EventActor, Mention, MentionKind, Modality, Quote, QuoteKind,
    Sentence, Span, Speaker,
};
use dyad_store::{EventFilter, ExportFormat, ExportTable, Grouping, Period, Range, Store};

/// An event in a test document: source and target are (code, text in the document), trigger a word of it.
struct Ev<'a> {
    source: (&'a str, &'a str),
    target: (&'a str, &'a str),
    trigger: &'a str,
    code: &'a str,
    goldstein: f32,
    quad_class: u8,
    negated: bool,
}

fn span_of(doc: &Document, text: &str) -> Span {
    let at = doc.text.find(text).unwrap_or_else(|| panic!("{text:?} not in test document"));
    Span::new(at, at + text.len())
}

fn doc(id: &str, date: &str, outlet: &str, text: &str, events: &[Ev]) -> Document {
    let mut d = Document::new(id, text);
    d.date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    d.outlet = Some(outlet.to_owned());
    d.title = Some(format!("Report {id}"));
    d.sentences = vec![Sentence { span: Span::new(0, text.len()), tokens: 0..0 }];
    for e in events {
        let actor = |(code, words): (&str, &str), d: &mut Document| {
            let span = span_of(d, words);
            let entity = d.entities.len();
            d.entities.push(Entity {
                name: words.to_owned(),
                kind: EntityType::Person,
                actor: Some(ActorCode { code: code.to_owned(), name: words.to_owned() }),
                country: None,
                mentions: vec![Mention { span, sentence: 0, kind: MentionKind::Name }],
            });
            EventActor { code: code.to_owned(), span, entity: Some(entity) }
        };
        let source = actor(e.source, &mut d);
        let target = actor(e.target, &mut d);
        let trigger = span_of(&d, e.trigger);
        d.events.push(Event {
            sentence: 0,
            source: Some(source),
            target: Some(target),
            code: e.code.to_owned(),
            goldstein: e.goldstein,
            quad_class: e.quad_class,
            plover: None,
            trigger,
            negated: e.negated,
            modality: Modality::Asserted,
            date: None,
            quote: None,
            location: None,
        });
    }
    d
}

fn praise<'a>() -> Ev<'a> {
    Ev {
        source: ("GBRGOV", "Blair"),
        target: ("USAGOV", "Bush"),
        trigger: "praised",
        code: "051",
        goldstein: 3.4,
        quad_class: 1,
        negated: false,
    }
}

fn accuse<'a>() -> Ev<'a> {
    Ev {
        source: ("USAGOV", "Bush"),
        target: ("GBRGOV", "Blair"),
        trigger: "accused",
        code: "112",
        goldstein: -2.0,
        quad_class: 3,
        negated: false,
    }
}

/// Three outlets report Blair praising Bush on 14 March; one also has Bush accusing Blair; another day
/// has a fresh praise; one article says Blair did not praise Bush.
fn corpus() -> Vec<Document> {
    let mut quoted = doc(
        "c",
        "2005-03-14",
        "Guardian",
        "Blair praised Bush. Bush accused Blair. \u{201c}We stand together on strategic partnership,\u{201d} Blair said.",
        &[praise(), accuse()],
    );
    let words = span_of(&quoted, "We stand together on strategic partnership,");
    quoted.quotes.push(Quote {
        sentence: 0,
        span: words,
        kind: QuoteKind::Direct,
        speaker: Some(Speaker { span: Span::new(words.end + 4, words.end + 9), entity: Some(0) }),
        cue: Some("say".into()),
        via: vec![],
    });
    vec![
        doc("a", "2005-03-14", "BBC", "Blair praised Bush in London.", &[praise()]),
        doc("b", "2005-03-14", "Reuters", "On Monday Blair praised Bush warmly.", &[praise()]),
        quoted,
        doc("d", "2005-04-02", "BBC", "Blair again praised Bush.", &[praise()]),
        doc("e", "2005-04-02", "BBC", "Blair has not praised Bush.", &[Ev { negated: true, ..praise() }]),
    ]
}

fn fingerprint(d: &Document) -> u64 {
    // The store takes whatever stable fingerprint the caller computes; the text's hash stands in here.
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    d.text.hash(&mut h);
    h.finish()
}

fn filled_store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let docs = corpus();
    let out = store.insert_batch(docs.iter().map(|d| (d, fingerprint(d)))).unwrap();
    assert_eq!((out.added, out.skipped), (5, 0));
    store
}

fn shared() -> Option<PathBuf> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if p.is_dir() {
        Some(p)
    } else {
        eprintln!("!!!!! SKIPPED: ../shared is absent, the GDELT column files cannot be read !!!!!");
        None
    }
}

#[test]
fn reingesting_adds_nothing() {
    let mut store = filled_store();
    let before = store.counts().unwrap();
    let docs = corpus();
    let out = store.insert_batch(docs.iter().map(|d| (d, fingerprint(d)))).unwrap();
    assert_eq!((out.added, out.skipped), (0, 5));
    // The same text under another id is the same article.
    let mut copy = docs[0].clone();
    copy.id = "a-copy".into();
    let out = store.insert_batch([(&copy, fingerprint(&copy))]).unwrap();
    assert_eq!((out.added, out.skipped), (0, 1));
    assert_eq!(store.counts().unwrap(), before);
    assert_eq!(before.documents, 5);
    assert_eq!(before.events, 6);
    assert_eq!(before.quotes, 1);
}

#[test]
fn the_same_event_from_several_articles_is_one_aggregated_event() {
    let store = filled_store();
    let events = store.events(&EventFilter { limit: 100, ..Default::default() }).unwrap();
    // praise on 03-14 (a, b, c), accuse on 03-14 (c), praise on 04-02 (d); the negated one is not an event.
    assert_eq!(events.len(), 3);
    let top = &events[0];
    assert_eq!(
        (top.date.as_str(), top.source_code.as_str(), top.target_code.as_str()),
        ("2005-03-14", "GBRGOV", "USAGOV")
    );
    assert_eq!((top.num_mentions, top.num_articles, top.num_sources), (3, 3, 3));
    assert_eq!(top.source_url, "a");
    let april = events.iter().find(|e| e.date == "2005-04-02").unwrap();
    assert_eq!((april.num_mentions, april.num_articles), (1, 1));
    assert_eq!(store.counts().unwrap().aggregated_events, 3);
}

#[test]
fn a_second_batch_updates_the_aggregated_counts() {
    let mut store = filled_store();
    let later =
        doc("f", "2005-03-14", "BBC", "Blair praised Bush, and Blair praised Bush again.", &[praise(), praise()]);
    store.insert_batch([(&later, fingerprint(&later))]).unwrap();
    let top = &store.events(&EventFilter { limit: 1, ..Default::default() }).unwrap()[0];
    // Two more mentions in one more article from an outlet already counted (BBC).
    assert_eq!((top.num_mentions, top.num_articles, top.num_sources), (5, 4, 3));
}

#[test]
fn gdelt_export_follows_the_gdelt_column_files() {
    let store = filled_store();
    let dir = tempfile::tempdir().unwrap();
    let files = store.export_gdelt(dir.path()).unwrap();
    let events = std::fs::read_to_string(&files[0]).unwrap();
    let mentions = std::fs::read_to_string(&files[1]).unwrap();
    let rows: Vec<Vec<&str>> = events.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.len() == 61));
    assert_eq!(mentions.lines().count(), 5);
    assert!(mentions.lines().all(|l| l.split('\t').count() == 16));

    let Some(shared) = shared() else { return };
    let gdelt = shared.join("data/eventdata/gdelt");
    let header = std::fs::read_to_string(gdelt.join("GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv")).unwrap();
    let names: Vec<&str> = header.lines().skip(1).map(|l| l.split(',').next().unwrap()).collect();
    assert_eq!(names.len(), 61, "GDELT 2.0 Events has 61 columns");
    let col = |name: &str| names.iter().position(|n| *n == name).unwrap_or_else(|| panic!("no column {name}"));
    let praise = rows.iter().find(|r| r[col("EventCode")] == "051").unwrap();
    let praise_id = dyad_store::aggregated_event_id("2005-03-14", "GBRGOV", "USAGOV", "051", "a").to_string();
    assert_eq!(praise[col("GLOBALEVENTID")], praise_id);
    assert_eq!(praise[col("SQLDATE")], "20050314");
    assert_eq!(praise[col("MonthYear")], "200503");
    assert_eq!(praise[col("Actor1Code")], "GBRGOV");
    assert_eq!(praise[col("Actor1Name")], "BLAIR");
    assert_eq!(praise[col("Actor1CountryCode")], "GBR");
    assert_eq!(praise[col("Actor1Type1Code")], "GOV");
    assert_eq!(praise[col("Actor2Code")], "USAGOV");
    assert_eq!(praise[col("EventBaseCode")], "051");
    assert_eq!(praise[col("EventRootCode")], "05");
    assert_eq!(praise[col("QuadClass")], "1");
    assert_eq!(praise[col("GoldsteinScale")], "3.4");
    assert_eq!(praise[col("NumMentions")], "3");
    assert_eq!(praise[col("NumSources")], "3");
    assert_eq!(praise[col("IsRootEvent")], "1");
    assert_eq!(praise[col("SOURCEURL")], "a");
    assert_eq!(praise[col("DATEADDED")].len(), 14);
    let accuse = rows.iter().find(|r| r[col("EventCode")] == "112").unwrap();
    assert_eq!(accuse[col("EventRootCode")], "11");
    assert_eq!(accuse[col("QuadClass")], "3");
    assert_eq!(accuse[col("GoldsteinScale")], "-2");

    let header =
        std::fs::read_to_string(gdelt.join("GDELT_2.0_eventMentions_Column_Labels_Header_Row_Sep2016.tsv")).unwrap();
    let names: Vec<&str> =
        header.lines().skip(1).filter(|l| !l.trim().is_empty()).map(|l| l.split('\t').nth(1).unwrap()).collect();
    assert_eq!(names.len(), 16);
    let col = |name: &str| names.iter().position(|n| *n == name).unwrap();
    // The praise's mentions in order: article a (the earliest date, then the smallest id) first.
    let first: Vec<&str> =
        mentions.lines().map(|l| l.split('\t').collect::<Vec<_>>()).find(|r| r[0] == praise_id).unwrap();
    assert_eq!(first[col("MentionSourceName")], "BBC");
    assert_eq!(first[col("SentenceID")], "1");
    assert_eq!(first[col("ActionCharOffset")], "6");
    assert_eq!(first[col("Confidence")], "100");
}

#[test]
fn parquet_export_reads_back() {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let store = filled_store();
    let dir = tempfile::tempdir().unwrap();
    let files = store.export_parquet(dir.path()).unwrap();
    let rel: Vec<String> =
        files.iter().map(|f| f.strip_prefix(dir.path()).unwrap().to_string_lossy().into_owned()).collect();
    assert_eq!(
        rel,
        [
            "events/month=2005-03/part-0.parquet",
            "events/month=2005-04/part-0.parquet",
            "mentions/month=2005-03/part-0.parquet",
            "mentions/month=2005-04/part-0.parquet",
            "entities/month=2005-03/part-0.parquet",
            "entities/month=2005-04/part-0.parquet",
            "quotes/month=2005-03/part-0.parquet",
        ]
    );
    let read = |path: &PathBuf| {
        let reader =
            ParquetRecordBatchReaderBuilder::try_new(std::fs::File::open(path).unwrap()).unwrap().build().unwrap();
        reader.map(Result::unwrap).collect::<Vec<_>>()
    };
    let march = read(&files[0]);
    assert_eq!(march.iter().map(|b| b.num_rows()).sum::<usize>(), 2);
    let batch = &march[0];
    let codes = batch.column_by_name("event_code").unwrap();
    let codes = codes.as_any().downcast_ref::<arrow_array::StringArray>().unwrap();
    let mentions = batch.column_by_name("num_mentions").unwrap();
    let mentions = mentions.as_any().downcast_ref::<arrow_array::Int64Array>().unwrap();
    let praise = (0..batch.num_rows()).find(|&i| codes.value(i) == "051").unwrap();
    assert_eq!(mentions.value(praise), 3);
    let day = batch.column_by_name("day").unwrap();
    let day = day.as_any().downcast_ref::<arrow_array::Date32Array>().unwrap();
    assert_eq!(day.value_as_date(praise), NaiveDate::from_ymd_opt(2005, 3, 14));
    assert_eq!(read(&files[2]).iter().map(|b| b.num_rows()).sum::<usize>(), 4);
    // Articles a, b, c name two entities per event: 2 + 2 + 4.
    let entities = read(&files[4]);
    assert_eq!(entities.iter().map(|b| b.num_rows()).sum::<usize>(), 8);
    let names = entities[0].column_by_name("actor_code").unwrap();
    let names = names.as_any().downcast_ref::<arrow_array::StringArray>().unwrap();
    assert_eq!((names.value(0), names.value(1)), ("GBRGOV", "USAGOV"));
    let quotes = &read(&files[6])[0];
    assert_eq!(quotes.num_rows(), 1);
    let speaker = quotes.column_by_name("speaker_name").unwrap();
    let speaker = speaker.as_any().downcast_ref::<arrow_array::StringArray>().unwrap();
    assert_eq!(speaker.value(0), "Blair");
    let via = quotes.column_by_name("via").unwrap();
    let via = via.as_any().downcast_ref::<arrow_array::ListArray>().unwrap();
    assert_eq!(via.value(0).len(), 0);
}

#[test]
fn jsonl_and_csv_exports_have_one_row_per_event_or_mention() {
    let store = filled_store();
    let mut out = Vec::new();
    store.export_table(ExportFormat::Jsonl, ExportTable::Events, &mut out).unwrap();
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    let praise = lines.iter().find(|l| l["date"] == "2005-03-14" && l["code"] == "051").unwrap();
    assert_eq!(praise["mentions"].as_array().unwrap().len(), 3);
    assert_eq!(praise["mentions"][1]["doc_id"], "b");
    let mut out = Vec::new();
    store.export_table(ExportFormat::Csv, ExportTable::Mentions, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 1 + 5);
    assert!(text.starts_with("event_id,date,"));
}

#[test]
fn dyad_series_counts_both_directions_by_month() {
    let store = filled_store();
    let rows = store.dyad_series("GBR", "USA", false, Period::Month, &Range::default()).unwrap();
    let got: Vec<(&str, &str, i64, i64, i64)> = rows
        .iter()
        .map(|r| (r.period.as_str(), r.source.as_str(), r.events, r.verbal_cooperation, r.verbal_conflict))
        .collect();
    assert_eq!(got, [("2005-03", "GBR", 1, 1, 0), ("2005-03", "USA", 1, 0, 1), ("2005-04", "GBR", 1, 1, 0)]);
    assert_eq!(rows[0].mentions, 3);
    assert!((rows[0].goldstein_mean - 3.4).abs() < 1e-6);

    let directed = store.dyad_series("GBR", "USA", true, Period::Month, &Range::default()).unwrap();
    assert!(directed.iter().all(|r| r.source == "GBR" && r.target == "USA"));
    let march = Range { from: None, to: Some("2005-03".into()) };
    assert_eq!(store.dyad_series("GBR", "USA", false, Period::Day, &march).unwrap().len(), 2);
}

#[test]
fn actors_network_quotes_and_search() {
    let store = filled_store();
    let actors = store.top_actors(&Range::default(), Grouping::Country, 10).unwrap();
    assert_eq!(actors.len(), 2);
    assert_eq!((actors[0].actor.as_str(), actors[0].events, actors[0].as_source), ("GBR", 3, 2));

    let net = store.network(&Range::default(), Grouping::Code, 1, 10).unwrap();
    assert_eq!((net[0].source.as_str(), net[0].target.as_str(), net[0].events), ("GBRGOV", "USAGOV", 2));
    assert_eq!(net[1].conflict, 1);

    let quotes = store.quotes(Some("blair"), 10).unwrap();
    assert_eq!(quotes.len(), 1);
    assert_eq!(quotes[0].text, "We stand together on strategic partnership,");
    assert!(store.quotes(Some("Putin"), 10).unwrap().is_empty());

    let hits = store.search("strategic partnership", 10).unwrap();
    let kinds: Vec<&str> = hits.iter().map(|h| h.kind).collect();
    assert_eq!(kinds.len(), 2);
    assert!(kinds.contains(&"article") && kinds.contains(&"quote"));
    assert!(hits.iter().all(|h| h.doc_id == "c" && h.snippet.contains("[strategic")));
    assert!(store.search("partnership strategic", 10).unwrap().is_empty(), "the words are searched as a phrase");
    assert!(store.search("--", 10).is_err());
}

#[test]
fn filters_select_events() {
    let store = filled_store();
    let f = |source: Option<&str>, code: Option<&str>, from: Option<&str>| EventFilter {
        source: source.map(Into::into),
        code: code.map(Into::into),
        range: Range { from: from.map(Into::into), to: None },
        limit: 100,
        ..Default::default()
    };
    assert_eq!(store.events(&f(Some("USA"), None, None)).unwrap().len(), 1);
    assert_eq!(store.events(&f(None, Some("11"), None)).unwrap().len(), 1);
    assert_eq!(store.events(&f(Some("GBR"), Some("05"), Some("2005-04-01"))).unwrap().len(), 1);
}

#[test]
fn undated_events_are_aggregated_within_their_article_only() {
    let mut store = Store::open_in_memory().unwrap();
    let one = doc("u1", "", "BBC", "Blair praised Bush. Later Blair praised Bush again.", &[praise(), praise()]);
    let two = doc("u2", "", "Reuters", "Blair praised Bush in a speech.", &[praise()]);
    store.insert_batch([(&one, fingerprint(&one)), (&two, fingerprint(&two))]).unwrap();
    let events = store.events(&EventFilter { limit: 10, ..Default::default() }).unwrap();
    let mentions: Vec<(i64, i64)> = events.iter().map(|e| (e.num_mentions, e.num_articles)).collect();
    assert_eq!(mentions, [(2, 1), (1, 1)]);
    assert!(events.iter().all(|e| e.date.is_empty()));
    // Undated events count where no dates are asked for, and only there.
    assert_eq!(store.top_actors(&Range::default(), Grouping::Country, 10).unwrap()[0].events, 2);
    assert_eq!(store.network(&Range::default(), Grouping::Country, 1, 10).unwrap()[0].events, 2);
    let year = Range { from: Some("2005".into()), to: Some("2005".into()) };
    assert!(store.top_actors(&year, Grouping::Country, 10).unwrap().is_empty());
    assert!(store.dyad_series("GBR", "USA", false, Period::Year, &Range::default()).unwrap().is_empty());
}

/// Every row of the JSONL events export (mentions nested) except `added`/`mention_added` and
/// `event_added`, which record when the store was written.
fn export_without_times(store: &Store) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    store.export_table(ExportFormat::Jsonl, ExportTable::Events, &mut out).unwrap();
    let mut rows: Vec<serde_json::Value> =
        String::from_utf8(out).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    for row in &mut rows {
        row.as_object_mut().unwrap().remove("added");
        for m in row["mentions"].as_array_mut().unwrap() {
            let m = m.as_object_mut().unwrap();
            m.remove("mention_added");
            m.remove("event_added");
        }
    }
    rows
}

#[test]
fn event_ids_and_first_mentions_do_not_depend_on_the_order_articles_are_stored_in() {
    // The Spark job aggregates partitions in whatever order they finish: ids and the first mention
    // (names, source URL, IsRoot) must follow from the mentions alone.
    let forward = filled_store();
    let mut backward = Store::open_in_memory().unwrap();
    let mut docs = corpus();
    docs.reverse();
    for d in &docs {
        backward.insert_batch([(d, fingerprint(d))]).unwrap();
    }
    let rows = export_without_times(&forward);
    assert_eq!(rows, export_without_times(&backward));
    let praise = rows.iter().find(|r| r["date"] == "2005-03-14" && r["code"] == "051").unwrap();
    assert_eq!(praise["source_url"], "a", "the first mention is in the earliest article, then the smallest id");
    assert_eq!(praise["id"], dyad_store::aggregated_event_id("2005-03-14", "GBRGOV", "USAGOV", "051", "a"));
}

#[test]
fn aggregated_event_ids_are_fnv1a_of_the_key() {
    // The Spark job computes the same function in Python: these values pin it down.
    let dated = dyad_store::aggregated_event_id("2005-03-14", "GBRGOV", "USAGOV", "051", "a");
    assert_eq!(dated, dyad_store::aggregated_event_id("2005-03-14", "GBRGOV", "USAGOV", "051", "b"));
    assert_ne!(dated, dyad_store::aggregated_event_id("2005-03-15", "GBRGOV", "USAGOV", "051", "a"));
    assert_ne!(dated, dyad_store::aggregated_event_id("2005-03-14", "USAGOV", "GBRGOV", "051", "a"));
    let undated = |doc| dyad_store::aggregated_event_id("", "GBRGOV", "USAGOV", "051", doc);
    assert_ne!(undated("a"), undated("b"), "undated events are scoped to their article");
    assert!(dated > 0 && undated("a") > 0);
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in "2005-03-14\x1fGBRGOV\x1fUSAGOV\x1f051\x1f\x1f".bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    assert_eq!(dated as u64, h & (i64::MAX as u64));
}
