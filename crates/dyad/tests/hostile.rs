//! Hostile and huge input through `dyad extract`, as a crawl of the open web delivers it: every run must
//! end normally (no panic, no abort), report what it skipped with its name, process the rest, and stay
//! within the memory bound the README documents. Big inputs are generated here, in a temporary folder.
//!
//! Each test is bounded by the size of its input, not by a clock: no timing thresholds.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// The README's memory bound for the default caps (16 MiB documents, 8 MiB batches), checked against the
/// peak resident memory of every child this test binary has run.
const MEMORY_BOUND_MB: i64 = 2048;

fn dyad(args: &[&str], inputs: &[&Path]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_dyad"))
        .args(args)
        .args(inputs)
        .stdin(Stdio::null())
        .output()
        .expect("dyad runs");
    assert!(out.status.code().is_some(), "dyad was killed by a signal: {:?}", out.status);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "dyad panicked:\n{stderr}");
    assert_within_memory_bound();
    out
}

/// The largest resident set of any child waited for so far.
fn assert_within_memory_bound() {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    assert_eq!(unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) }, 0);
    let peak_mb = usage.ru_maxrss / 1024; // kilobytes on Linux
    assert!(peak_mb < MEMORY_BOUND_MB, "a dyad run peaked at {peak_mb} MB, over the {MEMORY_BOUND_MB} MB bound");
}

fn results(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("output is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

const ARTICLE: &str = "France criticised Germany over the border dispute on Monday, officials said.";

/// Every character offset in a result lies within its document's text (in characters).
fn check_offsets(result: &Value, text: &str) {
    let chars = text.chars().count() as u64;
    fn walk(v: &Value, chars: u64) {
        match v {
            Value::Object(m) => {
                for (k, x) in m {
                    if k == "start" || k == "end" || k.ends_with("_start") || k.ends_with("_end") {
                        if let Some(n) = x.as_u64() {
                            assert!(n <= chars, "offset {n} beyond the text's {chars} characters");
                        }
                    }
                    walk(x, chars);
                }
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, chars)),
            _ => {}
        }
    }
    walk(result, chars);
}

#[test]
fn a_200_mb_document_is_refused_by_name_and_the_rest_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("huge.txt");
    let mut w = BufWriter::new(File::create(&huge).unwrap());
    let line = format!("{ARTICLE}\n");
    for _ in 0..(200 << 20) / line.len() + 1 {
        w.write_all(line.as_bytes()).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    assert!(fs::metadata(&huge).unwrap().len() > 200 << 20);
    let small = dir.path().join("small.txt");
    fs::write(&small, ARTICLE).unwrap();

    let out = dyad(&["extract", "--quiet"], &[&huge, &small]);
    assert_eq!(out.status.code(), Some(3), "skipped input gives exit status 3");
    let err = stderr(&out);
    assert!(
        err.contains("huge.txt") && err.contains("larger than the 16 MiB cap") && err.contains("--max-doc-bytes"),
        "the error names the document and the flag: {err}"
    );
    let docs = results(&out);
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0]["id"], "small");
}

#[test]
fn max_doc_bytes_raises_and_lowers_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    // A 20 MiB page whose article is one paragraph: the rest is a comment, as bloated pages have.
    let page = dir.path().join("page.html");
    let mut html = String::from("<html><head><title>t</title></head><body><!--");
    html.push_str(&"x".repeat(20 << 20));
    html.push_str(&format!("--><article><p>{ARTICLE}</p></article></body></html>"));
    fs::write(&page, html).unwrap();

    let out = dyad(&["extract", "--quiet"], &[&page]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("page.html"), "{}", stderr(&out));
    assert!(results(&out).is_empty());

    let out = dyad(&["extract", "--quiet", "--max-doc-bytes", "32M"], &[&page]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = results(&out);
    assert_eq!(docs.len(), 1);
    assert!(docs[0]["entities"].to_string().contains("France"), "the article is read: {}", docs[0]);

    // JSONL lines are capped one by one: the long one is skipped by its line number, the next is read.
    let jsonl = dir.path().join("docs.jsonl");
    let long = serde_json::json!({"id": "long", "text": format!("{ARTICLE} ").repeat(2000)});
    let short = serde_json::json!({"id": "short", "text": ARTICLE});
    fs::write(&jsonl, format!("{long}\n{short}\n")).unwrap();
    let out = dyad(&["extract", "--quiet", "--max-doc-bytes", "64K"], &[&jsonl]);
    assert_eq!(out.status.code(), Some(3));
    assert!(stderr(&out).contains("docs.jsonl:1"), "{}", stderr(&out));
    let ids: Vec<_> = results(&out).iter().map(|d| d["id"].clone()).collect();
    assert_eq!(ids, ["short"]);

    let bad = Command::new(env!("CARGO_BIN_EXE_dyad")).args(["extract", "--max-doc-bytes", "lots"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2), "a bad byte count is a usage error");
}

