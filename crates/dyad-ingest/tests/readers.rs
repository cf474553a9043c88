//! Every reader through the public entry point, on inputs built here: formats told from content,
//! legacy encodings, broken inputs that must yield errors naming their place, and folder walks.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{chunked, gzip, warc_record, warc_response};
use dyad_core::Document;
use dyad_ingest::{count_hint, read_inputs, Dedup, ReadError};

fn read(inputs: &[&Path]) -> Vec<Result<Document, ReadError>> {
    let inputs: Vec<PathBuf> = inputs.iter().map(|p| p.to_path_buf()).collect();
    read_inputs(&inputs).collect()
}

fn only_doc(items: Vec<Result<Document, ReadError>>) -> Document {
    assert_eq!(items.len(), 1, "{items:?}");
    items.into_iter().next().unwrap().expect("document reads")
}

const PAGE: &str = "<html><head><title>x</title></head><body><article>\
    <p>Egypt's foreign minister met his Israeli counterpart in Cairo on Sunday, the ministry said.</p>\
    <p>Both sides agreed to keep the Rafah crossing open for aid convoys.</p></article></body></html>";

#[test]
fn gzipped_warc_with_truncated_last_record() {
    let dir = tempfile::tempdir().unwrap();
    let page = |n: u32| PAGE.replace("Sunday", &format!("day {n}"));
    let mut bytes = Vec::new();
    bytes.extend(gzip(&warc_record("warcinfo", 1, &[], b"software: test\r\n")));
    for n in 2..=3 {
        let uri = format!("https://news.example/{n}");
        bytes.extend(gzip(&warc_response(
            n,
            &uri,
            "2025-03-01T10:00:00Z",
            "Content-Type: text/html\r\n",
            page(n).as_bytes(),
        )));
    }
    let last = gzip(&warc_response(
        4,
        "https://news.example/4",
        "2025-03-01T10:00:00Z",
        "Content-Type: text/html\r\n",
        page(4).as_bytes(),
    ));
    bytes.extend(&last[..last.len() / 2]);
    let path = dir.path().join("crawl.warc.gz");
    fs::write(&path, &bytes).unwrap();

    let items = read(&[&path]);
    assert_eq!(items.len(), 3, "{items:?}");
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.id, "https://news.example/2");
    assert_eq!(first.url.as_deref(), Some("https://news.example/2"));
    assert_eq!(first.outlet.as_deref(), Some("news.example"));
    assert_eq!(first.date.unwrap().to_string(), "2025-03-01");
    assert!(first.text.contains("day 2"));
    assert_eq!(items[1].as_ref().unwrap().id, "https://news.example/3");
    let err = items[2].as_ref().unwrap_err();
    assert_eq!(err.location, format!("{}#record 4", path.display()));
    assert!(err.message.contains("truncated"), "{err}");
}

#[test]
fn plain_warc_truncated_inside_content_and_page_without_text() {
    let dir = tempfile::tempdir().unwrap();
    let chunked_page = chunked(PAGE.as_bytes(), 50);
    let headers = "Content-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n";
    let mut bytes = warc_response(1, "https://a.example/", "2025-01-02T00:00:00Z", headers, &chunked_page);
    let empty = "<html><body><nav><a href='/'>Home</a></nav></body></html>";
    bytes.extend(warc_response(
        2,
        "https://a.example/empty",
        "2025-01-02T00:00:00Z",
        "Content-Type: text/html\r\n",
        empty.as_bytes(),
    ));
    bytes.extend(warc_response(
        3,
        "https://a.example/img",
        "2025-01-02T00:00:00Z",
        "Content-Type: image/png\r\n",
        b"\x89PNG",
    ));
    let cut = warc_response(
        4,
        "https://a.example/cut",
        "2025-01-02T00:00:00Z",
        "Content-Type: text/html\r\n",
        PAGE.as_bytes(),
    );
    bytes.extend(&cut[..cut.len() - 40]);
    let path = dir.path().join("pages.warc");
    fs::write(&path, &bytes).unwrap();

    let items = read(&[&path]);
    assert_eq!(items.len(), 3, "{items:?}");
    assert!(items[0].as_ref().unwrap().text.ends_with("open for aid convoys."));
    let no_text = items[1].as_ref().unwrap_err();
    assert_eq!(no_text.location, format!("{}#record 2", path.display()));
    assert_eq!(no_text.message, "no article text");
    let cut = items[2].as_ref().unwrap_err();
    assert_eq!(cut.location, format!("{}#record 4", path.display()));
    assert!(cut.message.contains("truncated"), "{cut}");
}

