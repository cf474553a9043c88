//! Date expressions and their values, resolved against the publication date: absolute ("19 March 2024",
//! "March 19, 2024", "18/03/2024", "2012"), months ("in October"), weekdays ("on Monday"), and relative
//! expressions ("yesterday", "last week", "this year", "next month", "three days ago", "over the past two
//! decades"). A weekday or month without a year is resolved by the tense of its sentence: the last one
//! before the publication date in past-tense sentences, the next one in future-tense sentences.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use dyad_core::{DateMention, Document, Span, Stage};

/// The date stage: fills [`Document::dates`]. Needs sentences and tokens; uses XPOS tags when present.
#[derive(Debug, Default, Clone, Copy)]
pub struct DateStage;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_of(w: &str) -> Option<u32> {
    // Called for every word: most are too long or too short to be a month, and need no lower-casing.
    let trimmed = w.trim_end_matches('.');
    if !(3..="september".len()).contains(&trimmed.len()) {
        return None;
    }
    let lw = trimmed.to_lowercase();
    if lw.len() < 3 {
        return None;
    }
    MONTHS.iter().position(|m| *m == lw || (lw.len() == 3 && m.starts_with(&lw)) || (lw == "sept")).map(|i| {
        if lw == "sept" {
            9
        } else {
            i as u32 + 1
        }
    })
}

fn weekday_of(w: &str) -> Option<Weekday> {
    Some(match w.to_lowercase().as_str() {
        "monday" => Weekday::Mon,
        "tuesday" => Weekday::Tue,
        "wednesday" => Weekday::Wed,
        "thursday" => Weekday::Thu,
        "friday" => Weekday::Fri,
        "saturday" => Weekday::Sat,
        "sunday" => Weekday::Sun,
        _ => return None,
    })
}

/// Small numbers written as words, for "two decades", "three days ago".
pub(crate) fn small_number(w: &str) -> Option<u32> {
    let n = match w.to_lowercase().as_str() {
        "one" | "a" | "an" => 1,
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
        "several" | "few" => return None,
        other => return other.parse().ok(),
    };
    Some(n)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Present,
    Future,
}

/// The tense of a sentence from its words and (when tagged) XPOS tags.
pub fn tense(words: &[&str], xpos: &[&str]) -> Tense {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let has = |ws: &[&str]| lower.iter().any(|w| ws.contains(&w.as_str()));
    if has(&["will", "'ll", "shall", "tomorrow"]) || lower.windows(2).any(|p| p[0] == "going" && p[1] == "to") {
        return Tense::Future;
    }
    if xpos.contains(&"VBD") || has(&["was", "were", "did", "had", "said", "yesterday", "ago", "last"]) {
        return Tense::Past;
    }
    if lower.iter().any(|w| w.len() > 4 && w.ends_with("ed")) {
        return Tense::Past;
    }
    Tense::Present
}

/// A resolved value at the precision the text gives.
fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn ym(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

/// The most recent `wd` on or before `d` (past), or the next on or after it (future).
pub fn resolve_weekday(d: NaiveDate, wd: Weekday, t: Tense) -> NaiveDate {
    let diff = (d.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64).rem_euclid(7);
    match t {
        Tense::Future => {
            let ahead = (wd.num_days_from_monday() as i64 - d.weekday().num_days_from_monday() as i64).rem_euclid(7);
            d + Duration::days(ahead)
        }
        _ => d - Duration::days(diff),
    }
}

/// The year of month `m` mentioned without a year: the last such month up to the publication month in
/// past-tense sentences, the next from it in future-tense ones, the publication year otherwise.
pub fn resolve_month(d: NaiveDate, m: u32, t: Tense) -> i32 {
    match t {
        Tense::Past if m > d.month() => d.year() - 1,
        Tense::Future if m < d.month() => d.year() + 1,
        _ => d.year(),
    }
}

struct Scan<'a> {
    words: Vec<&'a str>,
    spans: Vec<Span>,
    pub_date: Option<NaiveDate>,
    tense: Tense,
}

