//! RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one document per item.

use dyad_core::Document;

use crate::html::{clean_inline, html_to_text};

/// Parses a feed (already decoded to text). Each item becomes a document: its full content when the feed
/// carries it, else its description, as text; its title, date, link, and the feed's title as the outlet.
/// `fallback_id` names an item that has neither a guid nor a link (`N` is its 1-based position).
pub fn read_feed(text: &str, fallback_id: impl Fn(usize) -> String) -> Result<Vec<Document>, String> {
    let utf8 = relabel_utf8(text);
    // No invented ids: an item without guid gets its link, or else its position, so ids stay readable.
    let parser = feed_rs::parser::Builder::new()
        .id_generator(|links, _title, _uri| links.first().map(|l| l.href.clone()).unwrap_or_default())
        // A date is kept as the writer wrote it, not moved to UTC: "on Sunday" in an item stamped Sunday
        // 19:10 -0500 means that Sunday, although it was already Monday in UTC.
        .timestamp_parser(|s| crate::parse_any_date(s).and_then(|d| d.and_hms_opt(0, 0, 0)).map(|t| t.and_utc()))
        .build();
    let feed = parser.parse(utf8.as_bytes()).map_err(|e| format!("not a readable feed: {e}"))?;
    let outlet = feed.title.as_ref().map(|t| clean_inline(&html_to_text(&t.content))).filter(|t| !t.is_empty());
    let mut docs = Vec::new();
    for (i, entry) in feed.entries.into_iter().enumerate() {
        let body = entry
            .content
            .as_ref()
            .and_then(|c| c.body.as_deref())
            .filter(|b| !b.trim().is_empty())
            .or(entry.summary.as_ref().map(|s| s.content.as_str()))
            .unwrap_or("");
        let url = entry.links.first().map(|l| l.href.trim().to_owned()).filter(|l| !l.is_empty());
        let id = Some(entry.id.trim().to_owned())
            .filter(|i| !i.is_empty())
            .or(url.clone())
            .unwrap_or_else(|| fallback_id(i + 1));
        docs.push(Document {
            id,
            text: html_to_text(body),
            title: entry.title.as_ref().map(|t| clean_inline(&html_to_text(&t.content))).filter(|t| !t.is_empty()),
            date: entry.published.or(entry.updated).map(|d| d.date_naive()),
            url,
            outlet: outlet.clone(),
            ..Default::default()
        });
    }
    Ok(docs)
}

/// The feed parser decodes by the XML prolog's encoding, but the text was already decoded: say UTF-8.
fn relabel_utf8(text: &str) -> std::borrow::Cow<'_, str> {
    let trimmed = text.trim_start();
    match trimmed.strip_prefix("<?xml").and_then(|rest| rest.find("?>").map(|end| &rest[end + 2..])) {
        Some(after) => format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>{after}").into(),
        None => text.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn rss_items() {
        let rss = r#"<?xml version="1.0" encoding="windows-1252"?>
<rss version="2.0"><channel><title>Wire &amp; World</title>
<item><title>Envoys meet in Geneva</title><link>https://wire.example/1</link><guid isPermaLink="false">wire-1</guid>
<pubDate>Tue, 04 Mar 2025 21:15:00 -0500</pubDate>
<description>&lt;p&gt;Iran and the E3 &lt;b&gt;met&lt;/b&gt; in Geneva.&lt;/p&gt;&lt;p&gt;Talks go on.&lt;/p&gt;</description></item>
<item><title>No guid</title><link>https://wire.example/2</link><description>Chile recalled its ambassador.</description></item>
<item><title>Nothing</title><description>Bare.</description></item>
</channel></rss>"#;
        let docs = read_feed(rss, |n| format!("feed#item {n}")).unwrap();
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].id, "wire-1");
        assert_eq!(docs[0].text, "Iran and the E3 met in Geneva.\n\nTalks go on.");
        assert_eq!(docs[0].title.as_deref(), Some("Envoys meet in Geneva"));
        assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2025, 3, 4));
        assert_eq!(docs[0].outlet.as_deref(), Some("Wire & World"));
        assert_eq!(docs[1].id, "https://wire.example/2");
        assert_eq!(docs[2].id, "feed#item 3");
    }

    #[test]
    fn atom_entries_prefer_content() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atlas Daily</title><id>urn:atlas</id><updated>2025-01-20T00:00:00Z</updated>
<entry><title type="html">Japan &amp;amp; Korea</title><id>urn:atlas:7</id><link href="https://atlas.example/7"/>
<updated>2025-01-20T10:00:00Z</updated><published>2025-01-19T22:00:00Z</published>
<summary>Short.</summary>
<content type="html">&lt;p&gt;Japan and South Korea held security talks in Seoul.&lt;/p&gt;</content></entry>
</feed>"#;
        let docs = read_feed(atom, |n| n.to_string()).unwrap();
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].id, "urn:atlas:7");
        assert_eq!(docs[0].text, "Japan and South Korea held security talks in Seoul.");
        assert_eq!(docs[0].title.as_deref(), Some("Japan & Korea"));
        assert_eq!(docs[0].date, NaiveDate::from_ymd_opt(2025, 1, 19));
        assert_eq!(docs[0].url.as_deref(), Some("https://atlas.example/7"));
        assert_eq!(docs[0].outlet.as_deref(), Some("Atlas Daily"));
    }

    #[test]
    fn broken_feed_is_an_error() {
        assert!(read_feed("<rss><channel><item><title>x</ti", |n| n.to_string()).is_err());
    }
}
