//! Readers for every kind of news input, turning files, folders and stdin into [`Document`]s.
//!
//! The format of each input is told from its first bytes (the extension only breaks a tie): JSONL,
//! HTML, RSS/Atom feeds, WARC archives, and plain text; any of them may be gzipped. Folders are read
//! recursively in sorted order, hidden files left out. Everything streams: documents come out in input
//! order as they are read, and one bad input yields one [`ReadError`] in the stream, never a stop.

mod decode;
mod feed;
mod html;
mod text;
mod warc;

use std::cell::RefCell;
use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use chrono::NaiveDate;
use dyad_core::Document;

pub use decode::decode;
pub use feed::read_feed;
pub use html::{extract_article, html_to_text, Article};
pub use warc::WarcReader;

/// An input that could not be read, with where it came from (file, line or record).
#[derive(Debug, thiserror::Error)]
#[error("{location}: {message}")]
pub struct ReadError {
    pub location: String,
    pub message: String,
}

impl ReadError {
    fn new(location: impl Into<String>, message: impl ToString) -> Self {
        ReadError { location: location.into(), message: message.to_string() }
    }
}

type Docs = Box<dyn Iterator<Item = Result<Document, ReadError>>>;

/// The default cap on one document's raw bytes (see [`ReadOptions::max_doc_bytes`]): far above any news
/// article or its HTML page, far below what would exhaust memory once the pipeline annotates it.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 16 << 20;

/// How inputs are read.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// The largest document read, in bytes as stored (after gzip is undone): a text or HTML file, a feed
    /// file, a JSONL line, a WARC record or the page it decompresses to. A larger one is an error naming
    /// it, read past without being held in memory, and the rest of the input is read.
    pub max_doc_bytes: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions { max_doc_bytes: DEFAULT_MAX_DOC_BYTES }
    }
}

/// The error for a document over the cap.
pub(crate) fn too_large(max: u64) -> String {
    format!("document larger than the {} cap on one document (raise it with --max-doc-bytes)", human_bytes(max))
}