impl Scan<'_> {
    fn w(&self, i: usize) -> &str {
        self.words.get(i).copied().unwrap_or("")
    }
    fn lw(&self, i: usize) -> String {
        self.w(i).to_lowercase()
    }
    fn year_at(&self, i: usize) -> Option<i32> {
        let w = self.w(i);
        (w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()))
            .then(|| w.parse().ok())
            .flatten()
            .filter(|y| (1000..=2199).contains(y))
    }
    fn day_at(&self, i: usize) -> Option<u32> {
        let w = self.w(i);
        let digits = w.trim_end_matches(|c: char| c.is_alphabetic());
        let suffix = &w[digits.len()..];
        if !(suffix.is_empty() || matches!(suffix, "st" | "nd" | "rd" | "th")) || digits.is_empty() || digits.len() > 2
        {
            return None;
        }
        digits.parse().ok().filter(|d| (1..=31).contains(d))
    }

    /// One expression starting at token `i`: (end token, value).
    fn at(&self, i: usize) -> Option<(usize, Option<String>)> {
        let d = self.pub_date;
        let lw = self.lw(i);
        // Numeric dates: 2024-03-18, 18/03/2024, 03/18/2024.
        if let Some(v) = numeric_date(self.w(i)) {
            return Some((i + 1, Some(v)));
        }
        // Month [day][,] [year]; a month alone needs a preposition before it ("May" is often the verb).
        if let Some(m) = month_of(self.w(i)).filter(|_| self.w(i).chars().next().is_some_and(char::is_uppercase)) {
            let mut e = i + 1;
            let day = self.day_at(e);
            if day.is_some() {
                e += 1;
            }
            let comma = self.w(e) == ",";
            let year = self.year_at(if comma { e + 1 } else { e });
            if year.is_some() {
                e = if comma { e + 2 } else { e + 1 };
            }
            let prep_before = i > 0
                && matches!(
                    self.lw(i - 1).as_str(),
                    "in" | "since"
                        | "until"
                        | "by"
                        | "from"
                        | "of"
                        | "last"
                        | "next"
                        | "this"
                        | "early"
                        | "late"
                        | "mid"
                        | "through"
                );
            if day.is_none() && year.is_none() && !prep_before {
                return None;
            }
            let y = year.or_else(|| d.map(|d| resolve_month(d, m, self.tense)));
            let v = match (y, day) {
                (Some(y), Some(dd)) => NaiveDate::from_ymd_opt(y, m, dd).map(ymd),
                (Some(y), None) => Some(ym(y, m)),
                _ => None,
            };
            return Some((e, v));
        }
        // Day Month [year]: "19 March 2024"
        if let (Some(dd), Some(m)) = (self.day_at(i), month_of(self.w(i + 1))) {
            if self.w(i + 1).chars().next().is_some_and(char::is_uppercase) {
                let year = self.year_at(i + 2);
                let y = year.or_else(|| d.map(|d| resolve_month(d, m, self.tense)));
                let e = if year.is_some() { i + 3 } else { i + 2 };
                return Some((e, y.and_then(|y| NaiveDate::from_ymd_opt(y, m, dd)).map(ymd)));
            }
        }
        // A year: "in 2012", "since 2013", "the 2012 election"; but "1500 troops" counts troops: a number
        // followed by a plural noun is a year only after a preposition.
        if let Some(y) = self.year_at(i) {
            let after_prep = i > 0
                && matches!(
                    self.lw(i - 1).as_str(),
                    "in" | "since"
                        | "by"
                        | "until"
                        | "from"
                        | "of"
                        | "before"
                        | "after"
                        | "during"
                        | "through"
                        | "to"
                        | "and"
                        | "between"
                        | "early"
                        | "late"
                        | "mid"
                );
            let next = self.w(i + 1);
            let counts = next.len() > 3 && next.ends_with('s') && next.chars().all(|c| c.is_ascii_lowercase());
            if after_prep || !counts {
                return Some((i + 1, Some(format!("{y:04}"))));
            }
        }
        // Weekdays.
        if let Some(wd) = weekday_of(self.w(i)) {
            return Some((i + 1, d.map(|d| ymd(resolve_weekday(d, wd, self.tense)))));
        }
        match lw.as_str() {
            "today" => return Some((i + 1, d.map(ymd))),
            "yesterday" => return Some((i + 1, d.map(|d| ymd(d - Duration::days(1))))),
            "tomorrow" => return Some((i + 1, d.map(|d| ymd(d + Duration::days(1))))),
            "last" | "next" | "this" | "past" | "coming" => {
                let sign: i32 = match lw.as_str() {
                    "last" | "past" => -1,
                    "next" | "coming" => 1,
                    _ => 0,
                };
                let unit = self.lw(i + 1);
                let v = d.and_then(|d| relative(d, sign, &unit));
                if v.is_some() || matches!(unit.as_str(), "week" | "month" | "year") {
                    return Some((i + 2, v));
                }
            }
            _ => {}
        }
        // "N days/weeks/months/years ago"
        if let Some(n) = small_number(self.w(i)).filter(|_| self.lw(i + 2) == "ago") {
            let unit = self.lw(i + 1);
            let v = d.and_then(|d| ago(d, n, &unit));
            if v.is_some() {
                return Some((i + 3, v));
            }
        }
        // "the past/last N years/decades": an interval ending at the publication date.
        if matches!(lw.as_str(), "past" | "last") {
            if let Some(n) = small_number(self.w(i + 1)) {
                let unit = self.lw(i + 2);
                let years = match unit.trim_end_matches('s') {
                    "year" => Some(n as i32),
                    "decade" => Some(10 * n as i32),
                    "century" | "centurie" => Some(100 * n as i32),
                    _ => None,
                };
                if let Some(years) = years {
                    return Some((i + 3, d.map(|d| format!("{:04}/{:04}", d.year() - years, d.year()))));
                }
            }
        }
        None
    }
}

