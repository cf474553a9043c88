//! The example inputs in the repository's `examples/` folder: every one reads, and the WARC archive
//! there is exactly what `example_warc` builds (run with `DYAD_WRITE_EXAMPLES=1` to rebuild it).

mod common;

use std::io::Read;
use std::path::PathBuf;

use common::{chunked, gzip, warc_record, warc_response};

fn examples_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

const VIETNAM: &str = "<!DOCTYPE html>
<html><head><title>Vietnam protests seizure of fishing boat - Saigon Evening Post</title>
<meta property=\"og:site_name\" content=\"Saigon Evening Post\"></head>
<body>
<div id=\"menu\"><a href=\"/\">Home</a> | <a href=\"/politics\">Politics</a> | <a href=\"/economy\">Economy</a></div>
<div id=\"content\">
<h1>Vietnam protests seizure of fishing boat</h1>
<p>Vietnam\u{2019}s foreign ministry on Friday protested against the seizure of a Vietnamese fishing boat by the Chinese coast guard near the Paracel Islands, and demanded the release of its nine crew members.</p>
<p>A ministry spokeswoman said Hanoi had handed a diplomatic note to the Chinese embassy. \u{201c}Vietnam resolutely opposes this act, which violates our sovereignty,\u{201d} she told a news conference.</p>
<p>China\u{2019}s foreign ministry said the boat had been fishing illegally in Chinese waters and that the crew would be dealt with according to law.</p>
</div>
<div id=\"footer\">Copyright Saigon Evening Post. Contact us. Advertise with us.</div>
</body></html>
";

const NIGERIA: &str = "<!DOCTYPE html>
<html><head><meta charset=\"utf-8\">
<title>Nigeria and Niger agree to reopen border to trade</title>
<meta property=\"article:published_time\" content=\"2025-08-12T17:00:00+01:00\">
<meta property=\"og:site_name\" content=\"Sahel Tribune\">
<meta property=\"og:url\" content=\"https://sahel-tribune.example/2025/08/12/nigeria-niger-border\">
</head><body>
<nav><a href=\"/\">Front page</a> <a href=\"/region\">Region</a></nav>
<article>
<h1>Nigeria and Niger agree to reopen border to trade</h1>
<p>Nigeria and Niger agreed on Tuesday to reopen their border to trade, two years after it was closed following the military takeover in Niamey, officials from both countries said.</p>
<p>Nigeria\u{2019}s foreign minister said the two neighbours would set up joint patrols against armed groups and smugglers. Niger\u{2019}s military government, which left the ECOWAS regional bloc this year, said it welcomed \u{201c}a return to good neighbourliness\u{201d}.</p>
<p>Traders in Maradi said they expected food prices to fall once the crossings reopen next month.</p>
</article>
<aside class=\"related\"><a href=\"/x\">Niger expels French ambassador</a></aside>
</body></html>
";

/// The example archive: a warcinfo record, a request, an article served chunked in windows-1252, a
/// redirect, and a gzip-encoded article; one gzip member per record.
fn example_warc() -> Vec<u8> {
    let (vietnam, _, _) = encoding_rs::WINDOWS_1252.encode(VIETNAM);
    let nigeria = gzip(NIGERIA.as_bytes());
    let vietnam_uri = "https://saigon-evening-post.example/politics/fishing-boat-protest";
    let records = [
        warc_record(
            "warcinfo",
            1,
            &[("WARC-Date", "2025-08-15T06:12:09Z"), ("Content-Type", "application/warc-fields")],
            b"software: dyad example builder\r\nformat: WARC File Format 1.1\r\n",
        ),
        warc_record(
            "request",
            2,
            &[
                ("WARC-Target-URI", vietnam_uri),
                ("WARC-Date", "2025-08-15T06:12:09Z"),
                ("Content-Type", "application/http; msgtype=request"),
            ],
            b"GET /politics/fishing-boat-protest HTTP/1.1\r\nHost: saigon-evening-post.example\r\n\r\n",
        ),
        warc_response(
            3,
            vietnam_uri,
            "2025-08-15T06:12:10Z",
            "Content-Type: text/html; charset=windows-1252\r\nTransfer-Encoding: chunked\r\n",
            &chunked(&vietnam, 700),
        ),
        warc_record(
            "response",
            4,
            &[
                ("WARC-Target-URI", "http://sahel-tribune.example/nigeria-niger-border"),
                ("WARC-Date", "2025-08-15T06:12:11Z"),
                ("Content-Type", "application/http; msgtype=response"),
            ],
            b"HTTP/1.1 301 Moved Permanently\r\nLocation: https://sahel-tribune.example/2025/08/12/nigeria-niger-border\r\n\r\n",
        ),
        warc_response(
            5,
            "https://sahel-tribune.example/2025/08/12/nigeria-niger-border",
            "2025-08-15T06:12:12Z",
            "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
            &nigeria,
        ),
    ];
    records.iter().flat_map(|r| gzip(r)).collect()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out).unwrap();
    out
}

