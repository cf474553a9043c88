//! The CAMEO event codebook: every code's name, Goldstein scale value, QuadClass and PLOVER equivalent.
//! The table is project data (`data/cameo.tsv`, documented in its header), compiled into the binary.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::Plover;

/// Whose values to use where GDELT and ICEWS disagree: Goldstein of 016, 022, 164, 165 and the QuadClass
/// of roots 09 (investigate) and 14 (protest).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Convention {
    /// GDELT's: dyad's default, since its output follows GDELT's export fields.
    #[default]
    Gdelt,
    Icews,
}

/// One CAMEO event code.
#[derive(Debug, Clone, PartialEq)]
pub struct CameoCode {
    /// "051"; 2 digits for a root, 3 for a base code, 4 for a refinement.
    pub code: &'static str,
    pub name: &'static str,
    goldstein: f32,
    goldstein_icews: f32,
    quad: u8,
    quad_icews: u8,
    /// `None` where PLOVER dropped the code (statements, appeals).
    pub plover: Option<Plover>,
}

impl CameoCode {
    pub fn root(&self) -> &'static str {
        &self.code[..2]
    }

    pub fn goldstein(&self, convention: Convention) -> f32 {
        match convention {
            Convention::Gdelt => self.goldstein,
            Convention::Icews => self.goldstein_icews,
        }
    }

    pub fn quad_class(&self, convention: Convention) -> u8 {
        match convention {
            Convention::Gdelt => self.quad,
            Convention::Icews => self.quad_icews,
        }
    }
}

/// The whole codebook, indexed by code.
#[derive(Debug)]
pub struct Codebook {
    codes: Vec<CameoCode>,
    index: HashMap<&'static str, usize>,
}

const TABLE: &str = include_str!("../data/cameo.tsv");

impl Codebook {
    /// The embedded codebook, parsed once.
    pub fn get() -> &'static Codebook {
        static BOOK: OnceLock<Codebook> = OnceLock::new();
        BOOK.get_or_init(|| Codebook::parse(TABLE).expect("the embedded CAMEO table is well formed"))
    }

    fn parse(table: &'static str) -> Result<Codebook, String> {
        let mut codes = Vec::new();
        for (n, line) in table.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&'static str> = line.split('\t').collect();
            if f.len() != 9 {
                return Err(format!("cameo.tsv line {}: {} fields, expected 9", n + 1, f.len()));
            }
            let num = |s: &str| s.parse::<f32>().map_err(|_| format!("cameo.tsv line {}: bad number {s:?}", n + 1));
            let quad = |s: &str| s.parse::<u8>().map_err(|_| format!("cameo.tsv line {}: bad QuadClass {s:?}", n + 1));
            let opt = |s: &'static str| (s != "-").then(|| s.to_owned());
            let goldstein = num(f[1])?;
            codes.push(CameoCode {
                code: f[0],
                name: f[8],
                goldstein,
                goldstein_icews: if f[2] == "-" { goldstein } else { num(f[2])? },
                quad: quad(f[3])?,
                quad_icews: quad(f[4])?,
                plover: opt(f[5]).map(|event| Plover { event, mode: opt(f[6]), context: opt(f[7]) }),
            });
        }
        let index = codes.iter().enumerate().map(|(i, c)| (c.code, i)).collect();
        Ok(Codebook { codes, index })
    }

    pub fn lookup(&self, code: &str) -> Option<&CameoCode> {
        self.index.get(code).map(|&i| &self.codes[i])
    }

    pub fn codes(&self) -> &[CameoCode] {
        &self.codes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_root_and_its_values() {
        let book = Codebook::get();
        for r in 1..=20 {
            assert!(book.lookup(&format!("{r:02}")).is_some(), "root {r:02} missing");
        }
        let praise = book.lookup("051").unwrap();
        assert_eq!(praise.root(), "05");
        assert_eq!(praise.goldstein(Convention::Gdelt), 3.4);
        assert_eq!(praise.quad_class(Convention::Gdelt), 1);
        assert_eq!(praise.plover.as_ref().unwrap().event, "SUPPORT");
        assert!(book.lookup("010").unwrap().plover.is_none());
        let deny = book.lookup("016").unwrap();
        assert_eq!(deny.goldstein(Convention::Gdelt), -2.0);
        assert_eq!(deny.goldstein(Convention::Icews), -5.0);
        let protest = book.lookup("141").unwrap();
        assert_eq!(protest.quad_class(Convention::Gdelt), 3);
        assert_eq!(protest.quad_class(Convention::Icews), 4);
        assert!(book.lookup("999").is_none());
    }

    /// Checks the project's table against the reference codebook in ../shared, field by field.
    #[test]
    fn matches_reference_codebook() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data/eventdata/cameo/cameo_event_codes.tsv");
        let Ok(reference) = std::fs::read_to_string(path) else {
            eprintln!("!!! SKIPPED matches_reference_codebook: {path} is absent (no ../shared checkout) !!!");
            return;
        };
        let book = Codebook::get();
        let mut lines = reference.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let mut seen = 0;
        for line in lines.filter(|l| !l.trim().is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            let get = |name: &str| f.get(col(name)).copied().unwrap_or("");
            let code = get("code");
            let ours = book.lookup(code).unwrap_or_else(|| panic!("code {code} missing"));
            seen += 1;
            let gdelt = get("goldstein_gdelt");
            if !gdelt.is_empty() {
                assert_eq!(ours.goldstein(Convention::Gdelt), gdelt.parse::<f32>().unwrap(), "{code} Goldstein");
            }
            assert_eq!(ours.goldstein(Convention::Icews), get("goldstein_icews").parse::<f32>().unwrap(), "{code}");
            assert_eq!(ours.quad_class(Convention::Gdelt).to_string(), get("quadclass_gdelt"), "{code} QuadClass");
            assert_eq!(ours.quad_class(Convention::Icews).to_string(), get("quadclass_icews_R"), "{code}");
            let event = get("plover_event");
            match &ours.plover {
                None => assert!(event.is_empty() || event == "(dropped)", "{code} PLOVER {event}"),
                Some(p) => {
                    assert_eq!(p.event, event, "{code} PLOVER event");
                    assert_eq!(p.mode.as_deref().unwrap_or(""), get("plover_mode"), "{code} PLOVER mode");
                    assert_eq!(p.context.as_deref().unwrap_or(""), get("plover_context"), "{code} PLOVER context");
                }
            }
        }
        assert_eq!(seen, book.codes().len(), "the project's table has codes the reference lacks");
    }
}
