//! Plain-text articles: an optional title line, then the body.

use dyad_core::Document;

/// Titles are short and, unlike a first paragraph, do not end in a full stop.
const MAX_TITLE_CHARS: usize = 200;

/// Reads a plain-text article; `None` when there is no body text.
///
/// The first line is the title when a blank line follows it and it is title-like (short, no final full
/// stop), as news corpora store articles. `text` is then the body alone, starting at its first character,
/// and the title goes to `doc.title`: the contract's `text` is the article, and every offset an analyst
/// sees counts from the start of the body. Line endings are normalised to `\n`; nothing else changes.
pub fn read_text(content: &str, id: &str) -> Option<Document> {
    let content = content.replace("\r\n", "\n").replace('\r', "\n");
    let mut title = None;
    let mut body = content.as_str();
    if let Some((first, rest)) = content.split_once('\n') {
        let first = first.trim();
        let blank_follows = rest.split('\n').next().is_some_and(|l| l.trim().is_empty());
        if blank_follows && !first.is_empty() && first.chars().count() <= MAX_TITLE_CHARS && !ends_with_full_stop(first)
        {
            title = Some(first.to_owned());
            body = rest;
        }
    }
    let body = body.trim_start_matches(|c: char| c.is_whitespace()).trim_end();
    if body.is_empty() {
        return None;
    }
    Some(Document { id: id.to_owned(), text: body.to_owned(), title, ..Default::default() })
}

/// A sentence's full stop, not an ellipsis ("Rivals of the £400 Apple...").
fn ends_with_full_stop(line: &str) -> bool {
    line.ends_with('.') && !line.ends_with("..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn title_line_then_body() {
        let doc = read_text(
            "Ceasefire holds in Gaza\r\n\r\nThe truce held on Sunday.\r\n\r\nAid trucks crossed.\r\n",
            "world/1",
        )
        .unwrap();
        assert_eq!(doc.id, "world/1");
        assert_eq!(doc.title.as_deref(), Some("Ceasefire holds in Gaza"));
        assert_eq!(doc.text, "The truce held on Sunday.\n\nAid trucks crossed.");
    }

    #[test]
    fn no_title_when_first_line_is_a_paragraph() {
        let doc = read_text("Poland expelled two diplomats on Monday.\n\nRussia protested.", "x").unwrap();
        assert_eq!(doc.title, None);
        assert!(doc.text.starts_with("Poland expelled"));
        let doc = read_text("Is this the end...\n\nBody.", "x").unwrap();
        assert_eq!(doc.title.as_deref(), Some("Is this the end..."));
        let doc = read_text("Headline\nstraight into the body", "x").unwrap();
        assert_eq!(doc.title, None);
        assert_eq!(doc.text, "Headline\nstraight into the body");
    }

    #[test]
    fn title_only_or_empty_is_no_article() {
        assert!(read_text("Just a title\n\n  \n", "x").is_none());
        assert!(read_text("", "x").is_none());
    }
}
