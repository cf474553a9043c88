//! Name lists: countries with their names, adjectives, capitals and adjectival prefixes; places with their
//! country; organisations and media with their CAMEO code; people of the actor dictionary; common given
//! names. All are plain-text files in `data/`, embedded at build time.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::dictionary::Dictionary;

/// A country or territory.
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166 alpha-3, which CAMEO uses as its country code.
    pub code: String,
    pub names: Vec<String>,
    /// Adjectives and demonyms ("Chinese", "Russians").
    pub adjectives: Vec<String>,
    pub capitals: Vec<String>,
    /// Adjectival prefixes in compounds ("Sino-", "Russo-").
    pub prefixes: Vec<String>,
    /// For a dependent territory with its own code (Puerto Rico, Gibraltar), the state it belongs to.
    pub sovereign: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceKind {
    Country,
    Capital,
    City,
    Region,
    /// A building or street that stands for an institution ("the Kremlin", "Downing Street").
    Seat,
}

/// An organisation with its CAMEO code.
#[derive(Debug, Clone)]
pub struct Org {
    pub name: String,
    pub code: String,
    /// igo, ngo, media, party, armed, org.
    pub kind: String,
}

/// What a name is, according to the lists.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Place {
        country: String,
        kind: PlaceKind,
        role: Option<String>,
    },
    /// An adjective or demonym of a country.
    Adjective {
        country: String,
    },
    /// Index into [`Gazetteer::orgs`].
    Org(usize),
    /// Index into the dictionary's people.
    Person(usize),
    GivenName,
}

/// All lists, indexed by a case-sensitive key that ignores spaces, so that "People's Republic" matches the
/// tokens "People" "'s" "Republic" however the tokenizer split them.
pub struct Gazetteer {
    pub countries: Vec<Country>,
    pub orgs: Vec<Org>,
    index: HashMap<String, Vec<Entry>>,
    /// The same keys in lower case, to the list names of their entries: web text often skips capitals.
    lower_index: HashMap<String, Vec<&'static str>>,
    /// The [`prefix_hash`] of every prefix of every key of `lower_index`, so that [`Gazetteer::matches`]
    /// stops extending a word sequence as soon as no name starts with it (most sequences stop at their
    /// first word); without it every word started `max_words` lookups.
    lower_prefixes: HashSet<u64>,
    /// Adjectival prefix ("sino") to country code, lower case, without the hyphen.
    prefixes: HashMap<String, String>,
    /// Lower-case role noun phrase to CAMEO role code.
    roles: HashMap<String, String>,
    /// Every phrase of whole words that begins a role phrase ("prime", "prime minister").
    role_starts: HashSet<String>,
    max_words: usize,
}

/// The lookup key of a name: its characters without whitespace.
pub fn key(name: &str) -> String {
    name.chars().filter(|c| !c.is_whitespace()).collect()
}

fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(str::trim_end).filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn list(field: Option<&str>) -> Vec<String> {
    field.unwrap_or("").split(';').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()
}