/// "this/last/next week|month|year" against `d`.
fn relative(d: NaiveDate, sign: i32, unit: &str) -> Option<String> {
    match unit {
        "week" => {
            let day = d + Duration::weeks(i64::from(sign));
            let w = day.iso_week();
            Some(format!("{}-W{:02}", w.year(), w.week()))
        }
        "month" => {
            let first = d.with_day(1)?;
            let m = match sign {
                -1 => first.checked_sub_months(Months::new(1))?,
                1 => first.checked_add_months(Months::new(1))?,
                _ => first,
            };
            Some(ym(m.year(), m.month()))
        }
        "year" => Some(format!("{:04}", d.year() + sign)),
        _ => weekday_of(unit).map(|wd| {
            let base = resolve_weekday(d, wd, if sign > 0 { Tense::Future } else { Tense::Past });
            let base = match sign {
                -1 if base == d => base - Duration::weeks(1),
                1 if base == d => base + Duration::weeks(1),
                _ => base,
            };
            ymd(base)
        }),
    }
}

fn ago(d: NaiveDate, n: u32, unit: &str) -> Option<String> {
    match unit.trim_end_matches('s') {
        "day" => Some(ymd(d - Duration::days(i64::from(n)))),
        "week" => Some(ymd(d - Duration::weeks(i64::from(n)))),
        "month" => d.checked_sub_months(Months::new(n)).map(|m| ym(m.year(), m.month())),
        "year" => Some(format!("{:04}", d.year() - n as i32)),
        _ => None,
    }
}

/// "2024-03-18", "18/03/2024" (day first when the first number cannot be a month), "03/18/2024".
fn numeric_date(w: &str) -> Option<String> {
    // Called for every word; only a number or a signed year can start a date.
    if !w.starts_with(|c: char| c.is_ascii_digit() || c == '+' || c == '-') {
        return None;
    }
    if let Ok(d) = NaiveDate::parse_from_str(w, "%Y-%m-%d") {
        return Some(ymd(d));
    }
    let parts: Vec<&str> = w.split(['/', '.']).collect();
    if parts.len() != 3
        || parts[2].len() != 4
        || parts.iter().any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let (a, b, y): (u32, u32, i32) = (parts[0].parse().ok()?, parts[1].parse().ok()?, parts[2].parse().ok()?);
    let (m, dd) = if a > 12 { (b, a) } else { (a, b) };
    NaiveDate::from_ymd_opt(y, m, dd).map(ymd)
}

