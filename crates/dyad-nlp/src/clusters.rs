//! Word classes learned from raw text, for the parser's features: words that occur in similar contexts
//! share a class, so what the parser learned about a frequent word carries over to rare words of its
//! class (Koo, Carreras & Collins 2008 found such classes worth about a point of attachment score).
//!
//! The classes maximise the likelihood of a class bigram model, found with the exchange algorithm
//! (Kneser & Ney 1993; Martin, Liermann & Ney 1998): each word in turn moves to the class that most
//! improves the likelihood, until few move. Deterministic: words are visited in frequency order, ties go
//! to the lowest class.
//!
//! Words are normalised as the parser sees them: lowercased, digits as `0`.

use std::collections::HashMap;

use std::io::{self, Write};

use crate::model_io::{ModelError, ModelReader, ModelWriter};
use crate::perceptron::{hash_str, IdMap};

const MAGIC: &[u8; 8] = b"DYADCLUS";
const VERSION: u32 = 1;

/// The normalised form of a word: lowercase, every ASCII digit `0`.
pub fn normalize(word: &str) -> String {
    word.chars().flat_map(char::to_lowercase).map(|c| if c.is_ascii_digit() { '0' } else { c }).collect()
}

/// Word classes: normalised-word hash to class.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Clusters {
    pub classes: IdMap<u16>,
    pub n_classes: usize,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub n_classes: usize,
    /// Words seen fewer times share one class of their own (they carry too little evidence).
    pub min_count: u32,
    pub iterations: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { n_classes: 256, min_count: 3, iterations: 12 }
    }
}

/// `x ln x` of a count, with `0 ln 0 = 0`; small counts (most of them) from a table, since the logarithm
/// is most of the training time.
struct XLogX(Vec<f64>);

impl XLogX {
    fn new() -> XLogX {
        XLogX((0..1 << 16).map(|x| if x == 0 { 0.0 } else { f64::from(x) * f64::from(x).ln() }).collect())
    }

    #[inline]
    fn get(&self, x: f64) -> f64 {
        match self.0.get(x as usize) {
            Some(&v) => v,
            None => x * x.ln(),
        }
    }
}

impl Clusters {
    /// The class of a normalised word's hash, if it has one.
    pub fn get(&self, norm_hash: u64) -> Option<u16> {
        self.classes.get(&norm_hash).copied()
    }

    /// Reads a file written by [`Clusters::write`].
    pub fn from_bytes(data: &[u8]) -> Result<Clusters, ModelError> {
        let mut r = ModelReader::new(data, MAGIC, VERSION, "clusters")?;
        let c = Clusters::read(&mut r)?;
        r.finish()?;
        Ok(c)
    }

    pub fn write_file(&self, out: impl Write) -> io::Result<()> {
        let mut w = ModelWriter::new(out, MAGIC, VERSION)?;
        self.write(&mut w)?;
        w.finish().map(drop)
    }

    /// The classes as a part of a model file, words in hash order so that the bytes are reproducible.
    pub fn write<W: Write>(&self, w: &mut ModelWriter<W>) -> io::Result<()> {
        let mut entries: Vec<(u64, u16)> = self.classes.iter().map(|(&h, &c)| (h, c)).collect();
        entries.sort_unstable();
        w.u32(self.n_classes as u32)?;
        w.u32(entries.len() as u32)?;
        entries.into_iter().try_for_each(|(h, c)| w.u64(h).and_then(|()| w.u16(c)))
    }

    pub fn read(r: &mut ModelReader) -> Result<Clusters, ModelError> {
        let n_classes = r.u32()? as usize;
        let n = r.u32()? as usize;
        let mut classes = IdMap::default();
        classes.reserve(n);
        for _ in 0..n {
            let h = r.u64()?;
            let c = r.u16()?;
            if usize::from(c) >= n_classes {
                return Err(ModelError::Corrupt("word class out of range"));
            }
            classes.insert(h, c);
        }
        Ok(Clusters { classes, n_classes })
    }

    /// Learns classes from sentences of (already normalised) words; `report` gets each iteration's
    /// number of moved words.
    pub fn train(sentences: &[Vec<String>], opts: &Options, mut report: impl FnMut(usize, usize)) -> Clusters {
        // Vocabulary in frequency order (ties alphabetical), rare words mapped to one "rare" word.
        let mut counts: HashMap<&str, u32> = HashMap::new();
        for s in sentences {
            for w in s {
                *counts.entry(w.as_str()).or_default() += 1;
            }
        }
        let mut vocab: Vec<(&str, u32)> = counts.into_iter().filter(|&(_, n)| n >= opts.min_count).collect();
        vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let index: HashMap<&str, u32> = vocab.iter().enumerate().map(|(i, &(w, _))| (w, i as u32)).collect();
        // Word ids: the vocabulary, then "rare" and the sentence boundary.
        let rare = vocab.len() as u32;
        let boundary = rare + 1;
        let n_words = vocab.len() + 2;
        let k = opts.n_classes.max(2);

        // Bigram counts per word: successors and predecessors with counts.
        let mut bigrams: HashMap<(u32, u32), u32> = HashMap::new();
        let mut unigram = vec![0u32; n_words];
        for s in sentences {
            let mut prev = boundary;
            unigram[boundary as usize] += 1;
            for w in s.iter().map(|w| index.get(w.as_str()).copied().unwrap_or(rare)).chain([boundary]) {
                *bigrams.entry((prev, w)).or_default() += 1;
                unigram[w as usize] += 1;
                prev = w;
            }
        }
        let mut pairs: Vec<((u32, u32), u32)> = bigrams.into_iter().collect();
        pairs.sort_unstable();
        let mut right: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n_words];
        let mut left: Vec<Vec<(u32, u32)>> = vec![Vec::new(); n_words];
        for &((a, b), n) in &pairs {
            right[a as usize].push((b, n));
            left[b as usize].push((a, n));
        }