/// 16777216 → "16 MiB"; 1000 → "1000 bytes".
pub fn human_bytes(n: u64) -> String {
    match n {
        n if n >= 1 << 30 && n % (1 << 30) == 0 => format!("{} GiB", n >> 30),
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// Parses a byte count as the command line takes it: `1000`, `64K`, `16M`, `2G` (binary multiples,
/// with or without a trailing `B` or `iB`).
pub fn parse_bytes(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let t = t.strip_suffix("iB").or_else(|| t.strip_suffix('B')).unwrap_or(t);
    let (digits, shift) = match t.char_indices().last() {
        Some((i, 'k' | 'K')) => (&t[..i], 10),
        Some((i, 'm' | 'M')) => (&t[..i], 20),
        Some((i, 'g' | 'G')) => (&t[..i], 30),
        _ => (t, 0),
    };
    let n: u64 = digits.trim().parse().map_err(|_| format!("expected a byte count like 16M or 1000000, got {s:?}"))?;
    n.checked_mul(1 << shift).filter(|&n| n > 0).ok_or_else(|| format!("byte count out of range: {s:?}"))
}

/// Reads every document from `inputs` (files or folders; `-` or no input at all means stdin), in order.
/// Errors come in the stream where they occur, so one bad input never stops the rest.
///
/// Ids: a JSONL document keeps its own; a file's document is named by its path below the folder given
/// (`business/001`), or by its file name without extension when the file itself was given; a feed item by
/// its guid or link; a WARC page by its URL. Such derived ids are made unique within the run (`-2`, `-3`).
pub fn read_inputs(inputs: &[PathBuf]) -> Docs {
    read_inputs_with(inputs, ReadOptions::default())
}

/// [`read_inputs`] with options other than the defaults.
pub fn read_inputs_with(inputs: &[PathBuf], options: ReadOptions) -> Docs {
    let seen = Rc::new(RefCell::new(HashSet::new()));
    let sources: Vec<PathBuf> = if inputs.is_empty() { vec![PathBuf::from("-")] } else { inputs.to_vec() };
    Box::new(sources.into_iter().flat_map(expand).flat_map(move |source| {
        let seen = Rc::clone(&seen);
        let (docs, derived_ids): (Docs, bool) = match source {
            Ok(Source::Stdin) => read_source("<stdin>", "stdin", Box::new(std::io::stdin()), options),
            Ok(Source::File { path, id }) => match File::open(&path) {
                Ok(f) => read_source(&path.display().to_string(), &id, Box::new(f), options),
                Err(e) => (Box::new(std::iter::once(Err(ReadError::new(path.display().to_string(), e)))), false),
            },
            Err(e) => (Box::new(std::iter::once(Err(e))), false),
        };
        docs.map(move |item| {
            item.map(|mut doc| {
                if derived_ids {
                    doc.id = unique_id(&mut seen.borrow_mut(), doc.id);
                }
                doc
            })
        })
    }))
}

/// The documents in one stream of any format dyad reads (told from its content, as for a file), named
/// `name` in errors and ids. For input that does not come from a file: a socket, an archive member, a fuzzer.
pub fn read_stream(name: &str, reader: Box<dyn Read>, options: ReadOptions) -> Docs {
    read_source(name, &id_from_path(Path::new(name)), reader, options).0
}

/// How many documents `inputs` hold, when that can be known cheaply: files of one document each (text,
/// HTML) and JSONL files count; stdin, feeds and WARC archives make it unknown. For a progress bar.
pub fn count_hint(inputs: &[PathBuf]) -> Option<u64> {
    if inputs.is_empty() {
        return None;
    }
    let mut total = 0;
    for source in inputs.iter().cloned().flat_map(expand) {
        let Source::File { path, .. } = source.ok()? else { return None };
        let (prefix, reader) = open_prefix(Box::new(File::open(&path).ok()?), DEFAULT_MAX_DOC_BYTES).ok()?;
        total += match sniff(&prefix, &path) {
            Format::Text | Format::Html | Format::Binary => 1,
            Format::Jsonl => count_lines(BufReader::new(reader)),
            Format::Feed | Format::Warc => return None,
        };
    }
    Some(total)
}

/// Lines holding something besides whitespace, counted in constant memory however long they are.
fn count_lines(mut reader: impl BufRead) -> u64 {
    let (mut count, mut filled) = (0, false);
    loop {
        let chunk = match reader.fill_buf() {
            Ok([]) | Err(_) => break,
            Ok(chunk) => chunk,
        };
        for &b in chunk {
            if b == b'\n' {
                count += u64::from(filled);
                filled = false;
            } else if !b.is_ascii_whitespace() {
                filled = true;
            }
        }
        let n = chunk.len();
        reader.consume(n);
    }
    count + u64::from(filled)
}

/// One place to read from, with the id its single document would get.
enum Source {
    Stdin,
    File { path: PathBuf, id: String },
}

/// An input path as the files to read: itself, or a folder's files recursively in sorted order.
fn expand(input: PathBuf) -> Vec<Result<Source, ReadError>> {
    if input.as_os_str() == "-" {
        return vec![Ok(Source::Stdin)];
    }
    if input.is_dir() {
        let mut files = Vec::new();
        walk(&input, &input, &mut files);
        return files;
    }
    let id = id_from_path(Path::new(input.file_name().unwrap_or(input.as_os_str())));
    vec![Ok(Source::File { path: input, id })]
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<Result<Source, ReadError>>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return out.push(Err(ReadError::new(dir.display().to_string(), e))),
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // Symlinked folders are not followed, so a link loop cannot trap the walk.
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir {
            walk(root, &path, out);
        } else if path.is_file() {
            let id = id_from_path(path.strip_prefix(root).unwrap_or(&path));
            out.push(Ok(Source::File { path, id }));
        }
    }
}

/// `business/001.txt` → `business/001`; `crawl.warc.gz` → `crawl`.
fn id_from_path(relative: &Path) -> String {
    let mut s = relative.to_string_lossy().replace('\\', "/");
    if let Some(stripped) = s.strip_suffix(".gz") {
        s.truncate(stripped.len());
    }
    let name_start = s.rfind('/').map_or(0, |i| i + 1);
    if let Some(dot) = s[name_start..].rfind('.').filter(|&d| d > 0) {
        s.truncate(name_start + dot);
    }
    s
}

fn unique_id(seen: &mut HashSet<String>, id: String) -> String {
    if seen.insert(id.clone()) {
        return id;
    }
    let unique = (2..).map(|n| format!("{id}-{n}")).find(|c| !seen.contains(c)).expect("some suffix is free");
    seen.insert(unique.clone());
    unique
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Jsonl,
    Html,
    Feed,
    Warc,
    Text,
    Binary,
}

/// Enough of the start of an input to tell its format and declared charset.
const PREFIX: usize = 8192;

/// Reads the start of an input (undoing gzip and UTF-16 first), and gives back a reader of the whole of it.
/// A UTF-16 input is read whole to be converted, so one larger than `max_doc_bytes` is refused.
fn open_prefix(reader: Box<dyn Read>, max_doc_bytes: u64) -> std::io::Result<(Vec<u8>, Box<dyn Read>)> {
    let (prefix, reader) = peek(reader)?;
    if prefix.starts_with(&[0x1f, 0x8b]) {
        let gz: Box<dyn Read> = Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(reader)));
        return peek(gz);
    }
    if prefix.starts_with(&[0xFF, 0xFE]) || prefix.starts_with(&[0xFE, 0xFF]) {
        // UTF-16 is rare enough to read whole; from here on it is UTF-8 behind a byte-order mark, which every
        // later decoding step honours over any charset the document declares.
        let mut all = Vec::new();
        reader.take(max_doc_bytes.saturating_add(1)).read_to_end(&mut all)?;
        if all.len() as u64 > max_doc_bytes {
            return Err(std::io::Error::other(too_large(max_doc_bytes)));
        }
        let mut utf8 = b"\xEF\xBB\xBF".to_vec();
        utf8.extend(decode(&all, None).into_bytes());
        return peek(Box::new(Cursor::new(utf8)));
    }
    Ok((prefix, reader))
}

