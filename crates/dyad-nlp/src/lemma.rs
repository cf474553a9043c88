//! A lemmatizer learned from a treebank: a table of the lemmas of seen (form, UPOS) pairs, and for unseen
//! words suffix rules ("strip 3 characters, append 'y'") chosen by the longest known suffix of the form
//! with the same UPOS.

use rustc_hash::FxHashMap as HashMap;
use std::io::{self, Write};

use dyad_core::Upos;

use crate::model_io::{ModelError, ModelReader, ModelWriter};

/// Longest form suffix a rule is keyed on.
const MAX_SUFFIX: usize = 5;
/// A suffix must have been seen this often before its most frequent rule is trusted for unseen words.
const MIN_SUFFIX_COUNT: u32 = 2;

/// How to turn a form into its lemma: drop `strip` characters at the end, append `append`, and
/// lowercase the result or not.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Rule {
    strip: u8,
    append: String,
    lowercase: bool,
}

impl Rule {
    /// The rule that maps `form` to `lemma`, if one with at most 255 stripped characters does.
    fn learn(form: &str, lemma: &str) -> Option<Rule> {
        let lower = form.to_lowercase();
        // Prefer keeping the case: a proper noun's lemma is the form itself.
        let rule = [(form, false), (lower.as_str(), true)].into_iter().find_map(|(base, lowercase)| {
            let common = base.chars().zip(lemma.chars()).take_while(|(a, b)| a == b).count();
            // Rules must keep at least one character of the form, or they would just memorize lemmas.
            if common == 0 && !lemma.is_empty() {
                return None;
            }
            let strip = base.chars().count() - common;
            let append: String = lemma.chars().skip(common).collect();
            u8::try_from(strip).ok().map(|strip| Rule { strip, append, lowercase })
        });
        rule
    }

    fn apply(&self, form: &str) -> String {
        let base = if self.lowercase { form.to_lowercase() } else { form.to_owned() };
        let keep = base.chars().count().saturating_sub(usize::from(self.strip));
        let mut lemma: String = base.chars().take(keep).collect();
        lemma.push_str(&self.append);
        lemma
    }
}

fn upos_index(upos: Upos) -> usize {
    Upos::ALL.iter().position(|&u| u == upos).expect("every Upos is in ALL")
}

/// Both tables have one map per UPOS (by its index in `Upos::ALL`), so that a word is looked up by its
/// form as a `&str`, without building a key.
pub struct Lemmatizer {
    /// The form of every training word to its most frequent lemma.
    seen: Vec<HashMap<String, String>>,
    /// A form suffix to the most frequent rule for it.
    rules: Vec<HashMap<String, Rule>>,
}

/// One empty map per UPOS.
fn per_upos<V>() -> Vec<HashMap<String, V>> {
    Upos::ALL.iter().map(|_| HashMap::default()).collect()
}

