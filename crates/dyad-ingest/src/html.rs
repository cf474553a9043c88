//! HTML pages: the article's own text (navigation, ads, scripts and other page furniture removed), and its
//! title, publication date, outlet and URL from JSON-LD and meta tags.
//!
//! Text extraction follows readability's idea: the page is cut into blocks of running text; each sizeable
//! paragraph scores its container (more for length and commas, less for links); class and id names that
//! speak of comments, sidebars or ads count against a container, and those that speak of an article or its
//! body count for it. The best container, with those of its siblings that score nearly as well, is the article.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};
use serde_json::Value;

/// What a page yields. `text` is empty when the page has no article text.
#[derive(Debug, Default)]
pub struct Article {
    pub title: Option<String>,
    pub text: String,
    pub date: Option<NaiveDate>,
    pub url: Option<String>,
    pub outlet: Option<String>,
}

/// Extracts the article and its metadata from a whole page; nothing from a page nested too deeply to
/// parse in reasonable time (see [`nesting_error`]).
pub fn extract_article(page: &str) -> Article {
    if nesting_error(page).is_some() {
        return Article::default();
    }
    let html = Html::parse_document(page);
    let meta = Meta::read(&html);
    let ld = json_ld_article(&html);
    let ld_str = |key: &str| ld.as_ref().and_then(|a| a.get(key)).and_then(Value::as_str).map(clean_inline);

    let blocks = Walker::run(html.tree.root(), true);
    let mut text = article_text(&html, &blocks);
    if text.is_empty() {
        // Pages that render their body with scripts often still carry it in their JSON-LD.
        text = ld_str("articleBody").unwrap_or_default();
    }

    let outlet = ld
        .as_ref()
        .and_then(|a| a.get("publisher"))
        .and_then(|p| p.get("name").or(Some(p)))
        .and_then(Value::as_str)
        .map(clean_inline)
        .or_else(|| meta.first(&["og:site_name", "application-name", "twitter:site"]));
    let url = meta
        .canonical
        .clone()
        .or_else(|| meta.first(&["og:url"]))
        .or_else(|| ld_str("url"))
        .filter(|u| u.starts_with("http"));
    let date = ["datePublished", "dateCreated", "uploadDate"]
        .iter()
        .filter_map(|k| ld_str(k))
        .chain(meta.all(PUBLISHED_KEYS))
        .chain(meta.time_published.clone())
        .find_map(|d| crate::parse_any_date(&d));
    let title = ld_str("headline")
        .or_else(|| meta.first(&["og:title", "twitter:title"]))
        .or_else(|| first_text(&html, "h1"))
        .or_else(|| first_text(&html, "title").map(|t| strip_site_suffix(&t, outlet.as_deref())))
        .filter(|t| !t.is_empty());
    Article { title, text, date, url, outlet }
}

/// The readable text of an HTML fragment (a feed item's content), every block kept, one paragraph per block.
/// Nothing from a fragment nested too deeply (see [`nesting_error`]).
pub fn html_to_text(fragment: &str) -> String {
    if nesting_error(fragment).is_some() {
        return String::new();
    }
    let html = Html::parse_fragment(fragment);
    let blocks = Walker::run(html.tree.root(), false);
    blocks.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n\n")
}

/// Meta keys (property, name or itemprop, lowercased) that carry a publication date, most specific first.
const PUBLISHED_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
    "dc.date.created",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "article.published",
    "original-publish-date",
];

/// `<meta>` values by key, the canonical link, and a `<time>` marked as the publication time.
struct Meta {
    values: HashMap<String, Vec<String>>,
    canonical: Option<String>,
    time_published: Option<String>,
}

impl Meta {
    fn read(html: &Html) -> Meta {
        let mut meta = Meta { values: HashMap::new(), canonical: None, time_published: None };
        for node in html.tree.root().descendants() {
            let Some(el) = node.value().as_element() else { continue };
            match el.name() {
                "meta" => {
                    let key = el.attr("property").or(el.attr("name")).or(el.attr("itemprop"));
                    if let (Some(k), Some(v)) = (key, el.attr("content")) {
                        let v = clean_inline(v);
                        if !v.is_empty() {
                            meta.values.entry(k.trim().to_ascii_lowercase()).or_default().push(v);
                        }
                    }
                }
                "link" if meta.canonical.is_none() => {
                    let canonical = el.attr("rel").is_some_and(|r| r.split_whitespace().any(|r| r == "canonical"));
                    meta.canonical = el.attr("href").filter(|_| canonical).map(|h| h.trim().to_owned());
                }
                "time"
                    if meta.time_published.is_none()
                        && (el.attr("pubdate").is_some() || el.attr("itemprop") == Some("datePublished")) =>
                {
                    meta.time_published = el.attr("datetime").map(str::to_owned);
                }
                _ => {}
            }
        }
        meta
    }