/// The first bytes of `reader`, and a reader of all of it. An input that breaks within those bytes (a short
/// gzipped archive cut off) keeps what came before the break, and its reader ends with the error, so that
/// the format's reader still yields the whole records before it and then names the broken one.
fn peek(mut reader: Box<dyn Read>) -> std::io::Result<(Vec<u8>, Box<dyn Read>)> {
    let mut prefix = vec![0; PREFIX];
    let mut filled = 0;
    let mut broken = None;
    while filled < PREFIX {
        match reader.read(&mut prefix[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) if filled == 0 => return Err(e),
            Err(e) => {
                broken = Some(e);
                break;
            }
        }
    }
    prefix.truncate(filled);
    let rest: Box<dyn Read> = match broken {
        Some(e) => Box::new(Failed(Some(e))),
        None => reader,
    };
    Ok((prefix.clone(), Box::new(Cursor::new(prefix).chain(rest))))
}

/// A reader whose next read fails with the error it holds.
struct Failed(Option<std::io::Error>);

impl Read for Failed {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        self.0.take().map_or(Ok(0), Err)
    }
}

fn sniff(prefix: &[u8], path: &Path) -> Format {
    let body = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let start = body.trim_ascii_start();
    if start.starts_with(b"WARC/") {
        return Format::Warc;
    }
    if start.starts_with(b"{") {
        return Format::Jsonl;
    }
    if body.contains(&0) {
        return Format::Binary;
    }
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    if start.starts_with(b"<") {
        let lower = String::from_utf8_lossy(start).to_ascii_lowercase();
        let pos = |tags: &[&str]| tags.iter().filter_map(|t| tag_position(&lower, t)).min();
        return match (pos(&["rss", "feed", "rdf:rdf"]), pos(&["html", "head", "body"])) {
            (Some(f), Some(h)) if f < h => Format::Feed,
            (Some(_), None) => Format::Feed,
            _ => Format::Html,
        };
    }
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml") => Format::Html,
        _ => Format::Text,
    }
}

/// Where `<tag` opens an element named exactly `tag` (so `<feed` does not match `<feedback`).
fn tag_position(lower: &str, tag: &str) -> Option<usize> {
    let needle = format!("<{tag}");
    let mut from = 0;
    while let Some(i) = lower[from..].find(&needle) {
        let at = from + i;
        match lower.as_bytes().get(at + needle.len()) {
            Some(b) if b.is_ascii_alphanumeric() || *b == b'-' || *b == b':' || *b == b'_' => from = at + 1,
            _ => return Some(at),
        }
    }
    None
}

