//! The CAMEO event coder: who did what to whom, from the dependency parse and the actor layer.
//!
//! [`EventCoder`] is a pipeline stage. For every verb or event noun that a pattern of the project's
//! dictionary (`data/verbs.txt`) matches, it finds source and target among the dependency arguments,
//! resolves them to actor codes through `doc.entities`, recodes complements of words like "plan to",
//! "urge ... to", "refused to" (`data/frames.txt`), and flags negation and modality.

pub mod coder;
pub mod dictionary;
pub mod loaded;
pub mod petrarch;
pub mod quotes;

pub use coder::EventCoder;
pub use dictionary::Dictionary;

#[derive(Debug, thiserror::Error)]
pub enum EventsError {
    #[error("{file} line {line}: {why}")]
    Dictionary { file: &'static str, line: usize, why: String },
}
