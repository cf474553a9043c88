//! (in progress)
pub mod quotes;
