//! The verb and pattern dictionary (`data/verbs.txt`) and the complement frames (`data/frames.txt`),
//! both plain text owned by the project and documented in their headers.

use std::collections::HashMap;

use crate::EventsError;

/// Words that mark a pattern's target: prepositions and verb particles.
const PREPOSITIONS: &[&str] = &[
    "about", "across", "after", "against", "along", "among", "around", "at", "away", "back", "before", "behind",
    "between", "by", "down", "for", "from", "in", "inside", "into", "near", "of", "off", "on", "onto", "out",
    "outside", "over", "through", "to", "toward", "towards", "under", "up", "upon", "with", "within",
];

pub fn is_preposition(word: &str) -> bool {
    PREPOSITIONS.contains(&word)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pos {
    Verb,
    Noun,
}

/// A lemma with the modifiers it must carry: "air strike" is `strike` with a compound `air`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub lemma: String,
    pub modifiers: Vec<String>,
}

impl Word {
    fn parse(s: &str) -> Word {
        let mut parts: Vec<String> = s.split('_').map(str::to_owned).collect();
        let lemma = parts.pop().unwrap_or_default();
        Word { lemma, modifiers: parts }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    pub code: String,
    pub pos: Pos,
    /// Trigger lemmas (a noun pattern's head noun); modifiers are the noun's required modifiers.
    pub triggers: Vec<Word>,
    /// For verbs: the direct object must be one of these.
    pub objects: Vec<Word>,
    /// The target's preposition or the verb's particle.
    pub preps: Vec<String>,
    /// The one named through the preposition does it to the subject ("received weapons from X": X
    /// supplies the subject), written `<` after the prepositions.
    pub converse: bool,
    pub line: usize,
}

impl Pattern {
    /// Higher is more specific: an object constraint beats a preposition, which beats a bare lemma.
    pub fn specificity(&self) -> u32 {
        let modifiers = self.triggers.iter().chain(&self.objects).map(|w| w.modifiers.len()).max().unwrap_or(0) as u32;
        4 * u32::from(!self.objects.is_empty()) + 2 * u32::from(!self.preps.is_empty()) + modifiers
    }
}

/// How a complement-taking word recodes its complement's event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Frame {
    Intent,
    Appeal,
    Demand,
    Reject,
    Threaten,
    Fail,
    Arranged,
    Attempt,
}

impl Frame {
    fn parse(s: &str) -> Option<Frame> {
        Some(match s {
            "intent" => Frame::Intent,
            "appeal" => Frame::Appeal,
            "demand" => Frame::Demand,
            "reject" => Frame::Reject,
            "threaten" => Frame::Threaten,
            "fail" => Frame::Fail,
            "arranged" => Frame::Arranged,
            "attempt" => Frame::Attempt,
            _ => return None,
        })
    }

    /// Whether the frame gives its complement a new code (intent, appeal, demand, reject, threaten).
    pub fn recodes(self) -> bool {
        self.column().is_some()
    }

    /// Column of the recoding table, for the frames that recode.
    fn column(self) -> Option<usize> {
        match self {
            Frame::Intent => Some(0),
            Frame::Appeal => Some(1),
            Frame::Demand => Some(2),
            Frame::Reject => Some(3),
            Frame::Threaten => Some(4),
            Frame::Fail | Frame::Arranged | Frame::Attempt => None,
        }
    }
}

#[derive(Debug)]
pub struct Dictionary {
    patterns: Vec<Pattern>,
    by_trigger: HashMap<(Pos, String), Vec<usize>>,
    frames: HashMap<String, Frame>,
    /// (code prefix, codes per frame column), longest prefix first.
    recode: Vec<(String, [String; 5])>,
}

const VERBS: &str = include_str!("../data/verbs.txt");
const FRAMES: &str = include_str!("../data/frames.txt");

impl Dictionary {
    /// The dictionary compiled into the crate.
    pub fn embedded() -> Result<Dictionary, EventsError> {
        Dictionary::parse(VERBS, FRAMES)
    }

    pub fn parse(verbs: &str, frames: &str) -> Result<Dictionary, EventsError> {
        let book = dyad_core::codebook::Codebook::get();
        let bad = |file: &'static str, line: usize, why: String| EventsError::Dictionary { file, line, why };
        let check_code = |file, line, code: &str| match book.lookup(code) {
            Some(_) => Ok(()),
            None => Err(bad(file, line, format!("unknown CAMEO code {code}"))),
        };

        let mut patterns = Vec::new();
        for (i, raw) in verbs.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split_whitespace().collect();
            if f.len() < 3 {
                return Err(bad("verbs.txt", i + 1, "expected CODE POS LEMMAS".into()));
            }
            check_code("verbs.txt", i + 1, f[0])?;
            let pos = match f[1] {
                "v" => Pos::Verb,
                "n" => Pos::Noun,
                other => return Err(bad("verbs.txt", i + 1, format!("part of speech {other:?} is not v or n"))),
            };
            let mut triggers: Vec<Word> = f[2].split('|').map(Word::parse).collect();
            let (mut objects, mut preps, mut noun_words) = (Vec::new(), Vec::new(), Vec::new());
            let mut converse = false;
            for c in &f[3..] {
                if *c == "<" && pos == Pos::Verb && !preps.is_empty() {
                    converse = true;
                } else if let Some(objs) = c.strip_prefix('=') {
                    objects.extend(objs.split('|').map(Word::parse));
                } else if c.split('|').all(is_preposition) {
                    preps.extend(c.split('|').map(str::to_owned));
                } else if pos == Pos::Noun && preps.is_empty() {
                    // "phone call with": the head noun is the last word before the prepositions.
                    noun_words.push(*c);
                } else {
                    return Err(bad("verbs.txt", i + 1, format!("{c:?} is neither =OBJECT nor a preposition")));
                }
            }
            if !noun_words.is_empty() {
                if triggers.len() != 1 {
                    return Err(bad("verbs.txt", i + 1, "a multi-word noun takes one lemma".into()));
                }
                let mut modifiers: Vec<String> = vec![triggers[0].lemma.clone()];
                let head = noun_words.pop().unwrap_or_default().to_owned();
                modifiers.extend(noun_words.iter().map(|w| w.to_string()));
                triggers = vec![Word { lemma: head, modifiers }];
            }
            patterns.push(Pattern { code: f[0].to_owned(), pos, triggers, objects, preps, converse, line: i + 1 });
        }
        let mut by_trigger: HashMap<(Pos, String), Vec<usize>> = HashMap::new();
        for (i, p) in patterns.iter().enumerate() {
            for t in &p.triggers {
                by_trigger.entry((p.pos, t.lemma.clone())).or_default().push(i);
            }
        }

