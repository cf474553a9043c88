//! Any text through the whole extraction pipeline, as `dyad extract` wires it, and out as contract JSON:
//! no panic, and every span of every layer inside the text on character boundaries.
#![no_main]

use std::sync::OnceLock;

use dyad_core::{Document, Pipeline};
use libfuzzer_sys::fuzz_target;

/// The stages in the order crates/dyad/src/pipeline.rs puts them (the binary crate is not a library).
fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| {
        let mut p = Pipeline::new();
        p.push(Box::new(dyad_nlp::segment::Segmenter));
        p.push(Box::new(dyad_nlp::tagger::Tagger::embedded().expect("tagger")));
        p.push(Box::new(dyad_nlp::parser::Parser::embedded().expect("parser")));
        let actors = dyad_actors::ActorStage::new();
        let ner = dyad_nlp::ner::NerModel::embedded().expect("ner");
        p.push(Box::new(dyad_nlp::ner::NerStage::new(ner, Some(actors.gazetteer()))));
        p.push(Box::new(actors));
        p.push(Box::new(dyad_actors::DateStage));
        p.push(Box::new(dyad_actors::AmountStage));
        p.push(Box::new(dyad_events::quotes::QuoteFinder));
        p.push(Box::new(dyad_events::EventCoder::new().expect("coder")));
        p
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut doc = Document::new("fuzz", text);
    doc.date = dyad_core::contract::parse_date("2024-03-19");
    pipeline().run(&mut doc);
    let ok = |s: dyad_core::Span| s.start <= s.end && s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end);
    assert!(doc.tokens.iter().all(|t| ok(t.span)));
    for e in &doc.entities {
        assert!(e.mentions.iter().all(|m| ok(m.span)));
    }
    for e in &doc.events {
        assert!(ok(e.trigger));
        assert!(e.source.iter().chain(&e.target).all(|a| ok(a.span)));
    }
    assert!(doc.quotes.iter().all(|q| ok(q.span)));
    let _ = dyad_core::contract::to_json(&doc).to_string();
});
