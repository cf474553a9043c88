//! Wires the stages of every library crate into one pipeline.

use dyad_core::Pipeline;

/// The full pipeline with the embedded models and dictionaries.
pub fn build() -> anyhow::Result<Pipeline> {
    build_with(None, true)
}

/// The full pipeline, with PETRARCH/TABARI dictionaries loaded at run time coding events after dyad's own
/// coder (`own_events`) or instead of it.
pub fn build_with(loaded: Option<dyad_events::loaded::LoadedCoder>, own_events: bool) -> anyhow::Result<Pipeline> {
    let mut pipeline = Pipeline::new();
    // First: every later stage works on sentences and tokens.
    pipeline.push(Box::new(dyad_nlp::segment::Segmenter));
    // Tags, lemmas and dependency parses, which NER, actors, quotes and the event coder read.
    pipeline.push(Box::new(dyad_nlp::tagger::Tagger::embedded()?));
    pipeline.push(Box::new(dyad_nlp::parser::Parser::embedded()?));
    // Names, who they are, then dates and amounts (amounts leave the numbers inside dates alone).
    let actors = dyad_actors::ActorStage::new();
    let ner = dyad_nlp::ner::NerModel::embedded()?;
    pipeline.push(Box::new(dyad_nlp::ner::NerStage::new(ner, Some(actors.gazetteer()))));
    pipeline.push(Box::new(actors));
    pipeline.push(Box::new(dyad_actors::DateStage));
    pipeline.push(Box::new(dyad_actors::AmountStage));
    // Quotations before events, so an event said inside a quote can point to it.
    pipeline.push(Box::new(dyad_events::quotes::QuoteFinder));
    // Last: the coder reads every layer the earlier stages add.
    if own_events {
        pipeline.push(Box::new(dyad_events::EventCoder::new()?));
    }
    // The loaded dictionaries add the events dyad's coder did not find.
    if let Some(loaded) = loaded {
        pipeline.push(Box::new(loaded));
    }
    Ok(pipeline)
}