#[test]
fn windows_1252_text_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sanctions.txt");
    let text = "EU widens sanctions on Belarus\r\n\r\nThe EU \u{93}strongly condemned\u{94} the move, fining firms \u{a3}2m and \u{80}3m.\r\n";
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    fs::write(&path, bytes).unwrap();
    let doc = only_doc(read(&[&path]));
    assert_eq!(doc.id, "sanctions");
    assert_eq!(doc.title.as_deref(), Some("EU widens sanctions on Belarus"));
    assert_eq!(doc.text, "The EU \u{201c}strongly condemned\u{201d} the move, fining firms £2m and €3m.");
}

#[test]
fn invalid_utf8_and_utf16_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.txt");
    let mut bytes = b"Talks stall\n\nIran said \xff\xfe\xc3 the talks \xe2\x80 had stalled.".to_vec();
    bytes.extend((0u8..=255).filter(|b| *b != 0));
    fs::write(&broken, &bytes).unwrap();
    let doc = only_doc(read(&[&broken]));
    assert!(doc.text.starts_with("Iran said"));

    let html = dir.path().join("broken.html");
    let mut page = PAGE.as_bytes().to_vec();
    page.splice(60..60, *b"\xc3\x28\xa0\xa1");
    fs::write(&html, &page).unwrap();
    assert!(read(&[&html])[0].is_ok());

    let utf16 = dir.path().join("utf16.txt");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend("Kyiv talks\n\nUkraine and Moldova signed a transit deal.".encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(&utf16, bytes).unwrap();
    assert_eq!(only_doc(read(&[&utf16])).text, "Ukraine and Moldova signed a transit deal.");

    let binary = dir.path().join("photo.jpg");
    fs::write(&binary, b"\xff\xd8\xff\xe0\0\x10JFIF\0").unwrap();
    let items = read(&[&binary]);
    assert!(items[0].as_ref().unwrap_err().message.contains("binary"));
}

#[test]
fn rss_and_atom_feeds_even_when_misnamed() {
    let dir = tempfile::tempdir().unwrap();
    let rss = dir.path().join("feed.txt");
    fs::write(
        &rss,
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<rss version=\"2.0\"><channel><title>Desk</title>\
         <item><title>Gen\u{e8}ve</title><guid>g1</guid><pubDate>Mon, 03 Mar 2025 08:00:00 GMT</pubDate>\
         <description>&lt;p&gt;Talks in Gen\u{e8}ve ended.&lt;/p&gt;</description></item>\
         <item><title>Empty</title><link>https://desk.example/2</link><description></description></item>\
         </channel></rss>"
            .chars()
            .map(|c| c as u32 as u8)
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    let items = read(&[&rss]);
    assert_eq!(items.len(), 2);
    let doc = items[0].as_ref().unwrap();
    assert_eq!((doc.id.as_str(), doc.text.as_str()), ("g1", "Talks in Genève ended."));
    assert_eq!(doc.title.as_deref(), Some("Genève"));
    assert_eq!(doc.date.unwrap().to_string(), "2025-03-03");
    assert_eq!(doc.outlet.as_deref(), Some("Desk"));
    let err = items[1].as_ref().unwrap_err();
    assert_eq!(
        (err.location.as_str(), err.message.as_str()),
        (format!("{}#item 2", rss.display()).as_str(), "no article text")
    );

    let atom = dir.path().join("news.html");
    fs::write(
        &atom,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Wire</title><id>w</id><updated>2025-01-01T00:00:00Z</updated>\
         <entry><title>Seoul</title><id>urn:e1</id><updated>2025-01-02T05:00:00Z</updated>\
         <summary>South Korea and Japan held talks.</summary></entry></feed>",
    )
    .unwrap();
    let doc = only_doc(read(&[&atom]));
    assert_eq!(doc.id, "urn:e1");
    assert_eq!(doc.text, "South Korea and Japan held talks.");
    assert_eq!(doc.date.unwrap().to_string(), "2025-01-02");
}

#[test]
fn html_page_with_json_ld_date() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.txt");
    let page = PAGE.replace(
        "<title>x</title>",
        "<meta charset=\"windows-1252\"><title>x</title><script type=\"application/ld+json\">\
         [{\"@type\":\"BreadcrumbList\"},{\"@type\":[\"NewsArticle\"],\"headline\":\"Cairo talks\",\
         \"datePublished\":\"2024-12-08T21:00:00-05:00\",\"publisher\":{\"name\":\"Nile Post\"},\"url\":\"https://nile.example/a\"}]</script>",
    );
    let mut bytes = page.into_bytes();
    bytes.extend(b"<p>Caf\xe9 owners in Cairo said so.</p>");
    fs::write(&path, bytes).unwrap();
    let doc = only_doc(read(&[&path]));
    assert_eq!(doc.title.as_deref(), Some("Cairo talks"));
    assert_eq!(doc.date.unwrap().to_string(), "2024-12-08");
    assert_eq!(doc.outlet.as_deref(), Some("Nile Post"));
    assert_eq!(doc.url.as_deref(), Some("https://nile.example/a"));
    assert!(doc.text.starts_with("Egypt's foreign minister met"));

    let empty = dir.path().join("empty.html");
    fs::write(&empty, "<html><body><nav>Home</nav></body></html>").unwrap();
    let err = read(&[&empty]).remove(0).unwrap_err();
    assert_eq!(err.to_string(), format!("{}: no article text", empty.display()));
}

