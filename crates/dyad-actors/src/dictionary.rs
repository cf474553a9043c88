//! The actor dictionary: people with the CAMEO codes of the offices they held, and when.
//!
//! Format (`data/actors.txt`), one person a line: `Name; other spelling | CODE FROM..TO | CODE FROM..`
//! with dates `YYYY-MM-DD` or `YYYY` and either end open.

use chrono::NaiveDate;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum DictionaryError {
    #[error("actors line {line}: {why}")]
    Line { line: usize, why: String },
}

/// One office held over a period.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    pub code: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Role {
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= d) && self.to.is_none_or(|t| d <= t)
    }

    /// Days between `d` and the period (0 inside it).
    fn distance(&self, d: NaiveDate) -> i64 {
        match (self.from, self.to) {
            (Some(f), _) if d < f => (f - d).num_days(),
            (_, Some(t)) if d > t => (d - t).num_days(),
            _ => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// The first is the canonical name.
    pub names: Vec<String>,
    pub roles: Vec<Role>,
}

/// Country codes whose names put the family name first ("Xi Jinping" is Mr Xi).
const FAMILY_NAME_FIRST: [&str; 7] = ["CHN", "TWN", "HKG", "KOR", "PRK", "VNM", "MAC"];

impl Person {
    pub fn name(&self) -> &str {
        &self.names[0]
    }

    /// The actor code at `date`: the office held then; otherwise, as CAMEO codes former and future
    /// officials, the country's elite (ELI) of the nearest office (international offices keep their code).
    /// Without a date, the latest office.
    pub fn code_at(&self, date: Option<NaiveDate>) -> Option<String> {
        let Some(d) = date else {
            return self.roles.iter().max_by_key(|r| r.from).map(|r| r.code.clone());
        };
        if let Some(r) = self.roles.iter().find(|r| r.covers(d)) {
            return Some(r.code.clone());
        }
        let nearest = self.roles.iter().min_by_key(|r| r.distance(d))?;
        if nearest.code.starts_with("IGO") || nearest.code.starts_with("NGO") {
            return Some(nearest.code.clone());
        }
        Some(format!("{}ELI", nearest.code.get(..3)?))
    }

    /// The country segment of the person's offices (the first office's).
    pub fn country(&self) -> Option<&str> {
        self.roles.first().and_then(|r| r.code.get(..3))
    }

    /// The name the person is called by alone: the family name.
    pub fn family_name(&self) -> &str {
        let name = self.name();
        let first_family = self.country().is_some_and(|c| FAMILY_NAME_FIRST.contains(&c));
        let mut words = name.split_whitespace();
        if first_family {
            words.next().unwrap_or(name)
        } else {
            words.next_back().unwrap_or(name)
        }
    }
}

pub struct Dictionary {
    pub people: Vec<Person>,
    /// Family name to the people who bear it, in dictionary order: looked up for every single-word name.
    by_family_name: rustc_hash::FxHashMap<String, Vec<usize>>,
}

fn parse_date(s: &str, end: bool) -> Option<NaiveDate> {
    if s.len() == 4 {
        let y: i32 = s.parse().ok()?;
        return if end { NaiveDate::from_ymd_opt(y, 12, 31) } else { NaiveDate::from_ymd_opt(y, 1, 1) };
    }
    if s.len() == 7 {
        // YYYY-MM: the first or the last day of the month.
        let first = NaiveDate::parse_from_str(&format!("{s}-01"), "%Y-%m-%d").ok()?;
        return if end { first.checked_add_months(chrono::Months::new(1))?.pred_opt() } else { Some(first) };
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

impl Dictionary {
    /// The people whose family name is `name`, in dictionary order.
    pub fn family_named(&self, name: &str) -> &[usize] {
        self.by_family_name.get(name).map_or(&[], Vec::as_slice)
    }

    /// The dictionary of `data/actors.txt`.
    pub fn embedded() -> Dictionary {
        Dictionary::parse(include_str!("../data/actors.txt")).expect("the embedded actor dictionary parses")
    }

    pub fn parse(text: &str) -> Result<Dictionary, DictionaryError> {
        let mut people = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let err = |why: &str| DictionaryError::Line { line: n + 1, why: why.to_owned() };
            let mut fields = line.split('|').map(str::trim);
            let names: Vec<String> = fields
                .next()
                .unwrap_or("")
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect();
            if names.is_empty() {
                return Err(err("no name"));
            }
            let mut roles = Vec::new();
            for f in fields {
                let (code, range) = f.split_once(' ').ok_or_else(|| err("expected `CODE FROM..TO`"))?;
                let (from, to) = range.trim().split_once("..").ok_or_else(|| err("expected a `..` range"))?;
                let date = |s: &str, end: bool| -> Result<Option<NaiveDate>, DictionaryError> {
                    if s.is_empty() {
                        Ok(None)
                    } else {
                        parse_date(s, end).map(Some).ok_or_else(|| err(&format!("bad date {s:?}")))
                    }
                };
                let code = code.trim();
                if code.len() < 3 || code.len() % 3 != 0 || !code.chars().all(|c| c.is_ascii_uppercase()) {
                    return Err(err(&format!("bad actor code {code:?}")));
                }
                roles.push(Role { code: code.to_owned(), from: date(from, false)?, to: date(to, true)? });
            }
            if roles.is_empty() {
                return Err(err("no role"));
            }
            people.push(Person { names, roles });
        }
        let mut by_family_name: rustc_hash::FxHashMap<String, Vec<usize>> = Default::default();
        for (i, p) in people.iter().enumerate() {
            by_family_name.entry(p.family_name().to_owned()).or_default().push(i);
        }
        Ok(Dictionary { people, by_family_name })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn roles_change_with_the_date() {
        let dict = Dictionary::embedded();
        let putin = dict.people.iter().find(|p| p.name() == "Vladimir Putin").unwrap();
        assert_eq!(putin.code_at(d("2010-06-01")).as_deref(), Some("RUSGOV"));
        assert_eq!(putin.code_at(d("1995-01-01")).as_deref(), Some("RUSELI"));
        let blair = dict.people.iter().find(|p| p.name() == "Tony Blair").unwrap();
        assert_eq!(blair.code_at(d("2003-03-20")).as_deref(), Some("GBRGOV"));
        assert_eq!(blair.code_at(d("2015-01-01")).as_deref(), Some("GBRELI"));
        let tusk = dict.people.iter().find(|p| p.name() == "Donald Tusk").unwrap();
        assert_eq!(tusk.code_at(d("2016-05-01")).as_deref(), Some("IGOEUREEC"));
        assert_eq!(tusk.code_at(d("2024-05-01")).as_deref(), Some("POLGOV"));
    }

    #[test]
    fn family_names_follow_the_naming_order() {
        let dict = Dictionary::embedded();
        let fam = |n: &str| dict.people.iter().find(|p| p.name() == n).unwrap().family_name().to_owned();
        assert_eq!(fam("Xi Jinping"), "Xi");
        assert_eq!(fam("Vladimir Putin"), "Putin");
    }

    #[test]
    fn parse_errors_name_the_line() {
        let e = Dictionary::parse("# c\nA B | XXGOV 2001..\n").err().unwrap();
        assert!(e.to_string().contains("line 2"), "{e}");
        assert!(Dictionary::parse("A B | USAGOV 2001-13-01..").is_err());
        let ok = Dictionary::parse("A B; C | USAGOV 2001..2004 | USAELI 2005..").unwrap();
        assert_eq!(ok.people[0].names, vec!["A B", "C"]);
        assert_eq!(ok.people[0].code_at(d("2004-12-31")).as_deref(), Some("USAGOV"));
    }
}
