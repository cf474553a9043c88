use super::*;

fn tokens(text: &str) -> Vec<&str> {
    tokenize(text).into_iter().map(|s| s.slice(text)).collect()
}

fn sentences(text: &str) -> Vec<&str> {
    Segmenter.segment(text).1.into_iter().map(|s| s.span.slice(text)).collect()
}

#[test]
fn abbreviations_and_initials_keep_their_period() {
    assert_eq!(
        tokens("Mr. J. R. Smith of Acme Inc. met Dr. Lee in St. Louis on Jan. 5"),
        [
            "Mr.", "J.", "R.", "Smith", "of", "Acme", "Inc.", "met", "Dr.", "Lee", "in", "St.", "Louis", "on", "Jan.",
            "5"
        ]
    );
    assert_eq!(
        tokens("the U.S. and U.K. economies, e.g. trade"),
        ["the", "U.S.", "and", "U.K.", "economies", ",", "e.g.", "trade"]
    );
    assert_eq!(sentences("Mr. Smith met Gen. Lee. They talked."), ["Mr. Smith met Gen. Lee.", "They talked."]);
}

#[test]
fn an_abbreviation_at_the_end_of_a_sentence_gives_up_its_period() {
    let text = "He moved to the U.S. The move was costly.";
    let (spans, sents) = Segmenter.segment(text);
    let toks: Vec<&str> = spans.iter().map(|s| s.slice(text)).collect();
    assert_eq!(&toks[..6], ["He", "moved", "to", "the", "U.S", "."]);
    assert_eq!(sents.len(), 2);
    assert_eq!(tokens("apples, pears etc."), ["apples", ",", "pears", "etc", "."]);
    // A name after an abbreviation does not start a sentence.
    assert_eq!(sentences("The U.S. President spoke."), ["The U.S. President spoke."]);
}

#[test]
fn numbers_stay_whole() {
    assert_eq!(
        tokens("3.5 million, 1,000 people at 10:30 on 11/29/2000 (5%) for $20"),
        [
            "3.5",
            "million",
            ",",
            "1,000",
            "people",
            "at",
            "10:30",
            "on",
            "11/29/2000",
            "(",
            "5",
            "%",
            ")",
            "for",
            "$",
            "20"
        ]
    );
    assert_eq!(
        tokens("the 21st century, the 1990s, at 3pm from Pad 39A"),
        ["the", "21st", "century", ",", "the", "1990s", ",", "at", "3", "pm", "from", "Pad", "39A"]
    );
}

#[test]
fn quotes_and_brackets_are_split() {
    assert_eq!(
        tokens("“We won,” he said (loudly) and 'left'."),
        ["“", "We", "won", ",", "”", "he", "said", "(", "loudly", ")", "and", "'", "left", "'", "."]
    );
    assert_eq!(tokens("\"No.\""), ["\"", "No", ".", "\""]);
}

#[test]
fn closing_quotes_and_brackets_stay_with_their_sentence() {
    assert_eq!(
        sentences("He said: \"We will win.\" Then he left. (It was late.) Bye."),
        ["He said: \"We will win.\"", "Then he left.", "(It was late.)", "Bye."]
    );
    assert_eq!(sentences("“Why?” he asked. Nobody knew."), ["“Why?” he asked.", "Nobody knew."]);
}

#[test]
fn dashes_and_ellipses() {
    assert_eq!(tokens("Xi—and Putin–met -- twice..."), ["Xi", "—", "and", "Putin", "–", "met", "--", "twice", "..."]);
    assert_eq!(sentences("Well... maybe. Fine… Go."), ["Well... maybe.", "Fine…", "Go."]);
}

#[test]
fn hyphenated_compounds_split_except_after_prefixes() {
    assert_eq!(
        tokens("Sino-Russian ties, China-Russia relations"),
        ["Sino", "-", "Russian", "ties", ",", "China", "-", "Russia", "relations"]
    );
    assert_eq!(
        tokens("his re-election by e-mail, a non-profit"),
        ["his", "re-election", "by", "e-mail", ",", "a", "non-profit"]
    );
    assert_eq!(tokens("call 713-853-3989 and/or b/c"), ["call", "713-853-3989", "and", "/", "or", "b/c"]);
}