#[test]
fn jsonl_with_a_malformed_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.dat");
    fs::write(&path, "{\"id\":\"a\",\"text\":\"One.\"}\nnot json\n\n{\"id\":\"b\",\"text\":\"Two.\",\"date\":\"2024-03-19\"}\n{\"id\":\"c\"}\n")
        .unwrap();
    let items = read(&[&path]);
    assert_eq!(items.len(), 4);
    assert_eq!(items[0].as_ref().unwrap().id, "a");
    assert_eq!(items[1].as_ref().unwrap_err().location, format!("{}:2", path.display()));
    let b = items[2].as_ref().unwrap();
    assert_eq!((b.id.as_str(), b.origin.clone()), ("b", Some(format!("{}:4", path.display()))));
    assert_eq!(items[3].as_ref().unwrap_err().location, format!("{}:5", path.display()));
    assert_eq!(count_hint(&[path]), Some(4));
}

#[test]
fn folders_recursively_sorted_without_hidden_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (path, content) in [
        ("politics/002.txt", "Second\n\nThe second article."),
        ("politics/001.txt", "First\n\nThe first article."),
        ("business/deep/001.txt", "Deep\n\nA deeper article."),
        ("business/001.txt", "Copy\n\nThe first article."),
        ("business/001.html", PAGE),
        ("politics/.draft.txt", "Hidden\n\nNever read."),
        (".cache/x.txt", "Hidden\n\nNever read either."),
    ] {
        fs::create_dir_all(root.join(path).parent().unwrap()).unwrap();
        fs::write(root.join(path), content).unwrap();
    }
    let docs: Vec<Document> = read(&[root]).into_iter().map(Result::unwrap).collect();
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["business/001", "business/001-2", "business/deep/001", "politics/001", "politics/002"]);
    assert_eq!(count_hint(&[root.to_path_buf()]), Some(5));

    let mut dedup = Dedup::default();
    let fresh = docs.iter().filter(|d| dedup.first_time(d)).count();
    assert_eq!((fresh, dedup.skipped), (4, 1), "the copy of politics/001 is a duplicate");

    let missing = root.join("nope.txt");
    let items = read(&[&missing, &root.join("politics/001.txt")]);
    assert_eq!(items[0].as_ref().unwrap_err().location, missing.display().to_string());
    assert_eq!(items[1].as_ref().unwrap().id, "001");
}

#[test]
fn bbc_corpus() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/corpus/bbc/news");
    if !corpus.is_dir() {
        eprintln!("\n\n*** SKIPPED bbc_corpus: {} is absent ***\n", corpus.display());
        return;
    }
    let mut dedup = Dedup::default();
    let mut docs = 0;
    for item in read_inputs(std::slice::from_ref(&corpus)) {
        let doc = item.expect("every BBC file reads");
        assert!(doc.title.is_some(), "{} has a title line", doc.id);
        assert!(!doc.text.contains('\u{fffd}'), "{} decodes cleanly", doc.id);
        docs += 1;
        dedup.first_time(&doc);
    }
    assert_eq!(docs, 2095);
    assert_eq!(count_hint(&[corpus]), Some(2095));
    assert!(dedup.skipped > 0, "the corpus holds exact duplicates");
    eprintln!("bbc: {docs} documents, {} duplicates", dedup.skipped);
}
