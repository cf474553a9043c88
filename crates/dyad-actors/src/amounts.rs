//! Amounts: numbers in digits or words with what they count ("42 times", "from five to 11 members",
//! "75th anniversary", "$3.5 billion", "$1bn", "20%").

use dyad_core::{Amount, Document, Span, Stage};

/// The amount stage: fills [`Document::amounts`]. Needs sentences and tokens; numbers inside date
/// mentions (run the date stage first) are left to the dates.
#[derive(Debug, Default, Clone, Copy)]
pub struct AmountStage;

fn word_number(w: &str) -> Option<f64> {
    let n = match w.to_lowercase().as_str() {
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        "hundred" => 100,
        "dozen" => 12,
        _ => return None,
    };
    Some(f64::from(n))
}

fn multiplier(w: &str) -> Option<f64> {
    Some(match w.to_lowercase().as_str() {
        "hundred" => 1e2,
        "thousand" | "k" => 1e3,
        "million" | "m" | "mn" | "mln" => 1e6,
        "billion" | "bn" | "b" => 1e9,
        "trillion" | "tn" => 1e12,
        _ => return None,
    })
}

fn currency(w: &str) -> Option<&'static str> {
    Some(match w {
        "$" | "US$" | "USD" => "USD",
        "€" | "EUR" => "EUR",
        "£" | "GBP" => "GBP",
        "¥" => "JPY",
        "₽" => "RUB",
        _ => return None,
    })
}

/// Digits with optional separators, decimal point, ordinal suffix or multiplier suffix ("1,000", "3.5",
/// "75th", "1bn"), as (value, is ordinal, multiplier suffix).
fn digits(w: &str) -> Option<(f64, bool, f64)> {
    let body = w.trim_start_matches(['$', '€', '£']);
    let num_end = body.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(body.len());
    let (num, rest) = body.split_at(num_end);
    if num.is_empty() || !num.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let value: f64 = num.trim_end_matches(['.', ',']).replace(',', "").parse().ok()?;
    match rest.to_lowercase().as_str() {
        "" => Some((value, false, 1.0)),
        "st" | "nd" | "rd" | "th" => Some((value, true, 1.0)),
        suffix => multiplier(suffix).map(|m| (value, false, m)),
    }
}

/// Words that end the search for a unit: a number followed by one of these counts nothing named.
const NOT_UNITS: [&str; 22] = [
    "to", "and", "or", "of", "the", "a", "an", "in", "on", "at", "for", "with", "from", "than", "as", "by", "is",
    "are", "was", "were", "that", "which",
];

impl Stage for AmountStage {
    fn name(&self) -> &'static str {
        "amounts"
    }

    fn annotate(&self, doc: &mut Document) {
        let mut out: Vec<Amount> = Vec::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            let toks = &doc.tokens[s.tokens.clone()];
            let words: Vec<&str> = toks.iter().map(|t| doc.slice(t.span)).collect();
            // Only this sentence's dates: scanning all of them for every token is quadratic on long texts.
            let dates: Vec<_> = doc.dates.iter().filter(|d| d.sentence == si).map(|d| d.span).collect();
            let in_date = |i: usize| dates.iter().any(|d| d.contains(toks[i].span));
            let mut found: Vec<(usize, usize, f64, Option<String>)> = Vec::new();
            let mut i = 0;
            while i < words.len() {
                if in_date(i) {
                    i += 1;
                    continue;
                }
                let mut start = i;
                let mut cur = currency(words[i]).map(String::from);
                let mut j = i;
                if cur.is_some() && i + 1 < words.len() {
                    j = i + 1;
                } else if cur.is_none() {
                    cur = ["$", "€", "£"]
                        .iter()
                        .find(|c| words[i].starts_with(**c))
                        .and_then(|c| currency(c))
                        .map(String::from);
                }
                let parsed = digits(words[j]).or_else(|| word_number(words[j]).map(|v| (v, false, 1.0)));
                let Some((mut value, ordinal, mult)) = parsed else {
                    i += 1;
                    continue;
                };
                value *= mult;
                let mut e = j + 1;
                while e < words.len() {
                    match multiplier(words[e]).filter(|_| !ordinal) {
                        Some(m) => {
                            value *= m;
                            e += 1;
                        }
                        None => break,
                    }
                }
                if e < words.len() && (words[e] == "%" || words[e].eq_ignore_ascii_case("percent")) {
                    cur = Some("percent".into());
                    e += 1;
                } else if e + 1 < words.len() && words[e].eq_ignore_ascii_case("per") && words[e + 1] == "cent" {
                    cur = Some("percent".into());
                    e += 2;
                }
                let mut unit = cur;
                if unit.is_none() && e < words.len() {
                    let w = words[e].to_lowercase();
                    if w.chars().all(char::is_alphabetic) && !NOT_UNITS.contains(&w.as_str()) && !w.is_empty() {
                        unit = Some(w);
                        e += 1;
                    }
                }
                if start > 0 && words[start - 1] == "-" {
                    start = i;
                }
                found.push((start, e, value, unit));
                i = e.max(i + 1);
            }
            // "from five to 11 members": a number without a unit shares the next one's.
            for k in (0..found.len().saturating_sub(1)).rev() {
                let (cur_end, next_start) = (found[k].1, found[k + 1].0);
                let linked = next_start == cur_end + 1
                    && matches!(words[cur_end].to_lowercase().as_str(), "to" | "and" | "or" | "-");
                if found[k].3.is_none() && linked {
                    found[k].3 = found[k + 1].3.clone();
                }
            }
            for (s, e, value, unit) in found {
                out.push(Amount {
                    sentence: si,
                    span: Span::new(toks[s].span.start, toks[e - 1].span.end),
                    value,
                    unit,
                });
            }
        }
        doc.amounts = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, f64, Option<String>)> {
        let mut doc = Document::new("t", text);
        dyad_nlp::segment::Segmenter.annotate(&mut doc);
        crate::dates::DateStage.annotate(&mut doc);
        AmountStage.annotate(&mut doc);
        doc.amounts.iter().map(|a| (doc.slice(a.span).to_owned(), a.value, a.unit.clone())).collect()
    }

    #[test]
    fn numbers_with_units() {
        let got = run("They have met 42 times since 2013. The group grew from five to 11 members. \
                       This year marks the 75th anniversary. It costs $3.5 billion, up 20% from 2012.");
        let want: Vec<(String, f64, Option<String>)> = vec![
            ("42 times".into(), 42.0, Some("times".into())),
            ("five".into(), 5.0, Some("members".into())),
            ("11 members".into(), 11.0, Some("members".into())),
            ("75th anniversary".into(), 75.0, Some("anniversary".into())),
            ("$3.5 billion".into(), 3.5e9, Some("USD".into())),
            ("20%".into(), 20.0, Some("percent".into())),
        ];
        assert_eq!(got, want);
    }
}
