//! WARC archives (1.0 and 1.1): one document per HTML response, read record by record so that archives of
//! any size stream. Gzip (one member per record, as crawlers write it) is undone by the caller.

use std::io::{BufRead, Read};

use chrono::NaiveDate;
use dyad_core::Document;

use crate::ReadError;

/// Streams the documents of a WARC archive. Records that are not HTML responses (requests, metadata,
/// redirects, images) are passed over silently; an HTML page without article text is an error for that
/// record; a truncated or corrupt record is an error that ends the archive, after everything before it.
pub struct WarcReader<R> {
    reader: R,
    file: String,
    record: usize,
    done: bool,
    max_doc_bytes: u64,
}

impl<R: BufRead> WarcReader<R> {
    /// Reads the archive `reader`, named `file` in errors. A page larger than `max_doc_bytes` (as stored,
    /// or once decompressed) is an error for its record; the records after it are read.
    pub fn new(reader: R, file: String, max_doc_bytes: u64) -> Self {
        WarcReader { reader, file, record: 0, done: false, max_doc_bytes }
    }

    fn error(&self, message: impl Into<String>) -> ReadError {
        ReadError { location: format!("{}#record {}", self.file, self.record), message: message.into() }
    }

    /// The next record's headers and content; `None` at a clean end of the archive.
    /// Content over the cap comes back as [`Content::TooLarge`], read past but not kept.
    fn read_record(&mut self) -> Result<Option<Record>, String> {
        let version = loop {
            let line = read_line(&mut self.reader).inspect_err(|_| self.record += 1)?;
            match line {
                None => return Ok(None),
                Some(line) if line.trim().is_empty() => continue,
                Some(line) => break line,
            }
        };
        self.record += 1;
        if !version.starts_with("WARC/") {
            return Err(format!("expected a WARC record header, found {:?}", truncate(&version, 40)));
        }
        let mut headers = Headers::default();
        loop {
            match read_line(&mut self.reader)? {
                None => return Err("truncated record: the archive ends inside the record headers".into()),
                Some(line) if line.is_empty() => break,
                Some(_) if headers.0.len() == MAX_HEADERS => {
                    return Err(format!("corrupt record: more than {MAX_HEADERS} header lines"));
                }
                Some(line) => headers.push(&line),
            }
        }
        let length: u64 = headers
            .get("content-length")
            .and_then(|l| l.trim().parse().ok())
            .ok_or("record without a valid Content-Length")?;
        // Records over the cap (videos, archives, or a page too large to process) are read past without
        // holding more than their start, which tells whether they hold a page.
        let keep = length <= self.max_doc_bytes;
        let mut content = Vec::new();
        let head = if keep { length } else { length.min(RECORD_HEAD) };
        let mut got = (&mut self.reader).take(head).read_to_end(&mut content).map(|n| n as u64);
        if !keep {
            got = got.and_then(|n| {
                std::io::copy(&mut (&mut self.reader).take(length - n), &mut std::io::sink()).map(|m| n + m)
            });
        }
        let got = got.map_err(|e| format!("truncated or corrupt record: {e}"))?;
        if got < length {
            return Err(format!("truncated record: {got} of {length} content bytes"));
        }
        Ok(Some((headers, if keep { Content::Whole(content) } else { Content::TooLarge(content) })))
    }
}

/// A record's headers and its content.
type Record = (Headers, Content);

enum Content {
    Whole(Vec<u8>),
    /// Over the cap: only the first bytes, enough to tell a web page from other media.
    TooLarge(Vec<u8>),
}

/// How much of a record over the cap is looked at, to tell whether it is a page: the HTTP headers.
const RECORD_HEAD: u64 = 16 << 10;
/// Longest WARC or HTTP header line read; a longer one means the input is not a WARC archive.
const MAX_LINE: u64 = 64 << 10;
/// Most header fields one record may have, so that garbage cannot grow a record's headers without end.
const MAX_HEADERS: usize = 1000;

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Document, ReadError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.read_record() {
                Ok(None) => self.done = true,
                Ok(Some((headers, Content::TooLarge(head)))) => {
                    if holds_page(&headers, &head) {
                        return Some(Err(self.error(crate::too_large(self.max_doc_bytes))));
                    }
                }
                Ok(Some((headers, Content::Whole(content)))) => {
                    match record_document(&headers, &content, self.max_doc_bytes) {
                        Ok(Some(doc)) => {
                            return Some(Ok(Document { origin: Some(self.error("").location), ..doc }));
                        }
                        Ok(None) => {}
                        Err(message) => return Some(Err(self.error(message))),
                    }
                }
                Err(message) => {
                    self.done = true;
                    return Some(Err(self.error(message)));
                }
            }
        }
        None
    }
}