    fn all<'a>(&'a self, keys: &'a [&str]) -> impl Iterator<Item = String> + 'a {
        keys.iter().filter_map(|k| self.values.get(*k)).flatten().cloned()
    }

    fn first(&self, keys: &[&str]) -> Option<String> {
        self.all(keys).next()
    }
}

/// The page's JSON-LD object describing the article (a NewsArticle or kin), searched through arrays and `@graph`.
fn json_ld_article(html: &Html) -> Option<Value> {
    let mut found = Vec::new();
    for node in html.tree.root().descendants() {
        let Some(el) = node.value().as_element() else { continue };
        if el.name() != "script"
            || !el.attr("type").is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        {
            continue;
        }
        let body: String = node.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect();
        if let Ok(value) = serde_json::from_str::<Value>(body.trim()) {
            collect_articles(value, &mut found);
        }
    }
    // A NewsArticle beats a generic Article or WebPage on the same page.
    found.into_iter().max_by_key(|(rank, _)| *rank).map(|(_, v)| v)
}

fn collect_articles(value: Value, found: &mut Vec<(u8, Value)>) {
    match value {
        Value::Array(items) => items.into_iter().for_each(|v| collect_articles(v, found)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                collect_articles(graph, found);
            }
            let types: Vec<String> = match map.get("@type") {
                Some(Value::String(s)) => vec![s.clone()],
                Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_owned).collect(),
                _ => Vec::new(),
            };
            let rank = types
                .iter()
                .map(|t| match t.as_str() {
                    t if t.ends_with("NewsArticle") => 3,
                    "Article" | "BlogPosting" | "LiveBlogPosting" | "Report" => 2,
                    "WebPage" => 1,
                    _ => 0,
                })
                .max()
                .unwrap_or(0);
            if rank > 0 {
                found.push((rank, Value::Object(map)));
            }
        }
        _ => {}
    }
}

/// Deepest element nesting parsed. The HTML parser checks the stack of open elements at every tag, so its
/// time grows with the square of the depth: a page nested 100,000 levels takes a minute, a 16 MiB one
/// hours. Real pages stay below a few hundred levels.
pub const MAX_NESTING: usize = 4096;

/// Why `page` is not parsed: its elements nest deeper than [`MAX_NESTING`], as told by a linear scan of
/// its tags that leaves out void elements, elements whose end tag may be left out, comments, and the
/// content of scripts and styles (an upper bound on what the parser will see, short of misnested tags).
pub fn nesting_error(page: &str) -> Option<String> {
    let bytes = page.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while let Some(at) = memchr_lt(bytes, i) {
        i = at + 1;
        if bytes[i..].starts_with(b"!--") {
            i = find(bytes, i, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = i + usize::from(closing);
        let name_len = bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            continue;
        }
        let name = page[name_start..name_start + name_len].to_ascii_lowercase();
        let tag_end = find(bytes, name_start, b">").unwrap_or(bytes.len());
        let self_closing = tag_end > 0 && bytes[tag_end - 1] == b'/';
        if closing {
            depth = depth.saturating_sub(usize::from(!UNCOUNTED.contains(&name.as_str())));
        } else if name == "script" || name == "style" {
            // Their content is raw text: skip to the end tag.
            let close = format!("</{name}");
            i = find_ascii_ci(bytes, tag_end, close.as_bytes()).unwrap_or(bytes.len());
            continue;
        } else if !self_closing && !UNCOUNTED.contains(&name.as_str()) {
            depth += 1;
            if depth > MAX_NESTING {
                return Some(format!("HTML nested more than {MAX_NESTING} elements deep, too deep to parse"));
            }
        }
        i = tag_end;
    }
    None
}

/// Void elements, and elements whose end tag may be omitted (so that unclosed ones do not count).
const UNCOUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr", "p", "li",
    "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "rt", "rp", "colgroup", "caption",
    "html", "head", "body",
];