#[test]
fn clitics_and_possessives_are_split() {
    assert_eq!(
        tokens("Putin's leaders' don't can't I'm they’re"),
        ["Putin", "'s", "leaders", "'", "do", "n't", "ca", "n't", "I", "'m", "they", "’re"]
    );
    assert_eq!(tokens("O'Neill cannot go, gonna stay"), ["O'Neill", "can", "not", "go", ",", "gon", "na", "stay"]);
}

#[test]
fn urls_and_emails_are_one_token() {
    assert_eq!(
        tokens("See https://example.com/a?b=1&c=2, www.bbc.co.uk. Mail john.smith@enron.com."),
        ["See", "https://example.com/a?b=1&c=2", ",", "www.bbc.co.uk", ".", "Mail", "john.smith@enron.com", "."]
    );
    assert_eq!(tokens("(http://x.org/wiki/A_(b))"), ["(", "http://x.org/wiki/A_(b)", ")"]);
}

#[test]
fn a_period_before_a_lowercase_word_ends_a_sentence() {
    assert_eq!(
        sentences("the South China Morning Post reported. based in Hong Kong."),
        ["the South China Morning Post reported.", "based in Hong Kong."]
    );
    assert_eq!(
        sentences("Sino-Russian coordination. a new era for both nations."),
        ["Sino-Russian coordination.", "a new era for both nations."]
    );
}

#[test]
fn an_unclosed_quote_ends_at_the_paragraph() {
    let text = "“But the most important thing is this. Commenting on it, Lin said so.\n\nThis year marks more.\n\nEnd";
    assert_eq!(
        sentences(text),
        ["“But the most important thing is this.", "Commenting on it, Lin said so.", "This year marks more.", "End"]
    );
}

#[test]
fn paragraph_breaks_always_end_sentences() {
    assert_eq!(
        sentences("A headline without a period\n\nThe body, Mr.\r\n\r\nSmith said"),
        ["A headline without a period", "The body, Mr.", "Smith said"]
    );
    // A single line break is only a space.
    assert_eq!(sentences("a sentence broken\nover two lines."), ["a sentence broken\nover two lines."]);
}

/// The layer invariants: tokens are non-empty, whitespace-free, increasing and disjoint; sentences are
/// increasing, cover their tokens exactly and together cover every token.
fn check_invariants(text: &str) {
    let (tokens, sents) = Segmenter.segment(text);
    let mut last_end = 0;
    for t in &tokens {
        assert!(t.start >= last_end && t.start < t.end, "bad span {t:?} in {text:?}");
        let s = t.slice(text);
        assert!(!s.chars().any(|c| c.is_whitespace()), "token {s:?} has whitespace in {text:?}");
        last_end = t.end;
    }
    let mut next_token = 0;
    for s in &sents {
        assert_eq!(s.tokens.start, next_token, "sentences must cover every token in {text:?}");
        assert!(!s.tokens.is_empty());
        assert_eq!(s.span.start, tokens[s.tokens.start].start);
        assert_eq!(s.span.end, tokens[s.tokens.end - 1].end);
        next_token = s.tokens.end;
    }
    assert_eq!(next_token, tokens.len());
    for t in tokenize(text) {
        assert!(t.start < t.end && !t.slice(text).chars().any(|c| c.is_whitespace()));
    }
}

#[test]
fn spans_map_exactly() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "Hé said “Xi—Putin’s” ties… were \u{200B}good.\u{FEFF}",
        "...!!!???",
        "U.S.-China Mr. etc. 3. .5 '",
        "end.”\n\n“Start",
    ] {
        check_invariants(text);
    }
}