/// Header fields with lowercased names, in order.
#[derive(Default)]
struct Headers(Vec<(String, String)>);

impl Headers {
    fn push(&mut self, line: &str) {
        if let Some((name, value)) = line.split_once(':') {
            self.0.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A line without its line ending; `None` at end of input. A line longer than [`MAX_LINE`] is corrupt.
fn read_line(reader: &mut impl BufRead) -> Result<Option<String>, String> {
    let mut buf = Vec::new();
    let n = reader
        .take(MAX_LINE + 1)
        .read_until(b'\n', &mut buf)
        .map_err(|e| format!("truncated or corrupt record: {e}"))?;
    if n == 0 {
        return Ok(None);
    }
    if buf.len() as u64 > MAX_LINE && buf.last() != Some(&b'\n') {
        return Err(format!("corrupt record: a header line longer than {MAX_LINE} bytes"));
    }
    while buf.last().is_some_and(|&b| b == b'\n' || b == b'\r') {
        buf.pop();
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

fn truncate(s: &str, max: usize) -> &str {
    s.char_indices().nth(max).map_or(s, |(i, _)| &s[..i])
}

/// Whether a record over the cap, of which `head` is the start, holds a web page (whose loss is an error
/// to report) rather than other media (passed over silently like any other).
fn holds_page(warc: &Headers, head: &[u8]) -> bool {
    let kind = warc.get("warc-type").unwrap_or("").to_ascii_lowercase();
    let content_type = warc.get("content-type").unwrap_or("").to_ascii_lowercase();
    match kind.as_str() {
        "response" if content_type.starts_with("application/http") => {
            let Ok((code, headers, body)) = http_head(head) else { return false };
            (200..300).contains(&code) && is_html(headers.get("content-type").unwrap_or(""), body)
        }
        "response" | "resource" => is_html(&content_type, head),
        _ => false,
    }
}

/// A page is HTML by its media type, or by its first character when it has none.
fn is_html(media_type: &str, body: &[u8]) -> bool {
    if media_type.is_empty() {
        body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
    } else {
        media_type.to_ascii_lowercase().contains("html")
    }
}

/// The document in one record, `None` for records that hold no web page.
fn record_document(warc: &Headers, content: &[u8], max_doc_bytes: u64) -> Result<Option<Document>, String> {
    let kind = warc.get("warc-type").unwrap_or("").to_ascii_lowercase();
    let content_type = warc.get("content-type").unwrap_or("").to_ascii_lowercase();
    let (body, media_type) = match kind.as_str() {
        "response" if content_type.starts_with("application/http") => match http_payload(content, max_doc_bytes)? {
            Some(payload) => payload,
            None => return Ok(None),
        },
        "response" | "resource" => (content.to_vec(), content_type),
        _ => return Ok(None),
    };
    if !is_html(&media_type, &body) {
        return Ok(None);
    }
    let declared = crate::decode::charset_param(&media_type).or_else(|| crate::decode::declared_charset(&body));
    let page = crate::decode::decode(&body, declared.as_deref());
    if let Some(e) = crate::html::nesting_error(&page) {
        return Err(e);
    }
    let article = crate::html::extract_article(&page);
    if article.text.is_empty() {
        return Err("no article text".into());
    }
    let target = warc.get("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_owned()).filter(|u| !u.is_empty());
    let id = target.clone().or_else(|| warc.get("warc-record-id").map(|i| i.trim_matches(['<', '>']).to_owned()));
    Ok(Some(Document {
        id: id.unwrap_or_default(),
        text: article.text,
        title: article.title,
        // The page's own publication date; the crawl date only when the page gives none.
        date: article
            .date
            .or_else(|| warc.get("warc-date").and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())),
        outlet: article.outlet.or_else(|| target.as_deref().and_then(host)),
        url: article.url.or(target),
        ..Default::default()
    }))
}

/// An HTTP response's status code, headers and what follows them.
fn http_head(message: &[u8]) -> Result<(u16, Headers, &[u8]), String> {
    let mut reader = message;
    let status = read_line(&mut reader)?.unwrap_or_default();
    let code: u16 = status.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let mut headers = Headers::default();
    while let Some(line) = read_line(&mut reader)? {
        if line.is_empty() {
            break;
        }
        if headers.0.len() == MAX_HEADERS {
            return Err(format!("corrupt HTTP response: more than {MAX_HEADERS} header lines"));
        }
        headers.push(&line);
    }
    Ok((code, headers, reader))
}

/// The body and media type of an HTTP response, with chunking and compression undone; `None` unless
/// the response succeeded (redirects and error pages are not articles). A body that decompresses to
/// more than `max` bytes (a compression bomb) is an error.
fn http_payload(message: &[u8], max: u64) -> Result<Option<(Vec<u8>, String)>, String> {
    let (code, headers, rest) = http_head(message)?;
    if !(200..300).contains(&code) {
        return Ok(None);
    }
    let mut body = rest.to_vec();
    if headers.get("transfer-encoding").is_some_and(|t| t.to_ascii_lowercase().contains("chunked")) {
        body = dechunk(&body);
    }
    match headers.get("content-encoding").map(|e| e.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "identity") => {}
        Some("gzip" | "x-gzip") => body = inflate(flate2::read::MultiGzDecoder::new(&body[..]), max)?,
        Some("deflate") => body = inflate(flate2::read::ZlibDecoder::new(&body[..]), max)?,
        Some(other) => return Err(format!("unsupported content encoding {other:?}")),
    }
    Ok(Some((body, headers.get("content-type").unwrap_or("").to_ascii_lowercase())))
}

fn inflate(decoder: impl Read, max: u64) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    decoder
        .take(max.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot decompress the page: {e}"))?;
    if out.len() as u64 > max {
        return Err(format!("the page decompresses to more than its cap: {}", crate::too_large(max)));
    }
    Ok(out)
}

/// Undoes HTTP/1.1 chunked transfer encoding, keeping what there is of a damaged last chunk.
fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.iter().position(|&b| b == b'\n') {
        let size_field = String::from_utf8_lossy(&data[..eol]);
        let size_hex = size_field.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_hex, 16) else { break };
        data = &data[eol + 1..];
        if size == 0 {
            break;
        }
        let take = size.min(data.len());
        out.extend_from_slice(&data[..take]);
        data = &data[take..];
        data = data.strip_prefix(b"\r\n").or_else(|| data.strip_prefix(b"\n")).unwrap_or(data);
    }
    out
}

/// "https://www.example.org/a/b" → "example.org".
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?.split(':').next()?;
    Some(host.trim_start_matches("www.").to_ascii_lowercase()).filter(|h| !h.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunked_bodies() {
        assert_eq!(dechunk(b"5\r\nHello\r\n7;ext=1\r\n, world\r\n0\r\n\r\n"), b"Hello, world");
        assert_eq!(dechunk(b"a\r\nabc"), b"abc");
    }

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.news.example:8080/x?y").as_deref(), Some("news.example"));
        assert_eq!(host("not a url"), None);
    }

    #[test]
    fn http_status_and_encoding() {
        let redirect = b"HTTP/1.1 301 Moved\r\nLocation: /x\r\n\r\n";
        assert!(http_payload(redirect, 1 << 20).unwrap().is_none());
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        std::io::Write::write_all(&mut gz, b"<p>hi</p>").unwrap();
        let mut msg =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        msg.extend(gz.finish().unwrap());
        let (body, media) = http_payload(&msg, 1 << 20).unwrap().unwrap();
        assert_eq!(body, b"<p>hi</p>");
        assert_eq!(media, "text/html; charset=utf-8");
        // Nine bytes of page fit a cap of nine, not one of eight: a compression bomb is refused.
        assert!(http_payload(&msg, 9).unwrap().is_some());
        assert!(http_payload(&msg, 8).unwrap_err().contains("decompresses to more than"));
    }
}