fn memchr_lt(bytes: &[u8], from: usize) -> Option<usize> {
    bytes.get(from..)?.iter().position(|&b| b == b'<').map(|p| from + p)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| from + p)
}

fn find_ascii_ci(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|p| from + p)
}

/// One run of text between block boundaries, and the element holding it.
#[derive(Debug)]
struct Block {
    container: NodeId,
    tag: String,
    text: String,
    chars: usize,
    link_chars: usize,
}

impl Block {
    fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars.max(1) as f64
    }

    fn is_heading(&self) -> bool {
        matches!(self.tag.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
    }
}

/// Cuts a tree into blocks of running text, in document order, leaving out what never is article text.
struct Walker {
    blocks: Vec<Block>,
    run: String,
    link_chars: usize,
    last_was_br: bool,
    /// Whether to also drop elements whose class or id marks them as page furniture.
    prune: bool,
}

impl Walker {
    fn run(root: NodeRef<'_, Node>, prune: bool) -> Vec<Block> {
        let mut w = Walker { blocks: Vec::new(), run: String::new(), link_chars: 0, last_was_br: false, prune };
        w.walk(root, root, false);
        w.flush(root);
        w.blocks
    }

    /// Walks the tree in document order with a stack of its own rather than by recursion: pages nested
    /// tens of thousands of levels deep (broken or hostile markup) would overflow the thread's stack.
    fn walk<'a>(&mut self, node: NodeRef<'a, Node>, container: NodeRef<'a, Node>, in_link: bool) {
        enum Step<'a> {
            Visit { node: NodeRef<'a, Node>, container: NodeRef<'a, Node>, in_link: bool },
            Flush(NodeRef<'a, Node>),
        }
        let children = |node: NodeRef<'a, Node>, container, in_link| {
            node.children().rev().map(move |node| Step::Visit { node, container, in_link })
        };
        let mut stack: Vec<Step<'a>> = children(node, container, in_link).collect();
        while let Some(step) = stack.pop() {
            let (child, container, in_link) = match step {
                Step::Flush(container) => {
                    self.flush(container);
                    continue;
                }
                Step::Visit { node, container, in_link } => (node, container, in_link),
            };
            match child.value() {
                Node::Text(t) => {
                    if !t.trim().is_empty() {
                        self.last_was_br = false;
                        if in_link {
                            self.link_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                        }
                    }
                    self.run.push_str(t);
                }
                Node::Element(el) => {
                    let name = el.name();
                    if SKIPPED.contains(&name) || is_hidden(el) || (self.prune && is_unlikely(el)) {
                        continue;
                    }
                    if name == "br" {
                        // Two line breaks in a row separate paragraphs on pages that use no <p>.
                        if self.last_was_br {
                            self.flush(container);
                        }
                        self.run.push(' ');
                        self.last_was_br = true;
                    } else if INLINE.contains(&name) {
                        stack.extend(children(child, container, in_link || name == "a"));
                    } else {
                        self.flush(container);
                        stack.push(Step::Flush(child));
                        stack.extend(children(child, child, in_link));
                    }
                }
                _ => {}
            }
        }
    }

    fn flush(&mut self, container: NodeRef<'_, Node>) {
        let text = clean_inline(&self.run);
        self.run.clear();
        let link_chars = std::mem::take(&mut self.link_chars);
        if text.is_empty() {
            return;
        }
        let tag = container.value().as_element().map_or("", |e| e.name()).to_owned();
        let chars = text.chars().filter(|c| !c.is_whitespace()).count();
        self.blocks.push(Block { container: container.id(), tag, text, chars, link_chars });
    }
}

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "nav",
    "aside", "footer", "header", "form", "button", "select", "input", "textarea", "figure", "menu", "dialog", "video",
    "audio", "picture", "img",
];

/// Elements that do not break the flow of text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "del", "ins", "nobr",
];

fn is_hidden(el: &scraper::node::Element) -> bool {
    let style = el.attr("style").map(|s| s.to_ascii_lowercase().replace(' ', "")).unwrap_or_default();
    el.attr("hidden").is_some()
        || el.attr("aria-hidden") == Some("true")
        || style.contains("display:none")
        || style.contains("visibility:hidden")
        || el.attr("role").is_some_and(|r| {
            matches!(r, "navigation" | "complementary" | "banner" | "contentinfo" | "menu" | "dialog" | "alert")
        })
}