        let mut frame_of = HashMap::new();
        let mut recode = Vec::new();
        for (i, raw) in frames.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(rest) = line.strip_prefix("frame ") {
                let (name, lemmas) = rest.split_once(':').ok_or_else(|| bad("frames.txt", i + 1, "no ':'".into()))?;
                let frame = Frame::parse(name.trim())
                    .ok_or_else(|| bad("frames.txt", i + 1, format!("unknown frame {name:?}")))?;
                for l in lemmas.split_whitespace() {
                    frame_of.insert(l.to_owned(), frame);
                }
            } else {
                let f: Vec<&str> = line.split_whitespace().collect();
                if f.len() != 6 {
                    return Err(bad("frames.txt", i + 1, "expected a code prefix and five codes".into()));
                }
                for c in f.iter().filter(|c| **c != "-") {
                    check_code("frames.txt", i + 1, c)?;
                }
                recode.push((f[0].to_owned(), std::array::from_fn(|k| f[k + 1].to_owned())));
            }
        }
        recode.sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
        Ok(Dictionary { patterns, by_trigger, frames: frame_of, recode })
    }

    /// Patterns whose trigger lemma is `lemma`, most specific first (file order among equals).
    /// Whether any pattern has this trigger: a plain lookup, for checks made on every token.
    pub fn has_trigger(&self, pos: Pos, lemma: &str) -> bool {
        self.by_trigger.contains_key(&(pos, lemma.to_owned()))
    }

    pub fn candidates(&self, pos: Pos, lemma: &str) -> Vec<&Pattern> {
        let mut found: Vec<&Pattern> = self
            .by_trigger
            .get(&(pos, lemma.to_owned()))
            .map(|ix| ix.iter().map(|&i| &self.patterns[i]).collect())
            .unwrap_or_default();
        found.sort_by_key(|p| (std::cmp::Reverse(p.specificity()), p.line));
        found
    }

    pub fn frame(&self, lemma: &str) -> Option<Frame> {
        self.frames.get(lemma).copied()
    }

    /// The code a frame gives to a complement coded `code`; `None` for frames that do not recode and
    /// where the table says "-" (the complement keeps its own code).
    pub fn recode(&self, frame: Frame, code: &str) -> Option<&str> {
        let col = frame.column()?;
        let (_, codes) = self.recode.iter().find(|(prefix, _)| code.starts_with(prefix.as_str()))?;
        Some(codes[col].as_str()).filter(|c| *c != "-")
    }

    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_dictionary_parses_and_covers_every_root() {
        let d = Dictionary::embedded().unwrap();
        assert!(d.patterns().len() > 400, "{} patterns", d.patterns().len());
        for root in 1..=20 {
            let root = format!("{root:02}");
            assert!(d.patterns().iter().any(|p| p.code.starts_with(&root)), "no pattern for root {root}");
        }
    }

    #[test]
    fn pattern_syntax() {
        let d = Dictionary::parse(
            "163 v impose =sanction on|against\n041 n phone call with\n195 n air_strike on\n051 v praise\n",
            "frame intent: plan\n04 036 026 106 125 130\n",
        )
        .unwrap();
        let impose = d.candidates(Pos::Verb, "impose")[0];
        assert_eq!(impose.objects[0].lemma, "sanction");
        assert_eq!(impose.preps, ["on", "against"]);
        let call = d.candidates(Pos::Noun, "call")[0];
        assert_eq!(call.triggers[0].modifiers, ["phone"]);
        assert_eq!(call.preps, ["with"]);
        assert_eq!(d.candidates(Pos::Noun, "strike")[0].triggers[0].modifiers, ["air"]);
        assert!(d.candidates(Pos::Noun, "praise").is_empty());
        assert_eq!(d.frame("plan"), Some(Frame::Intent));
        assert_eq!(d.recode(Frame::Intent, "042"), Some("036"));
        assert_eq!(d.recode(Frame::Fail, "042"), None);
    }

    #[test]
    fn most_specific_pattern_first() {
        let d = Dictionary::parse("040 v meet\n044 v meet in\n057 v sign\n057 v sign =treaty with\n", "").unwrap();
        assert_eq!(d.candidates(Pos::Verb, "meet")[0].code, "044");
        assert!(!d.candidates(Pos::Verb, "sign")[0].objects.is_empty());
    }

    #[test]
    fn errors_name_the_line() {
        let e = Dictionary::parse("051 v praise\n999 v foo\n", "").unwrap_err();
        assert!(e.to_string().contains("verbs.txt line 2"), "{e}");
        assert!(Dictionary::parse("051 x praise\n", "").is_err());
        assert!(Dictionary::parse("", "frame wish: hope\n").is_err());
    }
}