#[test]
fn example_warc_is_reproducible() {
    let path = examples_dir().join("crawl.warc.gz");
    let built = example_warc();
    if std::env::var_os("DYAD_WRITE_EXAMPLES").is_some() {
        std::fs::write(&path, &built).unwrap();
    }
    let committed = std::fs::read(&path).expect("examples/crawl.warc.gz exists");
    // Compared decompressed: a newer compressor may pack the same records into other bytes.
    assert_eq!(gunzip(&committed), gunzip(&built), "examples/crawl.warc.gz is stale: rerun with DYAD_WRITE_EXAMPLES=1");
}

#[test]
fn every_example_reads() {
    let dir = examples_dir();
    let items: Vec<_> = dyad_ingest::read_inputs(std::slice::from_ref(&dir)).collect();
    let docs: Vec<_> = items.iter().map(|r| r.as_ref().expect("every example reads")).collect();
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "tag:atlas-wire.example,2025:turkey-iraq-water",
            "https://saigon-evening-post.example/politics/fishing-boat-protest",
            "https://sahel-tribune.example/2025/08/12/nigeria-niger-border",
            "kenya-somalia-border",
            "lithuania-belarus-balloons",
            "wire-2025-0114-brazil",
            "world-desk-2025-05-22-0412",
            "world-desk-2025-05-25-0107",
        ]
    );
    for doc in &docs {
        assert!(doc.title.is_some(), "{} has a title", doc.id);
        assert!(doc.text.split_whitespace().count() > 40, "{} has its article text", doc.id);
        assert!(!doc.text.contains('\u{fffd}'), "{} decoded cleanly", doc.id);
    }
    let date = |i: usize| docs[i].date.map(|d| d.to_string());
    assert_eq!(date(0).as_deref(), Some("2025-06-11"));
    // No date on the page: the crawl date stands in.
    assert_eq!(date(1).as_deref(), Some("2025-08-15"));
    assert_eq!(date(2).as_deref(), Some("2025-08-12"));
    assert_eq!(date(3), None);
    assert_eq!(date(4).as_deref(), Some("2025-10-27"));
    assert_eq!(date(6).as_deref(), Some("2025-05-22"));
    assert!(docs[1].text.contains("\u{201c}Vietnam resolutely opposes"), "windows-1252 page decoded");
    assert!(!docs[1].text.contains("Home") && !docs[1].text.contains("Copyright"));
    assert_eq!(docs[2].outlet.as_deref(), Some("Sahel Tribune"));
    assert_eq!(docs[4].outlet.as_deref(), Some("The Baltic Ledger"));
    assert!(docs[4].text.starts_with("Lithuania's foreign ministry summoned"));
    assert!(!docs[4].text.contains("Most read") && !docs[4].text.contains("Advertisement"));
    assert_eq!(dyad_ingest::count_hint(&[dir]), None, "feeds and archives hold an unknown number of documents");
}
