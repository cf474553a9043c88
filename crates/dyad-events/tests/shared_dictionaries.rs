//! The PETRARCH2 and TABARI dictionaries in ../shared load as they are: the validation suites' own without a
//! single skipped line, the operational ones (CAMEO.2.0, Phoenix, TABARI's CAMEO master) with their few
//! malformed lines skipped and named.

use std::path::{Path, PathBuf};

use dyad_actors::petrarch::{Dialect, PetrarchActors};
use dyad_events::petrarch::VerbDictionary;

fn eventdata() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/eventdata");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("\n\n*** SKIPPED: {} is absent ***\n", dir.display());
        None
    }
}

/// Every warning names its file and line.
fn named(warnings: &[String]) {
    for w in warnings {
        let mut parts = w.splitn(3, ':');
        let (file, line) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
        assert!(!file.is_empty() && line.parse::<usize>().is_ok(), "{w}");
    }
}

#[test]
fn validation_dictionaries_load_without_a_skipped_line() {
    let Some(dir) = eventdata() else { return };
    let p = dir.join("petrarch2");
    let mut actors = PetrarchActors::new(Dialect::Petrarch);
    actors.load_actors(&p.join("PETR.Validate.actors.txt")).unwrap();
    actors.load_agents(&p.join("PETR.Validate.agents.txt")).unwrap();
    actors.load_discards(&p.join("PETR.Validate.discards.txt")).unwrap();
    let mut verbs = VerbDictionary::new();
    verbs.load(&p.join("PETR.Validate.verbs.txt")).unwrap();
    assert_eq!(actors.warnings, Vec::<String>::new());
    assert_eq!(verbs.warnings, Vec::<String>::new());
    // Past the suite's `<! -- NEW ACTORS -->` line, the date-restricted actors are read.
    assert!(actors.actors.len() > 150 && actors.agents.len() > 150, "{}", actors.actors.len());
    assert!(verbs.blocks.len() > 250 && verbs.patterns() > 400);

    let t = dir.join("tabari");
    let mut actors = PetrarchActors::new(Dialect::Tabari);
    actors.load_actors(&t.join("TABARI.Demo.actors")).unwrap();
    actors.load_agents(&t.join("Validate.agents")).unwrap();
    let mut verbs = VerbDictionary::new();
    verbs.load(&t.join("TABARI.Demo.verbs")).unwrap();
    assert_eq!(actors.warnings, Vec::<String>::new());
    assert_eq!(verbs.warnings, Vec::<String>::new());
    assert!(actors.actors.len() > 100 && actors.agents.len() > 80);
    assert!(verbs.blocks.len() > 250 && verbs.patterns() > 350);
}

#[test]
fn operational_dictionaries_load_with_their_malformed_lines_named() {
    let Some(dir) = eventdata() else { return };
    let p = dir.join("petrarch2");
    let mut actors = PetrarchActors::new(Dialect::Petrarch);
    for f in ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"] {
        actors.load_actors(&p.join(f)).unwrap();
    }
    actors.load_agents(&p.join("Phoenix.agents.txt")).unwrap();
    actors.load_discards(&p.join("Phoenix.discards.txt")).unwrap();
    let mut verbs = VerbDictionary::new();
    verbs.load(&p.join("CAMEO.2.0.txt")).unwrap();
    // Latin-1, not UTF-8.
    verbs.load(&dir.join("tabari/CAMEO.091003.master.verbs")).unwrap();
    named(&actors.warnings);
    named(&verbs.warnings);
    assert!(actors.actors.len() > 30_000, "{}", actors.actors.len());
    // A handful of bad lines among tens of thousands.
    assert!(actors.warnings.len() < 50 && verbs.warnings.len() < 50, "{:?} {:?}", actors.warnings, verbs.warnings);
    assert!(verbs.blocks.len() > 1_500 && verbs.patterns() > 19_000, "{} {}", verbs.blocks.len(), verbs.patterns());
}
