//! Who is who, and when: the gazetteer and dated actor dictionary, the stage that groups names,
//! descriptions and pronouns into entities with CAMEO actor codes, and the date and amount stages.

pub mod amounts;
pub mod dates;
pub mod dictionary;
pub mod gazetteer;
pub mod petrarch;
pub mod resolve;

pub use amounts::AmountStage;
pub use dates::DateStage;
pub use resolve::{actor_for_span, ActorStage};