/// The lowercased class and id of an element, for the name tests below.
fn names(el: &scraper::node::Element) -> String {
    let mut s = el.attr("class").unwrap_or("").to_ascii_lowercase();
    s.push(' ');
    s.push_str(&el.id().unwrap_or("").to_ascii_lowercase());
    s
}

fn has_word(names: &str, words: &[&str]) -> bool {
    names.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| words.contains(&w))
}

fn has_part(names: &str, parts: &[&str]) -> bool {
    parts.iter().any(|p| names.contains(p))
}

/// Page furniture by its class or id, unless the name also says it holds the article (readability's rule).
fn is_unlikely(el: &scraper::node::Element) -> bool {
    if matches!(el.name(), "body" | "article" | "main" | "a") {
        return false;
    }
    let n = names(el);
    let unlikely =
        has_part(
            &n,
            &[
                "banner",
                "breadcrumb",
                "comment",
                "community",
                "cookie",
                "disqus",
                "footer",
                "gdpr",
                "masthead",
                "menu",
                "newsletter",
                "outbrain",
                "pagination",
                "pager",
                "popup",
                "promo",
                "related",
                "remark",
                "replies",
                "shoutbox",
                "sidebar",
                "skyscraper",
                "social",
                "sponsor",
                "subscribe",
                "supplemental",
                "taboola",
                "advert",
                "byline",
                "toolbar",
                "share",
                "sharing",
            ],
        ) || has_word(&n, &["ad", "ads", "nav", "navbar", "header", "tags", "author", "skip", "print", "extra"]);
    unlikely && !has_part(&n, &["article", "body", "column", "content", "main", "shadow"])
}

/// Readability's class weight: names of article containers count for, names of page furniture against.
fn class_weight(el: &scraper::node::Element) -> f64 {
    let n = names(el);
    let mut w = 0.0;
    if has_part(&n, &["article", "body", "content", "entry", "main", "post", "text", "story", "blog"]) {
        w += 25.0;
    }
    if has_part(
        &n,
        &[
            "comment",
            "contact",
            "foot",
            "footnote",
            "masthead",
            "media",
            "meta",
            "outbrain",
            "promo",
            "related",
            "scroll",
            "share",
            "shoutbox",
            "sidebar",
            "skyscraper",
            "sponsor",
            "shopping",
            "widget",
            "banner",
        ],
    ) || has_word(&n, &["ad", "ads", "tags", "tool", "tools", "hidden"])
    {
        w -= 25.0;
    }
    w
}