        // Initial classes: by frequency rank, round robin; "rare" and the boundary keep classes of their
        // own (k and k+1) and never move.
        let mut class: Vec<usize> = (0..n_words).map(|w| w % k).collect();
        class[rare as usize] = k;
        class[boundary as usize] = k + 1;
        let kk = k + 2;
        let mut m = vec![0f64; kk * kk];
        let mut size = vec![0f64; kk];
        for &((a, b), n) in &pairs {
            m[class[a as usize] * kk + class[b as usize]] += f64::from(n);
        }
        for (w, &n) in unigram.iter().enumerate() {
            size[class[w]] += f64::from(n);
        }

        let table = XLogX::new();
        let xlogx = |x: f64| table.get(x);
        let mut r = vec![0f64; kk];
        let mut l = vec![0f64; kk];
        let (mut r_used, mut l_used) = (Vec::new(), Vec::new());
        for iteration in 1..=opts.iterations {
            let mut moved = 0;
            for w in 0..vocab.len() {
                let n_w = f64::from(unigram[w]);
                // Counts from w to each class and from each class to w (w's own bigrams aside).
                let mut own = 0.0;
                for &(v, n) in &right[w] {
                    if v as usize == w {
                        own += f64::from(n);
                        continue;
                    }
                    let c = class[v as usize];
                    if r[c] == 0.0 {
                        r_used.push(c);
                    }
                    r[c] += f64::from(n);
                }
                for &(v, n) in &left[w] {
                    if v as usize == w {
                        continue;
                    }
                    let c = class[v as usize];
                    if l[c] == 0.0 {
                        l_used.push(c);
                    }
                    l[c] += f64::from(n);
                }
                // Take w out of its class.
                let from = class[w];
                for &c in &r_used {
                    m[from * kk + c] -= r[c];
                }
                for &c in &l_used {
                    m[c * kk + from] -= l[c];
                }
                m[from * kk + from] -= own;
                size[from] -= n_w;
                // The class where w adds the most log-likelihood: sum over class bigrams of N ln N, minus
                // twice the sum over classes of N ln N.
                let mut best = (f64::NEG_INFINITY, from);
                for b in 0..k {
                    let mut gain = 0.0;
                    for &c in &r_used {
                        let x = m[b * kk + c];
                        gain += xlogx(x + r[c]) - xlogx(x);
                    }
                    for &c in &l_used {
                        let x = m[c * kk + b];
                        gain += xlogx(x + l[c]) - xlogx(x);
                    }
                    gain -= 2.0 * (xlogx(size[b] + n_w) - xlogx(size[b]));
                    if gain > best.0 + 1e-9 {
                        best = (gain, b);
                    }
                }
                let to = best.1;
                moved += usize::from(to != from);
                class[w] = to;
                for &c in &r_used {
                    m[to * kk + c] += r[c];
                }
                for &c in &l_used {
                    m[c * kk + to] += l[c];
                }
                m[to * kk + to] += own;
                size[to] += n_w;
                for &c in &r_used {
                    r[c] = 0.0;
                }
                for &c in &l_used {
                    l[c] = 0.0;
                }
                r_used.clear();
                l_used.clear();
            }
            report(iteration, moved);
            if moved * 1000 < vocab.len() {
                break;
            }
        }
        let classes = vocab.iter().enumerate().map(|(i, &(word, _))| (hash_str(word), class[i] as u16)).collect();
        Clusters { classes, n_classes: k }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two kinds of words in two kinds of contexts: the classes must separate them.
    #[test]
    fn words_of_like_contexts_share_a_class() {
        let mut sentences = Vec::new();
        for animal in ["cat", "dog", "cow", "pig"] {
            for verb in ["sleeps", "runs", "eats", "sits"] {
                for det in ["the", "a"] {
                    sentences.push([det, animal, verb].map(String::from).to_vec());
                }
            }
        }
        let c = Clusters::train(&sentences, &Options { n_classes: 3, min_count: 1, iterations: 10 }, |_, _| {});
        let class = |w: &str| c.get(hash_str(w)).unwrap();
        assert_eq!(class("cat"), class("pig"));
        assert_eq!(class("runs"), class("sits"));
        assert_ne!(class("cat"), class("runs"));
        assert_ne!(class("the"), class("cat"));
        let again = Clusters::train(&sentences, &Options { n_classes: 3, min_count: 1, iterations: 10 }, |_, _| {});
        assert_eq!(c, again);
    }
}
