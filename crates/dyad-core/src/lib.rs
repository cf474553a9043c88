//! dyad's document model.
//!
//! One [`Document`] flows through the pipeline. Each [`Stage`] adds a layer of annotations that point
//! into the original text by byte [`Span`] and into earlier layers by index; no stage rewrites an earlier
//! layer. The JSONL contract (character offsets, see `contract`) is produced from the layers at the end.

pub mod codebook;
pub mod contract;
pub mod document;
pub mod pipeline;
pub mod span;

pub use document::*;
pub use pipeline::{Pipeline, Stage};
pub use span::{CharIndex, Span};
