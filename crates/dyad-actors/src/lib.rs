//! Who is who: the gazetteer and dated actor dictionary, the stage that groups names, descriptions and
//! pronouns into entities with CAMEO actor codes, and the date and amount stages.

pub mod dictionary;
pub mod gazetteer;