fn tag_weight(tag: &str) -> f64 {
    match tag {
        "article" | "main" => 10.0,
        "div" | "section" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Paragraphs shorter than this (in non-space characters) neither score nor, alone, make an article.
const MIN_PARAGRAPH: usize = 25;

fn article_text(html: &Html, blocks: &[Block]) -> String {
    let tree = &html.tree;
    let node = |id: NodeId| tree.get(id).expect("block ids come from this tree");
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    let score_of = |id: NodeId, add: f64, scores: &mut HashMap<NodeId, f64>| {
        let el = node(id).value().as_element();
        let init = el.map_or(0.0, |e| tag_weight(e.name()) + class_weight(e));
        *scores.entry(id).or_insert(init) += add;
    };
    for b in blocks.iter().filter(|b| b.chars >= MIN_PARAGRAPH && !b.is_heading()) {
        let commas = b.text.matches([',', '，', '،']).count() as f64;
        let score = 1.0 + commas + (b.chars as f64 / 100.0).floor().min(3.0);
        // A <p> scores its parent; a <div> holding bare text scores itself.
        let holder = if matches!(b.tag.as_str(), "p" | "pre" | "li" | "td" | "blockquote" | "dd") {
            node(b.container).parent()
        } else {
            Some(node(b.container))
        };
        let Some(holder) = holder.filter(|h| h.value().is_element()) else { continue };
        score_of(holder.id(), score, &mut scores);
        if let Some(grand) = holder.parent().filter(|g| g.value().is_element()) {
            score_of(grand.id(), score / 2.0, &mut scores);
        }
    }

    // Link density of each candidate, from the blocks beneath it.
    let mut totals: HashMap<NodeId, (usize, usize)> = HashMap::new();
    for b in blocks {
        for anc in std::iter::once(node(b.container)).chain(node(b.container).ancestors()) {
            if scores.contains_key(&anc.id()) {
                let t = totals.entry(anc.id()).or_default();
                t.0 += b.chars;
                t.1 += b.link_chars;
            }
        }
    }
    let adjusted = |id: &NodeId| {
        let (chars, links) = totals.get(id).copied().unwrap_or((0, 0));
        scores[id] * (1.0 - links as f64 / chars.max(1) as f64)
    };
    let Some(top) = scores.keys().copied().max_by(|a, b| adjusted(a).total_cmp(&adjusted(b)).then(b.cmp(a))) else {
        return String::new();
    };

    // Siblings that score nearly as well, or are good paragraphs themselves, belong to the article too.
    let threshold = (adjusted(&top) * 0.2).max(10.0);
    let mut chosen: HashSet<NodeId> = HashSet::from([top]);
    if let Some(parent) = node(top).parent() {
        for sib in parent.children().filter(|s| s.id() != top && s.value().is_element()) {
            let good_score = scores.contains_key(&sib.id()) && adjusted(&sib.id()) >= threshold;
            let good_paragraph = sib.value().as_element().is_some_and(|e| e.name() == "p")
                && blocks.iter().any(|b| {
                    b.container == sib.id()
                        && b.link_density() < 0.25
                        && (b.chars > 80 || (b.link_chars == 0 && b.text.ends_with('.')))
                });
            if good_score || good_paragraph {
                chosen.insert(sib.id());
            }
        }
    }

    let in_article = |b: &Block| {
        let n = node(b.container);
        std::iter::once(n).chain(n.ancestors()).any(|a| chosen.contains(&a.id()))
    };
    let mut kept: Vec<&Block> =
        blocks.iter().filter(|b| in_article(b) && b.link_density() <= 0.5 && b.tag != "h1").collect();
    while kept.last().is_some_and(|b| b.is_heading()) {
        kept.pop();
    }
    if !kept.iter().any(|b| b.chars >= MIN_PARAGRAPH && !b.is_heading()) {
        return String::new();
    }
    kept.iter().map(|b| b.text.as_str()).collect::<Vec<_>>().join("\n\n")
}

fn first_text(html: &Html, tag: &str) -> Option<String> {
    html.tree
        .root()
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == tag))
        .map(|n| {
            let raw: String = n.descendants().filter_map(|d| d.value().as_text().map(|t| t.to_string())).collect();
            clean_inline(&raw)
        })
        .filter(|t| !t.is_empty())
}

/// "Ceasefire holds | Daily Planet" → "Ceasefire holds" when the outlet is the Daily Planet.
fn strip_site_suffix(title: &str, outlet: Option<&str>) -> String {
    if let Some(outlet) = outlet {
        for sep in [" | ", " - ", " – ", " — "] {
            if let Some((head, tail)) = title.rsplit_once(sep) {
                if tail.trim().eq_ignore_ascii_case(outlet.trim()) {
                    return head.trim().to_owned();
                }
            }
        }
    }
    title.to_owned()
}

/// Collapses every run of whitespace (newlines, tabs, non-breaking spaces) to one space.
pub fn clean_inline(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r##"<!DOCTYPE html>
<html><head>
<title>Talks resume in Doha | The Gulf Courier</title>
<meta property="og:site_name" content="The Gulf Courier">
<link rel="canonical" href="https://courier.example/world/doha-talks">
<script type="application/ld+json">
{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"The Gulf Courier"},
 {"@type":"NewsArticle","headline":"Sudan's rivals resume talks in Doha","datePublished":"2025-02-11T08:30:00+03:00",
  "publisher":{"@type":"Organization","name":"The Gulf Courier"}}]}
</script>
<style>p { color: red }</style>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<div class="ad-slot ad">Buy cheap flights to Doha now, limited offer, book today, best prices, guaranteed!</div>
<div id="main-content" class="article-body">
 <h1>Sudan's rivals resume talks in Doha</h1>
 <p class="byline">By A. Reporter</p>
 <p>Delegations of Sudan's army and the Rapid Support Forces met in Doha on Monday, the first direct talks since August, Qatari officials said.</p>
 <p>"We came to stop the war, not to score points," said the army's envoy, who asked the mediators for a ceasefire in Darfur.</p>
 <h2>Aid corridors</h2>
 <p>Qatar and Egypt proposed opening three aid corridors, a plan the RSF said it would study.</p>
 <div class="share-tools"><a href="#">Share on social media, email this article, print it, save it for later</a></div>