#[test]
fn a_million_line_jsonl_file_streams() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("million.jsonl");
    let mut w = BufWriter::new(File::create(&path).unwrap());
    const LINES: usize = 1_000_000;
    const DISTINCT: usize = 500;
    for i in 0..LINES {
        if i % 10_000 == 9_999 {
            writeln!(w, "{{\"id\": \"broken-{i}\", \"text\": ").unwrap(); // malformed, reported by line
        } else {
            // Most lines repeat an article already seen (re-crawls do), which dedup skips before the pipeline.
            let text = format!("{ARTICLE} Report number {}.", i % DISTINCT);
            writeln!(w, "{}", serde_json::json!({"id": format!("d{i}"), "text": text})).unwrap();
        }
    }
    w.flush().unwrap();
    drop(w);

    let out = dyad(&["extract", "--dedup"], &[&path]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("million.jsonl:10000:"), "errors name their line: {err}");
    assert_eq!(err.matches("dyad: skipped").count(), LINES / 10_000);
    assert_eq!(results(&out).len(), DISTINCT);
    let broken = LINES / 10_000;
    assert!(err.contains(&format!("{} duplicates skipped", LINES - broken - DISTINCT)), "{err}");
}

#[test]
fn a_sentence_of_100_000_tokens_is_processed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let words = ["the", "minister", "said", "China", "and", "Russia", "will", "meet", "in", "Paris", "on", "Monday"];
    let text: Vec<&str> = (0..100_000).map(|i| words[(i * 7 + i / 13) % words.len()]).collect();
    fs::write(&path, text.join(" ") + ".").unwrap();
    let out = dyad(&["extract", "--quiet"], &[&path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docs = results(&out);
    assert_eq!(docs.len(), 1);
    check_offsets(&docs[0], &fs::read_to_string(&path).unwrap());
}

#[test]
fn deeply_nested_html_is_read() {
    let dir = tempfile::tempdir().unwrap();
    for depth in [10_000, 100_000] {
        let path = dir.path().join(format!("nested-{depth}.html"));
        let html = format!(
            "<html><body>{}<p>{ARTICLE}</p>{}</body></html>",
            "<div><span>".repeat(depth / 2),
            "</span></div>".repeat(depth / 2)
        );
        fs::write(&path, html).unwrap();
        let out = dyad(&["extract", "--quiet"], &[&path]);
        // However the page's text comes out, the run ends normally with one result or one named error.
        match out.status.code() {
            Some(0) => assert_eq!(results(&out).len(), 1),
            Some(3) => assert!(stderr(&out).contains(&format!("nested-{depth}.html")), "{}", stderr(&out)),
            other => panic!("exit status {other:?}: {}", stderr(&out)),
        }
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

fn warc_response(uri: &str, http: &[u8]) -> Vec<u8> {
    let mut record = format!(
        "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-01T10:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:{uri}>\r\nContent-Type: application/http; msgtype=response\r\n\
         Content-Length: {}\r\n\r\n",
        http.len()
    )
    .into_bytes();
    record.extend_from_slice(http);
    record.extend_from_slice(b"\r\n\r\n");
    record
}

fn page(n: usize) -> Vec<u8> {
    let body = format!("<html><body><article><p>{ARTICLE} Report {n}.</p></article></body></html>");
    format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{body}").into_bytes()
}

#[test]
fn gzip_bombs_inside_a_warc_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    // 1 GiB of zeros as a gzip-encoded HTTP body: about 1 MB on disk.
    let mut bomb_body = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..1024 {
        bomb_body.write_all(&zeros).unwrap();
    }
    let bomb_body = bomb_body.finish().unwrap();
    let mut bomb = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    bomb.extend(bomb_body);

    let mut archive = Vec::new();
    archive.extend(gzip(&warc_response("https://news.example/1", &page(1))));
    archive.extend(gzip(&warc_response("https://news.example/bomb", &bomb)));
    archive.extend(gzip(&warc_response("https://news.example/3", &page(3))));
    let path = dir.path().join("crawl.warc.gz");
    fs::write(&path, archive).unwrap();

    let out = dyad(&["extract", "--quiet"], &[&path]);
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(err.contains("crawl.warc.gz#record 2") && err.contains("decompresses to more than"), "{err}");
    let urls: Vec<_> = results(&out).iter().map(|d| d["id"].as_str().unwrap().to_owned()).collect();
    assert_eq!(urls, ["https://news.example/1", "https://news.example/3"]);

    // The archive's own gzip as the bomb: a record of 1 GiB of zeros, read past in constant memory.
    let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    member
        .write_all(
            format!(
                "WARC/1.1\r\nWARC-Type: resource\r\nContent-Type: application/octet-stream\r\n\
                 Content-Length: {}\r\n\r\n",
                1u64 << 30
            )
            .as_bytes(),
        )
        .unwrap();
    for _ in 0..1024 {
        member.write_all(&zeros).unwrap();
    }
    member.write_all(b"\r\n\r\n").unwrap();
    let mut archive = gzip(&warc_response("https://news.example/1", &page(1)));
    archive.extend(member.finish().unwrap());
    archive.extend(gzip(&warc_response("https://news.example/3", &page(3))));
    fs::write(&path, archive).unwrap();
    let out = dyad(&["extract", "--quiet"], &[&path]);
    assert_eq!(out.status.code(), Some(0), "a record of zeros holds no page, so is passed over: {}", stderr(&out));
    assert_eq!(results(&out).len(), 2);
}

#[test]
fn binary_nul_right_to_left_and_zero_width_input() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Pseudo-random bytes (a fixed generator, so a failure reproduces), with and without NUL bytes.
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let mut noise = |n: usize, nul: bool| -> Vec<u8> {
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let b = (x >> 24) as u8;
                if nul || b != 0 {
                    b
                } else {
                    1
                }
            })
            .collect()
    };
    fs::write(d.join("random.bin"), noise(1 << 20, true)).unwrap();
    fs::write(d.join("noise.txt"), noise(200_000, false)).unwrap();
    fs::write(d.join("image.png"), [b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice(), &noise(4096, true)].concat()).unwrap();
    fs::write(d.join("nul.txt"), format!("France\0 criticised\0\0 Germany.\0\n{ARTICLE}")).unwrap();
    let hostile = [
        // right-to-left override and embedding, Arabic and Hebrew, zero-width space, joiner and non-joiner,
        // a byte-order mark mid-text, combining marks, a lone surrogate's replacement, emoji with joiners
        "\u{202E}France criticised Germany\u{202C} on Monday. السلام عليكم. שלום.",
        "Fr\u{200B}ance crit\u{200D}icised Ger\u{200C}many \u{FEFF}on Monday.",
        "Franc\u{0301}e\u{0327} criticised G\u{0308}\u{0308}\u{0308}ermany \u{FFFD} on Monday 👨\u{200D}👩\u{200D}👧.",
        "\u{2066}\u{2067}\u{2068}\u{2069}\u{200E}\u{200F}\u{061C}",
    ];
    let texts: std::collections::HashMap<String, String> = hostile
        .iter()
        .enumerate()
        .map(|(i, t)| (format!("h{i}"), t.to_string()))
        .chain([
            ("good".to_owned(), ARTICLE.to_owned()),
            ("nul".to_owned(), "France\0criticised\0 Germany.".to_owned()),
        ])
        .collect();
    let lines: Vec<String> = hostile
        .iter()
        .enumerate()
        .map(|(i, t)| serde_json::json!({"id": format!("h{i}"), "text": t}).to_string())
        .chain([
            serde_json::json!({"id": "nul", "text": "France\u{0}criticised\u{0} Germany."}).to_string(),
            "{\"id\": \"bad-escape\", \"text\": \"\\ud800 lone surrogate\"}".to_owned(),
            "{\"id\": 7, \"text\": 8}".to_owned(),
            "[]".to_owned(),
            "{".repeat(100_000),
        ])
        .collect();
    fs::write(d.join("hostile.jsonl"), lines.join("\n")).unwrap();
    fs::write(d.join("good.txt"), ARTICLE).unwrap();

    let out = dyad(&["extract", "--quiet"], &[d]);
    assert!(matches!(out.status.code(), Some(3)), "{}", stderr(&out));
    let err = stderr(&out);
    for named in ["random.bin", "image.png", "hostile.jsonl:7", "hostile.jsonl:9"] {
        assert!(err.contains(named), "{named} is reported: {err}");
    }
    let docs = results(&out);
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    for id in ["good", "nul", "h0", "h1", "h2"] {
        assert!(ids.contains(&id), "{id} is processed: {ids:?}");
    }
    for doc in &docs {
        if let Some(text) = texts.get(doc["id"].as_str().unwrap()) {
            check_offsets(doc, text);
        }
    }
}