/// The documents in one input, and whether their ids were derived by dyad (and so must be made unique).
fn read_source(location: &str, id: &str, reader: Box<dyn Read>, options: ReadOptions) -> (Docs, bool) {
    let max = options.max_doc_bytes;
    let fail = |e: &dyn ToString| -> (Docs, bool) {
        (Box::new(std::iter::once(Err(ReadError::new(location, e.to_string())))), false)
    };
    let (prefix, reader) = match open_prefix(reader, max) {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    let format = sniff(&prefix, Path::new(location));
    match format {
        Format::Jsonl => return (Box::new(jsonl(BufReader::new(reader), location.to_owned(), max)), false),
        Format::Warc => {
            return (Box::new(warc::WarcReader::new(BufReader::new(reader), location.to_owned(), max)), true);
        }
        Format::Binary => return fail(&"binary data, not text, HTML, a feed, WARC or JSONL"),
        Format::Text | Format::Html | Format::Feed => {}
    }
    // One byte past the cap tells an input over it from one exactly at it, without reading the rest.
    let mut bytes = Vec::new();
    if let Err(e) = reader.take(max.saturating_add(1)).read_to_end(&mut bytes) {
        return fail(&e);
    }
    if bytes.len() as u64 > max {
        return fail(&too_large(max));
    }
    let declared = if format == Format::Text { None } else { decode::declared_charset(&bytes) };
    let content = decode(&bytes, declared.as_deref());
    let with_origin = |doc: Document, origin: String| Document { origin: Some(origin), ..doc };
    let docs: Vec<Result<Document, ReadError>> = match format {
        Format::Text => match text::read_text(&content, id) {
            Some(doc) => vec![Ok(with_origin(doc, location.to_owned()))],
            None => vec![Err(ReadError::new(location, "no article text"))],
        },
        Format::Html if html::nesting_error(&content).is_some() => {
            vec![Err(ReadError::new(location, html::nesting_error(&content).unwrap_or_default()))]
        }
        Format::Html => {
            let article = extract_article(&content);
            if article.text.is_empty() {
                vec![Err(ReadError::new(location, "no article text"))]
            } else {
                let doc = Document {
                    id: id.to_owned(),
                    text: article.text,
                    title: article.title,
                    date: article.date,
                    url: article.url,
                    outlet: article.outlet,
                    ..Default::default()
                };
                vec![Ok(with_origin(doc, location.to_owned()))]
            }
        }
        _ => match feed::read_feed(&content, |n| format!("{id}#item {n}")) {
            Ok(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, doc)| {
                    let origin = format!("{location}#item {}", i + 1);
                    if doc.text.trim().is_empty() {
                        Err(ReadError::new(origin, "no article text"))
                    } else {
                        Ok(with_origin(doc, origin))
                    }
                })
                .collect(),
            Err(message) => vec![Err(ReadError::new(location, message))],
        },
    };
    (Box::new(docs.into_iter()), true)
}

/// Contract JSONL, streamed line by line; errors name `file:line`. A line that is not UTF-8 is decoded as
/// legacy text rather than rejected, since only its string values could hold such bytes. A line longer
/// than `max` bytes is an error, read past without being held.
fn jsonl(
    reader: impl BufRead + 'static,
    location: String,
    max: u64,
) -> impl Iterator<Item = Result<Document, ReadError>> {
    let mut lines = Lines { reader, max, n: 0, done: false };
    std::iter::from_fn(move || lines.next_line()).filter_map(move |(n, line)| {
        let at = format!("{location}:{n}");
        let line = match line {
            Ok(l) => l,
            Err(e) => return Some(Err(ReadError::new(at, e))),
        };
        let line = if n == 1 { line.strip_prefix(b"\xEF\xBB\xBF").map(<[u8]>::to_vec).unwrap_or(line) } else { line };
        let text = decode(&line, None);
        if text.trim().is_empty() {
            return None;
        }
        Some(match dyad_core::contract::parse_input_line(&text) {
            Ok(doc) => Ok(Document { origin: Some(at), ..doc }),
            Err(e) => Err(ReadError::new(at, e)),
        })
    })
}

/// Lines of at most `max` bytes, numbered from 1; a longer one is an error in its place.
struct Lines<R> {
    reader: R,
    max: u64,
    n: usize,
    done: bool,
}

impl<R: BufRead> Lines<R> {
    fn next_line(&mut self) -> Option<(usize, Result<Vec<u8>, String>)> {
        if self.done {
            return None;
        }
        self.n += 1;
        let mut line = Vec::new();
        match (&mut self.reader).take(self.max.saturating_add(1)).read_until(b'\n', &mut line) {
            Ok(0) => {
                self.done = true;
                return None;
            }
            Ok(_) => {}
            Err(e) => {
                self.done = true;
                return Some((self.n, Err(e.to_string())));
            }
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        } else if line.len() as u64 > self.max {
            // Read past the rest of the line in constant memory, so the next line is read as usual.
            if let Err(e) = skip_line(&mut self.reader) {
                self.done = true;
                return Some((self.n, Err(e.to_string())));
            }
            return Some((self.n, Err(too_large(self.max))));
        }
        Some((self.n, Ok(line)))
    }
}