</div>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Some other long story about something else entirely</a></li></ul></aside>
<div class="comments"><p>Great article, very informative, thanks to the author and the editors, keep up the good work!</p></div>
<footer><p>© The Gulf Courier 2025, all rights reserved, terms and conditions, privacy policy apply.</p></footer>
<script>var tracking = "Delegations of Sudan's army, everything in a script";</script>
</body></html>"##;

    #[test]
    fn extracts_article_and_metadata() {
        let a = extract_article(PAGE);
        assert_eq!(a.title.as_deref(), Some("Sudan's rivals resume talks in Doha"));
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2025, 2, 11));
        assert_eq!(a.outlet.as_deref(), Some("The Gulf Courier"));
        assert_eq!(a.url.as_deref(), Some("https://courier.example/world/doha-talks"));
        let paragraphs: Vec<&str> = a.text.split("\n\n").collect();
        assert_eq!(paragraphs.len(), 4, "{}", a.text);
        assert!(paragraphs[0].starts_with("Delegations of Sudan's army"));
        assert_eq!(paragraphs[2], "Aid corridors");
        for furniture in
            ["Home", "cheap flights", "By A. Reporter", "Share on", "Most read", "Great article", "©", "var"]
        {
            assert!(!a.text.contains(furniture), "{furniture:?} leaked into {:?}", a.text);
        }
    }

    #[test]
    fn meta_tags_without_json_ld() {
        let page = r#"<html><head><title>Ministers meet - Daily Planet</title>
<meta name="dc.date" content="2024-11-05"><meta property="og:site_name" content="Daily Planet"></head>
<body><div><p>The foreign ministers of India and China met in Kazan, agreeing to resume border patrols.</p></div></body></html>"#;
        let a = extract_article(page);
        assert_eq!(a.title.as_deref(), Some("Ministers meet"));
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2024, 11, 5));
        assert!(a.text.starts_with("The foreign ministers of India and China"));
    }

    #[test]
    fn bare_text_divs_and_line_breaks() {
        let page =
            "<html><body><div class=\"story\">Turkey said on Friday it would reopen the border crossing.<br><br>\
                    Greece welcomed the decision, its foreign ministry said.</div></body></html>";
        let a = extract_article(page);
        assert_eq!(
            a.text,
            "Turkey said on Friday it would reopen the border crossing.\n\nGreece welcomed the decision, its foreign ministry said."
        );
    }

    #[test]
    fn page_without_article_text() {
        let page =
            "<html><head><title>404</title></head><body><nav><a href='/'>Home</a></nav><p>Not found.</p></body></html>";
        assert!(extract_article(page).text.is_empty());
        let links = "<html><body><ul><li><a href='/1'>A very long headline about a summit in Geneva on Tuesday</a></li>\
                     <li><a href='/2'>Another very long headline about sanctions on Iranian oil exports</a></li></ul></body></html>";
        assert!(extract_article(links).text.is_empty());
    }

    #[test]
    fn nesting_is_bounded() {
        let nested =
            |n: usize| format!("<html><body>{}<p>Text.</p>{}</body></html>", "<div>".repeat(n), "</div>".repeat(n));
        assert_eq!(nesting_error(&nested(MAX_NESTING)), None);
        assert!(nesting_error(&nested(MAX_NESTING + 1)).is_some());
        assert_eq!(extract_article(&nested(MAX_NESTING + 1)).text, "");
        // Unclosed paragraphs and list items, void elements, scripts and comments do not count.
        let sloppy = format!(
            "{}{}<script>{}</script><!--{}-->",
            "<p>para".repeat(10_000),
            "<li><br><img src=x>".repeat(10_000),
            "<div>".repeat(10_000),
            "<div>".repeat(10_000)
        );
        assert_eq!(nesting_error(&sloppy), None);
        // Siblings are not nesting.
        assert_eq!(nesting_error(&"<div>x</div>".repeat(100_000)), None);
    }

    #[test]
    fn fragments_to_text() {
        assert_eq!(
            html_to_text("<p>Kenya &amp; Somalia <b>agreed</b>.</p><p>Talks end.</p>"),
            "Kenya & Somalia agreed.\n\nTalks end."
        );
        assert_eq!(html_to_text("Plain words, no tags."), "Plain words, no tags.");
    }
}