impl Lemmatizer {
    /// Learns from (form, UPOS, lemma) triples. Ties are broken by the smallest value, so the result does
    /// not depend on hash-map order.
    pub fn train<'a>(examples: impl IntoIterator<Item = (&'a str, Upos, &'a str)>) -> Lemmatizer {
        let mut seen_counts: HashMap<(String, u8), HashMap<String, u32>> = HashMap::default();
        let mut rule_counts: HashMap<(u8, String), HashMap<Rule, u32>> = HashMap::default();
        for (form, upos, lemma) in examples {
            if lemma == "_" {
                continue;
            }
            let u = upos_index(upos) as u8;
            *seen_counts.entry((form.to_owned(), u)).or_default().entry(lemma.to_owned()).or_default() += 1;
            let Some(rule) = Rule::learn(form, lemma) else { continue };
            let lower = form.to_lowercase();
            let chars: Vec<char> = lower.chars().collect();
            for len in 0..=MAX_SUFFIX.min(chars.len()) {
                let suffix: String = chars[chars.len() - len..].iter().collect();
                *rule_counts.entry((u, suffix)).or_default().entry(rule.clone()).or_default() += 1;
            }
        }
        fn most_frequent<K: Ord + Clone>(counts: &HashMap<K, u32>) -> (K, u32) {
            let total = counts.values().sum();
            let best = counts.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))).expect("non-empty");
            (best.0.clone(), total)
        }
        let (mut seen, mut rules) = (per_upos(), per_upos());
        for ((form, u), counts) in seen_counts {
            seen[usize::from(u)].insert(form, most_frequent(&counts).0);
        }
        for ((u, suffix), counts) in rule_counts {
            let (rule, total) = most_frequent(&counts);
            if total >= MIN_SUFFIX_COUNT || suffix.is_empty() {
                rules[usize::from(u)].insert(suffix, rule);
            }
        }
        Lemmatizer { seen, rules }
    }

    pub fn lemma(&self, form: &str, upos: Upos) -> String {
        let (seen, rules) = (&self.seen[upos_index(upos)], &self.rules[upos_index(upos)]);
        if let Some(l) = seen.get(form) {
            return l.clone();
        }
        let lower = form.to_lowercase();
        if let Some(l) = seen.get(&lower) {
            return l.clone();
        }
        // The suffixes of up to MAX_SUFFIX characters, longest first, as slices of `lower`.
        let n = lower.chars().count();
        for len in (0..=MAX_SUFFIX.min(n)).rev() {
            let start = lower.char_indices().nth(n - len).map_or(lower.len(), |(at, _)| at);
            if let Some(rule) = rules.get(&lower[start..]) {
                return rule.apply(form);
            }
        }
        form.to_owned()
    }

    pub fn write<W: Write>(&self, w: &mut ModelWriter<W>) -> io::Result<()> {
        // In (form, UPOS) order, then (UPOS, suffix) order: the same model always gives the same bytes.
        let mut seen: Vec<(&str, u8, &str)> = (0u8..)
            .zip(&self.seen)
            .flat_map(|(u, map)| map.iter().map(move |(form, lemma)| (form.as_str(), u, lemma.as_str())))
            .collect();
        seen.sort();
        w.u32(seen.len() as u32)?;
        for (form, u, lemma) in seen {
            w.str(form)?;
            w.u8(u)?;
            w.str(lemma)?;
        }
        let mut rules: Vec<(u8, &str, &Rule)> = (0u8..)
            .zip(&self.rules)
            .flat_map(|(u, map)| map.iter().map(move |(suffix, rule)| (u, suffix.as_str(), rule)))
            .collect();
        rules.sort();
        w.u32(rules.len() as u32)?;
        for (u, suffix, rule) in rules {
            w.u8(u)?;
            w.str(suffix)?;
            w.u8(rule.strip)?;
            w.str(&rule.append)?;
            w.u8(u8::from(rule.lowercase))?;
        }
        Ok(())
    }

    pub fn read(r: &mut ModelReader) -> Result<Lemmatizer, ModelError> {
        let upos = |u: u8| {
            (usize::from(u) < Upos::ALL.len())
                .then_some(usize::from(u))
                .ok_or(ModelError::Corrupt("UPOS index out of range"))
        };
        let (mut seen, mut rules) = (per_upos(), per_upos());
        for _ in 0..r.u32()? {
            let form = r.str()?.to_owned();
            let u = upos(r.u8()?)?;
            seen[u].insert(form, r.str()?.to_owned());
        }
        for _ in 0..r.u32()? {
            let u = upos(r.u8()?)?;
            let suffix = r.str()?.to_owned();
            let strip = r.u8()?;
            let append = r.str()?.to_owned();
            let lowercase = r.u8()? != 0;
            rules[u].insert(suffix, Rule { strip, append, lowercase });
        }
        Ok(Lemmatizer { seen, rules })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_table_and_suffix_rules() {
        let data = [
            ("studies", Upos::Noun, "study"),
            ("parties", Upos::Noun, "party"),
            ("cities", Upos::Noun, "city"),
            ("walked", Upos::Verb, "walk"),
            ("talked", Upos::Verb, "talk"),
            ("went", Upos::Verb, "go"),
            ("The", Upos::Det, "the"),
            ("Moscow", Upos::Propn, "Moscow"),
        ];
        let lem = Lemmatizer::train(data);
        assert_eq!(lem.lemma("went", Upos::Verb), "go");
        assert_eq!(lem.lemma("The", Upos::Det), "the");
        assert_eq!(lem.lemma("ladies", Upos::Noun), "lady");
        assert_eq!(lem.lemma("jumped", Upos::Verb), "jump");
        assert_eq!(lem.lemma("Beijing", Upos::Propn), "Beijing");

        let mut w = ModelWriter::new(Vec::new(), b"TESTLEMM", 1).unwrap();
        lem.write(&mut w).unwrap();
        let bytes = w.finish().unwrap();
        let mut r = ModelReader::new(&bytes, b"TESTLEMM", 1, "test").unwrap();
        let back = Lemmatizer::read(&mut r).unwrap();
        r.finish().unwrap();
        assert_eq!(back.lemma("ladies", Upos::Noun), "lady");
    }
}