impl Gazetteer {
    /// The gazetteer built from the embedded data files and the people of `dict`.
    pub fn new(dict: &Dictionary) -> Gazetteer {
        let mut g = Gazetteer {
            countries: Vec::new(),
            orgs: Vec::new(),
            index: HashMap::default(),
            lower_index: HashMap::default(),
            lower_prefixes: HashSet::default(),
            prefixes: HashMap::default(),
            roles: HashMap::default(),
            role_starts: HashSet::default(),
            max_words: 1,
        };
        for line in data_lines(include_str!("../data/countries.tsv")) {
            let mut f = line.split('\t');
            let code = f.next().unwrap_or("").to_owned();
            let c = Country {
                code: code.clone(),
                names: list(f.next()),
                adjectives: list(f.next()),
                capitals: list(f.next()),
                prefixes: list(f.next()),
                sovereign: f.next().filter(|s| !s.is_empty()).map(String::from),
            };
            for n in &c.names {
                g.add(n, Entry::Place { country: code.clone(), kind: PlaceKind::Country, role: None });
            }
            for n in &c.adjectives {
                g.add(n, Entry::Adjective { country: code.clone() });
            }
            for n in &c.capitals {
                g.add(n, Entry::Place { country: code.clone(), kind: PlaceKind::Capital, role: None });
            }
            for p in &c.prefixes {
                g.prefixes.insert(p.trim_end_matches('-').to_lowercase(), code.clone());
            }
            g.countries.push(c);
        }
        for line in data_lines(include_str!("../data/places.tsv")) {
            let mut f = line.split('\t');
            let (Some(name), Some(country), Some(kind)) = (f.next(), f.next(), f.next()) else { continue };
            let kind = match kind {
                "seat" => PlaceKind::Seat,
                "region" => PlaceKind::Region,
                _ => PlaceKind::City,
            };
            let role = f.next().map(String::from);
            g.add(name, Entry::Place { country: country.to_owned(), kind, role });
        }
        for line in data_lines(include_str!("../data/organisations.tsv")) {
            let mut f = line.split('\t');
            let names = list(f.next());
            let code = f.next().unwrap_or("").to_owned();
            let kind = f.next().unwrap_or("org").to_owned();
            let idx = g.orgs.len();
            g.orgs.push(Org { name: names[0].clone(), code, kind });
            for n in &names {
                g.add(n, Entry::Org(idx));
            }
        }
        for line in data_lines(include_str!("../data/roles.tsv")) {
            if let Some((noun, code)) = line.split_once('\t') {
                g.roles.insert(noun.to_owned(), code.to_owned());
            }
        }
        for role in g.roles.keys() {
            let mut start = String::new();
            for word in role.split(' ') {
                if !start.is_empty() {
                    start.push(' ');
                }
                start.push_str(word);
                g.role_starts.insert(start.clone());
            }
        }
        for line in data_lines(include_str!("../data/person_names.txt")) {
            g.add(line.trim(), Entry::GivenName);
        }
        for (i, p) in dict.people.iter().enumerate() {
            for n in &p.names {
                g.add(n, Entry::Person(i));
            }
        }
        let lower: Vec<(String, &'static str)> = g
            .index
            .iter()
            .flat_map(|(k, es)| es.iter().map(|e| (k.to_lowercase(), lower_list_name(g.list_name(e)))))
            .collect();
        for (k, l) in lower {
            let v = g.lower_index.entry(k).or_default();
            if !v.contains(&l) {
                v.push(l);
            }
        }
        for k in g.lower_index.keys() {
            let mut h = PREFIX_SEED;
            for &b in k.as_bytes() {
                h = prefix_hash(h, b);
                g.lower_prefixes.insert(h);
            }
        }
        g
    }

    fn add(&mut self, name: &str, e: Entry) {
        self.max_words = self.max_words.max(name.split_whitespace().count() + 2);
        let v = self.index.entry(key(name)).or_default();
        if !v.contains(&e) {
            v.push(e);
        }
    }

    /// Entries for a name as written (case-sensitive; spacing ignored). A leading "the" is optional.
    pub fn lookup(&self, name: &str) -> &[Entry] {
        // A name without whitespace is its own key: no need to build it.
        let found = if name.contains(char::is_whitespace) { self.index.get(&key(name)) } else { self.index.get(name) };
        if let Some(v) = found {
            return v;
        }
        match name.strip_prefix("the ").or_else(|| name.strip_prefix("The ")) {
            Some(rest) => self.index.get(&key(rest)).map_or(&[], Vec::as_slice),
            None => &[],
        }
    }

    pub fn country(&self, code: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.code == code)
    }

    /// The country of an adjectival prefix ("Sino" → CHN), case-insensitive, with or without the hyphen.
    pub fn prefix_country(&self, prefix: &str) -> Option<&str> {
        self.prefixes.get(&prefix.trim_end_matches('-').to_lowercase()).map(String::as_str)
    }

    /// The CAMEO role code of a role noun or noun phrase ("spokesperson" → GOV), case-insensitive.
    pub fn role(&self, noun: &str) -> Option<&str> {
        if noun.chars().any(char::is_uppercase) {
            self.roles.get(&noun.to_lowercase()).map(String::as_str)
        } else {
            self.roles.get(noun).map(String::as_str)
        }
    }

    /// Whether some role phrase begins with the lower-case words `phrase` (one space between words), so
    /// that a longer phrase may still be a role.
    pub fn begins_role(&self, phrase: &str) -> bool {
        self.role_starts.contains(phrase)
    }

    /// Countries named by a compound like "Sino-Russian" or "China-Russia": each part a country name,
    /// adjective or adjectival prefix. `None` unless every part is one.
    pub fn compound_countries(&self, word: &str) -> Option<Vec<String>> {
        let parts: Vec<&str> = word.split('-').collect();
        if parts.len() < 2 {
            return None;
        }
        let mut out = Vec::new();
        for p in parts {
            let code = self
                .prefix_country(p)
                .map(String::from)
                .or_else(|| self.lookup(p).iter().find_map(country_of_entry))?;
            out.push(code);
        }
        Some(out)
    }

    /// The list name of an entry, as a NER feature.
    fn list_name(&self, e: &Entry) -> &'static str {
        match e {
            Entry::Place { kind: PlaceKind::Country, .. } => "COUNTRY",
            Entry::Place { kind: PlaceKind::Seat, .. } => "SEAT",
            Entry::Place { .. } => "CITY",
            Entry::Adjective { .. } => "ADJ",
            Entry::Org(i) if self.orgs[*i].kind == "media" => "MEDIA",
            Entry::Org(_) => "ORG",
            Entry::Person(_) => "PERSON",
            Entry::GivenName => "GIVEN",
        }
    }
}

const PREFIX_SEED: u64 = 0x243f_6a88_85a3_08d3;

/// A hash of a byte string, one byte at a time, so that the hash of every prefix comes on the way.
fn prefix_hash(h: u64, byte: u8) -> u64 {
    (h.rotate_left(5) ^ u64::from(byte)).wrapping_mul(0x517c_c1b7_2722_0a95)
}

