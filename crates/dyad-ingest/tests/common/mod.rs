//! Builders for test inputs that are awkward to write by hand: WARC records and gzip members.

use std::io::Write;

/// One WARC/1.1 record with the given type, headers and content block.
pub fn warc_record(kind: &str, id: u32, headers: &[(&str, &str)], content: &[u8]) -> Vec<u8> {
    let mut record =
        format!("WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{id:012}>\r\n");
    for (name, value) in headers {
        record.push_str(&format!("{name}: {value}\r\n"));
    }
    record.push_str(&format!("Content-Length: {}\r\n\r\n", content.len()));
    let mut bytes = record.into_bytes();
    bytes.extend_from_slice(content);
    bytes.extend_from_slice(b"\r\n\r\n");
    bytes
}

/// A WARC response record holding an HTTP response for `uri`.
pub fn warc_response(id: u32, uri: &str, date: &str, http_headers: &str, body: &[u8]) -> Vec<u8> {
    let mut http = format!("HTTP/1.1 200 OK\r\n{http_headers}\r\n").into_bytes();
    http.extend_from_slice(body);
    warc_record(
        "response",
        id,
        &[("WARC-Target-URI", uri), ("WARC-Date", date), ("Content-Type", "application/http; msgtype=response")],
        &http,
    )
}

/// One gzip member, as crawlers compress each WARC record. The header carries no time stamp, so the
/// bytes depend on the content alone.
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

/// HTTP/1.1 chunked transfer encoding of `body`, in chunks of `size` bytes.
pub fn chunked(body: &[u8], size: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for chunk in body.chunks(size) {
        out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        out.extend_from_slice(chunk);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"0\r\n\r\n");
    out
}
