//! Wires the stages of every library crate into one pipeline.

use dyad_core::Pipeline;

/// The full pipeline with the embedded models and dictionaries.
pub fn build() -> anyhow::Result<Pipeline> {
    let mut pipeline = Pipeline::new();
    // First: every later stage works on sentences and tokens.
    pipeline.push(Box::new(dyad_nlp::segment::Segmenter));
    // Last: the coder reads every layer the earlier stages add.
    pipeline.push(Box::new(dyad_events::EventCoder::new()?));
    Ok(pipeline)
}