fn lower_list_name(exact: &str) -> &'static str {
    match exact {
        "COUNTRY" => "lc-COUNTRY",
        "SEAT" => "lc-SEAT",
        "CITY" => "lc-CITY",
        "ADJ" => "lc-ADJ",
        "MEDIA" => "lc-MEDIA",
        "ORG" => "lc-ORG",
        "PERSON" => "lc-PERSON",
        _ => "lc-GIVEN",
    }
}

/// The country an entry stands for, if any (places and adjectives).
pub fn country_of_entry(e: &Entry) -> Option<String> {
    match e {
        Entry::Place { country, .. } | Entry::Adjective { country } => Some(country.clone()),
        _ => None,
    }
}

impl dyad_nlp::ner::Gazetteer for Gazetteer {
    fn matches(&self, words: &[&str]) -> Vec<(usize, usize, &'static str)> {
        let mut out = Vec::new();
        let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
        let (mut k, mut lk) = (String::new(), String::new());
        for s in 0..words.len() {
            k.clear();
            lk.clear();
            let mut h = PREFIX_SEED;
            for (e, word) in words.iter().enumerate().take(s + self.max_words).skip(s) {
                h = lower[e].bytes().fold(h, prefix_hash);
                if !self.lower_prefixes.contains(&h) {
                    break;
                }
                k.push_str(word);
                lk.push_str(&lower[e]);
                if let Some(lists) = self.lower_index.get(&lk) {
                    out.extend(lists.iter().map(|&l| (s, e + 1, l)));
                }
                if let Some(entries) = self.index.get(&k) {
                    let mut seen: Vec<&'static str> = Vec::new();
                    for en in entries {
                        let l = self.list_name(en);
                        if !seen.contains(&l) {
                            seen.push(l);
                            out.push((s, e + 1, l));
                        }
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gaz() -> Gazetteer {
        Gazetteer::new(&Dictionary::embedded())
    }

    #[test]
    fn lookups() {
        let g = gaz();
        let country = |n: &str| g.lookup(n).iter().find_map(country_of_entry);
        assert_eq!(country("Russia").as_deref(), Some("RUS"));
        assert_eq!(country("Chinese").as_deref(), Some("CHN"));
        assert_eq!(country("People's Republic of China").as_deref(), Some("CHN"));
        assert_eq!(country("the Kremlin").as_deref(), Some("RUS"));
        assert_eq!(country("Kazan").as_deref(), Some("RUS"));
        assert_eq!(g.prefix_country("Sino-"), Some("CHN"));
        assert_eq!(g.compound_countries("Sino-Russian"), Some(vec!["CHN".to_owned(), "RUS".to_owned()]));
        assert_eq!(g.compound_countries("China-Russia"), Some(vec!["CHN".to_owned(), "RUS".to_owned()]));
        assert_eq!(g.compound_countries("re-election"), None);
        assert_eq!(g.role("Spokesperson"), Some("GOV"));
        assert_eq!(g.role("state media"), Some("MED"));
        let org = |n: &str| match g.lookup(n).first() {
            Some(Entry::Org(i)) => Some(g.orgs[*i].code.as_str()),
            _ => None,
        };
        assert_eq!(org("NATO"), Some("IGOWSTNAT"));
        assert_eq!(org("Xinhua"), Some("CHNMED"));
        assert_eq!(org("Tass"), Some("RUSMED"));
    }

    /// Our country codes against PETRARCH's country dictionary (../shared, read in place): every country
    /// name both list as a head entry must carry the same code (PETRARCH codes dependent territories as
    /// their sovereign state), bar a few where the lists choose differently (bare "Congo").
    #[test]
    fn country_codes_agree_with_phoenix() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/data/eventdata/petrarch2/Phoenix.Countries.actors.txt"
        );
        let Ok(bytes) = std::fs::read(path) else {
            eprintln!("SKIPPED: {path} is absent; the gazetteer is not checked against PETRARCH's countries");
            return;
        };
        let text = String::from_utf8_lossy(&bytes);
        let mut heads: HashMap<String, String> = HashMap::default();
        for line in text.lines() {
            let Some((name, rest)) = line.split_once(char::is_whitespace) else { continue };
            let rest = rest.trim();
            if name.starts_with(|c: char| c.is_ascii_uppercase()) && rest.starts_with('[') && rest.len() >= 5 {
                heads.entry(name.trim_end_matches('_').to_owned()).or_insert_with(|| rest[1..4].to_owned());
            }
        }
        let g = gaz();
        let (mut both, mut same) = (0, 0);
        let mut differ = Vec::new();
        for c in &g.countries {
            for n in &c.names {
                if let Some(code) = heads.get(&n.to_uppercase().replace(' ', "_")) {
                    both += 1;
                    if *code == c.code || Some(code) == c.sovereign.as_ref() {
                        same += 1;
                    } else {
                        differ.push(format!("{n}: ours {} theirs {code}", c.code));
                    }
                }
            }
        }
        assert!(both > 150, "only {both} names in common");
        assert!(differ.len() <= 3, "{differ:?}");
        assert_eq!(same + differ.len(), both);
    }
}
