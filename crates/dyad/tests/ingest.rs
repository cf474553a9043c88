//! `dyad ingest` as a user runs it: a kill -9 half way through leaves a store that a re-run completes to
//! exactly what an uninterrupted run stores, and ingesting the same input again adds nothing.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use dyad_store::{ExportFormat, ExportTable, Store};

const DOCS: usize = 1500;
const BATCH: &str = "20";

/// Generated news: distinct texts (they differ in their numbers), dated over several months, with
/// actors and verbs that an event coder can code, so events and their aggregation are stored too.
fn write_corpus(path: &Path) {
    let cities = ["London", "Washington", "Paris", "Moscow", "Beijing"];
    let mut lines = String::new();
    for i in 0..DOCS {
        let day = chrono::NaiveDate::from_ymd_opt(2005, 1, 1).unwrap() + chrono::Days::new((i % 150) as u64);
        let text = format!(
            "British Prime Minister Tony Blair met US President George Bush in {} on Monday. Blair praised Bush \
             for sending {} envoys. Russia accused the United States of interference, officials said in report {}.",
            cities[i % cities.len()],
            i + 2,
            i * 7 + 1,
        );
        let outlet = ["BBC", "Reuters", "AP"][i % 3];
        let doc =
            serde_json::json!({"id": format!("gen-{i}"), "text": text, "date": day.to_string(), "source": outlet});
        lines.push_str(&doc.to_string());
        lines.push('\n');
    }
    std::fs::write(path, lines).unwrap();
}

fn ingest(input: &Path, db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dyad"));
    cmd.args(["ingest", "--quiet", "--batch", BATCH, "--db"]).arg(db);
    cmd.stdin(Stdio::from(File::open(input).unwrap())).stdout(Stdio::null()).stderr(Stdio::inherit());
    cmd
}

fn run_to_end(input: &Path, db: &Path) {
    let status = ingest(input, db).status().unwrap();
    assert!(status.success(), "dyad ingest failed: {status}");
}

fn documents_in(db: &Path) -> i64 {
    if !db.exists() {
        return 0;
    }
    Store::open(db).and_then(|s| s.counts()).map(|c| c.documents).unwrap_or(0)
}

/// Everything a store holds that does not depend on when it was written.
fn contents(db: &Path) -> (dyad_store::Counts, Vec<serde_json::Value>) {
    let store = Store::open(db).unwrap();
    let mut out = Vec::new();
    store.export_table(ExportFormat::Jsonl, ExportTable::Events, &mut out).unwrap();
    let events = String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v.as_object_mut().unwrap().remove("added");
            for m in v["mentions"].as_array_mut().unwrap() {
                let m = m.as_object_mut().unwrap();
                m.remove("event_added");
                m.remove("mention_added");
            }
            v
        })
        .collect();
    (store.counts().unwrap(), events)
}

#[test]
fn a_killed_ingest_is_completed_by_a_rerun_without_duplicates() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("docs.jsonl");
    write_corpus(&input);

    let full: PathBuf = dir.path().join("full.db");
    run_to_end(&input, &full);
    let expected = contents(&full);
    assert_eq!(expected.0.documents, DOCS as i64);

    let part = dir.path().join("part.db");
    let mut child = ingest(&input, &part).spawn().unwrap();
    let started = Instant::now();
    // Kill as soon as the first batches are committed.
    while documents_in(&part) == 0 {
        assert!(child.try_wait().unwrap().is_none(), "ingest ended before a batch was seen committed");
        assert!(started.elapsed() < Duration::from_secs(300), "no batch committed in 5 minutes");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    let at_kill = documents_in(&part);
    assert!(at_kill > 0 && at_kill < DOCS as i64, "the kill must land half way, it landed at {at_kill} of {DOCS}");
    let counts = Store::open(&part).unwrap().counts().unwrap();
    assert_eq!(counts.documents % BATCH.parse::<i64>().unwrap(), 0, "only whole batches are ever stored");

    run_to_end(&input, &part);
    assert_eq!(contents(&part), expected);

    // Ingesting the same input once more adds nothing.
    run_to_end(&input, &part);
    assert_eq!(contents(&part), expected);
}
