//! Closed word lists of English orthography the tokenizer and sentence splitter consult. Each list is a fact
//! of the written language (which abbreviations take a period, which prefixes keep their hyphen in UD
//! English), not a fit to any one text.

/// How an abbreviation that ends in a period behaves at a possible sentence end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abbrev {
    /// Always followed by more of the same sentence: titles before a name ("Mr.", "Gen."), "e.g.", "No.".
    Prefix,
    /// Can end a sentence ("Inc.", "U.S.", "etc."): it does when the next word is a typical sentence opener.
    Final,
}

/// Titles and other abbreviations that introduce what follows, so never end a sentence.
const PREFIX_ABBREVS: &[&str] = &[
    "Adm", "Amb", "Attn", "Brig", "Capt", "Cdr", "Cmdr", "Col", "Cpl", "Dr", "Fr", "Gen", "Gov", "Hon", "Insp", "Lt",
    "Maj", "Messrs", "Mlle", "Mme", "Mmes", "Mr", "Mrs", "Ms", "No", "Nos", "Pres", "Prof", "Pvt", "Rep", "Reps",
    "Rev", "Sen", "Sens", "Sgt", "Supt", "cf", "eg", "v", "vs", "Vs", "viz",
];

/// Abbreviations that keep their period but may stand at the end of a sentence.
const FINAL_ABBREVS: &[&str] = &[
    // companies and organisations
    "Assn", "Bros", "Cie", "Co", "Corp", "Dept", "Inc", "Inst", "Intl", "Ltd", "Natl", "Univ", "Govt",
    // people
    "Jr", "Sr", "St", "Ste", // places
    "Ave", "Blvd", "Ft", "Hwy", "Mt", "Rd", "Sq", // US states in news style
    "Ala", "Ariz", "Ark", "Calif", "Colo", "Conn", "Del", "Fla", "Ga", "Ill", "Ind", "Kan", "Kans", "Ky", "La", "Mass",
    "Md", "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Tenn", "Tex", "Va", "Vt", "Wash",
    "Wis", "Wyo", // months and days
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Mon", "Tue", "Tues", "Wed",
    "Thu", "Thur", "Thurs", "Fri", "Sat", "Sun", // general
    "Ext", "Fig", "Op", "Vol", "al", "approx", "ca", "est", "etc", "ext", "fig", "lb", "lbs", "oz", "vol", "pp",
];

/// Whether `word` (without its period) is an abbreviation, and which kind. Besides the lists: letters joined
/// by periods ("U.S", "e.g", "Ph.D", "a.m") and single capital letters (initials: "J. R. Smith").
pub fn abbreviation(word: &str) -> Option<Abbrev> {
    if PREFIX_ABBREVS.contains(&word) {
        return Some(Abbrev::Prefix);
    }
    if FINAL_ABBREVS.contains(&word) {
        return Some(Abbrev::Final);
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase().then_some(Abbrev::Final);
    }
    if word.contains('.')
        && word.split('.').all(|seg| (1..=2).contains(&seg.len()) && seg.chars().all(char::is_alphabetic))
    {
        return Some(if matches!(word, "e.g" | "i.e" | "E.g" | "I.e") { Abbrev::Prefix } else { Abbrev::Final });
    }
    None
}

/// Prefixes after which UD English keeps a hyphenated word whole ("re-election", "e-mail", "non-profit");
/// every other hyphen between letters is its own token ("Sino - Russian", "China - Russia").
const HYPHEN_PREFIXES: &[&str] = &[
    "anti", "arch", "bi", "co", "counter", "cross", "de", "e", "ex", "extra", "hyper", "inter", "intra", "macro",
    "mega", "micro", "mid", "mini", "mis", "multi", "neo", "non", "over", "post", "pre", "pro", "pseudo", "psycho",
    "re", "semi", "socio", "sub", "super", "trans", "tri", "ultra", "un", "under", "uni",
];

pub fn is_hyphen_prefix(segment: &str) -> bool {
    segment.len() <= 7 && HYPHEN_PREFIXES.iter().any(|p| p.eq_ignore_ascii_case(segment))
}

/// Contractions written without an apostrophe, split as UD English does ("cannot" → "can" "not", "gonna" →
/// "gon" "na", "dont" → "do" "nt"): the word and the byte length of its first part.
const BARE_CONTRACTIONS: &[(&str, usize)] = &[
    ("cannot", 3),
    ("gonna", 3),
    ("wanna", 3),
    ("gotta", 3),
    ("dont", 2),
    ("didnt", 3),
    ("doesnt", 4),
    ("isnt", 2),
    ("wasnt", 3),
    ("arent", 3),
    ("werent", 4),
    ("cant", 2),
    ("wont", 2),
    ("couldnt", 5),
    ("wouldnt", 5),
    ("shouldnt", 6),
    ("havent", 4),
    ("hasnt", 3),
    ("hadnt", 3),
    ("im", 1),
    ("ive", 1),
];

/// Where to split a contraction written without its apostrophe, if `word` is one.
pub fn bare_contraction(word: &str) -> Option<usize> {
    if word.len() > 8 || (word.len() <= 3 && word.bytes().all(|b| b.is_ascii_uppercase())) {
        // "IM", "IVE" are acronyms, not "I'm", "I've".
        return None;
    }
    BARE_CONTRACTIONS.iter().find(|(w, _)| w.eq_ignore_ascii_case(word)).map(|&(_, at)| at)
}

/// Clitics split off after an apostrophe ("Putin's" → "Putin" "'s", "they're" → "they" "'re").
pub fn is_clitic(after_apostrophe: &str) -> bool {
    ["s", "ll", "re", "ve", "m", "d"].iter().any(|c| c.eq_ignore_ascii_case(after_apostrophe))
}

/// Capitalised words that typically open a sentence: after an abbreviation that can end one ("... in the
/// U.S. The ..."), one of these means it did. Names after an abbreviation ("U.S. President") are not here.
const SENTENCE_OPENERS: &[&str] = &[
    "A",
    "According",
    "After",
    "Afterwards",
    "Also",
    "Although",
    "An",
    "And",
    "As",
    "At",
    "Because",
    "Before",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Even",
    "For",
    "From",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "It",
    "Its",
    "Last",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "My",
    "No",
    "Nor",
    "Not",
    "Now",
    "On",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Thus",
    "To",
    "Under",
    "Until",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Yet",
    "You",
    "Your",
];

pub fn is_sentence_opener(word: &str) -> bool {
    SENTENCE_OPENERS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn openers_are_sorted_for_binary_search() {
        assert!(SENTENCE_OPENERS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn abbreviation_kinds() {
        assert_eq!(abbreviation("Mr"), Some(Abbrev::Prefix));
        assert_eq!(abbreviation("U.S"), Some(Abbrev::Final));
        assert_eq!(abbreviation("e.g"), Some(Abbrev::Prefix));
        assert_eq!(abbreviation("J"), Some(Abbrev::Final));
        assert_eq!(abbreviation("reported"), None);
        assert_eq!(abbreviation("Space.com"), None);
        assert_eq!(abbreviation("3.5"), None);
        assert_eq!(abbreviation("j"), None);
    }
}