#[test]
fn never_panics_on_arbitrary_text() {
    // A fixed-seed xorshift picks characters from a pool rich in the tokenizer's special cases.
    const POOL: &[char] = &[
        'a', 'Z', 'é', '习', '0', '9', '.', ',', ':', '/', '-', '\'', '’', '"', '“', '”', '(', ')', '!', '?', '…', '—',
        '@', '&', '%', '$', ' ', '\n', '\r', '\t', '\0', '\u{200B}', '\u{FEFF}', '\u{0301}', '\u{2029}', '😀', 's',
        't', 'n', 'M', 'r', 'w', 'h', 'p',
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 40) as usize;
        let text: String = (0..len).map(|_| POOL[(next() % POOL.len() as u64) as usize]).collect();
        check_invariants(&text);
    }
    // Raw bytes, decoded lossily as any reader would.
    for _ in 0..1000 {
        let bytes: Vec<u8> = (0..(next() % 60)).map(|_| next() as u8).collect();
        check_invariants(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn stage_fills_tokens_and_sentences() {
    let mut doc = Document::new("d", "Xi congratulated Putin. He won.");
    Segmenter.annotate(&mut doc);
    assert_eq!(doc.tokens.len(), 7);
    assert_eq!(doc.sentences.len(), 2);
    assert_eq!(doc.sentence_tokens(1)[0].span.slice(&doc.text), "He");
}

#[test]
fn reference_marks_and_list_numbers_stay_in_their_sentence() {
    assert_eq!(
        sentences("He won in 1891. [3] In 1892 he left. [4, 5]"),
        ["He won in 1891. [3]", "In 1892 he left. [4, 5]"]
    );
    assert_eq!(
        sentences("Rules:\n\n1. Matter is made of atoms.\n\n2. Atoms last."),
        ["Rules:", "1. Matter is made of atoms.", "2. Atoms last."]
    );
}

#[test]
fn phone_numbers_times_and_emoticons() {
    assert_eq!(
        tokens("call 1-800-991-9019 at 7:30PM, ages 5-10 :)"),
        ["call", "1-800-991-9019", "at", "7:30", "PM", ",", "ages", "5", "-", "10", ":)"]
    );
    assert_eq!(tokens("in '72, the ’90s and <<file>>"), ["in", "'72", ",", "the", "’90s", "and", "<<", "file", ">>"]);
}

#[test]
fn a_missing_space_after_a_period_still_ends_the_sentence() {
    assert_eq!(
        sentences("Talks went well, Tass reported.The two sides met at bbc.co.uk."),
        ["Talks went well, Tass reported.", "The two sides met at bbc.co.uk."]
    );
}

#[test]
fn pathological_chunks_take_linear_time() {
    // Quadratic work per chunk would make these take minutes instead of milliseconds.
    for unit in ["\"'", "a-", "'a", "x.", "((", "http://a.b/))"] {
        let text = unit.repeat(100_000);
        check_invariants(&text);
    }
}

#[test]
fn line_breaks_end_paragraphs_only_in_text_laid_out_a_paragraph_a_line() {
    let one_per_line = "Xi congratulates Putin\nBEIJING, March 19\nXi sent a message. He praised ties.\n\
                        Putin thanked him.\nThey meet in May.\n";
    assert_eq!(
        sentences(one_per_line),
        [
            "Xi congratulates Putin",
            "BEIJING, March 19",
            "Xi sent a message.",
            "He praised ties.",
            "Putin thanked him.",
            "They meet in May."
        ]
    );
    let hard_wrapped = "Chinese President Xi Jinping on Monday congratulated his\nRussian counterpart on his \
                        re-election, saying the\nvictory reflects support for him.\n";
    assert_eq!(sentences(hard_wrapped).len(), 1);
    let blank_lines = "A headline\nwrapped\n\nThe body.";
    assert_eq!(sentences(blank_lines), ["A headline\nwrapped", "The body."]);
}

#[test]
fn a_run_without_sentence_ends_is_cut_into_bounded_sentences() {
    let text = "the minister said China and Russia will meet ".repeat(1000);
    check_invariants(&text);
    let (tokens, sents) = Segmenter.segment(&text);
    assert_eq!(tokens.len(), 8000);
    assert!(sents.len() >= tokens.len() / MAX_SENTENCE_TOKENS);
    assert!(sents.iter().all(|s| s.tokens.len() <= MAX_SENTENCE_TOKENS), "a sentence is longer than the cap");
    // Ordinary sentences are not touched by the cap.
    assert_eq!(sentences("Xi met Putin. They talked."), ["Xi met Putin.", "They talked."]);
}