impl Stage for DateStage {
    fn name(&self) -> &'static str {
        "dates"
    }

    fn annotate(&self, doc: &mut Document) {
        let mut out = Vec::new();
        for (si, s) in doc.sentences.iter().enumerate() {
            let toks = &doc.tokens[s.tokens.clone()];
            let words: Vec<&str> = toks.iter().map(|t| doc.slice(t.span)).collect();
            let xpos: Vec<&str> = toks.iter().map(|t| t.xpos).collect();
            let scan = Scan {
                tense: tense(&words, &xpos),
                words,
                spans: toks.iter().map(|t| t.span).collect(),
                pub_date: doc.date,
            };
            let mut i = 0;
            while i < scan.words.len() {
                if let Some((e, value)) = scan.at(i) {
                    let mut start = i;
                    // Keep the preposition that anchors the date: "on Monday", "in October", "since 2012".
                    if i > 0 && matches!(scan.lw(i - 1).as_str(), "on" | "in" | "since" | "until" | "by" | "over") {
                        start = i - 1;
                    }
                    if start > 0 && scan.lw(start) == "over" {
                        // "over the past two decades" keeps "over the".
                    } else if i > 0 && scan.lw(i - 1) == "the" && matches!(scan.lw(i).as_str(), "past" | "last") {
                        start = i - 1;
                        if start > 0 && scan.lw(start - 1) == "over" {
                            start -= 1;
                        }
                    }
                    out.push(DateMention {
                        sentence: si,
                        span: Span::new(scan.spans[start].start, scan.spans[e - 1].end),
                        value,
                    });
                    i = e;
                } else {
                    i += 1;
                }
            }
        }
        doc.dates = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weekdays_follow_the_tense() {
        // Tuesday 19 March 2024.
        let pubd = d("2024-03-19");
        assert_eq!(resolve_weekday(pubd, Weekday::Mon, Tense::Past), d("2024-03-18"));
        assert_eq!(resolve_weekday(pubd, Weekday::Mon, Tense::Future), d("2024-03-25"));
        assert_eq!(resolve_weekday(pubd, Weekday::Wed, Tense::Past), d("2024-03-13"));
        assert_eq!(resolve_weekday(pubd, Weekday::Tue, Tense::Past), pubd);
        // Across a month and a year boundary: Wednesday 1 January 2025.
        assert_eq!(resolve_weekday(d("2025-01-01"), Weekday::Fri, Tense::Past), d("2024-12-27"));
        assert_eq!(resolve_weekday(d("2024-02-28"), Weekday::Sat, Tense::Future), d("2024-03-02"));
    }

    #[test]
    fn months_without_a_year_follow_the_tense() {
        let pubd = d("2024-03-19");
        assert_eq!(resolve_month(pubd, 10, Tense::Past), 2023);
        assert_eq!(resolve_month(pubd, 10, Tense::Future), 2024);
        assert_eq!(resolve_month(pubd, 1, Tense::Future), 2025);
        assert_eq!(resolve_month(pubd, 2, Tense::Past), 2024);
    }

    #[test]
    fn relative_expressions_cross_boundaries() {
        assert_eq!(relative(d("2024-01-15"), -1, "month").as_deref(), Some("2023-12"));
        assert_eq!(relative(d("2024-12-15"), 1, "month").as_deref(), Some("2025-01"));
        assert_eq!(relative(d("2024-03-19"), 0, "year").as_deref(), Some("2024"));
        assert_eq!(relative(d("2024-03-19"), -1, "monday").as_deref(), Some("2024-03-18"));
        assert_eq!(ago(d("2024-03-01"), 3, "days").as_deref(), Some("2024-02-27"));
        assert_eq!(numeric_date("18/03/2024").as_deref(), Some("2024-03-18"));
        assert_eq!(numeric_date("03/18/2024").as_deref(), Some("2024-03-18"));
    }

    fn run(text: &str, date: &str) -> Vec<(String, Option<String>)> {
        let mut doc = Document::new("t", text);
        doc.date = Some(d(date));
        dyad_nlp::segment::Segmenter.annotate(&mut doc);
        DateStage.annotate(&mut doc);
        doc.dates.iter().map(|m| (doc.slice(m.span).to_owned(), m.value.clone())).collect()
    }

    #[test]
    fn finds_dates_in_text() {
        let got = run(
            "Xi on Monday congratulated Putin. They last met in October. Russia will host the summit in October. \
             He has ruled since 2012. The deal was signed on March 18, 2024, and ratified 2 April 2024. \
             Ties have grown over the past two decades. She will visit next month. Some 1500 troops left.",
            "2024-03-19",
        );
        let want = [
            ("on Monday", Some("2024-03-18")),
            ("in October", Some("2023-10")),
            ("in October", Some("2024-10")),
            ("since 2012", Some("2012")),
            ("on March 18, 2024", Some("2024-03-18")),
            ("2 April 2024", Some("2024-04-02")),
            ("over the past two decades", Some("2004/2024")),
            ("next month", Some("2024-04")),
        ];
        let want: Vec<(String, Option<String>)> =
            want.iter().map(|(a, b)| (a.to_string(), b.map(String::from))).collect();
        assert_eq!(got, want);
    }
}
