//! Wires the stages of every library crate into one pipeline.

use dyad_core::Pipeline;

/// The full pipeline with the embedded models and dictionaries.
pub fn build() -> anyhow::Result<Pipeline> {
    let mut pipeline = Pipeline::new();
    // Last: the coder reads every layer the earlier stages add.
    pipeline.push(Box::new(dyad_events::EventCoder::new()?));
    Ok(pipeline)
}