fn skip_line(reader: &mut impl BufRead) -> std::io::Result<()> {
    loop {
        let chunk = reader.fill_buf()?;
        if chunk.is_empty() {
            return Ok(());
        }
        match chunk.iter().position(|&b| b == b'\n') {
            Some(i) => {
                reader.consume(i + 1);
                return Ok(());
            }
            None => {
                let n = chunk.len();
                reader.consume(n);
            }
        }
    }
}

/// A publication date as pages and feeds write them: ISO 8601 (`2024-03-19`, `2024-03-19T10:00:00+03:00`),
/// RFC 2822 (`Tue, 19 Mar 2024 10:00:00 GMT`), `2024/03/19`, `20240319`, `March 19, 2024`, `19 March 2024`.
/// The date is the one written, in the writer's own time zone: that is the day "today" meant to the reader.
pub fn parse_any_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    if let Some(d) = dyad_core::contract::parse_date(s) {
        return Some(d);
    }
    if let Ok(dt) = chrono::DateTime::parse_from_rfc2822(s) {
        return Some(dt.date_naive());
    }
    let head = s.split('T').next().unwrap_or(s);
    ["%Y/%m/%d", "%Y%m%d", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y.%m.%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(head, f).ok())
}

/// Remembers the normalised text of every document seen, so the same article read twice
/// (another feed, a re-crawl, a copy in another folder) is processed once.
#[derive(Default)]
pub struct Dedup {
    seen: std::collections::HashSet<u64>,
    pub skipped: usize,
}

impl Dedup {
    /// True the first time a text is seen; false (and counted) for a duplicate.
    pub fn first_time(&mut self, doc: &Document) -> bool {
        let fresh = self.seen.insert(text_fingerprint(&doc.text));
        if !fresh {
            self.skipped += 1;
        }
        fresh
    }
}

/// A 64-bit fingerprint of a text's words, case-folded, ignoring whitespace and punctuation differences,
/// so that re-wrapped or re-encoded copies of one article collide. FNV-1a: stable across runs and builds,
/// which the store relies on to recognise a document it already holds.
pub fn text_fingerprint(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |b: u8| {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    };
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        for c in word.chars().flat_map(char::to_lowercase) {
            let mut buf = [0; 4];
            c.encode_utf8(&mut buf).bytes().for_each(&mut feed);
        }
        feed(b' ');
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_paths() {
        assert_eq!(id_from_path(Path::new("business/001.txt")), "business/001");
        assert_eq!(id_from_path(Path::new("crawl.warc.gz")), "crawl");
        assert_eq!(id_from_path(Path::new("notes")), "notes");
        assert_eq!(id_from_path(Path::new("a.b/.hidden")), "a.b/.hidden");
        let mut seen = HashSet::new();
        assert_eq!(unique_id(&mut seen, "a".into()), "a");
        assert_eq!(unique_id(&mut seen, "a".into()), "a-2");
        assert_eq!(unique_id(&mut seen, "a".into()), "a-3");
    }

    #[test]
    fn sniffing() {
        let p = Path::new("x.txt");
        assert_eq!(sniff(b"WARC/1.1\r\n", p), Format::Warc);
        assert_eq!(sniff(b"\xEF\xBB\xBF{\"id\":1}", p), Format::Jsonl);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?>\n<rss version=\"2.0\">", p), Format::Feed);
        assert_eq!(sniff(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">", p), Format::Feed);
        assert_eq!(sniff(b"<rdf:RDF>", p), Format::Feed);
        assert_eq!(sniff(b"<!DOCTYPE html><html><body><div id=feedback>", p), Format::Html);
        assert_eq!(sniff(b"<p>Hello</p>", p), Format::Html);
        assert_eq!(sniff(b"Title\n\nBody <b>", p), Format::Text);
        assert_eq!(sniff(b"Body only", Path::new("page.html")), Format::Html);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0", p), Format::Binary);
    }

    #[test]
    fn dates_in_many_spellings() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 19);
        for s in [
            "2024-03-19",
            "2024-03-19T23:30:00-05:00",
            "Tue, 19 Mar 2024 10:00:00 GMT",
            "2024/03/19",
            "20240319",
            "March 19, 2024",
            "19 March 2024",
        ] {
            assert_eq!(parse_any_date(s), d, "{s}");
        }
        assert_eq!(parse_any_date("yesterday"), None);
    }
}
