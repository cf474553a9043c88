//! Any text as each dictionary dyad reads: its own actor and verb dictionaries, and PETRARCH/TABARI
//! actor, agent and verb dictionaries. Malformed ones must give errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    match choice % 5 {
        0 => drop(dyad_actors::dictionary::Dictionary::parse(&text)),
        1 => {
            // Verbs and frames: the input split at its first NUL, or all verbs.
            let (verbs, frames) = text.split_once('\0').unwrap_or((&text, ""));
            drop(dyad_events::Dictionary::parse(verbs, frames));
        }
        2 => drop(dyad_actors::petrarch::PetrarchActors::new().add_actors(&text, "fuzz.actors")),
        3 => drop(dyad_actors::petrarch::PetrarchActors::new().add_agents(&text, "fuzz.agents")),
        _ => drop(dyad_events::petrarch::VerbDictionary::new().add(&text, "fuzz.verbs")),
    }
});
